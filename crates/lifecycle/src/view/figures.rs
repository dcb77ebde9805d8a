//! The key figures of a run for the page header: when the pod was first Ready, how often containers
//! restarted, how it ended.

use super::secs;
use crate::sim::Trace;

/// Cheap summary numbers of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figures {
    /// First time the Ready condition became True.
    pub ready_at_ms: Option<i64>,
    /// Restarts over all containers by the end of the run.
    pub restarts: i64,
    /// Terminal phase (Succeeded / Failed) and when it was reached.
    pub ended: Option<(String, i64)>,
    /// STATUS of the last `kubectl get pod` row.
    pub last_status: String,
    /// Number of event occurrences.
    pub events: usize,
    /// Number of failed probe attempts.
    pub probe_failures: usize,
    /// When the API object was removed, if it was.
    pub deleted_at_ms: Option<i64>,
}

impl Figures {
    /// Computes the figures of `trace`.
    pub fn of(trace: &Trace) -> Figures {
        let ready_at_ms =
            trace.conditions.iter().find(|c| c.type_ == "Ready" && c.status == "True").map(|c| c.t.ms());
        let mut restarts = 0;
        let mut seen: Vec<(&str, i64)> = Vec::new();
        for c in &trace.containers {
            match seen.iter_mut().find(|(n, _)| *n == c.name) {
                Some(e) => e.1 = e.1.max(c.restart_count),
                None => seen.push((&c.name, c.restart_count)),
            }
        }
        for (_, n) in seen {
            restarts += n;
        }
        let ended = trace
            .phases
            .iter()
            .find(|p| p.phase == "Succeeded" || p.phase == "Failed")
            .map(|p| (p.phase.clone(), p.t.ms()));
        Figures {
            ready_at_ms,
            restarts,
            ended,
            last_status: trace.rows.last().map(|r| r.status.clone()).unwrap_or_default(),
            events: trace.events.len(),
            probe_failures: trace.probes.iter().filter(|p| p.result == "failure").count(),
            deleted_at_ms: trace.deleted_at.map(|d| d.ms()),
        }
    }

    /// Short phrases for the header, most telling first: `Ready at 3.3s`, `5 restarts`, ….
    pub fn phrases(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.ready_at_ms {
            Some(t) => out.push(format!("Ready at {}", secs(t))),
            None => out.push("never Ready".to_string()),
        }
        out.push(match self.restarts {
            1 => "1 restart".to_string(),
            n => format!("{n} restarts"),
        });
        if let Some((phase, t)) = &self.ended {
            out.push(format!("{phase} at {}", secs(*t)));
        }
        if let Some(t) = self.deleted_at_ms {
            out.push(format!("deleted at {}", secs(t)));
        }
        if self.probe_failures > 0 {
            out.push(format!("{} probe failures", self.probe_failures));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{run_document, RunOverrides};

    fn figures(text: &str, horizon_ms: i64) -> Figures {
        let loaded = crate::load(text);
        let run = run_document(&loaded, RunOverrides { seed: None, horizon_ms: Some(horizon_ms) });
        Figures::of(&run.unwrap_or_else(|| panic!("runs")).trace)
    }

    #[test]
    fn a_crashloop_never_gets_ready_and_restarts() {
        let f = figures("apiVersion: v1\nkind: Pod\nmetadata:\n  name: crash\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 1; exit 1\"]\n", 120_000);
        assert!(f.restarts >= 3, "{f:?}");
        assert!(f.phrases().iter().any(|p| p.ends_with("restarts")));
        assert_eq!(f.ended, None);
    }

    #[test]
    fn nginx_is_ready_within_seconds() {
        let f = figures("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n", 60_000);
        let t = f.ready_at_ms.unwrap_or_else(|| panic!("ready"));
        assert!(t > 0 && t < 10_000, "{t}");
        assert_eq!(f.phrases()[0], format!("Ready at {}", secs(t)));
        assert_eq!(f.phrases()[1], "0 restarts");
        assert_eq!(f.last_status, "Running");
    }

    #[test]
    fn a_job_that_succeeds_says_when() {
        let f = figures("apiVersion: v1\nkind: Pod\nmetadata:\n  name: job\nspec:\n  restartPolicy: Never\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 2\"]\n", 60_000);
        assert_eq!(f.ended.as_ref().map(|e| e.0.as_str()), Some("Succeeded"));
        assert_eq!(f.last_status, "Completed");
    }
}
