//! Fog of war on screen: a player seat never draws an incident, an operator or a level its
//! role has not learned. Rendered at many times over generated scenarios, every screen a
//! player sees is searched for what only the ground truth holds.

use crate::tui_support;

use ratatui::crossterm::event::KeyCode;
use rensa::model::drill::Role;
use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
use rensa::model::{OperatorId, Sector};
use rensa::present::Lang;
use rensa::tui::App;
use std::collections::BTreeSet;
use std::sync::Arc;
use tui_support::*;

/// Whether `name` occurs in `text` as a whole name (not inside a longer id).
fn names(text: &str, name: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

/// Operators the seat may name: its own, those its known incidents name, senders of its
/// messages, and (dependency view) its own services' providers and dependents.
fn known_operators(app: &App, seat: Role) -> BTreeSet<OperatorId> {
    let infra = &app.scenario().infra;
    let view = app.session().view(seat);
    let mut out: BTreeSet<OperatorId> = BTreeSet::new();
    if let Role::Operator(o) = seat {
        out.insert(o);
        for s in &infra.operator(o).services {
            for d in infra.providers_of(*s) {
                out.insert(infra.service(d.provider).operator);
            }
            for d in infra.dependents_of(*s) {
                out.insert(infra.service(d.dependent).operator);
            }
        }
    }
    for i in &view.incidents {
        out.extend(i.operators.iter().copied());
    }
    for m in &view.inbox {
        if let Role::Operator(o) = m.from {
            out.insert(o);
        }
    }
    out
}

fn check(app: &App, seat: Role, screen: &str, text: &str) {
    let view = app.session().view(seat);
    let words = app.words();
    let known: BTreeSet<_> = view.incidents.iter().map(|i| i.incident).collect();
    for t in app.session().truth().incidents {
        if known.contains(&t.incident) {
            continue;
        }
        let name = words.incident(t.incident);
        // Skip a name that is also the name of a known incident (an inject fired twice).
        if known.iter().any(|k| words.incident(*k) == name) {
            continue;
        }
        assert!(
            !names(text, &name),
            "{screen} of {} at {} shows unknown incident {name}:\n{text}",
            words.role(seat),
            app.session().now()
        );
    }
    let ok = known_operators(app, seat);
    for op in &app.scenario().infra.operators {
        if ok.contains(&op.id) {
            continue;
        }
        assert!(
            !names(text, &op.key),
            "{screen} of {} at {} names operator {} it knows nothing of:\n{text}",
            words.role(seat),
            app.session().now(),
            op.key
        );
    }
}

#[test]
fn a_player_seat_never_draws_what_its_role_has_not_learned() {
    for seed in [3u64, 11, 29] {
        let spec = SyntheticSpec {
            operators: 40,
            injects: 8,
            seed,
            ..SyntheticSpec::default()
        };
        let s = Arc::new(synthetic_scenario(&spec));
        let first = s.infra.operators[seed as usize % s.infra.operators.len()].id;
        let seats = [
            Role::Operator(first),
            Role::Ceptor(Sector::ALL[seed as usize % 10]),
            Role::Nisc,
            Role::Council,
        ];
        for seat in seats {
            let mut app = App::new(s.clone(), s.seed, Lang::En, Some(seat));
            let end = app.session().end().0;
            for k in 1..=6 {
                jump(&mut app, end * k / 7);
                for (screen, key_char) in [
                    ("board", '1'),
                    ("inbox", '2'),
                    ("actions", '3'),
                    ("deps", '5'),
                    ("score", '6'),
                ] {
                    key(&mut app, KeyCode::Char(key_char));
                    let text = text(&draw(&app, 160, 48));
                    check(&app, seat, screen, &text);
                    if screen == "board" {
                        // Levels: one per own service, none of anyone else's.
                        let own = app.session().view(seat).services.len();
                        assert_eq!(text.matches('%').count(), own, "{text}");
                    }
                }
                // Every message it opens, too.
                let n = app.session().view(seat).inbox.len();
                for m in 0..n.min(5) {
                    key(&mut app, KeyCode::Char('2'));
                    for _ in 0..m {
                        key(&mut app, KeyCode::Down);
                    }
                    key(&mut app, KeyCode::Enter);
                    let text = text(&draw(&app, 160, 48));
                    check(&app, seat, "message", &text);
                }
            }
        }
    }
}

#[test]
fn exercise_control_does_see_the_ground_truth() {
    // The check above can fail: control's board draws every incident and level.
    let spec = SyntheticSpec {
        operators: 40,
        injects: 8,
        seed: 3,
        ..SyntheticSpec::default()
    };
    let s = Arc::new(synthetic_scenario(&spec));
    let mut app = App::new(s.clone(), s.seed, Lang::En, Some(Role::Control));
    let half = app.session().end().0 / 2;
    jump(&mut app, half);
    let text = text(&draw(&app, 160, 48));
    assert!(text.matches('%').count() >= 10, "{text}");
    // ... and names operators a fresh NISC seat knows nothing of, which the search finds.
    let nisc = App::new(s.clone(), s.seed, Lang::En, Some(Role::Nisc));
    let known = known_operators(&nisc, Role::Nisc);
    assert!(
        s.infra
            .operators
            .iter()
            .any(|o| !known.contains(&o.id) && names(&text, &o.key)),
        "{text}"
    );
}
