//! A scenario prepared once and shared by many runs (`session::Prepared`) gives every run
//! exactly the outcome of a fresh `Session` on that scenario: sharing leaks no state from
//! one run into another, whatever the order, the seeds, the players or the options.

use rensa::model::Scenario;
use rensa::model::drill::{LoggedAction, Role};
use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
use rensa::session::{EngineOptions, Prepared, Session};
use std::path::Path;
use std::sync::Arc;

/// Everything a run produced, to the last digit (`Debug` prints every `f64` exactly).
fn fingerprint(outcome: &rensa::engine::Outcome) -> String {
    format!("{outcome:?}")
}

fn fresh(scenario: &Arc<Scenario>, seed: u64, players: &[Role], options: EngineOptions) -> String {
    fingerprint(&Session::with_options(scenario.clone(), seed, players, options).finish())
}

fn scenarios() -> Vec<(String, Arc<Scenario>)> {
    let mut out = vec![(
        "default".to_string(),
        Arc::new(rensa::scenario::load_default()),
    )];
    for name in ["cold-snap-scada", "telecom-ddos", "worm-finance-government"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(format!("{name}.ron"));
        let scenario = rensa::scenario::load_path(&path).expect("a bundled scenario loads");
        out.push((name.to_string(), Arc::new(scenario)));
    }
    out.push((
        "synthetic".to_string(),
        Arc::new(synthetic_scenario(&SyntheticSpec::default())),
    ));
    out
}

#[test]
fn runs_from_one_prepared_scenario_equal_fresh_sessions_in_any_order() {
    let no_timeline = EngineOptions { timeline: false };
    for (name, scenario) in scenarios() {
        let prepared = Prepared::new(scenario.clone());
        let players = [Role::Nisc];
        let expected: Vec<String> = (1..=3)
            .map(|seed| fresh(&scenario, seed, &[], EngineOptions::default()))
            .collect();
        let expected_played = fresh(&scenario, 2, &players, EngineOptions::default());
        let expected_quiet = fresh(&scenario, 3, &[], no_timeline);
        assert_ne!(
            expected[0], expected[1],
            "{name}: seeds must tell runs apart"
        );
        // Interleaved: the seeds in turn, a run with a player and one without a timeline
        // in between, several times over the same prepared scenario.
        for round in 0..4 {
            for seed in [3, 1, 2] {
                let run = Session::from_prepared(&prepared, seed, &[], EngineOptions::default());
                assert_eq!(
                    fingerprint(&run.finish()),
                    expected[seed as usize - 1],
                    "{name}: seed {seed}, round {round}"
                );
            }
            let played = Session::from_prepared(&prepared, 2, &players, EngineOptions::default());
            assert_eq!(
                played.players(),
                Session::with_players(scenario.clone(), 2, &players).players()
            );
            assert_eq!(
                fingerprint(&played.finish()),
                expected_played,
                "{name}: played, round {round}"
            );
            let quiet = Session::from_prepared(&prepared, 3, &[], no_timeline);
            assert_eq!(
                fingerprint(&quiet.finish()),
                expected_quiet,
                "{name}: quiet, round {round}"
            );
        }
    }
}

#[test]
fn sessions_alive_at_once_on_one_prepared_scenario_do_not_disturb_each_other() {
    let scenario = Arc::new(rensa::scenario::load_default());
    let prepared = Prepared::new(scenario.clone());
    let seeds = [5u64, 6, 5, 7];
    let mut runs: Vec<Session> = seeds
        .iter()
        .map(|&s| Session::from_prepared(&prepared, s, &[], EngineOptions::default()))
        .collect();
    // Step them in turn, an event's minute at a time, until all are finished.
    while runs.iter().any(|r| !r.is_finished()) {
        for r in runs.iter_mut() {
            r.step();
        }
    }
    for (seed, run) in seeds.iter().zip(runs) {
        assert_eq!(
            fingerprint(&run.finish()),
            fresh(&scenario, *seed, &[], EngineOptions::default()),
            "seed {seed}"
        );
    }
}

#[test]
fn a_recorded_drill_replays_the_same_from_a_prepared_scenario() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let log_path = root.join("scenarios/drills/ddos-response.ron");
    let text = std::fs::read_to_string(&log_path).expect("the bundled drill log");
    let log = rensa::scenario::drill_log::parse_log("ddos-response.ron", &text).expect("parses");
    let scenario_path = log_path.parent().unwrap().join(&log.scenario);
    let scenario = Arc::new(rensa::scenario::load_path(&scenario_path).expect("loads"));
    let resolved =
        rensa::scenario::drill_log::resolve("ddos-response.ron", &text, &log.file, &scenario)
            .expect("the log fits its scenario");
    let actions: &[LoggedAction] = &resolved.actions;
    assert!(!actions.is_empty());
    let want = Session::replay(scenario.clone(), log.seed, &resolved.players, actions);
    let prepared = Prepared::new(scenario.clone());
    for _ in 0..3 {
        // A plain run of another seed in between must not change the replay.
        let other = Session::from_prepared(&prepared, log.seed + 1, &[], EngineOptions::default());
        let _ = other.finish();
        let mut s = Session::from_prepared(
            &prepared,
            log.seed,
            &resolved.players,
            EngineOptions::default(),
        );
        let refused = s.play(actions, None);
        assert_eq!(refused, want.refusals);
        assert_eq!(s.log(), actions);
        assert_eq!(fingerprint(&s.finish()), fingerprint(&want.outcome));
    }
}
