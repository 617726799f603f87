//! A bad seats file stops `rensa serve` before anything is written or listened on: every
//! problem named by file, line and column, in English or Japanese, with what to write
//! instead (exit code 2).

use crate::common::rensa_in;

/// Five seats, each wrong in its own way.
const BAD: &str = r#"Seats(seats: [
    Seat(name: "Control", role: "control", keys: ["ssh-ed25519 AAAA-not-base64 organiser"]),
    Seat(name: "hinode", role: "operator:hinode-comm", code: true),
    Seat(name: "hinode-2", role: "operator:hinode-comm", code: true),
    Seat(name: "typo", role: "operator:hinode-com", code: true),
    Seat(name: "eval-a", role: "evaluator"),
    Seat(name: "join", role: "evaluator", code: true),
])
"#;

/// Serves the default drill with `seats` as the seats file; returns the output and the
/// files the directory holds afterwards.
fn serve(seats: &str, lang: &str) -> (crate::common::CliOutput, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("seats.ron"), seats).unwrap();
    let out = rensa_in(
        tmp.path(),
        &[
            "serve",
            "--seats",
            "seats.ron",
            "--listen",
            "127.0.0.1:0",
            "-o",
            "drill.ron",
            "--lang",
            lang,
        ],
    );
    let mut files: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    (out, files)
}

#[test]
fn every_problem_of_a_seats_file_is_named_with_its_place_in_english_and_japanese() {
    for lang in ["en", "ja"] {
        let (out, files) = serve(BAD, lang);
        assert_eq!(out.code, Some(2), "bad input: {}", out.stderr);
        assert_eq!(out.stdout, "");
        assert_eq!(files, ["seats.ron"], "no log, host key or codes written");
        for place in [
            "seats.ron:2:16",
            "seats.ron:2:51",
            "seats.ron:4:34",
            "seats.ron:5:30",
            "seats.ron:6:5",
            "seats.ron:7:16",
        ] {
            assert!(out.stderr.contains(place), "{place} in:\n{}", out.stderr);
        }
        insta::assert_snapshot!(format!("bad_seats_{lang}"), out.stderr);
    }
}

#[test]
fn a_misspelt_field_and_a_file_without_control_are_refused_with_their_places() {
    let (out, files) = serve(
        "Seats(seats: [\n  Seat(name: \"a\", role: \"control\", code: true, colour: 1),\n])\n",
        "en",
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(files, ["seats.ron"]);
    insta::assert_snapshot!("seats_unknown_field", out.stderr);
    let (out, _) = serve(
        "Seats(seats: [\n  Seat(name: \"hinode\", role: \"operator:hinode-comm\", code: true),\n])\n",
        "ja",
    );
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("演習統制の座席がありません"),
        "{}",
        out.stderr
    );
    insta::assert_snapshot!("seats_without_control_ja", out.stderr);
}
