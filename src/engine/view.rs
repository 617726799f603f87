//! Views: what a role sees at a moment (fog of war), and what exercise control sees (all).
//! A role's view is built only from its knowledge and, for an operator, its own services:
//! nothing of another role's ground truth enters it.
//!
//! Views hold ids, times and exact levels; they know no words. Faces name and round them
//! (`crate::present`).

use crate::engine::Engine;
use crate::engine::state::{Compromise, CompromiseState, Incident};
use crate::engine::triggers::InjectStatus;
use crate::model::drill::knowledge::Learned;
use crate::model::drill::role::Role;
use crate::model::drill::{Done, MessageKind, Refusal, Tlp};
use crate::model::{AttackKind, IncidentId, OperatorId, ServiceId, SystemKind, Time};

/// A service as its operator (or exercise control) sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceView {
    /// The service.
    pub service: ServiceId,
    /// Current level, exact.
    pub level: f64,
    /// Required level.
    pub required: f64,
    /// Whether it is below required.
    pub below_required: bool,
    /// Providers whose loss currently reaches it.
    pub losing: Vec<ServiceId>,
    /// Whether it runs on backup.
    pub on_backup: bool,
}

/// How a role came to know an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// It observed it itself.
    Observed,
    /// A message told it (the message number).
    Message(u32),
    /// Exercise control: the ground truth.
    GroundTruth,
}

/// An incident as a role knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentView {
    /// Incident number (use it to refer to the incident in actions).
    pub incident: IncidentId,
    /// The attack kind, if known.
    pub attack: Option<AttackKind>,
    /// Operators known to be affected.
    pub operators: Vec<OperatorId>,
    /// When the role learned of it (control: when it began).
    pub learned: Time,
    /// How.
    pub how: Source,
    /// The handling label what it knows is bound by, and the source whose permission
    /// sharing it wider needs (docs/DRILL.md, TLP); `None` if nothing binds it (its own
    /// observation, ground truth).
    pub bound_by: Option<(Tlp, Role)>,
}

/// A message in a role's inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxItem {
    /// Message number.
    pub message: u32,
    /// Sender.
    pub from: Role,
    /// Kind.
    pub kind: MessageKind,
    /// Label.
    pub label: Tlp,
    /// The incident it is about, if any.
    pub incident: Option<IncidentId>,
    /// Attack kind, if it names one.
    pub attack: Option<AttackKind>,
    /// The sender's free text (empty for messages policies send).
    pub text: String,
    /// When it arrived.
    pub received: Time,
    /// The message it forwards.
    pub forwarded_from: Option<u32>,
}

/// An action the role took.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionView {
    /// Action number.
    pub action: u32,
    /// When.
    pub time: Time,
    /// What it did, or why it was refused.
    pub result: Result<Done, Refusal>,
}

/// What one role sees now.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleView {
    /// The role.
    pub role: Role,
    /// Clock.
    pub time: Time,
    /// Its own services (operators), every service (control), none (others).
    pub services: Vec<ServiceView>,
    /// Incidents it knows of.
    pub incidents: Vec<IncidentView>,
    /// Messages received, in arrival order.
    pub inbox: Vec<InboxItem>,
    /// Numbers of the messages it sent.
    pub sent: Vec<u32>,
    /// Its actions.
    pub actions: Vec<ActionView>,
    /// Attack kinds it has been alerted to (operators).
    pub alerts: Vec<AttackKind>,
    /// System kinds it has isolated (operators).
    pub isolated: Vec<SystemKind>,
    /// NISC's support teams not deployed (NISC and control).
    pub support_teams_available: Option<usize>,
}

/// Where an attack stands at one operator it reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttackStatus {
    /// This stage is under way.
    Running {
        /// Stage index.
        stage: usize,
    },
    /// Detected and removed before its impact.
    Contained,
    /// This stage failed its chance.
    Failed {
        /// Stage index.
        stage: usize,
    },
    /// Stopped by isolation.
    Halted,
    /// Every stage completed.
    Completed,
}

/// An incident as exercise control sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TruthIncident {
    /// Incident number.
    pub incident: IncidentId,
    /// The inject that opened it (index among the run's injects).
    pub inject: usize,
    /// When it began.
    pub started: Time,
    /// When an operator first detected it.
    pub detected: Option<Time>,
    /// When every service it hit was repaired.
    pub resolved: Option<Time>,
    /// Where an attack stands at each operator it reached.
    pub compromises: Vec<(OperatorId, AttackStatus)>,
}

/// What exercise control sees: the ground truth.
#[derive(Debug, Clone, PartialEq)]
pub struct TruthView {
    /// Clock.
    pub time: Time,
    /// Every service.
    pub services: Vec<ServiceView>,
    /// Every incident.
    pub incidents: Vec<TruthIncident>,
    /// Injects (indices) waiting for a time or condition.
    pub pending_injects: Vec<usize>,
    /// Messages sent (including those still travelling).
    pub messages: usize,
    /// Actions taken.
    pub actions: usize,
    /// Support teams not deployed.
    pub support_teams_available: usize,
    /// Operators not in their quiet state, by id (queried from the world).
    pub operators: Vec<crate::engine::census::OperatorView>,
    /// How much of the world is out of order (counted by queries).
    pub census: crate::engine::census::Census,
}

impl Engine {
    fn service_view(&self, s: ServiceId) -> ServiceView {
        let infra = self.infra();
        let svc = infra.service(s);
        let st = self.state_of(s);
        ServiceView {
            service: s,
            level: st.level,
            required: svc.required,
            below_required: st.failed_since.is_some(),
            losing: infra
                .providers_of(s)
                .filter(|d| self.edge_delivering(d.id))
                .map(|d| d.provider)
                .collect(),
            on_backup: self
                .operator_state(svc.operator)
                .backup
                .iter()
                .any(|(x, _)| *x == s),
        }
    }

    /// Every incident, by number: the world's `Incident` components, queried and put in
    /// the order of their ids (a query's own order is the store's, never relied upon).
    fn incidents_by_number(&self) -> Vec<&Incident> {
        let world = &self.world.ecs;
        let mut all: Vec<&Incident> = match world.try_query::<&Incident>() {
            Some(mut query) => query.iter(world).collect(),
            // No incident was ever spawned, so the component is not even registered.
            None => Vec::new(),
        };
        all.sort_unstable_by_key(|inc| inc.id);
        debug_assert_eq!(all.len(), self.incident_count());
        all
    }

    /// What `role` sees now. Exercise control sees every service and incident.
    pub fn view(&self, role: Role) -> RoleView {
        let infra = self.infra();
        let knowledge = self.knowledge(role);
        let services: Vec<ServiceId> = match role {
            Role::Operator(o) => infra.operator(o).services.clone(),
            Role::Control => infra.services.iter().map(|s| s.id).collect(),
            _ => Vec::new(),
        };
        let incidents = match (role, knowledge) {
            (Role::Control, _) => self
                .incidents_by_number()
                .into_iter()
                .map(|inc| {
                    // An attack lists the operators it reached; anything else (or an
                    // attack that reached none), the operators it was aimed at.
                    let operators: std::collections::BTreeSet<_> = if inc.reached.is_empty() {
                        self.inject(inc.inject)
                            .hits
                            .iter()
                            .map(|(s, _)| infra.service(*s).operator)
                            .collect()
                    } else {
                        inc.reached.clone()
                    };
                    IncidentView {
                        incident: inc.id,
                        attack: inc.attack,
                        operators: operators.into_iter().collect(),
                        learned: inc.started,
                        how: Source::GroundTruth,
                        bound_by: None,
                    }
                })
                .collect(),
            (_, Some(k)) => k
                .incidents
                .iter()
                .map(|(id, known)| IncidentView {
                    incident: *id,
                    attack: known.attack,
                    operators: known.operators.iter().copied().collect(),
                    learned: known.learned,
                    how: match known.how {
                        Learned::Observed => Source::Observed,
                        Learned::Message(m) => Source::Message(m),
                    },
                    bound_by: known.restriction.map(|r| (r.label, r.source)),
                })
                .collect(),
            _ => Vec::new(),
        };
        let inbox = knowledge
            .map(|k| {
                k.inbox
                    .iter()
                    .map(|(m, at)| {
                        let msg = &self.messages()[*m as usize];
                        InboxItem {
                            message: msg.id,
                            from: msg.from,
                            kind: msg.kind,
                            label: msg.label,
                            incident: msg.subject.incident,
                            attack: msg.subject.attack,
                            text: msg.text.clone(),
                            received: *at,
                            forwarded_from: msg.forwarded_from,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (alerts, isolated) = match role {
            Role::Operator(o) => {
                let st = self.operator_state(o);
                (
                    st.alerted.iter().map(|(a, _)| *a).collect(),
                    st.isolated.iter().map(|(k, _)| *k).collect(),
                )
            }
            _ => (Vec::new(), Vec::new()),
        };
        RoleView {
            role,
            time: self.now(),
            services: services.into_iter().map(|s| self.service_view(s)).collect(),
            incidents,
            inbox,
            sent: knowledge.map(|k| k.sent.clone()).unwrap_or_default(),
            actions: self
                .actions()
                .iter()
                .filter(|a| a.role == role)
                .map(|a| ActionView {
                    action: a.id,
                    time: a.time,
                    result: a.result.clone(),
                })
                .collect(),
            alerts,
            isolated,
            support_teams_available: matches!(role, Role::Nisc | Role::Control)
                .then(|| self.teams_available()),
        }
    }

    /// What exercise control sees: the ground truth.
    pub fn truth(&self) -> TruthView {
        let infra = self.infra();
        let incidents = self
            .incidents_by_number()
            .into_iter()
            .map(|inc| {
                let id = inc.id;
                let mut compromises = Vec::new();
                for o in &inc.reached {
                    for c in &self.operator_state(*o).compromises {
                        let Some(comp) = self.world.ecs.get::<Compromise>(*c) else {
                            continue;
                        };
                        if comp.incident != id {
                            continue;
                        }
                        let stage = comp.stage;
                        let status = match comp.state {
                            CompromiseState::Running => AttackStatus::Running { stage },
                            CompromiseState::Contained => AttackStatus::Contained,
                            CompromiseState::Failed => AttackStatus::Failed { stage },
                            CompromiseState::Halted => AttackStatus::Halted,
                            CompromiseState::Completed => AttackStatus::Completed,
                        };
                        compromises.push((*o, status));
                    }
                }
                TruthIncident {
                    incident: id,
                    inject: inc.inject,
                    started: inc.started,
                    detected: inc.detected,
                    resolved: inc.resolved,
                    compromises,
                }
            })
            .collect();
        TruthView {
            time: self.now(),
            services: infra
                .services
                .iter()
                .map(|s| self.service_view(s.id))
                .collect(),
            incidents,
            pending_injects: self
                .drill
                .inject_status
                .iter()
                .enumerate()
                .filter(|(_, s)| matches!(s, InjectStatus::Waiting | InjectStatus::Scheduled(_)))
                .map(|(i, _)| i)
                .collect(),
            messages: self.messages().len(),
            actions: self.actions().len(),
            support_teams_available: self.teams_available(),
            operators: self.operators_astir(),
            census: self.census(),
        }
    }
}
