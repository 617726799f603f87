//! The timeline: what happened, when and why. Entries hold ids; faces render them with the
//! infrastructure's names.

use super::state::IncidentId;
use crate::model::{EdgeId, Minutes, ServiceId, Time};

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// When it happened.
    pub time: Time,
    /// What happened.
    pub what: Happening,
}

/// Why a service's level changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// An incident lowered the service's own capacity.
    Incident(IncidentId),
    /// Repair of the service's own capacity after an incident finished.
    Repaired(IncidentId),
    /// A provider in IT failure, its buffer exhausted, now delivers loss along this edge.
    Dependency(EdgeId),
    /// A provider came back to its required level; this edge no longer delivers loss.
    ProviderRestored(EdgeId),
}

/// Something that happened in the simulation.
#[derive(Debug, Clone, PartialEq)]
pub enum Happening {
    /// A scenario inject fired and opened an incident.
    InjectFired {
        /// Index of the inject in the scenario.
        inject: usize,
        /// The incident it opened.
        incident: IncidentId,
        /// How many services it hit.
        hits: usize,
    },
    /// A service's level changed.
    LevelChanged {
        /// The service.
        service: ServiceId,
        /// Level before.
        from: f64,
        /// Level after.
        to: f64,
        /// Whether the service is now below its required level (in IT failure).
        below_required: bool,
        /// Why; the first cause is the main one.
        causes: Vec<Cause>,
    },
    /// A provider fell into IT failure; the dependent's buffer now holds for its tolerance.
    BufferStarted {
        /// The dependency whose buffer is running.
        edge: EdgeId,
        /// When it will run out if the provider stays down.
        until: Time,
    },
    /// A buffer ran out; the provider's loss now reaches the dependent.
    BufferExhausted {
        /// The dependency.
        edge: EdgeId,
    },
    /// Repair of a service hit by an incident started.
    RecoveryStarted {
        /// The service.
        service: ServiceId,
        /// The incident.
        incident: IncidentId,
        /// Repair time at full speed, as drawn.
        duration: Minutes,
    },
    /// Repair speed changed because the service's own dependencies changed.
    RecoveryRateChanged {
        /// The service.
        service: ServiceId,
        /// The incident.
        incident: IncidentId,
        /// New speed in (0, 1].
        rate: f64,
        /// Expected completion at this speed.
        eta: Time,
    },
    /// Repair finished; the incident's loss of capacity is gone.
    RecoveryCompleted {
        /// The service.
        service: ServiceId,
        /// The incident.
        incident: IncidentId,
    },
    /// Every service an incident hit has been repaired.
    IncidentResolved {
        /// The incident.
        incident: IncidentId,
    },
    /// The run reached its end time.
    End,
}
