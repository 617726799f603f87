//! A whole run in the form people and tools read: per-sector measures, the timeline, the
//! messages and the actions, each with its structured fields and its words. `rensa run
//! --format json` prints [`Report`] (docs/OUTPUT.md); the text form is
//! [`Report::to_text`]. Both are pure functions of the outcome, so they are as
//! deterministic as the engine.

use super::json::Id;
use super::json::{DoneJson, HappeningJson, RefusalJson, attack_id};
use super::{Lang, Words, round2, round6};
use crate::engine::Outcome;
use crate::engine::timeline::Happening;
use crate::model::drill::{Action, ActionRecord, Addressee, Message, Origin};
use crate::model::{Scenario, Sector, Target};
use serde::{Deserialize, Serialize};

/// A whole run, summarised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Scenario name.
    pub scenario: String,
    /// The scenario's name in the report's language (its Japanese name in Japanese, when
    /// it has one), for the text's header; not in the JSON, which keeps `scenario`.
    #[serde(skip)]
    pub title: String,
    /// Master seed used.
    pub seed: u64,
    /// The language of every `text` field: `en` or `ja`.
    pub lang: Id,
    /// Scenario duration, e.g. `"72h"`.
    pub duration: String,
    /// Scenario duration in minutes.
    pub duration_minutes: u64,
    /// When the run stopped, e.g. `"T+72:00"`.
    pub end: String,
    /// When the run stopped, in minutes.
    pub end_minutes: u64,
    /// Number of events handled.
    pub events: u64,
    /// Totals over all sectors.
    pub totals: Totals,
    /// One entry per sector, in Action Plan order.
    pub sectors: Vec<SectorSummary>,
    /// Services whose level fell below 1 at some point, in id order.
    pub services: Vec<ServiceSummary>,
    /// Every incident, by number: the inject that opened it and when.
    pub incidents: Vec<IncidentRecord>,
    /// What happened, in order.
    pub timeline: Vec<TimelineRecord>,
    /// Every message sent, in order.
    pub messages: Vec<MessageRecord>,
    /// Every action taken or refused, in order.
    pub actions: Vec<ActionSummary>,
    /// The run's score (docs/SCORING.md).
    pub score: super::score::ScoreJson,
    #[serde(skip)]
    pub(crate) language: Lang,
}

/// Totals over all sectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Person-hours of service lost.
    pub person_hours_lost: f64,
    /// Services that fell below their required level.
    pub services_below_required: usize,
    /// Sectors with at least one service below required.
    pub sectors_below_required: usize,
    /// Incidents opened by injects.
    pub incidents: usize,
}

/// Measures of one sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorSummary {
    /// Machine id, e.g. `"electricity"`.
    pub id: String,
    /// English name.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Lowest population-weighted level of the sector's services.
    pub min_level: f64,
    /// When that level was first reached, `T+hh:mm`.
    pub min_level_at: String,
    /// When that level was first reached, in minutes.
    pub min_level_t: u64,
    /// Hours during which at least one of its services was below required.
    pub hours_below_required: f64,
    /// Σ population × (1 − level) × hours over its services' time below required.
    pub person_hours_lost: f64,
    /// Number of its services that fell below required.
    pub services_below_required: usize,
}

/// Measures of one service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    /// Service id.
    pub id: String,
    /// Operator id.
    pub operator: String,
    /// Sector id.
    pub sector: String,
    /// Lowest level reached.
    pub min_level: f64,
    /// Hours below required.
    pub hours_below_required: f64,
    /// Person-hours lost.
    pub person_hours_lost: f64,
}

/// An incident: what opened it, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentRecord {
    /// Incident number (the `incident` of timeline entries).
    pub id: u32,
    /// The id of the inject that opened it.
    pub inject: String,
    /// The inject's index among the run's injects (the scenario's, then ad-hoc ones).
    pub inject_index: usize,
    /// When it began (minutes).
    pub t: u64,
}

/// One timeline entry: when, its structured fields (tagged by `kind`), and its words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineRecord {
    /// Minutes since start.
    pub t: u64,
    /// `T+hh:mm`.
    pub time: String,
    /// What happened; `kind` names the variant.
    #[serde(flatten)]
    pub what: HappeningJson,
    /// Routine detail the brief text timeline leaves out.
    pub routine: bool,
    /// The sentence the text timeline prints, in `lang`.
    pub text: String,
}

/// A message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageRecord {
    /// Message number.
    pub id: u32,
    /// Sender role id.
    pub from: String,
    /// Recipients with arrival times.
    pub to: Vec<Delivery>,
    /// When sent (minutes).
    pub sent: u64,
    /// Kind (`report`, `alert`, …).
    pub kind: Id,
    /// Handling label, e.g. `TLP:AMBER`.
    pub label: Id,
    /// What the sender stated it is about.
    pub subject: SubjectRecord,
    /// The sender's free text (empty for the messages policies send).
    pub text: String,
    /// The message in words, in `lang`: its text, or its kind and subject.
    pub description: String,
    /// The message it forwards.
    pub forwarded_from: Option<u32>,
    /// The source of the labelled information it carries, when not its sender (TLP 2.0:
    /// whose permission sharing it wider needs); left out otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A sanitised alert (the attack kind only); left out if not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sanitised: bool,
}

/// What a message states it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectRecord {
    /// Incident number.
    pub incident: Option<u32>,
    /// The id of the inject that opened the incident.
    pub inject: Option<String>,
    /// Attack kind id.
    pub attack: Option<Id>,
    /// Sector id.
    pub sector: Option<Id>,
    /// Operator id.
    pub operator: Option<String>,
}

/// One recipient of a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// Role id.
    pub role: String,
    /// Arrival (minutes).
    pub at: u64,
}

/// Who decided an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OriginRecord {
    /// A person (or a replayed log).
    Player,
    /// A policy rule.
    Policy {
        /// Index of the policy in the scenario.
        policy: usize,
        /// Index of the rule in the policy.
        rule: usize,
    },
}

/// An action, as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActionRecordJson {
    /// Send a message.
    Send {
        /// Recipients: relative (`my_ceptor`, …) or role ids.
        to: Vec<String>,
        /// Message kind.
        message_kind: Id,
        /// Incident number named (`incident_no`), if any.
        incident: Option<u32>,
        /// Inject id named (`incident: "inject-id"`), if any.
        inject: Option<String>,
        /// Attack kind id.
        attack: Option<Id>,
        /// Handling label.
        label: Id,
        /// Free text.
        text: String,
        /// A sanitised alert (attack kind only, no incident or victim); left out if not.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        sanitised: bool,
    },
    /// The source of a message lets its information reach a role.
    GrantPermission {
        /// Message number.
        message: u32,
        /// The role id now permitted.
        to: String,
    },
    /// Forward a message.
    Forward {
        /// Message number.
        message: u32,
        /// Recipients.
        to: Vec<String>,
    },
    /// Isolate systems.
    Isolate {
        /// System kind.
        systems: Id,
    },
    /// Reconnect systems.
    Reconnect {
        /// System kind.
        systems: Id,
    },
    /// Switch a service to backup.
    SwitchToBackup {
        /// Service id.
        service: String,
    },
    /// End backup operation.
    EndBackup {
        /// Service id.
        service: String,
    },
    /// Restore data from backup.
    RestoreFromBackup,
    /// Dispatch a support team.
    DispatchSupport {
        /// Operator id.
        operator: String,
    },
    /// Publish a signature.
    PublishSignature {
        /// Attack kind id.
        attack: Id,
    },
    /// An ad-hoc inject.
    Inject {
        /// The inject's id.
        inject: String,
        /// What it hits.
        target: TargetRecord,
    },
    /// A reserve inject of the scenario, fired by exercise control.
    FireInject {
        /// The inject's id.
        inject: String,
    },
}

/// What an inject hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TargetRecord {
    /// Every service of an operator.
    Operator {
        /// Operator id.
        operator: String,
    },
    /// One service.
    Service {
        /// Service id.
        service: String,
    },
    /// One IT system.
    System {
        /// System id.
        system: String,
    },
    /// Every service of a sector.
    Sector {
        /// Sector id.
        sector: Id,
    },
    /// Every service of a region.
    Region {
        /// Region name.
        region: String,
    },
    /// Every service of a sector in a region.
    RegionSector {
        /// Region name.
        region: String,
        /// Sector id.
        sector: Id,
    },
    /// No part of the graph: a narrative inject's script.
    Script,
}

fn target(w: &Words, t: &Target) -> TargetRecord {
    let infra = w.infra();
    match *t {
        Target::Operator(o) => TargetRecord::Operator {
            operator: w.operator_key(o),
        },
        Target::Service(s) => TargetRecord::Service {
            service: w.service_key(s),
        },
        Target::System(y) => TargetRecord::System {
            system: infra.system(y).key.clone(),
        },
        Target::Sector(s) => TargetRecord::Sector {
            sector: s.id().into(),
        },
        Target::Region(r) => TargetRecord::Region {
            region: infra.regions[r.index()].clone(),
        },
        Target::RegionSector(r, s) => TargetRecord::RegionSector {
            region: infra.regions[r.index()].clone(),
            sector: s.id().into(),
        },
        Target::Script => TargetRecord::Script,
    }
}

/// What an action came to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ResultRecord {
    /// It took effect.
    Taken {
        /// What it did.
        effect: DoneJson,
    },
    /// It was refused.
    Refused {
        /// Why.
        reason: RefusalJson,
    },
}

/// An action taken or refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionSummary {
    /// Action number.
    pub id: u32,
    /// When (minutes).
    pub t: u64,
    /// `T+hh:mm`.
    pub time: String,
    /// Role id.
    pub role: String,
    /// Player or policy.
    pub origin: OriginRecord,
    /// What.
    pub action: ActionRecordJson,
    /// What it did, or why it was refused.
    pub result: ResultRecord,
    /// The action and its result in words, in `lang`.
    pub text: String,
}

impl Report {
    /// Summarises an outcome of `scenario`, with words in `lang`.
    pub fn new(scenario: &Scenario, outcome: &Outcome, lang: Lang) -> Report {
        let infra = &scenario.infra;
        let m = &outcome.metrics;
        let words = Words::new(scenario, outcome, lang);
        let sectors: Vec<SectorSummary> = m
            .sectors
            .iter()
            .map(|sec| {
                let below = infra
                    .services_in_sector(sec.sector)
                    .filter(|s| {
                        m.services[s.index()].minutes_below > 0 || m.services[s.index()].failed
                    })
                    .count();
                SectorSummary {
                    id: sec.sector.id().to_string(),
                    name: sec.sector.name_en().to_string(),
                    name_ja: sec.sector.name_ja().to_string(),
                    min_level: round6(sec.min_level),
                    min_level_at: sec.min_at.to_string(),
                    min_level_t: sec.min_at.0,
                    hours_below_required: round2(sec.minutes_below as f64 / 60.0),
                    person_hours_lost: round2(m.sector_person_hours(infra, sec.sector)),
                    services_below_required: below,
                }
            })
            .collect();
        let services: Vec<ServiceSummary> = infra
            .services
            .iter()
            .filter(|s| m.services[s.id.index()].min_level < 1.0)
            .map(|s| {
                let sm = &m.services[s.id.index()];
                ServiceSummary {
                    id: s.key.clone(),
                    operator: infra.operator(s.operator).key.clone(),
                    sector: infra.sector_of(s.id).id().to_string(),
                    min_level: round6(sm.min_level),
                    hours_below_required: round2(sm.minutes_below as f64 / 60.0),
                    person_hours_lost: round2(sm.person_minutes_lost / 60.0),
                }
            })
            .collect();
        let incidents = outcome
            .timeline
            .iter()
            .filter(|e| matches!(e.what, Happening::InjectFired { .. }))
            .count();
        let totals = Totals {
            person_hours_lost: round2(
                Sector::ALL
                    .iter()
                    .map(|s| m.sector_person_hours(infra, *s))
                    .sum(),
            ),
            services_below_required: sectors.iter().map(|s| s.services_below_required).sum(),
            sectors_below_required: sectors
                .iter()
                .filter(|s| s.services_below_required > 0)
                .count(),
            incidents,
        };
        Report {
            scenario: scenario.name.clone(),
            title: if lang == Lang::Ja && !scenario.name_ja.is_empty() {
                scenario.name_ja.clone()
            } else {
                scenario.name.clone()
            },
            seed: outcome.seed,
            lang: lang.code().into(),
            duration: scenario.duration.to_string(),
            duration_minutes: scenario.duration.0,
            end: outcome.end.to_string(),
            end_minutes: outcome.end.0,
            events: outcome.events,
            totals,
            sectors,
            services,
            incidents: outcome
                .timeline
                .iter()
                .filter_map(|e| match e.what {
                    Happening::InjectFired {
                        inject, incident, ..
                    } => Some(IncidentRecord {
                        id: incident.0,
                        inject: words.inject_key(inject),
                        inject_index: inject,
                        t: e.time.0,
                    }),
                    _ => None,
                })
                .collect(),
            timeline: outcome
                .timeline
                .iter()
                .map(|e| TimelineRecord {
                    t: e.time.0,
                    time: e.time.to_string(),
                    what: words.happening_json(&e.what),
                    routine: words.routine(&e.what),
                    text: words.happening(&e.what),
                })
                .collect(),
            messages: outcome
                .messages
                .iter()
                .map(|m| message(&words, m))
                .collect(),
            actions: outcome.actions.iter().map(|a| action(&words, a)).collect(),
            score: super::score::ScoreJson::new(
                &crate::score::Score::compute(scenario, outcome),
                &words.objective_texts(),
            ),
            language: lang,
        }
    }

    /// Pretty-printed JSON, the same bytes for the same run.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serialises")
    }

    /// Writes [`Report::to_json`]'s bytes to `w` as they are made, never holding the whole
    /// document (a large graph's is tens of megabytes).
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        // `From` keeps an I/O error's kind (a closed pipe stays BrokenPipe).
        serde_json::to_writer_pretty(w, self).map_err(std::io::Error::from)
    }
}

fn message(w: &Words, m: &Message) -> MessageRecord {
    MessageRecord {
        id: m.id,
        from: w.role_id(m.from),
        to: m
            .to
            .iter()
            .map(|(r, t)| Delivery {
                role: w.role_id(*r),
                at: t.0,
            })
            .collect(),
        sent: m.sent.0,
        kind: m.kind.id().into(),
        label: m.label.label().into(),
        subject: SubjectRecord {
            incident: m.subject.incident.map(|i| i.0),
            inject: m
                .subject
                .incident
                .and_then(|i| w.incident_inject(i))
                .map(|k| w.inject_key(k)),
            attack: m.subject.attack.map(attack_id).map(Into::into),
            sector: m.subject.sector.map(|s| s.id()).map(Into::into),
            operator: m.subject.operator.map(|o| w.operator_key(o)),
        },
        text: m.text.clone(),
        description: w.message_text(m),
        forwarded_from: m.forwarded_from,
        source: (m.source != m.from).then(|| w.role_id(m.source)),
        sanitised: m.sanitised,
    }
}

fn addressees(w: &Words, to: &[Addressee]) -> Vec<String> {
    to.iter()
        .map(|a| match a {
            Addressee::Relative(r) => r.id().to_string(),
            Addressee::Role(r) => w.role_id(*r),
        })
        .collect()
}

/// An action as data.
pub fn action_json(w: &Words, a: &Action) -> ActionRecordJson {
    use crate::model::drill::IncidentRef;
    match a {
        Action::Send {
            to,
            kind,
            about,
            attack,
            label,
            text,
            sanitised,
        } => ActionRecordJson::Send {
            to: addressees(w, to),
            message_kind: kind.id().into(),
            incident: match about {
                Some(IncidentRef::Id(i)) => Some(i.0),
                _ => None,
            },
            inject: match about {
                Some(IncidentRef::Inject(k)) => Some(w.inject_key(*k)),
                _ => None,
            },
            attack: attack.map(attack_id).map(Into::into),
            label: label.label().into(),
            text: text.clone(),
            sanitised: *sanitised,
        },
        Action::GrantPermission { message, to } => ActionRecordJson::GrantPermission {
            message: *message,
            to: w.role_id(*to),
        },
        Action::Forward { message, to } => ActionRecordJson::Forward {
            message: *message,
            to: addressees(w, to),
        },
        Action::Isolate { systems } => ActionRecordJson::Isolate {
            systems: systems.id().into(),
        },
        Action::Reconnect { systems } => ActionRecordJson::Reconnect {
            systems: systems.id().into(),
        },
        Action::SwitchToBackup { service } => ActionRecordJson::SwitchToBackup {
            service: w.service_key(*service),
        },
        Action::EndBackup { service } => ActionRecordJson::EndBackup {
            service: w.service_key(*service),
        },
        Action::RestoreFromBackup => ActionRecordJson::RestoreFromBackup,
        Action::DispatchSupport { operator } => ActionRecordJson::DispatchSupport {
            operator: w.operator_key(*operator),
        },
        Action::PublishSignature { attack } => ActionRecordJson::PublishSignature {
            attack: attack_id(*attack).into(),
        },
        Action::Inject(i) => ActionRecordJson::Inject {
            inject: i.key.clone(),
            target: target(w, &i.target),
        },
        Action::FireInject { inject } => ActionRecordJson::FireInject {
            inject: w.inject_key(*inject),
        },
    }
}

fn action(w: &Words, a: &ActionRecord) -> ActionSummary {
    ActionSummary {
        id: a.id,
        t: a.time.0,
        time: a.time.to_string(),
        role: w.role_id(a.role),
        origin: match a.origin {
            Origin::Player => OriginRecord::Player,
            Origin::Policy { policy, rule } => OriginRecord::Policy { policy, rule },
        },
        action: action_json(w, &a.action),
        result: match &a.result {
            Ok(d) => ResultRecord::Taken {
                effect: w.done_json(d),
            },
            Err(r) => ResultRecord::Refused {
                reason: w.refusal_json(r),
            },
        },
        text: w.happening(&Happening::Action { action: a.id }),
    }
}
