//! podlife's pure core: everything between the text a user pastes and what kubectl would print.
//!
//! No I/O, no clock, no wasm or web crates: the host passes text and `now` in, and gets data back.
//! This keeps the core deterministic and buildable for both the host and `wasm32-unknown-unknown`.

pub mod behavior;
pub(crate) mod decode;
pub mod defaults;
pub mod diag;
pub mod highlight;
pub mod insight;
pub mod kubectl;
pub mod load;
pub mod model;
pub mod phase;
pub mod scenario;
pub mod service;
pub mod sim;
pub mod sort;
pub mod text;
pub mod time;
pub mod validate;
pub mod view;
pub mod yaml;

pub use diag::{Diagnostic, Pos, Severity};
pub use load::{load, Loaded, SourceMap};
pub use model::Pod;
pub use scenario::Scenario;
pub use service::Service;
pub use text::{Key, Phrase};
