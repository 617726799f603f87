//! Statistics of Monte Carlo results: mean, standard deviation, quantiles, the confidence
//! interval of a mean, the Wilson interval of a proportion and paired differences.
//!
//! Every function is a plain computation over a slice, in a fixed order, so the same
//! values give the same bits; `batch::summary` computes the same figures over a file too
//! large to hold, and its tests check it against these. Shared by the batch runner and
//! the interdependency analysis, so both state one interval the same way.

/// z of a two-sided 95% interval: the 0.975 quantile of the standard normal.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// The arithmetic mean: Σx / n, summed in order. None for no values.
pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    Some(xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The sample standard deviation: √(Σ(x − mean)² / (n − 1)), two passes in order; 0 for
/// one value, None for none.
pub fn sd(xs: &[f64]) -> Option<f64> {
    let m = mean(xs)?;
    Some(sd_about(xs.iter().copied(), m, xs.len()))
}

/// √(Σ(x − m)² / (n − 1)) over `xs` (0 when n < 2): the second pass of [`sd`].
pub fn sd_about(xs: impl Iterator<Item = f64>, m: f64, n: usize) -> f64 {
    if n < 2 {
        return 0.0;
    }
    let ss: f64 = xs.map(|x| (x - m) * (x - m)).sum();
    (ss / (n - 1) as f64).sqrt()
}

/// The `p`-quantile of sorted values by linear interpolation between order statistics
/// (Hyndman & Fan type 7, the default of R's `quantile` and of numpy): with
/// h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). None for no values.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let (lo, hi, frac) = quantile_ranks(sorted.len(), p);
    Some(interpolate(sorted[lo], sorted[hi], frac))
}

/// The two order statistics (0-based ranks) that the type-7 `p`-quantile of `n` values
/// lies between, and the weight of the upper one.
pub fn quantile_ranks(n: usize, p: f64) -> (usize, usize, f64) {
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    (lo, hi, h - lo as f64)
}

/// a + frac·(b − a), exactly a when frac is 0 (so a quantile on an order statistic is
/// that value, bit for bit).
pub fn interpolate(a: f64, b: f64, frac: f64) -> f64 {
    if frac == 0.0 { a } else { a + frac * (b - a) }
}

/// The `p`-quantile of Student's t distribution with `df` degrees of freedom: exact for
/// 1 and 2 degrees, otherwise the Cornish–Fisher expansion in 1/df to the fourth order
/// (Abramowitz & Stegun 26.7.5), within 10⁻³ of the exact value from 3 degrees on and
/// within 10⁻⁶ from 30 on.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if df <= 1.0 {
        return (std::f64::consts::PI * (p - 0.5)).tan();
    }
    if df <= 2.0 {
        return (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
    }
    let z = normal_quantile(p);
    let (z2, z3) = (z * z, z * z * z);
    let z5 = z3 * z2;
    let z7 = z5 * z2;
    let z9 = z7 * z2;
    z + (z3 + z) / (4.0 * df)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * df.powi(3))
        + (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / (92160.0 * df.powi(4))
}

/// The `p`-quantile of the standard normal (Acklam's rational approximation refined by
/// one Halley step on `libm::erfc`: accurate to about 10⁻¹⁵).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // One Halley step: e is the error of Φ(x) against p.
    let e = 0.5 * libm::erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// The 95% confidence interval of a mean from `n` values with mean `m` and sample
/// standard deviation `s`: m ± t(0.975, n − 1)·s/√n. For one value, (m, m).
pub fn mean_ci(m: f64, s: f64, n: usize) -> (f64, f64) {
    if n < 2 {
        return (m, m);
    }
    let half = t_quantile(0.975, (n - 1) as f64) * s / (n as f64).sqrt();
    (m - half, m + half)
}

/// The Wilson score interval of a proportion of `k` successes in `n` trials at normal
/// quantile `z` (use [`Z_95`]): it stays inside [0, 1] and is sound at k = 0 or k = n,
/// where the normal interval collapses. (0, 1) for no trials.
pub fn wilson(k: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let d = 1.0 + z2 / n;
    (
        ((centre - half) / d).max(0.0),
        ((centre + half) / d).min(1.0),
    )
}

/// What a batch reports of one metric: n, mean, standard deviation, min, the 5th, 50th
/// and 95th percentiles, max and the 95% interval of the mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Number of values (runs where the metric has a value).
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Smallest value.
    pub min: f64,
    /// 5th percentile (type 7).
    pub p5: f64,
    /// Median (type 7).
    pub p50: f64,
    /// 95th percentile (type 7).
    pub p95: f64,
    /// Largest value.
    pub max: f64,
    /// Lower end of the 95% interval of the mean.
    pub ci_low: f64,
    /// Upper end of the 95% interval of the mean.
    pub ci_high: f64,
}

impl Summary {
    /// The summary of `xs` (in their order: the mean is summed in it). None for none.
    pub fn of(xs: &[f64]) -> Option<Summary> {
        let m = mean(xs)?;
        let s = sd_about(xs.iter().copied(), m, xs.len());
        let mut sorted = xs.to_vec();
        sorted.sort_by(f64::total_cmp);
        let q = |p| quantile_sorted(&sorted, p).unwrap_or(m);
        let (ci_low, ci_high) = mean_ci(m, s, xs.len());
        Some(Summary {
            n: xs.len() as u64,
            mean: m,
            sd: s,
            min: sorted[0],
            p5: q(0.05),
            p50: q(0.5),
            p95: q(0.95),
            max: sorted[sorted.len() - 1],
            ci_low,
            ci_high,
        })
    }
}

/// A proportion with its Wilson 95% interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Proportion {
    /// Successes.
    pub k: u64,
    /// Trials.
    pub n: u64,
    /// k / n (0 for no trials).
    pub p: f64,
    /// Lower end of the Wilson interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Proportion {
    /// `k` of `n` with its Wilson 95% interval.
    pub fn new(k: u64, n: u64) -> Proportion {
        let (low, high) = wilson(k, n, Z_95);
        Proportion {
            k,
            n,
            p: if n == 0 { 0.0 } else { k as f64 / n as f64 },
            low,
            high,
        }
    }
}

/// The mean paired difference b − a over pairs with both values, its standard deviation
/// and 95% interval: what common random numbers make sharp. None without pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paired {
    /// Number of pairs.
    pub n: u64,
    /// Mean of the differences.
    pub mean: f64,
    /// Their sample standard deviation.
    pub sd: f64,
    /// Lower end of the 95% interval of the mean difference.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
}

impl Paired {
    /// The paired differences `b[i] − a[i]`, over the `i` where both are finite.
    pub fn of(a: &[f64], b: &[f64]) -> Option<Paired> {
        let d: Vec<f64> = a
            .iter()
            .zip(b)
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|(x, y)| y - x)
            .collect();
        let m = mean(&d)?;
        let s = sd_about(d.iter().copied(), m, d.len());
        Some(Paired::from_moments(d.len() as u64, m, s))
    }

    /// From n, mean and sd of the differences.
    pub fn from_moments(n: u64, mean: f64, sd: f64) -> Paired {
        let (ci_low, ci_high) = mean_ci(mean, sd, n as usize);
        Paired {
            n,
            mean,
            sd,
            ci_low,
            ci_high,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol, "{a} vs {b} (tolerance {tol})");
    }

    #[test]
    fn mean_and_sd_of_a_small_sample() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 40/8 = 5; Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32;
        // sd = √(32/7) = 2.138089935299395.
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&xs), Some(5.0));
        close(sd(&xs).unwrap(), 2.138_089_935_299_395, 1e-15);
        assert_eq!(mean(&[]), None);
        assert_eq!(sd(&[3.0]), Some(0.0));
    }

    #[test]
    fn quantiles_are_type_7() {
        // R: quantile(1:10, c(.05, .5, .95)) = 1.45, 5.5, 9.55.
        let xs: Vec<f64> = (1..=10).map(f64::from).collect();
        close(quantile_sorted(&xs, 0.05).unwrap(), 1.45, 1e-12);
        assert_eq!(quantile_sorted(&xs, 0.5), Some(5.5));
        close(quantile_sorted(&xs, 0.95).unwrap(), 9.55, 1e-12);
        assert_eq!(quantile_sorted(&xs, 0.0), Some(1.0));
        assert_eq!(quantile_sorted(&xs, 1.0), Some(10.0));
        assert_eq!(quantile_sorted(&[7.0], 0.95), Some(7.0));
    }

    #[test]
    fn normal_and_t_quantiles_match_tables() {
        close(normal_quantile(0.975), Z_95, 1e-12);
        close(normal_quantile(0.5), 0.0, 1e-15);
        close(normal_quantile(0.001), -3.090_232_306_167_813, 1e-12);
        // R: qt(0.975, c(1, 2, 3, 5, 10, 30, 100)).
        close(t_quantile(0.975, 1.0), 12.706_204_736_174_7, 1e-9);
        close(t_quantile(0.975, 2.0), 4.302_652_729_749_464, 1e-12);
        close(t_quantile(0.975, 3.0), 3.182_446_305_284_263, 1e-2);
        close(t_quantile(0.975, 5.0), 2.570_581_835_636_314, 2e-3);
        close(t_quantile(0.975, 10.0), 2.228_138_851_986_274, 1e-4);
        close(t_quantile(0.975, 30.0), 2.042_272_456_301_238, 1e-6);
        close(t_quantile(0.975, 100.0), 1.983_971_518_523_552, 1e-8);
    }

    #[test]
    fn the_mean_interval_uses_t() {
        // n = 8, mean 5, sd 2.138…: 5 ± qt(.975, 7)·sd/√8 with qt = 2.364624251592785.
        let (lo, hi) = mean_ci(5.0, 2.138_089_935_299_395, 8);
        close(
            lo,
            5.0 - 2.364_624_251_592_785 * 2.138_089_935_299_395 / 8f64.sqrt(),
            1e-3,
        );
        close(hi + lo, 10.0, 1e-12);
        assert_eq!(mean_ci(3.0, 0.0, 1), (3.0, 3.0));
    }

    #[test]
    fn wilson_matches_reference_values() {
        // 8 of 10 (Wilson 1927; R's prop.test(8, 10, correct = FALSE)$conf.int):
        // 0.4901625, 0.9433178.
        let (lo, hi) = wilson(8, 10, Z_95);
        close(lo, 0.490_162_5, 1e-7);
        close(hi, 0.943_317_8, 1e-7);
        // 0 of 20: (0, z²/(n + z²)) = 3.8415/23.8415 = 0.1611252.
        let (lo, hi) = wilson(0, 20, Z_95);
        assert_eq!(lo, 0.0);
        close(hi, 0.161_125_2, 1e-7);
        assert_eq!(wilson(0, 0, Z_95), (0.0, 1.0));
        let p = Proportion::new(5, 10);
        assert_eq!(p.p, 0.5);
        close(p.low + p.high, 1.0, 1e-12);
    }

    #[test]
    fn summary_of_one_to_twenty() {
        let xs: Vec<f64> = (1..=20).map(f64::from).collect();
        let s = Summary::of(&xs).unwrap();
        // mean 10.5; sd = √(665/19) = 5.916079783099616; p5 = 1 + 0.95 = 1.95.
        assert_eq!((s.n, s.mean, s.min, s.max), (20, 10.5, 1.0, 20.0));
        close(s.sd, 5.916_079_783_099_616, 1e-12);
        close(s.p5, 1.95, 1e-12);
        assert_eq!(s.p50, 10.5);
        close(s.p95, 19.05, 1e-12);
        assert!(s.ci_low < 10.5 && s.ci_high > 10.5);
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn identical_pairs_differ_by_exactly_zero() {
        let a = [1.5, 2.25, 9.0];
        let p = Paired::of(&a, &a).unwrap();
        assert_eq!(
            (p.n, p.mean, p.sd, p.ci_low, p.ci_high),
            (3, 0.0, 0.0, 0.0, 0.0)
        );
        // b − a = 1, 2, 3: mean 2, sd 1.
        let q = Paired::of(&[0.0, 0.0, 0.0], &[1.0, 2.0, 3.0]).unwrap();
        assert_eq!((q.mean, q.sd), (2.0, 1.0));
        // A missing value drops its pair.
        let r = Paired::of(&[0.0, f64::NAN], &[1.0, 5.0]).unwrap();
        assert_eq!((r.n, r.mean), (1, 1.0));
    }
}
