//! Duration distributions for recovery times, stage durations and message delays.
//!
//! Sampling uses only IEEE-754 arithmetic and the pure-Rust `libm` functions, never the
//! platform's maths library, so the same stream gives the same minutes on every machine
//! (DESIGN.md §4).

use super::time::Minutes;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// A distribution of durations. All variants sample whole minutes (rounded to nearest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Dist {
    /// Always the same duration.
    Fixed(Minutes),
    /// Uniform between `min` and `max` inclusive.
    Uniform {
        /// Shortest duration.
        min: Minutes,
        /// Longest duration.
        max: Minutes,
    },
    /// Triangular with the given lower limit, mode and upper limit; a good default when an
    /// expert gives "at least, most likely, at most".
    Triangular {
        /// Lower limit.
        min: Minutes,
        /// Most likely duration.
        mode: Minutes,
        /// Upper limit.
        max: Minutes,
    },
    /// Log-normal with the given median and shape `sigma` (standard deviation of the log).
    /// Repair and outage durations are commonly modelled as log-normal: most repairs are
    /// quick, a few take very long.
    LogNormal {
        /// Median duration (half of the draws are shorter).
        median: Minutes,
        /// Standard deviation of the natural log of the duration; 0.5 is moderate spread.
        sigma: f64,
    },
    /// Exponential with the given mean (memoryless waiting time).
    Exponential {
        /// Mean duration.
        mean: Minutes,
    },
}

/// The longest duration a draw can give, in minutes (about 190 years).
pub const MAX_DRAW: f64 = 1.0e8;

/// A uniform draw in the open interval (0, 1) with 53 bits of precision.
pub fn unit_open(rng: &mut impl Rng) -> f64 {
    // Adding half an ulp keeps the value strictly inside (0, 1), so ln() never sees 0.
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// A Bernoulli draw: true with probability `p` (clamped to [0, 1]).
pub fn chance(rng: &mut impl Rng, p: f64) -> bool {
    unit_open(rng) < p.clamp(0.0, 1.0)
}

/// A draw from the unit exponential distribution (mean 1).
pub fn unit_exponential(rng: &mut impl Rng) -> f64 {
    -libm::log(unit_open(rng))
}

impl Dist {
    /// Draws a duration in whole minutes.
    pub fn sample(&self, rng: &mut impl Rng) -> Minutes {
        let minutes = match *self {
            Dist::Fixed(m) => m.0 as f64,
            Dist::Uniform { min, max } => {
                let (lo, hi) = (min.0.min(max.0) as f64, min.0.max(max.0) as f64);
                lo + unit_open(rng) * (hi - lo + 1.0) - 0.5
            }
            Dist::Triangular { min, mode, max } => {
                let (a, c, b) = (min.0 as f64, mode.0 as f64, max.0 as f64);
                if b <= a {
                    a
                } else {
                    let u = unit_open(rng);
                    let f = (c - a) / (b - a);
                    if u < f {
                        a + libm::sqrt(u * (b - a) * (c - a))
                    } else {
                        b - libm::sqrt((1.0 - u) * (b - a) * (b - c))
                    }
                }
            }
            Dist::LogNormal { median, sigma } => {
                median.0 as f64 * libm::exp(sigma.max(0.0) * standard_normal(rng))
            }
            Dist::Exponential { mean } => mean.0 as f64 * unit_exponential(rng),
        };
        Minutes(round_minutes(minutes))
    }

    /// The distribution's median in minutes, for documentation and reports.
    pub fn median(&self) -> Minutes {
        match *self {
            Dist::Fixed(m) => m,
            Dist::Uniform { min, max } => Minutes((min.0 + max.0) / 2),
            Dist::Triangular { min, mode, max } => {
                let (a, c, b) = (min.0 as f64, mode.0 as f64, max.0 as f64);
                if b <= a {
                    return min;
                }
                let m = if c >= (a + b) / 2.0 {
                    a + libm::sqrt((b - a) * (c - a) / 2.0)
                } else {
                    b - libm::sqrt((b - a) * (b - c) / 2.0)
                };
                Minutes(round_minutes(m))
            }
            Dist::LogNormal { median, .. } => median,
            Dist::Exponential { mean } => Minutes(round_minutes(mean.0 as f64 * libm::log(2.0))),
        }
    }

    /// Problems with the parameters (empty when valid).
    pub fn problems(&self) -> Vec<DistProblem> {
        let mut out = Vec::new();
        match *self {
            Dist::Fixed(_) | Dist::Exponential { .. } => {}
            Dist::Uniform { min, max } => {
                if min > max {
                    out.push(DistProblem::UniformOrder { min, max });
                }
            }
            Dist::Triangular { min, mode, max } => {
                if !(min <= mode && mode <= max) {
                    out.push(DistProblem::TriangularOrder { min, mode, max });
                }
            }
            Dist::LogNormal { sigma, .. } => {
                if !(sigma.is_finite() && sigma >= 0.0) {
                    out.push(DistProblem::Sigma(sigma));
                }
            }
        }
        out
    }
}

/// What is wrong with a distribution's parameters ([`Dist::problems`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DistProblem {
    /// `Uniform` with `min > max`.
    #[error("Uniform min {min} is greater than max {max}")]
    UniformOrder {
        /// The lower bound given.
        min: Minutes,
        /// The upper bound given.
        max: Minutes,
    },
    /// `Triangular` without `min ≤ mode ≤ max`.
    #[error("Triangular needs min ≤ mode ≤ max, got {min}, {mode}, {max}")]
    TriangularOrder {
        /// The lower limit given.
        min: Minutes,
        /// The mode given.
        mode: Minutes,
        /// The upper limit given.
        max: Minutes,
    },
    /// `LogNormal` with a negative or non-finite `sigma`.
    #[error("LogNormal sigma must be ≥ 0, got {0}")]
    Sigma(f64),
}

/// One draw from N(0, 1) by the Box–Muller transform.
fn standard_normal(rng: &mut impl Rng) -> f64 {
    let u1 = unit_open(rng);
    let u2 = unit_open(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
}

fn round_minutes(x: f64) -> u64 {
    if x > 0.0 {
        // Cap at ~190 years of minutes so no draw can overflow the clock: a draw that
        // overflowed to infinity (a huge sigma) is the longest, not the shortest.
        libm::round(x).min(MAX_DRAW) as u64
    } else {
        // Zero, negative, or NaN (a zero median times an infinite factor).
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn rng() -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(7)
    }

    #[test]
    fn fixed_is_fixed() {
        assert_eq!(Dist::Fixed(Minutes(42)).sample(&mut rng()), Minutes(42));
    }

    #[test]
    fn samples_stay_within_bounds() {
        let mut r = rng();
        let tri = Dist::Triangular {
            min: Minutes(60),
            mode: Minutes(120),
            max: Minutes(600),
        };
        let uni = Dist::Uniform {
            min: Minutes(10),
            max: Minutes(20),
        };
        for _ in 0..10_000 {
            let t = tri.sample(&mut r).0;
            assert!((60..=600).contains(&t), "{t}");
            let u = uni.sample(&mut r).0;
            assert!((10..=20).contains(&u), "{u}");
        }
    }

    #[test]
    fn lognormal_median_is_close_to_its_parameter() {
        let mut r = rng();
        let d = Dist::LogNormal {
            median: Minutes(240),
            sigma: 0.8,
        };
        let mut xs: Vec<u64> = (0..20_001).map(|_| d.sample(&mut r).0).collect();
        xs.sort_unstable();
        let med = xs[10_000];
        assert!((225..=255).contains(&med), "median {med}");
    }

    #[test]
    fn exponential_mean_is_close_to_its_parameter() {
        let mut r = rng();
        let d = Dist::Exponential { mean: Minutes(100) };
        let n = 20_000;
        let mean = (0..n).map(|_| d.sample(&mut r).0).sum::<u64>() as f64 / n as f64;
        assert!((96.0..104.0).contains(&mean), "mean {mean}");
    }

    #[test]
    fn invalid_parameters_are_named() {
        let bad = Dist::Triangular {
            min: Minutes(10),
            mode: Minutes(5),
            max: Minutes(20),
        };
        assert_eq!(
            bad.problems(),
            [DistProblem::TriangularOrder {
                min: Minutes(10),
                mode: Minutes(5),
                max: Minutes(20)
            }]
        );
        let bad = Dist::LogNormal {
            median: Minutes(10),
            sigma: -1.0,
        };
        assert_eq!(bad.problems(), [DistProblem::Sigma(-1.0)]);
    }

    #[test]
    fn a_draw_that_overflows_is_capped_not_zeroed() {
        let mut r = rng();
        let d = Dist::LogNormal {
            median: Minutes(60),
            sigma: 1e308,
        };
        let draws: Vec<u64> = (0..200).map(|_| d.sample(&mut r).0).collect();
        // exp(±1e308·z) is infinite or zero: each draw is the cap or nothing at all.
        assert!(draws.contains(&(MAX_DRAW as u64)), "{draws:?}");
        assert!(
            draws.iter().all(|&m| m == 0 || m == MAX_DRAW as u64),
            "{draws:?}"
        );
        assert_eq!(round_minutes(f64::INFINITY), MAX_DRAW as u64);
        assert_eq!(round_minutes(f64::NAN), 0);
        assert_eq!(round_minutes(f64::NEG_INFINITY), 0);
    }

    #[test]
    fn chance_respects_extremes() {
        let mut r = rng();
        assert!((0..1000).all(|_| chance(&mut r, 1.0)));
        assert!((0..1000).all(|_| !chance(&mut r, 0.0)));
    }
}
