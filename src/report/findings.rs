//! Strengths and areas for improvement of a drill, by the rules of docs/REPORT.md, each
//! area with a root cause drawn from the run (the dependency that delivered the loss, the
//! channel that delayed a report, the label or the empty pool that refused an action, the
//! action the playbook took and the players did not) and an owner who can act on it.
//! Areas whose owner followed a written policy (nobody played the role) are kept apart
//! from the exercise's own: they are about the scenario's policies, not the players.

use super::aar::Cx;
use crate::model::drill::{Channel, Role};
use crate::model::objective::{Down, Goal, ReportTo, SharedTo};
use crate::model::{EdgeId, Sector};
use crate::present::json::{CauseJson, HappeningJson, RefusalJson};
use crate::present::report::{
    ActionSummary, MessageRecord, OriginRecord, ResultRecord, ServiceSummary,
};
use crate::present::reports::aar as say;
use crate::present::reports::{Capability, Element};
use crate::score::Rating;

/// Hours below required after which a sector is an area for improvement (rule A2).
pub const SECTOR_HOURS_LIMIT: f64 = 6.0;

/// Minutes after detection by which an incident should reach its sector's CEPTOR (rule
/// A3), unless the scenario sets its own reporting objective ([`reporting_rule`]).
/// Assumption: one hour (the seeds set no deadline).
pub const REPORT_LIMIT_MINUTES: u64 = 60;

/// The reporting rule A3 holds incidents to: the scenario's own drill-wide reporting
/// objective (`ReportedWithin(to: Ceptor | Ministry, within)` without a scope) where it has
/// one, the first such; else [`REPORT_LIMIT_MINUTES`] to the CEPTOR. `None` when the
/// scenario's only reporting objectives are scoped or to the police or NISC: their own
/// ratings (A1) judge reporting then.
pub fn reporting_rule(scenario: &crate::model::Scenario) -> Option<(ReportTo, u64)> {
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

/// A strength.
#[derive(Debug, Clone, PartialEq)]
pub struct Strength {
    /// The capability it shows.
    pub capability: Capability,
    /// What went well.
    pub text: String,
}

/// An area for improvement.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// The rule that found it (`A1`…`A6`).
    pub rule: &'static str,
    /// The capability it concerns.
    pub capability: Capability,
    /// What happened.
    pub observation: String,
    /// Why, from the run.
    pub cause: String,
    /// What to do about it.
    pub action: String,
    /// The capability element the action works on.
    pub element: Element,
    /// The role who can act on it (a role id).
    pub owner: String,
    /// Whether the owner was played by a person (else: it followed a written policy).
    pub played: bool,
    /// The objective it is about, if any.
    pub objective: Option<String>,
}

impl Area {
    /// Days from the plan's start to its completion date (docs/REPORT.md): training can
    /// be done within a month, organisation and planning within two, equipment and a
    /// re-run of the exercise within three.
    pub fn due_days(&self) -> i64 {
        match self.element {
            Element::Training => 30,
            Element::Organization | Element::Planning => 60,
            Element::Equipment | Element::Exercise => 90,
        }
    }
}

/// What the rules found.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Strengths.
    pub strengths: Vec<Strength>,
    /// Areas for improvement, the exercise's and the policies' (see [`Area::played`]).
    pub areas: Vec<Area>,
}

/// The capability an objective exercises.
pub fn capability_of(goal: &Goal) -> Capability {
    match goal {
        Goal::ReportedWithin { .. } | Goal::SharedWithin { .. } | Goal::NoForwardOf { .. } => {
            Capability::InformationSharing
        }
        Goal::SectorAbove { .. }
        | Goal::ServiceAbove { .. }
        | Goal::DownAtMost { .. }
        | Goal::NeverBelowRequired { .. } => Capability::RestorationOfService,
    }
}

/// How a report about an incident reached one recipient.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// The message that got there first.
    pub message: u32,
    /// Its sender (a role id).
    pub from: String,
    /// When it was sent (minutes since the start).
    pub sent: u64,
    /// When it arrived.
    pub at: u64,
    /// The channel it travelled.
    pub channel: Option<Channel>,
}

/// The detection of an incident: when, and by whom first.
#[derive(Debug, Clone, PartialEq)]
struct Detection {
    at: u64,
    operator: String,
}

impl Cx<'_> {
    fn detection(&self, incident: u32) -> Option<Detection> {
        self.result.timeline.iter().find_map(|e| match &e.what {
            HappeningJson::Detected {
                incident: i,
                operator,
                ..
            } if *i == incident => Some(Detection {
                at: e.t,
                operator: operator.clone(),
            }),
            _ => None,
        })
    }

    /// The detection of `incident` by the operator keyed `operator`.
    fn detection_by(&self, incident: u32, operator: &str) -> Option<Detection> {
        self.result.timeline.iter().find_map(|e| match &e.what {
            HappeningJson::Detected {
                incident: i,
                operator: o,
                ..
            } if *i == incident && o == operator => Some(Detection {
                at: e.t,
                operator: o.clone(),
            }),
            _ => None,
        })
    }

    fn role_of(&self, id: &str) -> Option<Role> {
        Role::parse(id, &self.scenario.infra).ok()
    }

    /// The first delivery to `to` of a message about `incident`.
    pub fn first_delivery(&self, incident: u32, to: &str) -> Option<Delivery> {
        self.result
            .messages
            .iter()
            .filter(|m| m.subject.incident == Some(incident))
            .filter_map(|m| {
                let d = m.to.iter().find(|d| d.role == to)?;
                Some(Delivery {
                    message: m.id,
                    from: m.from.clone(),
                    sent: m.sent,
                    at: d.at,
                    channel: self.channel(&m.from, to),
                })
            })
            .min_by_key(|d| (d.at, d.message))
    }

    /// The channel from one role to another.
    pub fn channel(&self, from: &str, to: &str) -> Option<Channel> {
        Channel::between(self.role_of(from)?, self.role_of(to)?, &self.scenario.infra)
    }

    /// The first message about `incident` that `operator` sent.
    fn first_sent_by(&self, incident: u32, role: &str) -> Option<&MessageRecord> {
        self.result
            .messages
            .iter()
            .find(|m| m.subject.incident == Some(incident) && m.from == role)
    }

    fn victim_roles(&self, operator: &str) -> Option<(String, String)> {
        let Role::Operator(o) = self.role_of(&format!("operator:{operator}"))? else {
            return None;
        };
        let sector = self.scenario.infra.operator(o).sector;
        Some((
            format!("ceptor:{}", sector.id()),
            format!("ministry:{}", sector.ministry().id()),
        ))
    }

    fn inject_of(&self, incident: u32) -> String {
        self.result
            .incidents
            .iter()
            .find(|i| i.id == incident)
            .map_or_else(|| format!("#{incident}"), |i| i.inject.clone())
    }

    fn start_of(&self, incident: u32) -> u64 {
        self.result
            .incidents
            .iter()
            .find(|i| i.id == incident)
            .map_or(0, |i| i.t)
    }

    /// A delivery in words: sent so long after detection, arrived so long after, by
    /// which channel and its delay.
    fn delivery_words(&self, d: &Delivery, detected: u64, to: &str) -> String {
        say::delivery(
            self.lang,
            d.message,
            &self.role(&d.from),
            d.sent.saturating_sub(detected),
            &self.role(to),
            d.at.saturating_sub(detected),
            d.channel.map(|c| self.channel_words(c)).as_deref(),
            d.at.saturating_sub(d.sent),
        )
    }

    /// A channel and the delay the scenario gives it.
    pub fn channel_words(&self, c: Channel) -> String {
        say::channel_with_delay(
            self.lang,
            c,
            &self.scenario.params.delay(c),
            self.scenario.params.message_delays.contains_key(&c),
        )
    }

    /// Why a sector's services were below required: the service below longest, and the
    /// first cause of its fall (a dependency or an incident). Returns the words and the
    /// role who can act (the dependent service's operator).
    fn sector_cause(&self, sector: &str) -> Option<(String, String)> {
        self.cause_among(&|s| s.sector == sector)
    }

    /// Why the services `pick` chooses were below required: the one below longest, and the
    /// first cause of its fall; and the role who can act (its operator).
    fn cause_among(&self, pick: &dyn Fn(&ServiceSummary) -> bool) -> Option<(String, String)> {
        let worst = self
            .result
            .services
            .iter()
            .filter(|s| pick(s) && s.hours_below_required > 0.0)
            .max_by(|a, b| {
                a.hours_below_required
                    .total_cmp(&b.hours_below_required)
                    .then(b.id.cmp(&a.id))
            })?;
        let owner = format!("operator:{}", worst.operator);
        let cause = self.result.timeline.iter().find_map(|e| match &e.what {
            HappeningJson::LevelChanged {
                service,
                below_required: true,
                causes,
                ..
            } if *service == worst.id => causes.first().cloned(),
            _ => None,
        });
        let words = match cause {
            Some(CauseJson::Dependency { edge }) => {
                let dep = self.scenario.infra.dependency(EdgeId(edge.index));
                let provider_sector = Sector::from_id(
                    &self
                        .result
                        .services
                        .iter()
                        .find(|s| s.id == edge.provider)
                        .map_or(String::new(), |s| s.sector.clone()),
                )
                .map(|s| self.words.sector(s).to_string())
                .unwrap_or_default();
                say::fell_through_dependency(
                    self.lang,
                    &worst.id,
                    &self.hours(worst.hours_below_required),
                    &edge.provider,
                    &provider_sector,
                    self.words.dependency_kind(dep.kind),
                    (dep.tolerance.0 > 0)
                        .then(|| self.duration(dep.tolerance.0))
                        .as_deref(),
                )
            }
            Some(CauseJson::Incident { incident }) => say::hit_directly(
                self.lang,
                &worst.id,
                &self.hours(worst.hours_below_required),
                &self.inject_of(incident),
            ),
            _ => say::below_for(
                self.lang,
                &worst.id,
                &self.hours(worst.hours_below_required),
            ),
        };
        Some((words, owner))
    }

    fn is_player(&self, role: &str) -> bool {
        self.players.iter().any(|p| p == role)
    }
}

/// Applies the rules.
pub fn findings(cx: &Cx) -> Findings {
    let mut f = Findings::default();
    objectives(cx, &mut f);
    counterfactuals(cx, &mut f);
    sectors(cx, &mut f);
    reporting(cx, &mut f);
    refusals(cx, &mut f);
    undetected(cx, &mut f);
    f
}

/// S1 / A1: objectives rated P, and rated M or U with the cause of the shortfall.
fn objectives(cx: &Cx, f: &mut Findings) {
    for o in &cx.result.score.objectives {
        let spec = cx.scenario.drill.objectives.iter().find(|x| x.key == o.id);
        let capability = spec.map_or(Capability::InformationSharing, |s| capability_of(&s.goal));
        let text = cx.objective_text(&o.id, &o.text);
        match o.rating {
            Rating::P => f.strengths.push(Strength {
                capability,
                text: say::objective_met(cx.lang, &o.id, &text),
            }),
            Rating::M | Rating::U => {
                let (cause, action, element) = match spec.map(|s| &s.goal) {
                    Some(Goal::ReportedWithin {
                        to,
                        within,
                        inject,
                        operator,
                    }) => {
                        let to_words = match to {
                            ReportTo::Ceptor => say::ReportTarget::Ceptor,
                            ReportTo::Ministry => say::ReportTarget::Ministry,
                            ReportTo::Police => say::ReportTarget::Police,
                            ReportTo::Nisc => say::ReportTarget::Nisc,
                        };
                        let by = operator.map(|o| cx.scenario.infra.operator(o).key.clone());
                        let parts: Vec<String> = cx
                            .result
                            .incidents
                            .iter()
                            .filter(|i| inject.is_none_or(|k| i.inject_index == k))
                            .filter_map(|i| {
                                let d = match &by {
                                    Some(op) => cx.detection_by(i.id, op)?,
                                    None => cx.detection(i.id)?,
                                };
                                let (ceptor, ministry) = cx.victim_roles(&d.operator)?;
                                let role = match to {
                                    ReportTo::Ceptor => ceptor,
                                    ReportTo::Ministry => ministry,
                                    ReportTo::Police => "police".to_string(),
                                    ReportTo::Nisc => "nisc".to_string(),
                                };
                                Some(match cx.first_delivery(i.id, &role) {
                                    Some(del) => format!(
                                        "{}: {}",
                                        i.inject,
                                        cx.delivery_words(&del, d.at, &role)
                                    ),
                                    None => say::never_reached(cx.lang, &i.inject, &cx.role(&role)),
                                })
                            })
                            .collect();
                        (
                            say::join(cx.lang, &parts),
                            say::rehearse_reporting(cx.lang, to_words, &cx.duration(within.0)),
                            Element::Training,
                        )
                    }
                    Some(Goal::SharedWithin { to, within }) => {
                        let sectors: Vec<Sector> = match to {
                            SharedTo::AllCeptors => Sector::ALL.to_vec(),
                            SharedTo::Sectors(list) => list.clone(),
                        };
                        let parts: Vec<String> = cx
                            .result
                            .incidents
                            .iter()
                            .filter_map(|i| {
                                let d = cx.detection(i.id)?;
                                let (own, _) = cx.victim_roles(&d.operator)?;
                                let missed: Vec<String> = sectors
                                    .iter()
                                    .map(|s| format!("ceptor:{}", s.id()))
                                    .filter(|c| *c != own)
                                    .filter(|c| {
                                        cx.first_delivery(i.id, c)
                                            .is_none_or(|del| del.at > d.at + within.0)
                                    })
                                    .map(|c| cx.role(&c))
                                    .collect();
                                (!missed.is_empty())
                                    .then(|| say::not_shared_in_time(cx.lang, &i.inject, &missed))
                            })
                            .collect();
                        (
                            say::join(cx.lang, &parts),
                            say::share_across_sectors(cx.lang, &cx.duration(within.0)),
                            Element::Organization,
                        )
                    }
                    Some(Goal::ServiceAbove { service, .. }) => {
                        let key = cx.scenario.infra.service(*service).key.clone();
                        (
                            cx.cause_among(&|s| s.id == key)
                                .map(|(w, _)| w)
                                .unwrap_or_default(),
                            say::buffer_or_backup(cx.lang),
                            Element::Planning,
                        )
                    }
                    Some(Goal::DownAtMost { what, .. }) => {
                        let infra = &cx.scenario.infra;
                        let cause = match what {
                            Down::Service(s) => {
                                let key = infra.service(*s).key.clone();
                                cx.cause_among(&|x| x.id == key)
                            }
                            Down::System(y) => {
                                let op = infra
                                    .operator(infra.service(infra.system(*y).service).operator)
                                    .key
                                    .clone();
                                cx.cause_among(&|x| x.operator == op)
                            }
                            Down::Operator(o) => {
                                let op = infra.operator(*o).key.clone();
                                cx.cause_among(&|x| x.operator == op)
                            }
                        };
                        (
                            cause.map(|(w, _)| w).unwrap_or_default(),
                            say::buffer_or_backup(cx.lang),
                            Element::Planning,
                        )
                    }
                    Some(Goal::NoForwardOf { label }) => {
                        let forwards: Vec<String> = cx
                            .result
                            .actions
                            .iter()
                            .filter_map(|a| forwarded_label(cx, a, label.label()))
                            .collect();
                        (
                            say::join(cx.lang, &forwards),
                            say::respect_label(cx.lang, label.label()),
                            Element::Training,
                        )
                    }
                    Some(
                        Goal::SectorAbove { sector, .. } | Goal::NeverBelowRequired { sector },
                    ) => (
                        cx.sector_cause(sector.id())
                            .map(|(w, _)| w)
                            .unwrap_or_default(),
                        say::buffer_or_backup_for_sector(cx.lang, cx.words.sector(*sector)),
                        Element::Planning,
                    ),
                    None => (String::new(), String::new(), Element::Exercise),
                };
                let owner = o
                    .roles
                    .iter()
                    .find(|r| cx.is_player(r))
                    .or(o.roles.first())
                    .cloned()
                    .unwrap_or_else(|| "nisc".into());
                f.areas.push(Area {
                    rule: "A1",
                    capability,
                    observation: say::objective_short(
                        cx.lang,
                        &o.id,
                        &cx.rating_word(o.rating),
                        &text,
                    ),
                    cause,
                    action,
                    element,
                    played: cx.is_player(&owner),
                    owner,
                    objective: Some(o.id.clone()),
                });
            }
            Rating::S => {}
        }
    }
}

fn forwarded_label(cx: &Cx, a: &ActionSummary, label: &str) -> Option<String> {
    use crate::present::report::ActionRecordJson;
    let ActionRecordJson::Forward { message, .. } = &a.action else {
        return None;
    };
    let m = cx.result.messages.iter().find(|m| m.id == *message)?;
    (matches!(a.result, ResultRecord::Taken { .. }) && m.label == label)
        .then(|| say::forwarded(cx.lang, *message, label, &cx.role(&a.role), &cx.time(a.t)))
}

/// S2 / A4: the players against doing nothing and against the playbook.
fn counterfactuals(cx: &Cx, f: &mut Findings) {
    let (Some(idle), Some(book)) = (cx.no_action, cx.playbook) else {
        return;
    };
    if cx.players.is_empty() {
        return;
    }
    let drill = super::aar::impact_of(cx.result);
    let (idle_i, book_i) = (super::aar::impact_of(idle), super::aar::impact_of(book));
    if drill < idle_i {
        f.strengths.push(Strength {
            capability: Capability::OperationalCoordination,
            text: say::saved_against_idle(cx.lang, &cx.person_hours(idle_i - drill)),
        });
    }
    if drill > book_i {
        // The playbook's actions for the players' roles that the players did not take.
        let taken = |doc: &crate::present::Report, role: &str| -> Vec<String> {
            doc.actions
                .iter()
                .filter(|a| a.role == role && matches!(a.result, ResultRecord::Taken { .. }))
                .map(|a| serde_json::to_string(&a.action).unwrap_or_default())
                .collect()
        };
        let mut missing = Vec::new();
        for p in cx.players {
            let ours = taken(cx.result, p);
            for a in book.actions.iter().filter(|a| {
                &a.role == p
                    && matches!(a.origin, OriginRecord::Policy { .. })
                    && matches!(a.result, ResultRecord::Taken { .. })
            }) {
                let key = serde_json::to_string(&a.action).unwrap_or_default();
                if !ours.contains(&key) {
                    missing.push(say::playbook_did(
                        cx.lang,
                        &cx.role(p),
                        &say::action_brief(cx.lang, &a.action),
                        &cx.time(a.t),
                    ));
                }
            }
        }
        let total = missing.len();
        missing.truncate(3);
        f.areas.push(Area {
            rule: "A4",
            capability: Capability::OperationalCoordination,
            observation: say::worse_than_playbook(cx.lang, &cx.person_hours(drill - book_i)),
            cause: say::missing_actions(cx.lang, &missing, total),
            action: say::compare_with_playbook(cx.lang),
            element: Element::Training,
            owner: cx.players.first().cloned().unwrap_or_default(),
            played: true,
            objective: None,
        });
    }
}

/// A2: sectors below required for longer than the limit.
fn sectors(cx: &Cx, f: &mut Findings) {
    for s in &cx.result.sectors {
        if s.hours_below_required <= SECTOR_HOURS_LIMIT {
            continue;
        }
        let (cause, owner) = cx
            .sector_cause(&s.id)
            .unwrap_or_else(|| (String::new(), format!("ceptor:{}", s.id)));
        let name = Sector::from_id(&s.id).map_or(s.id.clone(), |x| cx.sector_name(x));
        f.areas.push(Area {
            rule: "A2",
            capability: Capability::RestorationOfService,
            observation: say::sector_below(
                cx.lang,
                &name,
                &cx.hours(s.hours_below_required),
                &cx.hours(SECTOR_HOURS_LIMIT),
            ),
            cause,
            action: say::buffer_or_backup(cx.lang),
            element: Element::Equipment,
            played: cx.is_player(&owner),
            owner,
            objective: None,
        });
    }
}

/// A3 (and a strength): each detected incident's report to its sector's CEPTOR: never
/// sent, sent late, or sent in time and delivered late by its channel.
fn reporting(cx: &Cx, f: &mut Findings) {
    let Some((to, limit)) = reporting_rule(cx.scenario) else {
        return;
    };
    for i in &cx.result.incidents {
        let Some(d) = cx.detection(i.id) else {
            continue;
        };
        let Some((ceptor, ministry)) = cx.victim_roles(&d.operator) else {
            continue;
        };
        // The recipient the rule asks for, and the other one beside it.
        let (target, other) = if to == ReportTo::Ministry {
            (ministry, ceptor)
        } else {
            (ceptor, ministry)
        };
        let operator = format!("operator:{}", d.operator);
        let head = say::incident_head(
            cx.lang,
            i.id,
            &i.inject,
            &cx.time(d.at),
            &cx.role(&operator),
        );
        let sent = cx.first_sent_by(i.id, &operator);
        let delivery = cx.first_delivery(i.id, &target);
        let late_sent = sent.is_some_and(|m| m.sent > d.at + limit);
        match (sent, &delivery) {
            (_, Some(del)) if del.at <= d.at + limit => {
                if cx.is_player(&del.from) {
                    f.strengths.push(Strength {
                        capability: Capability::InformationSharing,
                        text: format!("{head} {}", cx.delivery_words(del, d.at, &target)),
                    });
                }
            }
            (None, None) => f.areas.push(Area {
                rule: "A3",
                capability: Capability::InformationSharing,
                observation: say::not_reported(cx.lang, &head, &cx.role(&target)),
                cause: say::no_report_sent(cx.lang, &cx.role(&operator), cx.is_player(&operator)),
                action: say::report_every_incident(cx.lang, &cx.duration(limit)),
                element: if cx.is_player(&operator) {
                    Element::Training
                } else {
                    Element::Planning
                },
                played: cx.is_player(&operator),
                owner: operator,
                objective: None,
            }),
            _ if late_sent => {
                let m = sent.expect("late_sent implies sent");
                f.areas.push(Area {
                    rule: "A3",
                    capability: Capability::InformationSharing,
                    observation: say::sent_late(
                        cx.lang,
                        &head,
                        m.id,
                        m.sent - d.at,
                        &cx.duration(limit),
                    ),
                    cause: say::sent_late_cause(cx.lang, &cx.role(&operator), &cx.time(m.sent)),
                    action: say::report_every_incident(cx.lang, &cx.duration(limit)),
                    element: Element::Training,
                    played: cx.is_player(&operator),
                    owner: operator,
                    objective: None,
                });
            }
            (Some(_), None) => f.areas.push(Area {
                rule: "A3",
                capability: Capability::InformationSharing,
                observation: say::not_reported(cx.lang, &head, &cx.role(&target)),
                cause: say::not_addressed(cx.lang, &cx.role(&operator), &cx.role(&target)),
                action: say::report_every_incident(cx.lang, &cx.duration(limit)),
                element: Element::Training,
                played: cx.is_player(&operator),
                owner: operator,
                objective: None,
            }),
            (_, Some(del)) => {
                // Sent in time, delivered late: the channel held it.
                let mut cause = cx.delivery_words(del, d.at, &target);
                if let Some(m) = cx.first_delivery(i.id, &other) {
                    cause = say::and_then(cx.lang, &cause, &cx.delivery_words(&m, d.at, &other));
                }
                f.areas.push(Area {
                    rule: "A3",
                    capability: Capability::InformationSharing,
                    observation: say::delivered_late(
                        cx.lang,
                        &head,
                        &cx.role(&target),
                        del.at - d.at,
                        &cx.duration(limit),
                    ),
                    cause,
                    action: say::faster_route(
                        cx.lang,
                        &del.channel.map(|c| cx.channel_words(c)).unwrap_or_default(),
                    ),
                    element: Element::Organization,
                    played: cx.is_player(&target),
                    owner: target,
                    objective: None,
                });
            }
        }
        let _ = cx.start_of(i.id);
    }
}

/// A5: refused actions, with the cause of the refusal and who can remove it.
fn refusals(cx: &Cx, f: &mut Findings) {
    for a in &cx.result.actions {
        let ResultRecord::Refused { reason } = &a.result else {
            continue;
        };
        let by_player = a.origin == OriginRecord::Player;
        let text = a.text.clone();
        let observation =
            say::action_refused(cx.lang, a.id, &cx.role(&a.role), &cx.time(a.t), &text);
        let (cause, action, element, capability, owner) = match reason {
            RefusalJson::LabelForbids {
                message, label, to, ..
            } => {
                let source = cx
                    .result
                    .messages
                    .iter()
                    .find(|m| m.id == *message)
                    .map(|m| m.source.clone().unwrap_or_else(|| m.from.clone()))
                    .unwrap_or_else(|| a.role.clone());
                (
                    say::label_set_by(cx.lang, *message, label, &cx.role(&source), &cx.role(to)),
                    say::label_for_sharing(cx.lang, &cx.role(&source)),
                    Element::Training,
                    Capability::InformationSharing,
                    source,
                )
            }
            RefusalJson::KnowledgeLabelForbids {
                incident,
                learned,
                label,
                to,
            } => {
                // The message that taught the acting role under that label.
                let taught = cx.result.messages.iter().find(|m| {
                    m.subject.incident == Some(*incident)
                        && m.label == learned.as_ref()
                        && m.to.iter().any(|d| d.role == a.role)
                });
                let source = taught
                    .map(|m| m.source.clone().unwrap_or_else(|| m.from.clone()))
                    .unwrap_or_else(|| a.role.clone());
                (
                    say::knowledge_label(
                        cx.lang,
                        &cx.role(&a.role),
                        &cx.inject_of(*incident),
                        learned,
                        taught.map(|m| m.id),
                        &cx.role(&source),
                        label,
                        to.as_deref().map(|t| cx.role(t)).as_deref(),
                    ),
                    say::label_for_sharing(cx.lang, &cx.role(&source)),
                    Element::Training,
                    Capability::InformationSharing,
                    source,
                )
            }
            RefusalJson::AllTeamsDeployed { teams } => (
                say::all_teams_deployed(cx.lang, *teams),
                say::plan_support_capacity(cx.lang),
                Element::Equipment,
                Capability::OperationalCoordination,
                "nisc".to_string(),
            ),
            other => (
                say::refused_by_rule(cx.lang, other),
                say::review_rule(cx.lang),
                Element::Training,
                Capability::OperationalCoordination,
                a.role.clone(),
            ),
        };
        // A policy's refusal caused by a player (its label) is the exercise's finding.
        let played = by_player || cx.is_player(&owner);
        f.areas.push(Area {
            rule: "A5",
            capability,
            observation,
            cause,
            action,
            element,
            played,
            owner,
            objective: None,
        });
    }
}

/// A6: incidents nobody detected.
fn undetected(cx: &Cx, f: &mut Findings) {
    for t in &cx.result.score.timeliness.incidents {
        if t.detect_minutes.is_some() {
            continue;
        }
        // The operator of the first service it hit.
        let hit = cx.result.timeline.iter().find_map(|e| match &e.what {
            HappeningJson::LevelChanged {
                service, causes, ..
            } if causes.iter().any(
                |c| matches!(c, CauseJson::Incident { incident } if *incident == t.incident),
            ) =>
            {
                cx.result
                    .services
                    .iter()
                    .find(|s| &s.id == service)
                    .map(|s| format!("operator:{}", s.operator))
            }
            _ => None,
        });
        let Some(owner) = hit else { continue };
        f.areas.push(Area {
            rule: "A6",
            capability: Capability::SituationalAwareness,
            observation: say::never_detected(cx.lang, t.incident, &cx.inject_of(t.incident)),
            cause: say::never_detected_cause(cx.lang, &cx.role(&owner)),
            action: say::raise_monitoring(cx.lang),
            element: Element::Equipment,
            played: cx.is_player(&owner),
            owner,
            objective: None,
        });
    }
}
