//! The examples gallery: each a `web/examples/ID.yaml` with a one-line "what to watch for".

/// One gallery example.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Example {
    /// Stable id (the file name), used in tests and links.
    pub id: &'static str,
    /// Title in the gallery.
    pub title: &'static str,
    /// What to watch for, one line.
    pub watch: &'static str,
    /// The YAML text.
    pub text: &'static str,
}

/// The example loaded on a first visit: the exec liveness pod from the course notes.
pub const DEFAULT: Example = ALL[0];

/// Every example, in gallery order.
pub const ALL: [Example; 19] = [
    Example { id: "pod-live-exec", title: "Liveness: exec", watch: "The file disappears after 60 s: liveness fails 3× and the kubelet restarts the container (RESTARTS counts up).", text: include_str!("../examples/pod-live-exec.yaml") },
    Example { id: "myapp-pod", title: "Init containers waiting on Services", watch: "Init:0/2 until the Services myservice (20 s) and mydb (40 s) exist, then Init:1/2 → PodInitializing → Running.", text: include_str!("../examples/myapp-pod.yaml") },
    Example { id: "init-services", title: "Init containers in order", watch: "Init:0/2 → Init:1/2 → PodInitializing → Running; the app waits behind both init containers.", text: include_str!("../examples/init-services.yaml") },
    Example { id: "pod-live-httpget", title: "Liveness: httpGet", watch: "index.html is removed at 30 s: the HTTP probe gets 404 and the container is restarted.", text: include_str!("../examples/pod-live-httpget.yaml") },
    Example { id: "liveness-tcp", title: "Liveness/readiness: tcpSocket", watch: "Port 8080 is checked from 15 s: READY goes 0/1 → 1/1, no restarts.", text: include_str!("../examples/liveness-tcp.yaml") },
    Example { id: "readiness-404-fixed", title: "Readiness: 404, then fixed", watch: "READY drops to 0/1 when /index.html 404s at 20 s (no restart), back to 1/1 when it is restored at 60 s.", text: include_str!("../examples/readiness-404-fixed.yaml") },
    Example { id: "startup-probe-slow", title: "Slow start with a startup probe", watch: "The startup probe holds liveness off for 40 s; Ready only after it succeeds, no restart.", text: include_str!("../examples/startup-probe-slow.yaml") },
    Example { id: "pod-poststart", title: "postStart hook (course notes)", watch: "httpd starts before the hook has made its web root, exits, and the hook then fails: FailedPostStartHook and back-off, as the notes show.", text: include_str!("../examples/pod-poststart.yaml") },
    Example { id: "poststart-fail", title: "postStart failure", watch: "FailedPostStartHook: the container is killed and restarted with back-off.", text: include_str!("../examples/poststart-fail.yaml") },
    Example { id: "prestop-grace", title: "preStop and the grace period", watch: "Deleted at 30 s: Terminating, 5 s preStop, SIGTERM; the sleeper is SIGKILLed when the 20 s grace ends.", text: include_str!("../examples/prestop-grace.yaml") },
    Example { id: "crashloop", title: "CrashLoopBackOff", watch: "Error → CrashLoopBackOff; the back-off doubles 10 s, 20 s, 40 s … up to 5 min.", text: include_str!("../examples/crashloop.yaml") },
    Example { id: "job-never", title: "Job-like pod: restartPolicy Never", watch: "One failed run and no restart: STATUS Error, phase Failed.", text: include_str!("../examples/job-never.yaml") },
    Example { id: "job-onfailure", title: "Job-like pod: restartPolicy OnFailure", watch: "A failing task is restarted with back-off (CrashLoopBackOff); exit 0 would complete the pod.", text: include_str!("../examples/job-onfailure.yaml") },
    Example { id: "native-sidecar", title: "Native sidecar", watch: "The sidecar starts first and must pass its startup probe; READY 2/2; the pod completes when main exits.", text: include_str!("../examples/native-sidecar.yaml") },
    Example { id: "readiness-gate", title: "Readiness gates", watch: "Containers ready but the pod is not until the gate condition is True at 20 s; False again at 40 s.", text: include_str!("../examples/readiness-gate.yaml") },
    Example { id: "active-deadline", title: "activeDeadlineSeconds", watch: "At 30 s the pod is killed: DeadlineExceeded, phase Failed.", text: include_str!("../examples/active-deadline.yaml") },
    Example { id: "image-pull-backoff", title: "ImagePullBackOff", watch: "ErrImagePull ↔ ImagePullBackOff, retried with its own back-off.", text: include_str!("../examples/image-pull-backoff.yaml") },
    Example { id: "scheduling-gates", title: "Scheduling gates", watch: "SchedulingGated: the scheduler never considers the pod while a gate remains.", text: include_str!("../examples/scheduling-gates.yaml") },
    Example { id: "shared-emptydir", title: "Shared emptyDir (course notes)", watch: "Two containers share a volume: the writer fills index.html, nginx serves it; READY 2/2.", text: include_str!("../examples/shared-emptydir.yaml") },
];

/// The example whose text is exactly `text`, if any.
pub fn find_by_text(text: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.text == text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_loads_without_errors_and_runs() {
        for e in ALL {
            let loaded = lifecycle::load(e.text);
            assert!(!loaded.has_errors(), "{}: {:?}", e.id, loaded.diagnostics);
            let run = lifecycle::sim::run_document(&loaded, lifecycle::sim::RunOverrides::default());
            assert!(run.is_some_and(|r| !r.trace.rows.is_empty()), "{}", e.id);
            assert!(e.text.starts_with('#'), "{}: starts with its story as a comment", e.id);
        }
        let mut ids: Vec<&str> = ALL.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
    }
}
