//! Global sensitivity of a metric to the swept parameters, from a batch's rows
//! (docs/BATCH.md, "Sensitivity"): the standardised regression coefficient (SRC) of each
//! parameter, with its 95 % interval from the regression's standard errors, and its
//! partial rank correlation coefficient (PRCC), with its 95 % interval by Fisher's z —
//! the two measures EMA Workbench and SALib users read first (Saltelli et al. 2008,
//! *Global Sensitivity Analysis: The Primer*, §1.2.5; Marino et al. 2008, *J. Theor.
//! Biol.* 254:178, for PRCC). SRCs hold when the model is nearly linear in the parameters
//! (R² near 1); PRCCs need only monotonic effects.

use nalgebra::{DMatrix, DVector};

/// One parameter's coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct Coefficient {
    /// Standardised regression coefficient.
    pub src: f64,
    /// Its 95 % interval.
    pub src_ci: (f64, f64),
    /// Partial rank correlation coefficient.
    pub prcc: f64,
    /// Its 95 % interval.
    pub prcc_ci: (f64, f64),
}

/// The sensitivity of one metric to every parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// Rows used.
    pub n: usize,
    /// R² of the linear regression on the standardised parameters.
    pub r2: f64,
    /// Per parameter, in the sweeps' order; None for a parameter that does not vary.
    pub coefficients: Vec<Option<Coefficient>>,
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let ss: f64 = v.iter().map(|x| (x - m) * (x - m)).sum();
    (
        m,
        if n > 1.0 {
            (ss / (n - 1.0)).sqrt()
        } else {
            0.0
        },
    )
}

/// Ranks from 1, ties given their average rank.
pub fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]).then(a.cmp(&b)));
    let mut out = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            out[k] = r;
        }
        i = j + 1;
    }
    out
}

/// Least squares of `y` on the columns `xs` with an intercept: the coefficients (intercept
/// last), the residuals, and `(XᵀX)⁻¹`; None if the columns are collinear.
fn ols(xs: &[&[f64]], y: &[f64]) -> Option<(DVector<f64>, Vec<f64>, DMatrix<f64>)> {
    let n = y.len();
    let p = xs.len() + 1;
    let x = DMatrix::from_fn(n, p, |i, j| if j < xs.len() { xs[j][i] } else { 1.0 });
    let xtx = x.transpose() * &x;
    let inv = xtx.try_inverse()?;
    let beta = &inv * (x.transpose() * DVector::from_column_slice(y));
    let fitted = &x * &beta;
    let resid: Vec<f64> = (0..n).map(|i| y[i] - fitted[i]).collect();
    Some((beta, resid, inv))
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let (ma, sa) = mean_sd(a);
    let (mb, sb) = mean_sd(b);
    if sa == 0.0 || sb == 0.0 {
        return 0.0;
    }
    let n = a.len() as f64;
    let cov: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / (n - 1.0);
    (cov / (sa * sb)).clamp(-1.0, 1.0)
}

/// The sensitivity of `y` to the parameters `x[k]` (one column per parameter, one entry
/// per row); None when there are too few rows or `y` does not vary.
pub fn sensitivity(x: &[Vec<f64>], y: &[f64]) -> Option<Sensitivity> {
    let n = y.len();
    let (my, sy) = mean_sd(y);
    if sy == 0.0 || x.iter().any(|c| c.len() != n) {
        return None;
    }
    // Parameters that vary; the others get no coefficient.
    let varying: Vec<usize> = (0..x.len()).filter(|&k| mean_sd(&x[k]).1 > 0.0).collect();
    let p = varying.len();
    if p == 0 || n < p + 3 {
        return None;
    }
    let z = |v: &[f64]| -> Vec<f64> {
        let (m, s) = mean_sd(v);
        v.iter().map(|a| (a - m) / s).collect()
    };
    let zx: Vec<Vec<f64>> = varying.iter().map(|&k| z(&x[k])).collect();
    let zy: Vec<f64> = y.iter().map(|v| (v - my) / sy).collect();
    let cols: Vec<&[f64]> = zx.iter().map(Vec::as_slice).collect();
    let (beta, resid, inv) = ols(&cols, &zy)?;
    let rss: f64 = resid.iter().map(|r| r * r).sum();
    let tss: f64 = zy.iter().map(|v| v * v).sum();
    let df = (n - p - 1) as f64;
    let sigma2 = rss / df;
    let t = crate::stats::t_quantile(0.975, df);
    // PRCC: ranks, each parameter's residual and y's after the other parameters.
    let rx: Vec<Vec<f64>> = varying.iter().map(|&k| ranks(&x[k])).collect();
    let ry = ranks(y);
    let zq = crate::stats::normal_quantile(0.975);
    let mut coefficients = vec![None; x.len()];
    for (j, &k) in varying.iter().enumerate() {
        let se = (sigma2 * inv[(j, j)]).max(0.0).sqrt();
        let others: Vec<&[f64]> = (0..p)
            .filter(|&o| o != j)
            .map(|o| rx[o].as_slice())
            .collect();
        let (ex, ey) = if others.is_empty() {
            (rx[j].clone(), ry.clone())
        } else {
            let (_, ex, _) = ols(&others, &rx[j])?;
            let (_, ey, _) = ols(&others, &ry)?;
            (ex, ey)
        };
        let r = correlation(&ex, &ey);
        let zr = r.clamp(-0.999_999, 0.999_999).atanh();
        let se_z = 1.0 / ((n as f64) - 3.0 - (p as f64 - 1.0)).max(1.0).sqrt();
        coefficients[k] = Some(Coefficient {
            src: beta[j],
            src_ci: (beta[j] - t * se, beta[j] + t * se),
            prcc: r,
            prcc_ci: ((zr - zq * se_z).tanh(), (zr + zq * se_z).tanh()),
        });
    }
    Some(Sensitivity {
        n,
        r2: if tss > 0.0 { 1.0 - rss / tss } else { 0.0 },
        coefficients,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[10.0, 30.0, 20.0, 20.0]), vec![1.0, 4.0, 2.5, 2.5]);
    }

    /// y = 3·a − 1·b + small noise, a and b independent: the SRCs are in the ratio of
    /// the effects times the parameters' spreads, the signs right, R² near 1.
    #[test]
    fn coefficients_of_a_linear_model_have_its_signs_and_sizes() {
        let n = 400;
        let a: Vec<f64> = (0..n).map(|i| (i % 20) as f64).collect();
        let b: Vec<f64> = (0..n).map(|i| (i / 20) as f64).collect();
        // A deterministic "noise" uncorrelated with a and b.
        let y: Vec<f64> = (0..n)
            .map(|i| 3.0 * a[i] - b[i] + ((i * 7919) % 13) as f64 * 0.01)
            .collect();
        let s = sensitivity(&[a.clone(), b.clone()], &y).unwrap();
        let ca = s.coefficients[0].clone().unwrap();
        let cb = s.coefficients[1].clone().unwrap();
        assert!(s.r2 > 0.999, "{}", s.r2);
        // a and b have the same spread (0..19), so SRC_a / SRC_b = 3 / −1.
        assert!(
            (ca.src / cb.src + 3.0).abs() < 0.01,
            "{} {}",
            ca.src,
            cb.src
        );
        assert!(ca.src_ci.0 < ca.src && ca.src < ca.src_ci.1);
        assert!(ca.prcc > 0.99 && cb.prcc < -0.9, "{} {}", ca.prcc, cb.prcc);
        assert!(cb.prcc_ci.0 < cb.prcc && cb.prcc < cb.prcc_ci.1);
    }

    #[test]
    fn a_parameter_that_does_not_vary_has_no_coefficient() {
        let a: Vec<f64> = (0..50).map(f64::from).collect();
        let c = vec![1.0; 50];
        let y: Vec<f64> = a.iter().map(|v| 2.0 * v).collect();
        let s = sensitivity(&[a, c], &y).unwrap();
        assert!(s.coefficients[1].is_none());
        // One parameter: the PRCC is Spearman's correlation, 1 for a monotonic effect.
        assert!((s.coefficients[0].clone().unwrap().prcc - 1.0).abs() < 1e-9);
        assert!(sensitivity(&[vec![1.0; 5]], &[1.0, 2.0, 3.0, 4.0, 5.0]).is_none());
    }
}
