//! The `kubectl get -w` stream of a container that exits at once, as a real cluster prints it: each
//! crash shows its terminated reason before the next sync finds the container in back-off.
#![allow(clippy::unwrap_used)]

use lifecycle::sim::{run_document, RunOverrides};

fn statuses(doc: &str) -> Vec<(String, String)> {
    let loaded = lifecycle::load(doc);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let run = run_document(&loaded, RunOverrides { seed: Some(3), horizon_ms: Some(180_000) }).unwrap();
    run.trace
        .rows
        .iter()
        .map(|r| (r.status.clone(), r.restarts.split(' ').next().unwrap().to_string()))
        .collect()
}

#[test]
fn an_instant_crash_shows_completed_then_crashloopbackoff_every_time() {
    let doc = "apiVersion: v1\nkind: Pod\nmetadata: {name: quick}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [\"true\"]\n";
    let rows = statuses(doc);
    // After the first (free) restart, every restart count appears first as Completed, then as
    // CrashLoopBackOff: the reason cache is cleared by the start, set again by the next sync.
    for n in 2..=5 {
        let n = n.to_string();
        let seen: Vec<&str> = rows.iter().filter(|(_, r)| *r == n).map(|(s, _)| s.as_str()).collect();
        assert_eq!(seen, ["Completed", "CrashLoopBackOff"], "restart {n}: {rows:?}");
    }
}

#[test]
fn with_a_running_sibling_the_crash_shows_notready() {
    let doc = "apiVersion: v1\nkind: Pod\nmetadata: {name: quick}\nspec:\n  containers:\n  - name: a-web\n    image: nginx:1.27\n  - name: b-quick\n    image: busybox:1.36\n    command: [\"true\"]\n";
    let rows = statuses(doc);
    let seen: Vec<&str> = rows.iter().filter(|(_, r)| r == "3").map(|(s, _)| s.as_str()).collect();
    assert_eq!(seen, ["NotReady", "CrashLoopBackOff"], "{rows:?}");
}

/// A liveness kill and the restart happen in one pod sync, which publishes no status in between: the
/// stream goes from `1/1 Running 0` straight to `1/1 Running 1 (…)`, never `0/1` with the dead instance.
#[test]
fn a_liveness_restart_in_one_sync_shows_no_intermediate_row() {
    let doc = include_str!("../../../tests/fixtures/seeds/002-pod-live-exec.yaml");
    let loaded = lifecycle::load(doc);
    let run = run_document(&loaded, RunOverrides { seed: Some(1), horizon_ms: Some(240_000) }).unwrap();
    let rows: Vec<String> = run
        .trace
        .rows
        .iter()
        .skip_while(|r| r.status != "Running")
        .map(|r| format!("{} {} {}", r.ready, r.status, r.restarts))
        .collect();
    assert!(rows.len() >= 3, "{rows:?}");
    assert_eq!(rows[0], "1/1 Running 0");
    for r in &rows[1..] {
        assert!(r.starts_with("1/1 Running ") && r.ends_with(" ago)"), "{rows:?}");
    }
}

/// The kubelet writes a pod's status when a sync starts, and a postStart hook runs inside the sync
/// that starts the container: the pod shows ContainerCreating until the hook returns.
#[test]
fn a_slow_poststart_keeps_the_pod_containercreating() {
    let doc = "apiVersion: v1\nkind: Pod\nmetadata: {name: slow-hook}\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    lifecycle:\n      postStart:\n        exec: {command: [sh, -c, \"sleep 15\"]}\n";
    let loaded = lifecycle::load(doc);
    let run = run_document(&loaded, RunOverrides { seed: Some(1), horizon_ms: Some(60_000) }).unwrap();
    let started = run.trace.events.iter().find(|e| e.reason == "Started").unwrap().t.ms();
    let running = run.trace.rows.iter().find(|r| r.status == "Running").unwrap();
    assert!(
        running.t.ms() >= started + 15_000,
        "Running at {} ms, container started at {started} ms",
        running.t.ms()
    );
    let before: Vec<&str> =
        run.trace.rows.iter().filter(|r| r.t.ms() < running.t.ms()).map(|r| r.status.as_str()).collect();
    assert_eq!(before, ["Pending", "ContainerCreating"]);
}
