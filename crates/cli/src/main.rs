//! The `podlife` command line. It reads files and the clock; everything else is the core's.

use lifecycle::insight::{self, Expectation, Subject};
use lifecycle::kubectl;
use lifecycle::sim::{self, DocumentRun, RunOverrides};
use lifecycle::time::Timestamp;
use lifecycle::{Loaded, Severity};
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  podlife check FILE                          validate: exit 0 valid, 1 invalid, 2 unreadable
  podlife get FILE [--now RFC3339] [-o wide]  the `kubectl get pod` row of a pod that carries a status
  podlife describe FILE [--now RFC3339]       `kubectl describe pod` of a pod that carries a status
  podlife run FILE [--until 10m] [--seed N] [--output watch|events|json|endpoints|summary|script|transcript]
                 [--explain] [--expect EXPR]...
                                              simulate the pod (and its Scenario) and print what happens
  podlife compare A B [--until 10m] [--seed N]  the key figures of two runs side by side, and what differs
  podlife get FILE --at 95s [-o wide]         the row of the simulated pod at a moment
  podlife describe FILE --at 95s              `kubectl describe pod` of the simulated pod at a moment

FILE may be - for standard input. Diagnostics print as FILE:LINE:COL: path: message.
--now defaults to the current time (ages are relative to it). Durations: 90s, 2m, 1h30m.

check also simulates a valid pod and prints podlife's warnings (FILE:LINE:COL: warning: ...) after the
apiserver's errors; warnings never change the exit code.
run outputs: summary = the key figures as `name: value` lines (stable, for scripts); script = a POSIX
shell script of kubectl commands replaying the scenario on a real cluster; transcript = what
`kubectl get pod -w` and a final `kubectl describe pod` would print. --explain prints every event and
status change with the rule behind it, the spec fields involved and a kubernetes.io link.
--expect FIGURE OP VALUE (repeatable) exits 1 when the run breaks it: OP is <= < >= > == !=;
FIGURE is one of the summary's names: scheduled, initialized, ready, ended, deleted, backoff-cap
(times; VALUE a duration or never; never counts as later than any time), not-ready (a duration),
restarts, restarts[CONTAINER] (counts), phase, status (words, == and != only).
Examples: --expect 'ready<=60s'  --expect 'restarts==0'  --expect 'phase==Succeeded'";

/// Exit code for usage errors and unreadable input.
const EXIT_UNREADABLE: u8 = 2;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("podlife: {msg}");
            ExitCode::from(EXIT_UNREADABLE)
        }
    }
}

/// Parsed command-line options shared by the subcommands.
struct Opts {
    file: String,
    now: Option<String>,
    wide: bool,
    at_ms: Option<i64>,
    overrides: RunOverrides,
    output: RunOutput,
    explain: bool,
    expect: Vec<Expectation>,
    /// The second file of `compare`.
    other: Option<String>,
}

/// What `podlife run` prints.
#[derive(Clone, Copy, PartialEq)]
enum RunOutput {
    /// `kubectl get pod -w`.
    Watch,
    /// One line per event occurrence.
    Events,
    /// The trace as JSON (the stable contract in DESIGN.md).
    Json,
    /// Each change of a Service's ready / not-ready endpoints.
    Endpoints,
    /// The key figures, `name: value` per line.
    Summary,
    /// kubectl commands replaying the scenario.
    Script,
    /// `kubectl get pod -w`, then `kubectl describe pod`.
    Transcript,
}

fn duration_ms(flag: &str, value: Option<&String>) -> Result<i64, String> {
    let v = value.ok_or(format!("{flag} needs a duration such as 90s, 2m or 1h30m"))?;
    lifecycle::scenario::parse_duration_ms(v)
        .and_then(|ms| i64::try_from(ms).ok())
        .ok_or(format!("{flag} {v:?}: not a duration (examples: 90s, 2m, 1h30m)"))
}

fn parse_opts(args: &[String]) -> Result<Opts, String> {
    let mut now = None;
    let mut wide = false;
    let mut at_ms = None;
    let mut overrides = RunOverrides::default();
    let mut output = RunOutput::Watch;
    let mut explain = false;
    let mut expect = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--now" => now = Some(it.next().ok_or("--now needs an RFC 3339 time")?.clone()),
            "--at" => at_ms = Some(duration_ms("--at", it.next())?),
            "--until" => overrides.horizon_ms = Some(duration_ms("--until", it.next())?),
            "--seed" => {
                let v = it.next().ok_or("--seed needs a number")?;
                overrides.seed = Some(v.parse().map_err(|_| format!("--seed {v:?}: not a number"))?);
            }
            "-o" | "--output" => match it.next().map(String::as_str) {
                Some("wide") => wide = true,
                Some("watch") => output = RunOutput::Watch,
                Some("events") => output = RunOutput::Events,
                Some("json") => output = RunOutput::Json,
                Some("endpoints") => output = RunOutput::Endpoints,
                Some("summary") => output = RunOutput::Summary,
                Some("script") => output = RunOutput::Script,
                Some("transcript") => output = RunOutput::Transcript,
                other => {
                    return Err(format!(
                        "unsupported output format {other:?} (supported: wide; for run: watch, events, json, endpoints, summary, script, transcript)"
                    ))
                }
            },
            "--explain" => explain = true,
            "--expect" => {
                let v = it.next().ok_or("--expect needs FIGURE OP VALUE, e.g. 'ready<=60s'")?;
                expect.push(Expectation::parse(v).map_err(|e| format!("--expect {e}"))?);
            }
            "-owide" | "--output=wide" => wide = true,
            s if s.starts_with("--now=") => now = Some(s["--now=".len()..].to_string()),
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}\n\n{USAGE}")),
            s if files.len() < 2 => files.push(s.to_string()),
            s => return Err(format!("unexpected argument {s}\n\n{USAGE}")),
        }
    }
    let mut files = files.into_iter();
    let file = files.next().ok_or(USAGE)?;
    let other = files.next();
    Ok(Opts { file, now, wide, at_ms, overrides, output, explain, expect, other })
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(cmd) = args.first() else { return Err(USAGE.to_string()) };
    if matches!(cmd.as_str(), "-h" | "--help" | "help") {
        out(&format!("{USAGE}\n"));
        return Ok(ExitCode::SUCCESS);
    }
    let opts = parse_opts(&args[1..])?;
    if (cmd == "compare") != opts.other.is_some() {
        return Err(format!("{cmd}: wrong number of files\n\n{USAGE}"));
    }
    let text = read_input(&opts.file)?;
    let loaded = lifecycle::load(&text);
    match cmd.as_str() {
        "check" => Ok(check(&opts.file, &loaded, opts.overrides)),
        "compare" => compare(&opts, &loaded),
        "run" => run_sim(cmd, &opts, &loaded),
        "get" | "describe" if opts.at_ms.is_some() => run_sim(cmd, &opts, &loaded),
        "get" | "describe" => {
            if print_diagnostics(&opts.file, &loaded, false) {
                return Ok(ExitCode::from(1));
            }
            let Some(pod) = &loaded.pod else { return Ok(ExitCode::from(1)) };
            let now = now(opts.now.as_deref())?;
            if cmd == "get" {
                out(&kubectl::get_table(&[pod], now, opts.wide));
            } else {
                // A pasted pod carries no Events; kubectl would list the cluster's, we have none.
                out(&kubectl::describe(pod, &[], now));
            }
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    }
}

/// Simulates the document and prints the run (`run`) or the pod at `--at` (`get`/`describe`).
fn run_sim(cmd: &str, opts: &Opts, loaded: &Loaded) -> Result<ExitCode, String> {
    if print_diagnostics(&opts.file, loaded, false) {
        return Ok(ExitCode::from(1));
    }
    let mut overrides = opts.overrides;
    if let Some(at) = opts.at_ms {
        // Simulate at least up to the moment asked for.
        overrides.horizon_ms = Some(overrides.horizon_ms.unwrap_or(0).max(at));
    }
    let Some(run) = sim::run_document(loaded, overrides) else { return Ok(ExitCode::from(1)) };
    for n in &run.notices {
        eprintln!("{}: warning: {}", opts.file, n.path_and_message());
    }
    let trace = &run.trace;
    let at = opts.at_ms.unwrap_or(0);
    let figures = insight::figures(trace);
    match (cmd, opts.output) {
        ("describe", _) => out(&trace.describe_at(at)),
        ("get", _) => {
            let now = trace.epoch.plus_millis(at);
            out(&kubectl::get_table(&[&trace.state_at(at)], now, opts.wide));
        }
        (_, _) if opts.explain => out(&explain_text(loaded, &run)),
        (_, RunOutput::Watch) => out(&trace.render_watch()),
        (_, RunOutput::Events) => out(&trace.render_events()),
        (_, RunOutput::Json) => out(&format!("{}\n", trace.to_json())),
        (_, RunOutput::Endpoints) => out(&trace.render_endpoints()),
        (_, RunOutput::Summary) => out(&figures.summary()),
        (_, RunOutput::Script) => out(&insight::kubectl_script(loaded, &run)),
        (_, RunOutput::Transcript) => out(&insight::transcript(trace, trace.horizon_ms)),
    }
    if trace.truncated {
        eprintln!(
            "{}: warning: the run was cut short: {}",
            opts.file,
            trace.notes.iter().map(|n| n.english()).collect::<Vec<_>>().join("; ")
        );
    }
    let mut code = ExitCode::SUCCESS;
    for e in &opts.expect {
        if let Err(p) = e.check(&figures) {
            eprintln!("{}: {p}", opts.file);
            code = ExitCode::from(1);
        }
    }
    Ok(code)
}

/// Every event and status change, each followed by why it happened, the spec lines and the docs.
fn explain_text(loaded: &Loaded, run: &DocumentRun) -> String {
    let trace = &run.trace;
    let mut o = String::new();
    for x in insight::explain(loaded, run) {
        let what = match x.subject {
            Subject::Event(i) => {
                let e = &trace.events[i];
                let object = e.object.clone().unwrap_or_else(|| format!("pod/{}", trace.pod));
                format!("event {} {} {object}: {}", e.type_, e.reason, e.message)
            }
            Subject::Phase(i) => format!("phase {}", trace.phases[i].phase),
            Subject::Condition(i) => {
                let c = &trace.conditions[i];
                let reason = c.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
                format!("condition {}={}{reason}", c.type_, c.status)
            }
            Subject::Container(i) => {
                let c = &trace.containers[i];
                let reason = c.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
                let code = c.exit_code.map(|x| format!(" exitCode={x}")).unwrap_or_default();
                format!(
                    "container {} {}{reason}{code} ready={} started={} restarts={}",
                    c.name, c.state, c.ready, c.started, c.restart_count
                )
            }
        };
        o.push_str(&format!("{} {what}\n  why: {}\n", sim::SimTime(x.t_ms), x.phrase));
        if !x.fields.is_empty() {
            let fields: Vec<String> = x
                .fields
                .iter()
                .map(|f| match loaded.source.pos(f) {
                    Some(p) => format!("{f} (line {})", p.line),
                    None => f.clone(),
                })
                .collect();
            o.push_str(&format!("  spec: {}\n", fields.join(", ")));
        }
        o.push_str(&format!("  docs: {}\n", x.doc_url()));
    }
    o
}

/// `podlife compare A B`: both runs' figures side by side, then what differs.
fn compare(opts: &Opts, a: &Loaded) -> Result<ExitCode, String> {
    let Some(other) = &opts.other else { return Err(USAGE.to_string()) };
    let b = lifecycle::load(&read_input(other)?);
    let mut runs = Vec::new();
    for (file, loaded) in [(&opts.file, a), (other, &b)] {
        if print_diagnostics(file, loaded, false) {
            return Ok(ExitCode::from(1));
        }
        let Some(run) = sim::run_document(loaded, opts.overrides) else { return Ok(ExitCode::from(1)) };
        runs.push(insight::figures(&run.trace));
    }
    let (fa, fb) = (&runs[0], &runs[1]);
    let diffs = insight::compare(fa, fb);
    let mut w = kubectl::tabwriter::TabWriter::table();
    w.write_str("FIGURE\tA\tB\tCHANGE\n");
    let text = |v: Option<&insight::FigureValue>| v.map_or("-".to_string(), insight::FigureValue::text);
    let mut names: Vec<String> = fa.values().into_iter().map(|(n, _)| n).collect();
    names.extend(fb.values().into_iter().map(|(n, _)| n).filter(|n| fa.value(n).is_none()));
    let rows = names.len();
    for name in names {
        let (va, vb) = (fa.value(&name), fb.value(&name));
        let change = match diffs.iter().find(|d| d.figure == name) {
            None => String::new(),
            Some(d) => match (d.delta, &d.a) {
                (Some(n), Some(insight::FigureValue::Count(_))) => format!("{n:+}"),
                (Some(n), _) if n >= 0 => format!("+{}", sim::SimTime(n)),
                (Some(n), _) => format!("-{}", sim::SimTime(-n)),
                (None, _) => "changed".to_string(),
            },
        };
        w.write_str(&format!("{name}\t{}\t{}\t{change}\n", text(va.as_ref()), text(vb.as_ref())));
    }
    out(&format!("A: {} (pod {})\nB: {} (pod {})\n", opts.file, fa.pod, other, fb.pod));
    out(&w.finish());
    out(&format!("{} of {rows} figures differ\n", diffs.len()));
    Ok(ExitCode::SUCCESS)
}

/// The host supplies the clock: `--now`, else the system time.
fn now(flag: Option<&str>) -> Result<Timestamp, String> {
    match flag {
        Some(s) => Timestamp::parse_rfc3339(s).map_err(|e| format!("--now {s:?}: {e}")),
        None => {
            let since_epoch = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| format!("system clock before 1970: {e}"))?;
            Ok(Timestamp::from_millis(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)))
        }
    }
}

/// Reads FILE, or standard input for `-`.
fn read_input(file: &str) -> Result<String, String> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("-: {e}"))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| format!("{file}: {e}"))?
    };
    String::from_utf8(bytes).map_err(|e| {
        format!("{file}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to())
    })
}

/// Prints every diagnostic as `FILE:LINE:COL: path: message` (to stdout for `check`, whose output
/// they are, else to stderr); true when any is an error.
fn print_diagnostics(file: &str, loaded: &Loaded, to_stdout: bool) -> bool {
    for d in &loaded.diagnostics {
        let sev = if d.severity == Severity::Warning { "warning: " } else { "" };
        let line = match d.pos {
            Some(p) => format!("{file}:{}:{}: {sev}{}", p.line, p.col, d.path_and_message()),
            None => format!("{file}: {sev}{}", d.path_and_message()),
        };
        if to_stdout {
            out(&format!("{line}\n"));
        } else {
            eprintln!("{line}");
        }
    }
    loaded.diagnostics.iter().any(|d| d.severity == Severity::Error)
}

fn check(file: &str, loaded: &Loaded, overrides: RunOverrides) -> ExitCode {
    if print_diagnostics(file, loaded, true) {
        if let (Some(pod), false) = (&loaded.pod, loaded.validation.is_empty()) {
            // What `kubectl apply` would answer, for people who know that wording.
            eprintln!("{}", lifecycle::validate::invalid_message("Pod", pod.name(), &loaded.validation));
        }
        return ExitCode::from(1);
    }
    // What only a simulation can tell: printed after the apiserver's verdict, never changing the exit code.
    if let Some(run) = sim::run_document(loaded, overrides) {
        for l in insight::lint(loaded, &run) {
            let d = &l.diagnostic;
            match d.pos {
                Some(p) => out(&format!("{file}:{}:{}: warning: {}\n", p.line, p.col, d.path_and_message())),
                None => out(&format!("{file}: warning: {}\n", d.path_and_message())),
            }
        }
    }
    if let Some(pod) = &loaded.pod {
        let names: Vec<&str> = pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
        out(&format!("{file}: pod \"{}\" is valid (containers: {})\n", pod.name(), names.join(", ")));
    }
    ExitCode::SUCCESS
}

/// Writes to standard output; when the reader has gone (`podlife run … | head`), stops quietly as
/// other Unix tools do instead of panicking on the broken pipe.
fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("podlife: cannot write the output: {e}");
        std::process::exit(EXIT_UNREADABLE.into());
    }
}
