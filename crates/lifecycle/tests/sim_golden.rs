//! Whole-trace golden tests: each pod under tests/fixtures/sim/*.yaml is simulated (with the config
//! in a sibling `*.config` file when present) and compared to `*.golden.txt` (watch + events + JSON).
//! `UPDATE_GOLDEN=1 cargo test -p lifecycle --test sim_golden` rewrites them; missing goldens fail.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use lifecycle::sim::{simulate, Action, ActionKind, SimConfig};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/sim")
}

/// A tiny line format for configs: `seed N`, `horizon S`, `version 1.N`, `images a,b`,
/// `unavailable x`, `pull MS`, `delete AT GRACE`, `exec AT CONTAINER CMD...`, `condition AT TYPE STATUS`,
/// `node AT ready|notready`, `ungate AT`.
fn config_for(name: &str) -> SimConfig {
    let mut cfg = SimConfig::default();
    let path = dir().join(format!("{name}.config"));
    let Ok(text) = std::fs::read_to_string(path) else { return cfg };
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let w: Vec<&str> = line.split_whitespace().collect();
        let at = |i: usize| (w[i].parse::<f64>().unwrap() * 1000.0) as i64;
        match w[0] {
            "seed" => cfg.seed = w[1].parse().unwrap(),
            "horizon" => cfg.horizon_ms = at(1),
            "version" => cfg.version = lifecycle::phase::KubeVersion::parse(w[1]).unwrap(),
            "images" => cfg.node.images = w[1].split(',').map(str::to_string).collect(),
            "unavailable" => cfg.unavailable_images.push(w[1].to_string()),
            "pull" => cfg.pull_ms = w[1].parse().unwrap(),
            "cpu" => cfg.node.cpu_millis = w[1].parse().unwrap(),
            "delete" => cfg.actions.push(Action {
                at_ms: at(1),
                kind: ActionKind::DeletePod {
                    grace_seconds: w.get(2).map(|g| g.parse().unwrap()),
                    force: false,
                },
            }),
            "exec" => cfg.actions.push(Action {
                at_ms: at(1),
                kind: ActionKind::Exec {
                    container: w[2].to_string(),
                    command: vec!["sh".into(), "-c".into(), w[3..].join(" ")],
                },
            }),
            "condition" => cfg.actions.push(Action {
                at_ms: at(1),
                kind: ActionKind::SetCondition { type_: w[2].to_string(), status: w[3].to_string() },
            }),
            "node" => cfg.actions.push(Action { at_ms: at(1), kind: ActionKind::NodeReady(w[2] == "ready") }),
            "ungate" => cfg.actions.push(Action { at_ms: at(1), kind: ActionKind::RemoveSchedulingGates }),
            other => panic!("unknown config line {other}"),
        }
    }
    cfg
}

/// The rendering compared against the golden file.
pub fn render(name: &str) -> String {
    let text = std::fs::read_to_string(dir().join(format!("{name}.yaml"))).unwrap();
    let pod: lifecycle::Pod = serde_yaml::from_str(&text).unwrap();
    let trace = simulate(&pod, &[], &config_for(name));
    format!(
        "# watch\n{}\n# events\n{}\n# json\n{}",
        trace.render_watch(),
        trace.render_events(),
        trace.to_json()
    )
}

#[test]
fn golden_traces() {
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".yaml").map(str::to_string))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let mut failures = Vec::new();
    for name in &names {
        let got = render(name);
        let path = dir().join(format!("{name}.golden.txt"));
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(_) => failures.push(format!("{name}: stale golden (UPDATE_GOLDEN=1 to rewrite)")),
            Err(_) => failures.push(format!("{name}: missing golden {}", path.display())),
        }
    }
    // Goldens without a pod are stale too.
    for e in std::fs::read_dir(dir()).unwrap() {
        let f = e.unwrap().file_name().into_string().unwrap();
        if let Some(n) = f.strip_suffix(".golden.txt") {
            if !names.iter().any(|x| x == n) {
                failures.push(format!("{f}: golden without a pod"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
