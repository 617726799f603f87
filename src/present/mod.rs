//! Presentation: the one place that turns the typed data the engine and the session report
//! — timeline entries, action outcomes and refusals, views — into words, in English or
//! Japanese, and into the JSON documents tools read (docs/OUTPUT.md). Faces (the CLI, a TUI,
//! a report writer) call it; the engine and the views know no words.
//!
//! * [`Words`] names things (sectors, ministries, roles, operators, services, incidents)
//!   and says what happened (`happening`, `refusal`, `done`, …) in a [`Lang`];
//! * [`report::Report`] is a whole run: measures, timeline, messages and actions, with
//!   structured fields beside the text; `to_json` and `to_text` print it.

pub mod analysis;
pub mod batch;
pub mod cli;
pub mod explain;
pub mod fields;
pub mod graph;
pub mod hindcast;
pub mod json;
pub mod report;
pub mod score;
pub mod serve;
pub mod table;
mod text;
pub mod tui;
mod words;

pub use report::Report;
pub use text::{lpad, pad};
pub use words::{Words, objective_status};

/// The language of the words: the crate's one [`crate::lang::Lang`].
pub use crate::lang::Lang;

/// Rounds to 6 decimals so JSON shows levels as authors compute them (0.7, not
/// 0.7000000000000001); the rounding is exact and platform-independent.
/// Adding 0.0 turns a negative zero (the sum of nothing) into 0.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6 + 0.0
}

/// Rounds to 2 decimals (hours, person-hours).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}
