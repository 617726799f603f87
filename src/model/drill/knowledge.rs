//! What each role knows: the incidents it observed or was told of, the messages it
//! received and sent, the alerts it holds. Ground truth lives in the engine's world; a
//! role's view is built only from its knowledge (and, for an operator, its own services).

use super::role::Role;
use crate::model::{AttackKind, IncidentId, OperatorId, Time};
use bevy_ecs::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// How a role learned of an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learned {
    /// It saw it itself (an operator detecting an attack or an IT failure at home).
    Observed,
    /// A message told it (the message number).
    Message(u32),
}

/// An incident as a role knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownIncident {
    /// When it first learned of it.
    pub learned: Time,
    /// How it first learned of it.
    pub how: Learned,
    /// The attack kind, if it knows it is an attack.
    pub attack: Option<AttackKind>,
    /// Operators it knows to be affected.
    pub operators: BTreeSet<OperatorId>,
}

/// A role's knowledge. One entity per role taking part in the drill.
#[derive(Component, Debug, Clone)]
pub struct Knowledge {
    /// Whose knowledge.
    pub role: Role,
    /// Incidents known, by id.
    pub incidents: BTreeMap<IncidentId, KnownIncident>,
    /// Messages received, with arrival time, in arrival order.
    pub inbox: Vec<(u32, Time)>,
    /// Messages sent, in order.
    pub sent: Vec<u32>,
    /// (incident, operator) pairs the role knows to be repaired at that operator: NISC
    /// learns it when its support team there comes back with nothing left to repair.
    pub repaired: BTreeSet<(IncidentId, OperatorId)>,
    /// The ids in `inbox`, for [`Knowledge::received`].
    received_ids: BTreeSet<u32>,
}

impl Knowledge {
    /// Empty knowledge of `role`.
    pub fn new(role: Role) -> Knowledge {
        Knowledge {
            role,
            incidents: BTreeMap::new(),
            inbox: Vec::new(),
            sent: Vec::new(),
            repaired: BTreeSet::new(),
            received_ids: BTreeSet::new(),
        }
    }

    /// Learns of an incident (keeping the first time and way it was learned).
    pub fn learn(
        &mut self,
        id: IncidentId,
        attack: Option<AttackKind>,
        operator: Option<OperatorId>,
        now: Time,
        how: Learned,
    ) {
        let known = self.incidents.entry(id).or_insert(KnownIncident {
            learned: now,
            how,
            attack: None,
            operators: BTreeSet::new(),
        });
        if known.attack.is_none() {
            known.attack = attack;
        }
        if let Some(o) = operator {
            known.operators.insert(o);
        }
    }

    /// Whether the role knows of the incident.
    pub fn knows(&self, id: IncidentId) -> bool {
        self.incidents.contains_key(&id)
    }

    /// Whether, as far as the role knows, a repair is under way at operator `o`: it knows
    /// of an incident affecting `o` that it does not know to be repaired there.
    pub fn knows_repair_at(&self, o: OperatorId) -> bool {
        self.incidents
            .iter()
            .any(|(i, k)| k.operators.contains(&o) && !self.repaired.contains(&(*i, o)))
    }

    /// Records that message `m` arrived now.
    pub fn receive(&mut self, m: u32, now: Time) {
        self.inbox.push((m, now));
        self.received_ids.insert(m);
    }

    /// Whether the role received message `m` (without a scan of the inbox, which grows
    /// with the drill).
    pub fn received(&self, m: u32) -> bool {
        self.received_ids.contains(&m)
    }

    /// Whether the role sent message `m` (`sent` is in sending order, so in id order).
    pub fn has_sent(&self, m: u32) -> bool {
        self.sent.binary_search(&m).is_ok()
    }
}
