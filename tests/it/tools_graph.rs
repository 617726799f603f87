//! `rensa graph`: the dependency graph as DOT and SVG, whole or around one id
//! (docs/TOOLS.md).

use crate::common::rensa;

const CHAIN: &str = "tests/fixtures/tools/chain.ron";

#[test]
fn the_whole_graph_has_every_service_and_every_dependency_with_its_numbers() {
    let out = rensa(&["graph", CHAIN]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Four services, three dependencies, each edge provider → dependent.
    assert_eq!(out.stdout.matches(" -> ").count(), 3, "{}", out.stdout);
    assert!(out.stdout.contains(
        "\"power/supply\" -> \"tel/net\" [label=\"physical, w 0.5, τ 2h\", style=solid];"
    ));
    assert!(
        out.stdout
            .contains("\"tel/net\" -> \"bank/atm\" [label=\"cyber, w 0.4, τ 0m\", style=dashed];")
    );
    insta::assert_snapshot!("chain_dot", out.stdout);
}

#[test]
fn around_a_service_keeps_its_providers_and_dependents_up_to_the_depth() {
    // tel/net's provider is power/supply and its dependent bank/atm; water/supply is
    // another dependent of power/supply, not of tel/net, so depth 1 leaves it out.
    let out = rensa(&["graph", CHAIN, "--around", "tel/net"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for key in ["\"power/supply\" [", "\"tel/net\" [", "\"bank/atm\" ["] {
        assert!(out.stdout.contains(key), "{key} missing:\n{}", out.stdout);
    }
    assert!(!out.stdout.contains("water/supply"), "{}", out.stdout);
    assert!(out.stdout.contains("\"tel/net\" [label=\"tel/net\\nInformation & communications · required 0.8\", fillcolor=\"#a6cee3\", penwidth=3];"));
    // Depth 0 is the service alone; an operator stands for its services.
    let alone = rensa(&["graph", CHAIN, "--around", "tel", "--depth", "0"]);
    assert_eq!(
        alone.stdout.matches("fillcolor").count(),
        1,
        "{}",
        alone.stdout
    );
    // From the bank two hops upstream reach power, but nothing downstream of power.
    let bank = rensa(&["graph", CHAIN, "--around", "bank/office", "--depth", "2"]);
    assert!(
        bank.stdout.contains("\"power/supply\" ["),
        "{}",
        bank.stdout
    );
    assert!(!bank.stdout.contains("water/supply"), "{}", bank.stdout);
}

#[test]
fn the_japanese_graph_words_every_label() {
    let out = rensa(&["graph", CHAIN, "--around", "tel", "--lang", "ja"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    insta::assert_snapshot!("chain_around_tel_ja", out.stdout);
}

#[test]
fn an_unknown_id_is_bad_input_with_a_suggestion_in_either_language() {
    let out = rensa(&["graph", CHAIN, "--around", "tel/nett"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("did you mean \"tel/net\"?"),
        "{}",
        out.stderr
    );
    let ja = rensa(&["graph", CHAIN, "--around", "tel/nett", "--lang", "ja"]);
    assert_eq!(ja.code, Some(2));
    assert!(
        ja.stderr.contains("\"tel/net\" のことですか"),
        "{}",
        ja.stderr
    );
    assert!(out.stdout.is_empty() && ja.stdout.is_empty());
}

#[test]
fn svg_draws_every_node_and_edge_label_and_out_writes_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("chain.svg");
    let out = rensa(&[
        "graph",
        CHAIN,
        "--format",
        "svg",
        "--out",
        file.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let svg = std::fs::read_to_string(&file).expect("the SVG was written");
    assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));
    for label in [
        "power/supply",
        "tel/net",
        "bank/atm",
        "water/supply",
        "physical, w 0.3, τ 6h",
        "cyber, w 0.4, τ 0m",
    ] {
        assert!(svg.contains(label), "{label} is not in the SVG");
    }
}

#[test]
fn depth_without_around_is_a_usage_error() {
    let out = rensa(&["graph", CHAIN, "--depth", "2"]);
    assert_eq!(out.code, Some(2));
}
