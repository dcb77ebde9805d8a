//! Exact event texts (k8s-semantics.md §10), version by version, and the event record of the trace.

use super::clock::SimTime;
use crate::phase::KubeVersion;
use crate::time::go_duration;

/// One event occurrence (the JSON's `events[]`; one per emission, never aggregated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// When it was emitted.
    pub t: SimTime,
    /// `Normal` | `Warning`.
    pub type_: &'static str,
    /// Reason, e.g. `Scheduled`.
    pub reason: String,
    /// `default-scheduler` | `kubelet` | `taint-eviction-controller`.
    pub from: &'static str,
    /// `spec.containers{NAME}` etc., or `None` for the pod.
    pub object: Option<String>,
    /// Message.
    pub message: String,
}

/// `Successfully assigned <ns>/<pod> to <node>`.
pub fn scheduled(ns: &str, pod: &str, node: &str) -> String {
    format!("Successfully assigned {ns}/{pod} to {node}")
}

/// `Created` message by version (§10.3).
pub fn created(v: KubeVersion, name: &str) -> String {
    if v.at_least(1, 35) {
        "Container created".to_string()
    } else if v.at_least(1, 33) {
        format!("Created container: {name}")
    } else {
        format!("Created container {name}")
    }
}

/// `Started` message by version (§10.3).
pub fn started(v: KubeVersion, name: &str) -> String {
    if v.at_least(1, 35) {
        "Container started".to_string()
    } else {
        format!("Started container {name}")
    }
}

/// `Pulling image "<image>"`.
pub fn pulling(image: &str) -> String {
    format!("Pulling image {image:?}")
}

/// `Successfully pulled image "<image>" in <d> (<d2> including waiting). Image size: <n> bytes.`
pub fn pulled(image: &str, ms: i64, waiting_ms: i64, size: u64) -> String {
    format!(
        "Successfully pulled image {image:?} in {} ({} including waiting). Image size: {size} bytes.",
        go_duration(ms),
        go_duration(waiting_ms)
    )
}

/// The cache-hit `Pulled` message by version (§10.2).
pub fn already_present(v: KubeVersion, image: &str) -> String {
    if v.at_least(1, 33) {
        format!("Container image {image:?} already present on machine and can be accessed by the pod")
    } else {
        format!("Container image {image:?} already present on machine")
    }
}

/// `Container image "<image>" is not present with pull policy of Never`.
pub fn never_pull(image: &str) -> String {
    format!("Container image {image:?} is not present with pull policy of Never")
}

/// containerd's not-found pull error for a reference [INF: wording of containerd 1.7/2.x].
pub fn pull_not_found(normalized: &str) -> String {
    format!(
        "rpc error: code = NotFound desc = failed to pull and unpack image {normalized:?}: failed to resolve reference {normalized:?}: {normalized}: not found"
    )
}

/// `Back-off restarting failed container <c> in pod <pod>_<ns>(<uid>)`.
pub fn backoff_event(container: &str, pod: &str, ns: &str, uid: &str) -> String {
    format!("Back-off restarting failed container {container} in pod {pod}_{ns}({uid})")
}

/// The CrashLoopBackOff waiting message: `back-off 20s restarting failed container=c pod=p_ns(uid)`.
pub fn backoff_waiting(backoff_ms: i64, container: &str, pod: &str, ns: &str, uid: &str) -> String {
    format!(
        "back-off {} restarting failed container={container} pod={pod}_{ns}({uid})",
        go_duration(backoff_ms)
    )
}

/// `Container <c> failed <probe> probe[, will be restarted]`.
pub fn probe_kill(container: &str, probe: &str, will_restart: bool) -> String {
    format!(
        "Container {container} failed {probe} probe{}",
        if will_restart { ", will be restarted" } else { "" }
    )
}

/// `Stopping container <c>`.
pub fn stopping(container: &str) -> String {
    format!("Stopping container {container}")
}

/// `Liveness probe failed: <output>` (the capitalised probe name).
pub fn probe_failed(probe_title: &str, output: &str) -> String {
    format!("{probe_title} probe failed: {output}")
}

/// `Pod was active on the node longer than the specified deadline`.
pub const DEADLINE_MESSAGE: &str = "Pod was active on the node longer than the specified deadline";
