//! `insight::explain`: every event and status change of every gallery example and seed fixture has
//! an explanation, and the canonical cases read exactly as written here.
#![allow(clippy::unwrap_used)]

use lifecycle::insight::{explain, field_lines, Explanation, Rule, Subject};
use lifecycle::sim::{run_document, DocumentRun, RunOverrides};
use lifecycle::{Key, Loaded};

/// Every gallery example and seed fixture.
const ALL: &[(&str, &str)] = &[
    ("web/examples/active-deadline.yaml", include_str!("../../../web/examples/active-deadline.yaml")),
    ("web/examples/crashloop.yaml", include_str!("../../../web/examples/crashloop.yaml")),
    ("web/examples/image-pull-backoff.yaml", include_str!("../../../web/examples/image-pull-backoff.yaml")),
    ("web/examples/init-services.yaml", include_str!("../../../web/examples/init-services.yaml")),
    ("web/examples/job-never.yaml", include_str!("../../../web/examples/job-never.yaml")),
    ("web/examples/job-onfailure.yaml", include_str!("../../../web/examples/job-onfailure.yaml")),
    ("web/examples/liveness-tcp.yaml", include_str!("../../../web/examples/liveness-tcp.yaml")),
    ("web/examples/myapp-pod.yaml", include_str!("../../../web/examples/myapp-pod.yaml")),
    ("web/examples/native-sidecar.yaml", include_str!("../../../web/examples/native-sidecar.yaml")),
    ("web/examples/pod-live-exec.yaml", include_str!("../../../web/examples/pod-live-exec.yaml")),
    ("web/examples/pod-live-httpget.yaml", include_str!("../../../web/examples/pod-live-httpget.yaml")),
    ("web/examples/pod-poststart.yaml", include_str!("../../../web/examples/pod-poststart.yaml")),
    ("web/examples/poststart-fail.yaml", include_str!("../../../web/examples/poststart-fail.yaml")),
    ("web/examples/prestop-grace.yaml", include_str!("../../../web/examples/prestop-grace.yaml")),
    ("web/examples/readiness-404-fixed.yaml", include_str!("../../../web/examples/readiness-404-fixed.yaml")),
    ("web/examples/readiness-gate.yaml", include_str!("../../../web/examples/readiness-gate.yaml")),
    ("web/examples/scheduling-gates.yaml", include_str!("../../../web/examples/scheduling-gates.yaml")),
    ("web/examples/shared-emptydir.yaml", include_str!("../../../web/examples/shared-emptydir.yaml")),
    ("web/examples/startup-probe-slow.yaml", include_str!("../../../web/examples/startup-probe-slow.yaml")),
    ("seeds/000-liveness-exec.yaml", include_str!("../../../tests/fixtures/seeds/000-liveness-exec.yaml")),
    ("seeds/000-myapp-pod-init.yaml", include_str!("../../../tests/fixtures/seeds/000-myapp-pod-init.yaml")),
    ("seeds/000-pod-demo-tabs.yaml", include_str!("../../../tests/fixtures/seeds/000-pod-demo-tabs.yaml")),
    ("seeds/000-pod-demo.yaml", include_str!("../../../tests/fixtures/seeds/000-pod-demo.yaml")),
    ("seeds/002-pod-live-exec.yaml", include_str!("../../../tests/fixtures/seeds/002-pod-live-exec.yaml")),
    (
        "seeds/002-pod-live-httpget.yaml",
        include_str!("../../../tests/fixtures/seeds/002-pod-live-httpget.yaml"),
    ),
    (
        "seeds/002-pod-poststart-flat.yaml",
        include_str!("../../../tests/fixtures/seeds/002-pod-poststart-flat.yaml"),
    ),
    (
        "seeds/002-pod-poststart-ok.yaml",
        include_str!("../../../tests/fixtures/seeds/002-pod-poststart-ok.yaml"),
    ),
    ("seeds/002-pod-poststart.yaml", include_str!("../../../tests/fixtures/seeds/002-pod-poststart.yaml")),
    (
        "seeds/002-pod-read-httpget.yaml",
        include_str!("../../../tests/fixtures/seeds/002-pod-read-httpget.yaml"),
    ),
    ("seeds/003-exec-start-up.yaml", include_str!("../../../tests/fixtures/seeds/003-exec-start-up.yaml")),
    ("seeds/003-liveness-exec.yaml", include_str!("../../../tests/fixtures/seeds/003-liveness-exec.yaml")),
    (
        "seeds/003-liveness-http-get.yaml",
        include_str!("../../../tests/fixtures/seeds/003-liveness-http-get.yaml"),
    ),
    (
        "seeds/003-nginx-readiness-hostpath.yaml",
        include_str!("../../../tests/fixtures/seeds/003-nginx-readiness-hostpath.yaml"),
    ),
    (
        "seeds/003-nginx-readiness.yaml",
        include_str!("../../../tests/fixtures/seeds/003-nginx-readiness.yaml"),
    ),
    (
        "seeds/003-nginx-start-probe.yaml",
        include_str!("../../../tests/fixtures/seeds/003-nginx-start-probe.yaml"),
    ),
    (
        "seeds/003-pod-lifecycle-exit.yaml",
        include_str!("../../../tests/fixtures/seeds/003-pod-lifecycle-exit.yaml"),
    ),
    (
        "seeds/003-pod-lifecycle-init-nginx.yaml",
        include_str!("../../../tests/fixtures/seeds/003-pod-lifecycle-init-nginx.yaml"),
    ),
    (
        "seeds/003-pod-lifecycle-init-volume.yaml",
        include_str!("../../../tests/fixtures/seeds/003-pod-lifecycle-init-volume.yaml"),
    ),
    (
        "seeds/003-pod-lifecycle-sleep.yaml",
        include_str!("../../../tests/fixtures/seeds/003-pod-lifecycle-sleep.yaml"),
    ),
    (
        "seeds/003-pod-multi-container.yaml",
        include_str!("../../../tests/fixtures/seeds/003-pod-multi-container.yaml"),
    ),
    ("seeds/003-pod-static.yaml", include_str!("../../../tests/fixtures/seeds/003-pod-static.yaml")),
    (
        "seeds/004-flask-deployment-flat.yaml",
        include_str!("../../../tests/fixtures/seeds/004-flask-deployment-flat.yaml"),
    ),
    ("seeds/004-flask-init.yaml", include_str!("../../../tests/fixtures/seeds/004-flask-init.yaml")),
    ("seeds/004-flask.yaml", include_str!("../../../tests/fixtures/seeds/004-flask.yaml")),
];

/// Runs made to reach the event reasons no gallery example emits.
const REASONS: &[(&str, &str)] = &[
    ("too-big", include_str!("../../../tests/fixtures/insight/reasons-too-big.yaml")),
    ("never-pull", include_str!("../../../tests/fixtures/insight/reasons-never-pull.yaml")),
    ("node-down", include_str!("../../../tests/fixtures/insight/reasons-node-down.yaml")),
    ("set-image", include_str!("../../../tests/fixtures/insight/reasons-set-image.yaml")),
];

fn run(text: &str) -> (Loaded, DocumentRun) {
    let loaded = lifecycle::load(text);
    let run = run_document(&loaded, RunOverrides::default()).unwrap();
    (loaded, run)
}

fn example(name: &str) -> &'static str {
    ALL.iter().find(|(n, _)| n.ends_with(name)).unwrap().1
}

/// The English explanations of the events with `reason` (and, when given, whose message contains `with`).
fn why_events(loaded: &Loaded, run: &DocumentRun, reason: &str, with: &str) -> Vec<String> {
    explain(loaded, run)
        .into_iter()
        .filter_map(|x| match x.subject {
            Subject::Event(i) => {
                let e = &run.trace.events[i];
                (e.reason == reason && e.message.contains(with)).then(|| x.phrase.english())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn every_item_of_every_example_is_explained() {
    let mut runs = 0;
    let mut reasons: Vec<String> = Vec::new();
    for (name, text) in ALL.iter().chain(REASONS) {
        let loaded = lifecycle::load(text);
        let Some(run) = run_document(&loaded, RunOverrides::default()) else { continue };
        runs += 1;
        let t = &run.trace;
        let xs = explain(&loaded, &run);
        assert_eq!(
            xs.len(),
            t.events.len() + t.phases.len() + t.conditions.len() + t.containers.len(),
            "{name}: one explanation per item"
        );
        for (i, e) in t.events.iter().enumerate() {
            if !reasons.contains(&e.reason) {
                reasons.push(e.reason.clone());
            }
            let x: Vec<&Explanation> = xs.iter().filter(|x| x.subject == Subject::Event(i)).collect();
            assert_eq!(x.len(), 1, "{name}: event {i}");
            assert_ne!(x[0].rule, Rule::Unexplained, "{name}: {} {} has no rule", e.reason, e.message);
            assert_eq!(x[0].t_ms, e.t.ms());
        }
        for x in &xs {
            assert_ne!(x.rule, Rule::Unexplained, "{name}: {:?} {}", x.subject, x.phrase);
            assert!(x.doc_url().starts_with("https://kubernetes.io/docs/"), "{name}: {}", x.doc_url());
            let english = x.phrase.english();
            assert!(!english.contains('{'), "{name}: unfilled template: {english}");
        }
        assert!(xs.windows(2).all(|w| w[0].t_ms <= w[1].t_ms), "{name}: in time order");
    }
    assert!(runs >= 40, "{runs} documents ran");
    // Every reason the engine emits (grep sim/ for kubelet_event and event) is among those explained.
    lifecycle::sort::ascending(&mut reasons);
    assert_eq!(
        reasons,
        [
            "BackOff",
            "Created",
            "DeadlineExceeded",
            "ErrImageNeverPull",
            "Failed",
            "FailedPostStartHook",
            "FailedPreStopHook",
            "FailedScheduling",
            "Killing",
            "Pulled",
            "Pulling",
            "Scheduled",
            "Started",
            "TaintManagerEviction",
            "Unhealthy",
        ]
    );
}

#[test]
fn a_liveness_kill_names_the_threshold_the_period_and_the_exec_that_broke_it() {
    let (loaded, run) = run(include_str!("../../../tests/fixtures/insight/liveness-rm.yaml"));
    assert_eq!(
        why_events(&loaded, &run, "Killing", ""),
        ["killed at 40.084s: liveness probe failed 3 times (failureThreshold 3 × periodSeconds 5) after `rm -f /tmp/healthy` ran at 30.0s"]
    );
    assert_eq!(
        why_events(&loaded, &run, "Unhealthy", "")[2],
        "liveness probe failed (3 in a row of failureThreshold 3, one probe every 5s): at the threshold the kubelet kills the container"
    );
    let kill = explain(&loaded, &run)
        .into_iter()
        .find(|x| matches!(x.subject, Subject::Event(i) if run.trace.events[i].reason == "Killing"))
        .unwrap();
    assert_eq!(kill.phrase.key, Key::ExplainProbeKillAfterExec);
    assert_eq!(
        kill.doc_url(),
        "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/"
    );
    assert_eq!(
        kill.fields,
        [
            "spec.containers[0].livenessProbe.failureThreshold",
            "spec.containers[0].livenessProbe.periodSeconds",
            "spec.containers[0].livenessProbe"
        ]
    );
    // failureThreshold is not written: it points at the probe (line 12); periodSeconds is on line 16.
    assert_eq!(field_lines(&loaded.source, &kill.fields), [12, 16]);
}

#[test]
fn a_liveness_kill_without_an_action_names_the_last_success() {
    let (loaded, run) = run(example("pod-live-exec.yaml"));
    assert_eq!(
        why_events(&loaded, &run, "Killing", "")[0],
        "killed at 72.071s: liveness probe failed 3 times (failureThreshold 3 × periodSeconds 3) since its last success at 63.065s"
    );
}

#[test]
fn crashloop_back_off_delays_double_up_to_the_cap() {
    let (loaded, run) = run(example("crashloop.yaml"));
    let delays: Vec<String> = why_events(&loaded, &run, "BackOff", "")
        .iter()
        .map(|s| s.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(
        delays[..6],
        [
            "restart delayed 10s",
            "restart delayed 20s",
            "restart delayed 40s",
            "restart delayed 1m20s",
            "restart delayed 1m20s",
            "restart delayed 2m40s",
        ]
    );
    assert!(delays.last().unwrap() == "restart delayed 5m0s", "{delays:?}");
    assert_eq!(
        why_events(&loaded, &run, "Started", "")[..3],
        [
            "container app started: its command runs, and its probes begin after initialDelaySeconds",
            "container app started again (restart 1): restartPolicy is Always",
            "container app started again (restart 2): restartPolicy is Always",
        ]
    );
    assert_eq!(
        why_events(&loaded, &run, "BackOff", "")[2],
        "restart delayed 40s: crash 4 of container app, and the back-off doubles with each crash (10s, 20s, 40s, … capped at 5m0s; restartPolicy Always)"
    );
}

#[test]
fn pre_stop_and_the_grace_period() {
    let (loaded, run) = run(example("prestop-grace.yaml"));
    assert_eq!(
        why_events(&loaded, &run, "Killing", ""),
        [
            "stopping web: the pod was deleted at 30.0s with a 20s grace period; the preStop hook runs first, then SIGTERM, and SIGKILL follows at 50.036s if it is still running",
            "stopping sleeper: the pod was deleted at 30.0s with a 20s grace period; SIGTERM now, SIGKILL at 50.036s if it is still running",
        ]
    );
    let xs = explain(&loaded, &run);
    let killed: Vec<String> = xs
        .iter()
        .filter(
            |x| matches!(x.subject, Subject::Container(i) if run.trace.containers[i].exit_code == Some(137)),
        )
        .map(|x| x.phrase.english())
        .collect();
    assert_eq!(
        killed,
        ["sleeper was killed with SIGKILL (exit 137): it was still running when the 20s grace period that began at 30.036s ran out"]
    );
    let failed = xs.iter().find(|x| x.phrase.key == Key::ExplainPhaseFailedDeleted).unwrap();
    assert_eq!(
        failed.phrase.english(),
        "Failed: the pod was deleted at 30.0s and a container ended with a non-zero exit code (killed), so its final phase is Failed"
    );
}

#[test]
fn init_containers_waiting_on_services() {
    let (loaded, run) = run(example("myapp-pod.yaml"));
    let xs = explain(&loaded, &run);
    let done: Vec<String> = xs
        .iter()
        .filter(|x| x.phrase.key == Key::ExplainInitDoneAfterService)
        .map(|x| x.phrase.english())
        .collect();
    assert_eq!(
        done,
        [
            "init container init-myservice exited 0 at 21.761s, after Service myservice was created at 20.0s: the next init container, or after the last one the app containers, can start",
            "init container init-mydb exited 0 at 40.761s, after Service mydb was created at 40.0s: the next init container, or after the last one the app containers, can start",
        ]
    );
    let waiting = xs.iter().find(|x| x.phrase.key == Key::ExplainCondNotInitialized).unwrap();
    assert_eq!(
        waiting.phrase.english(),
        "Initialized is False: init containers not done: init-myservice init-mydb; the app containers start only after all of them"
    );
    assert_eq!(waiting.doc_url(), "https://kubernetes.io/docs/concepts/workloads/pods/init-containers/");
}

#[test]
fn readiness_404_takes_the_pod_out_of_service_without_a_restart() {
    let (loaded, run) = run(example("readiness-404-fixed.yaml"));
    let why = why_events(&loaded, &run, "Unhealthy", "404");
    assert_eq!(
        why[2],
        "readiness probe failed (3 in a row, failureThreshold 3): at the threshold the container is not ready and the pod leaves its Services' endpoints; a readiness failure never restarts it"
    );
    let xs = explain(&loaded, &run);
    let not_ready: Vec<(i64, String)> = xs
        .iter()
        .filter(|x| x.phrase.key == Key::ExplainNotReadyProbe)
        .map(|x| (x.t_ms, x.phrase.english()))
        .collect();
    assert_eq!(
        not_ready,
        [(
            27_065,
            "container-live-httpget is not ready: its readiness probe failed failureThreshold times in a row"
                .to_string()
        )]
    );
    assert_eq!(
        xs.iter().filter(|x| x.phrase.key == Key::ExplainCondReady).map(|x| x.phrase.english()).collect::<Vec<_>>(),
        [
            "Ready at 6.065s: every container is ready and every readiness gate is True; Services now send traffic to the pod",
            "Ready at 60.065s: every container is ready and every readiness gate is True; Services now send traffic to the pod",
        ]
    );
}

#[test]
fn changes_at_runtime_are_explained_by_their_action() {
    let (loaded, changes) = run(include_str!("../../../tests/fixtures/insight/reasons-set-image.yaml"));
    let kills = why_events(&loaded, &changes, "Killing", "");
    assert_eq!(
        kills,
        [
            "the image of app changed to nginx:1.28 (kubectl set image at 20.0s): the kubelet kills the container and starts it again with the new image",
            "stopping app: the pod was deleted at 100.0s with a 30s grace period; the preStop hook runs first, then SIGTERM, and SIGKILL follows at 130.019s if it is still running",
        ]
    );
    assert_eq!(
        why_events(&loaded, &changes, "Created", ""),
        [
            "container setup created from image busybox:1.36",
            "container app created from image nginx:1.27",
            "container app created from image nginx:1.28",
            "container debugger created from image busybox:1.36",
        ]
    );
    assert!(
        why_events(&loaded, &changes, "SandboxChanged", "").is_empty(),
        "a new init image reruns nothing"
    );
    let (loaded, down) = run(include_str!("../../../tests/fixtures/insight/reasons-node-down.yaml"));
    assert_eq!(
        why_events(&loaded, &down, "TaintManagerEviction", ""),
        ["the node stopped reporting at 10.0s: 40s later it is NotReady and tainted NoExecute; the pod's default toleration lasts 300s, then the taint manager deletes it"]
    );
}
