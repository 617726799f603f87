//! The report reads the crate's own JSON back with the types that wrote it
//! (`present::Report`, `present::json::LuckJson`): one schema for both sides. A document
//! read back and written again gives the same bytes, for every kind of record the library's
//! drills produce (timeline entries, causes, messages, actions taken and refused, scores).

use rensa::model::drill::Role;
use rensa::present::json::LuckJson;
use rensa::present::{Lang, Report};
use rensa::scenario::library::LIBRARY;
use rensa::session::Session;
use rensa::twin::{Twin, twin};
use std::sync::Arc;

/// `json` read as a [`Report`] and written again.
fn round_trip(json: &str) -> String {
    let doc: Report = serde_json::from_str(json).expect("a report reads back");
    doc.to_json()
}

#[test]
fn every_library_drill_reads_back_as_the_report_that_wrote_it() {
    for e in LIBRARY {
        let scenario = Arc::new(e.load().expect("the library is valid"));
        // Nobody playing (every policy acts), and NISC played but idle (refusals and
        // unplayed roles differ).
        for outcome in [
            twin(&scenario, 1, &[], Twin::Playbook),
            twin(&scenario, 1, &[Role::Nisc], Twin::NoAction),
        ] {
            for lang in Lang::ALL {
                let json = Report::new(&scenario, &outcome, lang).to_json();
                assert_eq!(round_trip(&json), json, "{} in {lang:?}", e.id);
            }
        }
    }
}

#[test]
fn a_recorded_drill_with_refused_actions_reads_back_byte_for_byte() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("scenarios/drills/ddos-response.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let log = rensa::scenario::drill_log::parse_log("ddos-response.ron", &text).unwrap();
    let scenario =
        Arc::new(rensa::scenario::load_path(&root.join("scenarios/telecom-ddos.ron")).unwrap());
    let resolved =
        rensa::scenario::drill_log::resolve("ddos-response.ron", &text, &log.file, &scenario)
            .unwrap();
    let replayed = Session::replay(
        scenario.clone(),
        log.seed,
        &resolved.players,
        &resolved.actions,
    );
    let report = Report::new(&scenario, &replayed.outcome, Lang::En);
    assert!(
        report.actions.iter().any(|a| matches!(
            a.result,
            rensa::present::report::ResultRecord::Refused { .. }
        )),
        "the drill has refused actions"
    );
    let json = report.to_json();
    assert_eq!(round_trip(&json), json);
    // Read back, it is the same value, field by field (words and all).
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back.timeline, report.timeline);
    assert_eq!(back.actions, report.actions);
    assert_eq!(back.score, report.score);
}

#[test]
fn luck_json_reads_back_as_the_type_that_wrote_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("luck");
    let out = crate::common::rensa(&[
        "run",
        "--aar",
        dir.to_str().unwrap(),
        "--format",
        "json",
        "--luck",
        "2",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = std::fs::read_to_string(dir.join("luck.json")).unwrap();
    let doc: LuckJson = serde_json::from_str(&text).unwrap();
    assert_eq!(doc.runs.len(), 2);
    assert_eq!(serde_json::to_string_pretty(&doc).unwrap() + "\n", text);
    for f in ["result.json", "twin-no-action.json", "twin-playbook.json"] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        assert_eq!(round_trip(&text) + "\n", text, "{f}");
    }
}
