//! Fog of war on screen: everything a player seat is shown — frames, the minutes its clock
//! stops at, message numbers, counts, names — is a function of that role's knowledge
//! alone. Every non-control seat of two drills is driven through random keys, pastes and
//! real time (TestBackend), and every frame and every clock stop is searched for an
//! incident, message, level, operator or time the seat's knowledge lacks at that minute.

use crate::tui_support;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rensa::model::drill::Role;
use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
use rensa::model::{OperatorId, Scenario, Time};
use rensa::present::Lang;
use rensa::present::tui::{Label, label};
use rensa::session::Session;
use rensa::session::types::Happening;
use rensa::tui::{App, Msg, Screen};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
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

/// Operators the seat may name: its own and its services' neighbours (the dependency
/// view), those its known incidents name, and the senders, recipients and subjects of
/// the messages it holds.
fn known_operators(session: &Session, seat: Role) -> BTreeSet<OperatorId> {
    let infra = &session.scenario().infra;
    let view = session.view(seat);
    let mut out: BTreeSet<OperatorId> = BTreeSet::new();
    // The dependency map is common ground (the scenario's infrastructure): an operator the
    // seat knows of comes with its neighbours.
    let with_neighbours = |o: OperatorId, out: &mut BTreeSet<OperatorId>| {
        out.insert(o);
        for s in &infra.operator(o).services {
            for d in infra.providers_of(*s) {
                out.insert(infra.service(d.provider).operator);
            }
            for d in infra.dependents_of(*s) {
                out.insert(infra.service(d.dependent).operator);
            }
        }
    };
    if let Role::Operator(o) = seat {
        with_neighbours(o, &mut out);
    }
    for i in &view.incidents {
        for o in &i.operators {
            with_neighbours(*o, &mut out);
        }
    }
    let all = session.messages();
    let held = view
        .inbox
        .iter()
        .map(|m| m.message)
        .chain(view.sent.iter().copied());
    for id in held {
        let mut at = Some(id);
        while let Some(k) = at {
            let m = &all[k as usize];
            for r in std::iter::once(m.from).chain(m.to.iter().map(|(r, _)| *r)) {
                if let Role::Operator(o) = r {
                    out.insert(o);
                }
            }
            out.extend(m.subject.operator);
            at = m.forwarded_from;
        }
    }
    out
}

/// Every minute the seat may be shown: now and the end, and the minutes of what it knows
/// (deliveries and sending times of its messages, when it learned each incident, its own
/// actions, its own services' level changes).
fn known_times(session: &Session, seat: Role) -> BTreeSet<Time> {
    let view = session.view(seat);
    let all = session.messages();
    let mut out: BTreeSet<Time> = [session.now(), session.end()].into();
    for m in &view.inbox {
        out.insert(m.received);
        out.insert(all[m.message as usize].sent);
    }
    for id in &view.sent {
        out.insert(all[*id as usize].sent);
    }
    out.extend(view.incidents.iter().map(|i| i.learned));
    out.extend(view.actions.iter().map(|a| a.time));
    let own: BTreeSet<_> = view.services.iter().map(|s| s.service).collect();
    for e in session.outcome().timeline.iter() {
        if let Happening::LevelChanged { service, .. } = e.what
            && own.contains(&service)
        {
            out.insert(e.time);
        }
    }
    out
}

/// `T+hh:mm` times written in `text`.
fn times_in(text: &str) -> Vec<Time> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < b.len() {
        if b[i] == b'T' && b[i + 1] == b'+' {
            let rest = &text[i + 2..];
            let h: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            let tail = &rest[h.len()..];
            if !h.is_empty() && tail.starts_with(':') {
                let m: String = tail[1..].chars().take(2).collect();
                if m.len() == 2 && m.chars().all(|c| c.is_ascii_digit()) {
                    let t = h.parse::<u64>().unwrap_or(0) * 60 + m.parse::<u64>().unwrap_or(0);
                    out.push(Time(t));
                }
            }
        }
        i += 1;
    }
    out
}

/// Numbers written `#n` in `text`.
fn numbers_in(text: &str) -> Vec<u64> {
    text.match_indices('#')
        .filter_map(|(i, _)| {
            let d: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            d.parse().ok()
        })
        .collect()
}

/// Checks one frame of `app`'s seat against what the seat knows now.
fn check_frame(app: &App, seat: Role, frame: &str, step: &str) {
    let session = app.session();
    let view = session.view(seat);
    let words = app.words();
    let lang = app.lang;
    let at = session.now();
    let fail = |what: String| -> ! {
        panic!(
            "{} at {at}, after {step}: {what}\n{frame}",
            words.role(seat)
        )
    };
    // Incidents: none the seat has not learned, by name.
    let known: BTreeSet<_> = view.incidents.iter().map(|i| i.incident).collect();
    let known_names: BTreeSet<String> = known.iter().map(|i| words.incident(*i)).collect();
    for t in session.truth().incidents {
        if known.contains(&t.incident) {
            continue;
        }
        let name = words.incident(t.incident);
        if known_names.contains(&name) || name.starts_with('#') {
            continue;
        }
        if names(frame, &name) {
            fail(format!("shows incident {name}, which it does not know"));
        }
    }
    // Times: only minutes of what it knows (the window typing a minute echoes it).
    let typing_minute = frame.contains(label(lang, Label::JumpTo));
    if !typing_minute {
        let ok = known_times(&session, seat);
        for t in times_in(frame) {
            if !ok.contains(&t) {
                fail(format!("shows the time {t}, of nothing it knows"));
            }
        }
    }
    // Message numbers: its own, 1 to the number of messages it holds.
    let held = (view.inbox.len() + view.sent.len()) as u64;
    for n in numbers_in(frame) {
        if n == 0 || n > held {
            fail(format!("shows message #{n}; it holds {held} messages"));
        }
    }
    // Levels: one per own service on the board, none anywhere else.
    // (A window over the board may hide some.)
    let pct = frame.matches('%').count();
    let want = if app.screen() == Screen::Board {
        view.services.len()
    } else {
        0
    };
    if pct > want || (pct != want && !app.overlay_open()) {
        fail(format!("shows {pct} levels; it sees {want} here"));
    }
    // Operators: none it knows nothing of (lists of recipients are the roster).
    let roster = [Label::Compose, Label::ForwardTo, Label::GrantTo]
        .iter()
        .any(|l| frame.contains(label(lang, *l)));
    if !roster {
        let ok = known_operators(&session, seat);
        for op in &app.scenario().infra.operators {
            if !ok.contains(&op.id) && names(frame, &op.key) {
                fail(format!(
                    "names operator {}, of which it knows nothing",
                    op.key
                ));
            }
        }
    }
    // Control's windows: never.
    for l in [
        Label::SwitchSeat,
        Label::UnreadBySeat,
        Label::InjectLibrary,
        Label::RewindTo,
    ] {
        if frame.contains(label(lang, l)) {
            fail(format!("shows exercise control's {:?}", label(lang, l)));
        }
    }
}

/// The minute the seat's own view first changes after `from`, by a fresh replay of the
/// drill's log, minute by minute: where a player's `n` must stop.
fn next_change(scenario: &Arc<Scenario>, app: &App, seat: Role, from: Time, upto: Time) -> Time {
    let s = app.session();
    let mut r = Session::with_players(scenario.clone(), s.seed(), s.players());
    r.play(&s.log_entries(), None);
    r.advance_to(from);
    let before = r.view_at_rest(seat);
    let mut m = from.0;
    while m < upto.0 && m < s.end().0 {
        m += 1;
        r.advance_to(Time(m));
        if r.view_at_rest(seat) != before {
            return Time(m);
        }
    }
    Time(m)
}

/// A random input: mostly keys a player would press, some typing, pastes and time.
fn input(rng: &mut ChaCha8Rng) -> (Msg, String) {
    const KEYS: &[char] = &[
        'n', 'n', 'n', 'n', '1', '2', '3', '4', '5', '6', '7', 'j', 'k', 't', 'r', 'l', 'a', 'w',
        'f', 'p', 'm', 'g', '?', ' ', '+', '-', 'y', 'x', 'h', 'e',
    ];
    const CODES: &[KeyCode] = &[
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::Backspace,
    ];
    const PASTES: &[&str] = &[
        "please check\nthanks all",
        "30m",
        "2h",
        "\u{1b}[31mq\u{1b}[0m l a",
        "1h 30m",
    ];
    match rng.random_range(0..24u32) {
        20..=23 => (Msg::char('n'), "key 'n'".into()),
        0..=9 => {
            let c = KEYS[rng.random_range(0..KEYS.len())];
            (Msg::char(c), format!("key {c:?}"))
        }
        10..=15 => {
            let k = CODES[rng.random_range(0..CODES.len())];
            (Msg::key(k), format!("{k:?}"))
        }
        16 => {
            let p = PASTES[rng.random_range(0..PASTES.len())];
            (Msg::Paste(p.into()), format!("paste {p:?}"))
        }
        17 => {
            let c = ['w', 'u', 'a', 'e', 'h'][rng.random_range(0..5usize)];
            (
                Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
                format!("Ctrl-{c}"),
            )
        }
        _ => {
            let ms = rng.random_range(0..3000u64);
            (
                Msg::Tick(Duration::from_millis(ms)),
                format!("{ms} ms passing"),
            )
        }
    }
}

/// Drives `seat` of `scenario` through `steps` random inputs; checks every frame and stop.
fn drive(scenario: &Arc<Scenario>, seat: Role, seed: u64, steps: usize, lang: Lang) -> usize {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut app = App::new(scenario.clone(), scenario.seed, lang, Some(seat));
    // Somewhere into the drill first, with `g` and a duration as a person types it.
    let start = rng.random_range(30..scenario.duration.0 / 2);
    jump(&mut app, start);
    let mut stops = 0;
    for k in 0..steps {
        if app.quit() || app.finished() {
            // Past the end the outcome is open to every seat (the hot wash).
            break;
        }
        let (msg, what) = input(&mut rng);
        let before = app.session().now();
        let step = msg == Msg::char('n') && !app.overlay_open();
        app.update(msg);
        for _ in 0..200 {
            if app.clock().target.is_none() {
                break;
            }
            app.update(Msg::Tick(Duration::ZERO));
        }
        let after = app.session().now();
        if step && after > before && !app.finished() {
            // The clock stopped where the seat's own view changed, not at the truth's.
            stops += 1;
            let want = next_change(scenario, &app, seat, before, app.session().end());
            assert_eq!(
                after, want,
                "{seat:?}'s n stopped at {after}; its own view first changed at {want}"
            );
        }
        if app.finished() {
            break;
        }
        let (w, h) = if k % 5 == 0 { (200, 50) } else { (80, 24) };
        let frame = text(&draw(&app, w, h));
        check_frame(&app, seat, &frame, &format!("step {k}: {what}"));
    }
    stops
}

/// Every role of the drill but exercise control.
fn player_seats(s: &Arc<Scenario>) -> Vec<Role> {
    let session = Session::new(s.clone(), s.seed);
    Role::all(&s.infra)
        .into_iter()
        .filter(|r| *r != Role::Control && session.knowledge(*r).is_some())
        .collect()
}

#[test]
fn no_frame_and_no_clock_stop_of_a_player_seat_reveals_what_its_role_lacks() {
    let mut stops = 0;
    let mut seats = 0;
    for (d, s) in [default_scenario(), library("rail-signal-worm")]
        .iter()
        .enumerate()
    {
        for (i, seat) in player_seats(s).into_iter().enumerate() {
            let lang = if i % 2 == 0 { Lang::En } else { Lang::Ja };
            stops += drive(s, seat, (d * 1000 + i) as u64, 30, lang);
            seats += 1;
        }
    }
    // The drive did reach many seats and clock stops (the checks ran).
    assert!(seats > 100, "{seats} seats");
    assert!(stops > 30, "{stops} stops");
}

#[test]
fn the_railway_that_has_detected_nothing_does_not_stop_at_the_worms_stages() {
    // The worm's stages at kanto-rail happen at T+01:01, 01:05 and 02:08, hours before
    // the railway detects anything: `n` must not stop there.
    let s = library("rail-signal-worm");
    let seat = Role::parse("operator:kanto-rail", &s.infra).expect("role");
    let mut app = App::new(s.clone(), s.seed, Lang::En, Some(seat));
    for _ in 0..3 {
        let before = app.session().now();
        key(&mut app, KeyCode::Char('n'));
        let after = app.session().now();
        assert_eq!(after, next_change(&s, &app, seat, before, after));
        assert!(
            ![61, 62, 65, 66, 128, 129].contains(&after.0),
            "stopped at {after}, a minute only the worm's stages mark"
        );
    }
}

#[test]
fn a_seat_numbers_its_own_messages_and_names_ad_hoc_incidents_as_the_scenarios() {
    let s = default_scenario();
    let bank = Role::parse("operator:yamabuki-bank", &s.infra).expect("role");
    let mut app = App::with_players(s.clone(), s.seed, Lang::En, Some(Role::Control), &[bank]);
    // Control injects the carrier's DNS attack again at T+1:30.
    jump(&mut app, 90);
    key(&mut app, KeyCode::Char('7'));
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Enter);
    jump(&mut app, 600);
    // Hand the keyboard to the bank.
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "pass");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.seat(), Some(bank));
    key(&mut app, KeyCode::Char('2'));
    let frame = text(&draw(&app, 200, 50));
    let global = app.session().messages().len();
    let held = app.session().view(bank).inbox.len();
    assert!(held > 0 && global > held + 5, "{held} of {global}");
    // Its first message is #1, whatever the drill's traffic.
    assert!(frame.contains("#1 "), "{frame}");
    for n in numbers_in(&frame) {
        assert!(n as usize <= held, "#{n} of {held}:\n{frame}");
    }
    assert!(!frame.contains("adhoc"), "{frame}");
}

#[test]
fn a_seat_locked_player_has_no_seat_switching_no_rewind_and_no_clock() {
    let s = default_scenario();
    let seat = Role::parse("ceptor:info_comm", &s.infra).expect("role");
    let host =
        rensa::tui::LocalHost::new(s.clone(), Session::with_players(s.clone(), s.seed, &[seat]));
    let mut app = App::seat_locked(s.clone(), Box::new(host), seat, Lang::En);
    assert_eq!(app.seat(), Some(seat));
    let cmds: Vec<_> = app.bindings().iter().map(|b| b.shown).collect();
    for k in ["t", "r", "Space", "n", "g", "+", "-", "l", "7", "w"] {
        assert!(!cmds.contains(&k), "{k} offered: {cmds:?}");
    }
    for c in ['t', 'r', ' ', 'n', 'g', '7', 'l'] {
        key(&mut app, KeyCode::Char(c));
        assert_eq!(app.seat(), Some(seat));
        assert!(!app.overlay_open() || c == 'g', "{c} opened a window");
    }
    assert_eq!(app.session().now(), Time(0), "the clock is not the seat's");
    assert!(app.clock().paused);
    // A paste where no field takes text does nothing at all.
    paste(&mut app, "t\nr\nq");
    assert_eq!(app.seat(), Some(seat));
    assert!(!app.quit());
}

#[test]
fn a_seat_locked_control_sends_its_clock_commands_to_the_host() {
    use rensa::tui::{ClockCommand, ClockState, Host, SessionRef};
    use std::sync::Mutex;
    /// A shared drill whose clock records what it is asked.
    struct Shared {
        session: Session,
        asked: Arc<Mutex<Vec<ClockCommand>>>,
    }
    impl Host for Shared {
        fn session(&self) -> SessionRef<'_> {
            Box::new(&self.session)
        }
        fn act(
            &mut self,
            role: Role,
            action: rensa::model::drill::Action,
        ) -> Result<rensa::model::drill::Done, rensa::model::drill::Refusal> {
            self.session.act(role, action)
        }
        fn clock(&self) -> ClockState {
            ClockState {
                paused: true,
                speed: 5,
                target: None,
                branch: None,
                generation: 0,
            }
        }
        fn command(&mut self, c: ClockCommand) -> Result<(), rensa::tui::host::ClockRefusal> {
            self.asked.lock().expect("asked").push(c);
            Ok(())
        }
    }
    let s = default_scenario();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let host = Shared {
        session: Session::new(s.clone(), s.seed),
        asked: asked.clone(),
    };
    let mut app = App::seat_locked(s.clone(), Box::new(host), Role::Control, Lang::En);
    for c in [' ', '+', 'n'] {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Char('g'));
    typed(&mut app, "2d 4h");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        *asked.lock().expect("asked"),
        [
            ClockCommand::PauseResume,
            ClockCommand::Faster,
            ClockCommand::Step {
                seat: Role::Control
            },
            ClockCommand::GoTo(Time(52 * 60)),
        ]
    );
    // No seat switching and no rewind even for control's remote seat.
    let cmds: Vec<_> = app.bindings().iter().map(|b| b.shown).collect();
    assert!(!cmds.contains(&"t") && !cmds.contains(&"r"), "{cmds:?}");
}

#[test]
fn a_generated_drill_keeps_the_fog_too() {
    for seed in [3u64, 11] {
        let s = Arc::new(synthetic_scenario(&SyntheticSpec {
            operators: 40,
            injects: 8,
            seed,
            ..SyntheticSpec::default()
        }));
        let seats = player_seats(&s);
        for (i, seat) in seats.iter().enumerate().step_by(7) {
            drive(&s, *seat, seed * 100 + i as u64, 40, Lang::En);
        }
    }
}

#[test]
fn exercise_control_does_see_the_ground_truth() {
    // The checks can fail: control's board draws levels and names operators a fresh
    // NISC seat knows nothing of.
    let s = default_scenario();
    let mut app = App::new(s.clone(), s.seed, Lang::En, Some(Role::Control));
    jump(&mut app, 300);
    let frame = text(&draw(&app, 200, 50));
    assert!(frame.matches('%').count() >= 10, "{frame}");
    let nisc = Session::new(s.clone(), s.seed);
    let known = known_operators(&nisc, Role::Nisc);
    assert!(
        s.infra
            .operators
            .iter()
            .any(|o| !known.contains(&o.id) && names(&frame, &o.key)),
        "{frame}"
    );
    assert!(
        times_in(&frame)
            .iter()
            .any(|t| !known_times(&nisc, Role::Nisc).contains(t)),
        "{frame}"
    );
}

#[test]
fn an_evaluators_seat_sees_the_truth_and_offers_no_key_that_acts() {
    let s = default_scenario();
    let mut session = Session::new(s.clone(), s.seed);
    session.advance_to(Time(180));
    let host = rensa::tui::LocalHost::new(s.clone(), session);
    let mut app = App::observer(s.clone(), Box::new(host), Lang::En);
    let frame = text(&draw(&app, 200, 50));
    assert!(
        frame.matches('%').count() >= 10,
        "control's truth:\n{frame}"
    );
    let shown: Vec<&str> = app.bindings().iter().map(|b| b.shown).collect();
    for k in ["3", "4", "7", "Space", "n", "g", "r", "t", "w", "l"] {
        assert!(!shown.contains(&k), "{k} offered: {shown:?}");
    }
    for c in ['3', '4', '7', ' ', 'n', 'l'] {
        key(&mut app, KeyCode::Char(c));
    }
    for _ in 0..8 {
        key(&mut app, KeyCode::Tab);
        assert!(
            ![Screen::Actions, Screen::Compose, Screen::Control].contains(&app.screen()),
            "{:?}",
            app.screen()
        );
    }
    assert!(app.session().log().is_empty());
    assert_eq!(app.session().now(), Time(180));
}
