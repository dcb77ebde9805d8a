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
    actions::ActionsBar, controls::Controls, editor::Editor, export::ExportMenu, gallery::Gallery,
    help::Help, init::InitView, panels::Panels, timeline::TimelineView, version::VersionSelect,
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
    let figures = run.as_ref().map(|r| figure_phrases(lang, &r.figures)).unwrap_or_default();
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
                <ul class="figures" aria-label={lang.t(Msg::FiguresLabel)}>
                    { for figures.iter().map(|f| html! { <li key={f.clone()}>{f}</li> }) }
                </ul>
                <span class="spacer" />
                <VersionSelect lang={lang} text={state.text.clone()} version={run.as_ref().map_or(lifecycle::phase::KubeVersion::DEFAULT, |r| r.version)} dispatch={dispatch.clone()} />
                if let Some(r) = &run {
                    <ExportMenu lang={lang} run={r.clone()} t_ms={t_ms} />
                }
                <Gallery lang={lang} text={state.text.clone()} dispatch={dispatch.clone()} />
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
                        <TimelineView lang={lang} run={run.clone()} t_ms={t_ms} selected={state.selected_event} playing={state.playback.playing} dispatch={dispatch.clone()} />
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

/// The header's key figures in `lang` (the numbers come from `lifecycle::view::figures`; a phase keeps
/// its Kubernetes name, glossed in Chinese).
pub fn figure_phrases(lang: Lang, f: &lifecycle::view::figures::Figures) -> Vec<String> {
    use lifecycle::view::secs;
    let mut out = Vec::new();
    out.push(match f.ready_at_ms {
        Some(t) => lang.f(Msg::ReadyAt, &[&secs(t)]),
        None => lang.t(Msg::NeverReady).to_string(),
    });
    out.push(match f.restarts {
        1 => lang.t(Msg::Restart1).to_string(),
        n => lang.f(Msg::Restarts, &[&n.to_string()]),
    });
    if let Some((phase, t)) = &f.ended {
        out.push(lang.f(Msg::EndedAt, &[&lang.with_gloss(phase), &secs(*t)]));
    }
    if let Some(t) = f.deleted_at_ms {
        out.push(lang.f(Msg::DeletedAt, &[&secs(t)]));
    }
    if f.probe_failures > 0 {
        out.push(lang.f(Msg::ProbeFailures, &[&f.probe_failures.to_string()]));
    }
    out
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
    use lifecycle::view::figures::Figures;

    #[test]
    fn figures_read_the_same_as_the_core_in_english_and_gloss_in_chinese() {
        let f = Figures {
            ready_at_ms: Some(3_300),
            restarts: 5,
            ended: Some(("Failed".into(), 30_000)),
            deleted_at_ms: Some(40_000),
            probe_failures: 2,
            ..Figures::default()
        };
        assert_eq!(figure_phrases(Lang::En, &f), f.phrases());
        let zh = figure_phrases(Lang::Zh, &f);
        assert_eq!(zh[1], "重启 5 次");
        assert!(zh[2].starts_with("Failed（失败）"), "{zh:?}");
        let once = Figures { restarts: 1, ..Figures::default() };
        assert_eq!(figure_phrases(Lang::En, &once), once.phrases());
    }
}
