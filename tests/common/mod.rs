//! Helpers shared by the integration tests.
#![allow(dead_code)]

use rensa::engine::{Engine, Outcome};
use rensa::model::{Scenario, ServiceId};
use rensa::scenario::{NoFiles, load_str};
use rensa::summary::RunSummary;
use std::sync::Arc;

/// Loads an inline scenario, panicking with the diagnostics if it is invalid.
pub fn scenario(text: &str) -> Arc<Scenario> {
    match load_str("test.ron", text, &NoFiles) {
        Ok(s) => Arc::new(s),
        Err(e) => panic!("test scenario is invalid:\n{e}"),
    }
}

/// Runs a scenario to the end with its own seed.
pub fn run(s: &Arc<Scenario>) -> Outcome {
    let mut e = Engine::new(s.clone(), s.seed);
    e.run();
    e.outcome()
}

/// The summary of a run.
pub fn summary(s: &Arc<Scenario>) -> RunSummary {
    RunSummary::new(s, &run(s))
}

/// The id of a service by key.
pub fn sid(s: &Scenario, key: &str) -> ServiceId {
    match s.infra.lookup(key) {
        Some(rensa::model::Key::Service(id)) => id,
        other => panic!("{key} is not a service: {other:?}"),
    }
}

/// The (minute, level) points of a service's level changes.
pub fn levels(s: &Scenario, o: &Outcome, key: &str) -> Vec<(u64, f64)> {
    let id = sid(s, key);
    o.timeline
        .iter()
        .filter_map(|e| match &e.what {
            rensa::engine::timeline::Happening::LevelChanged { service, to, .. }
                if *service == id =>
            {
                Some((e.time.0, *to))
            }
            _ => None,
        })
        .collect()
}
