//! The `podlife` binary end to end: exit codes, stdin, and output identical to the core's goldens.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn podlife(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podlife"))
        .args(args)
        .current_dir(workspace())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

const VALID: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n";

#[test]
fn check_valid_exits_0_and_names_the_containers() {
    let o = podlife(&["check", "-"], Some(VALID));
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(stdout(&o), "-: pod \"web\" is valid (containers: nginx)\n");
}

#[test]
fn check_invalid_exits_1_with_file_line_col() {
    let o = podlife(&["check", "-"], Some("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n"));
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    let mut parts = first.splitn(4, ':');
    assert_eq!(parts.next(), Some("-"));
    let line: u32 = parts.next().unwrap().parse().unwrap();
    let col: u32 = parts.next().unwrap().parse().unwrap();
    assert!(line >= 4 && col >= 1, "{first}");
}

#[test]
fn unreadable_input_exits_2() {
    let o = podlife(&["check", "no/such/file.yaml"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/file.yaml"));
    let o = podlife(&["get"], None);
    assert_eq!(o.status.code(), Some(2), "missing FILE is a usage error");
    let o = podlife(&["frobnicate", "x"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn non_utf8_input_is_reported_not_panicked() {
    let dir = std::env::temp_dir().join(format!("podlife-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.yaml");
    std::fs::write(&f, b"apiVersion: v1\n\xff\xfe\n").unwrap();
    let o = podlife(&["check", f.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not UTF-8 text (invalid byte at offset 15)"));
}

/// `podlife get/describe` print exactly what the core's golden files hold for the same pod and time.
#[test]
fn get_and_describe_match_the_core_goldens() {
    let dir = workspace().join("tests/fixtures/kubectl");
    for name in ["crashloop", "init-waiting", "sidecar-running"] {
        let pod = dir.join(format!("{name}.yaml"));
        let text = std::fs::read_to_string(&pod).unwrap();
        let now = text
            .lines()
            .find_map(|l| l.strip_prefix("# now: "))
            .unwrap_or("2026-10-06T11:40:00Z")
            .trim()
            .to_string();
        let pod = pod.to_str().unwrap();
        let get = podlife(&["get", pod, "--now", &now], None);
        assert_eq!(get.status.code(), Some(0), "{get:?}");
        let want = std::fs::read_to_string(dir.join(format!("{name}.get.txt"))).unwrap();
        assert_eq!(stdout(&get), want, "{name} get");
        let wide = podlife(&["get", pod, "--now", &now, "-o", "wide"], None);
        let want = std::fs::read_to_string(dir.join(format!("{name}.wide.txt"))).unwrap();
        assert_eq!(stdout(&wide), want, "{name} get -o wide");
    }
}

const SEED_LIVENESS: &str = "web/examples/pod-live-exec.yaml";

/// The seed notes' exec-liveness pod: probe fails after the file is removed at 60 s, the kubelet kills
/// the shell (which ignores SIGTERM, so it dies by SIGKILL: 137) and restarts it.
#[test]
fn run_the_seed_liveness_pod() {
    let o = podlife(&["run", SEED_LIVENESS, "--until", "4m", "--output", "events"], None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let out = stdout(&o);
    assert!(out.contains("Container container-live-exec failed liveness probe, will be restarted"), "{out}");
    assert_eq!(out.matches("Liveness probe failed: ").count() % 3, 0, "kills come after 3 failures: {out}");

    let d = podlife(&["describe", SEED_LIVENESS, "--at", "110s"], None);
    let text = stdout(&d);
    assert!(
        text.contains("    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137\n"),
        "{text}"
    );
    assert!(text.contains("    Restart Count:  1\n"), "{text}");

    let g = podlife(&["get", SEED_LIVENESS, "--at", "30s"], None);
    assert_eq!(stdout(&g), "NAME            READY   STATUS    RESTARTS   AGE\npod-live-exec   1/1     Running   0          30s\n");
}

#[test]
fn run_json_is_the_documented_contract_and_seeded() {
    let a = stdout(&podlife(&["run", SEED_LIVENESS, "--output", "json", "--seed", "7"], None));
    let b = stdout(&podlife(&["run", SEED_LIVENESS, "--output", "json", "--seed", "7"], None));
    assert_eq!(a, b, "same seed, same trace");
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["pod"], "pod-live-exec");
    assert_eq!(v["horizon"], 600.0);
    assert_eq!(v["truncated"], false);
    for key in ["events", "phases", "conditions", "containers", "probes", "rows"] {
        assert!(v[key].as_array().is_some_and(|a| !a.is_empty()), "{key} missing or empty");
    }
    let first = &v["events"][0];
    assert_eq!(first["reason"], "Scheduled");
    assert_eq!(first["from"], "default-scheduler");
    assert_eq!(first["object"], serde_json::Value::Null);
    assert_eq!(first["message"], "Successfully assigned default/pod-live-exec to node-1");
}

#[test]
fn run_rejects_bad_flags_and_invalid_pods() {
    assert_eq!(podlife(&["run", SEED_LIVENESS, "--until", "soon"], None).status.code(), Some(2));
    assert_eq!(podlife(&["run", SEED_LIVENESS, "--output", "yaml"], None).status.code(), Some(2));
    let o = podlife(
        &["run", "-"],
        Some("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: []}\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("spec.containers: Required value"));
}

/// A readiness failure takes the pod out of its Service's endpoints after failureThreshold × period,
/// and one success puts it back.
#[test]
fn run_endpoints_follow_readiness() {
    let o = podlife(&["run", "tests/fixtures/cli/readiness-endpoints.yaml", "--output", "endpoints"], None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let rows: Vec<Vec<String>> =
        stdout(&o).lines().skip(1).map(|l| l.split_whitespace().map(str::to_string).collect()).collect();
    let ready_at = |t: &str| rows.iter().find(|r| r[0] == t).map(|r| r[2].clone());
    // index.html removed at 30 s; probes every 2 s fail at ~30, 32, 34 s: out at the third failure.
    let out = rows.iter().find(|r| r[2] == "<none>" && r[3] != "<none>" && r[0] != "0.89s").unwrap();
    let t: f64 = out[0].trim_end_matches('s').parse().unwrap();
    assert!((34.0..36.0).contains(&t), "left the endpoints at {t}s: {rows:?}");
    // Restored at 60 s: back on the first success (successThreshold 1), within one period.
    let back = rows.iter().rev().find(|r| r[2] != "<none>").unwrap();
    let t: f64 = back[0].trim_end_matches('s').parse().unwrap();
    assert!((60.0..62.0).contains(&t), "back at {t}s: {rows:?}");
    assert!(ready_at("0.0s").is_some(), "the Service exists from the start: {rows:?}");
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn check_prints_simulation_warnings_without_changing_the_exit_code() {
    let o = podlife(&["check", "web/examples/crashloop.yaml"], None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        stdout(&o),
        "web/examples/crashloop.yaml:11:5: warning: spec.containers[0].command: the command of app exits (code 1 at 4.761s) but restartPolicy is Always: it restarts in CrashLoopBackOff, and the back-off reaches its 5-minute cap at about 322.761s\n\
         web/examples/crashloop.yaml: pod \"crash\" is valid (containers: app)\n"
    );
    // --until shortens the run the warnings come from: the cap is then a forecast.
    let o = podlife(&["check", "web/examples/crashloop.yaml", "--until", "1m"], None);
    assert!(stdout(&o).contains("cap at about 329.227s"), "{}", stdout(&o));
}

#[test]
fn run_explain_prints_each_item_with_why_spec_lines_and_docs() {
    let o = podlife(&["run", "tests/fixtures/insight/liveness-rm.yaml", "--explain"], None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let out = stdout(&o);
    let kill = concat!(
        "40.084s event Normal Killing spec.containers{liveness}: Container liveness failed liveness probe, will be restarted\n",
        "  why: killed at 40.084s: liveness probe failed 3 times (failureThreshold 3 × periodSeconds 5) after `rm -f /tmp/healthy` ran at 30.0s\n",
        "  spec: spec.containers[0].livenessProbe.failureThreshold (line 12), spec.containers[0].livenessProbe.periodSeconds (line 16), spec.containers[0].livenessProbe (line 12)\n",
        "  docs: https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/\n",
    );
    assert!(out.contains(kill), "{out}");
    assert!(out.starts_with("0.0s phase Pending\n  why: Pending: "), "{out}");
    assert_eq!(out.matches("\n  why: ").count(), out.matches("  docs: https://kubernetes.io/").count());
}

#[test]
fn run_summary_and_expectations() {
    let o = podlife(
        &["run", "web/examples/crashloop.yaml", "--output", "summary", "--expect", "ready<=60s"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        stdout(&o),
        "pod: crash\nhorizon: 600.0s\nscheduled: 0.008s\ninitialized: 0.029s\nready: 3.761s\nnot-ready: 593.0s\n\
         restarts: 6\nrestarts[app]: 6\nbackoff-cap: 322.761s\nphase: Running\nstatus: CrashLoopBackOff\n\
         ended: never\ndeleted: never\n"
    );
    let o = podlife(
        &[
            "run",
            "web/examples/crashloop.yaml",
            "--expect",
            "restarts==0",
            "--expect",
            "ready<=60s",
            "--expect",
            "phase==Succeeded",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(
        stderr(&o),
        "web/examples/crashloop.yaml: expectation restarts==0 failed: restarts is 6\n\
         web/examples/crashloop.yaml: expectation phase==Succeeded failed: phase is Running\n"
    );
    let o = podlife(&["run", "web/examples/crashloop.yaml", "--expect", "ready"], None);
    assert_eq!(o.status.code(), Some(2), "a malformed expectation is a usage error");
    let o = podlife(&["run", "web/examples/crashloop.yaml", "--expect", "readiness<1m"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o)
        .contains("readiness<1m: no such figure (figures: horizon, scheduled, initialized, ready, "));
}

#[test]
fn run_script_and_transcript_match_the_core_goldens() {
    for (out, ext) in [("script", "script.sh"), ("transcript", "transcript.txt")] {
        let o = podlife(&["run", "web/examples/prestop-grace.yaml", "--output", out], None);
        assert_eq!(o.status.code(), Some(0), "{o:?}");
        let want =
            std::fs::read_to_string(workspace().join(format!("tests/fixtures/insight/prestop-grace.{ext}")))
                .unwrap();
        assert_eq!(stdout(&o), want);
    }
}

#[test]
fn compare_prints_both_figure_sets_and_the_changes() {
    let o =
        podlife(&["compare", "web/examples/crashloop.yaml", "tests/fixtures/insight/liveness-rm.yaml"], None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let out = stdout(&o);
    assert!(out.starts_with("A: web/examples/crashloop.yaml (pod crash)\nB: tests/fixtures/insight/liveness-rm.yaml (pod liveness-exec)\nFIGURE "), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let restarts = lines.iter().find(|l| l.starts_with("restarts ")).unwrap();
    assert_eq!(restarts.split_whitespace().collect::<Vec<_>>(), ["restarts", "6", "1", "-5"]);
    let ready = lines.iter().find(|l| l.starts_with("ready ")).unwrap();
    assert_eq!(ready.split_whitespace().collect::<Vec<_>>(), ["ready", "3.761s", "1.761s", "-2.0s"]);
    let phase = lines.iter().find(|l| l.starts_with("phase ")).unwrap();
    assert_eq!(phase.split_whitespace().collect::<Vec<_>>(), ["phase", "Running", "Running"]);
    assert_eq!(lines.last(), Some(&"8 of 13 figures differ"));
    let o = podlife(&["compare", "web/examples/crashloop.yaml"], None);
    assert_eq!(o.status.code(), Some(2), "compare needs two files");
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::Read;
    // `podlife run … --explain | head -1`: the pipe closes after the first bytes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_podlife"))
        .args(["run", "-", "--until", "24h", "--explain"])
        .current_dir(workspace())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let text = include_str!("../../../tests/fixtures/bench/churn-24h.yaml");
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
