//! `insight::lint`: warnings only a simulation can give, each at the line to fix.
#![allow(clippy::unwrap_used)]

use lifecycle::insight::lint;
use lifecycle::sim::{run_document, RunOverrides};
use lifecycle::{Key, Severity};

/// `LINE:COL: path: message` of each lint, for a run of `horizon_ms` (or the document's own).
fn lints(text: &str, horizon_ms: Option<i64>) -> Vec<String> {
    let loaded = lifecycle::load(text);
    let run = run_document(&loaded, RunOverrides { seed: None, horizon_ms }).unwrap();
    lint(&loaded, &run)
        .into_iter()
        .map(|l| {
            assert_eq!(l.diagnostic.severity, Severity::Warning);
            assert_eq!(Some(l.diagnostic.message.clone()), l.diagnostic.phrase.as_ref().map(|p| p.english()));
            l.diagnostic.to_string()
        })
        .collect()
}

#[test]
fn a_healthy_pod_has_no_lints() {
    assert!(lints(include_str!("../../../tests/fixtures/insight/liveness-rm.yaml"), None).is_empty());
    assert!(lints(include_str!("../../../web/examples/init-services.yaml"), None).is_empty());
    assert!(
        lints(include_str!("../../../web/examples/job-never.yaml"), None).is_empty(),
        "a Job-like pod is never Ready"
    );
}

#[test]
fn crashloop_forecasts_the_cap_from_the_run_or_by_extrapolation() {
    let text = include_str!("../../../web/examples/crashloop.yaml");
    assert_eq!(
        lints(text, None),
        ["11:5: spec.containers[0].command: the command of app exits (code 1 at 4.761s) but restartPolicy is Always: it restarts in CrashLoopBackOff, and the back-off reaches its 5-minute cap at about 322.761s"]
    );
    // A 1-minute run does not reach the cap: the forecast extrapolates (each cycle: back-off + one run).
    assert_eq!(
        lints(text, Some(60_000)),
        ["11:5: spec.containers[0].command: the command of app exits (code 1 at 4.761s) but restartPolicy is Always: it restarts in CrashLoopBackOff, and the back-off reaches its 5-minute cap at about 329.227s"]
    );
}

#[test]
fn a_container_killed_at_the_end_of_the_grace_period() {
    assert_eq!(
        lints(include_str!("../../../web/examples/prestop-grace.yaml"), None),
        ["8:3: spec.terminationGracePeriodSeconds: sleeper did not stop within its 20s grace period (the stop began at 30.036s) and was killed with SIGKILL at 50.036s (exit 137): handle SIGTERM, shorten the preStop hook or raise terminationGracePeriodSeconds"]
    );
}

#[test]
fn readiness_identical_to_liveness() {
    assert_eq!(
        lints(include_str!("../../../web/examples/liveness-tcp.yaml"), None),
        ["15:5: spec.containers[0].readinessProbe: the readinessProbe of goproxy is identical to its livenessProbe: the container is restarted at the moment it leaves the Services, so readiness protects nothing; make readiness stricter or faster"]
    );
}

#[test]
fn a_probe_on_a_closed_port_and_a_liveness_probe_that_kills_before_start() {
    assert_eq!(
        lints(include_str!("../../../tests/fixtures/seeds/002-pod-live-httpget.yaml"), None),
        [
            "18:9: spec.containers[0].livenessProbe.httpGet.port: the liveness probe of container-live-httpget targets port http, where nothing listens (every attempt: connection refused); declared containerPorts: 81",
            "19:7: spec.containers[0].livenessProbe.initialDelaySeconds: the liveness probe kills container-live-httpget at 9.084s before it ever succeeds: initialDelaySeconds 1 + failureThreshold 3 × periodSeconds 3 = 10s is less than it needs to start; add a startupProbe or raise initialDelaySeconds",
        ]
    );
}

#[test]
fn an_init_container_that_never_ends_and_a_pod_never_ready() {
    assert_eq!(
        lints(include_str!("../../../tests/fixtures/seeds/003-pod-lifecycle-init-nginx.yaml"), None),
        [
            "8:5: spec.initContainers[0].command: init container init-nginx is still running at 600.0s: it never exits, so the app containers never start",
            "10:3: spec.containers: the pod never becomes Ready within 10m0s",
        ]
    );
    let loaded = lifecycle::load(include_str!("../../../web/examples/image-pull-backoff.yaml"));
    let run = run_document(&loaded, RunOverrides::default()).unwrap();
    let keys: Vec<Key> = lint(&loaded, &run).iter().filter_map(|l| l.key()).collect();
    assert_eq!(keys, [Key::LintNeverReady]);
}

/// Hostile inputs and the engine's golden pods: every insight function runs on them without panicking.
const OTHERS: &[&str] = &[
    include_str!("../../../tests/fixtures/hostile/active-deadline-1s.yaml"),
    include_str!("../../../tests/fixtures/hostile/billion-laughs.yaml"),
    include_str!("../../../tests/fixtures/hostile/fuzz-nbsp-word.yaml"),
    include_str!("../../../tests/fixtures/hostile/huge-numbers.yaml"),
    include_str!("../../../tests/fixtures/hostile/probe-busy-loop.yaml"),
    include_str!("../../../tests/fixtures/hostile/shell-busy-loop.yaml"),
    include_str!("../../../tests/fixtures/hostile/shell-fork-bomb.yaml"),
    include_str!("../../../tests/fixtures/hostile/shell-recursion.yaml"),
    include_str!("../../../tests/fixtures/hostile/year-horizon.yaml"),
    include_str!("../../../tests/fixtures/sim/bad-image.yaml"),
    include_str!("../../../tests/fixtures/sim/crashloop.yaml"),
    include_str!("../../../tests/fixtures/sim/deadline.yaml"),
    include_str!("../../../tests/fixtures/sim/delete-grace.yaml"),
    include_str!("../../../tests/fixtures/sim/exec-action.yaml"),
    include_str!("../../../tests/fixtures/sim/init-fail-never.yaml"),
    include_str!("../../../tests/fixtures/sim/init.yaml"),
    include_str!("../../../tests/fixtures/sim/liveness-exec.yaml"),
    include_str!("../../../tests/fixtures/sim/nginx.yaml"),
    include_str!("../../../tests/fixtures/sim/node-down.yaml"),
    include_str!("../../../tests/fixtures/sim/readiness-gate.yaml"),
    include_str!("../../../tests/fixtures/sim/sidecar.yaml"),
    include_str!("../../../tests/fixtures/sim/unschedulable.yaml"),
];

#[test]
fn insight_survives_hostile_and_golden_inputs() {
    let mut ran = 0;
    for text in OTHERS {
        let loaded = lifecycle::load(text);
        let Some(run) = run_document(&loaded, RunOverrides { seed: None, horizon_ms: Some(600_000) }) else {
            continue;
        };
        ran += 1;
        let xs = lifecycle::insight::explain(&loaded, &run);
        let t = &run.trace;
        assert_eq!(xs.len(), t.events.len() + t.phases.len() + t.conditions.len() + t.containers.len());
        for l in lint(&loaded, &run) {
            assert!(l.diagnostic.pos.is_some(), "{:?}", l.diagnostic);
        }
        let f = lifecycle::insight::figures(t);
        assert_eq!(f.horizon_ms, t.horizon_ms);
        assert!(lifecycle::insight::kubectl_script(&loaded, &run)
            .ends_with(&format!("kubectl describe pod {}\n", t.pod)));
        assert!(lifecycle::insight::transcript(&run.trace, run.trace.horizon_ms)
            .starts_with("$ kubectl get pod "));
    }
    assert!(ran >= 15, "{ran}");
}
