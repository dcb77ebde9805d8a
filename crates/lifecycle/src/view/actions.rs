//! Appending a timed action to the Scenario document of the text, as a user at the playhead would
//! write it: the Pod stays untouched, the Scenario is created when absent, and the new action goes at
//! the end of `spec.actions` (the engine orders actions by time).

use crate::scenario::API_VERSION;

/// An action to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewAction {
    /// `kubectl exec POD -c CONTAINER -- sh -c COMMAND`.
    Exec {
        /// Target container.
        container: String,
        /// Shell command.
        command: String,
    },
    /// `kubectl delete pod [--grace-period=N]`.
    DeletePod {
        /// Grace period; the pod's own when `None`.
        grace_seconds: Option<i64>,
    },
    /// `kubectl apply` of a Service with one port.
    ApplyService {
        /// Service name.
        name: String,
        /// Port.
        port: i64,
    },
    /// `kubectl delete service NAME`.
    DeleteService {
        /// Service name.
        name: String,
    },
    /// Patch a pod condition (a readiness gate).
    SetCondition {
        /// Condition type.
        type_: String,
        /// True | False | Unknown.
        status: String,
    },
    /// The node stops (false) or resumes (true) reporting.
    Node {
        /// Ready or not.
        ready: bool,
    },
    /// `kubectl debug -it POD --image=IMAGE --target=TARGET -- sh -c COMMAND`.
    Debug {
        /// Ephemeral container name.
        name: String,
        /// Image.
        image: String,
        /// Target container.
        target: String,
        /// Shell command.
        command: String,
    },
    /// `kubectl set image pod/POD CONTAINER=IMAGE`.
    SetImage {
        /// Container.
        container: String,
        /// New image.
        image: String,
    },
}

/// A Go-style duration the Scenario accepts: `0s`, `95s`, `2m`, `1m35s`, `1h30m`, `95.25s`.
pub fn duration_text(ms: i64) -> String {
    let ms = ms.max(0);
    if ms == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    let h = ms / 3_600_000;
    let m = ms % 3_600_000 / 60_000;
    let s = ms % 60_000;
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 {
        out.push_str(&super::secs(s));
    }
    out
}

/// `s` as a YAML scalar: plain when unambiguous, else double-quoted.
pub fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        return s.to_string();
    }
    let mut o = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// The action as one flow mapping: `{at: 95s, exec: {container: app, command: "rm -f /tmp/healthy"}}`.
pub fn action_item(at_ms: i64, action: &NewAction) -> String {
    let verb = match action {
        NewAction::Exec { container, command } => {
            format!("exec: {{container: {}, command: {}}}", scalar(container), scalar(command))
        }
        NewAction::DeletePod { grace_seconds: Some(g) } => {
            format!("delete: {{kind: Pod, gracePeriodSeconds: {g}}}")
        }
        NewAction::DeletePod { grace_seconds: None } => "delete: {kind: Pod}".to_string(),
        NewAction::ApplyService { name, port } => format!(
            "apply: {{apiVersion: v1, kind: Service, metadata: {{name: {}}}, spec: {{ports: [{{port: {port}}}]}}}}",
            scalar(name)
        ),
        NewAction::DeleteService { name } => format!("delete: {{kind: Service, name: {}}}", scalar(name)),
        NewAction::SetCondition { type_, status } => {
            format!("setCondition: {{type: {}, status: \"{}\"}}", scalar(type_), status.replace('"', ""))
        }
        NewAction::Node { ready } => format!("node: {{ready: {ready}}}"),
        NewAction::Debug { name, image, target, command } => format!(
            "debug: {{name: {}, image: {}, target: {}, command: {}}}",
            scalar(name),
            scalar(image),
            scalar(target),
            scalar(command)
        ),
        NewAction::SetImage { container, image } => {
            format!("setImage: {{container: {}, image: {}}}", scalar(container), scalar(image))
        }
    };
    format!("{{at: {}, {verb}}}", duration_text(at_ms))
}

/// Why an action could not be appended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AppendError {
    /// `spec` or `spec.actions` of the Scenario is written in flow style (`{…}` / `[…]`), which a
    /// line edit cannot extend safely.
    FlowStyle,
}

impl std::fmt::Display for AppendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppendError::FlowStyle => f.write_str(
                "the Scenario's spec or actions are written inline ({…} or […]); add the action by hand",
            ),
        }
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

fn is_doc_separator(line: &str) -> bool {
    line == "---" || line.starts_with("--- ") || line.starts_with("---\t") || line == "..."
}

/// `key:` at exactly `ind` spaces; returns what follows the colon (trimmed, comments dropped).
fn key_rest<'a>(line: &'a str, ind: usize, key: &str) -> Option<&'a str> {
    if indent(line) != ind {
        return None;
    }
    let rest = line[ind..].strip_prefix(key)?.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let rest = rest.trim();
    Some(if rest.starts_with('#') { "" } else { rest })
}

/// Appends the action at `at_ms` to the Scenario document of `text` (creating the document, `spec` or
/// `spec.actions` as needed) and returns the new text. Everything else is kept byte for byte.
pub fn append_action(text: &str, at_ms: i64, action: &NewAction) -> Result<String, AppendError> {
    let item = action_item(at_ms, action);
    let lines: Vec<&str> = text.split('\n').collect();

    let Some((a, b)) = scenario_document(&lines) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!(
            "---\napiVersion: {API_VERSION}\nkind: Scenario\nspec:\n  actions:\n  - {item}\n"
        ));
        return Ok(out);
    };

    let last_content = |from: usize, to: usize| -> Option<usize> {
        (from..to).rev().find(|&i| !is_blank_or_comment(lines[i]))
    };
    let insert_after = |at: usize, new: &[String]| -> String {
        let mut v: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        for (k, l) in new.iter().enumerate() {
            v.insert(at + 1 + k, l.clone());
        }
        v.join("\n")
    };

    let spec = (a..b).find(|&i| key_rest(lines[i], 0, "spec").is_some());
    let Some(spec) = spec else {
        let at = last_content(a, b).unwrap_or(a);
        return Ok(insert_after(at, &["spec:".to_string(), "  actions:".to_string(), format!("  - {item}")]));
    };
    let spec_rest = key_rest(lines[spec], 0, "spec").unwrap_or("");
    if spec_rest == "{}" {
        let mut v: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        v[spec] = "spec:".to_string();
        v.insert(spec + 1, "  actions:".to_string());
        v.insert(spec + 2, format!("  - {item}"));
        return Ok(v.join("\n"));
    }
    if !spec_rest.is_empty() {
        return Err(AppendError::FlowStyle);
    }
    // The spec block: until the next line at column 0.
    let spec_end =
        (spec + 1..b).find(|&i| !is_blank_or_comment(lines[i]) && indent(lines[i]) == 0).unwrap_or(b);
    let child =
        (spec + 1..spec_end).find(|&i| !is_blank_or_comment(lines[i])).map_or(2, |i| indent(lines[i]).max(1));
    let pad = " ".repeat(child);
    let actions = (spec + 1..spec_end).find(|&i| key_rest(lines[i], child, "actions").is_some());
    let Some(act) = actions else {
        let at = last_content(spec, spec_end).unwrap_or(spec);
        return Ok(insert_after(at, &[format!("{pad}actions:"), format!("{pad}- {item}")]));
    };
    let rest = key_rest(lines[act], child, "actions").unwrap_or("");
    if rest == "[]" {
        let mut v: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        v[act] = format!("{pad}actions:");
        v.insert(act + 1, format!("{pad}- {item}"));
        return Ok(v.join("\n"));
    }
    if !rest.is_empty() {
        return Err(AppendError::FlowStyle);
    }
    // The list: lines indented deeper than the key, or `- ` items at the key's own indent.
    let mut end = act;
    let mut item_indent: Option<usize> = None;
    for (i, l) in lines.iter().enumerate().take(spec_end).skip(act + 1) {
        if is_blank_or_comment(l) {
            continue;
        }
        let ind = indent(l);
        let is_item = l[ind..].starts_with("- ") || l[ind..].trim_end() == "-";
        if ind > child || (ind == child && is_item) {
            if is_item && item_indent.is_none() {
                item_indent = Some(ind);
            }
            end = i;
        } else {
            break;
        }
    }
    let item_pad = " ".repeat(item_indent.unwrap_or(child));
    Ok(insert_after(end, &[format!("{item_pad}- {item}")]))
}

/// The line range `[a, b)` of the first document of `lines` that is a Scenario (documents are split
/// at `---` separators).
fn scenario_document<S: AsRef<str>>(lines: &[S]) -> Option<(usize, usize)> {
    let mut docs: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, l) in lines.iter().enumerate() {
        if is_doc_separator(l.as_ref().trim_end()) {
            docs.push((start, i));
            start = i + 1;
        }
    }
    docs.push((start, lines.len()));
    docs.into_iter()
        .find(|&(a, b)| lines[a..b].iter().any(|l| key_rest(l.as_ref(), 0, "kind") == Some("Scenario")))
}

/// Sets `spec.kubernetesVersion` of the Scenario document of `text` to `version` (quoted, so `1.30`
/// stays a string), creating the document or `spec` as needed; everything else is kept byte for byte.
pub fn set_kubernetes_version(text: &str, version: &str) -> Result<String, AppendError> {
    let value = format!("kubernetesVersion: \"{version}\"");
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let Some((a, b)) = scenario_document(&lines) else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("---\napiVersion: {API_VERSION}\nkind: Scenario\nspec:\n  {value}\n"));
        return Ok(out);
    };
    let Some(spec) = (a..b).find(|&i| key_rest(&lines[i], 0, "spec").is_some()) else {
        let at = (a..b).rev().find(|&i| !is_blank_or_comment(&lines[i])).unwrap_or(a);
        lines.insert(at + 1, "spec:".to_string());
        lines.insert(at + 2, format!("  {value}"));
        return Ok(lines.join("\n"));
    };
    match key_rest(&lines[spec], 0, "spec").unwrap_or("") {
        "" => {}
        "{}" => {
            lines[spec] = "spec:".to_string();
            lines.insert(spec + 1, format!("  {value}"));
            return Ok(lines.join("\n"));
        }
        _ => return Err(AppendError::FlowStyle),
    }
    let spec_end =
        (spec + 1..b).find(|&i| !is_blank_or_comment(&lines[i]) && indent(&lines[i]) == 0).unwrap_or(b);
    let child = (spec + 1..spec_end)
        .find(|&i| !is_blank_or_comment(&lines[i]))
        .map_or(2, |i| indent(&lines[i]).max(1));
    let pad = " ".repeat(child);
    match (spec + 1..spec_end).find(|&i| key_rest(&lines[i], child, "kubernetesVersion").is_some()) {
        Some(i) => lines[i] = format!("{pad}{value}"),
        None => lines.insert(spec + 1, format!("{pad}{value}")),
    }
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Verb;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n";

    fn exec(cmd: &str) -> NewAction {
        NewAction::Exec { container: "app".into(), command: cmd.into() }
    }

    /// The actions the core reads back from `text`, as (at_ms, verb).
    fn actions(text: &str) -> Vec<(u64, Verb)> {
        let loaded = crate::load(text);
        assert!(!loaded.has_errors(), "{text}\n{:?}", loaded.diagnostics);
        loaded
            .scenario
            .map(|s| s.actions.into_iter().map(|a| (a.at_ms, a.verb)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn durations_and_scalars() {
        assert_eq!(duration_text(0), "0s");
        assert_eq!(duration_text(95_000), "1m35s");
        assert_eq!(duration_text(30_000), "30s");
        assert_eq!(duration_text(5_400_000), "1h30m");
        assert_eq!(duration_text(95_250), "1m35.25s");
        for ms in [1, 999, 95_250, 3_600_001] {
            assert_eq!(crate::scenario::parse_duration_ms(&duration_text(ms)), Some(ms as u64));
        }
        assert_eq!(scalar("app"), "app");
        assert_eq!(scalar("rm -f /tmp/healthy"), "\"rm -f /tmp/healthy\"");
        assert_eq!(scalar("True"), "\"True\"");
        assert_eq!(scalar("nginx:1.28"), "\"nginx:1.28\"");
        assert_eq!(scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn creates_the_scenario_when_absent() {
        let out = append_action(POD, 95_000, &exec("rm -f /tmp/healthy")).unwrap_or_default();
        assert!(out.starts_with(POD));
        assert!(out.ends_with(
            "---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  actions:\n  - {at: 1m35s, exec: {container: app, command: \"rm -f /tmp/healthy\"}}\n"
        ));
        let got = actions(&out);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 95_000);
        // Without a trailing newline, the separator still starts its own line.
        let out = append_action(POD.trim_end(), 1_000, &NewAction::Node { ready: false }).unwrap_or_default();
        assert_eq!(actions(&out).len(), 1);
    }

    #[test]
    fn appends_after_the_last_action_keeping_everything_else() {
        let text = format!(
            "{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  seed: 3\n  actions:\n  - at: 10s\n    exec:\n      container: app\n      command: \"true\"\n  # a comment\n  horizon: 5m\n"
        );
        let out = append_action(&text, 20_000, &NewAction::DeletePod { grace_seconds: Some(5) })
            .unwrap_or_default();
        let got = actions(&out);
        assert_eq!(got.len(), 2, "{out}");
        assert_eq!(got[1].0, 20_000);
        assert!(matches!(&got[1].1, Verb::Delete(d) if d.kind == "Pod" && d.grace_period_seconds == Some(5)));
        assert!(out.contains("      command: \"true\"\n  - {at: 20s, delete: {kind: Pod, gracePeriodSeconds: 5}}\n  # a comment\n  horizon: 5m\n"), "{out}");
        let loaded = crate::load(&out);
        assert_eq!(loaded.scenario.map(|s| (s.seed, s.horizon_ms)), Some((3, 300_000)));
    }

    #[test]
    fn items_at_the_keys_indent_and_empty_lists() {
        let base = format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n    actions:\n    - {{at: 1s, node: {{ready: false}}}}\n");
        let out = append_action(&base, 2_000, &NewAction::Node { ready: true }).unwrap_or_default();
        assert!(
            out.ends_with("    - {at: 1s, node: {ready: false}}\n    - {at: 2s, node: {ready: true}}\n"),
            "{out}"
        );
        assert_eq!(actions(&out).len(), 2);

        let empty =
            format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  actions: []\n");
        let out = append_action(&empty, 2_000, &NewAction::DeleteService { name: "mydb".into() })
            .unwrap_or_default();
        assert_eq!(actions(&out).len(), 1, "{out}");

        let no_actions =
            format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  seed: 2\n");
        let out =
            append_action(&no_actions, 2_000, &NewAction::ApplyService { name: "mydb".into(), port: 80 })
                .unwrap_or_default();
        assert!(matches!(&actions(&out)[0].1, Verb::Apply(_)), "{out}");

        let no_spec = format!("apiVersion: podlife.dev/v1alpha1\nkind: Scenario\n---\n{POD}");
        let out = append_action(&no_spec, 2_000, &exec("echo hi")).unwrap_or_default();
        assert_eq!(actions(&out).len(), 1, "{out}");
        assert!(out.ends_with(POD));

        let empty_spec = format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {{}}\n");
        assert_eq!(actions(&append_action(&empty_spec, 0, &exec("x")).unwrap_or_default()).len(), 1);
    }

    #[test]
    fn flow_style_is_refused_not_mangled() {
        let text = format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {{seed: 2}}\n");
        assert_eq!(append_action(&text, 0, &exec("x")), Err(AppendError::FlowStyle));
        let text = format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  actions: [{{at: 1s, node: {{ready: true}}}}]\n");
        assert_eq!(append_action(&text, 0, &exec("x")), Err(AppendError::FlowStyle));
    }

    #[test]
    fn every_verb_reads_back_as_written() {
        let all = [
            exec("rm -f /tmp/healthy"),
            NewAction::DeletePod { grace_seconds: None },
            NewAction::ApplyService { name: "mydb".into(), port: 80 },
            NewAction::DeleteService { name: "mydb".into() },
            NewAction::SetCondition { type_: "www.example.com/feature-1".into(), status: "True".into() },
            NewAction::Node { ready: false },
            NewAction::Debug {
                name: "debugger".into(),
                image: "busybox:1.28".into(),
                target: "app".into(),
                command: "sleep 20".into(),
            },
            NewAction::SetImage { container: "app".into(), image: "nginx:1.28".into() },
        ];
        let mut text = POD.to_string();
        for (i, a) in all.iter().enumerate() {
            text = append_action(&text, (i as i64 + 1) * 1_000, a).unwrap_or_default();
        }
        let got = actions(&text);
        assert_eq!(got.len(), all.len(), "{text}");
        assert!(matches!(&got[0].1, Verb::Exec(e) if e.container.as_deref() == Some("app")));
        assert!(
            matches!(&got[4].1, Verb::SetCondition(c) if c.status == "True" && c.type_ == "www.example.com/feature-1")
        );
        assert!(matches!(&got[6].1, Verb::Debug(d) if d.image == "busybox:1.28"));
        assert!(matches!(&got[7].1, Verb::SetImage(s) if s.image == "nginx:1.28"));
        assert_eq!(text.matches("kind: Scenario").count(), 1);
    }

    #[test]
    fn the_kubernetes_version_is_set_in_place_or_with_a_new_scenario() {
        let created = set_kubernetes_version(POD, "1.30").unwrap_or_default();
        assert_eq!(
            created,
            format!(
                "{POD}---\napiVersion: {API_VERSION}\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.30\"\n"
            )
        );
        let loaded = crate::load(&created);
        assert_eq!(loaded.scenario.and_then(|s| s.kubernetes_version).as_deref(), Some("1.30"));
        let again = set_kubernetes_version(&created, "1.36").unwrap_or_default();
        assert_eq!(again, created.replace("1.30", "1.36"));
        let with_spec = format!("{POD}---\nkind: Scenario\nspec:\n    seed: 3 # keep\n");
        assert_eq!(
            set_kubernetes_version(&with_spec, "1.28").unwrap_or_default(),
            format!("{POD}---\nkind: Scenario\nspec:\n    kubernetesVersion: \"1.28\"\n    seed: 3 # keep\n")
        );
        let no_spec = format!("{POD}---\nkind: Scenario\n");
        assert_eq!(
            set_kubernetes_version(&no_spec, "1.32").unwrap_or_default(),
            format!("{POD}---\nkind: Scenario\nspec:\n  kubernetesVersion: \"1.32\"\n")
        );
        let flow = format!("{POD}---\nkind: Scenario\nspec: {{seed: 1}}\n");
        assert_eq!(set_kubernetes_version(&flow, "1.32"), Err(AppendError::FlowStyle));
    }
}
