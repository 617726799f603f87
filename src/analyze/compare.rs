//! The simulated cascade against linear propagation: an empirical A* fitted to the DES
//! matrix, and cell by cell where the two depart (docs/ANALYSIS.md).

use super::des::Matrix;
use super::iim::{Interdependency, StaticSolution};
use nalgebra::DMatrix;
use serde::{Deserialize, Serialize};

/// Within this, a DES cell and its IIM prediction are said to agree.
pub const AGREE: f64 = 0.02;

/// Why a cell departs from linear propagation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Departure {
    /// Within [`AGREE`].
    Linear,
    /// The IIM predicts a loss the DES never delivered: a provider stayed above its required
    /// level (the threshold), or its buffer outlasted the repair.
    Held,
    /// The DES lost less than the IIM predicts but not nothing: recovery or buffers cut
    /// the cascade short of the linear equilibrium.
    Damped,
    /// The DES lost more: an edge delivers its full strength however slightly its provider
    /// is below required (all-or-nothing), or losses compound along a cycle.
    Amplified,
}

/// One cell of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellComparison {
    /// Origin id.
    pub origin: String,
    /// Affected id.
    pub affected: String,
    /// The DES's mean peak inoperability.
    pub des: f64,
    /// The static IIM's inoperability (A* from the graph).
    pub iim: f64,
    /// `des − iim`.
    pub difference: f64,
    /// The classification.
    pub departure: Departure,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// A* derived from the graph.
    pub derived: Interdependency,
    /// `iim[origin][affected]` from the derived A*.
    pub iim: Vec<Vec<f64>>,
    /// A* fitted to the DES matrix (None if the DES matrix is singular).
    pub fitted: Option<Interdependency>,
    /// Every off-diagonal cell, largest departure first.
    pub cells: Vec<CellComparison>,
}

/// Classifies a DES value against its IIM prediction.
pub fn classify(des: f64, iim: f64) -> Departure {
    if (des - iim).abs() <= AGREE {
        Departure::Linear
    } else if des > iim {
        Departure::Amplified
    } else if des <= AGREE / 4.0 {
        Departure::Held
    } else {
        Departure::Damped
    }
}

/// Fits A* to the DES matrix: with `Q[:, o]` the DES inoperabilities when `o` is the
/// origin and `C = severity × I`, the IIM says `Q = A*Q + C`, so `A* = (Q − C) Q⁺` (the
/// Moore–Penrose pseudo-inverse by SVD; the exact inverse when Q is regular).
pub fn fit(m: &Matrix, severity: f64) -> Option<Interdependency> {
    let n = m.units.len();
    if n == 0 || m.cells.len() != n {
        return None;
    }
    let q = DMatrix::from_fn(n, n, |j, o| m.cells[o][j].inoperability);
    let c = DMatrix::identity(n, n) * severity;
    let pinv = q.clone().pseudo_inverse(1e-9).ok()?;
    let a = (q - c) * pinv;
    if a.iter().any(|x| !x.is_finite()) {
        return None;
    }
    Some(Interdependency {
        names: m.units.clone(),
        a: (0..n)
            .map(|i| (0..n).map(|j| clean(a[(i, j)])).collect())
            .collect(),
    })
}

/// Rounding noise of the fit printed as 0.
fn clean(x: f64) -> f64 {
    if x.abs() < 1e-12 { 0.0 } else { x }
}

/// Compares the DES matrix with the IIM of the derived A*.
pub fn compare(
    m: &Matrix,
    derived: Interdependency,
    iim: &[StaticSolution],
    severity: f64,
) -> Comparison {
    let mut cells = Vec::new();
    for (o, row) in m.cells.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if j == o {
                continue;
            }
            let q = iim[o].q[j];
            cells.push(CellComparison {
                origin: m.units[o].clone(),
                affected: m.units[j].clone(),
                des: cell.inoperability,
                iim: q,
                difference: cell.inoperability - q,
                departure: classify(cell.inoperability, q),
            });
        }
    }
    cells.sort_by(|a, b| {
        b.difference
            .abs()
            .total_cmp(&a.difference.abs())
            .then_with(|| a.origin.cmp(&b.origin))
            .then_with(|| a.affected.cmp(&b.affected))
    });
    Comparison {
        iim: iim.iter().map(|s| s.q.clone()).collect(),
        derived,
        fitted: fit(m, severity),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_of_departures() {
        assert_eq!(classify(0.30, 0.31), Departure::Linear);
        assert_eq!(classify(0.0, 0.2), Departure::Held);
        assert_eq!(classify(0.1, 0.2), Departure::Damped);
        assert_eq!(classify(0.5, 0.2), Departure::Amplified);
    }
}
