//! The result of a run in a form people and tools read: per-sector measures and a timeline
//! with names instead of ids. `rensa run --format json` prints [`RunSummary`] as JSON;
//! the text form is [`RunSummary::to_text`]. Both are pure functions of the outcome, so
//! they are as deterministic as the engine.

mod text;

mod names;

use crate::engine::Outcome;
use crate::engine::timeline::Happening;
use crate::model::{Scenario, Sector};
use names::Names;
use serde::Serialize;

/// Rounds to 6 decimals so JSON shows levels as authors compute them (0.7, not
/// 0.7000000000000001); the rounding is exact and platform-independent.
/// Adding 0.0 turns a negative zero (the sum of nothing) into 0.
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6 + 0.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

/// A whole run, summarised.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    /// Scenario name.
    pub scenario: String,
    /// Master seed used.
    pub seed: u64,
    /// Scenario duration, e.g. `"72h"`.
    pub duration: String,
    /// When the run stopped, e.g. `"T+72:00"`.
    pub end: String,
    /// Number of events handled.
    pub events: u64,
    /// Totals over all sectors.
    pub totals: Totals,
    /// One entry per sector, in Action Plan order.
    pub sectors: Vec<SectorSummary>,
    /// Services whose level fell below 1 at some point, in id order.
    pub services: Vec<ServiceSummary>,
    /// What happened, in order.
    pub timeline: Vec<TimelineRecord>,
    /// Every message sent, in order.
    pub messages: Vec<MessageRecord>,
    /// Every action taken or refused, in order.
    pub actions: Vec<ActionSummary>,
}

/// A message, with names resolved.
#[derive(Debug, Clone, Serialize)]
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
    pub kind: &'static str,
    /// Handling label, e.g. `TLP:AMBER`.
    pub label: &'static str,
    /// What it is about, in words.
    pub subject: String,
    /// The inject whose incident it concerns, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
    /// Free text.
    pub text: String,
    /// The message it forwards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded_from: Option<u32>,
}

/// One recipient of a message.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// Role id.
    pub role: String,
    /// Arrival (minutes).
    pub at: u64,
}

/// An action, with names resolved.
#[derive(Debug, Clone, Serialize)]
pub struct ActionSummary {
    /// Action number.
    pub id: u32,
    /// When (minutes).
    pub t: u64,
    /// `T+hh:mm`.
    pub time: String,
    /// Role id.
    pub role: String,
    /// `player` or `policy`.
    pub origin: String,
    /// What, in words.
    pub action: String,
    /// `done` or `refused`.
    pub status: &'static str,
    /// What it did, or why it was refused.
    pub result: String,
}

/// Totals over all sectors.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct SectorSummary {
    /// Machine id, e.g. `"electricity"`.
    pub id: String,
    /// English name.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Lowest population-weighted level of the sector's services.
    pub min_level: f64,
    /// When that level was first reached.
    pub min_level_at: String,
    /// Hours during which at least one of its services was below required.
    pub hours_below_required: f64,
    /// Σ population × (1 − level) × hours over its services' time below required.
    pub person_hours_lost: f64,
    /// Number of its services that fell below required.
    pub services_below_required: usize,
}

/// Measures of one service.
#[derive(Debug, Clone, Serialize)]
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

/// One timeline entry with names resolved.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRecord {
    /// Minutes since start.
    pub t: u64,
    /// `T+hh:mm`.
    pub time: String,
    /// Entry kind: `inject`, `level_changed`, `buffer_started`, `buffer_exhausted`,
    /// `recovery_started`, `recovery_rate_changed`, `recovery_completed`,
    /// `incident_resolved`, `inject_skipped`, `attack_reached`, `stage_started`,
    /// `stage_failed`, `stage_completed`, `spread`, `attack_blocked`, `detected`,
    /// `contained`, `halted`, `alerted`, `message_sent`, `message_delivered`, `action`,
    /// `support_arrived`, `support_released`, `signature_published`, `policy_skipped` or
    /// `end`.
    pub kind: &'static str,
    /// The service, edge or inject the entry is about.
    pub subject: String,
    /// Level before (level changes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    /// Level after (level changes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
    /// Whether the service is below required afterwards (level changes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below_required: Option<bool>,
    /// Why (level changes): incidents, or dependencies as `provider (kind)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<String>,
    /// The sentence the text timeline prints.
    pub text: String,
    /// Routine detail the brief text timeline leaves out: buffer timers, repair-speed
    /// changes, stage starts, message traffic and the messages policies send.
    #[serde(skip)]
    pub routine: bool,
}

impl RunSummary {
    /// Summarises an outcome of `scenario`.
    pub fn new(scenario: &Scenario, outcome: &Outcome) -> RunSummary {
        let infra = &scenario.infra;
        let m = &outcome.metrics;
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
        let names = Names::new(scenario, outcome);
        RunSummary {
            scenario: scenario.name.clone(),
            seed: outcome.seed,
            duration: scenario.duration.to_string(),
            end: outcome.end.to_string(),
            events: outcome.events,
            totals,
            sectors,
            services,
            timeline: outcome.timeline.iter().map(|e| names.record(e)).collect(),
            messages: outcome.messages.iter().map(|m| names.message(m)).collect(),
            actions: outcome.actions.iter().map(|a| names.action(a)).collect(),
        }
    }

    /// Pretty-printed JSON, the same bytes for the same run.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a summary always serialises")
    }
}
