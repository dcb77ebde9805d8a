//! Nothing lost: the text is saved to localStorage on every edit and restored on reload; a share link
//! carries the document in the URL fragment; a panic shows a banner (the text is already saved). The
//! page language is chosen here too: the link's, else the saved choice, else the browser's.

use crate::i18n::{Lang, Msg, Notice};
use crate::share::{self, Shared};
use crate::state::{AppAction, AppState};
use yew::prelude::*;

const TEXT_KEY: &str = "podlife.text";
const THEME_KEY: &str = "podlife.theme";
/// Where the language chosen with the header toggle is kept.
pub const LANG_KEY: &str = "podlife.lang";

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
    pub notice: Option<Notice>,
    /// The language the link asks for.
    pub lang: Option<Lang>,
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
        Ok(Some(Shared { text, seed, t_ms, lang })) => {
            Boot { text, seed, t_ms, notice: Some(Notice::LinkLoaded), lang }
        }
        Ok(None) => match saved {
            Some(text) if text.len() <= share::MAX_TEXT && !text.contains('\0') => {
                Boot { text, seed: None, t_ms: 0, notice: None, lang: None }
            }
            Some(_) => Boot {
                text: default(),
                seed: None,
                t_ms: 0,
                notice: Some(Notice::SavedUnreadable),
                lang: None,
            },
            None => Boot { text: default(), seed: None, t_ms: 0, notice: None, lang: None },
        },
        Err(why) => Boot {
            text: saved.unwrap_or_else(default),
            seed: None,
            t_ms: 0,
            notice: Some(Notice::LinkDamaged(why)),
            lang: None,
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

/// The saved language choice (made with the header toggle).
pub fn load_lang() -> Option<Lang> {
    storage()?.get_item(LANG_KEY).ok().flatten().and_then(|v| Lang::parse(&v))
}

/// Saves the language choice.
pub fn save_lang(lang: Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(LANG_KEY, lang.code());
    }
}

/// The browser's language: Chinese when any of `navigator.languages` (or `navigator.language`) is `zh*`.
pub fn browser_lang() -> Lang {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return Lang::En };
    let mut langs: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    langs.extend(nav.language());
    Lang::from_browser(&langs)
}

/// The language to start with when a link does not say: the saved choice, else the browser's.
pub fn initial_lang() -> Lang {
    load_lang().unwrap_or_else(browser_lang)
}

/// Puts the share link in the address bar, copies it, and says so.
pub fn share_link(
    text: &str,
    seed: Option<u64>,
    t_ms: i64,
    lang: Lang,
    dispatch: UseReducerDispatcher<AppState>,
) {
    let fragment = share::encode(&Shared { text: text.to_string(), seed, t_ms, lang: Some(lang) });
    let Some(w) = web_sys::window() else { return };
    let _ = w.location().set_hash(&fragment);
    let url = w.location().href().unwrap_or_default();
    write_clipboard(&url);
    dispatch.dispatch(AppAction::Notice(Some(Notice::ShareCopied(url.chars().count()))));
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
            div.set_text_content(Some(&Lang::current().f(Msg::PanicBanner, &[&msg])));
            let _ = body.prepend_with_node_1(&div);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boot_prefers_the_link_then_the_saved_text_then_the_default() {
        let link = share::encode(&Shared {
            text: "kind: Pod\n".into(),
            seed: Some(3),
            t_ms: 5,
            lang: Some(Lang::Zh),
        });
        let b = boot_from(&format!("#{link}"), Some("saved".into()));
        assert_eq!((b.text.as_str(), b.seed, b.t_ms, b.lang), ("kind: Pod\n", Some(3), 5, Some(Lang::Zh)));
        assert_eq!(b.notice, Some(Notice::LinkLoaded));
        assert_eq!(boot_from("", Some("saved".into())).text, "saved");
        let d = boot_from("", None);
        assert_eq!(d.text, crate::examples::DEFAULT.text);
        assert_eq!(d.notice, None);
    }

    #[test]
    fn corruption_falls_back_with_a_notice() {
        let b = boot_from("#d=!!!", Some("saved".into()));
        assert_eq!(b.text, "saved");
        assert_eq!(b.notice, Some(Notice::LinkDamaged(share::LinkError::Base64)));
        let n = b.notice.map(|n| (Lang::En.notice(n), Lang::Zh.notice(n))).unwrap_or_default();
        assert!(n.0.contains("damaged") && n.1.contains("链接已损坏"), "{n:?}");
        let b = boot_from("#d=!!!", None);
        assert_eq!(b.text, crate::examples::DEFAULT.text);
        let b = boot_from("", Some("a\0b".into()));
        assert_eq!(b.text, crate::examples::DEFAULT.text);
        assert!(b.notice.is_some());
    }
}
