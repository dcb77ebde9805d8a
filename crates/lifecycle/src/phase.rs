//! The kubelet's `getPhase` (`pkg/kubelet/kubelet_pods.go`): the pod phase from spec and container statuses.
//!
//! Version differences are parametrised by [`PhaseSemantics`], derived from a [`KubeVersion`]:
//! - ≤ 1.31: a pod with an unstarted sidecar is "not initialized" while no regular container has run
//!   (`HasAnyRegularContainerStarted`);
//! - ≥ 1.32: the caller passes `podHasInitialized` (false again after a sandbox re-creation);
//! - ≥ 1.35: container-level `restartPolicy` / `restartPolicyRules` (ContainerRestartRules, beta);
//! - ≥ 1.36: the `RestartAllContainers` rule action (RestartAllContainersOnContainerExits, beta).
//!
//! Beta gates are assumed on by default [INF: k8s-semantics.md §1.4 only gives the KEP stage]; a
//! Scenario's `featureGates` overrides them either way (see [`PhaseSemantics::with_gates`]), e.g.
//! `featureGates: {RestartAllContainersOnContainerExits: true}` on 1.35 where that gate is alpha.

use crate::model::{Container, ContainerState, ContainerStatus, PodSpec};
use std::fmt;

/// A Kubernetes minor release, e.g. `KubeVersion::new(1, 35)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion {
    /// Major version (always 1).
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl KubeVersion {
    /// The release podlife simulates by default.
    pub const DEFAULT: KubeVersion = KubeVersion { major: 1, minor: 35 };

    /// `major.minor`.
    pub const fn new(major: u32, minor: u32) -> Self {
        KubeVersion { major, minor }
    }

    /// True when this release is `major.minor` or newer.
    pub const fn at_least(self, major: u32, minor: u32) -> bool {
        self.major > major || (self.major == major && self.minor >= minor)
    }

    /// Parses `1.35`, `v1.35` or `1.35.2` (the patch is ignored).
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().trim_start_matches('v');
        let mut parts = t.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        if let Some(patch) = parts.next() {
            patch.parse::<u32>().ok()?;
        }
        parts.next().is_none().then_some(KubeVersion { major, minor })
    }
}

impl Default for KubeVersion {
    fn default() -> Self {
        KubeVersion::DEFAULT
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Which `getPhase` rules apply; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PhaseSemantics {
    /// Use the caller's `pod_has_initialized` (≥ 1.32) instead of `HasAnyRegularContainerStarted`.
    pub pod_has_initialized: bool,
    /// Honour container-level `restartPolicy` and `restartPolicyRules` (ContainerRestartRules).
    pub container_restart_rules: bool,
    /// Honour the `RestartAllContainers` rule action.
    pub restart_all_containers: bool,
}

impl PhaseSemantics {
    /// The rules of a given release.
    pub const fn for_version(v: KubeVersion) -> Self {
        PhaseSemantics {
            pod_has_initialized: v.at_least(1, 32),
            container_restart_rules: v.at_least(1, 35),
            restart_all_containers: v.at_least(1, 36),
        }
    }
}

/// The feature gates a Scenario may set (`spec.featureGates`), each with the field of
/// [`PhaseSemantics`] it switches.
pub const KNOWN_FEATURE_GATES: [&str; 2] = ["ContainerRestartRules", "RestartAllContainersOnContainerExits"];

impl PhaseSemantics {
    /// The rules of release `v` with explicit gate settings on top.
    ///
    /// podlife's answer to alpha gates (off by default, e.g. RestartAllContainersOnContainerExits
    /// in 1.35): a Scenario may write `featureGates: {Name: true}` as a cluster admin would pass
    /// `--feature-gates` to the apiserver and kubelet; a gate it does not name keeps the release's
    /// default. Both components are assumed to agree, so validation and the engine read the same set.
    pub fn with_gates(v: KubeVersion, gates: &std::collections::BTreeMap<String, bool>) -> Self {
        let mut s = PhaseSemantics::for_version(v);
        if let Some(&on) = gates.get("ContainerRestartRules") {
            s.container_restart_rules = on;
        }
        if let Some(&on) = gates.get("RestartAllContainersOnContainerExits") {
            s.restart_all_containers = on;
        }
        s
    }
}

impl Default for PhaseSemantics {
    fn default() -> Self {
        PhaseSemantics::for_version(KubeVersion::DEFAULT)
    }
}

/// One version-dependent behaviour podlife simulates, for "which semantics apply".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionFeature {
    /// A short stable name (the feature gate's name where there is one).
    pub name: &'static str,
    /// The first release where it applies by default.
    pub since: KubeVersion,
    /// What changes, in podlife's words.
    pub description: crate::text::Phrase,
}

/// Every version-dependent behaviour podlife switches on `kubernetesVersion`, oldest first.
pub fn version_features() -> Vec<VersionFeature> {
    use crate::text::{Key, Phrase};
    let f = |name, minor, key| VersionFeature {
        name,
        since: KubeVersion::new(1, minor),
        description: Phrase::new(key, Vec::<String>::new()),
    };
    vec![
        f("SidecarContainers", 29, Key::SemSidecarContainers),
        f("PodReadyToStartContainersCondition", 29, Key::SemPodReadyToStartContainers),
        f("ImagePullBackOffLastError", 30, Key::SemImagePullBackOffDetail),
        f("PodHasInitialized", 32, Key::SemPodHasInitialized),
        f("BackOffRequeueAtExpiry", 33, Key::SemBackoffRequeue),
        f("EventWording1.33", 33, Key::SemEventWording133),
        f("EventWording1.35", 35, Key::SemEventWording135),
        f("ContainerRestartRules", 35, Key::SemContainerRestartRules),
        f("RestartAllContainersOnContainerExits", 36, Key::SemRestartAllContainersSimulated),
    ]
}

/// The version-dependent behaviours that apply to release `v` (on by default there).
pub fn semantics_for(v: KubeVersion) -> Vec<VersionFeature> {
    version_features().into_iter().filter(|f| v.at_least(f.since.major, f.since.minor)).collect()
}

/// `status.phase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PodPhase {
    /// Accepted, not all containers started.
    Pending,
    /// Bound and at least one container running or restarting.
    Running,
    /// All containers terminated in success.
    Succeeded,
    /// All containers terminated, at least one in failure.
    Failed,
    /// Never produced by the kubelet (kept for pasted pods).
    Unknown,
}

impl PodPhase {
    /// The API string.
    pub const fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
            PodPhase::Unknown => "Unknown",
        }
    }

    /// Parses the API string.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "Pending" => PodPhase::Pending,
            "Running" => PodPhase::Running,
            "Succeeded" => PodPhase::Succeeded,
            "Failed" => PodPhase::Failed,
            "Unknown" => PodPhase::Unknown,
            _ => return None,
        })
    }

    /// Succeeded or Failed.
    pub const fn is_terminal(self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }
}

impl fmt::Display for PodPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the kubelet does after a container exits with a given code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestartAction {
    /// The container stays terminated.
    DoNotRestart,
    /// The container is restarted (with back-off).
    Restart,
    /// The whole pod restarts in place (RestartAllContainers rule).
    RestartAllContainers,
}

/// The restart decision for a container that exited with `exit_code`.
///
/// Sidecars always restart. Ordinary init containers treat a pod `Always` as `OnFailure`. With
/// ContainerRestartRules the first matching rule wins, then the container's own `restartPolicy`.
pub fn restart_action(
    container: &Container,
    is_init: bool,
    pod_restart_policy: Option<&str>,
    exit_code: i64,
    semantics: PhaseSemantics,
) -> RestartAction {
    if is_init && container.is_sidecar() {
        // A sidecar always restarts, unless one of its rules asks for the whole pod (KEP-5532).
        if semantics.container_restart_rules && semantics.restart_all_containers {
            if let Some(rule) = matching_rule(container, exit_code) {
                if rule.action == "RestartAllContainers" {
                    return RestartAction::RestartAllContainers;
                }
            }
        }
        return RestartAction::Restart;
    }
    let mut policy = pod_restart_policy.unwrap_or("Always");
    if semantics.container_restart_rules {
        // The first matching rule decides (findMatchingContainerRestartRule).
        if let Some(rule) = matching_rule(container, exit_code) {
            match rule.action.as_str() {
                "Restart" => return RestartAction::Restart,
                "RestartAllContainers" if semantics.restart_all_containers => {
                    return RestartAction::RestartAllContainers
                }
                _ => {}
            }
        }
        if let Some(p) = container.restart_policy.as_deref() {
            policy = p;
        }
    }
    if is_init && policy == "Always" {
        policy = "OnFailure";
    }
    match policy {
        "Always" => RestartAction::Restart,
        "OnFailure" if exit_code != 0 => RestartAction::Restart,
        _ => RestartAction::DoNotRestart,
    }
}

fn matching_rule(container: &Container, exit_code: i64) -> Option<&crate::model::ContainerRestartRule> {
    container.restart_policy_rules.as_deref().unwrap_or(&[]).iter().find(|rule| {
        rule.exit_codes.as_ref().is_some_and(|ec| match ec.operator.as_str() {
            "In" => ec.values.contains(&exit_code),
            "NotIn" => !ec.values.contains(&exit_code),
            _ => false,
        })
    })
}

/// `AllContainersCouldRestart`: some container of the pod has a RestartAllContainers rule.
pub fn all_containers_could_restart(spec: &PodSpec) -> bool {
    spec.init_containers
        .iter()
        .flatten()
        .chain(&spec.containers)
        .flat_map(|c| c.restart_policy_rules.iter().flatten())
        .any(|r| r.action == "RestartAllContainers")
}

/// `HasAnyRegularContainerStarted`: some regular container status is running or terminated.
pub fn has_any_regular_container_started(spec: &PodSpec, statuses: &[ContainerStatus]) -> bool {
    statuses.iter().any(|s| {
        spec.containers.iter().any(|c| c.name == s.name)
            && s.state.as_ref().is_some_and(|st| st.running.is_some() || st.terminated.is_some())
    })
}

fn find<'a>(name: &str, a: &'a [ContainerStatus], b: &'a [ContainerStatus]) -> Option<&'a ContainerStatus> {
    // Upstream looks names up in one combined list; names are unique across both lists.
    a.iter().chain(b.iter()).find(|s| s.name == name)
}

fn state(s: &ContainerStatus) -> ContainerState {
    s.state.clone().unwrap_or_default()
}

fn last_exit(s: &ContainerStatus) -> Option<i64> {
    s.last_state.as_ref().and_then(|l| l.terminated.as_ref()).map(|t| t.exit_code)
}

/// The kubelet's `getPhase` (k8s-semantics.md §1.1–1.2, §1.4).
///
/// `init_statuses` and `statuses` are looked up by container name. `pod_is_terminal` is the kubelet's
/// decision that no container will run again; `pod_has_initialized` is used only when
/// `semantics.pod_has_initialized` is set. Static pods are not modelled.
pub fn get_phase(
    spec: &PodSpec,
    init_statuses: &[ContainerStatus],
    statuses: &[ContainerStatus],
    pod_is_terminal: bool,
    pod_has_initialized: bool,
    semantics: PhaseSemantics,
) -> PodPhase {
    let pod_policy = spec.restart_policy.as_deref();
    let inits = spec.init_containers.as_deref().unwrap_or(&[]);
    let mut pending_regular_init = 0;
    let mut pending_restartable_init = 0;
    let mut failed_init_terminal = 0;

    for c in inits.iter().filter(|c| !c.is_sidecar()) {
        let Some(s) = find(&c.name, init_statuses, statuses) else {
            pending_regular_init += 1;
            continue;
        };
        let st = state(s);
        let failed_code = if st.running.is_some() {
            pending_regular_init += 1;
            None
        } else if let Some(t) = &st.terminated {
            (t.exit_code != 0).then_some(t.exit_code)
        } else if st.waiting.is_some() {
            match last_exit(s) {
                Some(code) => (code != 0).then_some(code),
                None => {
                    pending_regular_init += 1;
                    None
                }
            }
        } else {
            pending_regular_init += 1;
            None
        };
        // Upstream (≤1.34) fails the pod when an init container failed and the pod policy is Never;
        // with ContainerRestartRules the container's own decision replaces the pod policy. Both are
        // "this failure will not be retried".
        if let Some(code) = failed_code {
            if restart_action(c, true, pod_policy, code, semantics) == RestartAction::DoNotRestart {
                failed_init_terminal += 1;
            }
        }
    }

    let (mut unknown, mut running, mut waiting, mut stopped, mut succeeded) = (0, 0, 0, 0, 0);
    let mut will_restart = false;

    for c in inits.iter().filter(|c| c.is_sidecar()) {
        let Some(s) = find(&c.name, init_statuses, statuses) else {
            unknown += 1;
            continue;
        };
        let st = state(s);
        if st.running.is_some() {
            if s.started != Some(true) {
                pending_restartable_init += 1;
            }
            running += 1;
        } else if st.terminated.is_some() {
            // Terminated sidecars never count for the phase.
        } else if st.waiting.is_some() {
            if last_exit(s).is_none() {
                pending_restartable_init += 1;
                waiting += 1;
            }
        } else {
            pending_restartable_init += 1;
            unknown += 1;
        }
    }

    for c in &spec.containers {
        let Some(s) = find(&c.name, statuses, init_statuses) else {
            unknown += 1;
            continue;
        };
        let st = state(s);
        if st.running.is_some() {
            running += 1;
        } else if let Some(t) = &st.terminated {
            stopped += 1;
            if t.exit_code == 0 {
                succeeded += 1;
            }
            will_restart |=
                restart_action(c, false, pod_policy, t.exit_code, semantics) != RestartAction::DoNotRestart;
        } else if st.waiting.is_some() {
            match last_exit(s) {
                Some(code) => {
                    stopped += 1;
                    // A container waiting after a termination is waiting to be restarted, unless
                    // nothing would restart it (pod or container policy Never).
                    let action = restart_action(c, false, pod_policy, code, semantics);
                    let policy_never = effective_policy(c, pod_policy, semantics) == "Never";
                    will_restart |= action != RestartAction::DoNotRestart || !policy_never;
                }
                None => waiting += 1,
            }
        } else {
            unknown += 1;
        }
    }

    if failed_init_terminal > 0 {
        return PodPhase::Failed;
    }
    let initialized = if semantics.pod_has_initialized {
        pod_has_initialized
    } else {
        has_any_regular_container_started(spec, statuses)
    };
    if pending_regular_init > 0 || (pending_restartable_init > 0 && !initialized) || waiting > 0 {
        return PodPhase::Pending;
    }
    if running > 0 && unknown == 0 {
        return PodPhase::Running;
    }
    if running == 0 && stopped > 0 && unknown == 0 {
        if pod_is_terminal {
            return if stopped == succeeded { PodPhase::Succeeded } else { PodPhase::Failed };
        }
        // Generalises upstream's pod-policy ladder (Always → Running; all succeeded → Succeeded;
        // Never → Failed; OnFailure → Running) to per-container restart decisions; without
        // container-level policies both give the same answer.
        if will_restart {
            return PodPhase::Running;
        }
        return if stopped == succeeded { PodPhase::Succeeded } else { PodPhase::Failed };
    }
    PodPhase::Pending
}

fn effective_policy<'a>(c: &'a Container, pod_policy: Option<&'a str>, semantics: PhaseSemantics) -> &'a str {
    if semantics.container_restart_rules {
        if let Some(p) = c.restart_policy.as_deref() {
            return p;
        }
    }
    pod_policy.unwrap_or("Always")
}
