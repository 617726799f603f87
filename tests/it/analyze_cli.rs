//! `rensa analyze` from the command line: formats, files, errors.

use std::process::Command;

fn rensa(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const CHAIN: &str = "tests/fixtures/valid/small-chain.ron";
const PERT: &str = "tests/fixtures/analyze/chain-perturbation.ron";

#[test]
fn iim_from_a_csv_matrix_prints_the_published_answer() {
    // Haimes & Jiang (2001), two systems: c* = 0.6 at b gives q = [0.571, 0.714].
    let (code, out, err) = rensa(&[
        "analyze",
        "--model",
        "iim",
        "--matrix",
        "tests/fixtures/analyze/haimes-jiang-2.csv",
        "--origin",
        "b",
        "--perturbation",
        "tests/fixtures/analyze/chain-perturbation.ron",
    ]);
    // The perturbation file's severity is 0.8; q scales linearly: 0.8/0.6 × [0.571, 0.714].
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("a                            q = 0.762"),
        "{out}"
    );
    assert!(
        out.contains("b                            q = 0.952"),
        "{out}"
    );
}

#[test]
fn iim_dynamic_from_ron_with_k_converges_in_json() {
    let (code, out, err) = rensa(&[
        "analyze",
        "--model",
        "iim",
        "--matrix",
        "tests/fixtures/analyze/lian-haimes.ron",
        "--k",
        "tests/fixtures/analyze/k.csv",
        "--origin",
        "s2",
        "--steps",
        "200",
        "--format",
        "json",
        "--perturbation",
        "tests/fixtures/analyze/lian-perturbation.ron",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let last = v["dynamic"]["q"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let q: Vec<f64> = last
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!(
        (q[0] - 0.066).abs() < 5e-4 && (q[1] - 0.112).abs() < 5e-4,
        "{q:?}"
    );
    assert_eq!(v["k"], serde_json::json!([0.2, 0.2]));
}

#[test]
fn iim_takes_a_perturbation_vector_of_several_systems() {
    // A* = [[0, 0.8], [0.2, 0]], c* = (0.2, 0.6): q_a = 0.8 q_b + 0.2 and
    // q_b = 0.2 q_a + 0.6, so 0.84 q_b = 0.64: q_b = 16/21, q_a = 17/21.
    let (code, out, err) = rensa(&[
        "analyze",
        "--model",
        "iim",
        "--matrix",
        "tests/fixtures/analyze/haimes-jiang-2.csv",
        "--c-star",
        "tests/fixtures/analyze/c-star.csv",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["c_star"], serde_json::json!([0.2, 0.6]));
    let q: Vec<f64> = v["static"][0]["q"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert!(
        (q[0] - 17.0 / 21.0).abs() < 1e-12 && (q[1] - 16.0 / 21.0).abs() < 1e-12,
        "{q:?}"
    );
    assert_eq!(v["static"][0]["origin"], "c*");
    // The dynamic build-up under the same c* is there too.
    assert_eq!(v["dynamic"]["origin"], "c*");
    let (code, text, err) = rensa(&[
        "analyze",
        "--model",
        "iim",
        "--matrix",
        "tests/fixtures/analyze/haimes-jiang-2.csv",
        "--c-star",
        "tests/fixtures/analyze/c-star.csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("q = 0.810") && text.contains("q = 0.762"),
        "{text}"
    );
    // An unknown system is bad input, named where it is, with a suggestion.
    let (code, _, err) = rensa(&[
        "analyze",
        "--model",
        "iim",
        "--matrix",
        "tests/fixtures/analyze/haimes-jiang-2.csv",
        "--c-star",
        "tests/fixtures/analyze/c-star-typo.csv",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "tests/fixtures/analyze/c-star-typo.csv:2:1: unknown system `bb` (did you mean `b`?)"
        ),
        "{err}"
    );
    // A vector and an origin contradict each other.
    let (code, _, _) = rensa(&[
        "analyze",
        "--model",
        "iim",
        "--c-star",
        "tests/fixtures/analyze/c-star.csv",
        "--origin",
        "a",
    ]);
    assert_eq!(code, 2);
}

#[test]
fn a_bad_matrix_cell_is_named_by_file_line_and_column() {
    let (code, _, err) = rensa(&[
        "analyze",
        "--model",
        "iim",
        "--matrix",
        "tests/fixtures/analyze/bad.csv",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("tests/fixtures/analyze/bad.csv:3:3: expected a number in [0, 1], found `x`"),
        "{err}"
    );
}

#[test]
fn a_bad_perturbation_field_is_named_by_file_line_and_column() {
    let (code, _, err) = rensa(&[
        "analyze",
        CHAIN,
        "--perturbation",
        "tests/fixtures/analyze/bad-perturbation.ron",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bad-perturbation.ron:1:"), "{err}");
    assert!(err.contains("att"), "{err}");
}

#[test]
fn des_csv_of_the_chain_and_json_to_a_file() {
    let (code, out, err) = rensa(&[
        "analyze",
        CHAIN,
        "--runs",
        "2",
        "--perturbation",
        PERT,
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    // Origin power → telecom: always below, 2400 person-hours, 120 minutes, 0.4 lost.
    assert!(
        out.lines()
            .any(|l| l.starts_with("electricity,info_comm,1.000000,")
                && l.contains(",2400.00,120,0.400000,")),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    let (code, out, err) = rensa(&[
        "analyze",
        CHAIN,
        "--runs",
        "2",
        "--perturbation",
        PERT,
        "--format",
        "json",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    // Not a terminal: no progress bar on stderr.
    assert!(err.is_empty(), "{err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["kind"], "rensa-analysis");
    assert_eq!(v["criticality"][0]["unit"], "electricity");
}

#[test]
fn the_same_analysis_at_one_and_two_threads_gives_the_same_bytes() {
    let args = |t: &'static str| {
        vec![
            "analyze",
            "--runs",
            "3",
            "--duration",
            "24h",
            "--format",
            "json",
            "--threads",
            t,
        ]
    };
    let (c1, one, e1) = rensa(&args("1"));
    let (c2, two, e2) = rensa(&args("2"));
    assert_eq!((c1, c2), (0, 0), "{e1}{e2}");
    assert_eq!(one, two);
}

#[test]
fn text_output_has_the_heat_map_with_numbers() {
    let (code, out, err) = rensa(&["analyze", CHAIN, "--runs", "2", "--perturbation", PERT]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Probability of falling below the required level (percent)"));
    assert!(
        out.lines()
            .any(|l| l.starts_with(" 3 Electric power") && l.ends_with("█  100 █  100 █  100")),
        "{out}"
    );
    // Sectors in words, not ids (`info_comm`).
    assert!(
        out.contains("Electric power → Information & communications → Finance"),
        "{out}"
    );
    assert!(!out.contains("info_comm"), "{out}");
    insta::assert_snapshot!("analyze_chain_text", out);
}

#[test]
fn report_of_an_analysis_has_the_heat_maps_and_the_paths_graph() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    let html = dir.path().join("a.html");
    let f = file.to_str().unwrap();
    let (code, _, err) = rensa(&[
        "analyze",
        CHAIN,
        "--runs",
        "2",
        "--perturbation",
        PERT,
        "--format",
        "json",
        "--out",
        f,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = rensa(&["report", f, "--out", html.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&html).unwrap();
    let doc = scraper::Html::parse_document(&text);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    // The paths graph is a chart; the two heat maps are tables with a number in every
    // cell (and the shade beside it).
    let svg = scraper::Selector::parse("figure svg").unwrap();
    assert_eq!(doc.select(&svg).count(), 1, "{text}");
    let cells = |caption: &str| -> Vec<String> {
        let table = scraper::Selector::parse("table").unwrap();
        let td = scraper::Selector::parse("td.h").unwrap();
        let cap = scraper::Selector::parse("caption").unwrap();
        doc.select(&table)
            .find(|t| {
                t.select(&cap)
                    .next()
                    .is_some_and(|c| c.text().collect::<String>().starts_with(caption))
            })
            .unwrap_or_else(|| panic!("no table {caption}"))
            .select(&td)
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    // Origin power's row has 100 % three times; six cells in all.
    let p = cells("Probability of falling below");
    assert_eq!(p.iter().filter(|t| *t == "100").count(), 6, "{p:?}");
    // The bank's impact as origin is 2000 person-hours.
    let i = cells("Expected end-user impact");
    assert!(i.contains(&"2,000".to_string()), "{i:?}");
    assert!(text.contains("Electric power → Information &amp; communications → Finance"));
}

#[test]
fn report_refuses_a_json_file_of_another_kind() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.json");
    std::fs::write(&file, r#"{"kind": "other"}"#).unwrap();
    let (code, _, err) = rensa(&["report", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("x.json"), "{err}");
}

/// `--lang ja`: the analysis text and its HTML report in Japanese, with the same numbers
/// and ids (a snapshot pins the text; the heat map's columns line up by display width).
#[test]
fn an_analysis_in_japanese_has_the_same_numbers_and_ids() {
    let (code, en, err) = rensa(&["analyze", CHAIN, "--runs", "2", "--perturbation", PERT]);
    assert_eq!(code, 0, "{err}");
    let (code, ja, err) = rensa(&[
        "analyze",
        CHAIN,
        "--runs",
        "2",
        "--perturbation",
        PERT,
        "--lang",
        "ja",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(ja.contains("必要水準を下回る確率（%）"), "{ja}");
    assert!(
        ja.contains("重要度（下流への影響による起点の順位、人時）:"),
        "{ja}"
    );
    // The text names sectors in words, in its language (the JSON and CSV keep the ids).
    assert!(ja.contains("電力 → 情報通信 → 金融"), "{ja}");
    assert!(
        en.contains("Electric power → Information & communications → Finance"),
        "{en}"
    );
    // The same rows of numbers: every heat-map row holds the same cells in both languages
    // (the name and the padding after it follow the language).
    let rows = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with(" 3 ") || l.starts_with(" 1 "))
            .filter_map(|l| l.find(|c: char| "·░▒▓█".contains(c)).map(|i| &l[i..]))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert!(!rows(&en).is_empty());
    assert_eq!(rows(&en), rows(&ja));
    // The row label pads to the wide heading "起点 ↓ 影響先 →" by display width.
    use unicode_width::UnicodeWidthStr;
    let heading = ja
        .lines()
        .find(|l| l.starts_with("起点 ↓ 影響先 →"))
        .unwrap();
    let first_col = |l: &str| l.find("     1").map(|i| l[..i].width());
    let row = ja.lines().find(|l| l.starts_with(" 1 ")).unwrap();
    assert_eq!(
        first_col(heading).map(|w| w + 6),
        row.find(|c: char| "·░▒▓█".contains(c))
            .map(|i| row[..i].width() + 6)
    );
    insta::assert_snapshot!("analyze_chain_text_ja", ja);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    let html = dir.path().join("a.html");
    let f = file.to_str().unwrap();
    let (code, _, err) = rensa(&[
        "analyze",
        CHAIN,
        "--runs",
        "2",
        "--perturbation",
        PERT,
        "--format",
        "json",
        "--out",
        f,
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = rensa(&["report", f, "--out", html.to_str().unwrap(), "--lang", "ja"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains(r#"<html lang="ja">"#));
    assert!(text.contains("<h1>相互依存分析 — "), "{text}");
    assert!(
        text.contains("<h2 id=\"paths\">最も強い波及経路</h2>"),
        "{text}"
    );
    assert!(text.contains("電力 → 情報通信 → 金融"));
}
