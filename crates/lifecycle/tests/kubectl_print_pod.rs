#![allow(clippy::unwrap_used)]
//! Table tests for `printPod` (k8s-semantics.md §2), after upstream's TestPrintPod* tables: each case
//! pins READY, STATUS and RESTARTS (and the wide cells where they matter) as exact strings.

use lifecycle::kubectl::{get_row, get_table, PodRow, WatchPrinter};
use lifecycle::time::Timestamp;
use lifecycle::Pod;

const NOW: &str = "2026-10-06T11:40:00Z";

fn now() -> Timestamp {
    Timestamp::parse_rfc3339(NOW).unwrap()
}

fn row(yaml: &str) -> PodRow {
    let pod: Pod = serde_yaml::from_str(yaml).unwrap();
    get_row(&pod, now())
}

fn check(name: &str, yaml: &str, ready: &str, status: &str, restarts: &str) {
    let r = row(yaml);
    assert_eq!(
        (r.ready.as_str(), r.status.as_str(), r.restarts.as_str()),
        (ready, status, restarts),
        "case {name}"
    );
}

const TWO: &str = "spec: {containers: [{name: a}, {name: b}]}\n";

#[test]
fn container_loop_cases() {
    // test1: one ready running container, restarts summed.
    check(
        "running+unknown",
        &format!("metadata: {{name: test1}}\n{TWO}status: {{phase: podPhase, containerStatuses: [{{name: a, ready: true, restartCount: 3, state: {{running: {{}}}}}}, {{name: b, restartCount: 3}}]}}"),
        "1/2",
        "podPhase",
        "6",
    );
    // test2: a waiting reason replaces the phase.
    check(
        "waiting reason",
        &format!("{TWO}status: {{phase: podPhase, containerStatuses: [{{name: a, ready: true, restartCount: 3, state: {{running: {{}}}}}}, {{name: b, restartCount: 3, state: {{waiting: {{reason: ContainerWaitingReason}}}}}}]}}"),
        "1/2",
        "ContainerWaitingReason",
        "6",
    );
    // test3: a terminated reason.
    check(
        "terminated reason",
        &format!("{TWO}status: {{phase: podPhase, containerStatuses: [{{name: a, ready: true, restartCount: 3, state: {{running: {{}}}}}}, {{name: b, restartCount: 3, state: {{terminated: {{reason: ContainerTerminatedReason}}}}}}]}}"),
        "1/2",
        "ContainerTerminatedReason",
        "6",
    );
    // test4: ready without running is not counted.
    check(
        "ready but not running",
        &format!("{TWO}status: {{phase: podPhase, containerStatuses: [{{name: a, ready: true, restartCount: 3, state: {{terminated: {{exitCode: 0, reason: Completed}}}}}}, {{name: b, ready: true, restartCount: 3}}]}}"),
        "0/2",
        "Completed",
        "6",
    );
    check(
        "signal without reason",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Running, containerStatuses: [{name: a, state: {terminated: {exitCode: 137, signal: 9}}}]}",
        "0/1",
        "Signal:9",
        "0",
    );
    check(
        "exit code without reason",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Running, containerStatuses: [{name: a, state: {terminated: {exitCode: 3}}}]}",
        "0/1",
        "ExitCode:3",
        "0",
    );
    // The first container in list order with a reason wins (the loop runs backwards).
    check(
        "first reason wins",
        &format!("{TWO}status: {{phase: Running, containerStatuses: [{{name: a, state: {{waiting: {{reason: CrashLoopBackOff}}}}}}, {{name: b, state: {{waiting: {{reason: ImagePullBackOff}}}}}}]}}"),
        "0/2",
        "CrashLoopBackOff",
        "0",
    );
    // Container reasons override status.reason (Evicted) …
    check(
        "evicted with container reason",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Failed, reason: Evicted, containerStatuses: [{name: a, state: {terminated: {exitCode: 137, reason: ContainerStatusUnknown}}}]}",
        "0/1",
        "ContainerStatusUnknown",
        "0",
    );
    // … but not a running container.
    check(
        "evicted, container running",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Failed, reason: Evicted, containerStatuses: [{name: a, state: {running: {}}}]}",
        "0/1",
        "Evicted",
        "0",
    );
    // Completed + a ready running container: Running with Ready=True, else NotReady.
    let completed = |ready: &str| {
        format!("{TWO}status: {{phase: Running, conditions: [{{type: Ready, status: '{ready}'}}], containerStatuses: [{{name: a, state: {{terminated: {{exitCode: 0, reason: Completed}}}}}}, {{name: b, ready: true, state: {{running: {{}}}}}}]}}")
    };
    check("completed, ready", &completed("True"), "1/2", "Running", "0");
    check("completed, not ready", &completed("False"), "1/2", "NotReady", "0");
}

#[test]
fn restarts_with_last_termination() {
    check(
        "3 (10s ago)",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Running, containerStatuses: [{name: a, restartCount: 3, lastState: {terminated: {exitCode: 1, finishedAt: '2026-10-06T11:39:50Z'}}, state: {waiting: {reason: CrashLoopBackOff}}}]}",
        "0/1",
        "CrashLoopBackOff",
        "3 (10s ago)",
    );
    check(
        "latest finishedAt across containers, summed counts",
        &format!("{TWO}status: {{phase: Running, containerStatuses: [{{name: a, ready: true, restartCount: 1, lastState: {{terminated: {{exitCode: 1, finishedAt: '2026-10-01T11:40:00Z'}}}}, state: {{running: {{}}}}}}, {{name: b, ready: true, restartCount: 3, lastState: {{terminated: {{exitCode: 1, finishedAt: '2026-10-06T11:39:40Z'}}}}, state: {{running: {{}}}}}}]}}"),
        "2/2",
        "Running",
        "4 (20s ago)",
    );
    check(
        "3 (5d ago)",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Running, containerStatuses: [{name: a, ready: true, restartCount: 3, lastState: {terminated: {exitCode: 1, finishedAt: '2026-10-01T11:40:00Z'}}, state: {running: {}}}]}",
        "1/1",
        "Running",
        "3 (5d ago)",
    );
    // Restarts without a recorded termination time print bare.
    check(
        "no finishedAt",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Running, containerStatuses: [{name: a, ready: true, restartCount: 2, state: {running: {}}}]}",
        "1/1",
        "Running",
        "2",
    );
}

const INIT2: &str = "spec: {initContainers: [{name: i1}, {name: i2}], containers: [{name: a}]}\n";

#[test]
fn init_loop_cases() {
    check(
        "init running",
        &format!("{INIT2}status: {{phase: Pending, initContainerStatuses: [{{name: i1, state: {{running: {{}}}}}}, {{name: i2, state: {{waiting: {{reason: PodInitializing}}}}}}], containerStatuses: [{{name: a, state: {{waiting: {{reason: PodInitializing}}}}}}]}}"),
        "0/1",
        "Init:0/2",
        "0",
    );
    check(
        "second init",
        &format!("{INIT2}status: {{phase: Pending, initContainerStatuses: [{{name: i1, state: {{terminated: {{exitCode: 0, reason: Completed}}}}}}, {{name: i2, state: {{running: {{}}}}}}]}}"),
        "0/1",
        "Init:1/2",
        "0",
    );
    check(
        "init error",
        &format!("{INIT2}status: {{phase: Failed, initContainerStatuses: [{{name: i1, state: {{terminated: {{exitCode: 1, reason: Error}}}}}}]}}"),
        "0/1",
        "Init:Error",
        "0",
    );
    check(
        "init signal",
        &format!("{INIT2}status: {{phase: Pending, initContainerStatuses: [{{name: i1, state: {{terminated: {{exitCode: 137, signal: 9}}}}}}]}}"),
        "0/1",
        "Init:Signal:9",
        "0",
    );
    check(
        "init exit code",
        &format!("{INIT2}status: {{phase: Failed, initContainerStatuses: [{{name: i1, state: {{terminated: {{exitCode: 2}}}}}}]}}"),
        "0/1",
        "Init:ExitCode:2",
        "0",
    );
    check(
        "init crashloop with restarts",
        &format!("{INIT2}status: {{phase: Pending, initContainerStatuses: [{{name: i1, restartCount: 4, lastState: {{terminated: {{exitCode: 1, finishedAt: '2026-10-06T11:39:20Z'}}}}, state: {{waiting: {{reason: CrashLoopBackOff}}}}}}]}}"),
        "0/1",
        "Init:CrashLoopBackOff",
        "4 (40s ago)",
    );
    // test11: once Initialized=True, ordinary init restarts vanish from the column.
    check(
        "initialized drops init restarts",
        &format!("{INIT2}status: {{phase: Running, conditions: [{{type: Initialized, status: 'True'}}], initContainerStatuses: [{{name: i1, restartCount: 3, state: {{terminated: {{exitCode: 0, reason: Completed}}}}}}, {{name: i2, state: {{terminated: {{exitCode: 0, reason: Completed}}}}}}], containerStatuses: [{{name: a, ready: true, state: {{running: {{}}}}}}]}}"),
        "1/1",
        "Running",
        "0",
    );
    // Initialized=True lets the container loop override an unfinished init entry (pod restarted).
    check(
        "initialized with init re-running",
        &format!("{INIT2}status: {{phase: Running, conditions: [{{type: Initialized, status: 'True'}}], initContainerStatuses: [{{name: i1, state: {{running: {{}}}}}}], containerStatuses: [{{name: a, ready: true, state: {{running: {{}}}}}}]}}"),
        "1/1",
        "Init:0/2",
        "0",
    );
}

const SIDECAR: &str =
    "spec: {initContainers: [{name: s, restartPolicy: Always}, {name: i}], containers: [{name: a}]}\n";

#[test]
fn sidecar_cases() {
    check(
        "sidecar started and ready",
        &format!("{SIDECAR}status: {{phase: Running, conditions: [{{type: Initialized, status: 'True'}}], initContainerStatuses: [{{name: s, ready: true, started: true, restartCount: 2, lastState: {{terminated: {{exitCode: 1, finishedAt: '2026-10-06T11:39:00Z'}}}}, state: {{running: {{}}}}}}, {{name: i, state: {{terminated: {{exitCode: 0, reason: Completed}}}}}}], containerStatuses: [{{name: a, ready: true, state: {{running: {{}}}}}}]}}"),
        "2/2",
        "Running",
        "2 (60s ago)",
    );
    check(
        "sidecar running, not started",
        &format!("{SIDECAR}status: {{phase: Pending, initContainerStatuses: [{{name: s, started: false, state: {{running: {{}}}}}}, {{name: i, state: {{waiting: {{reason: PodInitializing}}}}}}]}}"),
        "0/2",
        "Init:0/2",
        "0",
    );
    check(
        "sidecar started, next init running",
        &format!("{SIDECAR}status: {{phase: Pending, initContainerStatuses: [{{name: s, ready: true, started: true, state: {{running: {{}}}}}}, {{name: i, state: {{running: {{}}}}}}]}}"),
        "1/2",
        "Init:1/2",
        "0",
    );
    // A status whose name is not a sidecar in spec is treated as an ordinary init container.
    check(
        "unknown status name",
        &format!("{SIDECAR}status: {{phase: Pending, initContainerStatuses: [{{name: other, ready: true, started: true, state: {{running: {{}}}}}}]}}"),
        "0/2",
        "Init:0/2",
        "0",
    );
}

#[test]
fn pod_level_cases() {
    check(
        "scheduling gated",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Pending, conditions: [{type: PodScheduled, status: 'False', reason: SchedulingGated}]}",
        "0/1",
        "SchedulingGated",
        "0",
    );
    check(
        "unschedulable prints Pending",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Pending, conditions: [{type: PodScheduled, status: 'False', reason: Unschedulable}]}",
        "0/1",
        "Pending",
        "0",
    );
    check(
        "terminating",
        "metadata: {deletionTimestamp: '2026-10-06T11:40:30Z'}\nspec: {containers: [{name: a}]}\nstatus: {phase: Running, containerStatuses: [{name: a, ready: true, state: {running: {}}}]}",
        "1/1",
        "Terminating",
        "0",
    );
    // test18: a deleted pod with a terminal phase keeps its container reason.
    check(
        "deleted terminal pod",
        "metadata: {deletionTimestamp: '2026-10-06T11:40:30Z'}\nspec: {containers: [{name: a}]}\nstatus: {phase: Succeeded, containerStatuses: [{name: a, state: {terminated: {exitCode: 0, reason: Completed}}}]}",
        "0/1",
        "Completed",
        "0",
    );
    check(
        "node lost",
        "metadata: {deletionTimestamp: '2026-10-06T11:30:00Z'}\nspec: {containers: [{name: a}]}\nstatus: {phase: Running, reason: NodeLost}",
        "0/1",
        "Unknown",
        "0",
    );
    check(
        "deadline exceeded",
        "spec: {containers: [{name: a}]}\nstatus: {phase: Failed, reason: DeadlineExceeded, containerStatuses: [{name: a, state: {running: {}}}]}",
        "0/1",
        "DeadlineExceeded",
        "0",
    );
    check("no status", "spec: {containers: [{name: a}]}", "0/1", "Pending", "0");
}

#[test]
fn wide_cells_and_age() {
    let r = row("metadata: {name: p, creationTimestamp: '2026-10-06T11:38:00Z'}\nspec: {nodeName: n1, readinessGates: [{conditionType: g1}, {conditionType: g2}], containers: [{name: a}]}\nstatus: {phase: Running, nominatedNodeName: n2, podIP: 10.0.0.1, podIPs: [{ip: 10.0.0.1}, {ip: 'fd00::1'}], conditions: [{type: g1, status: 'True'}, {type: g2, status: 'False'}]}");
    assert_eq!(r.cells(true), vec!["p", "0/1", "Running", "0", "2m", "10.0.0.1", "n1", "n2", "1/2"]);
    let r = row(
        "metadata: {name: p, creationTimestamp: '2026-10-06T11:40:01Z'}\nspec: {containers: [{name: a}]}",
    );
    assert_eq!(
        (r.age.as_str(), r.ip.as_str(), r.node.as_str(), r.readiness_gates.as_str()),
        ("0s", "<none>", "<none>", "<none>")
    );
    let r = row(
        "metadata: {name: p, creationTimestamp: '2026-10-06T11:40:05Z'}\nspec: {containers: [{name: a}]}",
    );
    assert_eq!(r.age, "<invalid>");
}

#[test]
fn table_alignment_for_several_pods() {
    let a: Pod = serde_yaml::from_str("metadata: {name: a, creationTimestamp: '2026-10-06T11:39:00Z'}\nspec: {containers: [{name: c}]}\nstatus: {phase: Running, containerStatuses: [{name: c, ready: true, state: {running: {}}}]}").unwrap();
    let b: Pod = serde_yaml::from_str("metadata: {name: long-pod-name, creationTimestamp: '2026-10-06T11:00:00Z'}\nspec: {containers: [{name: c}]}\nstatus: {phase: Pending, containerStatuses: [{name: c, state: {waiting: {reason: ContainerCreating}}}]}").unwrap();
    assert_eq!(
        get_table(&[&a, &b], now(), false),
        "NAME            READY   STATUS              RESTARTS   AGE\n\
         a               1/1     Running             0          60s\n\
         long-pod-name   0/1     ContainerCreating   0          40m\n"
    );
}

#[test]
fn watch_rows_remember_widths() {
    let mut w = WatchPrinter::new(false);
    let mut r = PodRow {
        name: "web".into(),
        ready: "0/1".into(),
        status: "Pending".into(),
        restarts: "0".into(),
        age: "0s".into(),
        ..PodRow::default()
    };
    assert_eq!(
        w.row(&r),
        "NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          0s\n"
    );
    r.status = "ContainerCreating".into();
    assert_eq!(w.row(&r), "web    0/1     ContainerCreating   0          0s\n");
    r.status = "Running".into();
    r.ready = "1/1".into();
    assert_eq!(w.row(&r), "web    1/1     Running             0          0s\n");
}
