//! The examples gallery: a menu of canonical cases, each with what to watch for. Loading one over text
//! the user edited asks first.

use crate::examples::{self, ALL};
use crate::i18n::{Lang, Msg, Notice};
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
    /// The page language.
    pub lang: Lang,
}

/// The examples menu.
#[function_component(Gallery)]
pub fn gallery(props: &GalleryProps) -> Html {
    let lang = props.lang;
    let current = examples::find_by_text(&props.text).map(|e| e.id);
    let onchange = {
        let d = props.dispatch.clone();
        let edited = current.is_none();
        Callback::from(move |e: Event| {
            let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() else { return };
            let Some(i) = ALL.iter().position(|x| x.id == sel.value()) else { return };
            let ok = !edited
                || web_sys::window()
                    .and_then(|w| w.confirm_with_message(lang.t(Msg::ConfirmReplace)).ok())
                    .unwrap_or(true);
            if ok {
                d.emit(AppAction::Replace(ALL[i].text.to_string()));
                d.emit(AppAction::Notice(Some(Notice::Example(i))));
            } else {
                sel.set_value("");
            }
        })
    };
    html! {
        <label class="gallery">
            <span class="sr-only">{lang.t(Msg::Examples)}</span>
            <select aria-label={lang.t(Msg::Examples)} {onchange} class="examples">
                <option value="" selected={current.is_none()}>{lang.t(Msg::ExamplesPlaceholder)}</option>
                { for ALL.iter().map(|e| html! {
                    <option value={e.id} selected={current == Some(e.id)} title={lang.t(e.watch)}>{lang.t(e.title)}</option>
                }) }
            </select>
        </label>
    }
}
