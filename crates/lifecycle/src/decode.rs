//! A serde `Deserializer` over positioned YAML nodes.
//!
//! It decodes into the typed model the way the apiserver's strict JSON decoding would, but keeps going
//! after a problem so that one pass reports everything:
//! - unknown fields are skipped and reported as `unknown field "spec.containers[0].livenesProbe"`
//!   (sigs.k8s.io/json's strict-decoding wording, with the full field path);
//! - a repeated key is reported as `duplicate field "<path>"` at the later key, and the later value
//!   wins, as in Go's JSON decoding;
//! - a value of the wrong type is reported at the value, as
//!   `<path>: Invalid value: "eighty": expected an integer`, and decoding continues with the zero value.
//!   We chose the apiserver's field-error shape over Go's
//!   `json: cannot unmarshal string into Go struct field …` because it names the exact path, as every
//!   other podlife diagnostic does.
//!
//! - a number that does not fit an `int32` field of the API (probe timings, container ports; the model
//!   holds them as i64) is reported bare, in Go's words, at the value:
//!   `json: cannot unmarshal number 3000000000 into Go struct field
//!   Probe.spec.containers.livenessProbe.periodSeconds of type int32` — what the apiserver answers,
//!   since it decodes before it validates; the value decodes as 0.
//!
//! JSON `null` is a no-op in Go, so `null` decodes as the zero value (or `None`) without complaint.
//! Along the way it records the position of every key and sequence item in a [`SourceMap`].

use crate::diag::{Diagnostic, Pos};
use crate::load::SourceMap;
use crate::text::{Key, Phrase};
use crate::yaml::{format_float, Node, NodeValue};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// What one decoding pass produces besides the value.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    /// Field path → position of its key (or of the item, for sequence items).
    pub source: SourceMap,
    /// Strict-decoding and type errors, in discovery order.
    pub diags: Vec<Diagnostic>,
    /// Positions in the order decoding meets them, moved into `source` once decoding ends: one
    /// sort of the whole list costs far less than a search per field (10k Scenario actions make
    /// 100k paths).
    recorded: Vec<(String, Pos)>,
}

impl Ctx {
    fn record(&mut self, path: String, pos: Pos) {
        self.recorded.push((path, pos));
    }
}

/// Decodes `node` into `T`; `None` only when serde itself gave up (reported in `ctx.diags`).
pub(crate) fn decode<T: DeserializeOwned>(node: &Node, ctx: &mut Ctx) -> Option<T> {
    ctx.record(String::new(), node.pos);
    let result = T::deserialize(De { node, path: String::new(), ctx: &mut *ctx });
    let recorded = std::mem::take(&mut ctx.recorded);
    ctx.source.absorb(recorded);
    match result {
        Ok(v) => Some(v),
        Err(DeError(e)) => {
            let (path, pos) = e.located.unwrap_or_else(|| (String::new(), node.pos));
            ctx.diags.push(Diagnostic::error(path, Some(pos), e.msg));
            None
        }
    }
}

/// A decoding error that serde could not recover from.
// Boxed: every `?` in the derived visitors moves the error, and a one-pointer error keeps those paths
// (and every `Result<T, DeError>`) small in the wasm bundle.
#[derive(Debug)]
pub(crate) struct DeError(Box<DeErrorInner>);

#[derive(Debug)]
struct DeErrorInner {
    msg: String,
    located: Option<(String, Pos)>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.msg)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError(Box::new(DeErrorInner { msg: msg.to_string(), located: None }))
    }
}

impl DeError {
    /// Anchors an error at the innermost node that saw it.
    fn locate(mut self, path: &str, node: &Node) -> Self {
        let e = &mut *self.0;
        if e.located.is_none() {
            e.msg = format!("Invalid value: {}: {}", describe(node), e.msg);
            e.located = Some((path.to_string(), node.pos));
        }
        self
    }
}

/// A value as the apiserver prints it in `Invalid value: <v>`: strings quoted Go-style, numbers bare.
pub(crate) fn describe(node: &Node) -> String {
    match &node.value {
        NodeValue::Null => "null".to_string(),
        NodeValue::Bool(b) => b.to_string(),
        NodeValue::Int(i) => i.to_string(),
        NodeValue::Float(f) => format_float(*f),
        NodeValue::Str(s) => go_quote(s),
        NodeValue::Seq(_) => "[...]".to_string(),
        NodeValue::Map(_) => "{...}".to_string(),
    }
}

/// Go's `%q` for the strings podlife prints.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    // Every character that needs an escape is ASCII, so runs of the others are copied whole (a
    // value may be megabytes long); the run boundaries are ASCII bytes, hence character boundaries.
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\t' => "\\t",
            b'\r' => "\\r",
            b if b < 0x20 || b == 0x7F => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if escaped.is_empty() {
            out.push_str(&format!("\\x{b:02x}"));
        } else {
            out.push_str(escaped);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
    out
}

/// `Struct.json.path` of an int32 field of the Pod API at `path`, as Go's decoder names it, or
/// `None` when the field is not one (podlife's model holds every integer as i64).
fn int32_field(path: &str) -> Option<String> {
    const PROBE: [&str; 5] =
        ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"];
    let mut dotted = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        dotted.push_str(&rest[..open]);
        rest = rest[open..].find(']').map_or("", |close| &rest[open + close + 1..]);
    }
    dotted.push_str(rest);
    let parts: Vec<&str> = dotted.split('.').collect();
    let in_container =
        matches!(parts.get(..2), Some(["spec", "containers" | "initContainers" | "ephemeralContainers"]));
    let (field, parent) = match parts.as_slice() {
        [.., parent, field] => (*field, *parent),
        _ => return None,
    };
    let go_struct = match (parent, field) {
        ("livenessProbe" | "readinessProbe" | "startupProbe", f) if PROBE.contains(&f) => "Probe",
        ("ports", "containerPort" | "hostPort") if parts.len() == 4 => "ContainerPort",
        _ => return None,
    };
    in_container.then(|| format!("{go_struct}.{dotted}"))
}

/// A float as Go's encoding/json writes it (`1000000000000000000`, `1e+21`), which is the number the
/// apiserver then fails to fit: kubectl turns YAML into JSON before sending it.
fn go_json_number(f: f64) -> String {
    let plain = format!("{f}");
    if f.abs() < 1e21 || !f.is_finite() {
        return plain;
    }
    // Display prints the shortest round-trip digits padded with zeros; Go prints those digits as
    // d.ddde+N. (Built from Display because `{:e}` links a second float formatter into the page.)
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain.as_str()), |d| ("-", d));
    let exponent = digits.len() - 1;
    let significant = digits.trim_end_matches('0');
    let (first, rest) = significant.split_at(1);
    let dot = if rest.is_empty() { "" } else { "." };
    format!("{sign}{first}{dot}{rest}e+{exponent}")
}

/// `path[i]`, built without the formatting machinery (it runs for every sequence item).
pub(crate) fn index_path(path: &str, i: usize) -> String {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut n = i;
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: always valid UTF-8.
    bracketed(path, std::str::from_utf8(&digits[start..]).unwrap_or_default())
}

/// `path[key]`.
fn bracketed(path: &str, key: &str) -> String {
    let mut out = String::with_capacity(path.len() + key.len() + 2);
    out.push_str(path);
    out.push('[');
    out.push_str(key);
    out.push(']');
    out
}

fn child(path: &str, name: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1 + name.len());
    if !path.is_empty() {
        out.push_str(path);
        out.push('.');
    }
    out.push_str(name);
    out
}

struct De<'a, 'c> {
    node: &'a Node,
    path: String,
    ctx: &'c mut Ctx,
}

/// How a mapping's keys extend the path: struct fields with `.name`, map keys with `[key]`.
#[derive(Clone, Copy)]
enum KeyStyle {
    Field,
    Index,
}

impl<'a, 'c> De<'a, 'c> {
    /// A value of the wrong type: the apiserver's `Invalid value: X` shape, podlife's `expected …`.
    fn type_error(&mut self, expected: Key) {
        self.ctx.diags.push(Diagnostic::error_said(
            self.path.clone(),
            Some(self.node.pos),
            Phrase::new(expected, [format!("Invalid value: {}", describe(self.node))]),
        ));
    }

    /// Go's error for a number beyond an int32 field, as the apiserver returns it (no field path:
    /// the message names the field itself).
    fn int32_overflow(&mut self, go_field: &str) {
        let number = match &self.node.value {
            NodeValue::Float(f) => go_json_number(*f),
            _ => describe(self.node),
        };
        self.ctx.diags.push(Diagnostic::error(
            "",
            Some(self.node.pos),
            format!("json: cannot unmarshal number {number} into Go struct field {go_field} of type int32"),
        ));
    }

    fn int_value(&self) -> Option<i64> {
        match &self.node.value {
            NodeValue::Int(i) => Some(*i),
            // YAML→JSON turns 80.0 into 80, which Go then accepts as an integer.
            NodeValue::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Some(*f as i64),
            NodeValue::Null => Some(0),
            _ => None,
        }
    }

    /// Picks the entries a mapping contributes, reporting bad keys, duplicates and unknown fields.
    fn entries(
        &mut self,
        pairs: &'a [(Node, Node)],
        fields: Option<&[&str]>,
        style: KeyStyle,
    ) -> Vec<Entry<'a>> {
        let mut keyed: Vec<(Cow<'a, str>, &'a Node, &'a Node)> = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            let text = match &k.value {
                NodeValue::Str(s) => Some(Cow::Borrowed(s.as_str())),
                _ => k.key_text().map(Cow::Owned),
            };
            match text {
                Some(text) => keyed.push((text, k, v)),
                None => self.ctx.diags.push(Diagnostic::error(
                    self.path.clone(),
                    Some(k.pos),
                    format!("Invalid value: {}: a mapping key must be a string", describe(k)),
                )),
            }
        }
        let repeats = Repeats::new(&keyed);
        let mut out = Vec::with_capacity(keyed.len());
        for (i, (text, k, v)) in keyed.iter().enumerate() {
            let path = match style {
                KeyStyle::Field => child(&self.path, text),
                KeyStyle::Index => bracketed(&self.path, text),
            };
            if let Some(fields) = fields {
                if !fields.contains(&text.as_ref()) {
                    // A strict-decoding error, not a field error: kubectl prints it without a
                    // `path: ` prefix, because the path is already inside the message.
                    self.ctx.diags.push(Diagnostic::error(
                        "",
                        Some(k.pos),
                        format!("unknown field {}", go_quote(&path)),
                    ));
                    continue;
                }
            }
            if repeats.seen_before(&keyed, i) {
                self.ctx.diags.push(Diagnostic::error(
                    "",
                    Some(k.pos),
                    format!("duplicate field {}", go_quote(&path)),
                ));
            }
            if !repeats.seen_after(&keyed, i) {
                out.push(Entry { key: text.clone(), key_pos: k.pos, value: v, path });
            }
        }
        out
    }
}

/// Which keys of a mapping repeat. Mappings are small, and comparing each key with the others
/// allocates nothing; a large one gets an index (a hostile text may hold 100k keys in one mapping).
enum Repeats<'k> {
    Scan,
    Indexed { first: BTreeMap<&'k str, usize>, last: BTreeMap<&'k str, usize> },
}

impl<'k> Repeats<'k> {
    const SCAN_MAX: usize = 32;

    fn new<T, U>(keyed: &'k [(Cow<'_, str>, T, U)]) -> Self {
        if keyed.len() <= Self::SCAN_MAX {
            return Repeats::Scan;
        }
        let mut first = BTreeMap::new();
        let mut last = BTreeMap::new();
        for (i, (text, _, _)) in keyed.iter().enumerate() {
            first.entry(text.as_ref()).or_insert(i);
            last.insert(text.as_ref(), i);
        }
        Repeats::Indexed { first, last }
    }

    /// Whether the key at `i` appeared earlier in the mapping.
    fn seen_before<T, U>(&self, keyed: &[(Cow<'_, str>, T, U)], i: usize) -> bool {
        match self {
            Repeats::Scan => keyed[..i].iter().any(|(t, _, _)| *t == keyed[i].0),
            Repeats::Indexed { first, .. } => first.get(keyed[i].0.as_ref()).is_some_and(|&f| f < i),
        }
    }

    /// Whether the key at `i` appears again later (the last occurrence wins, as in Go's JSON).
    fn seen_after<T, U>(&self, keyed: &[(Cow<'_, str>, T, U)], i: usize) -> bool {
        match self {
            Repeats::Scan => keyed[i + 1..].iter().any(|(t, _, _)| *t == keyed[i].0),
            Repeats::Indexed { last, .. } => last.get(keyed[i].0.as_ref()).is_some_and(|&l| l > i),
        }
    }
}

struct Entry<'a> {
    key: Cow<'a, str>,
    key_pos: Pos,
    value: &'a Node,
    path: String,
}

struct Fields<'a, 'c> {
    entries: std::vec::IntoIter<Entry<'a>>,
    pending: Option<(&'a Node, String)>,
    ctx: &'c mut Ctx,
}

impl<'de, 'a, 'c> MapAccess<'de> for Fields<'a, 'c> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.next_key() {
            // A key written as a string is lent, not copied: struct field names are only compared.
            Some(Cow::Borrowed(key)) => seed.deserialize(key.into_deserializer()).map(Some),
            Some(Cow::Owned(key)) => seed.deserialize(key.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (node, path) = self.next_value()?;
        seed.deserialize(De { node, path, ctx: &mut *self.ctx })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

// The steps that do not depend on the value's type live outside the generic trait methods, which are
// instantiated once per field type: `inline(never)` keeps one copy of them in the wasm bundle.
impl<'a, 'c> Fields<'a, 'c> {
    #[inline(never)]
    fn next_key(&mut self) -> Option<Cow<'a, str>> {
        let entry = self.entries.next()?;
        self.ctx.record(entry.path.clone(), entry.key_pos);
        self.pending = Some((entry.value, entry.path));
        Some(entry.key)
    }

    #[inline(never)]
    fn next_value(&mut self) -> Result<(&'a Node, String), DeError> {
        self.pending.take().ok_or_else(|| de::Error::custom("value requested before its key"))
    }
}

struct Items<'a, 'c> {
    items: std::iter::Enumerate<std::slice::Iter<'a, Node>>,
    path: String,
    ctx: &'c mut Ctx,
}

impl<'de, 'a, 'c> SeqAccess<'de> for Items<'a, 'c> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        let Some((node, path)) = self.next_item() else {
            return Ok(None);
        };
        seed.deserialize(De { node, path, ctx: &mut *self.ctx }).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

// Not generic, so one copy serves every element type (see `Fields::next_key`).
impl<'a, 'c> Items<'a, 'c> {
    #[inline(never)]
    fn next_item(&mut self) -> Option<(&'a Node, String)> {
        let (i, node) = self.items.next()?;
        let path = index_path(&self.path, i);
        self.ctx.record(path.clone(), node.pos);
        Some((node, path))
    }
}

const EMPTY: &[Node] = &[];

impl<'de, 'a, 'c> de::Deserializer<'de> for De<'a, 'c> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let (path, node) = (self.path.clone(), self.node);
        let r = match &node.value {
            NodeValue::Null => visitor.visit_unit(),
            NodeValue::Bool(b) => visitor.visit_bool(*b),
            NodeValue::Int(i) => visitor.visit_i64(*i),
            NodeValue::Float(f) => visitor.visit_f64(*f),
            NodeValue::Str(s) => visitor.visit_str(s),
            NodeValue::Seq(items) => {
                visitor.visit_seq(Items { items: items.iter().enumerate(), path: self.path, ctx: self.ctx })
            }
            NodeValue::Map(_) => return self.visit_mapping_any(visitor),
        };
        r.map_err(|e| e.locate(&path, node))
    }

    fn deserialize_bool<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, DeError> {
        let b = match &self.node.value {
            NodeValue::Bool(b) => *b,
            NodeValue::Null => false,
            _ => {
                self.type_error(Key::TypeBoolean);
                false
            }
        };
        visitor.visit_bool(b).map_err(|e: DeError| e.locate(&self.path, self.node))
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, DeError> {
        let int32 = int32_field(&self.path);
        let n = match (self.int_value(), &int32) {
            (Some(n), Some(field)) if i32::try_from(n).is_err() => {
                self.int32_overflow(field);
                0
            }
            (None, Some(field)) if matches!(self.node.value, NodeValue::Float(f) if f.is_finite() && f.fract() == 0.0) =>
            {
                self.int32_overflow(field);
                0
            }
            (Some(n), _) => n,
            (None, _) => {
                self.type_error(Key::TypeInteger);
                0
            }
        };
        visitor.visit_i64(n).map_err(|e: DeError| e.locate(&self.path, self.node))
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, DeError> {
        let n = match self.int_value() {
            Some(n) if n >= 0 => n.unsigned_abs(),
            _ => {
                self.type_error(Key::TypeNonNegativeInteger);
                0
            }
        };
        visitor.visit_u64(n).map_err(|e: DeError| e.locate(&self.path, self.node))
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, DeError> {
        let f = match &self.node.value {
            NodeValue::Int(i) => *i as f64,
            NodeValue::Float(f) => *f,
            NodeValue::Null => 0.0,
            _ => {
                self.type_error(Key::TypeNumber);
                0.0
            }
        };
        visitor.visit_f64(f).map_err(|e: DeError| e.locate(&self.path, self.node))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, DeError> {
        let s = match &self.node.value {
            NodeValue::Str(s) => s.clone(),
            NodeValue::Null => String::new(),
            _ => {
                // kubectl converts YAML to JSON first, so `value: 8080` reaches a string field as a number.
                self.type_error(Key::TypeString);
                self.node.key_text().unwrap_or_default()
            }
        };
        visitor.visit_string(s).map_err(|e: DeError| e.locate(&self.path, self.node))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if matches!(self.node.value, NodeValue::Null) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, DeError> {
        let items = self.seq_items();
        let (path, node) = (self.path.clone(), self.node);
        visitor
            .visit_seq(Items { items: items.iter().enumerate(), path: self.path, ctx: self.ctx })
            .map_err(|e| e.locate(&path, node))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.visit_mapping_with(None, KeyStyle::Index, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.visit_mapping_with(Some(fields), KeyStyle::Field, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            NodeValue::Str(s) => visitor
                .visit_enum(s.clone().into_deserializer())
                .map_err(|e: DeError| e.locate(&self.path, self.node)),
            _ => Err(<DeError as de::Error>::custom("expected a string").locate(&self.path, self.node)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

impl<'a, 'c> De<'a, 'c> {
    fn visit_mapping_any<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.visit_mapping_with(None, KeyStyle::Field, visitor)
    }

    fn visit_mapping_with<'de, V: Visitor<'de>>(
        mut self,
        fields: Option<&[&str]>,
        style: KeyStyle,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let entries = self.mapping_entries(fields, style);
        let (path, node) = (self.path, self.node);
        visitor
            .visit_map(Fields { entries: entries.into_iter(), pending: None, ctx: self.ctx })
            .map_err(|e| e.locate(&path, node))
    }
}

// The type-independent halves of `deserialize_seq` and `visit_mapping_with`, kept out of line so that
// the per-type instantiations stay thin (see `Fields::next_key`).
impl<'a, 'c> De<'a, 'c> {
    #[inline(never)]
    fn seq_items(&mut self) -> &'a [Node] {
        match &self.node.value {
            NodeValue::Seq(items) => items,
            NodeValue::Null => EMPTY,
            _ => {
                self.type_error(Key::TypeList);
                EMPTY
            }
        }
    }

    #[inline(never)]
    fn mapping_entries(&mut self, fields: Option<&[&str]>, style: KeyStyle) -> Vec<Entry<'a>> {
        match &self.node.value {
            NodeValue::Map(pairs) => self.entries(pairs, fields, style),
            NodeValue::Null => Vec::new(),
            _ => {
                self.type_error(Key::TypeObject);
                Vec::new()
            }
        }
    }
}

/// What an untagged enum (`IntOrString`, `Quantity`, a scenario `Command`) was written as.
///
/// serde's derived untagged enums buffer the input into its private `Content` tree and retry each
/// variant against it; that machinery is large in the wasm bundle. These enums only need the value's
/// shape, so one small visitor takes it instead. It consumes the input exactly as `Content` did
/// (every sequence item and mapping entry is visited), so positions and nested diagnostics are
/// recorded the same way.
#[derive(Debug)]
pub(crate) enum Untagged {
    /// A string.
    Str(String),
    /// An integer (our decoder reports every integer signed).
    Int(i64),
    /// A non-negative integer from a deserializer that reports those unsigned.
    Uint(u64),
    /// A float.
    Float(f64),
    /// A sequence; `None` when an item was not a string.
    Seq(Option<Vec<String>>),
    /// Null, a boolean or a mapping: no podlife untagged enum accepts these.
    Other,
}

impl<'de> de::Deserialize<'de> for Untagged {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(UntaggedVisitor)
    }
}

struct UntaggedVisitor;

impl<'de> Visitor<'de> for UntaggedVisitor {
    type Value = Untagged;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Untagged, E> {
        Ok(Untagged::Other)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Untagged, E> {
        Ok(Untagged::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Untagged, E> {
        Ok(Untagged::Uint(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Untagged, E> {
        Ok(Untagged::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Untagged, E> {
        Ok(Untagged::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Untagged, E> {
        Ok(Untagged::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Untagged, E> {
        Ok(Untagged::Other)
    }
    fn visit_none<E: de::Error>(self) -> Result<Untagged, E> {
        Ok(Untagged::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Untagged, A::Error> {
        let mut items = Some(Vec::new());
        while let Some(item) = seq.next_element::<Untagged>()? {
            match (item, &mut items) {
                (Untagged::Str(s), Some(v)) => v.push(s),
                _ => items = None,
            }
        }
        Ok(Untagged::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Untagged, A::Error> {
        while map.next_entry::<de::IgnoredAny, Untagged>()?.is_some() {}
        Ok(Untagged::Other)
    }
}

/// serde's wording when no variant of an untagged enum fits.
pub(crate) fn no_variant<E: de::Error>(name: &str) -> E {
    E::custom(format_args!("data did not match any variant of untagged enum {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `go_quote` as it was written character by character, before it copied runs.
    fn go_quote_by_char(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x20 || c as u32 == 0x7F => out.push_str(&format!("\\x{:02x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    #[test]
    fn go_quote_escapes_exactly_as_character_by_character() {
        let every_ascii: String = (0u8..=0x7F).map(char::from).collect();
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "tab\there\r\n",
            "\u{0}\u{1b}[31m\u{7f}",
            "é中😀\u{85}\u{9f}\u{a0}\u{fffd}",
            "\"",
            "ends with \\",
            every_ascii.as_str(),
        ] {
            assert_eq!(go_quote(s), go_quote_by_char(s), "{s:?}");
        }
        assert_eq!(go_quote("a\u{1}é\"z"), "\"a\\x01é\\\"z\"");
        let long = "ab\"ç".repeat(100_000);
        assert_eq!(go_quote(&long), go_quote_by_char(&long));
    }

    #[test]
    fn index_paths_match_the_formatted_ones() {
        for i in [0, 7, 9, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(index_path("spec.containers", i), format!("spec.containers[{i}]"));
        }
        assert_eq!(index_path("", 3), "[3]");
    }

    /// The same keys, some repeated, in a mapping small enough to be scanned and in one large
    /// enough to be indexed: the same duplicates are reported and the same (last) values kept.
    #[test]
    fn repeated_keys_are_found_alike_in_small_and_large_mappings() {
        for extra in [0, Repeats::SCAN_MAX] {
            let mut labels = String::from("a: '1'\nb: '2'\na: '3'\n");
            for i in 0..extra {
                labels.push_str(&format!("k{i}: v\n"));
            }
            labels.push_str("b: '4'\na: '5'\n");
            let indented: String = labels.lines().map(|l| format!("    {l}\n")).collect();
            let text = format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n{indented}spec:\n  containers:\n  - {{name: c, image: busybox}}\n"
            );
            let loaded = crate::load(&text);
            let dups: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
            let last = 10 + extra as u32;
            assert_eq!(
                dups,
                [
                    "8:5: duplicate field \"metadata.labels[a]\"".to_string(),
                    format!("{}:5: duplicate field \"metadata.labels[b]\"", last - 1),
                    format!("{last}:5: duplicate field \"metadata.labels[a]\""),
                ],
                "{extra} extra keys"
            );
            let pod = loaded.pod.expect("decoded");
            let labels = pod.metadata.labels.expect("labels");
            assert_eq!((labels["a"].as_str(), labels["b"].as_str()), ("5", "4"));
            assert_eq!(labels.len(), 2 + extra);
            assert_eq!(loaded.source.get("metadata.labels[a]"), Some(Pos { line: last, col: 5 }));
        }
    }
}
