//! The pod's `status:` block as `kubectl get pod -o yaml` prints it: keys sorted at every level (its
//! JSON → YAML conversion goes through a map), sequences not indented under their key, and go-yaml's
//! scalar quoting (`"True"`, `"2026-10-06T11:32:44Z"` double-quoted because they would read back as
//! other types; `'a: b'` single-quoted where a plain scalar is not allowed).

use crate::model::Pod;
use serde_yaml::Value;

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Whether go-yaml would resolve the plain text to something other than a string.
fn resolves_to_non_string(s: &str) -> bool {
    const SPECIAL: [&str; 23] = [
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true",
        "True", "TRUE", "false", "False", "FALSE", "on", "On",
    ];
    if SPECIAL.contains(&s) || ["ON", "off", "Off", "OFF", ".inf", ".Inf", ".nan", ".NaN"].contains(&s) {
        return true;
    }
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    let numeric = !t.is_empty()
        && (t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'_')
            && t.bytes().any(|b| b.is_ascii_digit())
            && t.matches('.').count() <= 1
            || t.starts_with("0x") && t.len() > 2 && t[2..].bytes().all(|b| b.is_ascii_hexdigit()));
    let float_exp = t.contains(['e', 'E'])
        && t.split(['e', 'E']).count() == 2
        && t.split(['e', 'E']).all(|p| {
            let p = p.strip_prefix(['-', '+']).unwrap_or(p);
            !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        });
    // YAML 1.1 timestamps: a date, optionally followed by a time.
    let b = s.as_bytes();
    let timestamp = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    numeric || float_exp || timestamp
}

/// libyaml's check that a scalar may be written plain in block context.
fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_blank = chars.get(i + 1).is_none_or(|n| *n == ' ' || *n == '\t');
        if c.is_control() {
            return false;
        }
        if i == 0 {
            if ",[]{}#&*!|>'\"%@`".contains(c) {
                return false;
            }
            if matches!(c, '?' | ':' | '-') && next_blank {
                return false;
            }
        } else if (c == ':' && next_blank) || (c == '#' && chars[i - 1] == ' ') {
            return false;
        }
    }
    true
}

fn scalar(s: &str) -> String {
    if resolves_to_non_string(s) || s.chars().any(|c| c.is_control() && c != '\n') {
        return format!("{s:?}");
    }
    if plain_allowed(s) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn inline(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.contains('\n') => return None,
        Value::String(s) => scalar(s),
        Value::Sequence(s) if s.is_empty() => "[]".to_string(),
        Value::Mapping(m) if m.is_empty() => "{}".to_string(),
        Value::Tagged(t) => return inline(&t.value),
        _ => return None,
    })
}

fn literal(s: &str, indent: usize, out: &mut String) {
    let chomp = if s.ends_with('\n') { "" } else { "-" };
    out.push_str(&format!("|{chomp}\n"));
    for line in s.trim_end_matches('\n').split('\n') {
        if !line.is_empty() {
            out.push_str(&" ".repeat(indent));
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn emit_mapping(m: &serde_yaml::Mapping, indent: usize, first_inline: bool, out: &mut String) {
    let mut entries: Vec<(String, &Value)> = m.iter().map(|(k, v)| (key_text(k), v)).collect();
    crate::sort::by(&mut entries, |a, b| a.0.cmp(&b.0));
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if !(first_inline && i == 0) {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&scalar(&k));
        out.push(':');
        emit_value_after_key(v, indent, out);
    }
}

fn emit_value_after_key(v: &Value, indent: usize, out: &mut String) {
    if let Some(s) = inline(v) {
        out.push(' ');
        out.push_str(&s);
        out.push('\n');
        return;
    }
    match v {
        Value::String(s) => {
            out.push(' ');
            literal(s, indent + 2, out);
        }
        Value::Mapping(m) => {
            out.push('\n');
            emit_mapping(m, indent + 2, false, out);
        }
        Value::Sequence(s) => {
            out.push('\n');
            emit_sequence(s, indent, out);
        }
        _ => out.push('\n'),
    }
}

fn emit_sequence(s: &[Value], indent: usize, out: &mut String) {
    for item in s {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Value::Mapping(m) if !m.is_empty() => {
                out.push(' ');
                emit_mapping(m, indent + 2, true, out);
            }
            Value::Sequence(inner) if !inner.is_empty() => {
                out.push('\n');
                emit_sequence(inner, indent + 2, out);
            }
            Value::String(t) if t.contains('\n') => {
                out.push(' ');
                literal(t, indent + 2, out);
            }
            other => {
                out.push(' ');
                out.push_str(&inline(other).unwrap_or_default());
                out.push('\n');
            }
        }
    }
}

fn set_default(m: &mut serde_yaml::Mapping, key: &str, v: Value) {
    let k = Value::String(key.to_string());
    if !m.contains_key(&k) {
        m.insert(k, v);
    }
}

/// Fields Go always serialises (non-pointer `metav1.Time`, non-omitempty structs) but the model omits
/// when absent: `lastProbeTime: null`, `lastState: {}`, `startedAt: null`, …
fn add_go_defaults(status: &mut Value) {
    let Value::Mapping(m) = status else { return };
    if let Some(Value::Sequence(conds)) = m.get_mut("conditions") {
        for c in conds.iter_mut() {
            if let Value::Mapping(c) = c {
                set_default(c, "lastProbeTime", Value::Null);
                set_default(c, "lastTransitionTime", Value::Null);
            }
        }
    }
    for list in ["initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"] {
        let Some(Value::Sequence(statuses)) = m.get_mut(list) else { continue };
        for st in statuses.iter_mut() {
            let Value::Mapping(st) = st else { continue };
            set_default(st, "lastState", Value::Mapping(serde_yaml::Mapping::new()));
            set_default(st, "state", Value::Mapping(serde_yaml::Mapping::new()));
            for key in ["state", "lastState"] {
                let Some(Value::Mapping(state)) = st.get_mut(key) else { continue };
                if let Some(Value::Mapping(t)) = state.get_mut("terminated") {
                    set_default(t, "startedAt", Value::Null);
                    set_default(t, "finishedAt", Value::Null);
                }
                if let Some(Value::Mapping(r)) = state.get_mut("running") {
                    set_default(r, "startedAt", Value::Null);
                }
            }
        }
    }
}

/// Any object as `kubectl get -o yaml` prints it: keys sorted, go-yaml's quoting. The script export
/// uses it too, so that the page does not also link libyaml's emitter.
pub fn value_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Mapping(m) => emit_mapping(m, 0, false, &mut out),
        other => {
            out.push_str(&inline(other).unwrap_or_default());
            out.push('\n');
        }
    }
    out
}

/// `status:` followed by the pod status as YAML (`status: {}` when the pod has none).
pub fn status_yaml(pod: &Pod) -> String {
    let mut status = match pod.status.as_ref().map(serde_yaml::to_value) {
        Some(Ok(v)) => v,
        _ => Value::Mapping(serde_yaml::Mapping::new()),
    };
    add_go_defaults(&mut status);
    let mut out = String::from("status:");
    emit_value_after_key(&status, 0, &mut out);
    out
}
