//! What each role knows: the incidents it observed or was told of, the messages it
//! received and sent, the alerts it holds. Ground truth lives in the engine's world; a
//! role's view is built only from its knowledge (and, for an operator, its own services).

use super::message::Tlp;
use super::role::Role;
use crate::model::{AttackKind, IncidentId, OperatorId, Time};
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

/// A role's knowledge. One per role taking part in the drill.
#[derive(Debug, Clone)]
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
    /// Once the inbox holds more than [`SCAN_INBOX`] messages: their ids as a bitset (bit
    /// `m % 64` of word `m / 64`; message ids are dense), for [`Knowledge::received`].
    received_ids: Vec<u64>,
}

/// Up to this many messages received, [`Knowledge::received`] scans the inbox: most roles
/// receive few messages, and so need no set at all.
const SCAN_INBOX: usize = 16;

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
            received_ids: Vec::new(),
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
        if self.inbox.len() <= SCAN_INBOX {
            return;
        }
        if self.received_ids.is_empty() {
            for &(x, _) in &self.inbox {
                set_bit(&mut self.received_ids, x);
            }
        } else {
            set_bit(&mut self.received_ids, m);
        }
    }

    /// Whether the role received message `m` (without a scan of the inbox, which grows
    /// with the drill).
    pub fn received(&self, m: u32) -> bool {
        if self.inbox.len() <= SCAN_INBOX {
            return self.inbox.iter().any(|(x, _)| *x == m);
        }
        self.received_ids
            .get(m as usize / 64)
            .is_some_and(|w| w & (1 << (m % 64)) != 0)
    }

    /// Whether the role sent message `m` (`sent` is in sending order, so in id order).
    pub fn has_sent(&self, m: u32) -> bool {
        self.sent.binary_search(&m).is_ok()
    }
}

/// Sets bit `m` of a bitset, growing it as needed.
fn set_bit(bits: &mut Vec<u64>, m: u32) {
    let word = m as usize / 64;
    if word >= bits.len() {
        bits.resize(word + 1, 0);
    }
    bits[word] |= 1 << (m % 64);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn received_answers_for_every_message_of_a_long_inbox() {
        // Past SCAN_INBOX messages the answer comes from the bitset, across its words.
        let mut k = Knowledge::new(Role::Nisc);
        let ids: Vec<u32> = (0..40).map(|i| i * 7).collect(); // 0, 7, …, 273: five words
        for (n, &m) in ids.iter().enumerate() {
            k.receive(m, Time(n as u64));
            for later in &ids[n + 1..] {
                assert!(!k.received(*later), "{later} not yet received");
            }
        }
        for m in 0..300 {
            assert_eq!(k.received(m), ids.contains(&m), "message {m}");
        }
        assert_eq!(k.inbox.len(), 40);
    }
}
