//! The scheduler: scheduling gates, node fit with the effective requests (max over init containers
//! vs. sum of app containers + sidecars), node selector and the not-ready taint; Scheduled /
//! FailedScheduling with the scheduler's texts (k8s-semantics.md §7.2, §10.1).

use super::engine::{Engine, Ev, ADMIT_MS, UNSCHEDULABLE_RETRY_MS};
use super::events;
use crate::kubectl::quantity;
use crate::model::{Container, Pod};

/// A container's request for `resource` in milli-units (cpu: millicores; memory: milli-bytes / 1000).
fn request(c: &Container, resource: &str) -> i128 {
    let q = c.resources.as_ref().and_then(|r| r.requests.as_ref()).and_then(|m| m.get(resource));
    // Kubernetes defaults a missing request to the limit.
    let q = q.or_else(|| c.resources.as_ref().and_then(|r| r.limits.as_ref()).and_then(|m| m.get(resource)));
    q.and_then(quantity::parse_model).map(|p| p.nanos / 1_000_000).unwrap_or(0)
}

/// The pod's effective request for `resource` in milli-units: max(init peak, apps + sidecars).
pub fn effective_request(pod: &Pod, resource: &str) -> i128 {
    let mut sidecars: i128 = 0;
    let mut init_peak: i128 = 0;
    for c in pod.init_containers() {
        let r = request(c, resource);
        if c.is_sidecar() {
            sidecars += r;
            init_peak = init_peak.max(sidecars);
        } else {
            init_peak = init_peak.max(sidecars + r);
        }
    }
    let apps: i128 = pod.spec.containers.iter().map(|c| request(c, resource)).sum::<i128>() + sidecars;
    apps.max(init_peak)
}

impl Engine<'_> {
    /// Why the node does not fit, as the scheduler's reasons, or `None` when it fits.
    fn misfit(&self) -> Option<(String, bool)> {
        if !self.node_ready {
            // [INF] the node lifecycle controller taints a NotReady node with not-ready:NoSchedule.
            return Some((
                "1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }".to_string(),
                false,
            ));
        }
        if let Some(sel) = &self.pod.spec.node_selector {
            let ok = sel.iter().all(|(k, v)| self.cfg.node.labels.iter().any(|(lk, lv)| lk == k && lv == v));
            if !ok {
                return Some(("1 node(s) didn't match Pod's node affinity/selector".to_string(), false));
            }
        }
        let mut reasons = Vec::new();
        if effective_request(&self.pod, "cpu") > i128::from(self.cfg.node.cpu_millis) {
            reasons.push("1 Insufficient cpu");
        }
        if effective_request(&self.pod, "memory") / 1000 > i128::from(self.cfg.node.memory_bytes) {
            reasons.push("1 Insufficient memory");
        }
        if reasons.is_empty() {
            None
        } else {
            Some((reasons.join(", "), true))
        }
    }

    /// One scheduling cycle.
    pub(crate) fn schedule_attempt(&mut self) {
        if self.bound.is_some() || self.gated || self.deletion.is_some() {
            return;
        }
        match self.misfit() {
            None => {
                self.bound = Some(self.now());
                self.unschedulable = None;
                let msg = events::scheduled(self.pod.namespace(), self.pod.name(), &self.cfg.node.name);
                self.event("Normal", "Scheduled", "default-scheduler", None, msg);
                let d = self.lat(ADMIT_MS);
                self.q.after(d, Ev::Admit);
            }
            Some((reasons, preemption_might_help)) => {
                // Resource shortfalls could in principle be solved by preemption, but there is no
                // lower-priority victim on a one-pod node; other filters are not helped by it [INF].
                let tail = if preemption_might_help {
                    "1 No preemption victims found for incoming pod."
                } else {
                    "1 Preemption is not helpful for scheduling."
                };
                let msg = format!(
                    "0/1 nodes are available: {reasons}. preemption: 0/1 nodes are available: {tail}"
                );
                self.event("Warning", "FailedScheduling", "default-scheduler", None, msg.clone());
                self.unschedulable = Some(msg);
                self.q.after(UNSCHEDULABLE_RETRY_MS, Ev::Schedule);
            }
        }
    }

    /// The kubelet admits the bound pod: startTime, probe workers, the active deadline, first sync.
    pub(crate) fn admit(&mut self) {
        if self.admitted.is_some() || self.deleted {
            return;
        }
        self.admitted = Some(self.now());
        self.start_probe_workers();
        if let Some(ads) = self.pod.spec.active_deadline_seconds.filter(|s| *s > 0) {
            self.q.after(ads.saturating_mul(1000), Ev::ActiveDeadline);
        }
        self.trigger_sync();
    }
}
