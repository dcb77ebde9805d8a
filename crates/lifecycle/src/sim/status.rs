//! The status manager: container statuses (§9), the phase via `phase::get_phase` (§1), the kubelet's
//! conditions with reasons, messages and lastTransitionTime (§7), and recording every change into
//! the trace (phases, conditions, containers, `kubectl get` rows, snapshots for `state_at`).

use super::behavior::ContainerKind;
use super::clock::SimTime;
use super::engine::{normalize_image, Ctr, Engine};
use super::rng::fnv1a;
use super::trace::{ConditionRecord, ContainerRecord, EndpointRecord, PhaseRecord, RowRecord, Snapshot};
use crate::kubectl;
use crate::model::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting, ContainerStatus,
    Pod, PodCondition, PodStatus,
};
use crate::phase::{get_phase, PodPhase};
use std::collections::BTreeMap;

/// The pod as the apiserver stores it (defaulted), so the engine also accepts pods built in code.
pub fn with_defaults(pod: &Pod) -> Pod {
    let mut p = pod.clone();
    crate::defaults::apply(&mut p);
    p
}

/// The lastState of a container removed by RestartAllContainers.
fn removed_state() -> ContainerState {
    use super::pod_worker::{RESTARTING_ALL, RESTARTING_ALL_MESSAGE};
    ContainerState {
        terminated: Some(ContainerStateTerminated {
            exit_code: 137,
            signal: None,
            reason: Some(RESTARTING_ALL.to_string()),
            message: Some(RESTARTING_ALL_MESSAGE.to_string()),
            started_at: None,
            finished_at: None,
            container_id: None,
        }),
        ..ContainerState::default()
    }
}

fn state_name(s: &ContainerState) -> &'static str {
    if s.running.is_some() {
        "running"
    } else if s.terminated.is_some() {
        "terminated"
    } else {
        "waiting"
    }
}

/// Parts of the status built once and kept until the spec changes (which may change the QoS class):
/// the QoS class, and the node's and the pod's own IPs, which are fixed at creation.
#[derive(Debug, Clone)]
pub(crate) struct StatusConsts {
    qos_class: &'static str,
    host_ips: Vec<serde_yaml::Value>,
    pod_ips: Vec<serde_yaml::Value>,
}

/// A container's API status with what it was built from (inputs, pod terminal).
pub(crate) type CachedStatus = (CtrInputs, bool, ContainerStatus);

/// What one container contributes to the status (see [`StatusInputs`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CtrInputs {
    image: Option<String>,
    kind: ContainerKind,
    seen: super::engine::Seen,
    reason: Option<(String, String)>,
    started: bool,
    ready: bool,
    cid: Option<String>,
    reset_last: bool,
}

impl CtrInputs {
    fn of(c: &Ctr) -> Self {
        CtrInputs {
            image: c.spec.image.clone(),
            kind: c.kind,
            seen: c.seen.clone(),
            reason: c.reason.clone(),
            started: c.started(),
            ready: c.ready(),
            cid: c.cur.as_ref().map(|i| i.cid.clone()),
            reset_last: c.reset_last,
        }
    }

    fn matches(&self, c: &Ctr) -> bool {
        self.image == c.spec.image
            && self.kind == c.kind
            && self.seen == c.seen
            && self.reason == c.reason
            && self.started == c.started()
            && self.ready == c.ready()
            && self.cid.as_deref() == c.cur.as_ref().map(|i| i.cid.as_str())
            && self.reset_last == c.reset_last
    }
}

/// The engine state `publish` reads (besides constants of the run). The published status, the
/// snapshot and the endpoints are functions of it, so an unchanged value means nothing to publish.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StatusInputs {
    flags: [bool; 9],
    admitted: Option<SimTime>,
    bound: Option<SimTime>,
    deletion: Option<(SimTime, i64)>,
    last_phase: Option<PodPhase>,
    pod_reason: Option<(String, String)>,
    unschedulable: Option<String>,
    custom_conditions: Vec<PodCondition>,
    spec: Option<std::rc::Rc<crate::model::PodSpec>>,
    services_gen: u64,
    ctrs: Vec<CtrInputs>,
    restart_all: super::engine::RestartAll,
}

impl Engine<'_> {
    fn flags(&self) -> [bool; 9] {
        [
            self.sandbox_ready,
            self.ip_assigned,
            self.terminal,
            self.pod_has_initialized,
            self.gated,
            self.node_not_ready_seen,
            self.api_frozen,
            self.deleted,
            self.snapshot_taken(),
        ]
    }

    fn snapshot_taken(&self) -> bool {
        !self.trace.snapshots.is_empty()
    }

    fn inputs_unchanged(&self) -> bool {
        let Some(l) = &self.last_inputs else { return false };
        l.flags == self.flags()
            && l.admitted == self.admitted
            && l.bound == self.bound
            && l.deletion == self.deletion
            && l.last_phase == self.last_phase
            && l.pod_reason == self.pod_reason
            && l.unschedulable == self.unschedulable
            && l.custom_conditions == self.custom_conditions
            && l.spec.as_ref().map(std::rc::Rc::as_ptr) == self.spec_rc.as_ref().map(std::rc::Rc::as_ptr)
            && l.services_gen == self.services_gen
            && l.ctrs.len() == self.ctrs.len()
            && l.ctrs.iter().zip(&self.ctrs).all(|(k, c)| k.matches(c))
            && l.restart_all == self.restart_all
    }

    /// The inputs now; `prev` (the last ones) are reused for containers that did not change.
    fn current_inputs(&self, prev: Option<Vec<CtrInputs>>) -> StatusInputs {
        let ctrs = match prev {
            Some(p) if p.len() == self.ctrs.len() => p
                .into_iter()
                .zip(&self.ctrs)
                .map(|(k, c)| if k.matches(c) { k } else { CtrInputs::of(c) })
                .collect(),
            _ => self.ctrs.iter().map(CtrInputs::of).collect(),
        };
        StatusInputs {
            flags: self.flags(),
            admitted: self.admitted,
            bound: self.bound,
            deletion: self.deletion,
            last_phase: self.last_phase,
            pod_reason: self.pod_reason.clone(),
            unschedulable: self.unschedulable.clone(),
            custom_conditions: self.custom_conditions.clone(),
            spec: self.spec_rc.clone(),
            services_gen: self.services_gen,
            ctrs,
            restart_all: self.restart_all,
        }
    }

    fn wall_text(&self, t: SimTime) -> String {
        let mut cache = self.wall_cache.borrow_mut();
        cache.entry(t.ms()).or_insert_with(|| self.cfg.epoch.plus_millis(t.ms()).to_rfc3339()).clone()
    }

    /// The normalized image and the imageID the runtime reports for a spec image.
    fn image_and_id(&self, spec_image: &str) -> (String, String) {
        let mut cache = self.image_cache.borrow_mut();
        cache
            .entry(spec_image.to_string())
            .or_insert_with(|| {
                let image = normalize_image(spec_image);
                let id = format!(
                    "{}@sha256:{:016x}{:016x}{:016x}{:016x}",
                    image.split(':').next().unwrap_or(""),
                    fnv1a(&image),
                    fnv1a(&format!("{image}1")),
                    fnv1a(&format!("{image}2")),
                    fnv1a(&format!("{image}3"))
                );
                (image, id)
            })
            .clone()
    }

    fn term_state(&self, t: &super::engine::Term) -> ContainerState {
        ContainerState {
            terminated: Some(ContainerStateTerminated {
                exit_code: t.code,
                signal: None,
                reason: Some(t.reason().to_string()),
                message: t.message.clone(),
                started_at: Some(self.wall_text(t.started_at)),
                finished_at: Some(self.wall_text(t.finished_at)),
                container_id: Some(t.cid.clone()),
            }),
            ..ContainerState::default()
        }
    }

    /// [`Self::api_container_status`] of container `ci`, reused while nothing it reads has changed
    /// (a pod with many containers republishes when any one of them changes).
    fn cached_container_status(&self, ci: usize) -> ContainerStatus {
        let c = &self.ctrs[ci];
        if self.ctrs.len() == 1 {
            // Whatever made a one-container pod publish almost always changed that container: the
            // cache would miss and only add a copy in and a copy out.
            return self.api_container_status(c);
        }
        let mut cache = self.ctr_status_cache.borrow_mut();
        if cache.len() < self.ctrs.len() {
            cache.resize(self.ctrs.len(), None);
        }
        if let Some((k, terminal, st)) = &cache[ci] {
            if *terminal == self.terminal && k.matches(c) {
                return st.clone();
            }
        }
        let st = self.api_container_status(c);
        cache[ci] = Some((CtrInputs::of(c), self.terminal, st.clone()));
        st
    }

    /// The API status of one container, from what PLEG saw plus the reason cache and probe results.
    fn api_container_status(&self, c: &Ctr) -> ContainerStatus {
        // The runtime reports the image the seen instance was created from (a later setImage shows
        // only once a new instance exists).
        let spec_image = c.seen.image.as_deref().or(c.spec.image.as_deref()).unwrap_or("");
        let (image, image_id) = self.image_and_id(spec_image);
        let default_reason = if self.n_init > 0 { "PodInitializing" } else { "ContainerCreating" };
        let waiting = |reason: Option<&(String, String)>| ContainerState {
            waiting: Some(ContainerStateWaiting {
                reason: Some(reason.map_or(default_reason.to_string(), |r| r.0.clone())),
                message: reason.map(|r| r.1.clone()).filter(|m| !m.is_empty()),
            }),
            ..ContainerState::default()
        };
        let mut s = ContainerStatus {
            name: c.spec.name.clone(),
            image,
            image_id: String::new(),
            started: Some(false),
            ..ContainerStatus::default()
        };
        // After RestartAllContainers the runtime has no older container: the kubelet carries the
        // removal over from the previous API status (no timestamps, no container ID).
        let last_state = |prev: Option<&super::engine::Term>| match prev {
            Some(t) => self.term_state(t),
            None if c.reset_last => removed_state(),
            None => ContainerState::default(),
        };
        match &c.seen.cur {
            None => {
                s.state = Some(waiting(c.reason.as_ref()));
                s.last_state = Some(last_state(None));
                if c.reset_last {
                    // Started but not yet seen by PLEG: the new instance already holds the count.
                    s.restart_count = c.cur.as_ref().map_or(i64::from(c.next_id), |i| i.restart_count);
                }
            }
            Some((_, restarts, started_at, exited)) => {
                s.restart_count = *restarts;
                s.image_id = image_id;
                match exited {
                    None => {
                        s.state = Some(ContainerState {
                            running: Some(ContainerStateRunning {
                                started_at: Some(self.wall_text(*started_at)),
                            }),
                            ..ContainerState::default()
                        });
                        s.last_state = Some(last_state(c.seen.prev.as_ref()));
                        s.started = Some(c.started());
                        // An ordinary init container is ready only once it has completed.
                        s.ready = matches!(c.kind, ContainerKind::App | ContainerKind::Sidecar) && c.ready();
                        s.container_id = c.cur.as_ref().map(|i| i.cid.clone());
                    }
                    Some(t) => {
                        s.container_id = Some(t.cid.clone());
                        if let Some(r) = c.reason.as_ref().filter(|_| !self.terminal) {
                            s.state = Some(waiting(Some(r)));
                            s.last_state = Some(self.term_state(t));
                        } else {
                            s.state = Some(self.term_state(t));
                            s.last_state = Some(last_state(c.seen.prev.as_ref()));
                        }
                        // A completed ordinary init container reports ready (what Initialized checks).
                        s.ready = c.kind == ContainerKind::Init && t.code == 0;
                    }
                }
            }
        }
        s
    }

    fn condition(
        &mut self,
        type_: &str,
        status: &str,
        reason: Option<&str>,
        message: Option<String>,
    ) -> PodCondition {
        // Looked up before inserting: the entry API would allocate the key on every call.
        let transition = match self.cond_times.get(type_) {
            Some(entry) if entry.0 == status => entry.1.clone(),
            _ => {
                let wall = self.wall_text(self.now());
                self.cond_times.insert(type_.to_string(), (status.to_string(), wall.clone()));
                wall
            }
        };
        PodCondition {
            type_: type_.to_string(),
            status: status.to_string(),
            last_probe_time: None,
            last_transition_time: Some(transition),
            reason: reason.map(str::to_string),
            message,
            observed_generation: None,
        }
    }

    fn pod_scheduled_condition(&mut self) -> Option<PodCondition> {
        if self.bound.is_some() {
            Some(self.condition("PodScheduled", "True", None, None))
        } else if self.gated {
            let m = "Scheduling is blocked due to non-empty scheduling gates".to_string();
            Some(self.condition("PodScheduled", "False", Some("SchedulingGated"), Some(m)))
        } else {
            let m = self.unschedulable.clone()?;
            Some(self.condition("PodScheduled", "False", Some("Unschedulable"), Some(m)))
        }
    }

    /// The status the kubelet would write now.
    fn kubelet_status(&mut self) -> PodStatus {
        if self.status_consts.is_none() {
            self.status_consts = Some(StatusConsts {
                qos_class: kubectl::qos_class(&self.pod),
                host_ips: vec![ip_value(&self.cfg.node.ip)],
                pod_ips: vec![ip_value(&self.pod_ip)],
            });
        }
        let consts = self.status_consts.as_ref().expect("set just above");
        let (host_ips, pod_ips) = (consts.host_ips.clone(), consts.pod_ips.clone());
        let mut st = PodStatus { qos_class: Some(consts.qos_class.to_string()), ..PodStatus::default() };
        let Some(admitted) = self.admitted else {
            st.phase = Some("Pending".to_string());
            st.conditions = self.pod_scheduled_condition().map(|c| vec![c]);
            return st;
        };
        st.start_time = Some(self.wall_text(admitted));
        st.host_ip = Some(self.cfg.node.ip.clone());
        st.host_ips = Some(host_ips);
        if self.ip_assigned {
            st.pod_ip = Some(self.pod_ip.clone());
            st.pod_ips = Some(pod_ips);
        }
        let init: Vec<ContainerStatus> =
            (0..self.n_init).map(|ci| self.cached_container_status(ci)).collect();
        // Regular containers by name, as the kubelet sorts them (the order is fixed for a run).
        if self.app_order.is_empty() {
            let mut order: Vec<usize> =
                (self.n_init..self.ctrs.len()).filter(|&i| self.ctrs[i].kind == ContainerKind::App).collect();
            crate::sort::by(&mut order, |&a, &b| self.ctrs[a].spec.name.cmp(&self.ctrs[b].spec.name));
            self.app_order = order;
        }
        let apps: Vec<ContainerStatus> =
            self.app_order.iter().map(|&ci| self.cached_container_status(ci)).collect();
        let ephemeral: Vec<ContainerStatus> = (self.n_init..self.ctrs.len())
            .filter(|&ci| self.ctrs[ci].kind == ContainerKind::Ephemeral)
            .map(|ci| self.cached_container_status(ci))
            .collect();

        let phase = match self.last_phase {
            Some(p) if p.is_terminal() => p,
            _ if self.pod_reason.is_some() => PodPhase::Failed,
            _ => get_phase(&self.pod.spec, &init, &apps, self.terminal, self.pod_has_initialized, self.sem),
        };
        st.phase = Some(phase.as_str().to_string());
        if let Some((r, m)) = &self.pod_reason {
            st.reason = Some(r.clone());
            st.message = Some(m.clone());
        }

        let mut conds = Vec::new();
        if self.cfg.version.at_least(1, 29) {
            let s = if self.sandbox_ready { "True" } else { "False" };
            conds.push(self.condition("PodReadyToStartContainers", s, None, None));
        }
        conds.push(self.initialized_condition(phase, &init, &apps));
        let (cr_status, cr_reason, cr_msg) = self.containers_ready(phase);
        let ready = self.ready_condition(cr_status, cr_reason, cr_msg.clone());
        conds.push(ready);
        conds.push(self.condition("ContainersReady", cr_status, cr_reason, cr_msg));
        if self.sem.restart_all_containers && crate::phase::all_containers_could_restart(&self.pod.spec) {
            conds.push(self.all_restarting_condition(phase));
        }
        if let Some(c) = self.pod_scheduled_condition() {
            conds.push(c);
        }
        st.conditions = Some(conds);
        if self.n_init > 0 {
            st.init_container_statuses = Some(init);
        }
        st.container_statuses = Some(apps);
        if !ephemeral.is_empty() {
            st.ephemeral_container_statuses = Some(ephemeral);
        }
        st
    }

    /// GenerateAllContainersRestartingCondition (status/generate.go).
    fn all_restarting_condition(&mut self, phase: PodPhase) -> PodCondition {
        use super::engine::RestartAll;
        const T: &str = "AllContainersRestarting";
        match phase {
            PodPhase::Succeeded => return self.condition(T, "False", Some("PodCompleted"), None),
            PodPhase::Failed => return self.condition(T, "False", Some("PodFailed"), None),
            _ => {}
        }
        let restarting = self.restart_all == RestartAll::Killing
            || (self.restart_all == RestartAll::Idle && self.restart_all_triggered());
        if restarting {
            let m = "container exited with restart policy rule".to_string();
            self.condition(T, "True", Some("RestartAllContainersStarted"), Some(m))
        } else {
            self.condition(T, "False", None, None)
        }
    }

    fn initialized_condition(
        &mut self,
        phase: PodPhase,
        init: &[ContainerStatus],
        apps: &[ContainerStatus],
    ) -> PodCondition {
        if self.n_init == 0 {
            return self.condition("Initialized", "True", None, None);
        }
        if phase == PodPhase::Succeeded {
            return self.condition("Initialized", "True", Some("PodCompleted"), None);
        }
        let any_app_ran = apps
            .iter()
            .any(|s| s.state.as_ref().is_some_and(|st| st.running.is_some() || st.terminated.is_some()));
        if any_app_ran || self.pod_has_initialized {
            return self.condition("Initialized", "True", None, None);
        }
        let incomplete: Vec<&str> = self.ctrs[..self.n_init]
            .iter()
            .zip(init)
            .filter(
                |(c, s)| if c.kind == ContainerKind::Sidecar { s.started != Some(true) } else { !s.ready },
            )
            .map(|(c, _)| c.spec.name.as_str())
            .collect();
        if incomplete.is_empty() {
            return self.condition("Initialized", "True", None, None);
        }
        let msg = format!("containers with incomplete status: [{}]", incomplete.join(" "));
        self.condition("Initialized", "False", Some("ContainersNotInitialized"), Some(msg))
    }

    fn containers_ready(&self, phase: PodPhase) -> (&'static str, Option<&'static str>, Option<String>) {
        match phase {
            PodPhase::Succeeded => return ("False", Some("PodCompleted"), None),
            PodPhase::Failed => return ("False", Some("PodFailed"), None),
            _ => {}
        }
        let unready: Vec<&str> = self
            .ctrs
            .iter()
            .filter(|c| {
                matches!(c.kind, ContainerKind::App | ContainerKind::Sidecar)
                    && !(c.seen_running() && c.ready())
            })
            .map(|c| c.spec.name.as_str())
            .collect();
        if unready.is_empty() {
            ("True", None, None)
        } else {
            (
                "False",
                Some("ContainersNotReady"),
                Some(format!("containers with unready status: [{}]", unready.join(" "))),
            )
        }
    }

    fn ready_condition(&mut self, cr: &str, reason: Option<&str>, msg: Option<String>) -> PodCondition {
        if cr != "True" {
            return self.condition("Ready", cr, reason, msg);
        }
        let mut problems = Vec::new();
        for g in self.pod.spec.readiness_gates.iter().flatten() {
            match self.custom_conditions.iter().find(|c| c.type_ == g.condition_type) {
                None => problems.push(format!(
                    "corresponding condition of pod readiness gate {:?} does not exist.",
                    g.condition_type
                )),
                Some(c) if c.status != "True" => problems.push(format!(
                    "the status of pod readiness gate {:?} is not \"True\", but {}",
                    g.condition_type, c.status
                )),
                Some(_) => {}
            }
        }
        if problems.is_empty() {
            self.condition("Ready", "True", None, None)
        } else {
            self.condition("Ready", "False", Some("ReadinessGatesNotReady"), Some(problems.join(", ")))
        }
    }

    /// Writes the current status (kubelet view, or the frozen one plus control-plane changes when the
    /// node is cut off) and records every change into the trace.
    pub(crate) fn publish(&mut self) {
        self.dirty = false;
        if self.inputs_unchanged() {
            return;
        }
        let now = self.now();
        // The last snapshot holds what was last published (a snapshot is taken on every change).
        let mut st = match (self.trace.snapshots.last(), self.api_frozen) {
            (Some(p), true) => p.status.clone(),
            _ => self.kubelet_status(),
        };
        // Control-plane conditions first (not owned by the kubelet), in the order they were set.
        let mut conds: Vec<PodCondition> = self.custom_conditions.clone();
        for c in st.conditions.take().unwrap_or_default() {
            if conds.iter().any(|x| x.type_ == c.type_) {
                continue;
            }
            conds.push(c);
        }
        if self.node_not_ready_seen {
            // MarkPodsNotReady flips only the status of Ready.
            for c in conds.iter_mut().filter(|c| c.type_ == "Ready" && c.status == "True") {
                c.status = "False".to_string();
                c.last_transition_time = Some(self.wall_text(now));
            }
        }
        st.conditions = if conds.is_empty() { None } else { Some(conds) };
        self.record(now, st);
        // Taken after recording: recording updates `last_phase`, itself an input.
        let prev = self.last_inputs.take();
        self.last_inputs = Some(self.current_inputs(prev.map(|p| p.ctrs)));
    }

    /// The endpoints controller's view: a selected pod with an IP is a ready address while its Ready
    /// condition is True, a not-ready one otherwise; a finished or deleted pod is neither.
    fn record_endpoints(&mut self, now: SimTime, st: &PodStatus) {
        let labels = self.pod.metadata.labels.clone().unwrap_or_default();
        let ready = st.conditions.iter().flatten().any(|c| c.type_ == "Ready" && c.status == "True");
        let gone = self.terminal || self.deleted;
        let mut current: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for (name, s) in &self.services {
            let selected = !s.selector.is_empty() && s.selector.iter().all(|(k, v)| labels.get(k) == Some(v));
            let mut entry = (Vec::new(), Vec::new());
            if selected && self.ip_assigned && !gone {
                if ready {
                    entry.0.push(self.pod_ip.clone());
                } else {
                    entry.1.push(self.pod_ip.clone());
                }
            }
            current.insert(name.clone(), entry);
        }
        for (name, entry) in &current {
            if self.last_endpoints.get(name) != Some(entry) {
                self.trace.endpoints.push(EndpointRecord {
                    t: now,
                    service: name.clone(),
                    ready: entry.0.clone(),
                    not_ready: entry.1.clone(),
                });
            }
        }
        for name in self.last_endpoints.keys() {
            if !current.contains_key(name) {
                // The Service was deleted: its endpoints go with it.
                self.trace.endpoints.push(EndpointRecord {
                    t: now,
                    service: name.clone(),
                    ready: Vec::new(),
                    not_ready: Vec::new(),
                });
            }
        }
        self.last_endpoints = current;
    }

    fn record(&mut self, now: SimTime, st: PodStatus) {
        if let Some(last) = self.trace.snapshots.last().filter(|s| s.status == st) {
            // Nothing the status shows changed: phase, conditions and containers would record
            // nothing; only the endpoints (Services may have changed) and the snapshot's other fields
            // need a look.
            let same_rest = last.node_name == self.bound.map(|_| self.cfg.node.name.clone())
                && last.deletion_timestamp == self.deletion.map(|(t, _)| self.wall_text(t))
                && last.scheduling_gates_removed == (!self.gated && self.pod.spec.scheduling_gates.is_some())
                && last.spec == self.spec_rc;
            self.record_endpoints(now, &st);
            if same_rest {
                return;
            }
            return self.record_snapshot(now, st);
        }
        self.record_changes(now, &st);
        self.record_snapshot(now, st);
    }

    fn record_changes(&mut self, now: SimTime, st: &PodStatus) {
        let phase = st.phase.as_deref().and_then(PodPhase::parse).unwrap_or(PodPhase::Pending);
        if self.last_phase != Some(phase) {
            self.last_phase = Some(phase);
            self.trace.phases.push(PhaseRecord { t: now, phase: phase.as_str().to_string() });
        }
        for c in st.conditions.iter().flatten() {
            // Compared in place: copying every condition's texts for each status cost more than the
            // rare change.
            let same = self
                .last_cond_records
                .get(&c.type_)
                .is_some_and(|(s, r, m)| *s == c.status && *r == c.reason && *m == c.message);
            if !same {
                let key = (c.status.clone(), c.reason.clone(), c.message.clone());
                self.last_cond_records.insert(c.type_.clone(), key);
                self.trace.conditions.push(ConditionRecord {
                    t: now,
                    type_: c.type_.clone(),
                    status: c.status.clone(),
                    reason: c.reason.clone(),
                    message: c.message.clone(),
                });
            }
        }
        self.record_endpoints(now, st);
        let all = st
            .init_container_statuses
            .iter()
            .flatten()
            .chain(st.container_statuses.iter().flatten())
            .chain(st.ephemeral_container_statuses.iter().flatten());
        let mut recs = Vec::new();
        let no_state = ContainerState::default();
        for s in all {
            let kind = self.ctrs.iter().find(|c| c.spec.name == s.name).map_or("app", |c| c.kind.as_str());
            let state = s.state.as_ref().unwrap_or(&no_state);
            let (reason, exit_code) = match (&state.waiting, &state.terminated) {
                (Some(w), _) => (w.reason.clone(), None),
                (_, Some(t)) => (t.reason.clone(), Some(t.exit_code)),
                _ => (None, None),
            };
            let rec = ContainerRecord {
                t: now,
                name: s.name.clone(),
                kind,
                state: state_name(state),
                reason,
                exit_code,
                restart_count: s.restart_count,
                ready: s.ready,
                started: s.started == Some(true),
            };
            // Everything but the time, without copying the last record (destructured, so that a new
            // field cannot be forgotten here).
            let same = self.last_ctr_records.get(&s.name).is_some_and(|r| {
                let ContainerRecord {
                    t: _,
                    name,
                    kind,
                    state,
                    reason,
                    exit_code,
                    restart_count,
                    ready,
                    started,
                } = r;
                *name == rec.name
                    && *kind == rec.kind
                    && *state == rec.state
                    && *reason == rec.reason
                    && *exit_code == rec.exit_code
                    && *restart_count == rec.restart_count
                    && *ready == rec.ready
                    && *started == rec.started
            });
            if !same {
                self.last_ctr_records.insert(s.name.clone(), rec.clone());
                recs.push(rec);
            }
        }
        self.trace.containers.extend(recs);
    }

    fn record_snapshot(&mut self, now: SimTime, st: PodStatus) {
        let snapshot = Snapshot {
            t: now,
            status: st,
            node_name: self.bound.map(|_| self.cfg.node.name.clone()),
            deletion_timestamp: self.deletion.map(|(t, _)| self.wall_text(t)),
            deletion_grace: self.deletion.map(|(_, g)| g),
            scheduling_gates_removed: !self.gated && self.pod.spec.scheduling_gates.is_some(),
            spec: self.spec_rc.clone(),
        };
        let changed = self.trace.snapshots.last().is_none_or(|s| {
            s.status != snapshot.status
                || s.node_name != snapshot.node_name
                || s.deletion_timestamp != snapshot.deletion_timestamp
                || s.scheduling_gates_removed != snapshot.scheduling_gates_removed
                || s.spec != snapshot.spec
        });
        if !changed {
            return;
        }
        let row = self.row_of(&snapshot, now);
        self.trace.snapshots.push(snapshot);
        let idx = self.trace.snapshots.len() - 1;
        let count = row.restarts.split(' ').next().unwrap_or("").to_string();
        let key = (row.ready.clone(), row.status.clone(), count);
        if self.last_row.as_ref() != Some(&key) {
            self.last_row = Some(key);
            self.trace.rows.push(RowRecord {
                t: now,
                ready: row.ready,
                status: row.status,
                restarts: row.restarts,
                snapshot: idx,
            });
        }
    }
}

impl Engine<'_> {
    /// The `kubectl get` row of a snapshot: what `Trace::snapshot_pod` would build, without cloning the
    /// whole pod each time (the status is lent to the printer).
    fn row_of(&mut self, snapshot: &Snapshot, now: SimTime) -> kubectl::get::PodRow {
        let key = (snapshot.spec.clone(), snapshot.node_name.clone(), snapshot.scheduling_gates_removed);
        let stale = self.row_pod_key.as_ref().is_none_or(|k| {
            !(k.0.as_ref().map(std::rc::Rc::as_ptr) == key.0.as_ref().map(std::rc::Rc::as_ptr)
                && k.1 == key.1
                && k.2 == key.2)
        });
        if stale {
            self.row_pod = self.trace.base.clone();
            if let Some(spec) = &snapshot.spec {
                self.row_pod.spec = (**spec).clone();
            }
            if snapshot.node_name.is_some() {
                self.row_pod.spec.node_name = snapshot.node_name.clone();
            }
            if snapshot.scheduling_gates_removed {
                self.row_pod.spec.scheduling_gates = None;
            }
            self.row_pod_key = Some(key);
        }
        self.row_pod.metadata.deletion_timestamp = snapshot.deletion_timestamp.clone();
        self.row_pod.metadata.deletion_grace_period_seconds = snapshot.deletion_grace;
        kubectl::get_row_with(&self.row_pod, &snapshot.status, self.cfg.epoch.plus_millis(now.ms()))
    }
}

fn ip_value(ip: &str) -> serde_yaml::Value {
    let mut m = serde_yaml::Mapping::new();
    m.insert(serde_yaml::Value::from("ip"), serde_yaml::Value::from(ip));
    serde_yaml::Value::Mapping(m)
}
