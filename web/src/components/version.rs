//! The Kubernetes version selector in the header: picking a release writes `spec.kubernetesVersion`
//! into the Scenario document of the editor (`lifecycle::view::actions::set_kubernetes_version`,
//! creating the document if needed), and the run follows the text. Beside it, which of the
//! version-dependent behaviours (`lifecycle::phase::version_features`) apply, and which come later.

use crate::i18n::{Lang, Msg};
use crate::state::AppAction;
use lifecycle::phase::{version_features, KubeVersion};
use lifecycle::view::actions::set_kubernetes_version;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The releases offered (podlife's version-dependent rules span these).
pub const VERSIONS: [u32; 9] = [28, 29, 30, 31, 32, 33, 34, 35, 36];

/// Version selector properties.
#[derive(Properties, PartialEq)]
pub struct VersionProps {
    /// The document text.
    pub text: AttrValue,
    /// The release of the last run (the default when there is none).
    pub version: KubeVersion,
    /// The app's dispatcher.
    pub dispatch: Callback<AppAction>,
    /// The page language.
    pub lang: Lang,
}

/// The version-dependent behaviours, in `lang`, split into those that apply to `v` and those that
/// come in a later release: `NAME (≥ 1.NN): what changes`.
pub fn semantics_lines(lang: Lang, v: KubeVersion) -> (Vec<String>, Vec<String>) {
    let (mut on, mut later) = (Vec::new(), Vec::new());
    for f in version_features() {
        let line = format!("{} (≥ {}): {}", f.name, f.since, lang.phrase(&f.description));
        if v.at_least(f.since.major, f.since.minor) {
            on.push(line);
        } else {
            later.push(line);
        }
    }
    (on, later)
}

/// The selector and the semantics it implies.
#[function_component(VersionSelect)]
pub fn version_select(props: &VersionProps) -> Html {
    let lang = props.lang;
    let error = use_state(|| None::<String>);
    let onchange = {
        let text = props.text.clone();
        let d = props.dispatch.clone();
        let error = error.clone();
        Callback::from(move |e: Event| {
            let Some(v) = e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()) else { return };
            match set_kubernetes_version(&text, &v) {
                Ok(new) => {
                    error.set(None);
                    d.emit(AppAction::Replace(new));
                }
                Err(e) => error.set(Some(lang.f(Msg::KubeVersionRejected, &[&e.to_string()]))),
            }
        })
    };
    let current = props.version;
    let label = lang.t(Msg::KubeVersionLabel);
    let (on, later) = semantics_lines(lang, current);
    html! {
        <span class="kube-version">
            <select class="kube-version-select" aria-label={label} title={lang.t(Msg::KubeVersionTitle)} {onchange}>
                { for VERSIONS.iter().map(|&m| {
                    let v = KubeVersion::new(1, m);
                    html! { <option value={v.to_string()} selected={v == current}>{format!("k8s {v}")}</option> }
                }) }
            </select>
            <details class="semantics">
                <summary title={lang.f(Msg::SemanticsLabel, &[&current.to_string()])} aria-label={lang.f(Msg::SemanticsLabel, &[&current.to_string()])}>{"ⓘ"}</summary>
                <div class="semantics-pop">
                    <b>{lang.f(Msg::SemanticsLabel, &[&current.to_string()])}</b>
                    <ul class="sem-on">{ for on.iter().map(|s| html! { <li>{s}</li> }) }</ul>
                    if !later.is_empty() {
                        <b>{lang.f(Msg::SemanticsLater, &[&current.to_string()])}</b>
                        <ul class="sem-later">{ for later.iter().map(|s| html! { <li>{s}</li> }) }</ul>
                    }
                </div>
            </details>
            if let Some(e) = &*error { <span class="version-error" role="alert">{e}</span> }
        </span>
    }
}
