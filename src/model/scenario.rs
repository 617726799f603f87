//! A validated scenario: the infrastructure, the injects and the parameters the engine runs.
//! The RON data layer (`crate::scenario`) produces this; the engine never sees raw RON.

use super::dist::Dist;
use super::ids::ServiceId;
use super::infra::Infrastructure;
use super::time::{Minutes, Time};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A scenario ready to simulate.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Short name.
    pub name: String,
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
}

/// Model parameters a scenario may override. Defaults are documented in docs/MODEL.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// How much a recovering service is slowed by its own unmet dependencies, in [0, 1]:
    /// repair work proceeds at rate `1 - recovery_slowdown * (1 - dependency_factor)`.
    /// 0 means dependencies never slow repairs; 1 means repairs stop while every
    /// dependency is fully lost. Assumption: 0.5 (a repair crew on generator power and
    /// phones works at about half speed); no seed gives a figure.
    pub recovery_slowdown: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            recovery_slowdown: 0.5,
        }
    }
}

/// One scheduled event of the scenario.
#[derive(Debug, Clone)]
pub struct Inject {
    /// The author's id for the inject (generated `inject-N` when the file gives none).
    pub key: String,
    /// When it fires.
    pub at: Time,
    /// What the author targeted, as written (for the timeline).
    pub target_label: String,
    /// The services hit, each with the fraction of the inject's severity it receives
    /// (1 for a service, operator, sector or region target; the system's share for a
    /// system target).
    pub hits: Vec<(ServiceId, f64)>,
    /// What happens.
    pub kind: InjectKind,
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
    /// A cyber attack that strikes at once (impact only; no stages).
    CyberAttack {
        /// The kind of attack.
        attack: AttackKind,
        /// Fraction of each hit service's capacity lost, in [0, 1].
        severity: f64,
        /// Time to recover each hit service.
        recovery: Dist,
    },
}

impl InjectKind {
    /// The capacity fraction each hit service loses.
    pub fn severity(&self) -> f64 {
        match self {
            InjectKind::ItFailure { severity, .. }
            | InjectKind::Disaster { severity, .. }
            | InjectKind::CyberAttack { severity, .. } => *severity,
        }
    }

    /// The recovery distribution.
    pub fn recovery(&self) -> &Dist {
        match self {
            InjectKind::ItFailure { recovery, .. }
            | InjectKind::Disaster { recovery, .. }
            | InjectKind::CyberAttack { recovery, .. } => recovery,
        }
    }

    /// A short English description, e.g. "IT failure (system failure)".
    pub fn describe(&self) -> String {
        match self {
            InjectKind::ItFailure { cause, .. } => format!("IT failure ({})", cause.label()),
            InjectKind::Disaster { hazard, .. } => format!("disaster ({})", hazard.label()),
            InjectKind::CyberAttack { attack, .. } => format!("cyber attack ({})", attack.label()),
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
