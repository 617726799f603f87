//! Sensitivity with common random numbers: the varied runs reuse the baseline's seeds, so
//! a knob that changes nothing gives exactly zero difference, and one that does gives the
//! hand-computed paired difference.

use rensa::analyze::vary::{self, Knob};
use rensa::analyze::{By, Config, Perturbation, Units, des};
use rensa::model::{Dist, FailureCause, Minutes, Scenario};
use std::path::Path;

fn chain() -> Scenario {
    rensa::scenario::load_path(Path::new("tests/fixtures/valid/small-chain.ron")).unwrap()
}

fn config() -> Config {
    Config {
        runs: 4,
        seed: 3,
        duration: Minutes(12 * 60),
        perturbation: Perturbation {
            severity: 0.8,
            recovery: Dist::Fixed(Minutes(5 * 60)),
            at: Minutes(60),
            cause: FailureCause::SystemFailure,
        },
    }
}

fn sensitivity(spec: &str, origin: usize, delta: f64) -> Vec<vary::Sensitivity> {
    let s = chain();
    let c = config();
    let units = Units::of(&s.infra, By::Sector);
    let base = des::simulate(&des::origin_scenarios(&s, &units, &c), &units, &c, &|| {});
    let jobs: Vec<(Knob, usize)> = vary::parse(spec, &s)
        .unwrap()
        .into_iter()
        .map(|k| (k, origin))
        .collect();
    vary::sensitivity(&s, &units, &c, &base, &jobs, delta, &|| {})
}

#[test]
fn a_stronger_edge_costs_the_hand_computed_person_hours() {
    // Origin telecom (index 0) at 0.2: the bank loses w × 0.8 = 0.32 for 5 h:
    // 500 × 0.32 × 5 = 800. ±50 %: w = 0.2 → 0.16, 400 h (−400); w = 0.6 → 0.48, 1200 h
    // (+400); the bank stays below its 0.9 either way. Every run is the same (fixed
    // repair), so the intervals are points.
    let r = sensitivity("tel/net->bank/atm:strength", 0, 0.5);
    assert_eq!(r.len(), 1);
    let x = &r[0];
    assert_eq!(x.knob, "tel/net->bank/atm:strength");
    assert!((x.low.value - 0.2).abs() < 1e-12 && (x.high.value - 0.6).abs() < 1e-12);
    assert!((x.low.difference + 400.0).abs() < 1e-6, "{x:?}");
    assert!((x.high.difference - 400.0).abs() < 1e-6, "{x:?}");
    assert!((x.high.interval.hi - x.high.interval.lo).abs() < 1e-6);
}

#[test]
fn a_knob_upstream_of_the_origin_changes_nothing_exactly() {
    // From the bank, nothing depends on it: power → telecom's edge is never used.
    let r = sensitivity("power/supply->tel/net", 1, 0.2);
    assert_eq!(r.len(), 2, "strength and tolerance");
    for x in &r {
        assert_eq!((x.low.difference, x.high.difference), (0.0, 0.0), "{x:?}");
    }
}

#[test]
fn a_longer_buffer_shortens_the_cascade() {
    // Origin power (index 2): telecom's buffer 2 h → ×1.5 = 3 h: telecom and the bank
    // fall 1 h later: telecom 2000 × 0.4 × 1 = 800 and the bank 500 × 0.16 × 1 = 80 less.
    let r = sensitivity("power/supply->tel/net:tolerance", 2, 0.5);
    let x = &r[0];
    assert_eq!(x.high.value, 180.0);
    assert!((x.high.difference + 880.0).abs() < 1e-6, "{x:?}");
}

#[test]
fn a_mistyped_knob_is_refused_with_a_suggestion() {
    let s = chain();
    let e = vary::parse("tel/nett->bank/atm", &s).unwrap_err();
    assert!(e.contains("did you mean `tel/net`"), "{e}");
    let e = vary::parse("recovery_slowdwn", &s).unwrap_err();
    assert!(e.contains("did you mean `recovery_slowdown`"), "{e}");
    let e = vary::parse("bank/atm->tel/net", &s).unwrap_err();
    assert!(e.contains("does not depend on"), "{e}");
}

#[test]
fn the_tornado_takes_the_edges_the_loss_crossed_with_the_origins_that_crossed_them() {
    let s = chain();
    let c = config();
    let units = Units::of(&s.infra, By::Sector);
    let base = des::simulate(&des::origin_scenarios(&s, &units, &c), &units, &c, &|| {});
    let m = des::matrix(&units, &base);
    let jobs = vary::tornado_jobs(&s, &units, &m, 10);
    let named: Vec<(String, &str)> = jobs
        .iter()
        .map(|(k, o)| (vary::name(*k, &s), units.names[*o].as_str()))
        .collect();
    // tel → bank is crossed from telecom and from power (share 1 + 1 = 2), power → tel
    // from power only (1): the former first; each with strength and tolerance.
    assert_eq!(
        named,
        vec![
            ("tel/net->bank/atm:strength".to_string(), "info_comm"),
            ("tel/net->bank/atm:tolerance".to_string(), "info_comm"),
            ("tel/net->bank/atm:strength".to_string(), "electricity"),
            ("tel/net->bank/atm:tolerance".to_string(), "electricity"),
            ("power/supply->tel/net:strength".to_string(), "electricity"),
            ("power/supply->tel/net:tolerance".to_string(), "electricity"),
        ]
    );
    assert_eq!(vary::tornado_jobs(&s, &units, &m, 1).len(), 4);
}

#[test]
fn an_edge_may_be_named_as_batch_sweeps_name_it() {
    let s = chain();
    for (ours, batch) in [
        (
            "power/supply->tel/net:tolerance",
            "edge.power/supply->tel/net.tolerance",
        ),
        (
            "power/supply->tel/net:strength",
            "edge.power/supply->tel/net.strength",
        ),
        ("power/supply->tel/net", "edge.power/supply->tel/net"),
    ] {
        assert_eq!(
            vary::parse(ours, &s).unwrap(),
            vary::parse(batch, &s).unwrap(),
            "{batch}"
        );
    }
    let e = vary::parse("edge.tel/nett->bank/atm.tolerance", &s).unwrap_err();
    assert!(e.contains("did you mean `tel/net`"), "{e}");
}
