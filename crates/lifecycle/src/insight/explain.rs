//! Why each thing in a trace happened: every event, phase change, condition change and container
//! status change gets the rule that caused it, the spec fields involved and the documentation page.

use super::{at, dur, find_container, object_container, Exits};
use crate::load::Loaded;
use crate::model::{Pod, Probe};
use crate::sim::{crash_backoff_sequence, ActionKind, DocumentRun};
use crate::text::{Key, Phrase};

/// The trace item an explanation is about: an index into one of the trace's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// `trace.events[i]`.
    Event(usize),
    /// `trace.containers[i]`.
    Container(usize),
    /// `trace.conditions[i]`.
    Condition(usize),
    /// `trace.phases[i]`.
    Phase(usize),
}

/// The Kubernetes rule behind a transition; each has a documentation page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// The scheduler binds the pod to a node that fits.
    Scheduling,
    /// schedulingGates hold the pod back from the scheduler.
    SchedulingGates,
    /// imagePullPolicy decides whether the kubelet pulls.
    ImagePull,
    /// Failed pulls are retried with a growing back-off.
    ImagePullBackOff,
    /// Containers are created and started by the kubelet.
    ContainerStart,
    /// Init containers run one by one before the app containers.
    InitContainers,
    /// Sidecars are init containers with restartPolicy Always.
    Sidecars,
    /// kubectl debug adds ephemeral containers.
    EphemeralContainers,
    /// Liveness, readiness and startup probes.
    Probes,
    /// restartPolicy and the crash back-off.
    RestartBackOff,
    /// Graceful termination: preStop, SIGTERM, the grace period, SIGKILL.
    Termination,
    /// postStart and preStop hooks.
    Hooks,
    /// activeDeadlineSeconds.
    ActiveDeadline,
    /// NoExecute taints of a NotReady node evict the pod.
    TaintEviction,
    /// The pod's phase.
    Phase,
    /// The pod's conditions.
    Conditions,
    /// Readiness gates and conditions set through the status subresource.
    ReadinessGates,
    /// Container states.
    ContainerStates,
    /// A changed spec (kubectl set image) restarts the container.
    SpecChange,
    /// podlife has no rule for this item (a gap; tests keep it unused).
    Unexplained,
}

impl Rule {
    /// The kubernetes.io page that documents the rule.
    pub fn doc_url(self) -> &'static str {
        const LIFECYCLE: &str = "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/";
        match self {
            Rule::Scheduling => "https://kubernetes.io/docs/concepts/scheduling-eviction/kube-scheduler/",
            Rule::SchedulingGates => {
                "https://kubernetes.io/docs/concepts/scheduling-eviction/pod-scheduling-readiness/"
            }
            Rule::ImagePull => "https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
            Rule::ImagePullBackOff => "https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff",
            Rule::ContainerStart | Rule::ContainerStates => {
                "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-states"
            }
            Rule::InitContainers => "https://kubernetes.io/docs/concepts/workloads/pods/init-containers/",
            Rule::Sidecars => "https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/",
            Rule::EphemeralContainers => {
                "https://kubernetes.io/docs/concepts/workloads/pods/ephemeral-containers/"
            }
            Rule::Probes => "https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/",
            Rule::RestartBackOff => {
                "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts"
            }
            Rule::Termination => {
                "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination"
            }
            Rule::Hooks => "https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/",
            Rule::ActiveDeadline => {
                "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#lifecycle"
            }
            Rule::TaintEviction => {
                "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions"
            }
            Rule::Phase => "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-phase",
            Rule::Conditions => {
                "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions"
            }
            Rule::ReadinessGates => {
                "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-readiness-gate"
            }
            Rule::SpecChange => "https://kubernetes.io/docs/reference/kubectl/generated/kubectl_set/kubectl_set_image/",
            Rule::Unexplained => LIFECYCLE,
        }
    }
}

/// Why one trace item happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The item explained.
    pub subject: Subject,
    /// Its time, ms since creation.
    pub t_ms: i64,
    /// The rule.
    pub rule: Rule,
    /// The explanation, translatable.
    pub phrase: Phrase,
    /// Spec field paths involved (`spec.containers[0].livenessProbe.failureThreshold`); see
    /// [`super::field_lines`] for their lines.
    pub fields: Vec<String>,
}

impl Explanation {
    /// The rule's documentation page.
    pub fn doc_url(&self) -> &'static str {
        self.rule.doc_url()
    }
}

/// Per-container facts gathered while walking the trace in time order.
#[derive(Default, Clone)]
struct CtrState {
    name: String,
    /// Exits so far.
    exits: Exits,
    started_at: Option<i64>,
    /// Last kill: when, and the grace period it was given.
    kill: Option<(i64, i64)>,
    ready: bool,
    started_flag: bool,
    state: &'static str,
    seen: bool,
    /// The image last named by an event.
    image: Option<String>,
}

/// Per-probe streaks gathered from the probe records.
#[derive(Default, Clone)]
struct Streak {
    container: String,
    probe: &'static str,
    failures: i64,
    first_failure: Option<i64>,
    last_success: Option<i64>,
}

struct Walk<'a> {
    pod: &'a Pod,
    run: &'a DocumentRun,
    ctrs: Vec<CtrState>,
    streaks: Vec<Streak>,
    probe_next: usize,
    /// The last pod-wide reason to stop containers (DeadlineExceeded, TaintManagerEviction,
    /// SandboxChanged): when, and which.
    last_cause: Option<(i64, String)>,
}

/// Explains every event, phase, condition and container-status change of `run`, in time order.
pub fn explain(loaded: &Loaded, run: &DocumentRun) -> Vec<Explanation> {
    let trace = &run.trace;
    let pod = loaded.pod.as_ref().unwrap_or(&trace.base);
    let mut order: Vec<(i64, Subject)> = Vec::with_capacity(
        trace.events.len() + trace.containers.len() + trace.conditions.len() + trace.phases.len(),
    );
    order.extend(trace.events.iter().enumerate().map(|(i, e)| (e.t.ms(), Subject::Event(i))));
    order.extend(trace.containers.iter().enumerate().map(|(i, c)| (c.t.ms(), Subject::Container(i))));
    order.extend(trace.conditions.iter().enumerate().map(|(i, c)| (c.t.ms(), Subject::Condition(i))));
    order.extend(trace.phases.iter().enumerate().map(|(i, p)| (p.t.ms(), Subject::Phase(i))));
    // Each list is already in time order: a stable sort keeps events before the status they caused.
    crate::sort::by_key(&mut order, |&(t, s)| (t, s));
    let mut walk = Walk { pod, run, ctrs: Vec::new(), streaks: Vec::new(), probe_next: 0, last_cause: None };
    order
        .into_iter()
        .map(|(t, subject)| {
            walk.advance_probes(t);
            let (rule, phrase, fields) = match subject {
                Subject::Event(i) => walk.event(i),
                Subject::Container(i) => walk.container(i),
                Subject::Condition(i) => walk.condition(i),
                Subject::Phase(i) => walk.phase(i),
            };
            Explanation { subject, t_ms: t, rule, phrase, fields }
        })
        .collect()
}

type Out = (Rule, Phrase, Vec<String>);

fn out<I, S>(rule: Rule, key: Key, args: I, fields: Vec<String>) -> Out
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    (rule, Phrase::new(key, args), fields)
}

fn probe_of<'p>(spec: &'p crate::model::Container, probe: &str) -> Option<&'p Probe> {
    match probe {
        "liveness" => spec.liveness_probe.as_ref(),
        "readiness" => spec.readiness_probe.as_ref(),
        "startup" => spec.startup_probe.as_ref(),
        _ => None,
    }
}

/// A command as a person would type it: `sh -c X` shows as X.
pub(crate) fn command_text(argv: &[String]) -> String {
    match argv {
        [sh, c, script] if (sh == "sh" || sh == "/bin/sh") && c == "-c" => script.clone(),
        _ => argv.join(" "),
    }
}

impl Walk<'_> {
    fn advance_probes(&mut self, t: i64) {
        let probes = &self.run.trace.probes;
        while let Some(p) = probes.get(self.probe_next).filter(|p| p.t.ms() <= t) {
            self.probe_next += 1;
            let i = match self.streaks.iter().position(|s| s.container == p.container && s.probe == p.probe) {
                Some(i) => i,
                None => {
                    self.streaks.push(Streak {
                        container: p.container.to_string(),
                        probe: p.probe,
                        ..Streak::default()
                    });
                    self.streaks.len() - 1
                }
            };
            let s = &mut self.streaks[i];
            if p.result == "success" {
                s.failures = 0;
                s.first_failure = None;
                s.last_success = Some(p.t.ms());
            } else {
                s.failures += 1;
                s.first_failure.get_or_insert(p.t.ms());
            }
        }
    }

    fn ctr(&mut self, name: &str) -> &mut CtrState {
        let i = match self.ctrs.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                self.ctrs.push(CtrState { name: name.to_string(), ..CtrState::default() });
                self.ctrs.len() - 1
            }
        };
        &mut self.ctrs[i]
    }

    fn streak(&self, container: &str, probe: &str) -> Option<&Streak> {
        self.streaks.iter().find(|s| s.container == container && s.probe == probe)
    }

    fn pod_grace_ms(&self) -> i64 {
        self.pod.spec.termination_grace_period_seconds.unwrap_or(30).max(0).saturating_mul(1000)
    }

    fn restart_policy(&self) -> String {
        self.pod.spec.restart_policy.clone().unwrap_or_else(|| "Always".to_string())
    }

    /// The last action of a kind at or before `t`.
    fn last_action<T>(&self, t: i64, f: impl Fn(&ActionKind) -> Option<T>) -> Option<(i64, T)> {
        self.run
            .config
            .actions
            .iter()
            .filter(|a| a.at_ms <= t)
            .filter_map(|a| f(&a.kind).map(|x| (a.at_ms, x)))
            // Actions may be written in any order: the latest in time wins, ties the last written.
            .max_by_key(|(at, _)| *at)
    }

    fn event(&mut self, i: usize) -> Out {
        let trace = &self.run.trace;
        let e = &trace.events[i];
        let t = e.t.ms();
        if matches!(e.reason.as_str(), "DeadlineExceeded" | "TaintManagerEviction" | "SandboxChanged") {
            self.last_cause = Some((t, e.reason.clone()));
        }
        let name = object_container(e.object.as_deref()).unwrap_or("").to_string();
        let found = find_container(self.pod, &name);
        let cpath = found.as_ref().map(|f| f.path.clone()).unwrap_or_default();
        // The image as the event names it (it changes with kubectl set image), else as last seen.
        let quoted = e.message.split('"').nth(1).filter(|_| e.message.contains("image \""));
        if let Some(img) = quoted {
            self.ctr(&name).image = Some(img.to_string());
        }
        let debug = self.run.config.actions.iter().find_map(|a| match &a.kind {
            ActionKind::Debug { container, .. } if container.name == name => Some(container.as_ref()),
            _ => None,
        });
        let spec = found.as_ref().map(|f| f.spec).or(debug);
        let image =
            self.ctr(&name).image.clone().or_else(|| spec.and_then(|c| c.image.clone())).unwrap_or_default();
        let policy = spec.and_then(|c| c.image_pull_policy.clone()).unwrap_or_default();
        let image_fields = || vec![format!("{cpath}.image"), format!("{cpath}.imagePullPolicy")];
        match (e.reason.as_str(), e.type_) {
            ("Scheduled", _) => out(
                Rule::Scheduling,
                Key::ExplainScheduled,
                [at(t), self.run.config.node.name.clone()],
                vec!["spec.nodeSelector".to_string(), "spec.containers".to_string()],
            ),
            ("FailedScheduling", _) => out(
                Rule::Scheduling,
                Key::ExplainFailedScheduling,
                [at(t)],
                vec!["spec.containers".to_string(), "spec.nodeSelector".to_string()],
            ),
            ("Pulling", _) => {
                out(Rule::ImagePull, Key::ExplainPulling, [image, policy, name], image_fields())
            }
            ("Pulled", _) if e.message.contains("already present") => {
                out(Rule::ImagePull, Key::ExplainImagePresent, [image, policy, name], image_fields())
            }
            ("Pulled", _) => out(Rule::ImagePull, Key::ExplainPulled, [image, name], image_fields()),
            ("Failed", _) if e.message.contains("ImagePullBackOff") => {
                out(Rule::ImagePullBackOff, Key::ExplainPullBackOff, [image], image_fields())
            }
            ("Failed", _) if e.message.contains("ErrImageNeverPull") => {
                out(Rule::ImagePull, Key::ExplainNeverPull, [image], image_fields())
            }
            ("Failed", _) | ("ErrImageNeverPull", _)
                if e.message.contains("Never") || e.reason != "Failed" =>
            {
                out(Rule::ImagePull, Key::ExplainNeverPull, [image], image_fields())
            }
            ("Failed", _) => out(Rule::ImagePullBackOff, Key::ExplainPullFailed, [image], image_fields()),
            ("BackOff", "Normal") => {
                out(Rule::ImagePullBackOff, Key::ExplainPullBackOff, [image], image_fields())
            }
            ("BackOff", _) => {
                let exits = self.ctr(&name).exits.count.max(1);
                let delay = crash_backoff_sequence(exits).last().copied().unwrap_or(0);
                let fields = vec!["spec.restartPolicy".to_string(), format!("{cpath}.command")];
                out(
                    Rule::RestartBackOff,
                    Key::ExplainCrashBackOff,
                    [dur(delay), exits.to_string(), name, self.restart_policy()],
                    fields,
                )
            }
            ("Created", _) => out(Rule::ContainerStart, Key::ExplainCreated, [name, image], image_fields()),
            ("Started", _) => self.started(
                t,
                &name,
                found.as_ref().map(|f| (f.init, f.spec.restart_policy.is_some())),
                &cpath,
            ),
            ("Unhealthy", _) => self.unhealthy(e.message.as_str(), &name, &cpath),
            ("Killing", _) => self.killing(t, &e.message, &name, &cpath),
            ("FailedPostStartHook", _) => out(
                Rule::Hooks,
                Key::ExplainPostStartFailed,
                [name],
                vec![format!("{cpath}.lifecycle.postStart")],
            ),
            ("FailedPreStopHook", _) => out(
                Rule::Hooks,
                Key::ExplainPreStopFailed,
                [name],
                vec![format!("{cpath}.lifecycle.preStop")],
            ),
            ("DeadlineExceeded", _) => out(
                Rule::ActiveDeadline,
                Key::ExplainDeadline,
                [dur(self.pod.spec.active_deadline_seconds.unwrap_or(0).saturating_mul(1000)), at(t)],
                vec!["spec.activeDeadlineSeconds".to_string()],
            ),
            ("TaintManagerEviction", _) => {
                let down = self.last_action(t, |k| matches!(k, ActionKind::NodeReady(false)).then_some(()));
                out(
                    Rule::TaintEviction,
                    Key::ExplainTaintEviction,
                    [at(down.map_or(0, |d| d.0))],
                    vec!["spec.tolerations".to_string()],
                )
            }
            ("SandboxChanged", _) => {
                let set = self.last_action(t, |k| match k {
                    ActionKind::SetImage { container, .. } => Some(container.clone()),
                    _ => None,
                });
                let (when, who) = set.map_or((at(t), String::new()), |(w, c)| (at(w), c));
                out(
                    Rule::SpecChange,
                    Key::ExplainSandboxChanged,
                    [when, who],
                    vec!["spec.initContainers".to_string()],
                )
            }
            _ => {
                out(Rule::Unexplained, Key::ExplainUnknown, [e.reason.clone(), e.message.clone()], Vec::new())
            }
        }
    }

    fn started(&mut self, t: i64, name: &str, kind: Option<(bool, bool)>, cpath: &str) -> Out {
        let c = self.ctr(name);
        let restarts = c.exits.count;
        let stopped = c.kill.filter(|&(k, _)| c.started_at.is_some_and(|s| k >= s)).map(|k| k.0);
        c.started_at = Some(t);
        let fields = vec![format!("{cpath}.command")];
        match kind {
            Some((true, true)) => out(Rule::Sidecars, Key::ExplainStartedSidecar, [name], fields),
            Some((true, false)) => out(Rule::InitContainers, Key::ExplainStartedInit, [name], fields),
            None => out(Rule::EphemeralContainers, Key::ExplainStartedEphemeral, [name], Vec::new()),
            Some(_) if cpath.starts_with("spec.ephemeralContainers") => {
                out(Rule::EphemeralContainers, Key::ExplainStartedEphemeral, [name], fields)
            }
            Some(_) if stopped.is_some() => out(
                Rule::ContainerStart,
                Key::ExplainStartedAfterStop,
                [name.to_string(), at(stopped.unwrap_or_default())],
                fields,
            ),
            Some(_) if restarts > 0 => out(
                Rule::RestartBackOff,
                Key::ExplainStartedAgain,
                [name.to_string(), restarts.to_string(), self.restart_policy()],
                vec!["spec.restartPolicy".to_string(), format!("{cpath}.command")],
            ),
            Some(_) => out(Rule::ContainerStart, Key::ExplainStarted, [name], fields),
        }
    }

    fn unhealthy(&mut self, message: &str, name: &str, cpath: &str) -> Out {
        let probe = ["Liveness", "Readiness", "Startup"]
            .into_iter()
            .find(|p| message.starts_with(p))
            .unwrap_or("Liveness")
            .to_ascii_lowercase();
        let spec = find_container(self.pod, name)
            .and_then(|f| probe_of(f.spec, &probe).cloned())
            .unwrap_or_default();
        let threshold = spec.failure_threshold.unwrap_or(3);
        let period = spec.period_seconds.unwrap_or(10);
        let failures = self.streak(name, &probe).map_or(1, |s| s.failures.max(1));
        let base = format!("{cpath}.{probe}Probe");
        let fields = vec![format!("{base}.failureThreshold"), format!("{base}.periodSeconds"), base.clone()];
        if probe == "readiness" {
            out(
                Rule::Probes,
                Key::ExplainReadinessFailure,
                [failures.to_string(), threshold.to_string()],
                fields,
            )
        } else {
            out(
                Rule::Probes,
                Key::ExplainProbeFailure,
                [probe, failures.to_string(), threshold.to_string(), dur(period * 1000)],
                fields,
            )
        }
    }

    fn killing(&mut self, t: i64, message: &str, name: &str, cpath: &str) -> Out {
        let pod_grace = self.pod_grace_ms();
        if message == "FailedPostStartHook" {
            self.ctr(name).kill = Some((t, pod_grace));
            return out(
                Rule::Hooks,
                Key::ExplainPostStartKill,
                [name],
                vec![format!("{cpath}.lifecycle.postStart")],
            );
        }
        if message.contains("definition changed") {
            self.ctr(name).kill = Some((t, pod_grace));
            let set = self.last_action(t, |k| match k {
                ActionKind::SetImage { container, image } if container == name => Some(image.clone()),
                _ => None,
            });
            let (when, image) = set.map_or((at(t), String::new()), |(w, i)| (at(w), i));
            return out(
                Rule::SpecChange,
                Key::ExplainDefinitionChanged,
                [name.to_string(), image, when],
                vec![format!("{cpath}.image")],
            );
        }
        if let Some(probe) =
            ["liveness", "startup"].into_iter().find(|p| message.contains(&format!("failed {p} probe")))
        {
            let spec = find_container(self.pod, name)
                .and_then(|f| probe_of(f.spec, probe).cloned())
                .unwrap_or_default();
            let grace = spec.termination_grace_period_seconds.map_or(pod_grace, |s| s.saturating_mul(1000));
            let threshold = spec.failure_threshold.unwrap_or(3);
            let period = spec.period_seconds.unwrap_or(10).to_string();
            let base = format!("{cpath}.{probe}Probe");
            let fields =
                vec![format!("{base}.failureThreshold"), format!("{base}.periodSeconds"), base.clone()];
            let started = self.ctr(name).started_at.unwrap_or(0);
            self.ctr(name).kill = Some((t, grace));
            let (first, last_ok) =
                self.streak(name, probe).map_or((None, None), |s| (s.first_failure, s.last_success));
            let since = last_ok.filter(|&s| s >= started);
            let exec = self
                .run
                .config
                .actions
                .iter()
                .filter(|a| a.at_ms <= first.unwrap_or(t) && a.at_ms >= since.unwrap_or(started))
                .filter_map(|a| match &a.kind {
                    ActionKind::Exec { container, command } if container == name => {
                        Some((a.at_ms, command_text(command)))
                    }
                    _ => None,
                })
                .max_by_key(|(at, _)| *at);
            let n = threshold.to_string();
            return match (exec, since) {
                (Some((w, cmd)), _) => out(
                    Rule::Probes,
                    Key::ExplainProbeKillAfterExec,
                    [at(t), probe.to_string(), n, period, cmd, at(w)],
                    fields,
                ),
                (None, Some(s)) => out(
                    Rule::Probes,
                    Key::ExplainProbeKill,
                    [at(t), probe.to_string(), n, period, at(s)],
                    fields,
                ),
                (None, None) => out(
                    Rule::Probes,
                    Key::ExplainProbeKillNever,
                    [at(t), probe.to_string(), n, period, at(started)],
                    fields,
                ),
            };
        }
        // "Stopping container": the pod is terminating, or its sandbox is re-created.
        let cause = self.last_cause.clone();
        let delete = self.last_action(t, |k| match k {
            ActionKind::DeletePod { grace_seconds, .. } => Some(*grace_seconds),
            _ => None,
        });
        // The later of the two is why this container stops now.
        let (cause, delete) = match (cause, delete) {
            (Some((ct, _)), Some(d)) if d.0 >= ct => (None, Some(d)),
            (c, d) => (c.map(|c| c.1), d),
        };
        let pre_stop = find_container(self.pod, name)
            .is_some_and(|f| f.spec.lifecycle.as_ref().is_some_and(|l| l.pre_stop.is_some()));
        let mut fields = vec!["spec.terminationGracePeriodSeconds".to_string()];
        if pre_stop {
            fields.push(format!("{cpath}.lifecycle.preStop"));
        }
        match (cause.as_deref(), delete) {
            (Some("SandboxChanged"), _) => {
                self.ctr(name).kill = Some((t, pod_grace));
                out(Rule::SpecChange, Key::ExplainStopSandbox, [name], fields)
            }
            (Some("DeadlineExceeded"), _) => {
                self.ctr(name).kill = Some((t, pod_grace));
                fields.push("spec.activeDeadlineSeconds".to_string());
                out(
                    Rule::ActiveDeadline,
                    Key::ExplainStopDeadline,
                    [name.to_string(), dur(pod_grace)],
                    fields,
                )
            }
            (Some("TaintManagerEviction"), _) => {
                self.ctr(name).kill = Some((t, pod_grace));
                out(Rule::TaintEviction, Key::ExplainStopEvicted, [name.to_string(), dur(pod_grace)], fields)
            }
            (_, Some((when, grace))) => {
                let grace_ms = grace.map_or(pod_grace, |s| s.max(0).saturating_mul(1000));
                self.ctr(name).kill = Some((t, grace_ms));
                let key = if pre_stop { Key::ExplainStopDeletedPreStop } else { Key::ExplainStopDeleted };
                out(
                    Rule::Termination,
                    key,
                    [name.to_string(), at(when), dur(grace_ms), at(t + grace_ms)],
                    fields,
                )
            }
            _ => {
                self.ctr(name).kill = Some((t, pod_grace));
                out(Rule::Termination, Key::ExplainStopOther, [name.to_string(), dur(pod_grace)], fields)
            }
        }
    }

    fn container(&mut self, i: usize) -> Out {
        let r = &self.run.trace.containers[i];
        let t = r.t.ms();
        let name = r.name.as_str();
        let cpath = find_container(self.pod, name).map(|f| f.path).unwrap_or_default();
        let has_readiness = find_container(self.pod, name).is_some_and(|f| f.spec.readiness_probe.is_some());
        let has_startup = find_container(self.pod, name).is_some_and(|f| f.spec.startup_probe.is_some());
        let has_pre_stop = find_container(self.pod, name)
            .is_some_and(|f| f.spec.lifecycle.as_ref().is_some_and(|l| l.pre_stop.is_some()));
        let prev = self.ctr(name).clone();
        {
            let c = self.ctr(name);
            c.exits.see(r);
            c.ready = r.ready;
            c.started_flag = r.started;
            c.state = r.state;
            c.seen = true;
        }
        let reason = r.reason.clone().unwrap_or_default();
        let state_changed = !prev.seen || prev.state != r.state;
        let waiting_reason_changed = r.state == "waiting" && !state_changed;
        if state_changed
            || waiting_reason_changed && !(prev.ready != r.ready || prev.started_flag != r.started)
        {
            return match r.state {
                "waiting" => match reason.as_str() {
                    "ContainerCreating" => {
                        out(Rule::ContainerStates, Key::ExplainWaitingCreating, [name], vec![cpath])
                    }
                    "PodInitializing" => out(
                        Rule::InitContainers,
                        Key::ExplainWaitingInit,
                        [name],
                        vec!["spec.initContainers".to_string()],
                    ),
                    "RestartingAllContainers" => {
                        out(Rule::ContainerStates, Key::ExplainWaitingRestartAll, [name], vec![cpath])
                    }
                    "CrashLoopBackOff" => out(
                        Rule::RestartBackOff,
                        Key::ExplainWaitingBackOff,
                        [name.to_string(), self.restart_policy()],
                        vec!["spec.restartPolicy".to_string(), format!("{cpath}.command")],
                    ),
                    "ErrImagePull" | "ImagePullBackOff" | "ErrImageNeverPull" | "InvalidImageName" => out(
                        Rule::ImagePullBackOff,
                        Key::ExplainWaitingImage,
                        [name.to_string(), reason.clone()],
                        vec![format!("{cpath}.image")],
                    ),
                    _ => out(
                        Rule::ContainerStates,
                        Key::ExplainWaitingOther,
                        [name.to_string(), reason.clone()],
                        vec![cpath],
                    ),
                },
                "running" => {
                    out(Rule::ContainerStates, Key::ExplainRunning, [name], vec![format!("{cpath}.command")])
                }
                _ => {
                    let code = r.exit_code.unwrap_or(0);
                    match prev.kill {
                        Some((k, grace)) if code == 137 && t >= k => {
                            let mut fields = vec!["spec.terminationGracePeriodSeconds".to_string()];
                            if has_pre_stop {
                                fields.push(format!("{cpath}.lifecycle.preStop"));
                            }
                            out(
                                Rule::Termination,
                                Key::ExplainKilledAtGraceEnd,
                                [name.to_string(), at(k), dur(grace)],
                                fields,
                            )
                        }
                        Some((k, _)) if t >= k && prev.started_at.is_none_or(|s| s <= k) => out(
                            Rule::Termination,
                            Key::ExplainExitedOnSignal,
                            [name.to_string(), code.to_string(), at(k)],
                            vec![format!("{cpath}.command")],
                        ),
                        _ if code == 0 && r.kind == "init" => {
                            let since = prev.started_at.unwrap_or(0);
                            let svc = self
                                .last_action(t, |k| match k {
                                    ActionKind::ApplyService(s) => Some(s.name.clone()),
                                    _ => None,
                                })
                                .filter(|(w, _)| *w >= since);
                            match svc {
                                Some((w, svc)) => out(
                                    Rule::InitContainers,
                                    Key::ExplainInitDoneAfterService,
                                    [name.to_string(), at(t), svc, at(w)],
                                    vec![format!("{cpath}.command")],
                                ),
                                None => out(
                                    Rule::InitContainers,
                                    Key::ExplainInitDone,
                                    [name.to_string(), at(t)],
                                    vec![format!("{cpath}.command")],
                                ),
                            }
                        }
                        _ if code == 0 => out(
                            Rule::ContainerStates,
                            Key::ExplainExitedZero,
                            [name],
                            vec![format!("{cpath}.command")],
                        ),
                        _ => out(
                            Rule::ContainerStates,
                            Key::ExplainExitedError,
                            [name.to_string(), code.to_string()],
                            vec![format!("{cpath}.command")],
                        ),
                    }
                }
            };
        }
        if prev.ready != r.ready {
            let probe = format!("{cpath}.readinessProbe");
            return match (r.ready, has_readiness) {
                (true, true) => out(Rule::Probes, Key::ExplainReadyProbe, [name], vec![probe]),
                (true, false) => out(Rule::ContainerStates, Key::ExplainReadyNoProbe, [name], vec![cpath]),
                (false, _) if r.state != "running" => {
                    out(Rule::ContainerStates, Key::ExplainNotReadyStopped, [name], vec![cpath])
                }
                (false, _) => out(
                    Rule::Probes,
                    Key::ExplainNotReadyProbe,
                    [name],
                    vec![format!("{probe}.failureThreshold"), probe],
                ),
            };
        }
        if prev.started_flag != r.started {
            return match (r.started, has_startup) {
                (true, true) => {
                    out(Rule::Probes, Key::ExplainStartedProbe, [name], vec![format!("{cpath}.startupProbe")])
                }
                (true, false) => out(Rule::ContainerStates, Key::ExplainStartedNoProbe, [name], vec![cpath]),
                (false, _) => out(Rule::ContainerStates, Key::ExplainNotStarted, [name], vec![cpath]),
            };
        }
        out(
            Rule::ContainerStates,
            Key::ExplainStatusUpdated,
            [name.to_string(), r.restart_count.to_string()],
            vec![cpath],
        )
    }

    fn condition(&mut self, i: usize) -> Out {
        let c = &self.run.trace.conditions[i];
        let t = c.t.ms();
        let truth = c.status == "True";
        let reason = c.reason.clone().unwrap_or_default();
        let message = c.message.clone().unwrap_or_default();
        // `containers with unready status: [a b]` → `a b`.
        let listed = message
            .find('[')
            .and_then(|o| message[o + 1..].strip_suffix(']'))
            .unwrap_or(&message)
            .to_string();
        let readiness_fields: Vec<String> = self
            .pod
            .spec
            .containers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.readiness_probe.is_some())
            .map(|(i, _)| format!("spec.containers[{i}].readinessProbe"))
            .collect();
        let gates = self.pod.spec.readiness_gates.iter().flatten().any(|g| g.condition_type == c.type_);
        match (c.type_.as_str(), truth) {
            ("PodScheduled", true) => out(
                Rule::Scheduling,
                Key::ExplainCondScheduled,
                [self.run.config.node.name.clone()],
                Vec::new(),
            ),
            ("PodScheduled", false) if reason == "SchedulingGated" => out(
                Rule::SchedulingGates,
                Key::ExplainCondGated,
                Vec::<String>::new(),
                vec!["spec.schedulingGates".to_string()],
            ),
            ("PodScheduled", false) => out(
                Rule::Scheduling,
                Key::ExplainCondUnschedulable,
                [reason],
                vec!["spec.containers".to_string(), "spec.nodeSelector".to_string()],
            ),
            ("PodReadyToStartContainers", true) => {
                out(Rule::Conditions, Key::ExplainCondSandboxReady, Vec::<String>::new(), Vec::new())
            }
            ("PodReadyToStartContainers", false) => {
                out(Rule::Conditions, Key::ExplainCondSandboxNotReady, Vec::<String>::new(), Vec::new())
            }
            ("Initialized", true) if self.pod.init_containers().is_empty() => {
                out(Rule::InitContainers, Key::ExplainCondInitializedNone, Vec::<String>::new(), Vec::new())
            }
            ("Initialized", true) => out(
                Rule::InitContainers,
                Key::ExplainCondInitialized,
                [self.pod.init_containers().len().to_string()],
                vec!["spec.initContainers".to_string()],
            ),
            ("Initialized", false) => out(
                Rule::InitContainers,
                Key::ExplainCondNotInitialized,
                [listed],
                vec!["spec.initContainers".to_string()],
            ),
            ("ContainersReady" | "Ready", false) if reason == "PodCompleted" || reason == "PodFailed" => {
                out(Rule::Conditions, Key::ExplainCondFinished, [c.type_.clone(), reason], Vec::new())
            }
            ("ContainersReady", true) => {
                out(Rule::Conditions, Key::ExplainCondContainersReady, Vec::<String>::new(), readiness_fields)
            }
            ("ContainersReady", false) => {
                out(Rule::Conditions, Key::ExplainCondContainersNotReady, [listed], readiness_fields)
            }
            ("Ready", true) => out(Rule::Conditions, Key::ExplainCondReady, [at(t)], readiness_fields),
            ("Ready", false) if reason == "ReadinessGatesNotReady" => out(
                Rule::ReadinessGates,
                Key::ExplainCondGatesNotReady,
                [message],
                vec!["spec.readinessGates".to_string()],
            ),
            ("Ready", false) if reason == "ContainersNotReady" => {
                out(Rule::Conditions, Key::ExplainCondNotReady, [listed], readiness_fields)
            }
            ("Ready", false) => out(Rule::Conditions, Key::ExplainCondNotReadyOther, [reason], Vec::new()),
            ("AllContainersRestarting", true) => out(
                Rule::Conditions,
                Key::ExplainCondAllRestarting,
                Vec::<String>::new(),
                vec!["spec.containers".to_string()],
            ),
            ("AllContainersRestarting", false) => {
                out(Rule::Conditions, Key::ExplainCondAllRestartingDone, Vec::<String>::new(), Vec::new())
            }
            ("DisruptionTarget", _) => {
                out(Rule::TaintEviction, Key::ExplainCondDisruption, [reason], Vec::new())
            }
            (other, _) if gates => {
                let set = self.last_action(t, |k| match k {
                    ActionKind::SetCondition { type_, .. } if type_ == other => Some(()),
                    _ => None,
                });
                out(
                    Rule::ReadinessGates,
                    Key::ExplainCondGate,
                    [other.to_string(), c.status.clone(), at(set.map_or(t, |s| s.0))],
                    vec!["spec.readinessGates".to_string()],
                )
            }
            (other, _) => {
                out(Rule::Unexplained, Key::ExplainUnknown, [other.to_string(), c.status.clone()], Vec::new())
            }
        }
    }

    fn phase(&mut self, i: usize) -> Out {
        let trace = &self.run.trace;
        let p = &trace.phases[i];
        let policy = self.restart_policy();
        match p.phase.as_str() {
            "Pending" => out(Rule::Phase, Key::ExplainPhasePending, Vec::<String>::new(), Vec::new()),
            "Running" => out(Rule::Phase, Key::ExplainPhaseRunning, Vec::<String>::new(), Vec::new()),
            "Succeeded" => {
                out(Rule::Phase, Key::ExplainPhaseSucceeded, [policy], vec!["spec.restartPolicy".to_string()])
            }
            "Failed" => {
                let status = trace.state_at(p.t.ms()).status.and_then(|s| s.reason).unwrap_or_default();
                if status == "DeadlineExceeded" {
                    let d = dur(self.pod.spec.active_deadline_seconds.unwrap_or(0).saturating_mul(1000));
                    return out(
                        Rule::ActiveDeadline,
                        Key::ExplainPhaseDeadline,
                        [d],
                        vec!["spec.activeDeadlineSeconds".to_string()],
                    );
                }
                let failed_init = trace
                    .containers
                    .iter()
                    .take_while(|c| c.t <= p.t)
                    .filter(|c| {
                        c.kind == "init" && c.state == "terminated" && c.exit_code.is_some_and(|x| x != 0)
                    })
                    .last();
                let deleted =
                    self.last_action(p.t.ms(), |k| matches!(k, ActionKind::DeletePod { .. }).then_some(()));
                if let (None, Some((w, ()))) = (&failed_init, deleted) {
                    return out(
                        Rule::Termination,
                        Key::ExplainPhaseFailedDeleted,
                        [at(w)],
                        vec!["spec.terminationGracePeriodSeconds".to_string()],
                    );
                }
                match failed_init {
                    Some(c) => out(
                        Rule::InitContainers,
                        Key::ExplainPhaseFailedInit,
                        [c.name.clone(), policy],
                        vec!["spec.restartPolicy".to_string()],
                    ),
                    None => out(
                        Rule::Phase,
                        Key::ExplainPhaseFailed,
                        [policy],
                        vec!["spec.restartPolicy".to_string()],
                    ),
                }
            }
            other => {
                out(Rule::Unexplained, Key::ExplainUnknown, [other.to_string(), String::new()], Vec::new())
            }
        }
    }
}
