//! The pod's `status:` block as YAML, keys sorted alphabetically at every level as `kubectl get -o yaml`
//! prints them (its JSON → YAML conversion goes through a map).

use crate::model::Pod;
use serde_yaml::{Mapping, Value};

fn sorted(v: Value) -> Value {
    match v {
        Value::Mapping(m) => {
            let mut entries: Vec<(Value, Value)> = m.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            entries.sort_by_key(|a| key_text(&a.0));
            Value::Mapping(entries.into_iter().collect::<Mapping>())
        }
        Value::Sequence(s) => Value::Sequence(s.into_iter().map(sorted).collect()),
        other => other,
    }
}

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default(),
    }
}

/// `status:` followed by the pod status as YAML (`status: {}` when the pod has none).
pub fn status_yaml(pod: &Pod) -> String {
    let status = match pod.status.as_ref().map(serde_yaml::to_value) {
        Some(Ok(v)) => sorted(v),
        _ => Value::Mapping(Mapping::new()),
    };
    let mut root = Mapping::new();
    root.insert(Value::String("status".to_string()), status);
    serde_yaml::to_string(&Value::Mapping(root)).unwrap_or_else(|e| format!("# cannot render status: {e}\n"))
}
