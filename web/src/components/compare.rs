//! The A/B comparison's key figures: every figure of `lifecycle::insight::figures` for A and B, with
//! the difference `insight::compare` finds highlighted and its Δ (B − A).

use crate::i18n::{Lang, Msg};
use crate::state::{AppAction, Pinned, Run};
use crate::{figure_label, figure_value};
use lifecycle::insight::{compare, FigureValue};
use std::rc::Rc;
use yew::prelude::*;

/// Comparison properties.
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The pinned document.
    pub a: Rc<Pinned>,
    /// The current run (B).
    pub b: Rc<Run>,
    /// The app's dispatcher.
    pub dispatch: Callback<AppAction>,
    /// The page language.
    pub lang: Lang,
}

/// The comparison bar (swap, discard) and the figures table A | B | Δ.
#[function_component(CompareView)]
pub fn compare_view(props: &CompareProps) -> Html {
    let lang = props.lang;
    let send = |a: AppAction| {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let table = match &props.a.run {
        None => html! { <p class="compare-note">{lang.t(Msg::CompareNoRun)}</p> },
        Some(a) => {
            let rows = rows(lang, &a.key, &props.b.key);
            let same = rows.iter().all(|r| !r.differs);
            html! {
                <>
                <table class="compare-table">
                    <thead><tr>
                        <th scope="col">{lang.t(Msg::CompareFigure)}</th><th scope="col">{"A"}</th>
                        <th scope="col">{"B"}</th><th scope="col">{lang.t(Msg::CompareDelta)}</th>
                    </tr></thead>
                    <tbody>
                    { for rows.into_iter().map(|r| html! {
                        <tr key={r.name.clone()} data-figure={r.name.clone()} class={classes!(r.differs.then_some("diff"))}>
                            <th scope="row">{r.label}</th><td>{r.a}</td><td>{r.b}</td><td class="delta">{r.delta}</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
                if same {
                    <p class="compare-note">{lang.t(Msg::CompareSame)}</p>
                }
                </>
            }
        }
    };
    html! {
        <section class="compare" aria-label={lang.t(Msg::CompareLabel)}>
            <div class="compare-bar">
                <b>{lang.t(Msg::CompareLabel)}</b>
                <span class="spacer" />
                <button type="button" class="btn compare-swap" onclick={send(AppAction::CompareSwap)} title={lang.t(Msg::CompareSwapTitle)}>{lang.t(Msg::CompareSwap)}</button>
                <button type="button" class="btn compare-close" onclick={send(AppAction::CompareClose)}>{lang.t(Msg::CompareClose)}</button>
            </div>
            {table}
        </section>
    }
}

/// One row of the table.
#[derive(Debug, PartialEq)]
pub struct Row {
    /// The figure's stable name.
    pub name: String,
    /// Its label in the page language.
    pub label: String,
    /// A's value (empty: A has no such figure).
    pub a: String,
    /// B's value.
    pub b: String,
    /// B − A, signed (empty when equal or not a number).
    pub delta: String,
    /// Whether `insight::compare` reports it.
    pub differs: bool,
}

/// Every figure of A (then those only B has), with what `insight::compare` says differs.
pub fn rows(lang: Lang, a: &lifecycle::insight::Figures, b: &lifecycle::insight::Figures) -> Vec<Row> {
    let diffs = compare(a, b);
    let (va, vb) = (a.values(), b.values());
    let mut names: Vec<&String> = va.iter().map(|(n, _)| n).collect();
    names.extend(vb.iter().map(|(n, _)| n).filter(|n| !va.iter().any(|(m, _)| m == *n)));
    let text = |v: &[(String, FigureValue)], name: &str| {
        v.iter().find(|(n, _)| n == name).map(|(_, x)| figure_value(lang, x)).unwrap_or_default()
    };
    names
        .into_iter()
        .map(|name| {
            let diff = diffs.iter().find(|d| &d.figure == name);
            let count = matches!(vb.iter().find(|(n, _)| n == name), Some((_, FigureValue::Count(_))));
            let delta = diff.and_then(|d| d.delta).map_or_else(String::new, |d| signed(d, count));
            Row {
                name: name.clone(),
                label: figure_label(lang, name),
                a: text(&va, name),
                b: text(&vb, name),
                delta,
                differs: diff.is_some(),
            }
        })
        .collect()
}

/// `+2`, `−1`, `+20s`, `−1m30s`.
fn signed(d: i64, count: bool) -> String {
    let sign = if d < 0 { "−" } else { "+" };
    let n = d.abs();
    let body = if count { n.to_string() } else { lifecycle::view::offset_label(n) };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_mark_what_differs_with_a_signed_delta() {
        let a = lifecycle::insight::Figures {
            horizon_ms: 600_000,
            ready_ms: Some(3_300),
            restarts: vec![("app".into(), 2)],
            phase: "Running".into(),
            status: "Running".into(),
            ..Default::default()
        };
        let b = lifecycle::insight::Figures {
            ready_ms: Some(23_300),
            restarts: vec![("app".into(), 1), ("side".into(), 0)],
            ..a.clone()
        };
        let rows = rows(Lang::En, &a, &b);
        let get = |n: &str| rows.iter().find(|r| r.name == n).expect(n);
        let ready = get("ready");
        assert_eq!(
            (ready.a.as_str(), ready.b.as_str(), ready.delta.as_str(), ready.differs),
            ("3.3s", "23.3s", "+20s", true)
        );
        assert_eq!((get("restarts").delta.as_str(), get("restarts").differs), ("−1", true));
        let side = get("restarts[side]");
        assert_eq!(
            (side.label.as_str(), side.a.as_str(), side.b.as_str(), side.differs),
            ("restarts of side", "", "0", true)
        );
        assert!(!get("phase").differs);
        assert_eq!(get("scheduled").a, "never");
        assert_eq!(rows.last().map(|r| r.name.as_str()), Some("restarts[side]"));
    }
}
