//! Nothing a scenario author writes is silently ignored (issue 29 §1): an unknown field is
//! refused in every struct of the format with a did-you-mean, a misspelt required field is
//! reported as the unknown field it is, names in messages are the ones an author writes
//! (never the program's type names), a bad TLP label lists the valid ones, and a
//! suggestion never points to a name with another meaning.

use rensa::scenario::drill_log;
use rensa::scenario::{Diagnostics, Lang, LoadError, NoFiles, load_str};
use std::collections::BTreeSet;

fn refused(text: &str) -> Diagnostics {
    match load_str("x.ron", text, &NoFiles) {
        Err(LoadError::Invalid(d)) => d,
        Err(e) => panic!("expected diagnostics, got {e}"),
        Ok(_) => panic!("should be refused:\n{text}"),
    }
}

/// `text` with `field: 1, ` written after the `(` at byte `at`.
fn with_field_at(text: &str, at: usize, field: &str) -> String {
    format!("{}{field}: 1, {}", &text[..=at], &text[at + 1..])
}

/// The byte offsets of every `(` that opens named fields (`(` then `name:`), outside
/// comments and strings.
fn struct_openings(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut in_str, mut in_comment) = (0, false, false);
    while i < bytes.len() {
        let c = bytes[i];
        if in_comment {
            in_comment = c != b'\n';
        } else if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            in_comment = true;
        } else if c == b'"' {
            in_str = true;
        } else if c == b'(' {
            let rest = text[i + 1..].trim_start();
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && rest[name.len()..].trim_start().starts_with(':') {
                out.push(i);
            }
        }
        i += 1;
    }
    out
}

/// The struct named in `unknown field `x` in `Struct``.
fn outer_of(message: &str) -> Option<String> {
    let rest = message.split(" in `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

#[test]
fn an_unknown_field_is_refused_in_every_struct_of_a_scenario() {
    let text = std::fs::read_to_string("tests/fixtures/valid/every-field.ron").unwrap();
    load_str("every-field.ron", &text, &NoFiles).unwrap_or_else(|e| panic!("{e}"));
    let mut seen = BTreeSet::new();
    let openings = struct_openings(&text);
    assert!(openings.len() > 60, "{}", openings.len());
    for at in openings {
        let bad = with_field_at(&text, at, "zzz_unknown");
        let d = refused(&bad);
        assert_eq!(d.len(), 1, "{d}");
        let m = &d.0[0].message;
        assert!(m.starts_with("unknown field `zzz_unknown`"), "{m}\n{d}");
        seen.insert(outer_of(m).unwrap_or_else(|| panic!("no struct named: {m}")));
        // Japanese too, with the same struct.
        let ja = d.0[0].message_in(Lang::Ja);
        assert!(ja.contains("不明なフィールド `zzz_unknown`"), "{ja}");
    }
    let expected = [
        "Scenario",
        "Infrastructure",
        "Operator",
        "Service",
        "System",
        "Dependency",
        "Changes",
        "Edge",
        "DependencyChange",
        "ServiceChange",
        "OperatorChange",
        "Params",
        "Policy",
        "Rule",
        "Report",
        "Alert",
        "SanitisedAlert",
        "Forward",
        "RequestSupport",
        "Objective",
        "SectorAbove",
        "ReportedWithin",
        "NoForwardOf",
        "NeverBelowRequired",
        "Inject",
        "after",
        "when",
        "LevelBelow",
        "ActionTaken",
        "ActionNotTaken",
        "ItFailure",
        "Disaster",
        "CyberAttack",
        "Attack",
        "Stage",
        "Spread",
        "Impact",
        "Uniform",
        "Triangular",
        "LogNormal",
        "Exponential",
    ];
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|e| !seen.contains(*e))
        .collect();
    assert!(
        missing.is_empty(),
        "not covered: {missing:?}; seen {seen:?}"
    );
}

#[test]
fn an_unknown_field_is_refused_in_every_struct_of_a_drill_log() {
    let text = r#"Drill(scenario: "default", seed: 1, players: ["nisc"], paused_at: "3h",
    actions: [
        Act(at: "1h", role: "nisc", do: Send(to: [Council, Role("police")], kind: Alert,
            incident: "x", incident_no: 1, attack: Worm, label: Green, text: "t", sanitised: true)),
        Act(at: "1h", role: "nisc", do: GrantPermission(message: 1, to: "police")),
        Act(at: "1h", role: "nisc", do: Forward(message: 1, to: [Council])),
        Act(at: "1h", role: "operator:a", do: Isolate(systems: Business)),
        Act(at: "1h", role: "operator:a", do: Reconnect(systems: Business)),
        Act(at: "1h", role: "operator:a", do: SwitchToBackup(service: "a/b")),
        Act(at: "1h", role: "operator:a", do: EndBackup(service: "a/b")),
        Act(at: "1h", role: "nisc", do: DispatchSupport(operator: "a")),
        Act(at: "1h", role: "vendor", do: PublishSignature(attack: Worm)),
        Act(at: "1h", role: "control", do: Inject(id: "x", target: Sector(Water),
            kind: ItFailure(cause: OperatorError, severity: 0.1, recovery: Fixed("1h")))),
    ],
    lessons: [Lesson(role: "nisc", went_well: "a", went_badly: "b", score: 3)],
)"#;
    drill_log::parse_log("log.ron", text).unwrap_or_else(|e| panic!("{e}"));
    let mut seen = BTreeSet::new();
    for at in struct_openings(text) {
        let bad = with_field_at(text, at, "zzz_unknown");
        let d = match drill_log::parse_log("log.ron", &bad) {
            Err(LoadError::Invalid(d)) => d,
            other => panic!("should be refused: {other:?}\n{bad}"),
        };
        let m = &d.0[0].message;
        assert!(m.starts_with("unknown field `zzz_unknown`"), "{m}");
        seen.insert(outer_of(m).expect("names its struct"));
    }
    for name in [
        "Drill",
        "Act",
        "Send",
        "GrantPermission",
        "Forward",
        "Isolate",
        "Reconnect",
        "SwitchToBackup",
        "EndBackup",
        "DispatchSupport",
        "PublishSignature",
        "Inject",
        "ItFailure",
        "Lesson",
    ] {
        assert!(seen.contains(name), "{name} not covered: {seen:?}");
    }
}

/// The issue's cases: a misspelt field in `Attack`, `Stage`, `Spread`, `Impact` and a
/// policy `Rule`, each refused where it is written, with its suggestion in both languages.
#[test]
fn a_misspelt_field_in_an_attack_stage_spread_impact_or_rule_is_refused_with_its_suggestion() {
    let attack = |kind: &str| {
        format!(
            r#"Scenario(name: "x", duration: "12h", injects: [Inject(at: "1h", target: Operator("kanto-power"),
    kind: {kind})])"#
        )
    };
    let stage = |effect: &str| {
        attack(&format!(
            r#"Attack(attack: Worm, stages: [Stage(name: "s", chance: 1.0, duration: Fixed("1h"), detection: 0.1, effect: {effect})])"#
        ))
    };
    let cases = [
        (
            attack(r#"Attack(attack: Ddos, severty: 0.1, recovry: Fixed("1h"))"#),
            "severty",
            "Attack",
            "severity",
        ),
        (
            attack(
                r#"Attack(attack: Worm, stages: [Stage(name: "s", chanse: 1.0, duration: Fixed("1h"), detection: 0.1, effect: Foothold)])"#,
            ),
            "chanse",
            "Stage",
            "chance",
        ),
        (
            stage(r#"Spread(chance: 0.5, via: [Cyber], dealy: Fixed("1h"))"#),
            "dealy",
            "Spread",
            "delay",
        ),
        (
            stage(r#"Impact(severity: 0.5, recovery: Fixed("1h"), data_los: false)"#),
            "data_los",
            "Impact",
            "data_loss",
        ),
        (
            // `after` is required: the misspelling is reported, not a missing `after`.
            r#"Scenario(name: "x", duration: "12h", policies: Custom([Policy(roles: [Kind(Operator)],
    rules: [Rule(on: Detected, afer: Fixed("1h"), act: Announce)])]))"#
                .to_string(),
            "afer",
            "Rule",
            "after",
        ),
    ];
    for (text, wrong, outer, right) in cases {
        let d = refused(&text);
        assert_eq!(d.len(), 1, "{d}");
        let x = &d.0[0];
        assert_eq!(x.message, format!("unknown field `{wrong}` in `{outer}`"));
        assert_eq!(
            x.help.as_deref(),
            Some(format!("did you mean `{right}`?").as_str())
        );
        assert_eq!(
            x.message_in(Lang::Ja),
            format!("`{outer}` の不明なフィールド `{wrong}` があります")
        );
        assert_eq!(
            x.help_in(Lang::Ja),
            Some(format!("もしかして `{right}` ですか？").as_str())
        );
        let line = text.lines().nth(x.pos.line - 1).expect("the line exists");
        let from: String = line.chars().skip(x.pos.col - 1).collect();
        assert!(from.starts_with(wrong), "{x}");
    }
}

#[test]
fn messages_name_what_an_author_writes_never_the_programs_types() {
    let cases = [
        r#"Scenario(name: "x", duration: "12h", objectives: [Objective(id: "a", goal: Zzz)])"#,
        r#"Scenario(name: "x", duration: "12h", injects: [Inject(at: "1h", target: Sectr(Water), kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Fixed("1h")))])"#,
        r#"Scenario(name: "x", duration: "12h", injects: [Inject(at: "1h", target: Sector(Water), kind: Failure(cause: OperatorError))])"#,
        r#"Scenario(name: "x", duration: "12h", injects: [Inject(when: (condition: Detectd("a")), target: Sector(Water), kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Fixed("1h")))])"#,
        r#"Scenario(name: "x", duration: "12h", infrastructure: Builtin)"#,
        r#"Scenario(name: "x", duration: "12h", injects: [Inject(at: "1h", target: RegionSector("kanto"), kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Fixed("1h")))])"#,
        r#"Scenario(name: "x", duration: "12h", injects: [Inject(after: (inject: "a", dely: "1h"), target: Sector(Water), kind: ItFailure(cause: OperatorError, severity: 0.5, recovery: Fixed("1h")))])"#,
    ];
    let mut shown = String::new();
    for text in cases {
        let d = refused(text);
        for lang in [Lang::En, Lang::Ja] {
            let r = d.render(lang);
            for internal in [
                "GoalFile",
                "TargetFile",
                "InjectKindFile",
                "ConditionFile",
                "InfraSource",
                "AfterFile",
                "enum `",
                "tuple variant",
            ] {
                assert!(!r.contains(internal), "{internal} in\n{r}");
            }
            shown.push_str(&r);
        }
    }
    insta::assert_snapshot!("names_an_author_writes", shown);
}

#[test]
fn a_tlp_label_written_as_a_string_lists_the_labels() {
    let d = refused(
        r#"Scenario(name: "x", duration: "12h", objectives: [Objective(id: "a", goal: NoForwardOf(label: "RED"))])"#,
    );
    let x = &d.0[0];
    assert_eq!(
        x.message,
        "expected a TLP label: one of `Red`, `AmberStrict`, `Amber`, `Green`, `Clear`"
    );
    assert_eq!(
        x.help.as_deref(),
        Some("write the name without quotes, e.g. `label: Red`")
    );
    assert!(x.message_in(Lang::Ja).starts_with("TLP ラベルが必要です"));
    // And a misspelt one lists them too: nothing is close enough to guess.
    let d = refused(
        r#"Scenario(name: "x", duration: "12h", objectives: [Objective(id: "a", goal: NoForwardOf(label: Purple))])"#,
    );
    assert_eq!(d.0[0].message, "unknown TLP label `Purple`");
    assert_eq!(
        d.0[0].help.as_deref(),
        Some("one of: `Red`, `AmberStrict`, `Amber`, `Green`, `Clear`")
    );
}

#[test]
fn a_suggestion_never_points_to_a_name_with_another_meaning() {
    // Five edits from `SectorAbove`, and the opposite: listed, not guessed.
    let d = refused(
        r#"Scenario(name: "x", duration: "12h", objectives: [Objective(id: "a", goal: SectorBelow(sector: Water, level: 0.5, within: "1h"))])"#,
    );
    let help = d.0[0].help.as_deref().unwrap_or("");
    assert!(help.starts_with("one of: "), "{help}");
    assert!(!help.starts_with("did you mean"), "{help}");
    // A typo is still caught.
    let d = refused(
        r#"Scenario(name: "x", duration: "12h", objectives: [Objective(id: "a", goal: SectorAbov(sector: Water, level: 0.5, within: "1h"))])"#,
    );
    assert_eq!(d.0[0].help.as_deref(), Some("did you mean `SectorAbove`?"));
}

#[test]
fn numbers_out_of_range_and_wrong_values_are_worded_in_both_languages() {
    for (text, en, ja) in [
        (
            r#"Scenario(name: "x", duration: "12h", changes: (services: [ServiceChange(id: "kanto-power/supply", population: -5)]))"#,
            "the number is out of range here",
            "数が範囲外です",
        ),
        (
            r#"Scenario(name: "x", duration: "12h", seed: "a")"#,
            "the seed must be a non-negative integer (0 to 18446744073709551615), got \"a\"",
            "シードは 0 以上の整数（0〜18446744073709551615）で指定します（指定値: \"a\"）",
        ),
        (
            r#"Scenario(name: "x", duration: true)"#,
            "expected a duration such as \"90m\", \"12h\", \"3d\" or \"1d12h\", or a whole number of minutes; found true",
            "期間は \"90m\"、\"12h\"、\"3d\"、\"1d12h\" のように書くか、分を整数で書きます（指定値: true）",
        ),
    ] {
        let d = refused(text);
        assert_eq!(d.0[0].message, en);
        assert_eq!(d.0[0].message_in(Lang::Ja), ja);
    }
}

// ---------------------------------------------------------------------------------------
// Policy recipients
// ---------------------------------------------------------------------------------------

#[test]
fn an_absent_role_named_by_a_policy_is_refused() {
    let d = refused(
        r#"Scenario(name: "x", duration: "12h", absent: ["police"], policies: ReferenceAnd([
    Policy(roles: [OperatorsIn(Water)], rules: [
        Rule(on: Detected, after: Fixed("1h"), act: Report(to: [MyCeptor, Police], label: Amber)),
    ]),
]))"#,
    );
    assert_eq!(d.len(), 1, "{d}");
    let x = &d.0[0];
    assert!(
        x.message
            .starts_with("police is absent from this drill: the message of operator:kanto-water"),
        "{x}"
    );
    assert!(
        x.message
            .ends_with("(at policies[0][0].rules[0].act.to[1])"),
        "{x}"
    );
    assert_eq!((x.pos.line, x.pos.col), (3, 75), "under `Police`");
    assert!(
        x.message_in(Lang::Ja)
            .starts_with("police はこの演習を欠席しています")
    );
}

#[test]
fn the_reference_playbook_is_checked_against_the_absent_roles_too() {
    let d = refused(r#"Scenario(name: "x", duration: "12h", absent: ["gsoc"])"#);
    assert!(!d.is_empty());
    for x in &d.0 {
        assert_eq!((x.pos.line, x.pos.col), (1, 47), "{x}");
        assert!(
            x.message
                .starts_with("gsoc is absent, but the reference playbook addresses it"),
            "{x}"
        );
    }
    // NISC's cross-sector alert is among them.
    assert!(
        d.0.iter().any(|x| x.message.contains(
            "the message of nisc (on Received(Report), SanitisedAlert to [AllMinistries, Council, Jpcert, Gsoc])"
        )),
        "{d}"
    );
    // Written by hand instead, without GSOC, the same drill is valid.
    load_str(
        "x.ron",
        r#"Scenario(name: "x", duration: "12h", absent: ["gsoc"], policies: Passive)"#,
        &NoFiles,
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_recipient_naming_nobody_or_out_of_reach_is_refused() {
    let d = refused(
        r#"Scenario(name: "x", duration: "12h", policies: ReferenceAnd([
    Policy(roles: [Kind(Jpcert)], rules: [
        Rule(on: Received(Alert), after: Fixed("1h"), act: Alert(to: [Members], label: Green)),
    ]),
    Policy(roles: [Role("operator:kanto-water")], rules: [
        Rule(on: Detected, after: Fixed("1h"), act: Report(to: [Nisc], label: Green)),
        Rule(on: BelowRequired, after: Fixed("1h"), act: Report(to: [Sender], label: Green)),
    ]),
]))"#,
    );
    let shown: Vec<&str> = d.0.iter().map(|x| x.message.as_str()).collect();
    assert_eq!(
        shown,
        [
            "`Members` names nobody for jpcert: every message of this rule would be refused (at policies[0][0].rules[0].act.to[0])",
            "no channel leads from operator:kanto-water to nisc: the message would be refused whole (at policies[0][1].rules[0].act.to[0])",
            "`Sender` answers a message, but this rule is set off by `BelowRequired`: it names nobody (at policies[0][1].rules[1].act.to[0])",
        ]
    );
}

/// A run's text summary counts the policy actions that did not happen and gives the first
/// reasons: in the small chain with the reference playbook, CEPTORs of sectors with no
/// operators there have nobody to pass an alert to.
#[test]
fn the_run_summary_says_how_many_policy_actions_did_not_happen() {
    let text = std::fs::read_to_string("tests/fixtures/valid/small-chain.ron")
        .unwrap()
        .replace("policies: Passive,", "policies: Reference,");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.ron");
    std::fs::write(&path, text).unwrap();
    for (lang, head, reason) in [
        (
            "en",
            "8 policy action(s) did not happen. The first reasons:",
            "(policy) did not act: the message has no recipients",
        ),
        (
            "ja",
            "ポリシーの行動 8 件が行われませんでした。最初の理由:",
            "（ポリシー）は対応を見送り: メッセージに宛先がありません",
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rensa"))
            .args(["run", path.to_str().unwrap(), "--lang", lang])
            .output()
            .unwrap();
        assert!(out.status.success());
        let stdout = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        let at = lines
            .iter()
            .position(|l| *l == head)
            .unwrap_or_else(|| panic!("{stdout}"));
        for l in &lines[at + 1..at + 4] {
            assert!(l.contains(reason), "{l}");
        }
    }
    // Without failures, no such line: the bundled default drill.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rensa"))
        .arg("run")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("did not happen"));
}

// ---------------------------------------------------------------------------------------
// Warnings (`rensa validate`, `--strict`)
// ---------------------------------------------------------------------------------------

fn validate(args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rensa"))
        .arg("validate")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn an_added_operator_linked_to_nothing_or_in_a_new_region_is_warned_about() {
    let text = r#"Scenario(name: "x", duration: "12h", changes: (add_operators: [
    Operator(id: "lone", name: "Lone", sector: Water, region: "kantoo",
        services: [Service(id: "lone/s", name: "S", population: 10, required: 0.5)]),
]))"#;
    let (_, _, w) = rensa::scenario::load_str_checked("x.ron", text, &NoFiles)
        .unwrap_or_else(|e| panic!("{e}"));
    let shown: Vec<(&str, Option<&str>)> =
        w.0.iter()
            .map(|d| (d.message.as_str(), d.help.as_deref()))
            .collect();
    assert_eq!(
        shown,
        [
            (
                "operator \"lone\" is added with no dependency: what it suffers reaches nobody, and nothing reaches it (at changes.add_operators[0].id)",
                Some("link its services in `add_dependencies`")
            ),
            (
                "region \"kantoo\" is new: no operator of the graph is in it, so a regional inject there hits only what the scenario adds (at changes.add_operators[0].region)",
                Some("did you mean \"kanto\"?")
            ),
        ]
    );
    assert!(
        w.0.iter()
            .all(|d| d.severity == rensa::scenario::Severity::Warning)
    );
    // Shown by `validate`, which still passes; `--strict` fails on them.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.ron");
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    let (code, stdout, stderr) = validate(&[file]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains(": ok with 2 warning(s)"), "{stdout}");
    assert!(
        stderr.contains(": warning: operator \"lone\" is added with no dependency"),
        "{stderr}"
    );
    let (code, _, stderr) = validate(&[file, "--lang", "ja"]);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains(": 警告: 事業者 \"lone\" は依存関係なしで追加されています"),
        "{stderr}"
    );
    let (code, _, _) = validate(&[file, "--strict"]);
    assert_eq!(code, Some(2));
}

#[test]
fn strict_validation_runs_the_scenario_and_warns_about_certain_injects_and_objectives() {
    // The small chain (docs/MODEL.md): telecom falls to 0.5 at T+3h in every run; the bank
    // never falls below 0.1; finance falls below required at T+3h; nothing is forwarded.
    let text = std::fs::read_to_string("tests/fixtures/valid/small-chain.ron")
        .unwrap()
        .replace(
            "    injects: [",
            r#"    objectives: [
        Objective(id: "finance-holds", goal: NeverBelowRequired(sector: Finance)),
        Objective(id: "no-red", goal: NoForwardOf(label: Red)),
    ],
    injects: [
        Inject(id: "always", when: (condition: LevelBelow(service: "tel/net", level: 0.9)),
            target: Service("bank/atm"),
            kind: ItFailure(cause: OperatorError, severity: 0.1, recovery: Fixed("1h"))),
        Inject(id: "never", when: (condition: LevelBelow(service: "bank/atm", level: 0.1)),
            target: Service("bank/atm"),
            kind: ItFailure(cause: OperatorError, severity: 0.1, recovery: Fixed("1h"))),"#,
        );
    let scenario = load_str("x.ron", &text, &NoFiles).unwrap_or_else(|e| panic!("{e}"));
    let problems = rensa::probe::probe(&scenario, 5);
    let shown: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message.en))
        .collect();
    assert_eq!(
        shown,
        [
            "injects[0].when: inject \"always\" fired in all 5 runs under the playbook: its condition held in every one",
            "injects[1].when: inject \"never\" fired in none of 5 runs under the playbook",
            "objectives[0].goal: objective \"finance-holds\" was missed in all 5 runs under the playbook: even the playbook never meets it",
            "objectives[1].goal: objective \"no-red\" was met in all 5 runs under the playbook: it may not tell one drill from another",
        ]
    );
    // Through the CLI, at their places in the file, failing under --strict only.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.ron");
    std::fs::write(&path, &text).unwrap();
    let file = path.to_str().unwrap();
    let (code, _, stderr) = validate(&[file]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (code, stdout, stderr) = validate(&[file, "--strict"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.contains("ok with 4 warning(s)"), "{stdout}");
    assert_eq!(stderr.matches(": warning: ").count(), 4, "{stderr}");
    let (_, _, ja) = validate(&[file, "--strict", "--lang", "ja"]);
    assert_eq!(ja.matches(": 警告: ").count(), 4, "{ja}");
}

/// A narrative inject fires as a message, not an incident: `--strict` counts it as fired
/// all the same (it once read every narrative as "fired in none").
#[test]
fn strict_validation_counts_a_narrative_inject_as_fired() {
    let text = std::fs::read_to_string("tests/fixtures/valid/small-chain.ron")
        .unwrap()
        .replace(
            "    injects: [",
            r#"    injects: [
        Inject(id: "always-call", when: (condition: LevelBelow(service: "tel/net", level: 0.9)),
            kind: Narrative(to: ["operator:bank"], text: "A journalist calls.")),
        Inject(id: "never-call", when: (condition: LevelBelow(service: "bank/atm", level: 0.1)),
            kind: Narrative(to: ["operator:bank"], text: "A journalist calls.")),
        Inject(id: "follow-up", after: (inject: "always-call", delay: "1h"),
            kind: Narrative(to: ["operator:tel"], text: "The journalist calls again.")),
        Inject(id: "reserve-call", manual: true,
            kind: Narrative(to: ["operator:tel"], text: "A ministry asks for a report.")),"#,
        );
    let scenario = load_str("x.ron", &text, &NoFiles).unwrap_or_else(|e| panic!("{e}"));
    let shown: Vec<String> = rensa::probe::probe(&scenario, 5)
        .iter()
        .map(|p| format!("{}: {}", p.path, p.message.en))
        .collect();
    // "follow-up" fired in every run and is not reacting, so it is no warning; a reserve
    // inject is never run by the probe and never warned about.
    assert_eq!(
        shown,
        [
            "injects[0].when: inject \"always-call\" fired in all 5 runs under the playbook: its condition held in every one",
            "injects[1].when: inject \"never-call\" fired in none of 5 runs under the playbook",
        ]
    );
}
