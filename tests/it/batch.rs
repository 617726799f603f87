//! `rensa batch` and `rensa merge` through the real binary (docs/BATCH.md): the same bytes
//! at any thread count and from merged shards in any order, statistics that equal a
//! straightforward computation from the rows, a known probability inside its interval,
//! sweeps with common random numbers. Stops, resumes and damaged files: batch_files.rs.

use rensa::stats::{Paired, Proportion, Summary};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Power fails at T+1h for a repair drawn uniformly from 60..=300 whole minutes; the bank
/// depends on power with a 1h buffer. Nobody plays and nobody reports (passive).
/// "power-back-in-3h" is met exactly when the repair takes at most 180 minutes (the
/// repair lands before the deadline in its minute): P = (180 − 60 + 1) / 241 = 121/241.
const SMALL: &str = r#"Scenario(
    name: "uniform blackout",
    duration: "12h",
    seed: 5,
    policies: Passive,
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "power", name: "Power", sector: Electricity, region: "r",
                services: [Service(id: "power/supply", name: "Supply", population: 1000, required: 0.9)]),
            Operator(id: "bank", name: "Bank", sector: Finance, region: "r",
                services: [Service(id: "bank/atm", name: "ATMs", population: 500, required: 0.9)]),
        ],
        dependencies: [
            Dependency(dependent: "bank/atm", provider: "power/supply", kind: Physical,
                strength: 0.5, tolerance: "1h"),
        ],
    )),
    objectives: [
        Objective(id: "power-back-in-3h", text: "t",
            goal: SectorAbove(sector: Electricity, level: 0.9, within: "3h")),
    ],
    injects: [
        Inject(id: "blackout", at: "1h", target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.8,
                recovery: Uniform(min: "1h", max: "5h"))),
    ],
)
"#;

pub(crate) fn rensa(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(args)
        .output()
        .expect("the binary runs")
}

pub(crate) fn ok(args: &[&str]) -> Output {
    let out = rensa(args);
    assert!(
        out.status.success(),
        "rensa {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub(crate) struct Dir(pub(crate) tempfile::TempDir);

impl Dir {
    pub(crate) fn new() -> Dir {
        let d = Dir(tempfile::tempdir().unwrap());
        std::fs::write(d.path("small.ron"), SMALL).unwrap();
        d
    }
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
    pub(crate) fn s(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }
}

pub(crate) fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub(crate) fn summary_of(p: &Path) -> PathBuf {
    PathBuf::from(format!("{}.summary.csv", p.display()))
}

/// The rows of a CSV result: header and records (comment lines skipped).
pub(crate) fn rows(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(p)
        .unwrap();
    let h = r.headers().unwrap().iter().map(String::from).collect();
    let recs = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (h, recs)
}

fn column(h: &[String], recs: &[Vec<String>], name: &str) -> Vec<f64> {
    let c = h
        .iter()
        .position(|x| x == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    recs.iter()
        .filter(|r| !r[c].is_empty())
        .map(|r| r[c].parse().unwrap())
        .collect()
}

/// The summary table's rows for `section` and `metric`: the named fields.
fn summary_row(p: &Path, section: &str, point: &str, metric: &str) -> Vec<(String, String)> {
    let (h, recs) = rows(&summary_of(p));
    let r = recs
        .iter()
        .find(|r| {
            r[0] == section
                && r[1] == point
                && r[h.iter().position(|x| x == "metric").unwrap()] == metric
        })
        .unwrap_or_else(|| panic!("no {section} row for point {point}, {metric}"));
    h.iter().cloned().zip(r.iter().cloned()).collect()
}

fn field(row: &[(String, String)], name: &str) -> f64 {
    row.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.parse().unwrap())
        .unwrap()
}

#[test]
fn the_result_is_the_same_bytes_at_1_2_and_4_threads() {
    let d = Dir::new();
    for t in ["1", "2", "4"] {
        ok(&[
            "batch",
            "--runs",
            "150",
            "--seed",
            "9",
            "--threads",
            t,
            "--quiet",
            "--out",
            &d.s(&format!("t{t}.csv")),
        ]);
        ok(&[
            "batch",
            &d.s("small.ron"),
            "--runs",
            "400",
            "--threads",
            t,
            "--quiet",
            "--format",
            "json",
            "--out",
            &d.s(&format!("s{t}.json")),
        ]);
    }
    for f in ["t2.csv", "t4.csv"] {
        assert_eq!(read(&d.path("t1.csv")), read(&d.path(f)), "{f}");
        assert_eq!(
            read(&summary_of(&d.path("t1.csv"))),
            read(&summary_of(&d.path(f))),
            "{f}"
        );
    }
    assert_eq!(read(&d.path("s1.json")), read(&d.path("s2.json")));
    assert_eq!(read(&d.path("s1.json")), read(&d.path("s4.json")));
    let (_, recs) = rows(&d.path("t1.csv"));
    assert_eq!(recs.len(), 150);
    // Run i's seed depends on (seed, i) alone.
    assert_eq!(recs[7][1], rensa::batch::run_seed(9, 7).to_string());
    let json: serde_json::Value = serde_json::from_slice(&read(&d.path("s1.json"))).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 400);
    assert_eq!(json["meta"]["status"], "complete");
}

#[test]
fn summaries_equal_a_straightforward_computation_from_the_rows() {
    let d = Dir::new();
    let out = d.path("a.csv");
    ok(&["batch", "--runs", "500", "--quiet", "--out", &d.s("a.csv")]);
    let (h, recs) = rows(&out);
    for metric in [
        "impact_person_hours",
        "impact_finance_person_hours",
        "median_recovery_minutes",
        "events",
        "reach_indirect_operators",
    ] {
        let xs = column(&h, &recs, metric);
        let want = Summary::of(&xs).unwrap();
        let got = summary_row(&out, "summary", "0", metric);
        for (name, v) in [
            ("n", want.n as f64),
            ("mean", want.mean),
            ("sd", want.sd),
            ("min", want.min),
            ("p5", want.p5),
            ("p50", want.p50),
            ("p95", want.p95),
            ("max", want.max),
            ("low", want.ci_low),
            ("high", want.ci_high),
        ] {
            assert_eq!(field(&got, name), v, "{metric} {name}");
        }
    }
    // By hand too: the mean is Σx/n and p50 the middle of the sorted values.
    let xs = column(&h, &recs, "impact_person_hours");
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    let mut sorted = xs.clone();
    sorted.sort_by(f64::total_cmp);
    let got = summary_row(&out, "summary", "0", "impact_person_hours");
    assert_eq!(field(&got, "mean"), mean);
    assert_eq!(field(&got, "p50"), (sorted[249] + sorted[250]) / 2.0);
    // Probabilities: k of n with the Wilson interval.
    let met = column(&h, &recs, "objective_finance-back-in-6h_met");
    let k = met.iter().filter(|x| **x == 1.0).count() as u64;
    let want = Proportion::new(k, met.len() as u64);
    let got = summary_row(&out, "probability", "0", "objective_finance-back-in-6h_met");
    assert_eq!(field(&got, "k"), k as f64);
    assert_eq!(
        (field(&got, "low"), field(&got, "high")),
        (want.low, want.high)
    );
}

#[test]
fn a_known_probability_lies_within_its_interval_and_the_interval_narrows() {
    let d = Dir::new();
    let p = 121.0 / 241.0;
    let mut widths = Vec::new();
    for runs in ["200", "3000"] {
        let name = format!("p{runs}.csv");
        ok(&[
            "batch",
            &d.s("small.ron"),
            "--runs",
            runs,
            "--quiet",
            "--out",
            &d.s(&name),
        ]);
        let row = summary_row(
            &d.path(&name),
            "probability",
            "0",
            "objective_power-back-in-3h_met",
        );
        let (lo, hi) = (field(&row, "low"), field(&row, "high"));
        assert!(lo <= p && p <= hi, "{runs} runs: {p} outside [{lo}, {hi}]");
        widths.push(hi - lo);
    }
    // The width shrinks as 1/√n: 15× the runs, about ¼ of the width.
    assert!(widths[1] < widths[0] / 3.0, "{widths:?}");
}

#[test]
fn shards_merged_in_any_order_equal_the_whole_batch() {
    let d = Dir::new();
    let sweep = "edge.power/supply->bank/atm.tolerance=0,2h";
    ok(&[
        "batch",
        &d.s("small.ron"),
        "--runs",
        "100",
        "--sweep",
        sweep,
        "--quiet",
        "--out",
        &d.s("all.csv"),
    ]);
    for i in 1..=3 {
        ok(&[
            "batch",
            &d.s("small.ron"),
            "--runs",
            "100",
            "--sweep",
            sweep,
            "--quiet",
            "--shard",
            &format!("{i}/3"),
            "--out",
            &d.s(&format!("part{i}.csv")),
        ]);
    }
    let orders = [
        [1, 2, 3],
        [1, 3, 2],
        [2, 1, 3],
        [2, 3, 1],
        [3, 1, 2],
        [3, 2, 1],
    ];
    for (k, order) in orders.iter().enumerate() {
        let name = format!("merged{k}.csv");
        let parts: Vec<String> = order.iter().map(|i| d.s(&format!("part{i}.csv"))).collect();
        let mut args = vec!["merge"];
        args.extend(parts.iter().map(String::as_str));
        let out = d.s(&name);
        args.extend(["--out", &out, "--quiet"]);
        ok(&args);
        assert_eq!(
            read(&d.path("all.csv")),
            read(&d.path(&name)),
            "order {order:?}"
        );
        assert_eq!(
            read(&summary_of(&d.path("all.csv"))),
            read(&summary_of(&d.path(&name)))
        );
    }
}

#[test]
fn mismatched_parts_are_refused() {
    let d = Dir::new();
    let small = d.s("small.ron");
    let shard = |extra: &[&str], shard: &str, name: &str| {
        let out = d.s(name);
        let mut args = vec!["batch", &small, "--quiet", "--shard", shard, "--out", &out];
        args.extend(extra);
        ok(&args);
    };
    shard(&["--runs", "20"], "1/2", "a1.csv");
    shard(&["--runs", "20"], "2/2", "a2.csv");
    shard(&["--runs", "20", "--seed", "77"], "2/2", "seed.csv");
    shard(&["--runs", "30"], "2/2", "runs.csv");
    shard(
        &["--runs", "20", "--sweep", "params.alert_boost=2,3"],
        "2/2",
        "sweep.csv",
    );
    shard(&["--runs", "20"], "2/3", "count.csv");
    let out = d.s("m.csv");
    let default_part = d.s("default.csv");
    ok(&[
        "batch",
        "--runs",
        "20",
        "--quiet",
        "--shard",
        "2/2",
        "--out",
        &default_part,
    ]);
    for (other, says) in [
        ("seed.csv", "different seed"),
        ("runs.csv", "different runs"),
        ("sweep.csv", "different sweep"),
        ("default.csv", "different scenario"),
        ("count.csv", "not one of 2 shards"),
        ("a1.csv", "given 2 times"),
    ] {
        let r = rensa(&["merge", &d.s("a1.csv"), &d.s(other), "--out", &out]);
        assert_eq!(r.status.code(), Some(2), "{other}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.contains(says), "{other}: {err}");
    }
    let r = rensa(&["merge", &d.s("a1.csv"), "--out", &out]);
    assert!(String::from_utf8_lossy(&r.stderr).contains("shard 2/2 is given 0 times"));
    assert!(!d.path("m.csv").exists(), "a refused merge writes nothing");
}

#[test]
fn identical_points_differ_by_exactly_zero() {
    let d = Dir::new();
    let out = d.path("same.csv");
    ok(&[
        "batch",
        &d.s("small.ron"),
        "--runs",
        "200",
        "--quiet",
        "--sweep",
        "params.alert_boost=3,3",
        "--out",
        &d.s("same.csv"),
    ]);
    for metric in [
        "impact_person_hours",
        "impact_finance_person_hours",
        "objective_power-back-in-3h_met",
    ] {
        let row = summary_row(&out, "paired", "1", metric);
        for f in ["mean", "sd", "low", "high"] {
            assert_eq!(field(&row, f), 0.0, "{metric} {f}");
        }
        assert_eq!(field(&row, "n"), 200.0);
    }
}

#[test]
fn a_longer_tolerance_lowers_the_dependent_sectors_impact() {
    let d = Dir::new();
    let out = d.path("tol.csv");
    // The bank's buffer on power: none, 2h, 6h (longer than any outage: no loss at all).
    ok(&[
        "batch",
        &d.s("small.ron"),
        "--runs",
        "300",
        "--quiet",
        "--sweep",
        "edge.power/supply->bank/atm.tolerance=0,2h,6h",
        "--out",
        &d.s("tol.csv"),
    ]);
    let m = |p: &str| {
        field(
            &summary_row(&out, "summary", p, "impact_finance_person_hours"),
            "mean",
        )
    };
    assert!(
        m("0") > m("1") && m("1") > m("2"),
        "{} {} {}",
        m("0"),
        m("1"),
        m("2")
    );
    assert_eq!(m("2"), 0.0);
    let diff = summary_row(&out, "paired", "1", "impact_finance_person_hours");
    assert!(
        field(&diff, "high") < 0.0,
        "2h saves against 0 on common random numbers"
    );
    // Common random numbers: each run's seed is the same at every point, and the power
    // sector, which the edge does not touch, loses the same at every point.
    let (h, recs) = rows(&out);
    let (a, b) = (
        column(&h, &recs[..], "impact_electricity_person_hours"),
        column(&h, &recs, "point"),
    );
    let at = |p: f64| -> Vec<f64> {
        a.iter()
            .zip(&b)
            .filter(|(_, q)| **q == p)
            .map(|(x, _)| *x)
            .collect()
    };
    assert_eq!(Paired::of(&at(0.0), &at(2.0)).unwrap().mean, 0.0);
}

#[test]
fn bad_sweeps_name_the_problem() {
    let d = Dir::new();
    let r = rensa(&[
        "batch",
        &d.s("small.ron"),
        "--runs",
        "2",
        "--sweep",
        "edge.power/suply->bank/atm.tolerance=1h",
    ]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("did you mean \"power/supply\""), "{err}");
    let r = rensa(&[
        "batch",
        &d.s("small.ron"),
        "--runs",
        "2",
        "--sweep",
        "params.recovery_slowdwn=0.1",
    ]);
    assert!(String::from_utf8_lossy(&r.stderr).contains("did you mean \"recovery_slowdown\""));
    let r = rensa(&[
        "batch",
        &d.s("small.ron"),
        "--runs",
        "2",
        "--sweep",
        "params.alert_boost=0..1",
    ]);
    assert!(String::from_utf8_lossy(&r.stderr).contains("needs --design lhs"));
}

#[test]
fn lhs_runs_every_sample_on_the_same_seeds() {
    let d = Dir::new();
    let out = d.path("lhs.csv");
    ok(&[
        "batch",
        &d.s("small.ron"),
        "--runs",
        "20",
        "--quiet",
        "--design",
        "lhs",
        "--samples",
        "5",
        "--sweep",
        "edge.power/supply->bank/atm.strength=0..1",
        "--sweep",
        "params.recovery_slowdown=0..1",
        "--out",
        &d.s("lhs.csv"),
    ]);
    let (h, recs) = rows(&out);
    assert_eq!(recs.len(), 100);
    let seeds: Vec<&String> = recs.iter().filter(|r| r[0] == "3").map(|r| &r[1]).collect();
    assert_eq!(seeds.len(), 5);
    assert!(seeds.iter().all(|s| *s == seeds[0]));
    let strength = column(&h, &recs, "edge.power/supply->bank/atm.strength");
    assert!(strength.iter().all(|x| (0.0..=1.0).contains(x)));
}

/// `--players` (issue 29 §3): by default the scenario's players follow its policies, as
/// docs/BATCH.md says (a row is the playbook twin's run); with `idle` they take no action
/// (a row is `rensa run`'s run on that seed). Every result's header says which.
#[test]
fn players_follow_the_playbook_by_default_or_stay_idle_and_the_header_says_so() {
    use rensa::batch::{Players, metrics, prepare, run_one, run_seed};
    use rensa::twin::{Twin, twin};
    let s = std::sync::Arc::new(
        rensa::scenario::library::find("grid-intrusion")
            .expect("a library drill")
            .load()
            .unwrap_or_else(|e| panic!("{e}")),
    );
    assert!(!s.drill.players.is_empty(), "the drill has players");
    let book = prepare((*s).clone(), Players::default());
    let idle = prepare((*s).clone(), Players::Idle);
    let mut differ = false;
    for i in 0..4 {
        let seed = run_seed(7, i);
        let as_twin = metrics::measure(&s, &twin(&s, seed, &s.drill.players, Twin::Playbook));
        let as_run = metrics::measure(&s, &rensa::session::Session::new(s.clone(), seed).finish());
        assert_eq!(run_one(&book, seed), as_twin, "run {i}");
        assert_eq!(run_one(&idle, seed), as_run, "run {i}");
        differ |= as_twin != as_run;
    }
    assert!(differ, "the players' policies change some run");

    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str, extra: &[&str]| {
        let file = dir.path().join(name);
        let mut args = vec![
            "batch",
            "grid-intrusion",
            "--runs",
            "4",
            "--seed",
            "7",
            "-q",
            "--out",
            file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let r = crate::common::rensa(&args);
        assert_eq!(r.code, Some(0), "{r:?}");
        std::fs::read_to_string(&file).unwrap()
    };
    let default = out("book.csv", &[]);
    let idle_csv = out("idle.csv", &["--players", "idle"]);
    assert!(default.contains("\n# players: playbook\n"), "{default}");
    assert!(idle_csv.contains("\n# players: idle\n"), "{idle_csv}");
    // The same runs (seed 7, runs 0..4) as above: the rows differ, the headers aside.
    let rows = |csv: &str| -> Vec<String> {
        csv.lines()
            .filter(|l| !l.starts_with('#'))
            .map(String::from)
            .collect()
    };
    assert_ne!(
        rows(&default),
        rows(&idle_csv),
        "the players' choice changes the rows"
    );
    let summary = std::fs::read_to_string(dir.path().join("idle.csv.summary.csv")).unwrap();
    assert!(summary.contains("\n# players: idle\n"), "{summary}");
    let json = out("book.json", &["--format", "json"]);
    assert!(json.contains("\"players\":\"playbook\""), "{json}");
    // The text summary's first line.
    let r = crate::common::rensa(&[
        "batch",
        "grid-intrusion",
        "--runs",
        "2",
        "--players",
        "idle",
    ]);
    assert!(
        r.stdout
            .lines()
            .next()
            .unwrap_or("")
            .contains("players idle"),
        "{}",
        r.stdout
    );
    let r = crate::common::rensa(&["batch", "grid-intrusion", "--runs", "2", "--lang", "ja"]);
    assert!(
        r.stdout
            .lines()
            .next()
            .unwrap_or("")
            .contains("プレイヤーはプレイブックどおり"),
        "{}",
        r.stdout
    );
    // Parts of batches run differently do not merge.
    let parts: Vec<String> = [("p1.csv", "1/2", "playbook"), ("p2.csv", "2/2", "idle")]
        .iter()
        .map(|(name, shard, players)| {
            let file = dir.path().join(name);
            let r = crate::common::rensa(&[
                "batch",
                "grid-intrusion",
                "--runs",
                "4",
                "-q",
                "--shard",
                shard,
                "--players",
                players,
                "--out",
                file.to_str().unwrap(),
            ]);
            assert_eq!(r.code, Some(0), "{r:?}");
            file.display().to_string()
        })
        .collect();
    let merged = dir.path().join("merged.csv");
    let r = crate::common::rensa(&[
        "merge",
        &parts[0],
        &parts[1],
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(r.code, Some(2), "{r:?}");
    assert!(
        r.stderr
            .contains("different players: playbook against idle"),
        "{}",
        r.stderr
    );
}

/// `--players` by hand (docs/SCENARIOS.md, "Predicting a small drill by hand"): on the chain
/// of docs/MODEL.md, with power played and a rule that has power report each incident to
/// the police 30m after detection (1h on the way), the police hear of each incident 1h30
/// after it is seen. On the playbook (the default) every row meets the objective; idle,
/// power reports nothing and every row misses it, as `rensa run` scores it.
#[test]
fn players_on_the_playbook_report_and_idle_players_do_not_on_a_small_chain() {
    use rensa::batch::{Players, metrics, prepare, run_one, run_seed};
    let text = r#"Scenario(
    name: "players on a chain",
    duration: "12h",
    seed: 1,
    players: ["operator:power"],
    parameters: (message_delays: {OperatorToPolice: Fixed("1h")}),
    policies: Custom([
        Policy(roles: [Role("operator:power")], rules: [
            Rule(on: Detected, after: Fixed("30m"), act: Report(to: [Police], label: Amber)),
        ]),
    ]),
    infrastructure: Inline(Infrastructure(
        operators: [
            Operator(id: "power", name: "Power", sector: Electricity, region: "r",
                services: [Service(id: "power/supply", name: "Supply", population: 1000, required: 0.9)]),
            Operator(id: "tel", name: "Telecom", sector: InfoComm, region: "r",
                services: [Service(id: "tel/net", name: "Network", population: 2000, required: 0.8)]),
        ],
        dependencies: [
            Dependency(dependent: "tel/net", provider: "power/supply", kind: Physical,
                strength: 0.5, tolerance: "2h"),
        ],
    )),
    objectives: [
        Objective(id: "police", goal: ReportedWithin(to: Police, within: "1h30m")),
    ],
    injects: [
        Inject(id: "blackout", at: "1h", target: Service("power/supply"),
            kind: ItFailure(cause: SystemFailure, severity: 0.8, recovery: Fixed("5h"))),
    ],
)"#;
    let s = rensa::scenario::load_str("chain.ron", text, &rensa::scenario::NoFiles)
        .unwrap_or_else(|e| panic!("{e}"));
    let at = metrics::columns(&s)
        .iter()
        .position(|c| c.name == "objective_police_achieved")
        .expect("the objective's column");
    let achieved = |players: Players| -> Vec<Option<f64>> {
        let prepared = prepare(s.clone(), players);
        (0..3)
            .map(|i| run_one(&prepared, run_seed(1, i))[at])
            .collect()
    };
    assert_eq!(achieved(Players::Playbook), [Some(1.0); 3]);
    assert_eq!(achieved(Players::Idle), [Some(0.0); 3]);
    // Idle is `rensa run`: the played role does nothing there either.
    let run = rensa::session::Session::new(std::sync::Arc::new(s.clone()), 7).finish();
    let scored = rensa::score::Score::compute(&s, &run);
    assert_eq!(scored.objectives[0].achieved, 0.0);
}
