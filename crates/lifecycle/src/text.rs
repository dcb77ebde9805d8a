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
    /// setImage of an ordinary init container after the pod initialized.
    SetImageInitialized => "setImage at {0}: the pod has initialized, so the kubelet does not run init container {1} again; its new image is only in the spec",
    /// Kubernetes 1.28 drops an init container's restartPolicy.
    SidecarGateOff => "Kubernetes {0}: the SidecarContainers feature gate is off by default, so the apiserver dropped restartPolicy from init container {1}; it runs as an ordinary init container",
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
    /// A script built a value (a variable, a word, an output, a file) beyond podlife's limit; {1} the limit in bytes.
    ShRunawayData => "container {0}: runaway data: the script built a value larger than {1} bytes (a real container would run out of memory): modelled as running forever",
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
    HorizonTooLong => "horizon {0} is longer than podlife simulates: clamped to {1} (72h, the limit)",
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
    /// {0} the limit in bytes (the apiserver's largest request body).
    TooMuchTextAfterAliases => "document too large after alias expansion (limit {0} bytes of text, the most the apiserver accepts in one request)",
    /// {0} the depth limit.
    NestedTooDeeply => "document nested too deeply (limit {0} levels)",
    /// The YAML parser's message {0} at a tab.
    TabIndentHint => "{0} (YAML forbids tabs for indentation; use spaces)",
    /// The YAML parser's message {0}, then the character's code point {1}.
    ControlCharacterFound => "{0} (found U+{1})",
    /// The apiserver's `Too many: N` {0}; {1} podlife's limit.
    TooManyContainers => "{0}: podlife simulates at most {1} containers per Pod (init and regular containers together)",
    /// {0} the number of actions; {1} podlife's limit.
    TooManyActions => "Too many: {0}: podlife runs at most {1} Scenario actions; the ones after the first {1} are ignored",
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
    // insight
    /// Why: scheduled.
    ExplainScheduled => "scheduled at {0}: node {1} has room for the pod's resource requests and matches its nodeSelector",
    /// Why: failed scheduling.
    ExplainFailedScheduling => "not schedulable at {0}: no node fits the pod's resource requests or nodeSelector; the scheduler tries again when the cluster changes, and at least every 5 minutes",
    /// Why: pulling.
    ExplainPulling => "{0} is not on the node and imagePullPolicy is {1}: the kubelet pulls it before creating container {2}",
    /// Why: image present.
    ExplainImagePresent => "{0} is already on the node and imagePullPolicy is {1}: no pull, container {2} is created next",
    /// Why: pulled.
    ExplainPulled => "{0} pulled; container {1} is created next",
    /// Why: pull back off.
    ExplainPullBackOff => "the kubelet waits before pulling {0} again (ImagePullBackOff): the back-off starts at 10s and doubles up to 5m0s",
    /// Why: never pull.
    ExplainNeverPull => "{0} is not on the node and imagePullPolicy is Never: the kubelet will not pull it, so the container cannot start",
    /// Why: pull failed.
    ExplainPullFailed => "pulling {0} failed (ErrImagePull): the registry does not have it; the kubelet retries with a back-off from 10s doubling up to 5m0s",
    /// Why: crash back off.
    ExplainCrashBackOff => "restart delayed {0}: crash {1} of container {2}, and the back-off doubles with each crash (10s, 20s, 40s, … capped at 5m0s; restartPolicy {3})",
    /// Why: created.
    ExplainCreated => "container {0} created from image {1}",
    /// Why: post start failed.
    ExplainPostStartFailed => "the postStart hook of {0} failed: the kubelet kills the container, which restarts as restartPolicy says",
    /// Why: pre stop failed.
    ExplainPreStopFailed => "the preStop hook of {0} failed; the kubelet goes on to send the stop signal (a failed preStop only leaves this event)",
    /// Why: deadline.
    ExplainDeadline => "activeDeadlineSeconds ({0}) has passed at {1}: the kubelet fails the pod (reason DeadlineExceeded) and stops its containers",
    /// Why: taint eviction.
    ExplainTaintEviction => "the node stopped reporting at {0}: 40s later it is NotReady and tainted NoExecute; the pod's default toleration lasts 300s, then the taint manager deletes it",
    /// Why: sandbox changed.
    ExplainSandboxChanged => "the image of init container {1} changed at {0}: the pod sandbox is re-created, every container stops and the init containers run again",
    /// Why: unknown.
    ExplainUnknown => "{0}: {1} (podlife has no rule for this yet)",
    /// Why: started sidecar.
    ExplainStartedSidecar => "sidecar {0} started (an init container with restartPolicy Always): the next container starts once it has started, and it keeps running beside the app containers",
    /// Why: started init.
    ExplainStartedInit => "init container {0} started: init containers run one at a time, in order, each after the previous one exited 0",
    /// Why: started ephemeral.
    ExplainStartedEphemeral => "ephemeral container {0} started (kubectl debug): it runs once and is never restarted",
    /// Why: started again.
    ExplainStartedAgain => "container {0} started again (restart {1}): restartPolicy is {2}",
    /// Why: started.
    ExplainStarted => "container {0} started: its command runs, and its probes begin after initialDelaySeconds",
    /// Why: readiness failure.
    ExplainReadinessFailure => "readiness probe failed ({0} in a row, failureThreshold {1}): at the threshold the container is not ready and the pod leaves its Services' endpoints; a readiness failure never restarts it",
    /// Why: probe failure.
    ExplainProbeFailure => "{0} probe failed ({1} in a row of failureThreshold {2}, one probe every {3}): at the threshold the kubelet kills the container",
    /// Why: post start kill.
    ExplainPostStartKill => "{0} is killed because its postStart hook failed",
    /// Why: definition changed.
    ExplainDefinitionChanged => "the image of {0} changed to {1} (kubectl set image at {2}): the kubelet kills the container and starts it again with the new image",
    /// Why: probe kill after exec.
    ExplainProbeKillAfterExec => "killed at {0}: {1} probe failed {2} times (failureThreshold {2} × periodSeconds {3}) after `{4}` ran at {5}",
    /// Why: probe kill.
    ExplainProbeKill => "killed at {0}: {1} probe failed {2} times (failureThreshold {2} × periodSeconds {3}) since its last success at {4}",
    /// Why: probe kill never.
    ExplainProbeKillNever => "killed at {0}: {1} probe failed {2} times (failureThreshold {2} × periodSeconds {3}) and never succeeded since the container started at {4}",
    /// Why: stop sandbox.
    ExplainStopSandbox => "stopping {0}: the pod sandbox is re-created, so every container stops and the init containers run again",
    /// Why: stop deadline.
    ExplainStopDeadline => "stopping {0}: activeDeadlineSeconds has passed; it gets the pod's {1} grace period",
    /// Why: stop evicted.
    ExplainStopEvicted => "stopping {0}: the pod is evicted from the NotReady node; it gets the pod's {1} grace period",
    /// Why: stop deleted pre stop.
    ExplainStopDeletedPreStop => "stopping {0}: the pod was deleted at {1} with a {2} grace period; the preStop hook runs first, then SIGTERM, and SIGKILL follows at {3} if it is still running",
    /// Why: stop deleted.
    ExplainStopDeleted => "stopping {0}: the pod was deleted at {1} with a {2} grace period; SIGTERM now, SIGKILL at {3} if it is still running",
    /// Why: stop other.
    ExplainStopOther => "stopping {0}: the pod is terminating; it gets a {1} grace period",
    /// Why: waiting creating.
    ExplainWaitingCreating => "{0} is waiting (ContainerCreating): the sandbox, the image and the container are being prepared",
    /// Why: waiting init.
    ExplainWaitingInit => "{0} is waiting (PodInitializing) for the init containers to finish",
    /// Why: waiting back off.
    ExplainWaitingBackOff => "{0} is waiting in CrashLoopBackOff: it exited, restartPolicy {1} restarts it, and the kubelet holds the restart back",
    /// Why: waiting image.
    ExplainWaitingImage => "{0} is waiting ({1}): its image cannot be pulled",
    /// Why: waiting other.
    ExplainWaitingOther => "{0} is waiting ({1})",
    /// Why: running.
    ExplainRunning => "{0} is running",
    /// Why: killed at grace end.
    ExplainKilledAtGraceEnd => "{0} was killed with SIGKILL (exit 137): it was still running when the {2} grace period that began at {1} ran out",
    /// Why: exited on signal.
    ExplainExitedOnSignal => "{0} exited with code {1} after being told to stop at {2}",
    /// Why: exited zero.
    ExplainExitedZero => "{0} exited 0 (Completed): its command finished",
    /// Why: exited error.
    ExplainExitedError => "{0} exited with code {1} (Error): its command failed",
    /// Why: ready probe.
    ExplainReadyProbe => "{0} is ready: its readiness probe succeeded",
    /// Why: ready no probe.
    ExplainReadyNoProbe => "{0} is ready: it has no readiness probe, so it is ready once it runs",
    /// Why: not ready stopped.
    ExplainNotReadyStopped => "{0} is not ready: it is not running",
    /// Why: not ready probe.
    ExplainNotReadyProbe => "{0} is not ready: its readiness probe failed failureThreshold times in a row",
    /// Why: started probe.
    ExplainStartedProbe => "{0} has started: its startup probe succeeded, so the liveness and readiness probes begin",
    /// Why: started no probe.
    ExplainStartedNoProbe => "{0} has started: it has no startup probe",
    /// Why: not started.
    ExplainNotStarted => "{0} is not started: it is not running, or its startup probe has not succeeded yet",
    /// Why: status updated.
    ExplainStatusUpdated => "{0}'s status changed (restarts: {1})",
    /// Why: condition scheduled.
    ExplainCondScheduled => "PodScheduled: the scheduler bound the pod to {0}",
    /// Why: condition gated.
    ExplainCondGated => "PodScheduled is False (SchedulingGated): the pod has schedulingGates, which keep the scheduler away until they are removed",
    /// Why: condition unschedulable.
    ExplainCondUnschedulable => "PodScheduled is False ({0}): no node fits the pod",
    /// Why: condition sandbox ready.
    ExplainCondSandboxReady => "PodReadyToStartContainers: the pod sandbox and its network are ready",
    /// Why: condition sandbox not ready.
    ExplainCondSandboxNotReady => "PodReadyToStartContainers is False: the pod sandbox does not exist (yet, or any more)",
    /// Why: condition initialized none.
    ExplainCondInitializedNone => "Initialized: the pod has no init containers",
    /// Why: condition initialized.
    ExplainCondInitialized => "Initialized: all {0} init containers have completed (sidecars: started)",
    /// Why: condition not initialized.
    ExplainCondNotInitialized => "Initialized is False: init containers not done: {0}; the app containers start only after all of them",
    /// Why: condition finished.
    ExplainCondFinished => "{0} is False ({1}): the pod has finished",
    /// Why: condition containers ready.
    ExplainCondContainersReady => "ContainersReady: every container is ready",
    /// Why: condition containers not ready.
    ExplainCondContainersNotReady => "ContainersReady is False: not ready: {0}",
    /// Why: condition ready.
    ExplainCondReady => "Ready at {0}: every container is ready and every readiness gate is True; Services now send traffic to the pod",
    /// Why: condition gates not ready.
    ExplainCondGatesNotReady => "Ready is False although the containers are ready: {0}",
    /// Why: condition not ready.
    ExplainCondNotReady => "Ready is False: not ready: {0}; Services send the pod no traffic",
    /// Why: condition not ready other.
    ExplainCondNotReadyOther => "Ready is False ({0})",
    /// Why: condition disruption.
    ExplainCondDisruption => "DisruptionTarget ({0}): the pod is about to be deleted by a controller",
    /// Why: condition gate.
    ExplainCondGate => "readiness gate {0} is {1}: set through the status subresource at {2}",
    /// Why: started after stop.
    ExplainStartedAfterStop => "container {0} started again after it was stopped at {1}",
    /// Why: init container done.
    ExplainInitDone => "init container {0} exited 0 at {1}: the next init container, or after the last one the app containers, can start",
    /// Why: init container done after service.
    ExplainInitDoneAfterService => "init container {0} exited 0 at {1}, after Service {2} was created at {3}: the next init container, or after the last one the app containers, can start",
    /// Why: phase failed deleted.
    ExplainPhaseFailedDeleted => "Failed: the pod was deleted at {0} and a container ended with a non-zero exit code (killed), so its final phase is Failed",
    /// Why: phase pending.
    ExplainPhasePending => "Pending: the pod is accepted, but not all of its containers have been started",
    /// Why: phase running.
    ExplainPhaseRunning => "Running: the pod is bound to a node and at least one container is running or restarting",
    /// Why: phase succeeded.
    ExplainPhaseSucceeded => "Succeeded: every container exited 0 and restartPolicy {0} does not restart them",
    /// Why: phase deadline.
    ExplainPhaseDeadline => "Failed (DeadlineExceeded): the pod was active longer than activeDeadlineSeconds ({0})",
    /// Why: phase failed init.
    ExplainPhaseFailedInit => "Failed: init container {0} failed and restartPolicy {1} does not run it again",
    /// Why: phase failed.
    ExplainPhaseFailed => "Failed: every container has terminated, at least one with a non-zero exit code, and restartPolicy {0} does not restart it",
    /// Lint: readiness is liveness.
    LintReadinessIsLiveness => "the readinessProbe of {0} is identical to its livenessProbe: the container is restarted at the moment it leaves the Services, so readiness protects nothing; make readiness stricter or faster",
    /// Lint: liveness kills start.
    LintLivenessKillsStart => "the liveness probe kills {0} at {1} before it ever succeeds: initialDelaySeconds {2} + failureThreshold {3} × periodSeconds {4} = {5} is less than it needs to start; add a startupProbe or raise initialDelaySeconds",
    /// Lint: init never ends.
    LintInitNeverEnds => "init container {0} is still running at {1}: it never exits, so the app containers never start",
    /// Lint: probe port closed.
    LintProbePortClosed => "the {0} probe of {1} targets port {2}, where nothing listens (every attempt: connection refused); declared containerPorts: {3}",
    /// Lint: never ready.
    LintNeverReady => "the pod never becomes Ready within {0}",
    /// Lint: grace too short.
    LintGraceTooShort => "{0} did not stop within its {2} grace period (the stop began at {1}) and was killed with SIGKILL at {3} (exit 137): handle SIGTERM, shorten the preStop hook or raise terminationGracePeriodSeconds",
    /// Lint: crash loop.
    LintCrashLoop => "the command of {0} exits (code {1} at {2}) but restartPolicy is Always: it restarts in CrashLoopBackOff, and the back-off reaches its 5-minute cap at about {3}",
    /// Expectation: unknown figure.
    ExpectUnknownFigure => "{0}: no such figure (figures: {1})",
    /// Expectation: bad value.
    ExpectBadValue => "{0}: the value must be {1}",
    /// Expectation: violated.
    ExpectViolated => "expectation {0} failed: {1} is {2}",
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
    /// RestartAllContainers, as simulated (replaces SemRestartAllContainers in the feature list).
    SemRestartAllContainersSimulated => "A restartPolicyRules rule may use the RestartAllContainers action: when it matches, the kubelet kills and removes every container (keeping the sandbox), shows them waiting as RestartingAllContainers with the AllContainersRestarting condition True, then runs init containers, sidecars and containers again in order; the pod stays Running.",
    /// A Scenario names a feature gate podlife does not know; {0} the quoted name, {1} the known gates.
    UnknownFeatureGate => "unrecognized feature gate: {0} (podlife knows: {1})",
    /// AllContainersRestarting became True.
    ExplainCondAllRestarting => "AllContainersRestarting: a container exited with a code its restartPolicyRules send to RestartAllContainers, so the kubelet stops every container (without the pod's grace period) and removes them, keeping the sandbox",
    /// AllContainersRestarting is False (again).
    ExplainCondAllRestartingDone => "AllContainersRestarting is False: no whole-pod restart is in progress (after one, every container was removed and they start again in order, init containers first)",
    /// A container waits as RestartingAllContainers; {0} its name.
    ExplainWaitingRestartAll => "{0} was removed so that all containers restart together (a RestartAllContainers rule matched): its lastState shows exit 137 with reason RestartingAllContainers and its restart count went up by one",
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
    crate::sort::ascending(&mut found);
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
