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
    // insight
    /// Explanation: ExplainScheduled.
    ExplainScheduled => "scheduled at {0}: node {1} has room for the pod's resource requests and matches its nodeSelector",
    /// Explanation: ExplainFailedScheduling.
    ExplainFailedScheduling => "not schedulable at {0}: no node fits the pod's resource requests or nodeSelector; the scheduler tries again when the cluster changes, and at least every 5 minutes",
    /// Explanation: ExplainPulling.
    ExplainPulling => "{0} is not on the node and imagePullPolicy is {1}: the kubelet pulls it before creating container {2}",
    /// Explanation: ExplainImagePresent.
    ExplainImagePresent => "{0} is already on the node and imagePullPolicy is {1}: no pull, container {2} is created next",
    /// Explanation: ExplainPulled.
    ExplainPulled => "{0} pulled; container {1} is created next",
    /// Explanation: ExplainPullBackOff.
    ExplainPullBackOff => "the kubelet waits before pulling {0} again (ImagePullBackOff): the back-off starts at 10s and doubles up to 5m0s",
    /// Explanation: ExplainNeverPull.
    ExplainNeverPull => "{0} is not on the node and imagePullPolicy is Never: the kubelet will not pull it, so the container cannot start",
    /// Explanation: ExplainPullFailed.
    ExplainPullFailed => "pulling {0} failed (ErrImagePull): the registry does not have it; the kubelet retries with a back-off from 10s doubling up to 5m0s",
    /// Explanation: ExplainCrashBackOff.
    ExplainCrashBackOff => "restart delayed {0}: crash {1} of container {2}, and the back-off doubles with each crash (10s, 20s, 40s, … capped at 5m0s; restartPolicy {3})",
    /// Explanation: ExplainCreated.
    ExplainCreated => "container {0} created from image {1}",
    /// Explanation: ExplainPostStartFailed.
    ExplainPostStartFailed => "the postStart hook of {0} failed: the kubelet kills the container, which restarts as restartPolicy says",
    /// Explanation: ExplainPreStopFailed.
    ExplainPreStopFailed => "the preStop hook of {0} failed; the kubelet goes on to send the stop signal (a failed preStop only leaves this event)",
    /// Explanation: ExplainDeadline.
    ExplainDeadline => "activeDeadlineSeconds ({0}) has passed at {1}: the kubelet fails the pod (reason DeadlineExceeded) and stops its containers",
    /// Explanation: ExplainTaintEviction.
    ExplainTaintEviction => "the node stopped reporting at {0}: 40s later it is NotReady and tainted NoExecute; the pod's default toleration lasts 300s, then the taint manager deletes it",
    /// Explanation: ExplainSandboxChanged.
    ExplainSandboxChanged => "the image of init container {1} changed at {0}: the pod sandbox is re-created, every container stops and the init containers run again",
    /// Explanation: ExplainUnknown.
    ExplainUnknown => "{0}: {1}",
    /// Explanation: ExplainStartedSidecar.
    ExplainStartedSidecar => "sidecar {0} started (an init container with restartPolicy Always): the next container starts once it has started, and it keeps running beside the app containers",
    /// Explanation: ExplainStartedInit.
    ExplainStartedInit => "init container {0} started: init containers run one at a time, in order, each after the previous one exited 0",
    /// Explanation: ExplainStartedEphemeral.
    ExplainStartedEphemeral => "ephemeral container {0} started (kubectl debug): it runs once and is never restarted",
    /// Explanation: ExplainStartedAgain.
    ExplainStartedAgain => "container {0} started again (restart {1}): restartPolicy is {2}",
    /// Explanation: ExplainStarted.
    ExplainStarted => "container {0} started: its command runs, and its probes begin after initialDelaySeconds",
    /// Explanation: ExplainReadinessFailure.
    ExplainReadinessFailure => "readiness probe failed ({0} in a row, failureThreshold {1}): at the threshold the container is not ready and the pod leaves its Services' endpoints; a readiness failure never restarts it",
    /// Explanation: ExplainProbeFailure.
    ExplainProbeFailure => "{0} probe failed ({1} in a row of failureThreshold {2}, one probe every {3}): at the threshold the kubelet kills the container",
    /// Explanation: ExplainPostStartKill.
    ExplainPostStartKill => "{0} is killed because its postStart hook failed",
    /// Explanation: ExplainDefinitionChanged.
    ExplainDefinitionChanged => "the image of {0} changed to {1} (kubectl set image at {2}): the kubelet kills the container and starts it again with the new image",
    /// Explanation: ExplainProbeKillAfterExec.
    ExplainProbeKillAfterExec => "killed at {0}: {1} probe failed {2} times (failureThreshold {2} × periodSeconds {3}) after `{4}` ran at {5}",
    /// Explanation: ExplainProbeKill.
    ExplainProbeKill => "killed at {0}: {1} probe failed {2} times (failureThreshold {2} × periodSeconds {3}) since its last success at {4}",
    /// Explanation: ExplainProbeKillNever.
    ExplainProbeKillNever => "killed at {0}: {1} probe failed {2} times (failureThreshold {2} × periodSeconds {3}) and never succeeded since the container started at {4}",
    /// Explanation: ExplainStopSandbox.
    ExplainStopSandbox => "stopping {0}: the pod sandbox is re-created, so every container stops and the init containers run again",
    /// Explanation: ExplainStopDeadline.
    ExplainStopDeadline => "stopping {0}: activeDeadlineSeconds has passed; it gets the pod's {1} grace period",
    /// Explanation: ExplainStopEvicted.
    ExplainStopEvicted => "stopping {0}: the pod is evicted from the NotReady node; it gets the pod's {1} grace period",
    /// Explanation: ExplainStopDeletedPreStop.
    ExplainStopDeletedPreStop => "stopping {0}: the pod was deleted at {1} with a {2} grace period; the preStop hook runs first, then SIGTERM, and SIGKILL follows at {3} if it is still running",
    /// Explanation: ExplainStopDeleted.
    ExplainStopDeleted => "stopping {0}: the pod was deleted at {1} with a {2} grace period; SIGTERM now, SIGKILL at {3} if it is still running",
    /// Explanation: ExplainStopOther.
    ExplainStopOther => "stopping {0}: the pod is terminating; it gets a {1} grace period",
    /// Explanation: ExplainWaitingCreating.
    ExplainWaitingCreating => "{0} is waiting (ContainerCreating): the sandbox, the image and the container are being prepared",
    /// Explanation: ExplainWaitingInit.
    ExplainWaitingInit => "{0} is waiting (PodInitializing) for the init containers to finish",
    /// Explanation: ExplainWaitingBackOff.
    ExplainWaitingBackOff => "{0} is waiting in CrashLoopBackOff: it exited, restartPolicy {1} restarts it, and the kubelet holds the restart back",
    /// Explanation: ExplainWaitingImage.
    ExplainWaitingImage => "{0} is waiting ({1}): its image cannot be pulled",
    /// Explanation: ExplainWaitingOther.
    ExplainWaitingOther => "{0} is waiting ({1})",
    /// Explanation: ExplainRunning.
    ExplainRunning => "{0} is running",
    /// Explanation: ExplainKilledAtGraceEnd.
    ExplainKilledAtGraceEnd => "{0} was killed with SIGKILL (exit 137): it was still running when the {2} grace period that began at {1} ran out",
    /// Explanation: ExplainExitedOnSignal.
    ExplainExitedOnSignal => "{0} exited with code {1} after being told to stop at {2}",
    /// Explanation: ExplainExitedZero.
    ExplainExitedZero => "{0} exited 0 (Completed): its command finished",
    /// Explanation: ExplainExitedError.
    ExplainExitedError => "{0} exited with code {1} (Error): its command failed",
    /// Explanation: ExplainReadyProbe.
    ExplainReadyProbe => "{0} is ready: its readiness probe succeeded",
    /// Explanation: ExplainReadyNoProbe.
    ExplainReadyNoProbe => "{0} is ready: it has no readiness probe, so it is ready once it runs",
    /// Explanation: ExplainNotReadyStopped.
    ExplainNotReadyStopped => "{0} is not ready: it is not running",
    /// Explanation: ExplainNotReadyProbe.
    ExplainNotReadyProbe => "{0} is not ready: its readiness probe failed failureThreshold times in a row",
    /// Explanation: ExplainStartedProbe.
    ExplainStartedProbe => "{0} has started: its startup probe succeeded, so the liveness and readiness probes begin",
    /// Explanation: ExplainStartedNoProbe.
    ExplainStartedNoProbe => "{0} has started: it has no startup probe",
    /// Explanation: ExplainNotStarted.
    ExplainNotStarted => "{0} is not started: it is not running, or its startup probe has not succeeded yet",
    /// Explanation: ExplainStatusUpdated.
    ExplainStatusUpdated => "{0}'s status changed (restarts: {1})",
    /// Explanation: ExplainCondScheduled.
    ExplainCondScheduled => "PodScheduled: the scheduler bound the pod to {0}",
    /// Explanation: ExplainCondGated.
    ExplainCondGated => "PodScheduled is False (SchedulingGated): the pod has schedulingGates, which keep the scheduler away until they are removed",
    /// Explanation: ExplainCondUnschedulable.
    ExplainCondUnschedulable => "PodScheduled is False ({0}): no node fits the pod",
    /// Explanation: ExplainCondSandboxReady.
    ExplainCondSandboxReady => "PodReadyToStartContainers: the pod sandbox and its network are ready",
    /// Explanation: ExplainCondSandboxNotReady.
    ExplainCondSandboxNotReady => "PodReadyToStartContainers is False: the pod sandbox does not exist (yet, or any more)",
    /// Explanation: ExplainCondInitializedNone.
    ExplainCondInitializedNone => "Initialized: the pod has no init containers",
    /// Explanation: ExplainCondInitialized.
    ExplainCondInitialized => "Initialized: all {0} init containers have completed (sidecars: started)",
    /// Explanation: ExplainCondNotInitialized.
    ExplainCondNotInitialized => "Initialized is False: init containers not done: {0}; the app containers start only after all of them",
    /// Explanation: ExplainCondFinished.
    ExplainCondFinished => "{0} is False ({1}): the pod has finished",
    /// Explanation: ExplainCondContainersReady.
    ExplainCondContainersReady => "ContainersReady: every container is ready",
    /// Explanation: ExplainCondContainersNotReady.
    ExplainCondContainersNotReady => "ContainersReady is False: not ready: {0}",
    /// Explanation: ExplainCondReady.
    ExplainCondReady => "Ready at {0}: every container is ready and every readiness gate is True; Services now send traffic to the pod",
    /// Explanation: ExplainCondGatesNotReady.
    ExplainCondGatesNotReady => "Ready is False although the containers are ready: {0}",
    /// Explanation: ExplainCondNotReady.
    ExplainCondNotReady => "Ready is False: not ready: {0}; Services send the pod no traffic",
    /// Explanation: ExplainCondNotReadyOther.
    ExplainCondNotReadyOther => "Ready is False ({0})",
    /// Explanation: ExplainCondDisruption.
    ExplainCondDisruption => "DisruptionTarget ({0}): the pod is about to be deleted by a controller",
    /// Explanation: ExplainCondGate.
    ExplainCondGate => "readiness gate {0} is {1}: set through the status subresource at {2}",
    /// Explanation: ExplainStartedAfterStop.
    ExplainStartedAfterStop => "container {0} started again after it was stopped at {1}",
    /// Explanation: ExplainInitDone.
    ExplainInitDone => "init container {0} exited 0 at {1}: the next init container, or after the last one the app containers, can start",
    /// Explanation: ExplainInitDoneAfterService.
    ExplainInitDoneAfterService => "init container {0} exited 0 at {1}, after Service {2} was created at {3}: the next init container, or after the last one the app containers, can start",
    /// Explanation: ExplainPhaseFailedDeleted.
    ExplainPhaseFailedDeleted => "Failed: the pod was deleted at {0} and a container ended with a non-zero exit code (killed), so its final phase is Failed",
    /// Explanation: ExplainPhasePending.
    ExplainPhasePending => "Pending: the pod is accepted, but not all of its containers have been started",
    /// Explanation: ExplainPhaseRunning.
    ExplainPhaseRunning => "Running: the pod is bound to a node and at least one container is running or restarting",
    /// Explanation: ExplainPhaseSucceeded.
    ExplainPhaseSucceeded => "Succeeded: every container exited 0 and restartPolicy {0} does not restart them",
    /// Explanation: ExplainPhaseDeadline.
    ExplainPhaseDeadline => "Failed (DeadlineExceeded): the pod was active longer than activeDeadlineSeconds ({0})",
    /// Explanation: ExplainPhaseFailedInit.
    ExplainPhaseFailedInit => "Failed: init container {0} failed and restartPolicy {1} does not run it again",
    /// Explanation: ExplainPhaseFailed.
    ExplainPhaseFailed => "Failed: every container has terminated, at least one with a non-zero exit code, and restartPolicy {0} does not restart it",
    /// Lint: LintReadinessIsLiveness.
    LintReadinessIsLiveness => "the readinessProbe of {0} is identical to its livenessProbe: the container is restarted at the moment it leaves the Services, so readiness protects nothing; make readiness stricter or faster",
    /// Lint: LintLivenessKillsStart.
    LintLivenessKillsStart => "the liveness probe kills {0} at {1} before it ever succeeds: initialDelaySeconds {2} + failureThreshold {3} × periodSeconds {4} = {5} is less than it needs to start; add a startupProbe or raise initialDelaySeconds",
    /// Lint: LintInitNeverEnds.
    LintInitNeverEnds => "init container {0} is still running at {1}: it never exits, so the app containers never start",
    /// Lint: LintProbePortClosed.
    LintProbePortClosed => "the {0} probe of {1} targets port {2}, where nothing listens (every attempt: connection refused); declared containerPorts: {3}",
    /// Lint: LintNeverReady.
    LintNeverReady => "the pod never becomes Ready within {0}",
    /// Lint: LintGraceTooShort.
    LintGraceTooShort => "{0} did not stop within its {2} grace period (the stop began at {1}) and was killed with SIGKILL at {3} (exit 137): handle SIGTERM, shorten the preStop hook or raise terminationGracePeriodSeconds",
    /// Lint: LintCrashLoop.
    LintCrashLoop => "the command of {0} exits (code {1} at {2}) but restartPolicy is Always: it restarts in CrashLoopBackOff, and the back-off reaches its 5-minute cap at about {3}",
    /// Expectation: ExpectUnknownFigure.
    ExpectUnknownFigure => "{0}: no such figure (figures: {1})",
    /// Expectation: ExpectBadValue.
    ExpectBadValue => "{0}: the value must be {1}",
    /// Expectation: ExpectViolated.
    ExpectViolated => "expectation {0} failed: {1} is {2}",
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
