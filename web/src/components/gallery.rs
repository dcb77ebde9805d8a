//! The examples gallery: a menu of canonical cases, each with what to watch for. Loading one over text
//! the user edited asks first.

use crate::examples::{self, ALL};
use crate::state::AppAction;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Gallery properties.
#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    /// The current text (to know whether loading would lose edits).
    pub text: AttrValue,
    /// The app's dispatcher.
    pub dispatch: Callback<AppAction>,
}

/// The examples menu.
#[function_component(Gallery)]
pub fn gallery(props: &GalleryProps) -> Html {
    let current = examples::find_by_text(&props.text).map(|e| e.id);
    let onchange = {
        let d = props.dispatch.clone();
        let edited = current.is_none();
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() else { return };
            let Some(ex) = ALL.iter().find(|x| x.id == sel.value()) else { return };
            let ok = !edited
                || web_sys::window()
                    .and_then(|w| w.confirm_with_message("Replace your edited text with this example? (Your text is not in a share link yet.)").ok())
                    .unwrap_or(true);
            if ok {
                d.emit(AppAction::Replace(ex.text.to_string()));
                d.emit(AppAction::Notice(Some(format!("{} — {}", ex.title, ex.watch))));
            } else {
                sel.set_value("");
            }
        })
    };
    html! {
        <label class="gallery">
            <span class="sr-only">{"Examples"}</span>
            <select aria-label="Examples" {onchange} class="examples">
                <option value="" selected={current.is_none()}>{"Examples…"}</option>
                { for ALL.iter().map(|e| html! {
                    <option value={e.id} selected={current == Some(e.id)} title={e.watch}>{e.title}</option>
                }) }
            </select>
        </label>
    }
}
