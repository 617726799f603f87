//! Engine throughput: events handled per second over whole runs.
//!
//! * `default_scenario`: the bundled default drill (`rensa::scenario::load_default()`),
//!   whatever it currently is.
//! * `large_graph`: a generated graph of 10,000 operators, 30,000 services and 100,000
//!   dependencies with 300 injects over 72 h ([`SyntheticSpec::large`]).
//!
//! Scenarios are built and prepared (`Prepared::new`) once, outside the timed code, and so
//! are the engines: each sample times `Engine::run` only (`large_graph_engine_new` times
//! `Engine::from_prepared` separately; `default_scenario_new_and_run` times a whole run
//! from the prepared scenario, construction included, drop not). The `_no_timeline` variants run as a Monte Carlo batch does, with the
//! timeline switched off (`EngineOptions { timeline: false }`): same events, same measures. The
//! throughput counter is the number of events a run handles, counted by one untimed run
//! first (runs are deterministic, so every run handles the same number).
//!
//! The untimed run also prints its own time and events/s. If that run of the large graph
//! takes longer than [`SLOW_RUN`], the divan samples of `large_graph` are skipped (so the
//! whole bench stays within about two minutes) and the untimed run is the figure to read.
//! Outside `cargo bench` (`cargo test --benches` runs each bench once as a smoke test) the
//! large graph is skipped altogether.
//!
//! Run with `cargo bench --bench engine`; filter with e.g. `cargo bench --bench engine --
//! large`.

/// The allocator of the `rensa` binary (src/main.rs), so the figures are what a user gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::counter::ItemsCount;
use divan::{Bencher, Divan};
use rensa::engine::{Engine, EngineOptions, Prepared};
use rensa::model::Scenario;
use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

/// A large-graph run slower than this is measured once only (see the module docs).
const SLOW_RUN: Duration = Duration::from_secs(10);

/// A scenario with the number of events one run of it handles.
struct Fixture {
    scenario: Arc<Scenario>,
    /// The scenario prepared once for every run (as a batch does).
    prepared: Prepared,
    events: u64,
    /// Time of the untimed counting run (construction included).
    first_run: Duration,
}

impl Fixture {
    fn new(label: &str, scenario: Scenario) -> Fixture {
        let scenario = Arc::new(scenario);
        let started = Instant::now();
        let mut engine = Engine::new(scenario.clone(), scenario.seed);
        engine.run();
        let took = started.elapsed();
        let infra = &scenario.infra;
        let events = engine.events_handled();
        eprintln!(
            "{label}: {} operators, {} services, {} edges, {} injects, {} min; \
             {events} events per run; untimed first run {took:.2?} = {:.0} events/s",
            infra.operators.len(),
            infra.services.len(),
            infra.dependencies.len(),
            scenario.injects.len(),
            scenario.duration.0,
            events as f64 / took.as_secs_f64(),
        );
        Fixture {
            events,
            prepared: Prepared::new(scenario.clone()),
            scenario,
            first_run: took,
        }
    }

    fn engine(&self) -> Engine {
        let options = EngineOptions::default();
        Engine::from_prepared(&self.prepared, self.scenario.seed, &[], options)
    }

    fn engine_without_timeline(&self) -> Engine {
        let options = EngineOptions { timeline: false };
        Engine::from_prepared(&self.prepared, self.scenario.seed, &[], options)
    }
}

static DEFAULT: LazyLock<Fixture> =
    LazyLock::new(|| Fixture::new("default_scenario", rensa::scenario::load_default()));

static LARGE: LazyLock<Fixture> = LazyLock::new(|| {
    let started = Instant::now();
    let scenario = synthetic_scenario(&SyntheticSpec::large());
    eprintln!("large_graph: generated in {:.2?}", started.elapsed());
    Fixture::new("large_graph", scenario)
});

fn run(bencher: Bencher, fixture: &Fixture, timeline: bool) {
    bencher
        .counter(ItemsCount::new(fixture.events))
        .with_inputs(|| {
            if timeline {
                fixture.engine()
            } else {
                fixture.engine_without_timeline()
            }
        })
        .bench_local_values(|mut engine| {
            engine.run();
            // Returned so that dropping the engine is not timed.
            engine
        });
}

/// A full run of the bundled default scenario.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn default_scenario(bencher: Bencher) {
    run(bencher, &DEFAULT, true);
}

/// A full run of the bundled default scenario, building the engine included.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn default_scenario_new_and_run(bencher: Bencher) {
    let fixture = &*DEFAULT;
    bencher
        .counter(ItemsCount::new(fixture.events))
        .bench_local(|| {
            let mut engine = fixture.engine();
            engine.run();
            engine
        });
}

/// A full run of the bundled default scenario without a timeline.
#[divan::bench(sample_count = 200, sample_size = 1)]
fn default_scenario_no_timeline(bencher: Bencher) {
    run(bencher, &DEFAULT, false);
}

/// A full run of the generated large graph.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn large_graph(bencher: Bencher) {
    run(bencher, &LARGE, true);
}

/// A full run of the generated large graph without a timeline.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn large_graph_no_timeline(bencher: Bencher) {
    run(bencher, &LARGE, false);
}

/// Building the engine for the large graph (one entity per service, queue, metrics).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn large_graph_engine_new(bencher: Bencher) {
    let fixture = &*LARGE;
    bencher.bench_local(|| fixture.engine());
}

/// `RENSA_BENCH_RUNS=default:11` (or `large:2`): builds, runs and drops that many engines
/// of one prepared scenario and exits, without divan, for an instruction count under
/// valgrind (per run = (count of N runs − count of 1 run) / (N − 1); see README).
fn count_runs(spec: &str) {
    let (which, runs) = spec.split_once(':').unwrap_or((spec, "1"));
    let runs: usize = runs
        .parse()
        .expect("RENSA_BENCH_RUNS: a number of runs after ':'");
    let fixture = match which {
        "default" => &*DEFAULT,
        "large" => &*LARGE,
        other => panic!("RENSA_BENCH_RUNS: `default` or `large`, not `{other}`"),
    };
    for _ in 0..runs {
        let mut engine = fixture.engine();
        engine.run();
        std::hint::black_box(engine.events_handled());
    }
}

fn main() {
    if let Ok(spec) = std::env::var("RENSA_BENCH_RUNS") {
        count_runs(&spec);
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; without it divan only smoke-tests each bench once.
    let bench_mode = args.iter().any(|a| a == "--bench");
    // Positional arguments are divan's name filters (numbers are option values).
    let filter: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with('-') && a.parse::<f64>().is_err())
        .collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let mut divan = Divan::from_args();
    if args.iter().any(|a| a == "--list") {
        divan.main();
        return;
    }
    // Build the fixtures (and print their sizes) before divan starts its table.
    if wanted("default_scenario") {
        LazyLock::force(&DEFAULT);
    }
    if !bench_mode {
        divan = divan.skip_regex("large_graph");
    } else if wanted("large_graph") && LARGE.first_run > SLOW_RUN {
        eprintln!(
            "large_graph: one run takes longer than {SLOW_RUN:?}; skipping its divan samples \
             (the untimed run above is the measurement)"
        );
        divan = divan
            .skip_exact("engine::large_graph")
            .skip_exact("engine::large_graph_no_timeline");
    }
    divan.main();
}
