//! The scenario's objectives: what the drill's players should achieve, scored by the
//! engine as the run goes (docs/SCORING.md).

use super::ids::{OperatorId, ServiceId, SystemId};
use super::sector::Sector;
use super::time::Minutes;
use crate::model::drill::message::Tlp;
use crate::model::drill::role::Role;
use serde::{Deserialize, Serialize};

/// One objective of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// The author's id.
    pub key: String,
    /// What it asks, in English.
    pub text: String,
    /// What it asks, in Japanese (the English text if the file gives none).
    pub text_ja: String,
    /// The roles it is for.
    pub roles: Vec<Role>,
    /// The score the author expects the players to reach, in [0, 1].
    pub expected: f64,
    /// What is measured.
    pub goal: Goal,
}

/// What an objective measures.
#[derive(Debug, Clone, PartialEq)]
pub enum Goal {
    /// The sector's population-weighted level is never below `level` for longer than
    /// `within` at a time.
    SectorAbove {
        /// The sector.
        sector: Sector,
        /// The level, in [0, 1].
        level: f64,
        /// The longest a dip below `level` may last.
        within: Minutes,
    },
    /// One service's level is never below `level` for longer than `within` at a time.
    ServiceAbove {
        /// The service.
        service: ServiceId,
        /// The level, in [0, 1].
        level: f64,
        /// The longest a dip below `level` may last.
        within: Minutes,
    },
    /// A service, system or operator is never down for longer than `within` at a time
    /// ([`Down`] says what down is for each).
    DownAtMost {
        /// What may be down.
        what: Down,
        /// The longest it may stay down.
        within: Minutes,
    },
    /// Every detected incident in scope is reported (a message about it delivered) to
    /// `to` within `within` of its first detection. Without `inject` or `operator`, every
    /// incident of the drill; with `inject`, only the one it opened; with `operator`, only
    /// those that operator detected, counted from its own detection, and reported to its
    /// own sector's CEPTOR or ministry.
    ReportedWithin {
        /// To whom.
        to: ReportTo,
        /// Only the incident this inject opened (its index).
        inject: Option<usize>,
        /// Only the incidents this operator detected.
        operator: Option<OperatorId>,
        /// How soon after detection.
        within: Minutes,
    },
    /// Every detected incident's news — a message about it, a sanitised alert drawn from
    /// it, or a forward of either — reaches every CEPTOR `to` names, other than the victim
    /// sector's own, within `within` of its first detection.
    SharedWithin {
        /// Whose CEPTORs.
        to: SharedTo,
        /// How soon after detection.
        within: Minutes,
    },
    /// No message labelled `label` is forwarded.
    NoForwardOf {
        /// The label.
        label: Tlp,
    },
    /// No service of the sector ever falls below its required level.
    NeverBelowRequired {
        /// The sector.
        sector: Sector,
    },
}

/// What [`Goal::DownAtMost`] watches, and when it is down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Down {
    /// A service, down while below its required level (in IT failure).
    Service(ServiceId),
    /// An IT system, down while systems of its kind are isolated at its operator, or while
    /// its service has an unrepaired impairment by an incident aimed at the system itself
    /// (an inject targeting it) or travelling through systems of its kind (a staged attack).
    System(SystemId),
    /// An operator, down while any of its services is below its required level.
    Operator(OperatorId),
}

/// The recipient of a report an objective asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportTo {
    /// The victim sector's CEPTOR.
    Ceptor,
    /// The ministry overseeing the victim sector.
    Ministry,
    /// The police.
    Police,
    /// NISC.
    Nisc,
}

/// Whose CEPTORs [`Goal::SharedWithin`] asks the news to reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SharedTo {
    /// Every CEPTOR taking part.
    AllCeptors,
    /// The CEPTORs of these sectors.
    Sectors(Vec<Sector>),
}

/// How an objective stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveStatus {
    /// Not decided yet.
    Pending,
    /// Achieved fully (achieved score 1).
    Met,
    /// Achieved in part (achieved score strictly between 0 and 1).
    Partial,
    /// Not achieved (achieved score 0).
    Missed,
}

impl ObjectiveStatus {
    /// The status of a decided objective with achieved score `achieved`.
    pub fn of(achieved: f64) -> ObjectiveStatus {
        if achieved >= 1.0 - 1e-9 {
            ObjectiveStatus::Met
        } else if achieved <= 1e-9 {
            ObjectiveStatus::Missed
        } else {
            ObjectiveStatus::Partial
        }
    }

    /// Stable machine identifier.
    pub fn id(self) -> &'static str {
        match self {
            ObjectiveStatus::Pending => "pending",
            ObjectiveStatus::Met => "met",
            ObjectiveStatus::Partial => "partial",
            ObjectiveStatus::Missed => "missed",
        }
    }
}
