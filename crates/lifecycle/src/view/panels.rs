//! The kubectl texts at a moment of a run, exactly as the core's renderers print them.

use crate::kubectl::{self, WatchPrinter};
use crate::sim::{SimTime, Trace};

/// `kubectl get pod -w` as it would read at `t_ms`: the header and every row printed so far.
pub fn watch_until(trace: &Trace, t_ms: i64) -> String {
    let mut printer = WatchPrinter::new(false);
    let mut out = String::new();
    for r in trace.rows.iter().take_while(|r| r.t.ms() <= t_ms) {
        let row = kubectl::get_row(&trace.snapshot_pod(r.snapshot), trace.wall(r.t));
        out.push_str(&printer.row(&row));
    }
    out
}

/// `kubectl get pod` at `t_ms` (empty after the API object was removed).
pub fn get_at(trace: &Trace, t_ms: i64) -> String {
    if trace.deleted_at.is_some_and(|d| d.ms() <= t_ms) {
        return format!("Error from server (NotFound): pods \"{}\" not found\n", trace.pod);
    }
    kubectl::get_table(&[&trace.state_at(t_ms)], trace.wall(SimTime(t_ms)), false)
}

/// `kubectl describe pod` at `t_ms`.
pub fn describe_at(trace: &Trace, t_ms: i64) -> String {
    if trace.deleted_at.is_some_and(|d| d.ms() <= t_ms) {
        return format!("Error from server (NotFound): pods \"{}\" not found\n", trace.pod);
    }
    trace.describe_at(t_ms)
}

/// `kubectl get pod -o yaml`'s `status:` at `t_ms`.
pub fn status_yaml_at(trace: &Trace, t_ms: i64) -> String {
    kubectl::status_yaml(&trace.state_at(t_ms))
}

/// The STATUS cell of the `kubectl get pod` row at `t_ms`.
pub fn status_at(trace: &Trace, t_ms: i64) -> String {
    kubectl::get_row(&trace.state_at(t_ms), trace.wall(SimTime(t_ms))).status
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{run_document, RunOverrides};

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: crash\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 1; exit 1\"]\n";

    fn trace() -> Trace {
        let loaded = crate::load(POD);
        run_document(&loaded, RunOverrides { seed: None, horizon_ms: Some(120_000) })
            .map(|r| r.trace)
            .unwrap_or_else(|| panic!("runs"))
    }

    #[test]
    fn watch_grows_with_time_and_ends_as_the_full_watch() {
        let t = trace();
        let early = watch_until(&t, 0);
        assert!(early.starts_with("NAME"), "{early}");
        assert_eq!(early.lines().count(), 2);
        assert_eq!(watch_until(&t, t.horizon_ms), t.render_watch());
        assert!(watch_until(&t, 60_000).contains("CrashLoopBackOff"));
    }

    #[test]
    fn get_and_describe_follow_the_playhead() {
        let t = trace();
        assert!(get_at(&t, 0).contains("Pending"));
        assert!(get_at(&t, 60_000).lines().nth(1).is_some_and(|l| l.starts_with("crash ")));
        assert_eq!(describe_at(&t, 30_000), t.describe_at(30_000));
        assert!(status_yaml_at(&t, 30_000).contains("restartCount"));
        assert_eq!(status_at(&t, 0), "Pending");
    }
}
