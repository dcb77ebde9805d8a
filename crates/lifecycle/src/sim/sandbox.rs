//! The pod sandbox: created by the first sync (~1 s incl. networking); gives the pod its IP and
//! PodReadyToStartContainers=True; torn down when the pod is terminal.

use super::engine::{Engine, Task, SANDBOX_MS};

impl Engine<'_> {
    /// RunPodSandbox.
    pub(crate) fn create_sandbox(&mut self) {
        let d = self.lat(SANDBOX_MS);
        self.begin_task(Task::Sandbox, d);
    }

    /// The sandbox is up.
    pub(crate) fn sandbox_done(&mut self) {
        self.sandbox_ready = true;
        self.ip_assigned = true;
    }
}
