//! The result of a run in a form people and tools read: per-sector measures and a timeline
//! with names instead of ids. `rensa run --format json` prints [`RunSummary`] as JSON;
//! the text form is [`RunSummary::to_text`]. Both are pure functions of the outcome, so
//! they are as deterministic as the engine.

mod text;

use crate::engine::Outcome;
use crate::engine::state::IncidentId;
use crate::engine::timeline::{Cause, Entry, Happening};
use crate::model::{Infrastructure, Scenario, Sector};
use serde::Serialize;

/// Rounds to 6 decimals so JSON shows levels as authors compute them (0.7, not
/// 0.7000000000000001); the rounding is exact and platform-independent.
/// Adding 0.0 turns a negative zero (the sum of nothing) into 0.
fn round6(x: f64) -> f64 {
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
    /// `incident_resolved` or `end`.
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
                    .filter(|s| m.services[s.index()].minutes_below > 0 || m.services[s.index()].failed)
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
        let incident_inject: Vec<usize> = outcome
            .timeline
            .iter()
            .filter_map(|e| match e.what {
                Happening::InjectFired { inject, .. } => Some(inject),
                _ => None,
            })
            .collect();
        let names = Names {
            scenario,
            infra,
            incident_inject: &incident_inject,
        };
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
        }
    }

    /// Pretty-printed JSON, the same bytes for the same run.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a summary always serialises")
    }
}

/// Resolves ids in timeline entries to author names.
struct Names<'a> {
    scenario: &'a Scenario,
    infra: &'a Infrastructure,
    incident_inject: &'a [usize],
}

impl Names<'_> {
    fn incident(&self, i: IncidentId) -> String {
        match self.incident_inject.get(i.0 as usize) {
            Some(&k) => self.scenario.injects[k].key.clone(),
            None => format!("incident-{}", i.0),
        }
    }

    fn service(&self, s: crate::model::ServiceId) -> String {
        self.infra.service(s).key.clone()
    }

    fn edge(&self, e: crate::model::EdgeId) -> String {
        let d = self.infra.dependency(e);
        format!("{} ← {}", self.service(d.dependent), self.service(d.provider))
    }

    fn cause(&self, c: &Cause) -> String {
        match c {
            Cause::Incident(i) => format!("incident {}", self.incident(*i)),
            Cause::Repaired(i) => format!("repair after {}", self.incident(*i)),
            Cause::Dependency(e) => {
                let d = self.infra.dependency(*e);
                format!(
                    "{} ({}, strength {})",
                    self.service(d.provider),
                    d.kind.id(),
                    d.strength
                )
            }
            Cause::ProviderRestored(e) => {
                format!("{} restored", self.service(self.infra.dependency(*e).provider))
            }
        }
    }

    fn record(&self, e: &Entry) -> TimelineRecord {
        let mut r = TimelineRecord {
            t: e.time.0,
            time: e.time.to_string(),
            kind: "",
            subject: String::new(),
            from: None,
            to: None,
            below_required: None,
            causes: Vec::new(),
            text: String::new(),
        };
        match &e.what {
            Happening::InjectFired { inject, hits, .. } => {
                let inj = &self.scenario.injects[*inject];
                r.kind = "inject";
                r.subject = inj.key.clone();
                r.text = format!(
                    "inject {}: {} on {} ({} service{})",
                    inj.key,
                    inj.kind.describe(),
                    inj.target_label,
                    hits,
                    if *hits == 1 { "" } else { "s" }
                );
            }
            Happening::LevelChanged {
                service,
                from,
                to,
                below_required,
                causes,
            } => {
                r.kind = "level_changed";
                r.subject = self.service(*service);
                r.from = Some(round6(*from));
                r.to = Some(round6(*to));
                r.below_required = Some(*below_required);
                r.causes = causes.iter().map(|c| self.cause(c)).collect();
                let req = self.infra.service(*service).required;
                let state = if *below_required {
                    format!("BELOW required {req:.2}")
                } else {
                    format!("ok (required {req:.2})")
                };
                r.text = format!(
                    "{} {:.2} → {:.2} {} ← {}",
                    r.subject,
                    from,
                    to,
                    state,
                    r.causes.join(", ")
                );
            }
            Happening::BufferStarted { edge, until } => {
                let d = self.infra.dependency(*edge);
                r.kind = "buffer_started";
                r.subject = self.edge(*edge);
                r.text = format!(
                    "{} holds on its buffer for {} while {} is down (until {})",
                    self.service(d.dependent),
                    d.tolerance,
                    self.service(d.provider),
                    until
                );
            }
            Happening::BufferExhausted { edge } => {
                let d = self.infra.dependency(*edge);
                r.kind = "buffer_exhausted";
                r.subject = self.edge(*edge);
                r.text = format!(
                    "buffer of {} on {} exhausted after {}",
                    self.service(d.dependent),
                    self.service(d.provider),
                    d.tolerance
                );
            }
            Happening::RecoveryStarted {
                service,
                incident,
                duration,
            } => {
                r.kind = "recovery_started";
                r.subject = self.service(*service);
                r.text = format!(
                    "repair of {} after {} started: {} at full speed",
                    r.subject,
                    self.incident(*incident),
                    duration
                );
            }
            Happening::RecoveryRateChanged {
                service,
                incident,
                rate,
                eta,
            } => {
                r.kind = "recovery_rate_changed";
                r.subject = self.service(*service);
                r.text = format!(
                    "repair of {} after {} now at {:.0}% speed, done {}",
                    r.subject,
                    self.incident(*incident),
                    rate * 100.0,
                    eta
                );
            }
            Happening::RecoveryCompleted { service, incident } => {
                r.kind = "recovery_completed";
                r.subject = self.service(*service);
                r.text = format!(
                    "repair of {} after {} completed",
                    r.subject,
                    self.incident(*incident)
                );
            }
            Happening::IncidentResolved { incident } => {
                r.kind = "incident_resolved";
                r.subject = self.incident(*incident);
                r.text = format!("incident {} resolved: every service repaired", r.subject);
            }
            Happening::End => {
                r.kind = "end";
                r.subject = self.scenario.name.clone();
                r.text = "end of scenario".into();
            }
        }
        r
    }
}
