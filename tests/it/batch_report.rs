//! `rensa report BATCH-RESULT`: the HTML report of a batch (docs/BATCH.md).

use std::process::Command;

/// A CSS selector.
fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

/// The report's section headings, in order.
fn h2_headings(doc: &scraper::Html) -> Vec<String> {
    doc.select(&sel("h2")).map(|h| h.text().collect()).collect()
}

fn rensa(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "rensa {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn a_batch_report_draws_histograms_ecdfs_probabilities_convergence_and_the_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("b.csv").display().to_string();
    let html = dir.path().join("b.html").display().to_string();
    rensa(&[
        "batch",
        "--runs",
        "40",
        "--quiet",
        "--out",
        &csv,
        "--sweep",
        "edge.hinode-comm/dns->yamabuki-bank/channels.tolerance=0,6h",
    ]);
    rensa(&["report", &csv, "--out", &html]);
    let text = std::fs::read_to_string(&html).unwrap();
    let doc = scraper::Html::parse_document(&text);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let headings = h2_headings(&doc);
    assert_eq!(
        headings,
        [
            "Every metric at the baseline point",
            "Distributions of the headline metrics",
            "Probability of each event, with Wilson 95 % intervals",
            "Convergence of the mean",
            "Sweep: the points against the baseline",
            "Sensitivity to the swept parameters",
        ]
    );
    // Four headline metrics × (histogram, ECDF), the probabilities, convergence, the
    // sweep's paired differences and the sensitivity.
    assert_eq!(doc.select(&sel("figure svg")).count(), 12);
    assert!(
        text.contains("Finance below its required level (below_required_finance): 1 [0.912, 1]"),
        "every run hits finance"
    );
    // The sweep's points: the baseline named, the tolerance as a duration.
    assert!(text.contains(
        "Point 0 is the baseline: edge.hinode-comm/dns-&gt;yamabuki-bank/channels.tolerance = 0m"
    ));
    assert!(text.contains("<td>6h</td>"), "{text}");
}

#[test]
fn a_file_that_is_no_batch_result_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("x.csv");
    std::fs::write(&bad, "a,b\n1,2\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(["report", &bad.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a rensa batch result"));
}

/// `--lang ja`: the report's headings and the terminal summary in Japanese, the metric
/// names (the result's columns) unchanged, the columns aligned by display width.
#[test]
fn a_batch_report_and_summary_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("b.csv").display().to_string();
    let html = dir.path().join("b.html").display().to_string();
    let out = rensa(&["batch", "--runs", "20", "--out", &csv, "--lang", "ja"]);
    let summary = String::from_utf8(out.stdout).unwrap();
    assert!(summary.starts_with("rensa batch: "), "{summary}");
    assert!(summary.contains(" · 20 回 · 完了"), "{summary}");
    assert!(summary.contains("平均の 95% 信頼区間"), "{summary}");
    assert!(summary.contains("95% Wilson 区間"), "{summary}");
    assert!(summary.contains("（20 行）; 要約: "), "{summary}");
    // The heading's columns line up with the rows' (by display width, not by chars).
    use unicode_width::UnicodeWidthStr;
    let lines: Vec<&str> = summary.lines().collect();
    let head = lines.iter().position(|l| l.starts_with("指標")).unwrap();
    // The screen column where the heading's `n` ends …
    let n_end = lines[head]
        .find(" n ")
        .map(|i| lines[head][..i + 2].width());
    let n_end = n_end.expect("the heading has an n column");
    // … is where every row's count of runs ends: a digit there, a space after it.
    for row in &lines[head + 1..head + 4] {
        let mut width = 0;
        let mut at = None;
        for (i, c) in row.char_indices() {
            width += c.to_string().width();
            if width == n_end {
                at = Some(i);
                break;
            }
        }
        let at = at.unwrap_or_else(|| panic!("{row:?} is shorter than its heading"));
        let (before, after) = row.split_at(at + 1);
        assert!(
            before.ends_with(" 20") && after.starts_with(' '),
            "{row:?} in\n{summary}"
        );
    }

    rensa(&["report", &csv, "--out", &html, "--lang", "ja"]);
    let text = std::fs::read_to_string(&html).unwrap();
    let doc = scraper::Html::parse_document(&text);
    let headings = h2_headings(&doc);
    assert_eq!(
        headings,
        [
            "基準点における全指標",
            "主要指標の分布",
            "各事象の確率と Wilson 95% 区間",
            "平均の収束",
        ]
    );
    assert!(text.contains(r#"<html lang="ja">"#));
    // The bundled drill's Japanese name, and the event in words beside its column.
    assert!(
        text.contains("<h1>バッチ実行の報告 — 通信DDoS：全国通信事業者のDNSと基幹網</h1>"),
        "{text}"
    );
    assert!(
        text.contains("金融が必要水準を下回る（below_required_finance）: 1 [0.839, 1]"),
        "{text}"
    );
}

#[test]
fn a_json_batch_result_gives_the_same_report_as_its_csv() {
    // A sweep: the points' values travel through the JSON too.
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    let sweep = "edge.hinode-comm/dns->yamabuki-bank/channels.tolerance=0,6h";
    for (format, out) in [("csv", p("b.csv")), ("json", p("b.json"))] {
        rensa(&[
            "batch", "--runs", "30", "--quiet", "--sweep", sweep, "--format", format, "--out", &out,
        ]);
    }
    // The same document laid out otherwise (as a JSON tool would rewrite it).
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("b.json")).unwrap()).unwrap();
    std::fs::write(
        p("pretty.json"),
        serde_json::to_string_pretty(&doc).unwrap(),
    )
    .unwrap();
    for lang in ["en", "ja"] {
        for (from, to) in [
            ("b.csv", "c.md"),
            ("b.json", "j.md"),
            ("pretty.json", "p.md"),
        ] {
            let args = [
                "report",
                &p(from),
                "--format",
                "md",
                "--lang",
                lang,
                "-o",
                &p(to),
            ];
            rensa(&args);
        }
        let read = |f: &str| std::fs::read_to_string(p(f)).unwrap();
        let (c, j, pretty) = (read("c.md"), read("j.md"), read("p.md"));
        assert!(c.contains("tolerance"), "the sweep is reported: {c}");
        assert_eq!(
            c.replace("b.csv", "b.json"),
            j,
            "the JSON result reports differently"
        );
        assert_eq!(
            j.replace("b.json", "pretty.json"),
            pretty,
            "the layout changed the report"
        );
    }
}

#[test]
fn a_damaged_json_batch_result_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("b.json");
    let s = json.display().to_string();
    rensa(&[
        "batch", "--runs", "5", "--quiet", "--format", "json", "--out", &s,
    ]);
    let text = std::fs::read_to_string(&json).unwrap();
    // Row 3's run index says 1 again: a duplicated run.
    let damaged = text.replacen("\n[2,", "\n[1,", 1);
    assert_ne!(damaged, text, "the rows are one a line");
    std::fs::write(&json, damaged).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(["report", &s])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    // Its line in the JSON: the rows start on line 5, one a line, so row 3 is line 7.
    assert!(
        err.contains(&format!("{s}:7: run \"1\" where run 2")),
        "{err}"
    );
    // Laid out otherwise, the row is named by its index.
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).expect("still JSON");
    std::fs::write(&json, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(["report", &s])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{s}: rows[2]: run \"1\" where run 2")),
        "{err}"
    );
}

#[test]
fn the_batch_report_says_what_the_players_did() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n).display().to_string();
    for players in ["playbook", "idle"] {
        let csv = p(&format!("{players}.csv"));
        rensa(&[
            "batch",
            "--runs",
            "5",
            "--quiet",
            "--players",
            players,
            "--out",
            &csv,
        ]);
        let md = String::from_utf8(rensa(&["report", &csv, "--format", "md"]).stdout).unwrap();
        let row = md
            .lines()
            .find(|l| l.contains("Players"))
            .unwrap_or_else(|| panic!("no Players row in:\n{md}"));
        assert!(row.contains(&format!("--players {players}")), "{row}");
    }
}
