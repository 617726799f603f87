//! TLP 2.0 that follows the information, not only the message: what a role learned under
//! a label binds every message that carries it; sanitised alerts go wider; AMBER reaches
//! the first recipient's constituency only, further with the source's recorded
//! permission. Also the new roles (JPCERT/CC, GSOC) and the linear cost of a sector's
//! alerts.

use crate::common;
use common::*;
use proptest::prelude::*;
use rensa::engine::timeline::Happening;
use rensa::model::drill::policy::{RoleSelector, reference_playbook};
use rensa::model::drill::{
    Action, Addressee, Channel, Done, IncidentRef, MessageKind, Recipient, Refusal, Role, RoleKind,
    Tlp,
};
use rensa::model::{AttackKind, Key, Ministry, OperatorId, Scenario, Sector, Time};
use rensa::session::Session;
use std::sync::Arc;

/// Two finance and two electricity operators; an IT failure at f1 at T+0 (seen at once).
fn small(policies: &str) -> Arc<Scenario> {
    scenario(&format!(
        r#"Scenario(name: "tlp", duration: "24h", seed: 1, policies: {policies},
        infrastructure: Inline(Infrastructure(operators: [
            Operator(id: "f1", name: "F1", sector: Finance, region: "r",
                services: [Service(id: "f1/s", name: "S", population: 100, required: 0.8)]),
            Operator(id: "f2", name: "F2", sector: Finance, region: "r",
                services: [Service(id: "f2/s", name: "S", population: 100, required: 0.8)]),
            Operator(id: "e1", name: "E1", sector: Electricity, region: "r",
                services: [Service(id: "e1/s", name: "S", population: 100, required: 0.8)]),
            Operator(id: "e2", name: "E2", sector: Electricity, region: "r",
                services: [Service(id: "e2/s", name: "S", population: 100, required: 0.8)]),
        ], dependencies: [])),
        injects: [Inject(id: "hit", at: "0m", target: Service("f1/s"),
            kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("10h")))])"#
    ))
}

fn op(s: &Scenario, key: &str) -> OperatorId {
    match s.infra.lookup(key) {
        Some(Key::Operator(o)) => o,
        other => panic!("{other:?}"),
    }
}

fn rel(r: Recipient) -> Addressee {
    Addressee::Relative(r)
}

fn report(to: Vec<Addressee>, label: Tlp, sanitised: bool, kind: MessageKind) -> Action {
    Action::Send {
        to,
        kind,
        about: Some(IncidentRef::Inject(0)),
        attack: Some(AttackKind::Worm),
        concerns: None,
        label,
        text: String::new(),
        sanitised,
    }
}

/// Whether `role` knows `victim` as affected by the incident, or received a message
/// naming it.
fn knows_victim(session: &Session, role: Role, victim: OperatorId) -> bool {
    let e = session;
    let by_knowledge = e
        .knowledge(role)
        .is_some_and(|k| k.incidents.values().any(|i| i.operators.contains(&victim)));
    let by_message = e.knowledge(role).is_some_and(|k| {
        k.inbox.iter().any(|(m, _)| {
            e.messages()[*m as usize].subject.operator == Some(victim)
                && e.messages()[*m as usize].subject.incident.is_some()
        })
    });
    by_knowledge || by_message
}

/// A random action: who (index into the roles), what, to whom, with which label.
#[derive(Debug, Clone)]
struct Draw {
    role: usize,
    what: u8,
    to: Vec<usize>,
    label: u8,
    message: usize,
    wait: u8,
}

fn draw() -> impl Strategy<Value = Draw> {
    (
        any::<usize>(),
        0..4u8,
        proptest::collection::vec(any::<usize>(), 1..4),
        0..5u8,
        any::<usize>(),
        0..90u8,
    )
        .prop_map(|(role, what, to, label, message, wait)| Draw {
            role,
            what,
            to,
            label,
            message,
            wait,
        })
}

const LABELS: [Tlp; 5] = [
    Tlp::Red,
    Tlp::AmberStrict,
    Tlp::Amber,
    Tlp::Green,
    Tlp::Clear,
];
const RELATIVE: [Recipient; 12] = [
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
    Recipient::Jpcert,
    Recipient::Gsoc,
];

/// Plays `label` report from f1 to its CEPTOR and ministry (RED: to its CEPTOR only), then
/// random actions by every other role (exercise control and f1 itself excepted, which may
/// tell whom they like); returns the session.
fn play(label: Tlp, draws: &[Draw]) -> (Arc<Scenario>, Session) {
    let s = small("Passive");
    let f1 = Role::Operator(op(&s, "f1"));
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(5));
    let to = match label {
        Tlp::Red => vec![rel(Recipient::MyCeptor)],
        _ => vec![rel(Recipient::MyCeptor), rel(Recipient::MyMinistry)],
    };
    session
        .act(f1, report(to, label, false, MessageKind::Report))
        .expect("f1 reports what it observed");
    let roles: Vec<Role> = Role::all(&s.infra)
        .into_iter()
        .filter(|r| *r != f1 && *r != Role::Control)
        .collect();
    for d in draws {
        let now = session.now();
        session.advance_to(Time(now.0 + d.wait as u64));
        let role = roles[d.role % roles.len()];
        let mut to: Vec<Addressee> =
            d.to.iter()
                .map(|x| match x % 2 {
                    0 => rel(RELATIVE[(x / 2) % RELATIVE.len()]),
                    _ => Addressee::Role(roles[(x / 2) % roles.len()]),
                })
                .collect();
        to.dedup();
        let label = LABELS[d.label as usize % LABELS.len()];
        let kinds = [MessageKind::Report, MessageKind::Alert, MessageKind::Note];
        let action = match d.what {
            0 => report(to, label, false, kinds[d.message % 3]),
            1 => report(to, label, true, MessageKind::Alert),
            2 => Action::Forward {
                message: (d.message % (session.messages().len() + 1)) as u32,
                to,
            },
            _ => Action::GrantPermission {
                message: (d.message % (session.messages().len() + 1)) as u32,
                to: roles[d.message % roles.len()],
            },
        };
        if role == Role::Public && !matches!(action, Action::Send { .. }) {
            continue;
        }
        let _ = session.act(role, action);
    }
    session.advance_to(session.end());
    (s, session)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_red_reports_victim_reaches_no_third_role(draws in proptest::collection::vec(draw(), 0..40)) {
        let (s, session) = play(Tlp::Red, &draws);
        let f1 = op(&s, "f1");
        for r in Role::all(&s.infra) {
            if matches!(r, Role::Control | Role::Ceptor(Sector::Finance)) || r == Role::Operator(f1) {
                continue;
            }
            prop_assert!(!knows_victim(&session, r, f1), "{} learned the victim", r.id(&s.infra));
        }
    }

    #[test]
    fn amber_from_a_finance_operator_never_reaches_an_electricity_operator(
        draws in proptest::collection::vec(draw(), 0..40)
    ) {
        // The random roles never include f1, the source, so no permission is ever granted.
        let (s, session) = play(Tlp::Amber, &draws);
        let f1 = op(&s, "f1");
        for e in ["e1", "e2"] {
            let r = Role::Operator(op(&s, e));
            prop_assert!(!knows_victim(&session, r, f1), "{e} learned the victim");
        }
    }
}

#[test]
fn a_sanitised_alert_goes_where_the_report_may_not() {
    let s = small("Passive");
    let f1 = Role::Operator(op(&s, "f1"));
    let ceptor = Role::Ceptor(Sector::Finance);
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(5));
    session
        .act(
            f1,
            report(
                vec![rel(Recipient::MyCeptor)],
                Tlp::Red,
                false,
                MessageKind::Report,
            ),
        )
        .unwrap();
    session.advance_to(Time(200));
    // The CEPTOR's view says what binds what it knows, and whose permission it needs.
    let v = session.view(ceptor);
    assert_eq!(v.incidents[0].bound_by, Some((Tlp::Red, f1)));
    assert_eq!(
        session.view(f1).incidents[0].bound_by,
        None,
        "own observation"
    );
    // A fresh GREEN alert naming the victim is refused: the CEPTOR learned it under RED.
    let refused = session.act(
        ceptor,
        report(
            vec![rel(Recipient::Council)],
            Tlp::Green,
            false,
            MessageKind::Alert,
        ),
    );
    assert!(
        matches!(
            refused,
            Err(Refusal::KnowledgeLabelForbids {
                learned: Tlp::Red,
                label: Tlp::Green,
                to: None,
                ..
            })
        ),
        "{refused:?}"
    );
    // So is a RED one: RED does not leave its first recipient.
    let refused = session.act(
        ceptor,
        report(
            vec![rel(Recipient::Council)],
            Tlp::Red,
            false,
            MessageKind::Alert,
        ),
    );
    assert!(
        matches!(
            refused,
            Err(Refusal::KnowledgeLabelForbids {
                to: Some(Role::Council),
                ..
            })
        ),
        "{refused:?}"
    );
    // A sanitised alert goes: the attack kind, no incident, no victim.
    let done = session
        .act(
            ceptor,
            report(
                vec![rel(Recipient::Members), rel(Recipient::Council)],
                Tlp::Green,
                true,
                MessageKind::Alert,
            ),
        )
        .expect("a sanitised alert may go GREEN");
    let Done::Sent { message, .. } = done else {
        panic!("{done:?}")
    };
    session.advance_to(session.end());
    let m = &session.messages()[message as usize];
    assert!(m.sanitised);
    assert_eq!(m.subject.attack, Some(AttackKind::Worm));
    assert_eq!((m.subject.incident, m.subject.operator), (None, None));
    let council = session.knowledge(Role::Council).unwrap();
    assert!(council.received(message));
    assert!(!knows_victim(&session, Role::Council, op(&s, "f1")));
    // f2, a member, is alerted to the worm.
    let f2 = session.view(Role::Operator(op(&s, "f2")));
    assert_eq!(f2.alerts, vec![AttackKind::Worm]);
}

#[test]
fn amber_goes_further_only_with_the_sources_recorded_permission() {
    let s = small("Passive");
    let f1 = Role::Operator(op(&s, "f1"));
    let fsa = Role::Ministry(Ministry::Fsa);
    let meti = Role::Ministry(Ministry::Meti);
    let e1 = Role::Operator(op(&s, "e1"));
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(5));
    let Ok(Done::Sent { message: m0, .. }) = session.act(
        f1,
        report(
            vec![rel(Recipient::MyCeptor), rel(Recipient::MyMinistry)],
            Tlp::Amber,
            false,
            MessageKind::Report,
        ),
    ) else {
        panic!()
    };
    session.advance_to(Time(600));
    // The FSA had it from the source: NISC, above it, is within its constituency.
    session
        .act(
            fsa,
            report(
                vec![rel(Recipient::Nisc)],
                Tlp::Amber,
                false,
                MessageKind::Report,
            ),
        )
        .expect("a first recipient shares AMBER within its constituency");
    session.advance_to(Time(900));
    // NISC had it second-hand: it may not pass it to METI (the AMBER chain across sectors).
    let to_meti = |session: &mut Session, role: Role| {
        session.act(
            role,
            report(
                vec![Addressee::Role(meti)],
                Tlp::Amber,
                false,
                MessageKind::Alert,
            ),
        )
    };
    assert!(
        matches!(
            to_meti(&mut session, Role::Nisc),
            Err(Refusal::KnowledgeLabelForbids { to: Some(r), .. }) if r == meti
        ),
        "NISC passed AMBER on second-hand"
    );
    // Only the source may grant a permission (the FSA received m0, but is not its source).
    assert_eq!(
        session.act(
            fsa,
            Action::GrantPermission {
                message: m0,
                to: meti
            }
        ),
        Err(Refusal::NotTheSource { message: m0 })
    );
    assert_eq!(
        session.act(
            f1,
            Action::GrantPermission {
                message: m0,
                to: meti
            }
        ),
        Ok(Done::PermissionGranted {
            message: m0,
            to: meti
        })
    );
    to_meti(&mut session, Role::Nisc).expect("with f1's permission NISC may tell METI");
    session.advance_to(Time(1200));
    assert!(knows_victim(&session, meti, op(&s, "f1")));
    // METI may not tell its electricity operators: that needs a permission of its own.
    let to_e1 = |session: &mut Session| {
        session.act(
            meti,
            report(
                vec![Addressee::Role(e1)],
                Tlp::Amber,
                false,
                MessageKind::Alert,
            ),
        )
    };
    assert!(matches!(
        to_e1(&mut session),
        Err(Refusal::KnowledgeLabelForbids { .. })
    ));
    assert!(!knows_victim(&session, e1, op(&s, "f1")));
    // The permission is recorded, with the action, in the drill's log.
    assert!(session.log().iter().any(|a| matches!(
        a.action,
        Action::GrantPermission { to, .. } if to == meti
    )));
    session
        .act(
            f1,
            Action::GrantPermission {
                message: m0,
                to: e1,
            },
        )
        .unwrap();
    to_e1(&mut session).expect("with f1's permission METI may tell e1");
}

#[test]
fn the_reference_playbook_names_no_victim_beyond_the_first_hop() {
    // Under the reference playbook f1's AMBER report reaches its CEPTOR, the FSA and NISC;
    // everyone else hears of it only through sanitised alerts.
    let s = small("Reference");
    let f1 = op(&s, "f1");
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(session.end());
    for r in Role::all(&s.infra) {
        let may = matches!(
            r,
            Role::Control
                | Role::Nisc
                | Role::Ceptor(Sector::Finance)
                | Role::Ministry(Ministry::Fsa)
        ) || r == Role::Operator(f1);
        if !may {
            assert!(!knows_victim(&session, r, f1), "{}", r.id(&s.infra));
        }
    }
    // The electricity operators were alerted all the same (an IT failure: no attack kind,
    // but the alert arrived).
    let e1 = session.knowledge(Role::Operator(op(&s, "e1"))).unwrap();
    assert!(!e1.inbox.is_empty());
    let refused = session
        .outcome()
        .actions
        .iter()
        .filter(|a| a.result.is_err())
        .count();
    assert_eq!(refused, 0, "the playbook keeps to its own rules");
}

#[test]
fn jpcert_and_gsoc_take_part_with_names_channels_and_rules() {
    let s = scenario(r#"Scenario(name: "d", duration: "1h")"#);
    let infra = &s.infra;
    let roles = Role::all(infra);
    assert!(roles.contains(&Role::Jpcert) && roles.contains(&Role::Gsoc));
    assert_eq!(Role::Jpcert.name(infra), "JPCERT/CC");
    assert_eq!(Role::Jpcert.name_ja(infra), "JPCERT/CC");
    assert!(Role::Gsoc.name(infra).starts_with("GSOC"));
    assert_eq!(
        Role::Gsoc.name_ja(infra),
        "政府機関情報セキュリティ横断監視・即応調整チーム（GSOC）"
    );
    assert_eq!(Role::parse("jpcert", infra), Ok(Role::Jpcert));
    assert_eq!(Role::parse("gsoc", infra), Ok(Role::Gsoc));
    // The central ministries answer to GSOC, the local governments to MIC.
    let gov = Role::Operator(op(&s, "national-gov"));
    let local = Role::Operator(op(&s, "kanto-gov"));
    let between = |a, b| Channel::between(a, b, infra);
    assert_eq!(between(gov, Role::Gsoc), Some(Channel::OperatorToGsoc));
    assert_eq!(between(gov, Role::Ministry(Ministry::Mic)), None);
    assert_eq!(
        between(local, Role::Ministry(Ministry::Mic)),
        Some(Channel::OperatorToMinistry)
    );
    assert_eq!(between(local, Role::Gsoc), None);
    assert_eq!(between(Role::Gsoc, Role::Nisc), Some(Channel::GsocNisc));
    // JPCERT/CC: operators report to it; it alerts operators and vendors.
    assert_eq!(
        between(local, Role::Jpcert),
        Some(Channel::OperatorToJpcert)
    );
    assert_eq!(between(Role::Jpcert, gov), Some(Channel::JpcertToOperators));
    assert_eq!(
        between(Role::Jpcert, Role::Vendor),
        Some(Channel::JpcertVendors)
    );
    // The further channels the seeds name.
    assert_eq!(
        between(Role::Ministry(Ministry::Meti), Role::Police),
        Some(Channel::MinistryPolice)
    );
    assert_eq!(
        between(Role::Vendor, Role::Ministry(Ministry::Meti)),
        Some(Channel::VendorToMinistry)
    );
    assert_eq!(
        between(Role::Vendor, Role::Ministry(Ministry::Fsa)),
        None,
        "vulnerability reports go to METI and MIC"
    );
    assert_eq!(
        between(Role::Vendor, Role::Police),
        Some(Channel::VendorPolice)
    );
    assert_eq!(between(gov, local), Some(Channel::OperatorToOperator));
    assert_eq!(
        between(Role::Public, Role::Police),
        Some(Channel::PublicToPolice)
    );
    assert_eq!(between(Role::Public, Role::Nisc), None);
    // In the reference playbook.
    let kinds: Vec<RoleKind> = reference_playbook()
        .iter()
        .flat_map(|p| p.roles.clone())
        .filter_map(|r| match r {
            RoleSelector::Kind(k) => Some(k),
            _ => None,
        })
        .collect();
    assert!(kinds.contains(&RoleKind::Jpcert) && kinds.contains(&RoleKind::Gsoc));
    // In views, and the default drill's messages reach them.
    let default = scenario(rensa::scenario::DEFAULT_SCENARIO);
    let mut session = Session::new(default.clone(), 1);
    session.advance_to(session.end());
    for r in [Role::Jpcert, Role::Gsoc] {
        let v = session.view(r);
        assert_eq!(v.role, r);
        assert!(
            !v.inbox.is_empty(),
            "{} received nothing in the default drill",
            r.id(&default.infra)
        );
    }
}

/// `n` finance operators and one inject that hits them all (`one`), or one inject per
/// operator, all DDoS attacks (`!one`); the reference playbook.
fn sector_hit(n: usize, one: bool) -> Arc<Scenario> {
    let mut ops = String::new();
    for i in 0..n {
        ops += &format!(
            r#"Operator(id: "op{i}", name: "Op {i}", sector: Finance, region: "r",
                services: [Service(id: "op{i}/s", name: "S", population: {}, required: 0.8,
                    systems: [System(id: "op{i}/web", kind: CustomerFacing, share: 1.0)])]),"#,
            1000 + i
        );
    }
    let injects = if one {
        r#"Inject(id: "all", at: "1h", target: Sector(Finance),
            kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("6h"))),"#
            .to_string()
    } else {
        (0..n)
            .map(|i| {
                format!(
                    r#"Inject(id: "d{i}", at: "{}m", target: Operator("op{i}"), kind: Attack(attack: Ddos)),"#,
                    60 + i % 30
                )
            })
            .collect()
    };
    scenario(&format!(
        r#"Scenario(name: "sector", duration: "72h", seed: 1,
            infrastructure: Inline(Infrastructure(operators: [{ops}], dependencies: [])),
            injects: [{injects}])"#
    ))
}

fn deliveries(s: &Arc<Scenario>) -> usize {
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(session.end());
    session
        .outcome()
        .timeline
        .iter()
        .filter(|e| matches!(e.what, Happening::MessageDelivered { .. }))
        .count()
}

#[test]
fn a_sectors_alerts_cost_deliveries_linear_in_its_operators() {
    for one in [true, false] {
        let (a, b) = (
            deliveries(&sector_hit(50, one)),
            deliveries(&sector_hit(100, one)),
        );
        // Quadratic (every report alerting every member) would be ~4×: 2N² at N = 100
        // is 20 000 deliveries.
        assert!(b > a, "{one}: {a} {b}");
        assert!(
            b * 10 <= a * 21,
            "{one}: {a} deliveries at N=50, {b} at N=100"
        );
    }
}

#[test]
fn docs_drill_lists_every_channel_and_the_new_roles() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/DRILL.md"))
        .expect("docs/DRILL.md");
    for c in Channel::ALL {
        assert!(
            doc.contains(&format!("| `{c:?}` |")),
            "docs/DRILL.md has no row for channel {c:?}"
        );
    }
    for name in [
        "`jpcert`",
        "`gsoc`",
        "政府機関情報セキュリティ横断監視・即応調整チーム（GSOC）",
        "Telecom-ISAC Japan",
        "重要インフラ専門委員会",
        "GrantPermission",
        "sanitised: true",
    ] {
        assert!(doc.contains(name), "docs/DRILL.md does not mention {name}");
    }
}
