//! Every report the way its readers get it, built once through the binary: the
//! after-action report of the default drill in English and Japanese, a batch without and
//! with a sweep (a Latin hypercube, for the sensitivity), and an analysis in English and
//! Japanese. The checks here need no browser (tests/it/browser.rs opens the same pages in
//! Chromium): valid HTML5 (no parse error), one shell (viewport, styles, the marking), a
//! named and described SVG per chart, no `<?xml?>` in the body, Japanese pages without
//! English in their headings, captions, legends and axes, readable numbers, and reports
//! that never claim more than their data (a cut file, a shard, capped tables).

use crate::common::rensa;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One report page.
pub struct Page {
    /// A short name (`aar-en`): the screenshots' file names.
    pub name: &'static str,
    /// `en` or `ja`.
    pub lang: &'static str,
    /// The HTML file.
    pub path: PathBuf,
    /// Its text.
    pub html: String,
}

/// The pages and the files they were made from.
pub struct Pages {
    _tmp: tempfile::TempDir,
    /// The work directory.
    pub dir: PathBuf,
    /// Every page.
    pub pages: Vec<Page>,
}

impl Pages {
    /// The page named `name`.
    pub fn get(&self, name: &str) -> &Page {
        self.pages
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no page {name}"))
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[track_caller]
fn ok(args: &[&str]) {
    let out = rensa(args);
    assert_eq!(out.code, Some(0), "rensa {args:?}:\n{}", out.stderr);
}

/// The sweep of the Latin-hypercube batch: a parameter and a buffer.
pub const LHS: [&str; 2] = [
    "params.alert_boost=1..4",
    "edge.hinode-comm/dns->yamabuki-bank/channels.tolerance=0..6h",
];

/// Builds every page once.
pub fn pages() -> &'static Pages {
    static PAGES: OnceLock<Pages> = OnceLock::new();
    PAGES.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let dir = tmp.path().to_path_buf();
        let aar = dir.join("aar");
        ok(&[
            "replay",
            "scenarios/drills/ddos-response.ron",
            "--aar",
            s(&aar),
            "--format",
            "json",
        ]);
        let batch = dir.join("b.csv");
        ok(&["batch", "--runs", "60", "--quiet", "--out", s(&batch)]);
        let lhs = dir.join("lhs.csv");
        ok(&[
            "batch",
            "--runs",
            "12",
            "--quiet",
            "--out",
            s(&lhs),
            "--design",
            "lhs",
            "--samples",
            "8",
            "--sweep",
            LHS[0],
            "--sweep",
            LHS[1],
        ]);
        let analysis = dir.join("a.json");
        ok(&[
            "analyze",
            "--runs",
            "6",
            "--tornado",
            "--top",
            "3",
            "--format",
            "json",
            "--out",
            s(&analysis),
        ]);
        let mut pages = Vec::new();
        let mut page = |name: &'static str, lang: &'static str, input: &Path, extra: &[&str]| {
            let path = dir.join(format!("{name}.html"));
            let mut args = vec!["report", s(input), "--lang", lang, "--out", s(&path)];
            args.extend_from_slice(extra);
            ok(&args);
            let html = std::fs::read_to_string(&path).expect("the report was written");
            pages.push(Page {
                name,
                lang,
                path,
                html,
            });
        };
        let dates = ["--date", "2025-11-21", "--exercise-date", "2025-11-20"];
        page("aar-en", "en", &aar, &dates);
        page("aar-ja", "ja", &aar, &dates);
        page("batch-en", "en", &batch, &[]);
        page("batch-sweep-en", "en", &lhs, &[]);
        page("batch-sweep-ja", "ja", &lhs, &[]);
        page("analysis-en", "en", &analysis, &[]);
        page("analysis-ja", "ja", &analysis, &[]);
        Pages {
            _tmp: tmp,
            dir,
            pages,
        }
    })
}

fn sel(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).expect("a valid selector")
}

fn text_of(e: scraper::ElementRef) -> String {
    e.text().collect::<String>()
}

#[test]
fn every_report_is_valid_html5_in_one_shell() {
    for p in &pages().pages {
        let doc = scraper::Html::parse_document(&p.html);
        assert!(doc.errors.is_empty(), "{}: {:?}", p.name, doc.errors);
        assert!(
            p.html.starts_with("<!DOCTYPE html>\n<html lang=\""),
            "{}",
            p.name
        );
        assert!(p.html.contains(&format!("<html lang=\"{}\">", p.lang)));
        assert!(
            p.html.contains(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            ),
            "{}: a viewport meta tag",
            p.name
        );
        assert!(!p.html.contains("<?xml"), "{}: an XML declaration", p.name);
        for bad in ["<script", "<link", "@import", "http://", "https://"] {
            assert!(!p.html.contains(bad), "{}: {bad}", p.name);
        }
        // Every table scrolls sideways inside a named, focusable region.
        let tables = doc.select(&sel("table")).count();
        let wrapped = doc
            .select(&sel(
                "div.scroll[role=region][aria-label][tabindex] > table",
            ))
            .count();
        assert!(tables > 0, "{}", p.name);
        assert_eq!(
            tables, wrapped,
            "{}: a table outside its scroll region",
            p.name
        );
        // Print rules and the shared stylesheet.
        assert!(p.html.contains("@media print"), "{}", p.name);
        assert!(
            p.html.contains("figure svg{display:block;max-width:100%"),
            "{}",
            p.name
        );
    }
}

#[test]
fn every_chart_is_named_described_and_captioned() {
    for p in &pages().pages {
        let doc = scraper::Html::parse_document(&p.html);
        let charts: Vec<_> = doc.select(&sel("figure svg")).collect();
        assert!(!charts.is_empty(), "{}: no chart", p.name);
        for svg in charts {
            assert_eq!(svg.value().attr("role"), Some("img"), "{}", p.name);
            let labelled = svg.value().attr("aria-labelledby").unwrap_or_default();
            let ids: Vec<&str> = labelled.split(' ').collect();
            assert_eq!(ids.len(), 2, "{}: {labelled}", p.name);
            let title = svg
                .select(&sel("title"))
                .next()
                .unwrap_or_else(|| panic!("{}: a chart without <title>", p.name));
            let desc = svg
                .select(&sel("desc"))
                .next()
                .unwrap_or_else(|| panic!("{}: a chart without <desc>", p.name));
            assert_eq!(title.value().id(), Some(ids[0]));
            assert_eq!(desc.value().id(), Some(ids[1]));
            assert!(
                !text_of(title).trim().is_empty(),
                "{}: an empty title",
                p.name
            );
            assert!(
                !text_of(desc).trim().is_empty(),
                "{}: an empty desc",
                p.name
            );
            assert!(svg.value().attr("viewBox").is_some(), "{}", p.name);
            // Its caption is beside it.
            let figure = svg
                .ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .find(|e| e.value().name() == "figure")
                .unwrap();
            let caption = figure.select(&sel("figcaption")).next();
            assert!(
                caption.is_some_and(|c| !text_of(c).trim().is_empty()),
                "{}: a chart without a caption",
                p.name
            );
        }
        // Ids are unique (the charts' titles are found by id).
        let mut ids: Vec<&str> = doc
            .select(&sel("[id]"))
            .filter_map(|e| e.value().id())
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{}: duplicate ids", p.name);
    }
}

/// Words of English in `text`, apart from ids, paths, commands, acronyms and symbols.
fn english_words(text: &str) -> Vec<String> {
    const ALLOWED: [&str; 24] = [
        "TLP", "RED", "AMBER", "GREEN", "CLEAR", "STRICT", "HSEEP", "CEPTOR", "NISC", "GSOC",
        "DES", "IIM", "SRC", "PRCC", "CSV", "JSON", "CDF", "FIRST", "Wilson", "AFI", "IP", "DDoS",
        "JPCERT", "LIS",
    ];
    // Commands in backticks and file paths are names, not prose.
    let mut cleaned = String::new();
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            cleaned.push(c);
        }
    }
    cleaned
        .split(|c: char| !(c.is_ascii_alphanumeric() || "_-./:@+".contains(c)))
        .filter(|w| {
            w.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 3
                && !w.contains(['_', '/', ':', '.', '@'])
                && !w.contains('-')
                && !ALLOWED.contains(w)
        })
        .map(String::from)
        .collect()
}

#[test]
fn japanese_reports_have_no_english_in_headings_captions_legends_or_axes() {
    for p in pages().pages.iter().filter(|p| p.lang == "ja") {
        let doc = scraper::Html::parse_document(&p.html);
        for css in [
            "h2",
            "h3",
            "figcaption",
            "p.note",
            "p.warn",
            "dt",
            "svg title",
            "svg desc",
            "svg text.lg",
            "svg text.at",
            "svg text.ttl",
            "svg text.col",
            "summary",
        ] {
            for e in doc.select(&sel(css)) {
                let t = text_of(e);
                let words = english_words(&t);
                assert!(
                    words.is_empty(),
                    "{}: English {words:?} in {css}: {t}",
                    p.name
                );
            }
        }
    }
}

#[test]
fn large_numbers_are_readable() {
    let p = pages();
    let en = &p.get("aar-en").html;
    let ja = &p.get("aar-ja").html;
    // The end-user impact of the default drill: 113.9 M person-hours, 1億1,392万人時
    // (338.6 M before the hindcasts' partial pass-through and DNS serving operators).
    assert!(en.contains("113.9 M person-hours"), "the English AAR");
    assert!(ja.contains("1億1,392万人時"), "the Japanese AAR");
    for page in [en, ja] {
        assert!(
            !regex_like_long_number(page),
            "a number with nine digits or more printed in full"
        );
    }
}

/// Whether `s` holds a number of nine or more digits, grouped or not (e.g. 338,645,850).
fn regex_like_long_number(s: &str) -> bool {
    let mut digits = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 9 {
                return true;
            }
        } else if c != ',' {
            digits = 0;
        }
    }
    false
}

#[test]
fn every_report_is_small() {
    for p in &pages().pages {
        assert!(p.html.len() < 400_000, "{}: {} bytes", p.name, p.html.len());
    }
}

#[test]
fn every_report_writes_markdown_too() {
    let p = pages();
    for (input, heading) in [
        (p.dir.join("aar"), "## Improvement plan"),
        (p.dir.join("b.csv"), "## Every metric at the baseline point"),
        (p.dir.join("a.json"), "## Strongest propagation paths"),
    ] {
        let out = rensa(&["report", s(&input), "--format", "md"]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert!(out.stdout.starts_with("# "), "{}", out.stdout);
        assert!(out.stdout.contains(heading), "{heading}:\n{}", out.stdout);
        assert!(!out.stdout.contains("<svg"), "Markdown holds no SVG");
        assert!(!out.stdout.contains("<!DOCTYPE"), "Markdown, not HTML");
    }
}

#[test]
fn a_batch_file_cut_short_says_partial_with_its_count() {
    let p = pages();
    let csv = std::fs::read_to_string(p.dir.join("b.csv")).unwrap();
    // `head -n 30`: the header lines and the first rows, cut at a line boundary.
    let header = csv.lines().take_while(|l| l.starts_with('#')).count();
    let cut: String = csv
        .lines()
        .take(header + 1 + 21)
        .map(|l| format!("{l}\n"))
        .collect();
    let path = p.dir.join("cut.csv");
    std::fs::write(&path, cut).unwrap();
    let out = rensa(&["report", s(&path)]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Partial: this file holds 21 of the 60 rows its header promises"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains(">complete<"), "never called complete");
    let ja = rensa(&["report", s(&path), "--lang", "ja"]);
    assert!(
        ja.stdout.contains("60 行のうち 21 行しかなく"),
        "{}",
        ja.stdout
    );
    // Cut in the middle of a line: refused, with the file named.
    let torn = &csv[..csv.len() - 7];
    std::fs::write(&path, torn).unwrap();
    let out = rensa(&["report", s(&path)]);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    assert!(out.stderr.contains("cut.csv"), "{}", out.stderr);
}

#[test]
fn a_shard_says_which_shard_and_which_runs() {
    let p = pages();
    let part = p.dir.join("part2.csv");
    ok(&[
        "batch",
        "--runs",
        "40",
        "--quiet",
        "--shard",
        "2/4",
        "--out",
        s(&part),
    ]);
    let out = rensa(&["report", s(&part)]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("shard 2 of 4: runs 10–19 of 40"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Shard 2 of 4: the figures are this shard"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("10 of 10"),
        "its rows against its shard's"
    );
}

#[test]
fn a_batch_report_summarises_every_metric_and_names_the_baseline() {
    let p = pages();
    let doc = scraper::Html::parse_document(&p.get("batch-sweep-en").html);
    let csv = std::fs::read_to_string(p.dir.join("lhs.csv")).unwrap();
    let header = csv.lines().find(|l| !l.starts_with('#')).unwrap();
    let metrics: Vec<&str> = header.split(',').skip(3 + LHS.len()).collect();
    let table = doc
        .select(&sel("table"))
        .find(|t| {
            t.select(&sel("caption"))
                .next()
                .is_some_and(|c| text_of(c) == "Every metric at the baseline point")
        })
        .expect("the summary table");
    let ids: Vec<String> = table
        .select(&sel("tbody tr td:nth-child(2)"))
        .map(text_of)
        .collect();
    assert_eq!(ids, metrics, "one row per metric, in the file's order");
    let html = &p.get("batch-sweep-en").html;
    assert!(html.contains("Point 0 is the baseline: params.alert_boost = "));
    // LHS values rounded (three significant digits), durations as durations.
    let row1 = doc
        .select(&sel("tbody tr"))
        .find(|r| {
            r.select(&sel("td"))
                .next()
                .is_some_and(|c| text_of(c) == "1")
        })
        .expect("point 1");
    let cells: Vec<String> = row1.select(&sel("td")).map(text_of).collect();
    assert!(cells[1].len() <= 5, "{cells:?}");
    assert!(
        cells[2].ends_with('m') || cells[2].ends_with('h'),
        "{cells:?}"
    );
    // The sensitivity: SRC and PRCC per parameter, with intervals.
    assert!(html.contains("Sensitivity to the swept parameters"));
    assert!(html.contains("SRC [95 %]") && html.contains("PRCC [95 %]"));
}

#[test]
fn an_analysis_says_how_much_it_shows_and_where_the_rest_is() {
    let p = pages();
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.dir.join("a.json")).unwrap()).unwrap();
    let paths = a["paths"].as_array().unwrap().len();
    let html = &p.get("analysis-en").html;
    if paths > 10 {
        assert!(
            html.contains(&format!(
                "10 of {paths} shown; all {paths} are in the JSON file"
            )),
            "{paths} paths"
        );
    }
    let cells = a["iim"]["cells"].as_array().map_or(0, Vec::len);
    if cells > 20 {
        assert!(
            html.contains(&format!("20 of {cells} shown")),
            "{cells} cells"
        );
    }
    // The tornado is a chart.
    let doc = scraper::Html::parse_document(html);
    assert!(
        doc.select(&sel("svg title"))
            .any(|t| text_of(t).starts_with("Change of each origin")),
        "the tornado chart"
    );
}
