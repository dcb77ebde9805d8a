//! The trace: every transition once, when it happens, plus the pod's full status over time
//! (`state_at`), its JSON form (DESIGN.md "The trace and the CLI") and the CLI's text views.

use super::clock::SimTime;
use super::events::EventRecord;
use crate::kubectl::{self, WatchPrinter};
use crate::model::{Pod, PodStatus};
use crate::text::Phrase;
use crate::time::Timestamp;

/// A phase change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseRecord {
    /// When.
    pub t: SimTime,
    /// Pending | Running | Succeeded | Failed.
    pub phase: String,
}

/// A change of one pod condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionRecord {
    /// When.
    pub t: SimTime,
    /// Condition type.
    pub type_: String,
    /// True | False | Unknown.
    pub status: String,
    /// Reason, if any.
    pub reason: Option<String>,
    /// Message, if any.
    pub message: Option<String>,
}

/// A change of any field of one container's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRecord {
    /// When.
    pub t: SimTime,
    /// Container name.
    pub name: String,
    /// init | sidecar | app | ephemeral.
    pub kind: &'static str,
    /// waiting | running | terminated.
    pub state: &'static str,
    /// Waiting or terminated reason.
    pub reason: Option<String>,
    /// Exit code when terminated.
    pub exit_code: Option<i64>,
    /// Restarts so far.
    pub restart_count: i64,
    /// `ready`.
    pub ready: bool,
    /// `started`.
    pub started: bool,
}

/// A container name shared by every record about that container: a day of 1 s probes makes hundreds
/// of thousands of probe records, and a `String` each was an allocation per probe. Reads like a `str`
/// (deref, `==` with `str`/`String`, `Display`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(std::rc::Rc<str>);

impl Name {
    /// A new shared name.
    pub fn new(s: &str) -> Self {
        Name(std::rc::Rc::from(s))
    }
    /// The name as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        **self == *other.0
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0.to_string()
    }
}

/// One probe attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeRecord {
    /// When.
    pub t: SimTime,
    /// Container name.
    pub container: Name,
    /// startup | liveness | readiness.
    pub probe: &'static str,
    /// success | failure.
    pub result: &'static str,
    /// Probe output (failure text, body…).
    pub output: String,
}

/// A `kubectl get pod` row, recorded when READY, STATUS or the restart count changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRecord {
    /// When.
    pub t: SimTime,
    /// READY.
    pub ready: String,
    /// STATUS.
    pub status: String,
    /// RESTARTS as printed at `t`.
    pub restarts: String,
    /// Index of the snapshot the row was printed from.
    pub snapshot: usize,
}

/// A Service's endpoints as they concern this pod, recorded when they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRecord {
    /// When.
    pub t: SimTime,
    /// Service name.
    pub service: String,
    /// Pod IPs serving traffic (the pod is selected and Ready).
    pub ready: Vec<String>,
    /// Pod IPs selected but not Ready.
    pub not_ready: Vec<String>,
}

/// The API-visible pod state from `t` on (until the next snapshot).
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// From when.
    pub t: SimTime,
    /// `status` (None before anything wrote one).
    pub status: PodStatus,
    /// `spec.nodeName` once bound.
    pub node_name: Option<String>,
    /// `metadata.deletionTimestamp` (RFC 3339) once deleted.
    pub deletion_timestamp: Option<String>,
    /// `metadata.deletionGracePeriodSeconds`.
    pub deletion_grace: Option<i64>,
    /// Conditions set by the user (readiness gates) are in `status`; the scheduling gates left.
    pub scheduling_gates_removed: bool,
    /// The spec from `t` on when it changed at runtime (ephemeral containers, new images).
    pub spec: Option<std::rc::Rc<crate::model::PodSpec>>,
}

/// Everything a run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// The pod's name.
    pub pod: String,
    /// Simulated span in ms.
    pub horizon_ms: i64,
    /// True when a limit stopped the run early.
    pub truncated: bool,
    /// Why it was truncated, or notes about the run (assumptions made).
    pub notes: Vec<Phrase>,
    /// Every event occurrence.
    pub events: Vec<EventRecord>,
    /// Phase changes.
    pub phases: Vec<PhaseRecord>,
    /// Condition changes.
    pub conditions: Vec<ConditionRecord>,
    /// Container status changes.
    pub containers: Vec<ContainerRecord>,
    /// Probe attempts.
    pub probes: Vec<ProbeRecord>,
    /// `kubectl get pod` row changes.
    pub rows: Vec<RowRecord>,
    /// Endpoints of the Services that exist, each time they change (a Service appearing or going
    /// away, the pod's IP or readiness changing).
    pub endpoints: Vec<EndpointRecord>,
    /// Pod states over time, in time order.
    pub snapshots: Vec<Snapshot>,
    /// The pod as given (defaults applied), without status.
    pub base: Pod,
    /// Wall-clock instant of time zero.
    pub epoch: Timestamp,
    /// When the API object was removed (graceful deletion finished), if it was.
    pub deleted_at: Option<SimTime>,
}

impl Trace {
    /// The wall-clock instant of simulated time `t`.
    pub fn wall(&self, t: SimTime) -> Timestamp {
        self.epoch.plus_millis(t.ms())
    }

    /// The full Pod (spec, metadata and status) as the API would return it at `t` (ms since creation).
    pub fn state_at(&self, t_ms: i64) -> Pod {
        let idx = self.snapshots.partition_point(|s| s.t.ms() <= t_ms);
        match idx.checked_sub(1) {
            Some(i) => self.snapshot_pod(i),
            None => self.base.clone(),
        }
    }

    /// The ready endpoint IPs of every Service at `t_ms` (Services that exist then, by name).
    pub fn endpoints_at(&self, t_ms: i64) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for e in self.endpoints.iter().take_while(|e| e.t.ms() <= t_ms) {
            match out.iter_mut().find(|(s, _)| *s == e.service) {
                Some(entry) => entry.1.clone_from(&e.ready),
                None => out.push((e.service.clone(), e.ready.clone())),
            }
        }
        out
    }

    /// The full Pod of snapshot `idx`.
    pub fn snapshot_pod(&self, idx: usize) -> Pod {
        let mut pod = self.base.clone();
        if let Some(s) = self.snapshots.get(idx) {
            if let Some(spec) = &s.spec {
                pod.spec = (**spec).clone();
            }
            pod.status = Some(s.status.clone());
            if s.node_name.is_some() {
                pod.spec.node_name = s.node_name.clone();
            }
            pod.metadata.deletion_timestamp = s.deletion_timestamp.clone();
            pod.metadata.deletion_grace_period_seconds = s.deletion_grace;
            if s.scheduling_gates_removed {
                pod.spec.scheduling_gates = None;
            }
        }
        pod
    }

    /// The event occurrences emitted up to `t_ms`, borrowed, for kubectl's aggregation (`describe`
    /// at a moment).
    pub fn occurrences_until(&self, t_ms: i64) -> impl Iterator<Item = kubectl::OccurrenceRef<'_>> {
        self.events.iter().take_while(move |e| e.t.ms() <= t_ms).map(|e| kubectl::OccurrenceRef {
            time: self.wall(e.t),
            type_: e.type_,
            reason: &e.reason,
            from: e.from,
            field_path: e.object.as_deref(),
            message: &e.message,
        })
    }

    /// `kubectl describe pod` at `t_ms`.
    pub fn describe_at(&self, t_ms: i64) -> String {
        let events = kubectl::aggregate_refs(self.occurrences_until(t_ms));
        kubectl::describe(&self.state_at(t_ms), &events, self.wall(SimTime(t_ms)))
    }

    /// `kubectl get pod -w`: the header, then one row each time the row changes, AGE at that moment.
    pub fn render_watch(&self) -> String {
        let mut printer = WatchPrinter::new(false);
        let mut out = String::new();
        // One pod reused for every row (a long run has thousands): only the status and deletion
        // fields differ between rows, the spec only when it changed at runtime.
        let mut pod = self.base.clone();
        let mut spec_of: Option<usize> = None;
        for r in &self.rows {
            let Some(s) = self.snapshots.get(r.snapshot) else { continue };
            let same_spec = spec_of.and_then(|i| self.snapshots.get(i)).is_some_and(|p| {
                p.spec.as_ref().map(std::rc::Rc::as_ptr) == s.spec.as_ref().map(std::rc::Rc::as_ptr)
                    && p.node_name == s.node_name
                    && p.scheduling_gates_removed == s.scheduling_gates_removed
            });
            if !same_spec {
                pod = self.snapshot_pod(r.snapshot);
                pod.status = None;
                spec_of = Some(r.snapshot);
            }
            pod.metadata.deletion_timestamp.clone_from(&s.deletion_timestamp);
            pod.metadata.deletion_grace_period_seconds = s.deletion_grace;
            let row = kubectl::get_row_with(&pod, &s.status, self.wall(r.t));
            out.push_str(&printer.row(&row));
        }
        out
    }

    /// One line per event occurrence: time since creation, type, reason, object, message.
    pub fn render_events(&self) -> String {
        use std::fmt::Write as _;
        let mut w = kubectl::tabwriter::TabWriter::table();
        w.write_str("TIME\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
        // One buffer for all lines (a long run has tens of thousands of events).
        let pod_object = format!("pod/{}", self.pod);
        let mut text = String::with_capacity(self.events.iter().map(|e| e.message.len() + 64).sum());
        for e in &self.events {
            let object = e.object.as_deref().unwrap_or(&pod_object);
            let _ = writeln!(text, "{}\t{}\t{}\t{}\t{}", e.t, e.type_, e.reason, object, e.message);
        }
        w.write_str(&text);
        w.finish()
    }

    /// Each change of a Service's endpoints: which pod IPs receive traffic (the pod is Ready) and which
    /// are selected but held back (not Ready).
    pub fn render_endpoints(&self) -> String {
        fn ips(list: &[String]) -> String {
            if list.is_empty() {
                "<none>".to_string()
            } else {
                list.join(",")
            }
        }
        let mut w = kubectl::tabwriter::TabWriter::table();
        w.write_str("TIME\tSERVICE\tREADY\tNOT READY\n");
        for e in &self.endpoints {
            w.write_str(&format!("{}\t{}\t{}\t{}\n", e.t, e.service, ips(&e.ready), ips(&e.not_ready)));
        }
        w.finish()
    }

    /// The trace as JSON, exactly the shape of DESIGN.md (plus `notes`).
    pub fn to_json(&self) -> String {
        let mut o = String::with_capacity(256 + 160 * (self.events.len() + self.probes.len()));
        o.push_str("{\"pod\": ");
        json_str(&mut o, &self.pod);
        o.push_str(&format!(", \"horizon\": {}", SimTime(self.horizon_ms).secs_text()));
        o.push_str(&format!(", \"truncated\": {}", self.truncated));
        o.push_str(",\n \"notes\": [");
        for (i, n) in self.notes.iter().enumerate() {
            if i > 0 {
                o.push_str(", ");
            }
            json_str(&mut o, &n.english());
        }
        o.push(']');
        section(&mut o, "events", &self.events, |o, e| {
            o.push_str(&format!("{{\"t\": {}, \"type\": ", e.t.secs_text()));
            json_str(o, e.type_);
            o.push_str(", \"reason\": ");
            json_str(o, &e.reason);
            o.push_str(", \"from\": ");
            json_str(o, e.from);
            o.push_str(", \"object\": ");
            json_opt(o, e.object.as_deref());
            o.push_str(", \"message\": ");
            json_str(o, &e.message);
            o.push('}');
        });
        section(&mut o, "phases", &self.phases, |o, p| {
            o.push_str(&format!("{{\"t\": {}, \"phase\": ", p.t.secs_text()));
            json_str(o, &p.phase);
            o.push('}');
        });
        section(&mut o, "conditions", &self.conditions, |o, c| {
            o.push_str(&format!("{{\"t\": {}, \"type\": ", c.t.secs_text()));
            json_str(o, &c.type_);
            o.push_str(", \"status\": ");
            json_str(o, &c.status);
            o.push_str(", \"reason\": ");
            json_opt(o, c.reason.as_deref());
            o.push_str(", \"message\": ");
            json_opt(o, c.message.as_deref());
            o.push('}');
        });
        section(&mut o, "containers", &self.containers, |o, c| {
            o.push_str(&format!("{{\"t\": {}, \"name\": ", c.t.secs_text()));
            json_str(o, &c.name);
            o.push_str(", \"kind\": ");
            json_str(o, c.kind);
            o.push_str(", \"state\": ");
            json_str(o, c.state);
            o.push_str(", \"reason\": ");
            json_opt(o, c.reason.as_deref());
            o.push_str(", \"exitCode\": ");
            match c.exit_code {
                Some(code) => o.push_str(&code.to_string()),
                None => o.push_str("null"),
            }
            o.push_str(&format!(
                ", \"restartCount\": {}, \"ready\": {}, \"started\": {}}}",
                c.restart_count, c.ready, c.started
            ));
        });
        section(&mut o, "probes", &self.probes, |o, p| {
            o.push_str(&format!("{{\"t\": {}, \"container\": ", p.t.secs_text()));
            json_str(o, &p.container);
            o.push_str(", \"probe\": ");
            json_str(o, p.probe);
            o.push_str(", \"result\": ");
            json_str(o, p.result);
            o.push_str(", \"output\": ");
            json_str(o, &p.output);
            o.push('}');
        });
        section(&mut o, "endpoints", &self.endpoints, |o, e| {
            o.push_str(&format!("{{\"t\": {}, \"service\": ", e.t.secs_text()));
            json_str(o, &e.service);
            for (name, list) in [("ready", &e.ready), ("notReady", &e.not_ready)] {
                o.push_str(&format!(", \"{name}\": ["));
                for (i, ip) in list.iter().enumerate() {
                    if i > 0 {
                        o.push_str(", ");
                    }
                    json_str(o, ip);
                }
                o.push(']');
            }
            o.push('}');
        });
        section(&mut o, "rows", &self.rows, |o, r| {
            o.push_str(&format!("{{\"t\": {}, \"ready\": ", r.t.secs_text()));
            json_str(o, &r.ready);
            o.push_str(", \"status\": ");
            json_str(o, &r.status);
            o.push_str(", \"restarts\": ");
            json_str(o, &r.restarts);
            o.push('}');
        });
        o.push_str("}\n");
        o
    }
}

fn section<T>(o: &mut String, name: &str, items: &[T], mut f: impl FnMut(&mut String, &T)) {
    o.push_str(&format!(",\n \"{name}\": ["));
    for (i, it) in items.iter().enumerate() {
        o.push_str(if i == 0 { "\n  " } else { ",\n  " });
        f(o, it);
    }
    o.push(']');
}

fn json_opt(o: &mut String, s: Option<&str>) {
    match s {
        Some(s) => json_str(o, s),
        None => o.push_str("null"),
    }
}

/// Appends `s` as a JSON string literal.
pub fn json_str(o: &mut String, s: &str) {
    o.push('"');
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
}
