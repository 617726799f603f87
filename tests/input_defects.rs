//! Defects found by trying the product from outside: malformed input that made the data
//! layer loop, read without bound, leak file contents, mislead, or change values silently.
//! Each test here failed before its fix.

mod common;

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

// ---------------------------------------------------------------------------------------
// 2. Files: a size limit, and no file content beyond the offending line
// ---------------------------------------------------------------------------------------

/// Writes `files` (name, bytes) into a fresh directory and returns it.
fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write fixture");
    }
    dir
}

/// Loads `name` from `dir` from disk and renders its error.
fn load_error_at(dir: &tempfile::TempDir, name: &str) -> String {
    match rensa::scenario::load_path(&dir.path().join(name)) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("{name} should be refused"),
    }
}

#[cfg(unix)]
#[test]
fn an_endless_infrastructure_file_stops_at_the_size_limit() {
    let dir = dir_with(&[(
        "s.ron",
        br#"Scenario(name: "x", duration: "6h", infrastructure: File("/dev/zero"))"#,
    )]);
    let shown = load_error_at(&dir, "s.ron");
    assert!(shown.contains("/dev/zero"), "{shown}");
    assert!(shown.contains("16 MiB"), "{shown}");
}

#[test]
fn an_input_file_over_the_limit_is_refused_naming_the_file_and_the_limit() {
    let limit = rensa::scenario::MAX_INPUT_BYTES as usize;
    let mut big = b"Scenario(name: \"x\", duration: \"6h\")".to_vec();
    big.resize(limit + 1, b' ');
    let dir = dir_with(&[("big.ron", &big)]);
    let shown = load_error_at(&dir, "big.ron");
    assert!(shown.contains("big.ron"), "{shown}");
    assert!(shown.contains("larger than the 16 MiB limit"), "{shown}");
    // Exactly at the limit is fine.
    big.truncate(limit);
    let dir = dir_with(&[("ok.ron", &big)]);
    rensa::scenario::load_path(&dir.path().join("ok.ron")).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_file_that_is_not_ron_is_not_echoed() {
    let dir = dir_with(&[
        (
            "s.ron",
            br#"Scenario(name: "x", duration: "6h", infrastructure: File("passwd"))"#,
        ),
        (
            "passwd",
            b"root:x:0:0:secret-one:/root:/bin/bash\nalice:x:1000:1000:secret-two:/home/a:/bin/sh\n",
        ),
    ]);
    let shown = load_error_at(&dir, "s.ron");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains("passwd:1:1:"), "{shown}");
    assert!(shown.contains("does not look like"), "{shown}");
}

#[test]
fn only_the_offending_line_is_shown_and_it_is_truncated() {
    let long = format!(
        "Infrastructure(name: \"x\", operators: [], dependencies: [], oops: 1, note: \"{}\")\nsecond line secret\n",
        "y".repeat(400)
    );
    let dir = dir_with(&[
        (
            "s.ron",
            br#"Scenario(name: "x", duration: "6h", infrastructure: File("i.ron"))"#,
        ),
        ("i.ron", long.as_bytes()),
    ]);
    let shown = load_error_at(&dir, "s.ron");
    assert!(!shown.contains("secret"), "{shown}");
    // The quoted line is the row after the gutter: `1 | …`.
    let quoted = shown
        .lines()
        .find_map(|l| l.strip_prefix("1 | "))
        .expect("the offending line is quoted");
    assert!(quoted.chars().count() <= 121, "{quoted}");
    assert!(shown.contains('…'), "{shown}");
}

#[test]
fn a_drill_log_over_the_limit_is_refused_by_the_cli() {
    let limit = rensa::scenario::MAX_INPUT_BYTES as usize;
    let mut big = b"Drill(scenario: \"default\", seed: 1)".to_vec();
    big.resize(limit + 1, b' ');
    let dir = dir_with(&[("big.ron", &big)]);
    let path = dir.path().join("big.ron");
    let out = common::rensa(&["replay", path.to_str().expect("utf-8 temp path")]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("16 MiB limit"), "{}", out.stderr);
}
