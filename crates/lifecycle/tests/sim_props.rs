//! Seeded property tests over random small pod specs: the trace's time never goes back, init
//! containers finish in order before any app container starts, Ready ⇒ Initialized ∧ ContainersReady,
//! terminal phases are sticky, the same seed gives the same JSON (which parses).
#![allow(clippy::unwrap_used)]

use lifecycle::model::{Container, ExecAction, Pod, Probe};
use lifecycle::sim::rng::Rng;
use lifecycle::sim::{simulate, Action, ActionKind, SimConfig, Trace};

fn script(rng: &mut Rng) -> Vec<String> {
    let mut parts = Vec::new();
    if rng.below(2) == 0 {
        parts.push("touch /tmp/ok".to_string());
    }
    parts.push(format!("sleep {}", rng.range(0, 40)));
    match rng.below(4) {
        0 => parts.push(format!("exit {}", rng.range(0, 3))),
        1 => parts.push("rm -f /tmp/ok; sleep 3600".to_string()),
        2 => parts.push("sleep 3600".to_string()),
        _ => {}
    }
    vec!["sh".into(), "-c".into(), parts.join("; ")]
}

fn probe(rng: &mut Rng) -> Option<Probe> {
    (rng.below(3) == 0).then(|| Probe {
        exec: Some(ExecAction { command: Some(vec!["cat".into(), "/tmp/ok".into()]) }),
        initial_delay_seconds: Some(rng.range(0, 5)),
        period_seconds: Some(rng.range(1, 10)),
        failure_threshold: Some(rng.range(1, 4)),
        ..Probe::default()
    })
}

fn container(rng: &mut Rng, name: String, sidecar: bool) -> Container {
    Container {
        name,
        image: Some(
            ["busybox:1.36", "busybox", "nginx:1.27", "alpine:3.20"][rng.below(4) as usize].to_string(),
        ),
        command: Some(script(rng)),
        restart_policy: sidecar.then(|| "Always".to_string()),
        liveness_probe: probe(rng),
        readiness_probe: probe(rng),
        startup_probe: if sidecar { probe(rng) } else { None },
        ..Container::default()
    }
}

fn random_case(seed: u64) -> (Pod, SimConfig) {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let mut pod = Pod::default();
    pod.metadata.name = Some(format!("p{seed}"));
    let mut inits = Vec::new();
    for i in 0..rng.below(3) {
        let mut c = container(&mut rng, format!("init-{i}"), false);
        c.liveness_probe = None;
        c.readiness_probe = None;
        inits.push(c);
    }
    if rng.below(3) == 0 {
        inits.push(container(&mut rng, "side".to_string(), true));
    }
    if !inits.is_empty() {
        pod.spec.init_containers = Some(inits);
    }
    pod.spec.containers =
        (0..rng.range(1, 2)).map(|i| container(&mut rng, format!("app-{i}"), false)).collect();
    pod.spec.restart_policy = Some(["Always", "OnFailure", "Never"][rng.below(3) as usize].to_string());
    if rng.below(4) == 0 {
        pod.spec.active_deadline_seconds = Some(rng.range(5, 120));
    }
    let mut cfg = SimConfig { seed, horizon_ms: rng.range(30_000, 400_000), ..SimConfig::default() };
    if rng.below(3) == 0 {
        cfg.actions.push(Action {
            at_ms: rng.range(0, 200_000),
            kind: ActionKind::DeletePod { grace_seconds: Some(rng.range(0, 40)), force: false },
        });
    }
    if rng.below(4) == 0 {
        cfg.actions.push(Action {
            at_ms: rng.range(0, 100_000),
            kind: ActionKind::Exec {
                container: "app-0".into(),
                command: vec!["rm".into(), "-f".into(), "/tmp/ok".into()],
            },
        });
    }
    if rng.below(6) == 0 {
        cfg.unavailable_images.push("busybox".to_string());
    }
    (pod, cfg)
}

fn check(seed: u64, t: &Trace, pod: &Pod) {
    let ctx = format!("seed {seed}");
    let h = t.horizon_ms;
    let monotone = |ts: Vec<i64>, what: &str| {
        assert!(ts.windows(2).all(|w| w[0] <= w[1]), "{ctx}: {what} time goes back");
        assert!(ts.iter().all(|&x| (0..=h).contains(&x)), "{ctx}: {what} outside [0, horizon]");
    };
    monotone(t.events.iter().map(|e| e.t.ms()).collect(), "events");
    monotone(t.phases.iter().map(|e| e.t.ms()).collect(), "phases");
    monotone(t.conditions.iter().map(|e| e.t.ms()).collect(), "conditions");
    monotone(t.containers.iter().map(|e| e.t.ms()).collect(), "containers");
    monotone(t.probes.iter().map(|e| e.t.ms()).collect(), "probes");
    monotone(t.rows.iter().map(|e| e.t.ms()).collect(), "rows");
    monotone(t.snapshots.iter().map(|e| e.t.ms()).collect(), "snapshots");

    // Ordinary init containers: first starts in spec order, each after the previous one completed,
    // and every app container starts after all of them completed.
    let inits: Vec<&Container> = pod.init_containers().iter().collect();
    let started = |name: &str, kind: &str| -> Vec<i64> {
        let obj = format!("spec.{kind}{{{name}}}");
        t.events
            .iter()
            .filter(|e| e.reason == "Started" && e.object.as_deref() == Some(obj.as_str()))
            .map(|e| e.t.ms())
            .collect()
    };
    let completed = |name: &str| -> Option<i64> {
        t.containers
            .iter()
            .find(|c| c.name == name && c.state == "terminated" && c.exit_code == Some(0))
            .map(|c| c.t.ms())
    };
    let mut prev_done: Option<i64> = Some(0);
    for c in &inits {
        let s = started(&c.name, "initContainers");
        if let Some(first) = s.first() {
            let p = prev_done
                .unwrap_or_else(|| panic!("{ctx}: {} started before its predecessor finished", c.name));
            assert!(*first >= p, "{ctx}: {} started at {first} before {p}", c.name);
        }
        if c.is_sidecar() {
            continue;
        }
        prev_done = completed(&c.name);
    }
    for c in &pod.spec.containers {
        if let Some(first) = started(&c.name, "containers").first() {
            let p = prev_done.unwrap_or_else(|| panic!("{ctx}: app {} started with init unfinished", c.name));
            assert!(*first >= p, "{ctx}: app {} started at {first} before init done at {p}", c.name);
        }
    }

    // Ready ⇒ Initialized ∧ ContainersReady, at every published state.
    for s in &t.snapshots {
        let conds = s.status.conditions.clone().unwrap_or_default();
        let is_true = |ty: &str| conds.iter().any(|c| c.type_ == ty && c.status == "True");
        if is_true("Ready") {
            assert!(
                is_true("Initialized") && is_true("ContainersReady"),
                "{ctx}: Ready without its parts at {}",
                s.t
            );
        }
    }

    // Terminal phases are sticky.
    if let Some(i) = t.phases.iter().position(|p| p.phase == "Succeeded" || p.phase == "Failed") {
        assert_eq!(i, t.phases.len() - 1, "{ctx}: left a terminal phase");
    }
}

#[test]
fn random_specs_hold_the_invariants() {
    for seed in 0..300u64 {
        let (pod, cfg) = random_case(seed);
        let t = simulate(&pod, &[], &cfg);
        check(seed, &t, &pod);
        let json = t.to_json();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for key in
            ["pod", "horizon", "truncated", "events", "phases", "conditions", "containers", "probes", "rows"]
        {
            assert!(v.get(key).is_some(), "seed {seed}: no {key}");
        }
        if seed % 10 == 0 {
            assert_eq!(json, simulate(&pod, &[], &cfg).to_json(), "seed {seed}: not deterministic");
        }
    }
}

#[test]
fn seeds_change_latencies_but_not_the_story() {
    let (pod, mut cfg) = random_case(7);
    cfg.seed = 1;
    let a = simulate(&pod, &[], &cfg);
    cfg.seed = 2;
    let b = simulate(&pod, &[], &cfg);
    assert_ne!(a.to_json(), b.to_json());
    let reasons = |t: &Trace| t.events.iter().take(3).map(|e| e.reason.clone()).collect::<Vec<_>>();
    assert_eq!(reasons(&a), reasons(&b));
}

#[test]
fn long_crashloop_is_bounded_and_fast() {
    let pod: Pod = serde_yaml::from_str(
        "metadata: {name: c}\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [sh, -c, 'exit 1']\n    readinessProbe: {exec: {command: [cat, /x]}, periodSeconds: 1}\n    livenessProbe: {exec: {command: [cat, /x]}, periodSeconds: 1, failureThreshold: 100}\n",
    )
    .unwrap();
    let cfg = SimConfig { horizon_ms: 24 * 3_600_000, ..SimConfig::default() };
    let t = simulate(&pod, &[], &cfg);
    assert!(!t.truncated);
    assert!(t.events.iter().filter(|e| e.reason == "Started").count() > 250);
    let plain: Pod = serde_yaml::from_str(
        "metadata: {name: s}\nspec:\n  containers:\n  - {name: app, image: nginx:1.27}\n",
    )
    .unwrap();
    let huge = SimConfig { horizon_ms: 30 * 24 * 3_600_000, ..SimConfig::default() };
    let t = simulate(&plain, &[], &huge);
    assert_eq!(t.horizon_ms, 3 * 24 * 3_600_000);
    assert!(t.notes.iter().any(|n| n.contains("horizon clamped")));
}
