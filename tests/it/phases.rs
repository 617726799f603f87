//! What docs/MODEL.md promises about time: the 10⁻⁹ rule at its boundary, the order of
//! the phases within a minute (End, Recovery, Buffer, Inject, Attack, Message, Support,
//! Action, Deadline — `Event::PHASE_*`), and which minute a recurring minimum names. Each
//! phase test puts events of two adjacent phases in the same minute and would fail if
//! the two swapped. Expected values are computed by hand in the comments.

use crate::common;
use common::*;
use rensa::engine::Outcome;
use rensa::engine::timeline::Happening;
use rensa::model::Scenario;

/// Two operators of one sector, one service each, `R` 0.9; `b/s` depends on `a/s`
/// (strength 0.5, tolerance 1h). `extra` goes after the infrastructure (injects,
/// policies, parameters).
fn two(extra: &str) -> String {
    format!(
        r#"Scenario(
    name: "phases",
    duration: "12h",
    seed: 1,
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "a", name: "A", sector: Finance, region: "r",
                services: [Service(id: "a/s", name: "S", population: 100, required: 0.9)]),
            Operator(id: "b", name: "B", sector: Finance, region: "r",
                services: [Service(id: "b/s", name: "S", population: 100, required: 0.9)]),
        ],
        dependencies: [
            Dependency(dependent: "b/s", provider: "a/s", kind: Cyber, strength: 0.5,
                tolerance: "1h"),
        ],
    )),
    {extra}
)"#
    )
}

fn failure(id: &str, at: &str, service: &str, severity: f64, repair: &str) -> String {
    format!(
        r#"Inject(id: "{id}", at: "{at}", target: Service("{service}"),
            kind: ItFailure(cause: SystemFailure, severity: {severity}, recovery: Fixed("{repair}"))),"#
    )
}

/// A staged attack at `service` from T+0: a foothold of 1h (no detection), then an impact
/// of severity 0.5 in no time, so the impact lands at T+1h, in the attack phase.
fn attack(service: &str) -> String {
    format!(
        r#"Inject(id: "attack", at: 0, target: Service("{service}"),
            kind: Attack(attack: Worm, stages: Some([
                Stage(name: "in", chance: 1.0, duration: Fixed("1h"), detection: 0.0,
                      effect: Foothold),
                Stage(name: "hit", chance: 1.0, duration: Fixed("0m"), detection: 0.0,
                      effect: Impact(severity: 0.5, recovery: Fixed("10h"), data_loss: false)),
            ]))),"#
    )
}

/// Index in the timeline of the first entry at minute `t` matching `f`.
fn index_at(o: &Outcome, t: u64, f: impl Fn(&Happening) -> bool) -> usize {
    o.timeline
        .iter()
        .position(|e| e.time.0 == t && f(&e.what))
        .unwrap_or_else(|| panic!("nothing expected at minute {t}"))
}

fn operator(s: &Scenario, key: &str) -> rensa::model::OperatorId {
    match s.infra.lookup(key) {
        Some(rensa::model::Key::Operator(id)) => id,
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// The 10⁻⁹ rule: in IT failure while L < R − 10⁻⁹.
// ---------------------------------------------------------------------------------------

/// Whether `a/s` (R 0.9) hit by an IT failure of `severity` is in IT failure.
fn fails(severity: f64) -> bool {
    let s = scenario(&two(&format!(
        "policies: Passive,\n    injects: [{}],",
        failure("hit", "1h", "a/s", severity, "1h")
    )));
    let o = run(&s);
    let a = sid(&s, "a/s");
    o.timeline
        .iter()
        .find_map(|e| match &e.what {
            Happening::LevelChanged {
                service,
                below_required,
                ..
            } if *service == a => Some(*below_required),
            _ => None,
        })
        .expect("the level changes")
}

#[test]
fn a_level_exactly_at_required_is_not_a_failure() {
    // 1 × (1 − 0.1) = 0.9 in IEEE arithmetic, equal to R.
    assert!(!fails(0.1));
}

#[test]
fn a_level_below_required_by_more_than_the_tolerance_is_a_failure() {
    // 1 − 0.100000002 = 0.899999998: below 0.9 by 2·10⁻⁹ > 10⁻⁹.
    assert!(fails(0.100000002));
}

#[test]
fn a_level_below_required_by_less_than_the_tolerance_is_not_a_failure() {
    // 1 − 0.1000000005 = 0.8999999995: below 0.9 by 5·10⁻¹⁰ < 10⁻⁹ (rounding noise).
    assert!(!fails(0.1000000005));
}

#[test]
fn a_level_just_above_required_is_not_a_failure() {
    // 1 − 0.09 = 0.91 > 0.9.
    assert!(!fails(0.09));
}

// ---------------------------------------------------------------------------------------
// Phases, pair by pair.
// ---------------------------------------------------------------------------------------

#[test]
fn end_comes_before_a_repair_due_at_the_end() {
    // A 12h repair from T+0 would end at T+12h, the end of the run: the run covers
    // [T+0, 12h), so it never completes and a/s stays at 1 − 0.5 = 0.5 for 12 hours.
    let s = scenario(&two(&format!(
        "policies: Passive,\n    injects: [{}],",
        failure("hit", "0m", "a/s", 0.5, "12h")
    )));
    let o = run(&s);
    assert_eq!(levels(&s, &o, "a/s"), vec![(0, 0.5)]);
    assert!(
        !o.timeline
            .iter()
            .any(|e| matches!(e.what, Happening::RecoveryCompleted { .. }))
    );
    let sum = summary(&s);
    let a = sum.services.iter().find(|x| x.id == "a/s").unwrap();
    assert_eq!(a.hours_below_required, 12.0);
}

#[test]
fn a_repair_comes_before_a_buffer_running_out_in_the_same_minute() {
    // a/s fails at T+0 (0.5) for a fixed 1h; b/s's 1h buffer on it would run out at T+1h.
    // The repair is first: a/s is back at T+1h, the buffer's run-out is stale, and b/s
    // never loses anything. (Buffer first, b/s would drop to 0.5 and come back at T+1h.)
    let s = scenario(&two(&format!(
        "policies: Passive,\n    injects: [{}],",
        failure("hit", "0m", "a/s", 0.5, "1h")
    )));
    let o = run(&s);
    assert_eq!(levels(&s, &o, "a/s"), vec![(0, 0.5), (60, 1.0)]);
    assert_eq!(levels(&s, &o, "b/s"), vec![]);
    assert!(
        !o.timeline
            .iter()
            .any(|e| matches!(e.what, Happening::BufferExhausted { .. }))
    );
}

#[test]
fn a_buffer_runs_out_before_an_inject_of_the_same_minute() {
    // a/s fails at T+0 (0.5) for 5h; b/s's buffer runs out at T+1h: a/s passes on
    // 0.5 × (1 − 0.5) = 0.25, b/s = 0.75. Then, in the same minute, an IT failure of 0.2 at
    // b/s: C = 0.8, L = 0.8 × 0.75 = 0.6000000000000001 in f64. (Inject first: 0.8, then
    // 0.6.) b/s's 1h repair runs at 1 − 0.5 × (1 − 0.75) = 0.875: done after
    // ⌈60 / 0.875⌉ = ⌈68.6⌉ = 69 min, at T+2h09 (level 0.75); a/s is back at T+5h, b/s at 1.
    let s = scenario(&two(&format!(
        "policies: Passive,\n    injects: [{} {}],",
        failure("a-down", "0m", "a/s", 0.5, "5h"),
        failure("b-down", "1h", "b/s", 0.2, "1h")
    )));
    let o = run(&s);
    assert_eq!(
        levels(&s, &o, "b/s"),
        vec![
            (60, 0.75),
            (60, 0.6000000000000001),
            (129, 0.75),
            (300, 1.0)
        ]
    );
}

#[test]
fn an_inject_comes_before_an_attack_stage_of_the_same_minute() {
    // An IT failure of 0.2 at a/s at T+1h, and the attack's impact (0.5) at a/s at T+1h.
    // Inject first: C = 0.8, then 0.8 × 0.5 = 0.4. (Attack first: 0.5, then 0.4.)
    let s = scenario(&two(&format!(
        "policies: Passive,\n    injects: [{} {}],",
        failure("it", "1h", "a/s", 0.2, "10h"),
        attack("a/s")
    )));
    let o = run(&s);
    assert_eq!(&levels(&s, &o, "a/s")[..2], &[(60, 0.8), (60, 0.4)]);
}

#[test]
fn an_attack_stage_comes_before_a_message_of_the_same_minute() {
    // The attack's impact lands at b at T+1h and b observes it (attack phase). a's IT
    // failure at T+0 is reported to the CEPTOR at once (delay 30m) and alerted to the
    // members at once (delay 30m): the alert reaches b at T+1h too, after the detection.
    let s = scenario(&two(&format!(
        r#"injects: [{} {}],
    parameters: (message_delays: {{ OperatorToCeptor: Fixed("30m"), CeptorToMembers: Fixed("30m") }}),
    policies: Custom([
        Policy(roles: [Role("operator:a")], rules: [
            Rule(on: Detected, after: Fixed("0m"), act: Report(to: [MyCeptor], label: Green)),
        ]),
        Policy(roles: [Kind(Ceptor)], rules: [
            Rule(on: Received(Report), after: Fixed("0m"), act: Alert(to: [Members], label: Green)),
        ]),
    ]),"#,
        failure("a-down", "0m", "a/s", 0.5, "10h"),
        attack("b/s")
    )));
    let o = run(&s);
    let b = operator(&s, "b");
    let detected = index_at(
        &o,
        60,
        |w| matches!(w, Happening::Detected { operator, .. } if *operator == b),
    );
    let delivered = index_at(&o, 60, |w| {
        matches!(w, Happening::MessageDelivered { to, .. }
            if *to == rensa::model::drill::role::Role::Operator(b))
    });
    assert!(detected < delivered, "{detected} {delivered}");
}

/// a fails at T+0 for 10h and reports to its ministry at once (delay 10m), and to its
/// CEPTOR 80m later; the FSA reports to NISC at once (delay 10m), and alerts its operators
/// 60m later (T+1h10, delay 10m); NISC, told at T+20m of a repair at a, dispatches its one
/// team at once (travel 1h). At T+1h20 the FSA's alert reaches a and b, the team arrives
/// at a and a's report to its CEPTOR is due.
fn support_drill() -> String {
    two(&format!(
        r#"injects: [{}],
    parameters: (support_teams: 1, support_travel: "1h", message_delays: {{
        OperatorToMinistry: Fixed("10m"), MinistryToNisc: Fixed("10m"),
        MinistryToOperators: Fixed("10m") }}),
    policies: Custom([
        Policy(roles: [Role("operator:a")], rules: [
            Rule(on: Detected, after: Fixed("0m"), act: Report(to: [MyMinistry], label: Amber)),
            Rule(on: Detected, after: Fixed("80m"), act: Report(to: [MyCeptor], label: Amber)),
        ]),
        Policy(roles: [Kind(Ministry)], rules: [
            Rule(on: Received(Report), after: Fixed("0m"), act: Report(to: [Nisc], label: Amber)),
            Rule(on: Received(Report), after: Fixed("60m"), act: Alert(to: [Members], label: Amber)),
        ]),
        Policy(roles: [Role("nisc")], rules: [
            Rule(on: Received(Report), after: Fixed("0m"), act: DispatchSupport(LargestAffected)),
        ]),
    ]),"#,
        failure("a-down", "0m", "a/s", 0.5, "10h")
    ))
}

#[test]
fn a_message_comes_before_a_support_team_of_the_same_minute() {
    // The FSA's alert reaches a at T+1h20, when the team arrives: the delivery is first.
    let s = scenario(&support_drill());
    let o = run(&s);
    let a = operator(&s, "a");
    let arrived = index_at(
        &o,
        80,
        |w| matches!(w, Happening::SupportArrived { operator, .. } if *operator == a),
    );
    let delivered = index_at(&o, 80, |w| {
        matches!(w, Happening::MessageDelivered { to, .. }
            if *to == rensa::model::drill::role::Role::Operator(a))
    });
    assert!(delivered < arrived, "{delivered} {arrived}");
}

#[test]
fn a_support_team_comes_before_a_policy_action_of_the_same_minute() {
    // a's report to its CEPTOR (a policy action due at T+1h20) is taken after the team
    // arrived.
    let s = scenario(&support_drill());
    let o = run(&s);
    let arrived = index_at(&o, 80, |w| matches!(w, Happening::SupportArrived { .. }));
    let acted = index_at(&o, 80, |w| matches!(w, Happening::Action { .. }));
    assert!(arrived < acted, "{arrived} {acted}");
    // The team speeds the repair that NISC knew of: it stays until it is done.
    assert!(
        o.timeline
            .iter()
            .any(|e| e.time.0 > 80 && matches!(e.what, Happening::SupportReleased { .. }))
    );
}

#[test]
fn a_policy_action_comes_before_a_deadline_of_the_same_minute() {
    // a fails at T+0 and reports 1h later (T+1h, action phase). "pressure" fires unless a
    // reports by T+1h; its deadline is decided after the report: it is skipped.
    // (Deadline first, the report would not have been taken yet and it would fire.)
    let s = scenario(&two(&format!(
        r#"injects: [{}
        Inject(id: "pressure", when: (condition: ActionNotTaken(role: "operator:a",
            action: Report), by: "1h"), target: Service("b/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Fixed("1h"))),
    ],
    policies: Custom([
        Policy(roles: [Role("operator:a")], rules: [
            Rule(on: Detected, after: Fixed("1h"), act: Report(to: [MyCeptor], label: Amber)),
        ]),
    ]),"#,
        failure("a-down", "0m", "a/s", 0.05, "10h")
    )));
    let o = run(&s);
    let fired: Vec<usize> = o
        .timeline
        .iter()
        .filter_map(|e| match e.what {
            Happening::InjectFired { inject, .. } => Some(inject),
            _ => None,
        })
        .collect();
    assert_eq!(fired, vec![0], "only a-down fires");
    assert!(o.timeline.iter().any(|e| e.time.0 == 60
        && matches!(e.what, Happening::InjectSkipped { inject: 1, .. })));
}

#[test]
fn a_repair_and_a_new_failure_in_the_same_minute_refill_and_restart_the_buffer() {
    // docs/MODEL.md, "The cascade is settled after every event": a/s fails at T+0 (0.5,
    // 2h) and again at T+2h (0.5, 5h). b/s (buffer 1h) drops to 1 − 0.5 × (1 − 0.5) = 0.75
    // at T+1h. At T+2h the repair comes first: a/s is back to 1, b/s too, and b/s's buffer
    // refills; then the new failure: a/s 0.5, b/s holds on its buffer until T+3h, then 0.75.
    // a/s's second repair (nothing slows it) ends at T+7h.
    // (Failure first: a/s 0.25 then 0.5, never back; b/s below required from T+1h to T+7h.)
    let s = scenario(&two(&format!(
        "policies: Passive,\n    injects: [{} {}],",
        failure("first", "0m", "a/s", 0.5, "2h"),
        failure("again", "2h", "a/s", 0.5, "5h")
    )));
    let o = run(&s);
    assert_eq!(
        levels(&s, &o, "a/s"),
        vec![(0, 0.5), (120, 1.0), (120, 0.5), (420, 1.0)]
    );
    assert_eq!(
        levels(&s, &o, "b/s"),
        vec![(60, 0.75), (120, 1.0), (180, 0.75), (420, 1.0)]
    );
    // Person-hours: a/s 100 × 0.5 × 7h = 350; b/s 100 × 0.25 × (1h + 4h) = 125.
    let sum = summary(&s);
    let ph = |id: &str| {
        sum.services
            .iter()
            .find(|x| x.id == id)
            .unwrap()
            .person_hours_lost
    };
    assert_eq!((ph("a/s"), ph("b/s")), (350.0, 125.0));
}

// ---------------------------------------------------------------------------------------
// Which minute a recurring minimum names.
// ---------------------------------------------------------------------------------------

#[test]
fn a_recurring_minimum_is_dated_at_its_first_occurrence() {
    // a/s falls to 0.5 at T+1h for 1h, and again at T+3h for 1h. b/s holds on its 1h
    // buffer and would lose at T+2h and T+4h, but a/s is repaired first both times. The
    // finance level (population-weighted mean of a/s and b/s) is (0.5 + 1) / 2 = 0.75 at
    // T+1h and again at T+3h: the first minute is the one named.
    let s = scenario(&two(&format!(
        "policies: Passive,\n    injects: [{} {}],",
        failure("first", "1h", "a/s", 0.5, "1h"),
        failure("again", "3h", "a/s", 0.5, "1h")
    )));
    let sum = summary(&s);
    let finance = sum.sectors.iter().find(|x| x.id == "finance").unwrap();
    assert_eq!(finance.min_level, 0.75);
    assert_eq!(finance.min_level_at, "T+01:00");
}
