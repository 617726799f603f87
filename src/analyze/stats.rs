//! The analysis's statistics in the shape its JSON keeps (an [`Interval`] with `lo`,
//! `hi`), computed by the crate's one statistics module, [`crate::stats`].

use crate::stats;
use serde::{Deserialize, Serialize};

/// A 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

impl From<(f64, f64)> for Interval {
    fn from((lo, hi): (f64, f64)) -> Interval {
        Interval { lo, hi }
    }
}

/// Wilson score interval for `k` successes in `n` trials (95 %); [0, 1] for n = 0.
pub fn wilson(k: u64, n: u64) -> Interval {
    stats::wilson(k, n, stats::Z_95).into()
}

/// The median of `xs` (sorted here): the middle value or the mean of the two middle ones.
pub fn median(xs: &mut [f64]) -> Option<f64> {
    xs.sort_by(f64::total_cmp);
    stats::quantile_sorted(xs, 0.5)
}

/// Mean with its 95 % interval (t, sample standard deviation); the interval is the point
/// for fewer than two values, and (0, [0, 0]) for none.
pub fn mean_interval(xs: &[f64]) -> (f64, Interval) {
    let Some(mean) = stats::mean(xs) else {
        return (0.0, Interval { lo: 0.0, hi: 0.0 });
    };
    let sd = stats::sd(xs).unwrap_or(0.0);
    (mean, stats::mean_ci(mean, sd, xs.len()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_a_hand_computed_case() {
        // k = 5, n = 10, z = 1.96: centre 0.5, half = 1.96/1.384 × sqrt(0.025 + 0.0096)
        // = 1.41618 × 0.18601 = 0.26342 → [0.2366, 0.7634].
        let i = wilson(5, 10);
        assert!((i.lo - 0.2366).abs() < 1e-4, "{i:?}");
        assert!((i.hi - 0.7634).abs() < 1e-4, "{i:?}");
        let none = wilson(0, 10);
        assert_eq!(none.lo, 0.0);
        assert!(none.hi > 0.2 && none.hi < 0.35);
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn mean_interval_of_constant_values_is_a_point() {
        let (m, i) = mean_interval(&[2.0, 2.0, 2.0]);
        assert_eq!((m, i.lo, i.hi), (2.0, 2.0, 2.0));
    }
}
