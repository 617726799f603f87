//! A message may name an operator or a sector (`Action::Send { concerns }`, drill logs'
//! `operator:` / `sector:`): what its recipients learn from it, how drill logs carry it,
//! and that logs written before it existed read, write and replay exactly as before.

use crate::common::{self, scenario};
use crate::tui_support::default_scenario;
use rensa::model::drill::*;
use rensa::model::{AttackKind, IncidentId, OperatorId, Sector, Time};
use rensa::scenario::drill_log;
use rensa::session::Session;
use std::sync::Arc;

const TWO_SECTORS: &str = r#"
Scenario(
    name: "two", duration: "1d", seed: 3, policies: Passive,
    infrastructure: Inline(Infrastructure(operators: [
        Operator(id: "power", name: "Power", sector: Electricity, region: "r",
            services: [Service(id: "power/supply", name: "Supply", population: 100, required: 0.6)]),
        Operator(id: "grid", name: "Grid", sector: Electricity, region: "r",
            services: [Service(id: "grid/supply", name: "Supply", population: 100, required: 0.6)]),
        Operator(id: "bank", name: "Bank", sector: Finance, region: "r",
            services: [Service(id: "bank/payments", name: "Payments", population: 100, required: 0.6)]),
    ])),
    injects: [
        Inject(id: "outage", at: "1h", target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("2h"))),
    ],
)"#;

const POWER: Role = Role::Operator(OperatorId(0));
const GRID: Role = Role::Operator(OperatorId(1));
const BANK: OperatorId = OperatorId(2);
const CEPTOR: Role = Role::Ceptor(Sector::Electricity);

/// A message from `from` to `to`.
fn send(
    to: Role,
    kind: MessageKind,
    about: Option<IncidentRef>,
    attack: Option<AttackKind>,
    concerns: Option<Concerns>,
    sanitised: bool,
) -> Action {
    Action::Send {
        to: vec![Addressee::Role(to)],
        kind,
        about,
        attack,
        concerns,
        label: Tlp::Green,
        text: String::new(),
        sanitised,
    }
}

/// The log as `rensa play` writes it.
fn write(session: &Session, s: &rensa::model::Scenario) -> String {
    let name = |id: IncidentId| {
        session
            .inject_of_incident(id)
            .map(|i| s.injects[i].key.clone())
    };
    drill_log::to_ron(
        "two.ron",
        session.seed(),
        session.players(),
        &session.log_entries(),
        s,
        &name,
    )
}

/// Power observes the outage at T+1h and reports it to the CEPTOR (played); the session
/// stands at T+2h with the CEPTOR knowing the incident at power.
fn ceptor_told() -> (Arc<rensa::model::Scenario>, Session) {
    let s = scenario(TWO_SECTORS);
    let mut session = Session::with_players(s.clone(), 3, &[POWER, CEPTOR]);
    session.advance_to(Time(61));
    let report = Action::Send {
        to: vec![Addressee::Relative(Recipient::MyCeptor)],
        kind: MessageKind::Report,
        about: Some(IncidentRef::Inject(0)),
        attack: None,
        concerns: None,
        label: Tlp::Green,
        text: String::new(),
        sanitised: false,
    };
    session.act(POWER, report).expect("power reports");
    session.advance_to(Time(240));
    assert!(session.knowledge(CEPTOR).unwrap().knows(IncidentId(0)));
    (s, session)
}

#[test]
fn an_operator_named_with_an_incident_is_learned_as_affected_as_the_sender_states_it() {
    let (_, mut session) = ceptor_told();
    // The CEPTOR tells grid the outage also touches the bank: the sender's word, like an
    // attack kind it names.
    let act = send(
        GRID,
        MessageKind::Alert,
        Some(IncidentRef::Inject(0)),
        Some(AttackKind::Worm),
        Some(Concerns::Operator(BANK)),
        false,
    );
    session.act(CEPTOR, act).expect("sent");
    let m = session.messages().last().unwrap().clone();
    assert_eq!(m.subject.operator, Some(BANK));
    assert_eq!(m.subject.sector, Some(Sector::Finance));
    session.advance_to(Time(24 * 60 - 1));
    let k = session.knowledge(GRID).unwrap();
    let known = &k.incidents[&IncidentId(0)];
    assert_eq!(known.operators.iter().copied().collect::<Vec<_>>(), [BANK]);
    assert_eq!(known.attack, Some(AttackKind::Worm));
    // An operator becomes alert by the attack kind, as before.
    let view = session.view(GRID);
    assert_eq!(view.alerts, [AttackKind::Worm]);
}

#[test]
fn a_sector_or_operator_named_without_an_incident_teaches_nothing_but_the_message() {
    let (_, mut session) = ceptor_told();
    let before = session.knowledge(GRID).unwrap().incidents.clone();
    session
        .act(
            CEPTOR,
            send(
                GRID,
                MessageKind::Note,
                None,
                None,
                Some(Concerns::Sector(Sector::Finance)),
                false,
            ),
        )
        .expect("sent");
    session
        .act(
            CEPTOR,
            send(
                GRID,
                MessageKind::Note,
                None,
                None,
                Some(Concerns::Operator(BANK)),
                false,
            ),
        )
        .expect("sent");
    let sent: Vec<_> = session.messages().iter().rev().take(2).cloned().collect();
    assert_eq!(sent[1].subject.sector, Some(Sector::Finance));
    assert_eq!(sent[1].subject.operator, None);
    assert_eq!(sent[0].subject.operator, Some(BANK));
    session.advance_to(Time(24 * 60 - 1));
    let k = session.knowledge(GRID).unwrap();
    assert_eq!(k.inbox.len(), 2, "both arrived");
    assert_eq!(k.incidents, before, "no incident, no operator learned");
    assert!(session.view(GRID).alerts.is_empty(), "no attack kind named");
}

#[test]
fn a_sanitised_alert_keeps_the_named_sector_or_the_named_operators_sector_never_the_operator() {
    let (_, mut session) = ceptor_told();
    for (concerns, sector) in [
        (Some(Concerns::Operator(BANK)), Sector::Finance),
        (Some(Concerns::Sector(Sector::Finance)), Sector::Finance),
        (None, Sector::Electricity),
    ] {
        let act = send(
            GRID,
            MessageKind::Alert,
            Some(IncidentRef::Inject(0)),
            Some(AttackKind::Worm),
            concerns,
            true,
        );
        session.act(CEPTOR, act).expect("sent");
        let m = session.messages().last().unwrap();
        assert_eq!(m.subject.operator, None, "{concerns:?}");
        assert_eq!(m.subject.incident, None, "{concerns:?}");
        assert_eq!(m.subject.sector, Some(sector), "{concerns:?}");
    }
}

#[test]
fn a_log_naming_an_operator_or_a_sector_is_written_read_back_and_replayed_alike() {
    let (s, mut session) = ceptor_told();
    for c in [Concerns::Operator(BANK), Concerns::Sector(Sector::Finance)] {
        let act = send(GRID, MessageKind::Note, None, None, Some(c), false);
        session.act(CEPTOR, act).expect("sent");
    }
    let text = write(&session, &s);
    assert!(text.contains(r#"operator: Some("bank")"#), "{text}");
    assert!(text.contains("sector: Some(Finance)"), "{text}");
    let parsed = drill_log::parse_log("two.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    let back = drill_log::resolve_actions("two.ron", &text, &parsed.file, &s)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, session.log_entries());
    // Written by hand as an author would, without `Some`.
    let by_hand = text
        .replace(r#"operator: Some("bank")"#, r#"operator: "bank""#)
        .replace("sector: Some(Finance)", "sector: Finance");
    let parsed = drill_log::parse_log("two.ron", &by_hand).unwrap_or_else(|e| panic!("{e}"));
    let again = drill_log::resolve_actions("two.ron", &by_hand, &parsed.file, &s)
        .unwrap_or_else(|e| panic!("{e}\n{by_hand}"));
    assert_eq!(again, back);
    let players = session.players();
    let a = Session::replay(s.clone(), 3, players, &back);
    let b = Session::replay(s.clone(), 3, players, &session.log_entries());
    assert!(a.refusals.is_empty());
    let subjects = |o: &rensa::engine::Outcome| -> Vec<Subject> {
        o.messages.iter().map(|m| m.subject.clone()).collect()
    };
    assert_eq!(subjects(&a.outcome), subjects(&b.outcome));
    assert!(
        subjects(&a.outcome)
            .iter()
            .any(|x| x.operator == Some(BANK))
    );
}

#[test]
fn a_log_naming_both_or_an_unknown_operator_is_refused_at_its_place() {
    let s = scenario(TWO_SECTORS);
    let log = |fields: &str| {
        format!(
            r#"Drill(
    scenario: "two.ron",
    seed: 3,
    players: ["ceptor:electricity"],
    actions: [
        Act(at: "2h", role: "ceptor:electricity", do: Send(to: [Members], kind: Note,
            {fields} label: Green, text: "x")),
    ],
)
"#
        )
    };
    let refuse = |text: &str| -> String {
        let parsed = drill_log::parse_log("two.ron", text).unwrap_or_else(|e| panic!("{e}"));
        match drill_log::resolve_actions("two.ron", text, &parsed.file, &s) {
            Ok(a) => panic!("accepted: {a:?}"),
            Err(e) => e.to_string(),
        }
    };
    let both = refuse(&log(r#"operator: "bank", sector: Finance,"#));
    assert!(both.contains("two.ron:7:"), "{both}");
    assert!(both.contains("both `operator` and `sector`"), "{both}");
    let typo = refuse(&log(r#"operator: "banq","#));
    assert!(typo.contains("two.ron:7:"), "{typo}");
    assert!(typo.contains(r#"unknown operator "banq""#), "{typo}");
    assert!(typo.contains(r#"did you mean "bank"?"#), "{typo}");
}

#[test]
fn a_log_written_before_operators_and_sectors_could_be_named_reads_and_replays_as_pinned() {
    // The bundled drill logs predate the two fields: they still load, name nothing, and
    // replay to the very bytes pinned before the fields existed.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["ddos-response", "rail-worm-response", "water-lockout"] {
        let path = format!("scenarios/drills/{name}.ron");
        let text = std::fs::read_to_string(root.join(&path)).expect("bundled log");
        assert!(!text.contains("sector:"), "{path} already names a sector");
        let parsed = drill_log::parse_log(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let s = match parsed.file.scenario.as_str() {
            "default" => default_scenario(),
            other => {
                let p = root.join("scenarios/drills").join(other);
                Arc::new(rensa::scenario::load_path(&p).unwrap_or_else(|e| panic!("{e}")))
            }
        };
        let actions = drill_log::resolve_actions(&path, &text, &parsed.file, &s)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!actions.is_empty());
        for a in &actions {
            if let Action::Send { concerns, .. } = &a.action {
                assert_eq!(*concerns, None, "{path}");
            }
        }
        let json = common::rensa(&["replay", &path, "--format", "json"]);
        assert_eq!(json.code, Some(0), "{}", json.stderr);
        let pinned = std::fs::read_to_string(root.join(format!(
            "tests/it/snapshots/it__output__replay_json_{name}.snap"
        )))
        .expect("pinned replay");
        let body = pinned.splitn(3, "---\n").nth(2).expect("snapshot body");
        assert_eq!(json.stdout.trim_end(), body.trim_end(), "{path}");
    }
}

#[test]
fn a_log_that_names_nothing_is_written_exactly_as_before() {
    // The writer leaves both fields out when a message names neither, so logs without
    // them come out byte for byte as they did.
    let s = scenario(TWO_SECTORS);
    let mut session = Session::with_players(s.clone(), 3, &[POWER]);
    session.advance_to(Time(61));
    let report = send(
        Role::Ceptor(Sector::Electricity),
        MessageKind::Report,
        Some(IncidentRef::Inject(0)),
        None,
        None,
        false,
    );
    session.act(POWER, report).expect("sent");
    assert_eq!(
        write(&session, &s),
        r#"Drill(
    scenario: "two.ron",
    seed: 3,
    players: Some([
        "operator:power",
    ]),
    actions: [
        Act(
            at: "1h1m",
            role: "operator:power",
            do: Send(
                to: [
                    Role("ceptor:electricity"),
                ],
                kind: Report,
                incident: Some("outage"),
                label: Green,
                text: "",
            ),
        ),
    ],
)
"#
    );
}

#[test]
fn the_timeline_says_which_operator_or_sector_a_sent_message_names() {
    let (s, mut session) = ceptor_told();
    for c in [Concerns::Operator(BANK), Concerns::Sector(Sector::Finance)] {
        let act = send(GRID, MessageKind::Note, None, None, Some(c), false);
        session.act(CEPTOR, act).expect("sent");
    }
    let outcome = session.into_outcome();
    let en = rensa::present::Report::new(&s, &outcome, rensa::present::Lang::En).to_text(true);
    assert!(en.contains("send note about bank to"), "{en}");
    assert!(en.contains("send note about the Finance sector to"), "{en}");
    let ja = rensa::present::Report::new(&s, &outcome, rensa::present::Lang::Ja).to_text(true);
    assert!(ja.contains("金融分野についての"), "{ja}");
}
