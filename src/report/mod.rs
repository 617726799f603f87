//! The after-action report (HSEEP After-Action Report / Improvement Plan shape) of a drill
//! saved by `rensa run --out DIR`: one self-contained HTML file (CSS and SVG inline, no
//! network) or Markdown, with every label in English or Japanese. docs/REPORT.md lists
//! the sections and the rules that derive strengths and areas for improvement.
//!
//! The report reads typed documents ([`input`]) and the scenario; it runs nothing but a
//! T+0 session for the names of `present::Words`.

pub mod analysis;
pub mod batch;
pub mod draw;
pub mod input;
mod render;

use crate::model::drill::Role;
use crate::model::objective::{Goal, ReportTo};
use crate::model::{Scenario, Sector};
use crate::present::json::{CauseJson, HappeningJson};
use crate::present::report::{OriginRecord, ResultRecord};
use crate::present::score::ScoreJson;
use crate::present::{Lang, Words};
use crate::score::{Rating, Status};
use crate::session::Session;
use input::{LuckDoc, ResultDoc};
use std::collections::BTreeMap;
use std::sync::Arc;

pub use render::{to_html, to_markdown};

/// Hours below required after which a sector is an area for improvement (rule A2).
pub const SECTOR_HOURS_LIMIT: f64 = 6.0;
/// Minutes after detection by which an incident should reach its CEPTOR (rule A3), unless
/// the scenario sets its own reporting objective ([`reporting_rule`]).
pub const REPORT_LIMIT_MINUTES: u64 = 60;

/// The reporting rule A3 holds incidents to: the scenario's own drill-wide reporting
/// objective (`ReportedWithin(to: Ceptor | Ministry, within)` without a scope) where it has
/// one, the first such; else [`REPORT_LIMIT_MINUTES`] to the CEPTOR. `None` when the
/// scenario's only reporting objectives are scoped or to the police or NISC: their own
/// ratings (A1) judge reporting then.
pub fn reporting_rule(scenario: &Scenario) -> Option<(ReportTo, u64)> {
    let reporting: Vec<&Goal> = scenario
        .drill
        .objectives
        .iter()
        .map(|o| &o.goal)
        .filter(|g| matches!(g, Goal::ReportedWithin { .. }))
        .collect();
    if reporting.is_empty() {
        return Some((ReportTo::Ceptor, REPORT_LIMIT_MINUTES));
    }
    reporting.into_iter().find_map(|g| match g {
        Goal::ReportedWithin {
            to: to @ (ReportTo::Ceptor | ReportTo::Ministry),
            inject: None,
            operator: None,
            within,
        } => Some((*to, within.0)),
        _ => None,
    })
}

/// A lesson learned, as the drill log records it.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonIn {
    /// Role id.
    pub role: String,
    /// What went well.
    pub went_well: String,
    /// What went badly.
    pub went_badly: String,
    /// 1–5.
    pub score: u32,
}

/// A line of a served drill's chat, as the drill log records it (docs/SERVE.md).
#[derive(Debug, Clone, PartialEq)]
pub struct ChatIn {
    /// The drill's minute.
    pub minutes: u64,
    /// Who wrote it: a role id or `evaluator:NAME`.
    pub from: String,
    /// To whom: a role id, `evaluator:NAME`, or `all`.
    pub to: String,
    /// What.
    pub text: String,
}

/// An evaluator's observation of an objective (docs/SERVE.md).
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationIn {
    /// The drill's minute.
    pub minutes: u64,
    /// The evaluator's seat.
    pub by: String,
    /// The objective's id.
    pub objective: String,
    /// The HSEEP rating's letter: P, S, M or U.
    pub rating: char,
    /// The note.
    pub text: String,
}

/// Everything a report is made of.
pub struct Inputs {
    /// The scenario (`scenario.ron`).
    pub scenario: Arc<Scenario>,
    /// `result.json`.
    pub result: ResultDoc,
    /// Timeline sentences in the report's language, by timeline index, when they differ
    /// from `result.json`'s English ones (None: use those).
    pub timeline_text: Option<Vec<String>>,
    /// The actions' sentences in the report's language, by index in `result.json`'s
    /// `actions`, when they differ from its English ones (None: use those).
    pub action_text: Option<Vec<String>>,
    /// `twin-no-action.json`.
    pub no_action: Option<ResultDoc>,
    /// `twin-playbook.json`.
    pub playbook: Option<ResultDoc>,
    /// `luck.json`.
    pub luck: Option<LuckDoc>,
    /// The drill log's players (role ids).
    pub players: Vec<String>,
    /// The drill log's lessons.
    pub lessons: Vec<LessonIn>,
    /// A served drill's chat (shown in the timeline).
    pub chats: Vec<ChatIn>,
    /// Evaluators' observations (shown beside the objective they rate).
    pub observations: Vec<ObservationIn>,
}

/// A piece of the report, rendered by both formats.
#[derive(Debug, Clone)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A paragraph.
    Para(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table: header and rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A picture: its SVG (HTML), a caption, and its text form (Markdown).
    Figure {
        /// `cascade` or `chart`.
        class: &'static str,
        /// Caption.
        caption: String,
        /// The SVG.
        svg: String,
        /// The text form.
        text: Vec<String>,
    },
}

/// The report: a title and its blocks.
pub struct Document {
    /// Title.
    pub title: String,
    /// Language.
    pub lang: Lang,
    /// Blocks in order.
    pub blocks: Vec<Block>,
}

struct Ctx<'a> {
    lang: Lang,
    words: Words<'a>,
    scenario: &'a Scenario,
}

impl Ctx<'_> {
    /// The scenario's name in the report's language: its Japanese name in Japanese, when it
    /// has one.
    fn scenario_name(&self, scenario: &Scenario) -> String {
        match self.lang {
            Lang::Ja if !scenario.name_ja.is_empty() => scenario.name_ja.clone(),
            _ => scenario.name.clone(),
        }
    }

    fn l(&self, en: &'static str, ja: &'static str) -> &'static str {
        match self.lang {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }

    /// A role by id: its id in English, its Japanese name and id in Japanese.
    fn role(&self, id: &str) -> String {
        match Role::parse(id, &self.scenario.infra) {
            Ok(r) if self.lang == Lang::Ja => format!("{}（{id}）", self.words.role(r)),
            _ => id.to_string(),
        }
    }

    /// A sector by id: its name in the language, and the other language's in brackets.
    fn sector(&self, id: &str) -> String {
        match Sector::from_id(id) {
            Some(s) => match self.lang {
                Lang::En => format!("{} ({})", self.words.sector(s), s.name_ja()),
                Lang::Ja => format!("{}（{}）", self.words.sector(s), s.name_en()),
            },
            None => id.to_string(),
        }
    }

    /// An objective's text in the report's language, from the scenario (result.json holds
    /// the English one, `fallback`).
    fn objective_text(&self, id: &str, fallback: &str) -> String {
        self.scenario
            .drill
            .objectives
            .iter()
            .find(|o| o.key == id)
            .map_or_else(
                || fallback.to_string(),
                |o| match self.lang {
                    Lang::En => o.text.clone(),
                    Lang::Ja => o.text_ja.clone(),
                },
            )
    }

    fn time(&self, minutes: u64) -> String {
        format!("T+{:02}:{:02}", minutes / 60, minutes % 60)
    }

    /// Hours with two decimals and the unit (`7.20 h`, `7.20 時間`).
    fn h(&self, hours: f64) -> String {
        format!("{hours:.2} {}", self.l("h", "時間"))
    }

    /// Person-hours: two decimals, thousands grouped (`397,139,183.33`).
    fn hours(&self, ph: f64) -> String {
        group(ph)
    }
}

/// A number with two decimals and its thousands grouped by commas.
pub fn group(x: f64) -> String {
    let text = format!("{:.2}", x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if x < 0.0 && text != "0.00" { "-" } else { "" };
    format!("{sign}{out}.{frac}")
}

/// The impact a drill and its twins are compared by: the end-user impact of the scoring
/// library (`score.impact.end_user_person_hours`, which `twin::impact` computes), or, for a
/// document saved without a score, `totals.person_hours_lost`.
pub fn impact_of(doc: &ResultDoc) -> f64 {
    doc.score.impact.end_user_person_hours
}

/// Each sector's level over time, as docs/MODEL.md defines it: the population-weighted
/// mean level of its services, after each level change. Returns, per sector in Action
/// Plan order, the (minute, level) points and the population-weighted required level.
pub fn sector_levels(scenario: &Scenario, result: &ResultDoc) -> Vec<(Vec<(u64, f64)>, f64)> {
    let infra = &scenario.infra;
    let by_key: BTreeMap<&str, usize> = infra
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    let sector_of = |i: usize| {
        let op = infra.operator(infra.services[i].operator);
        Sector::ALL
            .iter()
            .position(|s| *s == op.sector)
            .unwrap_or(0)
    };
    let mut level = vec![1.0f64; infra.services.len()];
    let mut pop = [0f64; 10];
    let mut req = [0f64; 10];
    for (i, s) in infra.services.iter().enumerate() {
        pop[sector_of(i)] += s.population as f64;
        req[sector_of(i)] += s.population as f64 * s.required;
    }
    let mut points: Vec<Vec<(u64, f64)>> = vec![Vec::new(); 10];
    for e in &result.timeline {
        let HappeningJson::LevelChanged { service, to, .. } = &e.what else {
            continue;
        };
        let Some(&i) = by_key.get(service.as_str()) else {
            continue;
        };
        level[i] = *to;
        let s = sector_of(i);
        let weighted: f64 = infra
            .services
            .iter()
            .enumerate()
            .filter(|(j, _)| sector_of(*j) == s)
            .map(|(j, sv)| sv.population as f64 * level[j])
            .sum();
        let l = if pop[s] > 0.0 { weighted / pop[s] } else { 1.0 };
        let t = e.t;
        match points[s].last_mut() {
            Some(last) if last.0 == t => last.1 = l,
            _ => points[s].push((t, l)),
        }
    }
    (0..10)
        .map(|s| {
            let r = if pop[s] > 0.0 { req[s] / pop[s] } else { 0.0 };
            (std::mem::take(&mut points[s]), r)
        })
        .collect()
}

/// The cascade from the timeline: incidents and services as nodes; an incident's hit and
/// each delivering dependency (`level_changed` causes) as an arrow, first seen first.
pub fn cascade(scenario: &Scenario, result: &ResultDoc) -> (Vec<draw::Node>, Vec<(usize, usize)>) {
    let infra = &scenario.infra;
    let mut nodes: Vec<draw::Node> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut node = |label: String, sector: Option<usize>, nodes: &mut Vec<draw::Node>| {
        *index.entry(label.clone()).or_insert_with(|| {
            nodes.push(draw::Node { label, sector });
            nodes.len() - 1
        })
    };
    let service_sector = |key: &str| {
        infra.services.iter().find(|s| s.key == key).map(|s| {
            let op = infra.operator(s.operator);
            Sector::ALL
                .iter()
                .position(|x| *x == op.sector)
                .unwrap_or(0)
        })
    };
    for e in &result.timeline {
        let HappeningJson::LevelChanged {
            service, causes, ..
        } = &e.what
        else {
            continue;
        };
        for c in causes {
            let (from, to) = match c {
                CauseJson::Incident { incident: n } => {
                    let inject = result
                        .incidents
                        .iter()
                        .find(|i| i.id == *n)
                        .map(|i| i.inject.clone())
                        .unwrap_or_else(|| format!("#{n}"));
                    let a = node(inject, None, &mut nodes);
                    let b = node(service.clone(), service_sector(service), &mut nodes);
                    (a, b)
                }
                CauseJson::Dependency { edge } => {
                    let p = edge.provider.clone();
                    let d = edge.dependent.clone();
                    let ps = service_sector(&p);
                    let ds = service_sector(&d);
                    let a = node(p, ps, &mut nodes);
                    let b = node(d, ds, &mut nodes);
                    (a, b)
                }
                _ => continue,
            };
            if !edges.contains(&(from, to)) {
                edges.push((from, to));
            }
        }
    }
    (nodes, edges)
}

/// Builds the report.
pub fn build(inputs: &Inputs, lang: Lang) -> Document {
    let scenario = &*inputs.scenario;
    let outcome = Session::new(inputs.scenario.clone(), inputs.result.seed)
        .outcome()
        .to_outcome();
    let cx = Ctx {
        lang,
        words: Words::new(scenario, &outcome, lang),
        scenario,
    };
    let r = &inputs.result;
    let score = &r.score;
    let mut b = Vec::new();
    let title = format!(
        "{} — {}",
        cx.l(
            "After-Action Report / Improvement Plan",
            "事後報告書・改善計画"
        ),
        cx.scenario_name(&inputs.scenario)
    );

    // 1. Overview.
    b.push(Block::Heading(
        cx.l("Exercise overview", "演習の概要").into(),
    ));
    let players = if inputs.players.is_empty() {
        cx.l(
            "none (every role followed its policy)",
            "なし（全ロールが方針に従った）",
        )
        .to_string()
    } else {
        inputs
            .players
            .iter()
            .map(|p| cx.role(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    b.push(Block::Table(
        vec![cx.l("item", "項目").into(), cx.l("value", "内容").into()],
        vec![
            vec![cx.l("Scenario", "シナリオ").into(), {
                let name = cx.scenario_name(&inputs.scenario);
                if name == r.scenario {
                    name
                } else {
                    format!("{name}（{}）", r.scenario)
                }
            }],
            vec![cx.l("Seed", "シード").into(), r.seed.to_string()],
            vec![cx.l("Players", "プレイヤー").into(), players],
            vec![
                cx.l("Duration", "演習時間").into(),
                format!(
                    "{} ({} {})",
                    r.duration,
                    r.duration_minutes,
                    cx.l("min", "分")
                ),
            ],
            vec![cx.l("Run ended", "終了時刻").into(), cx.time(r.end_minutes)],
            vec![cx.l("Events", "イベント数").into(), r.events.to_string()],
            vec![
                cx.l("Incidents", "インシデント").into(),
                r.incidents
                    .iter()
                    .map(|i| format!("#{} {} ({})", i.id, i.inject, cx.time(i.t)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ],
        ],
    ));

    // 2. Executive summary.
    b.push(Block::Heading(cx.l("Executive summary", "要旨").into()));
    let hit: Vec<String> = r
        .sectors
        .iter()
        .filter(|s| s.services_below_required > 0)
        .map(|s| cx.sector(&s.id))
        .collect();
    let lost = {
        let i = &score.impact;
        match lang {
            Lang::En => format!(
                "{} person-hours lost by end users ({} counting every service, which counts again the loss that services used only by operators pass on)",
                cx.hours(i.end_user_person_hours),
                cx.hours(i.all_services_person_hours)
            ),
            Lang::Ja => format!(
                "エンドユーザーの損失は {} 人時（事業者のみが使うサービスが伝えた損失を重ねて数える全サービス合計では {} 人時）",
                cx.hours(i.end_user_person_hours),
                cx.hours(i.all_services_person_hours)
            ),
        }
    };
    b.push(Block::Para(match lang {
        Lang::En => format!(
            "{} incident(s) put {} service(s) in {} sector(s) below their required level, for {lost}. Sectors affected: {}.",
            r.totals.incidents,
            r.totals.services_below_required,
            r.totals.sectors_below_required,
            if hit.is_empty() { "none".into() } else { hit.join(", ") }
        ),
        Lang::Ja => format!(
            "{} 件のインシデントにより {} 分野の {} サービスが要求水準を下回り、{lost}でした。影響を受けた分野: {}。",
            r.totals.incidents,
            r.totals.sectors_below_required,
            r.totals.services_below_required,
            if hit.is_empty() { "なし".into() } else { hit.join("、") }
        ),
    }));
    let comparison = counterfactual_sentence(&cx, inputs);
    if let Some(c) = &comparison {
        b.push(Block::Para(c.clone()));
    }

    // 3. Objectives.
    b.push(Block::Heading(
        cx.l("Objectives and ratings", "目標と評価").into(),
    ));
    if score.objectives.is_empty() {
        b.push(Block::Para(cx.l("No objectives.", "目標なし。").into()));
    } else {
        b.push(Block::Table(
            [
                cx.l("objective", "目標"),
                cx.l("description", "内容"),
                cx.l("roles", "ロール"),
                cx.l("expected", "期待値"),
                cx.l("achieved", "達成値"),
                cx.l("status", "状態"),
                cx.l("decided", "確定"),
                cx.l("rating", "評価"),
            ]
            .map(String::from)
            .into_iter()
            // A served drill's evaluators rate objectives too (docs/SERVE.md).
            .chain(
                (!inputs.observations.is_empty()).then(|| cx.l("evaluators", "評価者").to_string()),
            )
            .collect(),
            score
                .objectives
                .iter()
                .map(|o| {
                    vec![
                        o.id.clone(),
                        cx.objective_text(&o.id, &o.text),
                        o.roles
                            .iter()
                            .map(|x| cx.role(x))
                            .collect::<Vec<_>>()
                            .join(", "),
                        format!("{}", o.expected),
                        format!("{}", o.achieved),
                        status_word(&cx, o.status),
                        o.decided_minutes
                            .map(|m| cx.time(m))
                            .unwrap_or_else(|| "—".into()),
                        rating_word(&cx, o.rating),
                    ]
                    .into_iter()
                    .chain(
                        (!inputs.observations.is_empty())
                            .then(|| observations_of(&cx, inputs, &o.id)),
                    )
                    .collect()
                })
                .collect(),
        ));
    }

    // 4. Timeline.
    b.push(Block::Heading(cx.l("Timeline", "時系列").into()));
    let mut rows: Vec<(u64, Vec<String>)> = r
        .timeline
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.routine && kind_word(&cx, &e.what).is_some())
        .map(|(i, e)| {
            let text = inputs
                .timeline_text
                .as_ref()
                .and_then(|t| t.get(i).cloned())
                .unwrap_or_else(|| e.text.clone());
            (
                e.t,
                vec![
                    cx.time(e.t),
                    kind_word(&cx, &e.what).unwrap_or_default().to_string(),
                    text,
                ],
            )
        })
        .collect();
    // A served drill's chat, beside the game (never part of it), in the minute it was said.
    for c in &inputs.chats {
        rows.push((
            c.minutes,
            vec![
                cx.time(c.minutes),
                cx.l("chat", "チャット").into(),
                format!(
                    "{} → {}: {}",
                    chat_party(&cx, &c.from),
                    chat_party(&cx, &c.to),
                    c.text
                ),
            ],
        ));
    }
    rows.sort_by_key(|(t, _)| *t);
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
    b.push(Block::Table(
        vec![
            cx.l("time", "時刻").into(),
            cx.l("what", "種別").into(),
            cx.l("entry", "内容").into(),
        ],
        rows,
    ));

    // 5. The cascade.
    b.push(Block::Heading(
        cx.l(
            "The cascade: who took whom down",
            "連鎖: 何が何を停止させたか",
        )
        .into(),
    ));
    let (nodes, edges) = cascade(scenario, r);
    b.push(Block::Figure {
        class: "cascade",
        caption: cx
            .l(
                "Incidents (red circles) and services (boxes, coloured by sector); an arrow is an incident's hit or a dependency that delivered loss.",
                "インシデント（赤丸）とサービス（分野別の色の箱）。矢印はインシデントによる被害、または損失を伝えた依存関係。",
            )
            .into(),
        svg: if nodes.is_empty() {
            String::new()
        } else {
            let mut svg = draw::cascade_svg(&nodes, &edges);
            // A legend of the sectors' colours, for the sectors drawn.
            svg.push_str("\n<div class=\"legend\">");
            for (k, sector) in Sector::ALL.iter().enumerate() {
                if nodes.iter().any(|n| n.sector == Some(k)) {
                    svg.push_str(&format!(
                        "<span><i style=\"background:{}\"></i>{}</span>",
                        draw::SECTOR_COLOURS[k],
                        cx.words.sector(*sector).replace('&', "&amp;")
                    ));
                }
            }
            svg.push_str("</div>");
            svg
        },
        text: edges
            .iter()
            .map(|(a, c)| format!("{} → {}", nodes[*a].label, nodes[*c].label))
            .collect(),
    });

    // 6. Service level per sector.
    b.push(Block::Heading(
        cx.l(
            "Service level over time, per sector",
            "分野別のサービス水準の推移",
        )
        .into(),
    ));
    let levels = sector_levels(scenario, r);
    for (k, sector) in Sector::ALL.iter().enumerate() {
        let (points, required) = &levels[k];
        let doc = r.sectors.iter().find(|s| s.id == sector.id());
        let name = cx.sector(sector.id());
        let end_user = Some(&score.impact).and_then(|i| {
            i.by_sector
                .iter()
                .find(|x| x.sector == sector.id())
                .map(|x| x.person_hours)
        });
        let summary = match doc {
            Some(d) => format!(
                "{}: {} {:.3}; {}: {}; {}",
                name,
                cx.l("lowest level", "最低水準"),
                d.min_level,
                cx.l("below required", "要求水準未満"),
                cx.h(d.hours_below_required),
                match end_user {
                    Some(e) => format!(
                        "{}: {} {}{}: {}{}",
                        cx.l("end-user person-hours lost", "エンドユーザーの損失人時"),
                        cx.hours(e),
                        cx.l("(", "（"),
                        cx.l("all services", "全サービス"),
                        cx.hours(d.person_hours_lost),
                        cx.l(")", "）")
                    ),
                    None => format!(
                        "{}: {}",
                        cx.l("person-hours lost", "損失人時"),
                        cx.hours(d.person_hours_lost)
                    ),
                }
            ),
            None => name.clone(),
        };
        b.push(Block::Figure {
            class: "chart",
            caption: summary.clone(),
            svg: draw::level_chart_svg(
                cx.words.sector(*sector),
                points,
                *required,
                r.end_minutes.max(r.duration_minutes),
                k,
                cx.l("hours since the start (T+h)", "開始からの時間（T+時間）"),
            ),
            text: vec![summary],
        });
    }

    // 7. Scorecards.
    b.push(Block::Heading(
        cx.l("Role scorecards", "ロール別スコアカード").into(),
    ));
    if score.scorecards.is_empty() {
        b.push(Block::Para(
            cx.l("No scorecards.", "スコアカードなし。").into(),
        ));
    } else {
        b.push(Block::Table(
            [
                cx.l("role", "ロール"),
                cx.l("actions taken", "実施"),
                cx.l("refused", "拒否"),
                cx.l("by class", "種類別"),
                cx.l("messages sent", "送信メッセージ"),
                cx.l("first action", "初動"),
                cx.l("objectives", "目標"),
            ]
            .map(String::from)
            .to_vec(),
            score
                .scorecards
                .iter()
                .map(|s| {
                    vec![
                        cx.role(&s.role),
                        s.actions_taken.to_string(),
                        s.actions_refused.to_string(),
                        s.by_class
                            .iter()
                            .map(|c| {
                                format!("{} {}/{}", class_word(&cx, &c.class), c.taken, c.refused)
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                        s.messages_sent.to_string(),
                        s.first_action_minutes
                            .map(|m| cx.time(m))
                            .unwrap_or_else(|| "—".into()),
                        s.objectives.join(", "),
                    ]
                })
                .collect(),
        ));
    }

    // 8. Counterfactuals.
    b.push(Block::Heading(
        cx.l("Counterfactual comparison", "反実仮想との比較").into(),
    ));
    let mut rows = vec![vec![
        cx.l("this drill", "今回の演習").into(),
        cx.hours(impact_of(r)),
        cx.hours(r.totals.person_hours_lost),
        r.totals.services_below_required.to_string(),
        r.totals.sectors_below_required.to_string(),
    ]];
    for (label, doc) in [
        (
            cx.l(
                "players do nothing (same seed)",
                "プレイヤーが何もしない（同じシード）",
            ),
            &inputs.no_action,
        ),
        (
            cx.l(
                "reference playbook (same seed)",
                "参照プレイブック（同じシード）",
            ),
            &inputs.playbook,
        ),
    ] {
        if let Some(d) = doc {
            rows.push(vec![
                label.into(),
                cx.hours(impact_of(d)),
                cx.hours(d.totals.person_hours_lost),
                d.totals.services_below_required.to_string(),
                d.totals.sectors_below_required.to_string(),
            ]);
        }
    }
    b.push(Block::Table(
        vec![
            cx.l("run", "実行").into(),
            cx.l(
                "end-user impact (person-hours)",
                "エンドユーザーへの影響（人時）",
            )
            .into(),
            cx.l("all services (person-hours)", "全サービス（人時）")
                .into(),
            cx.l("services below required", "要求水準未満のサービス")
                .into(),
            cx.l("sectors below required", "要求水準未満の分野").into(),
        ],
        rows,
    ));
    if let Some(c) = comparison {
        b.push(Block::Para(c));
    }
    if let Some(luck) = &inputs.luck {
        b.push(Block::Para(match lang {
            Lang::En => format!(
                "Skill versus luck, over {} other seeds: the drill's {} person-hours rank {} of {} among the same decisions on other seeds (percentile {:.0}) and {} of {} among doing nothing on them (percentile {:.0}).",
                luck.runs.len(), cx.hours(luck.drill_person_hours),
                luck.among_decisions.rank, luck.runs.len() + 1, luck.among_decisions.percentile,
                luck.among_no_action.rank, luck.runs.len() + 1, luck.among_no_action.percentile
            ),
            Lang::Ja => format!(
                "実力と運（他の {} シード）: 今回の {} 人時は、同じ判断を他のシードで行った場合の中で {}/{} 位（パーセンタイル {:.0}）、何もしない場合の中で {}/{} 位（パーセンタイル {:.0}）。",
                luck.runs.len(), cx.hours(luck.drill_person_hours),
                luck.among_decisions.rank, luck.runs.len() + 1, luck.among_decisions.percentile,
                luck.among_no_action.rank, luck.runs.len() + 1, luck.among_no_action.percentile
            ),
        }));
    }

    // 9. Strengths and areas for improvement.
    let (strengths, areas) = findings(&cx, inputs, score);
    b.push(Block::Heading(cx.l("Strengths", "強み").into()));
    b.push(if strengths.is_empty() {
        Block::Para(cx.l("None identified.", "該当なし。").into())
    } else {
        Block::List(strengths)
    });
    b.push(Block::Heading(
        cx.l("Areas for improvement", "改善すべき点").into(),
    ));
    b.push(if areas.is_empty() {
        Block::Para(cx.l("None identified.", "該当なし。").into())
    } else {
        Block::List(areas.iter().map(|a| a.area.clone()).collect())
    });

    // 10. Lessons learned.
    b.push(Block::Heading(cx.l("Lessons learned", "教訓").into()));
    if inputs.lessons.is_empty() {
        b.push(Block::Para(cx.l("None recorded.", "記録なし。").into()));
    } else {
        b.push(Block::Table(
            [
                cx.l("role", "ロール"),
                cx.l("went well", "良かった点"),
                cx.l("went badly", "悪かった点"),
                cx.l("score (1–5)", "自己評価（1〜5）"),
            ]
            .map(String::from)
            .to_vec(),
            inputs
                .lessons
                .iter()
                .map(|l| {
                    vec![
                        cx.role(&l.role),
                        l.went_well.clone(),
                        l.went_badly.clone(),
                        l.score.to_string(),
                    ]
                })
                .collect(),
        ));
    }

    // 11. Improvement plan.
    b.push(Block::Heading(cx.l("Improvement plan", "改善計画").into()));
    if areas.is_empty() {
        b.push(Block::Para(
            cx.l("Nothing to plan.", "計画事項なし。").into(),
        ));
    } else {
        b.push(Block::Table(
            [
                cx.l("area for improvement", "改善すべき点"),
                cx.l("corrective action", "是正措置"),
                cx.l("owner", "担当ロール"),
                cx.l("due", "期限"),
            ]
            .map(String::from)
            .to_vec(),
            areas
                .into_iter()
                .map(|a| vec![a.area, a.action, a.owner, a.due])
                .collect(),
        ));
    }
    Document {
        title,
        lang,
        blocks: b,
    }
}

fn counterfactual_sentence(cx: &Ctx, inputs: &Inputs) -> Option<String> {
    let drill = impact_of(&inputs.result);
    let idle = impact_of(inputs.no_action.as_ref()?);
    let book = impact_of(inputs.playbook.as_ref()?);
    if inputs.players.is_empty() {
        return Some(
            cx.l(
                "Nobody played: every role followed its policy, so the drill is its own playbook twin.",
                "プレイヤーなし: 全ロールが方針に従ったため、演習自体がプレイブックの場合と同じです。",
            )
            .into(),
        );
    }
    let saved = idle - drill;
    let cost = drill - book;
    let en = |x: f64, gain: &str, loss: &str| {
        if x >= 0.0 {
            format!("{gain} {}", cx.hours(x))
        } else {
            format!("{loss} {}", cx.hours(-x))
        }
    };
    Some(match cx.lang {
        Lang::En => format!(
            "Against doing nothing, the players' decisions {} end-user person-hours; against the reference playbook, they {} end-user person-hours.",
            en(saved, "saved", "cost"),
            en(-cost, "saved", "cost"),
        ),
        Lang::Ja => format!(
            "プレイヤーの判断により、何もしない場合に比べてエンドユーザーの損失が {} 人時{}、参照プレイブックに比べて {} 人時{}。",
            cx.hours(saved.abs()),
            if saved >= 0.0 { "減り" } else { "増え" },
            cx.hours(cost.abs()),
            if cost > 0.0 {
                "増えました"
            } else {
                "減りました"
            },
        ),
    })
}

struct Area {
    area: String,
    action: String,
    owner: String,
    due: String,
}

/// Strengths and areas for improvement, by the rules of docs/REPORT.md.
fn findings(cx: &Ctx, inputs: &Inputs, score: &ScoreJson) -> (Vec<String>, Vec<Area>) {
    let r = &inputs.result;
    let mut strengths = Vec::new();
    let mut areas = Vec::new();
    let soon = cx.l("within 30 days", "30日以内").to_string();
    let later = cx.l("within 90 days", "90日以内").to_string();
    // S1 / A1: objectives.
    for o in &score.objectives {
        let owner = o
            .roles
            .first()
            .map(|x| cx.role(x))
            .unwrap_or_else(|| cx.role("nisc"));
        match o.rating {
            Rating::P => strengths.push(format!(
                "{} {}: {}",
                cx.l("Objective performed without challenges (P)", "目標を問題なく達成（P）"),
                o.id,
                cx.objective_text(&o.id, &o.text)
            )),
            Rating::M | Rating::U => areas.push(Area {
                area: format!(
                    "{} {} ({}): {}",
                    cx.l("Objective", "目標"),
                    o.id,
                    rating_word(cx, o.rating),
                    cx.objective_text(&o.id, &o.text)
                ),
                action: cx
                    .l(
                        "Review and train the procedures this objective exercises; re-run the drill.",
                        "この目標に関わる手順を見直して訓練し、演習を再実施する。",
                    )
                    .into(),
                owner,
                due: soon.clone(),
            }),
            _ => {}
        }
    }
    // S2 / A4: counterfactuals.
    if let (Some(idle), Some(book)) = (&inputs.no_action, &inputs.playbook) {
        let drill = impact_of(r);
        let (idle, book) = (impact_of(idle), impact_of(book));
        if drill < idle {
            strengths.push(format!(
                "{} {}",
                cx.l(
                    "The players' decisions saved end-user person-hours against doing nothing:",
                    "プレイヤーの判断で、何もしない場合よりエンドユーザーの損失人時が減少:"
                ),
                cx.hours(idle - drill)
            ));
        }
        if drill > book {
            areas.push(Area {
                area: format!(
                    "{} {}",
                    cx.l("The drill lost more end-user person-hours than the reference playbook:", "参照プレイブックよりエンドユーザーの損失人時が多い:"),
                    cx.hours(drill - book)
                ),
                action: cx.l("Compare the players' decisions with the playbook's timeline (twin-playbook.json).", "プレイヤーの判断をプレイブックの時系列（twin-playbook.json）と比較する。").into(),
                owner: inputs.players.iter().map(|p| cx.role(p)).collect::<Vec<_>>().join(", "),
                due: later.clone(),
            });
        }
    }
    // A2: sectors below required too long.
    for s in &r.sectors {
        if s.hours_below_required > SECTOR_HOURS_LIMIT {
            areas.push(Area {
                area: format!(
                    "{}: {} {}",
                    cx.sector(&s.id),
                    cx.h(s.hours_below_required),
                    cx.l("below the required level", "要求水準未満")
                ),
                action: cx
                    .l(
                        "Review backup operation and the tolerances of this sector's dependencies.",
                        "この分野の依存関係のバックアップ運用と許容時間を見直す。",
                    )
                    .into(),
                owner: cx.role(&format!("ceptor:{}", s.id)),
                due: soon.clone(),
            });
        }
    }
    // A3: incidents reported late (or never), by the scenario's own reporting objective
    // where it has one.
    if let Some((to, limit)) = reporting_rule(cx.scenario) {
        let t = &score.timeliness;
        let ministry = to == ReportTo::Ministry;
        for i in &t.incidents {
            let reported = if ministry {
                i.report_ministry_minutes
            } else {
                i.report_ceptor_minutes
            };
            let late = match (i.detect_minutes, reported) {
                (Some(d), Some(rp)) => rp > d + limit,
                (Some(_), None) => true,
                _ => false,
            };
            if late {
                let (inject, start) = r
                    .incidents
                    .iter()
                    .find(|x| x.id == i.incident)
                    .map(|x| (x.inject.clone(), x.t))
                    .unwrap_or_default();
                let detector = r
                    .timeline
                    .iter()
                    .find_map(|e| match &e.what {
                        HappeningJson::Detected {
                            incident, operator, ..
                        } if *incident == i.incident => Some(operator),
                        _ => None,
                    })
                    .map(|operator| cx.role(&format!("operator:{operator}")))
                    .unwrap_or_else(|| cx.role("nisc"));
                let whom = if ministry {
                    cx.l("its ministry", "所管省庁")
                } else {
                    cx.l("its CEPTOR", "セプター")
                };
                areas.push(Area {
                    area: format!(
                        "{} #{} {}: {}",
                        cx.l("Incident", "インシデント"),
                        i.incident,
                        inject,
                        match (i.detect_minutes, reported) {
                            (Some(d), Some(m)) => match cx.lang {
                                Lang::En => format!(
                                    "reached {whom} {} min after detection, at {} (limit {limit} min)",
                                    m - d.min(m),
                                    cx.time(start + m)
                                ),
                                Lang::Ja => format!(
                                    "{whom}への報告が検知から {} 分後（{}、目安 {limit} 分以内）",
                                    m - d.min(m),
                                    cx.time(start + m)
                                ),
                            },
                            _ => match cx.lang {
                                Lang::En => format!("detected but never reported to {whom}"),
                                Lang::Ja => format!("検知後、{whom}へ未報告"),
                            },
                        }
                    ),
                    action: match (cx.lang, limit) {
                        (_, 60) => cx.l("Rehearse the reporting line (operator → CEPTOR and ministry) within an hour of detection.", "検知から1時間以内の報告経路（事業者→セプター・所管省庁）を訓練する。").into(),
                        (Lang::En, _) => format!("Rehearse the reporting line (operator → CEPTOR and ministry) within {limit} minutes of detection."),
                        (Lang::Ja, _) => format!("検知から {limit} 分以内の報告経路（事業者→セプター・所管省庁）を訓練する。"),
                    },
                    owner: detector,
                    due: soon.clone(),
                });
            }
        }
    }
    // A5: player actions refused.
    for (k, a) in r.actions.iter().enumerate() {
        let player = a.origin == OriginRecord::Player;
        let refused = matches!(a.result, ResultRecord::Refused { .. });
        if player && refused {
            let text = inputs
                .action_text
                .as_ref()
                .and_then(|t| t.get(k).cloned())
                .unwrap_or_else(|| a.text.clone());
            areas.push(Area {
                area: format!(
                    "{} #{} ({}, {}): {}",
                    cx.l("Action refused", "拒否された行動"),
                    a.id,
                    cx.role(&a.role),
                    a.time,
                    text
                ),
                action: cx.l("Review the rule that refused it (TLP labels, support teams) with the role.", "拒否の原因となった規則（TLP、支援チーム）をロールと確認する。").into(),
                owner: cx.role(&a.role),
                due: later.clone(),
            });
        }
    }
    (strengths, areas)
}

fn status_word(cx: &Ctx, s: Status) -> String {
    match s {
        Status::Pending => cx.l("pending", "未確定"),
        Status::Met => cx.l("met", "達成"),
        Status::Partial => cx.l("partial", "一部達成"),
        Status::Missed => cx.l("missed", "未達成"),
    }
    .into()
}

fn rating_word(cx: &Ctx, s: Rating) -> String {
    let w = match s {
        Rating::P => cx.l("performed without challenges", "問題なく実施"),
        Rating::S => cx.l("performed with some challenges", "一部課題あり"),
        Rating::M => cx.l("performed with major challenges", "重大な課題あり"),
        Rating::U => cx.l("unable to be performed", "実施できず"),
    };
    format!("{s:?} — {w}")
}

/// A class of action by id (`switch_to_backup`), in the report's language.
fn class_word(cx: &Ctx, id: &str) -> String {
    crate::model::drill::ActionClass::from_id(id)
        .map_or_else(|| id.to_string(), |c| cx.words.action_class(c).to_string())
}

/// The word for a timeline entry the report shows; None for the kinds it leaves out.
fn kind_word(cx: &Ctx, k: &HappeningJson) -> Option<&'static str> {
    use HappeningJson as H;
    Some(match k {
        H::InjectFired { .. } => cx.l("inject", "インジェクト"),
        H::Narrated { .. } => cx.l("script", "台本のメッセージ"),
        H::Detected { .. } => cx.l("detection", "検知"),
        H::Contained { .. } => cx.l("contained", "封じ込め"),
        H::Halted { .. } => cx.l("halted", "阻止"),
        H::IncidentResolved { .. } => cx.l("resolved", "解決"),
        H::MessageSent { .. } => cx.l("message", "メッセージ"),
        H::Action { .. } => cx.l("action", "行動"),
        H::ObjectiveDecided { .. } => cx.l("objective decided", "目標の確定"),
        _ => return None,
    })
}

/// The evaluators' observations of objective `id`, each with its rating, minute and note.
fn observations_of(cx: &Ctx, inputs: &Inputs, id: &str) -> String {
    let v: Vec<String> = inputs
        .observations
        .iter()
        .filter(|o| o.objective == id)
        .map(|o| format!("{} {} ({}): {}", o.rating, o.by, cx.time(o.minutes), o.text))
        .collect();
    if v.is_empty() {
        "—".into()
    } else {
        v.join("; ")
    }
}

/// A chat party in the report's language.
fn chat_party(cx: &Ctx, id: &str) -> String {
    match id {
        "all" => cx.l("everyone", "全員").into(),
        _ => match id.strip_prefix("evaluator:") {
            Some(n) => format!("{} {n}", cx.l("evaluator", "評価者")),
            None => cx.role(id),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::group;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(group(397139183.333), "397,139,183.33");
        assert_eq!(group(-58675900.0), "-58,675,900.00");
        assert_eq!(group(999.999), "1,000.00");
        assert_eq!(group(0.0), "0.00");
        assert_eq!(group(-0.001), "0.00");
        assert_eq!(group(12.5), "12.50");
    }
}
