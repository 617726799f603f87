//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test module uses part of it

use rensa::engine::{Engine, Outcome};
use rensa::model::{Scenario, ServiceId};
use rensa::present::{Lang, Report};
use rensa::scenario::{NoFiles, load_str};
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
    e.into_outcome()
}

/// The report of a run, in English.
pub fn summary(s: &Arc<Scenario>) -> Report {
    Report::new(s, &run(s), Lang::En)
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

/// What a run of the `rensa` binary printed, and how it exited.
#[derive(Debug)]
pub struct CliOutput {
    /// Exit code (None if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the `rensa` binary built for these tests with `args`, in directory `dir`.
pub fn rensa_in(dir: &std::path::Path, args: &[&str]) -> CliOutput {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the rensa binary runs");
    CliOutput {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs the `rensa` binary from the package root, so paths such as
/// `tests/fixtures/...` and `scenarios/...` resolve and show up as written.
pub fn rensa(args: &[&str]) -> CliOutput {
    rensa_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Loads a scenario file (path relative to the package root, as `rensa validate` would be
/// given it) and returns its diagnostics, panicking if it loads or cannot be read.
pub fn diagnostics_of(path: &str) -> rensa::scenario::Diagnostics {
    match rensa::scenario::load_path(std::path::Path::new(path)) {
        Ok(_) => panic!("{path} should be invalid but loaded"),
        Err(rensa::scenario::LoadError::Invalid(d)) => d,
        Err(e) => panic!("{path}: expected diagnostics, got: {e}"),
    }
}
