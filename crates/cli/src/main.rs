//! The `podlife` command line. It reads files and the clock; everything else is the core's.

use lifecycle::kubectl;
use lifecycle::sim::{self, RunOverrides};
use lifecycle::time::Timestamp;
use lifecycle::{Loaded, Severity};
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  podlife check FILE                          validate: exit 0 valid, 1 invalid, 2 unreadable
  podlife get FILE [--now RFC3339] [-o wide]  the `kubectl get pod` row of a pod that carries a status
  podlife describe FILE [--now RFC3339]       `kubectl describe pod` of a pod that carries a status
  podlife run FILE [--until 10m] [--seed N] [--output watch|events|json|endpoints]
                                              simulate the pod (and its Scenario) and print what happens
  podlife get FILE --at 95s [-o wide]         the row of the simulated pod at a moment
  podlife describe FILE --at 95s              `kubectl describe pod` of the simulated pod at a moment

FILE may be - for standard input. Diagnostics print as FILE:LINE:COL: path: message.
--now defaults to the current time (ages are relative to it). Durations: 90s, 2m, 1h30m.";

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
}

fn duration_ms(flag: &str, value: Option<&String>) -> Result<i64, String> {
    let v = value.ok_or(format!("{flag} needs a duration such as 90s, 2m or 1h30m"))?;
    lifecycle::scenario::parse_duration_ms(v)
        .and_then(|ms| i64::try_from(ms).ok())
        .ok_or(format!("{flag} {v:?}: not a duration (examples: 90s, 2m, 1h30m)"))
}

fn parse_opts(args: &[String]) -> Result<Opts, String> {
    let mut file = None;
    let mut now = None;
    let mut wide = false;
    let mut at_ms = None;
    let mut overrides = RunOverrides::default();
    let mut output = RunOutput::Watch;
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
                other => {
                    return Err(format!(
                        "unsupported output format {other:?} (supported: wide; for run: watch, events, json, endpoints)"
                    ))
                }
            },
            "-owide" | "--output=wide" => wide = true,
            s if s.starts_with("--now=") => now = Some(s["--now=".len()..].to_string()),
            s if s.starts_with('-') && s != "-" => return Err(format!("unknown option {s}\n\n{USAGE}")),
            s if file.is_none() => file = Some(s.to_string()),
            s => return Err(format!("unexpected argument {s}\n\n{USAGE}")),
        }
    }
    Ok(Opts { file: file.ok_or(USAGE)?, now, wide, at_ms, overrides, output })
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some(cmd) = args.first() else { return Err(USAGE.to_string()) };
    if matches!(cmd.as_str(), "-h" | "--help" | "help") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let opts = parse_opts(&args[1..])?;
    let text = read_input(&opts.file)?;
    let loaded = lifecycle::load(&text);
    match cmd.as_str() {
        "check" => Ok(check(&opts.file, &loaded)),
        "run" => run_sim(cmd, &opts, &loaded),
        "get" | "describe" if opts.at_ms.is_some() => run_sim(cmd, &opts, &loaded),
        "get" | "describe" => {
            if print_diagnostics(&opts.file, &loaded, false) {
                return Ok(ExitCode::from(1));
            }
            let Some(pod) = &loaded.pod else { return Ok(ExitCode::from(1)) };
            let now = now(opts.now.as_deref())?;
            if cmd == "get" {
                print!("{}", kubectl::get_table(&[pod], now, opts.wide));
            } else {
                // A pasted pod carries no Events; kubectl would list the cluster's, we have none.
                print!("{}", kubectl::describe(pod, &[], now));
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
    match (cmd, opts.output) {
        ("describe", _) => print!("{}", trace.describe_at(at)),
        ("get", _) => {
            let now = trace.epoch.plus_millis(at);
            print!("{}", kubectl::get_table(&[&trace.state_at(at)], now, opts.wide));
        }
        (_, RunOutput::Watch) => print!("{}", trace.render_watch()),
        (_, RunOutput::Events) => print!("{}", trace.render_events()),
        (_, RunOutput::Json) => println!("{}", trace.to_json()),
        (_, RunOutput::Endpoints) => print!("{}", trace.render_endpoints()),
    }
    if trace.truncated {
        eprintln!(
            "{}: warning: the run was cut short: {}",
            opts.file,
            trace.notes.iter().map(|n| n.english()).collect::<Vec<_>>().join("; ")
        );
    }
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
            println!("{line}");
        } else {
            eprintln!("{line}");
        }
    }
    loaded.diagnostics.iter().any(|d| d.severity == Severity::Error)
}

fn check(file: &str, loaded: &Loaded) -> ExitCode {
    if print_diagnostics(file, loaded, true) {
        if let (Some(pod), false) = (&loaded.pod, loaded.validation.is_empty()) {
            // What `kubectl apply` would answer, for people who know that wording.
            eprintln!("{}", lifecycle::validate::invalid_message("Pod", pod.name(), &loaded.validation));
        }
        return ExitCode::from(1);
    }
    if let Some(pod) = &loaded.pod {
        let names: Vec<&str> = pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
        println!("{file}: pod \"{}\" is valid (containers: {})", pod.name(), names.join(", "));
    }
    ExitCode::SUCCESS
}
