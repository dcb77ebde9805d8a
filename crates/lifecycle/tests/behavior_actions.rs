//! Scenario verbs and handlers acting on the container world through the engine.
#![allow(clippy::unwrap_used)]

use lifecycle::sim::{run_document, RunOverrides, Trace};

fn run(yaml: &str) -> Trace {
    let loaded = lifecycle::load(yaml);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let r = run_document(&loaded, RunOverrides::default()).unwrap();
    assert!(r.notices.is_empty(), "{:?}", r.notices);
    r.trace
}

fn messages(t: &Trace, reason: &str) -> Vec<String> {
    t.events.iter().filter(|e| e.reason == reason).map(|e| e.message.clone()).collect()
}

#[test]
fn set_image_restarts_only_that_app_container() {
    let t = run("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: web, image: nginx:1.27}\n  - {name: side, image: busybox, command: [sleep, infinity]}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  horizon: 2m\n  actions:\n  - {at: 30s, setImage: {container: web, image: nginx:1.28}}\n");
    assert_eq!(messages(&t, "Killing"), ["Container web definition changed, will be restarted"]);
    let st = t.state_at(60_000).status.unwrap();
    let statuses = st.container_statuses.unwrap();
    let web = statuses.iter().find(|s| s.name == "web").unwrap();
    assert_eq!((web.restart_count, web.image.as_str()), (1, "docker.io/library/nginx:1.28"));
    // nginx stops gracefully on SIGQUIT: exit 0.
    assert_eq!(web.last_state.clone().unwrap().terminated.unwrap().exit_code, 0);
    assert_eq!(statuses.iter().find(|s| s.name == "side").unwrap().restart_count, 0);
    assert!(t.state_at(60_000).spec.containers[0].image.as_deref() == Some("nginx:1.28"));
}

#[test]
fn set_image_of_an_init_container_after_initialization_restarts_nothing() {
    // computeInitContainerActions skips ordinary init containers once the pod has initialized, so
    // nothing is killed or rerun: only the spec carries the new image, while the status keeps the
    // image the completed init container ran with.
    let loaded = lifecycle::load("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  terminationGracePeriodSeconds: 2\n  initContainers:\n  - {name: init, image: busybox, command: [sh, -c, 'sleep 1']}\n  containers:\n  - {name: app, image: busybox, command: [sleep, infinity]}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  horizon: 2m\n  actions:\n  - {at: 30s, setImage: {container: init, image: busybox:1.36}}\n");
    let t = run_document(&loaded, RunOverrides::default()).unwrap().trace;
    assert!(messages(&t, "SandboxChanged").is_empty());
    assert!(messages(&t, "Killing").is_empty());
    let starts: Vec<&str> = t
        .events
        .iter()
        .filter(|e| e.reason == "Started")
        .map(|e| e.object.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(starts, ["spec.initContainers{init}", "spec.containers{app}"]);
    let rows: Vec<&str> = t.rows.iter().map(|r| r.status.as_str()).collect();
    // No row after the change at 30 s: the pod just keeps running.
    assert_eq!(rows, ["Pending", "Init:0/1", "PodInitializing", "Running"]);
    assert!(t.rows.iter().all(|r| r.t.ms() < 30_000));
    let at = t.state_at(100_000);
    let init = &at.status.unwrap().init_container_statuses.unwrap()[0];
    assert_eq!((init.restart_count, init.image.as_str()), (0, "docker.io/library/busybox:latest"));
    assert_eq!(at.spec.init_containers.unwrap()[0].image.as_deref(), Some("busybox:1.36"));
    assert!(t.notes.iter().any(|n| n.to_string().contains("does not run init container \"init\" again")));
}

#[test]
fn exec_probe_timeout_uses_the_kubelet_text() {
    let t = run("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: busybox\n    command: [sleep, infinity]\n    readinessProbe:\n      exec: {command: [sh, -c, 'sleep 5']}\n      timeoutSeconds: 1\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {horizon: 1m}\n");
    let msgs = messages(&t, "Unhealthy");
    assert!(!msgs.is_empty());
    assert_eq!(msgs[0], "Readiness probe failed: command \"sh -c sleep 5\" timed out");
}

#[test]
fn endpoints_follow_readiness_and_services() {
    let t = run("apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec:\n  containers:\n  - name: web\n    image: nginx\n    readinessProbe: {httpGet: {path: /index.html, port: 80}, periodSeconds: 5}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  horizon: 2m\n  actions:\n  - {at: 20s, apply: {apiVersion: v1, kind: Service, metadata: {name: web}, spec: {selector: {app: web}, ports: [{port: 80}]}}}\n  - {at: 30s, exec: {command: rm /usr/share/nginx/html/index.html}}\n  - {at: 60s, exec: {command: echo hi > /usr/share/nginx/html/index.html}}\n  - {at: 90s, delete: {kind: Service, name: web}}\n");
    let ip = t.state_at(10_000).status.unwrap().pod_ip.unwrap();
    assert!(t.endpoints_at(10_000).is_empty());
    assert_eq!(t.endpoints_at(25_000), vec![("web".to_string(), vec![ip.clone()])]);
    assert_eq!(t.endpoints_at(55_000), vec![("web".to_string(), vec![])]);
    assert_eq!(t.endpoints_at(80_000), vec![("web".to_string(), vec![ip])]);
    assert_eq!(t.endpoints_at(100_000), vec![("web".to_string(), vec![])]);
}

#[test]
fn unknown_images_are_an_explicit_assumption() {
    let t = run("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: app\n    image: registry.example/shop:1.0\n    ports: [{containerPort: 8080}]\n    readinessProbe: {tcpSocket: {port: 8080}}\n");
    assert!(t
        .notes
        .iter()
        .any(|n| n.contains("is assumed to be a long-running server answering 200") && n.contains("8080")));
    assert_eq!(t.rows.last().unwrap().ready, "1/1");
}
