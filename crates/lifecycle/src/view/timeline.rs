//! The timeline view-model: one lane for the phase, one per condition, one per container (grouped
//! init → sidecar → app → ephemeral), each with coloured segments; probe ticks and restart marks on
//! the container lanes; every event as a mark. Range queries return only what a view of `buckets`
//! pixels can show, so a 24 h run with 100k probe results stays cheap to draw.

use super::{offset_label, secs};
use crate::sim::trace::ContainerRecord;
use crate::sim::Trace;

/// What a lane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LaneGroup {
    /// The pod phase.
    Phase,
    /// A pod condition (built-in or readiness gate).
    Condition,
    /// An init container that runs to completion.
    Init,
    /// A native sidecar (init container with `restartPolicy: Always`).
    Sidecar,
    /// An app container.
    App,
    /// An ephemeral (debug) container.
    Ephemeral,
}

impl LaneGroup {
    /// A short lower-case name, also used as a CSS class.
    pub fn as_str(self) -> &'static str {
        match self {
            LaneGroup::Phase => "phase",
            LaneGroup::Condition => "condition",
            LaneGroup::Init => "init",
            LaneGroup::Sidecar => "sidecar",
            LaneGroup::App => "app",
            LaneGroup::Ephemeral => "ephemeral",
        }
    }
}

/// A span of one state on a lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Start, ms since creation.
    pub from_ms: i64,
    /// End (exclusive), ms since creation.
    pub to_ms: i64,
    /// Colour class: `phase-pending`, `cond-true`, `waiting`, `waiting-error`, `running`, `ready`,
    /// `terminated-ok`, `terminated-error`, ….
    pub class: &'static str,
    /// What the state is, e.g. `CrashLoopBackOff`, `Running`, `Ready`, `Error (exit 1)`, `True`.
    pub label: String,
}

impl Segment {
    /// Hover text: label, exact span and duration.
    pub fn tooltip(&self) -> String {
        format!(
            "{} · {} → {} ({})",
            self.label,
            secs(self.from_ms),
            secs(self.to_ms),
            offset_label(self.to_ms - self.from_ms)
        )
    }
}

/// One probe result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    /// When.
    pub t_ms: i64,
    /// startup | liveness | readiness.
    pub probe: &'static str,
    /// Success or failure.
    pub ok: bool,
    /// Index into `trace.probes`.
    pub index: usize,
}

/// A restart of a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restart {
    /// When the container started again.
    pub t_ms: i64,
    /// The restart count after it.
    pub count: i64,
    /// How long the kubelet waited since the previous exit (the back-off, plus detection latency).
    pub delay_ms: i64,
}

impl Restart {
    /// Hover text.
    pub fn tooltip(&self) -> String {
        format!(
            "restart #{} at {} after {} back-off",
            self.count,
            secs(self.t_ms),
            offset_label(self.delay_ms)
        )
    }
}

/// What the pointer is over on a lane (`Lane::hit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit<'a> {
    /// A restart mark.
    Restart(&'a Restart),
    /// A probe result.
    Tick(&'a Tick),
    /// A span of one state.
    Segment(&'a Segment),
}

/// One lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// Stable id (`phase`, `cond:Ready`, `c:app`).
    pub key: String,
    /// Label shown beside the lane.
    pub label: String,
    /// What it shows.
    pub group: LaneGroup,
    /// Segments in time order, not overlapping.
    pub segments: Vec<Segment>,
    /// Probe results in time order (container lanes).
    pub ticks: Vec<Tick>,
    /// Restarts in time order (container lanes).
    pub restarts: Vec<Restart>,
}

/// An event occurrence on the events lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMark {
    /// When.
    pub t_ms: i64,
    /// Warning (else Normal).
    pub warning: bool,
    /// Index into `trace.events`.
    pub index: usize,
}

/// The whole timeline of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// End of the simulated span.
    pub horizon_ms: i64,
    /// Lanes, top to bottom.
    pub lanes: Vec<Lane>,
    /// Every event occurrence, in time order.
    pub events: Vec<EventMark>,
    /// The moments something visible changed (rows, phases, conditions, containers, events), sorted and
    /// distinct: where "step" stops.
    pub stops: Vec<i64>,
}

/// Built-in conditions in the order they become True; readiness gates follow.
const CONDITION_ORDER: [&str; 5] =
    ["PodScheduled", "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"];

impl Timeline {
    /// Builds the timeline of `trace`.
    pub fn build(trace: &Trace) -> Timeline {
        let end = trace.horizon_ms.max(trace.deleted_at.map_or(0, |d| d.ms()));
        let mut lanes = Vec::new();

        // Phase.
        let mut phase = Lane::new("phase", "phase", LaneGroup::Phase);
        for (i, p) in trace.phases.iter().enumerate() {
            let to = trace.phases.get(i + 1).map_or(end, |n| n.t.ms());
            let class = match p.phase.as_str() {
                "Pending" => "phase-pending",
                "Running" => "phase-running",
                "Succeeded" => "phase-succeeded",
                "Failed" => "phase-failed",
                _ => "phase-unknown",
            };
            phase.push(p.t.ms(), to, class, p.phase.clone());
        }
        lanes.push(phase);

        // Conditions: built-ins in lifecycle order, then readiness gates, then anything else seen.
        let mut types: Vec<String> = CONDITION_ORDER.iter().map(|s| s.to_string()).collect();
        for g in trace.base.spec.readiness_gates.iter().flatten() {
            if !types.contains(&g.condition_type) {
                types.push(g.condition_type.clone());
            }
        }
        for c in &trace.conditions {
            if !types.contains(&c.type_) {
                types.push(c.type_.clone());
            }
        }
        for ty in types {
            let recs: Vec<_> = trace.conditions.iter().filter(|c| c.type_ == ty).collect();
            let gate = !CONDITION_ORDER.contains(&ty.as_str());
            if recs.is_empty() && !gate {
                continue;
            }
            let mut lane = Lane::new(&format!("cond:{ty}"), &ty, LaneGroup::Condition);
            for (i, c) in recs.iter().enumerate() {
                let to = recs.get(i + 1).map_or(end, |n| n.t.ms());
                let class = match c.status.as_str() {
                    "True" => "cond-true",
                    "False" => "cond-false",
                    _ => "cond-unknown",
                };
                let label = match &c.reason {
                    Some(r) => format!("{} ({r})", c.status),
                    None => c.status.clone(),
                };
                lane.push(c.t.ms(), to, class, label);
            }
            lanes.push(lane);
        }

        // Containers in spec order, grouped.
        let mut names: Vec<(String, LaneGroup)> = Vec::new();
        for c in trace.base.init_containers() {
            let g = if c.is_sidecar() { LaneGroup::Sidecar } else { LaneGroup::Init };
            names.push((c.name.clone(), g));
        }
        for c in &trace.base.spec.containers {
            names.push((c.name.clone(), LaneGroup::App));
        }
        for c in trace.base.ephemeral_containers() {
            names.push((c.name.clone(), LaneGroup::Ephemeral));
        }
        for r in &trace.containers {
            if !names.iter().any(|(n, _)| n == &r.name) {
                names.push((r.name.clone(), group_of(r.kind)));
            }
        }
        crate::sort::by_key(&mut names, |(_, g)| match g {
            LaneGroup::Init | LaneGroup::Sidecar => 0,
            LaneGroup::App => 1,
            _ => 2,
        });
        for (name, group) in names {
            lanes.push(container_lane(trace, &name, group, end));
        }

        let events = trace
            .events
            .iter()
            .enumerate()
            .map(|(index, e)| EventMark { t_ms: e.t.ms(), warning: e.type_ == "Warning", index })
            .collect();

        let mut stops: Vec<i64> = trace
            .rows
            .iter()
            .map(|r| r.t.ms())
            .chain(trace.phases.iter().map(|p| p.t.ms()))
            .chain(trace.conditions.iter().map(|c| c.t.ms()))
            .chain(trace.containers.iter().map(|c| c.t.ms()))
            .chain(trace.events.iter().map(|e| e.t.ms()))
            .chain(trace.deleted_at.map(|d| d.ms()))
            .collect();
        crate::sort::ascending(&mut stops);
        stops.dedup();

        Timeline { horizon_ms: end, lanes, events, stops }
    }

    /// The next stop strictly after `t_ms`.
    pub fn next_stop(&self, t_ms: i64) -> Option<i64> {
        let i = self.stops.partition_point(|&s| s <= t_ms);
        self.stops.get(i).copied()
    }

    /// The last stop strictly before `t_ms`.
    pub fn prev_stop(&self, t_ms: i64) -> Option<i64> {
        let i = self.stops.partition_point(|&s| s < t_ms);
        i.checked_sub(1).and_then(|i| self.stops.get(i).copied())
    }

    /// The events visible in `[from, to]` at `buckets` pixels: at most one per pixel, a Warning winning
    /// over a Normal in the same pixel.
    pub fn events_in(&self, from: i64, to: i64, buckets: usize) -> Vec<&EventMark> {
        let start = self.events.partition_point(|e| e.t_ms < from);
        let slice = self.events[start..].iter().take_while(|e| e.t_ms <= to);
        decimate(slice, from, to, buckets, |e| e.t_ms, |e| u8::from(e.warning))
    }

    /// The event nearest to `t_ms` within `tolerance_ms`, if any.
    pub fn event_near(&self, t_ms: i64, tolerance_ms: i64) -> Option<&EventMark> {
        let i = self.events.partition_point(|e| e.t_ms < t_ms);
        let cands = [i.checked_sub(1), Some(i)];
        cands
            .into_iter()
            .flatten()
            .filter_map(|i| self.events.get(i))
            .filter(|e| (e.t_ms - t_ms).abs() <= tolerance_ms)
            .min_by_key(|e| (e.t_ms - t_ms).abs())
    }
}

impl Lane {
    fn new(key: &str, label: &str, group: LaneGroup) -> Lane {
        Lane {
            key: key.to_string(),
            label: label.to_string(),
            group,
            segments: Vec::new(),
            ticks: Vec::new(),
            restarts: Vec::new(),
        }
    }

    /// Appends a segment, merging it into the previous one when it shows the same thing.
    fn push(&mut self, from: i64, to: i64, class: &'static str, label: String) {
        if let Some(last) = self.segments.last_mut() {
            if last.class == class && last.label == label && last.to_ms >= from {
                last.to_ms = to.max(last.to_ms);
                return;
            }
            last.to_ms = last.to_ms.min(from);
        }
        if to < from {
            return;
        }
        self.segments.push(Segment { from_ms: from, to_ms: to, class, label });
    }

    /// The segments overlapping `[from, to]`.
    pub fn segments_in(&self, from: i64, to: i64) -> &[Segment] {
        let start = self.segments.partition_point(|s| s.to_ms < from);
        let end = self.segments.partition_point(|s| s.from_ms <= to);
        &self.segments[start..end.max(start)]
    }

    /// The segments a view of `buckets` pixels over `[from, to]` shows, each with where to start
    /// drawing it: of the segments starting in one pixel only the last is kept (each is drawn at least
    /// a pixel wide, so it covers the others, which are narrower than a pixel), drawn from where the
    /// first of them started so that no sliver of background shows through. A day-long crash loop
    /// then draws at most one rect per pixel per lane instead of one per state change.
    pub fn segments_drawn(&self, from: i64, to: i64, buckets: usize) -> Vec<(i64, &Segment)> {
        let pixel = pixel_of(from, to, buckets);
        let bucket = |t: i64| pixel(t.max(from));
        let mut out: Vec<(i64, &Segment)> = Vec::new();
        for s in self.segments_in(from, to) {
            match out.last_mut() {
                Some(last) if bucket(last.0) == bucket(s.from_ms) => last.1 = s,
                _ => out.push((s.from_ms, s)),
            }
        }
        out
    }

    /// The probe ticks visible in `[from, to]` at `buckets` pixels: per pixel and probe kind at most one
    /// tick, a failure winning over a success.
    pub fn ticks_in(&self, from: i64, to: i64, buckets: usize) -> Vec<&Tick> {
        let start = self.ticks.partition_point(|t| t.t_ms < from);
        let mut out = Vec::new();
        for probe in ["startup", "liveness", "readiness"] {
            let slice = self.ticks[start..].iter().take_while(|t| t.t_ms <= to).filter(|t| t.probe == probe);
            out.extend(decimate(slice, from, to, buckets, |t| t.t_ms, |t| u8::from(!t.ok)));
        }
        crate::sort::by_key(&mut out, |t| t.t_ms);
        out
    }

    /// What a pointer at `t_ms` points at on this lane, `tolerance_ms` being a few pixels: a restart
    /// mark, else a probe result (a failure before a success, since failures are drawn on top; then
    /// the nearest), else the segment under it.
    pub fn hit(&self, t_ms: i64, tolerance_ms: i64) -> Option<Hit<'_>> {
        let near = |t: i64| (t - t_ms).abs() <= tolerance_ms;
        let restart = self
            .restarts_in(t_ms - tolerance_ms, t_ms + tolerance_ms)
            .iter()
            .min_by_key(|r| (r.t_ms - t_ms).abs());
        if let Some(r) = restart {
            return Some(Hit::Restart(r));
        }
        let start = self.ticks.partition_point(|t| t.t_ms < t_ms - tolerance_ms);
        let tick = self.ticks[start..]
            .iter()
            .take_while(|t| near(t.t_ms))
            .min_by_key(|t| (t.ok, (t.t_ms - t_ms).abs()));
        if let Some(t) = tick {
            return Some(Hit::Tick(t));
        }
        // On a boundary the later segment wins: it starts there.
        self.segments_in(t_ms, t_ms).iter().rev().find(|s| s.from_ms <= t_ms).map(Hit::Segment)
    }

    /// The restarts in `[from, to]`.
    pub fn restarts_in(&self, from: i64, to: i64) -> &[Restart] {
        let start = self.restarts.partition_point(|r| r.t_ms < from);
        let end = self.restarts.partition_point(|r| r.t_ms <= to);
        &self.restarts[start..end.max(start)]
    }
}

/// Keeps at most one item per bucket of `[from, to]`, the highest `rank` (first on ties).
fn decimate<'a, T>(
    items: impl Iterator<Item = &'a T>,
    from: i64,
    to: i64,
    buckets: usize,
    at: impl Fn(&T) -> i64,
    rank: impl Fn(&T) -> u8,
) -> Vec<&'a T> {
    let pixel = pixel_of(from, to, buckets);
    let mut out: Vec<(i64, &'a T)> = Vec::new();
    for it in items {
        let b = pixel(at(it));
        match out.last_mut() {
            Some((lb, last)) if *lb == b => {
                if rank(it) > rank(last) {
                    *last = it;
                }
            }
            _ => out.push((b, it)),
        }
    }
    out.into_iter().map(|(_, t)| t).collect()
}

/// Which of `buckets` pixels across `[from, to]` a time falls in.
fn pixel_of(from: i64, to: i64, buckets: usize) -> impl Fn(i64) -> i64 {
    let span = (to - from).max(1) as f64;
    let buckets = buckets.max(1) as f64;
    move |t| (((t - from) as f64 / span) * buckets).floor() as i64
}

fn group_of(kind: &str) -> LaneGroup {
    match kind {
        "init" => LaneGroup::Init,
        "sidecar" => LaneGroup::Sidecar,
        "ephemeral" => LaneGroup::Ephemeral,
        _ => LaneGroup::App,
    }
}

/// The colour class and label of a container status record.
pub fn container_state(r: &ContainerRecord) -> (&'static str, String) {
    match r.state {
        "waiting" => {
            let reason = r.reason.clone().unwrap_or_else(|| "Waiting".to_string());
            let class = match reason.as_str() {
                "CrashLoopBackOff"
                | "ImagePullBackOff"
                | "ErrImagePull"
                | "ErrImageNeverPull"
                | "CreateContainerConfigError"
                | "CreateContainerError"
                | "InvalidImageName" => "waiting-error",
                _ => "waiting",
            };
            (class, reason)
        }
        "running" if r.ready => ("ready", "Ready".to_string()),
        "running" if r.started => ("running", "Running".to_string()),
        "running" => ("starting", "Running (not started)".to_string()),
        _ => {
            let code = r.exit_code.unwrap_or(0);
            let reason =
                r.reason.clone().unwrap_or_else(|| if code == 0 { "Completed" } else { "Error" }.to_string());
            let class = if code == 0 { "terminated-ok" } else { "terminated-error" };
            (class, format!("{reason} (exit {code})"))
        }
    }
}

fn container_lane(trace: &Trace, name: &str, group: LaneGroup, end: i64) -> Lane {
    let mut lane = Lane::new(&format!("c:{name}"), name, group);
    let recs: Vec<&ContainerRecord> = trace.containers.iter().filter(|r| r.name == name).collect();
    let mut last_exit: Option<i64> = None;
    let mut prev_count = 0;
    for (i, r) in recs.iter().enumerate() {
        let to = recs.get(i + 1).map_or(end, |n| n.t.ms());
        let (class, label) = container_state(r);
        lane.push(r.t.ms(), to, class, label);
        if r.state == "terminated" {
            last_exit = Some(r.t.ms());
        }
        if r.restart_count > prev_count && r.state == "running" {
            let delay = last_exit.map_or(0, |e| r.t.ms() - e);
            lane.restarts.push(Restart { t_ms: r.t.ms(), count: r.restart_count, delay_ms: delay });
            prev_count = r.restart_count;
        }
    }
    lane.ticks = trace
        .probes
        .iter()
        .enumerate()
        .filter(|(_, p)| p.container == name)
        .map(|(index, p)| Tick { t_ms: p.t.ms(), probe: p.probe, ok: p.result == "success", index })
        .collect();
    lane
}

/// Labelled ticks of a time axis over `[from, to]`: a "nice" step (1, 2, 5, 10, 15, 30 … of a unit)
/// giving at most `max_ticks` ticks.
pub fn axis_ticks(from: i64, to: i64, max_ticks: usize) -> Vec<(i64, String)> {
    const STEPS: [i64; 22] = [
        10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
        600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000,
    ];
    let span = (to - from).max(1);
    let max = max_ticks.max(1) as i64;
    let step = STEPS.iter().copied().find(|s| span / s <= max).unwrap_or_else(|| {
        let day = 86_400_000;
        ((span / max) / day + 1) * day
    });
    let first = if from <= 0 { 0 } else { (from + step - 1) / step * step };
    let mut out = Vec::new();
    let mut t = first;
    while t <= to {
        out.push((t, offset_label(t)));
        t += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{run_document, RunOverrides};

    fn run(text: &str, horizon_ms: i64) -> Trace {
        let loaded = crate::load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        run_document(&loaded, RunOverrides { seed: None, horizon_ms: Some(horizon_ms) })
            .map(|r| r.trace)
            .unwrap_or_else(|| panic!("runs"))
    }

    const CRASH: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: crash\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 1; exit 1\"]\n";
    const INIT: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  readinessGates:\n  - conditionType: example.com/gate\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 2\"]\n  - name: proxy\n    image: busybox:1.36\n    restartPolicy: Always\n    command: [\"sh\", \"-c\", \"sleep 3600\"]\n  containers:\n  - name: nginx\n    image: nginx:1.27\n    readinessProbe:\n      httpGet: {path: /, port: 80}\n      periodSeconds: 5\n";

    #[test]
    fn lanes_are_phase_conditions_then_containers_in_groups() {
        let t = run(INIT, 60_000);
        let tl = Timeline::build(&t);
        let keys: Vec<&str> = tl.lanes.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "phase",
                "cond:PodScheduled",
                "cond:PodReadyToStartContainers",
                "cond:Initialized",
                "cond:ContainersReady",
                "cond:Ready",
                "cond:example.com/gate",
                "c:setup",
                "c:proxy",
                "c:nginx"
            ]
        );
        let groups: Vec<&str> = tl.lanes[7..].iter().map(|l| l.group.as_str()).collect();
        assert_eq!(groups, ["init", "sidecar", "app"]);
        // Segments tile each lane without overlap, in time order, and end at the horizon.
        for lane in &tl.lanes {
            for w in lane.segments.windows(2) {
                assert!(w[0].to_ms <= w[1].from_ms, "{} overlaps: {:?}", lane.key, w);
                assert!(w[0].from_ms <= w[0].to_ms);
            }
            if let Some(last) = lane.segments.last() {
                assert_eq!(last.to_ms, 60_000, "{}", lane.key);
            }
        }
        let setup = &tl.lanes[7];
        assert_eq!(setup.segments.last().map(|s| s.label.as_str()), Some("Completed (exit 0)"));
        let nginx = &tl.lanes[9];
        assert!(nginx.segments.iter().any(|s| s.class == "ready"), "{:?}", nginx.segments);
        assert!(nginx.ticks.iter().all(|t| t.probe == "readiness"));
        assert!(!nginx.ticks.is_empty());
    }

    #[test]
    fn crashloop_shows_restarts_with_growing_backoff() {
        let t = run(CRASH, 300_000);
        let tl = Timeline::build(&t);
        let app = tl.lanes.iter().find(|l| l.key == "c:app").unwrap_or_else(|| panic!("app lane"));
        assert!(app.segments.iter().any(|s| s.label == "CrashLoopBackOff" && s.class == "waiting-error"));
        assert!(app.segments.iter().any(|s| s.label == "Error (exit 1)" && s.class == "terminated-error"));
        let delays: Vec<i64> = app.restarts.iter().map(|r| r.delay_ms).collect();
        assert!(app.restarts.len() >= 4, "{delays:?}");
        // The first restart is immediate-ish, then the back-off doubles from 10 s.
        assert!(delays[1] >= 10_000 && delays[2] >= 20_000 && delays[3] >= 40_000, "{delays:?}");
        assert_eq!(app.restarts[0].count, 1);
        assert!(app.restarts[1].tooltip().starts_with("restart #2 at "));
        // Stops are sorted, distinct, and step back and forth.
        assert!(tl.stops.windows(2).all(|w| w[0] < w[1]));
        let s1 = tl.next_stop(0).unwrap_or(-1);
        assert!(s1 > 0);
        assert_eq!(tl.prev_stop(s1), Some(0).filter(|_| tl.stops[0] == 0).or(tl.prev_stop(s1)));
        assert_eq!(tl.next_stop(*tl.stops.last().unwrap_or(&0)), None);
    }

    #[test]
    fn range_queries_return_only_the_visible_part_decimated() {
        let t = run(CRASH, 300_000);
        let tl = Timeline::build(&t);
        let app = tl.lanes.iter().find(|l| l.key == "c:app").unwrap_or_else(|| panic!("app lane"));
        let all = app.segments.len();
        let some = app.segments_in(100_000, 120_000).len();
        assert!(some >= 1 && some < all);
        for s in app.segments_in(100_000, 120_000) {
            assert!(s.to_ms >= 100_000 && s.from_ms <= 120_000);
        }
        // Events: at most one per pixel.
        let evs = tl.events_in(0, 300_000, 10);
        assert!(evs.len() <= 11 && !evs.is_empty());
        assert!(tl.events_in(0, 300_000, 100_000).len() >= evs.len());
        let near = tl.event_near(tl.events[3].t_ms + 5, 10).map(|e| e.index);
        assert!(near.is_some());
    }

    #[test]
    fn a_day_of_probes_decimates_to_the_pixel_budget() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: busy\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    livenessProbe:\n      httpGet: {path: /, port: 80}\n      periodSeconds: 1\n    readinessProbe:\n      httpGet: {path: /, port: 80}\n      periodSeconds: 1\n";
        let t = run(pod, 86_400_000);
        let tl = Timeline::build(&t);
        let app = tl.lanes.iter().find(|l| l.key == "c:app").unwrap_or_else(|| panic!("app lane"));
        assert!(app.ticks.len() > 100_000, "{}", app.ticks.len());
        let shown = app.ticks_in(0, 86_400_000, 1000);
        assert!(shown.len() <= 2 * 1001, "{}", shown.len());
        assert!(shown.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
    }

    #[test]
    fn hit_finds_the_restart_then_the_probe_then_the_segment_under_the_pointer() {
        let t = run(CRASH, 300_000);
        let tl = Timeline::build(&t);
        let app = tl.lanes.iter().find(|l| l.key == "c:app").unwrap_or_else(|| panic!("app lane"));
        // Restart #2 at 16.761 s, 10 s after the exit: found from 400 ms away, over the segment there.
        let r = Restart { t_ms: 16_761, count: 2, delay_ms: 10_000 };
        assert_eq!(app.hit(17_161, 500), Some(Hit::Restart(&r)));
        let seg =
            |from_ms, to_ms, class, label: &str| Segment { from_ms, to_ms, class, label: label.to_string() };
        assert_eq!(
            app.hit(16_161, 500),
            Some(Hit::Segment(&seg(6_780, 16_761, "waiting-error", "CrashLoopBackOff")))
        );
        // On a boundary the later segment; past the run nothing.
        assert_eq!(
            app.hit(4_761, 0),
            Some(Hit::Segment(&seg(4_761, 5_761, "terminated-error", "Error (exit 1)")))
        );
        assert_eq!(app.hit(300_001, 0), None);
        // Probe results: a failure within reach wins over a nearer success; else the nearest.
        let mut lane = Lane::new("c:x", "x", LaneGroup::App);
        lane.push(0, 100_000, "ready", "Ready".to_string());
        let tick = |t_ms, probe, ok, index| Tick { t_ms, probe, ok, index };
        lane.ticks = vec![
            tick(10_000, "liveness", true, 0),
            tick(10_300, "readiness", false, 1),
            tick(20_000, "liveness", true, 2),
            tick(20_400, "readiness", true, 3),
        ];
        assert_eq!(lane.hit(10_000, 500), Some(Hit::Tick(&lane.ticks[1])));
        assert_eq!(lane.hit(10_000, 200), Some(Hit::Tick(&lane.ticks[0])));
        assert_eq!(lane.hit(20_300, 500), Some(Hit::Tick(&lane.ticks[3])));
        assert_eq!(lane.hit(15_000, 500), Some(Hit::Segment(&lane.segments[0])));
    }

    #[test]
    fn segments_narrower_than_a_pixel_give_way_to_the_last_one_starting_there() {
        let mut lane = Lane::new("c:x", "x", LaneGroup::App);
        lane.push(0, 1_000, "waiting", "ContainerCreating".to_string());
        lane.push(1_000, 1_004, "ready", "Ready".to_string());
        lane.push(1_004, 1_006, "terminated-error", "Error (exit 1)".to_string());
        lane.push(1_006, 5_000, "waiting-error", "CrashLoopBackOff".to_string());
        lane.push(5_000, 10_000, "ready", "Ready".to_string());
        // 10 pixels of 1 s: Ready and Error start in the same pixel as CrashLoopBackOff, which is
        // drawn from where Ready started.
        let drawn: Vec<(i64, &str)> =
            lane.segments_drawn(0, 10_000, 10).into_iter().map(|(x, s)| (x, s.class)).collect();
        assert_eq!(drawn, [(0, "waiting"), (1_000, "waiting-error"), (5_000, "ready")]);
        // At 10,000 pixels each gets its own.
        assert_eq!(lane.segments_drawn(0, 10_000, 10_000).len(), 5);
        // A window starting inside a segment keeps it, clipped by the caller.
        let drawn: Vec<(i64, &str)> =
            lane.segments_drawn(2_000, 6_000, 4).into_iter().map(|(x, s)| (x, s.class)).collect();
        assert_eq!(drawn, [(1_006, "waiting-error"), (5_000, "ready")]);
        // A day of crash loop: at most one rect per pixel, in time order.
        let t = run(CRASH, 86_400_000);
        let tl = Timeline::build(&t);
        for lane in &tl.lanes {
            let drawn = lane.segments_drawn(0, 86_400_000, 800);
            assert!(drawn.len() <= 801, "{}: {}", lane.key, drawn.len());
            assert!(drawn.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1.to_ms <= w[1].0), "{}", lane.key);
        }
        let app = tl.lanes.iter().find(|l| l.key == "c:app").unwrap_or_else(|| panic!("app lane"));
        assert!(app.segments.len() > 800, "{}", app.segments.len());
    }

    #[test]
    fn axis_ticks_are_nice_and_bounded() {
        let ticks = axis_ticks(0, 600_000, 10);
        assert!(ticks.len() <= 11);
        assert_eq!(ticks[0], (0, "0s".to_string()));
        assert_eq!(ticks[1], (60_000, "1m".to_string()));
        let ticks = axis_ticks(1_500, 9_000, 8);
        assert_eq!(ticks[0].0, 2_000);
        assert_eq!(ticks[0].1, "2s");
        assert!(axis_ticks(0, 7 * 86_400_000, 8).len() <= 9);
    }
}
