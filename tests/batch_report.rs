//! `rensa report BATCH-RESULT`: the HTML report of a batch (docs/BATCH.md).

use std::process::Command;

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
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let headings: Vec<String> = doc.select(&sel("h2")).map(|h| h.text().collect()).collect();
    assert_eq!(
        headings,
        [
            "Headline metrics (point 0)",
            "Probabilities with Wilson 95% intervals (point 0)",
            "Convergence",
            "Sweep: paired differences against point 0",
        ]
    );
    // Four headline metrics × (histogram, ECDF), the probabilities, convergence, the sweep.
    assert_eq!(doc.select(&sel("figure svg")).count(), 11);
    assert!(
        text.contains("below_required_finance: 1.000"),
        "every run hits finance"
    );
    assert!(text.contains("1: edge.hinode-comm/dns-&gt;yamabuki-bank/channels.tolerance=360"));
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
