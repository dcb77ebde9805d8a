//! Hostile inputs through the whole pipeline (load → validate → run_document → kubectl rendering):
//! each gives a clear message naming the limit and the place, and never panics, hangs or blows up.
//!
//! The budget (each case ≤ 100 ms natively in release) is measured by the `simulate` benchmark's
//! "hostile" section; these tests assert the bounded *work* instead of timing it.
#![allow(clippy::unwrap_used)]

mod hostile_cases;

use hostile_cases::{pipeline, Outcome};
use lifecycle::sim::config::{MAX_EVENTS, MAX_HORIZON_MS};
use lifecycle::validate::{MAX_CONTAINERS, MAX_MESSAGE_CHARS};
use lifecycle::yaml::{MAX_DEPTH, MAX_INPUT_BYTES, MAX_NODES, MAX_TEXT_BYTES};
use lifecycle::Pos;

fn case(name: &str) -> Outcome {
    let c = hostile_cases::all().into_iter().find(|c| c.name == name).unwrap();
    pipeline(&c.text)
}

fn pos(line: u32, col: u32) -> Option<Pos> {
    Some(Pos { line, col })
}

/// Refused before simulating: no trace, nothing rendered.
fn refused(out: &Outcome) {
    assert!(out.trace.is_none(), "should not run: {:#?}", out.messages());
    assert_eq!(out.work(), 0);
}

#[test]
fn billion_laughs_stops_at_the_node_limit() {
    let out = case("billion laughs (9^9 aliases)");
    let d = out.find("document too large after alias expansion (limit 200000 nodes)");
    assert_eq!(MAX_NODES, 200_000);
    // Where the expansion crossed the limit: inside the alias lines, not at 1:1.
    assert!(d.pos.unwrap().line >= 9, "{d}");
    refused(&out);
}

#[test]
fn aliases_of_a_long_string_stop_at_the_text_limit() {
    assert_eq!(MAX_TEXT_BYTES, 3 * 1024 * 1024);
    let out = case("100k aliases of a 1.5 MB string");
    let d = out.find(
        "document too large after alias expansion (limit 3145728 bytes of text, the most the apiserver accepts in one request)",
    );
    // The anchor and one alias fit (3.0 MB); the second alias, at column 16, crosses the limit.
    assert_eq!(d.pos, pos(11, 16));
    refused(&out);
}

#[test]
fn deep_nesting_stops_at_the_depth_limit_where_it_is_crossed() {
    assert_eq!(MAX_DEPTH, 100);
    let flow = case("flow nesting [[[…]]] 20k deep");
    // `spec: ` starts at column 1 of line 5; the 101st `[` is at column 7 + 99.
    assert_eq!(flow.find("document nested too deeply (limit 100 levels)").pos, pos(5, 106));
    refused(&flow);
    let block = case("block nesting - - - … 20k deep");
    assert_eq!(block.find("document nested too deeply (limit 100 levels)").pos, pos(6, 201));
    refused(&block);
    let map = case("block mapping nesting 1.4k deep");
    assert_eq!(map.find("document nested too deeply (limit 100 levels)").pos, pos(105, 101));
    refused(&map);
}

#[test]
fn oversized_documents_are_refused_before_parsing() {
    assert_eq!(MAX_INPUT_BYTES, 2 * 1024 * 1024);
    let out = case("10 MB document");
    let d = out.find("document is too large: ");
    assert!(d.message.ends_with("bytes (limit 2097152 bytes, 2 MiB)"), "{d}");
    assert_eq!(d.pos, pos(1, 1));
    refused(&out);
    // Just under the limit, the same kind of text runs.
    let ok = case("1.9 MB document (under the limit)");
    assert!(ok.messages().is_empty(), "{:#?}", ok.messages());
    assert!(ok.trace().events.len() < 100);
}

#[test]
fn tabs_and_control_characters_are_named_with_their_place() {
    let tabs = case("tab indentation");
    let d = tabs.find("(YAML forbids tabs for indentation; use spaces)");
    assert_eq!(d.pos, pos(6, 1));
    refused(&tabs);
    for (name, found, at) in [
        ("NUL character", "U+0000", pos(7, 12)),
        ("ESC character", "U+001B", pos(5, 16)),
        ("U+FFFE noncharacter", "U+FFFE", pos(5, 7)),
    ] {
        let out = case(name);
        let d = out.find(&format!("yaml: control characters are not allowed (found {found})"));
        assert_eq!(d.pos, at, "{name}");
        refused(&out);
    }
}

#[test]
fn numbers_beyond_int32_fields_are_decoding_errors() {
    // periodSeconds and timeoutSeconds are int32 in the API: the apiserver fails to decode the body
    // and never validates it, so the huge activeDeadlineSeconds (int64) is not reported.
    let out = case("huge and negative numbers");
    assert_eq!(
        out.messages(),
        [
            "14:22: json: cannot unmarshal number 1000000000000000000 into Go struct field Probe.spec.containers.livenessProbe.periodSeconds of type int32",
            "16:23: json: cannot unmarshal number 9223372036854775807 into Go struct field Probe.spec.containers.livenessProbe.timeoutSeconds of type int32",
        ]
    );
    assert_eq!(out.invalid, None);
    refused(&out);
}

#[test]
fn huge_and_negative_numbers_are_validation_errors() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: numbers}\nspec:\n  activeDeadlineSeconds: 9223372036854775807\n  \
                containers:\n  - name: app\n    image: busybox:1.36\n    livenessProbe:\n      exec: {command: [cat, /etc/hostname]}\n      \
                initialDelaySeconds: -5\n";
    let out = pipeline(text);
    let msgs = out.messages();
    for want in [
        "spec.activeDeadlineSeconds: Invalid value: 9223372036854775807: must be between 1 and 2147483647, inclusive",
        "spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0",
    ] {
        assert!(msgs.iter().any(|m| m.contains(want)), "missing {want:?} in {msgs:#?}");
    }
    assert!(out.invalid.as_deref().unwrap().starts_with("The Pod \"numbers\" is invalid: ["));
    refused(&out);
}

#[test]
fn edge_numbers_that_are_valid_run_and_stay_bounded() {
    // terminationGracePeriodSeconds: 99999999999 (int64), periodSeconds: 2147483647 (the int32 maximum)
    // and a 1 s deadline are accepted by the apiserver; the run is short and its times stay in range.
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: edges}\nspec:\n  terminationGracePeriodSeconds: \
                99999999999\n  activeDeadlineSeconds: 1\n  containers:\n  - name: app\n    image: busybox:1.36\n    \
                command: [sh, -c, \"sleep 1e18\"]\n    readinessProbe:\n      exec: {command: [cat, /etc/hostname]}\n      \
                periodSeconds: 2147483647\n";
    let out = pipeline(text);
    let t = out.trace();
    assert!(t.events.len() < 50, "{}", t.events.len());
    assert!(t.events.iter().any(|e| e.reason == "DeadlineExceeded"), "{}", t.render_events());
    assert!(t.events.iter().all(|e| (0..=t.horizon_ms).contains(&e.t.ms())));
}

#[test]
fn a_one_second_deadline_fails_the_pod_at_once() {
    let out = case("activeDeadlineSeconds: 1");
    let t = out.trace();
    let d = t.events.iter().find(|e| e.reason == "DeadlineExceeded").unwrap();
    assert!(d.t.ms() <= 2_000, "{}", d.t.ms());
    let d = t.describe_at(t.horizon_ms);
    assert!(d.lines().any(|l| l.starts_with("Status:") && l.ends_with(" Failed")), "{d}");
    assert!(d.contains("Reason:       DeadlineExceeded"), "{d}");
}

#[test]
fn too_many_containers_are_refused_with_the_limit() {
    assert_eq!(MAX_CONTAINERS, 32);
    let out = case("1000 containers");
    let d = out.find(
        "spec.containers: Too many: 1000: podlife simulates at most 32 containers per Pod (init and regular containers together)",
    );
    assert_eq!(d.pos, pos(5, 3));
    assert_eq!(
        d.phrase,
        Some(lifecycle::Phrase::new(lifecycle::Key::TooManyContainers, ["Too many: 1000", "32"]))
    );
    refused(&out);
    // At the limit the Pod runs.
    let at_limit = pipeline(&hostile_cases::many_containers(MAX_CONTAINERS));
    assert!(at_limit.trace().events.len() < MAX_EVENTS);
}

#[test]
fn busy_loops_recursion_and_fork_bombs_are_modelled_as_running_forever() {
    let busy = case("while true; do :; done");
    let t = busy.trace();
    assert!(t
        .notes
        .iter()
        .any(|n| n.contains("busy loop: the script runs without ever sleeping (step budget exhausted)")));
    assert!(t.describe_at(t.horizon_ms).contains("State:          Running"));

    let rec = case("f(){ f; }; f");
    let t = rec.trace();
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("runaway recursion or an overlong script (more than 5000 pending commands)")),
        "{:?}",
        t.notes
    );
    assert!(t.describe_at(t.horizon_ms).contains("State:          Running"));

    let bomb = case(":(){ :|:& };:");
    let t = bomb.trace();
    assert!(!t.truncated);
    assert!(t.events.len() < 100, "{}", t.events.len());
}

#[test]
fn busy_looping_exec_probes_run_once_per_container_start() {
    let out = case("busy-loop exec probes, 1 s, 1 h");
    let t = out.trace();
    assert!(
        t.notes
            .iter()
            .any(|n| n
                .contains("never finishes (busy loop: step budget exhausted); later runs of it are assumed")),
        "{:?}",
        t.notes
    );
    // Two probes a second for an hour, each a timeout.
    assert!(t.probes.len() >= 7_000 && t.events.len() < MAX_EVENTS, "{} {}", t.probes.len(), t.events.len());
    assert!(t.probes.iter().all(|p| p.result == "failure"));
    assert!(!t.truncated);
}

#[test]
fn deeply_nested_command_substitutions_are_a_shell_syntax_error() {
    let out = case("$( $( … ) ) 20k deep");
    let t = out.trace();
    // The container's shell refuses the script and exits 2, like sh with a syntax error.
    let d = t.describe_at(t.horizon_ms);
    assert!(d.contains("Exit Code:    2"), "{d}");
    assert!(t.events.len() < 100);
    // Within the limit, the substitutions run.
    let ok = case("$( $( … ) ) 40 deep");
    let d = ok.trace().describe_at(30_000);
    assert!(d.contains("State:          Running"), "{d}");
}

#[test]
fn deeply_nested_parameter_defaults_and_arithmetic_stay_bounded() {
    // `${a:-${a:-…}}` past the nesting limit: a syntax error, exit 2, as for `$( $( … ) )`.
    let braces = case("${a:-${a:-…}} 50k deep");
    let d = braces.trace().describe_at(braces.trace().horizon_ms);
    assert!(d.contains("Exit Code:    2"), "{d}");
    // Arithmetic nested past the evaluator's depth runs (the deep operand counts as 0).
    for name in ["$((- - - … 1)) 100k deep", "$(((((…1)))))) 100k deep"] {
        let out = case(name);
        let t = out.trace();
        assert!(t.describe_at(30_000).contains("State:          Running"), "{name}");
        assert!(t.events.len() < 100, "{name}");
    }
}

#[test]
fn a_year_long_horizon_is_clamped_with_a_warning_at_its_line() {
    assert_eq!(MAX_HORIZON_MS, 3 * 24 * 3_600_000);
    let out = case("horizon: 8760h");
    let d = out.find("spec.horizon: horizon 8760h0m0s is longer than podlife simulates: clamped to 72h0m0s (72h, the limit)");
    assert_eq!(d.pos, pos(14, 3));
    let t = out.trace();
    assert_eq!(t.horizon_ms, MAX_HORIZON_MS);
    assert!(t.events.iter().all(|e| e.t.ms() <= MAX_HORIZON_MS));
}

#[test]
fn ten_thousand_scenario_actions_stop_at_the_action_limit() {
    let out = case("10k Scenario actions");
    // One warning, at the first action dropped (the 1001st: one line each, the first on line 15).
    assert_eq!(
        out.messages(),
        ["1015:5: spec.actions: Too many: 10000: podlife runs at most 1000 Scenario actions; the ones after the first 1000 are ignored"]
    );
    assert_eq!(out.find("Too many: 10000").pos, Some(Pos { line: 1015, col: 5 }));
    let t = out.trace();
    assert!(!t.truncated);
    assert!(t.events.len() < 100);
    let loaded = lifecycle::load(&hostile_cases::many_actions(10_000));
    let scenario = loaded.scenario.expect("the Scenario loads");
    assert_eq!(scenario.actions.len(), lifecycle::scenario::MAX_ACTIONS);
    assert_eq!(scenario.actions.last().map(|a| a.at_ms), Some(10_000_000));
    // At the limit nothing is said.
    let loaded = lifecycle::load(&hostile_cases::many_actions(1_000));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
}

#[test]
fn a_long_input_piped_into_a_read_loop_is_read_line_by_line() {
    let out = case("5k lines piped into while read");
    let t = out.trace();
    assert!(t.notes.is_empty(), "{:?}", t.notes);
    // Every line counted (exit 3, not 4), within one activation, then 5 s of sleep.
    let d = t.describe_at(30_000);
    assert!(d.contains("Exit Code:    3"), "{d}");
    assert!(d.contains("Started:      Thu, 01 Jan 2026 00:00:03 +0000"), "{d}");
    assert!(d.contains("Finished:     Thu, 01 Jan 2026 00:00:08 +0000"), "{d}");
}

#[test]
fn data_that_doubles_without_end_stops_at_the_value_limit() {
    for name in [
        "x=$x$x doubling",
        "file doubling every second",
        "tee -a of a file into itself",
        "$(…) output doubling",
    ] {
        let out = case(name);
        let t = out.trace();
        assert!(
            t.notes.iter().any(|n| n.contains(
                "runaway data: the script built a value larger than 4194304 bytes (a real container would run out of memory): modelled as running forever"
            )),
            "{name}: {:?}",
            t.notes
        );
        assert!(t.describe_at(t.horizon_ms).contains("State:          Running"), "{name}");
        assert!(t.events.len() < 100, "{name}: {}", t.events.len());
    }
}

#[test]
fn very_long_lines_are_accepted_or_quoted_back_shortened() {
    let ann = case("1.9 MB single-line annotation");
    assert!(ann.messages().is_empty(), "{:#?}", ann.messages());
    assert!(ann.trace().events.len() < 100);

    let name = case("1.9 MB single-line container name");
    let d = name.find("spec.containers[0].name: Invalid value: \"aaaa");
    assert_eq!(d.pos, pos(6, 5));
    assert!(d.message.contains("characters omitted)…"), "{}", &d.message[..200]);
    for d in &name.diagnostics {
        assert!(d.message.chars().count() <= MAX_MESSAGE_CHARS + 40, "{}", d.message.len());
    }
    assert!(name.invalid.as_ref().unwrap().len() < 8 * MAX_MESSAGE_CHARS);
    refused(&name);

    let script = case("150k-command single-line script");
    let t = script.trace();
    assert!(t.notes.iter().any(|n| n.contains("overlong script")), "{:?}", t.notes);
}

/// The benchmark-style fence: every case does bounded work (events, probes, snapshots, rows) and
/// renders bounded output, whatever the input size.
#[test]
fn every_hostile_case_does_bounded_work() {
    // The slowest cases have their own tests; a debug build skips them here to keep `cargo test` quick.
    let heavy = ["horizon: 8760h", "10k Scenario actions", "150k-command single-line script"];
    for c in hostile_cases::all() {
        if cfg!(debug_assertions) && heavy.contains(&c.name) {
            continue;
        }
        let out = pipeline(&c.text);
        assert!(out.work() <= 400_000, "{}: work {}", c.name, out.work());
        assert!(out.rendered <= 32 * 1024 * 1024, "{}: rendered {} bytes", c.name, out.rendered);
        for d in &out.diagnostics {
            assert!(
                d.message.chars().count() <= MAX_MESSAGE_CHARS + 40,
                "{}: {} chars",
                c.name,
                d.message.len()
            );
        }
        if let Some(t) = &out.trace {
            assert!(t.events.len() <= MAX_EVENTS, "{}", c.name);
            assert!(t.horizon_ms <= MAX_HORIZON_MS, "{}", c.name);
        }
    }
}
