//! The terminal UI's frame costs: drawing a screen (`App::draw` into a test buffer)
//! and one clock tick at top speed (an hour of simulated time per second, one 50 ms
//! frame's worth), on the default drill and on a national-scale generated graph of 3,000
//! operators. Run with `cargo bench --bench tui`.

use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rensa::model::Scenario;
use rensa::model::drill::Role;
use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
use rensa::present::Lang;
use rensa::session::Session;
use rensa::tui::{App, Msg};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

static DEFAULT: LazyLock<Arc<Scenario>> =
    LazyLock::new(|| Arc::new(rensa::scenario::load_default_fingerprinted().0));

static NATIONAL: LazyLock<Arc<Scenario>> = LazyLock::new(|| {
    Arc::new(synthetic_scenario(&SyntheticSpec {
        operators: 3_000,
        services_per_operator: 3,
        edges: 30_000,
        regions: 47,
        injects: 100,
        ..SyntheticSpec::default()
    }))
});

/// An app seated at `seat`, jumped to T+12h.
fn app(s: &Arc<Scenario>, seat: Role) -> App {
    let players: Vec<Role> = if seat == Role::Control {
        Vec::new()
    } else {
        vec![seat]
    };
    let mut session = Session::with_players(s.clone(), s.seed, &players);
    session.advance_to(rensa::model::Time(720));
    let mut app = App::with_session(s.clone(), session, Lang::Ja);
    app.seat_at_start(seat);
    app.update(Msg::Tick(Duration::ZERO));
    app
}

fn draw(bencher: Bencher, s: &Arc<Scenario>, seat: Role) {
    let app = app(s, seat);
    let mut t = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    bencher.bench_local(|| {
        t.draw(|f| app.draw(f)).expect("draw");
    });
}

fn tick(bencher: Bencher, s: &Arc<Scenario>) {
    bencher
        .with_inputs(|| {
            let mut a = app(s, Role::Control);
            a.set_speed(60);
            a.update(Msg::char(' '));
            a
        })
        .bench_local_values(|mut a| {
            // 50 ms at 60 simulated minutes per second: 3 minutes of drill.
            a.update(Msg::Tick(Duration::from_millis(50)));
            a
        });
}

#[divan::bench]
fn draw_control_default(b: Bencher) {
    draw(b, &DEFAULT, Role::Control);
}

#[divan::bench]
fn draw_control_national(b: Bencher) {
    draw(b, &NATIONAL, Role::Control);
}

#[divan::bench]
fn draw_operator_national(b: Bencher) {
    draw(b, &NATIONAL, Role::Operator(rensa::model::OperatorId(0)));
}

#[divan::bench]
fn tick_top_speed_default(b: Bencher) {
    tick(b, &DEFAULT);
}

#[divan::bench(sample_count = 20)]
fn tick_top_speed_national(b: Bencher) {
    tick(b, &NATIONAL);
}

fn main() {
    divan::main();
}
