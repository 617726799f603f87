//! A served drill's log (docs/SERVE.md): a header line, then one entry a line, appended as
//! the drill runs. It reads at any point (a list left open by a killed server is closed
//! after its last whole line), rewinds drop later actions, and chat and observations are
//! kept beside the game without reaching the simulation.

use rensa::model::Time;
use rensa::model::drill::*;
use rensa::scenario::drill_log::{self, JournalEntry, Lesson};
use rensa::scenario::{self, load_default};
use rensa::session::Session;
use std::sync::Arc;

fn isolate(at: u64, role: Role) -> LoggedAction {
    LoggedAction {
        at: Time(at),
        role,
        action: Action::Isolate {
            systems: rensa::model::SystemKind::Business,
        },
    }
}

/// A journal as the server writes it: the header, then each entry's line.
fn journal(entries: &[JournalEntry<'_>]) -> (Arc<rensa::model::Scenario>, Role, String) {
    let s = Arc::new(load_default());
    let op = Role::parse("operator:hinode-comm", &s.infra).unwrap();
    let mut text = drill_log::journal_header("default", None, 1, &[op, Role::Control], &s);
    for e in entries {
        text.push_str(&drill_log::journal_line(*e, &s, &|_| None));
    }
    (s, op, text)
}

#[test]
fn every_journal_entry_is_one_line_and_the_header_opens_the_list() {
    let s = Arc::new(load_default());
    let chat = ChatLine {
        at: Time(65),
        from: ChatParty::Role(Role::Control),
        to: ChatParty::Everyone,
        text: "two lines\nin one".into(),
    };
    let line = drill_log::journal_line(JournalEntry::Chat(&chat), &s, &|_| None);
    assert_eq!(
        line,
        "Chat(at: \"1h5m\", from: \"control\", to: \"all\", text: \"two lines\\nin one\"),\n"
    );
    let head = drill_log::journal_header("default", None, 1, &[Role::Control], &s);
    assert!(
        head.ends_with("players: [\"control\"], journal: [\n"),
        "{head}"
    );
    assert_eq!(
        head.lines().count(),
        3,
        "two comment lines and the header: {head}"
    );
}

#[test]
fn an_open_journal_reads_as_it_stands_and_a_torn_last_line_is_left_out() {
    let s = Arc::new(load_default());
    let op = Role::parse("operator:hinode-comm", &s.infra).unwrap();
    let a = isolate(70, op);
    let b = isolate(90, op);
    let (s, _, text) = journal(&[JournalEntry::Act(&a), JournalEntry::Clock(Time(80))]);
    let torn = format!(
        "{text}{}",
        &drill_log::journal_line(JournalEntry::Act(&b), &s, &|_| None)[..20]
    );
    for t in [&text, &torn] {
        let log = drill_log::parse_log("drill.ron", t).expect("an open journal parses");
        let r = drill_log::resolve("drill.ron", t, &log.file, &s).expect("resolves");
        assert_eq!(r.actions, vec![a.clone()]);
        assert_eq!(r.paused_at, Some(Time(80)), "the clock's last minute");
        assert_eq!(r.resume_at(), Some(Time(80)));
    }
}

#[test]
fn a_rewind_drops_the_actions_at_and_after_its_minute_and_play_goes_on() {
    let s = Arc::new(load_default());
    let op = Role::parse("operator:hinode-comm", &s.infra).unwrap();
    let (a, b, c) = (isolate(60, op), isolate(120, op), isolate(100, op));
    let (s, _, text) = journal(&[
        JournalEntry::Act(&a),
        JournalEntry::Act(&b),
        JournalEntry::Rewind(Time(90)),
        JournalEntry::Act(&c),
    ]);
    let log = drill_log::parse_log("drill.ron", &text).unwrap();
    let r = drill_log::resolve("drill.ron", &text, &log.file, &s).unwrap();
    // b (at T+2h) is after the rewind to T+1h30 and is dropped; c is the branch's.
    assert_eq!(r.actions, vec![a, c]);
    assert_eq!(r.paused_at, Some(Time(100)));
}

#[test]
fn chat_observations_and_lessons_are_kept_and_the_replay_ignores_them() {
    let s = Arc::new(load_default());
    let op = Role::parse("operator:hinode-comm", &s.infra).unwrap();
    let a = isolate(61, op);
    let chat = ChatLine {
        at: Time(62),
        from: ChatParty::Role(op),
        to: ChatParty::Role(Role::Control),
        text: "is the DNS outage part of the exercise?".into(),
    };
    let obs = Observation {
        at: Time(63),
        by: "eval-a".into(),
        objective: 0,
        rating: Rating::SomeChallenges,
        text: "reported to MIC after 95 min".into(),
    };
    let lesson = Lesson {
        role: op,
        went_well: "isolated fast".into(),
        went_badly: "late report".into(),
        score: 3,
    };
    let (s, _, with) = journal(&[
        JournalEntry::Act(&a),
        JournalEntry::Chat(&chat),
        JournalEntry::Observation(&obs),
        JournalEntry::Lesson(&lesson),
    ]);
    let (_, _, without) = journal(&[JournalEntry::Act(&a)]);
    let read = |text: &str| {
        let log = drill_log::parse_log("drill.ron", text).unwrap();
        drill_log::resolve("drill.ron", text, &log.file, &s).unwrap()
    };
    let r = read(&with);
    assert_eq!(r.chats, vec![chat.clone()]);
    assert_eq!(r.observations, vec![obs.clone()]);
    assert_eq!(r.lessons, vec![lesson]);
    let outcome = |r: &drill_log::ResolvedLog| {
        let o = Session::replay(s.clone(), 1, &r.players, &r.actions).outcome;
        rensa::present::Report::new(&s, &o, rensa::present::Lang::En).to_json()
    };
    assert_eq!(
        outcome(&r),
        outcome(&read(&without)),
        "chat changes nothing"
    );

    // Written out whole (as `--out` saves drill.ron), they read back the same.
    let name = |_| None;
    let saved = drill_log::SavedLog {
        scenario_ref: "default",
        fingerprint: None,
        seed: 1,
        players: &r.players,
        actions: &r.actions,
        lessons: &r.lessons,
        paused_at: None,
        scenario: &s,
        incident_name: &name,
    }
    .to_ron_with(&drill_log::Extras {
        chats: &r.chats,
        observations: &r.observations,
    });
    let again = read(&saved);
    assert_eq!(again.chats, r.chats);
    assert_eq!(again.observations, r.observations);
}

#[test]
fn chat_between_two_players_or_to_an_unknown_objective_is_refused_with_its_place() {
    let s = Arc::new(load_default());
    let text = "Drill(scenario: \"default\", seed: 1, journal: [\n\
        Chat(at: \"1h\", from: \"operator:hinode-comm\", to: \"ceptor:finance\", text: \"psst\"),\n\
        Observation(at: \"2h\", by: \"eval-a\", objective: \"ministry-in-3h\", rating: P, text: \"\"),\n";
    let log = drill_log::parse_log("drill.ron", text).unwrap();
    let err = drill_log::resolve("drill.ron", text, &log.file, &s).unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("drill.ron:2:"), "{shown}");
    assert!(
        shown.contains("chat goes between exercise control and one seat"),
        "{shown}"
    );
    assert!(shown.contains("drill.ron:3:"), "{shown}");
    assert!(
        shown.contains("did you mean \"ministry-in-2h\"?"),
        "{shown}"
    );
    let ja = match &err {
        scenario::LoadError::Invalid(d) => d.render(scenario::Lang::Ja),
        other => panic!("{other:?}"),
    };
    assert!(
        ja.contains("チャットは演習統制と各座席の間のものです"),
        "{ja}"
    );
}

#[test]
fn the_after_action_report_shows_chat_in_the_timeline_and_observations_beside_their_objective() {
    let s = Arc::new(load_default());
    let op = Role::parse("operator:hinode-comm", &s.infra).unwrap();
    let a = isolate(61, op);
    let chat = ChatLine {
        at: Time(62),
        from: ChatParty::Role(op),
        to: ChatParty::Role(Role::Control),
        text: "is the DNS outage part of the exercise?".into(),
    };
    let obs = Observation {
        at: Time(63),
        by: "eval-a".into(),
        objective: 0,
        rating: Rating::SomeChallenges,
        text: "reported to MIC after 95 min".into(),
    };
    let (_, _, text) = journal(&[
        JournalEntry::Act(&a),
        JournalEntry::Chat(&chat),
        JournalEntry::Observation(&obs),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("drill.ron"), text).unwrap();
    let out = crate::common::rensa_in(tmp.path(), &["replay", "drill.ron", "--aar", "aar"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let md = crate::common::rensa_in(tmp.path(), &["report", "aar", "--format", "md"]);
    assert_eq!(md.code, Some(0), "{}", md.stderr);
    let row = md
        .stdout
        .lines()
        .find(|l| l.starts_with("| ministry-in-2h |"))
        .expect("the objective's row");
    assert!(
        row.ends_with("| S eval-a (T+01:03): reported to MIC after 95 min |"),
        "{row}"
    );
    assert!(
        md.stdout.contains(
            "| T+01:02 | chat | operator:hinode-comm → control: is the DNS outage part of the exercise? |"
        ),
        "{}",
        md.stdout
    );
    let ja = crate::common::rensa_in(
        tmp.path(),
        &["report", "aar", "--format", "md", "--lang", "ja"],
    );
    assert!(ja.stdout.contains("| チャット |"), "{}", ja.stdout);
    assert!(ja.stdout.contains("評価者"), "{}", ja.stdout);
}
