//! Interdependency analysis (docs/ANALYSIS.md): each sector or operator in turn as the
//! origin of a standard IT failure, simulated many times through the session API, gives the
//! origin × affected matrix, rankings and propagation paths; the Inoperability
//! Input-Output Model gives the classical linear answer to hold it against.
//!
//! Architecture Invariant: nothing here reads a file or a terminal; the CLI loads inputs
//! and renders results.

pub mod iim;
pub mod stats;
