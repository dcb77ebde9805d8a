//! The Scenario document (`apiVersion: podlife.dev/v1alpha1`, `kind: Scenario`): run settings and the
//! timed actions a user appends instead of mutating a running simulation (see DESIGN.md).
//!
//! The text is decoded into `Raw*` serde types (unknown fields are reported by the decoder), then checked
//! and turned into the typed [`Scenario`], with every error anchored to its line.

use crate::decode::{go_quote, index_path, no_variant, Untagged};
use crate::diag::{Diagnostic, Pos};
use crate::load::SourceMap;
use crate::model::{ObjectMeta, Quantity};
use crate::service::Service;
use crate::text::{Key, Phrase};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The apiVersion of a Scenario document.
pub const API_VERSION: &str = "podlife.dev/v1alpha1";
/// Default RNG seed.
pub const DEFAULT_SEED: u64 = 1;
/// Default horizon: 10 minutes.
pub const DEFAULT_HORIZON_MS: u64 = 600_000;

/// The most Scenario actions a run takes: a person clicks them in one by one, and 10,000 of them
/// would cost more to decode and run than issue #7's 100 ms budget for hostile input.
pub const MAX_ACTIONS: usize = 1_000;

/// Run settings and timed actions, with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Seed of the simulation's one RNG.
    pub seed: u64,
    /// How far to simulate, in milliseconds.
    pub horizon_ms: u64,
    /// Which Kubernetes semantics to follow, e.g. `1.35`; `None` means podlife's default.
    pub kubernetes_version: Option<String>,
    /// Feature gates set explicitly (`spec.featureGates`, name → enabled), e.g. to turn on an alpha
    /// gate such as RestartAllContainersOnContainerExits on 1.35; see [`crate::phase::PhaseSemantics::with_gates`].
    pub feature_gates: BTreeMap<String, bool>,
    /// The node the pod lands on.
    pub node: ScenarioNode,
    /// Image pulling behaviour.
    pub images: ScenarioImages,
    /// Timed interventions, in the order written.
    pub actions: Vec<Action>,
    /// Where `spec.horizon` is written, for the note when a run clamps it.
    pub horizon_pos: Option<Pos>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            seed: DEFAULT_SEED,
            horizon_ms: DEFAULT_HORIZON_MS,
            kubernetes_version: None,
            feature_gates: BTreeMap::new(),
            node: ScenarioNode::default(),
            images: ScenarioImages::default(),
            actions: Vec::new(),
            horizon_pos: None,
        }
    }
}

/// The simulated node.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioNode {
    /// Node name; podlife's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Allocatable resources, e.g. `cpu: "2"`, `memory: 4Gi`.
    #[serde(default)]
    pub allocatable: BTreeMap<String, Quantity>,
    /// Images already present on the node.
    #[serde(default)]
    pub images: Vec<String>,
    /// Node labels (for nodeSelector).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Node taints.
    #[serde(default)]
    pub taints: Vec<Taint>,
}

/// A node taint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Taint {
    /// Taint key.
    #[serde(default)]
    pub key: String,
    /// Taint value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// NoSchedule | PreferNoSchedule | NoExecute.
    #[serde(default)]
    pub effect: String,
}

/// Image pulling settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScenarioImages {
    /// Seconds one pull takes; podlife's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_seconds: Option<f64>,
    /// Images whose pull fails (ErrImagePull).
    #[serde(default)]
    pub unavailable: Vec<String>,
}

/// One timed action.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// When, in milliseconds since the pod was created.
    pub at_ms: u64,
    /// What happens.
    pub verb: Verb,
    /// Where the action is written (its list item).
    pub pos: Option<Pos>,
    /// Its index in `spec.actions`, for paths (`spec.actions[3]`).
    pub index: usize,
}

/// The one thing an action does.
#[derive(Debug, Clone, PartialEq)]
pub enum Verb {
    /// Run a command in a container.
    Exec(ExecVerb),
    /// Create or replace a Service.
    Apply(Box<Service>),
    /// Delete the Pod (graceful) or a Service.
    Delete(DeleteVerb),
    /// Change the node's state.
    Node(NodeVerb),
    /// Set a pod condition (readiness gates).
    SetCondition(SetConditionVerb),
    /// Write a file on the node (hostPath volumes).
    NodeFile(NodeFileVerb),
    /// Add an ephemeral container, as `kubectl debug` does.
    Debug(DebugVerb),
    /// Change a container's image, as `kubectl set image` does.
    SetImage(SetImageVerb),
}

/// A command: a string runs under `sh -c`, a list is an argv.
// Deserialize is written by hand (below): serde's derived untagged decoding is large in the wasm bundle.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Command {
    /// `sh -c <string>`.
    Shell(String),
    /// argv.
    Argv(Vec<String>),
}

// Accepts exactly what `#[serde(untagged)]` did: a string, or a list whose items are all strings.
impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Untagged::deserialize(d)? {
            Untagged::Str(s) => Ok(Command::Shell(s)),
            Untagged::Seq(Some(argv)) => Ok(Command::Argv(argv)),
            _ => Err(no_variant("Command")),
        }
    }
}

/// `exec: {container, command}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExecVerb {
    /// Target container; the first app container when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    /// What to run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
}

/// `delete: {kind, name, gracePeriodSeconds}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteVerb {
    /// Pod | Service.
    #[serde(default)]
    pub kind: String,
    /// Object name; for a Pod, the scenario's pod when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `kubectl delete --grace-period`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_period_seconds: Option<i64>,
}

/// `node: {ready}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeVerb {
    /// The node's Ready condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
}

/// `setCondition: {type, status, reason, message}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetConditionVerb {
    /// Condition type, e.g. a readiness gate's conditionType.
    #[serde(default, rename = "type")]
    pub type_: String,
    /// True | False | Unknown.
    #[serde(default)]
    pub status: String,
    /// Reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `nodeFile: {path, content}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NodeFileVerb {
    /// Absolute path on the node.
    #[serde(default)]
    pub path: String,
    /// File content.
    #[serde(default)]
    pub content: String,
}

/// `debug: {name, image, target, command}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DebugVerb {
    /// Ephemeral container name.
    #[serde(default)]
    pub name: String,
    /// Image.
    #[serde(default)]
    pub image: String,
    /// Container whose process namespace it joins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// What it runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
}

/// `setImage: {container, image}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetImageVerb {
    /// Container to change.
    #[serde(default)]
    pub container: String,
    /// New image.
    #[serde(default)]
    pub image: String,
}

// ---------------------------------------------------------------------------------------------------
// Wire shapes

/// The document as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RawScenario {
    #[serde(default)]
    #[allow(dead_code)]
    api_version: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    kind: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    metadata: Option<ObjectMeta>,
    #[serde(default)]
    spec: RawSpec,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawSpec {
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    horizon: Option<serde_yaml::Value>,
    #[serde(default)]
    kubernetes_version: Option<String>,
    #[serde(default)]
    feature_gates: Option<BTreeMap<String, bool>>,
    #[serde(default)]
    node: Option<ScenarioNode>,
    #[serde(default)]
    images: Option<ScenarioImages>,
    #[serde(default)]
    actions: Option<Vec<RawAction>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawAction {
    #[serde(default)]
    at: Option<serde_yaml::Value>,
    #[serde(default)]
    exec: Option<ExecVerb>,
    // Boxed: a Service is most of an action's size, and 10k actions are moved around in a Vec.
    #[serde(default)]
    apply: Option<Box<Service>>,
    #[serde(default)]
    delete: Option<DeleteVerb>,
    #[serde(default)]
    node: Option<NodeVerb>,
    #[serde(default)]
    set_condition: Option<SetConditionVerb>,
    #[serde(default)]
    node_file: Option<NodeFileVerb>,
    #[serde(default)]
    debug: Option<DebugVerb>,
    #[serde(default)]
    set_image: Option<SetImageVerb>,
}

/// The verbs, in the order DESIGN.md lists them.
pub const VERBS: [&str; 8] =
    ["exec", "apply", "delete", "node", "setCondition", "nodeFile", "debug", "setImage"];

/// Parses a Go-style duration (`90s`, `2m`, `1h30m`, `1.5s`, `500ms`, `0`) into milliseconds.
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    if s == "0" {
        return Some(0);
    }
    if s.is_empty() {
        return None;
    }
    let mut total = 0f64;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let n: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += n * scale;
    }
    if !total.is_finite() || total > 1e15 {
        return None;
    }
    Some(total.round() as u64)
}

fn duration_value(v: &serde_yaml::Value) -> Result<u64, Phrase> {
    match v {
        serde_yaml::Value::String(s) => parse_duration_ms(s)
            .ok_or_else(|| Phrase::new(Key::ExpectedDuration, [format!("Invalid value: {}", go_quote(s))])),
        // A bare number means seconds.
        serde_yaml::Value::Number(n) => match n.as_f64() {
            Some(f) if f >= 0.0 && f.is_finite() && f < 1e12 => Ok((f * 1000.0).round() as u64),
            _ => Err(Phrase::new(Key::ExpectedDuration, [format!("Invalid value: {n}")])),
        },
        _ => Err(Phrase::new(Key::ExpectedDuration, ["Invalid value"])),
    }
}

/// Checks the decoded document and builds the typed Scenario; errors are anchored through `source`.
pub(crate) fn build(raw: RawScenario, source: &SourceMap, diags: &mut Vec<Diagnostic>) -> Scenario {
    let spec = raw.spec;
    let mut out = Scenario::default();
    // Errors in podlife's own words, kept apart while `err` borrows `diags`.
    let mut said: Vec<Diagnostic> = Vec::new();
    let mut say = |path: &str, p: Phrase| said.push(Diagnostic::error_said(path, source.pos(path), p));
    let mut err = |path: &str, msg: String| diags.push(Diagnostic::error(path, source.pos(path), msg));
    if let Some(seed) = spec.seed {
        out.seed = seed;
    }
    if let Some(h) = &spec.horizon {
        out.horizon_pos = source.pos("spec.horizon");
        match duration_value(h) {
            Ok(0) => err("spec.horizon", "Invalid value: 0: must be greater than 0".to_string()),
            Ok(ms) => out.horizon_ms = ms,
            Err(p) => say("spec.horizon", p),
        }
    }
    if let Some(v) = spec.kubernetes_version {
        let ok = v
            .strip_prefix("1.")
            .is_some_and(|minor| !minor.is_empty() && minor.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            let phrase =
                Phrase::new(Key::ExpectedKubernetesVersion, [format!("Invalid value: {}", go_quote(&v))]);
            say("spec.kubernetesVersion", phrase);
        }
        out.kubernetes_version = Some(v);
    }
    for (name, on) in spec.feature_gates.unwrap_or_default() {
        if crate::phase::KNOWN_FEATURE_GATES.contains(&name.as_str()) {
            out.feature_gates.insert(name, on);
        } else {
            let known = crate::phase::KNOWN_FEATURE_GATES.join(", ");
            say(
                &format!("spec.featureGates.{name}"),
                Phrase::new(Key::UnknownFeatureGate, [name.clone(), known]),
            );
        }
    }
    if let Some(node) = spec.node {
        for (i, t) in node.taints.iter().enumerate() {
            if t.key.is_empty() {
                err(&format!("spec.node.taints[{i}].key"), "Required value".to_string());
            }
            const EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
            if !EFFECTS.contains(&t.effect.as_str()) {
                err(&format!("spec.node.taints[{i}].effect"), not_supported(&t.effect, &EFFECTS));
            }
        }
        out.node = node;
    }
    if let Some(images) = spec.images {
        if images.pull_seconds.is_some_and(|s| s < 0.0 || !s.is_finite()) {
            err("spec.images.pullSeconds", "Invalid value: must be greater than or equal to 0".to_string());
        }
        out.images = images;
    }
    for (i, a) in spec.actions.unwrap_or_default().into_iter().enumerate() {
        let base = index_path("spec.actions", i);
        let at_ms = match &a.at {
            None | Some(serde_yaml::Value::Null) => {
                err(&format!("{base}.at"), "Required value".to_string());
                None
            }
            Some(v) => match duration_value(v) {
                Ok(ms) => Some(ms),
                Err(p) => {
                    say(&format!("{base}.at"), p);
                    None
                }
            },
        };
        let mut verbs: Vec<(&str, Verb)> = Vec::new();
        if let Some(v) = a.exec {
            verbs.push(("exec", Verb::Exec(v)));
        }
        if let Some(v) = a.apply {
            verbs.push(("apply", Verb::Apply(v)));
        }
        if let Some(v) = a.delete {
            verbs.push(("delete", Verb::Delete(v)));
        }
        if let Some(v) = a.node {
            verbs.push(("node", Verb::Node(v)));
        }
        if let Some(v) = a.set_condition {
            verbs.push(("setCondition", Verb::SetCondition(v)));
        }
        if let Some(v) = a.node_file {
            verbs.push(("nodeFile", Verb::NodeFile(v)));
        }
        if let Some(v) = a.debug {
            verbs.push(("debug", Verb::Debug(v)));
        }
        if let Some(v) = a.set_image {
            verbs.push(("setImage", Verb::SetImage(v)));
        }
        if verbs.is_empty() {
            err(
                &base,
                "Required value: must specify one of: exec, apply, delete, node, setCondition, nodeFile, debug, setImage"
                    .to_string(),
            );
            continue;
        }
        for (name, _) in verbs.iter().skip(1) {
            err(&format!("{base}.{name}"), "Forbidden: may not specify more than 1 action".to_string());
        }
        let (name, verb) = verbs.swap_remove(0);
        let vp = [base.as_str(), name].join(".");
        check_verb(&verb, &vp, &mut err);
        if verbs.is_empty() {
            if let Some(at_ms) = at_ms {
                out.actions.push(Action { at_ms, verb, pos: source.pos(&base), index: i });
            }
        }
    }
    diags.append(&mut said);
    out
}

fn check_verb(verb: &Verb, vp: &str, err: &mut impl FnMut(&str, String)) {
    let required = |err: &mut dyn FnMut(&str, String), field: &str, value: &str| {
        if value.trim().is_empty() {
            err(&format!("{vp}.{field}"), "Required value".to_string());
        }
    };
    match verb {
        Verb::Exec(e) => match &e.command {
            None => err(&format!("{vp}.command"), "Required value".to_string()),
            Some(Command::Argv(v)) if v.is_empty() => {
                err(&format!("{vp}.command"), "Required value".to_string())
            }
            Some(_) => {}
        },
        Verb::Apply(s) => {
            let kind = s.kind.as_deref().unwrap_or("");
            if kind != "Service" {
                err(&format!("{vp}.kind"), not_supported(kind, &["Service"]));
            }
            if s.api_version.as_deref().unwrap_or("") != "v1" {
                err(
                    &format!("{vp}.apiVersion"),
                    not_supported(s.api_version.as_deref().unwrap_or(""), &["v1"]),
                );
            }
            required(err, "metadata.name", s.name());
        }
        Verb::Delete(d) => {
            if !["Pod", "Service"].contains(&d.kind.as_str()) {
                err(&format!("{vp}.kind"), not_supported(&d.kind, &["Pod", "Service"]));
            }
            if d.kind == "Service" {
                required(err, "name", d.name.as_deref().unwrap_or(""));
            }
            if d.grace_period_seconds.is_some_and(|g| g < 0) {
                err(
                    &format!("{vp}.gracePeriodSeconds"),
                    "Invalid value: must be greater than or equal to 0".to_string(),
                );
            }
        }
        Verb::Node(n) => {
            if n.ready.is_none() {
                err(&format!("{vp}.ready"), "Required value".to_string());
            }
        }
        Verb::SetCondition(c) => {
            required(err, "type", &c.type_);
            const STATUSES: [&str; 3] = ["True", "False", "Unknown"];
            if !STATUSES.contains(&c.status.as_str()) {
                err(&format!("{vp}.status"), not_supported(&c.status, &STATUSES));
            }
        }
        Verb::NodeFile(f) => {
            if !f.path.starts_with('/') {
                err(
                    &format!("{vp}.path"),
                    format!("Invalid value: {}: must be an absolute path", go_quote(&f.path)),
                );
            }
        }
        Verb::Debug(d) => {
            required(err, "name", &d.name);
            required(err, "image", &d.image);
        }
        Verb::SetImage(s) => {
            required(err, "container", &s.container);
            required(err, "image", &s.image);
        }
    }
}

fn not_supported(value: &str, supported: &[&str]) -> String {
    let list: Vec<String> = supported.iter().map(|s| go_quote(s)).collect();
    format!("Unsupported value: {}: supported values: {}", go_quote(value), list.join(", "))
}

/// Warnings about actions that will never run, and references to containers the pod lacks.
pub(crate) fn cross_check(
    scenario: &Scenario,
    containers: &[String],
    source: &SourceMap,
    diags: &mut Vec<Diagnostic>,
) {
    for a in &scenario.actions {
        let base = index_path("spec.actions", a.index);
        if a.at_ms > scenario.horizon_ms {
            let path = format!("{base}.at");
            diags.push(Diagnostic::warning_said(
                path.clone(),
                source.pos(&path),
                Phrase::new(Key::ActionAfterHorizon, [scenario.horizon_ms.to_string()]),
            ));
        }
        let refs: Vec<(String, &str)> = match &a.verb {
            Verb::Exec(e) => {
                e.container.as_deref().map(|c| (format!("{base}.exec.container"), c)).into_iter().collect()
            }
            Verb::SetImage(s) => vec![(format!("{base}.setImage.container"), s.container.as_str())],
            Verb::Debug(d) => {
                d.target.as_deref().map(|c| (format!("{base}.debug.target"), c)).into_iter().collect()
            }
            _ => Vec::new(),
        };
        for (path, name) in refs {
            if !name.is_empty() && !containers.iter().any(|c| c == name) {
                diags.push(Diagnostic::error(
                    path.clone(),
                    source.pos(&path),
                    format!("Not found: {}", go_quote(name)),
                ));
            }
        }
    }
}
