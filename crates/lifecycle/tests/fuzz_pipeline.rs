//! Structure-aware fuzzing of the whole pipeline: load → validate → run_document (short horizon) →
//! kubectl rendering, over mutations of the seed fixtures and the gallery examples (lines deleted,
//! duplicated and swapped, values swapped, numbers changed, unicode and YAML pieces inserted…).
//!
//! Deterministic: case `i` is generated from `i` alone, so a failure names its case and reproduces.
//! `cargo test` runs 3,000 cases; scale it at build time (the core's tests read no environment at run
//! time):
//!
//! ```text
//! PODLIFE_FUZZ_CASES=1000000 cargo test --release -p lifecycle --test fuzz_pipeline -- --nocapture
//! PODLIFE_FUZZ_FROM=123456 PODLIFE_FUZZ_CASES=1 cargo test -p lifecycle --test fuzz_pipeline   # replay one
//! ```
//!
//! Inputs that once failed live in tests/fixtures/hostile/fuzz-*.yaml and run on every `cargo test`.
#![allow(clippy::unwrap_used)]

use lifecycle::sim::{run_document, RunOverrides};
use std::panic::{catch_unwind, AssertUnwindSafe};

const DEFAULT_CASES: u64 = 3_000;

const SEEDS: &[&str] = &[
    include_str!("../../../tests/fixtures/seeds/000-liveness-exec.yaml"),
    include_str!("../../../tests/fixtures/seeds/000-myapp-pod-init.yaml"),
    include_str!("../../../tests/fixtures/seeds/000-pod-demo-tabs.yaml"),
    include_str!("../../../tests/fixtures/seeds/000-pod-demo.yaml"),
    include_str!("../../../tests/fixtures/seeds/002-pod-live-exec.yaml"),
    include_str!("../../../tests/fixtures/seeds/002-pod-live-httpget.yaml"),
    include_str!("../../../tests/fixtures/seeds/002-pod-poststart-flat.yaml"),
    include_str!("../../../tests/fixtures/seeds/002-pod-poststart-ok.yaml"),
    include_str!("../../../tests/fixtures/seeds/002-pod-poststart.yaml"),
    include_str!("../../../tests/fixtures/seeds/002-pod-read-httpget.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-exec-start-up.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-liveness-exec.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-liveness-http-get.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-nginx-readiness-hostpath.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-nginx-readiness.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-nginx-start-probe.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-pod-lifecycle-exit.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-pod-lifecycle-init-nginx.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-pod-lifecycle-init-volume.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-pod-lifecycle-sleep.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-pod-multi-container.yaml"),
    include_str!("../../../tests/fixtures/seeds/003-pod-static.yaml"),
    include_str!("../../../tests/fixtures/seeds/004-flask-deployment-flat.yaml"),
    include_str!("../../../tests/fixtures/seeds/004-flask-init.yaml"),
    include_str!("../../../tests/fixtures/seeds/004-flask.yaml"),
    include_str!("../../../web/examples/active-deadline.yaml"),
    include_str!("../../../web/examples/crashloop.yaml"),
    include_str!("../../../web/examples/image-pull-backoff.yaml"),
    include_str!("../../../web/examples/init-services.yaml"),
    include_str!("../../../web/examples/job-never.yaml"),
    include_str!("../../../web/examples/job-onfailure.yaml"),
    include_str!("../../../web/examples/liveness-tcp.yaml"),
    include_str!("../../../web/examples/myapp-pod.yaml"),
    include_str!("../../../web/examples/native-sidecar.yaml"),
    include_str!("../../../web/examples/pod-live-exec.yaml"),
    include_str!("../../../web/examples/pod-live-httpget.yaml"),
    include_str!("../../../web/examples/pod-poststart.yaml"),
    include_str!("../../../web/examples/poststart-fail.yaml"),
    include_str!("../../../web/examples/prestop-grace.yaml"),
    include_str!("../../../web/examples/readiness-404-fixed.yaml"),
    include_str!("../../../web/examples/readiness-gate.yaml"),
    include_str!("../../../web/examples/scheduling-gates.yaml"),
    include_str!("../../../web/examples/shared-emptydir.yaml"),
    include_str!("../../../web/examples/startup-probe-slow.yaml"),
];

/// Inputs the fuzzer once broke, kept as regression cases (see the module docs).
const REGRESSIONS: &[&str] = &[
    // A no-break space after a shell word: the sh parser pushed empty words until memory ran out.
    include_str!("../../../tests/fixtures/hostile/fuzz-nbsp-word.yaml"),
];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "-5",
    "2",
    "30",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "99999999999",
    "1e18",
    "1e308",
    "-1e18",
    "0.5",
    "1.5",
    "-0",
    ".inf",
    "-.inf",
    ".nan",
    "0x1F",
    "017",
    "1_000",
    "0o17",
];

const UNICODE: &[&str] = &[
    "é",
    "中文",
    "🙂",
    "\u{200B}",
    "\u{FEFF}",
    "\u{202E}",
    "\u{85}",
    "\u{2028}",
    "\u{A0}",
    "e\u{301}",
    "\u{10FFFF}",
    "\u{FFFD}",
    "\u{0}",
    "\u{1B}",
    "\u{7F}",
    "\t",
    "\r",
    "\u{D7FF}",
    "\u{E000}",
];

const PIECES: &[&str] = &[
    ":",
    ": ",
    "- ",
    " ",
    "  ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "!custom ",
    "\"",
    "'",
    "|",
    ">-",
    "#",
    "? ",
    "<<: *a",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "\\",
    "$(",
    "`",
    "${x:-",
];

const VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "true",
    "yes",
    "[]",
    "{}",
    "[[[[[[[[",
    "\"\"",
    "''",
    "\"while true; do :; done\"",
    "\"f(){ f; }; f\"",
    "\":(){ :|:& };:\"",
    "\"$(echo $(echo $(echo hi)))\"",
    "\"sleep 1e18\"",
    "\"exit 255\"",
    "\"kill -9 1\"",
    "[sh, -c, \"trap '' TERM; while true; do sleep 1; done\"]",
    "[sh, -c, \"exit 1\"]",
    "Always",
    "Never",
    "OnFailure",
    "busybox:1.36",
    "nginx:1.27",
    "does-not-exist:0",
    "1Gi",
    "100m",
    "0.0001",
    "-1Gi",
    "1e400",
    "24h",
    "8760h",
    "-1s",
    "&a x",
    "*a",
    "*undefined",
];

/// SplitMix64: a tiny deterministic generator (the core has no RNG dependency to borrow).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The char boundary nearest below a random byte of `s`.
fn boundary(rng: &mut Rng, s: &str) -> usize {
    let mut i = rng.below(s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Byte ranges of the runs of ASCII digits (with a leading `-`) in `s`.
fn number_spans(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = if i > 0 && b[i - 1] == b'-' { i - 1 } else { i };
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

/// One structure-aware mutation of `lines`.
fn mutate(rng: &mut Rng, lines: &mut Vec<String>) {
    if lines.is_empty() {
        lines.push(String::new());
    }
    let n = lines.len();
    let at = rng.below(n);
    match rng.below(12) {
        0 => {
            lines.remove(at);
        }
        1 => {
            let l = lines[at].clone();
            lines.insert(at, l);
        }
        2 => {
            // Swap the values of two `key: value` lines.
            let other = rng.below(n);
            let split = |l: &str| l.find(": ").map(|i| i + 2);
            if let (Some(i), Some(j)) = (split(&lines[at]), split(&lines[other])) {
                let a = lines[at][i..].to_string();
                let b = lines[other][j..].to_string();
                lines[at].replace_range(i.., &b);
                lines[other].replace_range(j.., &a);
            }
        }
        3 | 4 => {
            // Change a number: prefer lines that have one.
            let candidates: Vec<usize> = (0..n).filter(|&i| !number_spans(&lines[i]).is_empty()).collect();
            if !candidates.is_empty() {
                let li = candidates[rng.below(candidates.len())];
                let spans = number_spans(&lines[li]);
                let (s, e) = spans[rng.below(spans.len())];
                let num = rng.pick(NUMBERS);
                lines[li].replace_range(s..e, num);
            }
        }
        5 => {
            let i = boundary(rng, &lines[at]);
            let u = rng.pick(UNICODE);
            lines[at].insert_str(i, u);
        }
        6 => {
            let other = rng.below(n);
            lines.swap(at, other);
        }
        7 => {
            let i = boundary(rng, &lines[at]);
            let p = rng.pick(PIECES);
            lines[at].insert_str(i, p);
        }
        8 => {
            // Replace a value with a hostile one.
            if let Some(i) = lines[at].find(": ").map(|i| i + 2) {
                let v = rng.pick(VALUES);
                lines[at].replace_range(i.., v);
            } else if let Some(i) = lines[at].find("- ").map(|i| i + 2) {
                let v = rng.pick(VALUES);
                lines[at].replace_range(i.., v);
            }
        }
        9 => {
            // Indent or dedent by one or two spaces.
            if rng.below(2) == 0 {
                let pad = if rng.below(2) == 0 { " " } else { "  " };
                lines[at].insert_str(0, pad);
            } else {
                let cut = lines[at].len() - lines[at].trim_start_matches(' ').len();
                let k = cut.min(1 + rng.below(2));
                lines[at].replace_range(..k, "");
            }
        }
        10 => {
            // Splice in a line of another document.
            let seed = rng.pick(SEEDS);
            let other: Vec<&str> = seed.lines().collect();
            if !other.is_empty() {
                let l = other[rng.below(other.len())].to_string();
                lines.insert(at, l);
            }
        }
        _ => {
            // Truncate a line.
            let i = boundary(rng, &lines[at]);
            lines[at].truncate(i);
        }
    }
}

/// The input of case `i`.
pub fn case(i: u64) -> String {
    let mut rng = Rng(i.wrapping_mul(0xA076_1D64_78BD_642F) ^ 0x5EED);
    let mut text = rng.pick(SEEDS).to_string();
    if rng.below(10) == 0 {
        // A second document: a Scenario or Service from another seed, or the same one again.
        text.push_str("\n---\n");
        text.push_str(rng.pick(SEEDS));
    }
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Mostly one or two mutations, so that many inputs still load and run; sometimes a burst.
    let ops = match rng.below(10) {
        0..=4 => 1,
        5..=7 => 2,
        _ => 3 + rng.below(6),
    };
    for _ in 0..ops {
        mutate(&mut rng, &mut lines);
    }
    let mut out = lines.join("\n");
    if rng.below(2) == 0 {
        out.push('\n');
    }
    out
}

/// The whole pipeline, with the checks every input must pass besides not panicking.
/// Returns whether the document ran (it had a Pod and no errors).
pub fn exercise(text: &str, horizon_ms: i64) -> bool {
    let loaded = lifecycle::load(text);
    // libyaml also breaks lines at CR, NEL, LS and PS.
    let lines = text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']).count() as u32 + 1;
    for d in loaded.diagnostics.iter().chain(&loaded.validation) {
        let s = d.to_string();
        assert!(!s.is_empty());
        if let Some(p) = d.pos {
            assert!(p.line >= 1 && p.line <= lines, "diagnostic past the end of the text: {s}");
        }
    }
    let name = loaded.pod.as_ref().map(|p| p.name().to_string()).unwrap_or_default();
    let _ = lifecycle::validate::invalid_message("Pod", &name, &loaded.validation);
    let Some(run) = run_document(&loaded, RunOverrides { seed: None, horizon_ms: Some(horizon_ms) }) else {
        return false;
    };
    let t = &run.trace;
    assert!(t.events.windows(2).all(|w| w[0].t <= w[1].t), "events out of time order");
    assert!(!t.render_watch().is_empty());
    let _ = t.describe_at(t.horizon_ms);
    let _ = t.describe_at(t.horizon_ms / 3);
    let _ = t.render_events();
    let _ = t.to_json();
    true
}

/// Runs cases `from..from + count`: how many ran a simulation, and the failing ones (index, input,
/// panic message).
fn run_cases(from: u64, count: u64) -> (u64, Vec<(u64, String, String)>) {
    let mut failures = Vec::new();
    let mut ran = 0;
    for i in from..from + count {
        let text = case(i);
        let horizon_ms = [30_000, 60_000, 120_000, 300_000][(i % 4) as usize];
        match catch_unwind(AssertUnwindSafe(|| exercise(&text, horizon_ms))) {
            Ok(r) => ran += u64::from(r),
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_string()))
                    .unwrap_or_default();
                failures.push((i, text, msg));
            }
        }
    }
    (ran, failures)
}

#[test]
fn fuzz_pipeline() {
    let count: u64 = option_env!("PODLIFE_FUZZ_CASES").and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_CASES);
    let from: u64 = option_env!("PODLIFE_FUZZ_FROM").and_then(|s| s.parse().ok()).unwrap_or(0);
    // Two workers over interleaved halves (the machines that run this are small).
    let half = count / 2;
    let worker = std::thread::spawn(move || run_cases(from + half, count - half));
    let (mut ran, mut failures) = run_cases(from, half);
    let (ran2, failures2) = worker.join().unwrap();
    ran += ran2;
    failures.extend(failures2);
    for (i, text, msg) in failures.iter().take(5) {
        eprintln!("case {i} failed: {msg}\n--- input (Rust string) ---\n{text:?}\n");
    }
    assert!(failures.is_empty(), "{} of {count} fuzz cases failed (first 5 above)", failures.len());
    println!("fuzz_pipeline: {count} inputs from case {from} ({ran} simulated), 0 failures");
}

#[test]
fn fuzz_regressions() {
    for text in REGRESSIONS {
        let _ = exercise(text, 120_000);
    }
}

#[test]
fn generator_is_deterministic_and_varied() {
    assert_eq!(case(42), case(42));
    let distinct: std::collections::BTreeSet<String> = (0..200).map(case).collect();
    assert!(distinct.len() > 190);
}
