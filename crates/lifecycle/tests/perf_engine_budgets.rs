//! Work counters for the engine's speed fixes (issue #7's budgets), not timings: the 24-hour crash
//! loop with 1 s exec probes must not interpret its probe command once per probe again, and the long
//! runs keep their exact sizes (a change there is a behavior change to look at, or a blow-up).
#![allow(clippy::unwrap_used)]

use lifecycle::behavior::PodWorld;
use lifecycle::kubectl::tabwriter::TabWriter;
use lifecycle::sim::{
    config_for, run_document, simulate_with, with_defaults, Behavior, ContainerRef, ExecResult, HttpResult,
    ProcessOutcome, RunOverrides, ServiceSpec, Signal, SignalOutcome, SimTime,
};

const CHURN_24H: &str = include_str!("../../../tests/fixtures/bench/churn-24h.yaml");
const YEAR: &str = include_str!("../../../tests/fixtures/hostile/year-horizon.yaml");

/// The pod world, counting the execs the engine asks it for.
struct Counting {
    world: PodWorld,
    execs: usize,
}

impl Behavior for Counting {
    fn start(&mut self, c: ContainerRef<'_>, now: SimTime) -> ProcessOutcome {
        self.world.start(c, now)
    }
    fn exec(&mut self, c: ContainerRef<'_>, argv: &[String], now: SimTime) -> ExecResult {
        self.execs += 1;
        self.world.exec(c, argv, now)
    }
    fn http_get(&mut self, c: ContainerRef<'_>, port: i64, path: &str, now: SimTime) -> HttpResult {
        self.world.http_get(c, port, path, now)
    }
    fn tcp_connect(&mut self, c: ContainerRef<'_>, port: i64, now: SimTime) -> bool {
        self.world.tcp_connect(c, port, now)
    }
    fn signal(&mut self, c: ContainerRef<'_>, sig: Signal, now: SimTime) -> SignalOutcome {
        self.world.signal(c, sig, now)
    }
    fn stopped(&mut self, c: ContainerRef<'_>, now: SimTime) {
        self.world.stopped(c, now)
    }
    fn notes(&self) -> Vec<lifecycle::text::Phrase> {
        self.world.notes()
    }
    fn resume(&mut self, c: ContainerRef<'_>, now: SimTime) -> ProcessOutcome {
        self.world.resume(c, now)
    }
    fn take_changes(&mut self) -> Vec<(String, ProcessOutcome)> {
        self.world.take_changes()
    }
    fn set_services(&mut self, services: &[ServiceSpec], now: SimTime) {
        self.world.set_services(services, now)
    }
    fn node_file(&mut self, path: &str, content: &str, now: SimTime) {
        self.world.node_file(path, content, now)
    }
    fn termination_message(&mut self, c: ContainerRef<'_>, exit_code: i64) -> Option<String> {
        self.world.termination_message(c, exit_code)
    }
    fn generation(&self) -> Option<u64> {
        self.world.generation()
    }
    fn grpc_check(&mut self, c: ContainerRef<'_>, port: i64, service: &str, now: SimTime) -> Option<bool> {
        self.world.grpc_check(c, port, service, now)
    }
}

#[test]
fn a_day_of_one_second_exec_probes_runs_the_probe_command_once_per_world_change() {
    let loaded = lifecycle::load(CHURN_24H);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let pod = loaded.pod.as_ref().unwrap();
    let (config, _) = config_for(loaded.scenario.as_ref(), RunOverrides::default());
    let mut b = Counting { world: PodWorld::new(&with_defaults(pod), config.epoch), execs: 0 };
    let t = simulate_with(pod, &[], &config, &mut b);
    // The trace is the one the default behavior gives, result for result.
    let plain = run_document(&loaded, RunOverrides::default()).unwrap().trace;
    assert_eq!(t, plain);
    assert_eq!((t.probes.len(), t.events.len()), (172_395, 403));
    assert!(t.probes.iter().all(|p| p.container == "app"));
    // Twice the exited process was probed before PLEG noticed the exit.
    let failed: Vec<(i64, &str)> =
        t.probes.iter().filter(|p| p.result == "failure").map(|p| (p.t.ms(), p.output.as_str())).collect();
    let gone = "cannot exec in a stopped state: unknown";
    assert_eq!(failed, [(50_780_065, gone), (54_035_065, gone)]);
    // 133 starts each change the world, so each of the two probe workers asks once per instance
    // (266), plus the two probes of a process that had exited: 268 calls, not 172,395.
    assert_eq!(b.execs, 268, "exec calls");
}

#[test]
fn an_exec_probe_that_sees_a_file_vanish_is_asked_again() {
    // The main process removes the file at 20 s: the cached success must not outlive the change.
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: gone}\nspec:\n  containers:\n  - name: app\n    \
                image: busybox:1.36\n    command: [sh, -c, \"touch /tmp/ok; sleep 20; rm /tmp/ok; sleep 600\"]\n    \
                readinessProbe:\n      exec: {command: [cat, /tmp/ok]}\n      periodSeconds: 1\n---\n\
                apiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {horizon: 60s}\n";
    let loaded = lifecycle::load(text);
    let t = run_document(&loaded, RunOverrides::default()).unwrap().trace;
    let first_failure = t.probes.iter().find(|p| p.result == "failure").map(|p| p.t.ms()).unwrap();
    let started = t.containers.iter().find(|c| c.state == "running").map(|c| c.t.ms()).unwrap();
    // The file goes 20 s after the process started, the next probe (≤ 1 s later) fails.
    assert!((started + 20_000..started + 22_000).contains(&first_failure), "{started} {first_failure}");
    assert_eq!(
        t.probes.last().map(|p| (p.result, p.output.as_str())),
        Some(("failure", "cat: can't open '/tmp/ok': No such file or directory"))
    );
}

#[test]
fn the_year_horizon_keeps_its_size() {
    let loaded = lifecycle::load(YEAR);
    let t = run_document(&loaded, RunOverrides::default()).unwrap().trace;
    assert_eq!(
        (t.events.len(), t.snapshots.len(), t.rows.len(), t.containers.len()),
        (EVENTS, SNAPSHOTS, ROWS, CONTAINERS)
    );
    // Every watch row printed, the last one the last recorded.
    let watch = t.render_watch();
    assert_eq!(watch.lines().count(), t.rows.len() + 1);
    let last = t.rows.last().unwrap();
    assert!(watch.lines().last().unwrap().contains(&last.status));
}

// Clamped to 3 days (`MAX_HORIZON_MS`); at 7 days these were 14,667, 5,511, 5,509 and 5,508.
const EVENTS: usize = 6_297;
const SNAPSHOTS: usize = 2_373;
const ROWS: usize = 2_371;
const CONTAINERS: usize = 2_370;

#[test]
fn the_tab_writer_joins_lines_written_in_pieces() {
    let mut whole = TabWriter::table();
    whole.write_str("NAME\tREADY\tSTATUS\nweb\t1/1\tRunning\nworker-long-name\t0/1\tCrashLoopBackOff\n");
    let mut pieces = TabWriter::table();
    for part in
        ["NAME\tRE", "ADY\tSTATUS\nweb", "\t1/1\tRunning\nworker-long-name\t0/1", "\tCrashLoopBackOff\n"]
    {
        pieces.write_str(part);
    }
    let expected = "NAME               READY   STATUS\nweb                1/1     Running\n\
                    worker-long-name   0/1     CrashLoopBackOff\n";
    assert_eq!(whole.finish(), expected);
    assert_eq!(pieces.finish(), expected);
    // A trailing partial line is printed without a newline; wide characters count once.
    let mut w = TabWriter::describe();
    w.write_str("探针:\tok\nName:\tx");
    assert_eq!(w.finish(), "探针:    ok\nName:  x");
}
