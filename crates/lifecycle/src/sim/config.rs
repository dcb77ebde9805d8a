//! What a run needs besides the Pod: seed, horizon, version, the node, image settings and the timed
//! user actions. The Scenario document is mapped onto this by the loader's caller.

use crate::phase::KubeVersion;
use crate::time::Timestamp;

/// The longest horizon a run simulates (3 days); longer requests are clamped and noted. Three days
/// hold a crash loop's ~800 restarts at the 5-minute back-off cap, and a clamped year still ends in
/// well under 100 ms natively (issue #7's hostile-input budget; 7 days took 105-140 ms).
pub const MAX_HORIZON_MS: i64 = 3 * 24 * 3_600_000;
/// The most event occurrences a trace holds before the run stops with `truncated: true`.
pub const MAX_EVENTS: usize = 1_000_000;
/// The most queue steps a run takes before it stops with `truncated: true`.
pub const MAX_STEPS: u64 = 20_000_000;

/// Settings of one simulation run.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Seed of the run's only RNG.
    pub seed: u64,
    /// How far to simulate, in ms since creation (clamped to [`MAX_HORIZON_MS`]).
    pub horizon_ms: i64,
    /// The Kubernetes release whose semantics and wording to follow.
    pub version: KubeVersion,
    /// Wall-clock instant of the pod's creation (`metadata.creationTimestamp`).
    pub epoch: Timestamp,
    /// The one node of the cluster.
    pub node: NodeConfig,
    /// Typical time to pull an image that is not on the node.
    pub pull_ms: i64,
    /// Image references whose pull fails (not found).
    pub unavailable_images: Vec<String>,
    /// Timed interventions, in any order (applied in time order, ties in list order).
    pub actions: Vec<Action>,
    /// Feature gates set explicitly (name → enabled); the others keep `version`'s defaults.
    pub feature_gates: std::collections::BTreeMap<String, bool>,
}

impl SimConfig {
    /// The version rules with this run's explicit feature gates applied.
    pub fn semantics(&self) -> crate::phase::PhaseSemantics {
        crate::phase::PhaseSemantics::with_gates(self.version, &self.feature_gates)
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 1,
            horizon_ms: 600_000,
            version: KubeVersion::DEFAULT,
            // 2026-01-01T00:00:00Z
            epoch: Timestamp::from_millis(1_767_225_600_000),
            node: NodeConfig::default(),
            pull_ms: 2_000,
            unavailable_images: Vec::new(),
            actions: Vec::new(),
            feature_gates: std::collections::BTreeMap::new(),
        }
    }
}

/// The node the pod may run on.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeConfig {
    /// Node name.
    pub name: String,
    /// Node IP (status.hostIP).
    pub ip: String,
    /// Allocatable CPU in millicores.
    pub cpu_millis: i64,
    /// Allocatable memory in bytes.
    pub memory_bytes: i64,
    /// Node labels (nodeSelector matching).
    pub labels: Vec<(String, String)>,
    /// Images already present on the node (as written, e.g. `nginx:1.27`).
    pub images: Vec<String>,
}

impl Default for NodeConfig {
    fn default() -> Self {
        NodeConfig {
            name: "node-1".to_string(),
            ip: "172.18.0.2".to_string(),
            cpu_millis: 2_000,
            memory_bytes: 4 * 1024 * 1024 * 1024,
            labels: vec![
                ("kubernetes.io/hostname".to_string(), "node-1".to_string()),
                ("kubernetes.io/os".to_string(), "linux".to_string()),
            ],
            images: Vec::new(),
        }
    }
}

/// A Service known to the simulation (name and ports; endpoints follow the pod's readiness).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpec {
    /// `metadata.name`.
    pub name: String,
    /// Service ports.
    pub ports: Vec<i64>,
    /// `spec.selector`: the pod is an endpoint when its labels match (no selector: never).
    pub selector: Vec<(String, String)>,
}

/// A timed intervention.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// When, in ms since creation.
    pub at_ms: i64,
    /// What.
    pub kind: ActionKind,
}

/// The verbs of a Scenario action.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ActionKind {
    /// `kubectl delete pod [--grace-period=N] [--force]`.
    DeletePod {
        /// Grace period; `None` uses the pod's terminationGracePeriodSeconds.
        grace_seconds: Option<i64>,
        /// `--force` with grace 0: the API object goes at once.
        force: bool,
    },
    /// `kubectl exec POD -c CONTAINER -- ARGV` (e.g. `sh -c "rm -f /tmp/healthy"`).
    Exec {
        /// Target container.
        container: String,
        /// argv.
        command: Vec<String>,
    },
    /// Patch a pod condition (readiness gates), e.g. `www.example.com/feature-1` = `True`.
    SetCondition {
        /// Condition type.
        type_: String,
        /// True | False | Unknown.
        status: String,
    },
    /// The node stops (false) or resumes (true) reporting to the control plane.
    NodeReady(bool),
    /// Create or replace a Service.
    ApplyService(ServiceSpec),
    /// Delete a Service by name.
    DeleteService(String),
    /// Remove all `spec.schedulingGates`.
    RemoveSchedulingGates,
    /// Write a file on the node (seen through hostPath volumes).
    NodeFile {
        /// Absolute node path.
        path: String,
        /// Content.
        content: String,
    },
    /// `kubectl debug`: add an ephemeral container (never restarted).
    Debug {
        /// The ephemeral container.
        container: Box<crate::model::Container>,
        /// `--target`: the container whose process namespace it joins.
        target: Option<String>,
    },
    /// `kubectl set image`: change a container's image.
    SetImage {
        /// Container name (app, init or sidecar).
        container: String,
        /// New image.
        image: String,
    },
}
