//! What each role knows: the incidents it observed or was told of, the messages it
//! received and sent, the alerts it holds. Ground truth lives in the engine's world; a
//! role's view is built only from its knowledge (and, for an operator, its own services).

use super::message::Tlp;
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
    /// The handling label what it knows is bound by, if any: the most restrictive label of
    /// the messages that told it the victim or details. `None` for a role's own
    /// observation (it may tell whom it likes) and for what only sanitised alerts told it.
    pub restriction: Option<Restriction>,
    /// Whether the role observed it itself (at any time): then no label binds it.
    pub observed: bool,
}

/// The handling label knowledge was learned under, and from whom (TLP 2.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restriction {
    /// The most restrictive label it was learned under.
    pub label: Tlp,
    /// The source of the information: whose permission sharing it wider needs.
    pub source: Role,
    /// Whether the role had it from the source itself (the first recipient), which AMBER
    /// lets share within its constituency; a second-hand holder may not.
    pub first_hand: bool,
}

impl Restriction {
    /// The tighter of two restrictions: the more restrictive label; at an equal label, the
    /// first-hand one (the role did receive it directly).
    pub fn tighter(self, other: Restriction) -> Restriction {
        match self.label.cmp(&other.label) {
            std::cmp::Ordering::Less => self,
            std::cmp::Ordering::Greater => other,
            std::cmp::Ordering::Equal if other.first_hand && !self.first_hand => other,
            std::cmp::Ordering::Equal => self,
        }
    }
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
    /// Permissions granted for this role: (source, incident) — information from that
    /// source about that incident (or, `None`, about no incident) may reach it from any
    /// holder, whatever its label (TLP 2.0: sharing wider with the source's permission).
    pub permitted: BTreeSet<(Role, Option<IncidentId>)>,
    /// (incident, attack kind) of the alerts the role sent or forwarded (sanitised ones
    /// with no incident): a policy alerts once per news of this kind.
    pub alerted_about: BTreeSet<(Option<IncidentId>, Option<AttackKind>)>,
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
            permitted: BTreeSet::new(),
            alerted_about: BTreeSet::new(),
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
            restriction: None,
            observed: false,
        });
        if how == Learned::Observed {
            known.observed = true;
            known.restriction = None;
        }
        if known.attack.is_none() {
            known.attack = attack;
        }
        if let Some(o) = operator {
            known.operators.insert(o);
        }
    }

    /// Learns what a labelled message said of an incident: its knowledge of the incident
    /// is bound from now on by the tighter of what bound it and `r` — unless the role
    /// observed the incident itself, which no label binds, or `r` comes straight from the
    /// source of what bound it, whose latest label is its word.
    pub fn restrict(&mut self, id: IncidentId, r: Restriction) {
        if let Some(k) = self.incidents.get_mut(&id) {
            if k.observed {
                return;
            }
            k.restriction = Some(match k.restriction {
                // The source relabelling what it told the role, directly: its latest label
                // is its word (a source may always share wider what it labelled).
                Some(old) if r.first_hand && old.source == r.source => r,
                Some(old) => old.tighter(r),
                None => r,
            });
        }
    }

    /// What binds a message from this role that carries what it knows of incident `id`
    /// (the victim, details): `None` if nothing does.
    pub fn restriction(&self, id: IncidentId) -> Option<Restriction> {
        self.incidents.get(&id).and_then(|k| k.restriction)
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
