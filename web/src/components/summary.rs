//! What the core found in the document: the pod and its containers, or why it could not load it.

use crate::state::DocState;
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
            <tr key={c.name.clone()} class={classes!("container-row", c.kind)}>
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
        </section>
    }
}
