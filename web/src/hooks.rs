//! Effects of the page: the debounce timer, the playback timer, keyboard shortcuts and the theme.
//! Every timer and listener is owned by its effect and dropped by its cleanup (never `.forget()`).

use crate::playback::PlaybackAction;
use crate::state::{AppAction, AppState};
use gloo_timers::callback::{Interval, Timeout};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// How long typing must pause before the text is re-run.
pub const DEBOUNCE_MS: u32 = 150;
/// Playback timer period.
pub const FRAME_MS: u32 = 50;

/// Re-runs the text once edits have settled for [`DEBOUNCE_MS`].
#[hook]
pub fn use_debounced_run(generation: u64, dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with(generation, move |&generation| {
        let timeout = Timeout::new(DEBOUNCE_MS, move || dispatch.dispatch(AppAction::Settle(generation)));
        move || drop(timeout)
    });
}

/// Drives playback: an `Interval` that exists only while playing, ticking with the real elapsed time.
#[hook]
pub fn use_playback_timer(playing: bool, speed: u32, dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((playing, speed), move |&(playing, _speed)| {
        let interval = playing.then(|| {
            let mut last = js_sys::Date::now();
            Interval::new(FRAME_MS, move || {
                let now = js_sys::Date::now();
                let real = (now - last).clamp(0.0, 1_000.0) as i64;
                last = now;
                dispatch.dispatch(AppAction::Playback(PlaybackAction::Tick(real)));
            })
        });
        move || drop(interval)
    });
}

/// True when a key press belongs to a text field (shortcuts other than Ctrl/Cmd+Enter stay out).
fn in_text_field(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"))
}

/// Adds a `keydown` listener on the document for the life of the component.
fn on_keydown(f: impl FnMut(KeyboardEvent) + 'static) -> impl FnOnce() {
    let closure = Closure::<dyn FnMut(KeyboardEvent)>::new(f);
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(d) = &doc {
        let _ = d.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
    }
    move || {
        if let Some(d) = doc {
            let _ = d.remove_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
        }
        drop(closure);
    }
}

/// Space play/pause, ←/→ step, Ctrl/Cmd+Enter re-run.
#[hook]
pub fn use_shortcuts(dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        on_keydown(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                dispatch.dispatch(AppAction::Rerun);
                return;
            }
            if in_text_field(&e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let action = match key.as_str() {
                " " => PlaybackAction::Toggle,
                "ArrowRight" => PlaybackAction::Step(1),
                "ArrowLeft" => PlaybackAction::Step(-1),
                "Home" => PlaybackAction::Seek(0),
                _ => return,
            };
            // Buttons would also react to Space: the shortcut wins.
            e.prevent_default();
            dispatch.dispatch(AppAction::Playback(action));
        })
    });
}

/// `?` opens the help overlay, Escape closes it.
#[hook]
pub fn use_help_key(open: UseStateHandle<bool>) {
    use_effect_with((), move |_| {
        on_keydown(move |e: KeyboardEvent| {
            if in_text_field(&e) {
                return;
            }
            match e.key().as_str() {
                "?" => open.set(true),
                "Escape" => open.set(false),
                _ => {}
            }
        })
    });
}

/// The theme: follows `prefers-color-scheme` until toggled; the choice is saved.
pub struct Theme {
    /// Dark now.
    pub dark: bool,
    /// Flips it.
    pub toggle: Callback<MouseEvent>,
}

/// The current theme, applied as `data-theme` on `<html>`.
#[hook]
pub fn use_theme() -> Theme {
    let dark = use_state(|| {
        crate::persist::load_theme().unwrap_or_else(|| {
            web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|m| m.matches())
        })
    });
    use_effect_with(*dark, |&dark| {
        if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = html.set_attribute("data-theme", if dark { "dark" } else { "light" });
        }
    });
    let toggle = {
        let dark = dark.clone();
        Callback::from(move |_| {
            crate::persist::save_theme(!*dark);
            dark.set(!*dark);
        })
    };
    Theme { dark: *dark, toggle }
}

/// The page language and its toggle.
pub struct LangState {
    /// The language now.
    pub lang: crate::i18n::Lang,
    /// Switches to the other language and saves the choice.
    pub toggle: Callback<MouseEvent>,
}

/// The page language: `initial` (a share link's, or a test's), else the saved choice, else the
/// browser's. It is applied as `<html lang>` (which also picks the right CJK glyphs) and recorded for
/// the panic banner; the toggle saves the choice in localStorage.
#[hook]
pub fn use_lang(initial: Option<crate::i18n::Lang>) -> LangState {
    let lang = use_state(|| initial.unwrap_or_else(crate::persist::initial_lang));
    use_effect_with(*lang, |&lang| {
        lang.set_current();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(html) = doc.document_element() {
                let _ = html.set_attribute("lang", lang.html_lang());
            }
            doc.set_title(&format!("podlife — {}", lang.t(crate::i18n::Msg::Tagline)));
        }
    });
    let toggle = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let next = lang.other();
            crate::persist::save_lang(next);
            lang.set(next);
        })
    };
    LangState { lang: *lang, toggle }
}
