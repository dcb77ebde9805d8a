//! Exec results are reused only while nothing the command can observe has changed: every way a
//! file can change between two probes must show in the next probe's result.
#![allow(clippy::unwrap_used)]

use lifecycle::sim::{run_document, RunOverrides, Trace};

fn run(text: &str) -> Trace {
    let loaded = lifecycle::load(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    run_document(&loaded, RunOverrides::default()).unwrap().trace
}

/// (first failure, last success) of `container`'s `probe`, in whole seconds.
fn flip(t: &Trace, container: &str, probe: &str) -> (i64, i64) {
    let of = |r: &str| -> Vec<i64> {
        t.probes
            .iter()
            .filter(|p| p.container == container && p.probe == probe && p.result == r)
            .map(|p| p.t.ms() / 1000)
            .collect()
    };
    (of("failure")[0], *of("success").last().unwrap())
}

#[test]
fn another_container_removing_a_shared_file_fails_the_next_probe() {
    let t = run("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes: [{name: s, emptyDir: {}}]\n  containers:\n  - name: writer\n    image: busybox\n    command: [sh, -c, 'touch /s/ok; sleep 30; rm /s/ok; sleep 3600']\n    volumeMounts: [{name: s, mountPath: /s}]\n  - name: reader\n    image: busybox\n    command: [sleep, infinity]\n    volumeMounts: [{name: s, mountPath: /s}]\n    readinessProbe:\n      exec: {command: [cat, /s/ok]}\n      periodSeconds: 1\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {horizon: 1m}\n");
    let (fail, ok) = flip(&t, "reader", "readiness");
    assert!(ok < fail, "{ok} {fail}");
    assert!((31..=34).contains(&fail), "first failure at {fail}s");
    let out = &t.probes.iter().find(|p| p.result == "failure").unwrap().output;
    assert_eq!(out, "cat: can't open '/s/ok': No such file or directory");
}

#[test]
fn an_exec_that_writes_and_a_node_file_are_seen_by_the_next_probe() {
    let t = run("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: busybox\n    command: [sh, -c, 'touch /tmp/ok; sleep 3600']\n    readinessProbe:\n      exec: {command: [cat, /tmp/ok]}\n      periodSeconds: 1\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  horizon: 1m\n  actions:\n  - {at: 20s, exec: {command: rm /tmp/ok}}\n  - {at: 40s, exec: {command: touch /tmp/ok}}\n");
    let results: Vec<(i64, &str)> =
        t.probes.iter().filter(|p| p.t.ms() > 15_000).map(|p| (p.t.ms() / 1000, p.result)).collect();
    let failing: Vec<i64> = results.iter().filter(|r| r.1 == "failure").map(|r| r.0).collect();
    assert_eq!(failing.first(), Some(&20), "{results:?}");
    assert_eq!(failing.last(), Some(&39), "{results:?}");
    assert!(results.iter().any(|r| r.0 == 41 && r.1 == "success"), "{results:?}");
}
