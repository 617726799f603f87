//! The engine on generated scenarios (the generator lives in the model, which may not
//! name the engine, so this test lives here).

use rensa::engine::Engine;
use rensa::model::Time;
use rensa::model::generate::{SyntheticSpec, synthetic_scenario};
use std::sync::Arc;

#[test]
fn the_engine_runs_a_synthetic_scenario_to_the_end() {
    let spec = SyntheticSpec {
        operators: 200,
        services_per_operator: 2,
        edges: 1_000,
        regions: 10,
        injects: 40,
        ..SyntheticSpec::default()
    };
    let s = Arc::new(synthetic_scenario(&spec));
    let mut engine = Engine::new(s.clone(), s.seed);
    engine.run();
    assert!(engine.is_finished());
    assert_eq!(engine.now(), Time(spec.duration.0));
    assert!(engine.events_handled() > spec.injects as u64);
    for svc in &s.infra.services {
        let level = engine.level(svc.id);
        assert!((0.0..=1.0).contains(&level), "{} {level}", svc.key);
    }
    // Same seed, same run.
    let mut again = Engine::new(s.clone(), s.seed);
    again.run();
    assert_eq!(again.events_handled(), engine.events_handled());
    assert_eq!(again.timeline().len(), engine.timeline().len());
}
