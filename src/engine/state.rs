//! Components of the simulation world. Plain data: the rules that change them live in
//! `cascade`, `recovery`, `attack` and the drill's handlers.

use crate::model::{AttackKind, Minutes, OperatorId, ServiceId, SystemKind, Time};
use bevy_ecs::prelude::*;
use std::collections::BTreeSet;

pub use crate::model::IncidentId;

/// The dynamic state of a service, kept in a dense vector by service id (the cascade's
/// innermost loop reads it edge by edge, so it is one cache line: 64 bytes, checked below).
#[derive(Debug, Clone)]
pub struct ServiceState {
    /// Current level in [0, 1]: `capacity × dep_factor`.
    pub level: f64,
    /// Own capacity in [0, 1]: the product of `1 - severity` over its impairments.
    pub capacity: f64,
    /// Product of `1 - strength` over the dependencies currently delivering loss.
    pub dep_factor: f64,
    /// Since when the service has been below its required level, if it is.
    pub failed_since: Option<Time>,
    /// Impairments currently lowering the capacity, oldest first.
    pub impairments: Vec<Entity>,
}

impl ServiceState {
    /// A service at full level.
    pub fn new() -> ServiceState {
        ServiceState {
            level: 1.0,
            capacity: 1.0,
            dep_factor: 1.0,
            failed_since: None,
            impairments: Vec::new(),
        }
    }
}

impl Default for ServiceState {
    fn default() -> ServiceState {
        ServiceState::new()
    }
}

/// Which operator an entity is: spawned with its [`OperatorState`], so a query over
/// `(&Operator, &OperatorState)` names what it finds.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Operator(pub OperatorId);

/// The dynamic state of an operator. One entity per operator, in operator-id order.
#[derive(Component, Debug, Clone, Default)]
pub struct OperatorState {
    /// System kinds currently isolated, with the isolation impairments they cause.
    pub isolated: Vec<(SystemKind, Vec<Entity>)>,
    /// Services on backup operation, with the cost impairment.
    pub backup: Vec<(ServiceId, Entity)>,
    /// Attack kinds the operator has been alerted to, with when.
    pub alerted: Vec<(AttackKind, Time)>,
    /// The support team on site, if any.
    pub support: Option<usize>,
    /// Compromises by attacks, oldest first.
    pub compromises: Vec<Entity>,
}

impl OperatorState {
    /// Whether systems of `kind` are isolated.
    pub fn is_isolated(&self, kind: SystemKind) -> bool {
        self.isolated.iter().any(|(k, _)| *k == kind)
    }

    /// Whether the operator has been alerted to `kind`.
    pub fn is_alerted(&self, kind: AttackKind) -> bool {
        self.alerted.iter().any(|(k, _)| *k == kind)
    }
}

/// What lowers a service's capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpairmentCause {
    /// An incident (inject or attack impact); repaired by recovery.
    Incident(IncidentId),
    /// The operator isolated systems of this kind; lifted by reconnecting.
    Isolation(SystemKind),
    /// The cost of running on backup; lifted by ending backup operation.
    Backup,
}

/// A loss of a service's own capacity.
#[derive(Component, Debug, Clone)]
pub struct Impairment {
    /// The service whose capacity is lowered.
    pub service: ServiceId,
    /// What caused it.
    pub cause: ImpairmentCause,
    /// Fraction of capacity lost, in [0, 1].
    pub severity: f64,
    /// When it began.
    pub since: Time,
    /// Whether data was destroyed (restoring from backup shortens repair).
    pub data_loss: bool,
}

/// Repair work under way on an impairment.
///
/// Work is measured in minutes at full speed. It proceeds at `rate`; when the rate changes
/// the work done so far is booked and the completion rescheduled, and the `generation`
/// bump makes the earlier completion event stale.
///
/// Stored in a sparse set: it is added to an impairment when its repair starts, and a
/// table component would move the whole entity to another table then.
#[derive(Component, Debug, Clone)]
#[component(storage = "SparseSet")]
pub struct Recovery {
    /// When repair started.
    pub started: Time,
    /// Duration drawn at start (the time repair takes at full speed).
    pub drawn: Minutes,
    /// Work left, in full-speed minutes, as of `last_update`.
    pub remaining: f64,
    /// Current speed.
    pub rate: f64,
    /// When `remaining` was last booked.
    pub last_update: Time,
    /// Bumped at every reschedule.
    pub generation: u32,
}

/// An incident: what one inject did, across all the services and operators it hit.
#[derive(Component, Debug, Clone)]
pub struct Incident {
    /// Its id.
    pub id: IncidentId,
    /// Index of the inject that caused it.
    pub inject: usize,
    /// The attack kind, for attacks.
    pub attack: Option<AttackKind>,
    /// When it began.
    pub started: Time,
    /// Impairments not yet recovered.
    pub open: u32,
    /// When the last impairment recovered.
    pub resolved: Option<Time>,
    /// When some operator first detected it.
    pub detected: Option<Time>,
    /// Operators the attack has reached.
    pub reached: BTreeSet<OperatorId>,
    /// Operators a spreading attack is on its way to.
    pub spreading_to: BTreeSet<OperatorId>,
}

/// Where an attack stands at one operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompromiseState {
    /// Running a stage.
    Running,
    /// Detected before impact and removed.
    Contained,
    /// A stage failed its chance.
    Failed,
    /// Stopped because the operator isolated the systems it uses.
    Halted,
    /// Every stage completed.
    Completed,
}

/// An attack at one operator.
#[derive(Component, Debug, Clone)]
pub struct Compromise {
    /// The incident (the attack campaign).
    pub incident: IncidentId,
    /// The inject holding the attack's stages.
    pub inject: usize,
    /// Where.
    pub operator: OperatorId,
    /// Services its impact reaches, each with its exposure: the fraction of the impact's
    /// severity it takes.
    pub exposure: Vec<(ServiceId, f64)>,
    /// Index of the current stage.
    pub stage: usize,
    /// Bumped whenever the pending stage completion becomes stale.
    pub generation: u32,
    /// Status.
    pub state: CompromiseState,
    /// Whether the impact stage has hit.
    pub impacted: bool,
    /// When the operator detected it.
    pub detected: Option<Time>,
    /// Detection: unit-exponential threshold drawn once per (incident, operator).
    pub threshold: f64,
    /// Detection: accumulated hazard as of `hazard_at`.
    pub hazard: f64,
    /// Detection: current hazard per minute.
    pub hazard_rate: f64,
    /// Detection: when `hazard` was last booked.
    pub hazard_at: Time,
    /// Detection: bumped at every reschedule.
    pub detection_generation: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_state_is_one_cache_line() {
        // The cascade reads one per edge it follows; a field more spans two lines.
        assert_eq!(std::mem::size_of::<ServiceState>(), 64);
    }
}
