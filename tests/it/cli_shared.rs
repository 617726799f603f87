//! The command line behaves the same in every subcommand: a scenario is a file or a
//! library id, `--lang ja` reaches bad-input errors, `-q` prints nothing, `--seed`
//! defaults to the scenario's, and every `--help` has examples and the exit statuses.

use crate::common::{CliOutput, rensa};

/// True if `text` has a kana or kanji: the message was written in Japanese.
fn has_japanese(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

const SMALL: &str = "tests/fixtures/valid/small-chain.ron";

#[test]
fn every_subcommand_with_a_scenario_takes_a_library_id() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.csv");
    let out = out.to_str().unwrap();
    for args in [
        vec!["run", "rail-signal-worm", "--until", "1h"],
        vec!["list", "rail-signal-worm"],
        vec!["validate", "rail-signal-worm"],
        vec!["analyze", "rail-signal-worm", "--model", "iim"],
        vec!["analyze", "rail-signal-worm", "--runs", "1"],
        vec!["batch", "rail-signal-worm", "--runs", "2", "-o", out],
    ] {
        let r = rensa(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert!(!r.stdout.is_empty(), "{args:?}");
    }
    // `play` loads the id, then refuses the role (a terminal is not needed to get there).
    let r = rensa(&["play", "rail-signal-worm", "--role", "operator:nobody"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.starts_with("rensa: --role operator:nobody"),
        "{}",
        r.stderr
    );
    // The same id names the same drill everywhere: the batch's rows say so.
    let rows = std::fs::read_to_string(out).unwrap();
    let entry = rensa::scenario::library::find("rail-signal-worm").unwrap();
    let name = entry.load().unwrap().name;
    assert!(rows.contains(&format!("# scenario: {name}")), "{rows}");
}

/// Runs `args` with `--lang ja` and checks that it is refused as bad input, in Japanese.
fn refused_in_japanese(args: &[&str]) -> CliOutput {
    let mut args = args.to_vec();
    args.extend(["--lang", "ja"]);
    let r = rensa(&args);
    assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
    assert_eq!(r.stdout, "", "{args:?}");
    assert!(has_japanese(&r.stderr), "{args:?}: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
    r
}

#[test]
fn bad_input_is_in_japanese_under_lang_ja_in_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["run", "no-such-drill.ron"], "読み込めません"),
        (&["run", "--until", "12"], "単位がありません"),
        (&["run", "--format", "xml"], "使えません"),
        (&["replay", "no-such-log.ron"], "読み込めません"),
        (
            &["validate", "tests/fixtures/invalid/unknown-ids.ron"],
            "不明な",
        ),
        (&["list", "no-such-drill"], "rensa scenarios"),
        (&["report", empty], "がありません"),
        (&["scenarios", "--bogus"], "という引数はありません"),
        (
            &["new", "x", "--from", "rail-signal-wrom"],
            "rail-signal-worm",
        ),
        (&["play", "--speed", "61"], "読めません"),
        (&["play", "--role", "nobody"], "値が正しくありません"),
        (&["analyze", "--runs", "0"], "1 以上"),
        (
            &["analyze", "--model", "iim", "--origin", "info_com"],
            "info_comm",
        ),
        (&["analyze", "no-such-graph.ron"], "読み込めません"),
        (&["batch", "--runs", "0"], "1 以上"),
        (
            &["batch", "--runs", "1", "--shard", "5/4", "-o", "x.csv"],
            "--shard",
        ),
        (&["batch", SMALL], "必要な引数がありません"),
        (
            &["merge", "no-such-part.csv", "-o", "m.csv"],
            "バッチの入力",
        ),
        (&["hindcast", "kddi-2022"], "ハインドキャスト"),
    ];
    for (args, says) in cases {
        let r = refused_in_japanese(args);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
    // Nothing was written by a refused command.
    assert!(
        !std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("x.csv")
            .exists()
    );
    assert!(
        !std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("m.csv")
            .exists()
    );
}

#[test]
fn the_cli_s_own_errors_have_one_prefix() {
    for args in [
        vec!["run", "--until", "12"],
        vec!["analyze", "--runs", "0"],
        vec!["batch", "--runs", "0"],
        vec!["new", "x", "--from", "nothing-like-it"],
        vec!["report", "/"],
    ] {
        let r = rensa(&args);
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("rensa: "), "{args:?}: {}", r.stderr);
        assert!(
            !r.stderr.starts_with("rensa: rensa"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn quiet_prints_nothing_and_still_does_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("b.csv");
    let aar = dir.path().join("aar");
    for args in [
        vec!["run", "-q", "--aar", aar.to_str().unwrap()],
        vec![
            "batch",
            SMALL,
            "--runs",
            "3",
            "-q",
            "-o",
            csv.to_str().unwrap(),
        ],
        vec!["validate", "-q", SMALL],
    ] {
        let r = rensa(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{args:?}");
        assert_eq!(r.stderr, "", "{args:?}");
    }
    assert!(aar.join("result.json").exists());
    assert!(csv.exists());
    // Without -q the batch prints its summary.
    let r = rensa(&["batch", SMALL, "--runs", "3"]);
    assert!(r.stdout.starts_with("rensa batch: "), "{}", r.stdout);
}

#[test]
fn the_seed_defaults_to_the_scenario_s_everywhere() {
    // small-chain.ron says `seed: 5`.
    let run = rensa(&["run", SMALL, "--format", "json"]);
    let analysis = rensa(&["analyze", SMALL, "--runs", "1", "--format", "json"]);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("b.csv");
    let batch = rensa(&["batch", SMALL, "--runs", "1", "-o", csv.to_str().unwrap()]);
    for r in [&run, &analysis, &batch] {
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }
    let seed_of =
        |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap()["seed"].clone();
    assert_eq!(seed_of(&run.stdout), 5);
    assert_eq!(seed_of(&analysis.stdout), 5);
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .contains("# seed: 5\n")
    );
    // -s is --seed, everywhere.
    let s = rensa(&[
        "analyze", SMALL, "--runs", "1", "--format", "json", "-s", "9",
    ]);
    assert_eq!(seed_of(&s.stdout), 9);
}

/// The subcommands `rensa --help` lists.
fn subcommands() -> Vec<String> {
    let help = rensa(&["--help"]).stdout;
    let commands = help
        .split("Commands:\n")
        .nth(1)
        .expect("--help lists the commands");
    commands
        .lines()
        .take_while(|l| l.starts_with("  "))
        // A command's line is indented by two; its wrapped description by more.
        .filter(|l| !l[2..].starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_help_has_examples_and_the_exit_statuses() {
    let top = rensa(&["--help"]);
    assert_eq!(top.code, Some(0));
    assert!(top.stdout.contains("Examples:"), "{}", top.stdout);
    assert!(
        top.stdout
            .contains("Exit status: 0 done, 1 could not do it")
    );
    let subs = subcommands();
    assert!(subs.len() >= 11, "{subs:?}");
    for sub in &subs {
        let r = rensa(&[sub.as_str(), "--help"]);
        assert_eq!(r.code, Some(0), "{sub}: {}", r.stderr);
        assert!(
            r.stdout.contains("Examples:\n  rensa "),
            "{sub} --help:\n{}",
            r.stdout
        );
        assert!(r.stdout.contains("Exit status: 0 done"), "{sub} --help");
        assert!(r.stdout.contains("--lang"), "{sub} --help has --lang");
    }
    // `report` says which files it reads.
    let report = rensa(&["report", "--help"]).stdout;
    for input in [
        "result.json",
        "drill.ron",
        "scenario.ron",
        "analyze --format json",
        "batch -o",
    ] {
        assert!(
            report.contains(input),
            "report --help names {input}:\n{report}"
        );
    }
}

#[test]
/// `--format md` of an analysis writes Markdown, not HTML (issue 25: "writes Markdown or
/// is refused"; the reports share one document model, so all three write Markdown).
fn markdown_of_an_analysis_is_markdown_not_html() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("a.json");
    let a = rensa(&[
        "analyze",
        SMALL,
        "--runs",
        "1",
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(a.code, Some(0), "{}", a.stderr);
    let md = dir.path().join("a.md");
    let r = rensa(&[
        "report",
        json.to_str().unwrap(),
        "--format",
        "md",
        "-o",
        md.to_str().unwrap(),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("# Interdependency analysis — "), "{text}");
    assert!(
        text.contains("\n## Strongest propagation paths\n"),
        "{text}"
    );
    assert!(!text.contains('<'), "no HTML in the Markdown:\n{text}");
}

#[test]
fn the_iim_s_own_defaults_do_not_overshoot() {
    // The bundled graph's info_comm recovers at k = 1.03 per hour: one-hour steps would
    // overshoot, so the default step is half an hour, over the same 72 hours.
    let r = rensa(&["analyze", "--model", "iim"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stderr, "");
    assert!(r.stdout.contains("Δt = 0.5 h"), "{}", r.stdout);
    assert!(r.stdout.contains("\n     72.0 "), "{}", r.stdout);
    // An explicit step that overshoots is still allowed, with a warning.
    let r = rensa(&["analyze", "--model", "iim", "--dt", "1"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("rensa: warning: Δt·k = 1.03 > 1 for info_comm"),
        "{}",
        r.stderr
    );
}
