//! The keyboard-shortcut overlay (`?`).

use crate::i18n::{Lang, Msg};
use yew::prelude::*;

/// Help properties.
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// Closes the overlay.
    pub on_close: Callback<MouseEvent>,
    /// The page language.
    pub lang: Lang,
}

/// The overlay.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let lang = props.lang;
    // Key caps that are symbols or key names stay as printed on the keyboard.
    let keys = [
        (lang.t(Msg::KeySpace), Msg::HelpPlay),
        ("← / →", Msg::HelpStep),
        ("Home", Msg::HelpHome),
        ("Ctrl/⌘ + Enter", Msg::HelpRerun),
        ("Ctrl/⌘ + /", Msg::HelpComment),
        ("Tab", Msg::HelpTab),
        (lang.t(Msg::KeyWheel), Msg::HelpZoom),
        ("?", Msg::HelpHelp),
    ];
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label={lang.t(Msg::HelpLabel)} onclick={props.on_close.clone()}>
            <div class="help" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2>{lang.t(Msg::HelpLabel)}</h2>
                <dl>{ for keys.iter().map(|(k, v)| html! { <><dt><kbd>{*k}</kbd></dt><dd>{lang.t(*v)}</dd></> }) }</dl>
                <p>{lang.t(Msg::HelpAbout)}</p>
                <p>{lang.t(Msg::HelpLanguage)}</p>
                <button type="button" class="btn" onclick={props.on_close.clone()}>{lang.t(Msg::Close)}</button>
            </div>
        </div>
    }
}
