//! A whole short drill driven through the real key handling of `rensa play`, and rewind
//! and branch: the saved logs replay to the very result the session made.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use rensa::model::drill::{Action, Role};
use rensa::model::{SystemKind, Time};
use rensa::present::{Lang, Report};
use rensa::scenario::drill_log;
use rensa::session::Session;
use rensa::tui::{App, Screen, Status};
use tui_support::*;

fn role(text: &str) -> Role {
    Role::parse(text, &default_scenario().infra).expect("role")
}

/// Moves the cursor of the current list to `index` with ↓, as a person would.
fn down_to(app: &mut App, index: usize) {
    for _ in 0..index {
        key(app, KeyCode::Down);
    }
}

/// The JSON report of a saved log, replayed.
fn replayed(text: &str) -> String {
    let s = default_scenario();
    let log = drill_log::parse_log("drill.ron", text).expect("the saved log parses");
    let r = drill_log::resolve("drill.ron", text, &log.file, &s).expect("and resolves");
    let out = Session::replay(s.clone(), log.seed, &r.players, &r.actions);
    Report::new(&s, &out.outcome, Lang::En).to_json()
}

/// The JSON report of the app's own session, run to the end with `g`.
fn finished(app: &mut App) -> String {
    if app.screen() == Screen::End || app.screen() == Screen::Lessons {
        key(app, KeyCode::Esc);
    }
    if !app.finished() {
        let end = app.session().end().0;
        jump(app, end);
    }
    assert!(app.finished());
    Report::new(
        app.scenario(),
        &app.session().outcome().to_outcome(),
        Lang::En,
    )
    .to_json()
}

fn taken(app: &App) -> bool {
    matches!(app.status(), Some(Status::Taken(_)))
}

const PASS: &str = "kanri-2026";

/// Equal JSON documents; on a difference, shows the first lines that differ.
fn same(a: &str, b: &str) {
    if a != b {
        let diff: Vec<String> = a
            .lines()
            .zip(b.lines())
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .take(8)
            .map(|(i, (x, y))| format!("line {i}: {x}  ≠  {y}"))
            .collect();
        panic!("replay differs from the live drill:\n{}", diff.join("\n"));
    }
}

fn menu_index(app: &App, want: impl Fn(&Action) -> bool) -> usize {
    app.menu()
        .iter()
        .position(|i| want(&i.action))
        .unwrap_or_else(|| panic!("menu offers it: {:?}", app.menu()))
}

/// Exercise control hands the seat to `to` with `t` (the clock stops meanwhile), setting
/// its passphrase the first time; a player hands it back with `t` and the passphrase.
fn hand_seat(app: &mut App, to: Role) {
    if app.seat() != Some(Role::Control) {
        key(app, KeyCode::Char('t'));
        typed(app, PASS);
        key(app, KeyCode::Enter);
        assert_eq!(app.seat(), Some(Role::Control));
    }
    if to == Role::Control {
        return;
    }
    key(app, KeyCode::Char('t'));
    assert!(app.clock().paused);
    let at = app.seats().iter().position(|r| *r == to).expect("a seat");
    down_to(app, at);
    key(app, KeyCode::Enter);
    if app.overlay_open() {
        // The first hand-over: control sets its passphrase.
        typed(app, PASS);
        key(app, KeyCode::Enter);
    }
    assert_eq!(app.seat(), Some(to));
}

/// Takes the first menu action `want` picks, through the menu's keys; it must be taken.
fn take(app: &mut App, want: impl Fn(&Action) -> bool) {
    key(app, KeyCode::Char('3'));
    key(app, KeyCode::Home);
    let at = menu_index(app, want);
    down_to(app, at);
    key(app, KeyCode::Enter);
    assert!(taken(app), "{:?}", app.status());
}

#[test]
fn a_scripted_drill_saves_a_log_that_replays_to_the_same_result() {
    let s = default_scenario();
    let carrier = role("operator:hinode-comm");
    let ceptor = role("ceptor:info_comm");
    let mut app = App::with_players(s.clone(), s.seed, Lang::En, None, &[carrier, ceptor]);
    let shelf = shelf(&mut app);

    // Choose a role: exercise control (players come first on the start screen).
    let at = app
        .roles()
        .iter()
        .position(|r| *r == Role::Control)
        .expect("listed");
    assert_eq!(at, 2);
    down_to(&mut app, at);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.seat(), Some(Role::Control));
    jump(&mut app, 75);

    // Control messages the carrier's seat from its levers.
    key(&mut app, KeyCode::Char('7'));
    let seat = app
        .roles()
        .iter()
        .position(|r| *r == carrier)
        .expect("listed");
    // The inject library comes first, then every role.
    let injects = app.scenario().injects.len();
    down_to(&mut app, injects + seat);
    key(&mut app, KeyCode::Char('m'));
    assert_eq!(app.screen(), Screen::Compose);
    typed(&mut app, "Check your resolvers");
    key(&mut app, KeyCode::Enter);
    assert!(taken(&app), "{:?}", app.status());

    // ... and injects the library's first inject again, now.
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Enter);
    assert!(taken(&app), "{:?}", app.status());

    // Hot seat: hand the seat to the carrier (the clock stops while it changes).
    key(&mut app, KeyCode::Char(' '));
    hand_seat(&mut app, carrier);
    jump(&mut app, 80);

    // Read the message.
    assert_eq!(app.unread(carrier), 1);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Message);
    assert_eq!(app.unread(carrier), 0);
    key(&mut app, KeyCode::Esc);

    // Report the incident up the line, and isolate a system, from the menu.
    take(&mut app, |a| {
        matches!(
            a,
            Action::Send {
                kind: rensa::model::drill::MessageKind::Report,
                ..
            }
        )
    });
    take(&mut app, |a| {
        *a == Action::Isolate {
            systems: SystemKind::CustomerFacing,
        }
    });
    hand_seat(&mut app, Role::Control);
    jump(&mut app, 240);

    // The telecom CEPTOR reads the report and shares an alert (the indicator only).
    hand_seat(&mut app, ceptor);
    assert!(app.unread(ceptor) >= 1);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc);
    take(&mut app, |a| {
        matches!(
            a,
            Action::Send {
                sanitised: true,
                ..
            }
        )
    });
    jump(&mut app, 250);

    // Exercise control takes the keyboard back (the passphrase) and records a lesson for
    // each played seat, which saves.
    assert!(app.unsaved());
    hand_seat(&mut app, Role::Control);
    key(&mut app, KeyCode::Char('l'));
    assert_eq!(app.screen(), Screen::Lessons);
    typed(&mut app, "quick message");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "late");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "4");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "isolated");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "alerted");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::End);
    assert!(!app.unsaved());
    assert_eq!(app.lessons().len(), 3);
    assert_eq!(app.lessons()[0].score, 4);

    let saved = shelf.lock().expect("shelf")[0].clone();
    assert_eq!(saved.0, "drill.ron");
    assert!(saved.1.contains("quick message"), "{}", saved.1);
    assert!(saved.1.contains("Isolate"), "{}", saved.1);
    assert!(saved.1.contains("ddos-dns-adhoc-1"), "{}", saved.1);
    let live = finished(&mut app);
    same(&replayed(&saved.1), &live);

    // The same file through `rensa replay`.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("drill.ron"), &saved.1).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(["replay", "drill.ron", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("rensa runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).expect("utf-8"), live + "\n");
}

#[test]
fn quitting_unsaved_asks_and_y_quits() {
    let s = default_scenario();
    let mut app = App::new(
        s.clone(),
        s.seed,
        Lang::En,
        Some(role("operator:hinode-comm")),
    );
    shelf(&mut app);
    jump(&mut app, 70);
    app.act(Action::RestoreFromBackup);
    key(&mut app, KeyCode::Char('q'));
    assert!(!app.quit(), "asks first");
    key(&mut app, KeyCode::Char('n'));
    assert!(!app.quit());
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.quit());
}

/// A drill at T+6h in which exercise control handed the keyboard to the carrier, which
/// acted at T+1:10 and T+2:00; saved with `w` by control.
fn two_actions() -> (App, Shelf) {
    let s = default_scenario();
    let carrier = role("operator:hinode-comm");
    let mut app = App::with_players(s.clone(), s.seed, Lang::En, Some(Role::Control), &[carrier]);
    let shelf = shelf(&mut app);
    hand_seat(&mut app, carrier);
    jump(&mut app, 70);
    take(&mut app, |a| {
        *a == Action::Isolate {
            systems: SystemKind::Business,
        }
    });
    jump(&mut app, 120);
    take(&mut app, |a| {
        *a == Action::Reconnect {
            systems: SystemKind::Business,
        }
    });
    jump(&mut app, 360);
    hand_seat(&mut app, Role::Control);
    key(&mut app, KeyCode::Char('w'));
    (app, shelf)
}

/// Rewinds with `r` to minute `m`.
fn rewind(app: &mut App, m: &str) {
    key(app, KeyCode::Char('r'));
    typed(app, m);
    key(app, KeyCode::Enter);
}

#[test]
fn a_branch_with_no_new_action_replays_the_later_ones_and_reproduces_the_original() {
    let (mut app, shelf) = two_actions();
    let original = replayed(&shelf.lock().expect("shelf")[0].1);
    rewind(&mut app, "1h30m");
    assert_eq!(app.session().now(), Time(90));
    assert_eq!(app.clock().branch, Some((Time(90), 1)));
    assert_eq!(
        app.session().log().len(),
        1,
        "the T+2:00 action is not yet taken"
    );
    // The clock runs on through the original's later action, which is played again at
    // its minute (nobody took a new one): the branch is the original, byte for byte.
    jump(&mut app, 200);
    assert_eq!(app.session().log().len(), 2);
    key(&mut app, KeyCode::Char('w'));
    let branch = last(&shelf);
    assert_eq!(branch.0, "drill-branch-1-t90.ron");
    assert_eq!(replayed(&branch.1), original);
    assert_eq!(finished(&mut app), original);
}

#[test]
fn a_branch_with_one_different_action_changes_only_what_follows_it() {
    let (mut app, shelf) = two_actions();
    let original_text = shelf.lock().expect("shelf")[0].1.clone();
    rewind(&mut app, "90");
    jump(&mut app, 100);
    // At T+1:40 the carrier isolates its customer-facing systems instead: the branch
    // diverges and the original's T+2:00 action is dropped.
    hand_seat(&mut app, role("operator:hinode-comm"));
    take(&mut app, |a| {
        *a == Action::Isolate {
            systems: SystemKind::CustomerFacing,
        }
    });
    jump(&mut app, 200);
    hand_seat(&mut app, Role::Control);
    key(&mut app, KeyCode::Char('w'));
    let branch = last(&shelf);
    let s = default_scenario();
    let parse = |t: &str| {
        let log = drill_log::parse_log("d.ron", t).expect("parses");
        drill_log::resolve("d.ron", t, &log.file, &s)
            .expect("resolves")
            .actions
    };
    let (a, b) = (parse(&original_text), parse(&branch.1));
    assert_eq!(a[0], b[0], "the action before the branch is kept");
    assert_ne!(a[1], b[1]);
    assert_eq!(a.len(), b.len(), "the original's later action was dropped");
    let run = |actions: &[rensa::session::LoggedAction]| {
        Session::replay(s.clone(), s.seed, &[role("operator:hinode-comm")], actions).outcome
    };
    let (oa, ob) = (run(&a), run(&b));
    let before = |o: &rensa::session::types::Outcome| {
        o.timeline
            .iter()
            .filter(|e| e.time < Time(100))
            .map(|e| format!("{e:?}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(before(&oa), before(&ob));
    assert_ne!(
        Report::new(&s, &oa, Lang::En).to_json(),
        Report::new(&s, &ob, Lang::En).to_json()
    );
}

#[test]
fn the_end_of_the_drill_opens_the_lessons_form_once_and_ignores_keys_in_flight() {
    let s = default_scenario();
    let mut app = App::new(s.clone(), s.seed, Lang::En, Some(role("nisc")));
    let end = app.session().end().0;
    jump(&mut app, end);
    assert!(app.finished());
    assert_eq!(app.screen(), Screen::Lessons);
    // Keys still in flight (someone stepping with n, typing) do not reach the form.
    typed(&mut app, "nnn thanks");
    key(&mut app, KeyCode::Enter);
    paste(&mut app, "please");
    assert_eq!(app.screen(), Screen::Lessons);
    assert!(app.lessons().is_empty());
    wait(&mut app, 2);
    typed(&mut app, "ok");
    key(&mut app, KeyCode::Esc);
    app.update(rensa::tui::Msg::Tick(std::time::Duration::from_secs(1)));
    assert_eq!(
        app.screen(),
        Screen::Board,
        "asked once, not again on every frame"
    );
}

#[test]
fn the_clock_runs_only_when_resumed_and_keeps_its_speed() {
    let s = default_scenario();
    let mut app = App::new(s.clone(), s.seed, Lang::En, Some(role("nisc")));
    // One real second, then as many empty frames as the engine needs to catch up (each
    // frame runs the clock for a bounded time only).
    let tick = |app: &mut App| {
        app.update(rensa::tui::Msg::Tick(std::time::Duration::from_secs(1)));
        for _ in 0..1000 {
            let before = app.session().now();
            app.update(rensa::tui::Msg::Tick(std::time::Duration::ZERO));
            if app.session().now() == before {
                break;
            }
        }
    };
    tick(&mut app);
    assert_eq!(app.session().now(), Time(0), "paused at the start");
    key(&mut app, KeyCode::Char(' '));
    tick(&mut app);
    // 5 simulated minutes per second by default: one second is 5 minutes.
    assert_eq!(app.session().now(), Time(5));
    for _ in 0..10 {
        key(&mut app, KeyCode::Char('+'));
    }
    tick(&mut app);
    // The top speed is an hour per second.
    assert_eq!(app.session().now(), Time(65));
    key(&mut app, KeyCode::Char(' '));
    tick(&mut app);
    assert_eq!(app.session().now(), Time(65));
}
