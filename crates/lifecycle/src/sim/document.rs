//! From a loaded document (Pod + Services + Scenario) to a run: the one mapping both hosts use.
//!
//! Scenario parts the engine cannot simulate become warnings at their line, never silent drops.

use super::config::{Action, ActionKind, NodeConfig, ServiceSpec, SimConfig, MAX_HORIZON_MS};
use super::{simulate, Trace};
use crate::diag::Diagnostic;
use crate::kubectl::quantity;
use crate::load::Loaded;
use crate::phase::KubeVersion;
use crate::scenario::{Command, Scenario, Verb};
use crate::service::Service;
use crate::text::{Key, Phrase};

/// Settings a host may put on top of the Scenario document (CLI flags, the page's controls).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunOverrides {
    /// Replaces `spec.seed`.
    pub seed: Option<u64>,
    /// Replaces `spec.horizon`, in ms.
    pub horizon_ms: Option<i64>,
}

/// A finished run of a document.
#[derive(Debug, Clone)]
pub struct DocumentRun {
    /// What happened.
    pub trace: Trace,
    /// The configuration it ran with.
    pub config: SimConfig,
    /// Scenario settings podlife accepted but could not honour (warnings, with their lines).
    pub notices: Vec<Diagnostic>,
}

/// Runs the document's Pod, or returns `None` when it has no Pod or has errors (nothing to run).
pub fn run_document(loaded: &Loaded, overrides: RunOverrides) -> Option<DocumentRun> {
    if loaded.has_errors() {
        return None;
    }
    let pod = loaded.pod.as_ref()?;
    let (mut config, notices) = config_for(loaded.scenario.as_ref(), overrides);
    // `kubectl exec` without -c picks the first container.
    let first = pod.spec.containers.first().map(|c| c.name.clone()).unwrap_or_default();
    for a in &mut config.actions {
        if let ActionKind::Exec { container, .. } = &mut a.kind {
            if container.is_empty() {
                container.clone_from(&first);
            }
        }
    }
    let services: Vec<ServiceSpec> = loaded.services.iter().map(service_spec).collect();
    let trace = simulate(pod, &services, &config);
    Some(DocumentRun { trace, config, notices })
}

/// The engine's configuration for a Scenario (or the defaults without one), plus warnings.
pub fn config_for(scenario: Option<&Scenario>, overrides: RunOverrides) -> (SimConfig, Vec<Diagnostic>) {
    let mut config = SimConfig::default();
    let mut notices = Vec::new();
    if let Some(s) = scenario {
        config.seed = s.seed;
        config.horizon_ms = i64::try_from(s.horizon_ms).unwrap_or(MAX_HORIZON_MS);
        if let Some(v) = &s.kubernetes_version {
            match KubeVersion::parse(v) {
                Some(kv) => config.version = kv,
                None => notices.push(Diagnostic::warning_said(
                    "spec.kubernetesVersion",
                    None,
                    Phrase::new(
                        Key::UnknownKubernetesVersion,
                        [format!("{v:?}"), KubeVersion::DEFAULT.to_string()],
                    ),
                )),
            }
        }
        config.feature_gates.clone_from(&s.feature_gates);
        config.node = node_config(s, &mut notices);
        if let Some(secs) = s.images.pull_seconds {
            config.pull_ms = (secs.max(0.0) * 1000.0).round().min(MAX_HORIZON_MS as f64) as i64;
        }
        config.unavailable_images = s.images.unavailable.clone();
        for a in &s.actions {
            let at_ms = i64::try_from(a.at_ms).unwrap_or(MAX_HORIZON_MS);
            match action_kind(&a.verb) {
                Ok(kind) => config.actions.push(Action { at_ms, kind }),
                Err(what) => notices.push(Diagnostic::warning_said(
                    format!("spec.actions[{}]", a.index),
                    a.pos,
                    Phrase::new(Key::ActionNotSimulated, [what]),
                )),
            }
        }
    }
    if let Some(seed) = overrides.seed {
        config.seed = seed;
    }
    if let Some(h) = overrides.horizon_ms {
        config.horizon_ms = h;
    }
    if config.horizon_ms > MAX_HORIZON_MS {
        notices.push(Diagnostic::warning_said(
            "spec.horizon",
            scenario.and_then(|s| s.horizon_pos),
            Phrase::new(
                Key::HorizonTooLong,
                [crate::time::go_duration(config.horizon_ms), crate::time::go_duration(MAX_HORIZON_MS)],
            ),
        ));
        config.horizon_ms = MAX_HORIZON_MS;
    }
    (config, notices)
}

fn node_config(s: &Scenario, notices: &mut Vec<Diagnostic>) -> NodeConfig {
    let mut node = NodeConfig::default();
    if let Some(name) = &s.node.name {
        node.name = name.clone();
        for (k, v) in node.labels.iter_mut() {
            if k == "kubernetes.io/hostname" {
                *v = name.clone();
            }
        }
    }
    for (resource, q) in &s.node.allocatable {
        let Some(parsed) = quantity::parse_model(q) else { continue };
        match resource.as_str() {
            // Quantities are held as value × 10⁹: millicores are value × 10³, bytes value × 1.
            "cpu" => node.cpu_millis = i64::try_from(parsed.nanos / 1_000_000).unwrap_or(i64::MAX),
            "memory" => node.memory_bytes = i64::try_from(parsed.nanos / 1_000_000_000).unwrap_or(i64::MAX),
            _ => {}
        }
    }
    for (k, v) in &s.node.labels {
        match node.labels.iter_mut().find(|(key, _)| key == k) {
            Some(entry) => entry.1 = v.clone(),
            None => node.labels.push((k.clone(), v.clone())),
        }
    }
    node.images = s.node.images.clone();
    if !s.node.taints.is_empty() {
        notices.push(Diagnostic::warning_said(
            "spec.node.taints",
            None,
            Phrase::new(Key::TaintsNotSimulated, [""; 0]),
        ));
    }
    node
}

/// The engine action for a Scenario verb, or what is not simulated yet.
fn action_kind(verb: &Verb) -> Result<ActionKind, &'static str> {
    Ok(match verb {
        Verb::Exec(e) => ActionKind::Exec {
            container: e.container.clone().unwrap_or_default(),
            command: match &e.command {
                Some(Command::Shell(s)) => vec!["sh".to_string(), "-c".to_string(), s.clone()],
                Some(Command::Argv(v)) => v.clone(),
                None => Vec::new(),
            },
        },
        Verb::Apply(svc) => ActionKind::ApplyService(service_spec(svc)),
        Verb::Delete(d) if d.kind == "Service" => {
            ActionKind::DeleteService(d.name.clone().unwrap_or_default())
        }
        Verb::Delete(d) => ActionKind::DeletePod { grace_seconds: d.grace_period_seconds, force: false },
        Verb::Node(n) => ActionKind::NodeReady(n.ready.unwrap_or(true)),
        Verb::SetCondition(c) => {
            ActionKind::SetCondition { type_: c.type_.clone(), status: c.status.clone() }
        }
        Verb::NodeFile(f) => ActionKind::NodeFile { path: f.path.clone(), content: f.content.clone() },
        Verb::Debug(d) => {
            let command = d.command.as_ref().map(|c| match c {
                Command::Shell(s) => vec!["sh".to_string(), "-c".to_string(), s.clone()],
                Command::Argv(v) => v.clone(),
            });
            // `kubectl debug -it`: stdin and a TTY, so a shell without a command waits for its user.
            let interactive = command.is_none();
            let container = crate::model::Container {
                name: d.name.clone(),
                image: Some(d.image.clone()),
                command,
                stdin: interactive.then_some(true),
                tty: interactive.then_some(true),
                target_container_name: d.target.clone(),
                termination_message_policy: Some("File".to_string()),
                termination_message_path: Some("/dev/termination-log".to_string()),
                image_pull_policy: Some(crate::defaults::default_pull_policy(&d.image).to_string()),
                ..crate::model::Container::default()
            };
            ActionKind::Debug { container: Box::new(container), target: d.target.clone() }
        }
        Verb::SetImage(s) => ActionKind::SetImage { container: s.container.clone(), image: s.image.clone() },
    })
}

fn service_spec(svc: &Service) -> ServiceSpec {
    ServiceSpec {
        name: svc.metadata.name.clone().unwrap_or_default(),
        ports: svc.spec.ports.iter().flatten().map(|p| p.port).collect(),
        selector: svc.spec.selector.iter().flatten().map(|(k, v)| (k.clone(), v.clone())).collect(),
    }
}
