//! What kubectl prints for a pod that carries a status: `get` rows (incl. `-o wide` and `-w`),
//! `describe`, the events table, and the status as YAML. Everything is evaluated at a `now` passed in.

pub mod describe;
pub mod events;
pub mod get;
pub mod quantity;
pub mod status_yaml;
pub mod tabwriter;

pub use describe::{describe, qos_class};
pub use events::{aggregate, aggregate_identical, aggregate_refs, Event, Occurrence, OccurrenceRef};
pub use get::{get_row, get_row_with, get_table, PodRow, WatchPrinter};
pub use status_yaml::status_yaml;
