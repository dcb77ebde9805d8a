//! `kubectl get pod` rows: the apiserver's `printPod` (`pkg/printers/internalversion/printers.go`,
//! k8s-semantics.md §2) and kubectl's table layout.

use super::tabwriter::TabWriter;
use crate::model::{ContainerStatus, Pod, PodStatus};
use crate::time::{self, Timestamp};

/// One `kubectl get pod` row; the last four cells are the `-o wide` columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodRow {
    /// NAME.
    pub name: String,
    /// READY, `<ready>/<total>`.
    pub ready: String,
    /// STATUS.
    pub status: String,
    /// RESTARTS, `N` or `N (<age> ago)`.
    pub restarts: String,
    /// AGE.
    pub age: String,
    /// IP (wide).
    pub ip: String,
    /// NODE (wide).
    pub node: String,
    /// NOMINATED NODE (wide).
    pub nominated: String,
    /// READINESS GATES (wide).
    pub readiness_gates: String,
}

/// The column headers, in order.
pub const HEADERS: [&str; 5] = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
/// The extra `-o wide` headers.
pub const WIDE_HEADERS: [&str; 4] = ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"];

impl PodRow {
    /// The cells in column order (5, or 9 when `wide`).
    pub fn cells(&self, wide: bool) -> Vec<&str> {
        let mut v = vec![
            self.name.as_str(),
            self.ready.as_str(),
            self.status.as_str(),
            self.restarts.as_str(),
            self.age.as_str(),
        ];
        if wide {
            v.extend([
                self.ip.as_str(),
                self.node.as_str(),
                self.nominated.as_str(),
                self.readiness_gates.as_str(),
            ]);
        }
        v
    }
}

fn is_sidecar_named(pod: &Pod, name: &str) -> bool {
    pod.init_containers().iter().any(|c| c.name == name && c.is_sidecar())
}

fn last_finished(cs: &ContainerStatus) -> Option<Timestamp> {
    let t = cs.last_state.as_ref()?.terminated.as_ref()?;
    time::parse_opt(t.finished_at.as_deref())
}

fn condition_true(status: &PodStatus, type_: &str) -> bool {
    status.conditions.iter().flatten().any(|c| c.type_ == type_ && c.status == "True")
}

/// The STATUS, READY and RESTARTS cells and AGE etc. of `printPod`, evaluated at `now`.
///
/// A pod without status (or without phase) prints like a freshly created pod: phase `Pending`.
pub fn get_row(pod: &Pod, now: Timestamp) -> PodRow {
    let empty = PodStatus::default();
    get_row_with(pod, pod.status.as_ref().unwrap_or(&empty), now)
}

/// [`get_row`] of `pod` with `status` in place of its own (a trace prints thousands of rows of one pod
/// whose status alone changes, without copying each status into the pod).
pub fn get_row_with(pod: &Pod, status: &PodStatus, now: Timestamp) -> PodRow {
    let no_state = crate::model::ContainerState::default();
    let phase = status.phase.as_deref().filter(|p| !p.is_empty()).unwrap_or("Pending");

    let mut restarts: i64 = 0;
    let mut sidecar_restarts: i64 = 0;
    let total = pod.spec.containers.len() + pod.init_containers().iter().filter(|c| c.is_sidecar()).count();
    let mut ready = 0usize;
    let mut last_restart: Option<Timestamp> = None;
    let mut last_sidecar_restart: Option<Timestamp> = None;

    let mut reason = phase.to_string();
    if let Some(r) = status.reason.as_deref().filter(|r| !r.is_empty()) {
        reason = r.to_string();
    }
    if status
        .conditions
        .iter()
        .flatten()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
    {
        reason = "SchedulingGated".to_string();
    }

    let init_statuses = status.init_container_statuses.as_deref().unwrap_or(&[]);
    let mut initializing = false;
    for (i, cs) in init_statuses.iter().enumerate() {
        let sidecar = is_sidecar_named(pod, &cs.name);
        restarts += cs.restart_count;
        let finished = last_finished(cs);
        if finished > last_restart {
            last_restart = finished;
        }
        if sidecar {
            sidecar_restarts += cs.restart_count;
            if finished > last_sidecar_restart {
                last_sidecar_restart = finished;
            }
        }
        let st = cs.state.as_ref().unwrap_or(&no_state);
        if st.terminated.as_ref().is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if sidecar && cs.started == Some(true) {
            if cs.ready {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = &st.terminated {
            reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                Some(r) => format!("Init:{r}"),
                None if t.signal.unwrap_or(0) != 0 => format!("Init:Signal:{}", t.signal.unwrap_or(0)),
                None => format!("Init:ExitCode:{}", t.exit_code),
            };
        } else if let Some(r) = st
            .waiting
            .as_ref()
            .and_then(|w| w.reason.as_deref())
            .filter(|r| !r.is_empty() && *r != "PodInitializing")
        {
            reason = format!("Init:{r}");
        } else {
            reason = format!("Init:{}/{}", i, pod.init_containers().len());
        }
        initializing = true;
        break;
    }

    if !initializing || condition_true(status, "Initialized") {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for cs in status.container_statuses.iter().flatten().rev() {
            restarts += cs.restart_count;
            let finished = last_finished(cs);
            if finished > last_restart {
                last_restart = finished;
            }
            let st = cs.state.as_ref().unwrap_or(&no_state);
            if let Some(r) = st.waiting.as_ref().and_then(|w| w.reason.as_deref()).filter(|r| !r.is_empty()) {
                reason = r.to_string();
            } else if let Some(t) = &st.terminated {
                reason = match t.reason.as_deref().filter(|r| !r.is_empty()) {
                    Some(r) => r.to_string(),
                    None if t.signal.unwrap_or(0) != 0 => format!("Signal:{}", t.signal.unwrap_or(0)),
                    None => format!("ExitCode:{}", t.exit_code),
                };
            } else if cs.ready && st.running.is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if condition_true(status, "Ready") { "Running" } else { "NotReady" }.to_string();
        }
    }

    if pod.metadata.deletion_timestamp.is_some() && status.reason.as_deref() == Some("NodeLost") {
        reason = "Unknown".to_string();
    } else if pod.metadata.deletion_timestamp.is_some() && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".to_string();
    }

    let restarts_str = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", time::human_duration(now.millis_since(t))),
        _ => restarts.to_string(),
    };

    // podIPs[0]; real objects always mirror podIP into podIPs, simulated ones may only set podIP.
    let ip = status
        .pod_ips
        .as_ref()
        .and_then(|v| v.first())
        .and_then(|v| v.get("ip"))
        .and_then(|v| v.as_str())
        .or(status.pod_ip.as_deref())
        .filter(|s| !s.is_empty())
        .unwrap_or("<none>");
    let gates = pod.spec.readiness_gates.as_deref().unwrap_or(&[]);
    let readiness_gates = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let true_count = gates
            .iter()
            .filter(|g| {
                status
                    .conditions
                    .iter()
                    .flatten()
                    .find(|c| c.type_ == g.condition_type)
                    .is_some_and(|c| c.status == "True")
            })
            .count();
        format!("{}/{}", true_count, gates.len())
    };
    PodRow {
        name: pod.name().to_string(),
        ready: format!("{ready}/{total}"),
        status: reason,
        restarts: restarts_str,
        age: time::since(now, time::parse_opt(pod.metadata.creation_timestamp.as_deref())),
        ip: ip.to_string(),
        node: pod.spec.node_name.as_deref().filter(|s| !s.is_empty()).unwrap_or("<none>").to_string(),
        nominated: status
            .nominated_node_name
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or("<none>")
            .to_string(),
        readiness_gates,
    }
}

fn header_line(wide: bool) -> String {
    let mut h: Vec<&str> = HEADERS.to_vec();
    if wide {
        h.extend(WIDE_HEADERS);
    }
    h.join("\t") + "\n"
}

fn row_line(row: &PodRow, wide: bool) -> String {
    row.cells(wide).join("\t") + "\n"
}

/// `kubectl get pod [-o wide]` for several pods: header plus one row each, aligned like kubectl.
pub fn get_table(pods: &[&Pod], now: Timestamp, wide: bool) -> String {
    let mut w = TabWriter::table();
    w.write_str(&header_line(wide));
    for p in pods {
        w.write_str(&row_line(&get_row(p, now), wide));
    }
    w.finish()
}

/// The `kubectl get pod -w` stream: the header and first rows, then one line per change, aligned with
/// the widths seen so far (kubectl's `RememberWidths`).
#[derive(Debug, Clone)]
pub struct WatchPrinter {
    writer: TabWriter,
    wide: bool,
    header_done: bool,
}

impl WatchPrinter {
    /// A printer for `kubectl get pod -w [-o wide]`.
    pub fn new(wide: bool) -> Self {
        WatchPrinter { writer: TabWriter::table(), wide, header_done: false }
    }

    /// The text for the next row; the first call also prints the header.
    pub fn row(&mut self, row: &PodRow) -> String {
        if !self.header_done {
            self.writer.write_str(&header_line(self.wide));
            self.header_done = true;
        }
        self.writer.write_str(&row_line(row, self.wide));
        self.writer.flush();
        self.writer.take_output()
    }
}
