//! `kubectl describe pod` (kubectl `pkg/describe/describe.go`, `describePod`; k8s-semantics.md §5, §7,
//! §9.6, §10.5). The whole text goes through one tab writer (minwidth 0, padding 2) with the describe
//! prefix writer's two-space levels, so alignment follows the same column blocks as kubectl's.

use super::events::Event;
use super::quantity;
use super::tabwriter::TabWriter;
use crate::model::{Container, ContainerState, ContainerStatus, Pod, PodStatus, Probe, ResourceRequirements};
use crate::time::{self, Timestamp};
use serde_yaml::Value;
use std::collections::BTreeMap;

/// Annotations longer than this (key + value + 2) are printed on their own lines, shortened.
const MAX_ANNOTATION_LEN: usize = 140;

struct Prefix {
    tw: TabWriter,
}

impl Prefix {
    fn w(&mut self, level: usize, text: &str) {
        let mut s = "  ".repeat(level);
        s.push_str(text);
        self.tw.write_str(&s);
    }
}

/// `kubectl describe pod` at `now`, with the pod's events (sorted here by last timestamp).
pub fn describe(pod: &Pod, events: &[Event], now: Timestamp) -> String {
    let empty = PodStatus::default();
    let status = pod.status.as_ref().unwrap_or(&empty);
    let spec = &pod.spec;
    let mut w = Prefix { tw: TabWriter::describe() };

    w.w(0, &format!("Name:\t{}\n", pod.name()));
    w.w(0, &format!("Namespace:\t{}\n", pod.namespace()));
    if let Some(p) = spec.priority {
        w.w(0, &format!("Priority:\t{p}\n"));
    }
    if let Some(pc) = spec.priority_class_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Priority Class Name:\t{pc}\n"));
    }
    if let Some(rc) = spec.runtime_class_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Runtime Class Name:\t{rc}\n"));
    }
    if let Some(sa) = spec.service_account_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Service Account:\t{sa}\n"));
    }
    match spec.node_name.as_deref().filter(|s| !s.is_empty()) {
        None => w.w(0, "Node:\t<none>\n"),
        Some(n) => w.w(0, &format!("Node:\t{n}/{}\n", status.host_ip.as_deref().unwrap_or(""))),
    }
    if let Some(t) = time::parse_opt(status.start_time.as_deref()) {
        w.w(0, &format!("Start Time:\t{}\n", t.to_rfc1123z()));
    }
    labels_multiline(&mut w, "Labels", pod.metadata.labels.as_ref());
    annotations_multiline(&mut w, "Annotations", pod.metadata.annotations.as_ref());
    let phase = status.phase.as_deref().unwrap_or("Pending");
    if let Some(del) =
        pod.metadata.deletion_timestamp.as_deref().filter(|_| phase != "Failed" && phase != "Succeeded")
    {
        w.w(0, &format!("Status:\tTerminating (lasts {})\n", time::since(now, time::parse_opt(Some(del)))));
        // kubectl dereferences deletionGracePeriodSeconds; the apiserver always sets it with the
        // timestamp. Hand-written pods may lack it: fall back to the spec's grace period.
        let grace = pod
            .metadata
            .deletion_grace_period_seconds
            .or(spec.termination_grace_period_seconds)
            .unwrap_or(30);
        w.w(0, &format!("Termination Grace Period:\t{grace}s\n"));
    } else {
        w.w(0, &format!("Status:\t{phase}\n"));
    }
    if let Some(r) = status.reason.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Reason:\t{r}\n"));
    }
    if let Some(m) = status.message.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("Message:\t{m}\n"));
    }
    if let Some(sp) = spec.security_context.as_ref().and_then(|v| v.get("seccompProfile")) {
        let ty = sp.get("type").and_then(Value::as_str).unwrap_or("");
        w.w(0, &format!("SeccompProfile:\t{ty}\n"));
        if ty == "Localhost" {
            let lp = sp.get("localhostProfile").and_then(Value::as_str).unwrap_or("");
            w.w(0, &format!("LocalhostProfile:\t{lp}\n"));
        }
    }
    w.w(0, &format!("IP:\t{}\n", status.pod_ip.as_deref().unwrap_or("")));
    let ips: Vec<&str> =
        status.pod_ips.iter().flatten().filter_map(|v| v.get("ip").and_then(Value::as_str)).collect();
    if ips.is_empty() {
        w.w(0, "IPs:\t<none>\n");
    } else {
        w.w(0, "IPs:\n");
        for ip in ips {
            w.w(1, &format!("IP:\t{ip}\n"));
        }
    }
    if let Some(c) = controller_of(pod) {
        w.w(0, &format!("Controlled By:\t{c}\n"));
    }
    if let Some(n) = status.nominated_node_name.as_deref().filter(|s| !s.is_empty()) {
        w.w(0, &format!("NominatedNodeName:\t{n}\n"));
    }
    if let Some(r) = spec.resources.as_ref() {
        w.w(0, "Resources:\n");
        describe_resources(&mut w, r, 1);
    }

    let env = EnvContext { pod };
    if !pod.init_containers().is_empty() {
        describe_containers(
            &mut w,
            "Init Containers",
            pod.init_containers(),
            status.init_container_statuses.as_deref().unwrap_or(&[]),
            &env,
        );
    }
    describe_containers(
        &mut w,
        "Containers",
        &spec.containers,
        status.container_statuses.as_deref().unwrap_or(&[]),
        &env,
    );
    if !pod.ephemeral_containers().is_empty() {
        describe_containers(
            &mut w,
            "Ephemeral Containers",
            pod.ephemeral_containers(),
            status.ephemeral_container_statuses.as_deref().unwrap_or(&[]),
            &env,
        );
    }
    let conditions = status.conditions.as_deref().unwrap_or(&[]);
    let gates = spec.readiness_gates.as_deref().unwrap_or(&[]);
    if !gates.is_empty() {
        w.w(0, "Readiness Gates:\n  Type\tStatus\n");
        for g in gates {
            let st = conditions
                .iter()
                .find(|c| c.type_ == g.condition_type)
                .map_or("<none>", |c| c.status.as_str());
            w.w(1, &format!("{} \t{} \n", g.condition_type, st));
        }
    }
    if !conditions.is_empty() {
        w.w(0, "Conditions:\n  Type\tStatus\n");
        for c in conditions {
            w.w(1, &format!("{} \t{} \n", c.type_, c.status));
        }
    }
    describe_volumes(&mut w, pod);
    let qos =
        status.qos_class.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| qos_class(pod).to_string());
    w.w(0, &format!("QoS Class:\t{qos}\n"));
    labels_multiline(&mut w, "Node-Selectors", spec.node_selector.as_ref());
    tolerations_multiline(&mut w, pod);
    topology_spread(&mut w, pod);
    describe_events(&mut w, events, now);
    w.tw.finish()
}

fn controller_of(pod: &Pod) -> Option<String> {
    pod.metadata.owner_references.iter().flatten().find_map(|o| {
        if o.get("controller").and_then(Value::as_bool) == Some(true) {
            let kind = o.get("kind").and_then(Value::as_str).unwrap_or("");
            let name = o.get("name").and_then(Value::as_str).unwrap_or("");
            Some(format!("{kind}/{name}"))
        } else {
            None
        }
    })
}

fn labels_multiline(w: &mut Prefix, title: &str, labels: Option<&BTreeMap<String, String>>) {
    w.w(0, &format!("{title}:\t"));
    match labels.filter(|l| !l.is_empty()) {
        None => w.w(0, "<none>\n"),
        Some(l) => {
            for (i, (k, v)) in l.iter().enumerate() {
                if i != 0 {
                    w.w(0, "\t");
                }
                w.w(0, &format!("{k}={v}\n"));
            }
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    // Go slices bytes; we cut on a character boundary at or below `max` bytes.
    if s.len() > max {
        format!("{}...", &s[..s.floor_char_boundary(max)])
    } else {
        s.to_string()
    }
}

fn annotations_multiline(w: &mut Prefix, title: &str, annotations: Option<&BTreeMap<String, String>>) {
    w.w(0, &format!("{title}:\t"));
    let keys: Vec<(&String, &String)> = annotations
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if keys.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    for (i, (k, v)) in keys.into_iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.w(0, &format!("{k}:\n"));
            for s in value.split('\n') {
                w.w(0, &format!("\t  {}\n", shorten(s, MAX_ANNOTATION_LEN - 2)));
            }
        } else {
            w.w(0, &format!("{k}: {value}\n"));
        }
    }
}

struct EnvContext<'a> {
    pod: &'a Pod,
}

impl EnvContext<'_> {
    /// The Downward API value kubectl shows for a `fieldRef` (its `EnvValueRetriever`).
    fn field(&self, path: &str) -> String {
        let p = self.pod;
        let st = p.status.as_ref();
        let map_get = |m: Option<&BTreeMap<String, String>>, prefix: &str| -> Option<String> {
            let key = path.strip_prefix(prefix)?.strip_suffix("']")?;
            m.and_then(|m| m.get(key).cloned())
        };
        match path {
            "metadata.name" => p.name().to_string(),
            "metadata.namespace" => p.namespace().to_string(),
            "metadata.uid" => p.metadata.uid.clone().unwrap_or_default(),
            "spec.nodeName" => p.spec.node_name.clone().unwrap_or_default(),
            "spec.serviceAccountName" => p.spec.service_account_name.clone().unwrap_or_default(),
            "status.podIP" => st.and_then(|s| s.pod_ip.clone()).unwrap_or_default(),
            "status.hostIP" => st.and_then(|s| s.host_ip.clone()).unwrap_or_default(),
            _ => map_get(p.metadata.labels.as_ref(), "metadata.labels['")
                .or_else(|| map_get(p.metadata.annotations.as_ref(), "metadata.annotations['"))
                .unwrap_or_default(),
        }
    }
}

fn describe_containers(
    w: &mut Prefix,
    label: &str,
    containers: &[Container],
    statuses: &[ContainerStatus],
    env: &EnvContext,
) {
    let none = if containers.is_empty() { " <none>" } else { "" };
    w.w(0, &format!("{label}:{none}\n"));
    for c in containers {
        let status = statuses.iter().find(|s| s.name == c.name);
        w.w(1, &format!("{}:\n", c.name));
        if let Some(s) = status {
            w.w(2, &format!("Container ID:\t{}\n", s.container_id.as_deref().unwrap_or("")));
        }
        w.w(2, &format!("Image:\t{}\n", c.image.as_deref().unwrap_or("")));
        if let Some(s) = status {
            w.w(2, &format!("Image ID:\t{}\n", s.image_id));
        }
        let ports = c.ports.as_deref().unwrap_or(&[]);
        let proto = |p: &crate::model::ContainerPort| p.protocol.clone().unwrap_or_else(|| "TCP".to_string());
        let port_str: Vec<String> =
            ports.iter().map(|p| format!("{}/{}", p.container_port, proto(p))).collect();
        let host_str: Vec<String> =
            ports.iter().map(|p| format!("{}/{}", p.host_port.unwrap_or(0), proto(p))).collect();
        let (ps, hs) = (port_str.join(", "), host_str.join(", "));
        if ps.contains(',') {
            w.w(2, &format!("Ports:\t{ps}\n"));
        } else {
            w.w(2, &format!("Port:\t{}\n", or_none(&ps)));
        }
        if hs.contains(',') {
            w.w(2, &format!("Host Ports:\t{hs}\n"));
        } else {
            w.w(2, &format!("Host Port:\t{}\n", or_none(&hs)));
        }
        if let Some(sp) = c.security_context.as_ref().and_then(|v| v.get("seccompProfile")) {
            let ty = sp.get("type").and_then(Value::as_str).unwrap_or("");
            w.w(2, &format!("SeccompProfile:\t{ty}\n"));
            if ty == "Localhost" {
                let lp = sp.get("localhostProfile").and_then(Value::as_str).unwrap_or("");
                w.w(3, &format!("LocalhostProfile:\t{lp}\n"));
            }
        }
        for (title, list) in [("Command", &c.command), ("Args", &c.args)] {
            if let Some(items) = list.as_ref().filter(|l| !l.is_empty()) {
                w.w(2, &format!("{title}:\n"));
                for item in items {
                    for line in item.split('\n') {
                        w.w(3, &format!("{line}\n"));
                    }
                }
            }
        }
        if let Some(s) = status {
            describe_state(w, "State", s.state.as_ref());
            if let Some(last) = s.last_state.as_ref().filter(|l| l.terminated.is_some()) {
                describe_state(w, "Last State", Some(last));
            }
            w.w(2, &format!("Ready:\t{}\n", if s.ready { "True" } else { "False" }));
            w.w(2, &format!("Restart Count:\t{}\n", s.restart_count));
        }
        if let Some(r) = c.resources.as_ref() {
            describe_resources(w, r, 2);
        }
        for (title, probe) in [
            ("Liveness", &c.liveness_probe),
            ("Readiness", &c.readiness_probe),
            ("Startup", &c.startup_probe),
        ] {
            if let Some(p) = probe {
                w.w(2, &format!("{title}:\t{}\n", describe_probe(p)));
            }
        }
        if let Some(from) = c.env_from.as_ref().filter(|l| !l.is_empty()) {
            w.w(2, "Environment Variables from:\n");
            for e in from {
                let (kind, r) = if let Some(r) = e.get("configMapRef") {
                    ("ConfigMap", r)
                } else if let Some(r) = e.get("secretRef") {
                    ("Secret", r)
                } else {
                    ("", e)
                };
                let name = r.get("name").and_then(Value::as_str).unwrap_or("");
                let optional = r.get("optional").and_then(Value::as_bool).unwrap_or(false);
                match e.get("prefix").and_then(Value::as_str).filter(|p| !p.is_empty()) {
                    None => w.w(3, &format!("{name}\t{kind}\tOptional: {optional}\n")),
                    Some(p) => w.w(3, &format!("{name}\t{kind} with prefix '{p}'\tOptional: {optional}\n")),
                }
            }
        }
        describe_env(w, c, env);
        describe_mounts(w, c);
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "<none>"
    } else {
        s
    }
}

fn rfc1123z_or_zero(t: Option<&str>) -> String {
    // Go formats a zero metav1.Time as the zero instant.
    time::parse_opt(t).map_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".to_string(), Timestamp::to_rfc1123z)
}

fn describe_state(w: &mut Prefix, name: &str, state: Option<&ContainerState>) {
    let st = state.cloned().unwrap_or_default();
    if let Some(r) = &st.running {
        w.w(2, &format!("{name}:\tRunning\n"));
        w.w(3, &format!("Started:\t{}\n", rfc1123z_or_zero(r.started_at.as_deref())));
    } else if let Some(wt) = &st.waiting {
        w.w(2, &format!("{name}:\tWaiting\n"));
        if let Some(r) = wt.reason.as_deref().filter(|s| !s.is_empty()) {
            w.w(3, &format!("Reason:\t{r}\n"));
        }
    } else if let Some(t) = &st.terminated {
        w.w(2, &format!("{name}:\tTerminated\n"));
        if let Some(r) = t.reason.as_deref().filter(|s| !s.is_empty()) {
            w.w(3, &format!("Reason:\t{r}\n"));
        }
        if let Some(m) = t.message.as_deref().filter(|s| !s.is_empty()) {
            w.w(3, &format!("Message:\t{m}\n"));
        }
        w.w(3, &format!("Exit Code:\t{}\n", t.exit_code));
        if let Some(sig) = t.signal.filter(|s| *s > 0) {
            w.w(3, &format!("Signal:\t{sig}\n"));
        }
        w.w(3, &format!("Started:\t{}\n", rfc1123z_or_zero(t.started_at.as_deref())));
        w.w(3, &format!("Finished:\t{}\n", rfc1123z_or_zero(t.finished_at.as_deref())));
    } else {
        w.w(2, &format!("{name}:\tWaiting\n"));
    }
}

fn describe_resources(w: &mut Prefix, r: &ResourceRequirements, level: usize) {
    for (title, list) in [("Limits", &r.limits), ("Requests", &r.requests)] {
        if let Some(l) = list.as_ref().filter(|l| !l.is_empty()) {
            w.w(level, &format!("{title}:\n"));
            for (name, q) in l {
                w.w(level + 1, &format!("{name}:\t{}\n", quantity::display(q)));
            }
        }
    }
}

/// The probe line of `kubectl describe`, in kubectl HEAD's format (k8s-semantics.md §4.3):
/// `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`.
/// Unset fields print their API defaults, as the apiserver would have stored them.
pub fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.filter(|v| *v != 0).unwrap_or(1),
        p.period_seconds.filter(|v| *v != 0).unwrap_or(10),
        p.success_threshold.filter(|v| *v != 0).unwrap_or(1),
        p.failure_threshold.filter(|v| *v != 0).unwrap_or(3),
    );
    if let Some(e) = &p.exec {
        format!("exec [{}] {attrs}", e.command.as_deref().unwrap_or(&[]).join(" "))
    } else if let Some(h) = &p.http_get {
        let scheme = h.scheme.as_deref().unwrap_or("HTTP").to_lowercase();
        let host = h.host.as_deref().unwrap_or("");
        let port = h.port.to_string();
        let hostport = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
        let path = h.path.as_deref().unwrap_or("/");
        let path =
            if path.is_empty() || path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        format!("http-get {scheme}://{hostport}{path} {attrs}")
    } else if let Some(t) = &p.tcp_socket {
        format!("tcp-socket {}:{} {attrs}", t.host.as_deref().unwrap_or(""), t.port)
    } else if let Some(g) = &p.grpc {
        format!("grpc <pod>:{} {} {attrs}", g.port, g.service.as_deref().unwrap_or(""))
    } else {
        format!("unknown {attrs}")
    }
}

fn describe_env(w: &mut Prefix, c: &Container, env: &EnvContext) {
    let vars = c.env.as_deref().unwrap_or(&[]);
    if vars.is_empty() {
        w.w(2, "Environment:\t<none>\n");
        return;
    }
    w.w(2, "Environment:\n");
    for e in vars {
        let Some(from) = &e.value_from else {
            for (i, line) in e.value.as_deref().unwrap_or("").split('\n').enumerate() {
                if i == 0 {
                    w.w(3, &format!("{}:\t{line}\n", e.name));
                } else {
                    w.w(3, &format!("\t{line}\n"));
                }
            }
            continue;
        };
        if let Some(f) = &from.field_ref {
            let api = f.api_version.as_deref().unwrap_or("v1");
            w.w(3, &format!("{}:\t{} ({api}:{})\n", e.name, env.field(&f.field_path), f.field_path));
        } else if let Some(r) = &from.resource_field_ref {
            let res = r.get("resource").and_then(Value::as_str).unwrap_or("");
            let mut value = resource_field_value(c, r);
            if value == "0" && (res == "limits.cpu" || res == "limits.memory") {
                value = "node allocatable".to_string();
            }
            w.w(3, &format!("{}:\t{value} ({res})\n", e.name));
        } else if let Some(r) = &from.secret_key_ref {
            let (k, n, o) = key_ref(r);
            w.w(3, &format!("{}:\t<set to the key '{k}' in secret '{n}'>\tOptional: {o}\n", e.name));
        } else if let Some(r) = &from.config_map_key_ref {
            let (k, n, o) = key_ref(r);
            w.w(3, &format!("{}:\t<set to the key '{k}' of config map '{n}'>\tOptional: {o}\n", e.name));
        }
    }
}

fn key_ref(r: &Value) -> (&str, &str, bool) {
    (
        r.get("key").and_then(Value::as_str).unwrap_or(""),
        r.get("name").and_then(Value::as_str).unwrap_or(""),
        r.get("optional").and_then(Value::as_bool).unwrap_or(false),
    )
}

/// kubectl's `ExtractContainerResourceValue`: the container's request or limit divided by the divisor,
/// rounded up; "0" when unset.
fn resource_field_value(c: &Container, r: &Value) -> String {
    let res = r.get("resource").and_then(Value::as_str).unwrap_or("");
    let divisor = match r.get("divisor") {
        Some(Value::String(s)) => quantity::parse(s),
        Some(Value::Number(n)) => quantity::parse(&n.to_string()),
        _ => None,
    }
    .map_or(1_000_000_000i128, |q| q.nanos)
    .max(1);
    let Some((kind, name)) = res.split_once('.') else { return String::new() };
    let list =
        c.resources
            .as_ref()
            .and_then(|r| if kind == "limits" { r.limits.as_ref() } else { r.requests.as_ref() });
    let nanos = list.and_then(|l| l.get(name)).and_then(quantity::parse_model).map_or(0, |q| q.nanos);
    let v = (nanos + divisor - 1).div_euclid(divisor);
    v.to_string()
}

fn describe_mounts(w: &mut Prefix, c: &Container) {
    let mut mounts: Vec<&crate::model::VolumeMount> = c.volume_mounts.iter().flatten().collect();
    if mounts.is_empty() {
        w.w(2, "Mounts:\t<none>\n");
    } else {
        w.w(2, "Mounts:\n");
    }
    crate::sort::by(&mut mounts, |a, b| a.mount_path.cmp(&b.mount_path));
    for m in mounts {
        let mut flags = vec![if m.read_only == Some(true) { "ro".to_string() } else { "rw".to_string() }];
        if let Some(sp) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
            flags.push(format!("path={sp:?}"));
        }
        w.w(3, &format!("{} from {} ({})\n", m.mount_path, m.name, flags.join(",")));
    }
    let devices: Vec<&Value> = c.volume_devices.iter().flatten().collect();
    if !devices.is_empty() {
        w.w(2, "Devices:\n");
        let mut d: Vec<(&str, &str)> = devices
            .iter()
            .map(|v| {
                (
                    v.get("devicePath").and_then(Value::as_str).unwrap_or(""),
                    v.get("name").and_then(Value::as_str).unwrap_or(""),
                )
            })
            .collect();
        crate::sort::ascending(&mut d);
        for (path, name) in d {
            w.w(3, &format!("{path} from {name}\n"));
        }
    }
}

fn vstr<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn vbool(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn describe_volumes(w: &mut Prefix, pod: &Pod) {
    let volumes = pod.spec.volumes.as_deref().unwrap_or(&[]);
    if volumes.is_empty() {
        w.w(0, "Volumes:\t<none>\n");
        return;
    }
    w.w(0, "Volumes:\n");
    for v in volumes {
        w.w(1, &format!("{}:\n", v.name));
        if let Some(h) = &v.host_path {
            w.w(
                2,
                &format!(
                    "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
                    h.path,
                    h.type_.as_deref().unwrap_or("<none>")
                ),
            );
        } else if let Some(e) = &v.empty_dir {
            let size = e
                .size_limit
                .as_ref()
                .filter(|q| quantity::parse_model(q).is_some_and(|p| p.nanos > 0))
                .map_or_else(|| "<unset>".to_string(), quantity::display);
            w.w(
                2,
                &format!(
                    "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{size}\n",
                    e.medium.as_deref().unwrap_or("")
                ),
            );
        } else if let Some(s) = &v.secret {
            w.w(
                2,
                &format!(
                    "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                    s.secret_name.as_deref().unwrap_or(""),
                    s.optional.unwrap_or(false)
                ),
            );
        } else if let Some(c) = &v.config_map {
            w.w(
                2,
                &format!(
                    "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                    c.name.as_deref().unwrap_or(""),
                    c.optional.unwrap_or(false)
                ),
            );
        } else if let Some(n) = &v.nfs {
            w.w(
                2,
                &format!(
                    "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n",
                    vstr(n, "server"),
                    vstr(n, "path"),
                    vbool(n, "readOnly")
                ),
            );
        } else if let Some(p) = &v.persistent_volume_claim {
            w.w(
                2,
                &format!(
                    "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                    vstr(p, "claimName"),
                    vbool(p, "readOnly")
                ),
            );
        } else if let Some(d) = &v.downward_api {
            w.w(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for item in d.get("items").and_then(Value::as_sequence).into_iter().flatten() {
                if let Some(f) = item.get("fieldRef") {
                    w.w(3, &format!("{} -> {}\n", vstr(f, "fieldPath"), vstr(item, "path")));
                }
                if let Some(r) = item.get("resourceFieldRef") {
                    w.w(3, &format!("{} -> {}\n", vstr(r, "resource"), vstr(item, "path")));
                }
            }
        } else if let Some(p) = &v.projected {
            w.w(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            for s in p.get("sources").and_then(Value::as_sequence).into_iter().flatten() {
                if let Some(sec) = s.get("secret") {
                    w.w(
                        2,
                        &format!(
                            "SecretName:\t{}\n    Optional:\t{}\n",
                            vstr(sec, "name"),
                            vbool(sec, "optional")
                        ),
                    );
                } else if s.get("downwardAPI").is_some() {
                    w.w(2, "DownwardAPI:\ttrue\n");
                } else if let Some(cm) = s.get("configMap") {
                    w.w(
                        2,
                        &format!(
                            "ConfigMapName:\t{}\n    Optional:\t{}\n",
                            vstr(cm, "name"),
                            vbool(cm, "optional")
                        ),
                    );
                } else if let Some(t) = s.get("serviceAccountToken") {
                    let exp = t.get("expirationSeconds").and_then(Value::as_i64).unwrap_or(3600);
                    w.w(2, &format!("TokenExpirationSeconds:\t{exp}\n"));
                }
            }
        } else if let Some(c) = &v.csi {
            w.w(
                2,
                &format!(
                    "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    ReadOnly:\t{}\n",
                    vstr(c, "driver"),
                    vstr(c, "fsType"),
                    vbool(c, "readOnly")
                ),
            );
            w.w(2, "VolumeAttributes:\t");
            let attrs = c.get("volumeAttributes").and_then(Value::as_mapping);
            match attrs.filter(|m| !m.is_empty()) {
                None => w.w(0, "<none>\n"),
                Some(m) => {
                    let mut kv: Vec<(String, String)> = m
                        .iter()
                        .map(|(k, v)| {
                            (k.as_str().unwrap_or("").to_string(), v.as_str().unwrap_or("").to_string())
                        })
                        .collect();
                    crate::sort::ascending(&mut kv);
                    for (i, (k, v)) in kv.iter().enumerate() {
                        if i != 0 {
                            w.w(2, "\t");
                        }
                        w.w(2, &format!("{}\n", shorten(&format!("{k}={v}"), MAX_ANNOTATION_LEN)));
                    }
                }
            }
        } else if let Some(e) = &v.ephemeral {
            let _ = e;
            w.w(2, "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n");
        } else if let Some(i) = &v.image {
            w.w(
                2,
                &format!(
                    "Type:\tImage (a container image or OCI artifact)\n    Reference:\t{}\n    PullPolicy:\t{}\n",
                    vstr(i, "reference"),
                    vstr(i, "pullPolicy")
                ),
            );
        } else {
            w.w(1, "<unknown>\n");
        }
    }
}

fn tolerations_multiline(w: &mut Prefix, pod: &Pod) {
    w.w(0, "Tolerations:\t");
    let mut tols: Vec<&crate::model::Toleration> = pod.spec.tolerations.iter().flatten().collect();
    if tols.is_empty() {
        w.w(0, "<none>\n");
        return;
    }
    crate::sort::by(&mut tols, |a, b| a.key.as_deref().unwrap_or("").cmp(b.key.as_deref().unwrap_or("")));
    for (i, t) in tols.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let key = t.key.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        let mut s = key.to_string();
        if !value.is_empty() {
            s.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            s.push_str(&format!(":{effect}"));
        }
        if t.operator.as_deref() == Some("Exists") && value.is_empty() {
            if !key.is_empty() || !effect.is_empty() {
                s.push_str(" op=Exists");
            } else {
                s.push_str("op=Exists");
            }
        }
        if let Some(secs) = t.toleration_seconds {
            s.push_str(&format!(" for {secs}s"));
        }
        w.w(0, &format!("{s}\n"));
    }
}

fn topology_spread(w: &mut Prefix, pod: &Pod) {
    let mut tscs: Vec<&Value> = pod.spec.topology_spread_constraints.iter().flatten().collect();
    if tscs.is_empty() {
        return;
    }
    crate::sort::by(&mut tscs, |a, b| vstr(a, "topologyKey").cmp(vstr(b, "topologyKey")));
    w.w(0, "Topology Spread Constraints:\t");
    for (i, t) in tscs.iter().enumerate() {
        if i != 0 {
            w.w(0, "\t");
        }
        let skew = t.get("maxSkew").and_then(Value::as_i64).unwrap_or(0);
        let mut s = format!(
            "{}:{} when max skew {skew} is exceeded",
            vstr(t, "topologyKey"),
            vstr(t, "whenUnsatisfiable")
        );
        if let Some(sel) = t.get("labelSelector") {
            s.push_str(&format!(" for selector {}", format_label_selector(sel)));
        }
        w.w(0, &format!("{s}\n"));
    }
}

/// `metav1.FormatLabelSelector` for the matchLabels / matchExpressions shapes.
fn format_label_selector(sel: &Value) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(m) = sel.get("matchLabels").and_then(Value::as_mapping) {
        let mut kv: Vec<String> = m
            .iter()
            .map(|(k, v)| format!("{}={}", k.as_str().unwrap_or(""), v.as_str().unwrap_or("")))
            .collect();
        crate::sort::ascending(&mut kv);
        parts.extend(kv);
    }
    for e in sel.get("matchExpressions").and_then(Value::as_sequence).into_iter().flatten() {
        let key = vstr(e, "key");
        let values: Vec<&str> = e
            .get("values")
            .and_then(Value::as_sequence)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        parts.push(match vstr(e, "operator") {
            "In" => format!("{key} in ({})", values.join(",")),
            "NotIn" => format!("{key} notin ({})", values.join(",")),
            "Exists" => key.to_string(),
            "DoesNotExist" => format!("!{key}"),
            op => format!("{key} {op}"),
        });
    }
    if parts.is_empty() {
        "<none>".to_string()
    } else {
        parts.join(",")
    }
}

/// kubectl ≥ 1.35's event message: `<fieldPath>: <message>` for container events, trimmed.
pub fn event_message(e: &Event) -> String {
    let msg = e.message.trim();
    match e.field_path.as_deref().filter(|f| !f.is_empty()) {
        Some(f) => format!("{f}: {msg}"),
        None => msg.to_string(),
    }
}

/// The Age cell of an event: `24s`, or `24s (x6 over 104s)` when it was seen more than once.
///
/// The API stores event times with whole seconds, so they are truncated before subtracting.
pub fn event_age(e: &Event, now: Timestamp) -> String {
    let first = time::human_duration(now.millis_since(e.first.floor_seconds()));
    if e.count > 1 {
        format!(
            "{} (x{} over {first})",
            time::human_duration(now.millis_since(e.last.floor_seconds())),
            e.count
        )
    } else {
        first
    }
}

fn describe_events(w: &mut Prefix, events: &[Event], now: Timestamp) {
    if events.is_empty() {
        w.w(0, "Events:\t<none>\n");
        return;
    }
    w.tw.flush();
    let mut sorted: Vec<&Event> = events.iter().collect();
    crate::sort::by_key(&mut sorted, |e| e.last.floor_seconds());
    w.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
    w.w(1, "----\t------\t----\t----\t-------\n");
    for e in sorted {
        w.w(
            1,
            &format!("{}\t{}\t{}\t{}\t{}\n", e.type_, e.reason, event_age(e, now), e.from, event_message(e)),
        );
    }
}

/// The pod's QoS class as the apiserver computes it (`ComputePodQOS`), after defaulting requests to
/// limits; used when `status.qosClass` is absent.
pub fn qos_class(pod: &Pod) -> &'static str {
    let mut requests: BTreeMap<&'static str, i128> = BTreeMap::new();
    let mut limits: BTreeMap<&'static str, i128> = BTreeMap::new();
    let mut guaranteed = true;
    if let Some(r) = pod.spec.resources.as_ref() {
        guaranteed &= qos_add(r, &mut requests, &mut limits);
    } else {
        let empty = ResourceRequirements::default();
        for c in pod.spec.containers.iter().chain(pod.init_containers()) {
            guaranteed &= qos_add(c.resources.as_ref().unwrap_or(&empty), &mut requests, &mut limits);
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    if guaranteed && requests.iter().all(|(n, v)| limits.get(n) == Some(v)) && requests.len() == limits.len()
    {
        return "Guaranteed";
    }
    "Burstable"
}

fn qos_resource(name: &str) -> Option<&'static str> {
    match name {
        "cpu" => Some("cpu"),
        "memory" => Some("memory"),
        _ => None,
    }
}

/// Adds one container's positive cpu/memory requests and limits; true when it limits both.
fn qos_add(
    r: &ResourceRequirements,
    requests: &mut BTreeMap<&'static str, i128>,
    limits: &mut BTreeMap<&'static str, i128>,
) -> bool {
    let parse = |l: &Option<BTreeMap<String, crate::model::Quantity>>| -> Vec<(&'static str, i128)> {
        l.iter()
            .flatten()
            .filter_map(|(n, q)| Some((qos_resource(n)?, quantity::parse_model(q)?.nanos)))
            .collect()
    };
    let lim = parse(&r.limits);
    // The apiserver defaults an unset request to the limit before computing the class.
    let mut req: BTreeMap<&'static str, i128> = lim.iter().copied().collect();
    req.extend(parse(&r.requests));
    for (n, v) in req.into_iter().filter(|(_, v)| *v > 0) {
        *requests.entry(n).or_insert(0) += v;
    }
    let mut found = 0;
    for (n, v) in lim.into_iter().filter(|(_, v)| *v > 0) {
        found += 1;
        *limits.entry(n).or_insert(0) += v;
    }
    found == 2
}
