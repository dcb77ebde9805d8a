//! Unit tests pinning each timing rule of the engine: crash-loop back-off, probe thresholds, grace
//! accounting, and the whole-run numbers of the canonical examples.
#![allow(clippy::unwrap_used)]

use lifecycle::sim::prober::{kill_after_ms, ProbeTiming};
use lifecycle::sim::termination::grace_after_prestop;
use lifecycle::sim::{crash_backoff_sequence, simulate, Action, ActionKind, NodeConfig, SimConfig, Trace};
use lifecycle::Pod;

fn pod(yaml: &str) -> Pod {
    serde_yaml::from_str(yaml).unwrap()
}

fn times(trace: &Trace, reason: &str) -> Vec<i64> {
    trace.events.iter().filter(|e| e.reason == reason).map(|e| e.t.ms()).collect()
}

fn node_with(images: &[&str]) -> NodeConfig {
    NodeConfig { images: images.iter().map(|s| s.to_string()).collect(), ..NodeConfig::default() }
}

#[test]
fn backoff_sequence() {
    let s: Vec<i64> = crash_backoff_sequence(8).iter().map(|ms| ms / 1000).collect();
    assert_eq!(s, [0, 10, 20, 40, 80, 160, 300, 300]);
}

#[test]
fn crashloop_restarts_follow_the_backoff() {
    let p = pod("metadata: {name: c}\nspec:\n  containers:\n  - {name: app, image: busybox:1.36, command: [sh, -c, exit 1]}\n");
    let cfg = SimConfig { horizon_ms: 1_800_000, node: node_with(&["busybox:1.36"]), ..SimConfig::default() };
    let t = simulate(&p, &[], &cfg);
    let starts = times(&t, "Started");
    assert!(starts.len() >= 8, "{starts:?}");
    let expected = crash_backoff_sequence(starts.len());
    for (k, w) in starts.windows(2).enumerate() {
        let gap = w[1] - w[0];
        // The exit is immediate; detection (≤1 s relist), the sync and create/start add < 3 s.
        assert!(gap >= expected[k] && gap < expected[k] + 3_000, "restart {k}: gap {gap} vs {}", expected[k]);
    }
    assert!(t.rows.iter().any(|r| r.status == "CrashLoopBackOff"));
    assert!(t.rows.iter().any(|r| r.status == "Error"));
    assert!(t.events.iter().any(|e| e.reason == "BackOff"
        && e.type_ == "Warning"
        && e.message.starts_with("Back-off restarting failed container app in pod c_default(")));
    // The waiting message carries the back-off as a Go duration; late in the run it is capped.
    let late = t
        .snapshots
        .iter()
        .rev()
        .filter_map(|s| s.status.container_statuses.as_ref()?.first()?.state.as_ref()?.waiting.clone())
        .find(|w| w.reason.as_deref() == Some("CrashLoopBackOff"))
        .unwrap();
    assert!(late
        .message
        .unwrap()
        .starts_with("back-off 5m0s restarting failed container=app pod=c_default("));
}

#[test]
fn probe_threshold_arithmetic() {
    let p: lifecycle::model::Probe =
        serde_yaml::from_str("{exec: {command: [x]}, periodSeconds: 3}").unwrap();
    let t = ProbeTiming::of(&p);
    assert_eq!((t.initial_delay_ms, t.period_ms, t.success_threshold, t.failure_threshold), (0, 3000, 1, 3));
    assert_eq!(kill_after_ms(61_000, t), 67_000);
    let d = ProbeTiming::of(&serde_yaml::from_str("{exec: {command: [x]}, periodSeconds: 0}").unwrap());
    assert_eq!(d.period_ms, 10_000);
}

#[test]
fn grace_accounting() {
    assert_eq!(grace_after_prestop(30_000, 0), 30_000);
    assert_eq!(grace_after_prestop(30_000, 5_000), 25_000);
    // Whole seconds of the hook are subtracted.
    assert_eq!(grace_after_prestop(30_000, 5_900), 25_000);
    // The 2 s minimum.
    assert_eq!(grace_after_prestop(3_000, 2_500), 2_000);
    assert_eq!(grace_after_prestop(0, 0), 2_000);
    assert_eq!(grace_after_prestop(10_000, 12_000), 2_000);
}

const LIVENESS: &str = r#"
metadata: {name: liveness-exec}
spec:
  containers:
  - name: liveness
    image: busybox
    args: ["/bin/sh", "-c", "touch /tmp/healthy-test; sleep 60; rm -rf /tmp/healthy-test; sleep 3600"]
    livenessProbe:
      exec: {command: ["test", "-e", "/tmp/healthy-test"]}
      initialDelaySeconds: 1
      periodSeconds: 3
"#;

#[test]
fn liveness_seed_example() {
    for seed in 1..=20 {
        let cfg = SimConfig { seed, horizon_ms: 200_000, ..SimConfig::default() };
        let t = simulate(&pod(LIVENESS), &[], &cfg);
        let started = times(&t, "Started")[0];
        let kill = t.events.iter().find(|e| e.reason == "Killing").unwrap();
        assert_eq!(kill.message, "Container liveness failed liveness probe, will be restarted");
        let after = kill.t.ms() - started;
        // The file goes at start+60 s; 3 failures 3 s apart, the first within one period of it.
        assert!((66_000..=69_100).contains(&after), "seed {seed}: killed {after} ms after start");
        assert_eq!(times(&t, "Unhealthy").iter().filter(|&&u| u <= kill.t.ms()).count(), 3);
        assert!(t.events.iter().any(|e| e.message == "Liveness probe failed: "));
        // sh as PID 1 ignores SIGTERM: exit 137 at the end of the 30 s grace period. (The restart
        // may be quicker than the next relist, so the exit can show only as lastState.)
        let term = t
            .snapshots
            .iter()
            .find_map(|s| {
                let cs = &s.status.container_statuses.as_ref()?[0];
                cs.state.as_ref()?.terminated.clone().or_else(|| cs.last_state.as_ref()?.terminated.clone())
            })
            .unwrap();
        assert_eq!(term.exit_code, 137);
        assert_eq!(term.reason.as_deref(), Some("Error"));
        let fin = term.finished_at.unwrap();
        let fin = lifecycle::time::Timestamp::parse_rfc3339(&fin).unwrap().millis_since(cfg.epoch);
        assert!((kill.t.ms() + 29_000..=kill.t.ms() + 30_000).contains(&fin), "seed {seed}: finished {fin}");
        // Restarted at once (the first restart is free), restartCount 1.
        let second = times(&t, "Started")[1];
        assert!(second - (kill.t.ms() + 30_000) < 3_000);
        assert!(t.containers.iter().any(|c| c.state == "running" && c.restart_count == 1));
    }
}

#[test]
fn first_probe_lands_within_one_period_after_the_delay() {
    let p = pod(r#"
metadata: {name: p}
spec:
  containers:
  - name: app
    image: nginx:1.27
    readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 5, periodSeconds: 10}
"#);
    let mut offsets = Vec::new();
    for seed in 1..=30 {
        let cfg = SimConfig { seed, horizon_ms: 60_000, ..SimConfig::default() };
        let t = simulate(&p, &[], &cfg);
        let start = times(&t, "Started")[0];
        let first = t.probes[0].t.ms();
        // startedAt has second precision, so the earliest probe may come up to 1 s before the delay.
        assert!(first - start >= 4_000 && first - start < 15_000, "seed {seed}: {}", first - start);
        offsets.push(first - start);
        assert_eq!(t.probes[0].result, "success");
    }
    lifecycle::sort::ascending(&mut offsets);
    offsets.dedup();
    assert!(offsets.len() > 10, "the first probe is pinned: {offsets:?}");
}

#[test]
fn delete_with_zero_grace_gets_two_seconds() {
    let p = pod("metadata: {name: s}\nspec:\n  containers:\n  - {name: app, image: busybox:1.36, command: [sleep, '3600']}\n");
    let cfg = SimConfig {
        horizon_ms: 60_000,
        actions: vec![Action {
            at_ms: 20_000,
            kind: ActionKind::DeletePod { grace_seconds: Some(0), force: false },
        }],
        ..SimConfig::default()
    };
    let t = simulate(&p, &[], &cfg);
    let kill = t.events.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(kill.message, "Stopping container app");
    let term = t.containers.iter().find(|c| c.state == "terminated").unwrap();
    assert_eq!(term.exit_code, Some(137));
    assert!(t.rows.iter().any(|r| r.status == "Terminating"));
    assert_eq!(t.phases.last().unwrap().phase, "Failed");
    assert!(t.deleted_at.unwrap().ms() > kill.t.ms() + 2_000);
}

#[test]
fn poststart_blocks_the_next_container_and_started() {
    let p = pod(r#"
metadata: {name: hooks}
spec:
  containers:
  - name: a
    image: busybox:1.36
    command: [sleep, "3600"]
    lifecycle: {postStart: {exec: {command: [sh, -c, "sleep 5"]}}}
  - name: b
    image: busybox:1.36
    command: [sleep, "3600"]
"#);
    let cfg = SimConfig { horizon_ms: 30_000, ..SimConfig::default() };
    let t = simulate(&p, &[], &cfg);
    let started: Vec<_> = t.events.iter().filter(|e| e.reason == "Started").collect();
    assert_eq!(started[0].object.as_deref(), Some("spec.containers{a}"));
    assert!(started[1].t.ms() - started[0].t.ms() >= 5_000);
    let a_started = t.containers.iter().find(|c| c.name == "a" && c.started).unwrap();
    assert!(a_started.t.ms() >= started[0].t.ms() + 5_000);
}

#[test]
fn old_versions_use_old_wording() {
    let p = pod("metadata: {name: v}\nspec:\n  containers:\n  - {name: app, image: nginx:1.27}\n");
    let cfg = SimConfig {
        horizon_ms: 10_000,
        version: lifecycle::phase::KubeVersion::new(1, 32),
        node: node_with(&["nginx:1.27"]),
        ..SimConfig::default()
    };
    let t = simulate(&p, &[], &cfg);
    let msgs: Vec<&str> = t.events.iter().map(|e| e.message.as_str()).collect();
    assert!(msgs.contains(&"Created container app"));
    assert!(msgs.contains(&"Started container app"));
    assert!(msgs.contains(&"Container image \"nginx:1.27\" already present on machine"));
}

#[test]
fn scheduling_gates_then_ungated() {
    let p = pod("metadata: {name: g}\nspec:\n  schedulingGates: [{name: example.com/gate}]\n  containers:\n  - {name: app, image: nginx:1.27}\n");
    let cfg = SimConfig {
        horizon_ms: 30_000,
        actions: vec![Action { at_ms: 10_000, kind: ActionKind::RemoveSchedulingGates }],
        ..SimConfig::default()
    };
    let t = simulate(&p, &[], &cfg);
    assert_eq!(t.rows[0].status, "SchedulingGated");
    let c = &t.conditions[0];
    assert_eq!(
        (c.type_.as_str(), c.status.as_str(), c.reason.as_deref()),
        ("PodScheduled", "False", Some("SchedulingGated"))
    );
    assert_eq!(c.message.as_deref(), Some("Scheduling is blocked due to non-empty scheduling gates"));
    assert!(times(&t, "Scheduled")[0] >= 10_000);
    assert_eq!(t.rows.last().unwrap().status, "Running");
}

#[test]
fn effective_requests_max_of_init_and_sum() {
    let p = pod(r#"
metadata: {name: r}
spec:
  initContainers:
  - {name: big-init, image: busybox, resources: {requests: {cpu: "1500m"}}}
  - {name: side, image: busybox, restartPolicy: Always, resources: {requests: {cpu: "200m"}}}
  containers:
  - {name: a, image: busybox, resources: {requests: {cpu: "300m"}}}
  - {name: b, image: busybox, resources: {requests: {cpu: "400m"}}}
"#);
    assert_eq!(lifecycle::sim::scheduler::effective_request(&p, "cpu"), 1500);
    let cfg = SimConfig {
        horizon_ms: 5_000,
        node: NodeConfig { cpu_millis: 1_000, ..NodeConfig::default() },
        ..SimConfig::default()
    };
    let t = simulate(&p, &[], &cfg);
    assert_eq!(
        t.events[0].message,
        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    );
}

#[test]
fn state_at_feeds_the_kubectl_renderers() {
    let cfg = SimConfig { horizon_ms: 120_000, ..SimConfig::default() };
    let t = simulate(&pod(LIVENESS), &[], &cfg);
    let d = t.describe_at(90_000);
    assert!(d.contains("Name:") && d.contains("Events:"), "{d}");
    assert!(d.contains("Liveness probe failed"), "{d}");
    let p = t.state_at(90_000);
    assert_eq!(p.metadata.creation_timestamp.as_deref(), Some("2026-01-01T00:00:00Z"));
    assert_eq!(p.spec.node_name.as_deref(), Some("node-1"));
    assert_eq!(p.status.unwrap().phase.as_deref(), Some("Running"));
    assert!(t.render_watch().starts_with("NAME "));
}
