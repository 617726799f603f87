//! Text entry, navigation and the actions people expect of `rensa play`: pastes are text,
//! fields edit as a shell, drafts survive, lists page, `g` reads durations, truth-bearing
//! outputs wait for the end, and every action a policy takes a person can take.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use rensa::model::drill::{Action, MessageKind, Role};
use rensa::model::{AttackKind, Time};
use rensa::present::Lang;
use rensa::session::Session;
use rensa::tui::{App, Msg, Screen, Status};
use std::time::Duration;
use tui_support::*;

fn role(text: &str) -> Role {
    Role::parse(text, &default_scenario().infra).expect("role")
}

fn at(seat: &str, minute: u64) -> App {
    let s = default_scenario();
    let mut app = App::new(s.clone(), s.seed, Lang::En, Some(role(seat)));
    jump(&mut app, minute);
    app
}

fn note(app: &App) -> String {
    match app.status() {
        Some(Status::Note(n)) | Some(Status::Taken(n)) | Some(Status::Refused(n)) => n.clone(),
        None => String::new(),
    }
}

#[test]
fn a_multi_line_paste_into_compose_is_text_and_never_keys() {
    let mut app = at("operator:hinode-comm", 90);
    shelf(&mut app);
    key(&mut app, KeyCode::Char('4'));
    // The paste lands in the text whatever field had the focus; its `l`, `a` and line
    // breaks neither open lessons, write an AAR nor send.
    paste(&mut app, "please look at the DNS\nthanks, all\r\nq");
    assert_eq!(app.screen(), Screen::Compose);
    assert!(app.session().log().is_empty(), "nothing sent");
    assert!(!app.quit());
    let d = app.draft().expect("a draft");
    assert_eq!(d.text.text(), "please look at the DNS thanks, all q");
}

#[test]
fn the_text_field_edits_as_a_shell_and_scrolls_long_text() {
    let mut app = at("operator:hinode-comm", 90);
    key(&mut app, KeyCode::Char('4'));
    // kind, recipients, subject, label, text.
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "resolvers flooded since noon");
    ctrl(&mut app, 'w');
    ctrl(&mut app, 'a');
    typed(&mut app, ">");
    ctrl(&mut app, 'e');
    ctrl(&mut app, 'h');
    assert_eq!(
        app.draft().expect("draft").text.text(),
        ">resolvers flooded since"
    );
    ctrl(&mut app, 'u');
    assert_eq!(app.draft().expect("draft").text.text(), "");
    // A long text keeps its cursor (the reversed cell) on screen at 80 columns.
    typed(&mut app, &"abcdefghij".repeat(12));
    let buf = draw(&app, 80, 24);
    let cursor = (0..24u16).any(|y| {
        (0..80u16).any(|x| {
            buf[(x, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
                && buf[(x, y)].symbol() == " "
                && y > 1
        })
    });
    assert!(cursor, "{}", text(&buf));
    assert!(text(&buf).contains("hij"), "the end of the text is shown");
}

#[test]
fn a_draft_survives_leaving_compose_and_an_empty_message_is_refused() {
    let mut app = at("operator:hinode-comm", 90);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(' '));
    // No subject, no text: refused with a reason, nothing sent.
    key(&mut app, KeyCode::Enter);
    assert!(
        note(&app).contains("neither a subject nor text"),
        "{:?}",
        app.status()
    );
    assert!(app.session().log().is_empty());
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    typed(&mut app, "draft");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('4'));
    let d = app.draft().expect("kept");
    assert_eq!(d.text.text(), "draft");
    assert_eq!(d.chosen.len(), 1);
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.status(), Some(Status::Taken(_))),
        "{:?}",
        app.status()
    );
    assert!(
        app.draft().is_none_or(|d| d.text.text().is_empty()),
        "sent: cleared"
    );
}

#[test]
fn g_reads_durations_like_every_other_duration_and_says_why_it_refuses() {
    let mut app = at("nisc", 0);
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "2d 4h");
    key(&mut app, KeyCode::Enter);
    settle(&mut app);
    assert_eq!(app.session().now(), Time(52 * 60));
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "30h");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().now(), Time(52 * 60));
    assert!(note(&app).contains("forward only"), "{:?}", app.status());
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "soon");
    key(&mut app, KeyCode::Enter);
    assert!(note(&app).contains("not a time"), "{:?}", app.status());
    // Past the end: it asks, then runs to the end.
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "100h");
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay_open(), "asks first");
    key(&mut app, KeyCode::Char('y'));
    settle(&mut app);
    assert!(app.finished());
    assert_eq!(app.session().now(), app.session().end());
}

#[test]
fn the_status_line_clears_after_the_next_key_or_a_few_seconds() {
    let mut app = at("nisc", 60);
    let say = |app: &mut App| {
        key(app, KeyCode::Char('g'));
        typed(app, "1h");
        key(app, KeyCode::Enter);
        assert!(app.status().is_some(), "an earlier minute: said why");
    };
    say(&mut app);
    key(&mut app, KeyCode::Char('2'));
    assert!(app.status().is_none(), "cleared by the next key");
    say(&mut app);
    app.update(Msg::Tick(Duration::from_secs(6)));
    assert!(app.status().is_none(), "cleared after a few seconds");
}

#[test]
fn help_fits_80x24_lists_every_key_that_works_and_scrolls() {
    let s = default_scenario();
    let mut app = App::with_players(
        s.clone(),
        s.seed,
        Lang::En,
        Some(Role::Control),
        &[role("nisc")],
    );
    shelf(&mut app);
    let keys: Vec<&str> = app
        .bindings()
        .iter()
        .map(|b| b.shown)
        .filter(|s| !s.is_empty())
        .collect();
    assert!(keys.contains(&"l") && keys.contains(&"r") && keys.contains(&"t"));
    key(&mut app, KeyCode::Char('?'));
    let first = text(&draw(&app, 80, 24));
    assert!(first.contains("help"), "{first}");
    key(&mut app, KeyCode::End);
    let last = text(&draw(&app, 80, 24));
    // Every key is on one page or the other.
    for k in &keys {
        assert!(
            first.contains(&format!(" {k} ")) || last.contains(&format!(" {k} ")),
            "{k} not in help:\n{first}\n{last}"
        );
    }
}

#[test]
fn the_start_screen_filters_as_you_type_and_pages() {
    let s = default_scenario();
    let mut app = App::new(s.clone(), s.seed, Lang::En, None);
    typed(&mut app, "yamabuki");
    let t = text(&draw(&app, 80, 24));
    assert!(t.contains("operator:yamabuki-bank"), "{t}");
    assert!(!t.contains("ministry:fsa"), "{t}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.seat(), Some(role("operator:yamabuki-bank")));
    let mut app = App::new(s.clone(), s.seed, Lang::En, None);
    key(&mut app, KeyCode::End);
    let t = text(&draw(&app, 80, 24));
    let n = app.roles().len();
    assert!(t.contains(&format!("{n}/{n}")), "position shown:\n{t}");
}

#[test]
fn a_player_sees_no_objective_status_and_no_aar_before_the_end() {
    let mut app = at("operator:hinode-comm", 120);
    shelf(&mut app);
    key(&mut app, KeyCode::Char('6'));
    let t = text(&draw(&app, 80, 24));
    assert!(t.contains("[?]") && !t.contains('%'), "{t}");
    // Lessons and end mid-drill: saved, but no report for the player.
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::End);
    assert!(!app.bindings().iter().any(|b| b.shown == "a"), "no AAR key");
    let t = text(&draw(&app, 80, 24));
    assert!(t.contains("when the drill has ended"), "{t}");
    assert!(!t.contains("rensa replay"), "{t}");
}

#[test]
fn a_hot_seat_player_cannot_rewind_nor_see_other_seats_and_returns_only_with_the_passphrase() {
    let s = default_scenario();
    let carrier = role("operator:hinode-comm");
    let mut app = App::with_players(s.clone(), s.seed, Lang::En, Some(Role::Control), &[carrier]);
    jump(&mut app, 60);
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "secret");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.seat(), Some(carrier));
    let shown: Vec<&str> = app.bindings().iter().map(|b| b.shown).collect();
    assert!(!shown.contains(&"r") && !shown.contains(&"7"), "{shown:?}");
    key(&mut app, KeyCode::Char('r'));
    assert!(!app.overlay_open());
    key(&mut app, KeyCode::Char('t'));
    let t = text(&draw(&app, 80, 24));
    assert!(
        !t.contains("unread") || t.matches("unread").count() == 1,
        "{t}"
    );
    assert!(!t.contains("control ("), "no seat list:\n{t}");
    typed(&mut app, "guess");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.seat(), Some(carrier), "wrong passphrase");
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "secret");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.seat(), Some(Role::Control));
}

#[test]
fn a_ministry_forwards_a_support_request_and_a_source_grants_permission() {
    let s = default_scenario();
    let mic = role("ministry:mic");
    let carrier = role("operator:hinode-comm");
    let mut app = App::with_players(
        s.clone(),
        s.seed,
        Lang::En,
        Some(Role::Control),
        &[mic, carrier],
    );
    jump(&mut app, 61);
    // The carrier asks its ministry for support (as its policy would), by hand.
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "pw");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.seat(), Some(carrier));
    assert!(app.act(Action::Send {
        to: vec![rensa::model::drill::Addressee::Role(mic)],
        kind: MessageKind::SupportRequest,
        about: None,
        attack: None,
        label: rensa::model::drill::Tlp::Amber,
        text: "need a team".into(),
        sanitised: false,
    }));
    // The carrier, the source, may let NISC receive what it said: from the message.
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('p'));
    let t = text(&draw(&app, 80, 24));
    assert!(t.contains("Let this role receive it"), "{t}");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.status(), Some(Status::Taken(_))),
        "{:?}",
        app.status()
    );
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "pw");
    key(&mut app, KeyCode::Enter);
    jump(&mut app, 600);
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.seat(), Some(mic));
    // The ministry's menu offers the forward; the message shows its subject and source.
    key(&mut app, KeyCode::Char('3'));
    let items = app.menu();
    let at = items
        .iter()
        .position(|i| matches!(i.action, Action::Forward { .. }))
        .expect("a forward is offered");
    key(&mut app, KeyCode::Home);
    for _ in 0..at {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Message);
    let t = text(&draw(&app, 200, 50));
    assert!(
        t.contains("source") && t.contains("operator:hinode-comm"),
        "{t}"
    );
    let nisc_at = {
        let lines: Vec<&str> = t.lines().collect();
        let first = lines.iter().position(|l| l.contains("[ ]")).expect("list");
        lines[first..]
            .iter()
            .position(|l| l.contains("[ ] nisc"))
            .expect("nisc offered")
    };
    for _ in 0..nisc_at {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.status(), Some(Status::Taken(_))),
        "{:?}",
        app.status()
    );
}

#[test]
fn the_council_passes_on_an_attack_kind_it_knows_only_from_a_sanitised_alert() {
    let s = default_scenario();
    let council = Role::Council;
    let mut session = Session::with_players(s.clone(), s.seed, &[council]);
    session.advance_to(Time(60 * 12));
    let mut app = App::with_session(s.clone(), session, Lang::En);
    app.seat_at_start(council);
    let view = app.session().view(council);
    assert!(view.incidents.is_empty(), "the council knows no incident");
    let kinds: Vec<AttackKind> = view.inbox.iter().filter_map(|m| m.attack).collect();
    assert!(!kinds.is_empty(), "it was alerted to an attack kind");
    let offered = app.menu().into_iter().any(|i| {
        matches!(
            i.action,
            Action::Send {
                sanitised: true,
                attack: Some(_),
                ..
            }
        )
    });
    assert!(offered, "{:?}", app.menu());
}

#[test]
fn the_end_screen_names_the_folder_that_a_writes() {
    let mut app = at("nisc", 60);
    shelf(&mut app);
    jump(&mut app, 72 * 60);
    wait(&mut app, 2);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::End);
    let t = text(&draw(&app, 200, 50));
    assert!(t.contains("drill-aar"), "{t}");
}

#[test]
fn below_the_minimum_size_the_screen_says_so() {
    let app = at("nisc", 60);
    let t = text(&draw(&app, 50, 12));
    assert!(t.contains("too small"), "{t}");
}

#[test]
fn an_ad_hoc_incident_reaches_a_player_named_as_the_scenarios_own() {
    let s = default_scenario();
    let carrier = role("operator:hinode-comm");
    let mut app = App::with_players(s.clone(), s.seed, Lang::En, Some(Role::Control), &[carrier]);
    jump(&mut app, 90);
    // Control injects the carrier's DNS attack again: its own view observes it.
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.status(), Some(Status::Taken(_))),
        "{:?}",
        app.status()
    );
    jump(&mut app, 100);
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "pw");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.seat(), Some(carrier));
    let t = text(&draw(&app, 200, 50));
    assert!(t.contains("ddos-dns (2)"), "{t}");
    assert!(!t.contains("adhoc"), "{t}");
    key(&mut app, KeyCode::Char('3'));
    let t = text(&draw(&app, 200, 50));
    assert!(!t.contains("adhoc"), "{t}");
}

#[test]
fn compose_offers_ones_own_line_then_police_jpcert_vendor_then_operators() {
    let mut app = at("operator:hinode-comm", 60);
    key(&mut app, KeyCode::Char('4'));
    let t = text(&draw(&app, 80, 50));
    let order: Vec<usize> = [
        "ceptor:info_comm",
        "police",
        "jpcert",
        "vendor",
        "operator:",
    ]
    .iter()
    .map(|r| {
        t.find(&format!("] {r}"))
            .unwrap_or_else(|| panic!("{r}:\n{t}"))
    })
    .collect();
    assert!(
        t.find("] ministry:mic").expect("ministry") < order[1],
        "{t}"
    );
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{t}");
}
