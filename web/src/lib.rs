//! The podlife playground: a Yew app that calls the core and draws what it returns.
//! No domain logic lives here (see the README's design rules): the Kubernetes knowledge — timeline
//! lanes, init progress, kubectl texts, appending actions — is in `lifecycle::view`.

pub mod components;
pub mod examples;
pub mod hooks;
pub mod persist;
pub mod playback;
pub mod share;
pub mod state;

use components::{
    actions::ActionsBar, controls::Controls, editor::Editor, gallery::Gallery, help::Help, init::InitView,
    panels::Panels, timeline::TimelineView,
};
use state::{AppAction, AppState};
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
    pub notice: Option<AttrValue>,
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
            s.notice = props.notice.clone();
            s
        })
    };
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
    let run = state.run.clone();
    let figures = run.as_ref().map(|r| r.figures.phrases()).unwrap_or_default();
    let status = match (&run, state.stale) {
        (_, _) if state.ran_generation != state.generation => {
            html! { <p class="status status-busy">{"…"}</p> }
        }
        (Some(r), false) => html! {
            <p class="status status-ok">{format!("pod \"{}\" simulated to {}", r.trace.pod, lifecycle::view::offset_label(r.trace.horizon_ms))}</p>
        },
        _ => {
            let n = state.diagnostics.iter().filter(|d| d.severity == lifecycle::Severity::Error).count();
            html! { <p class="status status-error">{format!("{n} problem{} — see the list under the editor{}", if n == 1 { "" } else { "s" }, if state.stale { "; showing the last valid run" } else { "" })}</p> }
        }
    };
    let share = {
        let state = state.clone();
        Callback::from(move |_| {
            let seed = state.seed_override;
            persist::share_link(&state.text, seed, state.playback.t_ms, state.dispatcher());
        })
    };
    let toggle_help = {
        let help_open = help_open.clone();
        Callback::from(move |_| help_open.set(!*help_open))
    };
    let close_notice = {
        let d = dispatch.clone();
        Callback::from(move |_| d.emit(AppAction::Notice(None)))
    };

    html! {
        <div class="page">
            <header class="topbar">
                <h1 class="brand">{"podlife"}</h1>
                <span class="tagline">{"Pod Lifecycle Playground"}</span>
                <span class="version" title="podlife version">{concat!("v", env!("CARGO_PKG_VERSION"))}</span>
                <ul class="figures" aria-label="Key figures">
                    { for figures.iter().map(|f| html! { <li key={f.clone()}>{f}</li> }) }
                </ul>
                <span class="spacer" />
                <Gallery text={state.text.clone()} dispatch={dispatch.clone()} />
                <button type="button" class="btn share" onclick={share} title="Copy a link that carries the whole document, the seed and the playhead">{"Share"}</button>
                <button type="button" class="btn icon" onclick={theme.toggle} aria-label="Toggle dark theme" title="Toggle dark/light theme">{ if theme.dark { "☀" } else { "☾" } }</button>
                <button type="button" class="btn icon" onclick={toggle_help.clone()} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">{"?"}</button>
            </header>
            if let Some(n) = &state.notice {
                <div class="notice" role="status">
                    <span>{n.clone()}</span>
                    <button type="button" class="btn icon" onclick={close_notice} aria-label="Dismiss">{"×"}</button>
                </div>
            }
            <main class="workspace">
                <Editor text={state.text.clone()} diagnostics={state.diagnostics.clone()} on_edit={on_edit} />
                <section class="side-pane" aria-label="Simulation">
                    {status}
                    if let Some(run) = run {
                        <Controls playback={state.playback.clone()} dispatch={dispatch.clone()} />
                        <TimelineView run={run.clone()} t_ms={t_ms} selected={state.selected_event} playing={state.playback.playing} dispatch={dispatch.clone()} />
                        <InitView run={run.clone()} t_ms={t_ms} />
                        <ActionsBar run={run.clone()} text={state.text.clone()} t_ms={t_ms} dispatch={dispatch.clone()} />
                        <Panels run={run} t_ms={t_ms} />
                    }
                </section>
            </main>
            if *help_open {
                <Help on_close={toggle_help} />
            }
        </div>
    }
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
        notice: boot.notice.map(AttrValue::from),
        persist: true,
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}
