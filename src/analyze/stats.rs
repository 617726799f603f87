//! The few statistics the analysis needs, kept private to it (the batch runner has its
//! own; the two are to be unified).

use serde::{Deserialize, Serialize};

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

/// Wilson score interval for `k` successes in `n` trials (95 %); [0, 1] for n = 0.
pub fn wilson(k: u64, n: u64) -> Interval {
    if n == 0 {
        return Interval { lo: 0.0, hi: 1.0 };
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Interval {
        lo: (centre - half).max(0.0),
        hi: (centre + half).min(1.0),
    }
}

/// The median of `xs` (sorted here): the middle value or the mean of the two middle ones.
pub fn median(xs: &mut [f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    })
}

/// Mean with a normal 95 % interval (sample standard deviation); the interval is the
/// point for fewer than two values.
pub fn mean_interval(xs: &[f64]) -> (f64, Interval) {
    let n = xs.len();
    if n == 0 {
        return (0.0, Interval { lo: 0.0, hi: 0.0 });
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, Interval { lo: mean, hi: mean });
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let half = Z95 * (var / n as f64).sqrt();
    (
        mean,
        Interval {
            lo: mean - half,
            hi: mean + half,
        },
    )
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
