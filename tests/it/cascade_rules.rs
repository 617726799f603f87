//! The model's rules on small graphs whose outcome is computed by hand (docs/MODEL.md).

use crate::common;
use common::*;

/// power → telecom → bank: power fails at 1h for a fixed 5h; telecom's buffer on power is
/// 2h; the bank has no buffer on telecom.
const CHAIN: &str = r#"
Scenario(
    name: "three-node chain",
    duration: "12h",
    seed: 1,
    policies: Passive,
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "power", name: "Power", sector: Electricity, region: "r",
                services: [Service(id: "power/supply", name: "Supply", population: 1000, required: 0.9)]),
            Operator(id: "tel", name: "Telecom", sector: InfoComm, sub_sector: Telecom, region: "r",
                services: [Service(id: "tel/net", name: "Network", population: 2000, required: 0.8)]),
            Operator(id: "bank", name: "Bank", sector: Finance, region: "r",
                services: [Service(id: "bank/atm", name: "ATMs", population: 500, required: 0.9)]),
        ],
        dependencies: [
            Dependency(dependent: "tel/net", provider: "power/supply", kind: Physical,
                strength: 0.5, tolerance: "2h"),
            Dependency(dependent: "bank/atm", provider: "tel/net", kind: Cyber,
                strength: 0.4, tolerance: 0),
        ],
    )),
    injects: [
        Inject(id: "blackout", at: "1h", target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.8, recovery: Fixed("5h"))),
    ],
)
"#;

#[test]
fn hand_computed_chain_failure_buffer_dependent_failure_recovery() {
    let s = scenario(CHAIN);
    let o = run(&s);
    // T+1h: power 1 × (1 − 0.8) = 0.2 < 0.9, fails; its 5h repair runs at full speed
    // (power depends on nothing), so it ends at 1h + 5h = 6h.
    assert_eq!(
        levels(&s, &o, "power/supply"),
        vec![(60, 0.19999999999999996), (360, 1.0)]
    );
    // T+3h: telecom's 2h buffer runs out: 1 × (1 − 0.5) = 0.5 < 0.8, fails; the bank,
    // without buffer, drops at once: 1 × (1 − 0.4) = 0.6 < 0.9.
    // T+6h: power is back, the loss stops flowing along both edges.
    assert_eq!(levels(&s, &o, "tel/net"), vec![(180, 0.5), (360, 1.0)]);
    assert_eq!(levels(&s, &o, "bank/atm"), vec![(180, 0.6), (360, 1.0)]);

    let sum = summary(&s);
    let sector = |id: &str| sum.sectors.iter().find(|x| x.id == id).unwrap().clone();
    // Person-hours lost = population × (1 − level) × hours below required:
    // power 1000 × 0.8 × 5 = 4000; telecom 2000 × 0.5 × 3 = 3000; bank 500 × 0.4 × 3 = 600.
    assert_eq!(sector("electricity").person_hours_lost, 4000.0);
    assert_eq!(sector("info_comm").person_hours_lost, 3000.0);
    assert_eq!(sector("finance").person_hours_lost, 600.0);
    assert_eq!(sector("electricity").hours_below_required, 5.0);
    assert_eq!(sector("info_comm").hours_below_required, 3.0);
    assert_eq!(sector("finance").min_level, 0.6);
    assert_eq!(sector("finance").min_level_at, "T+03:00");
    assert_eq!(sum.totals.person_hours_lost, 7600.0);
    assert_eq!(sum.totals.services_below_required, 3);
    // Inject, buffer run-out, repair completion and the end: four events.
    assert_eq!(sum.events, 4);
}

#[test]
fn recovery_is_slowed_while_own_dependencies_deliver_loss() {
    // Add a 2h repair job at telecom at T+4h, while power's loss reaches it.
    let text = CHAIN.replace(
        "    ],\n)\n",
        r#"        Inject(id: "router", at: "4h", target: Service("tel/net"),
            kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Fixed("2h"))),
    ],
)
"#,
    );
    let s = scenario(&text);
    let o = run(&s);
    // T+4h: telecom's dependency factor is 0.5, so repair speed = 1 − 0.5 × (1 − 0.5) = 0.75
    // and 120 min of work would take 160 min. At T+6h power is back: 120 min × 0.75 = 90
    // done, 30 left at full speed: repaired at T+6h30.
    // Levels: 0.5 at 3h; 0.5 × 0.5 = 0.25 at 4h; 0.5 (own impairment only) at 6h; 1 at 6h30.
    assert_eq!(
        levels(&s, &o, "tel/net"),
        vec![(180, 0.5), (240, 0.25), (360, 0.5), (390, 1.0)]
    );
    // The bank stays down until telecom is back above 0.8: 3h → 6h30.
    assert_eq!(levels(&s, &o, "bank/atm"), vec![(180, 0.6), (390, 1.0)]);
    let sum = summary(&s);
    let tel = sum.services.iter().find(|x| x.id == "tel/net").unwrap();
    // 2000 × (0.5 × 1h + 0.75 × 2h + 0.5 × 0.5h) = 2000 × 2.25 = 4500.
    assert_eq!(tel.person_hours_lost, 4500.0);
    let bank = sum.services.iter().find(|x| x.id == "bank/atm").unwrap();
    // 500 × 0.4 × 3.5h = 700.
    assert_eq!(bank.person_hours_lost, 700.0);
}

const CYCLE: &str = r#"
Scenario(
    name: "power-telecom cycle",
    duration: "8h",
    policies: Passive,
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "a", name: "Power", sector: Electricity, region: "r",
                services: [Service(id: "a/s", name: "Supply", population: 100, required: 0.9)]),
            Operator(id: "b", name: "Telecom", sector: InfoComm, region: "r",
                services: [Service(id: "b/s", name: "Network", population: 100, required: 0.9)]),
        ],
        dependencies: [
            Dependency(dependent: "b/s", provider: "a/s", kind: Physical, strength: 0.5, tolerance: "1h"),
            Dependency(dependent: "a/s", provider: "b/s", kind: Cyber, strength: 0.5, tolerance: 0),
        ],
    )),
    injects: [
        Inject(at: 0, target: Operator("a"),
            kind: ItFailure(cause: SystemFailure, severity: 0.6, recovery: Fixed("4h"))),
    ],
)
"#;

#[test]
fn cycle_power_telecom_terminates_and_releases_when_the_cause_is_repaired() {
    let s = scenario(CYCLE);
    let o = run(&s);
    // T+0: a = 0.4, fails. T+1h: b's buffer runs out, b = 0.5, fails; b → a has no buffer,
    // so a = 0.4 × 0.5 = 0.2 and a's repair slows to 1 − 0.5 × 0.5 = 0.75: 180 min of work
    // left take 240 min, done at T+5h.
    assert_eq!(levels(&s, &o, "a/s"), vec![(0, 0.4), (60, 0.2), (300, 1.0)]);
    // T+5h: a's own capacity is back. Each of a and b is still down only because of the
    // other: the least fixed point has no delivering edge, so both return to 1 at once.
    assert_eq!(levels(&s, &o, "b/s"), vec![(60, 0.5), (300, 1.0)]);
    let sum = summary(&s);
    // a: 100 × (0.6 × 1h + 0.8 × 4h) = 380; b: 100 × 0.5 × 4h = 200.
    let lost = |id: &str| {
        sum.services
            .iter()
            .find(|x| x.id == id)
            .unwrap()
            .person_hours_lost
    };
    assert_eq!(lost("a/s"), 380.0);
    assert_eq!(lost("b/s"), 200.0);
}

#[test]
fn a_buffer_refills_when_the_provider_recovers_before_it_runs_out() {
    // Power is down 1h only; telecom's buffer is 2h: the loss never reaches telecom.
    let text = CHAIN.replace("Fixed(\"5h\")", "Fixed(\"1h\")");
    let s = scenario(&text);
    let o = run(&s);
    assert_eq!(levels(&s, &o, "tel/net"), vec![]);
    assert_eq!(levels(&s, &o, "bank/atm"), vec![]);
    // The stale buffer timer at T+3h is not counted as an event.
    assert_eq!(summary(&s).events, 3);
}

#[test]
fn two_providers_down_multiply_their_losses() {
    // Hospital needs power (0.5) and water (0.4); both fail: 1 × 0.5 × 0.6 = 0.3.
    let s = scenario(
        r#"Scenario(name: "two providers", duration: "4h",
        infrastructure: Inline(Infrastructure(
            operators: [
                Operator(id: "p", name: "P", sector: Electricity, region: "r",
                    services: [Service(id: "p/s", name: "S", population: 1, required: 0.9)]),
                Operator(id: "w", name: "W", sector: Water, region: "r",
                    services: [Service(id: "w/s", name: "S", population: 1, required: 0.9)]),
                Operator(id: "h", name: "H", sector: Medical, region: "r",
                    services: [Service(id: "h/s", name: "S", population: 1, required: 0.9)]),
            ],
            dependencies: [
                Dependency(dependent: "h/s", provider: "p/s", kind: Physical, strength: 0.5, tolerance: 0),
                Dependency(dependent: "h/s", provider: "w/s", kind: Physical, strength: 0.4, tolerance: 0),
            ],
        )),
        injects: [
            Inject(at: "1h", target: Region("r"),
                kind: Disaster(hazard: Earthquake, severity: 0.2, recovery: Fixed("1h"))),
        ],
    )"#,
    );
    let o = run(&s);
    // T+1h: every service loses 0.2 of capacity: p = w = 0.8 < 0.9, both fail; the hospital
    // gets 0.8 × 0.5 × 0.6 = 0.24. T+2h: all repaired (the hospital's repair is slowed by
    // its dependencies, but those recover first in the same minute — repairs that finish
    // in the same minute are applied in scheduling order).
    let h = levels(&s, &o, "h/s");
    assert!((h[0].1 - 0.24).abs() < 1e-12, "{h:?}");
    assert_eq!(h[0].0, 60);
    assert_eq!(h.last().unwrap().1, 1.0);
}

/// After every event, the cascade state is exactly the least fixed point of the rules
/// (docs/MODEL.md), checked from scratch: levels are capacity × the delivering edges'
/// factors, delivering edges have providers failing for their tolerance, buffer-less edges
/// from failing providers deliver, and no failure holds itself up through a cycle.
fn assert_least_fixed_point(engine: &rensa::engine::Engine) {
    use rensa::engine::cascade::is_below;
    let infra = engine.infra();
    let now = engine.now();
    let failed: Vec<bool> = infra
        .services
        .iter()
        .map(|s| engine.state_of(s.id).failed_since.is_some())
        .collect();
    for s in &infra.services {
        let st = engine.state_of(s.id);
        let mut factor = 1.0;
        for e in infra.providers_of(s.id) {
            if engine.edge_delivering(e.id) {
                factor *= 1.0 - e.strength;
            }
        }
        assert_eq!(st.level, st.capacity * factor, "{} at {now}", s.key);
        assert_eq!(
            is_below(st.level, s.required),
            failed[s.id.index()],
            "{}",
            s.key
        );
    }
    for e in &infra.dependencies {
        let since = engine.state_of(e.provider).failed_since;
        let tolerance = engine.effective_tolerance(e.id);
        if engine.edge_delivering(e.id) {
            let since =
                since.unwrap_or_else(|| panic!("edge {:?} delivers from a working provider", e.id));
            assert!(
                now.since(since) >= tolerance,
                "edge {:?} delivers early",
                e.id
            );
        } else if since.is_some() && tolerance.0 == 0 {
            panic!(
                "buffer-less edge {:?} from a failing provider does not deliver",
                e.id
            );
        }
    }
    // Rebuild the failures from the capacities alone, letting a delivering edge count only
    // once its provider is found failing: the smallest consistent set.
    let mut derived: Vec<bool> = infra
        .services
        .iter()
        .map(|s| is_below(engine.state_of(s.id).capacity, s.required))
        .collect();
    loop {
        let mut changed = false;
        for s in &infra.services {
            if derived[s.id.index()] {
                continue;
            }
            let mut level = engine.state_of(s.id).capacity;
            for e in infra.providers_of(s.id) {
                if engine.edge_delivering(e.id) && derived[e.provider.index()] {
                    level *= 1.0 - e.strength;
                }
            }
            if is_below(level, s.required) {
                derived[s.id.index()] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    assert_eq!(derived, failed, "failures not grounded in a cause at {now}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    #[test]
    fn the_cascade_is_the_least_fixed_point_after_every_event(
        operators in 2usize..60,
        edges in 0usize..400,
        injects in 1usize..30,
        seed in 0u64..1_000_000,
    ) {
        use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
        let spec = SyntheticSpec {
            operators,
            edges,
            injects,
            seed,
            ..SyntheticSpec::default()
        };
        let scenario = std::sync::Arc::new(synthetic_scenario(&spec));
        let mut engine = rensa::engine::Engine::new(scenario.clone(), seed);
        while engine.step() {
            assert_least_fixed_point(&engine);
        }
    }
}
