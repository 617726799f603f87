//! Interdependency analysis speed (docs/ANALYSIS.md):
//!
//! * `full_default_analysis`: every sector of the bundled graph as an origin, 1,000 runs
//!   each, the whole analysis (matrix, rankings, paths, IIM comparison) on every core
//!   (target < 5 s on a 2-core machine).
//! * `iim_static_1000`: the static IIM of a 1,000-sector matrix (target < 1 s): a dense
//!   LU solve plus the cap's active-set rounds.
//!
//! Run with `cargo bench --bench analyze`. Outside `cargo bench` (`cargo test --benches`
//! smoke-tests each bench once) the full analysis runs 10 runs per origin instead.

use divan::Bencher;
use nalgebra::{DMatrix, DVector};
use rensa::analyze::iim::solve_static;
use rensa::analyze::{By, Config, Perturbation, analyze};
use rensa::model::Scenario;
use std::sync::LazyLock;

static DEFAULT: LazyLock<Scenario> = LazyLock::new(rensa::scenario::load_default);
static RUNS: LazyLock<u32> = LazyLock::new(|| {
    if std::env::args().any(|a| a == "--bench") {
        1000
    } else {
        10
    }
});

#[divan::bench(sample_count = 5, sample_size = 1)]
fn full_default_analysis(bencher: Bencher) {
    let s = &*DEFAULT;
    let config = Config {
        runs: *RUNS,
        seed: 1,
        duration: s.duration,
        perturbation: Perturbation::default(),
    };
    bencher.bench_local(|| analyze(s, By::Sector, &config, &|| {}));
}

/// A deterministic 1,000-system matrix: each system depends on its 8 neighbours with
/// coefficients whose row sums stay below 0.8 (a convergent economy), and one origin.
fn big(n: usize) -> (DMatrix<f64>, DVector<f64>) {
    let a = DMatrix::from_fn(n, n, |i, j| {
        let d = (i + n - j) % n;
        if (1..=8).contains(&d) {
            0.1 * (1.0 - d as f64 / 10.0)
        } else {
            0.0
        }
    });
    let mut c = DVector::zeros(n);
    c[0] = 0.9;
    c[n / 2] = 0.9;
    (a, c)
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn iim_static_1000(bencher: Bencher) {
    let (a, c) = big(1000);
    bencher.bench_local(|| solve_static(&a, &c).expect("convergent"));
}

fn main() {
    divan::main();
}
