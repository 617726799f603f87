//! Every `source` of the bundled graph (assets/japan.ron) is an honest assumption or cites a
//! passage kept in the reference list (src/model/references.rs). The sources do not survive
//! into the model, so the file is parsed with the crate's schema types.

use rensa::model::references::{REFERENCES, check_source, cited_ids, lookup};
use rensa::scenario::diagnostics::Source;
use rensa::scenario::load::{DEFAULT_INFRA, DEFAULT_INFRA_NAME, parse_ron};
use rensa::scenario::schema::InfrastructureFile;

fn bundled() -> InfrastructureFile {
    parse_ron(&Source::new(DEFAULT_INFRA_NAME, DEFAULT_INFRA)).expect("assets/japan.ron parses")
}

/// (what, source) for every sourced value of the graph.
fn sources(infra: &InfrastructureFile) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for op in &infra.operators {
        out.push((format!("operator {}", op.id), op.source.clone()));
        for s in &op.services {
            out.push((format!("service {}", s.id), s.source.clone()));
        }
    }
    for d in &infra.dependencies {
        out.push((
            format!("edge {} <- {}", d.dependent, d.provider),
            d.source.clone(),
        ));
    }
    out
}

#[test]
fn every_source_of_the_bundled_graph_is_a_known_reference_or_an_assumption() {
    let infra = bundled();
    assert!(infra.dependencies.len() > 200, "the whole graph was read");
    let bad: Vec<String> = sources(&infra)
        .into_iter()
        .filter_map(|(what, src)| {
            check_source(&src)
                .err()
                .map(|e| format!("{what}: {e}\n    {src}"))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} bad sources:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn every_edge_has_its_own_source() {
    for d in &bundled().dependencies {
        assert!(
            !d.source.trim().is_empty(),
            "edge {} <- {} has no source",
            d.dependent,
            d.provider
        );
    }
}

#[test]
fn a_made_up_citation_is_refused() {
    // Lines and documents not in the list.
    assert!(check_source("seed 003 ~l.999: \"a passage that is not there\"").is_err());
    assert!(check_source("[nisc-2030-imaginary-standard] 99.999% availability").is_err());
    // A known citation does not cover an unknown one later in the string.
    assert!(check_source("seed 003 ~l.144: x; seed 002 ~l.9999: y").is_err());
    assert!(check_source("assumption: as seed 001 ~l.12345 says").is_err());
    // A seed without a line, and a bare claim with no citation and no `assumption:`.
    assert!(check_source("seed 002 (FISC standards require redundant lines)").is_err());
    assert!(check_source("FISC standards require redundant lines").is_err());
    assert!(check_source("").is_err());
    // A citation that is known but does not lead is not a citation of the claim.
    assert!(check_source("backup power, see [rfc-1035]").is_err());
    // What is accepted.
    assert!(check_source("assumption: 30% of the service, no buffer").is_ok());
    assert!(check_source("seed 003 ~l.144: \"flight-plan system down\"; assumption: 1h").is_ok());
    assert!(check_source("[jwwa-2012-design-criteria] 12h; assumption: then 60% lost").is_ok());
}

#[test]
fn the_reference_list_is_well_formed() {
    for r in REFERENCES {
        assert!(lookup(r.id).is_some());
        assert!(!r.title.is_empty() && !r.supports.is_empty(), "{}", r.id);
        let seed = r.id.starts_with("seed-");
        assert!(
            !seed || cited_ids(&format!("seed {} ~l.{}", &r.id[5..8], &r.id[10..])) == [r.id],
            "seed ids are seed-00N-lNNN: {}",
            r.id
        );
    }
}
