//! Hostile inputs, shared by the `hostile_inputs` test (which asserts their messages and bounded work)
//! and the `simulate` benchmark (which times them). Every case goes through the whole pipeline: load →
//! validate → run_document → kubectl rendering.
#![allow(dead_code)]

use lifecycle::sim::{run_document, RunOverrides, Trace};
use lifecycle::{Diagnostic, Severity};
use std::fmt::Write as _;

/// A named hostile input.
pub struct Case {
    /// Short name, for the benchmark table and failure messages.
    pub name: &'static str,
    /// The text a user would paste.
    pub text: String,
}

/// What the pipeline made of a text.
pub struct Outcome {
    /// Load, validation and run diagnostics, in that order.
    pub diagnostics: Vec<Diagnostic>,
    /// The trace, when the document ran.
    pub trace: Option<Trace>,
    /// Bytes of kubectl output rendered (describe at the horizon, watch, events).
    pub rendered: usize,
    /// The apiserver-style refusal (`The Pod "x" is invalid: …`) when validation failed.
    pub invalid: Option<String>,
}

impl Outcome {
    /// Every diagnostic as `LINE:COL: path: message`.
    pub fn messages(&self) -> Vec<String> {
        self.diagnostics.iter().map(ToString::to_string).collect()
    }

    /// The first diagnostic containing `needle` (panics with the full list when there is none).
    pub fn find(&self, needle: &str) -> &Diagnostic {
        self.diagnostics
            .iter()
            .find(|d| d.to_string().contains(needle))
            .unwrap_or_else(|| panic!("no diagnostic contains {needle:?}; got {:#?}", self.messages()))
    }

    /// The trace (panics with the diagnostics when the document did not run).
    pub fn trace(&self) -> &Trace {
        self.trace.as_ref().unwrap_or_else(|| panic!("did not run: {:#?}", self.messages()))
    }

    /// Events + probe results + snapshots + watch rows: the size of the work the run did.
    pub fn work(&self) -> usize {
        self.trace.as_ref().map_or(0, |t| t.events.len() + t.probes.len() + t.snapshots.len() + t.rows.len())
    }
}

/// Runs `text` through the whole pipeline the page and the CLI use.
pub fn pipeline(text: &str) -> Outcome {
    let loaded = lifecycle::load(text);
    let mut diagnostics = loaded.diagnostics.clone();
    diagnostics.extend(loaded.validation.iter().cloned());
    let invalid = loaded.validation.iter().any(|d| d.severity == Severity::Error).then(|| {
        let name = loaded.pod.as_ref().map(|p| p.name().to_string()).unwrap_or_default();
        lifecycle::validate::invalid_message("Pod", &name, &loaded.validation)
    });
    let mut rendered = 0;
    let mut trace = None;
    if let Some(run) = run_document(&loaded, RunOverrides::default()) {
        diagnostics.extend(run.notices);
        let t = run.trace;
        rendered += t.describe_at(t.horizon_ms).len();
        rendered += t.describe_at(t.horizon_ms / 2).len();
        rendered += t.render_watch().len();
        rendered += t.render_events().len();
        trace = Some(t);
    }
    Outcome { diagnostics, trace, rendered, invalid }
}

/// A one-container Pod running `script` (YAML-escaped into a double-quoted scalar).
pub fn pod_with_script(name: &str, script: &str) -> String {
    let quoted = script.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n  - name: app\n    \
         image: busybox:1.36\n    command: [sh, -c, \"{quoted}\"]\n"
    )
}

const HEADER: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: hostile\n";

/// `depth` nested flow sequences as the value of `spec`.
pub fn flow_nesting(depth: usize) -> String {
    format!("{HEADER}spec: {}{}\n", "[".repeat(depth), "]".repeat(depth))
}

/// `depth` nested block sequences (`- - - … x`) as the value of `spec`.
pub fn block_seq_nesting(depth: usize) -> String {
    format!("{HEADER}spec:\n  {}x\n", "- ".repeat(depth))
}

/// `depth` nested block mappings, one level of indentation each, under `spec`.
pub fn block_map_nesting(depth: usize) -> String {
    let mut s = format!("{HEADER}spec:\n");
    for i in 0..depth {
        let _ = writeln!(s, "{}k{i}:", " ".repeat(i + 1));
    }
    s
}

/// A valid Pod followed by comment lines up to `bytes`.
pub fn padded(bytes: usize) -> String {
    let mut s = pod_with_script("big", "sleep 5");
    let line = format!("# {}\n", "x".repeat(77));
    while s.len() + line.len() <= bytes {
        s.push_str(&line);
    }
    s
}

/// A Pod with `n` containers (`c0`…), each sleeping a little longer than the one before.
pub fn many_containers(n: usize) -> String {
    let mut s = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: wide}\nspec:\n  containers:\n");
    for i in 0..n {
        let _ = writeln!(
            s,
            "  - {{name: c{i}, image: busybox:1.36, command: [sh, -c, \"sleep {}; exit 1\"]}}",
            10 + i
        );
    }
    s.push_str("---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {horizon: 10m, node: {images: [busybox:1.36]}}\n");
    s
}

/// `echo $(echo $(echo … )) ` nested `depth` times.
pub fn nested_substitutions(depth: usize) -> String {
    let script = format!("echo {}hi{}; sleep 60", "$(echo ".repeat(depth), ")".repeat(depth));
    pod_with_script("nested", &script)
}

/// A Scenario with `n` exec actions, one every 10 s, against a long-running container.
pub fn many_actions(n: usize) -> String {
    let mut s = pod_with_script("actions", "sleep 1000000");
    s.push_str("---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  horizon: 72h\n  actions:\n");
    for i in 0..n {
        let _ = writeln!(
            s,
            "  - {{at: {}s, exec: {{command: [sh, -c, \"echo {i} >> /tmp/log\"]}}}}",
            (i + 1) * 10
        );
    }
    s
}

/// A Pod whose annotation value is one line of `bytes` characters.
pub fn long_annotation(bytes: usize) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: long\n  annotations:\n    note: {}\nspec:\n  containers:\n  - \
         name: app\n    image: busybox:1.36\n",
        "x".repeat(bytes)
    )
}

/// A Pod whose container name is one line of `bytes` characters (invalid: names are DNS labels).
pub fn long_name(bytes: usize) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: long}}\nspec:\n  containers:\n  - name: {}\n    image: busybox:1.36\n",
        "a".repeat(bytes)
    )
}

/// A script that is one line of `n` `echo` commands.
pub fn long_script(n: usize) -> String {
    pod_with_script("long-script", &format!("{}sleep 60", "echo hello; ".repeat(n)))
}

/// `n` lines of 100 bytes piped into a `while read` loop that counts them; the script then sleeps 5 s
/// and exits 3 when every line was read (4 otherwise). `restartPolicy: Never`: it runs once.
pub fn piped_lines(n: usize) -> String {
    let lines: Vec<String> = (0..n).map(|i| format!("line {i:05} {}", "x".repeat(88))).collect();
    let script = format!(
        "echo \"{}\" | {{ i=0; while read l; do i=$((i+1)); done; [ $i -eq {n} ]; }}; s=$?; sleep 5; exit $((s + 3))",
        lines.join("\n")
    );
    // The line breaks are written `\n` inside the double-quoted YAML scalar.
    let quoted = script.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: piped}}\nspec:\n  restartPolicy: Never\n  containers:\n  \
         - name: app\n    image: busybox:1.36\n    command: [sh, -c, \"{quoted}\"]\n"
    )
}

/// A 1.5 MB annotation anchored and aliased `n` times as container args: few nodes, gigabytes of
/// text once expanded.
pub fn aliased_text(n: usize) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: alias\n  annotations:\n    a: &x \"{}\"\nspec:\n  containers:\n  \
         - name: app\n    image: busybox:1.36\n    args: [{}]\n",
        "x".repeat(1_500_000),
        vec!["*x"; n].join(", ")
    )
}

/// Every hostile case, in the benchmark's order.
pub fn all() -> Vec<Case> {
    let fixture = |name, text: &str| Case { name, text: text.to_string() };
    vec![
        fixture(
            "billion laughs (9^9 aliases)",
            include_str!("../../../../tests/fixtures/hostile/billion-laughs.yaml"),
        ),
        Case { name: "flow nesting [[[…]]] 20k deep", text: flow_nesting(20_000) },
        Case { name: "block nesting - - - … 20k deep", text: block_seq_nesting(20_000) },
        Case { name: "block mapping nesting 1.4k deep", text: block_map_nesting(1_400) },
        Case { name: "10 MB document", text: padded(10 * 1024 * 1024) },
        Case { name: "1.9 MB document (under the limit)", text: padded(1_900_000) },
        Case { name: "tab indentation", text: format!("{HEADER}spec:\n\tcontainers: []\n") },
        Case { name: "NUL character", text: format!("{HEADER}spec:\n  containers:\n  - name: a\u{0}b\n") },
        Case { name: "ESC character", text: format!("{HEADER}  labels: {{a: \"\u{1b}[31m\"}}\n") },
        Case { name: "U+FFFE noncharacter", text: format!("{HEADER}spec: \u{FFFE}\n") },
        fixture(
            "huge and negative numbers",
            include_str!("../../../../tests/fixtures/hostile/huge-numbers.yaml"),
        ),
        fixture(
            "activeDeadlineSeconds: 1",
            include_str!("../../../../tests/fixtures/hostile/active-deadline-1s.yaml"),
        ),
        Case { name: "1000 containers", text: many_containers(1000) },
        fixture(
            "while true; do :; done",
            include_str!("../../../../tests/fixtures/hostile/shell-busy-loop.yaml"),
        ),
        fixture("f(){ f; }; f", include_str!("../../../../tests/fixtures/hostile/shell-recursion.yaml")),
        fixture(":(){ :|:& };:", include_str!("../../../../tests/fixtures/hostile/shell-fork-bomb.yaml")),
        fixture(
            "busy-loop exec probes, 1 s, 1 h",
            include_str!("../../../../tests/fixtures/hostile/probe-busy-loop.yaml"),
        ),
        Case { name: "$( $( … ) ) 20k deep", text: nested_substitutions(20_000) },
        Case { name: "$( $( … ) ) 40 deep", text: nested_substitutions(40) },
        fixture("horizon: 8760h", include_str!("../../../../tests/fixtures/hostile/year-horizon.yaml")),
        Case { name: "10k Scenario actions", text: many_actions(10_000) },
        Case { name: "1.9 MB single-line annotation", text: long_annotation(1_900_000) },
        Case { name: "1.9 MB single-line container name", text: long_name(1_900_000) },
        Case { name: "150k-command single-line script", text: long_script(150_000) },
        Case { name: "5k lines piped into while read", text: piped_lines(5_000) },
        Case { name: "100k aliases of a 1.5 MB string", text: aliased_text(100_000) },
        Case {
            name: "${a:-${a:-…}} 50k deep",
            text: pod_with_script("braces", &format!("echo {}x{}; sleep 60", "${a:-".repeat(50_000), "}".repeat(50_000))),
        },
        Case {
            name: "$((- - - … 1)) 100k deep",
            text: pod_with_script("minus", &format!("echo $(({}1)); sleep 60", "- ".repeat(100_000))),
        },
        Case {
            name: "$(((((…1)))))) 100k deep",
            text: pod_with_script("parens", &format!("echo $(({}1{})); sleep 60", "(".repeat(100_000), ")".repeat(100_000))),
        },
        Case { name: "x=$x$x doubling", text: pod_with_script("grow", "x=a; while true; do x=$x$x; done") },
        Case {
            name: "file doubling every second",
            text: pod_with_script(
                "grow",
                "echo hello > /tmp/f; while true; do cat /tmp/f /tmp/f > /tmp/g; cat /tmp/g > /tmp/f; sleep 1; done",
            ),
        },
        Case {
            name: "tee -a of a file into itself",
            text: pod_with_script(
                "grow",
                "echo hello > /tmp/f; while true; do cat /tmp/f | tee -a /tmp/f > /dev/null; sleep 1; done",
            ),
        },
        Case {
            name: "$(…) output doubling",
            text: pod_with_script("grow", "x=a; while true; do x=$(echo $x$x$x); sleep 1; done"),
        },
    ]
}
