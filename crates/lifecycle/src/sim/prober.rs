//! Probe workers: one per (container, probe kind), created at admission and ticking every
//! periodSeconds from then on, so the first probe after a start lands in [initialDelay,
//! initialDelay + period). Startup gates liveness and readiness; results flip only after
//! failureThreshold / successThreshold consecutive results (k8s-semantics.md §4.3).

use super::behavior::{ContainerKind, HttpResult};
use super::engine::Engine;
use super::events;
use super::trace::ProbeRecord;
use crate::model::{Container, IntOrString, Probe};

/// Worker start jitter after admission (goroutine start), in ms.
pub const WORKER_START_MS: (i64, i64) = (0, 50);

/// The most probe records reserved at admission (about 20 MB).
const PROBE_RESERVE_MAX: usize = 1 << 18;

/// Which probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeKind {
    /// startupProbe.
    Startup,
    /// livenessProbe.
    Liveness,
    /// readinessProbe.
    Readiness,
}

impl ProbeKind {
    /// `startup` | `liveness` | `readiness`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ProbeKind::Startup => "startup",
            ProbeKind::Liveness => "liveness",
            ProbeKind::Readiness => "readiness",
        }
    }
    /// `Startup` | `Liveness` | `Readiness` (event texts).
    pub const fn title(self) -> &'static str {
        match self {
            ProbeKind::Startup => "Startup",
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
        }
    }
}

/// Probe timing after defaulting (§4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeTiming {
    /// initialDelaySeconds × 1000.
    pub initial_delay_ms: i64,
    /// periodSeconds × 1000.
    pub period_ms: i64,
    /// successThreshold.
    pub success_threshold: i64,
    /// failureThreshold.
    pub failure_threshold: i64,
}

impl ProbeTiming {
    /// Defaults applied: 0 → default, as the apiserver does.
    pub fn of(p: &Probe) -> Self {
        let pos = |v: Option<i64>, d: i64| v.filter(|x| *x > 0).unwrap_or(d);
        ProbeTiming {
            // Saturating: an out-of-range value that reached here must not overflow (it is never
            // reached within a run's horizon anyway).
            initial_delay_ms: p.initial_delay_seconds.unwrap_or(0).max(0).saturating_mul(1000),
            period_ms: pos(p.period_seconds, 10).saturating_mul(1000),
            success_threshold: pos(p.success_threshold, 1),
            failure_threshold: pos(p.failure_threshold, 3),
        }
    }
}

/// The earliest time a failing liveness probe can trigger the kill, given the first failing probe at
/// `first_failure_ms`: failureThreshold − 1 more periods.
pub fn kill_after_ms(first_failure_ms: i64, t: ProbeTiming) -> i64 {
    first_failure_ms.saturating_add((t.failure_threshold - 1).saturating_mul(t.period_ms))
}

/// What a tick reads of its worker.
struct Tick {
    ci: usize,
    kind: ProbeKind,
    timing: ProbeTiming,
    stopped: bool,
    inst: Option<u32>,
}

/// One probe worker.
#[derive(Debug, Clone)]
pub(crate) struct ProbeWorker {
    pub ci: usize,
    pub kind: ProbeKind,
    /// Shared, so that a tick lends it to the behavior without copying it.
    pub probe: std::rc::Rc<Probe>,
    pub timing: ProbeTiming,
    pub inst: Option<u32>,
    pub on_hold: bool,
    pub run: i64,
    pub last: Option<bool>,
    pub stopped: bool,
    /// The last exec result with what it is valid for (see [`ExecMemo`]).
    pub memo: Option<ExecMemo>,
}

/// An exec probe's result, reusable while the behavior's generation, the container instance and the
/// pod's spec are those it was obtained under (the behavior would answer the same from its cache).
#[derive(Debug, Clone)]
pub(crate) struct ExecMemo {
    key: (u64, u32, u64),
    ok: bool,
    output: String,
}

/// A named or numbered port of `c`.
pub fn resolve_port(c: &Container, port: &IntOrString) -> i64 {
    match port {
        IntOrString::Int(n) => *n,
        IntOrString::String(name) => c
            .ports
            .iter()
            .flatten()
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .map(|p| p.container_port)
            .unwrap_or(0),
    }
}

impl Engine<'_> {
    pub(crate) fn start_probe_workers(&mut self) {
        for ci in 0..self.ctrs.len() {
            let c = &self.ctrs[ci];
            if c.kind == ContainerKind::Init {
                continue;
            }
            let list = [
                (ProbeKind::Startup, c.spec.startup_probe.clone()),
                (ProbeKind::Liveness, c.spec.liveness_probe.clone()),
                (ProbeKind::Readiness, c.spec.readiness_probe.clone()),
            ];
            for (kind, p) in list {
                let Some(probe) = p else { continue };
                let timing = ProbeTiming::of(&probe);
                self.probes.push(ProbeWorker {
                    ci,
                    kind,
                    probe: std::rc::Rc::new(probe),
                    timing,
                    inst: None,
                    on_hold: false,
                    run: 0,
                    last: None,
                    stopped: false,
                    memo: None,
                });
                let idx = self.probes.len() - 1;
                let d = self.lat(WORKER_START_MS);
                self.q.after(d, super::engine::Ev::ProbeTick(idx));
            }
        }
        // At most one result per tick: room for them up front instead of regrowing (and copying) a
        // list of hundreds of thousands; capped, as a container that stops early needs far fewer.
        let left = self.horizon.ms().saturating_sub(self.now().ms()).max(0);
        let ticks: i64 = self.probes.iter().map(|w| left / w.timing.period_ms.max(1) + 1).sum();
        let ticks = usize::try_from(ticks).unwrap_or(0).min(PROBE_RESERVE_MAX);
        self.trace.probes.reserve(ticks.saturating_sub(self.trace.probes.len()));
    }

    /// One tick of worker `pw` (doProbe).
    pub(crate) fn probe_tick(&mut self, pw: usize) {
        // The small fields only (a tick per second for days must not clone the probe).
        let Some(w) = self.probes.get(pw).map(|w| (w.ci, w.kind, w.timing, w.stopped, w.inst)) else {
            return;
        };
        let w = Tick { ci: w.0, kind: w.1, timing: w.2, stopped: w.3, inst: w.4 };
        if w.stopped || self.terminal {
            return;
        }
        self.q.after(w.timing.period_ms, super::engine::Ev::ProbeTick(pw));
        let now = self.now();
        let ci = w.ci;
        let Some((id, started_at, exited)) =
            self.ctrs[ci].seen.cur.as_ref().map(|(id, _, started_at, t)| (*id, *started_at, t.is_some()))
        else {
            return;
        };
        if w.inst != Some(id) {
            let w = &mut self.probes[pw];
            w.inst = Some(id);
            w.on_hold = false;
            w.run = 0;
            w.last = None;
        }
        if self.probes[pw].on_hold {
            return;
        }
        if exited || !self.ctrs[ci].running() {
            if w.kind == ProbeKind::Readiness && self.ctrs[ci].ready_ok {
                self.ctrs[ci].ready_ok = false;
                self.dirty = true;
            }
            let never = self.pod.spec.restart_policy.as_deref() == Some("Never");
            if exited && never && self.ctrs[ci].kind != ContainerKind::Sidecar {
                self.probes[pw].stopped = true;
            }
            return;
        }
        if self.deletion.is_some() && w.kind != ProbeKind::Readiness {
            // Liveness and startup stop (as Success) once the pod is being deleted.
            self.probes[pw].stopped = true;
            return;
        }
        // The kubelet compares whole seconds since the API's startedAt (second precision).
        let since_start_s = now.ms().saturating_sub(started_at.ms() / 1000 * 1000) / 1000;
        if since_start_s < w.timing.initial_delay_ms / 1000 {
            return;
        }
        let started = self.ctrs[ci].started();
        match w.kind {
            ProbeKind::Startup if started => return,
            ProbeKind::Liveness | ProbeKind::Readiness if !started => return,
            _ => {}
        }
        let probe = std::rc::Rc::clone(&self.probes[pw].probe);
        let (ok, output) = self.run_probe_memo(pw, ci, &probe);
        if !ok {
            self.kubelet_event(
                Some(ci),
                "Warning",
                "Unhealthy",
                events::probe_failed(w.kind.title(), &output),
            );
        }
        let container = self.ctrs[ci].shared_name.clone();
        self.trace.probes.push(ProbeRecord {
            t: now,
            container,
            probe: w.kind.as_str(),
            result: if ok { "success" } else { "failure" },
            output,
        });
        let wm = &mut self.probes[pw];
        if wm.last == Some(ok) {
            wm.run += 1;
        } else {
            wm.run = 1;
            wm.last = Some(ok);
        }
        if (!ok && wm.run < w.timing.failure_threshold) || (ok && wm.run < w.timing.success_threshold) {
            return;
        }
        // Only a flip of the cached result changes the API status; a steady result does not.
        match (w.kind, ok) {
            (ProbeKind::Readiness, _) => {
                if self.ctrs[ci].ready_ok != ok {
                    self.ctrs[ci].ready_ok = ok;
                    self.dirty = true;
                    self.trigger_sync();
                }
            }
            (ProbeKind::Startup, true) => {
                if !self.ctrs[ci].startup_ok {
                    self.ctrs[ci].startup_ok = true;
                    self.dirty = true;
                    self.trigger_sync();
                }
            }
            (ProbeKind::Liveness, true) => {}
            (kind, false) => {
                self.dirty = true;
                let wm = &mut self.probes[pw];
                wm.on_hold = true;
                wm.run = 0;
                self.ctrs[ci].probe_kill = Some(kind.as_str());
                self.trigger_sync();
            }
        }
    }

    /// [`Self::run_probe`], reusing worker `pw`'s last exec result while it is still what the behavior
    /// would answer: the same generation before and after the exec (it had no side effects), the same
    /// instance, no spec change since.
    fn run_probe_memo(&mut self, pw: usize, ci: usize, p: &Probe) -> (bool, String) {
        let instance = self.ctrs.get(ci).and_then(|c| c.cur.as_ref()).map_or(0, |i| i.id);
        let key = match (&p.exec, self.behavior.generation()) {
            (Some(_), Some(gen)) => (gen, instance, self.spec_changes),
            _ => return self.run_probe(ci, p),
        };
        if let Some(m) = self.probes[pw].memo.as_ref().filter(|m| m.key == key) {
            return (m.ok, m.output.clone());
        }
        let (ok, output) = self.run_probe(ci, p);
        self.probes[pw].memo =
            (self.behavior.generation() == Some(key.0)).then(|| ExecMemo { key, ok, output: output.clone() });
        (ok, output)
    }

    /// Runs a probe handler against the container now: (success, output).
    fn run_probe(&mut self, ci: usize, p: &Probe) -> (bool, String) {
        let now = self.now();
        let r = self.call(ci, |b, r| {
            let ip = r.pod_ip;
            probe_with(b, r, p, now, ip)
        });
        r.unwrap_or((false, String::new()))
    }
}

fn probe_with(
    b: &mut dyn super::behavior::Behavior,
    r: super::behavior::ContainerRef<'_>,
    p: &Probe,
    now: super::clock::SimTime,
    ip: &str,
) -> (bool, String) {
    if let Some(e) = &p.exec {
        let argv: &[String] = e.command.as_deref().unwrap_or(&[]);
        let res = b.exec(r, argv, now);
        let timeout_ms = p.timeout_seconds.filter(|t| *t > 0).unwrap_or(1).saturating_mul(1000);
        if res.duration_ms > timeout_ms {
            // [SRC remote_runtime.go ExecSync] the CRI deadline becomes this error, used as output.
            return (false, format!("command {:?} timed out", argv.join(" ")));
        }
        let mut output = res.output;
        if !output.is_empty() {
            output.truncate(output.trim_end().len());
        }
        return (res.exit_code == 0, output);
    }
    if let Some(g) = &p.http_get {
        let port = resolve_port(r.spec, &g.port);
        let path = g.path.clone().unwrap_or_else(|| "/".to_string());
        let scheme = g.scheme.as_deref().unwrap_or("HTTP").to_ascii_lowercase();
        let host = g.host.clone().unwrap_or_else(|| ip.to_string());
        return match b.http_get(r, port, &path, now) {
            HttpResult::Status { code, .. } if (200..400).contains(&code) => (true, String::new()),
            HttpResult::Status { code, .. } => (false, format!("HTTP probe failed with statuscode: {code}")),
            HttpResult::ConnectionRefused => (
                false,
                format!("Get \"{scheme}://{host}:{port}{path}\": dial tcp {host}:{port}: connect: connection refused"),
            ),
            HttpResult::Failed(e) => (false, format!("Get \"{scheme}://{host}:{port}{path}\": {e}")),
        };
    }
    if let Some(t) = &p.tcp_socket {
        let port = resolve_port(r.spec, &t.port);
        let host = t.host.clone().unwrap_or_else(|| ip.to_string());
        return if b.tcp_connect(r, port, now) {
            (true, String::new())
        } else {
            (false, format!("dial tcp {host}:{port}: connect: connection refused"))
        };
    }
    if let Some(g) = &p.grpc {
        let service = g.service.clone().unwrap_or_default();
        return if let Some(serving) = b.grpc_check(r, g.port, &service, now) {
            if serving {
                (true, String::new())
            } else {
                (false, "service unhealthy (responded with \"NOT_SERVING\")".to_string())
            }
        } else {
            // [INF] the gRPC prober's wording when nothing listens.
            (false, format!("timeout: failed to connect service \"{ip}:{}\" within 1s", g.port))
        };
    }
    (false, String::new())
}
