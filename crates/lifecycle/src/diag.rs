//! Diagnostics: one shape for parse errors, strict-decoding errors, validation errors and lints.

use crate::text::Phrase;
use std::fmt;

/// A 1-based line and column in the user's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The apiserver (or the YAML parser) would reject the document.
    Error,
    /// Accepted by Kubernetes, but podlife has something to say.
    Warning,
}

/// One finding about the user's text, anchored to a field path and a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Field path as the apiserver prints it (`spec.containers[0].name`); empty for syntax and
    /// strict-decoding errors, whose messages stand alone.
    pub path: String,
    /// Where in the text; `None` only when the text has no place for it (e.g. a missing document).
    pub pos: Option<Pos>,
    /// The message body, e.g. `Required value` or `Unsupported value: "x": supported values: …`.
    pub message: String,
    /// The message as a [`Phrase`] when podlife wrote (part of) it, so the page can translate it;
    /// `None` when the words are Kubernetes' (or YAML's) own. `message` is always its English.
    pub phrase: Option<Phrase>,
}

impl Diagnostic {
    /// An error at `path` and `pos`.
    pub fn error(path: impl Into<String>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            pos,
            message: message.into(),
            phrase: None,
        }
    }

    /// An error in podlife's own words at `path` and `pos`.
    pub fn error_said(path: impl Into<String>, pos: Option<Pos>, phrase: Phrase) -> Self {
        Diagnostic::error(path, pos, phrase.english()).said(phrase)
    }

    /// A warning at `path` and `pos`.
    pub fn warning(path: impl Into<String>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            path: path.into(),
            pos,
            message: message.into(),
            phrase: None,
        }
    }

    /// A warning in podlife's own words at `path` and `pos`.
    pub fn warning_said(path: impl Into<String>, pos: Option<Pos>, phrase: Phrase) -> Self {
        Diagnostic::warning(path, pos, phrase.english()).said(phrase)
    }

    /// The same diagnostic, its message replaced by `phrase` (rendered in English).
    fn said(mut self, phrase: Phrase) -> Self {
        self.message = phrase.english();
        self.phrase = Some(phrase);
        self
    }

    /// `path: message` (the apiserver's field-error format), or just the message when there is no path.
    pub fn path_and_message(&self) -> String {
        if self.path.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.path, self.message)
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `LINE:COL: path: message`, the tail of the CLI's `FILE:LINE:COL: path: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Pos { line, col } = self.pos.unwrap_or(Pos { line: 1, col: 1 });
        write!(f, "{line}:{col}: {}", self.path_and_message())
    }
}
