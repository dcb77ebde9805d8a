//! What runs inside the containers: a bounded `sh` interpreter in simulated time ([`sh`]), a file
//! tree per container with the pod's volumes mounted ([`fs`]), profiles of well-known images
//! ([`image`]) and the pod world that ties them together and answers the engine ([`world`]).
//!
//! Real YAML behaves as on a cluster without annotations: `touch`/`rm`/`cat` change and read files
//! at the moments the script reaches them, servers answer probes on the ports they listen on, and
//! every assumption (an unknown image, a ConfigMap's unknown content) is a note in the trace.

pub mod fs;
pub mod image;
pub mod sh;
pub mod world;

pub use world::PodWorld;
