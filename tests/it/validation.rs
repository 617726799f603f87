//! Scenario and drill-log validation: every class of mistake an author makes is reported
//! as `file:line:column: message` pointing at the offending value, with a suggestion where
//! one can be guessed, and every problem of a file is reported in one pass.
//!
//! Fixtures live in tests/fixtures/invalid (scenarios) and tests/fixtures/drills (drill
//! logs). Paths are relative to the package root, where cargo runs integration tests, so
//! they appear in messages exactly as a user would type them.

use crate::common;
use common::*;

use rensa::scenario::{Diagnostic, Diagnostics, LoadError, NoFiles, drill_log, load_str};
use std::path::Path;

/// (line, column, message) of each diagnostic, in order.
fn located(d: &Diagnostics) -> Vec<(usize, usize, &str)> {
    d.0.iter()
        .map(|x| (x.pos.line, x.pos.col, x.message.as_str()))
        .collect()
}

/// Checks that a diagnostic renders as `file:line:col: message` and that the text of its
/// line, from its column on, starts with `value`: the caret is under the offending value.
#[track_caller]
fn assert_points_at(d: &Diagnostic, file: &str, value: &str) {
    let header = format!("{file}:{}:{}: {}", d.pos.line, d.pos.col, d.message);
    let rendered = d.to_string();
    assert!(
        rendered.starts_with(&header),
        "rendered diagnostic does not start with {header:?}:\n{rendered}"
    );
    let line = d.line_text.as_deref().expect("the offending line is shown");
    let from: String = line.chars().skip(d.pos.col - 1).collect();
    assert!(
        from.starts_with(value),
        "{}:{}: expected the caret under {value:?}, but it is under {from:?}\n{rendered}",
        d.pos.line,
        d.pos.col
    );
}

fn help(d: &Diagnostic) -> Option<&str> {
    d.help.as_deref()
}

// ---------------------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_ids_are_refused_with_a_did_you_mean_suggestion() {
    let file = "tests/fixtures/invalid/unknown-ids.ron";
    let d = diagnostics_of(file);
    assert_eq!(
        located(&d),
        vec![
            (9, 53, "unknown operator \"powr\" (at injects[0].target[0])"),
            (
                11,
                53,
                "unknown service \"tel/nett\" (at injects[1].target[0])"
            ),
            (
                13,
                52,
                "unknown IT system \"power/emss\" (at injects[2].target[0])"
            ),
            (15, 61, "unknown region \"eastt\" (at injects[3].target[0])"),
            (
                17,
                62,
                "unknown service \"zzzzzz\" (at injects[4].target[0])"
            ),
            (
                19,
                61,
                "\"tel/net\" is a service, not an operator (at injects[5].target[0])"
            ),
        ]
    );
    let helps: Vec<Option<&str>> = d.0.iter().map(help).collect();
    assert_eq!(
        helps,
        vec![
            Some("did you mean \"power\"?"),
            Some("did you mean \"tel/net\"?"),
            Some("did you mean \"power/ems\"?"),
            Some("did you mean \"east\"?"),
            // Nothing close: point to the command that lists ids instead of guessing.
            Some("`rensa list` shows the service ids"),
            // An id of the wrong kind: say how to target what it names.
            Some("to target it, write Service(\"tel/net\")"),
        ]
    );
    for (diag, value) in d.0.iter().zip([
        "\"powr\"",
        "\"tel/nett\"",
        "\"power/emss\"",
        "\"eastt\"",
        "\"zzzzzz\"",
        "\"tel/net\"",
    ]) {
        assert_points_at(diag, file, value);
    }
    insta::assert_snapshot!("unknown_ids", d.to_string());
}

#[test]
fn an_unknown_operator_in_the_bundled_graph_suggests_the_real_id() {
    let text = r#"Scenario(name: "typo", duration: "6h", injects: [
    Inject(at: "1h", target: Operator("kanto-powr"),
        kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("1h"))),
])"#;
    let Err(LoadError::Invalid(d)) = load_str("typo.ron", text, &NoFiles) else {
        panic!("should be refused");
    };
    assert_eq!(
        located(&d),
        vec![(
            2,
            39,
            "unknown operator \"kanto-powr\" (at injects[0].target[0])"
        )]
    );
    assert_eq!(help(&d.0[0]), Some("did you mean \"kanto-power\"?"));
    assert_points_at(&d.0[0], "typo.ron", "\"kanto-powr\"");
}

#[test]
fn injects_at_or_after_the_end_of_the_run_are_refused() {
    let file = "tests/fixtures/invalid/late-inject.ron";
    let d = diagnostics_of(file);
    // The run covers [0m, 12h): 11h59m is the last minute, 12h is already past it.
    assert_eq!(
        located(&d),
        vec![
            (
                10,
                38,
                "inject at 12h is past the scenario's duration 12h (at injects[1].at)"
            ),
            (
                12,
                36,
                "inject at 25h is past the scenario's duration 12h (at injects[2].at)"
            ),
        ]
    );
    assert_eq!(
        help(&d.0[0]),
        Some("the run covers [0m, 12h); move it earlier or lengthen `duration`")
    );
    assert_points_at(&d.0[0], file, "\"12h\"");
    assert_points_at(&d.0[1], file, "\"1d1h\"");
    insta::assert_snapshot!("late_inject", d.to_string());
}

#[test]
fn fractions_outside_zero_one_are_refused_where_they_are_written() {
    let file = "tests/fixtures/invalid/out-of-range.ron";
    let d = diagnostics_of(file);
    let expected = [
        (
            7,
            37,
            "recovery_slowdown must be between 0 and 1, got 1.5",
            "1.5",
        ),
        (
            7,
            55,
            "backup_cost must be between 0 and 1, got -0.1",
            "-0.1",
        ),
        (10, 90, "posture must be between 0 and 1, got 2", "2.0"),
        (
            11,
            82,
            "required level must be between 0 and 1, got 1.01",
            "1.01",
        ),
        (
            12,
            79,
            "system share must be between 0 and 1, got -0.5",
            "-0.5",
        ),
        (16, 27, "strength must be between 0 and 1, got 1.2", "1.2"),
        (19, 84, "strength must be between 0 and 1, got 7", "7.0"),
        (
            21,
            59,
            "required level must be between 0 and 1, got -0.2",
            "-0.2",
        ),
        (22, 57, "posture must be between 0 and 1, got 1.1", "1.1"),
        (25, 83, "level must be between 0 and 1, got 1.5", "1.5"),
    ];
    assert_eq!(d.len(), expected.len(), "{d}");
    for (diag, (line, col, message, value)) in d.0.iter().zip(expected) {
        assert_eq!((diag.pos.line, diag.pos.col), (line, col), "{diag}");
        assert!(diag.message.starts_with(message), "{diag}");
        assert_eq!(help(diag), Some("write a fraction such as 0.25"));
        assert_points_at(diag, file, value);
    }
    insta::assert_snapshot!("out_of_range", d.to_string());
}

#[test]
fn severities_and_stage_chances_outside_zero_one_point_at_the_value() {
    let file = "tests/fixtures/invalid/out-of-range-effects.ron";
    let d = diagnostics_of(file);
    let expected = [
        (9, 61, "severity must be between 0 and 1, got 1.5", "1.5"),
        (11, 55, "severity must be between 0 and 1, got -0.1", "-0.1"),
        (
            14,
            42,
            "stage chance must be between 0 and 1, got 1.2",
            "1.2",
        ),
    ];
    assert_eq!(d.len(), expected.len(), "{d}");
    for (diag, (line, col, message, value)) in d.0.iter().zip(expected) {
        assert!(diag.message.starts_with(message), "{diag}");
        assert_eq!((diag.pos.line, diag.pos.col), (line, col), "{diag}");
        assert_points_at(diag, file, value);
    }
    insta::assert_snapshot!("out_of_range_effects", d.to_string());
}

#[test]
fn negative_durations_are_refused_as_numbers_and_as_strings() {
    let file = "tests/fixtures/invalid/negative-durations.ron";
    let d = diagnostics_of(file);
    assert_eq!(
        located(&d),
        vec![
            (
                10,
                43,
                "negative duration \"-2h\"; durations are ≥ 0 (at changes.add_dependencies[0].tolerance)"
            ),
            (
                12,
                43,
                "negative duration -30; durations are ≥ 0 (at changes.add_dependencies[1].tolerance)"
            ),
            (
                16,
                35,
                "negative duration -5; durations are ≥ 0 (at injects[0].at)"
            ),
            (
                18,
                32,
                "negative duration \"-2h\"; durations are ≥ 0 (at injects[1].at)"
            ),
            (
                20,
                61,
                "negative duration \"-30m\"; durations are ≥ 0 (at injects[2].after.delay)"
            ),
        ]
    );
    for (diag, value) in
        d.0.iter()
            .zip(["\"-2h\"", "-30", "-5", "\"-2h\"", "\"-30m\""])
    {
        assert_points_at(diag, file, value);
    }
    insta::assert_snapshot!("negative_durations", d.to_string());
}

#[test]
fn a_negative_repair_time_points_at_the_value() {
    let file = "tests/fixtures/invalid/negative-recovery.ron";
    let d = diagnostics_of(file);
    // Only `ron`'s type check sees this one, so it is the only problem reported.
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!(
        d.0[0].message,
        "negative duration \"-2h\"; durations are ≥ 0"
    );
    assert_eq!((d.0[0].pos.line, d.0[0].pos.col), (8, 82));
    assert_points_at(&d.0[0], file, "\"-2h\"");
    insta::assert_snapshot!("negative_recovery", d.to_string());
}

#[test]
fn duplicate_ids_are_refused_at_the_second_occurrence() {
    let file = "tests/fixtures/invalid/duplicate-ids.ron";
    let d = diagnostics_of(file);
    let at = |p: &str| format!(" (at {p})");
    assert_eq!(
        located(&d),
        vec![
            (
                12,
                36,
                &*format!(
                    "duplicate id \"power/ems\"{}",
                    at("infrastructure[0].operators[0].services[0].systems[1].id")
                )
            ),
            (
                14,
                26,
                &*format!(
                    "duplicate id \"power\"{}",
                    at("infrastructure[0].operators[1].id")
                )
            ),
            (
                19,
                33,
                &*format!(
                    "duplicate id \"tel/net\"{}",
                    at("infrastructure[0].operators[2].services[1].id")
                )
            ),
            (
                26,
                20,
                &*format!("duplicate inject id \"blackout\"{}", at("injects[1].id"))
            ),
            // The fourth inject has no `id`; its default id `inject-4` is taken by the
            // third, so the caret goes to the inject itself.
            (
                31,
                9,
                &*format!("duplicate inject id \"inject-4\"{}", at("injects[3].id"))
            ),
        ]
    );
    assert!(d.0.iter().all(|x| help(x) == Some("ids must be unique")));
    assert_points_at(&d.0[0], file, "\"power/ems\"");
    assert_points_at(&d.0[1], file, "\"power\"");
    assert_points_at(&d.0[2], file, "\"tel/net\"");
    assert_points_at(&d.0[3], file, "\"blackout\"");
    assert_points_at(&d.0[4], file, "Inject(at: \"4h\"");
    insta::assert_snapshot!("duplicate_ids", d.to_string());
}

#[test]
fn a_misspelt_field_is_a_ron_error_with_a_did_you_mean() {
    let file = "tests/fixtures/invalid/field-typo.ron";
    let d = diagnostics_of(file);
    // `ron` stops at the first type error, so this is the only problem reported.
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!((d.0[0].pos.line, d.0[0].pos.col), (4, 5));
    assert_eq!(
        d.0[0].message, "unknown field `durtion` in `Scenario`",
        "{d}"
    );
    assert_eq!(help(&d.0[0]), Some("did you mean `duration`?"));
    assert_points_at(&d.0[0], file, "durtion");
    insta::assert_snapshot!("field_typo", d.to_string());
}

#[test]
fn a_misspelt_variant_is_a_ron_error_with_a_did_you_mean() {
    let text = "Scenario(name: \"x\", duration: \"6h\", injects: [\n    Inject(at: 0, target: Sector(Electricty),\n        kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed(\"1h\"))),\n])\n";
    let Err(LoadError::Invalid(d)) = load_str("variant.ron", text, &NoFiles) else {
        panic!("should be refused");
    };
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!((d.0[0].pos.line, d.0[0].pos.col), (2, 34));
    assert_eq!(d.0[0].message, "unknown sector `Electricty`", "{d}");
    assert_eq!(help(&d.0[0]), Some("did you mean `Electricity`?"));
    assert_points_at(&d.0[0], "variant.ron", "Electricty");
}

#[test]
fn a_syntax_error_is_reported_where_ron_finds_it() {
    let file = "tests/fixtures/invalid/syntax-error.ron";
    let d = diagnostics_of(file);
    assert_eq!(d.len(), 1, "{d}");
    // The comma is missing at the end of line 4; `ron` notices at the next field.
    assert_eq!(
        located(&d),
        vec![(5, 5, "expected `,` between this and the value before it")]
    );
    assert_eq!(help(&d.0[0]), None);
    assert_points_at(&d.0[0], file, "seed: 3,");
    insta::assert_snapshot!("syntax_error", d.to_string());
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_pass_in_file_order() {
    let file = "tests/fixtures/invalid/many-problems.ron";
    let d = diagnostics_of(file);
    // Found by different checks (roles, infrastructure, injects), reported by position.
    assert_eq!(
        located(&d),
        vec![
            (
                5,
                15,
                "unknown operator \"tell\"; did you mean \"operator:tel\"? (at players[0])"
            ),
            (
                8,
                96,
                "posture must be between 0 and 1, got 1.5 (at infrastructure[0].operators[0].posture)"
            ),
            (
                14,
                56,
                "unknown service \"power/suply\" (at infrastructure[0].dependencies[0].provider)"
            ),
            (
                19,
                32,
                "inject at 13h is past the scenario's duration 12h (at injects[0].at)"
            ),
            (21, 20, "duplicate inject id \"late\" (at injects[1].id)"),
            (21, 53, "unknown region \"wset\" (at injects[1].target[0])"),
            (
                23,
                46,
                "unknown inject \"lat\" (at injects[2].after.inject)"
            ),
        ]
    );
    assert_eq!(help(&d.0[5]), Some("regions: east"));
    assert_eq!(help(&d.0[6]), Some("did you mean \"late\"?"));
    for (diag, value) in d.0.iter().zip([
        "\"operator:tell\"",
        "1.5",
        "\"power/suply\"",
        "\"13h\"",
        "\"late\"",
        "\"wset\"",
        "\"lat\"",
    ]) {
        assert_points_at(diag, file, value);
    }
    // The CLI prints the same text and exits 2.
    let out = rensa(&["validate", file]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, d.to_string());
    insta::assert_snapshot!("many_problems", d.to_string());
}

#[test]
fn inline_infrastructure_problems_point_into_the_scenario_file() {
    let file = "tests/fixtures/invalid/inline-infra.ron";
    let d = diagnostics_of(file);
    let prefix = "infrastructure[0]";
    assert_eq!(
        located(&d),
        vec![
            (
                8,
                83,
                &*format!(
                    "sub-sector Telecom belongs to InfoComm, not Electricity (at {prefix}.operators[0].sub_sector)"
                )
            ),
            (
                15,
                56,
                &*format!(
                    "\"power\" is an operator, not a service (at {prefix}.dependencies[0].provider)"
                )
            ),
            (
                17,
                56,
                &*format!(
                    "a service cannot depend on itself (at {prefix}.dependencies[1].provider)"
                )
            ),
            (
                19,
                61,
                &*format!("unknown service \"tel/nte\" (at {prefix}.dependencies[2].provider)")
            ),
            (
                23,
                13,
                &*format!(
                    "duplicate dependency of \"tel/net\" on \"power/supply\" (at {prefix}.dependencies[4])"
                )
            ),
            (
                28,
                31,
                "no dependency of \"power/supply\" on \"tel/net\" to remove (at changes.remove_dependencies[0])"
            ),
        ]
    );
    assert!(d.0.iter().all(|x| x.file == file));
    assert_eq!(
        help(&d.0[0]),
        Some("Electricity has no sub-sectors; remove the field")
    );
    assert_eq!(
        help(&d.0[1]),
        Some("dependencies join services, e.g. \"power/supply\"")
    );
    assert_eq!(help(&d.0[3]), Some("did you mean \"tel/net\"?"));
    assert_points_at(&d.0[0], file, "Telecom");
    assert_points_at(&d.0[1], file, "\"power\"");
    assert_points_at(&d.0[2], file, "\"tel/net\"");
    assert_points_at(&d.0[3], file, "\"tel/nte\"");
    assert_points_at(&d.0[4], file, "Dependency(");
    assert_points_at(&d.0[5], file, "Edge(");
    insta::assert_snapshot!("inline_infra", d.to_string());
}

#[test]
fn problems_in_an_infrastructure_file_are_reported_against_that_file() {
    let file = "tests/fixtures/invalid/with-infra-file.ron";
    let infra = "tests/fixtures/invalid/infra/broken.ron";
    let d = diagnostics_of(file);
    let files: Vec<&str> = d.0.iter().map(|x| x.file.as_str()).collect();
    // The scenario's own problems first, then the infrastructure file's, each in order,
    // then a note at the scenario's line that names the file (issue 26).
    assert_eq!(files, vec![file, infra, infra, file]);
    assert_eq!(
        located(&d),
        vec![
            (
                8,
                42,
                "unknown service \"tel/nett\" (at injects[0].target[0])"
            ),
            (
                11,
                52,
                "unknown service \"power/suply\" (at dependencies[0].provider)"
            ),
            (
                14,
                23,
                "strength must be between 0 and 1, got 1.5 (at dependencies[1].strength)"
            ),
            (
                6,
                26,
                "the infrastructure file \"infra/broken.ron\" named here has the problem(s) above (2) (at infrastructure[0])"
            ),
        ]
    );
    assert_points_at(&d.0[3], file, "\"infra/broken.ron\"");
    assert_points_at(&d.0[0], file, "\"tel/nett\"");
    assert_points_at(&d.0[1], infra, "\"power/suply\"");
    assert_points_at(&d.0[2], infra, "1.5");
    insta::assert_snapshot!("infra_file", d.to_string());
}

#[test]
fn a_missing_infrastructure_file_is_reported_where_the_scenario_names_it() {
    let text = r#"Scenario(name: "x", duration: "6h", infrastructure: File("nowhere/infra.ron"))"#;
    let d = match load_str("x.ron", text, &NoFiles) {
        Err(LoadError::Invalid(d)) => d,
        other => panic!("expected diagnostics, got {other:?}"),
    };
    assert_eq!(d.len(), 1);
    // Column 58 is the `"` of "nowhere/infra.ron", inside `File(`.
    assert_eq!((d.0[0].pos.line, d.0[0].pos.col), (1, 58));
    assert!(
        d.0[0]
            .message
            .starts_with("cannot read the infrastructure file \"nowhere/infra.ron\""),
        "{}",
        d.0[0].message
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.ron"), text).unwrap();
    let out = rensa_in(dir.path(), &["validate", "s.ron"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .starts_with("s.ron:1:58: cannot read the infrastructure file \"nowhere/infra.ron\""),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

#[test]
fn every_bundled_scenario_validates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(root.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| format!("scenarios/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let out = rensa(&args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), files.len(), "{}", out.stdout);
    for (line, file) in lines.iter().zip(&files) {
        assert!(line.starts_with(&format!("{file}: ok (")), "{line}");
    }
    // The embedded default is one of them and loads without a resolver.
    let default = rensa::scenario::load_default();
    assert!(!default.injects.is_empty());
}

// ---------------------------------------------------------------------------------------
// Drill logs
// ---------------------------------------------------------------------------------------

const SMALL: &str = "tests/fixtures/valid/small-chain.ron";

/// Checks a drill log both ways the CLI reads one, `rensa replay LOG` and `rensa run
/// SCENARIO --actions LOG`: refused with exit 2, the diagnostics on stderr (the same both
/// ways, and the same as the library's), nothing simulated (empty stdout). Returns the
/// diagnostics.
fn refused_log(log: &str) -> Diagnostics {
    let replay = rensa(&["replay", log, "--format", "json"]);
    let run = rensa(&["run", SMALL, "--actions", log, "--format", "json"]);
    for out in [&replay, &run] {
        assert_eq!(out.code, Some(2), "{out:?}");
        assert_eq!(out.stdout, "", "nothing may be simulated from a bad log");
        assert!(out.stderr.starts_with(&format!("{log}:")), "{}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    assert_eq!(replay.stderr, run.stderr);

    let text = std::fs::read_to_string(log).unwrap();
    let scenario = rensa::scenario::load_path(Path::new(SMALL)).expect("small chain is valid");
    let d = match drill_log::parse_log(log, &text)
        .and_then(|l| drill_log::resolve_actions(log, &text, &l.file, &scenario))
    {
        Ok(actions) => panic!("{log} should be refused, got {actions:?}"),
        Err(LoadError::Invalid(d)) => d,
        Err(e) => panic!("{log}: expected diagnostics, got {e}"),
    };
    assert_eq!(replay.stderr, d.to_string());
    d
}

#[test]
fn every_bad_drill_log_is_refused_before_anything_is_simulated() {
    for name in [
        "unknown-role",
        "out-of-order",
        "forbidden-action",
        "unknown-service",
        "unknown-incident",
        "malformed",
    ] {
        let d = refused_log(&format!("tests/fixtures/drills/{name}.ron"));
        assert!(!d.is_empty(), "{name}");
    }
}

#[test]
fn a_drill_log_with_unknown_roles_is_refused() {
    let log = "tests/fixtures/drills/unknown-role.ron";
    let d = refused_log(log);
    assert_eq!(
        located(&d),
        vec![
            (
                6,
                29,
                "unknown role \"captain\"; roles are control, nisc, gsoc, ministry:<id>, ceptor:<sector>, council, operator:<id>, police, vendor, jpcert, public (at actions[0].role)"
            ),
            (
                7,
                29,
                "unknown operator \"tell\"; did you mean \"operator:tel\"? (at actions[1].role)"
            ),
        ]
    );
    assert_points_at(&d.0[0], log, "\"captain\"");
    assert_points_at(&d.0[1], log, "\"operator:tell\"");
    insta::assert_snapshot!("drill_unknown_role", d.to_string());
}

#[test]
fn a_drill_log_out_of_time_order_is_refused() {
    let log = "tests/fixtures/drills/out-of-order.ron";
    let d = refused_log(log);
    assert_eq!(
        located(&d),
        vec![(
            7,
            17,
            "action at T+01:30 comes before the previous one at T+02:00 (at actions[1].at)"
        )]
    );
    assert_eq!(
        help(&d.0[0]),
        Some("a drill log lists actions in time order")
    );
    assert_points_at(&d.0[0], log, "\"1h30m\"");
    insta::assert_snapshot!("drill_out_of_order", d.to_string());
}

#[test]
fn a_drill_log_action_the_role_may_not_take_is_refused() {
    let log = "tests/fixtures/drills/forbidden-action.ron";
    let d = refused_log(log);
    assert_eq!(
        located(&d),
        vec![(
            6,
            49,
            "an operator may not dispatch support teams; only nisc may (at actions[0].do)"
        )]
    );
    assert_points_at(&d.0[0], log, "DispatchSupport(");
    insta::assert_snapshot!("drill_forbidden_action", d.to_string());
}

#[test]
fn a_drill_log_naming_an_unknown_service_is_refused() {
    let log = "tests/fixtures/drills/unknown-service.ron";
    let d = refused_log(log);
    assert_eq!(d.len(), 1, "{d}");
    assert!(
        d.0[0].message.starts_with("unknown service \"tel/nett\""),
        "{d}"
    );
    assert_eq!(help(&d.0[0]), Some("did you mean \"tel/net\"?"));
    assert_eq!((d.0[0].pos.line, d.0[0].pos.col), (6, 73));
    assert_points_at(&d.0[0], log, "\"tel/nett\"");
    insta::assert_snapshot!("drill_unknown_service", d.to_string());
}

#[test]
fn a_drill_log_naming_an_unknown_incident_is_refused() {
    let log = "tests/fixtures/drills/unknown-incident.ron";
    let d = refused_log(log);
    assert_eq!(d.len(), 1, "{d}");
    assert!(
        d.0[0].message.starts_with("unknown inject \"blackot\""),
        "{d}"
    );
    assert_eq!(help(&d.0[0]), Some("did you mean \"blackout\"?"));
    assert_eq!((d.0[0].pos.line, d.0[0].pos.col), (7, 23));
    assert_points_at(&d.0[0], log, "\"blackot\"");
    insta::assert_snapshot!("drill_unknown_incident", d.to_string());
}

#[test]
fn a_drill_log_that_does_not_parse_is_refused_with_a_did_you_mean() {
    let log = "tests/fixtures/drills/malformed.ron";
    let d = refused_log(log);
    assert_eq!(d.len(), 1, "{d}");
    assert_eq!((d.0[0].pos.line, d.0[0].pos.col), (6, 23));
    assert_eq!(d.0[0].message, "unknown field `rol` in `Act`", "{d}");
    assert_eq!(help(&d.0[0]), Some("did you mean `role`?"));
    assert_points_at(&d.0[0], log, "rol:");
    insta::assert_snapshot!("drill_malformed", d.to_string());
}

#[test]
fn a_valid_drill_log_is_accepted_both_ways() {
    let log = "tests/fixtures/drills/backup.ron";
    let replay = rensa(&["replay", log]);
    assert_eq!(replay.code, Some(0), "{}", replay.stderr);
    assert_eq!(replay.stderr, "");
    let run = rensa(&["run", SMALL, "--actions", log]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(replay.stdout.starts_with("rensa: small chain — seed 5,"));
    assert!(run.stdout.starts_with("rensa: small chain — seed 5,"));
}

/// Resolves an inline drill log against the bundled default scenario.
fn resolve_log(text: &str) -> Result<rensa::scenario::drill_log::ResolvedLog, LoadError> {
    use rensa::scenario::drill_log;
    let scenario = rensa::scenario::load_default();
    let log = drill_log::parse_log("log.ron", text)?;
    drill_log::resolve("log.ron", text, &log.file, &scenario)
}

fn log_problems(text: &str) -> Vec<String> {
    match resolve_log(text) {
        Err(LoadError::Invalid(d)) => {
            d.0.iter()
                .map(|x| format!("{}:{}: {}", x.pos.line, x.pos.col, x.message))
                .collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn a_drill_log_may_not_act_on_another_operators_service_or_for_a_non_player() {
    let problems = log_problems(
        r#"Drill(scenario: "default", seed: 1, players: ["operator:jans"],
  actions: [
    Act(at: "1h", role: "operator:aoba-bank", do: SwitchToBackup(service: "jans/flight-plan")),
    Act(at: "2h", role: "operator:jans", do: SwitchToBackup(service: "jans/flight-plan")),
  ])"#,
    );
    assert_eq!(
        problems,
        vec![
            "3:75: jans/flight-plan belongs to jans; an operator can only act on its own services (at actions[0].do.service)".to_string(),
        ]
    );
    let problems = log_problems(
        r#"Drill(scenario: "default", seed: 1, players: ["operator:jans"],
  actions: [
    Act(at: "1h", role: "nisc", do: DispatchSupport(operator: "jans")),
  ])"#,
    );
    assert_eq!(
        problems,
        vec!["3:25: nisc acts here but is not among the players (at actions[0].role)".to_string()]
    );
    // With several problems, all are reported, each at its place.
    let problems = log_problems(
        r#"Drill(scenario: "default", seed: 1, players: ["operator:jans"],
  actions: [
    Act(at: "1h", role: "nisc", do: DispatchSupport(operator: "jans")),
    Act(at: "2h", role: "operator:jans", do: SwitchToBackup(service: "jans/flight-plann")),
  ])"#,
    );
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("3:25: nisc acts here"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("4:70: unknown service \"jans/flight-plann\""),
        "{problems:?}"
    );
    // Without `players`, every acting role plays.
    let ok = resolve_log(
        r#"Drill(scenario: "default", seed: 1, actions: [
    Act(at: "1h", role: "nisc", do: DispatchSupport(operator: "jans")) ])"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.players, vec![rensa::model::drill::Role::Nisc]);
}

#[test]
fn absurd_parameters_are_refused_and_huge_durations_do_not_overflow() {
    let text = r#"Scenario(name: "x", duration: "2h", parameters: (support_teams: 4000000000))"#;
    let d = match load_str("x.ron", text, &NoFiles) {
        Err(LoadError::Invalid(d)) => d,
        other => panic!("expected diagnostics, got {other:?}"),
    };
    assert!(
        d.0[0]
            .message
            .starts_with("support_teams is 4000000000; at most 1000"),
        "{}",
        d
    );
    // A buffer and a repair as long as a file may give (MAX_DURATION, 100 years) still
    // simulate without overflow; anything longer, up to u64::MAX minutes, is refused.
    let text = r#"Scenario(name: "x", duration: "2d", policies: Passive,
      parameters: (backup_extension: "12h"),
      infrastructure: Inline(Infrastructure(operators: [
        Operator(id: "a", name: "A", sector: Water, region: "r",
            services: [Service(id: "a/s", name: "S", population: 1, required: 0.9)]),
        Operator(id: "b", name: "B", sector: Water, region: "r",
            services: [Service(id: "b/s", name: "S", population: 1, required: 0.9)]),
      ], dependencies: [
        Dependency(dependent: "b/s", provider: "a/s", kind: Physical, strength: 0.5,
            tolerance: "52560000m"),
      ])),
      injects: [Inject(at: "1h", target: Service("a/s"), kind: ItFailure(cause: SystemFailure,
          severity: 0.5, recovery: Uniform(min: "0m", max: "52560000m")))],
    )"#;
    let too_long = text.replace("52560000m", "18446744073709551615m");
    match load_str("x.ron", &too_long, &NoFiles) {
        Err(LoadError::Invalid(d)) => {
            assert_eq!(d.len(), 2, "{d}");
            assert!(
                d.0.iter()
                    .all(|x| x.message.contains("longer than the maximum")),
                "{d}"
            );
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
    let s =
        std::sync::Arc::new(load_str("x.ron", text, &NoFiles).unwrap_or_else(|e| panic!("{e}")));
    let mut session = rensa::session::Session::new(s.clone(), 1);
    session.advance_to(rensa::model::Time(120));
    let b = match s.infra.lookup("b/s") {
        Some(rensa::model::Key::Service(id)) => id,
        _ => unreachable!(),
    };
    let _ = session.act(
        rensa::model::drill::Role::Operator(s.infra.service(b).operator),
        rensa::model::drill::Action::SwitchToBackup { service: b },
    );
    let o = session.finish();
    assert_eq!(o.end.0, 2880);
    // The repair drew a duration of years, not a wrapped one minute.
    let drawn = o.timeline.iter().find_map(|e| match &e.what {
        rensa::engine::timeline::Happening::RecoveryStarted { duration, .. } => Some(duration.0),
        _ => None,
    });
    assert!(drawn.is_some_and(|m| m > 1_000_000), "{drawn:?}");
}

#[test]
fn messages_say_what_was_expected_where() {
    // Each of these used to mislead: "Expected comma", "data did not match any variant of
    // untagged enum RawDuration", "unknown operator \"\"", "past the duration".
    let mut shown = String::new();
    for text in [
        r#"Scenario(name: "x", duration: "6h", seed: -0.5)"#,
        r#"Scenario(name: "x", duration: 1.5)"#,
        r#"Scenario(name: "x", duration: "6h", players: ["operator"])"#,
    ] {
        match load_str("x.ron", text, &NoFiles) {
            Err(e) => shown.push_str(&format!("{e}\n")),
            Ok(_) => panic!("should be refused: {text}"),
        }
    }
    let scenario = rensa::scenario::load_default();
    let log = r#"Drill(scenario: "default", seed: 1, actions: [
    Act(at: "72h", role: "hinode-comm", do: RestoreFromBackup),
    Act(at: "72h", role: "operator:hinode-comm", do: RestoreFromBackup),
])"#;
    match drill_log::parse_log("log.ron", log)
        .and_then(|l| drill_log::resolve("log.ron", log, &l.file, &scenario))
    {
        Err(e) => shown.push_str(&e.to_string()),
        Ok(_) => panic!("log should be refused"),
    }
    insta::assert_snapshot!("expected_what_where", shown);
}

#[test]
fn ids_and_names_that_could_drive_a_terminal_are_refused() {
    let text =
        "Scenario(name: \"x\", duration: \"6h\", infrastructure: Inline(Infrastructure(operators: [
    Operator(id: \"w\x1b[31m\", name: \"W\u{202e}txt.exe\", sector: Water, region: \"\",
        services: [Service(id: \"w/s\", name: \"S\", population: 1, required: 0.5)]),
])))";
    let d = match load_str("x.ron", text, &NoFiles) {
        Err(LoadError::Invalid(d)) => d,
        other => panic!("expected diagnostics, got {other:?}"),
    };
    insta::assert_snapshot!("unsafe_ids", d.to_string());
}

#[test]
fn a_drill_log_on_a_changed_scenario_is_refused_where_its_hash_is() {
    let text = r#"Drill(
    scenario: "../telecom-ddos.ron",
    scenario_hash: "0000000000000000",
    infrastructure_hash: "0000000000000000",
    seed: 1,
)"#;
    let (_, now) = rensa::scenario::load_default_fingerprinted();
    let log = drill_log::parse_log("log.ron", text).unwrap_or_else(|e| panic!("{e}"));
    let d = match drill_log::check_recorded("log.ron", text, &log.file, &now, None, false) {
        Err(LoadError::Invalid(d)) => d,
        other => panic!("expected diagnostics, got {other:?}"),
    };
    let warnings = drill_log::check_recorded("log.ron", text, &log.file, &now, None, true)
        .unwrap_or_else(|e| panic!("{e}"));
    let other = drill_log::check_recorded(
        "log.ron",
        text,
        &log.file,
        &now,
        Some("\"scenarios/cold-snap-scada.ron\""),
        true,
    );
    let Err(LoadError::Invalid(other)) = other else {
        panic!("a log on another scenario is refused even with --allow-changed");
    };
    let shown: Vec<String> = warnings.iter().map(|w| w.warning()).collect();
    insta::assert_snapshot!(
        "drill_changed_scenario",
        format!("{d}\n{}\n\n{other}", shown.join("\n\n"))
    );
}

// ---------------------------------------------------------------------------------------
// Japanese (`--lang ja`)
// ---------------------------------------------------------------------------------------

/// The invalid scenario fixtures, in name order.
fn invalid_fixtures() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir("tests/fixtures/invalid")
        .expect("the fixtures directory is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures found: {files:?}");
    files
}

/// What `rensa validate FILE --lang ja` prints on standard error, checking it fails.
fn validate_ja(file: &Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args([
            "validate",
            file.to_str().expect("UTF-8 path"),
            "--lang",
            "ja",
        ])
        .output()
        .expect("rensa runs");
    assert_eq!(out.status.code(), Some(2), "{}", file.display());
    assert!(out.stdout.is_empty(), "{}", file.display());
    String::from_utf8(out.stderr).expect("UTF-8 output")
}

/// The English sentences left in a Japanese rendering: a run of two or more words of
/// ASCII letters in a message or a suggestion, outside quotes ("…"), backticks (`…`) and
/// known tokens. The quoted file lines under a message are the author's own text and are
/// not looked at; neither is the `file:line:col:` in front.
fn english_in(rendered: &str) -> Vec<String> {
    const KNOWN: [&str; 4] = ["TLP:RED", "TLP:AMBER", "TLP:GREEN", "TLP:CLEAR"];
    let mut found = Vec::new();
    for line in rendered.lines() {
        let body = if let Some(help) = line.trim_start().strip_prefix("ヒント: ") {
            help.to_string()
        } else if line.starts_with(' ') || line.is_empty() || line.contains(" | ") {
            continue; // a quoted file line, its caret, or the gutter
        } else {
            // `file:line:col: message`: the message after the third colon.
            let mut parts = line.splitn(4, ':');
            let (_, _, _) = (parts.next(), parts.next(), parts.next());
            let message = parts.next().unwrap_or(line);
            message
                .strip_prefix(" 警告:")
                .unwrap_or(message)
                .to_string()
        };
        let mut text = String::new();
        let mut quote: Option<char> = None;
        for c in body.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '`' => quote = Some(c),
                None => text.push(c),
            }
        }
        for k in KNOWN {
            text = text.replace(k, " ");
        }
        let mut run: Vec<&str> = Vec::new();
        for word in text.split(|c: char| c.is_whitespace()) {
            let w = word.trim_end_matches([',', '.', ';', ':', '?', '!']);
            if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()) {
                run.push(w);
            } else {
                if run.len() >= 2 {
                    found.push(format!("{:?} in {line:?}", run.join(" ")));
                }
                run.clear();
            }
        }
        if run.len() >= 2 {
            found.push(format!("{:?} in {line:?}", run.join(" ")));
        }
    }
    found
}

#[test]
fn every_invalid_fixture_has_a_japanese_snapshot() {
    for file in invalid_fixtures() {
        let stem = file
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .replace('-', "_");
        insta::assert_snapshot!(format!("ja_{stem}"), validate_ja(&file));
    }
}

#[test]
fn japanese_diagnostics_hold_no_english_sentence() {
    for file in invalid_fixtures() {
        let text = validate_ja(&file);
        let english = english_in(&text);
        assert!(
            english.is_empty(),
            "{}: English left in the Japanese rendering: {english:#?}\n{text}",
            file.display()
        );
    }
}

/// Every diagnostic of every invalid fixture carries its own Japanese message, and its
/// suggestion's Japanese where it has one: nothing falls back to the English.
#[test]
fn every_diagnostic_carries_its_own_japanese() {
    for file in invalid_fixtures() {
        let d = match rensa::scenario::load_path(&file) {
            Err(LoadError::Invalid(d)) => d,
            other => panic!("{}: {other:?}", file.display()),
        };
        for x in &d.0 {
            let ja = x.ja.as_ref().unwrap_or_else(|| panic!("no Japanese: {x}"));
            let message = ja.message.as_deref().expect("a Japanese message");
            assert_ne!(message, x.message, "{x}");
            assert_eq!(x.help.is_some(), ja.help.is_some(), "{x}");
        }
    }
}

#[test]
fn the_english_check_catches_an_untranslated_message() {
    let text = "x.ron:1:2: unknown region \"east\"（場所: injects[0]）\n  ヒント: did you mean \"east\"?\n";
    assert_eq!(english_in(text).len(), 2, "{:?}", english_in(text));
    let ok = "x.ron:1:2: 不明な地域 \"wset\"（場所: injects[1].target[0]）\n  |\n1 | some English file text here\n  ヒント: `rensa list` で確認できます\n";
    assert!(english_in(ok).is_empty(), "{:?}", english_in(ok));
}

/// Mistakes no fixture makes, each rendered in Japanese without English: ron's syntax and
/// type errors, durations, seeds, roles, distributions.
#[test]
fn other_mistakes_are_reported_in_japanese_too() {
    let cases = [
        "Scenario(name: \"x\", duration: \"12h\"",
        "Scenario(name: \"x\", duration: \"12h\", injects: [] ] )",
        "Scenario(name: \"x\")",
        "Scenario(name: \"x\", duration: \"12h\", seed: -1)",
        "Scenario(name: \"x\", duration: \"12h\", seed: \"a\")",
        "Scenario(name: 5, duration: \"12h\")",
        "Scenario(name: \"x\", duration: true)",
        "Scenario(name: \"x\", duration: \"12x\")",
        "Scenario(name: \"x\", duration: \"h\")",
        "Scenario(name: \"x\", duration: \"12\", players: [\"operatr:tel\"])",
        "Scenario(name: \"x\", duration: \"12h\", players: [\"ceptor\"], absent: [\"control\"])",
        "Scenario(name: \"x\", duration: \"12h\", injects: [Inject(at: \"1h\", target: Sector(Electricty), kind: ItFailure(cause: Misconfiguration, severity: 0.5, recovery: Fixed(\"1h\")))])",
        "Scenario(name: \"x\", duration: \"12h\", injects: [Inject(at: \"1h\", after: (inject: \"inject-1\", delay: \"1h\"), target: Sector(Electricity), kind: ItFailure(cause: Misconfiguration, severity: 0.5, recovery: Uniform(min: \"2h\", max: \"1h\")))])",
        "Drill(scenario: \"default\", seed: 1, actions: [])",
        "password: hunter2",
        "Scenario(name: \"x\", duration: 0, parameters: (alert_boost: 0.0, support_teams: 5000))",
        "Scenario(name: \"x\", duration: \"12h\", seed: 1.5)",
        "Scenario(name: \"x\", duration: 99999999999999999999)",
        "Scenario(name: \"x\", name: \"y\", duration: \"12h\")",
        "Scenario(name: \"x\", duration: \"12h\", injects: [",
        "Scenario(name: \"x\", duration: \"12h\", injects: [Inject(at: \"1h\", target: Sector(Electricity), kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Fixed(true)))])",
        "Scenario(name: \"x\", duration: \"12h\", injects: [Inject(at: \"1h\", target: Sector(Electricity), kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Fixed(\"1x\")))])",
        "Scenario(name: \"x\", duration: \"12h\", injects: [Inject(id: \"a b\", at: \"1h\", target: Region(\"nowhere\"), kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Triangular(min: \"3h\", mode: \"1h\", max: \"2h\")))])",
        "Scenario(name: \"x\", duration: \"12h\", players: [\"vendor:x\", \"ministry\", \"ministry:nope\", \"operator\", \"ceptor:nope\"])",
        "Scenario(name: \"x\", duration: \"12h\" @)",
    ];
    for text in cases {
        let e = match load_str("x.ron", text, &NoFiles) {
            Ok(_) => panic!("{text} should be invalid"),
            Err(e) => e,
        };
        let ja = e.render(rensa::scenario::Lang::Ja);
        let english = english_in(&ja);
        assert!(english.is_empty(), "{text}\n{ja}\n{english:#?}");
        // In English, exactly what the CLI printed before (`Display`).
        assert_eq!(e.render(rensa::scenario::Lang::En), e.to_string(), "{text}");
    }
}

#[test]
fn drill_log_problems_are_reported_in_japanese() {
    let dir = "tests/fixtures/drills";
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let scenario = rensa::scenario::load_default();
    for f in files {
        let name = f.display().to_string();
        let text = std::fs::read_to_string(&f).unwrap();
        let err = match drill_log::parse_log(&name, &text) {
            Err(e) => e,
            Ok(log) => match drill_log::resolve(&name, &text, &log.file, &scenario) {
                Err(e) => e,
                Ok(_) => continue,
            },
        };
        let ja = err.render(rensa::scenario::Lang::Ja);
        let english = english_in(&ja);
        assert!(english.is_empty(), "{name}\n{ja}\n{english:#?}");
    }
}

#[test]
fn a_file_that_cannot_be_read_is_reported_in_japanese() {
    let e = rensa::scenario::load_path(Path::new("tests/fixtures/invalid/no-such-file.ron"))
        .expect_err("missing");
    let ja = e.render(rensa::scenario::Lang::Ja);
    assert!(ja.contains("読み込めません"), "{ja}");
    assert!(english_in(&ja).is_empty(), "{ja}");
}

#[test]
fn unsafe_ids_and_changed_scenarios_are_reported_in_japanese() {
    let text =
        "Scenario(name: \"x\", duration: \"6h\", infrastructure: Inline(Infrastructure(operators: [
    Operator(id: \"w\x1b[31m\", name: \"W\u{202e}txt.exe\", sector: Water, region: \"\",
        services: [Service(id: \"w/s\", name: \"S\", population: 1, required: 0.5)]),
])))";
    let e = load_str("x.ron", text, &NoFiles).expect_err("unsafe ids");
    let ja = e.render(rensa::scenario::Lang::Ja);
    assert!(ja.contains("制御文字"), "{ja}");
    assert!(english_in(&ja).is_empty(), "{ja}\n{:#?}", english_in(&ja));

    let log_text = r#"Drill(
    scenario: "../telecom-ddos.ron",
    scenario_hash: "0000000000000000",
    infrastructure_hash: "0000000000000000",
    seed: 1,
)"#;
    let (_, now) = rensa::scenario::load_default_fingerprinted();
    let log = drill_log::parse_log("log.ron", log_text).unwrap_or_else(|e| panic!("{e}"));
    for (other, allow) in [
        (None, false),
        (Some("\"scenarios/cold-snap-scada.ron\""), false),
        (Some("the bundled default drill"), false),
    ] {
        let e = drill_log::check_recorded("log.ron", log_text, &log.file, &now, other, allow)
            .expect_err("changed");
        let ja = e.render(rensa::scenario::Lang::Ja);
        assert!(english_in(&ja).is_empty(), "{ja}\n{:#?}", english_in(&ja));
    }
    let unhashed = "Drill(scenario: \"default\", seed: 1)";
    let log = drill_log::parse_log("log.ron", unhashed).unwrap_or_else(|e| panic!("{e}"));
    let warnings = drill_log::check_recorded("log.ron", unhashed, &log.file, &now, None, false)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!warnings.is_empty());
    for w in warnings {
        let ja = w.warning_in(rensa::scenario::Lang::Ja);
        assert!(ja.contains(": 警告: "), "{ja}");
        assert!(english_in(&ja).is_empty(), "{ja}\n{:#?}", english_in(&ja));
        assert_eq!(w.warning_in(rensa::scenario::Lang::En), w.warning());
    }
}
