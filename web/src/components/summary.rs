//! What the core found in the document: the pod and its containers, or why it could not load it.

use crate::state::DocState;
use lifecycle::kubectl;
use lifecycle::time::Timestamp;
use yew::prelude::*;

/// Summary properties.
#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// The loaded document.
    pub doc: DocState,
}

/// The panel beside the editor.
#[function_component(Summary)]
pub fn summary(props: &SummaryProps) -> Html {
    let doc = &props.doc;
    let status = if doc.has_errors() {
        let n = doc.diagnostics.len();
        html! { <p class="status status-error">{format!("{n} problem{} — see the list under the editor", if n == 1 { "" } else { "s" })}</p> }
    } else {
        html! { <p class="status status-ok">{format!("pod \"{}\" is valid", doc.pod_name.as_deref().unwrap_or(""))}</p> }
    };
    let rows = doc.containers.iter().map(|c| {
        html! {
            <tr key={c.name.clone()} class={classes!("container-row", format!("kind-{}", c.kind))}>
                <td class="kind">{c.kind}</td>
                <td class="name">{&c.name}</td>
                <td class="image">{&c.image}</td>
            </tr>
        }
    });
    html! {
        <section class="side-pane" aria-label="What podlife found">
            {status}
            if !doc.containers.is_empty() {
                <table class="containers">
                    <thead><tr><th>{"kind"}</th><th>{"container"}</th><th>{"image"}</th></tr></thead>
                    <tbody>{for rows}</tbody>
                </table>
            }
            if let Some(pod) = &doc.pod_with_status {
                {kubectl_views(pod)}
            }
        </section>
    }
}

/// What kubectl prints for a pasted pod that carries a status, relative to the browser's clock.
fn kubectl_views(pod: &lifecycle::Pod) -> Html {
    // The host supplies the clock; the core only formats relative to it.
    let now = Timestamp::from_millis(js_sys::Date::now() as i64);
    html! {
        <div class="kubectl">
            <h2 class="panel-title">{"$ kubectl get pod"}</h2>
            <pre class="terminal kubectl-get">{kubectl::get_table(&[pod], now, false)}</pre>
            <h2 class="panel-title">{format!("$ kubectl describe pod {}", pod.name())}</h2>
            <pre class="terminal kubectl-describe">{kubectl::describe(pod, &[], now)}</pre>
        </div>
    }
}
