//! Policies: what roles that nobody plays do, so a scenario runs unattended.
//!
//! A policy applies to a set of roles and is a list of rules "on TRIGGER, after DELAY,
//! do RESPONSE". A rule fires at most once per triggering subject (an incident, a
//! service's failure, a message). Played roles never follow policies.
//! docs/DRILL.md documents the language and the reference playbook.

use super::action::{ActionClass, Recipient};
use super::message::{MessageKind, Tlp};
use super::role::{Role, RoleKind};
use crate::model::{Dist, Infrastructure, Minutes, Sector, SystemKind};
use serde::{Deserialize, Serialize};

/// Which roles a policy applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleSelector {
    /// Every role of a kind, e.g. `Kind(Operator)`.
    Kind(RoleKind),
    /// Every operator of a sector.
    OperatorsIn(Sector),
    /// One role, by id (`"operator:kanto-power"`); resolved when the scenario loads.
    Role(String),
}

/// A policy as resolved against an infrastructure.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Roles it applies to.
    pub roles: Vec<Role>,
    /// Its rules.
    pub rules: Vec<Rule>,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// What sets it off.
    pub on: Trigger,
    /// How long the role takes to respond.
    pub after: Dist,
    /// What it does.
    pub act: Response,
}

/// What sets a rule off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// The operator detected an incident at itself (an attack, or an IT failure or
    /// disaster, which are seen at once).
    Detected,
    /// One of the operator's services fell below its required level.
    BelowRequired,
    /// A message of this kind arrived.
    Received(MessageKind),
    /// A service of the operator that runs on backup has no failing provider any more:
    /// the backup holds nothing off.
    Restored,
}

/// What a rule does; its subject comes from the trigger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Response {
    /// Report the incident (or what the message said) to the recipients.
    Report {
        /// Recipients.
        to: Vec<Recipient>,
        /// Label.
        label: Tlp,
    },
    /// Alert the recipients about the incident or message subject.
    Alert {
        /// Recipients.
        to: Vec<Recipient>,
        /// Label.
        label: Tlp,
    },
    /// A sanitised alert: only the attack kind of the subject (an indicator), without the
    /// incident, victim or details, so no label the role learned them under binds it.
    SanitisedAlert {
        /// Recipients.
        to: Vec<Recipient>,
        /// Label.
        label: Tlp,
    },
    /// Forward the triggering message.
    Forward {
        /// Recipients.
        to: Vec<Recipient>,
    },
    /// Ask the recipients for support.
    RequestSupport {
        /// Recipients.
        to: Vec<Recipient>,
    },
    /// Isolate the systems the detected attack uses.
    IsolateAttacked,
    /// Isolate systems of a kind.
    Isolate(SystemKind),
    /// Switch the failing service to backup operation.
    SwitchToBackup,
    /// Take the restored service off backup operation.
    EndBackup,
    /// Restore data from backup.
    RestoreFromBackup,
    /// Send a support team (NISC).
    DispatchSupport(SupportTarget),
    /// Publish a signature for the subject's attack kind (vendors).
    PublishSignature,
    /// Announce to the public (the label of an announcement is always CLEAR).
    Announce,
}

impl Response {
    /// The class of action this response leads to (for permission checks).
    pub fn class(&self) -> ActionClass {
        use ActionClass as C;
        match self {
            Response::Report { .. } => C::Report,
            Response::Alert { .. } | Response::SanitisedAlert { .. } => C::Alert,
            Response::Forward { .. } => C::Forward,
            Response::RequestSupport { .. } => C::SupportRequest,
            Response::IsolateAttacked | Response::Isolate(_) => C::Isolate,
            Response::SwitchToBackup => C::SwitchToBackup,
            Response::EndBackup => C::EndBackup,
            Response::RestoreFromBackup => C::RestoreFromBackup,
            Response::DispatchSupport(_) => C::DispatchSupport,
            Response::PublishSignature => C::PublishSignature,
            Response::Announce => C::Announcement,
        }
    }
}

/// Where a policy sends a support team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SupportTarget {
    /// The operator who asked (the sender of the request, or the operator it names), if
    /// the dispatcher knows a repair is under way there; else as [`Self::LargestAffected`].
    Requester,
    /// The operator with the largest population among those where, as far as the
    /// dispatcher knows, a repair is under way (it knows of an incident there and its own
    /// team has not come back from there since) and no team is assigned.
    LargestAffected,
}

/// Which policies a scenario uses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum PolicySet {
    /// The reference playbook ([`reference_playbook`]).
    #[default]
    Reference,
    /// Nobody acts unless played.
    Passive,
    /// The scenario's own policies.
    Custom(Vec<PolicyFile>),
    /// The reference playbook, then the scenario's own policies.
    ReferenceAnd(Vec<PolicyFile>),
}

/// A policy as written in a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Policy", deny_unknown_fields)]
pub struct PolicyFile {
    /// Roles it applies to.
    pub roles: Vec<RoleSelector>,
    /// Rules.
    pub rules: Vec<Rule>,
}

impl RoleSelector {
    /// The roles selected, in [`Role::all`] order; the error explains an unknown role id.
    pub fn resolve(&self, infra: &Infrastructure) -> Result<Vec<Role>, super::role::RoleError> {
        match self {
            RoleSelector::Kind(k) => Ok(Role::all(infra)
                .into_iter()
                .filter(|r| r.kind() == *k)
                .collect()),
            RoleSelector::OperatorsIn(s) => Ok(infra
                .operators
                .iter()
                .filter(|o| o.sector == *s)
                .map(|o| Role::Operator(o.id))
                .collect()),
            RoleSelector::Role(id) => Role::parse(id, infra).map(|r| vec![r]),
        }
    }
}

fn tri(a: u64, m: u64, b: u64) -> Dist {
    Dist::Triangular {
        min: Minutes(a),
        mode: Minutes(m),
        max: Minutes(b),
    }
}

/// The reference playbook: what the Action Plan expects each actor to do (seed 002
/// around lines 802–812: operators do not hide IT failures and share them through their
/// CEPTOR; information flows into NISC, which coordinates). Response times are
/// assumptions.
pub fn reference_playbook() -> Vec<PolicyFile> {
    use MessageKind::*;
    use Recipient::*;
    let rule = |on: Trigger, after: Dist, act: Response| Rule { on, after, act };
    let kind = |k: RoleKind| vec![RoleSelector::Kind(k)];
    vec![
        PolicyFile {
            roles: kind(RoleKind::Operator),
            rules: vec![
                rule(
                    Trigger::Detected,
                    tri(30, 60, 120),
                    Response::Report {
                        to: vec![MyCeptor, MyMinistry],
                        label: Tlp::Amber,
                    },
                ),
                rule(
                    Trigger::BelowRequired,
                    tri(60, 120, 240),
                    Response::RequestSupport {
                        to: vec![MyMinistry],
                    },
                ),
                rule(
                    Trigger::Received(Request),
                    tri(30, 60, 120),
                    Response::Report {
                        to: vec![Sender],
                        label: Tlp::Amber,
                    },
                ),
            ],
        },
        PolicyFile {
            roles: kind(RoleKind::Ceptor),
            rules: vec![
                // A member's report is AMBER: the CEPTOR shares the indicator, not the
                // victim, with its members and the council.
                rule(
                    Trigger::Received(Report),
                    tri(15, 30, 60),
                    Response::SanitisedAlert {
                        to: vec![Members, Council],
                        label: Tlp::Green,
                    },
                ),
                rule(
                    Trigger::Received(Alert),
                    tri(15, 30, 60),
                    Response::Forward { to: vec![Members] },
                ),
            ],
        },
        PolicyFile {
            roles: kind(RoleKind::Council),
            rules: vec![rule(
                Trigger::Received(Alert),
                tri(30, 60, 120),
                Response::Forward {
                    to: vec![AllCeptors, Nisc],
                },
            )],
        },
        PolicyFile {
            roles: kind(RoleKind::Ministry),
            rules: vec![
                rule(
                    Trigger::Received(Report),
                    tri(15, 30, 60),
                    Response::Report {
                        to: vec![Nisc],
                        label: Tlp::Amber,
                    },
                ),
                rule(
                    Trigger::Received(SupportRequest),
                    tri(15, 30, 60),
                    Response::Forward { to: vec![Nisc] },
                ),
            ],
        },
        PolicyFile {
            roles: kind(RoleKind::Nisc),
            rules: vec![
                rule(
                    Trigger::Received(Report),
                    tri(30, 60, 120),
                    Response::SanitisedAlert {
                        to: vec![AllMinistries, Council, Jpcert, Gsoc],
                        label: Tlp::Green,
                    },
                ),
                rule(
                    Trigger::Received(SupportRequest),
                    tri(30, 60, 120),
                    Response::DispatchSupport(SupportTarget::Requester),
                ),
            ],
        },
        PolicyFile {
            roles: kind(RoleKind::Gsoc),
            rules: vec![
                rule(
                    Trigger::Received(Report),
                    tri(15, 30, 60),
                    Response::Report {
                        to: vec![Nisc],
                        label: Tlp::Amber,
                    },
                ),
                rule(
                    Trigger::Received(SupportRequest),
                    tri(15, 30, 60),
                    Response::Forward { to: vec![Nisc] },
                ),
                rule(
                    Trigger::Received(Alert),
                    tri(15, 30, 60),
                    Response::Forward { to: vec![Members] },
                ),
            ],
        },
        PolicyFile {
            roles: kind(RoleKind::Jpcert),
            rules: vec![rule(
                Trigger::Received(Alert),
                tri(30, 60, 180),
                Response::Forward { to: vec![Vendor] },
            )],
        },
        PolicyFile {
            roles: kind(RoleKind::Vendor),
            rules: vec![rule(
                Trigger::Received(Alert),
                tri(360, 720, 1440),
                Response::PublishSignature,
            )],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_playbook_only_uses_permitted_actions() {
        for p in reference_playbook() {
            for sel in &p.roles {
                let RoleSelector::Kind(k) = sel else { panic!() };
                for r in &p.rules {
                    assert!(r.act.class().allowed().contains(k), "{k:?} {:?}", r.act);
                }
            }
        }
    }
}
