//! The podlife playground: a Yew app that calls the core and draws what it returns.
//! No domain logic lives here (see the README's design rules): the Kubernetes knowledge — timeline
//! lanes, init progress, kubectl texts, appending actions — is in `lifecycle::view`.

pub mod components;
pub mod examples;
pub mod hooks;
pub mod i18n;
pub mod persist;
pub mod playback;
pub mod share;
pub mod state;

use components::{
    actions::ActionsBar, compare::CompareView, controls::Controls, editor::Editor, export::ExportMenu,
    gallery::Gallery, help::Help, init::InitView, panels::Panels, timeline::TimelineView,
    version::VersionSelect,
};
use i18n::{Lang, Msg, Notice};
use state::{AppAction, AppState};
use std::rc::Rc;
use yew::prelude::*;

/// Properties of the root component; `start` fills them from the link or the saved text.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The document shown first.
    #[prop_or_else(|| AttrValue::Static(examples::DEFAULT.text))]
    pub initial_text: AttrValue,
    /// Seed from a share link.
    #[prop_or_default]
    pub seed: Option<u64>,
    /// Playhead from a share link, ms.
    #[prop_or_default]
    pub t_ms: i64,
    /// A notice to show first (e.g. the link was damaged).
    #[prop_or_default]
    pub notice: Option<Notice>,
    /// The language to start in; `None`: the saved choice, else the browser's.
    #[prop_or_default]
    pub lang: Option<Lang>,
    /// Save the text to localStorage and follow the URL (off in tests).
    #[prop_or(true)]
    pub persist: bool,
}

/// The whole page.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = {
        let props = props.clone();
        use_reducer(move || {
            let mut s = AppState::new(&props.initial_text, props.seed, props.t_ms);
            s.notice = props.notice;
            s
        })
    };
    let lang_state = hooks::use_lang(props.lang);
    let lang = lang_state.lang;
    let dispatch = {
        let d = state.dispatcher();
        Callback::from(move |a: AppAction| d.dispatch(a))
    };
    hooks::use_debounced_run(state.generation, state.dispatcher());
    hooks::use_playback_timer(state.playback.playing, state.playback.speed, state.dispatcher());
    hooks::use_shortcuts(state.dispatcher());
    persist::use_autosave(state.text.clone(), props.persist);
    let theme = hooks::use_theme();
    let help_open = use_state(|| false);
    hooks::use_help_key(help_open.clone());

    let on_edit = {
        let d = dispatch.clone();
        Callback::from(move |text: String| d.emit(AppAction::Edit(text)))
    };
    let t_ms = state.playback.t_ms;
    let why_lines = Rc::new(
        state
            .selected_event
            .and_then(|i| state.run.as_ref()?.why(i).map(|(_, lines)| lines.clone()))
            .unwrap_or_default(),
    );
    let run = state.run.clone();
    let notes = std::rc::Rc::new(run.as_ref().map(|r| r.trace().notes.clone()).unwrap_or_default());
    let figures = run.as_ref().map(|r| key_figures(lang, &r.key)).unwrap_or_default();
    let figures_tip = run.as_ref().map(|r| figures_tooltip(lang, &r.key)).unwrap_or_default();
    let status = match (&run, state.stale) {
        (_, _) if state.ran_generation != state.generation => {
            html! { <p class="status status-busy">{"…"}</p> }
        }
        (Some(r), false) => html! {
            <p class="status status-ok">{lang.f(Msg::StatusOk, &[&r.trace().pod, &lifecycle::view::offset_label(r.trace().horizon_ms)])}</p>
        },
        _ => {
            let n = state.diagnostics.iter().filter(|d| d.severity == lifecycle::Severity::Error).count();
            let problems = if n == 1 {
                lang.t(Msg::StatusProblem1).to_string()
            } else {
                lang.f(Msg::StatusProblems, &[&n.to_string()])
            };
            let stale = if state.stale { lang.t(Msg::StatusStale) } else { "" };
            html! { <p class="status status-error">{problems}{stale}</p> }
        }
    };
    let share = {
        let state = state.clone();
        Callback::from(move |_| {
            let seed = state.seed_override;
            persist::share_link(&state.text, seed, state.playback.t_ms, lang, state.dispatcher());
        })
    };
    let toggle_help = {
        let help_open = help_open.clone();
        Callback::from(move |_| help_open.set(!*help_open))
    };
    // A/B: one zoom window for both timelines, so they keep the same scale.
    let ab_window = use_state(|| None as components::timeline::Window);
    let compare = state.compare.clone();
    let axis_end = state.compare_horizon();
    let toggle_compare = {
        let d = dispatch.clone();
        let on = compare.is_some();
        Callback::from(move |_| d.emit(if on { AppAction::CompareClose } else { AppAction::ComparePin }))
    };
    // A's events select nothing in B's trace: clicking one only moves the shared playhead to it.
    let a_dispatch = {
        let d = dispatch.clone();
        let a_run = compare.as_ref().and_then(|p| p.run.clone());
        Callback::from(move |a: AppAction| match a {
            AppAction::SelectEvent(i) => {
                if let Some(t) = a_run.as_ref().and_then(|r| r.trace().events.get(i)).map(|e| e.t.ms()) {
                    d.emit(AppAction::Playback(playback::PlaybackAction::Seek(t)));
                }
            }
            other => d.emit(other),
        })
    };
    let close_notice = {
        let d = dispatch.clone();
        Callback::from(move |_| d.emit(AppAction::Notice(None)))
    };

    html! {
        <div class="page">
            <header class="topbar">
                <h1 class="brand">{"podlife"}</h1>
                <span class="tagline">{lang.t(Msg::Tagline)}</span>
                <span class="version" title={lang.t(Msg::VersionTitle)}>{concat!("v", env!("CARGO_PKG_VERSION"))}</span>
                <ul class="figures" aria-label={lang.t(Msg::FiguresLabel)} title={figures_tip}>
                    { for figures.iter().map(|(class, f)| html! { <li key={*class} class={*class}>{f}</li> }) }
                </ul>
                <span class="spacer" />
                <VersionSelect lang={lang} text={state.text.clone()} version={run.as_ref().map_or(lifecycle::phase::KubeVersion::DEFAULT, |r| r.version)} dispatch={dispatch.clone()} />
                if let Some(r) = &run {
                    <ExportMenu lang={lang} run={r.clone()} t_ms={t_ms} />
                }
                <Gallery lang={lang} text={state.text.clone()} dispatch={dispatch.clone()} />
                <button type="button" class={classes!("btn", "compare-toggle", compare.is_some().then_some("on"))} onclick={toggle_compare}
                    aria-pressed={compare.is_some().to_string()} title={lang.t(Msg::CompareTitle)}>{lang.t(Msg::CompareButton)}</button>
                <button type="button" class="btn share" onclick={share} title={lang.t(Msg::ShareTitle)}>{lang.t(Msg::ShareButton)}</button>
                <button type="button" class="btn lang-toggle" onclick={lang_state.toggle} lang={lang.other().html_lang()}
                    aria-label={lang.t(Msg::LangLabel)} title={lang.t(Msg::LangTitle)}>{lang.t(Msg::LangButton)}</button>
                <button type="button" class="btn icon theme-toggle" onclick={theme.toggle} aria-label={lang.t(Msg::ThemeLabel)} title={lang.t(Msg::ThemeTitle)}>{ if theme.dark { "☀" } else { "☾" } }</button>
                <button type="button" class="btn icon help-open" onclick={toggle_help.clone()} aria-label={lang.t(Msg::HelpLabel)} title={lang.t(Msg::HelpTitle)}>{"?"}</button>
            </header>
            if let Some(n) = state.notice {
                <div class="notice" role="status">
                    <span>{lang.notice(n)}</span>
                    <button type="button" class="btn icon" onclick={close_notice} aria-label={lang.t(Msg::Dismiss)}>{"×"}</button>
                </div>
            }
            <main class="workspace">
                <Editor lang={lang} text={state.text.clone()} diagnostics={state.diagnostics.clone()} notes={notes} on_edit={on_edit} why_lines={why_lines} />
                <section class="side-pane" aria-label={lang.t(Msg::SimulationLabel)}>
                    {status}
                    if let Some(run) = run {
                        <Controls lang={lang} playback={state.playback.clone()} dispatch={dispatch.clone()} />
                        if let Some(a) = &compare {
                            <CompareView lang={lang} a={a.clone()} b={run.clone()} dispatch={dispatch.clone()} />
                            if let Some(ar) = &a.run {
                                <TimelineView lang={lang} run={ar.clone()} t_ms={t_ms} selected={None::<usize>} playing={state.playback.playing}
                                    dispatch={a_dispatch} axis_end_ms={axis_end} window={ab_window.clone()} caption={AttrValue::from(lang.t(Msg::CompareA))} />
                            }
                            <TimelineView lang={lang} run={run.clone()} t_ms={t_ms} selected={state.selected_event} playing={state.playback.playing}
                                dispatch={dispatch.clone()} axis_end_ms={axis_end} window={ab_window.clone()} caption={AttrValue::from(lang.t(Msg::CompareB))} />
                        } else {
                            <TimelineView lang={lang} run={run.clone()} t_ms={t_ms} selected={state.selected_event} playing={state.playback.playing} dispatch={dispatch.clone()} />
                        }
                        <InitView lang={lang} run={run.clone()} t_ms={t_ms} />
                        <ActionsBar lang={lang} run={run.clone()} text={state.text.clone()} t_ms={t_ms} dispatch={dispatch.clone()} />
                        <Panels lang={lang} run={run} t_ms={t_ms} />
                    }
                </section>
            </main>
            if *help_open {
                <Help lang={lang} on_close={toggle_help} />
            }
        </div>
    }
}

/// Below this, time to PodScheduled or Initialized is not worth a chip.
const NOTICEABLE_MS: i64 = 1_000;

/// One chip of the header's key figures: a class (for colour and tests) and its text.
pub type Chip = (&'static str, String);

/// The header's key figures in `lang`: time to PodScheduled, Initialized and first Ready, total
/// not-Ready time, restarts, when the crash back-off reached its cap, the end and the deletion — each
/// only when it applies, and failed probes. Numbers come from `lifecycle::insight::figures`;
/// Kubernetes words stay, glossed in Chinese.
pub fn key_figures(lang: Lang, k: &lifecycle::insight::Figures) -> Vec<Chip> {
    use lifecycle::view::{offset_label, secs};
    let mut out = Vec::new();
    // Scheduling and init take milliseconds in most pods: those chips appear only when they took a
    // noticeable time (or never happened); the tooltip lists every figure.
    match k.scheduled_ms {
        None => out.push(("never-scheduled", lang.t(Msg::NeverScheduled).to_string())),
        Some(t) if t >= NOTICEABLE_MS => out.push(("scheduled", lang.f(Msg::ScheduledAt, &[&secs(t)]))),
        Some(_) => {}
    }
    match (k.scheduled_ms, k.initialized_ms) {
        (Some(s), Some(t)) if t - s >= NOTICEABLE_MS => {
            out.push(("initialized", lang.f(Msg::InitializedAt, &[&secs(t)])));
        }
        (Some(_), None) => out.push(("never-initialized", lang.t(Msg::NeverInitialized).to_string())),
        _ => {}
    }
    out.push(match k.ready_ms {
        Some(t) => ("ready", lang.f(Msg::ReadyAt, &[&secs(t)])),
        None => ("never-ready", lang.t(Msg::NeverReady).to_string()),
    });
    // Not-Ready time beyond the wait for the first Ready: the pod went unready again.
    if k.ready_ms.is_some_and(|r| k.not_ready_ms > r) {
        out.push(("not-ready", lang.f(Msg::NotReadyFor, &[&offset_label(k.not_ready_ms)])));
    }
    out.push(match k.restarts_total() {
        1 => ("restarts", lang.t(Msg::Restart1).to_string()),
        n => ("restarts", lang.f(Msg::Restarts, &[&n.to_string()])),
    });
    if let Some(t) = k.backoff_cap_ms {
        out.push(("backoff-cap", lang.f(Msg::BackoffCapAt, &[&secs(t)])));
    }
    if let Some(t) = k.ended_ms {
        out.push(("ended", lang.f(Msg::EndedAt, &[&lang.with_gloss(&k.phase), &secs(t)])));
    }
    if let Some(t) = k.deleted_ms {
        out.push(("deleted", lang.f(Msg::DeletedAt, &[&secs(t)])));
    }
    if k.probe_failures > 0 {
        out.push(("probe-failures", lang.f(Msg::ProbeFailures, &[&k.probe_failures.to_string()])));
    }
    out
}

/// A key figure's name (`lifecycle::insight::Figures::values`) in `lang`.
pub fn figure_label(lang: Lang, name: &str) -> String {
    let msg = match name {
        "horizon" => Msg::FigHorizon,
        "scheduled" => Msg::FigScheduled,
        "initialized" => Msg::FigInitialized,
        "ready" => Msg::FigReady,
        "not-ready" => Msg::FigNotReady,
        "restarts" => Msg::FigRestarts,
        "backoff-cap" => Msg::FigBackoffCap,
        "phase" => Msg::FigPhase,
        "status" => Msg::FigStatus,
        "ended" => Msg::FigEnded,
        "deleted" => Msg::FigDeleted,
        other => {
            let container = other.strip_prefix("restarts[").and_then(|r| r.strip_suffix(']'));
            return container.map_or_else(|| other.to_string(), |c| lang.f(Msg::FigRestartsOf, &[c]));
        }
    };
    lang.t(msg).to_string()
}

/// A key figure's value in `lang`: moments and durations as the page writes times, a Kubernetes word
/// glossed in Chinese.
pub fn figure_value(lang: Lang, v: &lifecycle::insight::FigureValue) -> String {
    use lifecycle::insight::FigureValue;
    match v {
        FigureValue::Time(Some(t)) => lifecycle::view::secs(*t),
        FigureValue::Time(None) => lang.t(Msg::FigNever).to_string(),
        FigureValue::Duration(d) => lifecycle::view::offset_label(*d),
        FigureValue::Count(n) => n.to_string(),
        FigureValue::Text(s) => lang.with_gloss(s),
    }
}

/// Every key figure as `label: value` lines (the chips' tooltip).
pub fn figures_tooltip(lang: Lang, k: &lifecycle::insight::Figures) -> String {
    let lines: Vec<String> = k
        .values()
        .iter()
        .map(|(name, v)| format!("{}: {}", figure_label(lang, name), figure_value(lang, v)))
        .collect();
    lines.join("\n")
}

/// Mounts the app on the page's `#app` element (replacing the loading notice): the document comes from
/// the share link in the URL fragment, else the saved text, else the default example.
pub fn start() {
    persist::install_panic_banner();
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"))
    else {
        return;
    };
    root.set_inner_html("");
    let boot = persist::boot();
    let props = AppProps {
        initial_text: AttrValue::from(boot.text),
        seed: boot.seed,
        t_ms: boot.t_ms,
        notice: boot.notice,
        lang: boot.lang,
        persist: true,
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRASH: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: crash\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"exit 1\"]\n";

    #[test]
    fn key_figures_read_in_english_and_gloss_in_chinese() {
        let s = state::AppState::new(CRASH, None, 0);
        let r = s.run.as_ref().expect("a run");
        let en: Vec<String> = key_figures(Lang::En, &r.key).into_iter().map(|(_, t)| t).collect();
        let k = &r.key;
        let cap = k.backoff_cap_ms.expect("a 10-minute crash loop reaches the cap");
        assert_eq!(
            en,
            vec![
                "never Ready".to_string(),
                format!("{} restarts", k.restarts_total()),
                format!("back-off cap at {}", lifecycle::view::secs(cap)),
            ]
        );
        let zh = key_figures(Lang::Zh, &r.key);
        assert_eq!(zh[0].1, "从未 Ready（就绪）");
        // A pod whose init container runs 2 s gets its Initialized chip; no node fits: never Scheduled.
        let init = state::AppState::new(&CRASH.replace("  containers:", "  initContainers:\n  - name: setup\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 2\"]\n  containers:"), None, 0);
        let i = init.run.as_ref().expect("a run");
        let chips = key_figures(Lang::En, &i.key);
        assert_eq!(
            chips[0],
            (
                "initialized",
                format!("Initialized at {}", lifecycle::view::secs(i.key.initialized_ms.unwrap_or(-1)))
            )
        );
        assert!(i.key.initialized_ms.unwrap_or(0) >= 2_000);
        let huge = state::AppState::new(
            &CRASH.replace(
                "    command:",
                "    resources:\n      requests:\n        cpu: \"500\"\n    command:",
            ),
            None,
            0,
        );
        let h = huge.run.as_ref().expect("a run");
        let chips = key_figures(Lang::En, &h.key);
        assert_eq!(chips[0], ("never-scheduled", "never Scheduled".to_string()), "{chips:?}");
        let tip = figures_tooltip(Lang::En, &r.key);
        assert!(tip.starts_with("simulated to: 10m\nPodScheduled: "), "{tip}");
        assert!(tip.contains("\nrestarts of app: "), "{tip}");
        assert!(
            tip.contains("\nphase: Running\nSTATUS: CrashLoopBackOff\nSucceeded or Failed: never\n"),
            "{tip}"
        );
        let zh_tip = figures_tooltip(Lang::Zh, &r.key);
        assert!(zh_tip.contains("STATUS（状态）: CrashLoopBackOff（崩溃循环退避）"), "{zh_tip}");
    }
}
