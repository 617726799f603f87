//! Every screen of `rensa play` on the bundled default drill, in English and Japanese, at
//! 80×24 and 160×48, snapshotted with its styles (colour and emphasis carry meaning).

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use rensa::model::drill::Role;
use rensa::present::Lang;
use rensa::tui::{App, Screen};
use tui_support::*;

fn role(text: &str) -> Role {
    Role::parse(text, &default_scenario().infra).expect("role of the default drill")
}

/// A drill at T+3h with `seat` taken (the clock jumped there with `g`).
fn at_three_hours(lang: Lang, seat: &str) -> App {
    let s = default_scenario();
    let seed = s.seed;
    let mut app = App::new(s, seed, lang, Some(role(seat)));
    jump(&mut app, 180);
    app
}

fn snap(name: &str, lang: Lang, app: &App) {
    for (w, h) in [(80, 24), (200, 50)] {
        let buf = draw(app, w, h);
        insta::assert_snapshot!(format!("{name}_{}_{w}x{h}", lang.code()), styled(&buf));
    }
}

#[test]
fn every_screen_in_both_languages_and_sizes() {
    for lang in Lang::ALL {
        let s = default_scenario();
        let seed = s.seed;
        snap("start", lang, &App::new(s, seed, lang, None));

        let mut op = at_three_hours(lang, "operator:hinode-comm");
        snap("board_operator", lang, &op);
        key(&mut op, KeyCode::Char('3'));
        snap("actions", lang, &op);
        key(&mut op, KeyCode::Enter);
        snap("actions_answered", lang, &op);
        key(&mut op, KeyCode::Char('5'));
        snap("deps", lang, &op);
        key(&mut op, KeyCode::Char('4'));
        key(&mut op, KeyCode::Tab);
        key(&mut op, KeyCode::Char(' '));
        snap("compose", lang, &op);
        key(&mut op, KeyCode::Esc);
        key(&mut op, KeyCode::Char('?'));
        snap("help", lang, &op);
        key(&mut op, KeyCode::Esc);
        key(&mut op, KeyCode::Char('q'));
        snap("confirm_quit", lang, &op);
        key(&mut op, KeyCode::Char('n'));
        key(&mut op, KeyCode::Char('l'));
        typed(&mut op, "filters");
        snap("lessons", lang, &op);
        shelf(&mut op);
        key(&mut op, KeyCode::Enter);
        snap("end", lang, &op);

        let mut ceptor = at_three_hours(lang, "ceptor:info_comm");
        key(&mut ceptor, KeyCode::Char('2'));
        snap("inbox", lang, &ceptor);
        key(&mut ceptor, KeyCode::Enter);
        snap("message", lang, &ceptor);

        let mut control = at_three_hours(lang, "control");
        snap("board_control", lang, &control);
        key(&mut control, KeyCode::Char('6'));
        snap("score", lang, &control);
        key(&mut control, KeyCode::Char('7'));
        snap("control", lang, &control);
        assert_eq!(control.screen(), Screen::Control);
    }
}

#[test]
fn a_failed_level_is_red_reversed_and_marked_with_a_symbol() {
    let app = at_three_hours(Lang::En, "operator:hinode-comm");
    let buf = draw(&app, 80, 24);
    // Every ✖ of a level on the board is drawn red and reversed, and so is its gauge
    // (the legend's ✖ is plain text).
    let mut seen = 0;
    for y in 0..24 {
        for x in 0..40 {
            let c = &buf[(x, y)];
            let gauge = matches!(buf[(x + 2, y)].symbol(), "█" | "░");
            if c.symbol() == "✖" && gauge {
                seen += 1;
                assert_eq!(c.fg, ratatui::style::Color::Red, "row {y}");
                assert!(c.modifier.contains(ratatui::style::Modifier::REVERSED));
                let next = &buf[(x + 2, y)];
                assert_eq!(next.fg, ratatui::style::Color::Red);
            }
        }
    }
    assert!(seen > 0, "the carrier has a service below required at T+3h");
}

#[test]
fn no_color_draws_no_colour_but_keeps_symbols() {
    let mut app = at_three_hours(Lang::En, "operator:hinode-comm");
    app.no_color = true;
    let buf = draw(&app, 80, 24);
    let mut symbols = 0;
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert!(
                matches!(c.fg, ratatui::style::Color::Reset),
                "colour at {x},{y}"
            );
            symbols += usize::from(c.symbol() == "✖");
        }
    }
    assert!(symbols > 0);
}

#[test]
fn resizing_to_tiny_and_huge_never_panics() {
    for seat in ["control", "operator:hinode-comm"] {
        let mut app = at_three_hours(Lang::Ja, seat);
        for screen in ['1', '2', '3', '4', '5', '6', '7', '?'] {
            key(&mut app, KeyCode::Char(screen));
            for (w, h) in [(1, 1), (2, 2), (10, 5), (20, 8), (79, 23), (300, 100)] {
                draw(&app, w, h);
            }
            key(&mut app, KeyCode::Esc);
        }
        key(&mut app, KeyCode::Char('l'));
        for (w, h) in [(1, 1), (3, 3), (20, 8)] {
            draw(&app, w, h);
        }
    }
}

#[test]
fn the_new_windows_and_forms_in_both_languages_and_sizes() {
    for lang in Lang::ALL {
        let s = default_scenario();
        let seed = s.seed;
        let mut start = App::new(s.clone(), seed, lang, None);
        typed(&mut start, "mic");
        snap("start_filtered", lang, &start);

        let mut ceptor = at_three_hours(lang, "ceptor:info_comm");
        key(&mut ceptor, KeyCode::Char('2'));
        key(&mut ceptor, KeyCode::Enter);
        key(&mut ceptor, KeyCode::Char('f'));
        snap("message_forward", lang, &ceptor);
        key(&mut ceptor, KeyCode::Esc);
        key(&mut ceptor, KeyCode::Char('4'));
        key(&mut ceptor, KeyCode::Right);
        for _ in 0..4 {
            key(&mut ceptor, KeyCode::Tab);
        }
        key(&mut ceptor, KeyCode::Char(' '));
        snap("compose_sanitised_alert", lang, &ceptor);
        key(&mut ceptor, KeyCode::Esc);
        key(&mut ceptor, KeyCode::Char('g'));
        typed(&mut ceptor, "30h");
        snap("goto", lang, &ceptor);

        let mut control = App::with_players(
            s.clone(),
            seed,
            lang,
            Some(Role::Control),
            &[role("operator:hinode-comm")],
        );
        jump(&mut control, 180);
        key(&mut control, KeyCode::Char('t'));
        snap("hand_over", lang, &control);
        key(&mut control, KeyCode::Down);
        key(&mut control, KeyCode::Enter);
        typed(&mut control, "abc");
        snap("passphrase", lang, &control);
    }
}

#[test]
fn between_the_two_sizes_the_board_lays_out_without_wrapping_a_sector() {
    for seat in ["control", "operator:hinode-comm"] {
        let app = at_three_hours(Lang::En, seat);
        for (w, h) in [(100, 30), (120, 30), (140, 40)] {
            let t = text(&draw(&app, w, h));
            // Each sector on one row: the ten rows after the title start with the ten names.
            let rows: Vec<&str> = t.lines().skip(2).take(10).collect();
            for (row, name) in rows.iter().zip([
                "Info",
                "Finance",
                "Aviation",
                "Rail",
                "Electric",
                "Gas",
                "Govern",
                "Medical",
                "Water",
                "Logistics",
            ]) {
                assert!(
                    row.trim_start_matches('│').starts_with(name),
                    "{w}x{h}:\n{t}"
                );
            }
        }
    }
}
