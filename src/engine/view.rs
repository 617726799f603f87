//! Views: what a role sees at a moment (fog of war), and what exercise control sees (all).
//! A role's view is built only from its knowledge and, for an operator, its own services:
//! nothing of another role's ground truth enters it.

use crate::engine::Engine;
use crate::engine::state::{Compromise, CompromiseState};
use crate::engine::triggers::InjectStatus;
use crate::model::drill::knowledge::Learned;
use crate::model::drill::role::Role;
use crate::model::{IncidentId, ServiceId};
use serde::Serialize;

/// A service as its operator (or exercise control) sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceView {
    /// Service id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Current level.
    pub level: f64,
    /// Required level.
    pub required: f64,
    /// Whether it is below required.
    pub below_required: bool,
    /// Providers whose loss currently reaches it.
    pub losing: Vec<String>,
    /// Whether it runs on backup.
    pub on_backup: bool,
}

/// An incident as a role knows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentView {
    /// Incident number (use it to refer to the incident in actions).
    pub id: u32,
    /// The attack kind, if known.
    pub attack: Option<String>,
    /// Operators known to be affected.
    pub operators: Vec<String>,
    /// When the role learned of it.
    pub learned: String,
    /// How: `observed` or `message #n`.
    pub how: String,
}

/// A message in a role's inbox.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboxItem {
    /// Message number.
    pub id: u32,
    /// Sender role id.
    pub from: String,
    /// Kind.
    pub kind: String,
    /// Label.
    pub label: String,
    /// Incident number, if it is about one.
    pub incident: Option<u32>,
    /// Attack kind, if it names one.
    pub attack: Option<String>,
    /// Text.
    pub text: String,
    /// When it arrived.
    pub received: String,
    /// The message it forwards.
    pub forwarded_from: Option<u32>,
}

/// An action the role took.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionView {
    /// Action number.
    pub id: u32,
    /// When.
    pub time: String,
    /// What it did, or why it was refused.
    pub result: String,
    /// Whether it took effect.
    pub done: bool,
}

/// What one role sees now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleView {
    /// Role id.
    pub role: String,
    /// English name.
    pub name: String,
    /// Japanese name.
    pub name_ja: String,
    /// Clock, `T+hh:mm`.
    pub time: String,
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
    pub alerts: Vec<String>,
    /// System kinds it has isolated (operators).
    pub isolated: Vec<String>,
    /// NISC's support teams not deployed (NISC and control).
    pub support_teams_available: Option<usize>,
}

/// An incident as exercise control sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TruthIncident {
    /// Incident number.
    pub id: u32,
    /// The inject that opened it.
    pub inject: String,
    /// What it is.
    pub kind: String,
    /// When it began.
    pub started: String,
    /// When an operator first detected it.
    pub detected: Option<String>,
    /// When every service it hit was repaired.
    pub resolved: Option<String>,
    /// Where an attack stands at each operator it reached: `running (stage)`,
    /// `contained`, `failed`, `halted`, `completed`.
    pub compromises: Vec<(String, String)>,
}

/// What exercise control sees: the ground truth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TruthView {
    /// Clock.
    pub time: String,
    /// Every service.
    pub services: Vec<ServiceView>,
    /// Every incident.
    pub incidents: Vec<TruthIncident>,
    /// Injects waiting for a time or condition.
    pub pending_injects: Vec<String>,
    /// Messages sent (including those still travelling).
    pub messages: usize,
    /// Actions taken.
    pub actions: usize,
    /// Support teams not deployed.
    pub support_teams_available: usize,
}

impl Engine {
    fn service_view(&self, s: ServiceId) -> ServiceView {
        let infra = self.infra();
        let svc = infra.service(s);
        let st = self.state_of(s);
        ServiceView {
            id: svc.key.clone(),
            name: svc.name.clone(),
            level: st.level,
            required: svc.required,
            below_required: st.failed_since.is_some(),
            losing: infra
                .providers_of(s)
                .filter(|d| self.edge_delivering(d.id))
                .map(|d| infra.service(d.provider).key.clone())
                .collect(),
            on_backup: self
                .operator_state(svc.operator)
                .backup
                .iter()
                .any(|(x, _)| *x == s),
        }
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
            (Role::Control, _) => (0..self.incident_count())
                .map(|i| {
                    let inc = self.incident(IncidentId(i as u32));
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
                    let operators = operators
                        .iter()
                        .map(|o| infra.operator(*o).key.clone())
                        .collect();
                    IncidentView {
                        id: i as u32,
                        attack: inc.attack.map(|a| a.label().to_string()),
                        operators,
                        learned: inc.started.to_string(),
                        how: "ground truth".into(),
                    }
                })
                .collect(),
            (_, Some(k)) => k
                .incidents
                .iter()
                .map(|(id, known)| IncidentView {
                    id: id.0,
                    attack: known.attack.map(|a| a.label().to_string()),
                    operators: known
                        .operators
                        .iter()
                        .map(|o| infra.operator(*o).key.clone())
                        .collect(),
                    learned: known.learned.to_string(),
                    how: match known.how {
                        Learned::Observed => "observed".into(),
                        Learned::Message(m) => format!("message #{m}"),
                    },
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
                            id: msg.id,
                            from: msg.from.id(infra),
                            kind: msg.kind.id().into(),
                            label: msg.label.label().into(),
                            incident: msg.subject.incident.map(|i| i.0),
                            attack: msg.subject.attack.map(|a| a.label().to_string()),
                            text: msg.text.clone(),
                            received: at.to_string(),
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
                    st.alerted
                        .iter()
                        .map(|(a, _)| a.label().to_string())
                        .collect(),
                    st.isolated
                        .iter()
                        .map(|(k, _)| k.id().to_string())
                        .collect(),
                )
            }
            _ => (Vec::new(), Vec::new()),
        };
        RoleView {
            role: role.id(infra),
            name: role.name(infra),
            name_ja: role.name_ja(infra),
            time: self.now().to_string(),
            services: services.into_iter().map(|s| self.service_view(s)).collect(),
            incidents,
            inbox,
            sent: knowledge.map(|k| k.sent.clone()).unwrap_or_default(),
            actions: self
                .actions()
                .iter()
                .filter(|a| a.role == role)
                .map(|a| ActionView {
                    id: a.id,
                    time: a.time.to_string(),
                    result: match &a.result {
                        Ok(s) | Err(s) => s.clone(),
                    },
                    done: a.result.is_ok(),
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
        let incidents = (0..self.incident_count())
            .map(|i| {
                let id = IncidentId(i as u32);
                let inc = self.incident(id);
                let inject = self.inject(inc.inject);
                let mut compromises = Vec::new();
                for o in &inc.reached {
                    for c in &self.operator_state(*o).compromises {
                        let Some(comp) = self.world.ecs.get::<Compromise>(*c) else {
                            continue;
                        };
                        if comp.incident != id {
                            continue;
                        }
                        let stage = self
                            .attack_spec(comp.inject)
                            .and_then(|s| s.stages.get(comp.stage).map(|x| x.name.clone()))
                            .unwrap_or_default();
                        let state = match comp.state {
                            CompromiseState::Running => format!("running ({stage})"),
                            CompromiseState::Contained => "contained".into(),
                            CompromiseState::Failed => format!("failed ({stage})"),
                            CompromiseState::Halted => "halted".into(),
                            CompromiseState::Completed => "completed".into(),
                        };
                        compromises.push((infra.operator(*o).key.clone(), state));
                    }
                }
                TruthIncident {
                    id: id.0,
                    inject: inject.key.clone(),
                    kind: inject.kind.describe(),
                    started: inc.started.to_string(),
                    detected: inc.detected.map(|t| t.to_string()),
                    resolved: inc.resolved.map(|t| t.to_string()),
                    compromises,
                }
            })
            .collect();
        TruthView {
            time: self.now().to_string(),
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
                .map(|(i, _)| self.inject(i).key.clone())
                .collect(),
            messages: self.messages().len(),
            actions: self.actions().len(),
            support_teams_available: self.teams_available(),
        }
    }
}
