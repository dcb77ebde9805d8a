//! Apiserver validation of a (defaulted) Pod, with the apiserver's exact message bodies
//! (`pkg/apis/core/validation`, k8s-semantics.md §11 and §4.2), anchored through the source map.
//!
//! Version assumptions (target: Kubernetes 1.35/1.36):
//! - sidecar-era init-container messages (≥1.28);
//! - `PodLifecycleSleepActionAllowZero` on (≥1.33): sleep may be 0;
//! - `ContainerRestartRules` on (≥1.35): regular containers may set `restartPolicy` Always/OnFailure/Never,
//!   init containers may use OnFailure/Never only together with `restartPolicyRules` [INF];
//! - `RelaxedEnvironmentVariableValidation` on (GA 1.34): env names are any printable ASCII except `=`.
//!
//! Errors come out in the apiserver's discovery order (metadata, volumes, containers, init containers,
//! ephemeral containers, then pod-level fields), which `invalid_message` relies on.

use crate::decode::go_quote;
use crate::diag::{Diagnostic, Pos, Severity};
use crate::load::SourceMap;
use crate::model::{Container, IntOrString, LifecycleHandler, Pod, Probe, Volume};
use crate::text::{Key, Phrase};
use std::collections::{BTreeMap, BTreeSet};

const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QUALIFIED_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const HEADER_MSG: &str = "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";
const INIT_FORBIDDEN: &str = "may not be set for init containers without restartPolicy=Always";
const EPHEMERAL_FORBIDDEN: &str = "cannot be set for an Ephemeral Container";
const PORT_RANGE: &str = "must be between 1 and 65535, inclusive";

/// Most containers (init and regular together) podlife simulates in one Pod. Kubernetes sets no such
/// limit; podlife's engine recomputes every container's status on each change, so a run's cost grows
/// with the square of the count.
pub const MAX_CONTAINERS: usize = 32;

/// Longest diagnostic message, in characters: longer ones (a huge value quoted back) keep their start
/// and end around a note of how much was left out.
pub const MAX_MESSAGE_CHARS: usize = 1024;

/// Validates a defaulted Pod as the apiserver does on create; positions come from `source`.
pub fn validate(pod: &Pod, source: &SourceMap) -> Vec<Diagnostic> {
    validate_for(pod, source, crate::phase::PhaseSemantics::default())
}

/// [`validate`] by an apiserver whose feature gates are those of `sem` (the Scenario's version and
/// `featureGates`): the RestartAllContainers rule action is accepted only with its gate on.
pub fn validate_for(pod: &Pod, source: &SourceMap, sem: crate::phase::PhaseSemantics) -> Vec<Diagnostic> {
    let mut v = V { src: source, out: Vec::new(), sem };
    v.metadata(pod);
    v.spec(pod);
    v.podlife_warnings(pod);
    v.podlife_limits(pod);
    v.out
}

/// `body` cut to [`MAX_MESSAGE_CHARS`]: its start, `…(N characters omitted)…`, its end.
pub fn shorten(body: String) -> String {
    // A string has no more characters than bytes: most messages are decided without counting.
    if body.len() <= MAX_MESSAGE_CHARS {
        return body;
    }
    let n = body.chars().count();
    if n <= MAX_MESSAGE_CHARS {
        return body;
    }
    // Slices at character boundaries instead of rebuilding the kept ends character by character
    // (a quoted 2 MB value reaches here).
    let keep_head = MAX_MESSAGE_CHARS - 256;
    let head_end = body.char_indices().nth(keep_head).map_or(body.len(), |(i, _)| i);
    let tail_start = body.char_indices().rev().nth(191).map_or(0, |(i, _)| i);
    format!("{}…({} characters omitted)…{}", &body[..head_end], n - keep_head - 192, &body[tail_start..])
}

/// kubectl's summary of a rejected object: `The Pod "x" is invalid: e1` or `… is invalid: [e1, e2]`,
/// errors only, duplicates removed, in discovery order.
pub fn invalid_message(kind: &str, name: &str, diags: &[Diagnostic]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for d in diags.iter().filter(|d| d.severity == Severity::Error) {
        let e = d.path_and_message();
        if !seen.contains(&e) {
            seen.push(e);
        }
    }
    let body = if seen.len() == 1 { seen.concat() } else { format!("[{}]", seen.join(", ")) };
    format!("The {kind} {} is invalid: {body}", go_quote(name))
}

// ---------------------------------------------------------------------------------------------------
// Name checks (k8s.io/apimachinery/pkg/util/validation), each returning the messages it would.

fn is_label_chars(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty()
        && b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter().all(|c| alnum(c) || *c == b'-')
}

/// `IsDNS1123Label`.
pub fn dns1123_label(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    if s.len() > 63 {
        e.push("must be no more than 63 characters".to_string());
    }
    if !is_label_chars(s) {
        e.push(LABEL_MSG.to_string());
    }
    e
}

/// `IsDNS1123Subdomain`.
pub fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    if s.len() > 253 {
        e.push("must be no more than 253 characters".to_string());
    }
    if !s.split('.').all(is_label_chars) {
        e.push(SUBDOMAIN_MSG.to_string());
    }
    e
}

fn is_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// `IsQualifiedName`: `[prefix/]name`.
pub fn qualified_name(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    let parts: Vec<&str> = s.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                e.push("prefix part must be non-empty".to_string());
            } else {
                e.extend(dns1123_subdomain(prefix).into_iter().map(|m| format!("prefix part {m}")));
            }
            *name
        }
        _ => {
            e.push(format!(
                "a qualified name {QUALIFIED_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ));
            return e;
        }
    };
    if name.is_empty() {
        e.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        e.push("name part must be no more than 63 characters".to_string());
    }
    if !is_name_part(name) {
        e.push(format!("name part {QUALIFIED_MSG}"));
    }
    e
}

/// `IsValidLabelValue`.
pub fn label_value(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    if s.len() > 63 {
        e.push("must be no more than 63 characters".to_string());
    }
    if !s.is_empty() && !is_name_part(s) {
        e.push(LABEL_VALUE_MSG.to_string());
    }
    e
}

/// `IsValidPortName` (IANA_SVC_NAME).
pub fn port_name(s: &str) -> Vec<String> {
    let mut e = Vec::new();
    if s.len() > 15 {
        e.push("must be no more than 15 characters".to_string());
    }
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-') {
        e.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string());
    }
    if !s.bytes().any(|c| c.is_ascii_lowercase()) {
        e.push("must contain at least one letter (a-z)".to_string());
    }
    if s.contains("--") {
        e.push("must not contain consecutive hyphens".to_string());
    }
    if s.starts_with('-') || s.ends_with('-') {
        e.push("must not begin or end with a hyphen".to_string());
    }
    e
}

fn port_num(n: i64) -> Vec<String> {
    if (1..=65535).contains(&n) {
        Vec::new()
    } else {
        vec![PORT_RANGE.to_string()]
    }
}

// ---------------------------------------------------------------------------------------------------

struct V<'s> {
    src: &'s SourceMap,
    out: Vec<Diagnostic>,
    sem: crate::phase::PhaseSemantics,
}

fn supported_list(values: &[&str]) -> String {
    values.iter().map(|s| go_quote(s)).collect::<Vec<_>>().join(", ")
}

impl V<'_> {
    fn push(&mut self, path: &str, body: String) {
        let pos = self.src.pos(path);
        self.out.push(Diagnostic::error(path, pos, shorten(body)));
    }

    fn push_at(&mut self, path: &str, pos: Option<Pos>, body: String) {
        self.out.push(Diagnostic::error(path, pos.or_else(|| self.src.pos(path)), shorten(body)));
    }

    /// podlife's own limits (not the apiserver's): an error, so the Pod is not simulated.
    fn podlife_limits(&mut self, pod: &Pod) {
        let n = pod.spec.containers.len() + pod.init_containers().len();
        if n > MAX_CONTAINERS {
            let path = if pod.spec.containers.len() > MAX_CONTAINERS { "spec.containers" } else { "spec" };
            let pos = self.src.pos(path);
            let phrase =
                Phrase::new(Key::TooManyContainers, [format!("Too many: {n}"), MAX_CONTAINERS.to_string()]);
            self.out.push(Diagnostic::error_said(path, pos, phrase));
        }
    }

    /// A warning in podlife's words; a message too long to show whole loses its phrase (the page
    /// then shows the shortened English, as the CLI does).
    fn warn_said(&mut self, path: &str, phrase: Phrase) {
        let pos = self.src.pos(path);
        let english = phrase.english();
        let short = shorten(english.clone());
        if short == english {
            self.out.push(Diagnostic::warning_said(path, pos, phrase));
        } else {
            self.out.push(Diagnostic::warning(path, pos, short));
        }
    }

    fn required(&mut self, path: &str, detail: &str) {
        let body = if detail.is_empty() {
            "Required value".to_string()
        } else {
            format!("Required value: {detail}")
        };
        self.push(path, body);
    }

    fn forbidden(&mut self, path: &str, detail: &str) {
        self.push(path, format!("Forbidden: {detail}"));
    }

    /// `value` is already rendered (quoted for strings).
    fn invalid(&mut self, path: &str, value: &str, detail: &str) {
        self.push(path, format!("Invalid value: {value}: {detail}"));
    }

    fn duplicate(&mut self, path: &str, value: &str) {
        self.push(path, format!("Duplicate value: {value}"));
    }

    fn not_supported(&mut self, path: &str, value: &str, supported: &[&str]) {
        self.push(
            path,
            format!(
                "Unsupported value: {}: supported values: {}",
                go_quote(value),
                supported_list(supported)
            ),
        );
    }

    fn not_found(&mut self, path: &str, value: &str) {
        self.push(path, format!("Not found: {value}"));
    }

    fn each_invalid(&mut self, path: &str, value: &str, msgs: Vec<String>) {
        if msgs.is_empty() {
            return;
        }
        // Quoted once for all the messages: the value may be megabytes long.
        let quoted = go_quote(value);
        for m in msgs {
            self.invalid(path, &quoted, &m);
        }
    }

    // -----------------------------------------------------------------------------------------------

    fn metadata(&mut self, pod: &Pod) {
        let m = &pod.metadata;
        let name = m.name.as_deref().unwrap_or("");
        let generate = m.generate_name.as_deref().unwrap_or("");
        if !generate.is_empty() {
            // The generated suffix replaces a trailing '-', so validate as if it were a letter.
            let masked = match generate.strip_suffix('-') {
                Some(head) if !head.is_empty() => format!("{head}a"),
                _ => generate.to_string(),
            };
            self.each_invalid("metadata.generateName", generate, dns1123_subdomain(&masked));
        }
        if name.is_empty() {
            if generate.is_empty() {
                self.required("metadata.name", "name or generateName is required");
            }
        } else {
            self.each_invalid("metadata.name", name, dns1123_subdomain(name));
        }
        let ns = m.namespace.as_deref().unwrap_or("");
        if ns.is_empty() {
            self.required("metadata.namespace", "");
        } else {
            self.each_invalid("metadata.namespace", ns, dns1123_label(ns));
        }
        if let Some(labels) = &m.labels {
            self.labels("metadata.labels", labels);
        }
    }

    fn labels(&mut self, path: &str, labels: &BTreeMap<String, String>) {
        for (k, val) in labels {
            let pos = self.src.get(&format!("{path}[{k}]"));
            for msg in qualified_name(k) {
                self.push_at(path, pos, format!("Invalid value: {}: {msg}", go_quote(k)));
            }
            for msg in label_value(val) {
                self.push_at(path, pos, format!("Invalid value: {}: {msg}", go_quote(val)));
            }
        }
    }

    fn spec(&mut self, pod: &Pod) {
        let spec = &pod.spec;
        let grace = spec.termination_grace_period_seconds;
        let volumes = self.volumes(spec.volumes.as_deref().unwrap_or(&[]));

        let mut names: BTreeSet<&str> = BTreeSet::new();
        let mut host_ports: BTreeSet<String> = BTreeSet::new();
        for (i, c) in spec.containers.iter().enumerate() {
            let path = format!("spec.containers[{i}]");
            self.container_common(c, &path, &volumes);
            if names.contains(c.name.as_str()) {
                self.duplicate(&format!("{path}.name"), &go_quote(&c.name));
            } else {
                names.insert(&c.name);
            }
            self.lifecycle(c, &path, grace);
            self.probes(c, &path, grace);
            if c.restart_policy.is_some() && !self.sem.container_restart_rules {
                // Without ContainerRestartRules (before 1.35, or the gate off) validateContainers
                // forbids the field on regular containers.
                self.forbidden(&format!("{path}.restartPolicy"), "may not be set for non-init containers");
            } else if let Some(rp) = &c.restart_policy {
                // ContainerRestartRules (≥1.35) lets regular containers override the pod's policy.
                self.not_supported_unless(
                    &format!("{path}.restartPolicy"),
                    rp,
                    &["Always", "OnFailure", "Never"],
                );
            }
            self.restart_rules(c, &path);
        }
        self.host_ports(&spec.containers, "spec.containers", &mut host_ports);
        if spec.containers.is_empty() {
            self.required("spec.containers", "");
        }

        for (i, c) in pod.init_containers().iter().enumerate() {
            let path = format!("spec.initContainers[{i}]");
            self.container_common(c, &path, &volumes);
            let mut restart_always = false;
            if let Some(rp) = &c.restart_policy {
                let has_rules = c.restart_policy_rules.as_ref().is_some_and(|r| !r.is_empty());
                let allowed: &[&str] =
                    if has_rules { &["Always", "OnFailure", "Never"] } else { &["Always"] };
                self.not_supported_unless(&format!("{path}.restartPolicy"), rp, allowed);
                restart_always = rp == "Always";
            }
            self.restart_rules(c, &path);
            if names.contains(c.name.as_str()) {
                self.duplicate(&format!("{path}.name"), &go_quote(&c.name));
            } else if !c.name.is_empty() {
                names.insert(&c.name);
            }
            // Init containers run one at a time, so their host ports only clash within one container.
            let mut own = BTreeSet::new();
            self.host_ports(std::slice::from_ref(c), &path, &mut own);
            if restart_always {
                self.lifecycle(c, &path, grace);
                self.probes(c, &path, grace);
            } else {
                if c.lifecycle.is_some() {
                    self.forbidden(&format!("{path}.lifecycle"), INIT_FORBIDDEN);
                }
                if c.liveness_probe.is_some() {
                    self.forbidden(&format!("{path}.livenessProbe"), INIT_FORBIDDEN);
                }
                if c.readiness_probe.is_some() {
                    self.forbidden(&format!("{path}.readinessProbe"), INIT_FORBIDDEN);
                }
                if c.startup_probe.is_some() {
                    self.forbidden(&format!("{path}.startupProbe"), INIT_FORBIDDEN);
                }
            }
            if c.resize_policy.as_ref().is_some_and(|r| !r.is_empty()) {
                self.push(
                    &format!("{path}.resizePolicy"),
                    "Invalid value: must not be set for init containers".to_string(),
                );
            }
        }

        let ephemeral = pod.ephemeral_containers();
        if !ephemeral.is_empty() {
            // The apiserver refuses them on create (only `kubectl debug` adds them); podlife accepts a pasted
            // `kubectl get -o yaml` that has them and starts them at t = 0.
            self.warn_said(
                "spec.ephemeralContainers",
                Phrase::new(Key::EphemeralOnCreate, ["Forbidden: cannot be set on create"]),
            );
        }
        let regular: Vec<&str> =
            spec.containers.iter().chain(pod.init_containers()).map(|c| c.name.as_str()).collect();
        for (i, c) in ephemeral.iter().enumerate() {
            let path = format!("spec.ephemeralContainers[{i}]");
            if names.contains(c.name.as_str()) {
                self.duplicate(&format!("{path}.name"), &go_quote(&c.name));
            } else if !c.name.is_empty() {
                names.insert(&c.name);
            }
            self.container_common(c, &path, &volumes);
            let set = [
                ("ports", c.ports.is_some()),
                ("livenessProbe", c.liveness_probe.is_some()),
                ("readinessProbe", c.readiness_probe.is_some()),
                ("startupProbe", c.startup_probe.is_some()),
                ("lifecycle", c.lifecycle.is_some()),
                (
                    "resources",
                    c.resources.as_ref().is_some_and(|r| r.limits.is_some() || r.requests.is_some()),
                ),
                ("resizePolicy", c.resize_policy.is_some()),
                ("restartPolicy", c.restart_policy.is_some()),
            ];
            for (field, present) in set {
                if present {
                    self.forbidden(&format!("{path}.{field}"), EPHEMERAL_FORBIDDEN);
                }
            }
            if let Some(t) = c.target_container_name.as_deref() {
                if !t.is_empty() && !regular.contains(&t) {
                    self.not_found(&format!("{path}.targetContainerName"), &go_quote(t));
                }
            }
        }

        let rp = spec.restart_policy.as_deref().unwrap_or("");
        if rp.is_empty() {
            self.required("spec.restartPolicy", "");
        } else if !["Always", "OnFailure", "Never"].contains(&rp) {
            self.not_supported("spec.restartPolicy", rp, &["Always", "OnFailure", "Never"]);
        }

        let dns = spec.dns_policy.as_deref().unwrap_or("");
        const DNS: [&str; 4] = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
        if dns.is_empty() {
            self.required("spec.dnsPolicy", "");
        } else if !DNS.contains(&dns) {
            self.not_supported("spec.dnsPolicy", dns, &DNS);
        } else if dns == "None" && spec.dns_config.is_none() {
            self.required("spec.dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None");
        }

        if let Some(sel) = &spec.node_selector {
            self.labels("spec.nodeSelector", sel);
        }
        self.tolerations(pod);

        if let Some(ads) = spec.active_deadline_seconds {
            if !(1..=2_147_483_647).contains(&ads) {
                self.invalid(
                    "spec.activeDeadlineSeconds",
                    &ads.to_string(),
                    "must be between 1 and 2147483647, inclusive",
                );
            }
        }
        if let Some(g) = grace {
            if g < 0 {
                // The apiserver versions read accept negatives (newer ones may rewrite them to 1) [INF].
                self.warn_said(
                    "spec.terminationGracePeriodSeconds",
                    Phrase::new(
                        Key::NegativeGraceIsMinimum,
                        [format!("Invalid value: {g}: should be greater than or equal to 0")],
                    ),
                );
            }
        }
        for (i, g) in spec.readiness_gates.iter().flatten().enumerate() {
            self.each_invalid(
                &format!("spec.readinessGates[{i}].conditionType"),
                &g.condition_type,
                qualified_name(&g.condition_type),
            );
        }
        for (i, g) in spec.scheduling_gates.iter().flatten().enumerate() {
            self.each_invalid(&format!("spec.schedulingGates[{i}].name"), &g.name, qualified_name(&g.name));
        }
    }

    fn not_supported_unless(&mut self, path: &str, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.not_supported(path, value, allowed);
        }
    }

    fn restart_rules(&mut self, c: &Container, path: &str) {
        // ContainerRestartRules shape [INF: messages follow the usual field-error forms].
        for (i, r) in c.restart_policy_rules.iter().flatten().enumerate() {
            let rp = format!("{path}.restartPolicyRules[{i}]");
            // validateContainerRestartPolicyRules: the action list grows with the gate.
            let actions: &[&str] = if self.sem.restart_all_containers {
                &["Restart", "RestartAllContainers"]
            } else {
                &["Restart"]
            };
            self.not_supported_unless(&format!("{rp}.action"), &r.action, actions);
            match &r.exit_codes {
                None => self.required(&format!("{rp}.exitCodes"), ""),
                Some(ec) => {
                    self.not_supported_unless(
                        &format!("{rp}.exitCodes.operator"),
                        &ec.operator,
                        &["In", "NotIn"],
                    );
                    if ec.values.is_empty() {
                        self.required(&format!("{rp}.exitCodes.values"), "");
                    }
                }
            }
        }
    }

    fn container_common(&mut self, c: &Container, path: &str, volumes: &BTreeSet<String>) {
        let name_path = format!("{path}.name");
        if c.name.is_empty() {
            self.required(&name_path, "");
        } else {
            self.each_invalid(&name_path, &c.name, dns1123_label(&c.name));
        }
        let image = c.image.as_deref().unwrap_or("");
        let image_path = format!("{path}.image");
        if image.is_empty() {
            self.required(&image_path, "");
        } else if image.trim() != image {
            self.invalid(&image_path, &go_quote(image), "must not have leading or trailing whitespace");
        }
        let tmp = format!("{path}.terminationMessagePolicy");
        match c.termination_message_policy.as_deref().unwrap_or("") {
            "File" | "FallbackToLogsOnError" => {}
            "" => self.required(&tmp, "must be 'File' or 'FallbackToLogsOnError'"),
            other => self.invalid(&tmp, &go_quote(other), "must be 'File' or 'FallbackToLogsOnError'"),
        }
        self.ports(c, path);
        self.env(c, path);
        self.volume_mounts(c, path, volumes);
        let pp = format!("{path}.imagePullPolicy");
        match c.image_pull_policy.as_deref().unwrap_or("") {
            "" => self.required(&pp, ""),
            p => self.not_supported_unless(&pp, p, &["Always", "IfNotPresent", "Never"]),
        }
    }

    fn ports(&mut self, c: &Container, path: &str) {
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for (i, p) in c.ports.iter().flatten().enumerate() {
            let ip = format!("{path}.ports[{i}]");
            if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
                let msgs = port_name(name);
                if !msgs.is_empty() {
                    self.each_invalid(&format!("{ip}.name"), name, msgs);
                } else if !names.insert(name) {
                    self.duplicate(&format!("{ip}.name"), &go_quote(name));
                }
            }
            if p.container_port == 0 {
                self.required(&format!("{ip}.containerPort"), "");
            } else {
                for m in port_num(p.container_port) {
                    self.invalid(&format!("{ip}.containerPort"), &p.container_port.to_string(), &m);
                }
            }
            if let Some(h) = p.host_port.filter(|h| *h != 0) {
                for m in port_num(h) {
                    self.invalid(&format!("{ip}.hostPort"), &h.to_string(), &m);
                }
            }
            match p.protocol.as_deref().unwrap_or("") {
                "" => self.required(&format!("{ip}.protocol"), ""),
                proto => self.not_supported_unless(&format!("{ip}.protocol"), proto, &["SCTP", "TCP", "UDP"]),
            }
        }
    }

    fn host_ports(&mut self, containers: &[Container], base: &str, seen: &mut BTreeSet<String>) {
        for (ci, c) in containers.iter().enumerate() {
            // A single init container is passed with its own path as the base.
            let cpath = if containers.len() == 1 && base.ends_with(']') {
                base.to_string()
            } else {
                format!("{base}[{ci}]")
            };
            for (pi, p) in c.ports.iter().flatten().enumerate() {
                let Some(h) = p.host_port.filter(|h| *h != 0) else {
                    continue;
                };
                let key = format!(
                    "{}/{}/{h}",
                    p.protocol.as_deref().unwrap_or(""),
                    p.host_ip.as_deref().unwrap_or("")
                );
                if !seen.insert(key.clone()) {
                    self.duplicate(&format!("{cpath}.ports[{pi}].hostPort"), &go_quote(&key));
                }
            }
        }
    }

    fn env(&mut self, c: &Container, path: &str) {
        for (i, e) in c.env.iter().flatten().enumerate() {
            let ep = format!("{path}.env[{i}]");
            if e.name.is_empty() {
                self.required(&format!("{ep}.name"), "");
            } else if !e.name.bytes().all(|b| (0x20..=0x7E).contains(&b) && b != b'=') {
                self.invalid(
                    &format!("{ep}.name"),
                    &go_quote(&e.name),
                    "a valid environment variable name must consist only of printable ASCII characters other than '='",
                );
            }
            if let Some(vf) = &e.value_from {
                let vfp = format!("{ep}.valueFrom");
                let n = [
                    vf.field_ref.is_some(),
                    vf.resource_field_ref.is_some(),
                    vf.config_map_key_ref.is_some(),
                    vf.secret_key_ref.is_some(),
                    vf.file_key_ref.is_some(),
                ]
                .iter()
                .filter(|b| **b)
                .count();
                if e.value.as_deref().is_some_and(|v| !v.is_empty()) {
                    self.invalid(&vfp, "\"\"", "may not be specified when `value` is not empty");
                } else if n == 0 {
                    self.invalid(
                        &vfp,
                        "\"\"",
                        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
                    );
                } else if n > 1 {
                    self.invalid(&vfp, "\"\"", "may not have more than one field specified at a time");
                }
            }
        }
    }

    /// Validates the volumes; returns the names of the valid ones (what mounts may reference).
    fn volumes(&mut self, volumes: &[Volume]) -> BTreeSet<String> {
        let mut valid = BTreeSet::new();
        for (i, v) in volumes.iter().enumerate() {
            let vp = format!("spec.volumes[{i}]");
            let before = self.out.len();
            self.volume_source(v, &vp);
            let np = format!("{vp}.name");
            if v.name.is_empty() {
                self.required(&np, "");
            } else {
                self.each_invalid(&np, &v.name, dns1123_label(&v.name));
            }
            if valid.contains(&v.name) {
                self.duplicate(&np, &go_quote(&v.name));
            }
            if self.out.len() == before {
                valid.insert(v.name.clone());
            }
        }
        valid
    }

    fn volume_source(&mut self, v: &Volume, vp: &str) {
        // validateVolumeSource's order of sources.
        let sources = [
            ("emptyDir", v.empty_dir.is_some()),
            ("hostPath", v.host_path.is_some()),
            ("secret", v.secret.is_some()),
            ("nfs", v.nfs.is_some()),
            ("persistentVolumeClaim", v.persistent_volume_claim.is_some()),
            ("downwardAPI", v.downward_api.is_some()),
            ("configMap", v.config_map.is_some()),
            ("projected", v.projected.is_some()),
            ("csi", v.csi.is_some()),
            ("ephemeral", v.ephemeral.is_some()),
            ("image", v.image.is_some()),
        ];
        let mut first = None;
        for (name, present) in sources {
            if !present {
                continue;
            }
            if first.is_some() {
                self.forbidden(&format!("{vp}.{name}"), "may not specify more than 1 volume type");
            } else {
                first = Some(name);
            }
        }
        match first {
            None => self.required(vp, "must specify a volume type"),
            Some("hostPath") => {
                if let Some(hp) = &v.host_path {
                    if hp.path.is_empty() {
                        self.required(&format!("{vp}.hostPath.path"), "");
                    }
                    const TYPES: [&str; 8] = [
                        "",
                        "BlockDevice",
                        "CharDevice",
                        "Directory",
                        "DirectoryOrCreate",
                        "File",
                        "FileOrCreate",
                        "Socket",
                    ];
                    if let Some(t) = hp.type_.as_deref() {
                        self.not_supported_unless(&format!("{vp}.hostPath.type"), t, &TYPES);
                    }
                }
            }
            Some("secret") => {
                if let Some(s) = &v.secret {
                    if s.secret_name.as_deref().unwrap_or("").is_empty() {
                        self.required(&format!("{vp}.secret.secretName"), "");
                    }
                    self.default_mode(s.default_mode, &format!("{vp}.secret.defaultMode"));
                }
            }
            Some("configMap") => {
                if let Some(c) = &v.config_map {
                    if c.name.as_deref().unwrap_or("").is_empty() {
                        self.required(&format!("{vp}.configMap.name"), "");
                    }
                    self.default_mode(c.default_mode, &format!("{vp}.configMap.defaultMode"));
                }
            }
            Some(_) => {}
        }
    }

    fn default_mode(&mut self, mode: Option<i64>, path: &str) {
        if let Some(m) = mode.filter(|m| !(0..=0o777).contains(m)) {
            self.invalid(path, &m.to_string(), "must be a number between 0 and 0777 (octal), both inclusive");
        }
    }

    fn volume_mounts(&mut self, c: &Container, path: &str, volumes: &BTreeSet<String>) {
        let mut mount_points: BTreeSet<&str> = BTreeSet::new();
        for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
            let mp = format!("{path}.volumeMounts[{i}]");
            if m.name.is_empty() {
                self.required(&format!("{mp}.name"), "");
            }
            if !volumes.contains(m.name.as_str()) {
                self.not_found(&format!("{mp}.name"), &go_quote(&m.name));
            }
            if m.mount_path.is_empty() {
                self.required(&format!("{mp}.mountPath"), "");
            }
            if !mount_points.insert(&m.mount_path) {
                self.invalid(&format!("{mp}.mountPath"), &go_quote(&m.mount_path), "must be unique");
            }
            if let (Some(expr), Some(sub)) = (m.sub_path_expr.as_deref(), m.sub_path.as_deref()) {
                if !expr.is_empty() && !sub.is_empty() {
                    self.invalid(
                        &format!("{mp}.subPathExpr"),
                        &go_quote(expr),
                        "subPathExpr and subPath are mutually exclusive",
                    );
                }
            }
        }
    }

    fn lifecycle(&mut self, c: &Container, path: &str, grace: Option<i64>) {
        let Some(lc) = &c.lifecycle else {
            return;
        };
        if let Some(h) = &lc.post_start {
            self.hook(h, &format!("{path}.lifecycle.postStart"), grace);
        }
        if let Some(h) = &lc.pre_stop {
            self.hook(h, &format!("{path}.lifecycle.preStop"), grace);
        }
    }

    fn hook(&mut self, h: &LifecycleHandler, path: &str, grace: Option<i64>) {
        let mut n = 0;
        if let Some(e) = &h.exec {
            n += 1;
            if e.command.as_ref().is_none_or(|c| c.is_empty()) {
                self.required(&format!("{path}.exec.command"), "");
            }
        }
        if let Some(g) = &h.http_get {
            if n > 0 {
                self.forbidden(&format!("{path}.httpGet"), "may not specify more than 1 handler type");
            } else {
                n += 1;
                self.http_get(g, &format!("{path}.httpGet"));
            }
        }
        if h.tcp_socket.is_some() {
            // Deprecated for hooks: counted as a handler but not validated (it fails at runtime).
            if n > 0 {
                self.forbidden(&format!("{path}.tcpSocket"), "may not specify more than 1 handler type");
            } else {
                n += 1;
            }
        }
        if let Some(s) = &h.sleep {
            if n > 0 {
                self.forbidden(&format!("{path}.sleep"), "may not specify more than 1 handler type");
            } else {
                n += 1;
                // The apiserver reports this at `.sleep`, not `.sleep.seconds`; N == grace is accepted.
                if let Some(g) = grace {
                    if s.seconds < 0 || s.seconds > g {
                        self.invalid(
                            &format!("{path}.sleep"),
                            &s.seconds.to_string(),
                            &format!(
                                "must be non-negative and less than terminationGracePeriodSeconds ({g})"
                            ),
                        );
                    }
                }
            }
        }
        if n == 0 {
            self.required(path, "must specify a handler type");
        }
    }

    fn http_get(&mut self, g: &crate::model::HttpGetAction, path: &str) {
        if g.path.as_deref().unwrap_or("").is_empty() {
            self.required(&format!("{path}.path"), "");
        }
        self.port_num_or_name(&g.port, &format!("{path}.port"));
        let scheme = g.scheme.as_deref().unwrap_or("");
        self.not_supported_unless(&format!("{path}.scheme"), scheme, &["HTTP", "HTTPS"]);
        for h in g.http_headers.iter().flatten() {
            let ok = !h.name.is_empty() && h.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok {
                self.invalid(&format!("{path}.httpHeaders"), &go_quote(&h.name), HEADER_MSG);
            }
        }
    }

    fn port_num_or_name(&mut self, port: &IntOrString, path: &str) {
        match port {
            IntOrString::Int(n) => {
                for m in port_num(*n) {
                    self.invalid(path, &n.to_string(), &m);
                }
            }
            IntOrString::String(s) => self.each_invalid(path, s, port_name(s)),
        }
    }

    fn probes(&mut self, c: &Container, path: &str, grace: Option<i64>) {
        if let Some(p) = &c.liveness_probe {
            let pp = format!("{path}.livenessProbe");
            self.probe(p, &pp);
            self.success_one(p, &pp);
        }
        if let Some(p) = &c.readiness_probe {
            let pp = format!("{path}.readinessProbe");
            self.probe(p, &pp);
            if let Some(t) = p.termination_grace_period_seconds {
                self.invalid(
                    &format!("{pp}.terminationGracePeriodSeconds"),
                    &t.to_string(),
                    "must not be set for readinessProbes",
                );
            }
        }
        if let Some(p) = &c.startup_probe {
            let pp = format!("{path}.startupProbe");
            self.probe(p, &pp);
            self.success_one(p, &pp);
        }
        let _ = grace;
    }

    fn success_one(&mut self, p: &Probe, path: &str) {
        let s = p.success_threshold.unwrap_or(0);
        if s != 1 {
            self.invalid(&format!("{path}.successThreshold"), &s.to_string(), "must be 1");
        }
    }

    fn probe(&mut self, p: &Probe, path: &str) {
        let mut n = 0;
        if let Some(e) = &p.exec {
            n += 1;
            if e.command.as_ref().is_none_or(|c| c.is_empty()) {
                self.required(&format!("{path}.exec.command"), "");
            }
        }
        if let Some(g) = &p.http_get {
            if n > 0 {
                self.forbidden(&format!("{path}.httpGet"), "may not specify more than 1 handler type");
            } else {
                n += 1;
                self.http_get(g, &format!("{path}.httpGet"));
            }
        }
        if let Some(t) = &p.tcp_socket {
            if n > 0 {
                self.forbidden(&format!("{path}.tcpSocket"), "may not specify more than 1 handler type");
            } else {
                n += 1;
                self.port_num_or_name(&t.port, &format!("{path}.tcpSocket.port"));
            }
        }
        if let Some(g) = &p.grpc {
            if n > 0 {
                self.forbidden(&format!("{path}.grpc"), "may not specify more than 1 handler type");
            } else {
                n += 1;
                for m in port_num(g.port) {
                    self.invalid(&format!("{path}.grpc.port"), &g.port.to_string(), &m);
                }
            }
        }
        if n == 0 {
            self.required(path, "must specify a handler type");
        }
        let fields = [
            ("initialDelaySeconds", p.initial_delay_seconds),
            ("timeoutSeconds", p.timeout_seconds),
            ("periodSeconds", p.period_seconds),
            ("successThreshold", p.success_threshold),
            ("failureThreshold", p.failure_threshold),
        ];
        for (name, value) in fields {
            if let Some(v) = value.filter(|v| *v < 0) {
                self.invalid(&format!("{path}.{name}"), &v.to_string(), "must be greater than or equal to 0");
            }
        }
        if let Some(t) = p.termination_grace_period_seconds.filter(|t| *t <= 0) {
            self.invalid(
                &format!("{path}.terminationGracePeriodSeconds"),
                &t.to_string(),
                "must be greater than 0",
            );
        }
    }

    fn tolerations(&mut self, pod: &Pod) {
        for (i, t) in pod.spec.tolerations.iter().flatten().enumerate() {
            let tp = format!("spec.tolerations[{i}]");
            let op = t.operator.as_deref().unwrap_or("");
            let key = t.key.as_deref().unwrap_or("");
            if !key.is_empty() {
                self.each_invalid(&format!("{tp}.key"), key, qualified_name(key));
            }
            match op {
                "" | "Equal" => {
                    if key.is_empty() {
                        self.invalid(&format!("{tp}.operator"), &go_quote(op), "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
                    }
                }
                "Exists" => {
                    if t.value.as_deref().is_some_and(|v| !v.is_empty()) {
                        self.invalid(
                            &format!("{tp}.operator"),
                            &go_quote(t.value.as_deref().unwrap_or("")),
                            "value must be empty when `operator` is 'Exists'",
                        );
                    }
                }
                other => self.not_supported(&format!("{tp}.operator"), other, &["Equal", "Exists"]),
            }
            let effect = t.effect.as_deref().unwrap_or("");
            if t.toleration_seconds.is_some() && effect != "NoExecute" {
                self.invalid(
                    &format!("{tp}.effect"),
                    &go_quote(effect),
                    "effect must be 'NoExecute' when `tolerationSeconds` is set",
                );
            }
            if !effect.is_empty() {
                self.not_supported_unless(
                    &format!("{tp}.effect"),
                    effect,
                    &["NoSchedule", "PreferNoSchedule", "NoExecute"],
                );
            }
        }
    }

    /// podlife's own remarks: things the apiserver accepts but that will not work.
    fn podlife_warnings(&mut self, pod: &Pod) {
        let lists = [
            ("spec.containers", pod.spec.containers.as_slice()),
            ("spec.initContainers", pod.init_containers()),
        ];
        for (base, containers) in lists {
            for (i, c) in containers.iter().enumerate() {
                let declared: Vec<&str> =
                    c.ports.iter().flatten().filter_map(|p| p.name.as_deref()).collect();
                let path = format!("{base}[{i}]");
                let mut refs: Vec<(String, &IntOrString)> = Vec::new();
                for (name, p) in [
                    ("livenessProbe", &c.liveness_probe),
                    ("readinessProbe", &c.readiness_probe),
                    ("startupProbe", &c.startup_probe),
                ] {
                    if let Some(p) = p {
                        if let Some(g) = &p.http_get {
                            refs.push((format!("{path}.{name}.httpGet.port"), &g.port));
                        }
                        if let Some(t) = &p.tcp_socket {
                            refs.push((format!("{path}.{name}.tcpSocket.port"), &t.port));
                        }
                    }
                }
                if let Some(lc) = &c.lifecycle {
                    for (name, h) in [("postStart", &lc.post_start), ("preStop", &lc.pre_stop)] {
                        if let Some(g) = h.as_ref().and_then(|h| h.http_get.as_ref()) {
                            refs.push((format!("{path}.lifecycle.{name}.httpGet.port"), &g.port));
                        }
                    }
                }
                for (p, port) in refs {
                    if let IntOrString::String(s) = port {
                        if port_name(s).is_empty() && !declared.contains(&s.as_str()) {
                            self.warn_said(
                                &p,
                                Phrase::new(Key::UnresolvedPortName, [format!("Not found: {}", go_quote(s))]),
                            );
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `shorten` as it was written, counting and collecting characters one by one.
    fn shorten_by_char(body: String) -> String {
        let n = body.chars().count();
        if n <= MAX_MESSAGE_CHARS {
            return body;
        }
        let head: String = body.chars().take(MAX_MESSAGE_CHARS - 256).collect();
        let tail: String = body.chars().skip(n - 192).collect();
        format!("{head}…({} characters omitted)…{tail}", n - (MAX_MESSAGE_CHARS - 256) - 192)
    }

    #[test]
    fn shorten_keeps_the_same_characters_as_counting_one_by_one() {
        for unit in ["a", "é", "中", "😀", "ab中"] {
            for chars in [0, 1, 500, 1023, 1024, 1025, 1100, 5000] {
                let body: String = unit.chars().cycle().take(chars).collect();
                assert_eq!(shorten(body.clone()), shorten_by_char(body), "{unit:?} × {chars}");
            }
        }
        // Under the limit in characters but over it in bytes: kept whole.
        let wide = "😀".repeat(MAX_MESSAGE_CHARS);
        assert_eq!(shorten(wide.clone()), wide);
        let huge = format!("Invalid value: \"{}\": too long", "x".repeat(2_000_000));
        let short = shorten(huge.clone());
        assert_eq!(short, shorten_by_char(huge));
        assert_eq!(short.chars().count(), 768 + "…(1999057 characters omitted)…".chars().count() + 192);
    }
}
