//! Key figures of a run (time to Scheduled, Initialized, Ready; restarts; the back-off cap), as
//! named values that a summary prints, an expectation checks and a comparison diffs.

use super::{at, Exits};
use crate::sim::{crash_backoff_sequence, Trace};
use crate::text::{Key, Phrase};

/// The key figures of one run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figures {
    /// The pod's name.
    pub pod: String,
    /// How far the run went, in ms.
    pub horizon_ms: i64,
    /// First time PodScheduled became True.
    pub scheduled_ms: Option<i64>,
    /// First time Initialized became True.
    pub initialized_ms: Option<i64>,
    /// First time Ready became True.
    pub ready_ms: Option<i64>,
    /// Total time within the horizon during which Ready was not True.
    pub not_ready_ms: i64,
    /// Restarts of each container by the end of the run, in order of first appearance.
    pub restarts: Vec<(String, i64)>,
    /// When a container's crash back-off first reached the kubelet's 5-minute cap (the exit after which
    /// the next restart waits 300 s).
    pub backoff_cap_ms: Option<i64>,
    /// The last phase.
    pub phase: String,
    /// When the phase became Succeeded or Failed.
    pub ended_ms: Option<i64>,
    /// When the API object was removed.
    pub deleted_ms: Option<i64>,
    /// STATUS of the last `kubectl get pod` row.
    pub status: String,
    /// Failed probe attempts over the run (the page's header shows it; not a summary figure).
    pub probe_failures: usize,
}

/// One figure's value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum FigureValue {
    /// A moment in ms since creation; `None` means never within the horizon.
    Time(Option<i64>),
    /// A duration in ms.
    Duration(i64),
    /// A count.
    Count(i64),
    /// A word (phase, STATUS).
    Text(String),
}

impl FigureValue {
    /// The value as the summary prints it: `3.261s`, `never`, `5`, `Running`.
    pub fn text(&self) -> String {
        match self {
            FigureValue::Time(Some(ms)) | FigureValue::Duration(ms) => at(*ms),
            FigureValue::Time(None) => "never".to_string(),
            FigureValue::Count(n) => n.to_string(),
            FigureValue::Text(s) => s.clone(),
        }
    }

    /// A number to order and subtract; never is after every moment.
    fn number(&self) -> Option<i64> {
        match self {
            FigureValue::Time(t) => Some(t.unwrap_or(i64::MAX)),
            FigureValue::Duration(n) | FigureValue::Count(n) => Some(*n),
            FigureValue::Text(_) => None,
        }
    }
}

impl Figures {
    /// Total restarts over all containers.
    pub fn restarts_total(&self) -> i64 {
        self.restarts.iter().map(|(_, n)| n).sum()
    }

    /// Every figure by its stable name (`scheduled`, `ready`, `restarts[app]`, …), in summary order.
    pub fn values(&self) -> Vec<(String, FigureValue)> {
        let mut v = vec![
            ("horizon".to_string(), FigureValue::Duration(self.horizon_ms)),
            ("scheduled".to_string(), FigureValue::Time(self.scheduled_ms)),
            ("initialized".to_string(), FigureValue::Time(self.initialized_ms)),
            ("ready".to_string(), FigureValue::Time(self.ready_ms)),
            ("not-ready".to_string(), FigureValue::Duration(self.not_ready_ms)),
            ("restarts".to_string(), FigureValue::Count(self.restarts_total())),
        ];
        for (name, n) in &self.restarts {
            v.push((format!("restarts[{name}]"), FigureValue::Count(*n)));
        }
        v.extend([
            ("backoff-cap".to_string(), FigureValue::Time(self.backoff_cap_ms)),
            ("phase".to_string(), FigureValue::Text(self.phase.clone())),
            ("status".to_string(), FigureValue::Text(self.status.clone())),
            ("ended".to_string(), FigureValue::Time(self.ended_ms)),
            ("deleted".to_string(), FigureValue::Time(self.deleted_ms)),
        ]);
        v
    }

    /// One figure by name.
    pub fn value(&self, name: &str) -> Option<FigureValue> {
        self.values().into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// `name: value` lines, stable for scripts to grep.
    pub fn summary(&self) -> String {
        let mut out = format!("pod: {}\n", self.pod);
        for (name, v) in self.values() {
            out.push_str(&format!("{name}: {}\n", v.text()));
        }
        out
    }
}

/// The key figures of `trace`, in one pass over its records.
pub fn figures(trace: &Trace) -> Figures {
    let first_true = |type_: &str| {
        trace.conditions.iter().find(|c| c.type_ == type_ && c.status == "True").map(|c| c.t.ms())
    };
    let horizon = trace.horizon_ms;
    // A deleted pod is gone, not unready: count up to its removal.
    let end = trace.deleted_at.map_or(horizon, |d| d.ms().min(horizon));
    let mut not_ready_ms = 0;
    let mut since: Option<i64> = Some(0);
    for c in trace.conditions.iter().filter(|c| c.type_ == "Ready") {
        let t = c.t.ms().min(end);
        match (c.status == "True", since) {
            (true, Some(s)) => {
                not_ready_ms += t - s;
                since = None;
            }
            (false, None) => since = Some(t),
            _ => {}
        }
    }
    if let Some(s) = since {
        not_ready_ms += end.saturating_sub(s).max(0);
    }
    let mut restarts: Vec<(String, i64)> = Vec::new();
    // Exits per container, to find the one after which the back-off is at its cap.
    let mut exits: Vec<(&str, Exits)> = Vec::new();
    let cap_sequence = crash_backoff_sequence(CAP_SEARCH);
    let cap = cap_sequence.iter().copied().max().unwrap_or(0);
    let mut backoff_cap_ms = None;
    for c in &trace.containers {
        match restarts.iter_mut().find(|(n, _)| *n == c.name) {
            Some(e) => e.1 = e.1.max(c.restart_count),
            None => restarts.push((c.name.clone(), c.restart_count)),
        }
        let i = match exits.iter().position(|(n, _)| *n == c.name) {
            Some(i) => i,
            None => {
                exits.push((&c.name, Exits::default()));
                exits.len() - 1
            }
        };
        let e = &mut exits[i].1;
        if e.see(c)
            && backoff_cap_ms.is_none()
            && c.kind != "ephemeral"
            && cap_sequence.get(e.count - 1) == Some(&cap)
        {
            backoff_cap_ms = Some(c.t.ms());
        }
    }
    // Spec order (init, app, ephemeral containers), whatever order their records came in.
    let spec = &trace.base.spec;
    let order: Vec<&str> = spec
        .init_containers
        .iter()
        .flatten()
        .chain(&spec.containers)
        .chain(spec.ephemeral_containers.iter().flatten())
        .map(|c| c.name.as_str())
        .collect();
    crate::sort::by_key(&mut restarts, |(n, _)| order.iter().position(|o| o == n).unwrap_or(usize::MAX));
    Figures {
        pod: trace.pod.clone(),
        horizon_ms: horizon,
        scheduled_ms: first_true("PodScheduled"),
        initialized_ms: first_true("Initialized"),
        ready_ms: first_true("Ready"),
        not_ready_ms,
        restarts,
        backoff_cap_ms,
        phase: trace.phases.last().map(|p| p.phase.clone()).unwrap_or_default(),
        ended_ms: trace
            .phases
            .iter()
            .find(|p| p.phase == "Succeeded" || p.phase == "Failed")
            .map(|p| p.t.ms()),
        deleted_ms: trace.deleted_at.map(|d| d.ms()),
        status: trace.rows.last().map(|r| r.status.clone()).unwrap_or_default(),
        // A result is `success` or `failure`: one byte tells them apart, where comparing whole strings
        // for every one of a day's hundreds of thousands of probes showed in the page's time per edit.
        probe_failures: trace.probes.iter().filter(|p| p.result.as_bytes().first() == Some(&b'f')).count(),
    }
}

/// When container `name`'s crash back-off reached the 5-minute cap (its exit after which the next
/// restart waits 300 s), if within the trace.
pub(crate) fn cap_reached(trace: &Trace, name: &str) -> Option<i64> {
    let seq = crash_backoff_sequence(CAP_SEARCH);
    let cap = seq.iter().copied().max().unwrap_or(0);
    let mut exits = Exits::default();
    for c in trace.containers.iter().filter(|c| c.name == name) {
        if exits.see(c) && seq.get(exits.count - 1) == Some(&cap) {
            return Some(c.t.ms());
        }
    }
    None
}

/// How many exits to look at for the cap: the doubling from 10 s passes 300 s well before this.
const CAP_SEARCH: usize = 16;

/// A comparison operator of an [`Expectation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl Op {
    fn text(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "==",
            Op::Ne => "!=",
        }
    }

    fn holds<T: Ord>(self, a: T, b: T) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
            Op::Eq => a == b,
            Op::Ne => a != b,
        }
    }
}

/// An assertion on one figure, e.g. `ready<=60s`, `restarts==0`, `phase==Succeeded`.
///
/// Grammar: `FIGURE OP VALUE` (spaces allowed), FIGURE one of [`Figures::values`]' names, OP one of
/// `<= < >= > == !=`, VALUE a duration (`90s`, `2m`, `1h30m`) or `never` for times and durations, a
/// whole number for counts, a word for `phase` and `status` (`==`/`!=` only). A time that never
/// happened compares as later than any duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// The figure's name.
    pub figure: String,
    /// The operator.
    pub op: Op,
    /// The value as written.
    pub value: String,
}

impl Expectation {
    /// Parses `ready<=60s`; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Expectation, String> {
        let ops =
            [("<=", Op::Le), (">=", Op::Ge), ("==", Op::Eq), ("!=", Op::Ne), ("<", Op::Lt), (">", Op::Gt)];
        let found = ops.iter().filter_map(|(s, op)| text.find(s).map(|i| (i, *s, *op))).min_by_key(|f| f.0);
        let Some((i, s, op)) = found else {
            return Err(format!("{text:?}: expected FIGURE OP VALUE, e.g. ready<=60s"));
        };
        let figure = text[..i].trim().to_string();
        let value = text[i + s.len()..].trim().to_string();
        if figure.is_empty() || value.is_empty() {
            return Err(format!("{text:?}: expected FIGURE OP VALUE, e.g. ready<=60s"));
        }
        Ok(Expectation { figure, op, value })
    }

    /// `Ok` when `figures` satisfy it; otherwise the phrase saying what was found instead. An unknown
    /// figure or a value of the wrong kind is an error too.
    pub fn check(&self, figures: &Figures) -> Result<(), Phrase> {
        let written = format!("{}{}{}", self.figure, self.op.text(), self.value);
        let Some(actual) = figures.value(&self.figure) else {
            let names: Vec<String> = figures.values().into_iter().map(|(n, _)| n).collect();
            return Err(Phrase::new(Key::ExpectUnknownFigure, [written, names.join(", ")]));
        };
        let wanted = match &actual {
            FigureValue::Text(_) if matches!(self.op, Op::Eq | Op::Ne) => {
                FigureValue::Text(self.value.clone())
            }
            FigureValue::Count(_) => match self.value.parse::<i64>() {
                Ok(n) => FigureValue::Count(n),
                Err(_) => {
                    return Err(Phrase::new(Key::ExpectBadValue, [written, "a whole number".to_string()]))
                }
            },
            FigureValue::Time(_) | FigureValue::Duration(_) => match self.value.as_str() {
                "never" => FigureValue::Time(None),
                v => match crate::scenario::parse_duration_ms(v).and_then(|ms| i64::try_from(ms).ok()) {
                    Some(ms) => FigureValue::Duration(ms),
                    None => {
                        return Err(Phrase::new(Key::ExpectBadValue, [written, "a duration".to_string()]))
                    }
                },
            },
            FigureValue::Text(_) => {
                return Err(Phrase::new(Key::ExpectBadValue, [written, "== or != with a word".to_string()]))
            }
        };
        let holds = match (actual.number(), wanted.number()) {
            (Some(a), Some(b)) => self.op.holds(a, b),
            _ => self.op.holds(&actual, &wanted),
        };
        if holds {
            Ok(())
        } else {
            Err(Phrase::new(Key::ExpectViolated, [written, self.figure.clone(), actual.text()]))
        }
    }
}
