//! The exercise's script as authors write it (issue 29 §3): reserve injects only exercise
//! control fires (`manual: true`, `FireInject`), and narrative injects — a message of the
//! script delivered to roles at a time or on a condition, with no effect on the graph,
//! in the timeline and the after-action report.

use rensa::engine::timeline::{Happening, SkipReason};
use rensa::model::drill::{Action, Done, Refusal, Role};
use rensa::model::*;
use rensa::scenario::{LoadError, NoFiles, drill_log, load_str};
use rensa::session::Session;
use std::sync::Arc;

/// The chain of docs/MODEL.md (power fails at T+1h for 5h; telecom at 0.5 from T+3h) with
/// a reserve inject on the bank, one that follows it, and two narratives: a journalist's
/// call at T+2h, and a ransom note 10 minutes after telecom falls below 0.6 (T+3h).
const SCRIPT: &str = r#"
Scenario(
    name: "script",
    duration: "12h",
    seed: 1,
    policies: Passive,
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "power", name: "Power", sector: Electricity, region: "r",
                services: [Service(id: "power/supply", name: "Supply", population: 1000, required: 0.9)]),
            Operator(id: "tel", name: "Telecom", sector: InfoComm, region: "r",
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
        Inject(id: "reserve", manual: true, target: Service("bank/atm"),
            kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Fixed("1h"))),
        Inject(id: "after-reserve", after: (inject: "reserve", delay: "30m"), target: Service("tel/net"),
            kind: ItFailure(cause: OperatorError, severity: 0.1, recovery: Fixed("1h"))),
        Inject(id: "journalist", at: "2h",
            kind: Narrative(to: ["operator:power", "ceptor:electricity"],
                text: "A journalist asks whether the blackout is a cyber attack.",
                text_ja: "記者から、停電はサイバー攻撃かとの問い合わせ。")),
        Inject(id: "ransom-note", when: (condition: LevelBelow(service: "tel/net", level: 0.6), delay: "10m"),
            kind: Narrative(to: ["operator:tel"], message: Request,
                text: "A ransom note arrives by e-mail.")),
    ],
)
"#;

fn scenario() -> Arc<Scenario> {
    Arc::new(load_str("script.ron", SCRIPT, &NoFiles).unwrap_or_else(|e| panic!("{e}")))
}

/// (minute, entry) of the entries that name an inject.
fn inject_entries(outcome: &rensa::engine::Outcome) -> Vec<(u64, String)> {
    outcome
        .timeline
        .iter()
        .filter_map(|e| match &e.what {
            Happening::InjectFired { inject, .. } => Some((e.time.0, format!("fired {inject}"))),
            Happening::Narrated { inject, .. } => Some((e.time.0, format!("narrated {inject}"))),
            Happening::InjectSkipped { inject, reason } => {
                Some((e.time.0, format!("skipped {inject}: {reason:?}")))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn narratives_are_delivered_on_time_and_reserves_wait_for_control() {
    let s = scenario();
    let outcome = Session::new(s.clone(), 1).finish();
    assert_eq!(
        inject_entries(&outcome),
        [
            (60, "fired 0".to_string()),
            (120, "narrated 3".to_string()),
            // Telecom falls below 0.6 at T+3h; the note 10 minutes later.
            (190, "narrated 4".to_string()),
            (720, "skipped 1: ReserveUnused".to_string()),
            (720, "skipped 2: FollowsUnfired { inject: 1 }".to_string()),
        ]
    );
    // Narratives open no incident and touch no service: the blackout is the only one.
    let opened = outcome
        .timeline
        .iter()
        .filter(|e| matches!(e.what, Happening::InjectFired { .. }))
        .count();
    assert_eq!(opened, 1);
    // Each reaches its roles at once (exercise control's channel has no delay), from
    // control, with the script's words in the reader's language.
    let journalist = &outcome.messages[0];
    assert_eq!(journalist.from, Role::Control);
    assert_eq!(journalist.sent, Time(120));
    let ids: Vec<(String, u64)> = journalist
        .to
        .iter()
        .map(|(r, t)| (r.id(&s.infra), t.0))
        .collect();
    assert_eq!(
        ids,
        [
            ("operator:power".to_string(), 120),
            ("ceptor:electricity".to_string(), 120)
        ]
    );
    assert_eq!(
        outcome.messages[1].kind,
        rensa::model::drill::MessageKind::Request
    );
    let en = rensa::present::Words::new(&s, &outcome, rensa::present::Lang::En);
    let ja = en.in_lang(rensa::present::Lang::Ja);
    assert_eq!(
        en.message_text(journalist),
        "A journalist asks whether the blackout is a cyber attack."
    );
    assert_eq!(
        ja.message_text(journalist),
        "記者から、停電はサイバー攻撃かとの問い合わせ。"
    );
    // The ransom note has no Japanese: its English in both.
    assert_eq!(
        ja.message_text(&outcome.messages[1]),
        "A ransom note arrives by e-mail."
    );
    // In the timeline of the text report, in both languages.
    let report = rensa::present::Report::new(&s, &outcome, rensa::present::Lang::En).to_text(false);
    assert!(
        report.contains(
            "T+02:00  inject journalist: exercise control to operator:power, ceptor:electricity: \"A journalist asks whether the blackout is a cyber attack.\""
        ),
        "{report}"
    );
    let report = rensa::present::Report::new(&s, &outcome, rensa::present::Lang::Ja).to_text(false);
    assert!(
        report.contains("記者から、停電はサイバー攻撃かとの問い合わせ。"),
        "{report}"
    );
}

#[test]
fn exercise_control_fires_a_reserve_once_and_only_a_reserve() {
    let s = scenario();
    let mut session = Session::new(s.clone(), 1);
    session.advance_to(Time(180));
    let fire = |i| Action::FireInject { inject: i };
    assert_eq!(
        session.act(Role::Nisc, fire(1)),
        Err(Refusal::NotPermitted {
            class: rensa::model::drill::ActionClass::Inject,
            role_kind: rensa::model::drill::RoleKind::Nisc
        })
    );
    assert_eq!(
        session.act(Role::Control, fire(0)),
        Err(Refusal::NotAReserve { inject: 0 })
    );
    assert_eq!(
        session.act(Role::Control, fire(9)),
        Err(Refusal::NoSuchInject { inject: 9 })
    );
    assert_eq!(
        session.act(Role::Control, fire(1)),
        Ok(Done::Injected { inject: 1 })
    );
    assert_eq!(
        session.act(Role::Control, fire(1)),
        Err(Refusal::ReserveAlreadyFired { inject: 1 })
    );
    let outcome = session.finish();
    let entries = inject_entries(&outcome);
    // The reserve at 180 (its own incident, #1), the one following it 30 minutes later.
    assert!(
        entries.contains(&(180, "fired 1".to_string())),
        "{entries:?}"
    );
    assert!(
        entries.contains(&(210, "fired 2".to_string())),
        "{entries:?}"
    );
    assert!(
        !entries.iter().any(|e| e.1.starts_with("skipped")),
        "{entries:?}"
    );
}

#[test]
fn a_drill_log_fires_a_reserve_by_its_id_and_replays_to_the_same_bytes() {
    let s = scenario();
    let log = r#"Drill(scenario: "script.ron", seed: 1, actions: [
    Act(at: "3h", role: "control", do: Fire(inject: "reserve")),
])"#;
    let parsed = drill_log::parse_log("log.ron", log).unwrap_or_else(|e| panic!("{e}"));
    let resolved =
        drill_log::resolve("log.ron", log, &parsed.file, &s).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resolved.actions[0].action, Action::FireInject { inject: 1 });
    // Written back as it was read.
    let written = drill_log::to_ron("script.ron", 1, &[], &resolved.actions, &s, &|_| None);
    assert!(
        written.contains("do: Fire(\n                inject: \"reserve\","),
        "{written}"
    );
    // The same bytes on every replay.
    let json = |_: ()| {
        let replayed = Session::replay(s.clone(), 1, &resolved.players, &resolved.actions);
        assert!(replayed.refusals.is_empty(), "{:?}", replayed.refusals);
        let outcome = replayed.outcome;
        serde_json::to_string(&rensa::present::Report::new(
            &s,
            &outcome,
            rensa::present::Lang::En,
        ))
        .unwrap()
    };
    assert_eq!(json(()), json(()));
    // An id no inject has is refused with a did-you-mean.
    let bad = log.replace("\"reserve\"", "\"reserv\"");
    let parsed = drill_log::parse_log("log.ron", &bad).unwrap();
    match drill_log::resolve("log.ron", &bad, &parsed.file, &s) {
        Err(LoadError::Invalid(d)) => {
            assert_eq!(
                d.0[0].message,
                "unknown inject \"reserv\" (at actions[0].do.inject)"
            );
            assert_eq!(d.0[0].help.as_deref(), Some("did you mean \"reserve\"?"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn reserves_and_narratives_are_checked() {
    let bad = SCRIPT
        .replace(
            r#"Inject(id: "reserve", manual: true,"#,
            r#"Inject(id: "reserve", manual: true, at: "2h","#,
        )
        .replace(
            r#"Inject(id: "journalist", at: "2h","#,
            r#"Inject(id: "journalist", at: "2h", target: Sector(Finance),"#,
        )
        .replace(
            r#"Inject(id: "after-reserve", after: (inject: "reserve", delay: "30m"), target: Service("tel/net"),"#,
            r#"Inject(id: "after-reserve", after: (inject: "reserve", delay: "30m"),"#,
        )
        .replace(
            r#"kind: Narrative(to: ["operator:tel"], message: Request,
                text: "A ransom note arrives by e-mail.")"#,
            r#"kind: Narrative(to: ["operatr:tel", "police"], text: " ")"#,
        )
        .replace(
            "    policies: Passive,",
            r#"    policies: Passive, absent: ["police"],
    objectives: [Objective(id: "o", goal: ReportedWithin(inject: "journalist", to: Police, within: "1h"))],"#,
        );
    let d = match load_str("script.ron", &bad, &NoFiles) {
        Err(LoadError::Invalid(d)) => d,
        other => panic!("{other:?}"),
    };
    let shown: Vec<&str> = d.0.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(
        shown,
        [
            "\"journalist\" is a narrative: it opens no incident to detect or report (at objectives[0].goal.inject)",
            "a reserve inject (`manual: true`) fires only when exercise control fires it: it takes no `at`, `after` or `when` (at injects[1].manual)",
            "this inject needs a `target`: what it hits (at injects[2])",
            "a narrative inject has no target: it is a message to the roles in `to` (at injects[3].target)",
            "unknown role \"operatr:tel\"; did you mean \"operator:tel\"? (at injects[4].kind.to[0])",
            "police is absent from this drill: the message would reach nobody there (at injects[4].kind.to[1])",
            "a narrative needs its text: what the roles are told (at injects[4].kind.text)",
        ]
    );
    for x in &d.0 {
        assert!(!x.message_in(rensa::scenario::Lang::Ja).is_ascii(), "{x}");
    }
}

#[test]
fn the_after_action_report_shows_the_narratives() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("script.ron");
    std::fs::write(&file, SCRIPT).unwrap();
    let out = dir.path().join("out");
    let run = crate::common::rensa(&[
        "run",
        file.to_str().unwrap(),
        "--aar",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for (lang, text) in [
        (
            "en",
            "A journalist asks whether the blackout is a cyber attack.",
        ),
        ("ja", "記者から、停電はサイバー攻撃かとの問い合わせ。"),
    ] {
        let md = crate::common::rensa(&[
            "report",
            out.to_str().unwrap(),
            "--format",
            "md",
            "--lang",
            lang,
        ]);
        assert_eq!(md.code, Some(0), "{md:?}");
        assert!(md.stdout.contains(text), "{}", md.stdout);
    }
}

/// A narrative whose condition never holds is recorded like any other inject.
#[test]
fn a_narrative_waits_like_any_inject() {
    let s = scenario();
    let mut s2 = (*s).clone();
    if let InjectTrigger::When { condition, .. } = &mut s2.injects[4].trigger {
        *condition = Condition::LevelBelow {
            service: ServiceId(2),
            level: 0.1,
        };
    }
    let outcome = Session::new(Arc::new(s2), 1).finish();
    assert!(outcome.timeline.iter().any(|e| matches!(
        e.what,
        Happening::InjectSkipped {
            inject: 4,
            reason: SkipReason::ConditionNeverHeld
        }
    )));
}

/// A `Request` narrative to a role that follows the playbook is answered to its sender,
/// exercise control, whom no channel reaches: `validate` warns at the `message` (and says
/// nothing of a `Note`, or of a `Request` to a played role, whose answer is the player's).
#[test]
fn a_request_narrative_to_a_role_that_answers_its_sender_is_warned_about() {
    let text = SCRIPT
        .replace(
            "    policies: Passive,",
            r#"    players: ["operator:power"],"#,
        )
        .replace(
            r#"kind: Narrative(to: ["operator:power", "ceptor:electricity"],"#,
            r#"kind: Narrative(to: ["operator:power", "ceptor:electricity"], message: Request,"#,
        );
    let (_, _, w) = rensa::scenario::load_str_checked("script.ron", &text, &NoFiles)
        .unwrap_or_else(|e| panic!("{e}"));
    let shown: Vec<(String, Option<&str>)> =
        w.0.iter()
            .map(|d| (d.message.clone(), d.help.as_deref()))
            .collect();
    assert_eq!(
        shown,
        [(
            "operator:tel answers a `Request` with a message to its sender, and a narrative's sender is exercise control, whom no channel reaches: the answer will not be sent (at injects[4].kind.message)".to_string(),
            Some("use `message: Note` for a role nobody plays, or play the role")
        )]
    );
    assert!(!w.0[0].message_in(rensa::scenario::Lang::Ja).is_ascii());
    // It is what a run shows: the reference playbook's answer goes nowhere.
    let s = Arc::new(load_str("script.ron", &text, &NoFiles).unwrap());
    let outcome = Session::new(s.clone(), 1).finish();
    let report = rensa::present::Report::new(&s, &outcome, rensa::present::Lang::En).to_text(true);
    assert!(
        report
            .contains("operator:tel (policy) did not act: no channel from operator:tel to control"),
        "{report}"
    );
    // A Note sets off no rule: no warning.
    let note = text.replace(
        r#"kind: Narrative(to: ["operator:tel"], message: Request,"#,
        r#"kind: Narrative(to: ["operator:tel"], message: Note,"#,
    );
    let (_, _, w) = rensa::scenario::load_str_checked("script.ron", &note, &NoFiles).unwrap();
    assert!(w.0.is_empty(), "{w}");
}
