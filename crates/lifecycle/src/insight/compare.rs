//! Two runs side by side: which figures differ, and by how much.

use super::figures::{FigureValue, Figures};

/// One figure that differs between two runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureDiff {
    /// The figure's name, as in [`Figures::values`].
    pub figure: String,
    /// Its value in the first run (`None`: the first run has no such figure, e.g. another container).
    pub a: Option<FigureValue>,
    /// Its value in the second run.
    pub b: Option<FigureValue>,
    /// `b − a` in ms or count, when both are numbers (a time that never happened has none).
    pub delta: Option<i64>,
}

/// The figures that differ between `a` and `b`, in `a`'s order, then those only `b` has.
pub fn compare(a: &Figures, b: &Figures) -> Vec<FigureDiff> {
    let va = a.values();
    let vb = b.values();
    let mut out = Vec::new();
    for (name, x) in &va {
        let y = vb.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        if name == "horizon" && y == Some(x) {
            continue;
        }
        if y != Some(x) {
            out.push(diff(name, Some(x), y));
        }
    }
    for (name, y) in &vb {
        if !va.iter().any(|(n, _)| n == name) {
            out.push(diff(name, None, Some(y)));
        }
    }
    out
}

fn diff(name: &str, a: Option<&FigureValue>, b: Option<&FigureValue>) -> FigureDiff {
    let n = |v: Option<&FigureValue>| match v {
        Some(FigureValue::Time(Some(t))) => Some(*t),
        Some(FigureValue::Duration(d) | FigureValue::Count(d)) => Some(*d),
        _ => None,
    };
    let delta = match (n(a), n(b)) {
        (Some(x), Some(y)) => Some(y - x),
        _ => None,
    };
    FigureDiff { figure: name.to_string(), a: a.cloned(), b: b.cloned(), delta }
}
