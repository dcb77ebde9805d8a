//! Acceptance: every Pod example of the seed notes (/work/shared/seeds) behaves as its text narrates.
//! Fixtures live in tests/fixtures/seeds/ (`NNN-` = the seed file they come from); a verbatim copy of
//! each defective example asserts podlife's error, a corrected copy asserts the behavior.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use lifecycle::sim::{run_document, RunOverrides, Trace};
use lifecycle::time::Timestamp;
use std::path::PathBuf;

fn text(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/seeds").join(name);
    std::fs::read_to_string(p).unwrap()
}

fn run(name: &str) -> Trace {
    let loaded = lifecycle::load(&text(name));
    assert!(!loaded.has_errors(), "{name}: {:?}", loaded.diagnostics);
    run_document(&loaded, RunOverrides::default()).unwrap().trace
}

/// The `kubectl get` row (READY, STATUS, RESTARTS count) in effect at `secs`.
fn row(t: &Trace, secs: f64) -> (String, String, String) {
    let ms = (secs * 1000.0) as i64;
    let r = t.rows.iter().rev().find(|r| r.t.ms() <= ms).unwrap();
    (r.ready.clone(), r.status.clone(), r.restarts.split(' ').next().unwrap().to_string())
}

fn row_is(t: &Trace, secs: f64, ready: &str, status: &str, restarts: &str) {
    assert_eq!(row(t, secs), (ready.to_string(), status.to_string(), restarts.to_string()), "row at {secs}s");
}

/// (seconds, message) of every event with `reason`.
fn events(t: &Trace, reason: &str) -> Vec<(f64, String)> {
    t.events
        .iter()
        .filter(|e| e.reason == reason)
        .map(|e| (e.t.ms() as f64 / 1000.0, e.message.clone()))
        .collect()
}

fn secs(ts: &Option<String>) -> f64 {
    Timestamp::parse_rfc3339(ts.as_deref().unwrap()).unwrap().0 as f64 / 1000.0
}

fn error_of(name: &str) -> String {
    let loaded = lifecycle::load(&text(name));
    assert!(loaded.has_errors(), "{name} should be rejected");
    assert!(run_document(&loaded, RunOverrides::default()).is_none());
    loaded
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.pos.map_or(0, |p| p.line), d.path, d.message))
        .collect()
}

fn liveness_exec_story(t: &Trace, container: &str) {
    let unhealthy = events(t, "Unhealthy");
    // The file goes at 30 s after the start (~3 s), the 5 s probe notices within one period.
    assert!((33.0..41.0).contains(&unhealthy[0].0), "{unhealthy:?}");
    assert_eq!(
        unhealthy[0].1,
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    );
    let killing = events(t, "Killing");
    assert_eq!(killing[0].1, format!("Container {container} failed liveness probe, will be restarted"));
    assert!((unhealthy[2].0..unhealthy[2].0 + 0.1).contains(&killing[0].0), "{killing:?}");
    // `sh` is PID 1 without a TERM trap: SIGKILL at the end of the 30 s grace period.
    let st = t.state_at(((killing[0].0 + 35.0) * 1000.0) as i64).status.unwrap();
    let last = st.container_statuses.unwrap()[0].last_state.clone().unwrap().terminated.unwrap();
    assert_eq!((last.exit_code, last.reason.as_deref()), (137, Some("Error")));
    assert!((secs(&last.finished_at) - t.epoch.0 as f64 / 1000.0 - killing[0].0 - 30.0).abs() < 0.1);
    let (ready, status, restarts) = row(t, killing[0].0 + 35.0);
    assert_eq!((ready.as_str(), status.as_str(), restarts.as_str()), ("1/1", "Running", "1"));
}

#[test]
fn s000_pod_demo_tabs_are_rejected_and_the_corrected_pod_runs() {
    let err = error_of("000-pod-demo-tabs.yaml");
    assert!(err.contains("8:") && err.contains("tabs"), "{err}");
    let t = run("000-pod-demo.yaml");
    row_is(&t, 60.0, "1/1", "Running", "0");
    assert!(t.notes.is_empty(), "{:?}", t.notes);
}

#[test]
fn s000_myapp_pod_waits_for_its_services() {
    let t = run("000-myapp-pod-init.yaml");
    row_is(&t, 10.0, "0/1", "Init:0/2", "0");
    row_is(&t, 359.0, "0/1", "Init:0/2", "0");
    row_is(&t, 370.0, "1/1", "Running", "0");
    // The nslookup loop polls every 2 s: the first init container ends within one period.
    let st = t.state_at(370_000).status.unwrap();
    let init = st.init_container_statuses.unwrap();
    for s in &init {
        let term = s.state.clone().unwrap().terminated.unwrap();
        assert_eq!((term.exit_code, term.reason.as_deref()), (0, Some("Completed")), "{}", s.name);
    }
    let done =
        secs(&init[0].state.clone().unwrap().terminated.unwrap().finished_at) - t.epoch.0 as f64 / 1000.0;
    assert!((360.0..362.5).contains(&done), "{done}");
    // init-mydb only started after init-myservice completed.
    let started: Vec<f64> = events(&t, "Started").iter().map(|e| e.0).collect();
    assert!(started.len() == 3 && started[1] > 360.0, "{started:?}");
}

#[test]
fn s000_liveness_exec_is_restarted_after_its_file_goes() {
    liveness_exec_story(&run("000-liveness-exec.yaml"), "liveness");
}

#[test]
fn s003_liveness_exec_with_rm_f() {
    liveness_exec_story(&run("003-liveness-exec.yaml"), "liveness");
}

#[test]
fn s002_pod_live_exec_silent_test_and_sigkill() {
    let t = run("002-pod-live-exec.yaml");
    let unhealthy = events(&t, "Unhealthy");
    // `test -e` prints nothing: the event is the bare prefix.
    assert_eq!(unhealthy[0].1, "Liveness probe failed: ");
    assert!((60.0..65.0).contains(&unhealthy[0].0), "{unhealthy:?}");
    assert_eq!(
        events(&t, "Killing")[0].1,
        "Container container-live-exec failed liveness probe, will be restarted"
    );
    let st = t.state_at(120_000).status.unwrap();
    let last = st.container_statuses.unwrap()[0].last_state.clone().unwrap().terminated.unwrap();
    assert_eq!(last.exit_code, 137);
    // Started 16:37:40, Finished 16:39:18 in the seed: 98 s.
    let ran = secs(&last.finished_at) - secs(&last.started_at);
    assert!((95.0..=101.0).contains(&ran), "{ran}");
    assert!(events(&t, "Pulled").iter().all(|e| e.1.contains("already present on machine")));
}

#[test]
fn s002_pod_live_httpget_connection_refused_on_81() {
    let t = run("002-pod-live-httpget.yaml");
    let ip = t.state_at(5_000).status.unwrap().pod_ip.unwrap();
    let unhealthy = events(&t, "Unhealthy");
    assert_eq!(
        unhealthy[0].1,
        format!(
            "Liveness probe failed: Get \"http://{ip}:81/\": dial tcp {ip}:81: connect: connection refused"
        )
    );
    assert_eq!(
        events(&t, "Killing")[0].1,
        "Container container-live-httpget failed liveness probe, will be restarted"
    );
    let (_, _, restarts) = row(&t, 15.0);
    assert_eq!(restarts, "1");
    assert!(t.notes.iter().any(|n| n.contains("modelled as nginx")), "{:?}", t.notes);
}

#[test]
fn s002_readiness_follows_index_html() {
    let t = run("002-pod-read-httpget.yaml");
    row_is(&t, 30.0, "1/1", "Running", "0");
    row_is(&t, 120.0, "0/1", "Running", "0");
    row_is(&t, 240.0, "1/1", "Running", "0");
    let unhealthy = events(&t, "Unhealthy");
    assert!(!unhealthy.is_empty());
    assert!(unhealthy
        .iter()
        .all(|e| e.1 == "Readiness probe failed: HTTP probe failed with statuscode: 404"));
    assert!(unhealthy.iter().all(|e| (60.0..181.0).contains(&e.0)));
    assert!(events(&t, "Killing").is_empty());
}

#[test]
fn s002_poststart_flattened_yaml_is_rejected() {
    let err = error_of("002-pod-poststart-flat.yaml");
    assert!(err.contains("mapping values are not allowed"), "{err}");
}

#[test]
fn s002_poststart_fails_on_a_stopped_container() {
    let t = run("002-pod-poststart.yaml");
    let failed = events(&t, "FailedPostStartHook");
    assert!(failed.len() >= 3);
    assert!(failed.iter().all(|e| e.1 == "PostStartHook failed"));
    assert!(events(&t, "Killing").iter().all(|e| e.1 == "FailedPostStartHook"));
    assert!(!events(&t, "BackOff").is_empty());
    assert!(t.rows.iter().all(|r| r.ready == "0/1"));
    assert!(t.rows.iter().any(|r| r.status == "CrashLoopBackOff"));
    // httpd exits 1 at once: it cannot chdir to " /data/web/html".
    let st = t.state_at(5_000).status.unwrap();
    let last = st.container_statuses.unwrap()[0].last_state.clone().unwrap().terminated.unwrap();
    assert_eq!(last.exit_code, 1);
}

#[test]
fn s002_poststart_ok_serves_what_the_hook_wrote() {
    let t = run("002-pod-poststart-ok.yaml");
    assert!(events(&t, "FailedPostStartHook").is_empty());
    row_is(&t, 60.0, "1/1", "Running", "0");
}

#[test]
fn s003_multi_container_emptydir_and_debug() {
    let t = run("003-pod-multi-container.yaml");
    row_is(&t, 30.0, "2/2", "Running", "0");
    row_is(&t, 120.0, "2/2", "Running", "0");
    let st = t.state_at(120_000).status.unwrap();
    let eph = st.ephemeral_container_statuses.unwrap();
    assert_eq!(eph[0].name, "debugger-rf9t2");
    let term = eph[0].state.clone().unwrap().terminated.unwrap();
    // The page nginx served held alpine's `date` output; then the debugger slept 16 s and exited.
    assert_eq!((term.exit_code, term.reason.as_deref()), (0, Some("Completed")));
    assert!((secs(&term.finished_at) - secs(&term.started_at) - 16.0).abs() < 0.01);
    assert!(!eph[0].ready);
    assert_eq!(eph[0].restart_count, 0);
    assert!(t.describe_at(120_000).contains("Ephemeral Containers:\n  debugger-rf9t2:"));
}

#[test]
fn s003_alpine_without_command_crashloops() {
    let t = run("003-pod-lifecycle-exit.yaml");
    let statuses: Vec<&str> = t.rows.iter().map(|r| r.status.as_str()).collect();
    let pos = |s: &str| statuses.iter().position(|x| *x == s).unwrap();
    assert!(pos("ContainerCreating") < pos("NotReady") && pos("NotReady") < pos("CrashLoopBackOff"));
    assert!(t.rows.iter().skip(pos("NotReady")).all(|r| r.ready == "1/2"));
    let (ready, status, _) = row(&t, 600.0);
    assert_eq!((ready.as_str(), status.as_str()), ("1/2", "CrashLoopBackOff"));
}

#[test]
fn s003_alpine_sleep_30_restarts_every_time_it_ends() {
    let t = run("003-pod-lifecycle-sleep.yaml");
    row_is(&t, 20.0, "2/2", "Running", "0");
    // alpine (started ~5 s) ends 30 s later: NotReady with READY 1/2.
    let nr = t.rows.iter().find(|r| r.status == "NotReady").unwrap();
    assert!((34_000..37_000).contains(&nr.t.ms()), "{}", nr.t);
    assert_eq!(nr.ready, "1/2");
    let exits: Vec<_> =
        t.containers.iter().filter(|c| c.name == "alpine-container" && c.state == "terminated").collect();
    assert!(exits.len() >= 3);
    assert!(exits.iter().all(|c| c.exit_code == Some(0) && c.reason.as_deref() == Some("Completed")));
}

#[test]
fn s003_init_container_running_nginx_blocks_forever() {
    let t = run("003-pod-lifecycle-init-nginx.yaml");
    assert!(t.rows.iter().skip(1).all(|r| r.status == "Init:0/1"));
    row_is(&t, 600.0, "0/2", "Init:0/1", "0");
    assert_eq!(events(&t, "Started").len(), 1);
}

#[test]
fn s003_init_container_fills_the_shared_volume() {
    let t = run("003-pod-lifecycle-init-volume.yaml");
    row_is(&t, 5.0, "0/2", "Init:0/1", "0");
    row_is(&t, 20.0, "2/2", "Running", "0");
    let st = t.state_at(40_000).status.unwrap();
    let check = st.ephemeral_container_statuses.unwrap()[0].state.clone().unwrap().terminated.unwrap();
    assert_eq!(check.exit_code, 0, "nginx did not serve 123456");
}

#[test]
fn s003_static_pod_runs() {
    row_is(&run("003-pod-static.yaml"), 60.0, "1/1", "Running", "0");
}

#[test]
fn s003_liveness_http_get_recovers_when_the_node_file_appears() {
    let t = run("003-liveness-http-get.yaml");
    let unhealthy = events(&t, "Unhealthy");
    assert!(unhealthy.len() >= 5 && unhealthy.iter().all(|e| e.0 < 60.0));
    assert!(unhealthy.iter().all(|e| e.1 == "Liveness probe failed: HTTP probe failed with statuscode: 404"));
    assert!(events(&t, "Killing").is_empty());
    assert!(t.probes.iter().filter(|p| p.t.ms() > 61_000).all(|p| p.result == "success"));
    row_is(&t, 600.0, "1/1", "Running", "0");
}

#[test]
fn s003_startup_exec_waits_for_the_node_file() {
    let t = run("003-exec-start-up.yaml");
    let unhealthy = events(&t, "Unhealthy");
    assert!(!unhealthy.is_empty());
    // nginx is Debian-based: GNU cat's wording.
    assert!(unhealthy
        .iter()
        .all(|e| e.1 == "Startup probe failed: cat: /app/a.txt: No such file or directory"));
    row_is(&t, 14.0, "0/1", "Running", "0");
    row_is(&t, 21.0, "1/1", "Running", "0");
    assert!(events(&t, "Killing").is_empty());
}

#[test]
fn s003_startup_http_probe() {
    let t = run("003-nginx-start-probe.yaml");
    row_is(&t, 4.5, "0/1", "Running", "0");
    row_is(&t, 11.0, "1/1", "Running", "0");
    let startup: Vec<_> = t.probes.iter().filter(|p| p.probe == "startup").collect();
    assert_eq!(startup.len(), 1, "the startup probe stops after its first success");
    assert_eq!(startup[0].result, "success");
}

#[test]
fn s003_readiness_on_a_missing_file_never_becomes_ready() {
    let t = run("003-nginx-readiness-hostpath.yaml");
    assert!(t.rows.iter().all(|r| r.ready == "0/1"));
    let unhealthy = events(&t, "Unhealthy");
    assert!(unhealthy
        .iter()
        .all(|e| e.1 == "Readiness probe failed: HTTP probe failed with statuscode: 404"));
    row_is(&t, 600.0, "0/1", "Running", "0");
    let t = run("003-nginx-readiness.yaml");
    row_is(&t, 11.0, "1/1", "Running", "0");
}

#[test]
fn s004_deployment_is_rejected_and_its_pod_template_runs() {
    let err = error_of("004-flask-deployment-flat.yaml");
    assert!(err.contains("Unsupported value: \"Deployment\""), "{err}");
    let t = run("004-flask.yaml");
    row_is(&t, 60.0, "1/1", "Running", "0");
    assert!(t
        .notes
        .iter()
        .any(|n| n.contains("assumed to be a long-running server answering 200") && n.contains("5000")));
    assert!(t.notes.iter().any(|n| n.contains("ConfigMap \"flask-config\" is unknown")));
}

#[test]
fn s004_init_waiting_for_the_wrong_service_name_stays_pending() {
    let t = run("004-flask-init.yaml");
    row_is(&t, 600.0, "0/1", "Init:0/1", "0");
    assert_eq!(t.phases.last().unwrap().phase, "Pending");
}
