//! The IIM's inputs derived from the dependency graph (docs/ANALYSIS.md):
//!
//! * `a*[i][j] = Σ_{d ∈ i} weight(d) × (1 − Π_{e: p ∈ j → d} (1 − w_e))`: the share of unit
//!   `i`'s population-weighted level lost when every service of unit `j` is inoperable.
//!   `weight(d)` is `d`'s share of `i`'s population (equal shares if `i` serves nobody
//!   directly), `w_e` the edge strengths; several edges from `j` into one service combine
//!   as the DES combines them (a product of factors). Tolerances do not enter: the static
//!   IIM has no time.
//! * `c*` of an origin: the perturbation's severity at the origin, 0 elsewhere.
//! * `k_i` from recovery times: `ln 100 / (T (1 − a*_ii))`, T the perturbation's median
//!   repair time in hours (inoperability falls to 1 % of its start in T).

use super::iim::{self, IimError, Interdependency, StaticSolution};
use super::origin::Units;
use crate::model::Infrastructure;
use nalgebra::DVector;

/// A* from the graph.
pub fn interdependency(infra: &Infrastructure, units: &Units) -> Interdependency {
    let n = units.len();
    // keep[d][j]: Π (1 − w) over edges from unit j into service d.
    let mut keep = vec![vec![1.0f64; n]; infra.services.len()];
    for e in &infra.dependencies {
        let j = units.of_service[e.provider.index()];
        keep[e.dependent.index()][j] *= 1.0 - e.strength.clamp(0.0, 1.0);
    }
    let mut a = vec![vec![0.0; n]; n];
    for (d, row) in keep.iter().enumerate() {
        let i = units.of_service[d];
        for (j, k) in row.iter().enumerate() {
            a[i][j] += units.weight[d] * (1.0 - k);
        }
    }
    Interdependency {
        names: units.names.clone(),
        a,
    }
}

/// The resilience coefficients from a recovery time of `hours` for every unit.
pub fn resilience(a: &Interdependency, hours: f64) -> Vec<f64> {
    (0..a.names.len())
        .map(|i| iim::resilience_from_recovery(hours, a.a[i][i]))
        .collect()
}

/// The static IIM of each origin in turn: `q[origin]` for `c* = severity × e_origin`.
pub fn per_origin(a: &Interdependency, severity: f64) -> Result<Vec<StaticSolution>, IimError> {
    let m = a.matrix();
    let n = a.names.len();
    (0..n)
        .map(|o| {
            let mut c = DVector::zeros(n);
            c[o] = severity;
            iim::solve_static(&m, &c)
        })
        .collect()
}
