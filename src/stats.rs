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

/// The `p`-quantile of Student's t distribution with `df` degrees of freedom, exact to
/// about 10⁻¹³ relative (tested to 10⁻¹² against 40-digit reference values from 3 to 10⁹
/// degrees and tails from 10⁻¹⁰), computed with IEEE arithmetic and `libm` only, so it
/// is the same bits on every machine: closed forms for 1 and 2 degrees; up to 4,000
/// degrees Newton's method, kept inside a bracket, on the exact upper tail
/// ½·I_{ν/(ν+t²)}(ν/2, ½) (the regularised incomplete beta function by its continued
/// fraction), started from the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5);
/// past 4,000 degrees that expansion itself, whose error (of order ν⁻⁵) is then below
/// 10⁻¹⁴ while the continued fraction near x = 1 would lose digits. NaN for a `df` that
/// is not positive.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if p.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    // The upper tail q = P(T > t) of |t|: 1 − p is exact for p ≥ ½ (Sterbenz).
    let (q, sign) = if p > 0.5 { (1.0 - p, 1.0) } else { (p, -1.0) };
    let t = if df == 1.0 {
        // Cauchy: t = cot(πq).
        1.0 / libm::tan(std::f64::consts::PI * q)
    } else if df == 2.0 {
        // t = (1 − 2q) / √(2q(1 − q)).
        (1.0 - 2.0 * q) / (2.0 * q * (1.0 - q)).sqrt()
    } else if df > 4000.0 {
        cornish_fisher(q, df)
    } else {
        t_upper_inverse(q, df)
    };
    sign * t
}

/// The Cornish–Fisher expansion in 1/ν to the fourth order (A&S 26.7.5) of the t whose
/// upper tail is `q` (from the normal quantile of the tail itself: 1 − q would round a
/// small tail away).
fn cornish_fisher(q: f64, df: f64) -> f64 {
    let z = -normal_quantile(q);
    let (z2, z3) = (z * z, z * z * z);
    let z5 = z3 * z2;
    let z7 = z5 * z2;
    let z9 = z7 * z2;
    let (d2, d3) = (df * df, df * df * df);
    let d4 = d2 * d2;
    z + (z3 + z) / (4.0 * df)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * d2)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * d3)
        + (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / (92160.0 * d4)
}

/// The t > 0 whose upper tail P(T > t) with ν = `df` degrees is `q` (0 < q < ½).
fn t_upper_inverse(q: f64, df: f64) -> f64 {
    let tail = |t: f64| t_upper(t, df);
    // A bracket [lo, hi] with tail(lo) ≥ q > tail(hi): the tail falls as t grows.
    let start = cornish_fisher(q, df);
    let mut t = if start.is_finite() && start > 0.0 {
        start
    } else {
        1.0
    };
    let (mut lo, mut hi) = (0.0f64, f64::INFINITY);
    for _ in 0..200 {
        let e = tail(t) - q;
        if e == 0.0 {
            return t;
        }
        if e > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        // Newton: the tail's derivative is minus the density.
        let step = e / t_density(t, df);
        let mut next = t + step;
        if !(next > lo && next < hi && next.is_finite()) {
            next = if hi.is_finite() {
                lo + (hi - lo) / 2.0
            } else {
                2.0 * t.max(1.0)
            };
        }
        if (next - t).abs() <= 4.0 * f64::EPSILON * t {
            return next;
        }
        t = next;
    }
    t
}

/// P(T > t) for t ≥ 0 with ν = `df` degrees: ½·I_x(ν/2, ½) with x = ν/(ν + t²).
fn t_upper(t: f64, df: f64) -> f64 {
    let tt = t * t;
    // x and 1 − x, and their logarithms, each computed directly: near x = 1 (many
    // degrees) ln x from a rounded x would lose digits that a·ln x multiplies.
    let (x, y) = (df / (df + tt), tt / (df + tt));
    let ln_x = -libm::log1p(tt / df);
    let ln_y = libm::log(tt) - libm::log(df + tt);
    0.5 * beta_inc(df / 2.0, 0.5, (x, ln_x), (y, ln_y))
}

/// The density of Student's t with ν = `df` degrees at t:
/// (1 + t²/ν)^(−(ν+1)/2) / (√ν · B(ν/2, ½)).
fn t_density(t: f64, df: f64) -> f64 {
    libm::exp(
        -(df + 1.0) / 2.0 * libm::log1p(t * t / df) - 0.5 * libm::log(df) - ln_beta(df / 2.0, 0.5),
    )
}

/// ln Γ(x) − ((x − ½)·ln x − x + ½·ln 2π) for x ≥ 10: Stirling's series to the x⁻¹³ term
/// (the next is below 4·10⁻¹⁷ there).
fn ln_gamma_correction(x: f64) -> f64 {
    // B₂ₖ / (2k(2k − 1)) for k = 1..7.
    const C: [f64; 7] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
    ];
    let r = 1.0 / (x * x);
    let mut s = 0.0;
    for c in C.iter().rev() {
        s = s * r + c;
    }
    s / x
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), without the cancellation of large ln Γ
/// values when one argument is large (as R's `lbeta` does).
fn ln_beta(a: f64, b: f64) -> f64 {
    let (p, q) = if a < b { (a, b) } else { (b, a) };
    if q < 10.0 {
        return libm::lgamma(p) + libm::lgamma(q) - libm::lgamma(p + q);
    }
    let corr = ln_gamma_correction(q) - ln_gamma_correction(p + q);
    if p >= 10.0 {
        // Both large.
        let half_ln_2pi = 0.918_938_533_204_672_8;
        return -0.5 * libm::log(q)
            + half_ln_2pi
            + corr
            + ln_gamma_correction(p)
            + (p - 0.5) * libm::log(p / (p + q))
            + q * libm::log1p(-p / (p + q));
    }
    // p small, q large.
    libm::lgamma(p) + corr + p - p * libm::log(p + q) + (q - 0.5) * libm::log1p(-p / (p + q))
}

/// The regularised incomplete beta function I_x(a, b), given x and y = 1 − x with their
/// logarithms, each to full precision: the continued fraction (modified Lentz) of
/// whichever of I_x(a, b) and 1 − I_y(b, a) converges fast.
fn beta_inc(a: f64, b: f64, (x, ln_x): (f64, f64), (y, ln_y): (f64, f64)) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    if x > (a + 1.0) / (a + b + 2.0) {
        return 1.0 - beta_inc(b, a, (y, ln_y), (x, ln_x));
    }
    // x^a · y^b / (a · B(a, b)), in logarithms.
    let front = libm::exp(a * ln_x + b * ln_y - ln_beta(a, b)) / a;
    front * beta_fraction(a, b, x)
}

/// The continued fraction of I_x(a, b) (Numerical Recipes' `betacf`, modified Lentz).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    // Enough for a of 10⁷ near the switch point (the count grows as √a).
    for m in 1..200_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() <= 2.0 * f64::EPSILON {
            break;
        }
    }
    h
}

/// The `p`-quantile of the standard normal (Acklam's rational approximation refined by
/// one Halley step on `libm::erfc`: accurate to about 10⁻¹⁵; `libm` only, the same bits
/// on every machine).
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
        tail((-2.0 * libm::log(p)).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * libm::log(1.0 - p)).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // One Halley step: e is the error of Φ(x) against p.
    let e = 0.5 * libm::erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * libm::exp(x * x / 2.0);
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
        close(normal_quantile(0.975), Z_95, 1e-15);
        close(normal_quantile(0.5), 0.0, 1e-15);
        close(normal_quantile(0.001), -3.090_232_306_167_813, 1e-14);
        // R: qt(0.975, c(1, 2)): the closed forms.
        close(t_quantile(0.975, 1.0), 12.706_204_736_174_707, 1e-12);
        close(t_quantile(0.975, 2.0), 4.302_652_729_749_464, 1e-14);
        close(t_quantile(0.025, 2.0), -4.302_652_729_749_464, 1e-14);
        assert_eq!(t_quantile(0.5, 7.0), 0.0);
        assert_eq!(t_quantile(1.0, 7.0), f64::INFINITY);
        assert!(t_quantile(0.9, 0.0).is_nan());
    }

    /// qt(0.975, df) as bits, on both sides of each method's range.
    const PINNED: [(f64, u64); 9] = [
        (1.0, 0x40296993aacc4d1e),
        (2.0, 0x401135ea98e146b9),
        (3.0, 0x400975a66893c1a8),
        (7.0, 0x4002eac01e9f5b1c),
        (99.0, 0x3fffbf5a4633b839),
        (999.0, 0x3fff65c028f272d7),
        (4000.0, 0x3fff5e7141b9aef6),
        (4001.0, 0x3fff5e7119e95884),
        (19999.0, 0x3fff5c7f95816cb9),
    ];

    /// qt(p, df) to 20 digits, from the exact upper tail ½·I_{ν/(ν+t²)}(ν/2, ½) solved by
    /// bisection in 40-digit arithmetic (mpmath 1.3: `betainc(df/2, 1/2, 0, x,
    /// regularized=True)`). Degrees 3 to 10⁹ (both sides of the switch at 4,000), tails
    /// from 10⁻¹⁰ to 0.6. (The 20 digits are kept as printed, past what an f64 holds.)
    #[allow(clippy::excessive_precision)]
    const T_REFERENCE: [(f64, f64, f64); 90] = [
        (0.975, 3.0, 3.1824463052837095927),
        (0.9, 3.0, 1.6377443536962101055),
        (0.999, 3.0, 10.21453185240738655),
        (0.001, 3.0, -10.21453185240738655),
        (1e-10, 3.0, -2225.7692846830932198),
        (0.6, 3.0, 0.27667066233268991054),
        (0.975, 4.0, 2.7764451051977943578),
        (0.9, 4.0, 1.5332062740589439108),
        (0.999, 4.0, 7.1731822197823084789),
        (0.001, 4.0, -7.1731822197823084789),
        (1e-10, 4.0, -416.17514032960412732),
        (0.6, 4.0, 0.27072229470759742496),
        (0.975, 5.0, 2.5705818356363155147),
        (0.9, 5.0, 1.4758840488244810785),
        (0.999, 5.0, 5.8934295313560101276),
        (0.001, 5.0, -5.8934295313560101276),
        (1e-10, 5.0, -156.82559270889431749),
        (0.6, 5.0, 0.26718086570414512673),
        (0.975, 7.0, 2.3646242515927853417),
        (0.9, 7.0, 1.4149239276505084776),
        (0.999, 7.0, 4.7852896286383340638),
        (0.001, 7.0, -4.7852896286383340638),
        (1e-10, 7.0, -53.835579484673732976),
        (0.6, 7.0, 0.26316686135202281214),
        (0.975, 10.0, 2.2281388519862747484),
        (0.9, 10.0, 1.3721836411103356272),
        (0.999, 10.0, 4.1437004940465896662),
        (0.001, 10.0, -4.1437004940465896662),
        (1e-10, 10.0, -25.466008021697726159),
        (0.6, 10.0, 0.26018482949208023537),
        (0.975, 30.0, 2.04227245630123831),
        (0.9, 30.0, 1.3104150253913955782),
        (0.999, 30.0, 3.3851848668293051234),
        (0.001, 30.0, -3.3851848668293051234),
        (1e-10, 30.0, -9.3774897804071431961),
        (0.6, 30.0, 0.25560536495191277249),
        (0.975, 100.0, 1.9839715185235522866),
        (0.9, 100.0, 1.2900747613465159692),
        (0.999, 100.0, 3.1737394937387829389),
        (0.001, 100.0, -3.1737394937387829389),
        (1e-10, 100.0, -7.0833754814007224654),
        (0.6, 100.0, 0.25402218245822781657),
        (0.975, 1000.0, 1.962339080826408485),
        (0.9, 1000.0, 1.2823987214609244373),
        (0.999, 1000.0, 3.0984021639129229128),
        (0.001, 1000.0, -3.0984021639129229128),
        (1e-10, 1000.0, -6.4278762831342136333),
        (0.6, 1000.0, 0.25341451583949876477),
        (0.975, 3999.0, 1.9605573771860277631),
        (0.9, 3999.0, 1.2817633003637142103),
        (0.999, 3999.0, 3.0922715798958322205),
        (0.001, 3999.0, -3.0922715798958322205),
        (1e-10, 3999.0, -6.3778681783845818149),
        (0.6, 3999.0, 0.2533639585250728698),
        (0.975, 4001.0, 1.9605570804756393418),
        (0.9, 4001.0, 1.2817631945049249778),
        (0.999, 4001.0, 3.0922705598980109069),
        (0.001, 4001.0, -3.0922705598980109069),
        (1e-10, 4001.0, -6.3778598984550475055),
        (0.6, 4001.0, 0.25336395009915105544),
        (0.975, 9999.0, 1.9602012636213576804),
        (0.9, 9999.0, 1.2816362381983139148),
        (0.999, 9999.0, 3.0910475975794550089),
        (0.001, 9999.0, -3.0910475975794550089),
        (1e-10, 9999.0, -6.3679420121802591366),
        (0.6, 9999.0, 0.25335384411983593603),
        (0.975, 100000.0, 1.9599877075346096386),
        (0.9, 100000.0, 1.2815600314493610141),
        (0.999, 100000.0, 3.0903138094272376137),
        (0.001, 100000.0, -3.0903138094272376137),
        (1e-10, 100000.0, -6.3620004198436912068),
        (0.6, 100000.0, 0.25334777715717994299),
        (0.975, 1000000.0, 1.9599663568141070353),
        (0.9, 1000000.0, 1.2815524121299384804),
        (0.999, 1000000.0, 3.090240456316519609),
        (0.001, 1000000.0, -3.090240456316519609),
        (1e-10, 1000000.0, -6.3614068488767426252),
        (0.6, 1000000.0, 0.25334717053784167948),
        (0.975, 10000000.0, 1.9599642217672054904),
        (0.9, 10000000.0, 1.2815516502030828881),
        (0.999, 10000000.0, 3.0902331211809118171),
        (0.001, 10000000.0, -3.0902331211809118171),
        (1e-10, 10000000.0, -6.3613474969986154796),
        (0.6, 10000000.0, 0.25334710987600302552),
        (0.975, 1000000000.0, 1.9599639869123254686),
        (0.9, 1000000000.0, 1.2815515663911852347),
        (0.999, 1000000000.0, 3.0902323143179425747),
        (0.001, 1000000000.0, -3.0902323143179425747),
        (1e-10, 1000000000.0, -6.3613409683499438175),
        (0.6, 1000000000.0, 0.25334710320320183001),
    ];

    #[test]
    fn the_t_quantile_prints_the_same_on_every_machine() {
        // Bits from IEEE arithmetic and libm only, pinned: a platform's own ln, exp or
        // tan would show up here first. (Each also equals its reference within 10⁻¹³.)
        for (df, bits) in PINNED {
            assert_eq!(
                t_quantile(0.975, df).to_bits(),
                bits,
                "qt(0.975, {df}) = {}",
                t_quantile(0.975, df)
            );
        }
    }

    #[test]
    fn the_t_quantile_is_exact_to_1e_12() {
        for (p, df, want) in T_REFERENCE {
            let got = t_quantile(p, df);
            // 10⁻¹² relative: |t| reaches 2,225 at 3 degrees and p = 10⁻¹⁰.
            assert!(
                (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                "qt({p}, {df}) = {got}, want {want} (off by {:e})",
                (got - want).abs()
            );
        }
    }

    #[test]
    fn the_mean_interval_uses_t() {
        // n = 8, mean 5, sd 2.138…: 5 ± qt(.975, 7)·sd/√8 with qt = 2.364624251592785.
        let (lo, hi) = mean_ci(5.0, 2.138_089_935_299_395, 8);
        close(
            lo,
            5.0 - 2.364_624_251_592_785 * 2.138_089_935_299_395 / 8f64.sqrt(),
            1e-14,
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
