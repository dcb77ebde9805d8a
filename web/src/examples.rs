//! The examples the playground ships with.

/// One gallery example.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Example {
    /// Stable id, used in links.
    pub id: &'static str,
    /// The YAML text.
    pub text: &'static str,
}

/// The example loaded on a first visit: the exec liveness pod from the course notes.
pub const DEFAULT: Example =
    Example { id: "pod-live-exec", text: include_str!("../examples/pod-live-exec.yaml") };
