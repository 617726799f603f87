//! Scoring a run (docs/SCORING.md): impact without double counting, cascade reach,
//! timeliness of detection, reporting, sharing and recovery, and per-role scorecards.
//! Plain, serialisable data holding ids, never words; `present` renders it.

use crate::engine::Outcome;
use crate::engine::timeline::{Cause, Happening};
use crate::model::drill::ActionClass;
use crate::model::drill::role::Role;
use crate::model::{IncidentId, Scenario, Sector, Serves, ServiceId};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The unit of every impact figure.
pub const IMPACT_UNIT: &str = "person-hours: population served × share of service lost × hours below the required level, end-user services only";

/// Every score of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Impact in person-hours.
    pub impact: Impact,
    /// How far the cascade reached.
    pub reach: Reach,
    /// Minutes from each incident's start to detection, reports, sharing and recovery.
    pub timeliness: Timeliness,
    /// The scenario's objectives (decided in the timeline by the engine).
    pub objectives: Vec<ObjectiveScore>,
    /// What each role did.
    pub scorecards: Vec<Scorecard>,
}

/// Impact: person-hours lost, headline at end-user services only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Impact {
    /// [`IMPACT_UNIT`].
    pub unit: Cow<'static, str>,
    /// Σ over services that serve people.
    pub end_user_person_hours: f64,
    /// Σ over every service (the old, double-counting figure; an index, not a national total).
    pub all_services_person_hours: f64,
    /// End-user person-hours per sector, every sector in Action Plan order.
    pub by_sector: Vec<SectorImpact>,
    /// End-user person-hours per operator with any, in id order.
    pub by_operator: Vec<OperatorImpact>,
    /// Every service with any loss, end-user or not, in id order.
    pub by_service: Vec<ServiceImpact>,
}

/// A sector's end-user impact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorImpact {
    /// Sector id.
    pub sector: Cow<'static, str>,
    /// Person-hours.
    pub person_hours: f64,
}

/// An operator's end-user impact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OperatorImpact {
    /// Operator key.
    pub operator: String,
    /// Its sector id.
    pub sector: Cow<'static, str>,
    /// Person-hours.
    pub person_hours: f64,
}

/// A service's impact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceImpact {
    /// Service key.
    pub service: String,
    /// `people` or `operators`.
    pub serves: Cow<'static, str>,
    /// Person-hours.
    pub person_hours: f64,
}

/// Cascade reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reach {
    /// Operators with a service below its required level and no incident impairment of
    /// their own, in id order.
    pub indirect_operators: Vec<String>,
    /// Sectors likewise, in Action Plan order.
    pub indirect_sectors: Vec<Cow<'static, str>>,
    /// Longest chain of delivering edges the loss travelled.
    pub depth: u32,
    /// That chain's services, origin first (empty for depth 0).
    pub chain: Vec<String>,
}

/// Timeliness per incident and medians.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeliness {
    /// One entry per incident, by number.
    pub incidents: Vec<IncidentTimes>,
    /// Medians over the incidents where the step happened.
    pub median: Medians,
    /// How many incidents each median is over.
    pub counts: Counts,
}

/// Minutes from an incident's start to each step; None if it did not happen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentTimes {
    /// Incident number.
    pub incident: u32,
    /// First detection by any operator.
    pub detect_minutes: Option<u64>,
    /// First delivery of a message about it to the victim sector's CEPTOR.
    pub report_ceptor_minutes: Option<u64>,
    /// First delivery of a message about it to the victim sector's ministry.
    pub report_ministry_minutes: Option<u64>,
    /// First delivery of a message about it to the CEPTOR Council or NISC.
    pub cross_sector_share_minutes: Option<u64>,
    /// Incident resolved: every service it hit repaired.
    pub recovery_minutes: Option<u64>,
}

/// Medians of [`IncidentTimes`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Medians {
    /// Detection.
    pub detect_minutes: Option<f64>,
    /// Report to the CEPTOR.
    pub report_ceptor_minutes: Option<f64>,
    /// Report to the ministry.
    pub report_ministry_minutes: Option<f64>,
    /// Cross-sector share.
    pub cross_sector_share_minutes: Option<f64>,
    /// Recovery.
    pub recovery_minutes: Option<f64>,
}

/// Counts behind [`Medians`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Detection.
    pub detect_minutes: u32,
    /// Report to the CEPTOR.
    pub report_ceptor_minutes: u32,
    /// Report to the ministry.
    pub report_ministry_minutes: u32,
    /// Cross-sector share.
    pub cross_sector_share_minutes: u32,
    /// Recovery.
    pub recovery_minutes: u32,
}

pub use crate::model::objective::ObjectiveStatus as Status;

/// HSEEP rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rating {
    /// Performed without challenges.
    P,
    /// Performed with some challenges.
    S,
    /// Performed with major challenges.
    M,
    /// Unable to be performed.
    U,
}

impl Rating {
    /// The rating of a status and achieved score against the expected one
    /// (docs/SCORING.md): P met; S partial with achieved ≥ expected; M partial below
    /// expected; U missed or pending.
    pub fn of(status: Status, achieved: f64, expected: f64) -> Rating {
        match status {
            Status::Met => Rating::P,
            Status::Partial if achieved + 1e-9 >= expected => Rating::S,
            Status::Partial => Rating::M,
            Status::Missed | Status::Pending => Rating::U,
        }
    }
}

/// One objective's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveScore {
    /// Author id.
    pub id: String,
    /// Roles it names.
    pub roles: Vec<String>,
    /// Expected score.
    pub expected: f64,
    /// Achieved score in [0, 1].
    pub achieved: f64,
    /// Status.
    pub status: Status,
    /// When it was decided.
    pub decided_minutes: Option<u64>,
    /// HSEEP rating.
    pub rating: Rating,
}

/// What one role did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// Role id.
    pub role: String,
    /// Actions that took effect.
    pub actions_taken: u32,
    /// Actions refused.
    pub actions_refused: u32,
    /// Per class of action, in class order.
    pub by_class: Vec<ClassCount>,
    /// Messages it sent.
    pub messages_sent: u32,
    /// Minute of its first action, taken or refused.
    pub first_action_minutes: Option<u64>,
    /// Ids of the objectives that name it.
    pub objectives: Vec<String>,
}

/// Actions of one class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassCount {
    /// Class id.
    pub class: Cow<'static, str>,
    /// Taken.
    pub taken: u32,
    /// Refused.
    pub refused: u32,
}

/// The median of `xs` (sorted here): the middle value, or the mean of the two middle ones.
pub fn median(mut xs: Vec<u64>) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_unstable();
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2] as f64
    } else {
        (xs[n / 2 - 1] as f64 + xs[n / 2] as f64) / 2.0
    })
}

impl Score {
    /// Scores `outcome`, a run of `scenario`.
    pub fn compute(scenario: &Scenario, outcome: &Outcome) -> Score {
        Score {
            impact: impact(scenario, outcome),
            reach: reach(scenario, outcome),
            timeliness: timeliness(scenario, outcome),
            objectives: objectives(scenario, outcome),
            scorecards: scorecards(scenario, outcome),
        }
    }
}

/// The impact of `outcome` alone (what twins and batches compare runs by).
pub fn impact(scenario: &Scenario, outcome: &Outcome) -> Impact {
    let infra = &scenario.infra;
    let hours = |s: ServiceId| outcome.metrics.services[s.index()].person_minutes_lost / 60.0;
    let people = |s: ServiceId| infra.service(s).serves == Serves::People;
    let by_sector = Sector::ALL
        .iter()
        .map(|&sec| SectorImpact {
            sector: sec.id().into(),
            person_hours: infra
                .services_in_sector(sec)
                .filter(|s| people(*s))
                .map(hours)
                .sum(),
        })
        .collect();
    let by_operator = infra
        .operators
        .iter()
        .map(|o| OperatorImpact {
            operator: o.key.clone(),
            sector: o.sector.id().into(),
            person_hours: o
                .services
                .iter()
                .filter(|s| people(**s))
                .map(|s| hours(*s))
                .sum(),
        })
        .filter(|o| o.person_hours > 0.0)
        .collect();
    let by_service = infra
        .services
        .iter()
        .filter(|s| outcome.metrics.services[s.id.index()].person_minutes_lost > 0.0)
        .map(|s| ServiceImpact {
            service: s.key.clone(),
            serves: s.serves.id().into(),
            person_hours: hours(s.id),
        })
        .collect();
    Impact {
        unit: IMPACT_UNIT.into(),
        end_user_person_hours: infra
            .services
            .iter()
            .filter(|s| people(s.id))
            .map(|s| hours(s.id))
            .sum(),
        all_services_person_hours: infra.services.iter().map(|s| hours(s.id)).sum(),
        by_sector,
        by_operator,
        by_service,
    }
}

/// The state of a walk over the level changes, for [`reach`].
struct Walk {
    below: Vec<bool>,
    hit: Vec<bool>,
    /// Depth of the loss a service carries now (None: it carries none), and whence.
    depth: Vec<Option<u32>>,
    from: Vec<Option<ServiceId>>,
    best: u32,
    /// Where the deepest chain was last lengthened: (entry, cause) and its end.
    best_at: Option<(usize, usize, ServiceId, ServiceId)>,
}

/// Walks the level changes in order, up to and including cause `until` (entry, cause)
/// when given: who fell below required, who was hit by an incident, and the depth of
/// every service's loss.
fn walk(scenario: &Scenario, outcome: &Outcome, until: Option<(usize, usize)>) -> Walk {
    let infra = &scenario.infra;
    let n = infra.services.len();
    let mut w = Walk {
        below: vec![false; n],
        hit: vec![false; n],
        depth: vec![None; n],
        from: vec![None; n],
        best: 0,
        best_at: None,
    };
    for (i, e) in outcome.timeline.iter().enumerate() {
        let Happening::LevelChanged {
            service,
            to,
            below_required,
            causes,
            ..
        } = &e.what
        else {
            continue;
        };
        let s = service.index();
        w.below[s] |= *below_required;
        for (k, c) in causes.iter().enumerate() {
            match c {
                Cause::Incident(_) => {
                    w.hit[s] = true;
                    if w.depth[s].is_none() {
                        w.depth[s] = Some(0);
                        w.from[s] = None;
                    }
                }
                Cause::Dependency(edge) => {
                    let p = infra.dependency(*edge).provider;
                    let d = w.depth[p.index()].unwrap_or(0) + 1;
                    if w.depth[s].is_none_or(|x| d > x) {
                        w.depth[s] = Some(d);
                        w.from[s] = Some(p);
                        if d > w.best {
                            w.best = d;
                            w.best_at = Some((i, k, *service, p));
                        }
                    }
                }
                _ => {
                    if w.depth[s].is_none() && *below_required {
                        w.depth[s] = Some(0);
                        w.from[s] = None;
                    }
                }
            }
            if until == Some((i, k)) {
                return w;
            }
        }
        if *to >= 1.0 {
            w.depth[s] = None;
            w.from[s] = None;
        }
    }
    w
}

fn reach(scenario: &Scenario, outcome: &Outcome) -> Reach {
    let infra = &scenario.infra;
    let n = infra.services.len();
    let Walk {
        below,
        hit,
        best,
        best_at,
        ..
    } = walk(scenario, outcome, None);
    // The deepest chain as it stood when it was last lengthened: a second walk stops
    // there and follows the `from` links once (linear in the timeline and the depth;
    // rebuilding the chain at every lengthening was cubic in the depth).
    let mut chain: Vec<ServiceId> = Vec::new();
    if let Some((i, k, end, p)) = best_at {
        let from = walk(scenario, outcome, Some((i, k))).from;
        let mut seen = vec![false; n];
        chain.push(end);
        seen[end.index()] = true;
        let mut at = p;
        while chain.len() <= best as usize && !seen[at.index()] {
            chain.push(at);
            seen[at.index()] = true;
            match from[at.index()] {
                Some(q) => at = q,
                None => break,
            }
        }
        chain.reverse();
    }
    let indirect_operators = infra
        .operators
        .iter()
        .filter(|o| {
            o.services.iter().any(|s| below[s.index()])
                && !o.services.iter().any(|s| hit[s.index()])
        })
        .map(|o| o.key.clone())
        .collect();
    let indirect_sectors = Sector::ALL
        .iter()
        .filter(|&&sec| {
            infra.services_in_sector(sec).any(|s| below[s.index()])
                && !infra.services_in_sector(sec).any(|s| hit[s.index()])
        })
        .map(|s| s.id().into())
        .collect();
    Reach {
        indirect_operators,
        indirect_sectors,
        depth: best,
        chain: chain
            .iter()
            .map(|s| infra.service(*s).key.clone())
            .collect(),
    }
}

/// The sector an incident is reported in: that of the first service its inject hits.
fn victim_sector(scenario: &Scenario, outcome: &Outcome, inject: usize) -> Option<Sector> {
    let first = outcome.injects.get(inject)?.hits.first()?.0;
    Some(scenario.infra.sector_of(first))
}

fn timeliness(scenario: &Scenario, outcome: &Outcome) -> Timeliness {
    let mut rows: BTreeMap<IncidentId, (u64, Option<Sector>, IncidentTimes)> = BTreeMap::new();
    let first = |slot: &mut Option<u64>, v: u64| {
        if slot.is_none() {
            *slot = Some(v);
        }
    };
    for e in &outcome.timeline {
        let t = e.time.0;
        match &e.what {
            Happening::InjectFired {
                inject, incident, ..
            } => {
                rows.insert(
                    *incident,
                    (
                        t,
                        victim_sector(scenario, outcome, *inject),
                        IncidentTimes {
                            incident: incident.0,
                            detect_minutes: None,
                            report_ceptor_minutes: None,
                            report_ministry_minutes: None,
                            cross_sector_share_minutes: None,
                            recovery_minutes: None,
                        },
                    ),
                );
            }
            Happening::Detected { incident, .. } => {
                if let Some((start, _, r)) = rows.get_mut(incident) {
                    first(&mut r.detect_minutes, t - *start);
                }
            }
            Happening::IncidentResolved { incident } => {
                if let Some((start, _, r)) = rows.get_mut(incident) {
                    first(&mut r.recovery_minutes, t - *start);
                }
            }
            Happening::MessageDelivered { message, to } => {
                let Some(m) = outcome.messages.get(*message as usize) else {
                    continue;
                };
                let Some(incident) = m.subject.incident else {
                    continue;
                };
                let Some((start, sector, r)) = rows.get_mut(&incident) else {
                    continue;
                };
                let dt = t - *start;
                match (*to, *sector) {
                    (Role::Ceptor(c), Some(s)) if c == s => first(&mut r.report_ceptor_minutes, dt),
                    (Role::Ministry(m), Some(s)) if m == s.ministry() => {
                        first(&mut r.report_ministry_minutes, dt)
                    }
                    (Role::Council | Role::Nisc, _) => first(&mut r.cross_sector_share_minutes, dt),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let incidents: Vec<IncidentTimes> = rows.into_values().map(|(_, _, r)| r).collect();
    let col = |f: fn(&IncidentTimes) -> Option<u64>| -> Vec<u64> {
        incidents.iter().filter_map(f).collect()
    };
    let fields: [fn(&IncidentTimes) -> Option<u64>; 5] = [
        |r| r.detect_minutes,
        |r| r.report_ceptor_minutes,
        |r| r.report_ministry_minutes,
        |r| r.cross_sector_share_minutes,
        |r| r.recovery_minutes,
    ];
    let [a, b, c, d, e] = fields.map(col);
    Timeliness {
        counts: Counts {
            detect_minutes: a.len() as u32,
            report_ceptor_minutes: b.len() as u32,
            report_ministry_minutes: c.len() as u32,
            cross_sector_share_minutes: d.len() as u32,
            recovery_minutes: e.len() as u32,
        },
        median: Medians {
            detect_minutes: median(a),
            report_ceptor_minutes: median(b),
            report_ministry_minutes: median(c),
            cross_sector_share_minutes: median(d),
            recovery_minutes: median(e),
        },
        incidents,
    }
}

fn objectives(scenario: &Scenario, outcome: &Outcome) -> Vec<ObjectiveScore> {
    let infra = &scenario.infra;
    let mut decided: BTreeMap<usize, (Status, f64, u64)> = BTreeMap::new();
    for e in &outcome.timeline {
        if let Happening::ObjectiveDecided {
            objective,
            status,
            achieved,
        } = &e.what
        {
            decided
                .entry(*objective)
                .or_insert((*status, *achieved, e.time.0));
        }
    }
    scenario
        .drill
        .objectives
        .iter()
        .enumerate()
        .map(|(k, o)| {
            let (status, achieved, at) = match decided.get(&k) {
                Some(&(s, a, t)) => (s, a, Some(t)),
                None => (Status::Pending, 0.0, None),
            };
            ObjectiveScore {
                id: o.key.clone(),
                roles: o.roles.iter().map(|r| r.id(infra)).collect(),
                expected: o.expected,
                achieved,
                status,
                decided_minutes: at,
                rating: Rating::of(status, achieved, o.expected),
            }
        })
        .collect()
}

fn scorecards(scenario: &Scenario, outcome: &Outcome) -> Vec<Scorecard> {
    let infra = &scenario.infra;
    #[derive(Default)]
    struct Acc {
        taken: u32,
        refused: u32,
        by_class: BTreeMap<ActionClass, (u32, u32)>,
        sent: u32,
        first: Option<u64>,
    }
    let mut roles: BTreeMap<Role, Acc> = BTreeMap::new();
    for a in &outcome.actions {
        let acc = roles.entry(a.role).or_default();
        let slot = acc.by_class.entry(a.action.class()).or_default();
        if a.result.is_ok() {
            acc.taken += 1;
            slot.0 += 1;
        } else {
            acc.refused += 1;
            slot.1 += 1;
        }
        acc.first.get_or_insert(a.time.0);
    }
    for m in &outcome.messages {
        roles.entry(m.from).or_default().sent += 1;
    }
    for o in &scenario.drill.objectives {
        for r in &o.roles {
            roles.entry(*r).or_default();
        }
    }
    roles
        .into_iter()
        .map(|(role, acc)| Scorecard {
            role: role.id(infra),
            actions_taken: acc.taken,
            actions_refused: acc.refused,
            by_class: acc
                .by_class
                .into_iter()
                .map(|(class, (taken, refused))| ClassCount {
                    class: class.id().into(),
                    taken,
                    refused,
                })
                .collect(),
            messages_sent: acc.sent,
            first_action_minutes: acc.first,
            objectives: scenario
                .drill
                .objectives
                .iter()
                .filter(|o| o.roles.contains(&role))
                .map(|o| o.key.clone())
                .collect(),
        })
        .collect()
}
