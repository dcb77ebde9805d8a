//! `insight::kubectl_script` and `insight::transcript` against golden files in tests/fixtures/insight/.
//! `UPDATE_GOLDEN=1 cargo test -p lifecycle --test insight_export` rewrites them; missing goldens fail.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use lifecycle::insight::{kubectl_script, transcript};
use lifecycle::sim::{run_document, RunOverrides};
use std::path::PathBuf;

const CASES: &[(&str, &str)] = &[
    ("liveness-rm", include_str!("../../../tests/fixtures/insight/liveness-rm.yaml")),
    ("prestop-grace", include_str!("../../../web/examples/prestop-grace.yaml")),
    ("readiness-gate", include_str!("../../../web/examples/readiness-gate.yaml")),
    ("myapp-pod", include_str!("../../../web/examples/myapp-pod.yaml")),
];

fn golden(file: &str, got: &str, failures: &mut Vec<String>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/insight").join(file);
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        std::fs::write(&path, got).unwrap();
    }
    match std::fs::read_to_string(&path) {
        Ok(want) if want == got => {}
        Ok(_) => failures.push(format!("{file}: stale golden (UPDATE_GOLDEN=1 to rewrite)")),
        Err(_) => failures.push(format!("{file}: missing golden")),
    }
}

#[test]
fn scripts_and_transcripts_match_their_goldens() {
    let mut failures = Vec::new();
    for (name, text) in CASES {
        let loaded = lifecycle::load(text);
        let run = run_document(&loaded, RunOverrides::default()).unwrap();
        golden(&format!("{name}.script.sh"), &kubectl_script(&loaded, &run), &mut failures);
        golden(
            &format!("{name}.transcript.txt"),
            &transcript(&run.trace, run.trace.horizon_ms),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_script_runs_each_action_at_its_time() {
    let loaded = lifecycle::load(include_str!("../../../web/examples/prestop-grace.yaml"));
    let run = run_document(&loaded, RunOverrides::default()).unwrap();
    let script = kubectl_script(&loaded, &run);
    assert!(script.starts_with("#!/bin/sh\n"));
    assert!(script.contains("\nat 30\nkubectl delete pod web --wait=false\nat 120\n"), "{script}");
    assert!(script.ends_with("kubectl describe pod web\n"));
    // The pod is applied without the Scenario document, which a cluster would refuse.
    assert!(!script.contains("Scenario"));
    assert!(script.contains("kind: Pod\nmetadata:\n  name: web\n"));
}

#[test]
fn the_transcript_of_a_deleted_pod_ends_with_not_found() {
    let loaded = lifecycle::load(include_str!("../../../web/examples/prestop-grace.yaml"));
    let run = run_document(&loaded, RunOverrides::default()).unwrap();
    let t = transcript(&run.trace, run.trace.horizon_ms);
    assert!(t.starts_with("$ kubectl get pod web -w\nNAME   READY   STATUS    RESTARTS   AGE\n"), "{t}");
    assert!(
        t.ends_with("$ kubectl describe pod web\nError from server (NotFound): pods \"web\" not found\n"),
        "{t}"
    );
}
