//! The document state: the text and what the core made of it. One reducer owns it.

use lifecycle::{Diagnostic, Severity};
use std::rc::Rc;
use yew::prelude::*;

/// A container as the summary lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContainerLine {
    /// init | sidecar | app | ephemeral.
    pub kind: &'static str,
    /// Container name.
    pub name: String,
    /// Image, or "" when missing.
    pub image: String,
}

/// The editor text and the result of loading it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocState {
    /// The user's text, exactly as typed.
    pub text: AttrValue,
    /// Diagnostics from the core, in source order.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The pod's name, when a pod was found.
    pub pod_name: Option<String>,
    /// Containers found, grouped init → sidecar → app → ephemeral.
    pub containers: Rc<Vec<ContainerLine>>,
    /// The pod, when the text carries a status to render as kubectl would.
    pub pod_with_status: Option<Rc<lifecycle::Pod>>,
}

/// What can happen to the document.
#[derive(Debug, Clone)]
pub enum DocAction {
    /// The user changed the text.
    Edit(String),
}

impl DocState {
    /// Loads `text` through the core.
    pub fn new(text: &str) -> Self {
        let loaded = lifecycle::load(text);
        let mut containers = Vec::new();
        if let Some(pod) = &loaded.pod {
            for c in pod.init_containers() {
                let kind = if c.is_sidecar() { "sidecar" } else { "init" };
                containers.push(line(kind, c));
            }
            containers.extend(pod.spec.containers.iter().map(|c| line("app", c)));
            containers.extend(pod.ephemeral_containers().iter().map(|c| line("ephemeral", c)));
        }
        DocState {
            text: AttrValue::from(text.to_string()),
            diagnostics: Rc::new(loaded.diagnostics),
            pod_name: loaded.pod.as_ref().map(|p| p.name().to_string()),
            containers: Rc::new(containers),
            pod_with_status: loaded.pod.filter(|p| p.status.is_some()).map(Rc::new),
        }
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

fn line(kind: &'static str, c: &lifecycle::model::Container) -> ContainerLine {
    ContainerLine { kind, name: c.name.clone(), image: c.image.clone().unwrap_or_default() }
}

impl Reducible for DocState {
    type Action = DocAction;

    fn reduce(self: Rc<Self>, action: DocAction) -> Rc<Self> {
        match action {
            DocAction::Edit(text) if text == self.text.as_str() => self,
            DocAction::Edit(text) => Rc::new(DocState::new(&text)),
        }
    }
}
