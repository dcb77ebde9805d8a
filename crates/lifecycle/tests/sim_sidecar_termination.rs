//! Native sidecars during pod termination (kuberuntime `killContainersWithSyncResult` +
//! `kuberuntime_termination_order.go`): every container's kill starts at once — Killing event and
//! preStop hook — and a sidecar's stop signal then waits for its turn (app containers and later
//! sidecars gone), counting the wait against its grace in whole seconds.
#![allow(clippy::unwrap_used)]

use lifecycle::sim::{simulate, Action, ActionKind, NodeConfig, SimConfig, Trace};
use lifecycle::Pod;

fn pod(yaml: &str) -> Pod {
    serde_yaml::from_str(yaml).unwrap()
}

/// (ms, reason, object) of every kubelet event from `from_ms` on.
fn events_from(t: &Trace, from_ms: i64) -> Vec<(i64, String, String)> {
    t.events
        .iter()
        .filter(|e| e.t.ms() >= from_ms)
        .map(|e| (e.t.ms(), e.reason.clone(), e.object.clone().unwrap_or_default()))
        .collect()
}

const POD: &str = "\
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 30
  initContainers:
  - name: proxy
    image: busybox:1.36
    restartPolicy: Always
    command: [sh, -c, \"trap 'exit 0' TERM; while true; do sleep 1; done\"]
    lifecycle:
      preStop:
        exec: {command: [sh, -c, \"sleep 5; exit 1\"]}
  - name: logs
    image: busybox:1.36
    restartPolicy: Always
    command: [sh, -c, \"trap 'exit 0' TERM; while true; do sleep 1; done\"]
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, \"trap 'exit 0' TERM; while true; do sleep 1; done\"]
    lifecycle:
      preStop:
        exec: {command: [sh, -c, \"sleep 2; exit 1\"]}
";

fn run(yaml: &str) -> Trace {
    let cfg = SimConfig {
        horizon_ms: 120_000,
        node: NodeConfig { images: vec!["busybox:1.36".to_string()], ..NodeConfig::default() },
        actions: vec![Action {
            at_ms: 30_000,
            kind: ActionKind::DeletePod { grace_seconds: None, force: false },
        }],
        ..SimConfig::default()
    };
    simulate(&pod(yaml), &[], &cfg)
}

#[test]
fn sidecar_prestop_runs_when_termination_begins() {
    let t = run(POD);
    let killing: Vec<_> = events_from(&t, 30_000).into_iter().filter(|e| e.1 == "Killing").collect();
    let objects: Vec<&str> = killing.iter().map(|e| e.2.as_str()).collect();
    assert_eq!(
        objects,
        ["spec.containers{app}", "spec.initContainers{logs}", "spec.initContainers{proxy}"],
        "every kill starts together"
    );
    let begin = killing[0].0;
    assert!(killing.iter().all(|e| e.0 == begin), "{killing:?}");
    // Both hooks ran from `begin` (exec overhead 10 ms): the app's stop signal after its 2 s hook;
    // the proxy's after its 5 s hook, the app and the later sidecar being gone by then. (Before,
    // the proxy's hook started only once the others had exited, ≈ 2 s later.)
    let failed: Vec<_> = events_from(&t, 30_000)
        .into_iter()
        .filter(|e| e.1 == "FailedPreStopHook")
        .map(|e| (e.0 - begin, e.2))
        .collect();
    assert_eq!(
        failed,
        [(2_010, "spec.containers{app}".to_string()), (5_010, "spec.initContainers{proxy}".to_string())]
    );
}

#[test]
fn sidecar_stop_signal_waits_for_the_app_after_its_hook() {
    // Grace 10 s. The proxy's 1 s hook ends while the app is still in its 4 s hook; the app then
    // ignores SIGTERM and is killed at 4 s + (10 − 4) s. The proxy's stop signal (and its
    // FailedPreStopHook event) waits for that exit, which is also its turn's timeout (hook end +
    // 10 − 1 s); the 9 s waited leave 0 s, raised to 2 s, so SIGKILL lands 2 s later.
    let yaml = "\
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 10
  initContainers:
  - name: proxy
    image: busybox:1.36
    restartPolicy: Always
    command: [sh, -c, \"sleep 3600\"]
    lifecycle:
      preStop:
        exec: {command: [sh, -c, \"sleep 1; exit 1\"]}
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, \"sleep 3600\"]
    lifecycle:
      preStop:
        exec: {command: [sh, -c, \"sleep 4; exit 1\"]}
";
    let t = run(yaml);
    let evs = events_from(&t, 30_000);
    let begin = evs.iter().find(|e| e.1 == "Killing").unwrap().0;
    let failed: Vec<_> =
        evs.iter().filter(|e| e.1 == "FailedPreStopHook").map(|e| (e.0 - begin, e.2.as_str())).collect();
    assert_eq!(failed, [(4_010, "spec.containers{app}"), (10_010, "spec.initContainers{proxy}")]);
    let at = |ms: i64| t.epoch.plus_millis(ms).to_rfc3339();
    assert_eq!(finished(&t, "app"), (at(begin + 10_010), 137));
    assert_eq!(finished(&t, "proxy"), (at(begin + 12_010), 137));
}

/// `finishedAt` of container `name`'s last termination, as ms since creation (second resolution).
fn finished(t: &Trace, name: &str) -> (String, i64) {
    let st = &t.snapshots.last().unwrap().status;
    let all = st.init_container_statuses.iter().flatten().chain(st.container_statuses.iter().flatten());
    let s = all.into_iter().find(|s| s.name == name).unwrap();
    let term = s.state.as_ref().unwrap().terminated.clone().unwrap();
    (term.finished_at.unwrap(), term.exit_code)
}

#[test]
fn sidecar_turn_wait_counts_against_its_grace() {
    // The app ignores SIGTERM and is killed at the end of the 10 s grace; the sidecar, waiting for
    // it, times out at the same moment with 10 − 10 = 0 s left, raised to the 2 s minimum.
    let yaml = "\
metadata: {name: web}
spec:
  terminationGracePeriodSeconds: 10
  initContainers:
  - name: logs
    image: busybox:1.36
    restartPolicy: Always
    command: [sh, -c, \"sleep 3600\"]
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, \"sleep 3600\"]
";
    let t = run(yaml);
    let killing: Vec<_> = events_from(&t, 30_000).into_iter().filter(|e| e.1 == "Killing").collect();
    let begin = killing[0].0;
    assert_eq!(killing.len(), 2);
    assert_eq!(killing[1].0, begin);
    let at = |ms: i64| t.epoch.plus_millis(ms).to_rfc3339();
    assert_eq!(finished(&t, "app"), (at(begin + 10_000), 137));
    assert_eq!(finished(&t, "logs"), (at(begin + 12_000), 137));
}
