//! What rensa prints, pinned: the JSON of every bundled scenario and recorded drill (so a
//! change of any number shows in review as a snapshot diff), the Japanese timeline of the
//! default drill, the JSON's structure (docs/OUTPUT.md), and `validate --lang ja`.

use crate::common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Runs `rensa args` from the package root; it must succeed. Returns stdout; stderr may
/// hold only warnings.
#[track_caller]
fn stdout(args: &[&str]) -> String {
    let out = rensa(args);
    assert_eq!(out.code, Some(0), "rensa {args:?} failed:\n{}", out.stderr);
    assert!(
        out.stderr.lines().all(|l| l.contains("warning: ")),
        "rensa {args:?} wrote more than warnings:\n{}",
        out.stderr
    );
    out.stdout
}

/// The `.ron` files of a directory of the package, in name order.
fn ron_files(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .expect("the directory exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            p.strip_prefix(root)
                .expect("inside the package")
                .to_path_buf()
        })
        .collect();
    files.sort();
    files
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn the_json_of_every_bundled_scenario_is_pinned() {
    let files = ron_files("scenarios");
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        let json = stdout(&["run", f.to_str().unwrap(), "--format", "json"]);
        insta::assert_snapshot!(format!("run_json_{}", stem(&f)), json);
    }
}

#[test]
fn the_json_of_every_recorded_drill_is_pinned() {
    let files = ron_files("scenarios/drills");
    assert!(!files.is_empty());
    for f in files {
        let json = stdout(&["replay", f.to_str().unwrap(), "--format", "json"]);
        insta::assert_snapshot!(format!("replay_json_{}", stem(&f)), json);
    }
}

#[test]
fn the_default_drill_in_japanese() {
    let text = stdout(&["run", "--lang", "ja"]);
    // Japanese names of sectors, roles and operators, Japanese framing.
    for word in [
        "タイムライン",
        "分野別",
        "情報通信",
        "日の出通信",
        "インジェクト «ddos-dns» 発生",
    ] {
        assert!(text.contains(word), "{word} missing");
    }
    assert!(!text.contains("BELOW required"));
    insta::assert_snapshot!("run_default_ja", text);
}

#[test]
fn json_text_follows_the_language_and_nothing_else_does() {
    let en: Value = serde_json::from_str(&stdout(&["run", "--format", "json"])).unwrap();
    let ja: Value =
        serde_json::from_str(&stdout(&["run", "--format", "json", "--lang", "ja"])).unwrap();
    assert_eq!(en["lang"], "en");
    assert_eq!(ja["lang"], "ja");
    // Remove the words: what is left is the same data.
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| !["text", "description", "lang"].contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    assert_eq!(strip(&en), strip(&ja));
    assert_ne!(en["timeline"][0]["text"], ja["timeline"][0]["text"]);
}

#[test]
fn timeline_entries_carry_their_structured_fields() {
    let v: Value = serde_json::from_str(&stdout(&["run", "--format", "json"])).unwrap();
    let timeline = v["timeline"].as_array().unwrap();
    for e in timeline {
        assert!(
            e["t"].is_u64() && e["time"].is_string() && e["kind"].is_string(),
            "{e}"
        );
        assert!(e["text"].is_string() && e["routine"].is_boolean(), "{e}");
    }
    let first = |kind: &str| {
        timeline
            .iter()
            .find(|e| e["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind}"))
    };
    let fired = first("inject_fired");
    assert_eq!(fired["inject"], "ddos-dns");
    assert_eq!(fired["incident"], 0);
    assert_eq!(fired["hits"], 1);
    assert_eq!(fired["t"], 60);
    let level = first("level_changed");
    assert_eq!(level["service"], "hinode-comm/dns");
    assert_eq!(level["from"], 1.0);
    assert_eq!(level["to"], 0.2);
    assert_eq!(level["below_required"], true);
    assert_eq!(level["causes"][0]["kind"], "incident");
    assert_eq!(level["causes"][0]["incident"], 0);
    let by_dependency = timeline
        .iter()
        .find(|e| e["kind"] == "level_changed" && e["causes"][0]["kind"] == "dependency")
        .unwrap();
    let edge = &by_dependency["causes"][0]["edge"];
    assert!(edge["index"].is_u64());
    assert!(edge["provider"].is_string() && edge["dependent"].is_string());
    assert_eq!(edge["dependent"], by_dependency["service"]);
    assert!(edge["strength"].is_f64());
    let buffer = first("buffer_started");
    assert!(buffer["until"].is_u64() && buffer["edge"]["dependency"].is_string());
    let recovery = first("recovery_started");
    assert_eq!(recovery["duration"], 370);
    let detected = first("detected");
    assert_eq!(detected["operator"], "hinode-comm");
    assert!(detected["stage"].is_null());
    let delivered = first("message_delivered");
    assert!(delivered["message"].is_u64() && delivered["to"].is_string());
    let skipped = first("policy_skipped");
    assert!(skipped["reason"]["kind"].is_string());
    assert_eq!(first("end")["t"], 4320);
    // Incidents by number, with the inject that opened them.
    assert_eq!(v["incidents"][0]["id"], 0);
    assert_eq!(v["incidents"][0]["inject"], "ddos-dns");
    assert_eq!(v["incidents"][0]["t"], 60);
}

#[test]
fn actions_and_messages_are_objects() {
    let v: Value = serde_json::from_str(&stdout(&[
        "replay",
        "scenarios/drills/ddos-response.ron",
        "--format",
        "json",
    ]))
    .unwrap();
    let actions = v["actions"].as_array().unwrap();
    for a in actions {
        assert!(a["action"]["kind"].is_string(), "{a}");
        match a["result"]["status"].as_str().unwrap() {
            "taken" => assert!(a["result"]["effect"]["kind"].is_string()),
            "refused" => assert!(a["result"]["reason"]["kind"].is_string()),
            other => panic!("status {other}"),
        }
        assert!(["player", "policy"].contains(&a["origin"]["kind"].as_str().unwrap()));
    }
    let refused: Vec<&Value> = actions
        .iter()
        .filter(|a| a["result"]["status"] == "refused")
        .collect();
    // MIC's policy may not pass the carrier's RED report on to NISC as AMBER: what it
    // learned under RED binds every message that carries it.
    assert_eq!(refused.len(), 3);
    assert_eq!(refused[0]["origin"]["kind"], "policy");
    assert_eq!(
        refused[0]["result"]["reason"]["kind"],
        "knowledge_label_forbids"
    );
    assert_eq!(refused[0]["result"]["reason"]["learned"], "TLP:RED");
    let refused = &refused[1..];
    let red = &refused[0];
    assert_eq!(red["action"]["kind"], "forward");
    assert_eq!(red["action"]["message"], 0);
    assert_eq!(red["action"]["to"][0], "council");
    let reason = &red["result"]["reason"];
    assert_eq!(reason["kind"], "label_forbids");
    assert_eq!(reason["label"], "TLP:RED");
    assert_eq!(reason["to"], "council");
    assert_eq!(refused[1]["result"]["reason"]["kind"], "all_teams_deployed");
    assert_eq!(refused[1]["result"]["reason"]["teams"], 2);
    let dispatched = actions
        .iter()
        .find(|a| a["result"]["effect"]["kind"] == "support_dispatched")
        .unwrap();
    assert_eq!(dispatched["action"]["kind"], "dispatch_support");
    assert!(dispatched["result"]["effect"]["arrives"].is_u64());
    let m = &v["messages"][0];
    assert!(m["to"][0]["role"].is_string() && m["to"][0]["at"].is_u64());
    assert!(m["subject"].is_object());
    assert!(m["description"].is_string());
}

#[test]
fn validate_speaks_japanese() {
    let good = rensa(&[
        "validate",
        "tests/fixtures/valid/small-chain.ron",
        "--lang",
        "ja",
    ]);
    assert_eq!(good.code, Some(0), "{}", good.stderr);
    assert_eq!(
        good.stdout,
        "tests/fixtures/valid/small-chain.ron: 問題なし（事業者 3、サービス 3、依存関係 2、インジェクト 1）\n"
    );
    let bad = rensa(&[
        "validate",
        "tests/fixtures/invalid/unknown-ids.ron",
        "--lang",
        "ja",
    ]);
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr
            .contains("  ヒント: もしかして \"power\" ですか？"),
        "{}",
        bad.stderr
    );
    assert!(
        bad.stderr
            .contains(": 不明な事業者 \"powr\"（場所: injects[0].target[0]）"),
        "{}",
        bad.stderr
    );
    assert!(!bad.stderr.contains("help: "), "{}", bad.stderr);
    assert!(!bad.stderr.contains("did you mean"), "{}", bad.stderr);
    // The same diagnostics as in English, line for line, in Japanese.
    let en = rensa(&["validate", "tests/fixtures/invalid/unknown-ids.ron"]);
    assert_eq!(
        bad.stderr.lines().count(),
        en.stderr.lines().count(),
        "{}",
        bad.stderr
    );
}
