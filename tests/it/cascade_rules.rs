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
    // T+3h: telecom's 2h buffer runs out. Power, at 0.19999999999999996, passes on
    // 0.5 × (1 − 0.19999999999999996) = 0.5 × 0.8 = 0.4: telecom 1 × (1 − 0.4) = 0.6 < 0.8,
    // fails. The bank, without buffer, falls in the next round of the same event: telecom
    // passes 0.4 × (1 − 0.6) = 0.4 × 0.4 = 0.16, bank 1 × (1 − 0.16) = 0.84 < 0.9.
    // T+6h: power is back, the loss stops flowing along both edges.
    assert_eq!(levels(&s, &o, "tel/net"), vec![(180, 0.6), (360, 1.0)]);
    assert_eq!(levels(&s, &o, "bank/atm"), vec![(180, 0.84), (360, 1.0)]);

    let sum = summary(&s);
    let sector = |id: &str| sum.sectors.iter().find(|x| x.id == id).unwrap().clone();
    // Person-hours lost = population × (1 − level) × hours below required:
    // power 1000 × 0.8 × 5 = 4000; telecom 2000 × 0.4 × 3 = 2400; bank 500 × 0.16 × 3 = 240.
    assert_eq!(sector("electricity").person_hours_lost, 4000.0);
    assert_eq!(sector("info_comm").person_hours_lost, 2400.0);
    assert_eq!(sector("finance").person_hours_lost, 240.0);
    assert_eq!(sector("electricity").hours_below_required, 5.0);
    assert_eq!(sector("info_comm").hours_below_required, 3.0);
    assert_eq!(sector("finance").min_level, 0.84);
    assert_eq!(sector("finance").min_level_at, "T+03:00");
    assert_eq!(sum.totals.person_hours_lost, 6640.0);
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
    // T+4h: telecom's capacity is 0.5 and its dependency factor 0.6 (power passes 0.4):
    // level 0.5 × 0.6 = 0.3, and so its pass-through level (power fell before it). Repair
    // speed = 1 − 0.5 × (1 − 0.6) = 0.8: 120 min of work would take 150 min. At T+6h power
    // is back: 120 min × 0.8 = 96 done, 24 left at full speed: repaired at T+6h24.
    // Levels: 0.6 at 3h; 0.3 at 4h; 0.5 (own impairment only) at 6h; 1 at 6h24.
    assert_eq!(
        levels(&s, &o, "tel/net"),
        vec![(180, 0.6), (240, 0.3), (360, 0.5), (384, 1.0)]
    );
    // The bank follows telecom's pass-through level: 1 − 0.4 × (1 − 0.6) = 0.84 at 3h,
    // 1 − 0.4 × (1 − 0.3) = 0.72 at 4h, 1 − 0.4 × (1 − 0.5) = 0.8 at 6h (telecom still
    // below 0.8), and 1 when telecom is back at 6h24.
    assert_eq!(
        levels(&s, &o, "bank/atm"),
        vec![(180, 0.84), (240, 0.72), (360, 0.8), (384, 1.0)]
    );
    let sum = summary(&s);
    let tel = sum.services.iter().find(|x| x.id == "tel/net").unwrap();
    // 2000 × (0.4 × 1h + 0.7 × 2h + 0.5 × 0.4h) = 2000 × 2 = 4000.
    assert_eq!(tel.person_hours_lost, 4000.0);
    let bank = sum.services.iter().find(|x| x.id == "bank/atm").unwrap();
    // 500 × (0.16 × 1h + 0.28 × 2h + 0.2 × 0.4h) = 500 × 0.8 = 400.
    assert_eq!(bank.person_hours_lost, 400.0);
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
    // T+0: a = 0.4, fails (first place). T+1h: b's buffer runs out: a passes
    // 0.5 × (1 − 0.4) = 0.3, b = 0.7 < 0.9, fails (second place); b → a has no buffer and b
    // passes its level, 0.5 × (1 − 0.7) = 0.15: a = 0.4 × 0.85 = 0.34. a's pass-through
    // level stays 0.4 (b fell after it), so the loss goes round the cycle once, not again.
    // a's repair slows to 1 − 0.5 × 0.15 = 0.925: the 180 min of work left take
    // ⌈180 / 0.925⌉ = ⌈194.6⌉ = 195 min, done at T+4h15.
    assert_eq!(
        levels(&s, &o, "a/s"),
        vec![(0, 0.4), (60, 0.34), (255, 1.0)]
    );
    // T+4h15: a's own capacity is back. Each of a and b is still down only because of the
    // other: the least fixed point has no delivering edge, so both return to 1 at once.
    assert_eq!(levels(&s, &o, "b/s"), vec![(60, 0.7), (255, 1.0)]);
    let sum = summary(&s);
    // a: 100 × (0.6 × 1h + 0.66 × 3.25h) = 274.5; b: 100 × 0.3 × 3.25h = 97.5.
    let lost = |id: &str| {
        sum.services
            .iter()
            .find(|x| x.id == id)
            .unwrap()
            .person_hours_lost
    };
    assert_eq!(lost("a/s"), 274.5);
    assert_eq!(lost("b/s"), 97.5);
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
    // T+1h: every service loses 0.2 of capacity: p = w = h = 0.8 < 0.9, all three fall in
    // the event's first round and share a place. In the next round the edges of p and w
    // deliver, each passing its level 0.8: the hospital keeps (1 − 0.4 × 0.2) × (1 − 0.5 ×
    // 0.2) = 0.92 × 0.9 of its 0.8 (edges multiply in decreasing edge order): 0.6624. Its
    // own pass-through level stays 0.8, as p and w share its place. T+2h: all repaired
    // (the hospital's repair is slowed by its dependencies, but those recover first in the
    // same minute — repairs that finish in the same minute are applied in scheduling
    // order).
    let h = levels(&s, &o, "h/s");
    let c = 1.0 * (1.0 - 0.2);
    let want = c * (1.0 * (1.0 - 0.4 * (1.0 - c)) * (1.0 - 0.5 * (1.0 - c)));
    assert_eq!(want, 0.6624000000000001);
    assert_eq!(h[0], (60, want));
    assert_eq!(h.last().unwrap().1, 1.0);
}

/// p → q → r with buffer-less edges, and s on p: one failure reaches the whole chain in
/// one event, round by round, each edge passing on its strength times its provider's loss.
const ROUNDS: &str = r#"
Scenario(
    name: "partial loss in rounds",
    duration: "4h",
    policies: Passive,
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "o", name: "O", sector: Electricity, region: "r",
                services: [
                    Service(id: "o/p", name: "P", population: 100, required: 0.9),
                    Service(id: "o/q", name: "Q", population: 100, required: 0.9),
                    Service(id: "o/r", name: "R", population: 100, required: 0.9),
                    Service(id: "o/s", name: "S", population: 100, required: 0.9),
                ]),
        ],
        dependencies: [
            Dependency(dependent: "o/q", provider: "o/p", kind: Physical, strength: 1.0, tolerance: 0),
            Dependency(dependent: "o/r", provider: "o/q", kind: Physical, strength: 0.5, tolerance: 0),
            Dependency(dependent: "o/s", provider: "o/p", kind: Physical, strength: 0.2, tolerance: 0),
        ],
    )),
    injects: [
        Inject(at: "1h", target: Service("o/p"),
            kind: ItFailure(cause: SystemFailure, severity: 0.4, recovery: Fixed("2h"))),
    ],
)
"#;

#[test]
fn a_partly_degraded_provider_passes_on_part_of_its_loss_round_by_round() {
    let s = scenario(ROUNDS);
    let o = run(&s);
    // T+1h, round 1: p = 1 − 0.4 = 0.6 < 0.9 falls. Round 2: q loses 1.0 × (1 − 0.6) = 0.4:
    // q = 0.6, falls; s loses only 0.2 × 0.4 = 0.08: s = 0.92 ≥ 0.9, holds (under a rule
    // that passed the whole strength it would have lost 0.2 and fallen). Round 3: r loses
    // 0.5 × (1 − 0.6) = 0.2: r = 0.8 < 0.9, falls. T+3h: p repaired, all back.
    assert_eq!(levels(&s, &o, "o/p"), vec![(60, 0.6), (180, 1.0)]);
    assert_eq!(levels(&s, &o, "o/q"), vec![(60, 0.6), (180, 1.0)]);
    assert_eq!(levels(&s, &o, "o/r"), vec![(60, 0.8), (180, 1.0)]);
    // (0.2 × 0.4 is 0.08000000000000002 in f64, so s prints as 0.9199999999999999.)
    assert_eq!(
        levels(&s, &o, "o/s"),
        vec![(60, 0.9199999999999999), (180, 1.0)]
    );
    let sum = summary(&s);
    let svc = |id: &str| sum.services.iter().find(|x| x.id == id).unwrap().clone();
    // s never fell: no person-hours. r: 100 × 0.2 × 2h = 40.
    assert_eq!(svc("o/s").person_hours_lost, 0.0);
    assert_eq!(svc("o/s").hours_below_required, 0.0);
    assert_eq!(svc("o/r").person_hours_lost, 40.0);
    // The places: p in the event's first round, q in its second, r in its third.
    let mut engine = rensa::engine::Engine::new(s.clone(), s.seed);
    while engine.now().0 < 60 && engine.step() {}
    let place = |k: &str| engine.fail_place(sid(&s, k)).expect("failing");
    assert!(place("o/p") < place("o/q") && place("o/q") < place("o/r"));
    assert_eq!(engine.fail_place(sid(&s, "o/s")), None);
    // q passes its whole level (p is before it); so does r.
    assert_eq!(engine.pass_level(sid(&s, "o/q")), 0.6);
    assert_eq!(engine.pass_level(sid(&s, "o/r")), 0.8);
}

/// After every event, the cascade state is exactly the least fixed point of the rules
/// (docs/MODEL.md), checked from scratch: pass-through levels are capacity × the factors of
/// the delivering edges from earlier places, levels are capacity × every delivering edge's
/// factor `1 − w × (1 − P)`, delivering edges have providers failing for their tolerance,
/// buffer-less edges from failing providers deliver, and no failure holds itself up
/// through a cycle.
fn assert_least_fixed_point(engine: &rensa::engine::Engine) {
    use rensa::engine::cascade::is_below;
    let infra = engine.infra();
    let now = engine.now();
    let n = infra.services.len();
    let place: Vec<Option<u64>> = infra
        .services
        .iter()
        .map(|s| engine.fail_place(s.id))
        .collect();
    let failed: Vec<bool> = place.iter().map(Option::is_some).collect();
    // Pass-through levels by place, from the capacities and the delivering edges alone.
    let pass = pass_levels(engine, &failed, &place);
    for s in &infra.services {
        let st = engine.state_of(s.id);
        let i = s.id.index();
        let mut factor = 1.0;
        for e in infra.providers_of(s.id) {
            if engine.edge_delivering(e.id) {
                factor *= 1.0 - e.strength * (1.0 - pass[e.provider.index()]);
            }
        }
        assert_eq!(st.level, st.capacity * factor, "{} at {now}", s.key);
        assert_eq!(engine.pass_level(s.id), pass[i], "{} pass at {now}", s.key);
        assert_eq!(is_below(st.level, s.required), failed[i], "{}", s.key);
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
    // once its provider is found failing (and passing what it passes among those found):
    // the smallest consistent set.
    let mut derived: Vec<bool> = infra
        .services
        .iter()
        .map(|s| is_below(engine.state_of(s.id).capacity, s.required))
        .collect();
    loop {
        // One round from the last one's set (its pass-through levels are of that set).
        let pass = pass_levels(engine, &derived, &place);
        let was = derived.clone();
        let mut changed = false;
        for s in &infra.services {
            if was[s.id.index()] {
                continue;
            }
            let mut factor = 1.0;
            for e in infra.providers_of(s.id) {
                let p = e.provider.index();
                if engine.edge_delivering(e.id) && was[p] {
                    factor *= 1.0 - e.strength * (1.0 - pass[p]);
                }
            }
            if is_below(engine.state_of(s.id).capacity * factor, s.required) {
                derived[s.id.index()] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    assert_eq!(derived.len(), n);
    assert_eq!(derived, failed, "failures not grounded in a cause at {now}");
}

/// The pass-through levels of the services marked `failing`, computed in the order of
/// their places (a place counts only the delivering edges from failing services at
/// strictly earlier places); a service not failing passes its level.
fn pass_levels(
    engine: &rensa::engine::Engine,
    failing: &[bool],
    place: &[Option<u64>],
) -> Vec<f64> {
    let infra = engine.infra();
    let mut pass: Vec<f64> = infra
        .services
        .iter()
        .map(|s| engine.state_of(s.id).level)
        .collect();
    let mut order: Vec<usize> = (0..infra.services.len()).filter(|&i| failing[i]).collect();
    order.sort_by_key(|&i| (place[i].unwrap_or(u64::MAX), i));
    for &i in &order {
        let s = &infra.services[i];
        let own = place[i].unwrap_or(u64::MAX);
        // The factors first, then the capacity: the engine's order of multiplication.
        let mut factor = 1.0;
        for e in infra.providers_of(s.id) {
            let p = e.provider.index();
            if engine.edge_delivering(e.id) && failing[p] && place[p].unwrap_or(u64::MAX) < own {
                factor *= 1.0 - e.strength * (1.0 - pass[p]);
            }
        }
        pass[i] = engine.state_of(s.id).capacity * factor;
    }
    pass
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 96,
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

/// `rensa explain`'s least fixed point (engine/explain.rs) is what the engine does, on the
/// bundled graph: every service in turn fails at T+1h for good, nothing else happening;
/// each service the cascade reaches has its first level change at 1h + its first loss and
/// ends at the level explain gives, and the engine changes no service explain misses.
#[test]
fn explains_cascade_is_the_engines_on_the_bundled_graph() {
    let base = scenario(
        r#"Scenario(name: "one failure", duration: "10d", seed: 1, policies: Passive,
            infrastructure: Default, injects: [])"#,
    );
    let mut compared = 0;
    for origin in &base.infra.services {
        let key = &origin.key;
        let s = scenario(&format!(
            r#"Scenario(name: "one failure", duration: "10d", seed: 1, policies: Passive,
                infrastructure: Default,
                injects: [Inject(id: "down", at: "1h", target: Service("{key}"),
                    kind: ItFailure(cause: SystemFailure, severity: 1.0, recovery: Fixed("30d")))])"#
        ));
        let o = run(&s);
        let course = rensa::engine::explain::cascade(&s.infra, sid(&s, key));
        let mut reached: Vec<&str> = Vec::new();
        for r in &course {
            let k = s.infra.service(r.service).key.as_str();
            reached.push(k);
            let changes = levels(&s, &o, k);
            assert_eq!(
                changes.first().map(|c| c.0),
                Some(60 + r.first_loss.0),
                "{key} → {k}: first loss"
            );
            let last = changes.last().map_or(1.0, |c| c.1);
            assert!(
                (last - r.level).abs() < 1e-9,
                "{key} → {k}: engine {last}, explain {}",
                r.level
            );
            compared += 1;
        }
        for other in &s.infra.services {
            let k = other.key.as_str();
            if k != key && !reached.contains(&k) {
                assert!(
                    levels(&s, &o, k).is_empty(),
                    "{key} → {k}: explain misses it"
                );
            }
        }
    }
    assert!(compared > 100, "{compared}");
}
