//! `rensa explain`: the numbers computed from docs/MODEL.md's and docs/ATTACKS.md's rules,
//! checked by hand and against real runs of the engine, and its outputs pinned.

use crate::common::{rensa, scenario, sid};
use rensa::engine::Engine;
use rensa::engine::explain::{self, Course};
use rensa::engine::timeline::Happening;
use rensa::model::{Key, OperatorId, Scenario};
use std::sync::Arc;

const CHAIN: &str = include_str!("../fixtures/tools/chain.ron");
const CHAIN_PATH: &str = "tests/fixtures/tools/chain.ron";

fn op(s: &Scenario, key: &str) -> OperatorId {
    match s.infra.lookup(key) {
        Some(Key::Operator(o)) => o,
        other => panic!("{key}: {other:?}"),
    }
}

/// The chain with its injects replaced.
fn chain_with(injects: &str, extra: &str) -> Arc<Scenario> {
    let start = CHAIN.find("    injects: [").expect("injects");
    let text = format!(
        "{}    injects: [{injects}],\n    policies: Passive,\n{extra})\n",
        &CHAIN[..start]
    );
    scenario(&text)
}

#[test]
fn a_service_cascade_by_hand_is_what_the_engine_does() {
    // power/supply fails for good at T+1h. By hand (docs/MODEL.md): tel/net's 2h buffer
    // runs out at +2h: 1 × (1 − 0.5) = 0.5 < 0.8, a failure; bank/atm has no buffer:
    // 1 × (1 − 0.4) = 0.6 < 0.9 at once; water/supply's 6h buffer: 0.7 < 0.9 at +6h.
    let s = chain_with(
        "Inject(at: \"1h\", target: Service(\"power/supply\"),
            kind: ItFailure(cause: SystemFailure, severity: 1.0, recovery: Fixed(\"30d\")))",
        "",
    );
    let course = explain::service(&s, sid(&s, "power/supply"));
    let by_hand: Vec<(&str, u64, Option<u64>, f64)> = course
        .cascade
        .iter()
        .map(|r| {
            (
                s.infra.service(r.service).key.as_str(),
                r.first_loss.0,
                r.fails_at.map(|t| t.0),
                r.level,
            )
        })
        .collect();
    assert_eq!(
        by_hand,
        vec![
            ("tel/net", 120, Some(120), 0.5),
            ("bank/atm", 120, Some(120), 0.6),
            ("water/supply", 360, Some(360), 0.7),
        ]
    );
    // The engine, run: each service's first level change and its last level.
    let mut e = Engine::new(s.clone(), 1);
    e.run();
    let o = e.into_outcome();
    for r in &course.cascade {
        let changes: Vec<(u64, f64)> = o
            .timeline
            .iter()
            .filter_map(|x| match &x.what {
                Happening::LevelChanged { service, to, .. } if *service == r.service => {
                    Some((x.time.0, *to))
                }
                _ => None,
            })
            .collect();
        let key = &s.infra.service(r.service).key;
        assert_eq!(
            changes.first().map(|c| c.0),
            Some(60 + r.first_loss.0),
            "{key}"
        );
        assert_eq!(changes.last().map(|c| c.1), Some(r.level), "{key}");
    }
}

/// Share of `n` runs (seeds 1..=n) for which `hit` holds, and its standard error.
fn share(
    s: &Arc<Scenario>,
    n: u64,
    hit: impl Fn(&[rensa::engine::timeline::Entry]) -> bool,
) -> f64 {
    let mut k = 0;
    for seed in 1..=n {
        let mut e = Engine::new(s.clone(), seed);
        e.run();
        if hit(&e.into_outcome().timeline) {
            k += 1;
        }
    }
    k as f64 / n as f64
}

/// Whether a measured share agrees with a computed chance: within 4.5 standard errors
/// (the seeds are fixed, so the test gives the same answer every time).
fn agrees(measured: f64, computed: f64, n: u64) -> bool {
    let se = (computed * (1.0 - computed) / n as f64).sqrt().max(1e-9);
    (measured - computed).abs() <= 4.5 * se
}

#[test]
fn a_staged_attacks_odds_by_hand_match_the_share_of_runs() {
    // The worm of the chain at the bank, nobody acting (no alerts, no signatures).
    let s = chain_with(
        "Inject(id: \"worm\", at: \"2h\", target: Operator(\"bank\"), kind: Attack(attack: Worm))",
        "",
    );
    let course = explain::inject(&s, 0);
    let Course::Staged {
        operators, spread, ..
    } = &course.course
    else {
        panic!("a staged attack")
    };
    let bank = op(&s, "bank");
    let tel = op(&s, "tel");
    let odds = &operators[0];
    assert_eq!(odds.operator, bank);
    // The three outcomes at the bank add up to one.
    assert!((odds.detect_before_impact + odds.fizzles + odds.impact - 1.0).abs() < 1e-9);
    // A failed chance before the impact: 0.2 at the first stage, then 0.1 at the third
    // for those that got there undetected.
    assert!(odds.fizzles > 0.2 && odds.fizzles < 0.2 + 0.8 * 0.1);
    let n = 1500;
    let contained = share(&s, n, |t| {
        t.iter()
            .any(|x| matches!(x.what, Happening::Contained { operator, .. } if operator == bank))
    });
    let fizzled = share(&s, n, |t| {
        t.iter()
            .any(|x| matches!(x.what, Happening::StageFailed { operator, .. } if operator == bank))
    });
    let impact = share(&s, n, |t| {
        t.iter().any(|x| {
            matches!(x.what, Happening::StageCompleted { operator, stage: 2, .. } if operator == bank)
        })
    });
    eprintln!(
        "bank over {n} runs: contained {contained} (rules {:.4}), failed chance {fizzled} (rules {:.4}), impact {impact} (rules {:.4})",
        odds.detect_before_impact, odds.fizzles, odds.impact
    );
    assert!(
        agrees(contained, odds.detect_before_impact, n),
        "detected before impact: runs {contained}, rules {}",
        odds.detect_before_impact
    );
    assert!(
        agrees(fizzled, odds.fizzles, n),
        "failed chance: runs {fizzled}, rules {}",
        odds.fizzles
    );
    assert!(
        agrees(impact, odds.impact, n),
        "impact: runs {impact}, rules {}",
        odds.impact
    );
    // Spread: the telecom operator, one cyber hop from the bank, is reached when the
    // spread stage completes undetected and the 0.3 chance passes.
    assert_eq!(spread.len(), 1, "{spread:?}");
    assert_eq!((spread[0].operator, spread[0].hops), (tel, 1));
    let reached = share(&s, n, |t| {
        t.iter()
            .any(|x| matches!(x.what, Happening::AttackReached { operator, .. } if operator == tel))
    });
    eprintln!(
        "tel reached in {reached} of {n} runs (rules {:.4})",
        spread[0].chance
    );
    assert!(
        agrees(reached, spread[0].chance, n),
        "spread to tel: runs {reached}, rules {}",
        spread[0].chance
    );
}

#[test]
fn a_buffers_odds_are_the_chance_the_repair_outlasts_it() {
    // A repair of median 2h against telecom's 2h buffer: outlasted about half the time.
    let s = chain_with(
        "Inject(id: \"cut\", at: \"1h\", target: Service(\"power/supply\"),
            kind: ItFailure(cause: SystemFailure, severity: 0.8,
                recovery: LogNormal(median: \"2h\", sigma: 0.5)))",
        "",
    );
    let course = explain::inject(&s, 0);
    let Course::Immediate { hits, .. } = &course.course else {
        panic!("immediate")
    };
    let tel_net = sid(&s, "tel/net");
    let b = hits[0]
        .buffers
        .iter()
        .find(|b| b.dependent == tel_net)
        .expect("tel/net's buffer");
    assert!((b.outlasted - 0.5).abs() < 0.01, "{}", b.outlasted);
    let n = 1500;
    let lost = share(&s, n, |t| {
        t.iter().any(
            |x| matches!(x.what, Happening::LevelChanged { service, .. } if service == tel_net),
        )
    });
    eprintln!(
        "tel/net lost in {lost} of {n} runs (rules {:.4})",
        b.outlasted
    );
    assert!(
        agrees(lost, b.outlasted, n),
        "runs {lost}, rules {}",
        b.outlasted
    );
}

#[test]
fn explain_prints_an_injects_course_in_either_language_and_as_json() {
    // The worm's snapshot, by hand (docs/ATTACKS.md's template): stages start at +0,
    // +1h (Exp mean 1h), +4h (+ Tri 1h/2h/6h mean 3h); the impact stage's mean is
    // (0 + 1 + 4)/3 h = 1h40m; its recovery LogNormal(9h, 0.6) has mean
    // 540 × e^0.18 = 646.5 min = 10h46m. Reached: 0.8, 0.8, 0.8 × 0.9 = 0.72. The spread
    // reaches tel at T+2h + 1h + 3h + 2h (Exp mean delay) = T+08:00.
    let out = rensa(&["explain", "worm", CHAIN_PATH]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    insta::assert_snapshot!("worm_en", out.stdout);
    let ja = rensa(&["explain", "worm", CHAIN_PATH, "--lang", "ja"]);
    assert_eq!(ja.code, Some(0), "{}", ja.stderr);
    insta::assert_snapshot!("worm_ja", ja.stdout);
    let blackout = rensa(&["explain", "blackout", CHAIN_PATH]);
    assert_eq!(blackout.code, Some(0), "{}", blackout.stderr);
    // By hand: the 5h repair never outlasts water's 6h buffer, always telecom's 2h one.
    assert!(
        blackout.stdout.contains(
            "power/supply  tel/net       0.5  2h  T+03:00   1.000               0.5       yes"
        ),
        "{}",
        blackout.stdout
    );
    insta::assert_snapshot!("blackout_en", blackout.stdout);
    let json = rensa(&["explain", "worm", CHAIN_PATH, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["inject"], "worm");
    assert_eq!(v["course"]["kind"], "staged");
    assert_eq!(v["course"]["operators"][0]["operator"], "bank");
}

#[test]
fn explain_prints_a_services_neighbours_and_cascade() {
    let out = rensa(&["explain", "power/supply", CHAIN_PATH]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    insta::assert_snapshot!("power_supply_en", out.stdout);
    let ja = rensa(&["explain", "tel/office", CHAIN_PATH, "--lang", "ja"]);
    assert_eq!(ja.code, Some(0), "{}", ja.stderr);
    insta::assert_snapshot!("tel_net_ja", ja.stdout);
    let json = rensa(&["explain", "tel/net", CHAIN_PATH, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["providers"][0]["service"], "power/supply");
    assert_eq!(v["cascade"][0]["service"], "bank/atm");
    assert_eq!(v["cascade"][0]["level"], 0.6);
}

#[test]
fn an_unknown_id_is_bad_input_with_a_suggestion() {
    let out = rensa(&["explain", "wrom", CHAIN_PATH]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("did you mean \"worm\"?"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
    let ja = rensa(&["explain", "tel/nett", CHAIN_PATH, "--lang", "ja"]);
    assert_eq!(ja.code, Some(2));
    assert!(
        ja.stderr.contains("\"tel/net\" のことですか"),
        "{}",
        ja.stderr
    );
}

#[test]
fn a_reserve_inject_waits_for_control_and_a_narrative_touches_nothing() {
    // docs/SCENARIOS.md: a reserve inject (`manual: true`) fires only when exercise control
    // fires it, and so does one `after` it; a narrative inject is a message to roles.
    let s = chain_with(
        r#"
        Inject(id: "reserve", manual: true, target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.8, recovery: Fixed("5h"))),
        Inject(id: "later", after: (inject: "reserve", delay: "30m"), target: Service("tel/net"),
            kind: ItFailure(cause: OperatorError, severity: 0.1, recovery: Fixed("1h"))),
        Inject(id: "journalist", at: "2h",
            kind: Narrative(to: ["operator:power"], text: "A journalist calls.",
                text_ja: "記者から問い合わせ。")),
    "#,
        "",
    );
    let text = |k: usize, lang| {
        let c = explain::inject(&s, k);
        rensa::present::explain::Explanation::inject(&s, &c).to_text(lang)
    };
    use rensa::present::Lang::{En, Ja};
    assert!(text(0, En).contains("fires only when exercise control fires it"));
    assert!(text(1, En).contains("fires only when exercise control fires it"));
    assert!(text(0, Ja).contains("統制側が発火させたときだけ発火"));
    let narrative = text(2, En);
    assert!(narrative.contains("fires at T+02:00"), "{narrative}");
    assert!(
        narrative.contains("a message to operator:power. It opens no incident"),
        "{narrative}"
    );
    assert!(!narrative.contains("repair"), "{narrative}");
    assert!(text(2, Ja).contains("インシデントは起こさず"));
}
