//! The after-action report end to end through the binary: `run --out` / `replay --out`
//! save a self-contained directory, `report` turns it into Markdown (pinned) and one
//! self-contained HTML file (parsed, checked for its charts and for external URLs, and
//! opened in headless Chromium when it is installed).

use std::path::{Path, PathBuf};
use std::process::Command;

fn rensa(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rensa"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("rensa runs")
}

#[track_caller]
fn ok(args: &[&str]) -> String {
    let out = rensa(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "rensa {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The bundled drill log with lessons learned, pointing at the scenario by absolute path.
fn drill_with_lessons(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("scenarios/drills/ddos-response.ron")).unwrap();
    let scenario = root.join("scenarios/telecom-ddos.ron");
    let text = text.replace(
        "scenario: \"../telecom-ddos.ron\"",
        &format!("scenario: {:?}", s(&scenario)),
    );
    let end = text.rfind(')').unwrap();
    let text = format!(
        "{}    lessons: [\n        Lesson(role: \"operator:aoba-bank\", went_well: \"Branches switched to phone banking quickly.\", went_badly: \"We heard of the DNS outage from customers, not from our CEPTOR.\", score: 3),\n        Lesson(role: \"nisc\", went_well: \"Teams left within 30 minutes.\", went_badly: \"Two teams were not enough for three requests.\", score: 4),\n    ],\n)\n",
        &text[..end]
    );
    let path = dir.join("drill-lessons.ron");
    std::fs::write(&path, text).unwrap();
    path
}

fn ddos_dir(tmp: &Path) -> PathBuf {
    let log = drill_with_lessons(tmp);
    let dir = tmp.join("ddos");
    ok(&["replay", s(&log), "--aar", s(&dir), "--format", "json"]);
    dir
}

fn cold_snap_dir(tmp: &Path) -> PathBuf {
    let dir = tmp.join("cold");
    ok(&[
        "run",
        "scenarios/cold-snap-scada.ron",
        "--aar",
        s(&dir),
        "--format",
        "json",
    ]);
    dir
}

#[test]
fn out_saves_a_self_contained_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("default");
    let stdout = ok(&["run", "--aar", s(&dir), "--format", "json", "--luck", "2"]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "drill.ron",
            "luck.json",
            "result.json",
            "scenario.ron",
            "twin-no-action.json",
            "twin-playbook.json"
        ]
    );
    // result.json is the run's --format json document.
    assert_eq!(
        std::fs::read_to_string(dir.join("result.json")).unwrap(),
        stdout
    );
    let log = std::fs::read_to_string(dir.join("drill.ron")).unwrap();
    assert!(log.contains("scenario: \"scenario.ron\""), "{log}");
    assert!(log.contains("scenario_hash:"), "{log}");
    // The saved log replays from the directory alone, to the same result.
    let replayed = ok(&["replay", s(&dir.join("drill.ron")), "--format", "json"]);
    assert_eq!(replayed, stdout);
}

#[test]
fn the_playbook_twin_is_reproducible_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let log = drill_with_lessons(tmp.path());
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    ok(&["replay", s(&log), "--aar", s(&a)]);
    ok(&["replay", s(&log), "--aar", s(&b)]);
    for f in [
        "twin-playbook.json",
        "twin-no-action.json",
        "result.json",
        "drill.ron",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between two runs"
        );
    }
    // The twins differ from the drill (the players did something).
    assert_ne!(
        std::fs::read(a.join("twin-playbook.json")).unwrap(),
        std::fs::read(a.join("result.json")).unwrap()
    );
    // The lessons are carried into the saved log.
    let saved = std::fs::read_to_string(a.join("drill.ron")).unwrap();
    assert!(
        saved.contains("Lesson(") && saved.contains("operator:aoba-bank"),
        "{saved}"
    );
}

#[test]
fn an_out_directory_that_cannot_be_written_names_the_file_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let blocker = tmp.path().join("not-a-dir");
    std::fs::write(&blocker, "x").unwrap();
    let out = rensa(&["run", "--aar", s(&blocker.join("sub"))]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not-a-dir"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn a_lesson_with_a_bad_score_is_an_error_at_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let log = drill_with_lessons(tmp.path());
    let text = std::fs::read_to_string(&log)
        .unwrap()
        .replace("score: 4", "score: 9");
    std::fs::write(&log, &text).unwrap();
    let out = rensa(&["replay", s(&log)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().position(|l| l.contains("score: 9")).unwrap() + 1;
    assert!(err.contains(&format!("drill-lessons.ron:{line}:")), "{err}");
    assert!(err.contains("1 to 5"), "{err}");
    let text = text.replace("role: \"nisc\"", "role: \"nics\"");
    std::fs::write(&log, &text).unwrap();
    let err = String::from_utf8_lossy(&rensa(&["replay", s(&log)]).stderr).into_owned();
    assert!(err.contains("nics"), "{err}");
}

#[test]
fn markdown_reports_are_pinned() {
    let tmp = tempfile::tempdir().unwrap();
    let ddos = ddos_dir(tmp.path());
    let cold = cold_snap_dir(tmp.path());
    for (name, dir) in [("ddos", &ddos), ("cold-snap", &cold)] {
        for lang in ["en", "ja"] {
            let md = ok(&["report", s(dir), "--format", "md", "--lang", lang]);
            insta::assert_snapshot!(format!("report_md_{name}_{lang}"), md);
        }
    }
}

/// The value of every `src`/`href` attribute in `html`.
fn links(doc: &scraper::Html) -> Vec<String> {
    let sel = scraper::Selector::parse("[src], [href], [xlink\\:href]").unwrap();
    doc.select(&sel)
        .flat_map(|e| {
            e.value()
                .attrs()
                .filter(|(k, _)| k.ends_with("src") || k.ends_with("href"))
                .map(|(_, v)| v.to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_html_report_is_self_contained_with_every_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ddos_dir(tmp.path());
    let file = tmp.path().join("report.html");
    ok(&["report", s(&dir), "--out", s(&file)]);
    let html = std::fs::read_to_string(&file).unwrap();
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let sel = |c: &str| scraper::Selector::parse(c).unwrap();
    // One chart per sector whose services lost level (railways, electric power, gas and
    // water did not: since the hindcasts, DNS serves operators, not the power grid's people).
    assert_eq!(doc.select(&sel(".grid figure svg")).count(), 6);
    assert!(html.contains("No service lost level in: Railways, Electric power, Gas, Water."));
    assert_eq!(
        doc.select(&sel("figure svg")).count(),
        7,
        "and the cascade graph"
    );
    for l in links(&doc) {
        assert!(l.starts_with('#'), "a link outside the document: {l}");
    }
    for bad in ["<link", "<script", "@import"] {
        assert!(!html.contains(bad), "the report holds {bad}");
    }
    // Only in-document references (the graph's arrowheads: `url(#rensa-arrow)`).
    for (i, _) in html.match_indices("url(") {
        assert!(html[i + 4..].starts_with('#'), "{}", &html[i..i + 40]);
    }
    // The real score's objectives, ratings and scorecards are there.
    assert!(html.contains("ministry-in-2h") && html.contains("U — unable to be performed"));
    assert!(
        html.contains("finance-back-in-6h") && html.contains("P — performed without challenges")
    );
    assert!(html.contains("switching to backup 1/0"), "jans's scorecard");
    // The counterfactuals compare end-user impact (`twin::impact`, the score's headline),
    // not the double-counting total.
    let end_user = |f: &str| {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(f)).unwrap()).unwrap();
        doc["score"]["impact"]["end_user_person_hours"]
            .as_f64()
            .unwrap()
    };
    let saved = end_user("twin-no-action.json") - end_user("result.json");
    assert!(saved > 0.0);
    assert!(
        html.contains(&format!(
            "the players&#39; decisions saved {} of end-user impact",
            rensa::present::reports::person_hours(rensa::present::Lang::En, saved)
        )) || html.contains(&format!(
            "the players' decisions saved {} of end-user impact",
            rensa::present::reports::person_hours(rensa::present::Lang::En, saved)
        )),
        "{saved}"
    );
    assert!(html.contains("Two teams were not enough"));
    // Japanese words.
    let ja = ok(&["report", s(&dir), "--lang", "ja"]);
    assert!(ja.contains("<html lang=\"ja\">") && ja.contains("改善計画"));
}

/// The findings of the default drill (issue 27): the operator reported 5 minutes after
/// detection, the report was delivered 78 and 135 minutes after detection; held to the
/// scenario's own objective (its ministry within 2h) the area names the channel that
/// delayed it and the ministry's intake as its owner, not the operator; the TLP:RED
/// label that kept the ministry from passing the report on is the operator's finding; the
/// roles nobody played are kept apart; the plan rows carry a capability element and dates.
#[test]
fn findings_name_the_cause_from_the_run_and_an_owner_who_can_act() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ddos_dir(tmp.path());
    let md = ok(&[
        "report",
        s(&dir),
        "--format",
        "md",
        "--date",
        "2025-11-21",
        "--exercise-date",
        "2025-11-20",
    ]);
    let section = |h: &str| -> String {
        let start = md
            .find(&format!("## {h}\n"))
            .unwrap_or_else(|| panic!("{h}:\n{md}"));
        let rest = &md[start + h.len() + 4..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
    };
    let areas = section("Areas for improvement");
    let row = |prefix: &str| -> String {
        areas
            .lines()
            .find(|l| l.starts_with(&format!("| {prefix} ")))
            .unwrap_or_else(|| panic!("{prefix}:\n{areas}"))
            .to_string()
    };
    // The scenario's own objective (ministry-in-2h) sets rule A3's recipient and limit
    // (objectives::the_reports_reporting_rule_yields_to_the_scenarios_objective). The report
    // was sent in time and delivered late, by which channel; the ministry's intake is the
    // one to act on, and since nobody played the ministry it is kept with the policies.
    let policies = section("Observations on roles nobody played");
    let late = policies
        .lines()
        .find(|l| l.contains("sent in time but delivered late"))
        .unwrap_or_else(|| panic!("{policies}"));
    assert!(
        late.contains("135 min after detection (limit 2h)"),
        "{late}"
    );
    assert!(late.contains("5 min after detection"), "{late}");
    assert!(late.contains("the channel operator → ministry"), "{late}");
    assert!(late.contains("took 130 min"), "{late}");
    assert!(late.contains("78 min after detection"), "{late}");
    assert!(
        late.contains("| Ministry of Internal Affairs and Communications (ministry:mic) |"),
        "{late}"
    );
    assert!(late.contains("Agree a faster route"), "{late}");
    assert!(!late.contains("Rehearse"), "{late}");
    // The objective's own area names the same channel as its cause.
    assert!(
        row("AFI-1").contains("ministry-in-2h") && row("AFI-1").contains("took 130 min"),
        "{areas}"
    );
    // The two incidents the carrier never reported are the carrier's.
    assert!(
        row("AFI-3").contains("ddos-backbone")
            && row("AFI-3").contains("a player) sent no message")
    );
    // The ministry could not pass the report on because of the carrier's TLP:RED label.
    let red = areas
        .lines()
        .find(|l| l.contains("ministry:mic (policy) send report to nisc"))
        .unwrap_or_else(|| panic!("{areas}"));
    assert!(red.contains("came only under TLP:RED (message #0"), "{red}");
    assert!(
        red.contains("| Hinode Communications (fictional) (operator:hinode-comm) |"),
        "{red}"
    );
    // Roles nobody played are kept apart, with their policies' owners.
    assert!(
        policies.contains("| P-1 | Incident #0 ddos-dns, detected at T+01:00"),
        "{policies}"
    );
    assert!(
        policies.contains("| Ministry of Internal Affairs and Communications (ministry:mic) |"),
        "{policies}"
    );
    assert!(!areas.contains("aoba-bank/channels was below"), "{areas}");
    // The plan: capability, element, owner, dates from the report's date.
    let plan = section("Improvement plan");
    let ip = plan
        .lines()
        .find(|l| l.starts_with("| IP-1 |"))
        .unwrap_or_else(|| panic!("{plan}"));
    assert!(
        ip.contains("| Information sharing | AFI-1 | Rehearse reporting every detected incident to the overseeing ministry"),
        "{ip}"
    );
    assert!(ip.contains("| Training | Hinode Communications (fictional) (operator:hinode-comm) | 2025-11-21 | 2025-12-21 |"), "{ip}");
    // The overview's dates and the handling marking.
    assert!(
        md.contains("**TLP:RED** Handle this report as TLP:RED"),
        "{md}"
    );
    assert!(md.contains("- **Exercise date:** 2025-11-20"));
    assert!(md.contains("- **Report date:** 2025-11-21"));
    // Acronyms used are spelled out.
    let acronyms = section("Acronyms");
    // (J-LIS left the drill's report when the hindcasts' DNS rule spared government.)
    assert!(!md.contains("J-LIS") || acronyms.contains("- **J-LIS:**"));
    for a in ["CEPTOR", "NISC", "TLP", "GSOC"] {
        assert!(
            acronyms.contains(&format!("- **{a}:**")),
            "{a}:\n{acronyms}"
        );
    }
    // No date given: the plan counts days after the report, and no clock is read.
    let plain = ok(&["report", s(&dir), "--format", "md"]);
    assert!(plain.contains("report + 30 days"), "{plain}");
    assert!(plain.contains("- **Report date:** not given (give --date)"));
    assert_eq!(plain, ok(&["report", s(&dir), "--format", "md"]));
}

/// The exercise's date comes from the drill log (`date:`), travels with `--aar` into the
/// saved log, and `--exercise-date` overrides it; a date that is not one is refused where
/// it is written, in either language.
#[test]
fn the_exercise_date_comes_from_the_log() {
    let tmp = tempfile::tempdir().unwrap();
    let log = drill_with_lessons(tmp.path());
    let text = std::fs::read_to_string(&log).unwrap();
    let dated = text.replacen("    seed: 1,", "    seed: 1,\n    date: \"2025-11-20\",", 1);
    assert_ne!(dated, text);
    std::fs::write(&log, &dated).unwrap();
    let dir = tmp.path().join("dated");
    ok(&["replay", s(&log), "--aar", s(&dir), "--format", "json"]);
    let saved = std::fs::read_to_string(dir.join("drill.ron")).unwrap();
    assert!(saved.contains("date: Some(\"2025-11-20\")"), "{saved}");
    let md = ok(&["report", s(&dir), "--format", "md"]);
    assert!(md.contains("- **Exercise date:** 2025-11-20"), "{md}");
    let ja = ok(&["report", s(&dir), "--format", "md", "--lang", "ja"]);
    assert!(ja.contains("- **演習実施日:** 2025年11月20日"), "{ja}");
    let md = ok(&[
        "report",
        s(&dir),
        "--format",
        "md",
        "--exercise-date",
        "2025-11-19",
    ]);
    assert!(md.contains("- **Exercise date:** 2025-11-19"), "{md}");
    // Not a date: refused at its place.
    std::fs::write(&log, dated.replace("2025-11-20", "2025-13-01")).unwrap();
    let line = dated.lines().position(|l| l.contains("date:")).unwrap() + 1;
    for (lang, words) in [("en", "is not a date"), ("ja", "は日付ではありません")] {
        let out = rensa(&["replay", s(&log), "--lang", lang]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("drill-lessons.ron:{line}:")), "{err}");
        assert!(err.contains(words), "{err}");
    }
    let out = rensa(&["report", s(&dir), "--date", "21/11/2025"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn lessons_feed_the_plan_rows_of_their_role() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ddos_dir(tmp.path());
    let html = ok(&["report", s(&dir)]);
    let doc = scraper::Html::parse_document(&html);
    let sel = |c: &str| scraper::Selector::parse(c).unwrap();
    let lessons = doc
        .select(&sel("table"))
        .find(|t| {
            t.select(&sel("caption"))
                .next()
                .is_some_and(|c| c.text().collect::<String>() == "Lessons learned")
        })
        .expect("the lessons table");
    // NISC owns the plan row about its support teams; the lesson links to it.
    let nisc = lessons
        .select(&sel("tbody tr"))
        .find(|r| {
            r.text()
                .collect::<String>()
                .contains("Two teams were not enough")
        })
        .unwrap();
    let links: Vec<String> = nisc
        .select(&sel("a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(!links.is_empty(), "a lesson feeds a plan row");
    for l in &links {
        let row = doc
            .select(&sel(&format!("tr{l}")))
            .next()
            .unwrap_or_else(|| panic!("{l} is a plan row"));
        assert!(row.text().collect::<String>().contains("NISC"), "{l}");
    }
}

#[test]
fn twins_are_the_same_seed_with_nobody_acting_or_the_playbook_acting() {
    use rensa::model::drill::Role;
    use rensa::present::{Lang, Report};
    use rensa::session::Session;
    use rensa::twin::{Twin, impact, luck, luck_seed, twin};
    use std::sync::Arc;
    let scenario = Arc::new(rensa::scenario::load_default());
    let json = |o: &rensa::engine::Outcome| Report::new(&scenario, o, Lang::En).to_json();
    let players = [Role::Nisc];
    // Playbook: every role follows its policy, as in a run nobody plays.
    let book = twin(&scenario, 1, &players, Twin::Playbook);
    assert_eq!(
        json(&book),
        json(&Session::new(scenario.clone(), 1).finish())
    );
    // No action: the players are played and do nothing.
    let idle = twin(&scenario, 1, &players, Twin::NoAction);
    assert_eq!(
        json(&idle),
        json(&Session::with_players(scenario.clone(), 1, &players).finish())
    );
    assert_ne!(json(&idle), json(&book), "NISC's playbook does something");
    // Twins are compared by the end-user impact, which counts nobody twice.
    assert_eq!(
        impact(&scenario, &book),
        rensa::score::Score::compute(&scenario, &book)
            .impact
            .end_user_person_hours
    );
    // Luck: K other seeds, each the same whoever asks.
    let runs = luck(&scenario, 1, &players, &[], 2);
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1].seed, luck_seed(1, 1));
    assert_eq!(runs, luck(&scenario, 1, &players, &[], 2));
    // With no actions, the decisions are the no-action twin.
    assert!(runs.iter().all(|r| r.decisions == r.no_action));
}

#[test]
fn a_report_of_a_directory_without_a_result_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = rensa(&["report", s(tmp.path())]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("result.json is missing") && err.contains("--aar"),
        "{err}"
    );
    // A broken result.json is named with its line and column.
    let dir = cold_snap_dir(tmp.path());
    std::fs::write(dir.join("result.json"), "{\n  \"seed\": \"one\"\n}\n").unwrap();
    let err = String::from_utf8_lossy(&rensa(&["report", s(&dir)]).stderr).into_owned();
    assert!(err.contains("result.json:2:"), "{err}");
    // A report that cannot be written names its file and leaves nothing behind.
    let dir = cold_snap_dir(&tmp.path().join("again"));
    let target = tmp.path().join("missing").join("report.html");
    let out = rensa(&["report", s(&dir), "--out", s(&target)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing/report.html"), "{err}");
    assert!(!tmp.path().join("missing").exists());
}

#[test]
fn lessons_round_trip_through_the_log_format() {
    use rensa::model::drill::Role;
    use rensa::scenario::drill_log::{Lesson, parse_log, resolve, to_ron_with_lessons};
    let scenario = rensa::scenario::load_default();
    let lessons = vec![Lesson {
        role: Role::Nisc,
        went_well: "Teams \"left\" fast".into(),
        went_badly: String::new(),
        score: 5,
    }];
    let text = to_ron_with_lessons(
        "default",
        None,
        1,
        &[Role::Nisc],
        &[],
        &lessons,
        &scenario,
        &|_| None,
    );
    assert!(text.contains("Lesson("), "{text}");
    let log = parse_log("t.ron", &text).unwrap();
    let resolved = resolve("t.ron", &text, &log.file, &scenario).unwrap();
    assert_eq!(resolved.lessons, lessons);
    // A log without lessons writes none.
    let plain = to_ron_with_lessons("default", None, 1, &[], &[], &[], &scenario, &|_| None);
    assert!(!plain.contains("lessons"), "{plain}");
}

/// The charts agree with their captions and the words with the roles (issue 27 §2): each
/// sector chart has both axis titles, a legend naming the dashed red line as the required
/// level (the only red line: no series in its colour), and shaded bands that add up to the
/// hours its caption counts; every box of the cascade carries its sector's name in a tag;
/// the scorecards say who was a player and name classes of action in words; the four
/// capabilities sit beside their nearest HSEEP core capability.
#[test]
fn sector_charts_agree_with_their_captions_and_scorecards_say_who_played() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = ddos_dir(tmp.path());
    let html = ok(&["report", s(&dir)]);
    let doc = scraper::Html::parse_document(&html);
    let sel = |c: &str| scraper::Selector::parse(c).unwrap();
    let text = |e: scraper::ElementRef| e.text().collect::<String>();
    let charts: Vec<_> = doc.select(&sel(".grid figure")).collect();
    assert_eq!(charts.len(), 6);
    for figure in &charts {
        let svg = figure.select(&sel("svg")).next().unwrap();
        let axes: Vec<String> = svg.select(&sel("text.at")).map(text).collect();
        assert_eq!(
            axes,
            ["hours since the start (T+h)", "sector level (0–1)"],
            "{}",
            text(*figure)
        );
        let legend: Vec<String> = svg.select(&sel("text.lg")).map(text).collect();
        assert_eq!(
            legend,
            [
                "sector level",
                "required level",
                "a service below its required level"
            ]
        );
        // The required level's line and its legend key: the only red lines.
        assert_eq!(svg.select(&sel(".req")).count(), 2);
        // Hours per pixel from two ticks of the time axis (0 and 20 h).
        let tick = |label: &str| -> f64 {
            svg.select(&sel("text.tk"))
                .find(|t| text(*t) == label && t.value().attr("text-anchor") == Some("middle"))
                .and_then(|t| t.value().attr("x"))
                .unwrap_or_else(|| panic!("tick {label}"))
                .parse()
                .unwrap()
        };
        let px_per_hour = (tick("20") - tick("0")) / 20.0;
        let shaded: f64 = svg
            .select(&sel("rect.band"))
            .filter(|r| r.value().attr("height").unwrap().parse::<f64>().unwrap() > 20.0)
            .map(|r| r.value().attr("width").unwrap().parse::<f64>().unwrap())
            .sum::<f64>()
            / px_per_hour;
        let caption = text(figure.select(&sel("figcaption")).next().unwrap());
        let hours: f64 = caption
            .split("hours with a service below its required level: ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .unwrap_or_else(|| panic!("{caption}"))
            .parse()
            .unwrap();
        assert!(
            (shaded - hours).abs() <= 0.15,
            "{caption}: the bands shade {shaded:.2} h"
        );
    }
    // The cascade: a sector tag on every service box (incidents are tagged "incident").
    let cascade = doc.select(&sel("figure.tall svg")).next().unwrap();
    let boxes = cascade.select(&sel("rect.node")).count();
    let tags = cascade.select(&sel("text.tag")).count();
    assert!(boxes > 20, "{boxes}"); // 25 services and incidents since the hindcasts' rules
    assert_eq!(
        tags,
        boxes + 3,
        "a tag on each of {boxes} boxes and 3 incidents"
    );
    // Scorecards: who played, and classes of action in words.
    let table = doc
        .select(&sel("div.scroll[aria-label='Role scorecards'] table"))
        .next()
        .unwrap();
    let rows: Vec<Vec<String>> = table
        .select(&sel("tbody tr"))
        .map(|r| r.select(&sel("td")).map(text).collect())
        .collect();
    let row = |role: &str| rows.iter().find(|r| r[0] == role).unwrap().clone();
    assert_eq!(row("NISC")[1], "player");
    assert_eq!(row("NISC")[4], "dispatching support 2/1");
    assert_eq!(
        row("Financial Services Agency (ministry:fsa)")[1],
        "written policy"
    );
    assert!(
        !html.contains("dispatch_support"),
        "an id in the English report"
    );
    // Capabilities beside their nearest core capability.
    let caps = doc
        .select(&sel(
            "div.scroll[aria-label='Analysis of capabilities'] table",
        ))
        .next()
        .unwrap();
    let caps = text(caps);
    for (ours, hseep) in [
        (
            "Information sharing",
            "Intelligence and Information Sharing",
        ),
        ("Operational coordination", "Operational Coordination"),
        ("Restoration of service", "Infrastructure Systems"),
    ] {
        assert!(caps.contains(&format!("{ours}{hseep}")), "{caps}");
    }
}
