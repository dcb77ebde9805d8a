//! The keyboard-shortcut overlay (`?`).

use yew::prelude::*;

/// Help properties.
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// Closes the overlay.
    pub on_close: Callback<MouseEvent>,
}

/// The overlay.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let keys = [
        ("Space", "play / pause"),
        ("← / →", "previous / next change"),
        ("Home", "back to 0 s"),
        ("Ctrl/⌘ + Enter", "re-run now"),
        ("Ctrl/⌘ + /", "comment / uncomment lines (editor)"),
        ("Tab", "indent with two spaces (editor)"),
        ("Ctrl + wheel", "zoom the timeline; Shift + wheel pans"),
        ("?", "this help; Esc closes it"),
    ];
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onclick={props.on_close.clone()}>
            <div class="help" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2>{"Keyboard shortcuts"}</h2>
                <dl>{ for keys.iter().map(|(k, v)| html! { <><dt><kbd>{*k}</kbd></dt><dd>{*v}</dd></> }) }</dl>
                <p>{"Everything runs in your browser: the simulation is recomputed on each edit, and actions you add at the playhead are written into the Scenario document, so the whole run is in the text (and in the share link)."}</p>
                <button type="button" class="btn" onclick={props.on_close.clone()}>{"Close"}</button>
            </div>
        </div>
    }
}
