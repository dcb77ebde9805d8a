//! Init-container progress at the playhead: `Init:N/M` and one step per init container (sidecars
//! marked), then the app containers waiting behind them. Data from `lifecycle::view::init`.

use crate::i18n::{Lang, Msg};
use crate::state::Run;
use lifecycle::view::init::{InitProgress, Step};
use lifecycle::view::offset_label;
use std::rc::Rc;
use yew::prelude::*;

/// Init view properties.
#[derive(Properties, PartialEq)]
pub struct InitProps {
    /// The run.
    pub run: Rc<Run>,
    /// Playhead.
    pub t_ms: i64,
    /// The page language.
    pub lang: Lang,
}

/// A muted Chinese gloss beside a Kubernetes state (nothing in English).
pub fn gloss(lang: Lang, label: &str) -> Html {
    match lang.gloss_label(label) {
        Some(g) => html! { <small class="gloss" lang="zh-CN">{g}</small> },
        None => html! {},
    }
}

/// A step's state: Kubernetes words as they are, podlife's own words ("not created") translated.
fn state_text(lang: Lang, state: &str) -> String {
    match state {
        "not created" => lang.t(Msg::NotCreated).to_string(),
        "Running (not started)" => lang.t(Msg::RunningNotStarted).to_string(),
        _ => state.to_string(),
    }
}

fn step(lang: Lang, s: &Step, app: bool) -> Html {
    let detail = {
        let mut parts = Vec::new();
        if s.attempts > 1 {
            parts.push(lang.f(Msg::Attempts, &[&s.attempts.to_string()]));
        }
        if !s.exit_codes.is_empty() && (s.exit_codes.len() > 1 || s.exit_codes[0] != 0) {
            let codes: Vec<String> = s.exit_codes.iter().map(i64::to_string).collect();
            parts.push(lang.f(Msg::ExitCodes, &[&codes.join(", ")]));
        }
        if let Some(d) = s.duration_ms {
            parts.push(offset_label(d));
        }
        parts.join(" · ")
    };
    html! {
        <li class={classes!("step", s.class, s.done.then_some("done"), app.then_some("app"))} key={s.name.clone()}>
            <span class="step-dot" aria-hidden="true" />
            <span class="step-name">{&s.name}</span>
            if s.sidecar { <span class="badge">{lang.t(Msg::SidecarBadge)}</span> }
            <span class="step-state">{state_text(lang, &s.state)}</span>
            { gloss(lang, &s.state) }
            <span class="step-detail">{detail}</span>
        </li>
    }
}

/// The step view (nothing when the pod has no init containers).
#[function_component(InitView)]
pub fn init_view(props: &InitProps) -> Html {
    let lang = props.lang;
    let Some(p) = InitProgress::at(props.run.trace(), props.t_ms) else { return html! {} };
    html! {
        <section class="init-progress" aria-label={lang.t(Msg::InitLabel)}>
            <h2 class="panel-title">
                <span class="init-label">{&p.label}</span>
                { gloss(lang, &p.label) }
                <span class="init-count">{lang.f(Msg::InitCount, &[&p.done.to_string(), &p.total.to_string()])}</span>
            </h2>
            <ol class="steps">
                { for p.steps.iter().map(|s| step(lang, s, false)) }
                { for p.apps.iter().map(|s| step(lang, s, true)) }
            </ol>
        </section>
    }
}
