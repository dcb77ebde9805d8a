//! Apiserver defaulting (`pkg/apis/core/v1/defaults.go`), applied before validation as the apiserver does.
//!
//! Go cannot tell an absent string from `""` nor an absent int from `0`, so both count as unset here.

use crate::model::{Container, HttpGetAction, LifecycleHandler, Pod, Probe, Volume};
use crate::service::Service;

/// The grace period the apiserver fills in.
pub const TERMINATION_GRACE_PERIOD_SECONDS: i64 = 30;

fn unset(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(str::is_empty)
}

fn default_str(s: &mut Option<String>, v: &str) {
    if unset(s) {
        *s = Some(v.to_string());
    }
}

fn default_int(n: &mut Option<i64>, v: i64) {
    if n.is_none_or(|n| n == 0) {
        *n = Some(v);
    }
}

/// Fills every field the apiserver defaults on create.
pub fn apply(pod: &mut Pod) {
    default_str(&mut pod.metadata.namespace, "default");
    let spec = &mut pod.spec;
    default_str(&mut spec.restart_policy, "Always");
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(TERMINATION_GRACE_PERIOD_SECONDS);
    }
    default_str(&mut spec.dns_policy, "ClusterFirst");
    default_str(&mut spec.scheduler_name, "default-scheduler");
    if spec.security_context.is_none() {
        spec.security_context = Some(serde_yaml::Value::Mapping(serde_yaml::Mapping::new()));
    }
    if spec.enable_service_links.is_none() {
        spec.enable_service_links = Some(true);
    }
    let host_network = spec.host_network == Some(true);
    for c in spec.containers.iter_mut() {
        container(c, host_network);
    }
    for c in spec.init_containers.iter_mut().flatten() {
        container(c, host_network);
    }
    for c in spec.ephemeral_containers.iter_mut().flatten() {
        container(c, host_network);
    }
    for v in spec.volumes.iter_mut().flatten() {
        volume(v);
    }
}

fn container(c: &mut Container, host_network: bool) {
    if unset(&c.image_pull_policy) {
        c.image_pull_policy = Some(default_pull_policy(c.image.as_deref().unwrap_or("")).to_string());
    }
    default_str(&mut c.termination_message_path, "/dev/termination-log");
    default_str(&mut c.termination_message_policy, "File");
    for p in c.ports.iter_mut().flatten() {
        default_str(&mut p.protocol, "TCP");
        // SetDefaults_PodSpec: with hostNetwork the host port is the container port.
        if host_network && p.host_port.is_none_or(|h| h == 0) {
            p.host_port = Some(p.container_port);
        }
    }
    for probe in [&mut c.liveness_probe, &mut c.readiness_probe, &mut c.startup_probe].into_iter().flatten() {
        probe_defaults(probe);
    }
    if let Some(lc) = &mut c.lifecycle {
        for h in [&mut lc.post_start, &mut lc.pre_stop].into_iter().flatten() {
            handler_defaults(h);
        }
    }
    for e in c.env.iter_mut().flatten() {
        if let Some(f) = e.value_from.as_mut().and_then(|v| v.field_ref.as_mut()) {
            default_str(&mut f.api_version, "v1");
        }
    }
    // SetDefaults_Pod: limits without requests become the requests.
    if let Some(res) = &mut c.resources {
        if let Some(limits) = &res.limits {
            let requests = res.requests.get_or_insert_with(Default::default);
            for (k, v) in limits {
                requests.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
}

fn probe_defaults(p: &mut Probe) {
    default_int(&mut p.timeout_seconds, 1);
    default_int(&mut p.period_seconds, 10);
    default_int(&mut p.success_threshold, 1);
    default_int(&mut p.failure_threshold, 3);
    if let Some(h) = &mut p.http_get {
        http_get_defaults(h);
    }
}

fn handler_defaults(h: &mut LifecycleHandler) {
    if let Some(g) = &mut h.http_get {
        http_get_defaults(g);
    }
}

/// `SetDefaults_HTTPGetAction` defaults both path and scheme (read in the v1 defaults.go of several
/// releases, including current ones), so `path: /` appears in the stored object.
fn http_get_defaults(h: &mut HttpGetAction) {
    default_str(&mut h.path, "/");
    default_str(&mut h.scheme, "HTTP");
}

fn volume(v: &mut Volume) {
    let none = v.empty_dir.is_none()
        && v.host_path.is_none()
        && v.config_map.is_none()
        && v.secret.is_none()
        && v.projected.is_none()
        && v.downward_api.is_none()
        && v.persistent_volume_claim.is_none()
        && v.nfs.is_none()
        && v.ephemeral.is_none()
        && v.csi.is_none()
        && v.image.is_none();
    // SetDefaults_Volume: a volume with no source is an emptyDir.
    if none {
        v.empty_dir = Some(Default::default());
    }
    if let Some(cm) = &mut v.config_map {
        if cm.default_mode.is_none() {
            cm.default_mode = Some(0o644);
        }
    }
    if let Some(s) = &mut v.secret {
        if s.default_mode.is_none() {
            s.default_mode = Some(0o644);
        }
    }
    if let Some(hp) = &mut v.host_path {
        if hp.type_.is_none() {
            hp.type_ = Some(String::new());
        }
    }
}

/// The apiserver's default imagePullPolicy: `Always` for `:latest` or no tag, else `IfNotPresent`.
pub fn default_pull_policy(image: &str) -> &'static str {
    if image_tag(image).as_deref() == Some("latest") {
        "Always"
    } else {
        "IfNotPresent"
    }
}

/// The tag of an image reference as `parsers.ParseImageName` sees it: `latest` when neither a tag nor a
/// digest is given, `None` when only a digest is given (so the policy becomes IfNotPresent).
///
/// A `:` before the last `/` belongs to a registry host (`host:5000/img`), not to a tag.
pub fn image_tag(image: &str) -> Option<String> {
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    match last.rsplit_once(':') {
        Some((_, tag)) => Some(tag.to_string()),
        None if digest.is_some() => None,
        None => Some("latest".to_string()),
    }
}

/// Service defaults: TCP ports, targetPort = port, type ClusterIP, sessionAffinity None.
pub fn apply_service(svc: &mut Service) {
    default_str(&mut svc.metadata.namespace, "default");
    default_str(&mut svc.spec.type_, "ClusterIP");
    default_str(&mut svc.spec.session_affinity, "None");
    for p in svc.spec.ports.iter_mut().flatten() {
        default_str(&mut p.protocol, "TCP");
        let unset_target = match &p.target_port {
            None => true,
            Some(crate::model::IntOrString::Int(0)) => true,
            Some(crate::model::IntOrString::String(s)) => s.is_empty(),
            Some(_) => false,
        };
        if unset_target {
            p.target_port = Some(crate::model::IntOrString::Int(p.port));
        }
    }
}
