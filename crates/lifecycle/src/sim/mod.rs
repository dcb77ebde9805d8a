//! The simulation engine: a deterministic discrete-event model of the scheduler, the kubelet and the
//! bits of control plane a single Pod meets, turning a Pod into a [`Trace`].
//!
//! Time is integer milliseconds since the pod's creation ([`SimTime`]); events are ordered by
//! (time, sequence); every jitter comes from one seeded [`rng::Rng`]. Same pod + config ⇒ the same
//! trace, byte for byte. The process inside each container is a [`Behavior`] (the default one is
//! [`crate::behavior::PodWorld`]: files, a bounded `sh` interpreter, image profiles). Facts and strings follow `k8s-semantics.md`; where it is silent the choice
//! is marked `[INF]` in the code.

pub mod behavior;
pub mod clock;
pub mod config;
pub mod document;
mod engine;
pub mod events;
mod images;
mod pod_worker;
pub mod prober;
pub mod rng;
mod sandbox;
pub mod scheduler;
mod spec_change;
mod status;
pub mod termination;
pub mod trace;

pub use behavior::{
    Behavior, ContainerKind, ContainerRef, ExecResult, HttpResult, ProcessOutcome, Signal, SignalOutcome,
};
pub use clock::{EventQueue, SimTime};
pub use config::{Action, ActionKind, NodeConfig, ServiceSpec, SimConfig};
pub use document::{config_for, run_document, DocumentRun, RunOverrides};
pub use engine::{normalize_image, pull_policy};
pub use pod_worker::crash_backoff_sequence;
pub use status::with_defaults;
pub use trace::Trace;

use crate::model::Pod;

/// Simulates `pod` with the default container behavior.
pub fn simulate(pod: &Pod, services: &[ServiceSpec], config: &SimConfig) -> Trace {
    let mut behavior = crate::behavior::PodWorld::new(&with_defaults(pod), config.epoch);
    simulate_with(pod, services, config, &mut behavior)
}

/// Simulates `pod` with a caller-supplied container behavior.
pub fn simulate_with(
    pod: &Pod,
    services: &[ServiceSpec],
    config: &SimConfig,
    behavior: &mut dyn Behavior,
) -> Trace {
    let mut engine = engine::Engine::new(pod, config, behavior);
    for s in services {
        engine.services.insert(s.name.clone(), s.clone());
    }
    let list: Vec<ServiceSpec> = engine.services.values().cloned().collect();
    engine.behavior.set_services(&list, SimTime::ZERO);
    let mut actions: Vec<(usize, i64)> =
        config.actions.iter().enumerate().map(|(i, a)| (i, a.at_ms)).collect();
    // Time order; ties keep the order they were written in.
    crate::sort::by_key(&mut actions, |&(i, at)| (at, i));
    engine.run(&actions)
}
