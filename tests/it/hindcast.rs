//! `rensa hindcast`: the bundled hindcasts load (every fact with its source, address, date
//! and tolerance), run, and print the table of published against simulated values; the
//! exit status says whether every fact holds (docs/VALIDATION.md). CI runs these.

use crate::common::rensa;
use rensa::hindcast::{BUNDLED, Hindcast};
use rensa::model::hindcast::Tolerance;
use rensa::scenario::{Lang, LoadError};

#[test]
fn every_bundled_hindcast_loads_with_sourced_and_toleranced_facts() {
    assert!(BUNDLED.len() >= 5, "at least five incidents");
    let mut origins = std::collections::BTreeSet::new();
    for b in BUNDLED {
        let h = Hindcast::bundled(b).unwrap_or_else(|e| panic!("{}:\n{e}", b.id));
        assert_eq!(h.facts.file.id, b.id, "the file's id is its name");
        assert!(!h.facts.facts.is_empty(), "{}", b.id);
        for f in &h.facts.facts {
            let s = h.facts.sources.iter().find(|s| s.id == f.source);
            let s = s.unwrap_or_else(|| panic!("{} {}: source {}", b.id, f.id, f.source));
            assert!(s.url.starts_with("http") && s.date.len() == 10, "{}", s.id);
            if !matches!(f.measure, rensa::model::hindcast::Measure::Fell(_)) {
                assert_ne!(f.tolerance, Tolerance::Exact, "{} {}", b.id, f.id);
            }
        }
        for i in &h.facts.file.inputs {
            assert!(
                h.facts.sources.iter().any(|s| s.id == i.source),
                "{}",
                i.what
            );
        }
        let inject = &h.scenario.injects[0];
        origins.insert(format!(
            "{:?}",
            h.scenario.infra.sector_of(match &inject.target {
                rensa::model::Target::Service(s) => *s,
                rensa::model::Target::System(y) => h.scenario.infra.system(*y).service,
                t => panic!("{}: a hindcast hits one service or system, not {t:?}", b.id),
            },)
        ));
    }
    assert!(
        origins.len() >= 4,
        "origins in several sectors: {origins:?}"
    );
}

/// The facts file of the first bundled hindcast with `from` replaced by `to`.
fn edited(from: &str, to: &str) -> Result<Hindcast, LoadError> {
    let b = &BUNDLED[0];
    assert!(b.facts.contains(from), "{from}");
    Hindcast::from_texts(
        b.scenario_path,
        b.scenario,
        b.facts_path,
        &b.facts.replacen(from, to, 1),
    )
}

#[test]
fn a_fact_that_loses_its_source_or_its_tolerance_is_refused_where_it_is() {
    let no_source = edited(
        "source: \"mainichi-2018-09-06\", quote",
        "source: \"\", quote",
    )
    .expect_err("a fact without a source");
    let text = no_source.render(Lang::En);
    assert!(text.contains("no source"), "{text}");
    assert!(text.contains("hokkaido-2018-09.facts.ron:"), "{text}");
    let unknown = edited(
        "source: \"mainichi-2018-09-06\", quote",
        "source: \"mainichi-2018-09-6\", quote",
    )
    .expect_err("an unlisted source (a typo of a listed one)");
    assert!(
        unknown
            .render(Lang::En)
            .contains("did you mean \"mainichi-2018-09-06\"")
    );
    let no_tolerance = edited(", tolerance: Range(0.0, 1.0)", "").expect_err("no tolerance");
    assert!(
        no_tolerance.render(Lang::En).contains("tolerance"),
        "{no_tolerance}"
    );
    let exact_figure =
        edited("tolerance: Range(0.0, 1.0)", "tolerance: Exact").expect_err("Exact hours");
    assert!(
        exact_figure
            .render(Lang::En)
            .contains("a figure needs a tolerance")
    );
    assert!(exact_figure.render(Lang::Ja).contains("許容"));
    let no_date = edited("date: \"2018-09-06\"", "date: \"6 Sep 2018\"").expect_err("a bad date");
    assert!(no_date.render(Lang::En).contains("YYYY-MM-DD"));
    let bad_service = edited(
        "FirstFall(\"kyushu-rail/commuter\")",
        "FirstFall(\"kyushu-rail/comuter\")",
    )
    .expect_err("an unknown service");
    assert!(
        bad_service
            .render(Lang::En)
            .contains("did you mean \"kyushu-rail/commuter\"")
    );
}

#[test]
fn rensa_hindcast_prints_the_table_and_exits_by_whether_every_fact_holds() {
    let out = rensa(&["hindcast"]);
    assert_eq!(out.stderr, "");
    let misses = out.stdout.matches(" MISS").count();
    let expected = if misses == 0 { Some(0) } else { Some(1) };
    assert_eq!(out.code, expected, "{}", out.stdout);
    for b in BUNDLED {
        assert!(out.stdout.contains(b.id), "{}", b.id);
    }
    insta::assert_snapshot!("hindcast_en", out.stdout);
    let ja = rensa(&["hindcast", "--lang", "ja"]);
    assert_eq!(ja.code, expected);
    insta::assert_snapshot!("hindcast_ja", ja.stdout);
    assert_eq!(rensa(&["hindcast"]).stdout, out.stdout, "deterministic");
}

#[test]
fn rensa_hindcast_json_counts_its_facts_and_one_id_runs_alone() {
    let out = rensa(&["hindcast", "--format", "json"]);
    let doc: rensa::present::hindcast::HindcastDoc =
        serde_json::from_str(&out.stdout).expect("the documented JSON");
    assert_eq!(doc.hindcasts.len(), BUNDLED.len());
    let facts: usize = doc.hindcasts.iter().map(|h| h.verdicts.len()).sum();
    assert_eq!(doc.facts, facts);
    let holding = doc
        .hindcasts
        .iter()
        .flat_map(|h| &h.verdicts)
        .filter(|v| v.holds)
        .count();
    assert_eq!(doc.holding, holding);
    assert_eq!(out.code, Some(if holding == facts { 0 } else { 1 }));
    let one = rensa(&["hindcast", "tse-2020-10"]);
    assert!(one.stdout.contains("tse-2020-10") && !one.stdout.contains("kddi-2022-07"));
}

#[test]
fn an_unknown_hindcast_is_bad_input_with_a_suggestion() {
    let out = rensa(&["hindcast", "kddi-2022"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("did you mean \"kddi-2022-07\""),
        "{}",
        out.stderr
    );
    let ja = rensa(&["hindcast", "kddi-2022", "--lang", "ja"]);
    assert!(ja.stderr.contains("ですか"), "{}", ja.stderr);
}
