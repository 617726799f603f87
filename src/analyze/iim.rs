//! The Inoperability Input-Output Model (Haimes & Jiang 2001; Santos & Haimes 2004;
//! Lian & Haimes 2006), solved with nalgebra.
//!
//! * Static: `q = A*q + c*`, i.e. `q = (I − A*)⁻¹ c*`, with every inoperability capped at 1.
//!   The cap is iterated to a fixed point by active sets: solve the free systems exactly
//!   (LU), fix at 1 every system whose value exceeds 1, solve the rest again with the
//!   capped ones as a constant input, release a capped system whose input falls below 1;
//!   stop when the set no longer changes. The result satisfies `q = min(1, A*q + c*)`.
//! * Dynamic (Lian & Haimes 2006, the discrete DIIM): `q(t + Δt) = q(t) + Δt·K(A*q(t) +
//!   c* − q(t))`, each step clamped to [0, 1]. With `Δt·kᵢ ≤ 1` and a convergent A* the
//!   steps converge to the static, capped fixed point.

use nalgebra::{DMatrix, DVector};
use serde::{Deserialize, Serialize};

/// Why an IIM could not be solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IimError {
    /// The sizes of A*, c*, K or q(0) disagree.
    #[error("size mismatch: {0}")]
    Size(String),
    /// `I − A*` (or a block of it) is singular.
    #[error(
        "I − A* is singular: the interdependency matrix has a spectral radius of 1 or more, so no finite inoperability balances it; lower the strongest coefficients"
    )]
    Singular,
    /// A coefficient is outside [0, 1] or not finite.
    #[error("{0}")]
    Value(String),
}

/// An interdependency matrix with the names of its systems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interdependency {
    /// One name per system (sector or operator), in row order.
    pub names: Vec<String>,
    /// `a[i][j]`: the inoperability of `i` caused by a full inoperability of `j`.
    pub a: Vec<Vec<f64>>,
}

impl Interdependency {
    /// The matrix as nalgebra's.
    pub fn matrix(&self) -> DMatrix<f64> {
        let n = self.names.len();
        DMatrix::from_fn(n, n, |i, j| self.a[i][j])
    }

    /// Checks the shape and that every coefficient is finite and in [0, 1].
    pub fn check(&self) -> Result<(), IimError> {
        let n = self.names.len();
        if self.a.len() != n {
            return Err(IimError::Size(format!(
                "{n} names but {} rows",
                self.a.len()
            )));
        }
        for (i, row) in self.a.iter().enumerate() {
            if row.len() != n {
                return Err(IimError::Size(format!(
                    "row {} ({}) has {} values, expected {n}",
                    i + 1,
                    self.names[i],
                    row.len()
                )));
            }
            for (j, v) in row.iter().enumerate() {
                if !v.is_finite() || *v < 0.0 || *v > 1.0 {
                    return Err(IimError::Value(format!(
                        "a[{}][{}] = {v} ({} on {}) is outside [0, 1]",
                        i + 1,
                        j + 1,
                        self.names[i],
                        self.names[j]
                    )));
                }
            }
        }
        Ok(())
    }
}

/// The static solution.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaticSolution {
    /// Inoperability per system, in [0, 1].
    pub q: Vec<f64>,
    /// Which systems the cap holds at 1.
    pub capped: Vec<bool>,
    /// Active-set iterations until the capped set stopped changing (1: no cap needed).
    pub iterations: usize,
}

fn square(a: &DMatrix<f64>, c: &DVector<f64>) -> Result<usize, IimError> {
    let n = a.nrows();
    if a.ncols() != n || c.len() != n {
        return Err(IimError::Size(format!(
            "A* is {}×{}, c* has {} entries",
            a.nrows(),
            a.ncols(),
            c.len()
        )));
    }
    Ok(n)
}

/// Solves `q = min(1, A*q + c*)` (see the module docs).
pub fn solve_static(a: &DMatrix<f64>, c: &DVector<f64>) -> Result<StaticSolution, IimError> {
    let n = square(a, c)?;
    let mut capped = vec![false; n];
    let mut q = DVector::zeros(n);
    // Each round moves at least one system in or out of the capped set; a set seen twice
    // would cycle, so the bound is generous.
    for iterations in 1..=4 * n + 2 {
        let free: Vec<usize> = (0..n).filter(|&i| !capped[i]).collect();
        let fixed: Vec<usize> = (0..n).filter(|&i| capped[i]).collect();
        if !free.is_empty() {
            // (I − A_FF) q_F = c_F + A_FS · 1
            let a_ff = a.select_rows(&free).select_columns(&free);
            let mut rhs = c.select_rows(&free);
            if !fixed.is_empty() {
                let a_fs = a.select_rows(&free).select_columns(&fixed);
                rhs += a_fs * DVector::from_element(fixed.len(), 1.0);
            }
            let m = DMatrix::identity(free.len(), free.len()) - a_ff;
            let q_f = m.lu().solve(&rhs).ok_or(IimError::Singular)?;
            if q_f.iter().any(|x| !x.is_finite()) {
                return Err(IimError::Singular);
            }
            for (k, &i) in free.iter().enumerate() {
                q[i] = q_f[k];
            }
        }
        for &i in &fixed {
            q[i] = 1.0;
        }
        let input = a * &q + c;
        let mut changed = false;
        for i in 0..n {
            let over = !capped[i] && q[i] > 1.0 + 1e-12;
            let release = capped[i] && input[i] < 1.0 - 1e-12;
            if over || release {
                capped[i] = !capped[i];
                changed = true;
            }
        }
        if !changed {
            return Ok(StaticSolution {
                q: q.iter().map(|x| x.clamp(0.0, 1.0)).collect(),
                capped,
                iterations,
            });
        }
    }
    Err(IimError::Singular)
}

/// How the dynamic model is stepped.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stepping {
    /// Time step Δt (hours in rensa's derived models).
    pub dt: f64,
    /// Number of steps.
    pub steps: usize,
}

/// The dynamic trajectory: `q` at `t = k·Δt` for k = 0..=steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trajectory {
    /// Step Δt.
    pub dt: f64,
    /// `q[k][i]`: system `i` at step `k`.
    pub q: Vec<Vec<f64>>,
}

impl Trajectory {
    /// The last state.
    pub fn last(&self) -> &[f64] {
        self.q.last().map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Steps `q(t + Δt) = clamp(q + Δt·K(A*q + c* − q), 0, 1)` from `q0`; `k` is the diagonal
/// of K (resilience coefficients).
pub fn solve_dynamic(
    a: &DMatrix<f64>,
    c: &DVector<f64>,
    k: &[f64],
    q0: &[f64],
    stepping: Stepping,
) -> Result<Trajectory, IimError> {
    let n = square(a, c)?;
    if k.len() != n || q0.len() != n {
        return Err(IimError::Size(format!(
            "{n} systems, K has {} entries, q(0) {}",
            k.len(),
            q0.len()
        )));
    }
    if let Some(bad) = k.iter().find(|x| !x.is_finite() || **x < 0.0) {
        return Err(IimError::Value(format!(
            "resilience coefficient {bad} is negative or not finite"
        )));
    }
    if !(stepping.dt.is_finite() && stepping.dt > 0.0) {
        return Err(IimError::Value(format!(
            "time step {} must be positive",
            stepping.dt
        )));
    }
    let kdt = DMatrix::from_diagonal(&DVector::from_iterator(
        n,
        k.iter().map(|x| x * stepping.dt),
    ));
    let mut q = DVector::from_column_slice(q0);
    let mut out = Vec::with_capacity(stepping.steps + 1);
    out.push(q.iter().copied().collect::<Vec<_>>());
    for _ in 0..stepping.steps {
        let dq = &kdt * (a * &q + c - &q);
        q += dq;
        q.apply(|x| *x = x.clamp(0.0, 1.0));
        out.push(q.iter().copied().collect());
    }
    Ok(Trajectory {
        dt: stepping.dt,
        q: out,
    })
}

/// What is wrong in a perturbation-vector file, at `line:col` (1-based; `line` 0 for the
/// file as a whole). Words are the CLI's (present/cli.rs).
#[derive(Debug, Clone, PartialEq)]
pub struct VectorError {
    /// The line (1-based), 0 for the whole file.
    pub line: u64,
    /// The column (1-based, in characters).
    pub col: usize,
    /// What is wrong there.
    pub problem: VectorProblem,
}

/// The kinds of [`VectorError`].
#[derive(Debug, Clone, PartialEq)]
pub enum VectorProblem {
    /// A line without its comma.
    NameAndValue,
    /// A name that is no system of A*.
    UnknownSystem {
        /// The name found.
        id: String,
        /// The nearest name, when likely a typo.
        suggestion: Option<String>,
    },
    /// A value that is not a number in [0, 1].
    NotAFraction {
        /// The text found.
        found: String,
    },
    /// A system given twice.
    Twice {
        /// The name.
        id: String,
    },
    /// No system perturbed at all.
    Empty,
}

/// A perturbation vector `c*` from a file of `name,value` lines (blank lines and lines
/// starting with `#` are skipped): one value in [0, 1] per named system, 0 for systems the
/// file leaves out, so that several sectors can be perturbed at once. `names` are A*'s
/// systems in row order. A problem names its line and column, with a did-you-mean for an
/// unknown name.
pub fn parse_perturbation_vector(text: &str, names: &[String]) -> Result<Vec<f64>, VectorError> {
    let err = |line: usize, col: usize, problem| VectorError {
        line: line as u64,
        col,
        problem,
    };
    let mut c: Vec<Option<f64>> = vec![None; names.len()];
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim_start_matches('\u{feff}');
        let lead = line.len() - line.trim_start().len();
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((id, value)) = line.split_once(',') else {
            return Err(err(line_no, lead + 1, VectorProblem::NameAndValue));
        };
        let id = id.trim();
        let Some(i) = names.iter().position(|x| x == id) else {
            let suggestion = crate::suggest::did_you_mean(id, names.iter().map(String::as_str))
                .map(str::to_string);
            return Err(err(
                line_no,
                lead + 1,
                VectorProblem::UnknownSystem {
                    id: id.to_string(),
                    suggestion,
                },
            ));
        };
        let comma = line.find(',').unwrap_or(0);
        let col =
            lead + line[..comma].chars().count() + 2 + (value.len() - value.trim_start().len());
        let value = value.trim();
        let v = value
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && (0.0..=1.0).contains(v))
            .ok_or_else(|| {
                err(
                    line_no,
                    col,
                    VectorProblem::NotAFraction {
                        found: value.to_string(),
                    },
                )
            })?;
        if c[i].replace(v).is_some() {
            return Err(err(
                line_no,
                lead + 1,
                VectorProblem::Twice { id: id.to_string() },
            ));
        }
    }
    if c.iter().all(Option::is_none) {
        return Err(err(0, 0, VectorProblem::Empty));
    }
    Ok(c.into_iter().map(|x| x.unwrap_or(0.0)).collect())
}

/// The resilience coefficient of a system that recovers from `q(0)` to `q(T) = q(0)/100`
/// in `t` time units with self-dependency `a_ii` (Lian & Haimes 2006, eq. for kᵢ):
/// `k = ln(q(0)/q(T)) / (T (1 − a_ii))`.
pub fn resilience_from_recovery(t: f64, a_ii: f64) -> f64 {
    if t <= 0.0 || a_ii >= 1.0 {
        return 0.0;
    }
    (100f64).ln() / (t * (1.0 - a_ii))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_interdependency_gives_the_perturbation_back() {
        let a = DMatrix::zeros(3, 3);
        let c = DVector::from_vec(vec![0.2, 0.0, 0.7]);
        let s = solve_static(&a, &c).unwrap();
        assert_eq!(s.q, vec![0.2, 0.0, 0.7]);
        assert_eq!(s.iterations, 1);
    }

    #[test]
    fn a_singular_system_is_an_error_not_a_panic() {
        // I − A = [[1, −1], [−1, 1]] is singular.
        let a = DMatrix::from_row_slice(2, 2, &[0.0, 1.0, 1.0, 0.0]);
        let c = DVector::from_vec(vec![0.0, 0.0]);
        assert_eq!(solve_static(&a, &c), Err(IimError::Singular));
    }

    #[test]
    fn a_perturbation_vector_names_its_systems_and_leaves_the_rest_at_zero() {
        let names: Vec<String> = ["power", "telecom", "water"].map(String::from).to_vec();
        let c = parse_perturbation_vector("# c*\npower,0.5\n\nwater, 0.25\n", &names);
        assert_eq!(c, Ok(vec![0.5, 0.0, 0.25]));
        let at = |line, col, problem| Err(VectorError { line, col, problem });
        let typo = parse_perturbation_vector("power,0.5\ntelecon,0.1\n", &names);
        let suggestion = Some("telecom".to_string());
        let id = "telecon".to_string();
        assert_eq!(
            typo,
            at(2, 1, VectorProblem::UnknownSystem { id, suggestion })
        );
        let big = parse_perturbation_vector("water, 1.5\n", &names);
        let found = "1.5".to_string();
        assert_eq!(big, at(1, 8, VectorProblem::NotAFraction { found }));
        let twice = parse_perturbation_vector("water,0.1\nwater,0.2\n", &names);
        let id = "water".to_string();
        assert_eq!(twice, at(2, 1, VectorProblem::Twice { id }));
        let comma = parse_perturbation_vector("  water 0.1\n", &names);
        assert_eq!(comma, at(1, 3, VectorProblem::NameAndValue));
        let none = parse_perturbation_vector("# nothing\n", &names);
        assert_eq!(none, at(0, 0, VectorProblem::Empty));
    }

    #[test]
    fn resilience_recovers_to_one_percent_in_the_time_given() {
        let k = resilience_from_recovery(10.0, 0.0);
        // dq/dt = −k q: q(10) = q(0) e^{−10k} = q(0)/100.
        assert!(((-10.0 * k).exp() - 0.01).abs() < 1e-12);
    }
}
