//! The loader: documents, strict decoding, source positions, Services and Scenarios.
#![allow(clippy::unwrap_used)]

use lifecycle::model::IntOrString;
use lifecycle::scenario::{Command, Verb};
use lifecycle::{load, Pos, Severity};

fn pos(line: u32, col: u32) -> Pos {
    Pos { line, col }
}

/// Every diagnostic as `LINE:COL: path: message`.
fn shown(text: &str) -> Vec<String> {
    load(text).diagnostics.iter().map(|d| d.to_string()).collect()
}

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx:1.27
";

#[test]
fn a_valid_pod_loads_cleanly_and_is_defaulted() {
    let l = load(POD);
    assert_eq!(l.diagnostics, vec![]);
    let pod = l.pod.unwrap();
    assert_eq!(pod.name(), "web");
    assert_eq!(pod.spec.restart_policy.as_deref(), Some("Always"));
    assert_eq!(pod.spec.containers[0].image_pull_policy.as_deref(), Some("IfNotPresent"));
    assert!(l.services.is_empty());
    assert!(l.scenario.is_none());
}

#[test]
fn source_map_records_keys_and_items_and_falls_back_to_parents() {
    let l = load(POD);
    assert_eq!(l.source.get("spec.containers[0]"), Some(pos(7, 5)));
    assert_eq!(l.source.get("spec.containers[0].image"), Some(pos(8, 5)));
    assert_eq!(l.source.get("metadata.name"), Some(pos(4, 3)));
    assert_eq!(l.source.get("spec.containers[0].livenessProbe"), None);
    assert_eq!(l.source.pos("spec.containers[0].livenessProbe.periodSeconds"), Some(pos(7, 5)));
    assert_eq!(l.source.pos("spec.initContainers"), Some(pos(5, 1)));
    assert_eq!(l.source.pos(""), Some(pos(1, 1)));
}

#[test]
fn a_typo_is_an_unknown_field_at_its_key() {
    let text = format!("{POD}    livenesProbe:\n      httpGet: {{port: 80}}\n    foo: 1\n");
    assert_eq!(
        shown(&text),
        vec![
            "9:5: unknown field \"spec.containers[0].livenesProbe\"",
            "11:5: unknown field \"spec.containers[0].foo\"",
        ]
    );
    // Strict decoding failed, so validation does not run (the apiserver stops there too).
    assert!(load(&text).validation.is_empty());
    assert!(load(&text).pod.is_some());
}

#[test]
fn duplicate_keys_are_reported_at_the_later_key_and_the_later_value_wins() {
    let text = format!("{POD}    image: busybox\n");
    assert_eq!(shown(&text), vec!["9:5: duplicate field \"spec.containers[0].image\""]);
    assert_eq!(load(&text).pod.unwrap().spec.containers[0].image.as_deref(), Some("busybox"));
}

#[test]
fn type_errors_name_the_path_and_value() {
    let text = format!("{POD}    ports:\n    - containerPort: eighty\n    env:\n    - name: PORT\n      value: 8080\n    - name: FLAG\n      value: yes\n    tty: \"true\"\n");
    assert_eq!(
        shown(&text),
        vec![
            "10:22: spec.containers[0].ports[0].containerPort: Invalid value: \"eighty\": expected an integer",
            "13:14: spec.containers[0].env[0].value: Invalid value: 8080: expected a string",
            "15:14: spec.containers[0].env[1].value: Invalid value: true: expected a string",
            "16:10: spec.containers[0].tty: Invalid value: \"true\": expected a boolean",
        ]
    );
    let first = load(&text).diagnostics.into_iter().next().unwrap();
    assert_eq!(
        first.phrase,
        Some(lifecycle::Phrase::new(lifecycle::Key::TypeInteger, ["Invalid value: \"eighty\""]))
    );
}

#[test]
fn shape_errors_are_reported_and_decoding_continues() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: [a]\nspec:\n  containers: {name: app}\n";
    assert_eq!(
        shown(text),
        vec![
            "3:11: metadata: Invalid value: [...]: expected an object",
            "5:15: spec.containers: Invalid value: {...}: expected a list",
        ]
    );
}

#[test]
fn untyped_values_and_int_or_string_decode() {
    let text = format!("{POD}    readinessProbe:\n      tcpSocket: {{port: http}}\n    securityContext: {{runAsUser: 0x10}}\n");
    let pod = load(&text).pod.unwrap();
    let p = pod.spec.containers[0].readiness_probe.as_ref().unwrap();
    assert_eq!(p.tcp_socket.as_ref().unwrap().port, IntOrString::String("http".into()));
    let sc = pod.spec.containers[0].security_context.as_ref().unwrap();
    assert_eq!(sc.get("runAsUser").and_then(|v| v.as_i64()), Some(16));
}

#[test]
fn flow_yaml_and_json_parse() {
    let text = r#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}, "spec": {"containers": [{"name": "app", "image": "nginx"}]}}"#;
    let l = load(text);
    assert_eq!(l.diagnostics, vec![]);
    assert_eq!(l.pod.unwrap().name(), "j");
    assert_eq!(l.source.get("spec.containers[0].image"), Some(pos(1, 104)));
}

#[test]
fn a_list_holds_a_pod_and_a_service() {
    let l = load(include_str!("../../../tests/fixtures/load/pod-list.json"));
    assert_eq!(l.pod.as_ref().unwrap().name(), "json-pod");
    assert_eq!(l.services.len(), 1);
    assert_eq!(l.services[0].spec.ports.as_ref().unwrap()[0].target_port, Some(IntOrString::Int(80)));
    let shown: Vec<String> = l.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(shown, vec!["12:40: spec.containers[0].ports[0].containerPort: Invalid value: \"eighty\": expected an integer"]);
}

#[test]
fn pod_service_and_scenario_documents() {
    let l = load(include_str!("../../../tests/fixtures/load/pod-service-scenario.yaml"));
    assert_eq!(l.diagnostics, vec![]);
    assert_eq!(l.services.len(), 1);
    assert_eq!(l.services[0].name(), "web");
    assert_eq!(l.services[0].spec.type_.as_deref(), Some("ClusterIP"));
    let sc = l.scenario.unwrap();
    assert_eq!(sc.seed, 7);
    assert_eq!(sc.horizon_ms, 5_400_000);
    assert_eq!(sc.kubernetes_version.as_deref(), Some("1.35"));
    assert_eq!(sc.node.name.as_deref(), Some("node-1"));
    assert_eq!(sc.node.images, vec!["nginx:1.27".to_string()]);
    assert_eq!(sc.images.pull_seconds, Some(2.0));
    assert_eq!(sc.actions.len(), 9);
    assert_eq!(sc.actions[0].at_ms, 30_000);
    assert_eq!(sc.actions[0].pos, Some(pos(39, 5)));
    match &sc.actions[0].verb {
        Verb::Exec(e) => assert_eq!(e.command, Some(Command::Shell("rm -f /tmp/healthy".into()))),
        other => panic!("{other:?}"),
    }
    match &sc.actions[1].verb {
        Verb::Apply(s) => assert_eq!(s.name(), "mydb"),
        other => panic!("{other:?}"),
    }
    assert_eq!(sc.actions[3].at_ms, 120_000);
    assert!(matches!(&sc.actions[7].verb, Verb::Debug(d) if d.target.as_deref() == Some("app")));
    assert!(matches!(&sc.actions[8].verb, Verb::SetImage(s) if s.image == "nginx:1.28"));
}

#[test]
fn scenario_defaults() {
    let l = load(&format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\n"));
    assert_eq!(l.diagnostics, vec![]);
    let sc = l.scenario.unwrap();
    assert_eq!((sc.seed, sc.horizon_ms), (1, 600_000));
}

#[test]
fn scenario_actions_need_exactly_one_verb_and_a_time() {
    let text = format!(
        "{POD}---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  horizon: 5m
  kubernetesVersion: 1.35
  actions:
  - at: 10s
  - at: 20s
    node: {{ready: false}}
    exec: {{container: app, command: [sh]}}
  - exec: {{container: app, command: x}}
  - at: soon
    setImage: {{container: app, image: nginx}}
  - at: 6m
    node: {{ready: true}}
  - at: 1s
    setCondition: {{type: a, status: Maybe}}
  - at: 2s
    exec: {{container: nope, command: x}}
"
    );
    assert_eq!(
        shown(&text),
        vec![
            "14:22: spec.kubernetesVersion: Invalid value: 1.35: expected a string",
            "16:5: spec.actions[0]: Required value: must specify one of: exec, apply, delete, node, setCondition, nodeFile, debug, setImage",
            "18:5: spec.actions[1].node: Forbidden: may not specify more than 1 action",
            "20:5: spec.actions[2].at: Required value",
            "21:5: spec.actions[3].at: Invalid value: \"soon\": must be a duration such as 90s, 2m or 1h30m",
            "23:5: spec.actions[4].at: after the horizon (300000 ms); this action never runs",
            "26:29: spec.actions[5].setCondition.status: Unsupported value: \"Maybe\": supported values: \"True\", \"False\", \"Unknown\"",
            "28:12: spec.actions[6].exec.container: Not found: \"nope\"",
        ]
    );
}

#[test]
fn durations() {
    use lifecycle::scenario::parse_duration_ms as d;
    assert_eq!(d("90s"), Some(90_000));
    assert_eq!(d("2m"), Some(120_000));
    assert_eq!(d("1h30m"), Some(5_400_000));
    assert_eq!(d("1.5s"), Some(1_500));
    assert_eq!(d("250ms"), Some(250));
    assert_eq!(d("0"), Some(0));
    assert_eq!(d(""), None);
    assert_eq!(d("5"), None);
    assert_eq!(d("5x"), None);
    assert_eq!(d("-5s"), None);
}

#[test]
fn empty_text_is_a_clear_error() {
    for text in ["", "   \n", "# just a comment\n", "---\n"] {
        assert_eq!(
            shown(text),
            vec!["1:1: the text is empty: paste a Pod manifest (apiVersion: v1, kind: Pod)"]
        );
    }
}

#[test]
fn missing_pod_is_one_error() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n";
    assert_eq!(
        shown(text),
        vec!["1:1: no Pod found: podlife needs one document with apiVersion: v1 and kind: Pod"]
    );
}

#[test]
fn a_second_pod_is_an_error_on_the_second() {
    let text = format!("{POD}---\n{POD}");
    assert_eq!(
        shown(&text),
        vec!["10:1: a second Pod: podlife simulates one Pod per text (the first is at line 1)"]
    );
}

#[test]
fn unknown_kind_and_api_version() {
    assert_eq!(
        shown("apiVersion: apps/v1\nkind: Deployment\n"),
        vec![
            "2:1: kind: Unsupported value: \"Deployment\": supported values: \"Pod\", \"Service\", \"Scenario\", \"List\"",
        ]
    );
    let text = POD.replace("apiVersion: v1", "apiVersion: apps/v1");
    assert_eq!(
        shown(&text)[0],
        "1:1: apiVersion: no matches for kind \"Pod\" in version \"apps/v1\" (podlife reads Pod in v1)"
    );
    assert_eq!(
        shown("metadata: {name: x}\n"),
        vec![
            "1:1: kind: Required value: Object 'Kind' is missing; supported kinds: \"Pod\", \"Service\", \"Scenario\", \"List\"",
        ]
    );
}

#[test]
fn a_scalar_document_is_explained() {
    assert_eq!(
        shown("hello\n"),
        vec!["1:1: Invalid value: \"hello\": expected an object with apiVersion and kind"]
    );
}

#[test]
fn syntax_errors_surface_without_a_missing_pod_error() {
    let l = load(include_str!("../../../tests/fixtures/load/pod-tabs.yaml"));
    assert!(l.pod.is_none());
    assert_eq!(l.diagnostics.len(), 1);
    assert_eq!(l.diagnostics[0].severity, Severity::Error);
}

#[test]
fn diagnostics_are_sorted_by_position() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  restartPolicy: Sometimes\n  containers:\n  - name: App\n    image: nginx\n";
    let l = load(text);
    let positions: Vec<Pos> = l.diagnostics.iter().filter_map(|d| d.pos).collect();
    let mut sorted = positions.clone();
    lifecycle::sort::ascending(&mut sorted);
    assert_eq!(positions, sorted);
    // …while `validation` keeps the apiserver's discovery order.
    let order: Vec<&str> = l.validation.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(order, vec!["metadata.name", "spec.containers[0].name", "spec.restartPolicy"]);
}

#[test]
fn deep_nesting_inside_untyped_fields_decodes_without_trouble() {
    let depth = 95;
    let value = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let text = format!("{POD}    securityContext: {{x: {value}}}\n");
    let l = load(&text);
    assert_eq!(l.diagnostics, vec![]);
    assert!(l.pod.unwrap().spec.containers[0].security_context.is_some());
}

#[test]
fn an_unknown_key_that_needs_escaping_prints_its_path_once() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  'we\"ird': 1\nspec:\n  containers:\n  - {name: a, image: nginx}\n";
    assert_eq!(shown(text), vec!["5:3: unknown field \"metadata.we\\\"ird\""]);
}

#[test]
fn numbers_beyond_int32_are_refused_at_decode_time_in_gos_words() {
    // The apiserver decodes before it validates: an int32 field that cannot hold the number fails
    // there, with encoding/json's message (the YAML is JSON by then, so 1e18 reads as an integer).
    let text = format!(
        "{POD}    livenessProbe:\n      exec: {{command: [\"true\"]}}\n      periodSeconds: 3000000000\n      timeoutSeconds: 1e18\n      failureThreshold: -2147483649\n    ports:\n    - containerPort: 1e30\n  initContainers:\n  - name: init\n    image: busybox\n    startupProbe:\n      exec: {{command: [\"true\"]}}\n      initialDelaySeconds: 2147483648\n      terminationGracePeriodSeconds: 3000000000\n"
    );
    assert_eq!(
        shown(&text),
        vec![
            "11:22: json: cannot unmarshal number 3000000000 into Go struct field Probe.spec.containers.livenessProbe.periodSeconds of type int32",
            "12:23: json: cannot unmarshal number 1000000000000000000 into Go struct field Probe.spec.containers.livenessProbe.timeoutSeconds of type int32",
            "13:25: json: cannot unmarshal number -2147483649 into Go struct field Probe.spec.containers.livenessProbe.failureThreshold of type int32",
            "15:22: json: cannot unmarshal number 1e+30 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32",
            "21:28: json: cannot unmarshal number 2147483648 into Go struct field Probe.spec.initContainers.startupProbe.initialDelaySeconds of type int32",
        ]
    );
    let loaded = load(&text);
    // Decoding failed, so nothing is validated or simulated with a wrapped-around value.
    assert!(loaded.validation.is_empty());
    assert!(loaded.has_errors());
    // The int32 limits themselves are accepted (and then validated as usual).
    let edge = format!(
        "{POD}    readinessProbe:\n      exec: {{command: [\"true\"]}}\n      periodSeconds: 2147483647\n"
    );
    assert_eq!(shown(&edge), Vec::<String>::new());
}

#[test]
fn floats_beyond_int32_print_as_go_json_writes_them() {
    for (yaml, go) in [
        ("1.5e30", "1.5e+30"),
        ("-2e21", "-2e+21"),
        ("123456789e20", "1.23456789e+28"),
        ("4e9", "4000000000"),
    ] {
        let text = format!(
            "{POD}    livenessProbe:\n      exec: {{command: [\"true\"]}}\n      periodSeconds: {yaml}\n"
        );
        assert_eq!(
            shown(&text),
            vec![format!("11:22: json: cannot unmarshal number {go} into Go struct field Probe.spec.containers.livenessProbe.periodSeconds of type int32")],
            "{yaml}"
        );
    }
}
