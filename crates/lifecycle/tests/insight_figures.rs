//! `insight::figures`, expectations on them, and `insight::compare`.
#![allow(clippy::unwrap_used)]

use lifecycle::insight::{compare, figures, Expectation, FigureValue, Figures, Op};
use lifecycle::sim::{run_document, RunOverrides};
use lifecycle::Key;

fn figures_of(text: &str) -> Figures {
    let loaded = lifecycle::load(text);
    figures(&run_document(&loaded, RunOverrides::default()).unwrap().trace)
}

const CRASHLOOP: &str = include_str!("../../../web/examples/crashloop.yaml");
const PRESTOP: &str = include_str!("../../../web/examples/prestop-grace.yaml");
const MYAPP: &str = include_str!("../../../web/examples/myapp-pod.yaml");

#[test]
fn the_summary_of_a_crashloop() {
    assert_eq!(
        figures_of(CRASHLOOP).summary(),
        "pod: crash\nhorizon: 600.0s\nscheduled: 0.008s\ninitialized: 0.029s\nready: 3.761s\nnot-ready: 593.0s\n\
         restarts: 6\nrestarts[app]: 6\nbackoff-cap: 322.761s\nphase: Running\nstatus: CrashLoopBackOff\n\
         ended: never\ndeleted: never\n"
    );
}

#[test]
fn init_containers_delay_initialized_and_ready() {
    let f = figures_of(MYAPP);
    assert_eq!((f.scheduled_ms, f.initialized_ms, f.ready_ms), (Some(8), Some(40_761), Some(41_761)));
    assert_eq!(f.not_ready_ms, 41_761);
    assert_eq!(
        f.restarts,
        [("init-myservice".to_string(), 0), ("init-mydb".to_string(), 0), ("myapp-container".to_string(), 0)]
    );
}

#[test]
fn a_deleted_pod_is_not_ready_only_until_it_is_gone() {
    let f = figures_of(PRESTOP);
    // Ready from 1.761 s until web exits at 35.761 s; removed at 50.056 s.
    assert_eq!(f.not_ready_ms, 1_761 + (50_056 - 35_761));
    assert_eq!((f.phase.as_str(), f.ended_ms, f.deleted_ms), ("Failed", Some(50_036), Some(50_056)));
    assert_eq!(f.restarts, [("web".to_string(), 0), ("sleeper".to_string(), 0)]);
}

#[test]
fn expectations_parse_and_check() {
    let f = figures_of(CRASHLOOP);
    let check = |s: &str| Expectation::parse(s).unwrap().check(&f).map_err(|p| p.english());
    assert_eq!(
        Expectation::parse(" ready <= 60s ").unwrap(),
        Expectation { figure: "ready".to_string(), op: Op::Le, value: "60s".to_string() }
    );
    assert!(Expectation::parse("ready").is_err());
    assert!(Expectation::parse("<=60s").is_err());
    assert_eq!(check("ready<=60s"), Ok(()));
    assert_eq!(check("ready<3s"), Err("expectation ready<3s failed: ready is 3.761s".to_string()));
    assert_eq!(check("restarts==0"), Err("expectation restarts==0 failed: restarts is 6".to_string()));
    assert_eq!(check("restarts[app]>=6"), Ok(()));
    assert_eq!(check("backoff-cap<=6m"), Ok(()));
    assert_eq!(check("ended==never"), Ok(()));
    assert_eq!(check("ended<=10m"), Err("expectation ended<=10m failed: ended is never".to_string()));
    assert_eq!(check("ended>10m"), Ok(()), "never is later than any time");
    assert_eq!(check("status==CrashLoopBackOff"), Ok(()));
    assert_eq!(
        check("phase!=Running"),
        Err("expectation phase!=Running failed: phase is Running".to_string())
    );
    assert_eq!(
        check("not-ready<1m"),
        Err("expectation not-ready<1m failed: not-ready is 593.0s".to_string())
    );
    let bad = Expectation::parse("restarts==lots").unwrap().check(&f).unwrap_err();
    assert_eq!(bad.key, Key::ExpectBadValue);
    assert_eq!(bad.english(), "restarts==lots: the value must be a whole number");
    let unknown = Expectation::parse("readyness<1m").unwrap().check(&f).unwrap_err();
    assert_eq!(unknown.key, Key::ExpectUnknownFigure);
    assert!(
        unknown.english().starts_with("readyness<1m: no such figure (figures: horizon, scheduled, "),
        "{unknown}"
    );
    assert_eq!(check("phase<Running").map_err(|_| ()), Err(()));
}

#[test]
fn compare_lists_what_differs_with_deltas() {
    let a = figures_of(CRASHLOOP);
    let fixed = CRASHLOOP.replace("exit 1", "sleep 3600");
    assert_ne!(fixed, CRASHLOOP);
    let b = figures_of(&fixed);
    let diffs = compare(&a, &b);
    let names: Vec<&str> = diffs.iter().map(|d| d.figure.as_str()).collect();
    assert_eq!(names, ["not-ready", "restarts", "restarts[app]", "backoff-cap", "status"]);
    let restarts = &diffs[1];
    assert_eq!(
        (restarts.a.clone(), restarts.b.clone(), restarts.delta),
        (Some(FigureValue::Count(6)), Some(FigureValue::Count(0)), Some(-6))
    );
    assert_eq!(diffs[3].delta, None, "a cap that is never reached has no delta");
    assert_eq!(diffs[4].b, Some(FigureValue::Text("Running".to_string())));
    assert!(compare(&a, &a).is_empty());
}

/// The figures the page header used to take from its own helper (now these), on short runs.
fn figures_within(text: &str, horizon_ms: i64) -> Figures {
    let loaded = lifecycle::load(text);
    figures(&run_document(&loaded, RunOverrides { seed: None, horizon_ms: Some(horizon_ms) }).unwrap().trace)
}

#[test]
fn header_figures_of_a_crashloop_a_server_and_a_job() {
    let f = figures_within("apiVersion: v1\nkind: Pod\nmetadata:\n  name: crash\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 1; exit 1\"]\n", 120_000);
    assert!(f.restarts_total() >= 3, "{f:?}");
    assert_eq!(f.ended_ms, None);

    let f = figures_within("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n", 60_000);
    let t = f.ready_ms.unwrap();
    assert!(t > 0 && t < 10_000, "{t}");
    assert_eq!(f.restarts_total(), 0);
    assert_eq!(f.status, "Running");
    assert_eq!(f.probe_failures, 0);

    let f = figures_within("apiVersion: v1\nkind: Pod\nmetadata:\n  name: job\nspec:\n  restartPolicy: Never\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 2\"]\n", 60_000);
    assert_eq!(f.phase, "Succeeded");
    assert!(f.ended_ms.is_some());
    assert_eq!(f.status, "Completed");
}

#[test]
fn probe_failures_are_counted() {
    let f = figures_of(include_str!("../../../web/examples/pod-live-exec.yaml"));
    assert!(f.probe_failures > 0, "{f:?}");
}
