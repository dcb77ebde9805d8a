//! A positioned YAML tree, built from libyaml's event stream.
//!
//! serde_yaml 0.9 keeps no positions, so this module drives `unsafe_libyaml` (the libyaml port serde_yaml
//! itself uses) event by event and builds [`Node`]s that remember where they start. All of the crate's
//! unsafe code lives here, behind [`parse`].
//!
//! Scalars resolve the way kubectl's YAML→JSON step does (sigs.k8s.io/yaml on go-yaml v2): YAML 1.1
//! booleans (`yes`, `on`, …), Go-style integers (`0x1F`, `0o17`, `017`, `1_000`), floats, and nulls.
//! Timestamps stay strings: kubectl would turn a plain `2024-01-01` into an RFC 3339 string, which no Pod
//! field cares about.
#![allow(unsafe_code)]

use crate::diag::{Diagnostic, Pos};
use crate::text::{Key, Phrase};
use std::collections::BTreeMap;
use std::ffi::CStr;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use unsafe_libyaml as unsafe_sys;

/// Largest text accepted, checked before parsing.
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;
/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 100;
/// Most nodes a stream may hold once aliases are expanded (the "billion laughs" fence).
pub const MAX_NODES: usize = 200_000;
/// Most scalar text a stream may hold once aliases are expanded: the apiserver's limit on a request
/// body (3 MiB), which no object could pass anyway. Without aliases the text is at most
/// [`MAX_INPUT_BYTES`]; with them, a few thousand aliases of a megabyte string would need gigabytes.
pub const MAX_TEXT_BYTES: usize = 3 * 1024 * 1024;

/// A YAML node and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The resolved value.
    pub value: NodeValue,
    /// 1-based line and column of the node's first character.
    pub pos: Pos,
}

/// A resolved YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `null`, `~` or nothing.
    Null,
    /// `true`/`false` (and the YAML 1.1 spellings go-yaml v2 accepts).
    Bool(bool),
    /// An integer that fits in i64.
    Int(i64),
    /// A float (and integers beyond i64, as Go's JSON would carry them).
    Float(f64),
    /// A string: quoted, block, or a plain scalar that is nothing else.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order; duplicate keys are kept for the decoder to report.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The key text a mapping key stands for once converted to JSON (where keys are always strings).
    pub fn key_text(&self) -> Option<String> {
        match &self.value {
            NodeValue::Str(s) => Some(s.clone()),
            NodeValue::Int(i) => Some(i.to_string()),
            NodeValue::Float(f) => Some(format_float(*f)),
            NodeValue::Bool(b) => Some(b.to_string()),
            NodeValue::Null => Some("null".to_string()),
            NodeValue::Seq(_) | NodeValue::Map(_) => None,
        }
    }

    /// The value of `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| matches!(&k.value, NodeValue::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key node of `key` when this node is a mapping (the last one, as JSON decoding keeps).
    pub fn get_key(&self, key: &str) -> Option<&Node> {
        match &self.value {
            NodeValue::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| matches!(&k.value, NodeValue::Str(s) if s == key))
                .map(|(k, _)| k),
            _ => None,
        }
    }

    /// The string value, when this node is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Formats a float the way the diagnostics print it (`80.5`, `1e+21`, `+Inf`).
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        format!("{f}")
    }
}

/// The documents of a stream and, when parsing stopped early, why.
#[derive(Debug, Clone, Default)]
pub struct Stream {
    /// Every document completed before any error.
    pub docs: Vec<Node>,
    /// The syntax or limit error that stopped the parse.
    pub error: Option<Diagnostic>,
}

/// Parses a multi-document YAML (or JSON) stream into positioned trees. Never panics.
pub fn parse(text: &str) -> Stream {
    if text.len() > MAX_INPUT_BYTES {
        return Stream {
            docs: Vec::new(),
            error: Some(Diagnostic::error_said(
                "",
                Some(Pos { line: 1, col: 1 }),
                Phrase::new(Key::InputTooLarge, [text.len().to_string(), MAX_INPUT_BYTES.to_string()]),
            )),
        };
    }
    if let Some(d) = check_characters(text) {
        return Stream { docs: Vec::new(), error: Some(d) };
    }
    let mut builder = Builder::default();
    let Some(mut parser) = Parser::new(text.as_bytes()) else {
        return Stream {
            docs: Vec::new(),
            error: Some(Diagnostic::error("", None, "yaml: could not initialize the parser")),
        };
    };
    loop {
        let (event, pos) = match parser.next(text) {
            Ok(e) => e,
            Err(d) => return Stream { docs: builder.docs, error: Some(d) },
        };
        match builder.event(event, pos) {
            Ok(true) => {}
            Ok(false) => return Stream { docs: builder.docs, error: None },
            Err(d) => return Stream { docs: builder.docs, error: Some(d) },
        }
    }
}

/// YAML's printable set (YAML 1.1 §5.1), checked up front so the error can name the character and place.
fn check_characters(text: &str) -> Option<Diagnostic> {
    // Printable ASCII, tabs and line breaks are all fine: only a text with some other byte needs the
    // character-by-character walk below (which also counts lines and columns for the message).
    if text.bytes().all(|b| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7E)) {
        return None;
    }
    let mut line = 1u32;
    let mut col = 1u32;
    for c in text.chars() {
        let ok = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}');
        if !ok {
            // go-yaml says the first part; which character it was is podlife's addition.
            return Some(Diagnostic::error_said(
                "",
                Some(Pos { line, col }),
                Phrase::new(
                    Key::ControlCharacterFound,
                    ["yaml: control characters are not allowed".to_string(), format!("{:04X}", c as u32)],
                ),
            ));
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------------
// libyaml wrapper

/// One libyaml event, copied out of the C structs.
enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar { anchor: Option<String>, tag: Option<String>, value: String, plain: bool },
    SequenceStart { anchor: Option<String> },
    SequenceEnd,
    MappingStart { anchor: Option<String> },
    MappingEnd,
}

struct Parser<'a> {
    ptr: *mut unsafe_sys::yaml_parser_t,
    /// libyaml keeps a pointer into the input: tie the parser's lifetime to it.
    _input: PhantomData<&'a [u8]>,
}

impl<'a> Parser<'a> {
    fn new(input: &'a [u8]) -> Option<Self> {
        let ptr = Box::into_raw(Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit()))
            .cast::<unsafe_sys::yaml_parser_t>();
        // SAFETY: `ptr` points to a live, suitably aligned allocation; yaml_parser_initialize fully
        // initializes it (or fails, in which case we free it untouched). The input slice outlives the
        // parser thanks to the `'a` lifetime carried by PhantomData.
        unsafe {
            if unsafe_sys::yaml_parser_initialize(ptr).fail {
                drop(Box::from_raw(ptr.cast::<MaybeUninit<unsafe_sys::yaml_parser_t>>()));
                return None;
            }
            unsafe_sys::yaml_parser_set_encoding(ptr, unsafe_sys::YAML_UTF8_ENCODING);
            unsafe_sys::yaml_parser_set_input_string(ptr, input.as_ptr(), input.len() as u64);
        }
        Some(Parser { ptr, _input: PhantomData })
    }

    fn next(&mut self, text: &str) -> Result<(Event, Pos), Diagnostic> {
        let mut raw = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: `self.ptr` is an initialized parser (see `new`). yaml_parser_parse writes a complete
        // event on success; we copy everything we need out of it before yaml_event_delete frees its
        // strings, and never touch the event after that. On failure no event is produced.
        unsafe {
            if (&*self.ptr).error != unsafe_sys::YAML_NO_ERROR
                || unsafe_sys::yaml_parser_parse(self.ptr, raw.as_mut_ptr()).fail
            {
                return Err(syntax_error(&*self.ptr, text));
            }
            let ev = raw.as_mut_ptr();
            let pos = mark_pos((*ev).start_mark);
            let out = convert(&*ev);
            unsafe_sys::yaml_event_delete(ev);
            Ok((out, pos))
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from Box::into_raw in `new` and was initialized there; it is deleted and
        // freed exactly once, here.
        unsafe {
            unsafe_sys::yaml_parser_delete(self.ptr);
            drop(Box::from_raw(self.ptr.cast::<MaybeUninit<unsafe_sys::yaml_parser_t>>()));
        }
    }
}

fn mark_pos(m: unsafe_sys::yaml_mark_t) -> Pos {
    Pos { line: clamp_u32(m.line).saturating_add(1), col: clamp_u32(m.column).saturating_add(1) }
}

fn clamp_u32(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Reads a NUL-terminated libyaml string.
///
/// # Safety
/// `p` is null or points to a NUL-terminated buffer that stays alive for the call.
unsafe fn c_string(p: *const u8) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: guaranteed by the caller.
    let s = unsafe { CStr::from_ptr(p.cast()) };
    Some(s.to_string_lossy().into_owned())
}

/// Copies one event out of libyaml's structs.
///
/// # Safety
/// `ev` is an event just produced by yaml_parser_parse and not yet deleted.
unsafe fn convert(ev: &unsafe_sys::yaml_event_t) -> Event {
    // SAFETY: the union member read in each arm is the one libyaml fills for that event type; its
    // pointers are null or valid for the event's lifetime.
    unsafe {
        match ev.type_ {
            unsafe_sys::YAML_STREAM_START_EVENT => Event::StreamStart,
            unsafe_sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
            unsafe_sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
            unsafe_sys::YAML_ALIAS_EVENT => Event::Alias(c_string(ev.data.alias.anchor).unwrap_or_default()),
            unsafe_sys::YAML_SCALAR_EVENT => {
                let s = ev.data.scalar;
                let bytes = if s.value.is_null() {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(s.value, usize::try_from(s.length).unwrap_or(0))
                };
                Event::Scalar {
                    anchor: c_string(s.anchor),
                    tag: c_string(s.tag),
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    plain: s.style == unsafe_sys::YAML_PLAIN_SCALAR_STYLE,
                }
            }
            unsafe_sys::YAML_SEQUENCE_START_EVENT => {
                Event::SequenceStart { anchor: c_string(ev.data.sequence_start.anchor) }
            }
            unsafe_sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
            unsafe_sys::YAML_MAPPING_START_EVENT => {
                Event::MappingStart { anchor: c_string(ev.data.mapping_start.anchor) }
            }
            unsafe_sys::YAML_MAPPING_END_EVENT => Event::MappingEnd,
            // YAML_STREAM_END_EVENT and YAML_NO_EVENT (produced only after the stream end) both end it.
            _ => Event::StreamEnd,
        }
    }
}

/// Turns libyaml's error state into go-yaml v2's message (what kubectl prints after
/// `error converting YAML to JSON: `), anchored at libyaml's problem mark.
///
/// go-yaml v2 prints `problem_mark.line` (0-based) and adds one only for scanner errors, so parser
/// errors name the line before the 1-based one; we keep that quirk in the message for fidelity and
/// put the true place in `pos`. kubectl numbers lines per document; we number them in the whole text.
fn syntax_error(p: &unsafe_sys::yaml_parser_t, text: &str) -> Diagnostic {
    // SAFETY: `problem` is null or a static C string set by libyaml.
    let problem = unsafe { c_string(p.problem.cast()) }
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown problem parsing YAML content".to_string());
    let scanner = p.error == unsafe_sys::YAML_SCANNER_ERROR;
    let mut line = 0u64;
    if p.problem_mark.line != 0 {
        line = p.problem_mark.line + u64::from(scanner);
    } else if p.context_mark.line != 0 {
        line = p.context_mark.line;
    }
    let message =
        if line != 0 { format!("yaml: line {line}: {problem}") } else { format!("yaml: {problem}") };
    let (pos, index) = if p.error == unsafe_sys::YAML_READER_ERROR {
        let index = usize::try_from(p.problem_offset).unwrap_or(usize::MAX);
        (offset_pos(text, index), index)
    } else {
        (mark_pos(p.problem_mark), usize::try_from(p.problem_mark.index).unwrap_or(usize::MAX))
    };
    if text.get(index..).and_then(|s| s.chars().next()) == Some('\t') {
        return Diagnostic::error_said("", Some(pos), Phrase::new(Key::TabIndentHint, [message]));
    }
    Diagnostic::error("", Some(pos), message)
}

fn offset_pos(text: &str, index: usize) -> Pos {
    let mut pos = Pos { line: 1, col: 1 };
    for (i, c) in text.char_indices() {
        if i >= index {
            break;
        }
        if c == '\n' {
            pos.line += 1;
            pos.col = 1;
        } else {
            pos.col += 1;
        }
    }
    pos
}

// ---------------------------------------------------------------------------------------------------
// Tree building

/// A finished subtree: the node and how deep it goes.
struct Built {
    node: Node,
    height: usize,
    /// A plain `<<` scalar: a merge key when it sits in key position.
    merge: bool,
}

enum FrameKind {
    Seq(Vec<Node>),
    Map { entries: Vec<(Node, Node)>, merges: Vec<usize>, key: Option<(Node, bool)> },
}

struct Frame {
    kind: FrameKind,
    pos: Pos,
    anchor: Option<String>,
    start_count: usize,
    start_text: usize,
    height: usize,
}

#[derive(Default)]
struct Builder {
    docs: Vec<Node>,
    stack: Vec<Frame>,
    /// Anchor → (node, nodes in it, its height, bytes of scalar text in it).
    anchors: BTreeMap<String, (Node, usize, usize, usize)>,
    open_anchors: Vec<String>,
    count: usize,
    /// Bytes of scalar text so far, aliases expanded.
    text: usize,
    aliased: bool,
    root: Option<Node>,
}

impl Builder {
    /// Feeds one event; `Ok(false)` at the end of the stream.
    fn event(&mut self, event: Event, pos: Pos) -> Result<bool, Diagnostic> {
        match event {
            Event::StreamStart => {}
            Event::StreamEnd => return Ok(false),
            Event::DocumentStart => {
                self.anchors.clear();
                self.root = None;
            }
            Event::DocumentEnd => {
                let root = self.root.take().unwrap_or(Node { value: NodeValue::Null, pos });
                self.docs.push(root);
            }
            Event::Alias(name) => {
                if self.open_anchors.contains(&name) {
                    return Err(Diagnostic::error(
                        "",
                        Some(pos),
                        format!("yaml: anchor '{name}' value contains itself"),
                    ));
                }
                let Some((_, size, height, text)) = self.anchors.get(&name) else {
                    return Err(Diagnostic::error(
                        "",
                        Some(pos),
                        format!("yaml: unknown anchor '{name}' referenced"),
                    ));
                };
                let (size, height, text) = (*size, *height, *text);
                self.aliased = true;
                self.charge(size, pos)?;
                self.charge_text(text, pos)?;
                if self.stack.len() + height > MAX_DEPTH {
                    return Err(depth_error(pos));
                }
                let Some((node, _, _, _)) = self.anchors.get(&name) else {
                    return Ok(true);
                };
                let mut node = node.clone();
                node.pos = pos;
                self.finish(Built { node, height, merge: false })?;
            }
            Event::Scalar { anchor, tag, value, plain } => {
                self.charge(1, pos)?;
                let text = value.len();
                self.charge_text(text, pos)?;
                let merge = plain && tag.is_none() && value == "<<";
                let node = Node { value: resolve(tag.as_deref(), value, plain), pos };
                if let Some(a) = anchor {
                    self.anchors.insert(a, (node.clone(), 1, 1, text));
                }
                self.finish(Built { node, height: 1, merge })?;
            }
            Event::SequenceStart { anchor } => self.open(FrameKind::Seq(Vec::new()), anchor, pos)?,
            Event::MappingStart { anchor } => {
                self.open(FrameKind::Map { entries: Vec::new(), merges: Vec::new(), key: None }, anchor, pos)?
            }
            Event::SequenceEnd | Event::MappingEnd => self.close()?,
        }
        Ok(true)
    }

    /// Counts `n` bytes of scalar text; only aliases can push a stream past [`MAX_TEXT_BYTES`].
    fn charge_text(&mut self, n: usize, pos: Pos) -> Result<(), Diagnostic> {
        self.text = self.text.saturating_add(n);
        if self.text > MAX_TEXT_BYTES {
            let phrase = Phrase::new(Key::TooMuchTextAfterAliases, [MAX_TEXT_BYTES.to_string()]);
            return Err(Diagnostic::error_said("", Some(pos), phrase));
        }
        Ok(())
    }

    fn charge(&mut self, n: usize, pos: Pos) -> Result<(), Diagnostic> {
        self.count = self.count.saturating_add(n);
        if self.count > MAX_NODES {
            let key = if self.aliased { Key::TooManyNodesAfterAliases } else { Key::TooManyNodes };
            return Err(Diagnostic::error_said("", Some(pos), Phrase::new(key, [MAX_NODES.to_string()])));
        }
        Ok(())
    }

    fn open(&mut self, kind: FrameKind, anchor: Option<String>, pos: Pos) -> Result<(), Diagnostic> {
        self.charge(1, pos)?;
        if self.stack.len() + 1 > MAX_DEPTH {
            return Err(depth_error(pos));
        }
        if let Some(a) = &anchor {
            self.open_anchors.push(a.clone());
        }
        self.stack.push(Frame {
            kind,
            pos,
            anchor,
            start_count: self.count,
            start_text: self.text,
            height: 0,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), Diagnostic> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let value = match frame.kind {
            FrameKind::Seq(items) => NodeValue::Seq(items),
            FrameKind::Map { entries, merges, .. } => NodeValue::Map(apply_merges(entries, &merges)?),
        };
        let node = Node { value, pos: frame.pos };
        let size = self.count - frame.start_count + 1;
        let text = self.text - frame.start_text;
        let height = frame.height + 1;
        if let Some(a) = frame.anchor {
            if let Some(i) = self.open_anchors.iter().rposition(|x| *x == a) {
                self.open_anchors.remove(i);
            }
            self.anchors.insert(a, (node.clone(), size, height, text));
        }
        self.finish(Built { node, height, merge: false })
    }

    fn finish(&mut self, built: Built) -> Result<(), Diagnostic> {
        let Some(top) = self.stack.last_mut() else {
            self.root = Some(built.node);
            return Ok(());
        };
        top.height = top.height.max(built.height);
        match &mut top.kind {
            FrameKind::Seq(items) => items.push(built.node),
            FrameKind::Map { entries, merges, key } => match key.take() {
                None => *key = Some((built.node, built.merge)),
                Some((k, merge)) => {
                    if merge {
                        merges.push(entries.len());
                    }
                    entries.push((k, built.node));
                }
            },
        }
        Ok(())
    }
}

fn depth_error(pos: Pos) -> Diagnostic {
    Diagnostic::error_said("", Some(pos), Phrase::new(Key::NestedTooDeeply, [MAX_DEPTH.to_string()]))
}

/// Expands `<<` merge keys: keys written in the mapping win, then earlier merged mappings win.
fn apply_merges(entries: Vec<(Node, Node)>, merges: &[usize]) -> Result<Vec<(Node, Node)>, Diagnostic> {
    if merges.is_empty() {
        return Ok(entries);
    }
    let mut taken: Vec<String> = entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !merges.contains(i))
        .filter_map(|(_, (k, _))| k.key_text())
        .collect();
    let mut out = Vec::with_capacity(entries.len());
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if !merges.contains(&i) {
            out.push((k, v));
            continue;
        }
        let sources = match v.value {
            NodeValue::Map(_) => vec![v],
            NodeValue::Seq(items) if items.iter().all(|n| matches!(n.value, NodeValue::Map(_))) => items,
            _ => {
                return Err(Diagnostic::error(
                    "",
                    Some(v.pos),
                    "yaml: map merge requires map or sequence of maps as the value",
                ))
            }
        };
        for source in sources {
            if let NodeValue::Map(pairs) = source.value {
                for (mk, mv) in pairs {
                    let text = mk.key_text();
                    if let Some(t) = &text {
                        if taken.contains(t) {
                            continue;
                        }
                        taken.push(t.clone());
                    }
                    out.push((mk, mv));
                }
            }
        }
    }
    Ok(out)
}

const TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// Resolves a scalar as go-yaml v2 does for an untyped target.
// Takes the scalar by value: a string stays the very buffer libyaml's text was copied into.
fn resolve(tag: Option<&str>, value: String, plain: bool) -> NodeValue {
    match tag.and_then(|t| t.strip_prefix(TAG_PREFIX)) {
        Some("str") | Some("binary") | Some("timestamp") => return NodeValue::Str(value),
        Some("null") => return NodeValue::Null,
        Some("bool") | Some("int") | Some("float") => {
            return match resolve_plain(&value) {
                NodeValue::Null => NodeValue::Str(value),
                v => v,
            }
        }
        _ => {}
    }
    if !plain || tag == Some("!") {
        return NodeValue::Str(value);
    }
    resolve_plain_owned(value)
}

/// [`resolve_plain`] keeping `s` as the string when it is one.
fn resolve_plain_owned(s: String) -> NodeValue {
    match resolve_plain_special(&s) {
        Some(v) => v,
        None => NodeValue::Str(s),
    }
}

/// go-yaml v2's implicit resolution of a plain scalar.
pub fn resolve_plain(s: &str) -> NodeValue {
    resolve_plain_special(s).unwrap_or_else(|| NodeValue::Str(s.to_string()))
}

/// What a plain scalar resolves to when it is not a string.
fn resolve_plain_special(s: &str) -> Option<NodeValue> {
    let first = s.as_bytes().first().copied().unwrap_or(b' ');
    // Every spelling `plain_word` knows is at most 6 bytes and starts with one of these: most keys
    // and values skip its comparisons.
    let word_like = s.len() <= 6
        && matches!(
            first,
            b' ' | b'~'
                | b'n'
                | b'N'
                | b'y'
                | b'Y'
                | b't'
                | b'T'
                | b'o'
                | b'O'
                | b'f'
                | b'F'
                | b'.'
                | b'+'
                | b'-'
        );
    if word_like {
        if let Some(v) = plain_word(s) {
            return Some(v);
        }
    }
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return None;
    }
    let plain: std::borrow::Cow<str> =
        if s.contains('_') { s.chars().filter(|c| *c != '_').collect::<String>().into() } else { s.into() };
    if let Some(v) = parse_go_int(&plain) {
        return Some(match i64::try_from(v) {
            Ok(i) => NodeValue::Int(i),
            Err(_) => NodeValue::Float(v as f64),
        });
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return Some(NodeValue::Float(f));
        }
    }
    None
}

/// The null, boolean and special-float spellings go-yaml v2 resolves.
fn plain_word(s: &str) -> Option<NodeValue> {
    Some(match s {
        "" | "~" | "null" | "Null" | "NULL" => NodeValue::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            NodeValue::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            NodeValue::Bool(false)
        }
        ".nan" | ".NaN" | ".NAN" => NodeValue::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => NodeValue::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => NodeValue::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// Go's `strconv.ParseInt(s, 0, 64)` then `ParseUint`: sign, `0x`/`0o`/`0b` prefixes, leading-0 octal.
fn parse_go_int(s: &str) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let lower = |p: &str| body.get(..2).is_some_and(|h| h.eq_ignore_ascii_case(p));
    let (radix, digits) = if lower("0x") {
        (16, &body[2..])
    } else if lower("0o") {
        (8, &body[2..])
    } else if lower("0b") {
        (2, &body[2..])
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || digits.len() > 64 || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = u128::from_str_radix(digits, radix).ok()?;
    if v > u128::from(u64::MAX) {
        return None;
    }
    let v = v as i128;
    if neg {
        if v > i128::from(i64::MAX) + 1 {
            return None;
        }
        Some(-v)
    } else {
        Some(v)
    }
}

/// go-yaml v2's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `resolve_plain` as it was written: every spelling compared, then the number forms.
    fn resolve_plain_reference(s: &str) -> NodeValue {
        match s {
            "" | "~" | "null" | "Null" | "NULL" => return NodeValue::Null,
            "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
                return NodeValue::Bool(true)
            }
            "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
                return NodeValue::Bool(false)
            }
            ".nan" | ".NaN" | ".NAN" => return NodeValue::Float(f64::NAN),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return NodeValue::Float(f64::INFINITY),
            "-.inf" | "-.Inf" | "-.INF" => return NodeValue::Float(f64::NEG_INFINITY),
            _ => {}
        }
        let first = s.as_bytes().first().copied().unwrap_or(b' ');
        if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
            return NodeValue::Str(s.to_string());
        }
        let plain: String = s.chars().filter(|c| *c != '_').collect();
        if let Some(v) = parse_go_int(&plain) {
            return match i64::try_from(v) {
                Ok(i) => NodeValue::Int(i),
                Err(_) => NodeValue::Float(v as f64),
            };
        }
        if is_yaml_float(&plain) {
            if let Ok(f) = plain.parse::<f64>() {
                return NodeValue::Float(f);
            }
        }
        NodeValue::Str(s.to_string())
    }

    fn same(a: &NodeValue, b: &NodeValue) -> bool {
        match (a, b) {
            (NodeValue::Float(x), NodeValue::Float(y)) => x.to_bits() == y.to_bits(),
            _ => a == b,
        }
    }

    #[test]
    fn plain_scalars_resolve_as_before() {
        let words = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nul",
            "nulls",
            "y",
            "Y",
            "yes",
            "Yes",
            "YES",
            "yES",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "on",
            "On",
            "ON",
            "oN",
            "n",
            "N",
            "no",
            "No",
            "NO",
            "false",
            "False",
            "FALSE",
            "off",
            "Off",
            "OFF",
            "oFF",
            ".nan",
            ".NaN",
            ".NAN",
            ".inf",
            ".Inf",
            ".INF",
            "+.inf",
            "+.Inf",
            "+.INF",
            "-.inf",
            "-.Inf",
            "-.INF",
            "-.inF",
            "~~",
            "-",
            "+",
            ".",
            "-c",
            "--",
            "0",
            "-0",
            "+7",
            "017",
            "0x1F",
            "0X1f",
            "0o17",
            "0b101",
            "1_000",
            "_1",
            "1__0",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "18446744073709551616",
            "1.5",
            ".5",
            "5.",
            "1e3",
            "1E+3",
            "-1e-3",
            "1e",
            "1.2.3",
            "10s",
            "80",
            "0.0",
            "yesno",
            "offset",
            "trueish",
            "nanny",
            "tilde~",
            "busybox:1.36",
            "sh",
            "é",
            "ñu",
            "n\u{300}",
        ];
        for w in words {
            let got = resolve_plain(w);
            let want = resolve_plain_reference(w);
            assert!(same(&got, &want), "{w:?}: {got:?} != {want:?}");
            let owned = resolve_plain_owned(w.to_string());
            assert!(same(&owned, &want), "{w:?} (owned): {owned:?} != {want:?}");
        }
    }

    #[test]
    fn the_ascii_shortcut_still_names_the_first_bad_character() {
        assert!(check_characters("a: b\r\n\tc: 'd~'\n").is_none());
        assert!(check_characters("name: é中😀\n").is_none());
        for (text, code, line, col) in [
            ("a: b\nc: \u{7f}\n", "007F", 2, 4),
            ("é: \u{1}", "0001", 1, 4),
            ("x\n\n  \u{FFFE}", "FFFE", 3, 3),
        ] {
            let d = check_characters(text).expect("refused");
            assert_eq!(d.pos, Some(Pos { line, col }), "{text:?}");
            assert!(d.to_string().contains(code), "{d}");
        }
    }
}
