//! Benchmarks of the core (not timed tests): load + validate + simulate for every gallery example and
//! seed fixture, a 24-hour crash loop with 1 s probes and 32 crash-looping containers, each with the
//! trace → timeline view-model, lints + figures, and `kubectl describe` rendering; then hostile
//! inputs. Prints a table of medians.
//!
//! `cargo bench -p lifecycle --bench simulate` measures; `-- --quick` runs each case once (CI uses it
//! to prove the benchmarks still run, not to judge speed).
#![allow(clippy::unwrap_used)]
// A benchmark is the one place in the core that reads the clock: it measures, it does not simulate.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use lifecycle::insight;
use lifecycle::sim::{run_document, RunOverrides};
use lifecycle::view::timeline::Timeline;
use std::path::Path;
use std::time::Instant;

#[path = "../tests/hostile_cases/mod.rs"]
mod hostile_cases;

/// The 24-hour crash loop with 1 s probes, shared with the in-browser benchmark (web/tests/bench.rs).
const CHURN_24H: &str = include_str!("../../../tests/fixtures/bench/churn-24h.yaml");

/// `n` containers that each run a few seconds and fail, over an hour (all in crash-loop back-off).
fn crash_loops(n: usize) -> String {
    let mut s = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: wide}\nspec:\n  containers:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  - {{name: c{i}, image: busybox:1.36, command: [sh, -c, \"sleep {}; exit 1\"]}}\n",
            5 + i
        ));
    }
    s.push_str("---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {horizon: 1h}\n");
    s
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // `-- --only TEXT` runs only the cases whose name contains TEXT (for profiling one case).
    let args: Vec<String> = std::env::args().collect();
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).cloned();
    let wanted = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut cases: Vec<(String, String)> = Vec::new();
    for dir in ["web/examples", "tests/fixtures/seeds"] {
        let mut files: Vec<_> =
            std::fs::read_dir(root.join(dir)).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "yaml")) {
            let name = format!("{dir}/{}", f.file_name().unwrap().to_string_lossy());
            cases.push((name, std::fs::read_to_string(&f).unwrap()));
        }
    }
    cases.push(("24 h crash loop, 1 s probes".to_string(), CHURN_24H.to_string()));
    cases.push(("32 crash-looping containers, 1 h".to_string(), crash_loops(32)));

    // Besides load + validate + simulate (median, min): what the page does next with the trace —
    // the timeline view-model, the lints and the header figures — and `kubectl describe` at the end.
    println!(
        "{:<56} {:>9} {:>9} {:>10} {:>9} {:>9} {:>9} {:>9}",
        "case", "median", "min", "timeline", "lint", "describe", "events", "probes"
    );
    for (name, text) in cases.iter().filter(|(n, _)| wanted(n)) {
        let runs = if quick {
            1
        } else if name.starts_with("24 h") || name.starts_with("32 ") {
            5
        } else {
            30
        };
        let mut times = Vec::with_capacity(runs);
        let (mut timeline, mut lint, mut describe) = (Vec::new(), Vec::new(), Vec::new());
        let mut sizes = (0, 0);
        for _ in 0..runs {
            let t0 = Instant::now();
            let loaded = lifecycle::load(text);
            let run = run_document(&loaded, RunOverrides::default());
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
            if let Some(r) = run {
                sizes = (r.trace.events.len(), r.trace.probes.len());
                let t = Instant::now();
                std::hint::black_box(Timeline::build(&r.trace));
                timeline.push(t.elapsed().as_secs_f64() * 1000.0);
                let t = Instant::now();
                std::hint::black_box((insight::lint(&loaded, &r), insight::figures(&r.trace)));
                lint.push(t.elapsed().as_secs_f64() * 1000.0);
                let t = Instant::now();
                std::hint::black_box(r.trace.describe_at(r.trace.horizon_ms));
                describe.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        let min = {
            times.sort_by(f64::total_cmp);
            times[0]
        };
        println!(
            "{name:<56} {:>7.2}ms {min:>7.2}ms {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>9} {:>9}",
            median(&mut times),
            median(&mut timeline),
            median(&mut lint),
            median(&mut describe),
            sizes.0,
            sizes.1
        );
    }

    hostile(quick, &wanted);
}

/// Hostile inputs (see tests/hostile_inputs.rs): the whole pipeline, kubectl rendering included.
/// Budget: each ≤ 100 ms natively in release.
fn hostile(quick: bool, wanted: &dyn Fn(&str) -> bool) {
    println!();
    println!("{:<56} {:>9} {:>9} {:>10} {:>9}", "hostile case", "median", "min", "work", "rendered");
    for case in hostile_cases::all().into_iter().filter(|c| wanted(c.name)) {
        let runs = if quick { 1 } else { 10 };
        let mut times = Vec::with_capacity(runs);
        let mut sizes = (0, 0);
        for _ in 0..runs {
            let t0 = Instant::now();
            let out = hostile_cases::pipeline(&case.text);
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
            sizes = (out.work(), out.rendered);
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let flag = if median > 100.0 { "  OVER BUDGET" } else { "" };
        println!(
            "{:<56} {median:>7.2}ms {:>7.2}ms {:>10} {:>9}{flag}",
            case.name, times[0], sizes.0, sizes.1
        );
    }
}
