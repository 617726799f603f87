//! Defects found by trying the product from outside: malformed input that made the data
//! layer loop, read without bound, leak file contents, mislead, or change values silently.
//! Each test here failed before its fix.

use crate::common;

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
fn an_endless_infrastructure_file_is_refused() {
    // Refused before a byte is read: inputs are regular files only (issue 26; it used to
    // stop at the size limit).
    let dir = dir_with(&[(
        "s.ron",
        br#"Scenario(name: "x", duration: "6h", infrastructure: File("/dev/zero"))"#,
    )]);
    let shown = load_error_at(&dir, "s.ron");
    assert!(shown.contains("/dev/zero"), "{shown}");
    assert!(shown.contains("not a regular file"), "{shown}");
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
    assert!(!shown.contains("root"), "{shown}");
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

// ---------------------------------------------------------------------------------------
// 3. Messages that say what was expected, where
// ---------------------------------------------------------------------------------------

/// The rendered diagnostics of a refused inline scenario.
fn scenario_error(text: &str) -> String {
    match rensa::scenario::load_str("x.ron", text, &rensa::scenario::NoFiles) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("scenario should be refused:\n{text}"),
    }
}

#[test]
fn a_fractional_or_negative_seed_says_what_a_seed_is() {
    for (text, col) in [
        (r#"Scenario(name: "x", duration: "6h", seed: -0.5)"#, 43),
        (r#"Scenario(name: "x", duration: "6h", seed: -3)"#, 43),
        (r#"Scenario(name: "x", duration: "6h", seed: 2.5)"#, 43),
        (
            r#"Scenario(name: "x", duration: "6h", seed: 18446744073709551616)"#,
            43,
        ),
    ] {
        let shown = scenario_error(text);
        assert!(
            shown.starts_with(&format!(
                "x.ron:1:{col}: the seed must be a non-negative integer"
            )),
            "{shown}"
        );
    }
    let shown = log_error(r#"Drill(scenario: "default", seed: -0.5)"#);
    assert!(
        shown.starts_with("log.ron:1:34: the seed must be a non-negative integer"),
        "{shown}"
    );
}

#[test]
fn a_malformed_duration_says_what_a_duration_looks_like() {
    for text in [
        r#"Scenario(name: "x", duration: 1.5)"#,
        r#"Scenario(name: "x", duration: true)"#,
        r#"Scenario(name: "x", duration: ("6h"))"#,
    ] {
        let shown = scenario_error(text);
        assert!(shown.starts_with("x.ron:1:31: "), "{shown}");
        assert!(
            shown.contains(r#"expected a duration such as "90m", "12h", "3d" or "1d12h""#),
            "{shown}"
        );
        assert!(!shown.contains("untagged"), "{shown}");
    }
}

#[test]
fn a_byte_order_mark_is_skipped_and_positions_stay_right() {
    let text = "\u{feff}Scenario(name: \"x\", duration: \"6h\")";
    rensa::scenario::load_str("x.ron", text, &rensa::scenario::NoFiles)
        .unwrap_or_else(|e| panic!("{e}"));
    let shown = scenario_error("\u{feff}Scenario(name: \"x\", duration: \"6x\")");
    assert!(shown.starts_with("x.ron:1:31: "), "{shown}");
    let log = "\u{feff}Drill(scenario: \"default\", seed: 1)";
    log_result(log).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let dir = dir_with(&[("s.ron", b"Scenario(\n  name: \"ab\xffc\",\n)")]);
    let shown = load_error_at(&dir, "s.ron");
    assert!(
        shown.contains("s.ron:2:12: invalid UTF-8 (byte offset 21)"),
        "{shown}"
    );
}

#[test]
fn a_role_without_its_id_says_how_a_role_is_written() {
    let cases = [
        (
            "operator",
            "an operator role is written `operator:<operator-id>`",
        ),
        (
            "operator:",
            "an operator role is written `operator:<operator-id>`",
        ),
        ("ceptor", "a CEPTOR role is written `ceptor:<sector>`"),
        (
            "ministry",
            "a ministry role is written `ministry:<ministry>`",
        ),
    ];
    for (role, expected) in cases {
        let text = format!(
            r#"Drill(scenario: "default", seed: 1, actions: [Act(at: "1h", role: "{role}", do: RestoreFromBackup)])"#
        );
        let shown = log_error(&text);
        assert!(shown.starts_with("log.ron:1:67: "), "{shown}");
        assert!(shown.contains(expected), "{shown}");
        assert!(!shown.contains("unknown operator \"\""), "{shown}");
    }
    // An operator id written without its role kind: suggest the role.
    let shown = log_error(
        r#"Drill(scenario: "default", seed: 1, actions: [Act(at: "1h", role: "hinode-comm", do: RestoreFromBackup)])"#,
    );
    assert!(
        shown.contains("did you mean \"operator:hinode-comm\"?"),
        "{shown}"
    );
    let shown = log_error(
        r#"Drill(scenario: "default", seed: 1, actions: [Act(at: "1h", role: "operater:hinode-comm", do: RestoreFromBackup)])"#,
    );
    assert!(
        shown.contains("did you mean \"operator:hinode-comm\"?"),
        "{shown}"
    );
}

#[test]
fn an_action_at_the_end_says_when_the_drill_ends_and_the_last_minute() {
    // The default drill runs 72h.
    let shown = log_error(
        r#"Drill(scenario: "default", seed: 1, actions: [Act(at: "72h", role: "operator:hinode-comm", do: RestoreFromBackup)])"#,
    );
    assert!(
        shown.contains(
            "the drill ends at T+72:00; the last minute an action can be taken is T+71:59"
        ),
        "{shown}"
    );
}

// ---------------------------------------------------------------------------------------
// 4. Ids use a safe alphabet; names hold no terminal controls
// ---------------------------------------------------------------------------------------

/// An inline infrastructure with one operator whose id, service id, name and region are
/// given, around one inject with id `inject`.
fn with_ids(op: &str, svc: &str, name: &str, region: &str, inject: &str) -> String {
    format!(
        r#"Scenario(name: "x", duration: "6h", infrastructure: Inline(Infrastructure(operators: [
    Operator(id: "{op}", name: "{name}", sector: Water, region: "{region}",
        services: [Service(id: "{svc}", name: "S", population: 1, required: 0.5)]),
])),
injects: [Inject(id: "{inject}", at: "1h", target: Sector(Water),
    kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("1h")))])"#
    )
}

#[test]
fn ids_outside_the_safe_alphabet_are_refused_where_they_are_written() {
    let ok = with_ids(
        "water.co",
        "water_co/supply-1",
        "水道 Co.\tLtd",
        "kanto",
        "i-1",
    );
    rensa::scenario::load_str("x.ron", &ok, &rensa::scenario::NoFiles)
        .unwrap_or_else(|e| panic!("{e}"));
    let long = "a".repeat(65);
    let cases: [(String, &str); 6] = [
        (
            with_ids("w\x1b[31m", "w/s", "W", "kanto", "i"),
            "2:18: operator id",
        ),
        (
            with_ids("w", "w/s\n", "W", "kanto", "i"),
            "3:32: service id",
        ),
        (with_ids("w", "w/s", "W", "kan to", "i"), "2:57: region"),
        (with_ids("w", "w/s", "W", "kanto", ""), "5:22: inject id"),
        (with_ids("w", "w/s", "W", "kanto", &long), "5:22: inject id"),
        (
            with_ids("w\u{202e}", "w/s", "W", "kanto", "i"),
            "2:18: operator id",
        ),
    ];
    for (text, at) in &cases {
        let shown = scenario_error(text);
        assert!(shown.starts_with(&format!("x.ron:{at}")), "{shown}");
        assert!(
            shown.contains("ASCII letters, digits, '-', '_', '.' and '/'"),
            "{shown}"
        );
        assert!(!shown.contains('\x1b'), "raw escape printed:\n{shown}");
        assert!(
            !shown.contains('\u{202e}'),
            "raw bidi override printed:\n{shown}"
        );
    }
}

#[test]
fn names_with_control_or_bidi_characters_are_refused() {
    for name in [
        "W\x1b]0;pwned\x07",
        "W\u{202e}gnp.exe",
        "W\u{85}",
        "W\u{2066}",
    ] {
        let shown = scenario_error(&with_ids("w", "w/s", name, "kanto", "i"));
        assert!(shown.starts_with("x.ron:2:29: operator name"), "{shown}");
        assert!(
            !shown
                .chars()
                .any(|c| c == '\x1b' || c == '\u{202e}' || c == '\u{2066}' || c == '\u{85}'),
            "{shown:?}"
        );
    }
    // A scenario name and a drill log's message text are free text too.
    let shown = scenario_error("Scenario(name: \"x\x1b[2J\", duration: \"6h\")");
    assert!(shown.starts_with("x.ron:1:16: scenario name"), "{shown}");
    let shown = log_error(
        "Drill(scenario: \"default\", seed: 1, actions: [Act(at: \"1h\", role: \"nisc\", do: Send(to: [Council], kind: Alert, label: Green, text: \"hi\x1b[2J\"))])",
    );
    assert!(shown.contains("message text contains"), "{shown}");
    assert!(!shown.contains('\x1b'), "{shown:?}");
}

// ---------------------------------------------------------------------------------------
// 5. Nothing clamped or ignored without a word
// ---------------------------------------------------------------------------------------

#[test]
fn durations_over_the_maximum_are_refused() {
    let max = rensa::scenario::schema::MAX_DURATION;
    assert_eq!(max.0, 100 * 365 * 24 * 60);
    let recovery = |r: &str| {
        format!(
            r#"Scenario(name: "x", duration: "6h", injects: [Inject(at: "1h", target: Sector(Water),
    kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: {r}))])"#
        )
    };
    for r in [
        r#"Fixed("10000000000000000000m")"#,
        r#"Uniform(min: "1h", max: "52560001m")"#,
        r#"LogNormal(median: "36500d1m", sigma: 0.5)"#,
    ] {
        let shown = scenario_error(&recovery(r));
        assert!(
            shown.contains("longer than the maximum 36500d"),
            "{r}: {shown}"
        );
    }
    // At the maximum is fine.
    rensa::scenario::load_str(
        "x.ron",
        &recovery(r#"Fixed("36500d")"#),
        &rensa::scenario::NoFiles,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for text in [
        r#"Scenario(name: "x", duration: 10000000000000000000)"#,
        r#"Scenario(name: "x", duration: "36501d")"#,
        r#"Scenario(name: "x", duration: "6h", parameters: (support_travel: "99999999h"))"#,
    ] {
        let shown = scenario_error(text);
        assert!(shown.contains("longer than the maximum 36500d"), "{shown}");
    }
}

#[test]
fn incident_and_incident_no_together_are_refused() {
    let shown = log_error(
        r#"Drill(scenario: "default", seed: 1, actions: [Act(at: "1h", role: "nisc", do: Send(to: [Council], kind: Alert, label: Green, incident: "ddos-dns", incident_no: 3))])"#,
    );
    assert!(
        shown.contains("both `incident` and `incident_no`"),
        "{shown}"
    );
}

#[test]
fn until_past_the_end_warns_and_runs_to_the_end() {
    let out = common::rensa(&["run", "--until", "100h"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "warning: --until 100h is past the end of the drill (72h); running to the end"
        ),
        "{}",
        out.stderr
    );
    let full = common::rensa(&["run"]);
    assert_eq!(out.stdout, full.stdout);
}

#[test]
fn until_needs_a_unit() {
    let out = common::rensa(&["run", "--until", "12"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("\"12h\""), "{}", out.stderr);
    assert!(out.stderr.contains("\"12m\""), "{}", out.stderr);
    let out = common::rensa(&["run", "--until", "12h", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------
// 6. Drill logs record what they were played on
// ---------------------------------------------------------------------------------------

/// A copy of the small chain (its infrastructure inline) and a log on it, and a scenario
/// on the small infrastructure file with a log on that, in a fresh directory; `stamp`
/// adds the hashes of the files as they are now.
fn drill_dir(stamp: bool) -> tempfile::TempDir {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let scenario = std::fs::read_to_string(root.join("small-chain.ron")).expect("fixture");
    let infra = std::fs::read_to_string(root.join("small-infra.ron")).expect("fixture");
    let filed =
        r#"Scenario(name: "filed", duration: "12h", infrastructure: File("small-infra.ron"))"#;
    let hash = rensa::scenario::source_hash;
    let (hashes, filed_hashes) = if stamp {
        (
            format!("scenario_hash: \"{}\",", hash(&scenario)),
            format!(
                "scenario_hash: \"{}\", infrastructure_hash: \"{}\",",
                hash(filed),
                hash(&infra)
            ),
        )
    } else {
        (String::new(), String::new())
    };
    let log = format!(
        r#"Drill(scenario: "small-chain.ron", {hashes} seed: 5, actions: [
    Act(at: "2h", role: "operator:tel", do: SwitchToBackup(service: "tel/net")),
])"#
    );
    let filed_log = format!(r#"Drill(scenario: "filed.ron", {filed_hashes} seed: 5)"#);
    dir_with(&[
        ("small-chain.ron", scenario.as_bytes()),
        ("small-infra.ron", infra.as_bytes()),
        ("log.ron", log.as_bytes()),
        ("filed.ron", filed.as_bytes()),
        ("filed-log.ron", filed_log.as_bytes()),
    ])
}

fn path_in(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path()
        .join(name)
        .to_str()
        .expect("utf-8 temp path")
        .to_string()
}

#[test]
fn the_source_hash_is_stable_fnv1a_over_the_canonical_text() {
    // FNV-1a 64 of the empty text is its offset basis.
    assert_eq!(rensa::scenario::source_hash(""), "cbf29ce484222325");
    assert_eq!(rensa::scenario::source_hash("a"), "af63dc4c8601ec8c");
    // A byte-order mark and CRLF line ends do not count as changes.
    assert_eq!(
        rensa::scenario::source_hash("\u{feff}x\r\ny\n"),
        rensa::scenario::source_hash("x\ny\n")
    );
}

#[test]
fn a_stamped_log_replays_silently_and_refuses_a_changed_scenario() {
    let dir = drill_dir(true);
    let log = path_in(&dir, "log.ron");
    let out = common::rensa(&["replay", &log]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let out = common::rensa(&["run", &path_in(&dir, "small-chain.ron"), "--actions", &log]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");

    // Change the scenario after recording.
    let scenario = dir.path().join("small-chain.ron");
    let text = std::fs::read_to_string(&scenario).unwrap() + "\n// edited\n";
    std::fs::write(&scenario, text).unwrap();
    for args in [
        vec!["replay", log.as_str()],
        vec!["run", scenario.to_str().unwrap(), "--actions", log.as_str()],
    ] {
        let out = common::rensa(&args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("log.ron:1:"), "{}", out.stderr);
        assert!(
            out.stderr
                .contains("the scenario changed since this log was recorded"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("--allow-changed"), "{}", out.stderr);
        // With --allow-changed: a warning, and the run goes on.
        let mut allowed = args.clone();
        allowed.push("--allow-changed");
        let out = common::rensa(&allowed);
        assert_eq!(out.code, Some(0), "{allowed:?}: {}", out.stderr);
        assert!(
            out.stderr.contains(": warning: the scenario changed"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn a_changed_infrastructure_is_refused_too() {
    let dir = drill_dir(true);
    let out = common::rensa(&["replay", &path_in(&dir, "filed-log.ron")]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let infra = dir.path().join("small-infra.ron");
    let text = std::fs::read_to_string(&infra).unwrap() + "\n// edited\n";
    std::fs::write(&infra, text).unwrap();
    let out = common::rensa(&["replay", &path_in(&dir, "filed-log.ron")]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the infrastructure changed since this log was recorded"),
        "{}",
        out.stderr
    );
}

#[test]
fn run_refuses_a_log_recorded_on_another_scenario() {
    for stamp in [true, false] {
        let dir = drill_dir(stamp);
        let out = common::rensa(&[
            "run",
            &path_in(&dir, "filed.ron"),
            "--actions",
            &path_in(&dir, "log.ron"),
        ]);
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert!(
            out.stderr.contains("was recorded on \"small-chain.ron\""),
            "{}",
            out.stderr
        );
    }
    // The bundled log is on the default drill, so not on the worm scenario.
    let out = common::rensa(&[
        "run",
        "scenarios/worm-finance-government.ron",
        "--actions",
        "scenarios/drills/ddos-response.ron",
    ]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn a_log_without_hashes_loads_with_a_warning() {
    let dir = drill_dir(false);
    let out = common::rensa(&["replay", &path_in(&dir, "log.ron")]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("log.ron:1:17: warning: this log records no scenario_hash"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_bundled_drill_log_matches_its_scenario() {
    // If this fails after an edit of the default drill or graph, re-record the log or
    // update its hashes to the values printed.
    let log = std::fs::read_to_string("scenarios/drills/ddos-response.ron").unwrap();
    let scenario = std::fs::read_to_string("scenarios/telecom-ddos.ron").unwrap();
    let infra = std::fs::read_to_string("assets/japan.ron").unwrap();
    let want = format!(
        "scenario_hash: \"{}\",\n    infrastructure_hash: \"{}\",",
        rensa::scenario::source_hash(&scenario),
        rensa::scenario::source_hash(&infra)
    );
    assert!(
        log.contains(&want),
        "the bundled log should carry\n    {want}"
    );
}

#[test]
fn a_fingerprinted_log_round_trips_its_hashes() {
    let (scenario, fingerprint) = rensa::scenario::load_default_fingerprinted();
    assert_eq!(
        fingerprint.scenario,
        rensa::scenario::source_hash(rensa::scenario::DEFAULT_SCENARIO)
    );
    assert_eq!(
        fingerprint.infrastructure.as_deref(),
        Some(rensa::scenario::source_hash(rensa::scenario::DEFAULT_INFRA).as_str())
    );
    let text = drill_log::to_ron_fingerprinted(
        "default",
        Some(&fingerprint),
        1,
        &[],
        &[],
        &scenario,
        &|_| None,
    );
    let log = drill_log::parse_log("log.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.file.scenario_hash, Some(fingerprint.scenario.clone()));
    let warnings =
        drill_log::check_recorded("log.ron", &text, &log.file, &fingerprint, None, false)
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_policy_role_without_its_id_says_how_a_role_is_written() {
    let shown = scenario_error(
        r#"Scenario(name: "x", duration: "6h", policies: Custom([Policy(roles: [Role("operator")], rules: [])]))"#,
    );
    assert!(
        shown.contains("an operator role is written `operator:<operator-id>`"),
        "{shown}"
    );
}
