//! podlife's own words: every message podlife writes itself (notes about a run, hints added to a
//! diagnostic, explanations, lints) is a [`Phrase`] — a [`Key`] plus its arguments — so that the page
//! can show it in the reader's language, while the CLI and the JSON trace print the English.
//!
//! What Kubernetes prints (event messages, apiserver validation messages, kubectl output) is never a
//! phrase: it stays a plain string, verbatim, and may appear *inside* a phrase as an argument.
//!
//! Templates use positional placeholders `{0}`, `{1}`, …; [`fill`] substitutes them. The English
//! templates live here ([`Key::english`]); other languages live in the web crate's catalogs, which
//! match on [`Key`] exhaustively (a missing translation does not compile) and are checked against
//! [`Key::ALL`] for matching placeholders.

use std::fmt;

macro_rules! keys {
    ($( $(#[$doc:meta])* $key:ident => $en:literal, )*) => {
        /// Which message podlife is saying; the English template is [`Key::english`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Key {
            $( $(#[$doc])* $key, )*
        }

        impl Key {
            /// Every key, for catalog tests in other languages.
            pub const ALL: &'static [Key] = &[$( Key::$key, )*];

            /// The English template, with `{0}`, `{1}`, … for the arguments.
            pub fn english(self) -> &'static str {
                match self {
                    $( Key::$key => $en, )*
                }
            }
        }
    };
}

keys! {
    // notes & diagnostics
    // Run notes: assumptions and surprises of one simulated run (`Trace::notes`).
    /// The requested horizon was longer than the engine runs; {0} is the limit as a Go duration.
    HorizonClamped => "horizon clamped to {0} (the longest run simulated)",
    /// The run hit the event limit; {0} is the limit.
    StoppedAtEventLimit => "stopped after {0} events (the event limit)",
    /// The run hit the step limit; {0} is the limit.
    StoppedAtStepLimit => "stopped after {0} simulation steps (the step limit)",
    /// A Scenario deleted the Pod object; {0} is the simulated time.
    ObjectDeleted => "the API object was deleted at {0}",
    /// Scenario exec into a container the Pod lacks; {0} time, {1} quoted name.
    ExecNoSuchContainer => "exec at {0}: no container named {1}",
    /// Scenario exec into a container that is not running; {0} time, {1} quoted name.
    ExecNotRunning => "exec at {0}: container {1} is not running",
    /// A Scenario exec exited non-zero; {0} time, {1} quoted container, {2} exit code, {3} its output (verbatim).
    ExecFailed => "exec at {0} in {1} exited {2}: {3}",
    /// `kubectl debug` on a Pod that is not running; {0} time, {1} quoted container.
    DebugPodNotRunning => "debug at {0}: the pod is not running, so the ephemeral container {1} was not added",
    /// `kubectl debug` with a name already used; {0} time, {1} quoted name.
    DebugNameTaken => "debug at {0}: a container named {1} already exists",
    /// `kubectl debug --target` naming no container; {0} time, {1} quoted name.
    DebugNoTarget => "debug at {0}: target container {1} does not exist",
    /// `kubectl set image` naming no container; {0} time, {1} quoted name.
    SetImageNoSuchContainer => "setImage at {0}: no container named {1}",
    /// `kubectl set image` on an ephemeral container; {0} time.
    SetImageEphemeral => "setImage at {0}: ephemeral containers cannot be changed",
    /// A ConfigMap/Secret volume whose content podlife cannot know, mounted empty; {0} quoted volume,
    /// {1} ConfigMap or Secret, {2} its quoted name.
    VolumeUnknownNoFiles => "volume {0}: the content of {1} {2} is unknown; it is mounted read-only with no files",
    /// As [`Key::VolumeUnknownNoFiles`], with the listed items as empty files {3}.
    VolumeUnknownEmptyFiles => "volume {0}: the content of {1} {2} is unknown; it is mounted read-only with empty files {3}",
    /// A volume type podlife does not model; {0} quoted volume.
    VolumeAsEmptyDir => "volume {0}: modelled as an empty directory",
    /// An env var from a ConfigMap or Secret; {0} quoted variable, {1} quoted container.
    EnvFromUnknownSource => "env {0} of container {1} comes from a ConfigMap or Secret whose content is unknown: it is empty",
    /// An image matched by a known name inside its own; {0} quoted image, {1} the profile, {2} it quoted.
    ImageMatchedLoosely => "image {0} is modelled as {1} (its name contains {2})",
    /// An unknown image's program taken for a server; {0} quoted image, {1} quoted program, {2} quoted container.
    ImageAssumedServerNoPorts => "image {0} is not modelled: {1} in container {2} is assumed to be a long-running server answering 200 on its declared ports (it declares none)",
    /// As [`Key::ImageAssumedServerNoPorts`], with the declared ports {3}.
    ImageAssumedServer => "image {0} is not modelled: {1} in container {2} is assumed to be a long-running server answering 200 on its declared ports ({3})",
    /// An exec that never finishes; {0} quoted container, {1} the argv.
    ExecNeverFinishes => "container {0}: exec {1} never finishes (busy loop: step budget exhausted); later runs of it are assumed to as well, until the container restarts",
    // Notes from a container's shell; {0} is always the quoted container, filled in by the world.
    /// A script that never sleeps.
    ShBusyLoop => "container {0}: busy loop: the script runs without ever sleeping (step budget exhausted)",
    /// A script too deep to interpret; {1} the limit.
    ShOverlong => "container {0}: runaway recursion or an overlong script (more than {1} pending commands): modelled as running forever",
    /// A command podlife's sh does not know; {1} quoted command.
    ShCommandNotModelled => "container {0}: command {1} is not modelled by podlife's sh: it exits 127 (\"not found\") as it would in an image without it",
    /// An agnhost subcommand podlife does not know; {1} quoted subcommand.
    ShAgnhostNotModelled => "container {0}: agnhost subcommand {1} is not modelled: assumed to serve 200 on its declared ports",
    /// `nc -l`; {1} the port.
    ShNcListens => "container {0}: nc -l on port {1} is modelled as accepting connections for as long as it runs",

    // Scenario notices (warnings about what a Scenario asks that is not simulated).
    /// {0} quoted version, {1} the version simulated instead.
    UnknownKubernetesVersion => "unrecognised version {0}; simulating {1}",
    /// A Scenario action kind podlife cannot run; {0} what it is.
    ActionNotSimulated => "{0} is not simulated yet; this action is ignored",
    /// {0} the requested horizon, {1} the limit (Go durations).
    HorizonTooLong => "horizon {0} is longer than podlife simulates: clamped to {1} (168h, the limit)",
    /// Node taints in a Scenario.
    TaintsNotSimulated => "node taints are not simulated yet; the node is untainted",
    /// An action later than the horizon; {0} the horizon in ms.
    ActionAfterHorizon => "after the horizon ({0} ms); this action never runs",

    // Diagnostics podlife adds (limits, hints); Kubernetes' own words are arguments, verbatim.
    /// {0} the size in bytes, {1} the limit.
    InputTooLarge => "document is too large: {0} bytes (limit {1} bytes, 2 MiB)",
    /// {0} the node limit.
    TooManyNodes => "document too large (limit {0} nodes)",
    /// {0} the node limit.
    TooManyNodesAfterAliases => "document too large after alias expansion (limit {0} nodes)",
    /// {0} the depth limit.
    NestedTooDeeply => "document nested too deeply (limit {0} levels)",
    /// The YAML parser's message {0} at a tab.
    TabIndentHint => "{0} (YAML forbids tabs for indentation; use spaces)",
    /// The YAML parser's message {0}, then the character's code point {1}.
    ControlCharacterFound => "{0} (found U+{1})",
    /// The apiserver's `Too many: N` {0}; {1} podlife's limit.
    TooManyContainers => "{0}: podlife simulates at most {1} containers per Pod (init and regular containers together)",
    /// Nothing pasted.
    EmptyText => "the text is empty: paste a Pod manifest (apiVersion: v1, kind: Pod)",
    /// No Pod among the documents.
    NoPod => "no Pod found: podlife needs one document with apiVersion: v1 and kind: Pod",
    /// {0} the line of the first Pod.
    SecondPod => "a second Pod: podlife simulates one Pod per text (the first is at line {0})",
    /// {0} the line of the first Scenario.
    SecondScenario => "a second Scenario document: only one is allowed (the first is at line {0})",
    /// `Invalid value: X` {0}; a document must be an object.
    ExpectedObject => "{0}: expected an object with apiVersion and kind",
    /// The apiserver's missing-kind message {0}; {1} the kinds podlife reads.
    SupportedKinds => "{0}; supported kinds: {1}",
    /// The apiserver's missing-apiVersion message {0}; {1} the kind, {2} its apiVersion.
    KindNeedsApiVersion => "{0}; kind {1} needs apiVersion: {2}",
    /// kubectl's `no matches for kind …` {0}; {1} the kind, {2} the apiVersion podlife reads it in.
    PodlifeReadsKind => "{0} (podlife reads {1} in {2})",
    /// The apiserver's `Forbidden: cannot be set on create` {0} for ephemeral containers in a manifest.
    EphemeralOnCreate => "{0} (podlife starts them as if added by kubectl debug)",
    /// The apiserver's warning {0} for a negative grace period.
    NegativeGraceIsMinimum => "{0}; the kubelet treats it as its 2 s minimum",
    /// `Not found: "name"` {0}: a probe or hook names a port the container does not declare.
    UnresolvedPortName => "{0}: no port of this container has that name; the apiserver accepts it, but the kubelet cannot resolve it and the check fails",
    // A value of the wrong type; {0} is the apiserver-shaped `Invalid value: X`.
    /// Not a boolean.
    TypeBoolean => "{0}: expected a boolean",
    /// Not an integer.
    TypeInteger => "{0}: expected an integer",
    /// Not a non-negative integer.
    TypeNonNegativeInteger => "{0}: expected a non-negative integer",
    /// Not a number.
    TypeNumber => "{0}: expected a number",
    /// Not a string.
    TypeString => "{0}: expected a string",
    /// Not a list.
    TypeList => "{0}: expected a list",
    /// Not an object.
    TypeObject => "{0}: expected an object",
    /// `Invalid value[: X]` {0} of a Scenario duration.
    ExpectedDuration => "{0}: must be a duration such as 90s, 2m or 1h30m",
    /// `Invalid value: X` {0} of a Scenario's kubernetesVersion.
    ExpectedKubernetesVersion => "{0}: must look like \"1.35\"",
}

/// A message podlife writes: a key and the arguments its template refers to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Phrase {
    /// Which message.
    pub key: Key,
    /// The values of `{0}`, `{1}`, …, already formatted (times, names, Kubernetes' own texts).
    pub args: Vec<String>,
}

impl Phrase {
    /// A phrase with its arguments.
    pub fn new<I, S>(key: Key, args: I) -> Phrase
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Phrase { key, args: args.into_iter().map(Into::into).collect() }
    }

    /// The phrase rendered with another language's template for its key.
    pub fn render(&self, template: &str) -> String {
        fill(template, &self.args)
    }

    /// The English text.
    pub fn english(&self) -> String {
        self.render(self.key.english())
    }

    /// Whether the English text contains `needle` (for tests and searches over notes).
    pub fn contains(&self, needle: &str) -> bool {
        self.english().contains(needle)
    }
}

impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

/// Replaces `{N}` with `args[N]`; a placeholder without an argument is left as written, so a
/// catalog mistake shows up in the text instead of panicking.
pub fn fill(template: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(String::len).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let arg = close.and_then(|c| after[..c].parse::<usize>().ok()).and_then(|i| args.get(i));
        match (close, arg) {
            (Some(c), Some(a)) => {
                out.push_str(a);
                rest = &after[c + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder numbers a template uses, sorted and deduplicated (for catalog tests).
pub fn placeholders(template: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(c) = after.find('}') {
            if let Ok(i) = after[..c].parse::<usize>() {
                found.push(i);
            }
        }
        rest = after;
    }
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_substitutes_positional_arguments() {
        let args = vec!["a".to_string(), "b{0}".to_string()];
        assert_eq!(fill("{1} then {0}", &args), "b{0} then a");
        assert_eq!(fill("{2} {x} {", &args), "{2} {x} {");
        assert_eq!(fill("无{0}参数", &args), "无a参数");
    }

    #[test]
    fn english_templates_number_their_placeholders_from_zero() {
        for k in Key::ALL {
            let p = placeholders(k.english());
            assert_eq!(p, (0..p.len()).collect::<Vec<_>>(), "{k:?}");
        }
    }

    #[test]
    fn a_phrase_displays_as_english() {
        let p = Phrase::new(Key::ExecNoSuchContainer, ["3s", "\"app\""]);
        assert_eq!(p.to_string(), "exec at 3s: no container named \"app\"");
        assert!(p.contains("named \"app\""));
    }
}
