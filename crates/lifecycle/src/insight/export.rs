//! The run as kubectl: a POSIX shell script that replays the scenario on a real cluster (to check
//! podlife against kind), and the transcript kubectl would print.

use crate::load::Loaded;
use crate::scenario::{Command, Verb};
use crate::sim::{DocumentRun, Trace};

/// `s` as one single-quoted shell word.
fn quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c)) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn argv(words: &[String]) -> String {
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

fn command(c: &Command) -> Vec<String> {
    match c {
        Command::Shell(s) => vec!["sh".to_string(), "-c".to_string(), s.clone()],
        Command::Argv(v) => v.clone(),
    }
}

fn heredoc(out: &mut String, yaml: &str) {
    out.push_str("kubectl apply -f - <<'PODLIFE_EOF'\n");
    out.push_str(yaml);
    if !yaml.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("PODLIFE_EOF\n");
}

/// Whole seconds for `sleep` (POSIX sleep takes integers): rounded to the nearest.
fn secs(ms: u64) -> u64 {
    (ms + 500) / 1000
}

/// The scenario as a POSIX shell script of kubectl commands with sleeps: apply the pod and the
/// Services, run each action at its time, watch the pod meanwhile, describe it at the end.
pub fn kubectl_script(loaded: &Loaded, run: &DocumentRun) -> String {
    let trace = &run.trace;
    let name = trace.pod.as_str();
    let pod_name = quote(name);
    let mut o = String::new();
    o.push_str("#!/bin/sh\n");
    o.push_str(&format!(
        "# Replays podlife's scenario for pod {name} on a real cluster (e.g. kind), to compare\n"
    ));
    o.push_str("# with `podlife run --output transcript`. Times are seconds since the pod was applied,\n");
    o.push_str("# rounded to whole seconds; image pulls and kubectl itself add some drift.\n");
    // No -e: a command that fails on the cluster (an exec into a restarting container) must not end the replay.
    o.push_str("set -u\n");
    if let Some(sc) = &loaded.scenario {
        if !sc.node.images.is_empty() || sc.images.pull_seconds.is_some() || !sc.images.unavailable.is_empty()
        {
            o.push_str("# podlife assumed these node images / pull settings; pre-load them (kind load docker-image) to match:\n");
            for i in &sc.node.images {
                o.push_str(&format!("#   present on the node: {i}\n"));
            }
            for i in &sc.images.unavailable {
                o.push_str(&format!("#   not pullable: {i}\n"));
            }
        }
        if !sc.node.labels.is_empty() {
            let labels: Vec<String> =
                sc.node.labels.iter().map(|(k, v)| quote(&format!("{k}={v}"))).collect();
            o.push_str(&format!(
                "# podlife's node carries labels: kubectl label node NODE {}\n",
                labels.join(" ")
            ));
        }
    }
    for svc in &loaded.services {
        if let Some(apply) = apply_heredoc("Service", svc) {
            o.push_str(&apply);
        }
    }
    if let Some(pod) = &loaded.pod {
        let mut pod = pod.clone();
        pod.status = None;
        if let Some(apply) = apply_heredoc("Pod", &pod) {
            o.push_str(&apply);
        }
    }
    o.push_str("start=$(date +%s)\n");
    o.push_str("# at N: sleep until N seconds after start.\n");
    o.push_str("at() { now=$(( $(date +%s) - start )); if [ \"$1\" -gt \"$now\" ]; then sleep $(( $1 - now )); fi; }\n");
    o.push_str(&format!("kubectl get pod {pod_name} -w &\nwatch=$!\n"));
    let actions = loaded.scenario.as_ref().map(|s| s.actions.as_slice()).unwrap_or_default();
    let mut ordered: Vec<&crate::scenario::Action> = actions.iter().collect();
    crate::sort::by_key(&mut ordered, |a| (a.at_ms, a.index));
    for a in ordered {
        let t = secs(a.at_ms);
        let line = match &a.verb {
            Verb::Exec(e) => {
                let c = e.container.clone().or_else(|| loaded.pod.as_ref().and_then(|p| p.spec.containers.first()).map(|c| c.name.clone())).unwrap_or_default();
                let cmd = e.command.as_ref().map(command).unwrap_or_default();
                format!("kubectl exec {pod_name} -c {} -- {}\n", quote(&c), argv(&cmd))
            }
            Verb::Apply(svc) => match apply_heredoc("Service", svc) {
                Some(apply) => apply,
                None => continue,
            },
            Verb::Delete(d) if d.kind == "Service" => {
                format!("kubectl delete service {} --wait=false\n", quote(d.name.as_deref().unwrap_or_default()))
            }
            Verb::Delete(d) => {
                let grace = d.grace_period_seconds.map(|g| format!(" --grace-period={g}")).unwrap_or_default();
                format!("kubectl delete pod {pod_name}{grace} --wait=false\n")
            }
            Verb::Node(n) => format!(
                "# node ready={}: not scriptable portably (on kind: docker stop / docker start the node's container)\n",
                n.ready.unwrap_or(true)
            ),
            Verb::SetCondition(c) => {
                let patch = format!(
                    "{{\"status\":{{\"conditions\":[{{\"type\":\"{}\",\"status\":\"{}\"}}]}}}}",
                    c.type_, c.status
                );
                format!("kubectl patch pod {pod_name} --subresource=status --type=strategic -p {}\n", quote(&patch))
            }
            Verb::NodeFile(f) => format!(
                "# write {} on the node: not scriptable portably (on kind: docker exec NODE sh -c 'cat > {}')\n",
                f.path, f.path
            ),
            Verb::Debug(d) => {
                let target = d.target.as_ref().map(|t| format!(" --target={}", quote(t))).unwrap_or_default();
                match &d.command {
                    Some(c) => format!(
                        "kubectl debug {pod_name} --image={} -c {}{target} -- {}\n",
                        quote(&d.image),
                        quote(&d.name),
                        argv(&command(c))
                    ),
                    None => format!(
                        "kubectl debug {pod_name} --image={} -c {}{target} -i -t --attach=false\n",
                        quote(&d.image),
                        quote(&d.name)
                    ),
                }
            }
            Verb::SetImage(s) => {
                format!("kubectl set image pod/{pod_name} {}\n", quote(&format!("{}={}", s.container, s.image)))
            }
        };
        o.push_str(&format!("at {t}\n{line}"));
    }
    let end = u64::try_from(trace.horizon_ms).unwrap_or(0);
    o.push_str(&format!("at {}\nkill \"$watch\" 2>/dev/null || true\n", secs(end)));
    o.push_str(&format!("kubectl describe pod {pod_name}\n"));
    o
}

/// `kubectl apply -f -` of `object` as a heredoc: `apiVersion: v1` and `kind: KIND` first, then the
/// object as `kubectl get -o yaml` prints it (keys sorted) without its own `apiVersion`/`kind` lines.
fn apply_heredoc<T: serde::Serialize>(kind: &str, object: &T) -> Option<String> {
    let yaml = crate::kubectl::status_yaml::value_yaml(&serde_yaml::to_value(object).ok()?);
    let body: String = yaml
        .lines()
        .filter(|l| !l.starts_with("apiVersion:") && !l.starts_with("kind:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut out = String::new();
    heredoc(&mut out, &format!("apiVersion: v1\nkind: {kind}\n{body}"));
    Some(out)
}

/// What a terminal would show at `t_ms`: `kubectl get pod -w` up to then, then `kubectl describe pod`
/// (NotFound once the API object is gone) — for the CLI at the end of the run, for the page at the
/// playhead.
pub fn transcript(trace: &Trace, t_ms: i64) -> String {
    let name = &trace.pod;
    format!(
        "$ kubectl get pod {name} -w\n{}$ kubectl describe pod {name}\n{}",
        crate::view::panels::watch_until(trace, t_ms),
        crate::view::panels::describe_at(trace, t_ms)
    )
}
