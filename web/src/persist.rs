//! Nothing lost: the text is saved to localStorage on every edit and restored on reload; a share link
//! carries the document in the URL fragment; a panic shows a banner (the text is already saved).

use crate::share::{self, Shared};
use crate::state::{AppAction, AppState};
use yew::prelude::*;

const TEXT_KEY: &str = "podlife.text";
const THEME_KEY: &str = "podlife.theme";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What the page starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boot {
    /// The document.
    pub text: String,
    /// Seed from the link.
    pub seed: Option<u64>,
    /// Playhead from the link.
    pub t_ms: i64,
    /// Something to tell the user.
    pub notice: Option<String>,
}

/// The link's document, else the saved one, else the default example (with a notice on corruption).
pub fn boot() -> Boot {
    let fragment = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let saved = storage().and_then(|s| s.get_item(TEXT_KEY).ok().flatten());
    boot_from(&fragment, saved)
}

/// [`boot`] without the browser: the fragment and the saved text are passed in.
pub fn boot_from(fragment: &str, saved: Option<String>) -> Boot {
    let default = || crate::examples::DEFAULT.text.to_string();
    match share::decode(fragment) {
        Ok(Some(Shared { text, seed, t_ms })) => {
            Boot { text, seed, t_ms, notice: Some("Loaded the shared document from the link.".into()) }
        }
        Ok(None) => match saved {
            Some(text) if text.len() <= share::MAX_TEXT && !text.contains('\0') => {
                Boot { text, seed: None, t_ms: 0, notice: None }
            }
            Some(_) => Boot {
                text: default(),
                seed: None,
                t_ms: 0,
                notice: Some("The saved text could not be read; showing the default example.".into()),
            },
            None => Boot { text: default(), seed: None, t_ms: 0, notice: None },
        },
        Err(why) => Boot {
            text: saved.unwrap_or_else(default),
            seed: None,
            t_ms: 0,
            notice: Some(format!("{why}; showing your last text instead.")),
        },
    }
}

/// Saves the text on every change (when `enabled`).
#[hook]
pub fn use_autosave(text: AttrValue, enabled: bool) {
    use_effect_with(text, move |text| {
        if let Some(s) = storage().filter(|_| enabled) {
            let _ = s.set_item(TEXT_KEY, text);
        }
    });
}

/// The saved theme choice (`Some(true)` = dark).
pub fn load_theme() -> Option<bool> {
    storage()?.get_item(THEME_KEY).ok().flatten().map(|v| v == "dark")
}

/// Saves the theme choice.
pub fn save_theme(dark: bool) {
    if let Some(s) = storage() {
        let _ = s.set_item(THEME_KEY, if dark { "dark" } else { "light" });
    }
}

/// Puts the share link in the address bar, copies it, and says so.
pub fn share_link(text: &str, seed: Option<u64>, t_ms: i64, dispatch: UseReducerDispatcher<AppState>) {
    let fragment = share::encode(&Shared { text: text.to_string(), seed, t_ms });
    let Some(w) = web_sys::window() else { return };
    let _ = w.location().set_hash(&fragment);
    let url = w.location().href().unwrap_or_default();
    write_clipboard(&url);
    dispatch.dispatch(AppAction::Notice(Some(format!(
        "Share link copied ({} characters): it carries the whole document, the seed and the playhead.",
        url.len()
    ))));
}

/// Copies `text` to the clipboard.
pub fn copy(text: &str) {
    write_clipboard(text);
}

/// Writes to the clipboard; a refusal (no permission, insecure context) is ignored, not left as an
/// unhandled promise rejection.
fn write_clipboard(text: &str) {
    let Some(w) = web_sys::window() else { return };
    // `navigator.clipboard` is missing outside secure contexts.
    let nav = w.navigator();
    let present =
        js_sys::Reflect::get(&nav, &"clipboard".into()).is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !present {
        return;
    }
    let promise = nav.clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

/// On a panic, shows a banner over the page; the text is already in localStorage.
pub fn install_panic_banner() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&msg.clone().into());
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(body) = doc.body() else { return };
        if let Ok(div) = doc.create_element("div") {
            div.set_class_name("panic-banner");
            let _ = div.set_attribute("role", "alert");
            div.set_text_content(Some(&format!(
                "podlife hit an internal error and stopped. Your text is saved: reload the page to continue. ({msg})"
            )));
            let _ = body.prepend_with_node_1(&div);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boot_prefers_the_link_then_the_saved_text_then_the_default() {
        let link = share::encode(&Shared { text: "kind: Pod\n".into(), seed: Some(3), t_ms: 5 });
        let b = boot_from(&format!("#{link}"), Some("saved".into()));
        assert_eq!((b.text.as_str(), b.seed, b.t_ms), ("kind: Pod\n", Some(3), 5));
        assert_eq!(boot_from("", Some("saved".into())).text, "saved");
        let d = boot_from("", None);
        assert_eq!(d.text, crate::examples::DEFAULT.text);
        assert_eq!(d.notice, None);
    }

    #[test]
    fn corruption_falls_back_with_a_notice() {
        let b = boot_from("#d=!!!", Some("saved".into()));
        assert_eq!(b.text, "saved");
        assert!(b.notice.is_some_and(|n| n.contains("damaged")));
        let b = boot_from("#d=!!!", None);
        assert_eq!(b.text, crate::examples::DEFAULT.text);
        let b = boot_from("", Some("a\0b".into()));
        assert_eq!(b.text, crate::examples::DEFAULT.text);
        assert!(b.notice.is_some());
    }
}
