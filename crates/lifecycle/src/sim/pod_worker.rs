//! The pod worker: one sync at a time; each sync computes what to do (computePodActions) and runs the
//! operations sequentially — sandbox, kills, then starts in spec order, each start blocking on its
//! pull, create, start and postStart. Restart decisions use the crash-loop back-off (§3).

use super::behavior::ContainerKind;
use super::clock::SimTime;
use super::engine::{
    Backoff, Engine, Ev, Inst, Op, RestartAll, Seen, Task, Waiter, BACKOFF_REQUEUE_MS,
    CRASH_BACKOFF_INITIAL_MS, CRASH_BACKOFF_MAX_MS, DISPATCH_MS, RESYNC_MS, START_MS,
};
use super::events;
use crate::model::LifecycleHandler;
use crate::phase::{restart_action, RestartAction};

/// Delays between restarts of a container that crashes at once, as the back-off produces them:
/// the first restart is immediate, then 10 s doubling to the 300 s cap (k8s-semantics.md §3.2).
pub fn crash_backoff_sequence(n: usize) -> Vec<i64> {
    let mut out = Vec::with_capacity(n);
    let mut entry: Option<i64> = None;
    for _ in 0..n {
        match entry {
            None => {
                out.push(0);
                entry = Some(CRASH_BACKOFF_INITIAL_MS);
            }
            Some(b) => {
                out.push(b);
                entry = Some((b * 2).min(CRASH_BACKOFF_MAX_MS));
            }
        }
    }
    out
}

/// The waiting reason (and lastState reason) of a container removed by RestartAllContainers.
pub const RESTARTING_ALL: &str = "RestartingAllContainers";
/// The message that goes with [`RESTARTING_ALL`] (kubelet_pods.go).
pub const RESTARTING_ALL_MESSAGE: &str = "The container is removed because RestartAllContainers in place";

impl Engine<'_> {
    /// Asks the pod worker for a sync soon (PLEG event, probe result, admission).
    pub(crate) fn trigger_sync(&mut self) {
        if self.admitted.is_none() || self.terminal {
            return;
        }
        let d = self.lat(DISPATCH_MS);
        self.q.after(d, Ev::Sync(None));
    }

    /// One pod sync.
    pub(crate) fn sync(&mut self) {
        if self.admitted.is_none() || self.terminal || self.termination.is_some() {
            return;
        }
        if self.worker.busy || self.worker.in_sync {
            self.worker.pending = true;
            return;
        }
        self.worker.in_sync = true;
        self.worker.error = None;
        let ops = self.compute_ops();
        self.worker.ops = ops.into();
        self.run_ops();
    }

    fn restart_policy(&self) -> Option<&str> {
        self.pod.spec.restart_policy.as_deref()
    }

    fn will_restart(&self, ci: usize, code: i64) -> bool {
        let Some(c) = self.ctrs.get(ci) else { return false };
        if c.kind == ContainerKind::Ephemeral {
            return false;
        }
        let is_init = matches!(c.kind, ContainerKind::Init | ContainerKind::Sidecar);
        restart_action(&c.spec, is_init, self.restart_policy(), code, self.sem) != RestartAction::DoNotRestart
    }

    /// `ShouldAllContainersRestart` from what PLEG saw: a container exited with a code one of its
    /// rules sends to RestartAllContainers.
    pub(crate) fn restart_all_triggered(&self) -> bool {
        self.sem.restart_all_containers
            && self.ctrs.iter().any(|c| {
                c.kind != ContainerKind::Ephemeral
                    && c.seen_exit().is_some_and(|t| {
                        let is_init = matches!(c.kind, ContainerKind::Init | ContainerKind::Sidecar);
                        restart_action(&c.spec, is_init, self.restart_policy(), t.code, self.sem)
                            == RestartAction::RestartAllContainers
                    })
            })
    }

    /// RestartAllContainers (KEP-5532): kill every running container without the pod's grace
    /// period (the kubelet's 2 s minimum still applies), then remove them all; the sandbox stays.
    fn restart_all_ops(&mut self) -> Option<Vec<Op>> {
        match self.restart_all {
            RestartAll::Idle if self.restart_all_triggered() => self.restart_all = RestartAll::Killing,
            RestartAll::Killing => {}
            RestartAll::Removed => {
                self.restart_all = RestartAll::Starting;
                self.pod_has_initialized = self.n_init == 0;
                return None;
            }
            RestartAll::Starting => {
                // This sync's status no longer sees the condition True: the removed containers
                // not started yet show the default waiting reason.
                self.restart_all = RestartAll::Idle;
                for c in &mut self.ctrs {
                    if c.reason.as_ref().is_some_and(|r| r.0 == RESTARTING_ALL) {
                        c.reason = None;
                    }
                }
                return None;
            }
            RestartAll::Idle => return None,
        }
        let mut ops = Vec::new();
        for ci in 0..self.ctrs.len() {
            let c = &self.ctrs[ci];
            if c.kind != ContainerKind::Ephemeral && c.running() {
                ops.push(Op::Kill { ci, message: events::stopping(c.name()), grace_ms: 0 });
            }
        }
        ops.push(Op::RemoveAll);
        Some(ops)
    }

    /// Removes every container after a RestartAllContainers kill; each shows waiting with reason
    /// RestartingAllContainers, lastState 137 and its restart count one higher.
    fn remove_all(&mut self) {
        for c in &mut self.ctrs {
            if c.kind == ContainerKind::Ephemeral || c.running() {
                continue;
            }
            if c.seen.cur.is_some() || c.cur.is_some() {
                // convertToAPIContainerStatuses marks a container whose old status was not waiting.
                if c.reason.is_none() || c.seen_exit().is_some() {
                    c.reason = Some((RESTARTING_ALL.to_string(), RESTARTING_ALL_MESSAGE.to_string()));
                    c.reset_last = true;
                }
            }
            c.cur = None;
            c.prev = None;
            c.seen = Seen::default();
            c.startup_ok = false;
            c.ready_ok = false;
            c.probe_kill = None;
            c.replaced = None;
            c.rerun = false;
        }
        self.restart_all = RestartAll::Removed;
        self.dirty = true;
        // The kubelet requeues at once after the removal instead of waiting for PLEG.
        self.worker.pending = true;
    }

    /// computePodActions, simplified to what a single pod on a healthy node needs.
    fn compute_ops(&mut self) -> Vec<Op> {
        let mut ops = Vec::new();
        if !self.sandbox_ready {
            ops.push(Op::Sandbox);
        }
        if self.sem.restart_all_containers {
            if let Some(kill) = self.restart_all_ops() {
                ops.extend(kill);
                return ops;
            }
        }
        if !self.pod_has_initialized {
            let mut all_done = true;
            for i in 0..self.n_init {
                let c = &self.ctrs[i];
                if c.rerun && !c.running() {
                    ops.push(Op::Start { ci: i, backoff_ts: None });
                    all_done = false;
                    break;
                }
                if c.kind == ContainerKind::Sidecar {
                    if c.running() {
                        if c.started() {
                            continue;
                        }
                        if let Some(probe) = c.probe_kill {
                            ops.extend(self.kill_and_restart(i, probe));
                        }
                    } else if let Some(t) = c.seen_exit() {
                        ops.push(Op::Start { ci: i, backoff_ts: Some(t.finished_at) });
                    } else {
                        ops.push(Op::Start { ci: i, backoff_ts: None });
                    }
                    all_done = false;
                    break;
                }
                if c.running() {
                    all_done = false;
                    break;
                }
                match c.seen_exit().map(|t| (t.code, t.finished_at)) {
                    Some((0, _)) => continue,
                    Some((code, finished)) => {
                        if self.will_restart(i, code) {
                            ops.push(Op::Start { ci: i, backoff_ts: Some(finished) });
                        } else {
                            self.init_failed_terminal = true;
                        }
                    }
                    None if c.cur.is_none() => ops.push(Op::Start { ci: i, backoff_ts: None }),
                    // Exited but PLEG has not reported it yet: wait for the relist.
                    None => {}
                }
                all_done = false;
                break;
            }
            if all_done {
                self.pod_has_initialized = true;
            }
        }
        if !self.pod_has_initialized {
            return ops;
        }
        for ci in 0..self.ctrs.len() {
            let c = &self.ctrs[ci];
            if c.kind == ContainerKind::Init {
                continue;
            }
            if c.running() {
                if let Some(probe) = c.probe_kill {
                    ops.extend(self.kill_and_restart(ci, probe));
                } else if c.definition_changed {
                    ops.extend(self.kill_and_restart(ci, "definition"));
                    self.ctrs[ci].definition_changed = false;
                }
                continue;
            }
            if c.kind == ContainerKind::Ephemeral {
                if c.cur.is_none() {
                    ops.push(Op::Start { ci, backoff_ts: None });
                }
                continue;
            }
            match c.seen_exit().map(|t| (t.code, t.finished_at)) {
                Some((code, finished)) if self.will_restart(ci, code) => {
                    ops.push(Op::Start { ci, backoff_ts: Some(finished) });
                }
                None if c.cur.is_none() => ops.push(Op::Start { ci, backoff_ts: None }),
                _ => {}
            }
        }
        ops
    }

    /// A liveness/startup failure: kill (blocking), then restart if the policy says so. The restart's
    /// back-off looks at the exit *before* this kill, as the kubelet's status snapshot does.
    fn kill_and_restart(&self, ci: usize, probe: &'static str) -> Vec<Op> {
        let Some(c) = self.ctrs.get(ci) else { return Vec::new() };
        let definition = probe == "definition";
        let restart = definition || self.will_restart(ci, 137);
        let probe_spec = match probe {
            "liveness" => &c.spec.liveness_probe,
            "startup" => &c.spec.startup_probe,
            _ => &None,
        };
        let grace_s = probe_spec
            .as_ref()
            .and_then(|p| p.termination_grace_period_seconds)
            .or(self.pod.spec.termination_grace_period_seconds)
            .unwrap_or(30);
        let mut ops = vec![Op::Kill {
            ci,
            message: if definition {
                format!("Container {} definition changed, will be restarted", c.name())
            } else {
                events::probe_kill(c.name(), probe, restart)
            },
            grace_ms: grace_s.saturating_mul(1000),
        }];
        if restart {
            ops.push(Op::Start { ci, backoff_ts: c.seen.prev.as_ref().map(|t| t.finished_at) });
        }
        ops
    }

    /// Runs queued operations until one blocks or none is left.
    pub(crate) fn run_ops(&mut self) {
        while !self.worker.busy {
            let Some(op) = self.worker.ops.pop_front() else {
                if self.worker.in_sync {
                    self.finish_sync();
                }
                return;
            };
            match op {
                Op::Sandbox => self.create_sandbox(),
                Op::RemoveAll => self.remove_all(),
                Op::Start { ci, backoff_ts } => self.op_start(ci, backoff_ts),
                Op::Kill { ci, message, grace_ms } => {
                    if self.ctrs.get(ci).is_some_and(|c| c.running()) {
                        self.begin_kill(ci, message, grace_ms, Waiter::Worker);
                        self.worker.busy = true;
                        self.worker.token += 1;
                        self.worker.task = Some(Task::Kill);
                    }
                }
            }
        }
    }

    pub(crate) fn begin_task(&mut self, task: Task, ms: i64) {
        self.worker.busy = true;
        self.worker.token += 1;
        self.worker.task = Some(task);
        let token = self.worker.token;
        self.q.after(ms, Ev::WorkerDone(token));
    }

    /// The current task's time is up.
    pub(crate) fn task_done(&mut self) {
        let Some(task) = self.worker.task.take() else { return };
        self.worker.busy = false;
        match task {
            Task::Sandbox => self.sandbox_done(),
            Task::Pull { ci, ms, ok } => self.pull_done(ci, ms, ok),
            Task::Create { ci } => {
                let msg = events::created(self.cfg.version, self.ctrs[ci].name());
                self.kubelet_event(Some(ci), "Normal", "Created", msg);
                let d = self.lat(START_MS);
                self.begin_task(Task::Start { ci }, d);
            }
            Task::Start { ci } => self.start_instance(ci),
            Task::PostStart { ci, inst, ok, output } => self.post_start_done(ci, inst, ok, output),
            Task::Kill => {}
        }
        self.run_ops();
    }

    /// A kill the worker waited for is over.
    pub(crate) fn worker_kill_done(&mut self) {
        if self.worker.task == Some(Task::Kill) {
            self.worker.task = None;
            self.worker.busy = false;
            self.run_ops();
        }
    }

    fn finish_sync(&mut self) {
        self.worker.in_sync = false;
        if std::mem::take(&mut self.worker.relist_deferred) {
            self.relist_pending = Some(self.now());
            self.relist();
        }
        self.check_completion();
        if self.terminal || self.termination.is_some() {
            return;
        }
        let delay = match self.worker.error {
            None => self.rng.jitter(RESYNC_MS, 50),
            // ≥1.33: requeue when the earliest back-off expires, clamped to the resync interval.
            Some(Some(expiry)) if self.cfg.version.at_least(1, 33) => expiry.clamp(0, RESYNC_MS),
            Some(_) => self.rng.jitter(BACKOFF_REQUEUE_MS, 50),
        };
        self.worker.requeue_gen += 1;
        let gen = self.worker.requeue_gen;
        self.q.after(delay, Ev::Sync(Some(gen)));
        if self.worker.pending {
            self.worker.pending = false;
            self.trigger_sync();
        }
    }

    /// After a sync: a pod whose containers will never run again is finished (sidecars are stopped).
    fn check_completion(&mut self) {
        if self.terminal || self.termination.is_some() {
            return;
        }
        let grace = self.pod.spec.termination_grace_period_seconds.unwrap_or(30).saturating_mul(1000);
        if self.init_failed_terminal {
            self.begin_termination(grace);
            return;
        }
        if !self.pod_has_initialized {
            return;
        }
        let apps: Vec<usize> =
            (0..self.ctrs.len()).filter(|&i| self.ctrs[i].kind == ContainerKind::App).collect();
        let done = !apps.is_empty()
            && apps.iter().all(|&i| {
                let c = &self.ctrs[i];
                !c.running() && c.seen_exit().is_some_and(|t| !self.will_restart(i, t.code))
            });
        if done {
            self.begin_termination(grace);
        }
    }

    /// Start op: crash back-off, then the image, create, start and postStart stages.
    fn op_start(&mut self, ci: usize, backoff_ts: Option<SimTime>) {
        if self.ctrs.get(ci).is_none_or(|c| c.running()) {
            return;
        }
        if let Some(ts) = backoff_ts {
            if self.crash_backoff_blocks(ci, ts) {
                return;
            }
        }
        self.ensure_image(ci);
    }

    /// doBackOff: true (with the BackOff event and CrashLoopBackOff reason) while in back-off;
    /// otherwise advances the back-off entry (`Next`) and lets the start proceed.
    fn crash_backoff_blocks(&mut self, ci: usize, ts: SimTime) -> bool {
        let now = self.now();
        let c = &mut self.ctrs[ci];
        let expired = |b: &Backoff| ts.since(b.last_update) > 2 * CRASH_BACKOFF_MAX_MS;
        if let Some(b) = c.backoff {
            if !expired(&b) && now.since(ts) < b.backoff_ms {
                // The texts depend only on the back-off and the container: built once per value
                // (a crash-looping pod is synced many times within one back-off).
                if c.backoff_texts.as_ref().is_none_or(|t| t.0 != b.backoff_ms) {
                    let (pod, ns, uid) = (self.pod.name(), self.pod.namespace(), self.uid.as_str());
                    let waiting = events::backoff_waiting(b.backoff_ms, &c.spec.name, pod, ns, uid);
                    let event = events::backoff_event(&c.spec.name, pod, ns, uid);
                    c.backoff_texts = Some((b.backoff_ms, waiting, event));
                }
                let (_, waiting, event) = c.backoff_texts.as_ref().expect("set just above");
                if c.reason.as_ref().is_none_or(|r| r.0 != "CrashLoopBackOff" || r.1 != *waiting) {
                    c.reason = Some(("CrashLoopBackOff".to_string(), waiting.clone()));
                }
                let event = event.clone();
                let expiry = ts.plus(b.backoff_ms).since(now);
                let prev = self.worker.error.flatten();
                self.worker.error = Some(Some(prev.map_or(expiry, |p| p.min(expiry))));
                self.kubelet_event(Some(ci), "Warning", "BackOff", event);
                return true;
            }
        }
        let backoff_ms = match c.backoff {
            Some(b) if !expired(&b) => (b.backoff_ms * 2).min(CRASH_BACKOFF_MAX_MS),
            _ => CRASH_BACKOFF_INITIAL_MS,
        };
        c.backoff = Some(Backoff { backoff_ms, last_update: now });
        false
    }

    /// StartContainer returned: the new instance runs; then postStart (blocking) if any.
    fn start_instance(&mut self, ci: usize) {
        let now = self.now();
        let cid = format!("containerd://{}", self.rng.hex64());
        let msg = events::started(self.cfg.version, self.ctrs[ci].name());
        let c = &mut self.ctrs[ci];
        let id = c.next_id;
        c.next_id += 1;
        // PLEG still sees the old instance running: keep what the status showed for it.
        let seen_running = c.seen.cur.as_ref().is_some_and(|x| x.3.is_none());
        c.replaced = seen_running.then(|| (c.started(), c.ready()));
        if let Some(old) = c.cur.take() {
            if let Some(t) = old.exited {
                c.prev = Some(t);
            }
        }
        c.cur = Some(Inst {
            id,
            cid,
            restart_count: i64::from(id),
            started_at: now,
            post_start_done: false,
            exited: None,
            kill: None,
            kill_deadline: None,
            prestop_failed: false,
            turn: None,
            signaled: false,
            image: c.spec.image.clone().unwrap_or_default(),
        });
        c.startup_ok = false;
        c.ready_ok = false;
        c.probe_kill = None;
        c.rerun = false;
        let post_start = c.spec.lifecycle.as_ref().and_then(|l| l.post_start.clone());
        self.kubelet_event(Some(ci), "Normal", "Started", msg);
        let outcome =
            self.call(ci, |b, r| b.start(r, now)).unwrap_or(super::behavior::ProcessOutcome::RunsForever);
        self.apply_outcome(ci, outcome);
        self.schedule_relist();
        match post_start {
            Some(h) => {
                let (ok, ms, output) = self.run_handler(ci, &h);
                self.begin_task(Task::PostStart { ci, inst: id, ok, output }, ms);
            }
            None => {
                if let Some(i) = self.ctrs[ci].cur.as_mut() {
                    i.post_start_done = true;
                }
            }
        }
    }

    fn post_start_done(&mut self, ci: usize, inst: u32, ok: bool, output: String) {
        let same = self.ctrs.get(ci).is_some_and(|c| c.cur.as_ref().is_some_and(|i| i.id == inst));
        if !same {
            return;
        }
        let running = self.ctrs[ci].running();
        if ok && !running {
            return;
        }
        if ok {
            if let Some(i) = self.ctrs[ci].cur.as_mut() {
                i.post_start_done = true;
            }
            return;
        }
        // Details are left out of the event so that secrets won't leak (kubelet comment).
        self.kubelet_event(Some(ci), "Warning", "FailedPostStartHook", "PostStartHook failed".to_string());
        let grace = self.pod.spec.termination_grace_period_seconds.unwrap_or(30).saturating_mul(1000);
        let name = self.ctrs[ci].name().to_string();
        let argv = self.ctrs[ci]
            .spec
            .lifecycle
            .as_ref()
            .and_then(|l| l.post_start.as_ref())
            .and_then(|h| h.exec.as_ref())
            .and_then(|e| e.command.clone())
            .unwrap_or_default();
        // [INF] wording of the kubelet's hook error (kuberuntime_container.go).
        let msg = format!(
            "Exec lifecycle hook ({argv:?}) for Container {name:?} in Pod \"{}_{}({})\" failed - error: command '{}' exited with 126: {output}, message: {output:?}",
            self.pod.name(),
            self.pod.namespace(),
            self.uid,
            argv.join(" ")
        );
        self.ctrs[ci].reason = Some(("PostStartHookError".to_string(), msg));
        self.worker.error.get_or_insert(None);
        if running {
            self.worker.ops.push_front(Op::Kill {
                ci,
                message: "FailedPostStartHook".to_string(),
                grace_ms: grace,
            });
        } else {
            // The process is already gone; the kubelet still stops the container and says so.
            self.kubelet_event(Some(ci), "Normal", "Killing", "FailedPostStartHook".to_string());
        }
    }

    /// Runs a hook handler now: (success, duration, output).
    pub(crate) fn run_handler(&mut self, ci: usize, h: &LifecycleHandler) -> (bool, i64, String) {
        let now = self.now();
        if let Some(s) = &h.sleep {
            return (true, s.seconds.max(0).saturating_mul(1000), String::new());
        }
        if let Some(e) = &h.exec {
            let argv = e.command.clone().unwrap_or_default();
            return match self.call(ci, |b, r| b.exec(r, &argv, now)) {
                Some(res) => (res.exit_code == 0, res.duration_ms, res.output),
                None => (false, 0, String::new()),
            };
        }
        if let Some(g) = &h.http_get {
            let path = g.path.clone().unwrap_or_else(|| "/".to_string());
            let res = self.call(ci, |b, r| {
                let port = super::prober::resolve_port(r.spec, &g.port);
                b.http_get(r, port, &path, now)
            });
            return match res {
                Some(super::behavior::HttpResult::Status { code, body }) => {
                    ((200..400).contains(&code), 10, body)
                }
                _ => (false, 1, "connection refused".to_string()),
            };
        }
        // tcpSocket hooks are not supported by the kubelet: they fail at runtime.
        (false, 0, String::new())
    }
}
