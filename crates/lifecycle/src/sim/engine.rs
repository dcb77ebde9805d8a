//! The engine: world state, the event loop and the dispatch of simulation events to the actors
//! (scheduler, sandbox, images, pod worker, prober, termination, status), each in its own module.

use super::behavior::{Behavior, ContainerKind, ContainerRef};
use super::clock::{EventQueue, SimTime};
use super::config::{ActionKind, SimConfig, MAX_EVENTS, MAX_HORIZON_MS, MAX_STEPS};
use super::events::EventRecord;
use super::prober::ProbeWorker;
use super::rng::Rng;
use super::trace::Trace;
use crate::model::{Container, Pod, PodCondition};
use crate::phase::{PhaseSemantics, PodPhase};
use crate::text::{Key, Phrase};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

// ---- Latencies: named, documented, drawn from the run's RNG within these ranges. ----

/// Scheduler queue + binding after creation (a few tens of ms on an idle cluster).
pub const SCHEDULE_MS: (i64, i64) = (8, 40);
/// Binding → kubelet watch → pod admission.
pub const ADMIT_MS: (i64, i64) = (10, 50);
/// RunPodSandbox incl. CNI setup (~1 s).
pub const SANDBOX_MS: (i64, i64) = (700, 1_300);
/// CRI CreateContainer.
pub const CREATE_MS: (i64, i64) = (40, 140);
/// CRI StartContainer.
pub const START_MS: (i64, i64) = (80, 260);
/// An `Always` pull of an image already on the node (manifest check only).
pub const PULL_CACHED_MS: (i64, i64) = (300, 900);
/// A pull that fails (registry answers not found).
pub const PULL_FAIL_MS: (i64, i64) = (400, 1_500);
/// A fresh pull varies by ±this percentage around `SimConfig::pull_ms`.
pub const PULL_JITTER_PERCENT: i64 = 15;
/// PLEG relist period: container starts and exits are noticed at the next relist.
pub const RELIST_MS: i64 = 1_000;
/// From a trigger (PLEG event, probe result) to the pod worker's sync.
pub const DISPATCH_MS: (i64, i64) = (5, 30);
/// Resync interval of a pod whose last sync succeeded (1 min, jitter factor 0.5).
pub const RESYNC_MS: i64 = 60_000;
/// Requeue after a failed sync on kubelets older than 1.33 (10 s, jitter factor 0.5).
pub const BACKOFF_REQUEUE_MS: i64 = 10_000;
/// Kubelet noticing a deletion (watch latency).
pub const WATCH_MS: (i64, i64) = (5, 40);
/// From the pod being terminal to the kubelet's final delete of the API object.
pub const FINAL_DELETE_MS: (i64, i64) = (20, 120);
/// Node lifecycle controller's node-monitor-grace-period.
pub const NODE_MONITOR_GRACE_MS: i64 = 40_000;
/// Default toleration of the not-ready/unreachable NoExecute taints.
pub const TOLERATION_MS: i64 = 300_000;
/// The scheduler retries an unschedulable pod at least this often (podMaxInUnschedulablePodsDuration).
pub const UNSCHEDULABLE_RETRY_MS: i64 = 300_000;
/// Crash-loop back-off: initial delay.
pub const CRASH_BACKOFF_INITIAL_MS: i64 = 10_000;
/// Crash-loop back-off: cap.
pub const CRASH_BACKOFF_MAX_MS: i64 = 300_000;
/// Image pull back-off: initial delay.
pub const IMAGE_BACKOFF_INITIAL_MS: i64 = 10_000;
/// Image pull back-off: cap.
pub const IMAGE_BACKOFF_MAX_MS: i64 = 300_000;
/// The kubelet's `minimumGracePeriodInSeconds`.
pub const MIN_GRACE_MS: i64 = 2_000;

/// What happens next in the simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ev {
    Schedule,
    Admit,
    /// A pod worker sync; `None` = triggered now, `Some(gen)` = requeue timer of that generation.
    Sync(Option<u64>),
    WorkerDone(u64),
    ProcessExit {
        ci: usize,
        inst: u32,
        code: i64,
    },
    /// The main process asked to be resumed (a sleep ended); `gen` must match the container's.
    ProcessWake {
        ci: usize,
        inst: u32,
        gen: u64,
    },
    Relist,
    ProbeTick(usize),
    StopSignal {
        ci: usize,
        inst: u32,
    },
    Action(usize),
    ActiveDeadline,
    DeleteObject,
    NoticeDeletion,
    NodeMonitor(u64),
    TaintEvict(u64),
}

/// A container's terminated state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    pub code: i64,
    /// terminationMessagePath's content (or the log tail), as the kubelet reports it.
    pub message: Option<String>,
    pub started_at: SimTime,
    pub finished_at: SimTime,
    pub cid: String,
}

impl Term {
    pub fn reason(&self) -> &'static str {
        if self.code == 0 {
            "Completed"
        } else {
            "Error"
        }
    }
}

/// Who waits for a kill to finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Waiter {
    Worker,
    Pod,
}

/// One run of a container (a CRI container).
#[derive(Debug, Clone)]
pub(crate) struct Inst {
    pub id: u32,
    pub cid: String,
    pub restart_count: i64,
    pub started_at: SimTime,
    pub post_start_done: bool,
    pub exited: Option<Term>,
    pub kill: Option<Waiter>,
    /// When SIGKILL lands, if a kill is in progress.
    pub kill_deadline: Option<SimTime>,
    /// The preStop hook failed (reported when the stop signal is sent).
    pub prestop_failed: bool,
    /// A sidecar whose preStop hook ran at the start of pod termination and which now waits for its
    /// turn to stop (`waitForTurn`): when the hook ended and the grace budget left after it.
    pub turn: Option<(SimTime, i64)>,
    /// The stop signal was sent (a later wake-up for the same kill does nothing).
    pub signaled: bool,
    /// The spec image it was created from.
    pub image: String,
}

/// What PLEG last saw of a container.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// (instance id, restart count, startedAt, termination if exited).
    pub cur: Option<(u32, i64, SimTime, Option<Term>)>,
    pub prev: Option<Term>,
    /// The image the current instance was created from (what the runtime reports).
    pub image: Option<String>,
}

/// Crash-loop back-off entry (client-go `flowcontrol.Backoff`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backoff {
    pub backoff_ms: i64,
    pub last_update: SimTime,
}

/// A container of the pod.
#[derive(Debug, Clone)]
pub(crate) struct Ctr {
    pub spec: Container,
    pub kind: ContainerKind,
    pub field_path: String,
    pub cur: Option<Inst>,
    pub prev: Option<Term>,
    pub next_id: u32,
    pub seen: Seen,
    /// The kubelet's reason cache: the last start error (reason, message).
    pub reason: Option<(String, String)>,
    pub backoff: Option<Backoff>,
    /// Startup probe passed (for the current instance).
    pub startup_ok: bool,
    /// Readiness probe result (for the current instance).
    pub ready_ok: bool,
    /// A liveness/startup probe asked for a kill: which probe.
    pub probe_kill: Option<&'static str>,
    /// Generation of the pending process wake-up (older wake-ups are stale).
    pub wake_gen: u64,
    /// The spec changed (`kubectl set image`): kill and restart with the new definition.
    pub definition_changed: bool,
    /// An ordinary init container that must run again (the pod's init sequence restarts).
    pub rerun: bool,
    /// (started, ready) of the instance PLEG last saw, frozen when a newer instance replaced it
    /// within one sync (a kill then restart): the kubelet generates no status in between.
    pub replaced: Option<(bool, bool)>,
    /// Removed by RestartAllContainers: until a later instance exits, lastState is the removal.
    pub reset_last: bool,
    /// (back-off, CrashLoopBackOff waiting message, BackOff event message) last built.
    pub backoff_texts: Option<(i64, String, String)>,
    /// The name the trace's records share.
    pub shared_name: super::trace::Name,
}

impl Ctr {
    pub fn name(&self) -> &str {
        &self.spec.name
    }
    pub fn running(&self) -> bool {
        self.cur.as_ref().is_some_and(|i| i.exited.is_none())
    }
    /// Running as PLEG saw it.
    pub fn seen_running(&self) -> bool {
        self.seen.cur.as_ref().is_some_and(|c| c.3.is_none())
    }
    /// The exit PLEG saw last (current instance exited), if any.
    pub fn seen_exit(&self) -> Option<&Term> {
        self.seen.cur.as_ref().and_then(|c| c.3.as_ref())
    }
    /// `started` as the status reports it.
    pub fn started(&self) -> bool {
        if let Some((started, _)) = self.replaced {
            return started;
        }
        let Some((id, ..)) = self.seen.cur.as_ref().filter(|c| c.3.is_none()) else { return false };
        let post_start = self.cur.as_ref().is_some_and(|i| i.id == *id && i.post_start_done);
        post_start && (self.spec.startup_probe.is_none() || self.startup_ok)
    }
    /// `ready` as the status reports it.
    pub fn ready(&self) -> bool {
        if let Some((_, ready)) = self.replaced {
            return ready;
        }
        self.started() && (self.spec.readiness_probe.is_none() || self.ready_ok)
    }
}

/// The pod worker's operations, executed one at a time (the kubelet starts containers sequentially).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Op {
    Sandbox,
    Start {
        ci: usize,
        backoff_ts: Option<SimTime>,
    },
    Kill {
        ci: usize,
        message: String,
        grace_ms: i64,
    },
    /// RestartAllContainers: remove every (killed) container, keeping the sandbox.
    RemoveAll,
}

/// Where a RestartAllContainers restart is (KEP-5532).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum RestartAll {
    /// None in progress.
    #[default]
    Idle,
    /// A rule matched: AllContainersRestarting=True while the containers are killed.
    Killing,
    /// Every container was removed (condition False again); the next sync starts them.
    Removed,
    /// The first start sync ran; the sync after it stops showing RestartingAllContainers.
    Starting,
}

/// The stage an in-progress operation is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Task {
    Sandbox,
    Pull { ci: usize, ms: i64, ok: bool },
    Create { ci: usize },
    Start { ci: usize },
    PostStart { ci: usize, inst: u32, ok: bool, output: String },
    Kill,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct PodWorker {
    pub busy: bool,
    pub token: u64,
    pub task: Option<Task>,
    pub ops: VecDeque<Op>,
    pub in_sync: bool,
    /// PLEG relisted during this sync: the kubelet generates the pod's status only when a sync
    /// starts, so what the relist saw shows once this sync is over.
    pub relist_deferred: bool,
    pub pending: bool,
    pub requeue_gen: u64,
    /// Earliest back-off expiry hit during the current sync (ms from now), or a generic error.
    pub error: Option<Option<i64>>,
}

/// Graceful termination of the whole pod in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Termination {
    pub began: SimTime,
    pub grace_ms: i64,
}

/// The whole simulated world.
pub(crate) struct Engine<'a> {
    pub cfg: &'a SimConfig,
    pub sem: PhaseSemantics,
    pub pod: Pod,
    pub uid: String,
    pub behavior: &'a mut dyn Behavior,
    pub q: EventQueue<Ev>,
    pub rng: Rng,
    pub horizon: SimTime,
    pub steps: u64,
    pub truncated: Option<Phrase>,
    pub trace: Trace,
    pub notes: Vec<Phrase>,
    // control plane
    pub gated: bool,
    pub bound: Option<SimTime>,
    pub unschedulable: Option<String>,
    pub admitted: Option<SimTime>,
    pub deletion: Option<(SimTime, i64)>,
    pub deleted: bool,
    pub node_ready: bool,
    pub node_gen: u64,
    pub api_frozen: bool,
    pub node_not_ready_seen: bool,
    pub custom_conditions: Vec<PodCondition>,
    pub services: BTreeMap<String, super::config::ServiceSpec>,
    /// The pod spec after a runtime change (debug, setImage), for snapshots.
    pub spec_rc: Option<std::rc::Rc<crate::model::PodSpec>>,
    // kubelet
    pub sandbox_ready: bool,
    pub ip_assigned: bool,
    pub pod_ip: String,
    pub ctrs: Vec<Ctr>,
    pub n_init: usize,
    pub pod_has_initialized: bool,
    pub init_failed_terminal: bool,
    pub worker: PodWorker,
    pub relist_phase: i64,
    pub relist_pending: Option<SimTime>,
    pub images_present: BTreeSet<String>,
    pub image_backoff: BTreeMap<String, Backoff>,
    pub probes: Vec<ProbeWorker>,
    pub termination: Option<Termination>,
    pub terminal: bool,
    pub pod_reason: Option<(String, String)>,
    pub restart_all: RestartAll,
    // status publishing
    pub dirty: bool,
    pub last_phase: Option<PodPhase>,
    /// Per condition type: the status and when it last changed, as RFC 3339 text.
    pub cond_times: BTreeMap<String, (String, String)>,
    /// RFC 3339 texts already rendered, by simulated millisecond (the status repeats the same few).
    pub wall_cache: std::cell::RefCell<BTreeMap<i64, String>>,
    /// (normalized image, imageID) by spec image, computed once per image.
    pub image_cache: std::cell::RefCell<BTreeMap<String, (String, String)>>,
    /// The pod `kubectl get` rows are rendered from (the status is swapped in and out), and the
    /// (spec, nodeName, gates removed) it was last built for.
    pub row_pod: Pod,
    /// Everything the published status is computed from, as of the last publish: when it has not
    /// changed, publishing again would change nothing (most syncs and actions change nothing visible).
    pub last_inputs: Option<super::status::StatusInputs>,
    /// Bumped whenever the set of Services changes (an input of the endpoints).
    pub services_gen: u64,
    pub row_pod_key: Option<(Option<std::rc::Rc<crate::model::PodSpec>>, Option<String>, bool)>,
    pub last_row: Option<(String, String, String)>,
    pub last_ctr_records: BTreeMap<String, super::trace::ContainerRecord>,
    pub last_cond_records: BTreeMap<String, (String, Option<String>, Option<String>)>,
    pub last_endpoints: BTreeMap<String, (Vec<String>, Vec<String>)>,
    /// Indices of the regular containers in name order (the status lists them so).
    pub app_order: Vec<usize>,
    /// Bumped at every runtime spec change (exec results remembered before it are not reused).
    pub spec_changes: u64,
    /// The last API status built for each container, with what it was built from.
    pub ctr_status_cache: std::cell::RefCell<Vec<Option<super::status::CachedStatus>>>,
    /// Parts of the status fixed for the run (QoS class, hostIPs, podIPs), built on first use.
    pub status_consts: Option<super::status::StatusConsts>,
}

impl<'a> Engine<'a> {
    pub fn new(pod: &Pod, cfg: &'a SimConfig, behavior: &'a mut dyn Behavior) -> Self {
        let mut rng = Rng::new(cfg.seed);
        let mut pod = super::status::with_defaults(pod);
        let mut notes = Vec::new();
        if !cfg.version.at_least(1, 29) {
            // SidecarContainers is alpha (off) in 1.28: the apiserver drops an init container's
            // restartPolicy (dropDisabledFields), so it runs as an ordinary init container.
            for c in pod.spec.init_containers.iter_mut().flatten() {
                if c.restart_policy.is_some() {
                    c.restart_policy = None;
                    notes.push(Phrase::new(
                        Key::SidecarGateOff,
                        [cfg.version.to_string(), format!("{:?}", c.name)],
                    ));
                }
            }
        }
        let uid = uid_from(&mut rng);
        let mut ctrs = Vec::new();
        for c in pod.init_containers() {
            let kind = if c.is_sidecar() { ContainerKind::Sidecar } else { ContainerKind::Init };
            ctrs.push(new_ctr(c, kind, format!("spec.initContainers{{{}}}", c.name)));
        }
        let n_init = ctrs.len();
        for c in &pod.spec.containers {
            ctrs.push(new_ctr(c, ContainerKind::App, format!("spec.containers{{{}}}", c.name)));
        }
        let horizon_ms = if cfg.horizon_ms > MAX_HORIZON_MS {
            notes.push(Phrase::new(Key::HorizonClamped, [crate::time::go_duration(MAX_HORIZON_MS)]));
            MAX_HORIZON_MS
        } else {
            cfg.horizon_ms.max(0)
        };
        let relist_phase = rng.below(RELIST_MS);
        let pod_ip = format!("10.244.0.{}", 2 + rng.below(250));
        let gated = pod.spec.scheduling_gates.as_ref().is_some_and(|g| !g.is_empty());
        let mut base = pod.clone();
        base.status = None;
        base.metadata.uid = Some(uid.clone());
        base.metadata.creation_timestamp = Some(cfg.epoch.to_rfc3339());
        let trace = Trace {
            pod: pod.name().to_string(),
            horizon_ms,
            truncated: false,
            notes: Vec::new(),
            events: Vec::new(),
            phases: Vec::new(),
            conditions: Vec::new(),
            containers: Vec::new(),
            probes: Vec::new(),
            rows: Vec::new(),
            endpoints: Vec::new(),
            snapshots: Vec::new(),
            base,
            epoch: cfg.epoch,
            deleted_at: None,
        };
        let images_present = cfg.node.images.iter().map(|i| normalize_image(i)).collect();
        Engine {
            cfg,
            sem: cfg.semantics(),
            pod,
            uid,
            behavior,
            q: EventQueue::new(),
            rng,
            horizon: SimTime(horizon_ms),
            steps: 0,
            truncated: None,
            trace,
            notes,
            gated,
            bound: None,
            unschedulable: None,
            admitted: None,
            deletion: None,
            deleted: false,
            node_ready: true,
            node_gen: 0,
            api_frozen: false,
            node_not_ready_seen: false,
            custom_conditions: Vec::new(),
            services: BTreeMap::new(),
            spec_rc: None,
            sandbox_ready: false,
            ip_assigned: false,
            pod_ip,
            ctrs,
            n_init,
            pod_has_initialized: n_init == 0,
            init_failed_terminal: false,
            worker: PodWorker::default(),
            relist_phase,
            relist_pending: None,
            images_present,
            image_backoff: BTreeMap::new(),
            probes: Vec::new(),
            termination: None,
            terminal: false,
            pod_reason: None,
            restart_all: RestartAll::Idle,
            dirty: true,
            last_phase: None,
            cond_times: BTreeMap::new(),
            wall_cache: std::cell::RefCell::new(BTreeMap::new()),
            image_cache: std::cell::RefCell::new(BTreeMap::new()),
            row_pod: Pod::default(),
            row_pod_key: None,
            last_inputs: None,
            services_gen: 0,
            last_row: None,
            last_ctr_records: BTreeMap::new(),
            last_cond_records: BTreeMap::new(),
            last_endpoints: BTreeMap::new(),
            app_order: Vec::new(),
            ctr_status_cache: std::cell::RefCell::new(Vec::new()),
            status_consts: None,
            spec_changes: 0,
        }
    }

    pub fn now(&self) -> SimTime {
        self.q.now()
    }

    /// A latency drawn from `(lo, hi)`.
    pub fn lat(&mut self, r: (i64, i64)) -> i64 {
        self.rng.range(r.0, r.1)
    }

    pub fn event(
        &mut self,
        type_: &'static str,
        reason: &str,
        from: &'static str,
        object: Option<String>,
        message: String,
    ) {
        // A kubelet cut off from the API server cannot record events.
        if self.api_frozen && from == "kubelet" {
            return;
        }
        if self.trace.events.len() >= MAX_EVENTS {
            if self.truncated.is_none() {
                self.truncated = Some(Phrase::new(Key::StoppedAtEventLimit, [MAX_EVENTS.to_string()]));
            }
            return;
        }
        self.trace.events.push(EventRecord {
            t: self.now(),
            type_,
            reason: reason.to_string(),
            from,
            object,
            message,
        });
    }

    pub fn kubelet_event(&mut self, ci: Option<usize>, type_: &'static str, reason: &str, message: String) {
        let object = ci.and_then(|i| self.ctrs.get(i)).map(|c| c.field_path.clone());
        self.event(type_, reason, "kubelet", object, message);
    }

    /// Calls the behavior about container `ci` (disjoint borrows of the container and the behavior).
    pub fn call<R>(
        &mut self,
        ci: usize,
        f: impl FnOnce(&mut dyn Behavior, ContainerRef<'_>) -> R,
    ) -> Option<R> {
        let c = self.ctrs.get(ci)?;
        let r = ContainerRef {
            spec: &c.spec,
            kind: c.kind,
            instance: c.cur.as_ref().map(|i| i.id).unwrap_or(0),
            pod_ip: &self.pod_ip,
        };
        let out = f(&mut *self.behavior, r);
        self.apply_changes();
        Some(out)
    }

    /// Schedules what side effects of a behavior call did to main processes (kills, traps).
    pub fn apply_changes(&mut self) {
        for (name, outcome) in self.behavior.take_changes() {
            if let Some(ci) = self.ctrs.iter().position(|c| c.spec.name == name) {
                self.apply_outcome(ci, outcome);
            }
        }
    }

    /// Schedules the next step of container `ci`'s running main process.
    pub fn apply_outcome(&mut self, ci: usize, outcome: super::behavior::ProcessOutcome) {
        use super::behavior::ProcessOutcome;
        let Some(c) = self.ctrs.get_mut(ci) else { return };
        let Some(inst) = c.cur.as_ref().filter(|i| i.exited.is_none()).map(|i| i.id) else { return };
        c.wake_gen += 1;
        let gen = c.wake_gen;
        match outcome {
            ProcessOutcome::RunsForever => {}
            ProcessOutcome::Exits { after_ms, code } => {
                self.q.after(after_ms, Ev::ProcessExit { ci, inst, code })
            }
            ProcessOutcome::Wakes { after_ms } => self.q.after(after_ms, Ev::ProcessWake { ci, inst, gen }),
        }
    }

    /// A sleeping main process resumes.
    fn process_wake(&mut self, ci: usize, inst: u32, gen: u64) {
        let live = self.ctrs.get(ci).is_some_and(|c| {
            c.wake_gen == gen && c.cur.as_ref().is_some_and(|i| i.id == inst && i.exited.is_none())
        });
        if !live {
            return;
        }
        let now = self.now();
        if let Some(o) = self.call(ci, |b, r| b.resume(r, now)) {
            self.apply_outcome(ci, o);
        }
    }

    /// Runs the simulation to the horizon (or a limit) and returns the trace.
    pub fn run(mut self, actions_sorted: &[(usize, i64)]) -> Trace {
        self.publish();
        if self.gated {
            // The apiserver writes PodScheduled=False/SchedulingGated at creation.
        } else if self.pod.spec.node_name.is_some() {
            self.bound = Some(SimTime::ZERO);
            let d = self.lat(ADMIT_MS);
            self.q.after(d, Ev::Admit);
        } else {
            let d = self.lat(SCHEDULE_MS);
            self.q.after(d, Ev::Schedule);
        }
        for &(i, at) in actions_sorted {
            if at <= self.horizon.ms() {
                self.q.schedule(SimTime(at.max(0)), Ev::Action(i));
            }
        }
        self.publish();
        while let Some(t) = self.q.peek_time() {
            if t > self.horizon || self.truncated.is_some() || self.deleted {
                break;
            }
            self.steps += 1;
            if self.steps > MAX_STEPS {
                self.truncated = Some(Phrase::new(Key::StoppedAtStepLimit, [MAX_STEPS.to_string()]));
                break;
            }
            let Some((_, ev)) = self.q.pop() else { break };
            self.dispatch(ev);
            if self.dirty {
                self.publish();
            }
        }
        self.finish()
    }

    fn dispatch(&mut self, ev: Ev) {
        // Probe ticks and relists are the bulk of a long run; they mark the status dirty themselves
        // only when something visible changed.
        if !matches!(ev, Ev::ProbeTick(_) | Ev::Relist) {
            self.dirty = true;
        }
        match ev {
            Ev::Schedule => self.schedule_attempt(),
            Ev::Admit => self.admit(),
            Ev::Sync(gen) => {
                if gen.is_none() || gen == Some(self.worker.requeue_gen) {
                    self.sync();
                }
            }
            Ev::WorkerDone(token) => {
                if token == self.worker.token {
                    self.task_done();
                }
            }
            Ev::ProcessExit { ci, inst, code } => self.process_exit(ci, inst, code),
            Ev::ProcessWake { ci, inst, gen } => self.process_wake(ci, inst, gen),
            Ev::Relist => self.relist(),
            Ev::ProbeTick(pw) => self.probe_tick(pw),
            Ev::StopSignal { ci, inst } => self.stop_signal(ci, inst),
            Ev::Action(i) => self.action(i),
            Ev::ActiveDeadline => self.active_deadline(),
            Ev::DeleteObject => {
                self.deleted = true;
                self.trace.deleted_at = Some(self.now());
                self.notes.push(Phrase::new(Key::ObjectDeleted, [self.now().to_string()]));
            }
            Ev::NoticeDeletion => self.notice_deletion(),
            Ev::NodeMonitor(g) => self.node_monitor(g),
            Ev::TaintEvict(g) => self.taint_evict(g),
        }
    }

    fn action(&mut self, i: usize) {
        let Some(a) = self.cfg.actions.get(i) else { return };
        match &a.kind {
            ActionKind::DeletePod { grace_seconds, force } => self.delete_pod(*grace_seconds, *force),
            ActionKind::Exec { container, command } => {
                let Some(ci) = self.ctrs.iter().position(|c| &c.spec.name == container) else {
                    let p = Phrase::new(
                        Key::ExecNoSuchContainer,
                        [self.now().to_string(), format!("{container:?}")],
                    );
                    self.notes.push(p);
                    return;
                };
                if !self.ctrs[ci].running() {
                    let p =
                        Phrase::new(Key::ExecNotRunning, [self.now().to_string(), format!("{container:?}")]);
                    self.notes.push(p);
                    return;
                }
                let now = self.now();
                let command = command.clone();
                if let Some(res) = self.call(ci, |b, r| b.exec(r, &command, now)) {
                    if res.exit_code != 0 {
                        self.notes.push(Phrase::new(
                            Key::ExecFailed,
                            [
                                now.to_string(),
                                format!("{container:?}"),
                                res.exit_code.to_string(),
                                res.output.trim_end().to_string(),
                            ],
                        ));
                    }
                }
            }
            ActionKind::SetCondition { type_, status } => {
                let now = self.now();
                let wall = self.cfg.epoch.plus_millis(now.ms()).to_rfc3339();
                match self.custom_conditions.iter_mut().find(|c| &c.type_ == type_) {
                    Some(c) => {
                        if &c.status != status {
                            c.last_transition_time = Some(wall);
                        }
                        c.status = status.clone();
                    }
                    None => self.custom_conditions.push(PodCondition {
                        type_: type_.clone(),
                        status: status.clone(),
                        last_probe_time: None,
                        last_transition_time: Some(wall),
                        reason: None,
                        message: None,
                        observed_generation: None,
                    }),
                }
            }
            ActionKind::NodeReady(ready) => self.set_node_ready(*ready),
            ActionKind::ApplyService(s) => {
                self.services.insert(s.name.clone(), s.clone());
                self.services_changed();
            }
            ActionKind::DeleteService(n) => {
                self.services.remove(n);
                self.services_changed();
            }
            ActionKind::NodeFile { path, content } => {
                let now = self.now();
                self.behavior.node_file(path, content, now);
                self.apply_changes();
            }
            ActionKind::Debug { container, target } => {
                let (c, t) = ((**container).clone(), target.clone());
                self.add_ephemeral(c, t);
            }
            ActionKind::SetImage { container, image } => {
                let (c, i) = (container.clone(), image.clone());
                self.set_image(&c, &i);
            }
            ActionKind::RemoveSchedulingGates => {
                if self.gated {
                    self.gated = false;
                    let d = self.lat(SCHEDULE_MS);
                    self.q.after(d, Ev::Schedule);
                }
            }
        }
    }

    fn finish(mut self) -> Trace {
        if self.dirty {
            self.publish();
        }
        let mut notes = std::mem::take(&mut self.notes);
        notes.extend(self.behavior.notes());
        if let Some(why) = self.truncated.take() {
            self.trace.truncated = true;
            notes.insert(0, why);
        }
        self.trace.notes = notes;
        self.trace
    }

    /// Schedules a PLEG relist at the next relist tick after now (one pending relist at a time).
    pub fn schedule_relist(&mut self) {
        let now = self.now().ms();
        let k = (now - self.relist_phase).div_euclid(RELIST_MS) + 1;
        let at = SimTime(self.relist_phase + k * RELIST_MS);
        if self.relist_pending.is_some_and(|p| p <= at && p > self.now()) {
            return;
        }
        if self.relist_pending == Some(at) {
            return;
        }
        self.relist_pending = Some(at);
        self.q.schedule(at, Ev::Relist);
    }

    /// PLEG: copy the runtime truth into what the kubelet has seen; changes trigger a sync.
    pub(crate) fn relist(&mut self) {
        if self.relist_pending != Some(self.now()) {
            return;
        }
        self.relist_pending = None;
        if self.worker.in_sync {
            self.worker.relist_deferred = true;
            return;
        }
        let mut changed = false;
        for c in &mut self.ctrs {
            let seen = Seen {
                cur: c.cur.as_ref().map(|i| (i.id, i.restart_count, i.started_at, i.exited.clone())),
                prev: c.prev.clone(),
                image: c.cur.as_ref().map(|i| i.image.clone()),
            };
            if seen != c.seen {
                self.dirty = true;
                // The sync that started a new instance cleared its reason-cache entry (a successful
                // start); the status shows that from the next generation, i.e. now that PLEG sees the
                // instance — even one that already exited, so a crash shows `Completed`/`Error`
                // before the next sync finds it in back-off again.
                let new_instance = seen.cur.as_ref().map(|x| x.0) != c.seen.cur.as_ref().map(|x| x.0);
                if new_instance {
                    c.replaced = None;
                }
                if new_instance || seen.cur.as_ref().is_some_and(|x| x.3.is_none()) {
                    c.reason = None;
                }
                c.seen = seen;
                changed = true;
            }
        }
        if changed {
            self.trigger_sync();
        }
    }
}

impl Engine<'_> {
    /// The behavior learns the Services that exist now.
    fn services_changed(&mut self) {
        self.services_gen += 1;
        let now = self.now();
        let list: Vec<super::config::ServiceSpec> = self.services.values().cloned().collect();
        self.behavior.set_services(&list, now);
        self.apply_changes();
    }
}

pub(crate) fn new_ctr(c: &Container, kind: ContainerKind, field_path: String) -> Ctr {
    Ctr {
        spec: c.clone(),
        kind,
        field_path,
        cur: None,
        prev: None,
        next_id: 0,
        seen: Seen::default(),
        reason: None,
        backoff: None,
        startup_ok: false,
        replaced: None,
        ready_ok: false,
        probe_kill: None,
        wake_gen: 0,
        definition_changed: false,
        rerun: false,
        reset_last: false,
        backoff_texts: None,
        shared_name: super::trace::Name::new(&c.name),
    }
}

fn uid_from(rng: &mut Rng) -> String {
    let h = rng.hex64();
    format!("{}-{}-4{}-a{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
}

/// `nginx` → `docker.io/library/nginx:latest`; `registry.k8s.io/pause:3.10` unchanged.
pub fn normalize_image(image: &str) -> String {
    let (name, tag) = match image.rsplit_once('@') {
        Some(_) => (image.to_string(), String::new()),
        None => {
            let last_slash = image.rfind('/').map(|i| i + 1).unwrap_or(0);
            match image[last_slash..].find(':') {
                Some(i) => (image[..last_slash + i].to_string(), image[last_slash + i..].to_string()),
                None => (image.to_string(), ":latest".to_string()),
            }
        }
    };
    let first = name.split('/').next().unwrap_or("");
    let has_registry =
        name.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost");
    let full = if has_registry {
        name
    } else if name.contains('/') {
        format!("docker.io/{name}")
    } else {
        format!("docker.io/library/{name}")
    };
    format!("{full}{tag}")
}

/// The pull policy after defaulting (see [`crate::defaults::default_pull_policy`]).
pub fn pull_policy(c: &Container) -> String {
    match c.image_pull_policy.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => p.to_string(),
        None => crate::defaults::default_pull_policy(c.image.as_deref().unwrap_or("")).to_string(),
    }
}
