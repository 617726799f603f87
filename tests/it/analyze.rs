//! `rensa analyze` as a library: the origin × affected matrix of a hand-checkable chain,
//! an origin without dependents, and independence from the thread count.

use rensa::analyze::{self, Analysis, By, Config, Perturbation, Units, des};
use rensa::model::{Dist, FailureCause, Minutes, Scenario};
use std::path::Path;

fn chain() -> Scenario {
    // power -> telecom (w 0.5, τ 2h) -> bank (w 0.4, τ 0); populations 1000, 2000, 500;
    // required 0.9, 0.8, 0.9; no policies (docs/MODEL.md's worked example).
    rensa::scenario::load_path(Path::new("tests/fixtures/valid/small-chain.ron")).unwrap()
}

/// The worked example's failure: severity 0.8 at T+1h, repaired after exactly 5 h.
fn config(runs: u32) -> Config {
    Config {
        runs,
        seed: 7,
        duration: Minutes(12 * 60),
        perturbation: Perturbation {
            severity: 0.8,
            recovery: Dist::Fixed(Minutes(5 * 60)),
            at: Minutes(60),
            cause: FailureCause::SystemFailure,
        },
    }
}

fn run(s: &Scenario, by: By, c: &Config) -> Analysis {
    analyze::analyze(s, by, c, &|| {})
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
}

#[test]
fn units_of_the_chain_are_its_three_sectors_in_action_plan_order() {
    let u = Units::of(&chain().infra, By::Sector);
    assert_eq!(u.names, vec!["info_comm", "finance", "electricity"]);
}

#[test]
fn a_chain_gives_the_hand_computed_matrix() {
    let a = run(&chain(), By::Sector, &config(3));
    let m = &a.matrix;
    let (tel, bank, power) = (0, 1, 2);
    // Origin power: 0.2 from T+1h to T+6h. Telecom's 2h buffer runs out at T+3h: power
    // passes 0.5 × 0.8 = 0.4 (0.6 < 0.8); the bank follows at once: telecom passes
    // 0.4 × 0.4 = 0.16 (0.84 < 0.9); all back at T+6h.
    let row = &m.cells[power];
    close(row[power].impact, 1000.0 * 0.8 * 5.0); // 4000
    close(row[tel].impact, 2000.0 * 0.4 * 3.0); // 2400
    close(row[bank].impact, 500.0 * 0.16 * 3.0); // 240
    assert_eq!(
        [row[power].p_below, row[tel].p_below, row[bank].p_below],
        [1.0, 1.0, 1.0]
    );
    assert_eq!(row[power].median_minutes, Some(0.0));
    assert_eq!(row[tel].median_minutes, Some(120.0));
    assert_eq!(row[bank].median_minutes, Some(120.0));
    close(row[power].inoperability, 0.8);
    close(row[tel].inoperability, 0.4);
    close(row[bank].inoperability, 0.16);
    // Origin telecom: 0.2 for 5 h; the bank has no buffer: telecom passes 0.4 × 0.8 = 0.32,
    // 0.68 for 5 h; power untouched.
    let row = &m.cells[tel];
    close(row[tel].impact, 2000.0 * 0.8 * 5.0); // 8000
    close(row[bank].impact, 500.0 * 0.32 * 5.0); // 800
    assert_eq!(row[bank].median_minutes, Some(0.0));
    assert_eq!(row[power].p_below, 0.0);
    assert_eq!(row[power].impact, 0.0);
    assert_eq!(row[power].median_minutes, None);
    // Criticality: power's downstream is 2400 + 240 = 2640, telecom's 800, the bank's 0.
    let order: Vec<_> = a.criticality.iter().map(|c| c.unit.as_str()).collect();
    assert_eq!(order, vec!["electricity", "info_comm", "finance"]);
    close(a.criticality[0].downstream, 2640.0);
    // Exposure: telecom 2400 (from power), the bank 240 + 800 = 1040, power 0.
    let order: Vec<_> = a.exposure.iter().map(|e| e.unit.as_str()).collect();
    assert_eq!(order, vec!["info_comm", "finance", "electricity"]);
    close(a.exposure[0].impact, 2400.0);
    close(a.exposure[1].impact, 1040.0);
    close(a.exposure[1].mean_p_below, 1.0);
    // The strongest paths follow the chain, every step crossed in every run.
    let paths: Vec<Vec<&str>> = a
        .paths
        .iter()
        .map(|p| p.units.iter().map(String::as_str).collect())
        .collect();
    assert!(
        paths.contains(&vec!["electricity", "info_comm", "finance"]),
        "{paths:?}"
    );
    assert!(paths.contains(&vec!["info_comm", "finance"]));
    assert!(a.paths.iter().all(|p| p.strength == 1.0));
}

#[test]
fn an_origin_with_no_dependents_affects_nothing() {
    let a = run(&chain(), By::Sector, &config(3));
    let bank = 1;
    for (j, c) in a.matrix.cells[bank].iter().enumerate() {
        if j == bank {
            close(c.impact, 500.0 * 0.8 * 5.0); // only itself: 2000
            assert_eq!(c.p_below, 1.0);
        } else {
            assert_eq!((c.p_below, c.impact, c.median_minutes), (0.0, 0.0, None));
            assert_eq!(c.inoperability, 0.0);
        }
    }
    assert_eq!(
        a.criticality
            .iter()
            .find(|c| c.unit == "finance")
            .unwrap()
            .reached,
        0
    );
    assert!(a.paths.iter().all(|p| p.units[0] != "finance"));
}

#[test]
fn the_iim_beside_the_chain_is_linear_and_the_des_departs_from_it() {
    let a = run(&chain(), By::Sector, &config(2));
    let c = a.iim.as_ref().unwrap();
    let (tel, bank, power) = (0, 1, 2);
    // Derived A*: a[tel][power] = 0.5, a[bank][tel] = 0.4 (one service per sector).
    close(c.derived.a[tel][power], 0.5);
    close(c.derived.a[bank][tel], 0.4);
    // c* = 0.8 at power: q_tel = 0.5 × 0.8 = 0.4, q_bank = 0.4 × 0.4 = 0.16.
    close(c.iim[power][tel], 0.4);
    close(c.iim[power][bank], 0.16);
    // The DES passes each edge's strength times its provider's loss (0.5 × 0.8 = 0.4, then
    // 0.4 × 0.4 = 0.16): along a chain whose buffers run out it is as linear as the IIM.
    let cell = c
        .cells
        .iter()
        .find(|x| x.origin == "electricity" && x.affected == "finance")
        .unwrap();
    close(cell.difference, 0.0);
    assert_eq!(cell.departure, rensa::analyze::compare::Departure::Linear);
    // The fitted A* reproduces the DES matrix: Q = A*Q + C.
    let f = c.fitted.as_ref().unwrap();
    for o in 0..3 {
        for i in 0..3 {
            let predicted: f64 = (0..3)
                .map(|j| f.a[i][j] * a.matrix.cells[o][j].inoperability)
                .sum::<f64>()
                + if i == o { 0.8 } else { 0.0 };
            assert!((predicted - a.matrix.cells[o][i].inoperability).abs() < 1e-9);
        }
    }
}

fn in_pool(threads: usize, f: impl FnOnce() -> Analysis + Send) -> Analysis {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn the_analysis_is_identical_at_one_and_two_threads() {
    // The default graph with random repairs: every run differs, the whole does not.
    let s = rensa::scenario::load_default();
    let mut c = Config {
        runs: 6,
        seed: 11,
        duration: Minutes(48 * 60),
        perturbation: Perturbation::default(),
    };
    c.perturbation.severity = 0.6;
    let one = in_pool(1, || run(&s, By::Sector, &c));
    let two = in_pool(2, || run(&s, By::Sector, &c));
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&two).unwrap()
    );
    // And the repairs did vary: some cell has a probability strictly between 0 and 1 or
    // the impacts of two runs differ.
    let units = Units::of(&s.infra, By::Sector);
    let scen = des::origin_scenarios(&s, &units, &c);
    let recs = des::simulate(&scen, &units, &c, &|| {});
    assert!(recs[0].windows(2).any(|w| w[0].total() != w[1].total()));
}

#[test]
fn run_seeds_depend_on_seed_origin_and_run_only() {
    assert_eq!(des::run_seed(1, "power", 3), des::run_seed(1, "power", 3));
    assert_ne!(des::run_seed(1, "power", 3), des::run_seed(1, "power", 4));
    assert_ne!(des::run_seed(1, "power", 3), des::run_seed(1, "gas", 3));
    assert_ne!(des::run_seed(1, "power", 3), des::run_seed(2, "power", 3));
}

#[test]
fn the_matrix_impact_is_the_scorings_end_user_impact() {
    // One run of the default graph with power as the origin, recorded by the analysis and
    // scored by `score::impact`: the same person-hours per sector.
    let s = rensa::scenario::load_default();
    let c = Config {
        runs: 1,
        seed: 5,
        duration: Minutes(48 * 60),
        perturbation: Perturbation::default(),
    };
    let units = Units::of(&s.infra, By::Sector);
    let power = units.names.iter().position(|n| n == "electricity").unwrap();
    let scen = des::origin_scenarios(&s, &units, &c);
    let seed = des::run_seed(c.seed, "electricity", 0);
    let r = des::record(scen[power].clone(), seed, &units, c.perturbation.at);
    let outcome = rensa::session::Session::new(scen[power].clone(), seed).finish();
    let scored = rensa::score::impact(&scen[power], &outcome);
    for (u, name) in units.names.iter().enumerate() {
        let want = scored
            .by_sector
            .iter()
            .find(|x| x.sector == name.as_str())
            .unwrap()
            .person_hours;
        assert!((r.impact[u] - want).abs() <= 1e-9 * want.max(1.0), "{name}");
    }
    assert!(r.total() > 0.0);
}

#[test]
fn by_operator_the_chain_gives_the_same_cells_per_operator() {
    // One operator per sector here, so the operator matrix is the sector matrix reordered:
    // operators in id order (power, tel, bank).
    let a = run(&chain(), By::Operator, &config(2));
    assert_eq!(a.matrix.units, vec!["power", "tel", "bank"]);
    let row = &a.matrix.cells[0];
    close(row[1].impact, 2400.0);
    close(row[2].impact, 240.0);
    assert_eq!(row[2].median_minutes, Some(120.0));
    close(row[1].inoperability, 0.4);
    assert_eq!(a.criticality[0].unit, "power");
}
