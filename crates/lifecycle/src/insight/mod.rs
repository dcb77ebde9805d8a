//! Insight into a run: why each thing happened ([`explain`]), what only a simulation can warn about
//! ([`lint`]), the key figures of a run ([`figures`]) and their differences ([`compare`]), and the run
//! as kubectl commands or a kubectl transcript ([`kubectl_script`], [`transcript`]).
//!
//! Everything here is data for a host to present: explanations and lints carry a [`crate::Phrase`]
//! (translatable) plus the spec field paths involved, which [`field_lines`] turns into line numbers of
//! the user's text. Each function is linear in the size of the trace.

mod compare;
mod explain;
mod export;
mod figures;
mod lint;

pub use compare::{compare, FigureDiff};
pub use explain::{explain, Explanation, Rule, Subject};
pub use export::{kubectl_script, transcript};
pub use figures::{figures, Expectation, FigureValue, Figures, Op};
pub use lint::{lint, Lint};

use crate::load::SourceMap;
use crate::model::{Container, Pod};

/// The distinct 1-based lines of the user's text where `fields` are written (a field left out points
/// at its nearest written ancestor), ascending.
pub fn field_lines(source: &SourceMap, fields: &[String]) -> Vec<u32> {
    let mut lines: Vec<u32> = fields.iter().filter_map(|f| source.pos(f)).map(|p| p.line).collect();
    crate::sort::ascending(&mut lines);
    lines.dedup();
    lines
}

/// A container of the pod's spec found by name: its field path (`spec.containers[0]`) and spec.
pub(crate) struct Found<'a> {
    /// `spec.containers[0]`, `spec.initContainers[1]`, `spec.ephemeralContainers[0]`.
    pub path: String,
    /// The container's spec.
    pub spec: &'a Container,
    /// True for `initContainers` (sidecars included).
    pub init: bool,
}

/// Finds a container by name among the app, init and ephemeral containers.
pub(crate) fn find_container<'a>(pod: &'a Pod, name: &str) -> Option<Found<'a>> {
    let lists: [(&str, &'a [Container], bool); 3] = [
        ("spec.containers", &pod.spec.containers, false),
        ("spec.initContainers", pod.init_containers(), true),
        ("spec.ephemeralContainers", pod.ephemeral_containers(), false),
    ];
    for (list, items, init) in lists {
        if let Some(i) = items.iter().position(|c| c.name == name) {
            return Some(Found { path: format!("{list}[{i}]"), spec: &items[i], init });
        }
    }
    None
}

/// The container named by an event's object (`spec.containers{app}` → `app`).
pub(crate) fn object_container(object: Option<&str>) -> Option<&str> {
    let o = object?;
    let open = o.find('{')?;
    o[open + 1..].strip_suffix('}')
}

/// `0.008s`-style simulated time, as every podlife text prints it.
pub(crate) fn at(ms: i64) -> String {
    crate::sim::SimTime(ms).to_string()
}

/// A Go duration (`40s`, `5m0s`), as the kubelet prints back-offs.
pub(crate) fn dur(ms: i64) -> String {
    crate::time::go_duration(ms)
}

/// Counts one container's exits over its status records. An exit is a `terminated` record of an
/// instance (restart count) not seen terminated before: a short-lived instance can go from terminated
/// to terminated with no running record between.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Exits {
    /// Exits so far.
    pub count: usize,
    last: Option<i64>,
}

impl Exits {
    /// Takes the next record of the container; true when it is a new exit.
    pub fn see(&mut self, r: &crate::sim::trace::ContainerRecord) -> bool {
        if r.state == "terminated" && self.last != Some(r.restart_count) {
            self.last = Some(r.restart_count);
            self.count += 1;
            return true;
        }
        false
    }
}
