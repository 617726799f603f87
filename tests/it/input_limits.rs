//! Input guards that a real user can live with (docs/SCENARIOS.md, issue 26): inputs are
//! read from regular files only (a FIFO named as infrastructure or as a log's scenario
//! never blocks), and the size limits are by kind — 16 MiB for a scenario or drill log,
//! 256 MiB for an infrastructure file — and raised by `RENSA_MAX_INPUT_MB`, which the
//! refusal names.

use std::process::{Command, Output};

fn rensa_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rensa"));
    c.args(args).env_remove("RENSA_MAX_INPUT_MB");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("the binary runs")
}

#[cfg(unix)]
#[test]
fn a_fifo_named_as_infrastructure_or_scenario_is_refused_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("graph.ron");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(
        dir.path().join("s.ron"),
        r#"Scenario(name: "x", duration: "6h", infrastructure: File("graph.ron"))"#,
    )
    .unwrap();
    // Nobody ever writes to the FIFO: a read would block the test forever.
    let r = rensa_env(
        &["validate", &dir.path().join("s.ron").display().to_string()],
        &[],
    );
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("graph.ron"), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    let r = rensa_env(&["run", &fifo.display().to_string()], &[]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("not a regular file"));
    // A drill log whose scenario is a FIFO.
    std::fs::write(
        dir.path().join("log.ron"),
        r#"Drill(scenario: "graph.ron", seed: 1, players: [], actions: [])"#,
    )
    .unwrap();
    let r = rensa_env(
        &["replay", &dir.path().join("log.ron").display().to_string()],
        &[],
    );
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("not a regular file"));
}

/// A scenario of `operators` operators in an infrastructure file padded to `bytes`.
fn padded(dir: &std::path::Path, bytes: usize) {
    let mut infra = String::from("Infrastructure(operators: [");
    for i in 0..3 {
        infra += &format!(
            r#"Operator(id: "op{i}", name: "Op", sector: Finance, region: "r", services: [Service(id: "op{i}/s", name: "S", population: 10, required: 0.5)]),"#
        );
    }
    infra += "], dependencies: [])\n";
    // Comments pad it: what counts is the file's size.
    while infra.len() < bytes {
        infra += &format!("// {}\n", "x".repeat(1000));
    }
    std::fs::write(dir.join("graph.ron"), infra).unwrap();
    std::fs::write(
        dir.join("s.ron"),
        r#"Scenario(name: "x", duration: "6h", infrastructure: File("graph.ron"))"#,
    )
    .unwrap();
}

#[test]
fn a_national_sized_infrastructure_file_loads_and_the_limit_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.ron").display().to_string();
    // 20 MB, the size of a generated national graph: over the old 16 MiB, within 256.
    padded(dir.path(), 20_000_000);
    let r = rensa_env(&["validate", &s], &[]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // A lower limit refuses it, saying how to raise it …
    let r = rensa_env(&["validate", &s], &[("RENSA_MAX_INPUT_MB", "8")]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("graph.ron"), "{err}");
    assert!(
        err.contains("larger than the 8 MiB limit for infrastructure files"),
        "{err}"
    );
    assert!(err.contains("RENSA_MAX_INPUT_MB="), "{err}");
    // … and in Japanese too.
    let r = rensa_env(
        &["validate", &s, "--lang", "ja"],
        &[("RENSA_MAX_INPUT_MB", "8")],
    );
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("インフラファイルの上限 8 MiB"), "{err}");
    assert!(err.contains("RENSA_MAX_INPUT_MB="), "{err}");
}

#[test]
fn a_scenario_over_its_limit_names_the_variable_that_raises_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let mut text = String::from(r#"Scenario(name: "x", duration: "6h")"#);
    text.push('\n');
    while text.len() < 2 * 1024 * 1024 + 10 {
        text += &format!("// {}\n", "x".repeat(1000));
    }
    std::fs::write(&path, &text).unwrap();
    let p = path.display().to_string();
    let r = rensa_env(&["validate", &p], &[("RENSA_MAX_INPUT_MB", "2")]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("larger than the 2 MiB limit for scenario files and drill logs"),
        "{err}"
    );
    assert!(err.contains("RENSA_MAX_INPUT_MB=8"), "{err}");
    let r = rensa_env(&["validate", &p], &[("RENSA_MAX_INPUT_MB", "8")]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

#[test]
fn a_huge_id_or_number_is_shortened_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let id = "x".repeat(10_000_000);
    let text = format!(
        r#"Scenario(name: "x", duration: "6h", injects: [Inject(id: "i", at: "1h", target: Service("{id}"), kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("1h")))])"#
    );
    let path = dir.path().join("s.ron");
    std::fs::write(&path, text).unwrap();
    let r = rensa_env(&["validate", &path.display().to_string()], &[]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.len() < 10_000, "{} bytes of error", err.len());
    assert!(err.contains("more characters)"), "{err}");
    let digits = "9".repeat(309);
    let text = format!(r#"Scenario(name: "x", duration: "6h", seed: {digits})"#);
    std::fs::write(&path, text).unwrap();
    let r = rensa_env(&["validate", &path.display().to_string()], &[]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(!err.contains(&digits), "{err}");
}

#[test]
fn a_logs_unreadable_scenario_path_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.ron");
    // An ANSI escape (clear screen) and a right-to-left override in the path.
    std::fs::write(
        &log,
        "Drill(scenario: \"evil\\u{1b}[2J\\u{202e}gpj.ron\", seed: 1, players: [], actions: [])",
    )
    .unwrap();
    let r = rensa_env(&["replay", &log.display().to_string()], &[]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{err:?}"
    );
    assert!(err.contains("\\u{1b}[2J\\u{202e}gpj.ron"), "{err}");
}

#[test]
fn a_problem_in_an_infrastructure_file_names_the_line_that_referenced_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("graph.ron"),
        "Infrastructure(operators: [Operator(id: \"a\", name: \"A\", sector: Nowhere, region: \"r\", services: [])])",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("s.ron"),
        "Scenario(\n    name: \"x\",\n    duration: \"6h\",\n    infrastructure: File(\"graph.ron\"),\n)",
    )
    .unwrap();
    let s = dir.path().join("s.ron").display().to_string();
    let r = rensa_env(&["validate", &s], &[]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("graph.ron:1:"), "{err}");
    assert!(
        err.contains(&format!("{s}:4:")) && err.contains("named here has the problem(s) above"),
        "{err}"
    );
}

#[test]
fn injects_following_each_other_in_a_circle_are_each_named() {
    let kind = r#"kind: ItFailure(cause: SystemFailure, severity: 0.5, recovery: Fixed("1h"))"#;
    let after = |id: &str, of: &str| {
        format!(
            r#"Inject(id: "{id}", after: (inject: "{of}", delay: "10m"), target: Service("op/s"), {kind}),"#
        )
    };
    let at_e = format!(r#"Inject(id: "e", at: "1h", target: Service("op/s"), {kind}),"#);
    let text = format!(
        r#"Scenario(name: "x", duration: "6h",
            infrastructure: Inline(Infrastructure(operators: [Operator(id: "op", name: "Op", sector: Finance, region: "r", services: [Service(id: "op/s", name: "S", population: 1, required: 0.5)])], dependencies: [])),
            injects: [{}{}{}{}{}])"#,
        after("a", "c"),
        after("b", "a"),
        after("c", "b"),
        after("d", "a"),
        at_e,
    );
    let err = match rensa::scenario::load_str("s.ron", &text, &rensa::scenario::NoFiles) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("a circle of afters was accepted"),
    };
    // a follows c, b follows a, c follows b; d only leads into the circle.
    for through in ["c", "a", "b"] {
        assert!(
            err.contains(&format!("in a circle, through \"{through}\"")),
            "{err}"
        );
    }
    assert_eq!(err.matches("in a circle").count(), 3, "{err}");
}
