//! Termination messages as the kubelet reports them: terminationMessagePath's content (File), or the
//! log tail when the file is empty and the container failed (FallbackToLogsOnError).
#![allow(clippy::unwrap_used)]

use lifecycle::sim::{run_document, RunOverrides};

fn terminated_message(doc: &str, container: &str, at_ms: i64) -> Option<String> {
    let loaded = lifecycle::load(doc);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let run = run_document(&loaded, RunOverrides::default()).unwrap();
    let pod = run.trace.state_at(at_ms);
    let status = pod.status.unwrap();
    let cs = status.container_statuses.unwrap().into_iter().find(|c| c.name == container).unwrap();
    let term = cs.state.unwrap().terminated.unwrap_or_else(|| panic!("{container} not terminated"));
    term.message
}

fn pod(container_lines: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: tm}}\nspec:\n  restartPolicy: Never\n  containers:\n{container_lines}")
}

#[test]
fn file_policy_reports_the_file() {
    let doc = pod("  - name: a\n    image: busybox:1.36\n    command: [sh, -c, \"echo 'disk full' > /dev/termination-log; exit 3\"]\n");
    assert_eq!(terminated_message(&doc, "a", 30_000).as_deref(), Some("disk full\n"));
}

#[test]
fn a_custom_path_is_read_and_logs_are_not_used_with_file_policy() {
    let doc = pod("  - name: a\n    image: busybox:1.36\n    terminationMessagePath: /tmp/why\n    command: [sh, -c, \"echo noise; echo done > /tmp/why\"]\n");
    assert_eq!(terminated_message(&doc, "a", 30_000).as_deref(), Some("done\n"));
    let doc = pod("  - name: a\n    image: busybox:1.36\n    command: [sh, -c, \"echo noise; exit 1\"]\n");
    assert_eq!(terminated_message(&doc, "a", 30_000), None, "File policy never falls back to logs");
}

#[test]
fn fallback_to_logs_on_error_uses_the_log_tail_only_on_failure() {
    let failing = pod("  - name: a\n    image: busybox:1.36\n    terminationMessagePolicy: FallbackToLogsOnError\n    command: [sh, -c, \"echo starting; echo 'cannot connect to db'; exit 2\"]\n");
    assert_eq!(terminated_message(&failing, "a", 30_000).as_deref(), Some("starting\ncannot connect to db"));
    let ok = pod("  - name: a\n    image: busybox:1.36\n    terminationMessagePolicy: FallbackToLogsOnError\n    command: [sh, -c, \"echo all good\"]\n");
    assert_eq!(terminated_message(&ok, "a", 30_000), None, "exit 0: no fallback");
}

#[test]
fn fallback_keeps_the_last_80_lines() {
    let doc = pod("  - name: a\n    image: busybox:1.36\n    terminationMessagePolicy: FallbackToLogsOnError\n    command: [sh, -c, \"i=0; while [ $i -lt 100 ]; do i=$((i+1)); echo line$i; done; exit 1\"]\n");
    let msg = terminated_message(&doc, "a", 30_000).unwrap();
    let lines: Vec<&str> = msg.lines().collect();
    assert_eq!(lines.len(), 80);
    assert_eq!(lines[0], "line21");
    assert_eq!(lines[79], "line100");
}
