//! The after-action report and improvement plan (the HSEEP AAR/IP) of a drill saved by
//! `rensa run --out DIR`: its handling marking, overview, the capabilities and objectives
//! with their ratings, strengths and areas for improvement with root causes and owners
//! (the roles nobody played kept apart), the timeline with deliveries, the cascade, the
//! sectors' service levels, the scorecards, the counterfactual twins, lessons learned
//! linked to the improvement plan, and the acronyms. docs/REPORT.md lists the rules.

use super::doc::{Block, Cell, Document, Figure, Marking, Row, Table};
use super::findings::{self, Area, Findings, capability_of};
use super::graph;
use super::svg::{Axes, Canvas, Frame, Key, Scale, legend};
use crate::model::drill::Role;
use crate::model::{Date, Scenario, Sector};
use crate::present::json::{CauseJson, DoneJson, HappeningJson, LuckJson};
use crate::present::report::{OriginRecord, ResultRecord};
use crate::present::reports::aar as say;
use crate::present::reports::{self as words, Capability, Element, Term};
use crate::present::{Lang, Report, Words};
use crate::score::{Rating, Status};
use crate::session::Session;
use std::collections::BTreeMap;
use std::sync::Arc;

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
    /// `result.json`, or the same run's report in the report's language (the CLI replays
    /// the drill for it when the replay gives `result.json` again).
    pub result: Report,
    /// `twin-no-action.json`.
    pub no_action: Option<Report>,
    /// `twin-playbook.json`.
    pub playbook: Option<Report>,
    /// `luck.json`.
    pub luck: Option<LuckJson>,
    /// The drill log's players (role ids).
    pub players: Vec<String>,
    /// The drill log's lessons.
    pub lessons: Vec<LessonIn>,
    /// When the exercise was held (`--exercise-date`), if known.
    pub exercise_date: Option<Date>,
    /// The report's date (`--date`), if given; never the clock.
    pub report_date: Option<Date>,
    /// A served drill's chat (shown in the timeline, beside the game: never part of it).
    pub chats: Vec<ChatIn>,
    /// Evaluators' observations (shown beside the objective they rate).
    pub observations: Vec<ObservationIn>,
}

/// The impact a drill and its twins are compared by: the end-user impact of the scoring
/// library (`score.impact.end_user_person_hours`, which `twin::impact` computes).
pub fn impact_of(doc: &Report) -> f64 {
    doc.score.impact.end_user_person_hours
}

/// What the rules and the sections share: the language, the names, the documents.
pub struct Cx<'a> {
    /// The report's language.
    pub lang: Lang,
    /// Names of things, in it.
    pub words: Words<'a>,
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The drill's document.
    pub result: &'a Report,
    /// The no-action twin's.
    pub no_action: Option<&'a Report>,
    /// The playbook twin's.
    pub playbook: Option<&'a Report>,
    /// The players' role ids.
    pub players: &'a [String],
}

impl Cx<'_> {
    /// A term in the report's language.
    pub fn t(&self, t: Term) -> &'static str {
        t.get(self.lang)
    }

    /// A role by id: its name and id (`Hinode Communications (operator:hinode-comm)`,
    /// `日の出通信（operator:hinode-comm）`).
    pub fn role(&self, id: &str) -> String {
        match Role::parse(id, &self.scenario.infra) {
            Ok(r) => words::role_name(self.lang, r, &self.scenario.infra, id),
            Err(_) => id.to_string(),
        }
    }

    /// A sector's name in the language, and the other language's beside it.
    pub fn sector_name(&self, s: Sector) -> String {
        words::sector_both(self.lang, s)
    }

    /// `T+hh:mm`.
    pub fn time(&self, minutes: u64) -> String {
        format!("T+{:02}:{:02}", minutes / 60, minutes % 60)
    }

    /// Hours with the unit (`7.2 h`, `7.2 時間`).
    pub fn hours(&self, h: f64) -> String {
        words::hours(self.lang, h)
    }

    /// A duration in minutes, in words (`1h30m`, `1時間30分`).
    pub fn duration(&self, minutes: u64) -> String {
        self.words.duration(crate::model::Minutes(minutes))
    }

    /// Person-hours, large numbers readable (`165.1 M person-hours`, `1億6,510万人時`).
    pub fn person_hours(&self, x: f64) -> String {
        words::person_hours(self.lang, x)
    }

    /// An objective's text in the report's language, from the scenario.
    pub fn objective_text(&self, id: &str, fallback: &str) -> String {
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

    /// An HSEEP rating with its meaning (`U — unable to be performed`).
    pub fn rating_word(&self, r: Rating) -> String {
        words::rating(self.lang, r)
    }

    fn played_word(&self, role: &str) -> &'static str {
        if self.players.iter().any(|p| p == role) {
            self.t(Term::PlayedByPerson)
        } else {
            self.t(Term::PlayedByPolicy)
        }
    }
}

/// Each sector's level over time, as docs/MODEL.md defines it (the population-weighted
/// mean level of its services, after each level change), the periods when at least one of
/// its services was below its own required level, and its population-weighted required
/// level; per sector in Action Plan order.
pub struct SectorSeries {
    /// (minute, level) after each change.
    pub points: Vec<(u64, f64)>,
    /// [start, end) minutes with a service below its required level.
    pub below: Vec<(u64, u64)>,
    /// The population-weighted required level.
    pub required: f64,
}

/// The series of every sector, from the timeline.
pub fn sector_levels(scenario: &Scenario, result: &Report) -> Vec<SectorSeries> {
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
    let mut below = vec![false; infra.services.len()];
    let mut pop = [0f64; 10];
    let mut req = [0f64; 10];
    for (i, s) in infra.services.iter().enumerate() {
        pop[sector_of(i)] += s.population as f64;
        req[sector_of(i)] += s.population as f64 * s.required;
    }
    let mut points: Vec<Vec<(u64, f64)>> = vec![Vec::new(); 10];
    let mut spans: Vec<Vec<(u64, u64)>> = vec![Vec::new(); 10];
    let mut open: [Option<u64>; 10] = [None; 10];
    let mut count = [0usize; 10];
    for e in &result.timeline {
        let HappeningJson::LevelChanged {
            service,
            to,
            below_required,
            ..
        } = &e.what
        else {
            continue;
        };
        let Some(&i) = by_key.get(service.as_str()) else {
            continue;
        };
        let s = sector_of(i);
        level[i] = *to;
        if below[i] != *below_required {
            below[i] = *below_required;
            if *below_required {
                count[s] += 1;
                if count[s] == 1 {
                    open[s] = Some(e.t);
                }
            } else {
                count[s] = count[s].saturating_sub(1);
                if count[s] == 0
                    && let Some(start) = open[s].take()
                {
                    spans[s].push((start, e.t));
                }
            }
        }
        let weighted: f64 = infra
            .services
            .iter()
            .enumerate()
            .filter(|(j, _)| sector_of(*j) == s)
            .map(|(j, sv)| sv.population as f64 * level[j])
            .sum();
        let l = if pop[s] > 0.0 { weighted / pop[s] } else { 1.0 };
        match points[s].last_mut() {
            Some(last) if last.0 == e.t => last.1 = l,
            _ => points[s].push((e.t, l)),
        }
    }
    let end = result.end_minutes.max(result.duration_minutes);
    (0..10)
        .map(|s| {
            if let Some(start) = open[s] {
                spans[s].push((start, end));
            }
            SectorSeries {
                points: std::mem::take(&mut points[s]),
                below: std::mem::take(&mut spans[s]),
                required: if pop[s] > 0.0 { req[s] / pop[s] } else { 0.0 },
            }
        })
        .collect()
}

/// The cascade from the timeline: incidents and services as nodes; an incident's hit and
/// each delivering dependency (`level_changed` causes) as an arrow, first seen first.
/// Returns the nodes, the arrows and the roots (the incidents).
pub fn cascade(
    lang: Lang,
    scenario: &Scenario,
    result: &Report,
) -> (Vec<graph::Node>, Vec<(usize, usize)>, Vec<usize>) {
    let infra = &scenario.infra;
    let mut nodes: Vec<graph::Node> = Vec::new();
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut roots = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut node = |key: String, incident: bool, nodes: &mut Vec<graph::Node>| {
        *index.entry(key.clone()).or_insert_with(|| {
            let n = if incident {
                graph::Node {
                    title: key,
                    detail: None,
                    sector: None,
                    tag: Term::Incident.get(lang).to_string(),
                }
            } else {
                let sector = infra
                    .services
                    .iter()
                    .find(|s| s.key == key)
                    .map(|s| infra.operator(s.operator).sector);
                let (op, svc) = key.split_once('/').unwrap_or((&key, ""));
                graph::Node {
                    title: op.to_string(),
                    detail: (!svc.is_empty()).then(|| svc.to_string()),
                    sector: sector.and_then(|s| Sector::ALL.iter().position(|x| *x == s)),
                    tag: sector.map_or(String::new(), |s| words::sector_short(lang, s).into()),
                }
            };
            nodes.push(n);
            nodes.len() - 1
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
                    let a = node(inject, true, &mut nodes);
                    if !roots.contains(&a) {
                        roots.push(a);
                    }
                    (a, node(service.clone(), false, &mut nodes))
                }
                CauseJson::Dependency { edge } => (
                    node(edge.provider.clone(), false, &mut nodes),
                    node(edge.dependent.clone(), false, &mut nodes),
                ),
                _ => continue,
            };
            if !edges.contains(&(from, to)) {
                edges.push((from, to));
            }
        }
    }
    (nodes, edges, roots)
}

/// One sector's chart: its level as a step line, the required level dashed, and the
/// periods with a service below its own required level shaded.
fn sector_chart(cx: &Cx, sector: Sector, s: &SectorSeries, end: u64) -> super::svg::Graphic {
    let (w, h) = (440.0, 270.0);
    let f = Frame {
        left: 52.0,
        top: 30.0,
        right: w - 14.0,
        bottom: h - 86.0,
    };
    let hours = (end as f64 / 60.0).max(1.0);
    let x = Scale {
        lo: 0.0,
        hi: hours,
        from: f.left,
        to: f.right,
    };
    let y = Scale {
        lo: 0.0,
        hi: 1.0,
        from: f.bottom,
        to: f.top,
    };
    let mut c = Canvas::new(w, h);
    let name = cx.words.sector(sector);
    c.title(8.0, name);
    for (a, b) in &s.below {
        let (xa, xb) = (x.at(*a as f64 / 60.0), x.at(*b as f64 / 60.0));
        c.rect(xa, f.top, (xb - xa).max(1.5), f.bottom - f.top, "band");
    }
    Axes {
        x,
        y,
        x_title: cx.t(Term::HoursSinceStart),
        y_title: cx.t(Term::SectorLevel),
        x_fmt: &|v| format!("{v:.0}"),
        y_fmt: &|v| format!("{v:.1}"),
        ticks: (6, 5),
    }
    .draw(&mut c, &f);
    c.line(f.left, y.at(s.required), f.right, y.at(s.required), "req");
    let mut step = vec![(x.at(0.0), y.at(1.0))];
    let mut last = 1.0;
    for (t, l) in &s.points {
        let xt = x.at(*t as f64 / 60.0);
        step.push((xt, y.at(last)));
        step.push((xt, y.at(*l)));
        last = *l;
    }
    step.push((x.at(hours), y.at(last)));
    c.polyline(&step, "s0");
    legend(
        &mut c,
        f.left - 40.0,
        h - 26.0,
        w - f.left + 30.0,
        &[
            (Key::Line("s0"), cx.t(Term::LegendSectorLevel).to_string()),
            (Key::Line("req"), cx.t(Term::LegendRequired).to_string()),
            (
                Key::Swatch("band"),
                cx.t(Term::LegendServiceBelow).to_string(),
            ),
        ],
    );
    let lowest = s.points.iter().map(|p| p.1).fold(1.0, f64::min);
    c.finish(
        say::sector_chart_title(cx.lang, name),
        say::sector_chart_desc(
            cx.lang,
            name,
            lowest,
            s.required,
            &cx.hours(s.below.iter().map(|(a, b)| (b - a) as f64 / 60.0).sum()),
        ),
    )
}

fn heading(b: &mut Vec<Block>, cx: &Cx, t: Term, id: &str) {
    b.push(Block::Heading {
        text: cx.t(t).to_string(),
        id: id.to_string(),
    });
}

/// The handling marking: the strictest TLP label among the messages the report quotes.
fn marking(cx: &Cx) -> Marking {
    const ORDER: [&str; 5] = [
        "TLP:CLEAR",
        "TLP:GREEN",
        "TLP:AMBER",
        "TLP:AMBER+STRICT",
        "TLP:RED",
    ];
    let strictest = cx
        .result
        .messages
        .iter()
        .filter_map(|m| ORDER.iter().position(|l| *l == m.label).map(|k| (k, m.id)))
        .max_by_key(|(k, id)| (*k, std::cmp::Reverse(*id)));
    let (label, from) = match strictest {
        // An exercise's report is not for the public even when its messages are.
        Some((k, id)) if k >= 2 => (ORDER[k], Some(id)),
        _ => ("TLP:AMBER", None),
    };
    Marking {
        label: label.to_string(),
        class: label
            .to_lowercase()
            .replace("tlp:", "tlp-")
            .replace('+', "-"),
        note: say::handling(cx.lang, label, from),
    }
}

/// Builds the report.
pub fn build(inputs: &Inputs, lang: Lang) -> Document {
    let scenario = &*inputs.scenario;
    let outcome = Session::new(inputs.scenario.clone(), inputs.result.seed)
        .outcome()
        .to_outcome();
    let cx = Cx {
        lang,
        words: Words::new(scenario, &outcome, lang),
        scenario,
        result: &inputs.result,
        no_action: inputs.no_action.as_ref(),
        playbook: inputs.playbook.as_ref(),
        players: &inputs.players,
    };
    let r = &inputs.result;
    let found = findings::findings(&cx);
    let exercise: Vec<&Area> = found.areas.iter().filter(|a| a.played).collect();
    let policy: Vec<&Area> = found.areas.iter().filter(|a| !a.played).collect();
    let mut b = Vec::new();
    let name = words::scenario_name(lang, scenario);
    let title = format!("{} — {name}", cx.t(Term::AarTitle));

    overview(&cx, inputs, &found, &mut b);
    summary(&cx, inputs, &exercise, &mut b);
    capabilities(&cx, &found, &exercise, &mut b);
    objectives_table(&cx, inputs, &mut b);
    strengths_and_areas(&cx, &found, &exercise, &policy, &mut b);
    timeline(&cx, inputs, &mut b);
    cascade_section(&cx, &mut b);
    sector_charts(&cx, &mut b);
    scorecards(&cx, &mut b);
    counterfactual_section(&cx, inputs, &mut b);
    lessons(&cx, inputs, &exercise, &mut b);
    plan(&cx, inputs, &exercise, &mut b);
    let texts: Vec<String> = b
        .iter()
        .flat_map(block_texts)
        .chain([title.clone()])
        .collect();
    acronyms(&cx, &texts, &mut b);
    let _ = r;
    Document {
        lang,
        title,
        marking: Some(marking(&cx)),
        blocks: b,
    }
}

fn block_texts(b: &Block) -> Vec<String> {
    let doc = Document {
        lang: Lang::En,
        title: String::new(),
        marking: None,
        blocks: vec![b.clone()],
    };
    doc.texts().into_iter().map(String::from).collect()
}

fn overview(cx: &Cx, inputs: &Inputs, found: &Findings, b: &mut Vec<Block>) {
    let r = cx.result;
    let scenario = cx.scenario;
    heading(b, cx, Term::ExerciseOverview, "overview");
    let players = if inputs.players.is_empty() {
        cx.t(Term::NobodyPlayed).to_string()
    } else {
        inputs
            .players
            .iter()
            .map(|p| cx.role(p))
            .collect::<Vec<_>>()
            .join(say::list_sep(cx.lang))
    };
    let simulated = Role::all(&scenario.infra)
        .into_iter()
        .filter(|role| {
            let id = role.id(&scenario.infra);
            *role != Role::Control
                && !inputs.players.contains(&id)
                && !scenario.drill.absent.contains(role)
        })
        .count();
    let threats: Vec<String> = r
        .incidents
        .iter()
        .map(|i| say::incident_line(cx.lang, i.id, &i.inject, &cx.time(i.t)))
        .collect();
    let mut caps: Vec<Capability> = scenario
        .drill
        .objectives
        .iter()
        .map(|o| capability_of(&o.goal))
        .chain(found.areas.iter().map(|a| a.capability))
        .collect();
    caps.sort();
    caps.dedup();
    let date = |d: Option<Date>, missing: Term| {
        d.map_or_else(|| cx.t(missing).to_string(), |d| words::date(cx.lang, d))
    };
    let mut facts = vec![
        (
            cx.t(Term::ExerciseName).to_string(),
            words::scenario_name(cx.lang, scenario),
        ),
        (
            cx.t(Term::ScenarioDescription).to_string(),
            words::scenario_description(cx.lang, scenario),
        ),
        (
            cx.t(Term::ExerciseDate).to_string(),
            date(inputs.exercise_date, Term::DateNotRecorded),
        ),
        (
            cx.t(Term::ReportDate).to_string(),
            date(inputs.report_date, Term::DateNotGiven),
        ),
        (
            cx.t(Term::Scope).to_string(),
            say::scope(
                cx.lang,
                &cx.duration(r.duration_minutes),
                &cx.time(r.end_minutes),
                r.seed,
                r.events,
            ),
        ),
        (
            cx.t(Term::ThreatHazard).to_string(),
            if threats.is_empty() {
                cx.t(Term::NoneWord).to_string()
            } else {
                threats.join(say::list_sep(cx.lang))
            },
        ),
        (
            cx.t(Term::Capabilities).to_string(),
            caps.iter()
                .map(|c| c.name(cx.lang))
                .collect::<Vec<_>>()
                .join(say::list_sep(cx.lang)),
        ),
        (
            cx.t(Term::Objectives).to_string(),
            if scenario.drill.objectives.is_empty() {
                cx.t(Term::NoneWord).to_string()
            } else {
                scenario
                    .drill
                    .objectives
                    .iter()
                    .map(|o| o.key.clone())
                    .collect::<Vec<_>>()
                    .join(say::list_sep(cx.lang))
            },
        ),
        (cx.t(Term::Players).to_string(), players),
        (
            cx.t(Term::SimulatedRoles).to_string(),
            say::simulated_roles(cx.lang, simulated),
        ),
    ];
    if !scenario.drill.absent.is_empty() {
        facts.push((
            cx.t(Term::AbsentRoles).to_string(),
            scenario
                .drill
                .absent
                .iter()
                .map(|r| cx.role(&r.id(&scenario.infra)))
                .collect::<Vec<_>>()
                .join(say::list_sep(cx.lang)),
        ));
    }
    b.push(Block::Facts(facts));
}

fn summary(cx: &Cx, inputs: &Inputs, exercise: &[&Area], b: &mut Vec<Block>) {
    let r = cx.result;
    heading(b, cx, Term::ExecutiveSummary, "summary");
    let hit: Vec<String> = r
        .sectors
        .iter()
        .filter(|s| s.services_below_required > 0)
        .filter_map(|s| Sector::from_id(&s.id))
        .map(|s| cx.words.sector(s).to_string())
        .collect();
    b.push(Block::Para(say::summary(
        cx.lang,
        r.totals.incidents,
        r.totals.services_below_required,
        r.totals.sectors_below_required,
        &cx.person_hours(r.score.impact.end_user_person_hours),
        &cx.person_hours(r.score.impact.all_services_person_hours),
        &hit,
    )));
    if let Some(c) = counterfactual_sentence(cx, inputs) {
        b.push(Block::Para(c));
    }
    if !exercise.is_empty() {
        b.push(Block::Para(say::top_areas(cx.lang, exercise.len())));
        b.push(Block::List(
            exercise
                .iter()
                .take(3)
                .enumerate()
                .map(|(k, a)| format!("AFI-{}: {}", k + 1, a.observation))
                .collect(),
        ));
    }
}

fn counterfactual_sentence(cx: &Cx, inputs: &Inputs) -> Option<String> {
    let drill = impact_of(&inputs.result);
    let idle = impact_of(inputs.no_action.as_ref()?);
    let book = impact_of(inputs.playbook.as_ref()?);
    if inputs.players.is_empty() {
        return Some(cx.t(Term::NobodyPlayedTwins).to_string());
    }
    Some(say::counterfactual(
        cx.lang,
        idle - drill,
        &cx.person_hours((idle - drill).abs()),
        drill - book,
        &cx.person_hours((drill - book).abs()),
    ))
}

fn capabilities(cx: &Cx, found: &Findings, exercise: &[&Area], b: &mut Vec<Block>) {
    heading(b, cx, Term::AnalysisOfCapabilities, "capabilities");
    b.push(Block::Note(cx.t(Term::CapabilitiesNote).to_string()));
    let rows = Capability::ALL
        .iter()
        .filter_map(|cap| {
            let objectives: Vec<String> = cx
                .result
                .score
                .objectives
                .iter()
                .filter(|o| {
                    cx.scenario
                        .drill
                        .objectives
                        .iter()
                        .find(|s| s.key == o.id)
                        .is_some_and(|s| capability_of(&s.goal) == *cap)
                })
                .map(|o| words::paren(cx.lang, &o.id, &format!("{:?}", o.rating)))
                .collect();
            let strengths = found
                .strengths
                .iter()
                .filter(|s| s.capability == *cap)
                .count();
            let areas: Vec<(String, String)> = exercise
                .iter()
                .enumerate()
                .filter(|(_, a)| a.capability == *cap)
                .map(|(k, _)| (format!("afi-{}", k + 1), format!("AFI-{}", k + 1)))
                .collect();
            if objectives.is_empty() && strengths == 0 && areas.is_empty() {
                return None;
            }
            Some(Row {
                id: None,
                cells: vec![
                    Cell::text(cap.name(cx.lang)),
                    Cell::text(cap.nearest(cx.lang)),
                    Cell::text(if objectives.is_empty() {
                        "—".to_string()
                    } else {
                        objectives.join(", ")
                    }),
                    Cell::text(strengths.to_string()),
                    Cell {
                        text: if areas.is_empty() {
                            "0".into()
                        } else {
                            String::new()
                        },
                        links: areas,
                        shade: None,
                    },
                ],
            })
        })
        .collect();
    b.push(Block::Table(
        Table::new(
            cx.t(Term::AnalysisOfCapabilities),
            vec![
                cx.t(Term::Capability).into(),
                cx.t(Term::NearestCoreCapability).into(),
                cx.t(Term::ObjectivesRated).into(),
                cx.t(Term::StrengthsCount).into(),
                cx.t(Term::AreasForImprovement).into(),
            ],
            rows,
        )
        .numbers(&[3]),
    ));
}

fn objectives_table(cx: &Cx, inputs: &Inputs, b: &mut Vec<Block>) {
    let score = &cx.result.score;
    heading(b, cx, Term::ObjectivesAndRatings, "objectives");
    if score.objectives.is_empty() {
        b.push(Block::Para(cx.t(Term::NoObjectives).into()));
        return;
    }
    let evaluated = !inputs.observations.is_empty();
    let rows = score
        .objectives
        .iter()
        .map(|o| {
            let cap = cx
                .scenario
                .drill
                .objectives
                .iter()
                .find(|s| s.key == o.id)
                .map_or(String::new(), |s| {
                    capability_of(&s.goal).name(cx.lang).into()
                });
            Row::of(
                [
                    o.id.clone(),
                    cx.objective_text(&o.id, &o.text),
                    cap,
                    o.roles
                        .iter()
                        .map(|x| cx.role(x))
                        .collect::<Vec<_>>()
                        .join(say::list_sep(cx.lang)),
                    format!("{}", o.expected),
                    format!("{}", o.achieved),
                    status_word(cx, o.status),
                    o.decided_minutes
                        .map(|m| cx.time(m))
                        .unwrap_or_else(|| "—".into()),
                    cx.rating_word(o.rating),
                ]
                .into_iter()
                // A served drill's evaluators rate objectives too (docs/SERVE.md).
                .chain(evaluated.then(|| observations_of(cx, inputs, &o.id))),
            )
        })
        .collect();
    b.push(Block::Table(
        Table::new(
            cx.t(Term::ObjectivesAndRatings),
            [
                Term::Objective,
                Term::Description,
                Term::Capability,
                Term::Roles,
                Term::Expected,
                Term::Achieved,
                Term::Status,
                Term::Decided,
                Term::Rating,
            ]
            .into_iter()
            .chain(evaluated.then_some(Term::Evaluators))
            .map(|t| cx.t(t).to_string())
            .collect(),
            rows,
        )
        .keep(&[7])
        .numbers(&[4, 5]),
    ));
    b.push(Block::Note(cx.t(Term::RatingsNote).into()));
}

fn strengths_and_areas(
    cx: &Cx,
    found: &Findings,
    exercise: &[&Area],
    policy: &[&Area],
    b: &mut Vec<Block>,
) {
    heading(b, cx, Term::Strengths, "strengths");
    if found.strengths.is_empty() {
        b.push(Block::Para(cx.t(Term::NoneIdentified).into()));
    } else {
        b.push(Block::List(
            found
                .strengths
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    format!(
                        "{}: {}",
                        words::paren(cx.lang, &format!("S-{}", k + 1), s.capability.name(cx.lang)),
                        s.text
                    )
                })
                .collect(),
        ));
    }
    heading(b, cx, Term::AreasForImprovement, "areas");
    if exercise.is_empty() {
        b.push(Block::Para(cx.t(Term::NoneIdentified).into()));
    } else {
        let rows = exercise
            .iter()
            .enumerate()
            .map(|(k, a)| Row {
                id: Some(format!("afi-{}", k + 1)),
                cells: vec![
                    Cell::text(format!("AFI-{}", k + 1)),
                    Cell::text(a.capability.name(cx.lang)),
                    Cell::text(a.observation.clone()),
                    Cell::text(a.cause.clone()),
                    Cell::text(cx.role(&a.owner)),
                    Cell {
                        text: String::new(),
                        links: vec![(format!("ip-{}", k + 1), format!("IP-{}", k + 1))],
                        shade: None,
                    },
                ],
            })
            .collect();
        b.push(Block::Table(
            Table::new(
                cx.t(Term::AreasForImprovement),
                [
                    Term::Reference,
                    Term::Capability,
                    Term::Observation,
                    Term::RootCause,
                    Term::Owner,
                    Term::PlanRow,
                ]
                .iter()
                .map(|t| cx.t(*t).to_string())
                .collect(),
                rows,
            )
            .keep(&[0, 5]),
        ));
    }
    heading(b, cx, Term::PolicyObservations, "policies");
    b.push(Block::Note(cx.t(Term::PolicyObservationsNote).into()));
    if policy.is_empty() {
        b.push(Block::Para(cx.t(Term::NoneIdentified).into()));
    } else {
        let rows = policy
            .iter()
            .enumerate()
            .map(|(k, a)| {
                Row::of([
                    format!("P-{}", k + 1),
                    a.observation.clone(),
                    a.cause.clone(),
                    cx.role(&a.owner),
                    a.action.clone(),
                ])
            })
            .collect();
        b.push(Block::Table(
            Table::new(
                cx.t(Term::PolicyObservations),
                [
                    Term::Reference,
                    Term::Observation,
                    Term::RootCause,
                    Term::PolicyOf,
                    Term::Suggestion,
                ]
                .iter()
                .map(|t| cx.t(*t).to_string())
                .collect(),
                rows,
            )
            .keep(&[0]),
        ));
    }
}

/// The word for a timeline entry the report shows; None for the kinds it leaves out.
fn kind_word(cx: &Cx, k: &HappeningJson) -> Option<&'static str> {
    use HappeningJson as H;
    Some(cx.t(match k {
        H::InjectFired { .. } => Term::KindInject,
        H::Narrated { .. } => Term::KindNarrated,
        H::Detected { .. } => Term::KindDetection,
        H::Contained { .. } => Term::KindContained,
        H::Halted { .. } => Term::KindHalted,
        H::IncidentResolved { .. } => Term::KindResolved,
        H::MessageSent { .. } => Term::KindMessage,
        H::Action { .. } => Term::KindAction,
        H::ObjectiveDecided { .. } => Term::KindObjective,
        _ => return None,
    }))
}

fn timeline(cx: &Cx, inputs: &Inputs, b: &mut Vec<Block>) {
    let r = cx.result;
    heading(b, cx, Term::Timeline, "timeline");
    b.push(Block::Note(cx.t(Term::TimelineNote).into()));
    // (minute, order, row): entries, then the deliveries of the messages the players sent
    // and of every report about an incident, each at its arrival.
    let mut rows: Vec<(u64, usize, Row)> = Vec::new();
    for (k, e) in r.timeline.iter().enumerate() {
        if e.routine {
            continue;
        }
        let Some(kind) = kind_word(cx, &e.what) else {
            continue;
        };
        let by = match &e.what {
            HappeningJson::Action { action } => r
                .actions
                .iter()
                .find(|a| a.id == *action)
                .map(|a| format!("{} — {}", cx.role(&a.role), cx.played_word(&a.role)))
                .unwrap_or_default(),
            HappeningJson::Detected { operator, .. } => cx.role(&format!("operator:{operator}")),
            _ => String::new(),
        };
        rows.push((
            e.t,
            k * 2,
            Row::of([cx.time(e.t), kind.into(), by, e.text.clone()]),
        ));
    }
    let sent_by_players: Vec<u32> = r
        .actions
        .iter()
        .filter(|a| a.origin == OriginRecord::Player)
        .filter_map(|a| match &a.result {
            ResultRecord::Taken {
                effect: DoneJson::Sent { message, .. },
            } => Some(*message),
            ResultRecord::Taken {
                effect: DoneJson::Forwarded { copy, .. },
            } => Some(*copy),
            _ => None,
        })
        .collect();
    for m in &r.messages {
        let report = m.kind == "report" && m.subject.incident.is_some();
        if !(sent_by_players.contains(&m.id) || report) {
            continue;
        }
        for d in &m.to {
            let channel = cx
                .channel(&m.from, &d.role)
                .map(|c| words::channel(cx.lang, c).to_string())
                .unwrap_or_default();
            rows.push((
                d.at,
                r.timeline.len() * 2 + m.id as usize,
                Row::of([
                    cx.time(d.at),
                    cx.t(Term::KindDelivery).to_string(),
                    cx.role(&d.role),
                    say::delivered(
                        cx.lang,
                        m.id,
                        &m.description,
                        &m.label,
                        &cx.role(&m.from),
                        d.at - m.sent,
                        &channel,
                    ),
                ]),
            ));
        }
    }
    // A served drill's chat, beside the game (never part of it), in the minute it was said.
    for (k, c) in inputs.chats.iter().enumerate() {
        rows.push((
            c.minutes,
            usize::MAX / 2 + k,
            Row::of([
                cx.time(c.minutes),
                cx.t(Term::KindChat).to_string(),
                chat_party(cx, &c.from),
                say::chat_line(cx.lang, &chat_party(cx, &c.to), &c.text),
            ]),
        ));
    }
    rows.sort_by_key(|(t, k, _)| (*t, *k));
    b.push(Block::Table(
        Table::new(
            cx.t(Term::Timeline),
            [Term::Time, Term::What, Term::Who, Term::Entry]
                .iter()
                .map(|t| cx.t(*t).to_string())
                .collect(),
            rows.into_iter().map(|(_, _, row)| row).collect(),
        )
        .keep(&[0, 1]),
    ));
}

fn cascade_section(cx: &Cx, b: &mut Vec<Block>) {
    heading(b, cx, Term::Cascade, "cascade");
    let (nodes, edges, roots) = cascade(cx.lang, cx.scenario, cx.result);
    if nodes.is_empty() {
        b.push(Block::Para(cx.t(Term::NoCascade).into()));
        return;
    }
    let label = |i: usize| {
        let n = &nodes[i];
        match &n.detail {
            Some(d) => format!("{}/{d}", n.title),
            None => n.title.clone(),
        }
    };
    let lang = cx.lang;
    let g = graph::draw(
        &nodes,
        &edges,
        &roots,
        &|k| say::cascade_column(lang, k),
        cx.t(Term::Cascade).to_string(),
        say::cascade_desc(cx.lang, roots.len(), nodes.len() - roots.len(), edges.len()),
    );
    b.push(Block::Figure(Figure {
        graphic: g,
        caption: cx.t(Term::CascadeCaption).into(),
        text: edges
            .iter()
            .map(|(a, c)| format!("{} → {}", label(*a), label(*c)))
            .collect(),
    }));
}

fn sector_charts(cx: &Cx, b: &mut Vec<Block>) {
    let r = cx.result;
    heading(b, cx, Term::ServiceLevels, "levels");
    b.push(Block::Note(cx.t(Term::ServiceLevelsNote).into()));
    let levels = sector_levels(cx.scenario, r);
    let end = r.end_minutes.max(r.duration_minutes);
    let mut figures = Vec::new();
    let mut untouched = Vec::new();
    for (k, sector) in Sector::ALL.iter().enumerate() {
        let s = &levels[k];
        if s.points.is_empty() {
            untouched.push(cx.words.sector(*sector).to_string());
            continue;
        }
        let doc = r.sectors.iter().find(|x| x.id == sector.id());
        let end_user = r
            .score
            .impact
            .by_sector
            .iter()
            .find(|x| x.sector == sector.id())
            .map_or(0.0, |x| x.person_hours);
        let caption = match doc {
            Some(d) => say::sector_caption(
                cx.lang,
                &cx.sector_name(*sector),
                d.min_level,
                &cx.hours(d.hours_below_required),
                d.services_below_required,
                &cx.person_hours(end_user),
                &cx.person_hours(d.person_hours_lost),
            ),
            None => cx.sector_name(*sector),
        };
        figures.push(Figure {
            graphic: sector_chart(cx, *sector, s, end),
            caption,
            text: Vec::new(),
        });
    }
    if !figures.is_empty() {
        b.push(Block::Grid(figures));
    }
    if !untouched.is_empty() {
        b.push(Block::Note(say::untouched(cx.lang, &untouched)));
    }
}

fn scorecards(cx: &Cx, b: &mut Vec<Block>) {
    let score = &cx.result.score;
    heading(b, cx, Term::Scorecards, "scorecards");
    if score.scorecards.is_empty() {
        b.push(Block::Para(cx.t(Term::NoScorecards).into()));
        return;
    }
    let rows = score
        .scorecards
        .iter()
        .map(|s| {
            Row::of([
                cx.role(&s.role),
                cx.played_word(&s.role).to_string(),
                s.actions_taken.to_string(),
                s.actions_refused.to_string(),
                s.by_class
                    .iter()
                    .map(|c| format!("{} {}/{}", class_word(cx, &c.class), c.taken, c.refused))
                    .collect::<Vec<_>>()
                    .join(say::list_sep(cx.lang)),
                s.messages_sent.to_string(),
                s.first_action_minutes
                    .map(|m| cx.time(m))
                    .unwrap_or_else(|| "—".into()),
                s.objectives.join(", "),
            ])
        })
        .collect();
    b.push(Block::Table(
        Table::new(
            cx.t(Term::Scorecards),
            [
                Term::Role,
                Term::PlayedBy,
                Term::ActionsTaken,
                Term::Refused,
                Term::ByClass,
                Term::MessagesSent,
                Term::FirstAction,
                Term::Objectives,
            ]
            .iter()
            .map(|t| cx.t(*t).to_string())
            .collect(),
            rows,
        )
        .keep(&[6])
        .numbers(&[2, 3, 5]),
    ));
}

fn counterfactual_section(cx: &Cx, inputs: &Inputs, b: &mut Vec<Block>) {
    let r = cx.result;
    heading(b, cx, Term::Counterfactuals, "counterfactuals");
    let mut rows = vec![Row::of([
        cx.t(Term::ThisDrill).to_string(),
        cx.person_hours(impact_of(r)),
        cx.person_hours(r.totals.person_hours_lost),
        r.totals.services_below_required.to_string(),
        r.totals.sectors_below_required.to_string(),
    ])];
    for (label, doc) in [
        (Term::TwinNoAction, &inputs.no_action),
        (Term::TwinPlaybook, &inputs.playbook),
    ] {
        if let Some(d) = doc {
            rows.push(Row::of([
                cx.t(label).to_string(),
                cx.person_hours(impact_of(d)),
                cx.person_hours(d.totals.person_hours_lost),
                d.totals.services_below_required.to_string(),
                d.totals.sectors_below_required.to_string(),
            ]));
        }
    }
    b.push(Block::Table(
        Table::new(
            cx.t(Term::Counterfactuals),
            [
                Term::Run,
                Term::EndUserImpact,
                Term::AllServicesImpact,
                Term::ServicesBelow,
                Term::SectorsBelow,
            ]
            .iter()
            .map(|t| cx.t(*t).to_string())
            .collect(),
            rows,
        )
        .numbers(&[1, 2, 3, 4]),
    ));
    if let Some(c) = counterfactual_sentence(cx, inputs) {
        b.push(Block::Para(c));
    }
    if let Some(luck) = &inputs.luck {
        b.push(Block::Para(say::luck(
            cx.lang,
            luck.runs.len(),
            &cx.person_hours(luck.drill_person_hours),
            (luck.among_decisions.rank, luck.among_decisions.percentile),
            (luck.among_no_action.rank, luck.among_no_action.percentile),
        )));
    }
}

fn lessons(cx: &Cx, inputs: &Inputs, exercise: &[&Area], b: &mut Vec<Block>) {
    heading(b, cx, Term::LessonsLearned, "lessons");
    if inputs.lessons.is_empty() {
        b.push(Block::Para(cx.t(Term::NoneRecorded).into()));
        return;
    }
    b.push(Block::Note(cx.t(Term::LessonsNote).into()));
    let rows = inputs
        .lessons
        .iter()
        .map(|l| {
            // The plan rows this lesson feeds: those its role owns, or whose objective
            // names its role.
            let links: Vec<(String, String)> = exercise
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    a.owner == l.role
                        || a.objective.as_ref().is_some_and(|o| {
                            cx.result
                                .score
                                .objectives
                                .iter()
                                .any(|x| &x.id == o && x.roles.contains(&l.role))
                        })
                })
                .map(|(k, _)| (format!("ip-{}", k + 1), format!("IP-{}", k + 1)))
                .collect();
            Row {
                id: None,
                cells: vec![
                    Cell::text(cx.role(&l.role)),
                    Cell::text(l.went_well.clone()),
                    Cell::text(l.went_badly.clone()),
                    Cell::text(l.score.to_string()),
                    Cell {
                        text: if links.is_empty() {
                            "—".into()
                        } else {
                            String::new()
                        },
                        links,
                        shade: None,
                    },
                ],
            }
        })
        .collect();
    b.push(Block::Table(
        Table::new(
            cx.t(Term::LessonsLearned),
            [
                Term::Role,
                Term::WentWell,
                Term::WentBadly,
                Term::SelfScore,
                Term::FeedsPlanRows,
            ]
            .iter()
            .map(|t| cx.t(*t).to_string())
            .collect(),
            rows,
        )
        .keep(&[4])
        .numbers(&[3]),
    ));
}

fn plan(cx: &Cx, inputs: &Inputs, exercise: &[&Area], b: &mut Vec<Block>) {
    heading(b, cx, Term::ImprovementPlan, "plan");
    if exercise.is_empty() {
        b.push(Block::Para(cx.t(Term::NothingToPlan).into()));
        return;
    }
    let start = inputs.report_date.or(inputs.exercise_date);
    b.push(Block::Note(
        match (inputs.report_date, inputs.exercise_date) {
            (Some(_), _) => cx.t(Term::PlanDatesFromReport).to_string(),
            (None, Some(_)) => cx.t(Term::PlanDatesFromExercise).to_string(),
            (None, None) => cx.t(Term::PlanDatesRelative).to_string(),
        },
    ));
    let when = |days: i64| match start {
        Some(d) => words::date(cx.lang, d.plus_days(days)),
        None => say::days_after_report(cx.lang, days),
    };
    let rows = exercise
        .iter()
        .enumerate()
        .map(|(k, a)| Row {
            id: Some(format!("ip-{}", k + 1)),
            cells: vec![
                Cell::text(format!("IP-{}", k + 1)),
                Cell::text(a.capability.name(cx.lang)),
                Cell {
                    text: String::new(),
                    links: vec![(format!("afi-{}", k + 1), format!("AFI-{}", k + 1))],
                    shade: None,
                },
                Cell::text(a.action.clone()),
                Cell::text(a.element.name(cx.lang)),
                Cell::text(cx.role(&a.owner)),
                Cell::text(when(0)),
                Cell::text(when(a.due_days())),
            ],
        })
        .collect();
    b.push(Block::Table(
        Table::new(
            cx.t(Term::ImprovementPlan),
            [
                Term::PlanRow,
                Term::Capability,
                Term::AreaForImprovement,
                Term::CorrectiveAction,
                Term::CapabilityElement,
                Term::PrimaryResponsible,
                Term::StartDate,
                Term::CompletionDate,
            ]
            .iter()
            .map(|t| cx.t(*t).to_string())
            .collect(),
            rows,
        )
        .keep(&[0, 2, 6, 7]),
    ));
    let _ = Element::ALL;
}

fn acronyms(cx: &Cx, texts: &[String], b: &mut Vec<Block>) {
    let used: Vec<(String, String)> = words::ACRONYMS
        .iter()
        .filter(|a| texts.iter().any(|t| t.contains(a.short)))
        .map(|a| (a.short.to_string(), a.long(cx.lang).to_string()))
        .collect();
    if used.is_empty() {
        return;
    }
    heading(b, cx, Term::Acronyms, "acronyms");
    b.push(Block::Facts(used));
}

fn status_word(cx: &Cx, s: Status) -> String {
    crate::present::objective_status(cx.lang, s).to_string()
}

/// The evaluators' observations of objective `id`, each with its rating, seat, minute and
/// note; "—" without any.
fn observations_of(cx: &Cx, inputs: &Inputs, id: &str) -> String {
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

/// A chat party in the report's language: a role, an evaluator's seat, or everyone.
fn chat_party(cx: &Cx, id: &str) -> String {
    match id {
        "all" => cx.t(Term::Everyone).into(),
        _ => match id.strip_prefix("evaluator:") {
            Some(n) => format!("{} {n}", cx.t(Term::Evaluator)),
            None => cx.role(id),
        },
    }
}

/// A class of action by id (`switch_to_backup`), in the report's language.
fn class_word(cx: &Cx, id: &str) -> String {
    crate::model::drill::ActionClass::from_id(id).map_or_else(
        || id.to_string(),
        |c| match cx.lang {
            Lang::En => say::action_class_en(c).to_string(),
            Lang::Ja => cx.words.action_class(c).to_string(),
        },
    )
}
