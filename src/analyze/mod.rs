//! Interdependency analysis (docs/ANALYSIS.md): each sector or operator in turn as the
//! origin of a standard IT failure, simulated many times through the session API, gives the
//! origin × affected matrix, rankings and propagation paths; the Inoperability
//! Input-Output Model gives the classical linear answer to hold it against.
//!
//! Architecture Invariant: nothing here reads a file or a terminal; the CLI loads inputs
//! and renders results.

pub mod compare;
pub mod derive;
pub mod des;
pub mod iim;
pub mod origin;
pub mod rank;
pub mod stats;
pub mod vary;

use crate::model::Scenario;
pub use des::Config;
pub use origin::{By, Perturbation, Units};
use serde::{Deserialize, Serialize};

/// The kind tag of an analysis result file, so `rensa report` recognises one.
pub const KIND: &str = "rensa-analysis";

/// A complete DES analysis: the matrix, its rankings and paths, and the comparison with
/// the IIM. Plain data; the CLI writes it as JSON and `rensa report` reads it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Always [`KIND`].
    pub kind: String,
    /// The scenario or infrastructure analysed (its name).
    pub name: String,
    /// Sectors or operators.
    pub by: By,
    /// Runs per origin.
    pub runs: u32,
    /// Master seed.
    pub seed: u64,
    /// Minutes per run.
    pub duration_minutes: u64,
    /// The perturbation at each origin.
    pub perturbation: Perturbation,
    /// The matrix.
    pub matrix: des::Matrix,
    /// Origins by downstream impact.
    pub criticality: Vec<rank::Criticality>,
    /// Units by exposure.
    pub exposure: Vec<rank::Exposure>,
    /// Strongest propagation paths, strongest first.
    pub paths: Vec<rank::PathOut>,
    /// The DES against the IIM; None if the derived A* cannot be solved.
    pub iim: Option<compare::Comparison>,
    /// Sensitivity of each origin's total impact (`--vary`, `--tornado`), largest swing
    /// first; empty without them.
    #[serde(default)]
    pub sensitivity: Vec<vary::Sensitivity>,
}

/// Runs the analysis of `base` (its infrastructure, parameters and policies) by `by`;
/// `progress` is called after each run.
pub fn analyze(base: &Scenario, by: By, config: &Config, progress: &(dyn Fn() + Sync)) -> Analysis {
    let units = Units::of(&base.infra, by);
    let scenarios = des::origin_scenarios(base, &units, config);
    let records = des::simulate(&scenarios, &units, config, progress);
    of_records(base, &units, config, &records)
}

/// The analysis of runs already made (`records[origin]`, as [`des::simulate`] returns
/// them); sensitivity runs reuse the records as their baseline.
pub fn of_records(
    base: &Scenario,
    units: &Units,
    config: &Config,
    records: &[Vec<des::RunRecord>],
) -> Analysis {
    let by = units.by;
    let matrix = des::matrix(units, records);
    let derived = derive::interdependency(&base.infra, units);
    let iim = derive::per_origin(&derived, config.perturbation.severity)
        .ok()
        .map(|q| compare::compare(&matrix, derived, &q, config.perturbation.severity));
    Analysis {
        kind: KIND.to_string(),
        name: base.name.clone(),
        by,
        runs: config.runs,
        seed: config.seed,
        duration_minutes: config.duration.0,
        perturbation: config.perturbation.clone(),
        criticality: rank::criticality(&matrix),
        exposure: rank::exposure(&matrix),
        paths: rank::paths(&matrix),
        matrix,
        iim,
        sensitivity: Vec::new(),
    }
}
