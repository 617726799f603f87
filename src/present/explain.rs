//! Words and JSON for `rensa explain` (docs/TOOLS.md): an inject's stage timeline with
//! means, each operator's odds of detecting before the impact, who spread can reach; a
//! service's providers and dependents, when each buffer runs out and where each dependent
//! lands. The numbers are `engine::explain`'s.

use super::graph::{duration, kind_word};
use super::{Lang, pad, round6};
use crate::engine::explain::{Course, InjectCourse, OperatorOdds, ServiceCourse};
use crate::model::{Dist, Infrastructure, Minutes, Scenario, StageEffect, Target};
use serde::Serialize;
use std::fmt::Write;

fn minutes(x: f64) -> Minutes {
    Minutes(libm::round(x.max(0.0)) as u64)
}

fn p3(x: f64) -> String {
    format!("{:.3}", x)
}

fn level(x: f64) -> String {
    round6(x).to_string()
}

fn yes(b: bool, lang: Lang) -> &'static str {
    match (lang, b) {
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
        (Lang::Ja, true) => "はい",
        (Lang::Ja, false) => "いいえ",
    }
}

fn dist_words(d: &Dist, lang: Lang) -> String {
    let du = |m: Minutes| duration(m, lang);
    let form = match d {
        Dist::Fixed(m) => format!("Fixed({})", du(*m)),
        Dist::Uniform { min, max } => format!("Uniform({}, {})", du(*min), du(*max)),
        Dist::Triangular { min, mode, max } => {
            format!("Triangular({}, {}, {})", du(*min), du(*mode), du(*max))
        }
        Dist::LogNormal { median, sigma } => format!("LogNormal({}, σ {sigma})", du(*median)),
        Dist::Exponential { mean } => format!("Exponential({})", du(*mean)),
    };
    let m = du(minutes(crate::engine::explain::mean(d)));
    match lang {
        Lang::En => format!("{form}, median {}, mean {m}", du(d.median())),
        Lang::Ja => format!("{form}、中央値 {}、平均 {m}", du(d.median())),
    }
}

/// A table: a header and rows, columns padded to their widest cell (display width).
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    use unicode_width::UnicodeWidthStr;
    if rows.is_empty() {
        // Both languages: a dash reads as "none" in either.
        out.push_str("  -\n");
        return;
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.width());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut l = String::from("  ");
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                l.push_str(c);
            } else {
                l.push_str(&pad(c, widths[i]));
                l.push_str("  ");
            }
        }
        l.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(header.to_vec()));
    for r in rows {
        let _ = writeln!(out, "{}", line(r.iter().map(String::as_str).collect()));
    }
}

fn effect_words(e: &StageEffect, lang: Lang) -> String {
    match (e, lang) {
        (StageEffect::Foothold, Lang::En) => "foothold".into(),
        (StageEffect::Foothold, Lang::Ja) => "足場".into(),
        (
            StageEffect::Spread {
                chance, via, delay, ..
            },
            _,
        ) => {
            let via: Vec<&str> = via.iter().map(|k| kind_word(*k, lang)).collect();
            let d = duration(minutes(crate::engine::explain::mean(delay)), lang);
            match lang {
                Lang::En => format!("spread {chance} via {}, delay mean {d}", via.join("/")),
                Lang::Ja => format!("拡散 {chance}（{}経由、遅延平均 {d}）", via.join("・")),
            }
        }
        (
            StageEffect::Impact {
                severity,
                recovery,
                data_loss,
            },
            _,
        ) => {
            let r = duration(minutes(crate::engine::explain::mean(recovery)), lang);
            match (lang, data_loss) {
                (Lang::En, false) => format!("impact {severity}, recovery mean {r}"),
                (Lang::En, true) => format!("impact {severity}, recovery mean {r}, data loss"),
                (Lang::Ja, false) => format!("影響 {severity}、復旧平均 {r}"),
                (Lang::Ja, true) => format!("影響 {severity}、復旧平均 {r}、データ消失"),
            }
        }
    }
}

/// An inject's kind in Japanese.
fn kind_ja(kind: &crate::model::InjectKind) -> String {
    use crate::model::{AttackKind, InjectKind};
    let attack = |a: AttackKind| match a {
        AttackKind::Ddos => "DDoS攻撃",
        AttackKind::Worm => "ワーム",
        AttackKind::Ransomware => "ランサムウェア",
        AttackKind::Intrusion => "不正侵入",
        AttackKind::Insider => "内部不正",
        AttackKind::Defacement => "改ざん",
    };
    match kind {
        InjectKind::ItFailure { .. } => "IT障害".into(),
        InjectKind::Disaster { .. } => "災害".into(),
        InjectKind::CyberAttack { attack: a, .. } => {
            format!("サイバー攻撃（{}、影響のみ）", attack(*a))
        }
        InjectKind::Attack(spec) => format!("段階的攻撃（{}）", attack(spec.kind)),
        InjectKind::Narrative { .. } => "状況付与（ナラティブ）".into(),
    }
}

/// One row of the JSON's operator odds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OddsJson {
    /// Operator id.
    pub operator: String,
    /// Its posture.
    pub posture: f64,
    /// Detection before the impact.
    pub detect_before_impact: f64,
    /// A failed chance before the impact.
    pub fizzles: f64,
    /// The impact lands.
    pub impact: f64,
    /// Services hit and the capacity lost.
    pub losses: Vec<(String, f64)>,
}

fn odds_json(infra: &Infrastructure, o: &OperatorOdds) -> OddsJson {
    OddsJson {
        operator: infra.operator(o.operator).key.clone(),
        posture: o.posture,
        detect_before_impact: round6(o.detect_before_impact),
        fizzles: round6(o.fizzles),
        impact: round6(o.impact),
        losses: o
            .losses
            .iter()
            .map(|(s, x)| (infra.service(*s).key.clone(), round6(*x)))
            .collect(),
    }
}

/// An explanation, with its JSON form.
pub struct Explanation<'a> {
    scenario: &'a Scenario,
    what: What<'a>,
}

enum What<'a> {
    Inject(&'a InjectCourse),
    Service(&'a ServiceCourse),
}

impl<'a> Explanation<'a> {
    /// Words for an inject's course.
    pub fn inject(scenario: &'a Scenario, c: &'a InjectCourse) -> Explanation<'a> {
        Explanation {
            scenario,
            what: What::Inject(c),
        }
    }

    /// Words for a service's course.
    pub fn service(scenario: &'a Scenario, c: &'a ServiceCourse) -> Explanation<'a> {
        Explanation {
            scenario,
            what: What::Service(c),
        }
    }

    /// The text, in `lang`.
    pub fn to_text(&self, lang: Lang) -> String {
        match self.what {
            What::Inject(c) => self.inject_text(c, lang),
            What::Service(c) => self.service_text(c, lang),
        }
    }

    fn target_words(&self, t: &Target, lang: Lang) -> String {
        let infra = &self.scenario.infra;
        match (lang, t) {
            (Lang::En, _) => t.label(infra),
            (Lang::Ja, Target::Operator(o)) => format!("事業者 {}", infra.operator(*o).key),
            (Lang::Ja, Target::Service(s)) => format!("サービス {}", infra.service(*s).key),
            (Lang::Ja, Target::System(y)) => format!("システム {}", infra.system(*y).key),
            (Lang::Ja, Target::Sector(s)) => format!("{}分野", s.name_ja()),
            (Lang::Ja, Target::Region(r)) => format!("地域 {}", infra.regions[r.index()]),
            (Lang::Ja, Target::RegionSector(r, s)) => {
                format!("地域 {} の{}分野", infra.regions[r.index()], s.name_ja())
            }
            (Lang::Ja, Target::Script) => "シナリオ".into(),
        }
    }

    fn inject_text(&self, c: &InjectCourse, lang: Lang) -> String {
        let infra = &self.scenario.infra;
        let inject = &self.scenario.injects[c.inject];
        let mut out = String::new();
        let manual = matches!(inject.trigger, crate::model::InjectTrigger::Manual)
            || crate::engine::explain::waits_for_control(&self.scenario.injects, c.inject);
        let when = match (c.fires_at, manual, lang) {
            (Some(t), _, Lang::En) => format!("fires at {}", crate::model::Time(t.0)),
            (Some(t), _, Lang::Ja) => format!("{} に発火", crate::model::Time(t.0)),
            (None, true, Lang::En) => "fires only when exercise control fires it".into(),
            (None, true, Lang::Ja) => "統制側が発火させたときだけ発火".into(),
            (None, false, Lang::En) => "fires when its condition holds".into(),
            (None, false, Lang::Ja) => "条件が成り立つと発火".into(),
        };
        let target = self.target_words(&inject.target, lang);
        let _ = match lang {
            Lang::En => writeln!(
                out,
                "Inject {} — {}, {when}, at {target}",
                inject.key,
                inject.kind.describe()
            ),
            Lang::Ja => writeln!(
                out,
                "インジェクト {} — {}、{when}、対象 {target}",
                inject.key,
                kind_ja(&inject.kind)
            ),
        };
        if let crate::model::InjectKind::Narrative { to, .. } = &inject.kind {
            let roles: Vec<String> = to.iter().map(|r| r.id(infra)).collect();
            let _ = match lang {
                Lang::En => writeln!(
                    out,
                    "A narrative inject: a message to {}. It opens no incident and touches no service (docs/SCENARIOS.md).",
                    roles.join(", ")
                ),
                Lang::Ja => writeln!(
                    out,
                    "状況付与（ナラティブ）: {} へのメッセージです。インシデントは起こさず、どのサービスにも影響しません（docs/SCENARIOS.md）。",
                    roles.join("、")
                ),
            };
            return out;
        }
        let time_of = |m: f64| -> String {
            match c.fires_at {
                Some(t) => crate::model::Time(t.0 + minutes(m).0).to_string(),
                None => format!("+{}", duration(minutes(m), lang)),
            }
        };
        match &c.course {
            Course::Immediate { recovery, hits } => {
                let _ = match lang {
                    Lang::En => writeln!(
                        out,
                        "By the rules of docs/MODEL.md: each service hit loses its share at once; repair {}.\n",
                        dist_words(recovery, lang)
                    ),
                    Lang::Ja => writeln!(
                        out,
                        "docs/MODEL.md の規則による: 対象の各サービスは直ちに能力を失います。修復 {}。\n",
                        dist_words(recovery, lang)
                    ),
                };
                let header: &[&str] = match lang {
                    Lang::En => &["service", "loss", "level", "IT failure"],
                    Lang::Ja => &["サービス", "損失", "水準", "IT障害"],
                };
                let rows: Vec<Vec<String>> = hits
                    .iter()
                    .map(|h| {
                        vec![
                            infra.service(h.service).key.clone(),
                            level(h.loss),
                            level(h.level),
                            yes(h.fails, lang).into(),
                        ]
                    })
                    .collect();
                table(&mut out, header, &rows);
                let buffers: Vec<Vec<String>> = hits
                    .iter()
                    .flat_map(|h| {
                        h.buffers.iter().map(move |b| {
                            vec![
                                infra.service(h.service).key.clone(),
                                infra.service(b.dependent).key.clone(),
                                b.strength.to_string(),
                                duration(b.tolerance, lang),
                                time_of(b.tolerance.0 as f64),
                                p3(b.outlasted),
                                level(b.lands_on),
                                yes(b.fails, lang).into(),
                            ]
                        })
                    })
                    .collect();
                if !buffers.is_empty() {
                    let _ = match lang {
                        Lang::En => writeln!(
                            out,
                            "\nBuffers it starts (the loss arrives if the repair, unslowed, outlasts the buffer):"
                        ),
                        Lang::Ja => writeln!(
                            out,
                            "\n始まるバッファ（修復が減速なしでバッファより長引けば損失が届きます）:"
                        ),
                    };
                    let header: &[&str] = match lang {
                        Lang::En => &[
                            "provider",
                            "dependent",
                            "w",
                            "τ",
                            "runs out",
                            "repair outlasts it",
                            "lands on",
                            "IT failure",
                        ],
                        Lang::Ja => &[
                            "提供元",
                            "依存先",
                            "w",
                            "τ",
                            "尽きる時刻",
                            "修復がより長い確率",
                            "水準",
                            "IT障害",
                        ],
                    };
                    table(&mut out, header, &buffers);
                }
            }
            Course::Staged {
                stages,
                systems,
                operators,
                spread,
                spread_odds,
            } => {
                let sys = match (lang, systems) {
                    (_, None) => "-",
                    (Lang::En, Some(k)) => k.id(),
                    (Lang::Ja, Some(crate::model::SystemKind::Business)) => "業務系",
                    (Lang::Ja, Some(crate::model::SystemKind::Control)) => "制御系",
                    (Lang::Ja, Some(crate::model::SystemKind::CustomerFacing)) => "顧客向け",
                };
                let _ = match lang {
                    Lang::En => writeln!(
                        out,
                        "By the rules of docs/ATTACKS.md, without alerts or signatures; through {sys} systems; times are means.\n\nStages, at each operator it reaches:"
                    ),
                    Lang::Ja => writeln!(
                        out,
                        "docs/ATTACKS.md の規則による（警報・シグネチャなし、{sys} システム経由、時刻は平均）。\n\n段階（到達した事業者ごと）:"
                    ),
                };
                let header: &[&str] = match lang {
                    Lang::En => &[
                        "#",
                        "stage",
                        "chance",
                        "reached",
                        "starts",
                        "mean",
                        "detection/h",
                        "effect",
                    ],
                    Lang::Ja => &[
                        "#",
                        "段階",
                        "確率",
                        "到達",
                        "開始",
                        "平均",
                        "検知/時",
                        "効果",
                    ],
                };
                let rows: Vec<Vec<String>> = stages
                    .iter()
                    .map(|s| {
                        vec![
                            (s.index + 1).to_string(),
                            s.name.clone(),
                            s.chance.to_string(),
                            p3(s.reached),
                            format!("+{}", duration(minutes(s.starts_mean), lang)),
                            duration(minutes(s.mean), lang),
                            s.detection.to_string(),
                            effect_words(&s.effect, lang),
                        ]
                    })
                    .collect();
                table(&mut out, header, &rows);
                let odds_header: &[&str] = match lang {
                    Lang::En => &[
                        "operator",
                        "posture",
                        "detects before impact",
                        "stops at a failed chance",
                        "impact",
                        "losses",
                    ],
                    Lang::Ja => &[
                        "事業者",
                        "検知能力",
                        "影響前に検知",
                        "確率で停止",
                        "影響",
                        "損失",
                    ],
                };
                let odds_rows = |list: &[OperatorOdds]| -> Vec<Vec<String>> {
                    list.iter()
                        .map(|o| {
                            let losses: Vec<String> = o
                                .losses
                                .iter()
                                .map(|(s, x)| format!("{} −{}", infra.service(*s).key, level(*x)))
                                .collect();
                            vec![
                                infra.operator(o.operator).key.clone(),
                                o.posture.to_string(),
                                p3(o.detect_before_impact),
                                p3(o.fizzles),
                                p3(o.impact),
                                losses.join(", "),
                            ]
                        })
                        .collect()
                };
                let _ = match lang {
                    Lang::En => writeln!(out, "\nAt the operators the target names:"),
                    Lang::Ja => writeln!(out, "\n対象の事業者:"),
                };
                table(&mut out, odds_header, &odds_rows(operators));
                if !spread.is_empty() {
                    let _ = match lang {
                        Lang::En => writeln!(
                            out,
                            "\nWho spread can reach (chance along the first path found, a lower bound where several lead there):"
                        ),
                        Lang::Ja => writeln!(
                            out,
                            "\n拡散が届きうる事業者（最初に見つかった経路での確率。経路が複数あれば下限）:"
                        ),
                    };
                    let header: &[&str] = match lang {
                        Lang::En => &["operator", "from", "hops", "chance", "arrives"],
                        Lang::Ja => &["事業者", "経由元", "段数", "確率", "到達"],
                    };
                    let rows: Vec<Vec<String>> = spread
                        .iter()
                        .map(|r| {
                            vec![
                                infra.operator(r.operator).key.clone(),
                                infra.operator(r.from).key.clone(),
                                r.hops.to_string(),
                                p3(r.chance),
                                time_of(r.arrives_mean),
                            ]
                        })
                        .collect();
                    table(&mut out, header, &rows);
                    let _ = match lang {
                        Lang::En => writeln!(out, "\nAt each of them, once reached:"),
                        Lang::Ja => writeln!(out, "\n到達した場合の各事業者:"),
                    };
                    table(&mut out, odds_header, &odds_rows(spread_odds));
                }
            }
        }
        out
    }

    fn service_text(&self, c: &ServiceCourse, lang: Lang) -> String {
        let infra = &self.scenario.infra;
        let svc = infra.service(c.service);
        let op = infra.operator(svc.operator);
        let mut out = String::new();
        let _ = match lang {
            Lang::En => writeln!(
                out,
                "Service {} — {} of {} ({}), population {}, required {}",
                svc.key,
                svc.name,
                op.key,
                op.sector.name_en(),
                svc.population,
                svc.required
            ),
            Lang::Ja => writeln!(
                out,
                "サービス {} — {}（{}、{}）、利用者 {}、要求水準 {}",
                svc.key,
                svc.name,
                op.key,
                op.sector.name_ja(),
                svc.population,
                svc.required
            ),
        };
        let _ = match lang {
            Lang::En => writeln!(
                out,
                "By the rules of docs/MODEL.md; \"lands on\" is the level with that one loss: 1 × (1 − w).\n\nProviders (it loses w when one of them has been in IT failure for τ):"
            ),
            Lang::Ja => writeln!(
                out,
                "docs/MODEL.md の規則による。「水準」はその損失だけのときの水準 1 × (1 − w)。\n\n提供元（提供元が τ の間 IT 障害なら w を失う）:"
            ),
        };
        let edge_rows = |rows: &[crate::engine::explain::EdgeRow]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|e| {
                    vec![
                        infra.service(e.other).key.clone(),
                        kind_word(e.kind, lang).to_string(),
                        e.strength.to_string(),
                        duration(e.tolerance, lang),
                        level(e.lands_on),
                        yes(e.fails, lang).into(),
                    ]
                })
                .collect()
        };
        let header: &[&str] = match lang {
            Lang::En => &["provider", "kind", "w", "τ", "lands on", "IT failure"],
            Lang::Ja => &["提供元", "種類", "w", "τ", "水準", "IT障害"],
        };
        table(&mut out, header, &edge_rows(&c.providers));
        let _ = match lang {
            Lang::En => writeln!(
                out,
                "\nDependents (each buffer runs out τ after {} falls into IT failure):",
                svc.key
            ),
            Lang::Ja => writeln!(
                out,
                "\n依存先（{} が IT 障害になってから τ 後にバッファが尽きる）:",
                svc.key
            ),
        };
        let header: &[&str] = match lang {
            Lang::En => &["dependent", "kind", "w", "τ", "lands on", "IT failure"],
            Lang::Ja => &["依存先", "種類", "w", "τ", "水準", "IT障害"],
        };
        table(&mut out, header, &edge_rows(&c.dependents));
        let _ = match lang {
            Lang::En => writeln!(
                out,
                "\nIf {} fails at T+0 and stays failed, nothing else happening (the least fixed point):",
                svc.key
            ),
            Lang::Ja => writeln!(
                out,
                "\n{} が T+0 に IT 障害となりそのまま続き、ほかに何も起きない場合（最小不動点）:",
                svc.key
            ),
        };
        let header: &[&str] = match lang {
            Lang::En => &[
                "service",
                "sector",
                "first loss",
                "IT failure at",
                "level",
                "via",
            ],
            Lang::Ja => &["サービス", "分野", "最初の損失", "IT障害", "水準", "経由"],
        };
        let rows: Vec<Vec<String>> = c
            .cascade
            .iter()
            .map(|r| {
                vec![
                    infra.service(r.service).key.clone(),
                    match lang {
                        Lang::En => r.sector.name_en(),
                        Lang::Ja => r.sector.name_ja(),
                    }
                    .to_string(),
                    format!("+{}", duration(r.first_loss, lang)),
                    r.fails_at
                        .map_or("-".to_string(), |t| format!("+{}", duration(t, lang))),
                    level(r.level),
                    infra.service(r.via).key.clone(),
                ]
            })
            .collect();
        table(&mut out, header, &rows);
        if !c.hit_by.is_empty() {
            let _ = match lang {
                Lang::En => writeln!(out, "\nInjects of the scenario that hit it:"),
                Lang::Ja => writeln!(out, "\nこのサービスに当たるシナリオのインジェクト:"),
            };
            let header: &[&str] = match lang {
                Lang::En => &["inject", "fires at", "loss"],
                Lang::Ja => &["インジェクト", "発火", "損失"],
            };
            let rows: Vec<Vec<String>> = c
                .hit_by
                .iter()
                .map(|(k, at, loss)| {
                    vec![
                        self.scenario.injects[*k].key.clone(),
                        at.map_or("-".into(), |t| crate::model::Time(t.0).to_string()),
                        level(*loss),
                    ]
                })
                .collect();
            table(&mut out, header, &rows);
        }
        out
    }

    /// The JSON document (numbers rounded to 6 decimals, ids as written).
    pub fn to_json(&self) -> String {
        let infra = &self.scenario.infra;
        let key = |s: crate::model::ServiceId| infra.service(s).key.clone();
        let value = match self.what {
            What::Inject(c) => {
                let inject = &self.scenario.injects[c.inject];
                let course = match &c.course {
                    Course::Immediate { recovery, hits } => serde_json::json!({
                        "kind": "immediate",
                        "recovery": {
                            "median_minutes": recovery.median().0,
                            "mean_minutes": round6(crate::engine::explain::mean(recovery)),
                        },
                        "hits": hits.iter().map(|h| serde_json::json!({
                            "service": key(h.service),
                            "loss": round6(h.loss),
                            "level": round6(h.level),
                            "it_failure": h.fails,
                            "buffers": h.buffers.iter().map(|b| serde_json::json!({
                                "dependent": key(b.dependent),
                                "strength": b.strength,
                                "tolerance_minutes": b.tolerance.0,
                                "runs_out_minutes": c.fires_at.map(|t| t.0 + b.tolerance.0),
                                "repair_outlasts": round6(b.outlasted),
                                "lands_on": round6(b.lands_on),
                                "it_failure": b.fails,
                            })).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                    }),
                    Course::Staged {
                        stages,
                        systems,
                        operators,
                        spread,
                        spread_odds,
                    } => serde_json::json!({
                        "kind": "staged",
                        "systems": systems.map(|k| k.id()),
                        "stages": stages.iter().map(|s| serde_json::json!({
                            "name": s.name,
                            "chance": s.chance,
                            "reached": round6(s.reached),
                            "starts_mean_minutes": round6(s.starts_mean),
                            "mean_minutes": round6(s.mean),
                            "detection_per_hour": s.detection,
                        })).collect::<Vec<_>>(),
                        "operators": operators.iter().map(|o| odds_json(infra, o)).collect::<Vec<_>>(),
                        "spread": spread.iter().map(|r| serde_json::json!({
                            "operator": infra.operator(r.operator).key,
                            "from": infra.operator(r.from).key,
                            "hops": r.hops,
                            "chance": round6(r.chance),
                            "arrives_mean_minutes": round6(r.arrives_mean),
                        })).collect::<Vec<_>>(),
                        "spread_odds": spread_odds.iter().map(|o| odds_json(infra, o)).collect::<Vec<_>>(),
                    }),
                };
                serde_json::json!({
                    "inject": inject.key,
                    "fires_at_minutes": c.fires_at.map(|t| t.0),
                    "course": course,
                })
            }
            What::Service(c) => {
                let edge = |e: &crate::engine::explain::EdgeRow| {
                    serde_json::json!({
                        "service": key(e.other),
                        "kind": e.kind.id(),
                        "strength": e.strength,
                        "tolerance_minutes": e.tolerance.0,
                        "lands_on": round6(e.lands_on),
                        "it_failure": e.fails,
                    })
                };
                serde_json::json!({
                    "service": key(c.service),
                    "providers": c.providers.iter().map(edge).collect::<Vec<_>>(),
                    "dependents": c.dependents.iter().map(edge).collect::<Vec<_>>(),
                    "cascade": c.cascade.iter().map(|r| serde_json::json!({
                        "service": key(r.service),
                        "sector": r.sector.id(),
                        "first_loss_minutes": r.first_loss.0,
                        "it_failure_minutes": r.fails_at.map(|t| t.0),
                        "level": round6(r.level),
                        "via": key(r.via),
                    })).collect::<Vec<_>>(),
                    "hit_by": c.hit_by.iter().map(|(k, at, loss)| serde_json::json!({
                        "inject": self.scenario.injects[*k].key,
                        "fires_at_minutes": at.map(|t| t.0),
                        "loss": round6(*loss),
                    })).collect::<Vec<_>>(),
                })
            }
        };
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    }
}

/// Why the id given to `rensa explain` names nothing.
pub fn unknown(id: &str, suggestion: Option<&str>, lang: Lang) -> String {
    match (lang, suggestion) {
        (Lang::En, Some(s)) => {
            format!("\"{id}\" is no inject or service id; did you mean \"{s}\"?")
        }
        (Lang::En, None) => format!(
            "\"{id}\" is no inject or service id (`rensa list` shows the services; injects are the scenario's `id:`s)"
        ),
        (Lang::Ja, Some(s)) => {
            format!("\"{id}\" はインジェクトでもサービスでもありません。\"{s}\" のことですか？")
        }
        (Lang::Ja, None) => format!(
            "\"{id}\" はインジェクトでもサービスでもありません（サービスは `rensa list`、インジェクトはシナリオの `id:` で確認できます）"
        ),
    }
}
