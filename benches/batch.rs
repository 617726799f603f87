//! Monte Carlo throughput: what `rensa batch` does per run (a session from the prepared,
//! shared scenario, run to the end, scored into a row).
//!
//! * `engine_events`: one default 72-hour drill, counted in engine events;
//! * `default_drills_1_thread` / `default_drills_2_threads`: chunks of 256 default drills on
//!   a rayon pool of 1 and 2 threads (`batch::run_range`, as the CLI runs them), counted in
//!   drills;
//! * `large_graph_drill`: one drill of the generated graph of 10,000 operators
//!   (`SyntheticSpec::large`), counted in drills (only under `cargo bench`).
//!
//! Run with `cargo bench --bench batch`.

/// The allocator of the `rensa` binary (src/main.rs), so the figures are what a user gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::counter::ItemsCount;
use divan::{Bencher, Divan};
use rensa::batch;
use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
use rensa::session::{EngineOptions, Prepared, Session};
use std::sync::{Arc, LazyLock};

/// Drills per sample of the thread benches.
const CHUNK: u64 = 256;

static DEFAULT: LazyLock<Prepared> =
    LazyLock::new(|| Prepared::new(Arc::new(rensa::scenario::load_default())));

static LARGE: LazyLock<Prepared> =
    LazyLock::new(|| Prepared::new(Arc::new(synthetic_scenario(&SyntheticSpec::large()))));

/// One default drill, scored, counted in the events it handles.
#[divan::bench(sample_count = 200)]
fn engine_events(bencher: Bencher) {
    let s = &*DEFAULT;
    let events = Session::from_prepared(s, 1, &[], EngineOptions { timeline: true })
        .finish()
        .events;
    bencher
        .counter(ItemsCount::new(events))
        .bench_local(|| batch::run_one(s, 1));
}

fn drills(bencher: Bencher, threads: usize) {
    let points = [DEFAULT.clone()];
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let mut at = 0u64;
    bencher.counter(ItemsCount::new(CHUNK)).bench_local(|| {
        at += CHUNK;
        pool.install(|| batch::run_range(&points, 1, at - CHUNK..at))
    });
}

/// Default drills on one thread.
#[divan::bench(sample_count = 20)]
fn default_drills_1_thread(bencher: Bencher) {
    drills(bencher, 1);
}

/// Default drills on two threads.
#[divan::bench(sample_count = 20)]
fn default_drills_2_threads(bencher: Bencher) {
    drills(bencher, 2);
}

/// One drill of the large generated graph.
#[divan::bench(sample_count = 5)]
fn large_graph_drill(bencher: Bencher) {
    let s = &*LARGE;
    bencher
        .counter(ItemsCount::new(1u64))
        .bench_local(|| batch::run_one(s, 1));
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let mut divan = Divan::from_args();
    if !bench_mode {
        divan = divan.skip_regex("large_graph");
    }
    divan.main();
}
