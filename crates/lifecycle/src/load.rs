//! Loading: text → typed documents + diagnostics.
//!
//! Interim implementation (replaced by the positioned loader): serde_yaml with its error location.

use crate::diag::{Diagnostic, Pos};
use crate::model::Pod;

/// What `load` found in the text.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The Pod, when one was found and decoded.
    pub pod: Option<Pod>,
    /// Everything wrong with the text, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses the user's text. Never panics, whatever the input.
pub fn load(text: &str) -> Loaded {
    match serde_yaml::from_str::<Pod>(text) {
        Ok(pod) => Loaded { pod: Some(pod), diagnostics: Vec::new() },
        Err(e) => {
            let pos = e.location().map(|l| Pos { line: l.line() as u32, col: l.column() as u32 });
            Loaded { pod: None, diagnostics: vec![Diagnostic::error("", pos, e.to_string())] }
        }
    }
}
