//! The served drill (src/serve/drill.rs): one session for every seat, control's clock for
//! all, and a log written before anything takes effect, which replays to the same bytes
//! and resumes after a crash with nothing accepted lost.

use rensa::model::drill::*;
use rensa::model::{SystemKind, Time};
use rensa::present::{Lang, Report};
use rensa::scenario::drill_log::{self, Lesson};
use rensa::scenario::load_default;
use rensa::serve::drill::{Drill, DrillError, Journal, MemoryJournal, Setup};
use rensa::session::Session;
use rensa::tui::host::{ClockCommand, ClockRefusal};
use std::sync::Arc;
use std::time::Duration;

fn setup() -> (Setup, Role, Role) {
    let s = Arc::new(load_default());
    let op = Role::parse("operator:hinode-comm", &s.infra).unwrap();
    let ceptor = Role::parse("ceptor:info_comm", &s.infra).unwrap();
    (
        Setup {
            scenario: s,
            scenario_ref: "default".into(),
            fingerprint: None,
            seed: 1,
            players: vec![op, ceptor],
        },
        op,
        ceptor,
    )
}

fn started() -> (Drill, MemoryJournal, Role, Role) {
    let (setup, op, ceptor) = setup();
    let journal = MemoryJournal::default();
    let d = Drill::start(setup, Box::new(journal.clone())).unwrap();
    (d, journal, op, ceptor)
}

/// Runs the clock for `minutes` simulated minutes at 60 min/s.
fn run(d: &mut Drill, minutes: u64) {
    let to = Time(d.session().now().0 + minutes);
    d.command(Role::Control, ClockCommand::GoTo(to))
        .unwrap()
        .unwrap();
    while d.clock().target.is_some() {
        d.tick(Duration::from_millis(50), Duration::from_secs(1))
            .unwrap();
    }
}

fn isolate() -> Action {
    Action::Isolate {
        systems: SystemKind::Business,
    }
}

fn report_to_ceptor(text: &str) -> Action {
    Action::Send {
        to: vec![Addressee::Relative(Recipient::MyCeptor)],
        kind: MessageKind::Report,
        about: None,
        attack: None,
        label: Tlp::Amber,
        text: text.into(),
        sanitised: false,
    }
}

fn replay_json(text: &str) -> (String, drill_log::ResolvedLog) {
    let s = Arc::new(load_default());
    let log = drill_log::parse_log("drill.ron", text).expect("the log parses");
    let r = drill_log::resolve("drill.ron", text, &log.file, &s).expect("the log resolves");
    let o = Session::replay(s.clone(), log.seed, &r.players, &r.actions).outcome;
    (Report::new(&s, &o, Lang::En).to_json(), r)
}

#[test]
fn actions_are_stamped_with_the_minute_they_were_accepted_and_logged_first() {
    let (mut d, journal, op, _) = started();
    run(&mut d, 75);
    assert_eq!(d.session().now(), Time(75));
    let before = journal.text.lock().unwrap().len();
    let r = d.act(op, isolate()).unwrap();
    assert!(r.is_ok(), "{r:?}");
    let text = journal.text.lock().unwrap().clone();
    let line = &text[before..];
    assert!(
        line.starts_with("Act(at: \"1h15m\", role: \"operator:hinode-comm\", do: Isolate("),
        "{line}"
    );
    assert_eq!(d.session().log().last().unwrap().at, Time(75));
}

#[test]
fn an_action_the_role_may_never_take_is_refused_without_a_trace() {
    let (mut d, journal, op, _) = started();
    let entries = d.entries();
    let len = journal.text.lock().unwrap().len();
    // An operator cannot dispatch support teams.
    let r = d
        .act(
            op,
            Action::DispatchSupport {
                operator: rensa::model::OperatorId(0),
            },
        )
        .unwrap();
    assert!(r.is_err());
    assert_eq!(d.entries(), entries);
    assert_eq!(journal.text.lock().unwrap().len(), len);
}

#[test]
fn the_live_drill_and_the_replay_of_its_log_give_the_same_bytes() {
    let (mut d, journal, op, ceptor) = started();
    run(&mut d, 70);
    d.act(op, isolate()).unwrap().unwrap();
    d.act(op, report_to_ceptor("DNS flooded \u{1b}[2J"))
        .unwrap()
        .unwrap();
    d.chat(
        ChatParty::Role(op),
        ChatParty::Role(Role::Control),
        "is this real?",
    )
    .unwrap();
    run(&mut d, 200);
    d.act(ceptor, report_to_ceptor("x")).unwrap().ok();
    // Control rewinds everyone to T+2h and play goes on differently.
    d.command(Role::Control, ClockCommand::Rewind(Time(120)))
        .unwrap()
        .unwrap();
    assert_eq!(d.session().now(), Time(120));
    d.act(
        op,
        Action::Reconnect {
            systems: SystemKind::Business,
        },
    )
    .unwrap()
    .unwrap();
    d.observe("eval-a", 0, Rating::MajorChallenges, "no report to MIC")
        .unwrap();
    run(&mut d, 72 * 60);
    assert!(d.session().is_finished());
    let live = Report::new(d.scenario(), &d.outcome(), Lang::En).to_json();
    let text = journal.text.lock().unwrap().clone();
    let (replayed, r) = replay_json(&text);
    assert_eq!(live, replayed, "the log replays to the live drill's bytes");
    assert_eq!(
        r.actions.len(),
        3,
        "the action after T+2h went with the rewind"
    );
    assert_eq!(r.chats.len(), 1);
    assert_eq!(r.observations.len(), 1);
    // The escape sequence typed into the report never reached the session or the log.
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn a_log_cut_anywhere_resumes_with_every_accepted_entry_at_the_minute_it_reached() {
    let (mut d, journal, op, _) = started();
    run(&mut d, 61);
    d.act(op, isolate()).unwrap().unwrap();
    run(&mut d, 30);
    d.chat(
        ChatParty::Role(Role::Control),
        ChatParty::Everyone,
        "pause for lunch",
    )
    .unwrap();
    d.act(op, report_to_ceptor("still down")).unwrap().unwrap();
    run(&mut d, 9);
    d.lesson(Lesson {
        role: op,
        went_well: "fast isolation".into(),
        went_badly: "late report".into(),
        score: 4,
    })
    .unwrap();
    let text = journal.text.lock().unwrap().clone();
    let s = d.scenario().clone();
    let header = text.find("journal: [\n").unwrap() + "journal: [\n".len();
    for cut in header..=text.len() {
        let part = &text[..cut];
        let log = drill_log::parse_log("drill.ron", part).unwrap();
        let r = drill_log::resolve("drill.ron", part, &log.file, &s).unwrap();
        let whole_lines = part[header..].matches('\n').count();
        let accepted: Vec<&str> = text[header..]
            .lines()
            .take(whole_lines)
            .filter(|l| l.starts_with("Act("))
            .collect();
        assert_eq!(r.actions.len(), accepted.len(), "cut at {cut}");
        let resumed = Drill::resume(s.clone(), 1, &r, Box::new(MemoryJournal::default()));
        assert_eq!(
            resumed.session().log(),
            &d.session().log()[..r.actions.len()]
        );
        assert!(resumed.clock().paused, "a resumed drill waits for control");
        if cut == text.len() {
            assert_eq!(resumed.session().now(), d.session().now());
            assert_eq!(resumed.chats(), d.chats());
            assert_eq!(resumed.lessons(), d.lessons());
        }
    }
}

#[test]
fn only_control_drives_the_clock_and_chat_runs_between_control_and_one_seat() {
    let (mut d, _, op, ceptor) = started();
    assert_eq!(
        d.command(op, ClockCommand::PauseResume),
        Ok(Err(ClockRefusal::NotAllowed))
    );
    assert_eq!(
        d.chat(ChatParty::Role(op), ChatParty::Role(ceptor), "psst"),
        Err(DrillError::Chat)
    );
    assert_eq!(
        d.chat(ChatParty::Role(op), ChatParty::Everyone, "hello all"),
        Err(DrillError::Chat)
    );
    d.chat(ChatParty::Role(op), ChatParty::Role(Role::Control), "q")
        .unwrap();
    d.chat(ChatParty::Role(Role::Control), ChatParty::Role(op), "a")
        .unwrap();
    d.chat(ChatParty::Role(Role::Control), ChatParty::Everyone, "all")
        .unwrap();
    let seen: Vec<&str> = d
        .chats_for(ChatParty::Role(ceptor))
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        seen,
        ["all"],
        "a seat reads only its own chat and broadcasts"
    );
    assert_eq!(d.chats_for(ChatParty::Role(Role::Control)).count(), 3);
}

/// A disk that fails on the third write.
struct Failing(u32);

impl Journal for Failing {
    fn append(&mut self, _line: &str, _durable: bool) -> std::io::Result<()> {
        self.0 += 1;
        if self.0 >= 3 {
            Err(std::io::Error::other("disk full"))
        } else {
            Ok(())
        }
    }
    fn sync(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn when_the_log_cannot_be_written_nothing_more_takes_effect() {
    let (setup, op, _) = setup();
    let mut d = Drill::start(setup, Box::new(Failing(0))).unwrap();
    d.act(op, isolate()).unwrap().unwrap();
    let err = d.act(
        op,
        Action::Reconnect {
            systems: SystemKind::Business,
        },
    );
    assert_eq!(err, Err(DrillError::Log("disk full".into())));
    assert_eq!(
        d.session().log().len(),
        1,
        "the unlogged action was not taken"
    );
    assert_eq!(d.failure(), Some("disk full"));
    assert!(
        d.chat(ChatParty::Role(op), ChatParty::Role(Role::Control), "x")
            .is_err()
    );
}

#[test]
fn a_branch_without_a_new_action_takes_the_original_actions_again_and_ends_the_same() {
    // The original: two actions, run to the end.
    let (mut a, journal_a, op, _) = started();
    run(&mut a, 70);
    a.act(op, isolate()).unwrap().unwrap();
    run(&mut a, 130);
    a.act(op, report_to_ceptor("still down")).unwrap().unwrap();
    run(&mut a, 72 * 60);
    let original = replay_json(&journal_a.text.lock().unwrap()).0;

    // The same, rewound to T+1h40 after the second action; nobody acts again.
    let (mut b, journal_b, op, _) = started();
    run(&mut b, 70);
    b.act(op, isolate()).unwrap().unwrap();
    run(&mut b, 130);
    b.act(op, report_to_ceptor("still down")).unwrap().unwrap();
    run(&mut b, 100);
    b.command(Role::Control, ClockCommand::Rewind(Time(100)))
        .unwrap()
        .unwrap();
    assert_eq!(b.clock_state().branch, Some((Time(100), 1)));
    // Killed here and resumed: the branch still owes the second action.
    let text = journal_b.text.lock().unwrap().clone();
    let (_, r) = replay_json(&text);
    assert_eq!(r.pending.len(), 1, "the report at T+3h20 is owed");
    let mut c = Drill::resume(b.scenario().clone(), 1, &r, Box::new(journal_b.clone()));
    run(&mut c, 72 * 60);
    let branch = replay_json(&journal_b.text.lock().unwrap()).0;
    assert_eq!(
        branch, original,
        "a branch that takes no new action ends as the original"
    );
    assert_eq!(
        Report::new(c.scenario(), &c.outcome(), Lang::En).to_json(),
        original
    );
}
