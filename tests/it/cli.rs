//! The `rensa` binary as a user runs it: subcommands, exit statuses, output formats,
//! determinism across processes, and errors that never panic.
//!
//! Exit statuses (src/cli/mod.rs): 0 ok, 1 the run failed, 2 bad input.

use crate::common;
use common::*;

use rensa::model::Sector;
use rensa::present::{Lang, Report};
use rensa::scenario::load_path;
use rensa::session::Session;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

const SMALL: &str = "tests/fixtures/valid/small-chain.ron";
const DDOS: &str = "scenarios/telecom-ddos.ron";
const WORM: &str = "scenarios/worm-finance-government.ron";
const DRILL: &str = "scenarios/drills/ddos-response.ron";

/// Runs `rensa` from the package root and insists on success; returns stdout.
#[track_caller]
fn ok(args: &[&str]) -> String {
    let out = rensa(args);
    assert_eq!(out.code, Some(0), "rensa {args:?} failed:\n{}", out.stderr);
    assert_eq!(out.stderr, "", "rensa {args:?} wrote to stderr");
    out.stdout
}

/// Runs `rensa args`, which must succeed; returns stdout. Its stderr may hold only
/// warnings (a drill log's refused actions).
#[track_caller]
fn warned(args: &[&str]) -> String {
    let out = rensa(args);
    assert_eq!(out.code, Some(0), "rensa {args:?} failed:\n{}", out.stderr);
    assert!(
        out.stderr.lines().all(|l| l.contains(": warning: ")),
        "rensa {args:?} wrote more than warnings:\n{}",
        out.stderr
    );
    out.stdout
}

#[track_caller]
fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn run_without_a_scenario_uses_the_embedded_default_from_any_directory() {
    // A directory without scenarios/ or assets/: the default must be built in.
    let dir = tempfile::tempdir().unwrap();
    let out = rensa_in(dir.path(), &["run"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let name = rensa::scenario::load_default().name;
    assert!(
        out.stdout.starts_with(&format!("rensa: {name} — seed 1, ")),
        "{}",
        out.stdout.lines().next().unwrap_or("")
    );
    // The embedded drill is the bundled file, byte for byte in its results.
    assert_eq!(out.stdout, ok(&["run", DDOS]));
    // `list` without a scenario works there too.
    let list = rensa_in(dir.path(), &["list"]);
    assert_eq!(list.code, Some(0), "{}", list.stderr);
    assert!(list.stdout.contains("hinode-comm/dns"));
}

#[test]
fn run_json_has_the_documented_keys_and_ten_sectors() {
    let v = json(&ok(&["run", "--format", "json"]));
    for key in [
        "scenario", "seed", "events", "sectors", "timeline", "messages", "actions",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["seed"], 1);
    let sectors = v["sectors"].as_array().unwrap();
    assert_eq!(sectors.len(), 10);
    let ids: Vec<&str> = sectors.iter().map(|s| s["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = Sector::ALL.iter().map(|s| s.id()).collect();
    assert_eq!(ids, expected);
    for s in sectors {
        for key in ["min_level", "hours_below_required", "person_hours_lost"] {
            assert!(s[key].is_number(), "{key} in {s}");
        }
        let level = s["min_level"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&level), "{s}");
    }
    assert!(v["timeline"].as_array().unwrap().len() > 10);
    assert!(v["messages"].is_array());
    assert!(v["actions"].is_array());
}

#[test]
fn run_json_of_a_small_chain_has_the_hand_computed_measures() {
    let v = json(&ok(&["run", SMALL, "--format", "json"]));
    assert_eq!(v["scenario"], "small chain");
    assert_eq!(v["seed"], 5);
    assert_eq!(v["end"], "T+12:00");
    let sector = |id: &str| {
        v["sectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no sector {id}"))
            .clone()
    };
    // power 1000 × 0.8 × 5h; telecom (power passes 0.5 × 0.8) 2000 × 0.4 × 3h; bank
    // (telecom passes 0.4 × 0.4) 500 × 0.16 × 3h.
    assert_eq!(sector("electricity")["person_hours_lost"], 4000.0);
    assert_eq!(sector("electricity")["hours_below_required"], 5.0);
    assert_eq!(sector("electricity")["min_level"], 0.2);
    assert_eq!(sector("info_comm")["person_hours_lost"], 2400.0);
    assert_eq!(sector("info_comm")["min_level"], 0.6);
    assert_eq!(sector("finance")["person_hours_lost"], 240.0);
    assert_eq!(sector("finance")["min_level"], 0.84);
    assert_eq!(sector("finance")["min_level_at"], "T+03:00");
    assert_eq!(sector("water")["min_level"], 1.0);
    assert_eq!(sector("water")["person_hours_lost"], 0.0);
    assert_eq!(v["totals"]["person_hours_lost"], 6640.0);
    assert_eq!(v["totals"]["services_below_required"], 3);
    // Passive policies and no players: nobody sends or does anything.
    assert_eq!(v["messages"], Value::Array(vec![]));
    assert_eq!(v["actions"], Value::Array(vec![]));
}

#[test]
fn run_reaches_the_end_of_the_scenario_like_the_engine_does() {
    let v = json(&ok(&["run", SMALL, "--format", "json"]));
    // Inject, buffer run-out, repair completion and the end: four events, as
    // tests/it/cascade_rules.rs counts them for the same chain run by Engine::run.
    assert_eq!(v["events"], 4);
    let last = v["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "end");
    assert_eq!(last["time"], "T+12:00");
}

#[test]
fn the_same_scenario_and_seed_give_identical_json_across_processes() {
    let a = ok(&["run", WORM, "--seed", "11", "--format", "json"]);
    let b = ok(&["run", WORM, "--seed", "11", "--format", "json"]);
    assert_eq!(a, b);
    assert_eq!(json(&a)["seed"], 11);
}

#[test]
fn a_different_seed_changes_a_stochastic_run() {
    // The default drill's repairs are LogNormal: another seed draws other repair times.
    let mut a = json(&ok(&["run", DDOS, "--seed", "1", "--format", "json"]));
    let mut b = json(&ok(&["run", DDOS, "--seed", "2", "--format", "json"]));
    assert_eq!(a["seed"], 1);
    assert_eq!(b["seed"], 2);
    assert_ne!(a["timeline"], b["timeline"]);
    a.as_object_mut().unwrap().remove("seed");
    b.as_object_mut().unwrap().remove("seed");
    assert_ne!(a, b);
    // Without --seed the scenario's own seed (1) is used.
    assert_eq!(
        json(&ok(&["run", DDOS, "--format", "json"])),
        json(&ok(&["run", DDOS, "--seed", "1", "--format", "json"]))
    );
}

#[test]
fn until_stops_the_run_early() {
    let v = json(&ok(&["run", "--until", "12h", "--format", "json"]));
    assert_eq!(v["end"], "T+12:00");
    let timeline = v["timeline"].as_array().unwrap();
    assert!(!timeline.is_empty());
    for e in timeline {
        let t = e["t"].as_u64().unwrap();
        assert!(t < 720, "entry at or after T+12:00: {e}");
        assert_ne!(e["kind"], "end", "{e}");
    }
    // The run covers [0, 12h): it is a prefix of the full run.
    let full = json(&ok(&["run", "--format", "json"]));
    let before: Vec<&Value> = full["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["t"].as_u64().unwrap() < 720)
        .collect();
    assert_eq!(timeline.iter().collect::<Vec<_>>(), before);
}

#[test]
fn until_rejects_a_bad_duration_without_running() {
    let out = rensa(&["run", "--until", "5x"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("unknown unit 'x' in duration \"5x\""),
        "{}",
        out.stderr
    );
}

#[test]
fn replay_warns_of_the_logs_refused_actions_on_stderr() {
    // The recorded drill has two actions the state of the drill refuses: a RED forward
    // and a third support team. They are replayed (and refused) the same way, and said.
    let out = rensa(&["replay", DRILL, "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stderr,
        format!(
            "{DRILL}: warning: action 5 (ceptor:info_comm at T+04:00, forward message #0 to council) was refused: \
forwarding message #0 to council refused: TLP:RED is for the named recipients only and may not be forwarded\n\
{DRILL}: warning: action 7 (nisc at T+04:30, dispatch a support team to national-gov) was refused: \
no support team available: all 2 are deployed\n"
        )
    );
    let run = rensa(&["run", DDOS, "--actions", DRILL, "--format", "json"]);
    assert_eq!(run.stderr, out.stderr);
    // In Japanese, the same warnings in Japanese.
    let ja = rensa(&["replay", DRILL, "--lang", "ja"]);
    assert_eq!(ja.code, Some(0));
    assert_eq!(ja.stderr.lines().count(), 2);
    assert!(ja.stderr.contains(": 警告: 行動 5（"), "{}", ja.stderr);
    assert!(
        ja.stderr.contains("TLP:RED は指定された受信者限り"),
        "{}",
        ja.stderr
    );
}

#[test]
fn replay_gives_the_same_bytes_every_time() {
    let a = warned(&["replay", DRILL, "--format", "json"]);
    let b = warned(&["replay", DRILL, "--format", "json"]);
    assert_eq!(a, b);
    let v = json(&a);
    // The log's player actions are in the result, with their origin.
    let players = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["origin"]["kind"] == "player")
        .count();
    assert_eq!(players, 8);
    assert_eq!(warned(&["replay", DRILL]), warned(&["replay", DRILL]));
}

#[test]
fn replay_equals_run_with_the_same_actions() {
    let replay = warned(&["replay", DRILL, "--format", "json"]);
    let run = warned(&["run", DDOS, "--actions", DRILL, "--format", "json"]);
    // Name the differing parts first: the documents are too long to read in a diff.
    let (a, b) = (json(&replay), json(&run));
    let differing: Vec<&String> = a
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| a[k.as_str()] != b[k.as_str()])
        .collect();
    assert!(
        differing.is_empty(),
        "replay and run --actions differ in {differing:?} (events {} vs {}; last timeline entries {} vs {})",
        a["events"],
        b["events"],
        a["timeline"].as_array().unwrap().last().unwrap(),
        b["timeline"].as_array().unwrap().last().unwrap(),
    );
    assert_eq!(replay, run);
}

#[test]
fn a_drill_log_replays_from_any_directory() {
    // The log names its scenario relative to itself, not to the working directory.
    let dir = tempfile::tempdir().unwrap();
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join(DRILL);
    let out = rensa_in(
        dir.path(),
        &["replay", log.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, warned(&["replay", DRILL, "--format", "json"]));
}

#[test]
fn player_actions_change_the_run_and_are_reported() {
    // Telecom goes on backup at T+2h, before its 2h buffer on power runs out at T+3h:
    // its buffers hold 12h longer, so the 5h power failure never reaches it or the bank.
    let v = json(&ok(&[
        "replay",
        "tests/fixtures/drills/backup.ron",
        "--format",
        "json",
    ]));
    let services: Vec<&str> = v["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(services, vec!["power/supply", "tel/net"]);
    let tel = &v["services"][1];
    // Backup costs 0.1 of capacity and keeps telecom above its required 0.8.
    assert_eq!(tel["min_level"], 0.9);
    assert_eq!(tel["hours_below_required"], 0.0);
    let info = v["sectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "info_comm")
        .unwrap();
    assert_eq!(info["min_level"], 0.9);
    // The level dropped when the player acted, not at the next event (T+6h).
    assert_eq!(info["min_level_at"], "T+02:00");
    assert_eq!(v["totals"]["person_hours_lost"], 4000.0);
    let actions: Vec<(&str, &str, &str)> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["time"].as_str().unwrap(),
                a["role"].as_str().unwrap(),
                a["result"]["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        vec![
            ("T+02:00", "operator:tel", "taken"),
            ("T+08:00", "operator:tel", "taken"),
        ]
    );
}

#[test]
fn validate_exits_2_on_a_bad_file_and_0_on_good_ones() {
    let good = rensa(&["validate", SMALL, DDOS]);
    assert_eq!(good.code, Some(0), "{}", good.stderr);
    assert_eq!(good.stderr, "");
    assert_eq!(
        good.stdout,
        format!(
            "{SMALL}: ok (3 operators, 3 services, 2 dependencies, 1 injects)\n{}",
            rensa(&["validate", DDOS]).stdout
        )
    );

    let bad = "tests/fixtures/invalid/late-inject.ron";
    let mixed = rensa(&["validate", SMALL, bad]);
    assert_eq!(mixed.code, Some(2));
    // Good files are still reported as ok on stdout; problems go to stderr.
    assert_eq!(
        mixed.stdout,
        format!("{SMALL}: ok (3 operators, 3 services, 2 dependencies, 1 injects)\n")
    );
    assert!(
        mixed.stderr.starts_with(&format!("{bad}:10:38: ")),
        "{}",
        mixed.stderr
    );
    assert!(!mixed.stderr.contains("panicked"));

    let none = rensa(&["validate"]);
    assert_eq!(none.code, Some(2), "validate needs at least one file");
}

#[test]
fn help_exits_0_and_mentions_every_subcommand() {
    let out = rensa(&["--help"]);
    assert_eq!(out.code, Some(0));
    for sub in ["run", "replay", "validate", "list"] {
        assert!(
            out.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{sub} "))),
            "--help does not list {sub}:\n{}",
            out.stdout
        );
        let sub_help = rensa(&[sub, "--help"]);
        assert_eq!(sub_help.code, Some(0), "{sub} --help");
        assert!(
            sub_help.stdout.contains(&format!("Usage: rensa {sub}")),
            "{}",
            sub_help.stdout
        );
    }
    let run = rensa(&["run", "--help"]);
    for option in ["--seed", "--format", "--until", "--actions", "--detail"] {
        assert!(run.stdout.contains(option), "run --help lacks {option}");
    }
    // Without a subcommand: usage on stderr, exit 2.
    let bare = rensa(&[]);
    assert_eq!(bare.code, Some(2));
    assert!(
        bare.stderr.contains("Usage: rensa <COMMAND>"),
        "{}",
        bare.stderr
    );
}

#[test]
fn a_missing_file_is_a_clear_error_with_exit_2_and_no_panic() {
    let missing = "no-such-scenario.ron";
    for args in [
        vec!["run", missing],
        vec!["validate", missing],
        vec!["list", missing],
        vec!["replay", missing],
        vec!["run", SMALL, "--actions", missing],
    ] {
        let out = rensa(&args);
        assert_eq!(out.code, Some(2), "rensa {args:?}");
        assert_eq!(out.stdout, "", "rensa {args:?}");
        assert!(
            out.stderr.starts_with(&format!("{missing}: cannot read: ")),
            "rensa {args:?}: {}",
            out.stderr
        );
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    // A log whose scenario is missing names the scenario file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("log.ron"),
        r#"Drill(scenario: "gone.ron", seed: 1, actions: [])"#,
    )
    .unwrap();
    let out = rensa_in(dir.path(), &["replay", "log.ron"]);
    assert_eq!(out.code, Some(2));
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with("gone.ron: cannot read: "),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("panicked"));
}

#[test]
fn list_prints_the_ids() {
    let out = ok(&["list", SMALL]);
    insta::assert_snapshot!("list_small_chain", out);
    let default = ok(&["list"]);
    assert!(default.starts_with("regions: "), "{default}");
    let scenario = rensa::scenario::load_default();
    for op in &scenario.infra.operators {
        assert!(default.contains(&format!("\n{}  ", op.key)), "{}", op.key);
    }
    for s in &scenario.infra.services {
        assert!(
            default.contains(&format!("service {}  ", s.key)),
            "{}",
            s.key
        );
    }
    for y in &scenario.infra.systems {
        assert!(
            default.contains(&format!("system {}  ", y.key)),
            "{}",
            y.key
        );
    }
}

#[test]
fn text_output_of_a_small_scenario_is_pinned() {
    // Passive policies and fixed repair times: every number is computed by hand in
    // tests/fixtures/valid/small-chain.ron. (The header's event count and the missing
    // "end of scenario" line follow the bug of `run_reaches_the_end_of_the_scenario_...`;
    // re-accept the snapshot when it is fixed.)
    insta::assert_snapshot!("run_small_chain_text", ok(&["run", SMALL]));
    insta::assert_snapshot!(
        "run_small_chain_text_full",
        ok(&["run", SMALL, "--detail", "full"])
    );
}

#[test]
fn the_same_scenario_and_seed_run_twice_in_one_process_give_the_same_summary() {
    let scenario = Arc::new(load_path(Path::new(WORM)).expect("bundled scenario is valid"));
    let run = |seed| {
        let outcome = Session::new(scenario.clone(), seed).finish();
        Report::new(&scenario, &outcome, Lang::En).to_json()
    };
    let a = run(9);
    assert_eq!(a, run(9));
    assert_ne!(a, run(10));
}

#[test]
fn run_and_replay_report_load_errors_in_the_language_asked_for() {
    let bad = "tests/fixtures/invalid/unknown-ids.ron";
    let en = rensa(&["run", bad]);
    let ja = rensa(&["run", bad, "--lang", "ja"]);
    assert_eq!((en.code, ja.code), (Some(2), Some(2)));
    assert!(
        en.stderr.contains("unknown operator \"powr\""),
        "{}",
        en.stderr
    );
    assert!(ja.stderr.contains("不明な事業者 \"powr\""), "{}", ja.stderr);
    assert!(
        ja.stderr
            .contains("  ヒント: もしかして \"power\" ですか？"),
        "{}",
        ja.stderr
    );
    assert_eq!(en.stderr.lines().count(), ja.stderr.lines().count());

    for log in [
        "tests/fixtures/drills/unknown-role.ron",
        "tests/fixtures/drills/malformed.ron",
    ] {
        let en = rensa(&["replay", log]);
        let ja = rensa(&["replay", log, "--lang", "ja"]);
        assert_eq!((en.code, ja.code), (Some(2), Some(2)), "{log}");
        assert_ne!(en.stderr, ja.stderr, "{log}");
        assert!(!ja.stderr.contains("help: "), "{}", ja.stderr);
        assert_eq!(
            en.stderr.lines().count(),
            ja.stderr.lines().count(),
            "{log}"
        );
    }

    let missing = rensa(&["run", "no-such-file.ron", "--lang", "ja"]);
    assert_eq!(missing.code, Some(2));
    assert!(
        missing
            .stderr
            .starts_with("no-such-file.ron: 読み込めません: "),
        "{}",
        missing.stderr
    );
}
