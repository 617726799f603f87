//! A validated scenario: the infrastructure, the injects and the parameters the engine runs.
//! The RON data layer (`crate::scenario`) produces this; the engine never sees raw RON.

use super::attack::AttackSpec;
use super::dist::Dist;
use super::ids::ServiceId;
use super::infra::Infrastructure;
use super::time::{Minutes, Time};
use crate::model::drill::action::ActionClass;
use crate::model::drill::message::Channel;
use crate::model::drill::policy::Policy;
use crate::model::drill::role::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A scenario ready to simulate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Short name.
    pub name: String,
    /// Short name in Japanese; empty when the file gives none (faces then show `name`).
    pub name_ja: String,
    /// What the drill is about.
    pub description: String,
    /// Length of the exercise; the run covers `[T+0, duration)`.
    pub duration: Minutes,
    /// Default master seed (a run may override it).
    pub seed: u64,
    /// The infrastructure, shared between runs.
    pub infra: Arc<Infrastructure>,
    /// Scheduled events, in file order.
    pub injects: Vec<Inject>,
    /// Model parameters.
    pub params: Params,
    /// Who plays, who is absent, and the policies of the roles nobody plays.
    pub drill: DrillSetup,
}

/// The drill's cast.
#[derive(Debug, Clone, Default)]
pub struct DrillSetup {
    /// Roles played by people; they never follow policies.
    pub players: Vec<Role>,
    /// Roles left out of this drill: nothing can be sent to them.
    pub absent: Vec<Role>,
    /// Policies for the roles nobody plays, in order.
    pub policies: Vec<Policy>,
    /// The drill's objectives, in file order (docs/SCORING.md).
    pub objectives: Vec<super::objective::Objective>,
}

/// Model parameters a scenario may override. Defaults are documented in docs/MODEL.md
/// and docs/DRILL.md; none is given by the seeds, so each is an assumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// How much a recovering service is slowed by its own unmet dependencies, in [0, 1]:
    /// repair work proceeds at rate `1 - recovery_slowdown * (1 - dependency_factor)`.
    /// 0 means dependencies never slow repairs; 1 means repairs stop while every
    /// dependency is fully lost. Assumption: 0.5 (a repair crew on generator power and
    /// phones works at about half speed).
    pub recovery_slowdown: f64,
    /// Factor on an operator's detection rate for an attack kind it has been alerted to.
    /// Assumption: 3 (a specific warning tells defenders what to look for).
    pub alert_boost: f64,
    /// Factor on every operator's detection rate for an attack kind once vendors have
    /// published a signature. Assumption: 2.
    pub signature_boost: f64,
    /// Factor on repair speed of impairments by an attack kind once a patch is published.
    /// Assumption: 1.25.
    pub patch_speedup: f64,
    /// NISC's support teams. Assumption: 2 ("support teams are few").
    pub support_teams: u32,
    /// Time for a support team to arrive. Assumption: 2h.
    pub support_travel: Minutes,
    /// Factor on repair speed at an operator while a support team is there. Assumption: 1.5.
    pub support_speedup: f64,
    /// How much longer every buffer of a service holds on backup or manual operation.
    /// Assumption: 12h (a few shifts of manual operation).
    pub backup_extension: Minutes,
    /// Fraction of a service's capacity lost while it runs on backup. Assumption: 0.1.
    pub backup_cost: f64,
    /// Time to restore data from backup after a data-destroying attack.
    /// Assumption: triangular 4h / 8h / 24h.
    pub backup_restore: Dist,
    /// Delivery delays per channel, overriding the defaults of
    /// [`Channel::default_delay`].
    pub message_delays: BTreeMap<Channel, Dist>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            recovery_slowdown: 0.5,
            alert_boost: 3.0,
            signature_boost: 2.0,
            patch_speedup: 1.25,
            support_teams: 2,
            support_travel: Minutes(120),
            support_speedup: 1.5,
            backup_extension: Minutes(12 * 60),
            backup_cost: 0.1,
            backup_restore: Dist::Triangular {
                min: Minutes(4 * 60),
                mode: Minutes(8 * 60),
                max: Minutes(24 * 60),
            },
            message_delays: BTreeMap::new(),
        }
    }
}

impl Params {
    /// The delivery delay of a channel.
    pub fn delay(&self, channel: Channel) -> Dist {
        self.message_delays
            .get(&channel)
            .cloned()
            .unwrap_or_else(|| channel.default_delay())
    }
}

/// One scheduled event of the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Inject {
    /// The author's id for the inject (generated `inject-N` when the file gives none).
    pub key: String,
    /// When it fires.
    pub trigger: InjectTrigger,
    /// What the author targeted.
    pub target: Target,
    /// The target in words (for the timeline), e.g. "operator kanto-power".
    pub target_label: String,
    /// The services hit, each with the fraction of the inject's severity it receives
    /// (1 for a service, operator, sector or region target; the system's share for a
    /// system target).
    pub hits: Vec<(ServiceId, f64)>,
    /// What happens.
    pub kind: InjectKind,
}

/// What an inject hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Every service of an operator.
    Operator(super::ids::OperatorId),
    /// One service.
    Service(ServiceId),
    /// One IT system: its service receives severity × the system's share.
    System(super::ids::SystemId),
    /// Every service of a sector.
    Sector(super::sector::Sector),
    /// Every service of a region.
    Region(super::ids::RegionId),
    /// Every service of a sector in a region.
    RegionSector(super::ids::RegionId, super::sector::Sector),
    /// No part of the graph: a narrative inject speaks to roles ([`InjectKind::Narrative`]).
    Script,
}

impl Target {
    /// The services hit, each with the fraction of severity it receives, in id order.
    pub fn hits(&self, infra: &Infrastructure) -> Vec<(ServiceId, f64)> {
        let in_region = |r, sector: Option<super::sector::Sector>| -> Vec<(ServiceId, f64)> {
            infra
                .operators
                .iter()
                .filter(|o| o.region == r && sector.is_none_or(|s| s == o.sector))
                .flat_map(|o| o.services.iter().map(|s| (*s, 1.0)))
                .collect()
        };
        match *self {
            Target::Operator(o) => infra
                .operator(o)
                .services
                .iter()
                .map(|s| (*s, 1.0))
                .collect(),
            Target::Service(s) => vec![(s, 1.0)],
            Target::System(y) => {
                let sys = infra.system(y);
                vec![(sys.service, sys.share)]
            }
            Target::Sector(sec) => infra.services_in_sector(sec).map(|s| (s, 1.0)).collect(),
            Target::Region(r) => in_region(r, None),
            Target::RegionSector(r, sec) => in_region(r, Some(sec)),
            Target::Script => Vec::new(),
        }
    }

    /// The target in words, with the authors' ids.
    pub fn label(&self, infra: &Infrastructure) -> String {
        match *self {
            Target::Operator(o) => format!("operator {}", infra.operator(o).key),
            Target::Service(s) => format!("service {}", infra.service(s).key),
            Target::System(y) => format!("system {}", infra.system(y).key),
            Target::Sector(s) => format!("sector {}", s.id()),
            Target::Region(r) => format!("region {}", infra.regions[r.index()]),
            Target::RegionSector(r, s) => {
                format!("{} in region {}", s.id(), infra.regions[r.index()])
            }
            Target::Script => "the script".to_string(),
        }
    }
}

/// When an inject fires.
#[derive(Debug, Clone, PartialEq)]
pub enum InjectTrigger {
    /// At a fixed time.
    At(Time),
    /// A delay after another inject fired; never, if that one never fires.
    After {
        /// Index of the other inject.
        inject: usize,
        /// Delay after it.
        delay: Minutes,
    },
    /// When a condition holds, plus a delay. A positive condition that has not come true
    /// by `by` is given up; a negative one ("not detected", "not taken") is decided at
    /// `by`, which it requires.
    When {
        /// The condition.
        condition: Condition,
        /// Delay after the condition holds.
        delay: Minutes,
        /// Deadline.
        by: Option<Time>,
    },
    /// Never on its own: a reserve inject exercise control fires when it chooses
    /// (`Action::FireInject`).
    Manual,
}

/// A condition an inject can wait for.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// A service's level is below a value.
    LevelBelow {
        /// The service.
        service: ServiceId,
        /// The level.
        level: f64,
    },
    /// The incident of another inject has been detected by some operator.
    Detected {
        /// Index of the inject.
        inject: usize,
    },
    /// The incident of another inject is still undetected at the deadline.
    NotDetected {
        /// Index of the inject.
        inject: usize,
    },
    /// A role has taken an action of a class (and it took effect).
    ActionTaken {
        /// The role.
        role: Role,
        /// The class of action.
        action: ActionClass,
    },
    /// A role has not taken an action of a class by the deadline.
    ActionNotTaken {
        /// The role.
        role: Role,
        /// The class of action.
        action: ActionClass,
    },
}

impl Condition {
    /// True for conditions decided only at their deadline.
    pub fn is_negative(&self) -> bool {
        matches!(
            self,
            Condition::NotDetected { .. } | Condition::ActionNotTaken { .. }
        )
    }
}

/// What an inject does.
#[derive(Debug, Clone, PartialEq)]
pub enum InjectKind {
    /// A non-intentional IT failure (IT障害): system failure, operator error and the like.
    ItFailure {
        /// What went wrong.
        cause: FailureCause,
        /// Fraction of each hit service's capacity lost, in [0, 1].
        severity: f64,
        /// Time to repair each hit service.
        recovery: Dist,
    },
    /// A disaster or regional outage (earthquake, typhoon, flood, blackout).
    Disaster {
        /// The hazard.
        hazard: Hazard,
        /// Fraction of each hit service's capacity lost, in [0, 1].
        severity: f64,
        /// Time to repair each hit service.
        recovery: Dist,
    },
    /// A staged cyber attack (see [`AttackSpec`]).
    Attack(AttackSpec),
    /// A cyber attack that strikes at once (impact only; no stages).
    CyberAttack {
        /// The kind of attack.
        attack: AttackKind,
        /// Fraction of each hit service's capacity lost, in [0, 1].
        severity: f64,
        /// Time to recover each hit service.
        recovery: Dist,
    },
    /// A message of the exercise's script (MSEL) — a journalist's call, a ransom note, a
    /// ministry's request — delivered by exercise control to roles, with no effect on the
    /// graph. It opens no incident.
    Narrative {
        /// The roles it is delivered to.
        to: Vec<crate::model::drill::Role>,
        /// The kind of message (policies answer by kind; a `Note` by default).
        kind: crate::model::drill::MessageKind,
        /// What it says, in English.
        text: String,
        /// What it says, in Japanese (the English where the file gives none).
        text_ja: String,
    },
}

impl InjectKind {
    /// The capacity fraction each hit service loses at once (0 for a staged attack,
    /// whose impact comes from its stages).
    pub fn severity(&self) -> f64 {
        match self {
            InjectKind::ItFailure { severity, .. }
            | InjectKind::Disaster { severity, .. }
            | InjectKind::CyberAttack { severity, .. } => *severity,
            InjectKind::Attack(_) | InjectKind::Narrative { .. } => 0.0,
        }
    }

    /// The recovery distribution of an immediate impact.
    pub fn recovery(&self) -> Option<&Dist> {
        match self {
            InjectKind::ItFailure { recovery, .. }
            | InjectKind::Disaster { recovery, .. }
            | InjectKind::CyberAttack { recovery, .. } => Some(recovery),
            InjectKind::Attack(_) | InjectKind::Narrative { .. } => None,
        }
    }

    /// True for a narrative: it opens no incident and hits nothing.
    pub fn is_narrative(&self) -> bool {
        matches!(self, InjectKind::Narrative { .. })
    }

    /// The attack kind, for attacks.
    pub fn attack_kind(&self) -> Option<AttackKind> {
        match self {
            InjectKind::Attack(a) => Some(a.kind),
            InjectKind::CyberAttack { attack, .. } => Some(*attack),
            _ => None,
        }
    }

    /// A short English description, e.g. "IT failure (system failure)".
    pub fn describe(&self) -> String {
        match self {
            InjectKind::ItFailure { cause, .. } => format!("IT failure ({})", cause.label()),
            InjectKind::Disaster { hazard, .. } => format!("disaster ({})", hazard.label()),
            InjectKind::CyberAttack { attack, .. } => format!("cyber attack ({})", attack.label()),
            InjectKind::Attack(a) => format!("staged attack ({})", a.kind.label()),
            InjectKind::Narrative { .. } => "narrative".to_string(),
        }
    }
}

/// Causes of non-intentional IT failures, after the seeds' incident categories
/// (seed 003 参考1: system failures and human error; seed 002 footnote 43).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FailureCause {
    /// Hardware or software failure.
    SystemFailure,
    /// A mistake by staff (misconfiguration, wrong operation).
    OperatorError,
    /// A defect introduced by a change, migration or integration.
    SoftwareDefect,
}

impl FailureCause {
    /// Lower-case label.
    pub fn label(self) -> &'static str {
        match self {
            FailureCause::SystemFailure => "system failure",
            FailureCause::OperatorError => "operator error",
            FailureCause::SoftwareDefect => "software defect",
        }
    }
}

/// Natural and physical hazards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Hazard {
    /// 地震.
    Earthquake,
    /// 台風.
    Typhoon,
    /// 洪水.
    Flood,
    /// 停電: a wide-area blackout.
    Blackout,
    /// 寒波: extreme cold raising demand.
    ColdSnap,
    /// Any other hazard.
    Other,
}

impl Hazard {
    /// Lower-case label.
    pub fn label(self) -> &'static str {
        match self {
            Hazard::Earthquake => "earthquake",
            Hazard::Typhoon => "typhoon",
            Hazard::Flood => "flood",
            Hazard::Blackout => "blackout",
            Hazard::ColdSnap => "cold snap",
            Hazard::Other => "other hazard",
        }
    }
}

/// Kinds of cyber attack, after the threats the seeds list (seed 000 lines 35–45,
/// seed 003 参考1/2, seed 004's incident table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AttackKind {
    /// Distributed denial of service.
    Ddos,
    /// Self-propagating malware (worm, virus).
    Worm,
    /// Encryption of data for ransom.
    Ransomware,
    /// A targeted intrusion, e.g. into a control system.
    Intrusion,
    /// Misuse by an insider.
    Insider,
    /// Web defacement.
    Defacement,
}

impl AttackKind {
    /// Every kind, in declaration order.
    pub const ALL: [AttackKind; 6] = [
        AttackKind::Ddos,
        AttackKind::Worm,
        AttackKind::Ransomware,
        AttackKind::Intrusion,
        AttackKind::Insider,
        AttackKind::Defacement,
    ];

    /// Lower-case label.
    pub fn label(self) -> &'static str {
        match self {
            AttackKind::Ddos => "DDoS",
            AttackKind::Worm => "worm",
            AttackKind::Ransomware => "ransomware",
            AttackKind::Intrusion => "intrusion",
            AttackKind::Insider => "insider",
            AttackKind::Defacement => "defacement",
        }
    }
}
