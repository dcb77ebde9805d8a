//! Loading: text → typed documents (a Pod, Services, a Scenario) + a source map + diagnostics.
//!
//! The text is one YAML or JSON stream. Each document (or each item of a `kind: List`) is dispatched on
//! `kind`/`apiVersion`, decoded strictly through [`crate::decode`], defaulted as the apiserver would
//! and, for the Pod, validated. When strict decoding fails the apiserver never reaches validation, so
//! neither do we: the user sees exactly the errors kubectl would print first.

use crate::decode::{self, describe, go_quote, Ctx};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::model::Pod;
use crate::scenario::{self, RawScenario, Scenario};
use crate::service::Service;
use crate::text::{Key, Phrase};
use crate::yaml::{self, Node, NodeValue};
use crate::{defaults, validate};
use std::collections::BTreeMap;

/// Field path → position of that field's key (or of the item, for sequence items).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    map: BTreeMap<String, Pos>,
}

impl SourceMap {
    /// Records `path` at `pos`.
    pub fn insert(&mut self, path: String, pos: Pos) {
        self.map.insert(path, pos);
    }

    /// Records every `(path, pos)` of `entries`, a later entry for a path replacing an earlier one
    /// (as [`Self::insert`] would, one by one).
    pub(crate) fn absorb(&mut self, mut entries: Vec<(String, Pos)>) {
        if !self.map.is_empty() {
            self.map.extend(entries);
            return;
        }
        // Stable: entries for the same path stay in recording order, and the last one is kept.
        crate::sort::by(&mut entries, |a, b| a.0.cmp(&b.0));
        let mut deduped: Vec<(String, Pos)> = Vec::with_capacity(entries.len());
        for (path, pos) in entries {
            match deduped.last_mut() {
                Some(last) if last.0 == path => last.1 = pos,
                _ => deduped.push((path, pos)),
            }
        }
        // Already sorted and unique: collecting builds the tree in one pass.
        self.map = deduped.into_iter().collect();
    }

    /// The position recorded for exactly `path`.
    pub fn get(&self, path: &str) -> Option<Pos> {
        self.map.get(path).copied()
    }

    /// The position of `path`, or of its nearest ancestor that was written (a missing field points at
    /// its parent).
    pub fn pos(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.map.get(p) {
                return Some(*pos);
            }
            if p.is_empty() {
                return None;
            }
            p = parent_path(p);
        }
    }

    /// Number of recorded paths.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// All recorded paths and positions, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Pos)> {
        self.map.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

/// `a.b[0]` → `a.b`, `a.b` → `a`, `a` → ``.
fn parent_path(p: &str) -> &str {
    if p.ends_with(']') {
        if let Some(i) = p.rfind('[') {
            return &p[..i];
        }
    }
    match p.rfind('.') {
        Some(i) => &p[..i],
        None => "",
    }
}

/// What `load` found in the text.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The Pod, decoded and defaulted; present even when it is invalid, so views can still show it.
    pub pod: Option<Pod>,
    /// `v1` Services present from t = 0, defaulted.
    pub services: Vec<Service>,
    /// The Scenario document, with its defaults applied.
    pub scenario: Option<Scenario>,
    /// Positions of the Pod document's fields.
    pub source: SourceMap,
    /// Everything wrong with the text, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The apiserver's validation errors for the Pod, in the order it discovers them
    /// (what `kubectl apply` prints; see [`validate::invalid_message`]).
    pub validation: Vec<Diagnostic>,
}

impl Loaded {
    /// True when any diagnostic is an error: the apiserver (or the parser) would reject the text.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

const KINDS: [&str; 4] = ["Pod", "Service", "Scenario", "List"];

/// Parses the user's text. Never panics, whatever the input.
pub fn load(text: &str) -> Loaded {
    let stream = yaml::parse(text);
    let mut out = Loaded::default();
    let mut diags = Vec::new();
    let syntax_failed = stream.error.is_some();
    if let Some(e) = stream.error {
        diags.push(e);
    }
    let mut state = State::default();
    for doc in &stream.docs {
        if matches!(doc.value, NodeValue::Null) {
            continue;
        }
        state.documents += 1;
        state.document(doc, false, &mut out, &mut diags);
    }
    if out.pod.is_none() && !syntax_failed {
        let key = if state.documents == 0 { Key::EmptyText } else { Key::NoPod };
        // A document whose kind or apiVersion was refused already explains the missing Pod.
        if state.documents == 0 || (!state.pod_seen && !state.refused) {
            let phrase = Phrase::new(key, [""; 0]);
            diags.push(Diagnostic::error_said("", Some(Pos { line: 1, col: 1 }), phrase));
        }
    }
    if let (true, Some(pod)) = (state.validate_pod, &out.pod) {
        let sem = match &out.scenario {
            Some(sc) => {
                let v = sc.kubernetes_version.as_deref().and_then(crate::phase::KubeVersion::parse);
                crate::phase::PhaseSemantics::with_gates(v.unwrap_or_default(), &sc.feature_gates)
            }
            None => crate::phase::PhaseSemantics::default(),
        };
        let found = validate::validate_for(pod, &out.source, sem);
        out.validation = found.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
        diags.extend(found);
    }
    if let (Some(pod), Some(sc)) = (&out.pod, &out.scenario) {
        let names: Vec<String> = pod
            .spec
            .containers
            .iter()
            .chain(pod.init_containers())
            .chain(pod.ephemeral_containers())
            .map(|c| c.name.clone())
            .collect();
        scenario::cross_check(sc, &names, &state.scenario_source, &mut diags);
    }
    crate::sort::by_key(&mut diags, |d| (d.pos.is_none(), d.pos));
    out.diagnostics = diags;
    out
}

#[derive(Default)]
struct State {
    documents: usize,
    pod_seen: bool,
    refused: bool,
    pod_pos: Option<Pos>,
    scenario_pos: Option<Pos>,
    scenario_source: SourceMap,
    validate_pod: bool,
}

impl State {
    fn document(&mut self, doc: &Node, in_list: bool, out: &mut Loaded, diags: &mut Vec<Diagnostic>) {
        let Some(kind) = kind_of(doc, diags) else {
            self.refused = true;
            return;
        };
        match kind {
            "List" if in_list => {
                diags.push(Diagnostic::error(
                    "kind",
                    key_pos(doc, "kind"),
                    "Invalid value: \"List\": a List may not contain Lists",
                ));
            }
            "List" => match doc.get("items").map(|n| &n.value) {
                Some(NodeValue::Seq(items)) => {
                    for item in items {
                        self.document(item, true, out, diags);
                    }
                }
                None | Some(NodeValue::Null) => {}
                Some(_) => diags.push(Diagnostic::error_said(
                    "items",
                    doc.get("items").map(|n| n.pos),
                    Phrase::new(
                        Key::TypeList,
                        [format!("Invalid value: {}", doc.get("items").map(describe).unwrap_or_default())],
                    ),
                )),
            },
            "Pod" => self.pod(doc, out, diags),
            "Service" => {
                let mut ctx = Ctx::default();
                if let Some(mut svc) = decode::decode::<Service>(doc, &mut ctx) {
                    defaults::apply_service(&mut svc);
                    out.services.push(svc);
                }
                diags.append(&mut ctx.diags);
            }
            "Scenario" => {
                if let Some(first) = self.scenario_pos {
                    diags.push(Diagnostic::error_said(
                        "",
                        Some(doc.pos),
                        Phrase::new(Key::SecondScenario, [first.line.to_string()]),
                    ));
                    return;
                }
                self.scenario_pos = Some(doc.pos);
                let mut ctx = Ctx::default();
                // Cut before decoding: decoding actions that will never run is most of the cost.
                let limited = limit_actions(doc);
                if let Some((_, total, pos)) = &limited {
                    diags.push(Diagnostic::warning_said(
                        "spec.actions",
                        Some(*pos),
                        Phrase::new(
                            Key::TooManyActions,
                            [total.to_string(), scenario::MAX_ACTIONS.to_string()],
                        ),
                    ));
                }
                let doc = limited.as_ref().map_or(doc, |(d, _, _)| d);
                if let Some(raw) = decode::decode::<RawScenario>(doc, &mut ctx) {
                    out.scenario = Some(scenario::build(raw, &ctx.source, &mut ctx.diags));
                }
                diags.append(&mut ctx.diags);
                self.scenario_source = ctx.source;
            }
            _ => {}
        }
    }

    fn pod(&mut self, doc: &Node, out: &mut Loaded, diags: &mut Vec<Diagnostic>) {
        self.pod_seen = true;
        if let Some(first) = self.pod_pos {
            diags.push(Diagnostic::error_said(
                "",
                Some(doc.pos),
                Phrase::new(Key::SecondPod, [first.line.to_string()]),
            ));
            return;
        }
        self.pod_pos = Some(doc.pos);
        let mut ctx = Ctx::default();
        let Some(mut pod) = decode::decode::<Pod>(doc, &mut ctx) else {
            diags.append(&mut ctx.diags);
            out.source = ctx.source;
            return;
        };
        let decode_failed = !ctx.diags.is_empty();
        diags.append(&mut ctx.diags);
        defaults::apply(&mut pod);
        // Validated once the whole text is read: the Scenario (maybe later) sets the feature gates.
        self.validate_pod = !decode_failed;
        out.source = ctx.source;
        out.pod = Some(pod);
    }
}

/// A copy of a Scenario document whose `spec.actions` has more than [`scenario::MAX_ACTIONS`] items,
/// keeping only the first ones, with the count and the position of the first action dropped.
fn limit_actions(doc: &Node) -> Option<(Node, usize, Pos)> {
    // The entries the decoder reads (`Node::get`: the last of a repeated key), found again below by
    // identity, so that only they are replaced.
    let spec = doc.get("spec")?;
    let actions = spec.get("actions")?;
    let NodeValue::Seq(items) = &actions.value else { return None };
    let dropped = items.get(scenario::MAX_ACTIONS)?.pos;
    let kept = Node { value: NodeValue::Seq(items[..scenario::MAX_ACTIONS].to_vec()), pos: actions.pos };
    let spec = Node { value: NodeValue::Map(replaced(spec, actions, kept)?), pos: spec.pos };
    let top = replaced(doc, doc.get("spec")?, spec)?;
    Some((Node { value: NodeValue::Map(top), pos: doc.pos }, items.len(), dropped))
}

/// The entries of mapping `map`, `old` (one of its values) replaced by `new`.
fn replaced(map: &Node, old: &Node, new: Node) -> Option<Vec<(Node, Node)>> {
    let NodeValue::Map(entries) = &map.value else { return None };
    let mut new = Some(new);
    let entries = entries.iter().map(|(k, v)| {
        let v = if std::ptr::eq(v, old) { new.take().unwrap_or_else(|| v.clone()) } else { v.clone() };
        (k.clone(), v)
    });
    Some(entries.collect())
}

fn key_pos(doc: &Node, key: &str) -> Option<Pos> {
    doc.get_key(key).map(|k| k.pos).or(Some(doc.pos))
}

/// Reads and checks `kind` and `apiVersion`; `None` (with a diagnostic) when podlife can't use the doc.
fn kind_of<'n>(doc: &'n Node, diags: &mut Vec<Diagnostic>) -> Option<&'n str> {
    if !matches!(doc.value, NodeValue::Map(_)) {
        diags.push(Diagnostic::error_said(
            "",
            Some(doc.pos),
            Phrase::new(Key::ExpectedObject, [format!("Invalid value: {}", describe(doc))]),
        ));
        return None;
    }
    let supported = KINDS.iter().map(|k| go_quote(k)).collect::<Vec<_>>().join(", ");
    let kind = match doc.get("kind") {
        None | Some(Node { value: NodeValue::Null, .. }) => {
            diags.push(Diagnostic::error_said(
                "kind",
                Some(doc.pos),
                Phrase::new(
                    Key::SupportedKinds,
                    ["Required value: Object 'Kind' is missing".to_string(), supported],
                ),
            ));
            return None;
        }
        Some(Node { value: NodeValue::Str(s), .. }) if KINDS.contains(&s.as_str()) => s.as_str(),
        Some(n) => {
            diags.push(Diagnostic::error(
                "kind",
                key_pos(doc, "kind"),
                format!("Unsupported value: {}: supported values: {supported}", describe(n)),
            ));
            return None;
        }
    };
    let want = if kind == "Scenario" { scenario::API_VERSION } else { "v1" };
    match doc.get("apiVersion") {
        Some(Node { value: NodeValue::Str(s), .. }) if s == want => Some(kind),
        None | Some(Node { value: NodeValue::Null, .. }) => {
            diags.push(Diagnostic::error_said(
                "apiVersion",
                Some(doc.pos),
                Phrase::new(
                    Key::KindNeedsApiVersion,
                    ["Required value: Object 'apiVersion' is missing", kind, want],
                ),
            ));
            None
        }
        Some(n) => {
            let shown = n.key_text().unwrap_or_else(|| describe(n));
            let kubectl = format!("no matches for kind {} in version {}", go_quote(kind), go_quote(&shown));
            diags.push(Diagnostic::error_said(
                "apiVersion",
                key_pos(doc, "apiVersion"),
                Phrase::new(Key::PodlifeReadsKind, [kubectl, kind.to_string(), want.to_string()]),
            ));
            None
        }
    }
}
