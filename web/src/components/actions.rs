//! Actions at the playhead: pick a verb, fill its fields, and "Add at 1m35s" appends the timed action
//! to the Scenario document in the editor (`lifecycle::view::actions::append_action`); the run is then
//! recomputed from the text, so the intervention is part of what is shared.

use crate::i18n::{Lang, Msg};
use crate::state::{AppAction, Run};
use lifecycle::view::actions::{append_action, duration_text, NewAction};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Actions bar properties.
#[derive(Properties, PartialEq)]
pub struct ActionsProps {
    /// The run (container names, readiness gates).
    pub run: Rc<Run>,
    /// The document text.
    pub text: AttrValue,
    /// Playhead.
    pub t_ms: i64,
    /// The app's dispatcher.
    pub dispatch: Callback<AppAction>,
    /// The page language.
    pub lang: Lang,
}

const VERBS: [(&str, Msg); 9] = [
    ("exec", Msg::VerbExec),
    ("delete-pod", Msg::VerbDeletePod),
    ("apply-svc", Msg::VerbApplyService),
    ("delete-svc", Msg::VerbDeleteService),
    ("condition", Msg::VerbCondition),
    ("node-down", Msg::VerbNodeDown),
    ("node-up", Msg::VerbNodeUp),
    ("debug", Msg::VerbDebug),
    ("set-image", Msg::VerbSetImage),
];

#[derive(Debug, Clone, PartialEq)]
struct Form {
    verb: String,
    container: String,
    command: String,
    grace: String,
    service: String,
    port: String,
    condition: String,
    status: String,
    image: String,
}

/// The actions bar.
#[function_component(ActionsBar)]
pub fn actions_bar(props: &ActionsProps) -> Html {
    let lang = props.lang;
    let base = &props.run.trace().base;
    let containers: Vec<String> = base.spec.containers.iter().map(|c| c.name.clone()).collect();
    let gates: Vec<String> =
        base.spec.readiness_gates.iter().flatten().map(|g| g.condition_type.clone()).collect();
    let first = containers.first().cloned().unwrap_or_default();
    let form = use_state(|| Form {
        verb: "exec".into(),
        container: first.clone(),
        command: "rm -f /tmp/healthy".into(),
        grace: String::new(),
        service: "myservice".into(),
        port: "80".into(),
        condition: gates.first().cloned().unwrap_or_else(|| "www.example.com/feature-1".into()),
        status: "True".into(),
        image: "busybox:1.28".into(),
    });
    let error = use_state(|| None::<String>);
    let f = (*form).clone();
    let container = if containers.contains(&f.container) { f.container.clone() } else { first.clone() };

    let set = |field: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            field(&mut next, v);
            form.set(next);
        })
    };
    let input = |label: Msg, value: &str, cb: Callback<String>, class: &str| {
        let label = lang.t(label);
        let oninput = Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                cb.emit(i.value());
            }
        });
        html! {
            <label class={classes!("field", class.to_string())}>
                <span>{label.to_string()}</span>
                <input type="text" value={value.to_string()} {oninput} aria-label={label.to_string()} spellcheck="false" />
            </label>
        }
    };
    let select = |label: Msg, value: &str, options: &[String], cb: Callback<String>| {
        let label = lang.t(label);
        let onchange = Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                cb.emit(s.value());
            }
        });
        html! {
            <label class="field">
                <span>{label.to_string()}</span>
                <select aria-label={label.to_string()} {onchange}>
                    { for options.iter().map(|o| html! { <option value={o.clone()} selected={o == value}>{o}</option> }) }
                </select>
            </label>
        }
    };

    let fields = match f.verb.as_str() {
        "exec" => html! { <>
            { select(Msg::FieldContainer, &container, &containers, set(|f, v| f.container = v)) }
            { input(Msg::FieldCommand, &f.command, set(|f, v| f.command = v), "wide") }
        </> },
        "delete-pod" => input(Msg::FieldGrace, &f.grace, set(|f, v| f.grace = v), ""),
        "apply-svc" => html! { <>
            { input(Msg::FieldService, &f.service, set(|f, v| f.service = v), "") }
            { input(Msg::FieldPort, &f.port, set(|f, v| f.port = v), "narrow") }
        </> },
        "delete-svc" => input(Msg::FieldService, &f.service, set(|f, v| f.service = v), ""),
        "condition" => html! { <>
            { input(Msg::FieldConditionType, &f.condition, set(|f, v| f.condition = v), "wide") }
            { select(Msg::FieldStatus, &f.status, &["True".into(), "False".into(), "Unknown".into()], set(|f, v| f.status = v)) }
        </> },
        "debug" => html! { <>
            { input(Msg::FieldImage, &f.image, set(|f, v| f.image = v), "") }
            { select(Msg::FieldTarget, &container, &containers, set(|f, v| f.container = v)) }
            { input(Msg::FieldCommand, &f.command, set(|f, v| f.command = v), "wide") }
        </> },
        "set-image" => html! { <>
            { select(Msg::FieldContainer, &container, &containers, set(|f, v| f.container = v)) }
            { input(Msg::FieldImage, &f.image, set(|f, v| f.image = v), "") }
        </> },
        _ => html! {},
    };

    let action = match f.verb.as_str() {
        "exec" => Some(NewAction::Exec { container: container.clone(), command: f.command.clone() }),
        "delete-pod" => Some(NewAction::DeletePod { grace_seconds: f.grace.trim().parse().ok() }),
        "apply-svc" => Some(NewAction::ApplyService {
            name: f.service.clone(),
            port: f.port.trim().parse().unwrap_or(80),
        }),
        "delete-svc" => Some(NewAction::DeleteService { name: f.service.clone() }),
        "condition" => Some(NewAction::SetCondition { type_: f.condition.clone(), status: f.status.clone() }),
        "node-down" => Some(NewAction::Node { ready: false }),
        "node-up" => Some(NewAction::Node { ready: true }),
        "debug" => Some(NewAction::Debug {
            name: "debugger".into(),
            image: f.image.clone(),
            target: container.clone(),
            command: if f.command.is_empty() { "sleep 3600".into() } else { f.command.clone() },
        }),
        "set-image" => Some(NewAction::SetImage { container: container.clone(), image: f.image.clone() }),
        _ => None,
    };
    // Whole tenths of a second: what the clock shows is what gets written.
    let at = props.t_ms - props.t_ms % 100;
    let onclick = {
        let text = props.text.clone();
        let d = props.dispatch.clone();
        let error = error.clone();
        Callback::from(move |_| {
            let Some(a) = &action else { return };
            match append_action(&text, at, a) {
                Ok(new) => {
                    error.set(None);
                    d.emit(AppAction::Replace(new));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    let on_verb = set(|f, v| f.verb = v);
    let on_verb = Callback::from(move |e: Event| {
        if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
            on_verb.emit(s.value());
        }
    });
    html! {
        <section class="actions" aria-label={lang.t(Msg::ActionsLabel)}>
            <label class="field">
                <span>{lang.t(Msg::ActionField)}</span>
                <select class="verb" aria-label={lang.t(Msg::ActionField)} onchange={on_verb}>
                    { for VERBS.iter().map(|(v, label)| html! { <option value={*v} selected={f.verb == *v}>{lang.t(*label)}</option> }) }
                </select>
            </label>
            { fields }
            <button type="button" class="btn primary add-action" {onclick}
                title={lang.t(Msg::AddTitle)}>{lang.f(Msg::AddAt, &[&duration_text(at)])}</button>
            if let Some(e) = &*error { <p class="action-error" role="alert">{lang.f(Msg::ActionRejected, &[e])}</p> }
        </section>
    }
}
