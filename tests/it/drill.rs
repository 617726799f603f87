//! The drill layer: how actions take effect, permissions, fog of war, messages, replay,
//! common random numbers and injects that react. Small inline scenarios with outcomes
//! computed by hand in the comments; the clock rule is "advance_to(t) handles every event
//! before t, then actions happen at t".

use crate::common;
use common::*;
use rensa::engine::Outcome;
use rensa::engine::rng::Purpose;
use rensa::engine::timeline::{BlockReason, Happening, PolicySkip};
use rensa::engine::view::Source;
use rensa::model::drill::policy::{Policy, RoleSelector, reference_playbook};
use rensa::model::drill::*;
use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
use rensa::model::*;
use rensa::present::{Lang, Report, Words};
use rensa::scenario::drill_log;
use rensa::session::{LoggedAction, Session};
use std::path::{Path, PathBuf};
use std::sync::Arc;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// The id of an operator by key.
fn oid(s: &Scenario, key: &str) -> OperatorId {
    match s.infra.lookup(key) {
        Some(Key::Operator(id)) => id,
        other => panic!("{key} is not an operator: {other:?}"),
    }
}

/// The operator role of `key`.
fn op(s: &Scenario, key: &str) -> Role {
    Role::Operator(oid(s, key))
}

/// A message to the sender's members naming an attack kind (no incident).
fn alert_members(attack: AttackKind) -> Action {
    Action::Send {
        to: vec![Addressee::Relative(Recipient::Members)],
        kind: MessageKind::Alert,
        about: None,
        attack: Some(attack),
        concerns: None,
        label: Tlp::Green,
        text: format!("watch for {}", attack.label()),
        sanitised: false,
    }
}

/// A message of `kind` with `label` to `to`, about `about`.
fn send(to: Vec<Addressee>, kind: MessageKind, about: Option<IncidentRef>, label: Tlp) -> Action {
    Action::Send {
        to,
        kind,
        about,
        attack: None,
        concerns: None,
        label,
        text: format!("{} message", kind.id()),
        sanitised: false,
    }
}

fn rel(r: Recipient) -> Addressee {
    Addressee::Relative(r)
}

/// (minute, operator, stage) of every detection.
fn detections(o: &Outcome) -> Vec<(u64, OperatorId, Option<usize>)> {
    o.timeline
        .iter()
        .filter_map(|e| match e.what {
            Happening::Detected {
                operator, stage, ..
            } => Some((e.time.0, operator, stage)),
            _ => None,
        })
        .collect()
}

/// (minute, operator) of every `AttackReached`.
fn reached(o: &Outcome) -> Vec<(u64, OperatorId)> {
    o.timeline
        .iter()
        .filter_map(|e| match e.what {
            Happening::AttackReached { operator, .. } => Some((e.time.0, operator)),
            _ => None,
        })
        .collect()
}

/// (minute, operator, reason) of every `AttackBlocked`.
fn blocked(o: &Outcome) -> Vec<(u64, OperatorId, BlockReason)> {
    o.timeline
        .iter()
        .filter_map(|e| match &e.what {
            Happening::AttackBlocked {
                operator, reason, ..
            } => Some((e.time.0, *operator, *reason)),
            _ => None,
        })
        .collect()
}

/// (minute, inject key) of every fired inject.
fn fired(o: &Outcome) -> Vec<(u64, String)> {
    o.timeline
        .iter()
        .filter_map(|e| match e.what {
            Happening::InjectFired { inject, .. } => {
                Some((e.time.0, o.injects[inject].key.clone()))
            }
            _ => None,
        })
        .collect()
}

/// (minute, inject key, reason in English) of every skipped inject.
fn skipped(s: &Scenario, o: &Outcome) -> Vec<(u64, String, String)> {
    let w = Words::new(s, o, Lang::En);
    o.timeline
        .iter()
        .filter_map(|e| match &e.what {
            Happening::InjectSkipped { inject, reason } => Some((
                e.time.0,
                o.injects[*inject].key.clone(),
                w.skip(*inject, reason),
            )),
            _ => None,
        })
        .collect()
}

fn json(s: &Scenario, o: &Outcome) -> String {
    Report::new(s, o, Lang::En).to_json()
}

/// An action's result in English words, as faces show it.
fn said(session: &Session, r: &Result<Done, Refusal>) -> Result<String, String> {
    let o = session.outcome().to_outcome();
    let w = Words::new(session.scenario(), &o, Lang::En);
    match r {
        Ok(d) => Ok(w.done(d)),
        Err(why) => Err(w.refusal(why)),
    }
}

/// A timeline reason (or anything else `Words` says) in English.
fn en(s: &Scenario, o: &Outcome, f: impl Fn(&Words) -> String) -> String {
    f(&Words::new(s, o, Lang::En))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads a recorded drill: its scenario, seed and actions.
fn load_drill(rel_path: &str) -> (Arc<Scenario>, u64, Vec<Role>, Vec<LoggedAction>) {
    let path = repo().join(rel_path);
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).expect("the drill file exists");
    let log = drill_log::parse_log(&name, &text).unwrap_or_else(|e| panic!("{e}"));
    let base = path.parent().unwrap_or(Path::new("."));
    let scenario =
        rensa::scenario::load_path(&base.join(&log.scenario)).unwrap_or_else(|e| panic!("{e}"));
    let resolved =
        drill_log::resolve(&name, &text, &log.file, &scenario).unwrap_or_else(|e| panic!("{e}"));
    (
        Arc::new(scenario),
        log.seed,
        resolved.players,
        resolved.actions,
    )
}

/// Plays `actions` live: steps through events (never past the next action's minute),
/// reading views on the way, then acts. Returns the session at the end of the actions.
fn play_live(
    scenario: &Arc<Scenario>,
    seed: u64,
    players: &[Role],
    actions: &[LoggedAction],
) -> Session {
    let mut s = Session::with_players(scenario.clone(), seed, players);
    for a in actions {
        while let Some(next) = s.next_event_time() {
            if next.0 + 1 > a.at.0 {
                break;
            }
            let _ = s.view(a.role);
            let _ = s.truth();
            s.step();
        }
        s.advance_to(a.at);
        assert_eq!(s.now(), a.at);
        let _ = s.act(a.role, a.action.clone());
    }
    s
}

// ---------------------------------------------------------------------------------------
// 1. A shared alert raises detection
// ---------------------------------------------------------------------------------------

/// One bank; an intrusion whose foothold stage lasts FOOTHOLD with a 2 %/h detection chance
/// (posture 0.5: hazard λ = −ln(0.98)/60 per minute), then an impact of 0.5. The finance
/// CEPTOR is played; members receive its messages after exactly 30 minutes.
const ALERT: &str = r#"
Scenario(
    name: "alert", duration: "10d", seed: 1, policies: Passive,
    players: ["ceptor:finance"],
    parameters: (message_delays: {CeptorToMembers: Fixed("30m")}),
    infrastructure: Inline(Infrastructure(operators: [
        Operator(id: "bank", name: "Bank", sector: Finance, region: "r",
            services: [Service(id: "bank/atm", name: "ATMs", population: 100, required: 0.9)]),
    ])),
    injects: [
        Inject(id: "apt", at: 0, target: Operator("bank"), kind: Attack(attack: Intrusion, stages: Some([
            Stage(name: "foothold", chance: 1.0, duration: Fixed(FOOTHOLD), detection: 0.02, effect: Foothold),
            Stage(name: "impact", chance: 1.0, duration: Fixed(0), detection: 0.0,
                effect: Impact(severity: 0.5, recovery: Fixed("4h"), data_loss: false)),
        ]))),
    ],
)"#;

/// Runs ALERT with `seed`; with `alert`, the CEPTOR alerts its members at T+1h.
fn alert_run(s: &Arc<Scenario>, seed: u64, alert: bool) -> Outcome {
    let mut session = Session::new(s.clone(), seed);
    session.advance_to(Time(60));
    if alert {
        let r = session.act(
            Role::Ceptor(Sector::Finance),
            alert_members(AttackKind::Intrusion),
        );
        assert_eq!(
            r,
            Ok(Done::Sent {
                message: 0,
                to: vec![op(s, "bank")],
            })
        );
    }
    session.finish()
}

#[test]
fn alert_shared_raises_detection() {
    // Foothold of 9 days: long enough that every seed below detects during it.
    let s = scenario(&ALERT.replace("FOOTHOLD", "\"9d\""));
    let bank = oid(&s, "bank");
    let mut earlier = 0;
    for seed in 1..=8u64 {
        let plain = alert_run(&s, seed, false);
        let alerted = alert_run(&s, seed, true);
        // The alert reaches the bank at 60 + 30 = 90 and makes it alert to intrusions.
        let alerts: Vec<_> = alerted
            .timeline
            .iter()
            .filter_map(|e| match e.what {
                Happening::Alerted { operator, attack } => Some((e.time.0, operator, attack)),
                _ => None,
            })
            .collect();
        assert_eq!(
            alerts,
            vec![(90, bank, AttackKind::Intrusion)],
            "seed {seed}"
        );
        assert!(
            !plain
                .timeline
                .iter()
                .any(|e| matches!(e.what, Happening::Alerted { .. }))
        );
        // Hazard threshold E is the same in both runs (drawn from the (incident, bank)
        // stream). Without the alert, detection is at t1 = ceil(E/λ). With it, the hazard
        // booked by T+90 is 90λ and the rest accrues at 3λ (alert_boost 3), so
        // t2 = 90 + ceil((E/λ − 90)/3) = 90 + ceil((t1 − 90)/3).
        let d1 = detections(&plain);
        let d2 = detections(&alerted);
        assert_eq!(d1.len(), 1, "seed {seed}: {d1:?}");
        assert_eq!(d2.len(), 1, "seed {seed}: {d2:?}");
        let (t1, t2) = (d1[0].0, d2[0].0);
        assert!(t1 < 9 * 1440, "seed {seed}: detected during the foothold");
        assert_eq!(d1[0].1, bank);
        assert_eq!(d1[0].2, Some(0));
        assert_eq!(d2[0].2, Some(0));
        if t1 > 90 {
            assert_eq!(t2, 90 + (t1 - 90).div_ceil(3), "seed {seed}: t1 = {t1}");
            assert!(t2 < t1);
            earlier += 1;
        } else {
            assert_eq!(t2, t1, "seed {seed}: detected before the alert arrived");
        }
    }
    assert!(earlier > 0, "no seed detected after the alert arrived");
}

#[test]
fn alert_shared_contains_an_intrusion_before_its_impact() {
    // Foothold of 3 days = 4320 min. With seed 1 the bank's threshold gives t1 = 6801 (as
    // the 9-day variant shows), after the impact at 4320: without the alert the intrusion
    // is only seen when it hits. With the alert, t2 = 90 + ceil((6801 − 90)/3) = 2327 <
    // 4320: the intrusion is contained and the ATMs never lose a minute.
    let long = scenario(&ALERT.replace("FOOTHOLD", "\"9d\""));
    assert_eq!(detections(&alert_run(&long, 1, false))[0].0, 6801);

    let s = scenario(&ALERT.replace("FOOTHOLD", "\"3d\""));
    let bank = oid(&s, "bank");
    let plain = alert_run(&s, 1, false);
    assert_eq!(detections(&plain), vec![(4320, bank, Some(1))]);
    // Impact: 1 × (1 − 0.5) = 0.5 from 4320 for the fixed 4h repair.
    assert_eq!(
        levels(&s, &plain, "bank/atm"),
        vec![(4320, 0.5), (4560, 1.0)]
    );

    let alerted = alert_run(&s, 1, true);
    assert_eq!(detections(&alerted), vec![(2327, bank, Some(0))]);
    let contained: Vec<_> = alerted
        .timeline
        .iter()
        .filter_map(|e| match e.what {
            Happening::Contained { operator, .. } => Some((e.time.0, operator)),
            _ => None,
        })
        .collect();
    assert_eq!(contained, vec![(2327, bank)]);
    assert_eq!(levels(&s, &alerted, "bank/atm"), vec![]);
}

// ---------------------------------------------------------------------------------------
// 2. Isolation stops a worm
// ---------------------------------------------------------------------------------------

/// a – b – c linked by Cyber dependencies. The worm starts at a at T+0: foothold 1h,
/// spread 1h, then each neighbour not yet reached is reached 2h later (chance 1). Never
/// detected. b's web service has two business systems of 0.125 each (0.25 together) and
/// a customer-facing one; its control service has only a control system.
const WORM: &str = r#"
Scenario(
    name: "worm chain", duration: "12h", seed: 1, policies: Passive,
    players: ["operator:b"],
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "a", name: "A", sector: Finance, region: "r",
                services: [Service(id: "a/s", name: "A", population: 100, required: 0.5,
                    systems: [System(id: "a/erp", kind: Business, share: 0.5)])]),
            Operator(id: "b", name: "B", sector: InfoComm, region: "r",
                services: [
                    Service(id: "b/web", name: "Web", population: 100, required: 0.5,
                        systems: [
                            System(id: "b/mail", kind: Business, share: 0.125),
                            System(id: "b/erp", kind: Business, share: 0.125),
                            System(id: "b/portal", kind: CustomerFacing, share: 0.5),
                        ]),
                    Service(id: "b/ctl", name: "Control", population: 100, required: 0.5,
                        systems: [System(id: "b/scada", kind: Control, share: 1.0)]),
                ]),
            Operator(id: "c", name: "C", sector: Government, region: "r",
                services: [Service(id: "c/s", name: "C", population: 100, required: 0.5,
                    systems: [System(id: "c/erp", kind: Business, share: 0.5)])]),
        ],
        dependencies: [
            Dependency(dependent: "b/web", provider: "a/s", kind: Cyber, strength: 0.5, tolerance: "1h"),
            Dependency(dependent: "c/s", provider: "b/web", kind: Cyber, strength: 0.5, tolerance: "1h"),
        ],
    )),
    injects: [
        Inject(id: "worm", at: 0, target: Operator("a"), kind: Attack(attack: Worm, stages: Some([
            Stage(name: "foothold", chance: 1.0, duration: Fixed("1h"), detection: 0.0, effect: Foothold),
            Stage(name: "spread", chance: 1.0, duration: Fixed("1h"), detection: 0.0,
                effect: Spread(chance: 1.0, via: [Cyber], delay: Fixed("2h"))),
        ]))),
    ],
)"#;

#[test]
fn isolation_stops_worm_spread() {
    let s = scenario(WORM);
    let (a, b, c) = (oid(&s, "a"), oid(&s, "b"), oid(&s, "c"));

    // Without isolation: a at 0; a's spread completes at 2h, b reached at 4h; b's spread
    // completes at 6h (a already reached), c reached at 8h.
    let free = Session::new(s.clone(), 1).finish();
    assert_eq!(reached(&free), vec![(0, a), (240, b), (480, c)]);
    assert_eq!(blocked(&free), vec![]);
    assert_eq!(levels(&s, &free, "b/web"), vec![]);

    // b isolates its business systems at 3h, before the worm arrives at 4h, and
    // reconnects at 9h.
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(180));
    let r = session.act(
        Role::Operator(b),
        Action::Isolate {
            systems: SystemKind::Business,
        },
    );
    assert_eq!(
        said(&session, &r),
        Ok("isolated business systems of 1 service(s)".to_string())
    );
    assert_eq!(
        r,
        Ok(Done::Isolated {
            systems: SystemKind::Business,
            services: 1,
        })
    );
    assert_eq!(
        session.view(Role::Operator(b)).isolated,
        vec![SystemKind::Business]
    );
    session.advance_to(Time(540));
    let r = session.act(
        Role::Operator(b),
        Action::Reconnect {
            systems: SystemKind::Business,
        },
    );
    assert_eq!(
        r,
        Ok(Done::Reconnected {
            systems: SystemKind::Business,
        })
    );
    let o = session.finish();
    assert_eq!(reached(&o), vec![(0, a)]);
    assert_eq!(
        blocked(&o),
        vec![(
            240,
            b,
            BlockReason::Isolated {
                systems: SystemKind::Business
            }
        )]
    );
    // While isolated, b/web loses its business share 0.125 + 0.125 = 0.25: level 0.75
    // (not below its required 0.5, so nothing cascades to c). b/ctl has no business system.
    assert_eq!(levels(&s, &o, "b/web"), vec![(180, 0.75), (540, 1.0)]);
    assert_eq!(levels(&s, &o, "b/ctl"), vec![]);
    assert_eq!(levels(&s, &o, "c/s"), vec![]);
}

/// WORM plus e, linked by Cyber dependencies to both a and b: from a, the worm reaches b
/// and e at 4h.
fn worm_with_e() -> Arc<Scenario> {
    scenario(&WORM.replace(
        "        ],\n        dependencies: [",
        r#"            Operator(id: "e", name: "E", sector: Gas, region: "r",
                services: [Service(id: "e/s", name: "E", population: 100, required: 0.5)]),
        ],
        dependencies: [
            Dependency(dependent: "e/s", provider: "a/s", kind: Cyber, strength: 0.1, tolerance: "1h"),
            Dependency(dependent: "b/web", provider: "e/s", kind: Cyber, strength: 0.1, tolerance: "1h"),"#,
    ))
}

/// b isolates its business systems at 3h; with `reconnect_at`, it reconnects then.
fn isolate_b(s: &Arc<Scenario>, reconnect_at: Option<u64>) -> Session {
    let b = op(s, "b");
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(180));
    let isolate = Action::Isolate {
        systems: SystemKind::Business,
    };
    session.act(b, isolate).unwrap();
    if let Some(t) = reconnect_at {
        session.advance_to(Time(t));
        let reconnect = Action::Reconnect {
            systems: SystemKind::Business,
        };
        session.act(b, reconnect).unwrap();
    }
    session
}

#[test]

fn control_does_not_list_an_operator_whose_arrival_was_blocked() {
    let s = worm_with_e();
    let mut session = isolate_b(&s, None);
    session.advance_to(Time(241));
    let o = session.outcome().to_outcome();
    assert_eq!(
        blocked(&o),
        vec![(
            240,
            oid(&s, "b"),
            BlockReason::Isolated {
                systems: SystemKind::Business
            }
        )]
    );
    assert_eq!(
        en(&s, &o, |w| w.block(&blocked(&o)[0].2)),
        "its business systems are isolated"
    );
    // The worm was kept out of b: a (0) and e (4h) only.
    let control = session.view(Role::Control);
    assert_eq!(
        control.incidents[0].operators,
        vec![oid(&s, "a"), oid(&s, "e")]
    );
}

#[test]

fn a_blocked_operator_can_be_reached_again_after_reconnecting() {
    // b reconnects at 5h. e's spread completes at 6h and tries its neighbours not yet
    // reached: a is, b is connected again, so the worm arrives at b at 8h.
    let s = worm_with_e();
    let (a, b, e) = (oid(&s, "a"), oid(&s, "b"), oid(&s, "e"));
    let o = isolate_b(&s, Some(300)).finish();
    assert_eq!(
        blocked(&o),
        vec![(
            240,
            b,
            BlockReason::Isolated {
                systems: SystemKind::Business
            }
        )]
    );
    // b's own spread would complete at 10h and reach c at 12h, the end (not run).
    assert_eq!(reached(&o), vec![(0, a), (240, e), (480, b)]);
}

// ---------------------------------------------------------------------------------------
// 3. Permissions
// ---------------------------------------------------------------------------------------

/// Two power companies and a bank; power suffers an outage at T+0 (seen at once). One
/// support team; operators reach their CEPTOR in exactly 10 minutes.
const PERMS: &str = r#"
Scenario(
    name: "permissions", duration: "1d", seed: 1, policies: Passive,
    parameters: (support_teams: 1, message_delays: {OperatorToCeptor: Fixed("10m")}),
    infrastructure: Inline(Infrastructure(operators: [
        Operator(id: "power", name: "Power", sector: Electricity, region: "r",
            services: [Service(id: "power/supply", name: "Supply", population: 100, required: 0.9,
                systems: [System(id: "power/erp", kind: Business, share: 0.25)])]),
        Operator(id: "power2", name: "Power 2", sector: Electricity, region: "r",
            services: [Service(id: "power2/supply", name: "Supply", population: 100, required: 0.9)]),
        Operator(id: "bank", name: "Bank", sector: Finance, region: "r",
            services: [Service(id: "bank/atm", name: "ATMs", population: 100, required: 0.9)]),
    ])),
    injects: [
        Inject(id: "outage", at: 0, target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("12h"))),
    ],
)"#;

#[test]
fn forbidden_actions_are_refused_with_their_reason_and_recorded() {
    let s = scenario(PERMS);
    let infra = s.infra.clone();
    let power = op(&s, "power");
    let power2 = op(&s, "power2");
    let ceptor = Role::Ceptor(Sector::Electricity);
    let adhoc = {
        let target = Target::Service(sid(&s, "bank/atm"));
        Inject {
            key: "adhoc".into(),
            trigger: InjectTrigger::At(Time::ZERO),
            target,
            target_label: target.label(&infra),
            hits: target.hits(&infra),
            kind: InjectKind::ItFailure {
                cause: FailureCause::OperatorError,
                severity: 0.5,
                recovery: Dist::Fixed(Minutes(60)),
            },
        }
    };
    let outage = Some(IncidentRef::Inject(0));
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(30));
    let at_30: Vec<(Role, Action)> = vec![
        // #0: a RED report, #1: an AMBER one; both arrive at the CEPTOR at T+40.
        (
            power,
            send(
                vec![rel(Recipient::MyCeptor)],
                MessageKind::Report,
                outage,
                Tlp::Red,
            ),
        ),
        (
            power,
            send(
                vec![rel(Recipient::MyCeptor)],
                MessageKind::Report,
                outage,
                Tlp::Amber,
            ),
        ),
        (
            power,
            Action::DispatchSupport {
                operator: oid(&s, "power"),
            },
        ),
        (
            ceptor,
            Action::Isolate {
                systems: SystemKind::Business,
            },
        ),
        (
            Role::Ministry(Ministry::Meti),
            Action::PublishSignature {
                attack: AttackKind::Worm,
            },
        ),
        (Role::Nisc, Action::Inject(Box::new(adhoc.clone()))),
        (
            power,
            Action::SwitchToBackup {
                service: sid(&s, "power2/supply"),
            },
        ),
        (
            power,
            send(
                vec![Addressee::Role(Role::Ceptor(Sector::Finance))],
                MessageKind::Report,
                None,
                Tlp::Green,
            ),
        ),
        (
            power2,
            send(
                vec![rel(Recipient::MyCeptor)],
                MessageKind::Report,
                outage,
                Tlp::Amber,
            ),
        ),
        (
            power2,
            Action::Forward {
                message: 0,
                to: vec![rel(Recipient::MyCeptor)],
            },
        ),
        (
            Role::Nisc,
            Action::DispatchSupport {
                operator: oid(&s, "power"),
            },
        ),
        (
            Role::Nisc,
            Action::DispatchSupport {
                operator: oid(&s, "power2"),
            },
        ),
        (
            Role::Nisc,
            send(
                vec![rel(Recipient::Public)],
                MessageKind::Announcement,
                None,
                Tlp::Green,
            ),
        ),
    ];
    // What each attempt returned, in order.
    let mut got: Vec<(String, &str, Result<Done, Refusal>)> = Vec::new();
    let mut attempt = |session: &mut Session, role: Role, action: Action| {
        let class = action.class().id();
        let r = session.act(role, action);
        got.push((role.id(&infra), class, r));
    };
    for (role, action) in at_30 {
        attempt(&mut session, role, action);
    }
    session.advance_to(Time(60));
    for to in [Recipient::Members, Recipient::Council] {
        attempt(
            &mut session,
            ceptor,
            Action::Forward {
                message: 0,
                to: vec![rel(to)],
            },
        );
    }
    attempt(
        &mut session,
        ceptor,
        Action::Forward {
            message: 1,
            to: vec![rel(Recipient::Council)],
        },
    );
    attempt(
        &mut session,
        ceptor,
        Action::Forward {
            message: 1,
            to: vec![rel(Recipient::Members)],
        },
    );
    let o = session.outcome().to_outcome();
    let ok = |r: &str, c: &'static str, d: Done| (r.to_string(), c, Ok(d));
    let no = |r: &str, c: &'static str, why: Refusal| (r.to_string(), c, Err(why));
    let expected = vec![
        ok(
            "operator:power",
            "report",
            Done::Sent {
                message: 0,
                to: vec![ceptor],
            },
        ),
        ok(
            "operator:power",
            "report",
            Done::Sent {
                message: 1,
                to: vec![ceptor],
            },
        ),
        no(
            "operator:power",
            "dispatch_support",
            Refusal::NotPermitted {
                class: ActionClass::DispatchSupport,
                role_kind: RoleKind::Operator,
            },
        ),
        no(
            "ceptor:electricity",
            "isolate",
            Refusal::NotPermitted {
                class: ActionClass::Isolate,
                role_kind: RoleKind::Ceptor,
            },
        ),
        no(
            "ministry:meti",
            "publish_signature",
            Refusal::NotPermitted {
                class: ActionClass::PublishSignature,
                role_kind: RoleKind::Ministry,
            },
        ),
        no(
            "nisc",
            "inject",
            Refusal::NotPermitted {
                class: ActionClass::Inject,
                role_kind: RoleKind::Nisc,
            },
        ),
        no(
            "operator:power",
            "switch_to_backup",
            Refusal::NotOwnService {
                service: sid(&s, "power2/supply"),
                owner: oid(&s, "power2"),
            },
        ),
        no(
            "operator:power",
            "report",
            Refusal::NoChannel {
                from: power,
                to: Role::Ceptor(Sector::Finance),
            },
        ),
        no("operator:power2", "report", Refusal::UnknownIncident),
        no("operator:power2", "forward", Refusal::UnknownMessage),
        ok(
            "nisc",
            "dispatch_support",
            Done::SupportDispatched {
                team: 0,
                operator: oid(&s, "power"),
                arrives: Time(150),
            },
        ),
        no(
            "nisc",
            "dispatch_support",
            Refusal::AllTeamsDeployed { teams: 1 },
        ),
        no(
            "nisc",
            "announcement",
            Refusal::PublicNeedsClearAnnouncement,
        ),
        // The CEPTOR's members are power and power2 (infrastructure order).
        no(
            "ceptor:electricity",
            "forward",
            Refusal::LabelForbids {
                message: 0,
                label: Tlp::Red,
                from: ceptor,
                to: power,
            },
        ),
        no(
            "ceptor:electricity",
            "forward",
            Refusal::LabelForbids {
                message: 0,
                label: Tlp::Red,
                from: ceptor,
                to: Role::Council,
            },
        ),
        no(
            "ceptor:electricity",
            "forward",
            Refusal::LabelForbids {
                message: 1,
                label: Tlp::Amber,
                from: ceptor,
                to: Role::Council,
            },
        ),
        ok(
            "ceptor:electricity",
            "forward",
            Done::Forwarded {
                message: 1,
                copy: 2,
                to: vec![power, power2],
            },
        ),
    ];
    assert_eq!(got.len(), expected.len());
    for (k, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "action #{k}");
    }
    // The same, in words (English), as the timeline and the JSON show them.
    let words = Words::new(&s, &o, Lang::En);
    let said: Vec<String> = got
        .iter()
        .map(|(_, _, r)| match r {
            Ok(d) => words.done(d),
            Err(why) => words.refusal(why),
        })
        .collect();
    assert_eq!(
        said,
        [
            "sent message #0 to ceptor:electricity",
            "sent message #1 to ceptor:electricity",
            "an operator may not dispatch support teams; only nisc may",
            "a ceptor may not isolate systems; only operator may",
            "a ministry may not publish signatures; only vendor may",
            "a nisc may not inject events; only control may",
            "power2/supply belongs to power2; an operator can only act on its own services",
            "no channel from operator:power to ceptor:finance (see docs/DRILL.md, channels)",
            "you know of no such incident; a role can only report what it has observed or been told",
            "you have received no such message",
            "support team 1 on its way to power, arriving T+02:30",
            "no support team available: the only one is deployed",
            "what goes to the public must be an announcement labelled TLP:CLEAR",
            "forwarding message #0 to operator:power refused: TLP:RED is for the named recipients only and may not be forwarded",
            "forwarding message #0 to council refused: TLP:RED is for the named recipients only and may not be forwarded",
            "forwarding message #1 to council refused: TLP:AMBER may go only to the forwarder's own members or clients, and council is not one of ceptor:electricity's",
            "forwarded message #1 as #2 to operator:power, operator:power2",
        ]
    );

    // Actions a role may never take (its kind lacks the permission) are turned away at
    // the session's door: not recorded, not logged, since no replay could take them.
    // Every other refusal (channel, knowledge, label, state) is recorded and logged.
    let class_refusal = |r: &Result<Done, Refusal>| {
        matches!(
            r,
            Err(Refusal::NotPermitted { .. } | Refusal::NotOwnService { .. })
        )
    };
    let recorded: Vec<_> = expected
        .iter()
        .filter(|(_, _, r)| !class_refusal(r))
        .cloned()
        .collect();
    assert_eq!(expected.len() - recorded.len(), 5);
    let in_outcome: Vec<(String, &str, Result<Done, Refusal>)> = o
        .actions
        .iter()
        .map(|a| (a.role.id(&infra), a.action.class().id(), a.result.clone()))
        .collect();
    assert_eq!(in_outcome, recorded);
    assert_eq!(session.log().len(), recorded.len());
    // Refusals changed nothing.
    assert_eq!(o.messages.len(), 3);
    assert_eq!(session.view(Role::Nisc).support_teams_available, Some(0));
    assert!(session.view(power).isolated.is_empty());
    assert!(!session.view(power2).services[0].on_backup);

    // The JSON lists the same actions with status "refused" / "taken", the reason or the
    // effect as an object tagged by its kind, and the sentence beside it.
    let summary: serde_json::Value = serde_json::from_str(&json(&s, &o)).unwrap();
    let statuses: Vec<(String, String, String)> = summary["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let r = &a["result"];
            let kind = if r["status"] == "refused" {
                &r["reason"]["kind"]
            } else {
                &r["effect"]["kind"]
            };
            (
                a["role"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                kind.as_str().unwrap().to_string(),
            )
        })
        .collect();
    let wanted: Vec<(String, String, String)> = [
        ("operator:power", "taken", "sent"),
        ("operator:power", "taken", "sent"),
        ("operator:power", "refused", "no_channel"),
        ("operator:power2", "refused", "unknown_incident"),
        ("operator:power2", "refused", "unknown_message"),
        ("nisc", "taken", "support_dispatched"),
        ("nisc", "refused", "all_teams_deployed"),
        ("nisc", "refused", "public_needs_clear_announcement"),
        ("ceptor:electricity", "refused", "label_forbids"),
        ("ceptor:electricity", "refused", "label_forbids"),
        ("ceptor:electricity", "refused", "label_forbids"),
        ("ceptor:electricity", "taken", "forwarded"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(statuses, wanted);
    let actions = summary["actions"].as_array().unwrap();
    assert!(actions.iter().all(|a| a["origin"]["kind"] == "player"));
    let forbid = &actions[8]["result"]["reason"];
    assert_eq!(forbid["message"], 0);
    assert_eq!(forbid["label"], "TLP:RED");
    assert_eq!(forbid["from"], "ceptor:electricity");
    assert_eq!(forbid["to"], "operator:power");
    assert_eq!(actions[5]["result"]["effect"]["operator"], "power");
    assert_eq!(actions[5]["result"]["effect"]["arrives"], 150);
    assert_eq!(actions[0]["action"]["kind"], "send");
    assert_eq!(actions[0]["action"]["message_kind"], "report");
    assert_eq!(actions[0]["action"]["inject"], "outage");
    assert!(
        actions[11]["text"]
            .as_str()
            .unwrap()
            .ends_with("done: forwarded message #1 as #2 to operator:power, operator:power2")
    );
}

#[test]

fn refusal_messages_use_the_right_article() {
    let s = scenario(PERMS);
    let mut session = Session::new(s.clone(), 1);
    let r = session.act(
        op(&s, "power"),
        Action::DispatchSupport {
            operator: oid(&s, "power"),
        },
    );
    assert_eq!(
        said(&session, &r),
        Err("an operator may not dispatch support teams; only nisc may".to_string())
    );
}

#[test]
fn refusal_messages_do_not_point_to_missing_documents() {
    // Refusals point players at docs/DRILL.md; that file must exist. (Kept separate from
    // the exact-text test above.)
    let s = scenario(PERMS);
    let mut session = Session::new(s.clone(), 1);
    let r = session.act(
        op(&s, "power"),
        send(
            vec![Addressee::Role(Role::Ceptor(Sector::Finance))],
            MessageKind::Report,
            None,
            Tlp::Green,
        ),
    );
    let reason = said(&session, &r).unwrap_err();
    for doc in reason.split_whitespace().filter(|w| w.contains(".md")) {
        let doc = doc.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '/');
        assert!(
            repo().join(doc).exists(),
            "{doc} is referenced by \"{reason}\""
        );
    }
}

#[test]

fn nothing_can_be_sent_to_an_absent_role() {
    // The electricity CEPTOR and the council are absent from this drill.
    let text = PERMS.replace(
        "policies: Passive,",
        "policies: Passive, absent: [\"ceptor:electricity\", \"council\"],",
    );
    let s = scenario(&text);
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(30));
    let power = op(&s, "power");
    let named = session.act(
        power,
        send(
            vec![Addressee::Role(Role::Ceptor(Sector::Electricity))],
            MessageKind::Report,
            None,
            Tlp::Green,
        ),
    );
    assert_eq!(
        named,
        Err(Refusal::NotInDrill {
            role: Role::Ceptor(Sector::Electricity)
        })
    );
    assert_eq!(
        said(&session, &named),
        Err("ceptor:electricity is not part of this drill".to_string())
    );
    let _ = session.act(
        power,
        send(
            vec![rel(Recipient::MyCeptor)],
            MessageKind::Report,
            None,
            Tlp::Green,
        ),
    );
    let _ = session.act(
        Role::Ceptor(Sector::Finance),
        alert_members(AttackKind::Worm),
    );
    let _ = session.act(
        Role::Ceptor(Sector::Finance),
        Action::Send {
            to: vec![rel(Recipient::Council)],
            kind: MessageKind::Alert,
            about: None,
            attack: Some(AttackKind::Worm),
            concerns: None,
            label: Tlp::Green,
            text: String::new(),
            sanitised: false,
        },
    );
    let o = session.finish();
    let absent = [Role::Ceptor(Sector::Electricity), Role::Council];
    for m in &o.messages {
        for (r, _) in &m.to {
            assert!(!absent.contains(r), "message #{} went to {:?}", m.id, r);
        }
    }
}

#[test]

fn an_unknown_inject_reference_is_refused_not_a_panic() {
    let s = scenario(PERMS);
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(30));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        session.act(
            op(&s, "power"),
            send(
                vec![rel(Recipient::MyCeptor)],
                MessageKind::Report,
                Some(IncidentRef::Inject(99)),
                Tlp::Green,
            ),
        )
    }));
    let r = r.expect("act must not panic");
    assert!(r.is_err());
}

#[test]

fn an_operator_passing_on_news_is_not_named_as_affected() {
    // power's outage (incident 0) reaches power2 through the CEPTOR; power2 then reports
    // it to its ministry. The ministry must learn that power is affected, not power2.
    let text = PERMS.replace(
        "message_delays: {OperatorToCeptor: Fixed(\"10m\")}",
        "message_delays: {OperatorToCeptor: Fixed(\"10m\"), CeptorToMembers: Fixed(\"10m\"), OperatorToMinistry: Fixed(\"10m\")}",
    );
    let s = scenario(&text);
    let (power, power2) = (op(&s, "power"), op(&s, "power2"));
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(10));
    let outage = Some(IncidentRef::Inject(0));
    session
        .act(
            power,
            send(
                vec![rel(Recipient::MyCeptor)],
                MessageKind::Report,
                outage,
                Tlp::Green,
            ),
        )
        .unwrap();
    // Arrives at 20; forwarded at 21, arriving at 31.
    session.advance_to(Time(21));
    session
        .act(
            Role::Ceptor(Sector::Electricity),
            Action::Forward {
                message: 0,
                to: vec![rel(Recipient::Members)],
            },
        )
        .unwrap();
    session.advance_to(Time(32));
    let seen = session.view(power2);
    assert_eq!(seen.incidents.len(), 1);
    assert_eq!(seen.incidents[0].operators, vec![oid(&s, "power")]);
    session
        .act(
            power2,
            send(
                vec![rel(Recipient::MyMinistry)],
                MessageKind::Report,
                outage,
                Tlp::Green,
            ),
        )
        .unwrap();
    // Sent at 32, arriving at 42.
    session.advance_to(Time(43));
    let ministry = session.view(Role::Ministry(Ministry::Meti));
    assert_eq!(ministry.incidents.len(), 1);
    assert_eq!(ministry.incidents[0].operators, vec![oid(&s, "power")]);
}

// ---------------------------------------------------------------------------------------
// 4. Fog of war (property)
// ---------------------------------------------------------------------------------------

const KINDS: [AttackKind; 6] = AttackKind::ALL;

/// A random policy rule: (role kind, trigger, response, recipient, label, delay minutes).
type RandomRule = (usize, usize, usize, usize, usize, u64);

/// Turns random numbers into a policy for every role of one kind.
fn random_policy(infra: &Infrastructure, r: &RandomRule) -> Policy {
    use rensa::model::drill::policy::{Response, Rule, SupportTarget, Trigger};
    let kinds = [
        RoleKind::Operator,
        RoleKind::Ceptor,
        RoleKind::Council,
        RoleKind::Ministry,
        RoleKind::Nisc,
        RoleKind::Police,
        RoleKind::Vendor,
    ];
    let messages = [
        MessageKind::Report,
        MessageKind::Alert,
        MessageKind::Request,
        MessageKind::Instruction,
        MessageKind::SupportRequest,
        MessageKind::Announcement,
        MessageKind::Note,
    ];
    let triggers: Vec<Trigger> = [Trigger::Detected, Trigger::BelowRequired, Trigger::Restored]
        .into_iter()
        .chain(messages.iter().map(|m| Trigger::Received(*m)))
        .collect();
    let recipients = [
        Recipient::MyCeptor,
        Recipient::MyMinistry,
        Recipient::Members,
        Recipient::Council,
        Recipient::AllCeptors,
        Recipient::AllMinistries,
        Recipient::Nisc,
        Recipient::Police,
        Recipient::Vendor,
        Recipient::Public,
        Recipient::Sender,
    ];
    let labels = [
        Tlp::Red,
        Tlp::AmberStrict,
        Tlp::Amber,
        Tlp::Green,
        Tlp::Clear,
    ];
    let to = vec![recipients[r.3 % recipients.len()]];
    let label = labels[r.4 % labels.len()];
    let responses = [
        Response::Report {
            to: to.clone(),
            label,
        },
        Response::Alert {
            to: to.clone(),
            label,
        },
        Response::Forward { to: to.clone() },
        Response::RequestSupport { to },
        Response::Announce,
        Response::IsolateAttacked,
        Response::Isolate(SystemKind::Business),
        Response::SwitchToBackup,
        Response::EndBackup,
        Response::RestoreFromBackup,
        Response::DispatchSupport(SupportTarget::Requester),
        Response::DispatchSupport(SupportTarget::LargestAffected),
        Response::PublishSignature,
    ];
    Policy {
        roles: RoleSelector::Kind(kinds[r.0 % kinds.len()])
            .resolve(infra)
            .unwrap(),
        rules: vec![Rule {
            on: triggers[r.1 % triggers.len()],
            after: Dist::Fixed(Minutes(r.5)),
            act: responses[r.2 % responses.len()].clone(),
        }],
    }
}

/// A small synthetic scenario with staged attacks added, the reference playbook (unless
/// `reference` is false) and random extra policies resolved for its roles; roles whose bit
/// is set in `players` are played (no policy).
#[allow(clippy::too_many_arguments)]
fn fog_scenario(
    gen_seed: u64,
    operators: usize,
    services: usize,
    edges: usize,
    injects: usize,
    attacks: &[(usize, usize, u64)],
    players: u64,
    reference: bool,
    extra: &[RandomRule],
) -> Scenario {
    let mut sc = synthetic_scenario(&SyntheticSpec {
        operators,
        services_per_operator: services,
        edges,
        regions: 2,
        injects,
        duration: Minutes::hours(72),
        seed: gen_seed,
    });
    let infra = sc.infra.clone();
    for (k, &(kind, o, at)) in attacks.iter().enumerate() {
        let target = Target::Operator(OperatorId((o % infra.operators.len()) as u32));
        sc.injects.push(Inject {
            key: format!("attack-{k}"),
            trigger: InjectTrigger::At(Time(at)),
            target,
            target_label: target.label(&infra),
            hits: target.hits(&infra),
            kind: InjectKind::Attack(AttackSpec::template(KINDS[kind % KINDS.len()])),
        });
    }
    sc.drill.policies = reference_playbook()
        .into_iter()
        .filter(|_| reference)
        .map(|pf| Policy {
            roles: pf
                .roles
                .iter()
                .flat_map(|sel: &RoleSelector| sel.resolve(&infra).unwrap())
                .collect(),
            rules: pf.rules,
        })
        .chain(extra.iter().map(|r| random_policy(&infra, r)))
        .collect();
    sc.drill.players = Role::all(&infra)
        .into_iter()
        .enumerate()
        .filter(|(i, r)| *r != Role::Control && (players >> (i % 64)) & 1 == 1)
        .map(|(_, r)| r)
        .collect();
    sc
}

/// Every incident a role (other than control) sees, it observed or was told of by then.
fn check_fog(session: &Session) -> Result<(), String> {
    let now = session.now();
    let o = session.outcome();
    let infra = &session.scenario().infra;
    for role in Role::all(infra) {
        if role == Role::Control {
            continue;
        }
        for inc in session.view(role).incidents {
            let id = inc.incident;
            let observed = o.timeline.iter().any(|e| {
                e.time <= now
                    && matches!(e.what, Happening::Detected { incident, operator, .. }
                        if incident == id && role == Role::Operator(operator))
            });
            let told = o.timeline.iter().any(|e| {
                e.time <= now
                    && matches!(e.what, Happening::MessageDelivered { message, to }
                        if to == role && o.messages[message as usize].subject.incident == Some(id))
            });
            if !observed && !told {
                return Err(format!(
                    "{} sees incident #{} at {now} ({:?}) without observing it or being told",
                    role.id(infra),
                    inc.incident.0,
                    inc.how
                ));
            }
        }
    }
    Ok(())
}

mod fog {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 32,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn a_role_only_sees_incidents_it_observed_or_was_told_of(
            gen_seed in 0u64..1_000,
            operators in 2usize..12,
            services in 1usize..3,
            edges in 0usize..25,
            injects in 0usize..4,
            attacks in proptest::collection::vec((0usize..6, 0usize..64, 0u64..48 * 60), 1..4),
            players in any::<u64>(),
            reference in any::<bool>(),
            extra in proptest::collection::vec(
                (0usize..7, 0usize..10, 0usize..13, 0usize..11, 0usize..5, 0u64..120), 0..6),
            seed in any::<u64>(),
            mut times in proptest::collection::vec(0u64..72 * 60, 1..6),
        ) {
            let sc = Arc::new(fog_scenario(
                gen_seed, operators, services, edges, injects, &attacks, players, reference,
                &extra,
            ));
            times.sort();
            let mut session = Session::new(sc, seed);
            for t in times {
                session.advance_to(Time(t));
                if let Err(e) = check_fog(&session) {
                    prop_assert!(false, "{}", e);
                }
            }
            session.advance_to(session.end());
            if let Err(e) = check_fog(&session) {
                prop_assert!(false, "{}", e);
            }
        }
    }
}

#[test]
fn the_fog_property_covers_observed_and_reported_incidents() {
    // Guard for the property: with the playbook, NISC learns of incidents only through
    // messages and operators by observing; with every role played nobody reports, and
    // NISC sees nothing while control sees every incident.
    let attacks = [(0, 0, 0), (1, 1, 60), (3, 2, 120)];
    let told = Arc::new(fog_scenario(7, 6, 1, 5, 2, &attacks, 0, true, &[]));
    let mut session = Session::new(told.clone(), 3);
    session.advance_to(session.end());
    check_fog(&session).unwrap();
    let nisc = session.view(Role::Nisc).incidents;
    assert!(!nisc.is_empty());
    assert!(
        nisc.iter().all(|i| matches!(i.how, Source::Message(_))),
        "{nisc:?}"
    );
    let observed = Role::all(&told.infra)
        .into_iter()
        .filter(|r| matches!(r, Role::Operator(_)))
        .flat_map(|r| session.view(r).incidents)
        .filter(|i| i.how == Source::Observed)
        .count();
    assert!(observed > 0);

    let silent = Arc::new(fog_scenario(7, 6, 1, 5, 2, &attacks, u64::MAX, true, &[]));
    let mut session = Session::new(silent, 3);
    session.advance_to(session.end());
    check_fog(&session).unwrap();
    assert!(session.view(Role::Nisc).incidents.is_empty());
    assert_eq!(
        session.view(Role::Control).incidents.len(),
        session.incident_count()
    );
    assert!(session.incident_count() >= 3);
}

// ---------------------------------------------------------------------------------------
// 5. Replay
// ---------------------------------------------------------------------------------------

#[test]
fn recorded_drill_replays_byte_identically() {
    let (s, seed, players, actions) = load_drill("scenarios/drills/ddos-response.ron");
    assert_eq!(seed, 1);
    assert_eq!(actions.len(), 8);
    assert_eq!(players.len(), 4);
    let first = json(
        &s,
        &Session::replay(s.clone(), seed, &players, &actions).outcome,
    );
    let second = json(
        &s,
        &Session::replay(s.clone(), seed, &players, &actions).outcome,
    );
    assert_eq!(first, second);

    // The players' actions, as the summary reports them (policies act too).
    let summary: serde_json::Value = serde_json::from_str(&first).unwrap();
    let players: Vec<(u64, String, String, String)> = summary["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["origin"]["kind"] == "player")
        .map(|a| {
            // The sentence ends with " — done: …" or " — REFUSED: …".
            let text = a["text"].as_str().unwrap();
            let (_, result) = text.rsplit_once(" — ").unwrap();
            let result = result
                .strip_prefix("done: ")
                .or_else(|| result.strip_prefix("REFUSED: "))
                .unwrap();
            (
                a["t"].as_u64().unwrap(),
                a["role"].as_str().unwrap().to_string(),
                a["result"]["status"].as_str().unwrap().to_string(),
                result.to_string(),
            )
        })
        .collect();
    let row =
        |t: u64, r: &str, st: &str, res: &str| (t, r.to_string(), st.to_string(), res.to_string());
    assert_eq!(
        players,
        vec![
            row(
                65,
                "operator:hinode-comm",
                "taken",
                "sent message #0 to ceptor:info_comm, ministry:mic"
            ),
            row(
                70,
                "operator:jans",
                "taken",
                "jans/flight-plan on backup: buffers hold 12h longer"
            ),
            row(
                90,
                "nisc",
                "taken",
                "support team 1 on its way to hinode-comm, arriving T+03:30"
            ),
            players[3].clone(),
            row(
                240,
                "ceptor:info_comm",
                "refused",
                "forwarding message #0 to council refused: TLP:RED is for the named recipients only and may not be forwarded"
            ),
            row(
                240,
                "nisc",
                "taken",
                "support team 2 on its way to jans, arriving T+06:00"
            ),
            row(
                270,
                "nisc",
                "refused",
                "no support team available: all 2 are deployed"
            ),
            row(
                720,
                "operator:jans",
                "taken",
                "jans/flight-plan back from backup"
            ),
        ]
    );
    assert_eq!(players[3].0, 120);
    assert_eq!(players[3].2, "taken");
    assert!(
        players[3].3.starts_with("sent message #"),
        "{:?}",
        players[3]
    );
}

#[test]
fn live_session_matches_the_replay_of_its_own_log() {
    let (s, seed, players, actions) = load_drill("scenarios/drills/ddos-response.ron");
    let live = play_live(&s, seed, &players, &actions);
    let log = live.log().to_vec();
    assert_eq!(log, actions);
    let live_json = json(&s, &live.finish());
    let replayed = json(
        &s,
        &Session::replay(s.clone(), seed, &players, &log).outcome,
    );
    assert_eq!(live_json, replayed);
}

/// power (business + control systems) is hit by ransomware that encrypts after 30 min
/// (data destroyed: restoring from backup applies); gas is a second operator for ad-hoc
/// injects by exercise control.
const LOGGED: &str = r#"
Scenario(
    name: "logged", duration: "2d", seed: 5, policies: Passive,
    infrastructure: Inline(Infrastructure(operators: [
        Operator(id: "power", name: "Power", sector: Electricity, region: "r",
            services: [Service(id: "power/supply", name: "Supply", population: 100, required: 0.6,
                systems: [System(id: "power/erp", kind: Business, share: 0.25),
                          System(id: "power/scada", kind: Control, share: 0.5)])]),
        Operator(id: "gas", name: "Gas", sector: Gas, region: "r",
            services: [Service(id: "gas/supply", name: "Supply", population: 100, required: 0.6)]),
    ])),
    injects: [
        Inject(id: "ransom", at: "30m", target: Operator("power"), kind: Attack(attack: Ransomware, stages: Some([
            Stage(name: "encrypt", chance: 1.0, duration: Fixed("30m"), detection: 0.0,
                effect: Impact(severity: 0.5, recovery: Fixed("2d"), data_loss: true)),
        ]))),
    ],
)"#;

/// Advances to `t` and acts there (the result is in the log and the outcome).
fn at(session: &mut Session, t: u64, role: Role, action: Action) {
    session.advance_to(Time(t));
    let _ = session.act(role, action);
}

/// A session on LOGGED with every kind of action, some refused; control injects twice.
fn logged_session(s: &Arc<Scenario>) -> Session {
    let infra = s.infra.clone();
    let power = op(s, "power");
    let gas = op(s, "gas");
    let supply = sid(s, "power/supply");
    let gas_target = Target::Operator(oid(s, "gas"));
    let worm = Inject {
        key: "adhoc-worm".into(),
        trigger: InjectTrigger::At(Time::ZERO),
        target: gas_target,
        target_label: gas_target.label(&infra),
        hits: gas_target.hits(&infra),
        kind: InjectKind::Attack(AttackSpec {
            kind: AttackKind::Worm,
            systems: Some(SystemKind::Business),
            stages: vec![Stage {
                name: "spread".into(),
                chance: 0.5,
                duration: Dist::Exponential { mean: Minutes(90) },
                detection: 0.25,
                effect: StageEffect::Spread {
                    chance: 0.75,
                    via: vec![DependencyKind::Cyber, DependencyKind::Logical],
                    within: vec![Sector::Gas, Sector::Electricity],
                    delay: Dist::Uniform {
                        min: Minutes(10),
                        max: Minutes(20),
                    },
                },
            }],
        }),
    };
    let quake = Inject {
        key: "adhoc-quake".into(),
        trigger: InjectTrigger::At(Time::ZERO),
        target: gas_target,
        target_label: gas_target.label(&infra),
        hits: gas_target.hits(&infra),
        kind: InjectKind::Disaster {
            hazard: Hazard::Earthquake,
            severity: 0.375,
            recovery: Dist::LogNormal {
                median: Minutes(300),
                sigma: 0.3,
            },
        },
    };
    let mut session = Session::new(s.clone(), 9);
    at(
        &mut session,
        61,
        power,
        Action::Send {
            to: vec![rel(Recipient::MyCeptor), rel(Recipient::MyMinistry)],
            kind: MessageKind::Report,
            about: Some(IncidentRef::Inject(0)),
            attack: None,
            concerns: None,
            label: Tlp::Amber,
            text: "暗号化 \"encrypted\"\nline two \\ done".into(),
            sanitised: false,
        },
    );
    at(&mut session, 61, power, Action::RestoreFromBackup);
    at(
        &mut session,
        62,
        power,
        Action::SwitchToBackup { service: supply },
    );
    at(
        &mut session,
        120,
        power,
        Action::Isolate {
            systems: SystemKind::Business,
        },
    );
    // The report (sent at 61) reaches the CEPTOR by 61 + 120 at the latest.
    at(
        &mut session,
        190,
        Role::Ceptor(Sector::Electricity),
        Action::Forward {
            message: 0,
            to: vec![rel(Recipient::Members), Addressee::Role(Role::Council)],
        },
    );
    at(
        &mut session,
        190,
        power,
        Action::Reconnect {
            systems: SystemKind::Business,
        },
    );
    at(
        &mut session,
        191,
        power,
        Action::EndBackup { service: supply },
    );
    at(
        &mut session,
        200,
        Role::Nisc,
        Action::DispatchSupport {
            operator: oid(s, "power"),
        },
    );
    at(
        &mut session,
        200,
        Role::Vendor,
        Action::PublishSignature {
            attack: AttackKind::Ransomware,
        },
    );
    at(
        &mut session,
        240,
        Role::Control,
        Action::Inject(Box::new(worm)),
    );
    at(
        &mut session,
        241,
        Role::Control,
        Action::Inject(Box::new(quake)),
    );
    // The quake opened an ad-hoc incident gas saw at once; gas reports it by number.
    let quake_incident = session
        .outcome()
        .timeline
        .iter()
        .rev()
        .find_map(|e| match e.what {
            Happening::InjectFired { incident, .. } => Some(incident),
            _ => None,
        });
    at(
        &mut session,
        300,
        gas,
        Action::Send {
            to: vec![rel(Recipient::MyCeptor)],
            kind: MessageKind::Report,
            about: quake_incident.map(IncidentRef::Id),
            attack: Some(AttackKind::Worm),
            concerns: None,
            label: Tlp::Green,
            text: String::new(),
            sanitised: false,
        },
    );
    at(
        &mut session,
        360,
        Role::Ministry(Ministry::Meti),
        send(
            vec![Addressee::Role(Role::Nisc)],
            MessageKind::Report,
            None,
            Tlp::AmberStrict,
        ),
    );
    session
}

#[test]
fn live_session_with_ad_hoc_injects_matches_its_replay() {
    let s = scenario(LOGGED);
    let live = logged_session(&s);
    let log = live.log().to_vec();
    assert_eq!(log.len(), 13);
    let o = live.finish();
    // Every action of this session took effect except the forward (AMBER to the council).
    let refused: Vec<u32> = o
        .actions
        .iter()
        .filter(|a| a.origin == Origin::Player && a.result.is_err())
        .map(|a| a.id)
        .collect();
    assert_eq!(refused.len(), 1, "{:?}", o.actions);
    assert_eq!(
        json(&s, &o),
        json(&s, &Session::replay(s.clone(), 9, &[], &log).outcome)
    );
}

#[test]
fn drill_log_round_trips_through_ron() {
    let s = scenario(LOGGED);
    let live = logged_session(&s);
    let log = live.log().to_vec();
    let text = drill_log::to_ron("logged.ron", 9, &[], &log, &s, &|_| None);
    let parsed = drill_log::parse_log("saved.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.scenario, "logged.ron");
    assert_eq!(parsed.seed, 9);
    let back = drill_log::resolve_actions("saved.ron", &text, &parsed.file, &s)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back.len(), log.len());
    for (k, (b, a)) in back.iter().zip(&log).enumerate() {
        assert_eq!(b, a, "action {k}");
    }

    // Naming incidents by their inject (as a face would) writes `incident: "ransom"`
    // instead of `incident_no: 0`: a different reference, but the replay is the same.
    let live_json = json(&s, &live.finish());
    let o = Session::replay(s.clone(), 9, &[], &log).outcome;
    let names: Vec<Option<String>> = o
        .timeline
        .iter()
        .filter_map(|e| match e.what {
            Happening::InjectFired { inject, .. } => {
                Some((inject < s.injects.len()).then(|| s.injects[inject].key.clone()))
            }
            _ => None,
        })
        .collect();
    let named = drill_log::to_ron("logged.ron", 9, &[], &log, &s, &|i: IncidentId| {
        names.get(i.index()).cloned().flatten()
    });
    let parsed = drill_log::parse_log("named.ron", &named).unwrap_or_else(|e| panic!("{e}"));
    let back = drill_log::resolve_actions("named.ron", &named, &parsed.file, &s)
        .unwrap_or_else(|e| panic!("{e}\n{named}"));
    assert_eq!(
        json(&s, &Session::replay(s.clone(), 9, &[], &back).outcome),
        live_json
    );
}

#[test]

fn a_drill_log_with_a_forbidden_attempt_can_be_saved_and_loaded() {
    let s = scenario(LOGGED);
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(10));
    let r = session.act(
        op(&s, "power"),
        Action::DispatchSupport {
            operator: oid(&s, "gas"),
        },
    );
    assert!(r.is_err());
    let log = session.log().to_vec();
    let text = drill_log::to_ron("logged.ron", 1, &[], &log, &s, &|_| None);
    let parsed = drill_log::parse_log("saved.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    let back = drill_log::resolve_actions("saved.ron", &text, &parsed.file, &s)
        .unwrap_or_else(|e| panic!("the saved log does not load:\n{e}"));
    assert_eq!(back, log);
}

#[test]

fn a_refused_send_to_sender_stays_refused_after_saving() {
    // `Sender` is for policies; a player naming it is turned away before anything is
    // logged, so a saved log can never turn the attempt into a public broadcast.
    let s = scenario(LOGGED);
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(10));
    let r = session.act(
        Role::Nisc,
        send(
            vec![rel(Recipient::Sender)],
            MessageKind::Announcement,
            None,
            Tlp::Clear,
        ),
    );
    assert_eq!(r, Err(Refusal::SenderOutsidePolicy));
    assert_eq!(
        said(&session, &r),
        Err("`Sender` only makes sense in a policy answering a message".to_string())
    );
    assert!(session.log().is_empty());
    let log = session.log().to_vec();
    let live_json = json(&s, &session.finish());
    let text = drill_log::to_ron("logged.ron", 1, &[], &log, &s, &|_| None);
    let parsed = drill_log::parse_log("saved.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    let back = drill_log::resolve_actions("saved.ron", &text, &parsed.file, &s)
        .unwrap_or_else(|e| panic!("{e}"));
    let replayed = Session::replay(s.clone(), 1, &[], &back).outcome;
    assert!(replayed.messages.is_empty());
    assert_eq!(json(&s, &replayed), live_json);
}

// ---------------------------------------------------------------------------------------
// 6. Common random numbers
// ---------------------------------------------------------------------------------------

/// Sector A (electricity): power, with an outage of random length and ransomware whose
/// stages are random. Sector B (finance): bank1 with an outage of random length, bank2
/// with the worm template (random stages, spreading to bank1 over their Cyber link). The
/// sectors are not linked.
const CRN: &str = r#"
Scenario(
    name: "crn", duration: "3d", seed: 1, policies: Passive,
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "power", name: "Power", sector: Electricity, region: "r",
                services: [Service(id: "power/supply", name: "Supply", population: 100, required: 0.8,
                    systems: [System(id: "power/erp", kind: Business, share: 0.25)])]),
            Operator(id: "bank1", name: "Bank 1", sector: Finance, region: "r",
                services: [Service(id: "bank1/atm", name: "ATMs", population: 100, required: 0.8,
                    systems: [System(id: "bank1/erp", kind: Business, share: 0.5)])]),
            Operator(id: "bank2", name: "Bank 2", sector: Finance, region: "r",
                services: [Service(id: "bank2/atm", name: "ATMs", population: 100, required: 0.8,
                    systems: [System(id: "bank2/erp", kind: Business, share: 0.5)])]),
        ],
        dependencies: [
            Dependency(dependent: "bank1/atm", provider: "bank2/atm", kind: Cyber, strength: 0.2, tolerance: "1h"),
        ],
    )),
    injects: [
        Inject(id: "power-out", at: "2h", target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: LogNormal(median: "6h", sigma: 0.8))),
        Inject(id: "ransom", at: "30m", target: Operator("power"), kind: Attack(attack: Ransomware)),
        Inject(id: "bank-out", at: "3h", target: Service("bank1/atm"),
            kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: LogNormal(median: "5h", sigma: 0.8))),
        Inject(id: "worm", at: "1h", target: Operator("bank2"), kind: Attack(attack: Worm)),
    ],
)"#;

/// Electricity (a1, a2, a3) and finance (b1, b2), no dependency between the sectors;
/// stochastic repairs in both; the reference playbook carries news across sectors.
const CRN_NEWS: &str = r#"
Scenario(
    name: "crn news", duration: "2d", seed: 1, policies: Reference,
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "a1", name: "A1", sector: Electricity, region: "r",
                services: [Service(id: "a1/s", name: "S", population: 100, required: 0.9)]),
            Operator(id: "a2", name: "A2", sector: Electricity, region: "r",
                services: [Service(id: "a2/s", name: "S", population: 100, required: 0.9)]),
            Operator(id: "a3", name: "A3", sector: Electricity, region: "r",
                services: [Service(id: "a3/s", name: "S", population: 100, required: 0.9)]),
            Operator(id: "b1", name: "B1", sector: Finance, region: "r",
                services: [Service(id: "b1/s", name: "S", population: 100, required: 0.9)]),
            Operator(id: "b2", name: "B2", sector: Finance, region: "r",
                services: [Service(id: "b2/s", name: "S", population: 100, required: 0.9)]),
        ],
        dependencies: [
            Dependency(dependent: "a2/s", provider: "a1/s", kind: Physical, strength: 0.5, tolerance: "1h"),
            Dependency(dependent: "b2/s", provider: "b1/s", kind: Cyber, strength: 0.5, tolerance: "1h"),
        ],
    )),
    injects: [
        Inject(id: "a-fail", at: "1h", target: Service("a1/s"),
            kind: ItFailure(cause: SystemFailure, severity: 0.6,
                recovery: LogNormal(median: "5h", sigma: 0.6))),
        Inject(id: "b-fail", at: "2h", target: Service("b1/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.6,
                recovery: LogNormal(median: "5h", sigma: 0.6))),
    ],
)
"#;

/// The sector a draw belongs to (the entity it is drawn for) and, for message and policy
/// draws, the news it serves.
fn classify(
    s: &Scenario,
    o: &Outcome,
    draw: &(Purpose, Vec<u64>),
) -> (Option<Sector>, Option<u64>) {
    let infra = &s.infra;
    let role_sector = |k: u64| {
        Role::all(infra)
            .into_iter()
            .find(|r| rensa::engine::drill::role_key(*r) == k)
            .and_then(|r| r.sector(infra))
    };
    let key = &draw.1;
    match draw.0 {
        Purpose::Recovery => (Some(infra.sector_of(ServiceId(key[1] as u32))), None),
        Purpose::AttackStage | Purpose::Detection => {
            (Some(infra.operator(OperatorId(key[1] as u32)).sector), None)
        }
        Purpose::Spread => (Some(infra.operator(OperatorId(key[2] as u32)).sector), None),
        Purpose::MessageDelay => {
            let root = o.messages.iter().find(|m| m.key == key[0]).map(|m| m.root);
            (role_sector(key[1]), root)
        }
        Purpose::Policy => (role_sector(key[2]), Some(key[3])),
    }
}

#[test]
fn one_more_message_or_inject_leaves_every_unrelated_draw_unchanged() {
    let s = scenario(CRN_NEWS);
    let a1 = op(&s, "a1");
    for seed in 1..=6 {
        let run = |extra: bool| {
            let mut session = Session::new(s.clone(), seed);
            session.record_draws();
            if extra {
                session.advance_to(Time(30));
                // An electricity operator says something, and exercise control adds an
                // incident at an operator nothing depends on.
                session
                    .act(
                        a1,
                        send(
                            vec![rel(Recipient::MyCeptor)],
                            MessageKind::Note,
                            None,
                            Tlp::Green,
                        ),
                    )
                    .expect("a note to one's CEPTOR is allowed");
                let inject = Inject {
                    key: "extra".into(),
                    trigger: InjectTrigger::At(Time::ZERO),
                    target: Target::Service(sid(&s, "a3/s")),
                    target_label: "service a3/s".into(),
                    hits: vec![(sid(&s, "a3/s"), 1.0)],
                    kind: InjectKind::ItFailure {
                        cause: FailureCause::OperatorError,
                        severity: 0.5,
                        recovery: Dist::LogNormal {
                            median: Minutes(300),
                            sigma: 0.5,
                        },
                    },
                };
                session
                    .act(Role::Control, Action::Inject(Box::new(inject)))
                    .expect("control may inject");
            }
            session.advance_to(session.end());
            (session.outcome().to_outcome(), session.draws().to_vec())
        };
        let (base, base_draws) = run(false);
        let (more, more_draws) = run(true);
        let base_roots: std::collections::BTreeSet<u64> =
            base.messages.iter().map(|m| m.root).collect();
        let new_roots: std::collections::BTreeSet<u64> = more
            .messages
            .iter()
            .map(|m| m.root)
            .filter(|r| !base_roots.contains(r))
            .collect();
        assert!(
            !new_roots.is_empty(),
            "seed {seed}: the extra action sent nothing"
        );
        // Finance's draws, leaving out those serving the new news.
        let finance = |o: &Outcome, draws: &[(Purpose, Vec<u64>)]| {
            let mut v: Vec<(Purpose, Vec<u64>)> = draws
                .iter()
                .filter(|d| {
                    let (sector, root) = classify(&s, o, d);
                    sector == Some(Sector::Finance) && !root.is_some_and(|r| new_roots.contains(&r))
                })
                .cloned()
                .collect();
            v.sort();
            v
        };
        let before = finance(&base, &base_draws);
        let after = finance(&more, &more_draws);
        assert!(
            before.len() >= 5,
            "seed {seed}: finance drew too little to compare"
        );
        assert_eq!(before, after, "seed {seed}: finance's own draws moved");
        // The new news did reach finance (its CEPTOR passed the alert on), so the
        // comparison above really left something out.
        let reached = more_draws.iter().any(|d| {
            let (sector, root) = classify(&s, &more, d);
            sector == Some(Sector::Finance) && root.is_some_and(|r| new_roots.contains(&r))
        });
        assert!(reached, "seed {seed}: the news never reached finance");
        // And finance's repair durations are the same.
        let repairs = |o: &Outcome| -> Vec<(u64, Minutes)> {
            o.timeline
                .iter()
                .filter_map(|e| match &e.what {
                    Happening::RecoveryStarted {
                        service, duration, ..
                    } if s.infra.sector_of(*service) == Sector::Finance => {
                        Some((e.time.0, *duration))
                    }
                    _ => None,
                })
                .collect()
        };
        assert_eq!(repairs(&base), repairs(&more), "seed {seed}");
    }
}

#[test]
fn common_random_numbers_an_action_in_one_sector_leaves_another_sectors_draws() {
    let s = scenario(CRN);
    let infra = s.infra.clone();
    let power = op(&s, "power");
    let in_b = |o: u64| infra.operators[o as usize].sector == Sector::Finance;
    let service_in_b = |sv: u64| in_b(infra.services[sv as usize].operator.0 as u64);
    // Draws keyed to sector B entities: recoveries of B services, stages and detection
    // at B operators, spreads from B operators.
    let b_draws = |draws: Vec<(Purpose, Vec<u64>)>| -> Vec<(Purpose, Vec<u64>)> {
        let mut out: Vec<_> = draws
            .into_iter()
            .filter(|(p, k)| match p {
                Purpose::Recovery => service_in_b(k[1]),
                Purpose::AttackStage | Purpose::Detection | Purpose::Spread => in_b(k[1]),
                _ => false,
            })
            .collect();
        out.sort();
        out
    };
    let a_draws = |draws: &[(Purpose, Vec<u64>)]| -> Vec<(Purpose, Vec<u64>)> {
        let mut out: Vec<_> = draws
            .iter()
            .filter(|(p, k)| match p {
                Purpose::Recovery => !service_in_b(k[1]),
                Purpose::AttackStage | Purpose::Detection | Purpose::Spread => !in_b(k[1]),
                _ => true,
            })
            .cloned()
            .collect();
        out.sort();
        out
    };
    let b_recoveries = |o: &Outcome| -> Vec<(u64, ServiceId, IncidentId, Minutes)> {
        o.timeline
            .iter()
            .filter_map(|e| match e.what {
                Happening::RecoveryStarted {
                    service,
                    incident,
                    duration,
                } if service_in_b(service.0 as u64) => {
                    Some((e.time.0, service, incident, duration))
                }
                _ => None,
            })
            .collect()
    };

    let mut checked = 0;
    for seed in 1..=6u64 {
        let mut base = Session::new(s.clone(), seed);
        base.record_draws();
        base.advance_to(Time(45));
        let base_draws = base.draws().to_vec();
        base.advance_to(base.end());
        let base_draws_end = base.draws().to_vec();
        let base_out = base.finish();

        let mut acted = Session::new(s.clone(), seed);
        acted.record_draws();
        acted.advance_to(Time(45));
        // At T+45 the ransomware (from T+30) is in its initial-access stage at power, if it
        // passed that stage's chance. Isolating business systems halts it: its later stage
        // draws never happen, and the isolation lowers power's level.
        let r = acted.act(
            power,
            Action::Isolate {
                systems: SystemKind::Business,
            },
        );
        assert_eq!(
            r,
            Ok(Done::Isolated {
                systems: SystemKind::Business,
                services: 1
            })
        );
        let before = acted.draws().to_vec();
        assert_eq!(before, base_draws);
        acted.advance_to(acted.end());
        let acted_draws_end = acted.draws().to_vec();
        let acted_out = acted.finish();

        assert_eq!(
            b_draws(base_draws_end.clone()),
            b_draws(acted_draws_end.clone()),
            "seed {seed}"
        );
        assert!(!b_draws(base_draws_end.clone()).is_empty());
        assert_eq!(
            b_recoveries(&base_out),
            b_recoveries(&acted_out),
            "seed {seed}"
        );
        assert!(!b_recoveries(&base_out).is_empty());
        // The finance services went through exactly the same levels.
        for key in ["bank1/atm", "bank2/atm"] {
            assert_eq!(levels(&s, &base_out, key), levels(&s, &acted_out, key));
        }
        if a_draws(&base_draws_end) != a_draws(&acted_draws_end) {
            checked += 1;
        }
    }
    // The action did change sector A's draws in some seed, so the comparison above is not
    // vacuous.
    assert!(checked > 0);
}

// ---------------------------------------------------------------------------------------
// 7. Message delivery and the council
// ---------------------------------------------------------------------------------------

#[test]
fn messages_arrive_in_delay_order_and_the_council_gets_only_its_own() {
    let s = Arc::new(rensa::scenario::load_default());
    let infra = s.infra.clone();
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(session.end());
    let engine = &session;
    let messages = engine.messages();
    assert!(messages.len() > 10, "the playbook sends messages");
    let mut delivered = 0;
    for role in Role::all(&infra) {
        let Some(k) = engine.knowledge(role) else {
            continue;
        };
        let mut last = Time::ZERO;
        for (m, at) in &k.inbox {
            let msg = &messages[*m as usize];
            assert!(*at >= last, "{}: inbox out of order", role.id(&infra));
            last = *at;
            assert!(*at >= msg.sent);
            let recorded: Vec<Time> = msg
                .to
                .iter()
                .filter(|(r, _)| *r == role)
                .map(|(_, t)| *t)
                .collect();
            assert_eq!(recorded, vec![*at], "message #{m} to {}", role.id(&infra));
            delivered += 1;
        }
        // ...and everything due before the end arrived, once.
        for msg in messages {
            for (r, t) in &msg.to {
                if *r == role && *t < session.end() {
                    let n = k.inbox.iter().filter(|(x, _)| *x == msg.id).count();
                    assert_eq!(n, 1, "message #{} to {}", msg.id, role.id(&infra));
                }
            }
        }
    }
    assert!(delivered > 0);
    let council = engine.knowledge(Role::Council).unwrap();
    assert!(!council.inbox.is_empty());
    for (m, _) in &council.inbox {
        assert!(
            messages[*m as usize]
                .to
                .iter()
                .any(|(r, _)| *r == Role::Council)
        );
    }
    assert!(
        messages
            .iter()
            .any(|m| !m.to.iter().any(|(r, _)| *r == Role::Council))
    );
}

// ---------------------------------------------------------------------------------------
// 8. Injects that react
// ---------------------------------------------------------------------------------------

/// "atk" is a foothold of FOOTHOLD (never detected by chance), then an impact, seen at
/// once. "x" fires at 1h and "y" 1h after it. "late" fires at 6h if atk is still
/// undetected then; "seen" 30 min after atk is detected. "never" waits for b/s below 0.1
/// until 3h; "follow" comes 30 min after "never". "dud" is an attack whose first stage has
/// no chance.
const REACT: &str = r#"
Scenario(
    name: "react", duration: "12h", seed: 1, policies: Passive,
    players: ["operator:b"],
    infrastructure: Inline(Infrastructure(operators: [
        Operator(id: "a", name: "A", sector: Water, region: "r",
            services: [Service(id: "a/s", name: "A", population: 100, required: 0.5)]),
        Operator(id: "b", name: "B", sector: Medical, region: "r",
            services: [Service(id: "b/s", name: "B", population: 100, required: 0.5,
                systems: [System(id: "b/erp", kind: Business, share: 0.25)])]),
    ])),
    injects: [
        Inject(id: "atk", at: 0, target: Operator("a"), kind: Attack(attack: Intrusion, stages: Some([
            Stage(name: "foothold", chance: 1.0, duration: Fixed(FOOTHOLD), detection: 0.0, effect: Foothold),
            Stage(name: "impact", chance: 1.0, duration: Fixed(0), detection: 0.0,
                effect: Impact(severity: 0.25, recovery: Fixed("1h"), data_loss: false)),
        ]))),
        Inject(id: "x", at: "1h", target: Service("b/s"),
            kind: ItFailure(cause: SystemFailure, severity: 0.125, recovery: Fixed("30m"))),
        Inject(id: "y", after: (inject: "x", delay: "1h"), target: Service("b/s"),
            kind: ItFailure(cause: SystemFailure, severity: 0.125, recovery: Fixed("30m"))),
        Inject(id: "late", when: (condition: NotDetected("atk"), by: "6h"), target: Service("a/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.125, recovery: Fixed("30m"))),
        Inject(id: "seen", when: (condition: Detected("atk"), delay: "30m"), target: Service("b/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.125, recovery: Fixed("30m"))),
        Inject(id: "never", when: (condition: LevelBelow(service: "b/s", level: 0.1), by: "3h"),
            target: Service("a/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.125, recovery: Fixed("30m"))),
        Inject(id: "follow", after: (inject: "never", delay: "30m"), target: Service("a/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.125, recovery: Fixed("30m"))),
        Inject(id: "dud", at: "2h", target: Operator("b"), kind: Attack(attack: Worm, stages: Some([
            Stage(name: "phish", chance: 0.0, duration: Fixed("1h"), detection: 0.5, effect: Foothold),
        ]))),
    ],
)"#;

#[test]
fn injects_react_to_time_detection_conditions_and_each_other() {
    // atk stays hidden for 10h: undetected at 6h.
    let s = scenario(&REACT.replace("FOOTHOLD", "\"10h\""));
    let o = Session::new(s.clone(), 1).finish();
    // y: 1h after x (1h) = 2h. late: decided at its 6h deadline, fires then. atk's impact
    // at 10h is seen at once, so "seen" fires at 10h30.
    assert_eq!(
        fired(&o),
        vec![
            (0, "atk".to_string()),
            (60, "x".to_string()),
            // Same minute: dud was scheduled at T+0, y only when x fired.
            (120, "dud".to_string()),
            (120, "y".to_string()),
            (360, "late".to_string()),
            (630, "seen".to_string()),
        ]
    );
    assert_eq!(
        skipped(&s, &o),
        vec![
            (
                180,
                "never".to_string(),
                "its condition (b/s below 0.1) did not hold by T+03:00".to_string()
            ),
            (
                180,
                "follow".to_string(),
                "it follows inject never, which did not fire".to_string()
            ),
        ]
    );
    let failed: Vec<_> = o
        .timeline
        .iter()
        .filter_map(|e| match e.what {
            Happening::StageFailed {
                operator,
                stage,
                chance,
                ..
            } => Some((e.time.0, operator, stage, chance)),
            _ => None,
        })
        .collect();
    assert_eq!(failed, vec![(120, oid(&s, "b"), 0, 0.0)]);
    // IT failures are seen at once; atk only at its impact (stage 1) at 10h. The failed
    // "dud" is never detected at b.
    let (a, b) = (oid(&s, "a"), oid(&s, "b"));
    assert_eq!(
        detections(&o),
        vec![
            (60, b, None),
            (120, b, None),
            (360, a, None),
            (600, a, Some(1)),
            (630, b, None)
        ]
    );
    assert_eq!(
        levels(&s, &o, "a/s"),
        vec![(360, 0.875), (390, 1.0), (600, 0.75), (660, 1.0)]
    );
}

#[test]
fn a_not_detected_inject_is_skipped_with_its_reason_once_detected() {
    // atk hits after 1h: detected at 1h, so "late" is skipped at its 6h deadline and
    // "seen" fires at 1h30.
    let s = scenario(&REACT.replace("FOOTHOLD", "\"1h\""));
    let o = Session::new(s.clone(), 1).finish();
    let keys: Vec<(u64, String)> = fired(&o);
    assert!(keys.contains(&(90, "seen".to_string())), "{keys:?}");
    assert!(!keys.iter().any(|(_, k)| k == "late"));
    assert_eq!(
        skipped(&s, &o)
            .into_iter()
            .filter(|(_, k, _)| k == "late")
            .collect::<Vec<_>>(),
        vec![(
            360,
            "late".to_string(),
            "inject atk was detected at T+01:00".to_string()
        )]
    );
    // While waiting, the control view lists late and never as pending.
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(121));
    let pending: Vec<&str> = session
        .truth()
        .pending_injects
        .iter()
        .map(|k| s.injects[*k].key.as_str())
        .collect();
    assert_eq!(pending, vec!["late", "never", "follow"]);
}

#[test]
fn an_action_not_taken_inject_is_skipped_when_the_player_acts() {
    let text = REACT.replace("FOOTHOLD", "\"10h\"").replace(
        "    ],\n)",
        r#"        Inject(id: "nudge", when: (condition: ActionNotTaken(role: "operator:b", action: Isolate), by: "4h"),
            target: Service("b/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.125, recovery: Fixed("30m"))),
    ],
)"#,
    );
    let s = scenario(&text);
    // Nobody isolates: the nudge fires at its 4h deadline.
    let o = Session::new(s.clone(), 1).finish();
    assert!(fired(&o).contains(&(240, "nudge".to_string())));
    // b isolates at 2h30: the nudge is skipped at 4h.
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(150));
    session
        .act(
            op(&s, "b"),
            Action::Isolate {
                systems: SystemKind::Business,
            },
        )
        .unwrap();
    let o = session.finish();
    assert!(!fired(&o).iter().any(|(_, k)| k == "nudge"));
    assert!(skipped(&s, &o).contains(&(
        240,
        "nudge".to_string(),
        "operator:b took action isolate at T+02:30".to_string()
    )));
}

#[test]
fn an_action_taken_condition_fires_its_delay_after_the_action() {
    // b isolates at 2h40; the next engine event is the deadline of "never" at 3h. The
    // inject must fire at 2h40 + 15m = 2h55, not relative to that next event.
    let text = REACT.replace("FOOTHOLD", "\"10h\"").replace(
        "    ],\n)",
        r#"        Inject(id: "answer", when: (condition: ActionTaken(role: "operator:b", action: Isolate), delay: "15m"),
            target: Service("a/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.125, recovery: Fixed("30m"))),
        Inject(id: "sag", when: (condition: LevelBelow(service: "b/s", level: 0.8)),
            target: Service("a/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.125, recovery: Fixed("30m"))),
    ],
)"#,
    );
    let s = scenario(&text);
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(160));
    session
        .act(
            op(&s, "b"),
            Action::Isolate {
                systems: SystemKind::Business,
            },
        )
        .unwrap();
    let o = session.finish();
    let f = fired(&o);
    // Isolation drops b/s to 1 × (1 − 0.25) = 0.75 < 0.8: "sag" (no delay) fires at 2h40.
    assert!(f.contains(&(175, "answer".to_string())), "{f:?}");
    assert!(f.contains(&(160, "sag".to_string())), "{f:?}");
}

#[test]

fn injects_that_never_fire_are_recorded_with_a_reason() {
    // atk hides past the 12h end; "watch" waits for its detection without a deadline;
    // "tail" follows x (1h) by 12h, past the end.
    let text = REACT.replace("FOOTHOLD", "\"13h\"").replace(
        "    ],\n)",
        r#"        Inject(id: "watch", when: (condition: Detected("atk")), target: Service("a/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.125, recovery: Fixed("30m"))),
        Inject(id: "tail", after: (inject: "x", delay: "12h"), target: Service("a/s"),
            kind: ItFailure(cause: OperatorError, severity: 0.125, recovery: Fixed("30m"))),
    ],
)"#,
    );
    let s = scenario(&text);
    let o = Session::new(s.clone(), 1).finish();
    let f: Vec<String> = fired(&o).into_iter().map(|(_, k)| k).collect();
    let k: Vec<String> = skipped(&s, &o).into_iter().map(|(_, k, _)| k).collect();
    for key in s.injects.iter().map(|i| &i.key) {
        assert!(
            f.contains(key) || k.contains(key),
            "{key} neither fired nor was recorded as skipped"
        );
    }
}

#[test]
fn policies_answer_each_piece_of_news_once_so_forwarding_loops_end() {
    // CEPTORs forward every alert to the council and the council forwards every alert to
    // every CEPTOR, with no delays: without "once per news" this never ends.
    let s = rensa::scenario::load_str(
        "storm.ron",
        r#"Scenario(name: "storm", duration: "12h",
          parameters: (message_delays: { CeptorToCouncil: Fixed("0m"),
              CouncilToCeptors: Fixed("0m"), OperatorToCeptor: Fixed("0m") }),
          policies: Custom([
            Policy(roles: [Kind(Operator)], rules: [
                Rule(on: Detected, after: Fixed("0m"), act: Report(to: [MyCeptor], label: Green)) ]),
            Policy(roles: [Kind(Ceptor)], rules: [
                Rule(on: Received(Report), after: Fixed("0m"), act: Alert(to: [Council], label: Green)),
                Rule(on: Received(Alert), after: Fixed("0m"), act: Forward(to: [Council])),
            ]),
            Policy(roles: [Role("council")], rules: [
                Rule(on: Received(Alert), after: Fixed("0m"), act: Forward(to: [AllCeptors])) ]),
          ]),
          injects: [ Inject(id: "f", at: "1h", target: Operator("yamabuki-bank"),
              kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("2h"))) ],
        )"#,
        &rensa::scenario::NoFiles,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let o = Session::new(Arc::new(s), 1).finish();
    // One report; the finance CEPTOR's alert; the council's forward to the ten CEPTORs;
    // each other CEPTOR's forward back (once: the council has answered this news
    // already). The finance CEPTOR does not pass its own alert on again: a policy alerts
    // once per incident.
    let kinds = |k: MessageKind| o.messages.iter().filter(|m| m.kind == k).count();
    assert_eq!(kinds(MessageKind::Report), 1);
    assert_eq!(o.messages.len(), 1 + 1 + 1 + 9, "{:?}", o.messages.len());
    let root = o.messages[0].root;
    assert!(o.messages.iter().all(|m| m.root == root));
}

/// Power and a bank that needs it; operators switch to backup 2h after falling below
/// required, and end backup once restored.
const BACKUP_POLICY: &str = r#"
Scenario(name: "backup policy", duration: "24h",
  policies: Custom([ Policy(roles: [Kind(Operator)], rules: [
      Rule(on: BelowRequired, after: Fixed("2h"), act: SwitchToBackup),
      Rule(on: Restored, after: Fixed("30m"), act: EndBackup),
  ]) ]),
  infrastructure: Inline(Infrastructure(operators: [
     Operator(id: "a", name: "A", sector: Electricity, region: "r",
        services: [Service(id: "a/s", name: "S", population: 1000, required: 0.95)]),
     Operator(id: "b", name: "B", sector: Finance, region: "r",
        services: [Service(id: "b/s", name: "S", population: 1000, required: 0.95)]),
  ], dependencies: [
     Dependency(dependent: "b/s", provider: "a/s", kind: Physical, strength: 0.5, tolerance: "1h"),
  ])),
  injects: [ Inject(id: "f", at: "1h", target: Service("a/s"),
      kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: REPAIR)) ],
)
"#;

#[test]
fn a_policy_backup_is_skipped_once_moot_and_ended_once_restored() {
    // A 30-minute failure of power, which depends on nothing: its own backup would hold
    // nothing off, so the rule does not act (and says so when it fires, at T+1h).
    let s = scenario(&BACKUP_POLICY.replace("REPAIR", "Fixed(\"30m\")"));
    let o = Session::new(s.clone(), 1).finish();
    assert!(o.actions.is_empty(), "{:?}", o.actions);
    let skipped: Vec<(u64, String)> = o
        .timeline
        .iter()
        .filter_map(|e| match &e.what {
            Happening::PolicySkipped { reason, .. } => {
                Some((e.time.0, en(&s, &o, |w| w.policy_skip(reason))))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        skipped,
        vec![(
            60,
            "no provider of a/s is failing; backup operation would hold nothing off".to_string()
        )]
    );
    // The bank never lost anything: the 1h buffer outlasted the 30 minutes.
    assert_eq!(levels(&s, &o, "b/s"), vec![]);

    // A 90-minute failure: the bank falls at T+2h when its buffer runs out and is back at
    // T+2h30 with power; its backup, due at T+4h, is no longer needed.
    let s = scenario(&BACKUP_POLICY.replace("REPAIR", "Fixed(\"90m\")"));
    let o = Session::new(s.clone(), 1).finish();
    assert!(o.actions.is_empty(), "{:?}", o.actions);
    assert!(o.timeline.iter().any(|e| e.time.0 == 240
        && matches!(&e.what, Happening::PolicySkipped { reason, .. }
            if *reason == PolicySkip::BackToRequired { service: sid(&s, "b/s") })));

    // A 10-hour failure. At T+3h power's own backup would hold nothing off (it depends
    // on nothing): skipped. The bank fell at T+2h, when its 1h buffer ran out (power, at
    // 0.5, passes on 0.5 × 0.5: 1 − 0.25 = 0.75 < 0.95); at T+4h it
    // goes on backup: its buffer on power now holds 12h more (to T+14h), so it runs at
    // 1 × (1 − 0.1) = 0.9, the backup's cost. Power is repaired at T+11h: the bank has no
    // failing provider, and ends its backup 30 minutes later.
    let s = scenario(&BACKUP_POLICY.replace("REPAIR", "Fixed(\"10h\")"));
    let o = Session::new(s.clone(), 1).finish();
    let done: Vec<(u64, String, String)> = o
        .actions
        .iter()
        .map(|a| {
            (
                a.time.0,
                a.role.id(&s.infra),
                format!("{:?}", a.action.class()),
            )
        })
        .collect();
    assert_eq!(
        done,
        vec![
            (240, "operator:b".to_string(), "SwitchToBackup".to_string()),
            (690, "operator:b".to_string(), "EndBackup".to_string()),
        ]
    );
    assert!(o.actions.iter().all(|a| a.result.is_ok()));
    assert_eq!(
        levels(&s, &o, "b/s"),
        vec![(120, 0.75), (240, 0.9), (690, 1.0)]
    );
}

#[test]
fn a_staged_attack_on_one_system_hits_that_systems_share() {
    // a/s: control system "ems" (share 0.7) and business system "office" (0.1). A worm
    // (which travels through business systems) aimed at the EMS itself hits the EMS's
    // share: 1 − 1.0 × 0.7 = 0.3, as an IT failure of the same system does.
    let s = scenario(
        r#"Scenario(name: "sys", duration: "24h", policies: Passive,
          infrastructure: Inline(Infrastructure(operators: [
             Operator(id: "a", name: "A", sector: Electricity, region: "r",
                services: [Service(id: "a/s", name: "S", population: 1000, required: 0.95,
                    systems: [System(id: "a/ems", kind: Control, share: 0.7),
                              System(id: "a/office", kind: Business, share: 0.1)])]),
          ])),
          injects: [
            Inject(id: "w", at: "1h", target: System("a/ems"), kind: Attack(attack: Worm,
                stages: Some([Stage(name: "hit", chance: 1.0, duration: Fixed("0m"),
                    detection: 0.0, effect: Impact(severity: 1.0, recovery: Fixed("1h"),
                    data_loss: false))]))),
            Inject(id: "f", at: "3h", target: System("a/ems"),
                kind: ItFailure(cause: SystemFailure, severity: 1.0, recovery: Fixed("1h"))),
            // Aimed at the whole operator, the worm hits its business systems: 0.9.
            Inject(id: "w2", at: "5h", target: Operator("a"), kind: Attack(attack: Worm,
                stages: Some([Stage(name: "hit", chance: 1.0, duration: Fixed("0m"),
                    detection: 0.0, effect: Impact(severity: 1.0, recovery: Fixed("1h"),
                    data_loss: false))]))),
          ],
        )"#,
    );
    let o = Session::new(s.clone(), 1).finish();
    let l = levels(&s, &o, "a/s");
    let near = |x: f64, y: f64| (x - y).abs() < 1e-12;
    assert_eq!(l.len(), 6, "{l:?}");
    assert!(near(l[0].1, 0.3) && l[0].0 == 60, "{l:?}");
    assert!(near(l[2].1, 0.3) && l[2].0 == 180, "{l:?}");
    assert!(near(l[4].1, 0.9) && l[4].0 == 300, "{l:?}");
}

#[test]
fn an_attack_is_resolved_only_when_nothing_of_it_is_left() {
    // A worm hits a at T+1h and spreads to b (arriving T+3h), which it hits at once; each
    // hit is repaired in 1h. The incident resolves when b is repaired, not when a is.
    let s = scenario(
        r#"Scenario(name: "resolve", duration: "12h", policies: Passive,
          infrastructure: Inline(Infrastructure(operators: [
             Operator(id: "a", name: "A", sector: Finance, region: "r",
                services: [Service(id: "a/s", name: "S", population: 1, required: 0.9)]),
             Operator(id: "b", name: "B", sector: Finance, region: "r",
                services: [Service(id: "b/s", name: "S", population: 1, required: 0.9)]),
          ], dependencies: [
             Dependency(dependent: "b/s", provider: "a/s", kind: Cyber, strength: 0.1, tolerance: "1d"),
          ])),
          injects: [ Inject(id: "w", at: "1h", target: Operator("a"), kind: Attack(attack: Worm,
              stages: Some([
                Stage(name: "hit", chance: 1.0, duration: Fixed("0m"), detection: 0.0,
                    effect: Impact(severity: 0.5, recovery: Fixed("1h"), data_loss: false)),
                Stage(name: "spread", chance: 1.0, duration: Fixed("0m"), detection: 0.0,
                    effect: Spread(chance: 1.0, via: [Cyber], delay: Fixed("2h"))),
              ]))) ],
        )"#,
    );
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(150));
    // a repaired at T+2h, but the worm is on its way to b: not resolved.
    assert_eq!(session.truth().incidents[0].resolved, None);
    let o = session.finish();
    let resolved: Vec<u64> = o
        .timeline
        .iter()
        .filter(|e| matches!(e.what, Happening::IncidentResolved { .. }))
        .map(|e| e.time.0)
        .collect();
    // b is hit at T+3h and repaired at T+4h; its spread stage finds a already reached.
    assert_eq!(resolved, vec![240]);
}

#[test]
fn an_ad_hoc_inject_draws_the_same_whatever_control_injected_before_it() {
    let s = scenario(CRN_NEWS);
    let fail = |target: &str| {
        let id = sid(&s, target);
        Action::Inject(Box::new(Inject {
            key: "ad-hoc".into(),
            trigger: InjectTrigger::At(Time::ZERO),
            target: Target::Service(id),
            target_label: format!("service {target}"),
            hits: vec![(id, 1.0)],
            kind: InjectKind::ItFailure {
                cause: FailureCause::OperatorError,
                severity: 0.5,
                recovery: Dist::LogNormal {
                    median: Minutes(300),
                    sigma: 0.8,
                },
            },
        }))
    };
    for seed in 1..=5 {
        let run = |earlier: bool| {
            let mut session = Session::new(s.clone(), seed);
            if earlier {
                session.advance_to(Time(60));
                session.act(Role::Control, fail("a3/s")).unwrap();
            }
            session.advance_to(Time(120));
            session.act(Role::Control, fail("b2/s")).unwrap();
            let o = session.finish();
            let b2 = sid(&s, "b2/s");
            o.timeline
                .iter()
                .filter_map(|e| match &e.what {
                    Happening::RecoveryStarted {
                        service, duration, ..
                    } if *service == b2 => Some(*duration),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let alone = run(false);
        assert_eq!(alone.len(), 1);
        assert_eq!(alone, run(true), "seed {seed}");
    }
}

#[test]
fn a_refused_attempt_does_not_move_the_draws_of_the_next_action() {
    let s = scenario(CRN_NEWS);
    let b1 = op(&s, "b1");
    let note = || {
        send(
            vec![rel(Recipient::MyCeptor)],
            MessageKind::Note,
            None,
            Tlp::Green,
        )
    };
    let deliveries = |refused_first: bool| {
        let mut session = Session::new(s.clone(), 3);
        session.advance_to(Time(60));
        if refused_first {
            // Forwarding a message that does not exist: refused, and recorded.
            let r = session.act(
                b1,
                Action::Forward {
                    message: 99,
                    to: vec![rel(Recipient::MyCeptor)],
                },
            );
            assert!(r.is_err());
        }
        session.act(b1, note()).unwrap();
        let o = session.finish();
        o.messages
            .iter()
            .find(|m| m.from == b1)
            .map(|m| m.to.clone())
            .unwrap()
    };
    assert_eq!(deliveries(false), deliveries(true));
}

#[test]
fn an_attack_on_a_control_system_is_stopped_by_isolating_control_systems() {
    let text = |isolate: &str| {
        format!(
            r#"Scenario(name: "sys iso", duration: "12h", policies: Passive,
              players: ["operator:a"],
              infrastructure: Inline(Infrastructure(operators: [
                 Operator(id: "a", name: "A", sector: Electricity, region: "r",
                    services: [Service(id: "a/s", name: "S", population: 1, required: 0.5,
                        systems: [System(id: "a/ems", kind: Control, share: 0.7),
                                  System(id: "a/office", kind: Business, share: 0.1)])]),
              ])),
              injects: [Inject(id: "w", at: "1h", target: System("a/ems"), kind: Attack(attack: Worm,
                  stages: Some([
                    Stage(name: "access", chance: 1.0, duration: Fixed("2h"), detection: 0.0,
                        effect: Foothold),
                    Stage(name: "hit", chance: 1.0, duration: Fixed("0m"), detection: 0.0,
                        effect: Impact(severity: 1.0, recovery: Fixed("1h"), data_loss: false)),
                  ])))],
            )
            // {isolate}"#
        )
    };
    let outcome = |kind: SystemKind| {
        let s = scenario(&text(kind.id()));
        let mut session = Session::new(s.clone(), 1);
        session.advance_to(Time(120));
        session
            .act(op(&s, "a"), Action::Isolate { systems: kind })
            .unwrap();
        session.finish()
    };
    let halted = |o: &Outcome| {
        o.timeline
            .iter()
            .any(|e| matches!(e.what, Happening::Halted { .. }))
    };
    let impacted = |o: &Outcome| {
        o.timeline
            .iter()
            .any(|e| matches!(e.what, Happening::StageCompleted { stage: 1, .. }))
    };
    let control = outcome(SystemKind::Control);
    assert!(halted(&control) && !impacted(&control));
    let business = outcome(SystemKind::Business);
    assert!(!halted(&business) && impacted(&business));
}

#[test]
fn an_attack_launched_at_many_operators_resolves_only_after_all_of_them() {
    // Half of the finance operators fail the first stage's chance; the others are hit.
    for seed in 1..=8 {
        let s = rensa::scenario::load_str(
            "many.ron",
            r#"Scenario(name: "many", duration: "2d", policies: Passive,
              injects: [Inject(id: "w", at: "1h", target: Sector(Finance), kind: Attack(
                  attack: Worm, stages: Some([
                    Stage(name: "access", chance: 0.5, duration: Fixed("2h"), detection: 0.0,
                        effect: Foothold),
                    Stage(name: "hit", chance: 1.0, duration: Fixed("0m"), detection: 0.0,
                        effect: Impact(severity: 0.5, recovery: Fixed("3h"), data_loss: false)),
                  ])))])"#,
            &rensa::scenario::NoFiles,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let o = Session::new(Arc::new(s), seed).finish();
        let resolved = o
            .timeline
            .iter()
            .find(|e| matches!(e.what, Happening::IncidentResolved { .. }))
            .map(|e| e.time.0);
        let last = o
            .timeline
            .iter()
            .filter(|e| {
                matches!(
                    e.what,
                    Happening::StageFailed { .. }
                        | Happening::StageCompleted { .. }
                        | Happening::RecoveryCompleted { .. }
                )
            })
            .map(|e| e.time.0)
            .max()
            .unwrap();
        assert_eq!(resolved, Some(last), "seed {seed}");
    }
}

#[test]
fn a_policy_keeps_backup_while_a_provider_fails_again() {
    // Power fails 1h–3h and again from 3h30. The bank goes on backup when it falls (T+2h,
    // its 1h buffer gone) and is restored on backup; at T+3h power is back, so the bank's
    // policy plans to end backup an hour later — but by then power failed again.
    let s = scenario(
        r#"Scenario(name: "backup again", duration: "12h",
          policies: Custom([ Policy(roles: [Kind(Operator)], rules: [
              Rule(on: BelowRequired, after: Fixed("0m"), act: SwitchToBackup),
              Rule(on: Restored, after: Fixed("1h"), act: EndBackup),
          ]) ]),
          infrastructure: Inline(Infrastructure(operators: [
             Operator(id: "a", name: "A", sector: Electricity, region: "r",
                services: [Service(id: "a/s", name: "S", population: 1, required: 0.95)]),
             Operator(id: "b", name: "B", sector: Finance, region: "r",
                services: [Service(id: "b/s", name: "S", population: 1, required: 0.85)]),
          ], dependencies: [
             Dependency(dependent: "b/s", provider: "a/s", kind: Physical, strength: 0.5,
                 tolerance: "1h"),
          ])),
          injects: [
            Inject(id: "f1", at: "1h", target: Service("a/s"),
                kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("2h"))),
            Inject(id: "f2", at: "3h30m", target: Service("a/s"),
                kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("2h"))),
          ],
        )"#,
    );
    let o = Session::new(s.clone(), 1).finish();
    let b_actions: Vec<(u64, String)> = o
        .actions
        .iter()
        .filter(|a| a.role == op(&s, "b"))
        .map(|a| (a.time.0, a.action.class().id().to_string()))
        .collect();
    // Power is back for good at T+5h30; the bank ends its backup an hour later.
    assert_eq!(
        b_actions,
        vec![
            (120, "switch_to_backup".to_string()),
            (390, "end_backup".to_string())
        ]
    );
    assert!(o.timeline.iter().any(|e| e.time.0 == 240
        && matches!(&e.what, Happening::PolicySkipped { reason, .. }
            if *reason == PolicySkip::ProviderFailingAgain { service: sid(&s, "b/s") })));
}

// ---------------------------------------------------------------------------------------
// Fog of war in refusals
// ---------------------------------------------------------------------------------------

/// Power fails at FIRST (seen by power at once) and reports to its CEPTOR; a second
/// failure is due at 10h. The bank, in another sector, knows nothing.
const FOG: &str = r#"
Scenario(
    name: "fog", duration: "1d", seed: 1, policies: Passive,
    players: ["operator:power"],
    infrastructure: Inline(Infrastructure(operators: [
        Operator(id: "power", name: "Power", sector: Electricity, region: "r",
            services: [Service(id: "power/supply", name: "Supply", population: 100, required: 0.9)]),
        Operator(id: "bank", name: "Bank", sector: Finance, region: "r",
            services: [Service(id: "bank/atm", name: "ATMs", population: 100, required: 0.9)]),
    ])),
    injects: [
        Inject(id: "first", at: FIRST, target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("12h"))),
        Inject(id: "second", at: "10h", target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.2, recovery: Fixed("1h"))),
    ],
)"#;

/// At T+1h, `role` refers to: the unfired inject, the first inject (fired or not,
/// depending on `first`), incident #5 (never exists), incident #0 (exists iff the first
/// inject fired), message #0 (exists iff power reported), message #9 (never exists).
fn probes(first: &str, role: Role) -> (Vec<Result<Done, Refusal>>, Vec<String>) {
    let s = scenario(&FOG.replace("FIRST", first));
    let mut session = Session::with_players(s.clone(), 1, &[role]);
    session.advance_to(Time(10));
    if first == "0" {
        session
            .act(
                op(&s, "power"),
                send(
                    vec![rel(Recipient::MyCeptor)],
                    MessageKind::Report,
                    Some(IncidentRef::Inject(0)),
                    Tlp::Green,
                ),
            )
            .unwrap();
    }
    session.advance_to(Time(60));
    // The bank's own CEPTOR, which exercise control can reach too.
    let to = || vec![Addressee::Role(Role::Ceptor(Sector::Finance))];
    let report = |about| send(to(), MessageKind::Note, about, Tlp::Green);
    let attempts = [
        report(Some(IncidentRef::Inject(1))),
        report(Some(IncidentRef::Inject(0))),
        report(Some(IncidentRef::Id(IncidentId(5)))),
        report(Some(IncidentRef::Id(IncidentId(0)))),
        Action::Forward {
            message: 0,
            to: to(),
        },
        Action::Forward {
            message: 9,
            to: to(),
        },
    ];
    let results: Vec<_> = attempts.into_iter().map(|a| session.act(role, a)).collect();
    let words = results
        .iter()
        .map(|r| said(&session, r).unwrap_err())
        .collect();
    (results, words)
}

#[test]
fn a_refusal_tells_a_role_nothing_it_does_not_know() {
    let bank = Role::Operator(OperatorId(1));
    // Incident #0 exists and message #0 was sent (to the electricity CEPTOR), or neither.
    for first in ["0", "\"2h\""] {
        let (results, words) = probes(first, bank);
        let unknown = Err(Refusal::UnknownIncident);
        let unseen = Err(Refusal::UnknownMessage);
        assert_eq!(
            results,
            vec![
                unknown.clone(),
                unknown.clone(),
                unknown.clone(),
                unknown,
                unseen.clone(),
                unseen
            ],
            "first at {first}"
        );
        assert_eq!(words[0], words[3]);
        assert_eq!(words[4], words[5]);
    }
    // The two runs differ in the truth, not in what the bank is told.
    assert_eq!(probes("0", bank), probes("\"2h\"", bank));
}

#[test]
fn exercise_control_is_told_the_precise_reason() {
    let (results, _) = probes("\"2h\"", Role::Control);
    assert_eq!(
        results,
        vec![
            Err(Refusal::InjectNotFired { inject: 1 }),
            Err(Refusal::InjectNotFired { inject: 0 }),
            Err(Refusal::NoSuchIncident {
                incident: IncidentId(5)
            }),
            Err(Refusal::NoSuchIncident {
                incident: IncidentId(0)
            }),
            Err(Refusal::NoSuchMessage { message: 0 }),
            Err(Refusal::NoSuchMessage { message: 9 }),
        ]
    );
}
