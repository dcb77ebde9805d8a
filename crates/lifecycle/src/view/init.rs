//! The init-container step view at a moment: `Init:N/M`, each init container's state, attempts, exit
//! codes and durations, sidecars marked, and the app containers waiting behind them.

use super::timeline::container_state;
use crate::sim::trace::ContainerRecord;
use crate::sim::Trace;

/// One init container (or an app container shown waiting behind them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Container name.
    pub name: String,
    /// A native sidecar (`restartPolicy: Always`).
    pub sidecar: bool,
    /// Colour class as on the timeline (`waiting`, `running`, `terminated-ok`, …), `pending` before
    /// the container has any status.
    pub class: &'static str,
    /// The state in words: `Waiting (PodInitializing)`, `Running`, `Completed (exit 0)`.
    pub state: String,
    /// Runs so far (starts, including restarts).
    pub attempts: i64,
    /// Exit codes of the runs that ended, in order.
    pub exit_codes: Vec<i64>,
    /// How long the current or last run has lasted (ms), once started.
    pub duration_ms: Option<i64>,
    /// True when this step is complete (init: exited 0; sidecar: started).
    pub done: bool,
}

/// The whole step view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InitProgress {
    /// `Init:N/M`-style summary: `Init:1/2`, or the pod's STATUS once initialized.
    pub label: String,
    /// Completed steps.
    pub done: usize,
    /// Init containers.
    pub total: usize,
    /// Init containers (sidecars included) in spec order.
    pub steps: Vec<Step>,
    /// App containers and their state at the moment.
    pub apps: Vec<Step>,
}

impl InitProgress {
    /// The step view of `trace` at `t_ms`; `None` when the pod has no init containers.
    pub fn at(trace: &Trace, t_ms: i64) -> Option<InitProgress> {
        let inits = trace.base.init_containers();
        if inits.is_empty() {
            return None;
        }
        let upto: Vec<&ContainerRecord> = trace.containers.iter().take_while(|r| r.t.ms() <= t_ms).collect();
        let steps: Vec<Step> = inits.iter().map(|c| step(&upto, &c.name, c.is_sidecar(), t_ms)).collect();
        let apps = trace.base.spec.containers.iter().map(|c| step(&upto, &c.name, false, t_ms)).collect();
        let done = steps.iter().filter(|s| s.done).count();
        let status = super::panels::status_at(trace, t_ms);
        let label = if status.starts_with("Init") || done < steps.len() {
            if status.starts_with("Init") {
                status
            } else {
                format!("Init:{done}/{}", steps.len())
            }
        } else {
            status
        };
        Some(InitProgress { label, done, total: steps.len(), steps, apps })
    }
}

fn step(upto: &[&ContainerRecord], name: &str, sidecar: bool, t_ms: i64) -> Step {
    let recs: Vec<&&ContainerRecord> = upto.iter().filter(|r| r.name == name).collect();
    let Some(last) = recs.last() else {
        return Step {
            name: name.to_string(),
            sidecar,
            class: "pending",
            state: "not created".to_string(),
            attempts: 0,
            exit_codes: Vec::new(),
            duration_ms: None,
            done: false,
        };
    };
    let (class, label) = container_state(last);
    let state = match last.state {
        "waiting" => format!("Waiting ({label})"),
        _ => label,
    };
    // A run begins at a `running` record whose restart count differs from the previous run's.
    let mut attempts = 0;
    let mut run_start: Option<i64> = None;
    let mut run_end: Option<i64> = None;
    let mut exit_codes = Vec::new();
    let mut prev: Option<&ContainerRecord> = None;
    for r in &recs {
        let new_run = r.state == "running"
            && prev.is_none_or(|p| p.state != "running" || p.restart_count != r.restart_count);
        if new_run {
            attempts += 1;
            run_start = Some(r.t.ms());
            run_end = None;
        }
        if r.state == "terminated"
            && prev.is_none_or(|p| p.state != "terminated" || p.restart_count != r.restart_count)
        {
            // A run so short that no `running` record was written still counts.
            if !prev.is_some_and(|p| p.state == "running" && p.restart_count == r.restart_count) {
                attempts += 1;
                run_start = None;
            }
            exit_codes.push(r.exit_code.unwrap_or(0));
            run_end = Some(r.t.ms());
        }
        prev = Some(r);
    }
    let duration_ms = run_start.map(|s| run_end.unwrap_or(t_ms) - s);
    let done = if sidecar {
        last.state == "running" && last.started
    } else {
        last.state == "terminated" && last.exit_code == Some(0)
    };
    Step { name: name.to_string(), sidecar, class, state, attempts, exit_codes, duration_ms, done }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{run_document, RunOverrides};

    fn trace(text: &str, horizon_ms: i64) -> Trace {
        let loaded = crate::load(text);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        run_document(&loaded, RunOverrides { seed: None, horizon_ms: Some(horizon_ms) })
            .map(|r| r.trace)
            .unwrap_or_else(|| panic!("runs"))
    }

    const TWO: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: first\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 5\"]\n  - name: second\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 5\"]\n  containers:\n  - name: app\n    image: nginx:1.27\n";

    #[test]
    fn steps_advance_in_order_and_the_app_waits() {
        let t = trace(TWO, 60_000);
        let early = InitProgress::at(&t, 0).unwrap_or_else(|| panic!("has inits"));
        assert_eq!(early.label, "Init:0/2");
        assert_eq!(early.total, 2);
        assert_eq!(early.steps[0].state, "not created");
        // Find the moment the first init container completed.
        let first_done = t
            .containers
            .iter()
            .find(|r| r.name == "first" && r.state == "terminated")
            .map(|r| r.t.ms())
            .unwrap_or_else(|| panic!("first completes"));
        let mid = InitProgress::at(&t, first_done).unwrap_or_else(|| panic!("has inits"));
        assert_eq!(mid.done, 1);
        assert_eq!(mid.steps[0].state, "Completed (exit 0)");
        assert_eq!(mid.steps[0].exit_codes, vec![0]);
        assert_eq!(mid.steps[0].attempts, 1);
        assert!(mid.steps[0].duration_ms.is_some_and(|d| (4_900..=6_000).contains(&d)), "{:?}", mid.steps[0]);
        assert!(mid.label.starts_with("Init:1/2"), "{}", mid.label);
        assert!(mid.apps[0].state.starts_with("Waiting") || mid.apps[0].state == "not created");
        let end = InitProgress::at(&t, 60_000).unwrap_or_else(|| panic!("has inits"));
        assert_eq!(end.done, 2);
        assert_eq!(end.label, "Running");
        assert_eq!(end.apps[0].class, "ready");
    }

    #[test]
    fn no_init_containers_no_view() {
        let t = trace("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n", 10_000);
        assert_eq!(InitProgress::at(&t, 5_000), None);
    }

    #[test]
    fn a_failing_init_container_counts_attempts_and_exit_codes() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: fail\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"exit 3\"]\n  containers:\n  - name: app\n    image: nginx:1.27\n";
        let t = trace(text, 120_000);
        let p = InitProgress::at(&t, 120_000).unwrap_or_else(|| panic!("has inits"));
        assert!(p.steps[0].attempts >= 2, "{:?}", p.steps[0]);
        assert_eq!(p.steps[0].attempts as usize, p.steps[0].exit_codes.len());
        assert!(p.steps[0].exit_codes.iter().all(|&c| c == 3));
        assert_eq!(p.done, 0);
        assert!(p.label.starts_with("Init:"), "{}", p.label);
    }
}
