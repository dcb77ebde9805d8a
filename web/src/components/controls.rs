//! Playback controls: restart, step back, play/pause, step forward, speed, and a scrubber.

use crate::i18n::{Lang, Msg};
use crate::playback::{PlaybackAction, PlaybackState, SPEEDS};
use crate::state::AppAction;
use lifecycle::view::secs;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Controls properties.
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Playback state.
    pub playback: PlaybackState,
    /// The app's dispatcher.
    pub dispatch: Callback<AppAction>,
    /// The page language.
    pub lang: Lang,
}

/// The playback bar.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let p = &props.playback;
    let lang = props.lang;
    let send = |a: PlaybackAction| {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(AppAction::Playback(a)))
    };
    let on_speed = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = e.target_dyn_into::<HtmlSelectElement>().and_then(|s| s.value().parse().ok()) {
                d.emit(AppAction::Playback(PlaybackAction::SetSpeed(v)));
            }
        })
    };
    let on_scrub = {
        let d = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) =
                e.target_dyn_into::<HtmlInputElement>().and_then(|i| i.value().parse::<f64>().ok())
            {
                d.emit(AppAction::Playback(PlaybackAction::Seek(v as i64)));
            }
        })
    };
    html! {
        <div class="controls" role="toolbar" aria-label={lang.t(Msg::PlaybackLabel)}>
            <button type="button" class="btn icon restart" onclick={send(PlaybackAction::Restart)} aria-label={lang.t(Msg::Restart)} title={lang.t(Msg::RestartTitle)}>{"↺"}</button>
            <button type="button" class="btn icon step-prev" onclick={send(PlaybackAction::Step(-1))} aria-label={lang.t(Msg::PrevChange)} title={lang.t(Msg::PrevTitle)}>{"◀"}</button>
            <button type="button" class={classes!("btn", "play", p.playing.then_some("playing"))} onclick={send(PlaybackAction::Toggle)}
                aria-label={lang.t(if p.playing { Msg::Pause } else { Msg::Play })} title={lang.t(Msg::PlayTitle)}>
                { lang.t(if p.playing { Msg::PauseButton } else { Msg::PlayButton }) }
            </button>
            <button type="button" class="btn icon step-next" onclick={send(PlaybackAction::Step(1))} aria-label={lang.t(Msg::NextChange)} title={lang.t(Msg::NextTitle)}>{"▶"}</button>
            <label class="speed">
                <span class="sr-only">{lang.t(Msg::Speed)}</span>
                <select aria-label={lang.t(Msg::Speed)} onchange={on_speed}>
                    { for SPEEDS.iter().map(|&s| html! { <option value={s.to_string()} selected={s == p.speed}>{format!("{s}×")}</option> }) }
                </select>
            </label>
            <input type="range" class="scrub" aria-label={lang.t(Msg::Playhead)} min="0" max={p.end_ms.to_string()} step="1"
                value={p.t_ms.to_string()} oninput={on_scrub} />
            <span class="clock" aria-live="off"><b class="now">{secs(p.t_ms - p.t_ms % 100)}</b>{" / "}{lifecycle::view::offset_label(p.end_ms)}</span>
        </div>
    }
}
