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
    /// A run note that has not been given its own key yet: the argument is the whole English text.
    Untranslated => "{0}",
    // Version-dependent semantics (`phase::semantics_for`), one description each.
    /// SidecarContainers on by default.
    SemSidecarContainers => "Native sidecars: an init container with restartPolicy: Always starts before the next one, keeps running and is restarted when it exits; in 1.28 (gate off) the apiserver drops that field.",
    /// PodReadyToStartContainers condition reported.
    SemPodReadyToStartContainers => "The kubelet reports the PodReadyToStartContainers condition: True once the pod sandbox and its network are ready.",
    /// ImagePullBackOff message carries the last pull error.
    SemImagePullBackOffDetail => "The ImagePullBackOff waiting message ends with the last pull error.",
    /// getPhase uses podHasInitialized.
    SemPodHasInitialized => "The pod phase asks whether the pod has initialized (false again after its sandbox is re-created), not whether a regular container has ever started.",
    /// Back-off requeue at expiry.
    SemBackoffRequeue => "After a sync blocked by crash-loop back-off, the pod worker retries when the back-off expires instead of 10–15 s later.",
    /// 1.33 event wording.
    SemEventWording133 => "Event wording: 'Created container: NAME' and 'Container image \"IMAGE\" already present on machine and can be accessed by the pod'.",
    /// 1.35 event wording.
    SemEventWording135 => "Event wording: the Created and Started events no longer name the container ('Container created', 'Container started').",
    /// ContainerRestartRules beta.
    SemContainerRestartRules => "Containers may set their own restartPolicy and restartPolicyRules (exit-code rules); a matching Restart rule restarts the container whatever the pod's policy.",
    /// RestartAllContainers beta.
    SemRestartAllContainers => "A restartPolicyRules rule may use the RestartAllContainers action: the pod stays Running while all its containers restart in place (phase only: the restart itself is not simulated yet).",
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
        let p = Phrase::new(Key::Untranslated, ["hello"]);
        assert_eq!(p.to_string(), "hello");
    }
}
