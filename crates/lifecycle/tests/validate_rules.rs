//! One test per apiserver validation rule: exact message bodies and the line:col they point at.
#![allow(clippy::unwrap_used)]

use lifecycle::validate::invalid_message;
use lifecycle::{load, Diagnostic, Severity};

/// Lines 1–5 are the header below; the body starts on line 6.
fn pod(body: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n{body}")
}

/// All diagnostics of a pod with this spec body, as `LINE:COL: path: message`.
fn v(body: &str) -> Vec<String> {
    load(&pod(body)).diagnostics.iter().map(Diagnostic::to_string).collect()
}

const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

#[test]
fn containers_required() {
    assert_eq!(v("  containers: []\n"), vec!["6:3: spec.containers: Required value"]);
    assert_eq!(v("  restartPolicy: Never\n"), vec!["5:1: spec.containers: Required value"]);
}

#[test]
fn container_name_required_points_at_the_container() {
    assert_eq!(v("  containers:\n  - image: nginx\n"), vec!["7:5: spec.containers[0].name: Required value"]);
}

#[test]
fn container_name_must_be_a_dns_label() {
    assert_eq!(
        v("  containers:\n  - name: My_App\n    image: nginx\n"),
        vec![format!("7:5: spec.containers[0].name: Invalid value: \"My_App\": {LABEL_MSG}")]
    );
}

#[test]
fn container_name_at_most_63_characters() {
    let name = "a".repeat(64);
    assert_eq!(
        v(&format!("  containers:\n  - name: {name}\n    image: nginx\n")),
        vec![format!(
            "7:5: spec.containers[0].name: Invalid value: \"{name}\": must be no more than 63 characters"
        )]
    );
}

#[test]
fn container_names_are_unique_across_all_lists() {
    let body = "  initContainers:
  - name: app
    image: busybox
  containers:
  - name: app
    image: nginx
  - name: app
    image: nginx
";
    assert_eq!(
        v(body),
        vec![
            "7:5: spec.initContainers[0].name: Duplicate value: \"app\"",
            "12:5: spec.containers[1].name: Duplicate value: \"app\"",
        ]
    );
}

#[test]
fn image_required_and_whitespace() {
    assert_eq!(
        v("  containers:\n  - name: a\n  - name: b\n    image: ' nginx'\n"),
        vec![
            "7:5: spec.containers[0].image: Required value",
            "9:5: spec.containers[1].image: Invalid value: \" nginx\": must not have leading or trailing whitespace",
        ]
    );
}

#[test]
fn image_pull_policy_enum() {
    assert_eq!(
        v("  containers:\n  - name: a\n    image: nginx\n    imagePullPolicy: Sometimes\n"),
        vec!["9:5: spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""]
    );
}

#[test]
fn pod_restart_policy_enum() {
    assert_eq!(
        v("  restartPolicy: Sometimes\n  containers: [{name: a, image: nginx}]\n"),
        vec!["6:3: spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""]
    );
}

#[test]
fn container_restart_policy() {
    let body = "  initContainers:
  - name: i1
    image: busybox
    restartPolicy: OnFailure
  - name: i2
    image: busybox
    restartPolicy: Never
    restartPolicyRules: [{action: Restart, exitCodes: {operator: In, values: [42]}}]
  containers:
  - name: a
    image: nginx
    restartPolicy: Sometimes
  - name: b
    image: nginx
    restartPolicy: OnFailure
";
    assert_eq!(
        v(body),
        vec![
            "9:5: spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
            "17:5: spec.containers[0].restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
        ]
    );
}

#[test]
fn restart_policy_rules_shape() {
    let body = "  containers:
  - name: a
    image: nginx
    restartPolicy: Never
    restartPolicyRules:
    - action: Explode
      exitCodes: {operator: Maybe, values: []}
    - action: Restart
";
    assert_eq!(
        v(body),
        vec![
            "11:7: spec.containers[0].restartPolicyRules[0].action: Unsupported value: \"Explode\": supported values: \"Restart\"",
            "12:19: spec.containers[0].restartPolicyRules[0].exitCodes.operator: Unsupported value: \"Maybe\": supported values: \"In\", \"NotIn\"",
            "12:36: spec.containers[0].restartPolicyRules[0].exitCodes.values: Required value",
            "13:7: spec.containers[0].restartPolicyRules[1].exitCodes: Required value",
        ]
    );
}

#[test]
fn probe_needs_exactly_one_handler() {
    let body = "  containers:
  - name: a
    image: nginx
    livenessProbe:
      periodSeconds: 5
    readinessProbe:
      exec: {command: [cat, /tmp/ready]}
      httpGet: {port: 80}
      tcpSocket: {port: 80}
    startupProbe:
      exec: {}
";
    assert_eq!(
        v(body),
        vec![
            "9:5: spec.containers[0].livenessProbe: Required value: must specify a handler type",
            "13:7: spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
            "14:7: spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
            "16:7: spec.containers[0].startupProbe.exec.command: Required value",
        ]
    );
}

#[test]
fn liveness_and_startup_success_threshold_must_be_1() {
    let body = "  containers:
  - name: a
    image: nginx
    livenessProbe:
      tcpSocket: {port: 80}
      successThreshold: 3
    startupProbe:
      tcpSocket: {port: 80}
      successThreshold: 2
    readinessProbe:
      tcpSocket: {port: 80}
      successThreshold: 2
";
    assert_eq!(
        v(body),
        vec![
            "11:7: spec.containers[0].livenessProbe.successThreshold: Invalid value: 3: must be 1",
            "14:7: spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1",
        ]
    );
}

#[test]
fn probe_timing_fields_are_non_negative() {
    let body = "  containers:
  - name: a
    image: nginx
    readinessProbe:
      tcpSocket: {port: 80}
      initialDelaySeconds: -1
      timeoutSeconds: -2
      periodSeconds: -3
      failureThreshold: -4
";
    assert_eq!(
        v(body),
        vec![
            "11:7: spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
            "12:7: spec.containers[0].readinessProbe.timeoutSeconds: Invalid value: -2: must be greater than or equal to 0",
            "13:7: spec.containers[0].readinessProbe.periodSeconds: Invalid value: -3: must be greater than or equal to 0",
            "14:7: spec.containers[0].readinessProbe.failureThreshold: Invalid value: -4: must be greater than or equal to 0",
        ]
    );
}

#[test]
fn probe_termination_grace_period() {
    let body = "  containers:
  - name: a
    image: nginx
    livenessProbe:
      tcpSocket: {port: 80}
      terminationGracePeriodSeconds: 0
    readinessProbe:
      tcpSocket: {port: 80}
      terminationGracePeriodSeconds: 10
";
    assert_eq!(
        v(body),
        vec![
            "11:7: spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0",
            "14:7: spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes",
        ]
    );
}

#[test]
fn probe_ports_and_port_names() {
    let body = "  containers:
  - name: a
    image: nginx
    livenessProbe:
      httpGet: {port: 70000, scheme: FTP}
    readinessProbe:
      tcpSocket: {port: -web--port-}
    startupProbe:
      grpc: {port: 0}
";
    assert_eq!(
        v(body),
        vec![
            "10:17: spec.containers[0].livenessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "10:30: spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported values: \"HTTP\", \"HTTPS\"",
            "12:19: spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: \"-web--port-\": must not contain consecutive hyphens",
            "12:19: spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: \"-web--port-\": must not begin or end with a hyphen",
            "14:14: spec.containers[0].startupProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive",
        ]
    );
}

#[test]
fn iana_port_name_rules() {
    use lifecycle::validate::port_name;
    assert_eq!(port_name("http"), Vec::<String>::new());
    assert_eq!(port_name("a-very-long-port-name"), vec!["must be no more than 15 characters"]);
    assert_eq!(
        port_name("HTTP"),
        vec![
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "must contain at least one letter (a-z)"
        ]
    );
    assert_eq!(port_name("8080"), vec!["must contain at least one letter (a-z)"]);
    assert_eq!(port_name("web--1"), vec!["must not contain consecutive hyphens"]);
    assert_eq!(port_name("-web"), vec!["must not begin or end with a hyphen"]);
}

#[test]
fn init_containers_without_restart_always_may_not_have_probes_or_hooks() {
    let body = "  initContainers:
  - name: init
    image: busybox
    lifecycle: {postStart: {exec: {command: [echo]}}}
    livenessProbe: {exec: {command: [echo]}}
    readinessProbe: {exec: {command: [echo]}}
    startupProbe: {exec: {command: [echo]}}
  - name: sidecar
    image: busybox
    restartPolicy: Always
    startupProbe: {exec: {command: [echo]}}
  containers: [{name: a, image: nginx}]
";
    let forbidden = "Forbidden: may not be set for init containers without restartPolicy=Always";
    assert_eq!(
        v(body),
        vec![
            format!("9:5: spec.initContainers[0].lifecycle: {forbidden}"),
            format!("10:5: spec.initContainers[0].livenessProbe: {forbidden}"),
            format!("11:5: spec.initContainers[0].readinessProbe: {forbidden}"),
            format!("12:5: spec.initContainers[0].startupProbe: {forbidden}"),
        ]
    );
}

#[test]
fn the_observed_kubectl_message() {
    let text = pod("  initContainers:\n  - name: init\n    startupProbe: {exec: {command: [echo]}}\n  containers: [{name: a, image: nginx}]\n");
    let l = load(&text);
    assert_eq!(
        invalid_message("Pod", "x", &l.validation),
        "The Pod \"x\" is invalid: [spec.initContainers[0].image: Required value, spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always]"
    );
}

#[test]
fn container_ports() {
    let body = "  containers:
  - name: a
    image: nginx
    ports:
    - {name: http, containerPort: 70000, hostPort: 70000, protocol: ICMP}
    - {name: http, containerPort: 0}
    - {name: Bad_Name, containerPort: 81}
";
    assert_eq!(
        v(body),
        vec![
            "10:20: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "10:42: spec.containers[0].ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "10:59: spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            "11:8: spec.containers[0].ports[1].name: Duplicate value: \"http\"",
            "11:20: spec.containers[0].ports[1].containerPort: Required value",
            "12:8: spec.containers[0].ports[2].name: Invalid value: \"Bad_Name\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        ]
    );
}

#[test]
fn host_ports_are_unique_across_containers() {
    let body = "  containers:
  - name: a
    image: nginx
    ports: [{containerPort: 80, hostPort: 8080}]
  - name: b
    image: nginx
    ports: [{containerPort: 81, hostPort: 8080}]
";
    assert_eq!(v(body), vec!["12:33: spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""]);
}

#[test]
fn named_probe_ports_that_do_not_exist_are_a_podlife_warning_only() {
    let body = "  containers:
  - name: a
    image: nginx
    ports: [{name: web, containerPort: 80}]
    readinessProbe:
      httpGet: {port: http}
    livenessProbe:
      httpGet: {port: web}
";
    let l = load(&pod(body));
    assert!(l.validation.is_empty());
    assert_eq!(l.diagnostics.len(), 1);
    assert_eq!(l.diagnostics[0].severity, Severity::Warning);
    assert_eq!(
        l.diagnostics[0].to_string(),
        "11:17: spec.containers[0].readinessProbe.httpGet.port: Not found: \"http\": no port of this container has that name; the apiserver accepts it, but the kubelet cannot resolve it and the check fails"
    );
    // podlife's explanation is a phrase the page translates; the apiserver-shaped part is its argument.
    assert_eq!(
        l.diagnostics[0].phrase,
        Some(lifecycle::Phrase::new(lifecycle::Key::UnresolvedPortName, ["Not found: \"http\""]))
    );
    // Plain apiserver messages carry none.
    let d = load(&pod("  containers: [{name: A, image: nginx}]\n")).diagnostics;
    assert!(!d.is_empty() && d.iter().all(|d| d.phrase.is_none()), "{d:?}");
}

#[test]
fn active_deadline_seconds_range() {
    assert_eq!(
        v("  activeDeadlineSeconds: 0\n  containers: [{name: a, image: nginx}]\n"),
        vec![
            "6:3: spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"
        ]
    );
    assert_eq!(
        v("  activeDeadlineSeconds: 2147483647\n  containers: [{name: a, image: nginx}]\n"),
        Vec::<String>::new()
    );
}

#[test]
fn lifecycle_sleep_bounds_and_handlers() {
    let body = "  containers:
  - name: a
    image: nginx
    lifecycle:
      postStart: {}
      preStop:
        sleep: {seconds: 31}
  - name: b
    image: nginx
    lifecycle:
      preStop:
        sleep: {seconds: 30}
        exec: {command: [echo]}
";
    assert_eq!(
        v(body),
        vec![
            "10:7: spec.containers[0].lifecycle.postStart: Required value: must specify a handler type",
            "12:9: spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and less than terminationGracePeriodSeconds (30)",
            "17:9: spec.containers[1].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type",
        ]
    );
    // Zero is allowed (PodLifecycleSleepActionAllowZero) and the bound follows the pod's grace period.
    let body = "  terminationGracePeriodSeconds: 5\n  containers:\n  - name: a\n    image: nginx\n    lifecycle: {preStop: {sleep: {seconds: 6}}, postStart: {sleep: {seconds: 0}}}\n";
    assert_eq!(
        v(body),
        vec!["10:27: spec.containers[0].lifecycle.preStop.sleep: Invalid value: 6: must be non-negative and less than terminationGracePeriodSeconds (5)"]
    );
}

#[test]
fn termination_message_policy() {
    assert_eq!(
        v("  containers:\n  - name: a\n    image: nginx\n    terminationMessagePolicy: X\n"),
        vec!["9:5: spec.containers[0].terminationMessagePolicy: Invalid value: \"X\": must be 'File' or 'FallbackToLogsOnError'"]
    );
}

#[test]
fn readiness_gates_are_qualified_names() {
    let body = "  readinessGates:\n  - conditionType: www.example.com/feature-1\n  - conditionType: bad gate\n  - conditionType: a/b/c\n  containers: [{name: a, image: nginx}]\n";
    assert_eq!(
        v(body),
        vec![
            "8:5: spec.readinessGates[1].conditionType: Invalid value: \"bad gate\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "9:5: spec.readinessGates[2].conditionType: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
        ]
    );
}

#[test]
fn dns_policy_enum() {
    assert_eq!(
        v("  dnsPolicy: Google\n  containers: [{name: a, image: nginx}]\n"),
        vec!["6:3: spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""]
    );
}

#[test]
fn volumes_and_mounts() {
    let body = "  volumes:
  - name: Data
  - name: cache
    emptyDir: {}
    hostPath: {path: /tmp}
  - name: cache
  containers:
  - name: a
    image: nginx
    volumeMounts:
    - {name: data, mountPath: /data}
    - {name: cache}
";
    assert_eq!(
        v(body),
        vec![
            format!("7:5: spec.volumes[0].name: Invalid value: \"Data\": {LABEL_MSG}"),
            "10:5: spec.volumes[1].hostPath: Forbidden: may not specify more than 1 volume type".to_string(),
            "16:8: spec.containers[0].volumeMounts[0].name: Not found: \"data\"".to_string(),
            "17:7: spec.containers[0].volumeMounts[1].mountPath: Required value".to_string(),
        ]
    );
}

#[test]
fn duplicate_volume_names() {
    let body = "  volumes: [{name: v}, {name: v}]\n  containers: [{name: a, image: nginx}]\n";
    assert_eq!(v(body), vec!["6:25: spec.volumes[1].name: Duplicate value: \"v\""]);
}

#[test]
fn pod_name_and_labels() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Web_1\n  labels:\n    app: web\n    bad key: -x-\nspec:\n  containers: [{name: a, image: nginx}]\n";
    let shown: Vec<String> = load(text).diagnostics.iter().map(Diagnostic::to_string).collect();
    assert_eq!(
        shown,
        vec![
            "4:3: metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            "7:5: metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "7:5: metadata.labels: Invalid value: \"-x-\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ]
    );
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {}\nspec:\n  containers: [{name: a, image: nginx}]\n";
    let shown: Vec<String> = load(text).diagnostics.iter().map(Diagnostic::to_string).collect();
    assert_eq!(shown, vec!["3:1: metadata.name: Required value: name or generateName is required"]);
}

#[test]
fn env_names_and_value_from() {
    let body = "  containers:
  - name: a
    image: nginx
    env:
    - {name: A=B, value: x}
    - {value: x}
    - {name: C, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
";
    assert_eq!(
        v(body),
        vec![
            "10:8: spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
            "11:7: spec.containers[0].env[1].name: Required value",
            "12:27: spec.containers[0].env[2].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
        ]
    );
}

#[test]
fn ephemeral_containers() {
    let body = "  containers: [{name: a, image: nginx}]
  ephemeralContainers:
  - name: debug
    image: busybox
    targetContainerName: nope
    ports: [{containerPort: 80}]
";
    let l = load(&pod(body));
    let shown: Vec<String> = l.diagnostics.iter().map(Diagnostic::to_string).collect();
    assert_eq!(
        shown,
        vec![
            "7:3: spec.ephemeralContainers: Forbidden: cannot be set on create (podlife starts them as if added by kubectl debug)",
            "10:5: spec.ephemeralContainers[0].targetContainerName: Not found: \"nope\"",
            "11:5: spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container",
        ]
    );
    assert_eq!(l.diagnostics[0].severity, Severity::Warning);
}

#[test]
fn invalid_message_forms() {
    let e = |path: &str, m: &str| Diagnostic::error(path, None, m);
    assert_eq!(
        invalid_message("Pod", "x", &[e("spec.containers", "Required value")]),
        "The Pod \"x\" is invalid: spec.containers: Required value"
    );
    let many = [
        e("a", "Required value"),
        e("b", "Forbidden: no"),
        e("a", "Required value"),
        Diagnostic::warning("c", None, "ignored"),
    ];
    assert_eq!(
        invalid_message("Pod", "x", &many),
        "The Pod \"x\" is invalid: [a: Required value, b: Forbidden: no]"
    );
}

#[test]
fn a_realistic_valid_pod_has_no_diagnostics() {
    let body = "  restartPolicy: OnFailure
  terminationGracePeriodSeconds: 45
  activeDeadlineSeconds: 600
  readinessGates: [{conditionType: www.example.com/feature-1}]
  volumes:
  - name: data
    emptyDir: {}
  - name: cfg
    configMap: {name: app-config}
  initContainers:
  - name: migrate
    image: busybox:1.36
    command: [sh, -c, 'echo done']
  - name: proxy
    image: envoyproxy/envoy:v1.30
    restartPolicy: Always
    startupProbe: {tcpSocket: {port: 9901}, periodSeconds: 1, failureThreshold: 30}
  containers:
  - name: app
    image: registry.example:5000/team/app@sha256:0123
    ports: [{name: http, containerPort: 8080}, {containerPort: 9090, protocol: UDP}]
    env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
    volumeMounts: [{name: data, mountPath: /data}, {name: cfg, mountPath: /etc/app, readOnly: true}]
    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
    livenessProbe: {httpGet: {path: /healthz, port: http}, initialDelaySeconds: 5, terminationGracePeriodSeconds: 10}
    readinessProbe: {grpc: {port: 9090}}
    lifecycle: {preStop: {sleep: {seconds: 45}}, postStart: {httpGet: {port: 8080, httpHeaders: [{name: X-Probe, value: '1'}]}}}
";
    assert_eq!(v(body), Vec::<String>::new());
}
