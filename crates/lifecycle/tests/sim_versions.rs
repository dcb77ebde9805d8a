//! `Scenario.spec.kubernetesVersion`: every version-dependent behaviour the engine switches, one
//! test each, plus the list the page shows (`phase::semantics_for`).
#![allow(clippy::unwrap_used)]

use lifecycle::phase::{semantics_for, version_features, KubeVersion};
use lifecycle::sim::{simulate, NodeConfig, SimConfig, Trace};
use lifecycle::Pod;

fn pod(yaml: &str) -> Pod {
    serde_yaml::from_str(yaml).unwrap()
}

fn run(yaml: &str, minor: u32, horizon_ms: i64) -> Trace {
    let cfg = SimConfig {
        horizon_ms,
        version: KubeVersion::new(1, minor),
        node: NodeConfig { images: vec!["busybox:1.36".to_string()], ..NodeConfig::default() },
        ..SimConfig::default()
    };
    simulate(&pod(yaml), &[], &cfg)
}

fn names(minor: u32) -> Vec<&'static str> {
    semantics_for(KubeVersion::new(1, minor)).iter().map(|f| f.name).collect()
}

#[test]
fn semantics_for_lists_what_applies_by_version() {
    assert_eq!(names(28), Vec::<&str>::new());
    assert_eq!(names(29), ["SidecarContainers", "PodReadyToStartContainersCondition"]);
    assert_eq!(
        names(33),
        [
            "SidecarContainers",
            "PodReadyToStartContainersCondition",
            "ImagePullBackOffLastError",
            "PodHasInitialized",
            "BackOffRequeueAtExpiry",
            "EventWording1.33"
        ]
    );
    assert_eq!(names(35).len(), 8);
    assert_eq!(names(35).last(), Some(&"ContainerRestartRules"));
    assert_eq!(names(36).len(), version_features().len());
    let all = version_features();
    assert!(all.windows(2).all(|w| w[0].since <= w[1].since), "oldest first");
    let d = &all[0].description;
    assert_eq!(d.key, lifecycle::Key::SemSidecarContainers);
    assert!(d.english().starts_with("Native sidecars: an init container with restartPolicy: Always"));
}

const SIDECAR: &str = "\
metadata: {name: s}
spec:
  initContainers:
  - {name: proxy, image: busybox:1.36, restartPolicy: Always, command: [sh, -c, sleep 3600]}
  containers:
  - {name: app, image: busybox:1.36, command: [sh, -c, sleep 3600]}
";

#[test]
fn sidecars_are_ordinary_init_containers_in_1_28() {
    let old = run(SIDECAR, 28, 60_000);
    assert_eq!(old.rows.last().unwrap().status, "Init:0/1");
    assert_eq!(old.phases.last().unwrap().phase, "Pending");
    assert!(old.notes.iter().any(|n| n.contains("dropped restartPolicy from init container \"proxy\"")));
    let new = run(SIDECAR, 29, 60_000);
    assert_eq!(new.rows.last().unwrap().status, "Running");
    assert_eq!(new.rows.last().unwrap().ready, "2/2");
}

#[test]
fn pod_ready_to_start_containers_from_1_29() {
    let has = |t: &Trace| t.conditions.iter().any(|c| c.type_ == "PodReadyToStartContainers");
    assert!(!has(&run(SIDECAR, 28, 10_000)));
    assert!(has(&run(SIDECAR, 29, 10_000)));
}

#[test]
fn created_and_started_wording_by_version() {
    let msgs = |minor| {
        let t = run(SIDECAR, minor, 10_000);
        let m = |r: &str| {
            t.events.iter().filter(|e| e.reason == r).map(|e| e.message.clone()).next_back().unwrap()
        };
        (m("Created"), m("Started"))
    };
    assert_eq!(msgs(32), ("Created container app".to_string(), "Started container app".to_string()));
    assert_eq!(msgs(34), ("Created container: app".to_string(), "Started container app".to_string()));
    assert_eq!(msgs(35), ("Container created".to_string(), "Container started".to_string()));
}

#[test]
fn container_restart_policy_honoured_from_1_35() {
    let yaml = "\
metadata: {name: r}
spec:
  restartPolicy: Always
  containers:
  - {name: app, image: busybox:1.36, restartPolicy: Never, command: [sh, -c, sleep 2; exit 3]}
";
    // 1.34 (gate alpha, off): the pod's Always applies and the container crash-loops.
    let old = run(yaml, 34, 120_000);
    assert!(old.events.iter().filter(|e| e.reason == "Started").count() > 1);
    assert_ne!(old.phases.last().unwrap().phase, "Failed");
    // 1.35: the container's Never wins; the pod fails.
    let new = run(yaml, 35, 120_000);
    assert_eq!(new.events.iter().filter(|e| e.reason == "Started").count(), 1);
    assert_eq!(new.phases.last().unwrap().phase, "Failed");
}

#[test]
fn backoff_retry_waits_for_the_requeue_before_1_33() {
    // The third start follows the 10 s back-off: at its expiry from 1.33, at the 10–15 s requeue
    // of the failed sync before.
    let yaml = "metadata: {name: c}\nspec:\n  containers:\n  - {name: app, image: busybox:1.36, command: [sh, -c, exit 1]}\n";
    let gap = |minor| {
        let t = run(yaml, minor, 120_000);
        let s: Vec<i64> = t.events.iter().filter(|e| e.reason == "Started").map(|e| e.t.ms()).collect();
        s[2] - s[1]
    };
    let (new, old) = (gap(33), gap(32));
    assert!((10_000..13_000).contains(&new), "{new}");
    assert!(old > new, "{old} vs {new}");
}
