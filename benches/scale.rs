//! Work that must grow near-linearly with the size of a scenario (issue 26), measured at
//! two sizes each so a return to quadratic behaviour shows as a ratio:
//!
//! * `ring_score`: a dependency ring of N services (each depends on the one before with
//!   strength 1 and no buffer), one failure at the first: a cascade N deep, scored
//!   (`Score::compute`, whose chain rebuild was cubic in the depth);
//! * `ring_run`: the same ring run to the end (the engine's part);
//! * `injects_run`: K injects on 20 operators — a quarter at fixed times, a quarter each
//!   following the one before, a quarter waiting for a level, a quarter waiting for the
//!   non-detection of an earlier one — run to the end;
//! * `injects_load`: the same scenario's RON loaded and validated;
//! * `chain_run`: K injects on 20 operators of severity 0.1, each `after` the one before
//!   with no delay, so all hit in the first minute and are repaired together an hour
//!   later — K / 20 impairments at once on each service (each one's removal redid the
//!   capacity's whole product) — run to the end.
//!
//! `RENSA_SCALE_PHASES=1000000 cargo bench --bench scale` instead times the phases of one
//! run of a generated graph of that many edges (no divan; see `phases`), built in memory;
//! `RENSA_SCALE_TABLES=1000000` writes the same graph as CSV tables with a scenario naming
//! them into a temporary directory, then times loading that scenario from its files and
//! running it (see `tables`); `RENSA_SCALE_WRITE=1000000:DIR` only writes them into DIR,
//! for `rensa validate DIR/scenario.ron` and `rensa run DIR/scenario.ron`.
//!
//! Run with `cargo bench --bench scale`. The figures are in README.md and
//! docs/PERFORMANCE.md.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use divan::Bencher;
use rensa::engine::Engine;
use rensa::model::Scenario;
use rensa::scenario::{NoFiles, load_str};
use rensa::score::Score;
use std::sync::Arc;

/// A ring of `n` operators of one service each: service i + 1 depends on service i.
pub fn ring(n: usize) -> String {
    let mut ops = String::new();
    let mut deps = String::new();
    for i in 0..n {
        ops += &format!(
            r#"Operator(id: "op{i}", name: "Op {i}", sector: {}, region: "r", services: [Service(id: "op{i}/s", name: "S", population: 1000, required: 0.9)]),"#,
            ["Electricity", "InfoComm", "Finance", "Water"][i % 4]
        );
        let next = (i + 1) % n;
        deps += &format!(
            r#"Dependency(dependent: "op{next}/s", provider: "op{i}/s", kind: Physical, strength: 1.0, tolerance: "0m"),"#
        );
    }
    format!(
        r#"Scenario(name: "ring", duration: "72h", seed: 1, policies: Passive,
            infrastructure: Inline(Infrastructure(operators: [{ops}], dependencies: [{deps}])),
            injects: [Inject(id: "cut", at: "1h", target: Service("op0/s"),
                kind: ItFailure(cause: SystemFailure, severity: 1.0, recovery: Fixed("48h")))])"#
    )
}

/// `k` injects on 20 operators, of the four kinds in turn.
pub fn injects(k: usize) -> String {
    let n = 20;
    let mut ops = String::new();
    for i in 0..n {
        ops += &format!(
            r#"Operator(id: "op{i}", name: "Op {i}", sector: Finance, region: "r", services: [Service(id: "op{i}/s", name: "S", population: {}, required: 0.8)]),"#,
            1000 + i
        );
    }
    let kind = r#"ItFailure(cause: SystemFailure, severity: 0.1, recovery: Fixed("1h"))"#;
    let mut inj = String::new();
    for j in 0..k {
        let o = j % n;
        let trigger = match j % 4 {
            _ if j < 4 => format!(r#"at: "{}m""#, j * 7),
            0 => format!(r#"at: "{}m""#, (j * 7) % 4000),
            1 => format!(r#"after: (inject: "i{}", delay: "10m")"#, j - 1),
            2 => format!(
                r#"when: (condition: LevelBelow(service: "op{o}/s", level: 0.5), by: "70h")"#
            ),
            _ => format!(r#"when: (condition: NotDetected("i{}"), by: "60h")"#, j - 3),
        };
        inj +=
            &format!(r#"Inject(id: "i{j}", {trigger}, target: Service("op{o}/s"), kind: {kind}),"#);
    }
    format!(
        r#"Scenario(name: "injects", duration: "72h", seed: 1, policies: Passive,
            infrastructure: Inline(Infrastructure(operators: [{ops}], dependencies: [])),
            injects: [{inj}])"#
    )
}

/// `k` injects on 20 operators, each following the one before with no delay.
pub fn chain(k: usize) -> String {
    let n = 20;
    let mut ops = String::new();
    for i in 0..n {
        ops += &format!(
            r#"Operator(id: "op{i}", name: "Op {i}", sector: Finance, region: "r", services: [Service(id: "op{i}/s", name: "S", population: {}, required: 0.8)]),"#,
            1000 + i
        );
    }
    let kind = r#"ItFailure(cause: SystemFailure, severity: 0.1, recovery: Fixed("1h"))"#;
    let mut inj = String::new();
    for j in 0..k {
        let trigger = match j {
            0 => r#"at: "1m""#.to_string(),
            _ => format!(r#"after: (inject: "i{}", delay: "0m")"#, j - 1),
        };
        let o = j % n;
        inj +=
            &format!(r#"Inject(id: "i{j}", {trigger}, target: Service("op{o}/s"), kind: {kind}),"#);
    }
    format!(
        r#"Scenario(name: "chain", duration: "72h", seed: 1, policies: Passive,
            infrastructure: Inline(Infrastructure(operators: [{ops}], dependencies: [])),
            injects: [{inj}])"#
    )
}

fn load(text: &str) -> Arc<Scenario> {
    Arc::new(load_str("bench.ron", text, &NoFiles).expect("a valid generated scenario"))
}

#[divan::bench(args = [2_500, 10_000], sample_count = 5)]
fn ring_score(bencher: Bencher, n: usize) {
    let s = load(&ring(n));
    let mut e = Engine::new(s.clone(), 1);
    e.run();
    let outcome = e.into_outcome();
    bencher.bench_local(|| Score::compute(&s, &outcome));
}

#[divan::bench(args = [2_500, 10_000], sample_count = 5)]
fn ring_run(bencher: Bencher, n: usize) {
    let s = load(&ring(n));
    bencher.bench_local(|| {
        let mut e = Engine::new(s.clone(), 1);
        e.run();
        e.events_handled()
    });
}

#[divan::bench(args = [25_000, 100_000], sample_count = 3)]
fn injects_run(bencher: Bencher, k: usize) {
    let s = load(&injects(k));
    bencher.bench_local(|| {
        let mut e = Engine::new(s.clone(), 1);
        e.run();
        e.events_handled()
    });
}

#[divan::bench(args = [25_000, 100_000], sample_count = 3)]
fn injects_load(bencher: Bencher, k: usize) {
    let text = injects(k);
    bencher.bench_local(|| load(&text).injects.len());
}

#[divan::bench(args = [20_000, 80_000], sample_count = 3)]
fn chain_run(bencher: Bencher, k: usize) {
    let s = load(&chain(k));
    bencher.bench_local(|| {
        let mut e = Engine::new(s.clone(), 1);
        e.run();
        e.events_handled()
    });
}

/// Peak resident memory of this process so far, in MB (Linux; 0 elsewhere).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// `RENSA_SCALE_PHASES=EDGES`: generates a graph of EDGES dependencies (EDGES / 10
/// operators of 3 services), prepares it and runs it once, printing each phase's time and
/// the peak memory after it; no divan.
fn phases(edges: usize) {
    use rensa::model::generate::synthetic_scenario;
    let mut clock = Phases::new();
    let s = Arc::new(synthetic_scenario(&spec(edges)));
    clock.mark("generate");
    let events = run_phases(s, &mut clock);
    clock.total(&format!("{edges} edges: {events} events"));
}

/// The generated scenario of `edges` dependencies (`edges / 10` operators of three
/// services, 300 injects over 72 h) that every scale mode uses.
fn spec(edges: usize) -> rensa::model::generate::SyntheticSpec {
    rensa::model::generate::SyntheticSpec {
        operators: edges / 10,
        edges,
        ..rensa::model::generate::SyntheticSpec::large()
    }
}

/// Times the phases of one run: each `mark` prints the time since the last and the peak
/// memory so far.
struct Phases {
    all: std::time::Instant,
    last: std::time::Instant,
}

impl Phases {
    fn new() -> Phases {
        let now = std::time::Instant::now();
        Phases {
            all: now,
            last: now,
        }
    }

    fn mark(&mut self, name: &str) {
        eprintln!(
            "{name:>10}: {:>8.3} s  peak {:>7.1} MB",
            self.last.elapsed().as_secs_f64(),
            peak_mb()
        );
        self.last = std::time::Instant::now();
    }

    fn total(&self, what: &str) {
        eprintln!(
            "{what}; total {:.3} s, peak {:.1} MB",
            self.all.elapsed().as_secs_f64(),
            peak_mb()
        );
    }
}

/// Prepares, builds, runs and scores `s` once, marking each phase; returns the events.
fn run_phases(s: Arc<Scenario>, clock: &mut Phases) -> u64 {
    use rensa::engine::{EngineOptions, Prepared};
    let prepared = Prepared::new(s.clone());
    clock.mark("prepare");
    let mut e = Engine::from_prepared(&prepared, s.seed, &[], EngineOptions::default());
    clock.mark("engine");
    e.run();
    let events = e.events_handled();
    clock.mark("run");
    let outcome = e.into_outcome();
    clock.mark("outcome");
    let score = Score::compute(&s, &outcome);
    clock.mark("score");
    drop((score, outcome, prepared, s));
    clock.mark("drop");
    events
}

/// The generated graph of `edges` dependencies as a directory a user could have written:
/// `dir/tables/*.csv` and `dir/scenario.ron`, whose injects are the generated ones.
fn write_tables(edges: usize, dir: &std::path::Path) {
    use rensa::model::generate::synthetic_scenario;
    use rensa::model::{InjectKind, Target};
    use rensa::scenario::tables;
    let spec = spec(edges);
    let s = synthetic_scenario(&spec);
    std::fs::create_dir_all(dir.join("tables")).expect("a writable directory");
    for (t, text) in tables::write(&tables::file_of(&s.infra)) {
        std::fs::write(dir.join("tables").join(t.file_name()), text).expect("written");
    }
    let infra = &s.infra;
    let mut injects = String::new();
    for i in &s.injects {
        let rensa::model::InjectTrigger::At(at) = i.trigger else {
            unreachable!("generated injects are timed")
        };
        let target = match i.target {
            Target::Service(x) => format!("Service({:?})", infra.service(x).key),
            Target::Operator(x) => format!("Operator({:?})", infra.operator(x).key),
            Target::Region(x) => format!("Region({:?})", infra.regions[x.index()]),
            ref t => unreachable!("not generated: {t:?}"),
        };
        let d = |r| ron::to_string(r).expect("a distribution is written");
        let kind = match &i.kind {
            InjectKind::ItFailure {
                cause,
                severity,
                recovery,
            } => {
                format!(
                    "ItFailure(cause: {cause:?}, severity: {severity}, recovery: {})",
                    d(recovery)
                )
            }
            InjectKind::Disaster {
                hazard,
                severity,
                recovery,
            } => {
                format!(
                    "Disaster(hazard: {hazard:?}, severity: {severity}, recovery: {})",
                    d(recovery)
                )
            }
            InjectKind::CyberAttack {
                attack,
                severity,
                recovery,
            } => format!(
                "CyberAttack(attack: {attack:?}, severity: {severity}, recovery: {})",
                d(recovery)
            ),
            k => unreachable!("not generated: {k:?}"),
        };
        injects += &format!(
            "        Inject(id: {:?}, at: \"{}m\", target: {target}, kind: {kind}),\n",
            i.key, at.0
        );
    }
    let scenario = format!(
        "Scenario(\n    name: \"{edges} edges\",\n    duration: \"{}m\",\n    seed: {},\n    \
         policies: Passive,\n    infrastructure: Tables(\"tables\"),\n    injects: [\n{injects}    ],\n)\n",
        spec.duration.0, spec.seed
    );
    std::fs::write(dir.join("scenario.ron"), scenario).expect("written");
}

/// `RENSA_SCALE_TABLES=EDGES`: writes the generated graph as tables (untimed), then loads
/// the scenario from its files and runs it once, printing each phase's time and the peak
/// memory after it; no divan.
fn tables(edges: usize) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    write_tables(edges, dir.path());
    let mut clock = Phases::new();
    let s = rensa::scenario::load_path(&dir.path().join("scenario.ron")).expect("a valid scenario");
    clock.mark("load");
    let events = run_phases(Arc::new(s), &mut clock);
    clock.total(&format!("{edges} edges from tables: {events} events"));
}

fn main() {
    if let Ok(v) = std::env::var("RENSA_SCALE_WRITE") {
        let (edges, dir) = v.split_once(':').expect("RENSA_SCALE_WRITE=EDGES:DIR");
        write_tables(
            edges.parse().expect("a number of edges"),
            std::path::Path::new(dir),
        );
        return;
    }
    if let Ok(edges) = std::env::var("RENSA_SCALE_TABLES") {
        tables(
            edges
                .parse()
                .expect("RENSA_SCALE_TABLES: a number of edges"),
        );
        return;
    }
    if let Ok(edges) = std::env::var("RENSA_SCALE_PHASES") {
        phases(
            edges
                .parse()
                .expect("RENSA_SCALE_PHASES: a number of edges"),
        );
        return;
    }
    divan::main();
}
