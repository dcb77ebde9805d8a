//! Warnings only a simulation can give, each anchored at the line to change.

use super::figures::{cap_reached, figures};
use super::{at, dur, find_container, object_container, Exits};
use crate::diag::Diagnostic;
use crate::load::Loaded;
use crate::model::Probe;
use crate::sim::{crash_backoff_sequence, DocumentRun};
use crate::text::{Key, Phrase};

/// One simulation-based warning: a diagnostic (path, position, English message) plus its phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    /// The warning as the CLI prints it (`Severity::Warning`; its `phrase` is the translatable message).
    pub diagnostic: Diagnostic,
    /// When in the run the problem shows, if at a moment.
    pub t_ms: Option<i64>,
}

struct Out<'a> {
    loaded: &'a Loaded,
    lints: Vec<Lint>,
}

impl Out<'_> {
    fn push(&mut self, path: String, t_ms: Option<i64>, phrase: Phrase) {
        if self.lints.iter().any(|l| l.diagnostic.path == path && l.key() == Some(phrase.key)) {
            return;
        }
        let pos = self.loaded.source.pos(&path);
        let diagnostic = Diagnostic::warning_said(path, pos, phrase);
        self.lints.push(Lint { diagnostic, t_ms });
    }
}

impl Lint {
    /// Which lint this is.
    pub fn key(&self) -> Option<crate::text::Key> {
        self.diagnostic.phrase.as_ref().map(|p| p.key)
    }
}

/// The warnings about `run`, by position in the text.
pub fn lint(loaded: &Loaded, run: &DocumentRun) -> Vec<Lint> {
    let trace = &run.trace;
    let pod = loaded.pod.as_ref().unwrap_or(&trace.base);
    let mut o = Out { loaded, lints: Vec::new() };

    // Readiness identical to liveness: the pod leaves its Services and is restarted at the same moment.
    for (i, c) in pod.spec.containers.iter().enumerate() {
        if let (Some(r), Some(l)) = (&c.readiness_probe, &c.liveness_probe) {
            if r == l {
                o.push(
                    format!("spec.containers[{i}].readinessProbe"),
                    None,
                    Phrase::new(Key::LintReadinessIsLiveness, [c.name.as_str()]),
                );
            }
        }
    }

    // Kills by container (few), looked up for each crash instead of scanning every event again.
    let killings: Vec<(&str, i64)> = trace
        .events
        .iter()
        .filter(|e| e.reason == "Killing")
        .filter_map(|e| object_container(e.object.as_deref()).map(|n| (n, e.t.ms())))
        .collect();
    // One pass over the events, with per-container facts: last start, pending stop.
    let mut started: Vec<(&str, i64)> = Vec::new();
    let mut stopping: Vec<(&str, i64)> = Vec::new();
    let mut c_next = 0;
    let mut exits: Vec<(&str, Exits)> = Vec::new();
    // Only a container's first liveness kill is judged: it is the one that decides whether it can start.
    let mut judged: Vec<&str> = Vec::new();
    for e in &trace.events {
        let t = e.t.ms();
        // Container records up to this event: exits with code 137 after a graceful stop.
        while let Some(r) = trace.containers.get(c_next).filter(|r| r.t.ms() <= t) {
            c_next += 1;
            container_record(
                &mut o,
                pod,
                run,
                r,
                &Facts { stopping: &stopping, started: &started, killings: &killings },
                &mut exits,
            );
        }
        let Some(name) = object_container(e.object.as_deref()) else { continue };
        match e.reason.as_str() {
            "Started" => set(&mut started, name, t),
            "Killing" if e.message.starts_with("Stopping container") => set(&mut stopping, name, t),
            "Killing" if e.message.contains("failed liveness probe") => {
                let Some(f) = find_container(pod, name) else { continue };
                if judged.contains(&name) {
                    continue;
                }
                judged.push(name);
                if f.spec.startup_probe.is_some() {
                    continue;
                }
                let since = started.iter().find(|(n, _)| *n == name).map_or(0, |s| s.1);
                let ok = trace.probes.iter().any(|p| {
                    p.container == name
                        && p.probe == "liveness"
                        && p.result == "success"
                        && p.t.ms() >= since
                        && p.t.ms() <= t
                });
                if ok {
                    continue;
                }
                let p = f.spec.liveness_probe.clone().unwrap_or_default();
                let (d, n, period) = timing(&p);
                o.push(
                    format!("{}.livenessProbe.initialDelaySeconds", f.path),
                    Some(t),
                    Phrase::new(
                        Key::LintLivenessKillsStart,
                        [
                            name.to_string(),
                            at(t),
                            d.to_string(),
                            n.to_string(),
                            period.to_string(),
                            dur((d + n * period) * 1000),
                        ],
                    ),
                );
            }
            _ => {}
        }
    }
    while let Some(r) = trace.containers.get(c_next) {
        c_next += 1;
        container_record(
            &mut o,
            pod,
            run,
            r,
            &Facts { stopping: &stopping, started: &started, killings: &killings },
            &mut exits,
        );
    }

    // Init containers still running at the end.
    let mut last_state: Vec<(&str, &str, &str)> = Vec::new();
    for r in &trace.containers {
        match last_state.iter_mut().find(|(n, _, _)| *n == r.name) {
            Some(e) => e.1 = r.state,
            None => last_state.push((&r.name, r.state, r.kind)),
        }
    }
    for (name, state, kind) in &last_state {
        if *kind == "init" && *state == "running" && trace.deleted_at.is_none() {
            if let Some(f) = find_container(pod, name) {
                o.push(
                    format!("{}.command", f.path),
                    Some(trace.horizon_ms),
                    Phrase::new(Key::LintInitNeverEnds, [name.to_string(), at(trace.horizon_ms)]),
                );
            }
        }
    }

    // Probes aimed at a port nothing listens on: every attempt refused.
    for (i, c) in pod.spec.containers.iter().enumerate() {
        for (kind, probe) in [
            ("liveness", &c.liveness_probe),
            ("readiness", &c.readiness_probe),
            ("startup", &c.startup_probe),
        ] {
            let Some(p) = probe else { continue };
            let (field, port) = match (&p.http_get, &p.tcp_socket) {
                (Some(h), _) => ("httpGet", h.port.to_string()),
                (_, Some(s)) => ("tcpSocket", s.port.to_string()),
                _ => continue,
            };
            let mut attempts =
                trace.probes.iter().filter(|r| r.container == c.name && r.probe == kind).peekable();
            if attempts.peek().is_none() {
                continue;
            }
            if attempts.all(|r| r.result == "failure" && r.output.contains("connection refused")) {
                let listening: Vec<String> =
                    c.ports.iter().flatten().map(|p| p.container_port.to_string()).collect();
                let listening = if listening.is_empty() { "none".to_string() } else { listening.join(", ") };
                o.push(
                    format!("spec.containers[{i}].{kind}Probe.{field}.port"),
                    None,
                    Phrase::new(
                        Key::LintProbePortClosed,
                        [kind.to_string(), c.name.clone(), port, listening],
                    ),
                );
            }
        }
    }

    // Never Ready within the horizon (a pod that completed its work is not expected to be).
    let f = figures(trace);
    if f.ready_ms.is_none() && f.phase != "Succeeded" && trace.deleted_at.is_none() {
        let path = pod
            .spec
            .containers
            .iter()
            .position(|c| c.readiness_probe.is_some())
            .map_or("spec.containers".to_string(), |i| format!("spec.containers[{i}].readinessProbe"));
        o.push(path, None, Phrase::new(Key::LintNeverReady, [dur(trace.horizon_ms)]));
    }

    crate::sort::by_key(&mut o.lints, |l| (l.diagnostic.pos.is_none(), l.diagnostic.pos));
    o.lints
}

fn set<'a>(list: &mut Vec<(&'a str, i64)>, name: &'a str, t: i64) {
    match list.iter_mut().find(|(n, _)| *n == name) {
        Some(e) => e.1 = t,
        None => list.push((name, t)),
    }
}

/// (initialDelaySeconds, failureThreshold, periodSeconds) with the API defaults.
fn timing(p: &Probe) -> (i64, i64, i64) {
    (p.initial_delay_seconds.unwrap_or(0), p.failure_threshold.unwrap_or(3), p.period_seconds.unwrap_or(10))
}

/// What the event pass knows when a container record comes up: (container, ms) of the pending stops,
/// the last starts and every kill.
struct Facts<'f> {
    stopping: &'f [(&'f str, i64)],
    started: &'f [(&'f str, i64)],
    killings: &'f [(&'f str, i64)],
}

fn container_record<'a>(
    o: &mut Out<'_>,
    pod: &crate::model::Pod,
    run: &DocumentRun,
    r: &'a crate::sim::trace::ContainerRecord,
    facts: &Facts<'_>,
    exits: &mut Vec<(&'a str, Exits)>,
) {
    let Facts { stopping, started, killings } = *facts;
    let i = match exits.iter().position(|(n, _)| *n == r.name) {
        Some(i) => i,
        None => {
            exits.push((&r.name, Exits::default()));
            exits.len() - 1
        }
    };
    if !exits[i].1.see(r) {
        return;
    }
    let t = r.t.ms();
    let Some(f) = find_container(pod, &r.name) else { return };
    let stop = stopping.iter().find(|(n, _)| *n == r.name).map(|s| s.1);
    let since = started.iter().find(|(n, _)| *n == r.name).map_or(0, |s| s.1);
    if let Some(k) = stop.filter(|&k| k >= since) {
        if r.exit_code == Some(137) {
            let grace = pod.spec.termination_grace_period_seconds.unwrap_or(30);
            let path = if pod.spec.termination_grace_period_seconds.is_some() {
                "spec.terminationGracePeriodSeconds".to_string()
            } else {
                format!("{}.lifecycle.preStop", f.path)
            };
            o.push(
                path,
                Some(t),
                Phrase::new(Key::LintGraceTooShort, [r.name.clone(), at(k), dur(grace * 1000), at(t)]),
            );
        }
        return;
    }
    // A voluntary exit of an app container under restartPolicy Always: CrashLoopBackOff ahead.
    let always = pod.spec.restart_policy.as_deref().unwrap_or("Always") == "Always";
    if r.kind != "app" || !always || exits[i].1.count != 1 {
        return;
    }
    let probe_killed = killings.iter().any(|&(n, k)| k >= since && k <= t && n == r.name);
    if probe_killed {
        return;
    }
    let cap = match cap_reached(&run.trace, &r.name) {
        Some(c) => at(c),
        None => {
            // Each cycle: the back-off, then the run of one instance (as long as the first one ran, plus
            // about a second to start it again).
            let seq = crash_backoff_sequence(16);
            let cap_ms = seq.iter().copied().max().unwrap_or(0);
            let cycle = (t - since).max(0) + 1_000;
            let mut when = t;
            for d in seq.iter().take_while(|&&d| d < cap_ms) {
                when += d + cycle;
            }
            at(when)
        }
    };
    let path = if f.spec.args.is_some() && f.spec.command.is_none() { "args" } else { "command" };
    o.push(
        format!("{}.{path}", f.path),
        Some(t),
        Phrase::new(Key::LintCrashLoop, [r.name.clone(), r.exit_code.unwrap_or(0).to_string(), at(t), cap]),
    );
}
