//! The Inoperability Input-Output Model against its published worked examples and against
//! hand-solved systems.

use nalgebra::{DMatrix, DVector};
use rensa::analyze::iim::{Stepping, solve_dynamic, solve_static};

fn m(n: usize, rows: &[f64]) -> DMatrix<f64> {
    DMatrix::from_row_slice(n, n, rows)
}

fn v(xs: &[f64]) -> DVector<f64> {
    DVector::from_column_slice(xs)
}

fn assert_3dp(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() < 5e-4,
            "got {got:?}, want {want:?} to three decimals"
        );
    }
}

/// Haimes, Y. Y. & Jiang, P. (2001), "Leontief-based model of risk in complex
/// interconnected infrastructures", Journal of Infrastructure Systems 7(1):1–12, the
/// two-system example: A* = [[0, 0.8], [0.2, 0]], c* = [0, 0.6] gives q = [0.571, 0.714].
/// By hand: q₂ = 0.2 q₁ + 0.6 and q₁ = 0.8 q₂, so q₂ = 0.6 / 0.84 = 0.7143, q₁ = 0.5714.
#[test]
fn haimes_jiang_2001_two_systems() {
    let s = solve_static(&m(2, &[0.0, 0.8, 0.2, 0.0]), &v(&[0.0, 0.6])).unwrap();
    assert_3dp(&s.q, &[0.571, 0.714]);
    assert_eq!(s.capped, vec![false, false]);
}

/// Haimes & Jiang (2001), the four-system example: A* = [[0, 0.9, 0, 0], [0.4, 0, 0, 0],
/// [1.0, 0.8, 0, 0], [1.0, 0.9, 0, 0]], c* = [0, 0.5, 0, 0] gives q ≈ [0.70, 0.78, 1, 1]: the
/// cap is active. By hand: q₂ = 0.4 q₁ + 0.5, q₁ = 0.9 q₂ → q₂ = 0.5 / 0.64 = 0.78125,
/// q₁ = 0.703125; uncapped q₃ = q₁ + 0.8 q₂ = 1.328 and q₄ = q₁ + 0.9 q₂ = 1.406, both
/// capped at 1.
#[test]
fn haimes_jiang_2001_four_systems_with_the_cap() {
    let a = m(
        4,
        &[
            0.0, 0.9, 0.0, 0.0, //
            0.4, 0.0, 0.0, 0.0, //
            1.0, 0.8, 0.0, 0.0, //
            1.0, 0.9, 0.0, 0.0,
        ],
    );
    let s = solve_static(&a, &v(&[0.0, 0.5, 0.0, 0.0])).unwrap();
    assert_3dp(&s.q, &[0.703, 0.781, 1.0, 1.0]);
    // The published figures, to their two decimals.
    assert_eq!(
        s.q.iter()
            .map(|x| (x * 100.0).round() / 100.0)
            .collect::<Vec<_>>(),
        vec![0.70, 0.78, 1.0, 1.0]
    );
    assert_eq!(s.capped, vec![false, false, true, true]);
}

/// Lian, C. & Haimes, Y. Y. (2006), "Managing the risk of terrorism to interdependent
/// infrastructure systems through the dynamic inoperability input–output model", Systems
/// Engineering 9(3):241–258, the two-sector example: A* = [[0.15, 0.50], [0.10, 0.05]],
/// c* = [0, 0.1] gives q = [0.066, 0.112]. By hand: det(I − A*) = 0.85 × 0.95 − 0.05 =
/// 0.7575; q₁ = 0.5 × 0.1 / 0.7575 = 0.0660, q₂ = 0.85 × 0.1 / 0.7575 = 0.1122.
#[test]
fn lian_haimes_2006_static() {
    let s = solve_static(&m(2, &[0.15, 0.50, 0.10, 0.05]), &v(&[0.0, 0.1])).unwrap();
    assert_3dp(&s.q, &[0.066, 0.112]);
}

/// Lian & Haimes (2006), the dynamic form with K = diag(0.2, 0.2) from q(0) = 0 and a
/// constant c*: it converges to the static q.
#[test]
fn lian_haimes_2006_dynamic_converges_to_the_static_solution() {
    let a = m(2, &[0.15, 0.50, 0.10, 0.05]);
    let c = v(&[0.0, 0.1]);
    let t = solve_dynamic(
        &a,
        &c,
        &[0.2, 0.2],
        &[0.0, 0.0],
        Stepping {
            dt: 1.0,
            steps: 200,
        },
    )
    .unwrap();
    assert_3dp(t.last(), &[0.066, 0.112]);
    // First step by hand: q(1) = 0 + 0.2 × (A*·0 + c* − 0) = [0, 0.02].
    assert_eq!(t.q[1], vec![0.0, 0.1 * 0.2]);
    // It rises monotonically towards the fixed point (no overshoot with these K).
    assert!(t.q.windows(2).all(|w| w[1][1] >= w[0][1] - 1e-15));
    let s = solve_static(&a, &c).unwrap();
    for (d, q) in t.last().iter().zip(&s.q) {
        assert!((d - q).abs() < 1e-9);
    }
}

/// Recovery: from the static q with c* removed, the inoperability decays to zero.
#[test]
fn dynamic_recovery_from_a_perturbed_state_returns_to_zero() {
    let a = m(2, &[0.15, 0.50, 0.10, 0.05]);
    let t = solve_dynamic(
        &a,
        &v(&[0.0, 0.0]),
        &[0.2, 0.2],
        &[0.066, 0.112],
        Stepping {
            dt: 1.0,
            steps: 300,
        },
    )
    .unwrap();
    assert!(t.last().iter().all(|x| *x < 1e-9), "{:?}", t.last());
}

/// A hand-solved 2×2 system with exact binary fractions: A* = [[0, 0.5], [0.5, 0]],
/// c* = [0.375, 0]. q₁ = 0.5 q₂ + 0.375, q₂ = 0.5 q₁ → q₁ = 0.375 / 0.75 = 0.5,
/// q₂ = 0.25, exactly.
#[test]
fn hand_solved_two_by_two_exactly() {
    let s = solve_static(&m(2, &[0.0, 0.5, 0.5, 0.0]), &v(&[0.375, 0.0])).unwrap();
    assert_eq!(s.q, vec![0.5, 0.25]);
}

/// A hand-solved 2×2 system whose cap is active: A* = [[0, 0.5], [1, 0]], c* = [0.75, 0].
/// Uncapped: q₁ = 0.5 q₂ + 0.75, q₂ = q₁ → q₁ = q₂ = 1.5. Capping q₁ at 1 gives q₂ = 1,
/// and q₁'s input 0.5 + 0.75 = 1.25 ≥ 1 keeps it capped; q₂ = 1 then is exactly the cap
/// too (its input is 1). Result [1, 1].
#[test]
fn hand_solved_two_by_two_with_the_cap() {
    let s = solve_static(&m(2, &[0.0, 0.5, 1.0, 0.0]), &v(&[0.75, 0.0])).unwrap();
    assert_eq!(s.q, vec![1.0, 1.0]);
}

/// A triangular system needs no inverse by hand: A* = [[0, 0], [0.5, 0]], c* = [0.5, 0.25]:
/// q₁ = 0.5, q₂ = 0.25 + 0.25 = 0.5.
#[test]
fn hand_solved_chain_exactly() {
    let s = solve_static(&m(2, &[0.0, 0.0, 0.5, 0.0]), &v(&[0.5, 0.25])).unwrap();
    assert_eq!(s.q, vec![0.5, 0.5]);
}

proptest::proptest! {
    /// For any non-negative A* whose rows sum below 1 and any c* in [0, 1], the static
    /// solution is the capped fixed point: q = min(1, A*q + c*), every q in [0, 1].
    #[test]
    fn the_static_solution_is_the_capped_fixed_point(
        n in 1usize..7,
        raw in proptest::collection::vec(0.0f64..1.0, 49),
        cs in proptest::collection::vec(0.0f64..1.0, 7),
        scale in 0.05f64..0.99,
    ) {
        let mut a = DMatrix::from_fn(n, n, |i, j| raw[i * 7 + j]);
        for i in 0..n {
            let s: f64 = a.row(i).sum();
            if s > 0.0 {
                for j in 0..n {
                    a[(i, j)] *= scale / s;
                }
            }
        }
        let c = DVector::from_iterator(n, cs.iter().take(n).copied());
        let s = solve_static(&a, &c).unwrap();
        let q = DVector::from_column_slice(&s.q);
        let input = &a * &q + &c;
        for i in 0..n {
            proptest::prop_assert!((0.0..=1.0).contains(&s.q[i]));
            proptest::prop_assert!((s.q[i] - input[i].min(1.0)).abs() < 1e-9, "{:?} {:?}", s.q, input);
        }
    }
}
