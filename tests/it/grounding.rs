//! The default graph's grounding (docs/VALIDATION.md): how many edges' strengths and
//! buffers (tolerances) rest on a published figure — a source whose citation carries the
//! knob's tag, `[id]{strength}` or `[id]{tolerance}` — and how many on an assumption. The
//! count may only rise. Every edge a hindcast touches (delivers loss along, or starts the
//! buffer of) rests on a published figure, except those listed below with why.

use rensa::hindcast::{BUNDLED, Hindcast, touched};
use rensa::model::references::{bad_tags, grounding};
use rensa::scenario::diagnostics::Source;
use rensa::scenario::load::{DEFAULT_INFRA, DEFAULT_INFRA_NAME, parse_ron};
use rensa::scenario::schema::InfrastructureFile;
use std::collections::BTreeMap;

/// The counts when this test was last raised: strengths and tolerances resting on a
/// published figure. Before the hindcasts: 0 strengths, 31 tolerances.
const STRENGTHS_PUBLISHED: usize = 15;
const TOLERANCES_PUBLISHED: usize = 61;

/// Edges of the bundled graph a hindcast touches whose knob still rests on an assumption:
/// (dependent, provider, knob, why no published figure was found).
const NOT_YET: &[(&str, &str, &str, &str)] = &[
    (
        "aoba-bank/banking",
        "interbank/transfers",
        "strength",
        ZENGIN_SHARE,
    ),
    (
        "yamabuki-bank/banking",
        "interbank/transfers",
        "strength",
        ZENGIN_SHARE,
    ),
    (
        "aoba-bank/banking",
        "yamabuki-bank/banking",
        "strength",
        MEGABANKS,
    ),
    (
        "aoba-bank/banking",
        "yamabuki-bank/banking",
        "tolerance",
        MEGABANKS,
    ),
    (
        "yamabuki-bank/banking",
        "aoba-bank/banking",
        "strength",
        MEGABANKS,
    ),
    (
        "yamabuki-bank/banking",
        "aoba-bank/banking",
        "tolerance",
        MEGABANKS,
    ),
    (
        "kaede-mobile/ran-chubu",
        "kaede-mobile/core",
        "strength",
        CORE_RAN,
    ),
    (
        "kaede-mobile/ran-chubu",
        "kaede-mobile/core",
        "tolerance",
        CORE_RAN,
    ),
    (
        "kaede-mobile/ran-kanto",
        "kaede-mobile/core",
        "strength",
        CORE_RAN,
    ),
    (
        "kaede-mobile/ran-kanto",
        "kaede-mobile/core",
        "tolerance",
        CORE_RAN,
    ),
    (
        "kaede-mobile/ran-kyushu",
        "kyushu-power/supply",
        "strength",
        BASE_STATIONS,
    ),
    (
        "kaede-mobile/ran-kyushu",
        "kyushu-tel/access",
        "strength",
        BACKHAUL,
    ),
    (
        "kaede-mobile/ran-kyushu",
        "kyushu-tel/access",
        "tolerance",
        BACKHAUL,
    ),
    (
        "kyushu-power/supply",
        "kyushu-tel/access",
        "tolerance",
        GRID_TELECOM,
    ),
    (
        "kyushu-tel/access",
        "kyushu-power/supply",
        "strength",
        FIXED_LINES,
    ),
    (
        "kyushu-water/supply",
        "kyushu-tel/access",
        "strength",
        TELEMETRY,
    ),
    (
        "kyushu-water/supply",
        "kyushu-tel/access",
        "tolerance",
        TELEMETRY,
    ),
];

const ZENGIN_SHARE: &str = "the reports give the transactions delayed, not the share of a \
bank's service that interbank transfers are";
const MEGABANKS: &str = "no report gives what one megabank's outage costs another";
const CORE_RAN: &str = "KDDI's report gives the users affected (the core's severity), not how \
much of the radio access a congested core takes down";
const BASE_STATIONS: &str = "up to about 6,500 base stations stopped in Hokkaido, but no source \
found gives how many there are";
const BACKHAUL: &str = "no source found on base stations lost through their fixed backhaul";
const GRID_TELECOM: &str = "no source found on how long grid control holds without carrier lines";
const FIXED_LINES: &str = "127,000 fixed lines were out, but no source found gives NTT East's \
lines in Hokkaido";
const TELEMETRY: &str = "no source found on water telemetry over carrier lines";

/// (dependent, provider) → (strength's document, tolerance's document).
fn edges() -> BTreeMap<(String, String), (Option<String>, Option<String>)> {
    let infra: InfrastructureFile = parse_ron(&Source::new(DEFAULT_INFRA_NAME, DEFAULT_INFRA))
        .expect("assets/japan.ron parses");
    infra
        .dependencies
        .iter()
        .map(|d| {
            assert!(
                bad_tags(&d.source).is_empty(),
                "{} <- {}: {:?}",
                d.dependent,
                d.provider,
                bad_tags(&d.source)
            );
            let g = grounding(&d.source);
            (
                (d.dependent.clone(), d.provider.clone()),
                (g.strength, g.tolerance),
            )
        })
        .collect()
}

#[test]
fn the_grounding_of_the_default_graph_may_only_rise() {
    let e = edges();
    let strengths = e.values().filter(|(s, _)| s.is_some()).count();
    let tolerances = e.values().filter(|(_, t)| t.is_some()).count();
    println!(
        "{} edges: strength on a published figure {strengths} (assumed {}), tolerance on a published figure {tolerances} (assumed {})",
        e.len(),
        e.len() - strengths,
        e.len() - tolerances
    );
    assert!(
        strengths >= STRENGTHS_PUBLISHED,
        "strengths fell to {strengths}"
    );
    assert!(
        tolerances >= TOLERANCES_PUBLISHED,
        "tolerances fell to {tolerances}"
    );
}

#[test]
fn every_edge_a_hindcast_touches_rests_on_a_published_figure() {
    let e = edges();
    let mut ungrounded = Vec::new();
    for b in BUNDLED {
        let h = Hindcast::bundled(b).expect("loads");
        let outcome = h.run();
        let (delivered, buffers) = touched(&h.scenario.infra, &outcome, &h.measured());
        let infra = &h.scenario.infra;
        let key = |id| {
            let d = infra.dependency(id);
            (
                infra.service(d.dependent).key.clone(),
                infra.service(d.provider).key.clone(),
            )
        };
        for (ids, knob) in [
            (&delivered, "strength"),
            (&delivered, "tolerance"),
            (&buffers, "tolerance"),
        ] {
            for &id in ids.iter() {
                let k = key(id);
                // Edges the hindcast's scenario adds carry their own sources.
                let Some((s, t)) = e.get(&k) else { continue };
                let grounded = if knob == "strength" {
                    s.is_some()
                } else {
                    t.is_some()
                };
                if !grounded {
                    ungrounded.push((k.0, k.1, knob.to_string(), b.id));
                }
            }
        }
    }
    ungrounded.sort();
    ungrounded.dedup();
    let listed: Vec<(String, String, String)> = NOT_YET
        .iter()
        .map(|(d, p, k, _)| (d.to_string(), p.to_string(), k.to_string()))
        .collect();
    let missing: Vec<_> = ungrounded
        .iter()
        .filter(|(d, p, k, _)| !listed.contains(&(d.clone(), p.clone(), k.clone())))
        .collect();
    assert!(
        missing.is_empty(),
        "touched but resting on an assumption:\n{missing:#?}"
    );
    for (d, p, k) in &listed {
        assert!(
            ungrounded
                .iter()
                .any(|(a, b, c, _)| a == d && b == p && c == k),
            "{d} <- {p} {k} is grounded or untouched now: take it off NOT_YET"
        );
    }
}
