//! RestartAllContainers (KEP-5532): the whole-pod restart in place, its gate and its validation.
#![allow(clippy::unwrap_used)]

use lifecycle::sim::{run_document, RunOverrides};

const POD: &str = include_str!("../../../tests/fixtures/sim/restart-all.yaml");

fn with_scenario(scenario: &str) -> String {
    format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n{scenario}")
}

fn rows(text: &str) -> Vec<(String, String, String)> {
    let loaded = lifecycle::load(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let run = run_document(&loaded, RunOverrides::default()).unwrap();
    run.trace.rows.iter().map(|r| (r.t.to_string(), r.status.clone(), r.restarts.clone())).collect()
}

#[test]
fn an_alpha_gate_turned_on_restarts_every_container_in_order() {
    let text =
        with_scenario("  horizon: 25s\n  featureGates: {RestartAllContainersOnContainerExits: true}\n");
    let loaded = lifecycle::load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let run = run_document(&loaded, RunOverrides::default()).unwrap();
    let t = &run.trace;
    let statuses: Vec<&str> = t.rows.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "Pending",
            "Init:0/1",
            "PodInitializing",
            "Running",
            "Error",
            "RestartingAllContainers",
            "Init:RestartingAllContainers",
            "Init:0/1",
            "PodInitializing",
            "Running",
        ]
    );
    let restarts: Vec<&str> = t.rows.iter().map(|r| r.restarts.as_str()).collect();
    assert_eq!(restarts[5..], ["2", "1", "1", "2", "2"]);
    // The condition: False from admission, True while the containers are killed, False once removed.
    let cond: Vec<(String, Option<String>)> = t
        .conditions
        .iter()
        .filter(|c| c.type_ == "AllContainersRestarting")
        .map(|c| (c.status.clone(), c.reason.clone()))
        .collect();
    assert_eq!(
        cond,
        [
            ("False".to_string(), None),
            ("True".to_string(), Some("RestartAllContainersStarted".to_string())),
            ("False".to_string(), None),
        ]
    );
    let truth = t.conditions.iter().find(|c| c.type_ == "AllContainersRestarting" && c.status == "True");
    assert_eq!(truth.unwrap().message.as_deref(), Some("container exited with restart policy rule"));
    // Only the container still running is killed; the trigger had exited.
    let kills: Vec<(String, String)> = t
        .events
        .iter()
        .filter(|e| e.reason == "Killing")
        .map(|e| (e.object.clone().unwrap_or_default(), e.message.clone()))
        .collect();
    assert_eq!(kills, [("spec.containers{main}".to_string(), "Stopping container main".to_string())]);
    // Every container waits as RestartingAllContainers with its restart count one higher, then the
    // init container runs again before the app containers.
    let waiting: Vec<(String, i64)> = t
        .containers
        .iter()
        .filter(|c| c.reason.as_deref() == Some("RestartingAllContainers"))
        .map(|c| (c.name.clone(), c.restart_count))
        .collect();
    assert_eq!(waiting, [("setup".to_string(), 1), ("main".to_string(), 1), ("trigger".to_string(), 1)]);
    let starts: Vec<String> = t
        .events
        .iter()
        .filter(|e| e.reason == "Started" && e.t.ms() > 15_000)
        .map(|e| e.object.clone().unwrap_or_default())
        .collect();
    assert_eq!(starts, ["spec.initContainers{setup}", "spec.containers{main}", "spec.containers{trigger}"]);
    assert!(t.phases.iter().all(|p| p.phase != "Failed"));
    let pod = t.state_at(17_900);
    let st = pod.status.unwrap();
    let main = st.container_statuses.unwrap().into_iter().find(|c| c.name == "main").unwrap();
    let last = main.last_state.unwrap().terminated.unwrap();
    assert_eq!((last.exit_code, last.reason.as_deref()), (137, Some("RestartingAllContainers")));
    assert_eq!(
        last.message.as_deref(),
        Some("The container is removed because RestartAllContainers in place")
    );
    assert_eq!(st.phase.as_deref(), Some("Running"));
}

#[test]
fn without_the_gate_the_apiserver_rejects_the_action() {
    let loaded = lifecycle::load(&with_scenario("  horizon: 25s\n"));
    let errors: Vec<String> = loaded.validation.iter().map(|d| d.message.to_string()).collect();
    assert_eq!(errors, ["Unsupported value: \"RestartAllContainers\": supported values: \"Restart\""]);
    // 1.36 has the gate on by default; a Scenario may also turn it off again.
    assert!(lifecycle::load(&with_scenario("  kubernetesVersion: \"1.36\"\n")).validation.is_empty());
    let off = with_scenario(
        "  kubernetesVersion: \"1.36\"\n  featureGates: {RestartAllContainersOnContainerExits: false}\n",
    );
    assert_eq!(lifecycle::load(&off).validation.len(), 1);
    assert_eq!(
        rows(&with_scenario("  kubernetesVersion: \"1.36\"\n  horizon: 16s\n")).last().unwrap().1,
        "Error"
    );
}

#[test]
fn an_unknown_feature_gate_is_an_error() {
    let loaded = lifecycle::load(&with_scenario("  featureGates: {Nope: true}\n"));
    let said: Vec<String> = loaded.diagnostics.iter().map(|d| d.message.to_string()).collect();
    assert!(
        said.iter()
            .any(|m| m.starts_with("unrecognized feature gate: Nope (podlife knows: ContainerRestartRules")),
        "{said:?}"
    );
}

#[test]
fn before_container_restart_rules_a_regular_container_may_not_set_restart_policy() {
    let text = |v: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: app\n    image: busybox\n    restartPolicy: Never\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  kubernetesVersion: \"{v}\"\n"
        )
    };
    let old = lifecycle::load(&text("1.34"));
    let errors: Vec<String> = old.validation.iter().map(|d| format!("{}: {}", d.path, d.message)).collect();
    assert_eq!(
        errors,
        ["spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"]
    );
    assert!(lifecycle::load(&text("1.35")).validation.is_empty());
}
