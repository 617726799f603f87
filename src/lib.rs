//! rensa (連鎖, "chain reaction"): a deterministic cross-sector cyber-exercise simulator for
//! critical infrastructure. See docs/ARCHITECTURE.md for the map of the crate.

#![forbid(unsafe_code)]

pub mod analyze;
pub mod batch;
pub mod cli;
pub mod engine;
pub mod hindcast;
pub mod lang;
pub mod lsp;
pub mod model;
pub mod present;
pub mod probe;
pub mod report;
pub mod scenario;
pub mod score;
pub mod serve;
pub mod session;
pub mod stats;
pub mod suggest;
pub mod tui;
pub mod twin;
