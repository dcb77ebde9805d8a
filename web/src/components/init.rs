//! Init-container progress at the playhead: `Init:N/M` and one step per init container (sidecars
//! marked), then the app containers waiting behind them. Data from `lifecycle::view::init`.

use crate::state::Run;
use lifecycle::view::init::{InitProgress, Step};
use lifecycle::view::offset_label;
use std::rc::Rc;
use yew::prelude::*;

/// Init view properties.
#[derive(Properties, PartialEq)]
pub struct InitProps {
    /// The run.
    pub run: Rc<Run>,
    /// Playhead.
    pub t_ms: i64,
}

fn step(s: &Step, app: bool) -> Html {
    let detail = {
        let mut parts = Vec::new();
        if s.attempts > 1 {
            parts.push(format!("{} attempts", s.attempts));
        }
        if !s.exit_codes.is_empty() && (s.exit_codes.len() > 1 || s.exit_codes[0] != 0) {
            let codes: Vec<String> = s.exit_codes.iter().map(i64::to_string).collect();
            parts.push(format!("exit {}", codes.join(", ")));
        }
        if let Some(d) = s.duration_ms {
            parts.push(offset_label(d));
        }
        parts.join(" · ")
    };
    html! {
        <li class={classes!("step", s.class, s.done.then_some("done"), app.then_some("app"))} key={s.name.clone()}>
            <span class="step-dot" aria-hidden="true" />
            <span class="step-name">{&s.name}</span>
            if s.sidecar { <span class="badge">{"sidecar"}</span> }
            <span class="step-state">{&s.state}</span>
            <span class="step-detail">{detail}</span>
        </li>
    }
}

/// The step view (nothing when the pod has no init containers).
#[function_component(InitView)]
pub fn init_view(props: &InitProps) -> Html {
    let Some(p) = InitProgress::at(&props.run.trace, props.t_ms) else { return html! {} };
    html! {
        <section class="init-progress" aria-label="Init containers">
            <h2 class="panel-title">
                <span class="init-label">{&p.label}</span>
                <span class="init-count">{format!(" — {} of {} init steps done", p.done, p.total)}</span>
            </h2>
            <ol class="steps">
                { for p.steps.iter().map(|s| step(s, false)) }
                { for p.apps.iter().map(|s| step(s, true)) }
            </ol>
        </section>
    }
}
