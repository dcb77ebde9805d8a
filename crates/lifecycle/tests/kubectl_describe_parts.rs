#![allow(clippy::unwrap_used)]
//! Pieces of `kubectl describe`: probe lines, QoS class, status YAML.

use lifecycle::kubectl::describe::describe_probe;
use lifecycle::kubectl::{qos_class, status_yaml};
use lifecycle::model::Probe;
use lifecycle::Pod;

fn probe(yaml: &str) -> String {
    describe_probe(&serde_yaml::from_str::<Probe>(yaml).unwrap())
}

#[test]
fn probe_lines() {
    assert_eq!(
        probe("httpGet: {path: /healthz, port: 8080}"),
        "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3"
    );
    assert_eq!(
        probe("httpGet: {path: /, port: https, host: 10.0.0.1, scheme: HTTPS}\ninitialDelaySeconds: 3\nperiodSeconds: 3"),
        "http-get https://10.0.0.1:https/ delay=3s timeout=1s period=3s #success=1 #failure=3"
    );
    assert_eq!(
        probe("exec: {command: [cat, /tmp/healthy]}\ninitialDelaySeconds: 5\nperiodSeconds: 5"),
        "exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3"
    );
    assert_eq!(
        probe("tcpSocket: {port: 6379}\ntimeoutSeconds: 2\nfailureThreshold: 5"),
        "tcp-socket :6379 delay=0s timeout=2s period=10s #success=1 #failure=5"
    );
    assert_eq!(
        probe("grpc: {port: 9000, service: health}"),
        "grpc <pod>:9000 health delay=0s timeout=1s period=10s #success=1 #failure=3"
    );
}

fn qos(yaml: &str) -> &'static str {
    qos_class(&serde_yaml::from_str::<Pod>(yaml).unwrap())
}

#[test]
fn qos_classes() {
    assert_eq!(qos("spec: {containers: [{name: a}]}"), "BestEffort");
    assert_eq!(qos("spec: {containers: [{name: a, resources: {requests: {cpu: 100m}}}]}"), "Burstable");
    assert_eq!(
        qos("spec: {containers: [{name: a, resources: {limits: {cpu: '1', memory: 1Gi}}}]}"),
        "Guaranteed"
    );
    assert_eq!(
        qos("spec: {containers: [{name: a, resources: {limits: {cpu: '1', memory: 1Gi}, requests: {cpu: 1000m, memory: 1024Mi}}}]}"),
        "Guaranteed"
    );
    assert_eq!(
        qos("spec: {containers: [{name: a, resources: {limits: {cpu: '1', memory: 1Gi}, requests: {cpu: 500m}}}]}"),
        "Burstable"
    );
    assert_eq!(
        qos("spec: {containers: [{name: a, resources: {limits: {cpu: '1', memory: 1Gi}}}, {name: b}]}"),
        "Burstable"
    );
    assert_eq!(
        qos("spec: {containers: [{name: a, resources: {requests: {ephemeral-storage: 1Gi}}}]}"),
        "BestEffort"
    );
    assert_eq!(
        qos("spec: {resources: {limits: {cpu: '2', memory: 2Gi}}, containers: [{name: a, resources: {requests: {cpu: 100m}}}]}"),
        "Guaranteed"
    );
}

#[test]
fn status_yaml_sorts_keys() {
    let pod: Pod = serde_yaml::from_str(
        "spec: {containers: [{name: a}]}\nstatus:\n  phase: Running\n  podIP: 10.0.0.1\n  conditions:\n  - {type: Ready, status: 'True', lastTransitionTime: '2026-10-06T11:32:44Z'}\n  containerStatuses:\n  - {name: a, ready: true, restartCount: 0, image: nginx, imageID: '', state: {running: {startedAt: '2026-10-06T11:32:44Z'}}}\n",
    )
    .unwrap();
    let y = status_yaml(&pod);
    assert!(y.starts_with("status:\n  conditions:\n"), "{y}");
    let keys: Vec<&str> = y
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && !l.starts_with("  - "))
        .collect();
    assert_eq!(keys, vec!["  conditions:", "  containerStatuses:", "  phase: Running", "  podIP: 10.0.0.1"]);
    assert!(y.contains("  - lastProbeTime: null\n    lastTransitionTime: \"2026-10-06T11:32:44Z\"\n    status: \"True\"\n    type: Ready\n"), "{y}");
    assert!(y.contains("    imageID: \"\"\n"), "{y}");
    assert_eq!(status_yaml(&serde_yaml::from_str::<Pod>("spec: {containers: []}").unwrap()), "status: {}\n");
    let msg: Pod =
        serde_yaml::from_str("status: {message: 'containers with unready status: [app]', reason: 'x #y'}")
            .unwrap();
    assert_eq!(
        status_yaml(&msg),
        "status:\n  message: 'containers with unready status: [app]'\n  reason: 'x #y'\n"
    );
}
