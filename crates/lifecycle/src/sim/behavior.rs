//! What the process inside a container does: the engine asks, the behavior answers. The default
//! implementation is the pod world of [`crate::behavior`] (a bounded `sh` interpreter, files,
//! image profiles); tests may supply their own.

use super::clock::SimTime;
use crate::model::Container;

/// Which list a container comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContainerKind {
    /// Ordinary init container.
    Init,
    /// Native sidecar (`initContainers[*].restartPolicy: Always`).
    Sidecar,
    /// `spec.containers`.
    App,
    /// `spec.ephemeralContainers`.
    Ephemeral,
}

impl ContainerKind {
    /// `init` | `sidecar` | `app` | `ephemeral` (the trace's `kind`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ContainerKind::Init => "init",
            ContainerKind::Sidecar => "sidecar",
            ContainerKind::App => "app",
            ContainerKind::Ephemeral => "ephemeral",
        }
    }
}

/// The container a behavior call is about.
#[derive(Debug, Clone, Copy)]
pub struct ContainerRef<'a> {
    /// The spec.
    pub spec: &'a Container,
    /// Which list it is in.
    pub kind: ContainerKind,
    /// 0 for the first run, incremented on each restart.
    pub instance: u32,
    /// The pod IP (for probe error texts).
    pub pod_ip: &'a str,
}

/// How the main process ends on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessOutcome {
    /// Keeps running until stopped.
    RunsForever,
    /// Wants to be resumed after `after_ms` (it sleeps; it may exit or sleep again then).
    Wakes {
        /// Time until the next step in ms.
        after_ms: i64,
    },
    /// Exits with `code` after `after_ms`.
    Exits {
        /// Run time in ms.
        after_ms: i64,
        /// Exit code.
        code: i64,
    },
}

/// A signal the kubelet (through the runtime) sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// The stop signal (SIGTERM unless the image says otherwise).
    Term,
    /// SIGKILL.
    Kill,
}

/// What the process does with a stop signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalOutcome {
    /// Ignored (e.g. `sh` or `sleep` as PID 1 without a trap): only SIGKILL ends it.
    Ignored,
    /// Handled: the process exits with `code` after `after_ms`.
    ExitsAfter {
        /// Shutdown time in ms.
        after_ms: i64,
        /// Exit code.
        code: i64,
    },
}

/// The result of running a command in the container (exec probe, exec hook, `kubectl exec`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecResult {
    /// Exit code; 0 is success.
    pub exit_code: i64,
    /// Combined stdout and stderr.
    pub output: String,
    /// How long the command ran.
    pub duration_ms: i64,
}

/// The result of an HTTP GET against the container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpResult {
    /// The server answered.
    Status {
        /// HTTP status code.
        code: u16,
        /// Response body (first bytes).
        body: String,
    },
    /// Nothing listens on the port.
    ConnectionRefused,
    /// Something listens but the exchange failed; the Go error suffix (e.g. `EOF`).
    Failed(String),
}

/// The process model the engine drives; calls come in non-decreasing `now` order.
pub trait Behavior {
    /// A new container instance starts its main process at `now`.
    fn start(&mut self, c: ContainerRef<'_>, now: SimTime) -> ProcessOutcome;
    /// Runs `argv` inside the running container at `now`.
    fn exec(&mut self, c: ContainerRef<'_>, argv: &[String], now: SimTime) -> ExecResult;
    /// `GET http://<podIP>:<port><path>` at `now`.
    fn http_get(&mut self, c: ContainerRef<'_>, port: i64, path: &str, now: SimTime) -> HttpResult;
    /// A TCP connect to `port` at `now`: true when something listens.
    fn tcp_connect(&mut self, c: ContainerRef<'_>, port: i64, now: SimTime) -> bool;
    /// A signal reaches the main process at `now`.
    fn signal(&mut self, c: ContainerRef<'_>, sig: Signal, now: SimTime) -> SignalOutcome;
    /// The instance's process has exited (its writable layer is gone).
    fn stopped(&mut self, c: ContainerRef<'_>, now: SimTime);
    /// Assumptions made so far, shown to the user (e.g. how an unknown image was modelled).
    fn notes(&self) -> Vec<crate::text::Phrase>;
    /// The main process of a container that asked to be woken (`ProcessOutcome::Wakes`) runs on.
    fn resume(&mut self, _c: ContainerRef<'_>, _now: SimTime) -> ProcessOutcome {
        ProcessOutcome::RunsForever
    }
    /// Main processes whose fate changed as a side effect of another call (a `kill` in an exec, a
    /// trap that runs): (container name, new outcome). Drained after every call.
    fn take_changes(&mut self) -> Vec<(String, ProcessOutcome)> {
        Vec::new()
    }
    /// The Services that exist from `now` on (cluster DNS).
    fn set_services(&mut self, _services: &[super::config::ServiceSpec], _now: SimTime) {}
    /// A file written on the node (hostPath volumes see it).
    fn node_file(&mut self, _path: &str, _content: &str, _now: SimTime) {}
    /// The termination message the kubelet reports when the main process has exited (read before
    /// [`Behavior::stopped`]): terminationMessagePath's content, or the log tail per the policy.
    fn termination_message(&mut self, _c: ContainerRef<'_>, _exit_code: i64) -> Option<String> {
        None
    }
    /// A number that changes whenever something an exec could observe changes, and with every exec
    /// that had side effects: while it stays the same, running the same command in the same container
    /// instance gives the same result, so the engine may reuse it (a probe every second for days).
    /// `None` (the default): not tracked, every exec runs.
    fn generation(&self) -> Option<u64> {
        None
    }
    /// A gRPC health check on `port`: `None` when nothing listens, else whether it is SERVING.
    fn grpc_check(&mut self, c: ContainerRef<'_>, port: i64, _service: &str, now: SimTime) -> Option<bool> {
        self.tcp_connect(c, port, now).then_some(true)
    }
}
