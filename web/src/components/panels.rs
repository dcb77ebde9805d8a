//! kubectl at the playhead, in tabs: `get pod -w` so far, `get pod`, `describe pod`, the status as
//! YAML, and each Service's endpoints. The text is exactly what the core renders, in every page language (it is what kubectl
//! prints; the tab names are kubectl's verbs); each tab has a copy button.

use crate::i18n::{Lang, Msg};
use crate::state::Run;
use lifecycle::view::panels;
use std::rc::Rc;
use yew::prelude::*;

/// The tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// `kubectl get pod -w`.
    Watch,
    /// `kubectl get pod`.
    Get,
    /// `kubectl describe pod`.
    Describe,
    /// `kubectl get pod -o yaml` (status).
    Status,
    /// Each Service's ready / not-ready pod IPs so far.
    Endpoints,
}

const TABS: [(Tab, &str, &str); 5] = [
    (Tab::Watch, "get -w", "watch"),
    (Tab::Get, "get", "get"),
    (Tab::Describe, "describe", "describe"),
    (Tab::Status, "status", "status"),
    (Tab::Endpoints, "endpoints", "endpoints"),
];

/// The Service endpoints table as `podlife run --output endpoints` prints it, cut at `t_ms` (its rows
/// are the trace's endpoint changes, in order); `None` when no Service ever selected the pod.
pub fn endpoints_until(trace: &lifecycle::sim::Trace, t_ms: i64) -> Option<String> {
    if trace.endpoints.is_empty() {
        return None;
    }
    let shown = trace.endpoints.iter().take_while(|e| e.t.ms() <= t_ms).count();
    Some(trace.render_endpoints().split_inclusive('\n').take(shown + 1).collect())
}

/// Panels properties.
#[derive(Properties, PartialEq)]
pub struct PanelsProps {
    /// The run.
    pub run: Rc<Run>,
    /// Playhead.
    pub t_ms: i64,
    /// The page language.
    pub lang: Lang,
}

/// The kubectl panels.
#[function_component(Panels)]
pub fn panels_view(props: &PanelsProps) -> Html {
    let tab = use_state(|| Tab::Watch);
    let lang = props.lang;
    let scroller = use_node_ref();
    // `get -w` grows at the bottom, like a terminal: keep the newest line in view.
    {
        let scroller = scroller.clone();
        use_effect_with((props.t_ms, *tab), move |&(_, tab)| {
            if let (Tab::Watch, Some(el)) = (tab, scroller.cast::<web_sys::Element>()) {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let trace = props.run.trace();
    let t = props.t_ms;
    let pod = &trace.pod;
    let (command, text) = match *tab {
        Tab::Watch => (format!("kubectl get pod {pod} -w"), panels::watch_until(trace, t)),
        Tab::Get => (format!("kubectl get pod {pod}"), panels::get_at(trace, t)),
        Tab::Describe => (format!("kubectl describe pod {pod}"), panels::describe_at(trace, t)),
        Tab::Status => (format!("kubectl get pod {pod} -o yaml  # status"), panels::status_yaml_at(trace, t)),
        Tab::Endpoints => (
            "podlife run --output endpoints".to_string(),
            endpoints_until(trace, t).unwrap_or_else(|| lang.t(Msg::EndpointsNone).to_string()),
        ),
    };
    let copy = {
        let text = text.clone();
        Callback::from(move |_| crate::persist::copy(&text))
    };
    let buttons = TABS.iter().map(|&(which, label, id)| {
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_| tab.set(which))
        };
        let active = *tab == which;
        html! {
            <button type="button" role="tab" id={format!("tab-{id}")} aria-selected={active.to_string()}
                class={classes!("tab", active.then_some("active"))} {onclick}>{label}</button>
        }
    });
    let class = match *tab {
        Tab::Watch => "kubectl-watch",
        Tab::Get => "kubectl-get",
        Tab::Describe => "kubectl-describe",
        Tab::Status => "kubectl-status",
        Tab::Endpoints => "service-endpoints",
    };
    html! {
        <section class="panels" aria-label={lang.t(Msg::PanelsLabel)}>
            <div class="tabs" role="tablist">
                { for buttons }
                <span class="spacer" />
                <button type="button" class="btn copy" onclick={copy} aria-label={lang.t(Msg::CopyLabel)} title={lang.t(Msg::CopyLabel)}>{lang.t(Msg::Copy)}</button>
            </div>
            <div class="terminal-wrap" role="tabpanel" ref={scroller}>
                <div class="prompt">{format!("$ {command}")}</div>
                <pre class={classes!("terminal", class)}>{text}</pre>
            </div>
        </section>
    }
}
