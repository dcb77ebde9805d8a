//! Stopping containers and pods: Killing, preStop (sharing the grace period), the stop signal,
//! SIGKILL at the end of the grace period (exit 137) with the kubelet's 2 s minimum; graceful
//! deletion, sidecars stopped after the app containers in reverse order, activeDeadlineSeconds,
//! and the node going NotReady (k8s-semantics.md §5, §8).

use super::behavior::{ContainerKind, Signal, SignalOutcome};
use super::engine::{
    Engine, Ev, Term, Termination, Waiter, FINAL_DELETE_MS, MIN_GRACE_MS, NODE_MONITOR_GRACE_MS,
    TOLERATION_MS, WATCH_MS,
};
use super::events;
use crate::model::PodCondition;

/// The stop signal's remaining budget after a preStop hook that ran `hook_ms` of `grace_ms`: the
/// kubelet subtracts the hook's whole seconds and always grants at least 2 s.
pub fn grace_after_prestop(grace_ms: i64, hook_ms: i64) -> i64 {
    let elapsed_s = hook_ms.clamp(0, grace_ms.max(0)) / 1000;
    (grace_ms - elapsed_s * 1000).max(MIN_GRACE_MS)
}

impl Engine<'_> {
    fn pod_grace_ms(&self) -> i64 {
        self.pod.spec.termination_grace_period_seconds.unwrap_or(30).max(0).saturating_mul(1000)
    }

    /// killContainer: Killing event, preStop (bounded by the grace period), then the stop signal.
    pub(crate) fn begin_kill(&mut self, ci: usize, message: String, grace_ms: i64, waiter: Waiter) {
        self.begin_kill_ordered(ci, message, grace_ms, waiter, false);
    }

    /// killContainer; with `ordered` (a sidecar during pod termination) the stop signal also waits
    /// for the container's turn (`waitForTurn` in kuberuntime_termination_order.go): after the hook,
    /// until the app containers and every later sidecar have exited, at most the grace left.
    fn begin_kill_ordered(
        &mut self,
        ci: usize,
        message: String,
        grace_ms: i64,
        waiter: Waiter,
        ordered: bool,
    ) {
        let Some(inst) = self.ctrs.get(ci).and_then(|c| c.cur.as_ref()).filter(|i| i.exited.is_none()) else {
            return;
        };
        let id = inst.id;
        self.kubelet_event(Some(ci), "Normal", "Killing", message);
        let pre_stop = self.ctrs[ci].spec.lifecycle.as_ref().and_then(|l| l.pre_stop.clone());
        let now = self.now();
        let (hook_ms, failed) = match pre_stop {
            Some(h) => {
                let (ok, ms, _) = self.run_handler(ci, &h);
                (ms.min(grace_ms.max(0)), !ok)
            }
            None => (0, false),
        };
        let remaining = grace_after_prestop(grace_ms, hook_ms);
        // What is left for waitForTurn: the grace minus the hook's whole seconds (no 2 s floor yet).
        let budget = grace_ms - (hook_ms.clamp(0, grace_ms.max(0)) / 1000) * 1000;
        let hook_end = now.plus(hook_ms);
        if let Some(i) = self.ctrs[ci].cur.as_mut() {
            i.kill = Some(waiter);
            i.kill_deadline = Some(hook_end.plus(remaining));
            i.prestop_failed = failed;
            i.signaled = false;
            i.turn = (ordered && budget > 0).then_some((hook_end, budget));
        }
        self.q.after(hook_ms, Ev::StopSignal { ci, inst: id });
    }

    /// Whether sidecar `ci` may stop now: every app container and every later sidecar has exited.
    fn sidecar_turn(&self, ci: usize) -> bool {
        !self.ctrs.iter().enumerate().any(|(j, c)| {
            c.running()
                && (c.kind == ContainerKind::App
                    || (c.kind == ContainerKind::Sidecar && j > ci && j < self.n_init))
        })
    }

    /// The stop signal reaches the process; SIGKILL follows at the deadline.
    pub(crate) fn stop_signal(&mut self, ci: usize, inst: u32) {
        let Some(i) = self
            .ctrs
            .get(ci)
            .and_then(|c| c.cur.as_ref())
            .filter(|i| i.id == inst && i.exited.is_none() && !i.signaled)
        else {
            return;
        };
        let now = self.now();
        if let Some((hook_end, budget)) = i.turn {
            if now < hook_end {
                return;
            }
            let timeout = hook_end.plus(budget);
            if !self.sidecar_turn(ci) && now < timeout {
                // Woken again when the containers it waits for are gone, or at the timeout.
                self.q.schedule(timeout, Ev::StopSignal { ci, inst });
                return;
            }
            // The time waited counts in whole seconds against the budget, then the 2 s minimum.
            let waited_s = now.since(hook_end) / 1000;
            let grace = (budget - waited_s * 1000).max(MIN_GRACE_MS);
            if let Some(i) = self.ctrs[ci].cur.as_mut() {
                i.kill_deadline = Some(now.plus(grace));
                i.turn = None;
            }
        }
        let Some(i) = self.ctrs[ci].cur.as_mut() else { return };
        i.signaled = true;
        let deadline = i.kill_deadline.unwrap_or(now);
        if i.prestop_failed {
            self.kubelet_event(Some(ci), "Warning", "FailedPreStopHook", "PreStopHook failed".to_string());
        }
        let outcome = self.call(ci, |b, r| b.signal(r, Signal::Term, now)).unwrap_or(SignalOutcome::Ignored);
        let (at, code) = match outcome {
            SignalOutcome::ExitsAfter { after_ms, code } if now.plus(after_ms) < deadline => {
                (now.plus(after_ms), code)
            }
            _ => (deadline, 137),
        };
        self.q.schedule(at, Ev::ProcessExit { ci, inst, code });
    }

    /// The main process of instance `inst` exited with `code`.
    pub(crate) fn process_exit(&mut self, ci: usize, inst: u32, code: i64) {
        let now = self.now();
        let current = self
            .ctrs
            .get(ci)
            .and_then(|c| c.cur.as_ref())
            .is_some_and(|i| i.id == inst && i.exited.is_none());
        if !current {
            return;
        }
        // Read before `stopped`: the message lives in the container's files and log.
        let message = self.call(ci, |b, r| b.termination_message(r, code)).flatten();
        let Some(c) = self.ctrs.get_mut(ci) else { return };
        let Some(i) = c.cur.as_mut() else { return };
        i.exited =
            Some(Term { code, message, started_at: i.started_at, finished_at: now, cid: i.cid.clone() });
        let waiter = i.kill.take();
        c.ready_ok = false;
        self.call(ci, |b, r| b.stopped(r, now));
        self.schedule_relist();
        match waiter {
            Some(Waiter::Worker) => self.worker_kill_done(),
            _ if self.termination.is_some() => self.termination_progress(),
            _ => {}
        }
    }

    /// `kubectl delete pod`: the apiserver sets deletionTimestamp; the kubelet notices shortly after.
    pub(crate) fn delete_pod(&mut self, grace: Option<i64>, force: bool) {
        if self.deletion.is_some() || self.deleted {
            return;
        }
        let grace_s = if force { 0 } else { grace.unwrap_or_else(|| self.pod_grace_ms() / 1000).max(0) };
        let now = self.now();
        self.deletion = Some((now.plus(grace_s * 1000), grace_s));
        if self.admitted.is_none() || self.terminal || force {
            // No kubelet owns it (or it is already finished, or forced): the object goes at once.
            self.q.after(0, Ev::DeleteObject);
            return;
        }
        if !self.api_frozen {
            let d = self.lat(WATCH_MS);
            self.q.after(d, Ev::NoticeDeletion);
        }
    }

    /// The kubelet sees the deletion and terminates the pod with the deletion's grace period.
    pub(crate) fn notice_deletion(&mut self) {
        if let Some((_, grace_s)) = self.deletion {
            self.begin_termination(grace_s.saturating_mul(1000));
        }
    }

    /// syncTerminatingPod → killContainersWithSyncResult: every running container is killed at once
    /// (Killing event and preStop hook now); sidecars send their stop signal only on their turn.
    pub(crate) fn begin_termination(&mut self, grace_ms: i64) {
        if self.termination.is_some() || self.terminal {
            return;
        }
        let now = self.now();
        self.termination = Some(Termination { began: now, grace_ms });
        // Pending work is abandoned; a kill in progress continues, now awaited by the pod.
        self.worker.ops.clear();
        self.worker.token += 1;
        self.worker.busy = false;
        self.worker.task = None;
        self.worker.in_sync = false;
        self.worker.pending = false;
        // App (and running init) containers first, then sidecars in reverse order: the events of
        // the concurrent kills are listed in the order their turns come.
        let order: Vec<usize> = (0..self.ctrs.len())
            .filter(|&ci| self.ctrs[ci].kind != ContainerKind::Sidecar)
            .chain((0..self.n_init).rev().filter(|&ci| self.ctrs[ci].kind == ContainerKind::Sidecar))
            .collect();
        for ci in order {
            if !self.ctrs[ci].running() {
                continue;
            }
            let already = self.ctrs[ci].cur.as_ref().is_some_and(|i| i.kill.is_some());
            if already {
                if let Some(i) = self.ctrs[ci].cur.as_mut() {
                    i.kill = Some(Waiter::Pod);
                }
            } else {
                let msg = events::stopping(self.ctrs[ci].name());
                let sidecar = self.ctrs[ci].kind == ContainerKind::Sidecar;
                self.begin_kill_ordered(ci, msg, grace_ms, Waiter::Pod, sidecar);
            }
        }
        self.termination_progress();
    }

    /// A container exited during termination: wake the sidecars whose turn it now is; once nothing
    /// runs, the pod is done.
    pub(crate) fn termination_progress(&mut self) {
        if self.termination.is_none() {
            return;
        }
        let now = self.now();
        for ci in (0..self.n_init).rev() {
            let waiting = self.ctrs[ci]
                .cur
                .as_ref()
                .filter(|i| i.exited.is_none() && !i.signaled)
                .and_then(|i| i.turn.filter(|(hook_end, _)| *hook_end <= now).map(|_| i.id));
            if let Some(inst) = waiting {
                if self.sidecar_turn(ci) {
                    self.q.after(0, Ev::StopSignal { ci, inst });
                }
            }
        }
        if !self.ctrs.iter().any(|c| c.running()) {
            self.pod_terminal();
        }
    }

    /// Every container has stopped: the phase becomes terminal, the sandbox goes away, and a deleted
    /// pod's API object is removed.
    fn pod_terminal(&mut self) {
        if self.terminal {
            return;
        }
        self.terminal = true;
        self.sandbox_ready = false;
        // Statuses must show the final exits before the phase is computed as terminal.
        for c in &mut self.ctrs {
            c.seen = super::engine::Seen {
                cur: c.cur.as_ref().map(|i| (i.id, i.restart_count, i.started_at, i.exited.clone())),
                prev: c.prev.clone(),
                image: c.cur.as_ref().map(|i| i.image.clone()),
            };
        }
        if self.deletion.is_some() {
            let d = self.lat(FINAL_DELETE_MS);
            self.q.after(d, Ev::DeleteObject);
        }
    }

    /// activeDeadlineSeconds exceeded: Failed/DeadlineExceeded, then every container is stopped.
    pub(crate) fn active_deadline(&mut self) {
        if self.terminal || self.api_frozen {
            return;
        }
        // [INF] the active-deadline handler records a Normal event with its reason and message.
        self.event("Normal", "DeadlineExceeded", "kubelet", None, events::DEADLINE_MESSAGE.to_string());
        self.pod_reason = Some(("DeadlineExceeded".to_string(), events::DEADLINE_MESSAGE.to_string()));
        let grace = self.pod_grace_ms();
        self.begin_termination(grace);
    }

    /// The node stops or resumes reporting.
    pub(crate) fn set_node_ready(&mut self, ready: bool) {
        if ready == self.node_ready {
            return;
        }
        self.node_ready = ready;
        self.node_gen += 1;
        if !ready {
            self.api_frozen = true;
            self.q.after(NODE_MONITOR_GRACE_MS, Ev::NodeMonitor(self.node_gen));
            return;
        }
        self.api_frozen = false;
        self.node_not_ready_seen = false;
        if self.bound.is_none() {
            self.q.after(0, Ev::Schedule);
        }
        if self.deletion.is_some() && self.termination.is_none() && self.admitted.is_some() {
            self.notice_deletion();
        }
        self.trigger_sync();
    }

    /// The node lifecycle controller marks the node NotReady: pods' Ready goes False, the taint is set.
    pub(crate) fn node_monitor(&mut self, gen: u64) {
        if gen != self.node_gen {
            return;
        }
        self.node_not_ready_seen = true;
        if self.bound.is_some() && !self.deleted {
            self.q.after(TOLERATION_MS, Ev::TaintEvict(gen));
        }
    }

    /// The taint outlived the default 300 s toleration: DisruptionTarget, then deletion.
    pub(crate) fn taint_evict(&mut self, gen: u64) {
        if gen != self.node_gen || self.deletion.is_some() {
            return;
        }
        let wall = self.cfg.epoch.plus_millis(self.now().ms()).to_rfc3339();
        self.custom_conditions.push(PodCondition {
            type_: "DisruptionTarget".to_string(),
            status: "True".to_string(),
            last_probe_time: None,
            last_transition_time: Some(wall),
            reason: Some("DeletionByTaintManager".to_string()),
            message: Some("Taint manager: deleting due to NoExecute taint".to_string()),
            observed_generation: None,
        });
        // [INF] the taint-eviction controller's event.
        let msg = format!("Marking for deletion Pod {}/{}", self.pod.namespace(), self.pod.name());
        self.event("Normal", "TaintManagerEviction", "taint-eviction-controller", None, msg);
        self.delete_pod(None, false);
    }
}
