//! Writing a drill log from a session: every action the session recorded can be written
//! and read back, whatever it referred to.

use crate::common;
use common::scenario;
use rensa::model::drill::*;
use rensa::model::{IncidentId, Time};
use rensa::scenario::drill_log;
use rensa::session::Session;

const ONE_INJECT: &str = r#"
Scenario(
    name: "one", duration: "1d", seed: 3, policies: Passive,
    infrastructure: Inline(Infrastructure(operators: [
        Operator(id: "power", name: "Power", sector: Electricity, region: "r",
            services: [Service(id: "power/supply", name: "Supply", population: 100, required: 0.6)]),
    ])),
    injects: [
        Inject(id: "outage", at: "1h", target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("2h"))),
    ],
)"#;

/// A log writer as a face uses it: incidents named by their scenario inject where they
/// have one.
fn write_log(session: &Session, scenario: &rensa::model::Scenario) -> String {
    let name = |id: IncidentId| {
        session
            .inject_of_incident(id)
            .map(|i| scenario.injects[i].key.clone())
    };
    drill_log::to_ron(
        "one.ron",
        session.seed(),
        session.players(),
        &session.log_entries(),
        scenario,
        &name,
    )
}

/// An operator's AMBER report to its CEPTOR about incident `id`.
fn report_about(id: IncidentId) -> Action {
    Action::Send {
        to: vec![Addressee::Relative(Recipient::MyCeptor)],
        kind: MessageKind::Report,
        about: Some(IncidentRef::Id(id)),
        attack: None,
        concerns: None,
        label: Tlp::Amber,
        text: "report".into(),
        sanitised: false,
    }
}

#[test]
fn a_refused_send_about_a_missing_incident_number_can_still_be_saved() {
    // Before: writing the log looked up incident #7's inject and panicked (index out of
    // bounds), after the send had been refused and recorded.
    let s = scenario(ONE_INJECT);
    let mut session = Session::new(s.clone(), 3);
    session.advance_to(Time(120));
    let report = report_about(IncidentId(7));
    let power = Role::Operator(rensa::model::OperatorId(0));
    assert!(session.act(power, report).is_err());
    assert_eq!(
        session.log().len(),
        1,
        "a refusal by the drill's state is logged"
    );
    let text = write_log(&session, &s);
    assert!(text.contains("incident_no: Some(7)"), "{text}");
    let parsed = drill_log::parse_log("one.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    let back = drill_log::resolve_actions("one.ron", &text, &parsed.file, &s)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, session.log_entries());
}

#[test]
fn incidents_of_scenario_injects_are_named_by_the_inject() {
    let s = scenario(ONE_INJECT);
    let mut session = Session::new(s.clone(), 3);
    session.advance_to(Time(120));
    let power = Role::Operator(rensa::model::OperatorId(0));
    let report = report_about(IncidentId(0));
    assert!(session.act(power, report).is_ok());
    assert_eq!(session.inject_of_incident(IncidentId(0)), Some(0));
    assert_eq!(session.inject_of_incident(IncidentId(1)), None);
    let text = write_log(&session, &s);
    assert!(text.contains(r#"incident: Some("outage")"#), "{text}");
}

/// A saved drill records where it stood; resuming continues there, and a `paused_at` that
/// cannot be (past the end, before the last action) is refused at its place in the file.
#[test]
fn a_saved_drill_records_where_it_stood_and_resumes_there() {
    let s = scenario(ONE_INJECT);
    let power = Role::Operator(rensa::model::OperatorId(0));
    let mut session = Session::with_players(s.clone(), 3, &[power]);
    session.advance_to(Time(120));
    let report = report_about(IncidentId(0));
    assert!(session.act(power, report).is_ok());
    session.advance_to(Time(330));
    let name = |_: IncidentId| Some("outage".to_string());
    let save = |paused: Option<Time>| {
        drill_log::SavedLog {
            scenario_ref: "one.ron",
            fingerprint: None,
            seed: session.seed(),
            players: session.players(),
            actions: &session.log_entries(),
            lessons: &[],
            paused_at: paused,
            date: None,
            scenario: &s,
            incident_name: &name,
        }
        .to_ron()
    };
    let text = save(Some(session.now()));
    assert!(text.contains(r#"paused_at: Some("5h30m")"#), "{text}");
    let resolve = |text: &str| {
        let parsed = drill_log::parse_log("one.ron", text).unwrap_or_else(|e| panic!("{e}"));
        drill_log::resolve("one.ron", text, &parsed.file, &s)
    };
    let log = resolve(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.paused_at, Some(Time(330)));
    assert_eq!(log.resume_at(), Some(Time(330)));
    // Without it (older logs, replays' own writes), a drill resumes at its last action.
    let plain = save(None);
    assert!(!plain.contains("paused_at"), "{plain}");
    let log = resolve(&plain).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.resume_at(), Some(Time(120)));

    let late = text.replace(r#"paused_at: Some("5h30m")"#, r#"paused_at: Some("2d")"#);
    let err = resolve(&late).expect_err("past the end").to_string();
    assert!(err.contains("after the drill's end at T+24:00"), "{err}");
    assert!(err.contains("one.ron:"), "{err}");
    let early = text.replace(r#"paused_at: Some("5h30m")"#, r#"paused_at: Some("1h")"#);
    let err = resolve(&early)
        .expect_err("before the last action")
        .to_string();
    assert!(err.contains("before the last action at T+02:00"), "{err}");
}
