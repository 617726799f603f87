//! Components of the simulation world. Plain data: the rules that change them live in
//! `cascade`, `recovery` and the event handlers.

use crate::model::{Minutes, ServiceId, Time};
use bevy_ecs::prelude::*;
use serde::Serialize;

/// Identifies an incident: everything one inject (or, later, one attack) did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct IncidentId(pub u32);

/// The dynamic state of a service. One entity per service, in service-id order.
#[derive(Component, Debug, Clone)]
pub struct ServiceState {
    /// Which service this is.
    pub id: ServiceId,
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
    pub fn new(id: ServiceId) -> ServiceState {
        ServiceState {
            id,
            level: 1.0,
            capacity: 1.0,
            dep_factor: 1.0,
            failed_since: None,
            impairments: Vec::new(),
        }
    }
}

/// A loss of a service's own capacity caused by an incident.
#[derive(Component, Debug, Clone)]
pub struct Impairment {
    /// The service whose capacity is lowered.
    pub service: ServiceId,
    /// The incident responsible.
    pub incident: IncidentId,
    /// Fraction of capacity lost, in [0, 1].
    pub severity: f64,
    /// When it began.
    pub since: Time,
}

/// Repair work under way on an impairment.
///
/// Work is measured in minutes at full speed. It proceeds at `rate` ∈ (0, 1]; when the
/// rate changes the work done so far is booked and the completion rescheduled, and the
/// `generation` bump makes the earlier completion event stale.
#[derive(Component, Debug, Clone)]
pub struct Recovery {
    /// When repair started.
    pub started: Time,
    /// Duration drawn at start (the time repair takes at full speed).
    pub drawn: Minutes,
    /// Work left, in full-speed minutes, as of `last_update`.
    pub remaining: f64,
    /// Current speed, in (0, 1].
    pub rate: f64,
    /// When `remaining` was last booked.
    pub last_update: Time,
    /// Bumped at every reschedule.
    pub generation: u32,
}

/// An incident: what one inject did, across all the services it hit.
#[derive(Component, Debug, Clone)]
pub struct Incident {
    /// Its id.
    pub id: IncidentId,
    /// Index of the inject that caused it.
    pub inject: usize,
    /// When it began.
    pub started: Time,
    /// Impairments not yet recovered.
    pub open: u32,
    /// When the last impairment recovered.
    pub resolved: Option<Time>,
}
