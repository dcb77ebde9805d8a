//! Apiserver defaulting.
#![allow(clippy::unwrap_used)]

use lifecycle::defaults::image_tag;
use lifecycle::load;
use lifecycle::model::Quantity;

#[test]
fn image_tags_digests_and_registry_ports() {
    let cases = [
        ("nginx", Some("latest")),
        ("nginx:latest", Some("latest")),
        ("nginx:1.27", Some("1.27")),
        ("library/nginx", Some("latest")),
        ("host:5000/img", Some("latest")),
        ("host:5000/img:2", Some("2")),
        ("host:5000/team/img@sha256:abcd", None),
        ("nginx@sha256:abcd", None),
        ("nginx:1.27@sha256:abcd", Some("1.27")),
        ("localhost:5000/img:latest", Some("latest")),
    ];
    for (image, tag) in cases {
        assert_eq!(image_tag(image).as_deref(), tag, "{image}");
    }
}

fn pod_with(containers: &str) -> lifecycle::Pod {
    let text = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n{containers}");
    let l = load(&text);
    assert_eq!(l.diagnostics, vec![], "{text}");
    l.pod.unwrap()
}

#[test]
fn pull_policy_follows_the_tag() {
    let pod = pod_with(
        "  - {name: a, image: nginx}\n  - {name: b, image: 'nginx:1.27'}\n  - {name: c, image: 'nginx@sha256:abcd'}\n  - {name: d, image: 'host:5000/img'}\n  - {name: e, image: 'nginx:latest', imagePullPolicy: Never}\n",
    );
    let got: Vec<&str> =
        pod.spec.containers.iter().map(|c| c.image_pull_policy.as_deref().unwrap()).collect();
    assert_eq!(got, vec!["Always", "IfNotPresent", "IfNotPresent", "Always", "Never"]);
}

#[test]
fn pod_and_container_defaults() {
    let pod = pod_with("  - name: app\n    image: nginx:1.27\n    ports: [{containerPort: 80}]\n    resources: {limits: {cpu: 500m}}\n");
    let s = &pod.spec;
    assert_eq!(pod.metadata.namespace.as_deref(), Some("default"));
    assert_eq!(s.restart_policy.as_deref(), Some("Always"));
    assert_eq!(s.termination_grace_period_seconds, Some(30));
    assert_eq!(s.dns_policy.as_deref(), Some("ClusterFirst"));
    assert_eq!(s.scheduler_name.as_deref(), Some("default-scheduler"));
    assert_eq!(s.enable_service_links, Some(true));
    assert!(s.security_context.as_ref().unwrap().as_mapping().unwrap().is_empty());
    let c = &s.containers[0];
    assert_eq!(c.termination_message_path.as_deref(), Some("/dev/termination-log"));
    assert_eq!(c.termination_message_policy.as_deref(), Some("File"));
    assert_eq!(c.ports.as_ref().unwrap()[0].protocol.as_deref(), Some("TCP"));
    let req = c.resources.as_ref().unwrap().requests.as_ref().unwrap();
    assert_eq!(req.get("cpu"), Some(&Quantity::String("500m".into())));
}

#[test]
fn probe_zero_values_become_defaults_and_http_get_path_and_scheme_are_defaulted() {
    let pod = pod_with(
        "  - name: app\n    image: nginx:1.27\n    livenessProbe:\n      httpGet: {port: 80}\n      periodSeconds: 0\n      failureThreshold: 5\n    lifecycle:\n      preStop: {httpGet: {port: 80, path: /stop}}\n",
    );
    let p = pod.spec.containers[0].liveness_probe.as_ref().unwrap();
    assert_eq!(
        (
            p.initial_delay_seconds,
            p.timeout_seconds,
            p.period_seconds,
            p.success_threshold,
            p.failure_threshold
        ),
        (None, Some(1), Some(10), Some(1), Some(5))
    );
    let g = p.http_get.as_ref().unwrap();
    assert_eq!((g.path.as_deref(), g.scheme.as_deref()), (Some("/"), Some("HTTP")));
    let stop = pod.spec.containers[0]
        .lifecycle
        .as_ref()
        .unwrap()
        .pre_stop
        .as_ref()
        .unwrap()
        .http_get
        .as_ref()
        .unwrap();
    assert_eq!((stop.path.as_deref(), stop.scheme.as_deref()), (Some("/stop"), Some("HTTP")));
}

#[test]
fn explicit_values_and_empty_strings() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team}\nspec:\n  restartPolicy: ''\n  terminationGracePeriodSeconds: 0\n  containers: [{name: a, image: nginx}]\n";
    let pod = load(text).pod.unwrap();
    assert_eq!(pod.metadata.namespace.as_deref(), Some("team"));
    assert_eq!(pod.spec.restart_policy.as_deref(), Some("Always"));
    assert_eq!(pod.spec.termination_grace_period_seconds, Some(0));
}

#[test]
fn volumes_without_a_source_become_empty_dirs() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes: [{name: data}, {name: cm, configMap: {name: c}}]\n  containers: [{name: a, image: nginx}]\n";
    let l = load(text);
    assert_eq!(l.diagnostics, vec![]);
    let vols = l.pod.unwrap().spec.volumes.unwrap();
    assert!(vols[0].empty_dir.is_some());
    assert_eq!(vols[1].config_map.as_ref().unwrap().default_mode, Some(0o644));
}

#[test]
fn host_network_copies_container_ports_to_host_ports() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers: [{name: a, image: nginx, ports: [{containerPort: 8080}]}]\n";
    let pod = load(text).pod.unwrap();
    assert_eq!(pod.spec.containers[0].ports.as_ref().unwrap()[0].host_port, Some(8080));
}
