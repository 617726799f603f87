//! Work that must grow linearly: counted, not timed, so a return to quadratic behaviour
//! fails here on any machine.

use crate::common;
use common::*;
use rensa::engine::Engine;
use rensa::engine::timeline::Happening;

/// `n` operators in one sector, one service each, and `k` injects at them: a quarter at
/// fixed times, a quarter following the one before, a quarter waiting for a level, a
/// quarter for the non-detection of an earlier one; `policies` as given.
fn scenario_text(n: usize, k: usize, policies: &str) -> String {
    let mut ops = String::new();
    for i in 0..n {
        ops += &format!(
            r#"Operator(id: "op{i}", name: "Op {i}", sector: Finance, region: "r",
                services: [Service(id: "op{i}/s", name: "S", population: {}, required: 0.8)]),"#,
            1000 + i
        );
    }
    let kind = r#"ItFailure(cause: SystemFailure, severity: 0.1, recovery: Fixed("1h"))"#;
    let mut injects = String::new();
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
        injects +=
            &format!(r#"Inject(id: "i{j}", {trigger}, target: Service("op{o}/s"), kind: {kind}),"#);
    }
    format!(
        r#"Scenario(name: "scale", duration: "72h", seed: 1, policies: {policies},
            infrastructure: Inline(Infrastructure(operators: [{ops}], dependencies: [])),
            injects: [{injects}])"#
    )
}

#[test]
fn waiting_injects_cost_work_per_change_not_per_event() {
    for k in [400, 1600] {
        let s = scenario(&scenario_text(20, k, "Passive"));
        let mut e = Engine::new(s.clone(), 1);
        e.run();
        let level_changes = e
            .timeline()
            .iter()
            .filter(|x| matches!(x.what, Happening::LevelChanged { .. }))
            .count() as u64;
        // Each waiting inject is looked at once when what it waits for happens (or when
        // its leader fires), plus once per level change of its service while it waits
        // (the first level still above) — and every service once at the first check.
        let bound = k as u64 + level_changes + s.infra.services.len() as u64;
        let work = e.condition_evaluations();
        assert!(
            work <= bound,
            "{k} injects: {work} evaluations for {level_changes} level changes (bound {bound}); \
             {} events",
            e.events_handled()
        );
        // A check of every waiting inject after every event would cost about
        // events × k / 2: orders of magnitude more.
        assert!(work * 20 < e.events_handled() * k as u64 / 2, "{work}");
    }
}

#[test]
fn one_report_in_a_large_sector_costs_events_linear_in_its_operators() {
    // One IT failure at one operator; the reference playbook tells the sector's CEPTOR,
    // which alerts every member; nothing else fails.
    let events = |n: usize| {
        let text = scenario_text(n, 1, "Reference");
        let s = scenario(&text);
        let mut e = Engine::new(s, 1);
        e.run();
        (e.events_handled(), e.messages().len())
    };
    let (a, ma) = events(50);
    let (b, mb) = events(100);
    let (c, mc) = events(200);
    // The same messages whatever the size of the sector …
    assert_eq!((ma, mb), (mb, mc));
    // … and deliveries (events) growing by the same amount per added operator.
    assert_eq!(c - b, 2 * (b - a), "{a} {b} {c}");
}
