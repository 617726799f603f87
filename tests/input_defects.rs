//! Defects found by trying the product from outside: malformed input that made the data
//! layer loop, read without bound, leak file contents, mislead, or change values silently.
//! Each test here failed before its fix.

use rensa::scenario::{LoadError, drill_log};

/// Parses and resolves a drill log against the bundled default scenario.
fn log_result(text: &str) -> Result<drill_log::ResolvedLog, LoadError> {
    let scenario = rensa::scenario::load_default();
    let log = drill_log::parse_log("log.ron", text)?;
    drill_log::resolve("log.ron", text, &log.file, &scenario)
}

/// The rendered diagnostics of a refused drill log.
fn log_error(text: &str) -> String {
    match log_result(text) {
        Err(e) => e.to_string(),
        Ok(r) => panic!("log should be refused, got {r:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// 1. The span indexer
// ---------------------------------------------------------------------------------------

#[test]
fn locating_an_error_in_a_malformed_log_terminates() {
    // 59 bytes that made the indexer loop and allocate without bound.
    let text = r#"Drill(scenario: "default", seed: 1, players: Some["x(:"])"#;
    let shown = log_error(text);
    // `Some[…]` is transparent: the caret is under the offending player, not `Some`.
    assert!(shown.starts_with("log.ron:1:51: unknown role"), "{shown}");
    // The same after a byte string.
    let text = r#"Drill(scenario: "default", seed: 1, players: ["x(:", "nisc"], actions: [Act(at: "1h", role: br"x(:", do: RestoreFromBackup)])"#;
    let _ = log_result(text);
}
