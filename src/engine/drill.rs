//! How actions take effect: permission and knowledge checks, then the change to the world.
//! Also message sending and delivery, and the policies of roles nobody plays.

use crate::engine::rng::{Purpose, mix};
use crate::engine::state::{ImpairmentCause, Recovery};
use crate::engine::timeline::{Cause, Happening, PolicySkip};
use crate::engine::{Engine, Event};
use crate::model::drill::action::{
    Action, ActionRecord, Addressee, Group, IncidentRef, Named, Origin, Provenance, Recipient,
};
use crate::model::drill::knowledge::{Knowledge, Learned, Restriction};
use crate::model::drill::message::{Channel, Message, MessageKind, Subject, Tlp, hop_allowed};
use crate::model::drill::outcome::{Done, Refusal};
use crate::model::drill::policy::{Response, SupportTarget, Trigger};
use crate::model::drill::role::Role;
use crate::model::{
    IncidentId, Ministry, Minutes, OperatorId, Sector, ServiceId, SystemKind, Time,
};
use bevy_ecs::prelude::*;

/// Stream key offset for restore-from-backup draws.
const RESTORE_KEY: u64 = 2 << 32;
/// Tags that keep the identities of different kinds of action apart.
const PLAYER_TAG: u64 = 0x504c_4159;
/// Tag of the news "an operator detected an incident".
pub(crate) const DETECTED_TAG: u64 = 0x4445_5445;
/// Tag of the news "a service fell below its required level".
pub(crate) const BELOW_TAG: u64 = 0x4245_4c4f;
/// Tag of the news "a service on backup no longer needs it".
pub(crate) const RESTORED_TAG: u64 = 0x5245_5354;

/// What set a policy rule off; gives the response its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// An incident the role detected.
    Incident(IncidentId),
    /// A service of the role that fell below required.
    Service(ServiceId),
    /// A message the role received.
    Message(u32),
}

/// An action checked against the state of the drill, with what taking it needs: what
/// [`Engine::check`] found, so that [`Engine::take`] need not look again.
#[derive(Debug, Clone)]
enum Resolved {
    /// A new message to these recipients.
    Send {
        recipients: Vec<Role>,
        kind: MessageKind,
        incident: Option<IncidentId>,
        attack: Option<crate::model::AttackKind>,
        label: Tlp,
        text: String,
        sanitised: bool,
    },
    /// Record a permission.
    Grant {
        message: u32,
        source: Role,
        incident: Option<IncidentId>,
        to: Role,
    },
    /// A copy of this message to these recipients.
    Forward {
        message: Message,
        recipients: Vec<Role>,
    },
    /// Isolate the operator's systems of a kind, costing these services these shares.
    Isolate {
        operator: OperatorId,
        systems: SystemKind,
        hits: Vec<(ServiceId, f64)>,
    },
    /// Reconnect the isolation at `slot` of the operator's list.
    Reconnect {
        operator: OperatorId,
        systems: SystemKind,
        slot: usize,
    },
    /// Put a service on backup.
    SwitchToBackup { service: ServiceId },
    /// End the backup at `slot` of its operator's list.
    EndBackup { service: ServiceId, slot: usize },
    /// Shorten these repairs.
    Restore {
        repairs: Vec<(Entity, ServiceId, IncidentId)>,
    },
    /// Send this team.
    Dispatch { operator: OperatorId, team: usize },
    /// Publish a signature.
    Publish { attack: crate::model::AttackKind },
    /// Fire an ad-hoc inject.
    Inject(Box<crate::model::Inject>),
    /// Fire the scenario's reserve inject with this index.
    Fire(usize),
}

/// What an alert is news of, for "a policy alerts once per news": a sanitised alert of a
/// known attack kind is news of that kind (a second incident of the same kind tells the
/// recipients nothing new); any other alert is news of its incident.
fn alert_key(
    incident: Option<IncidentId>,
    attack: Option<crate::model::AttackKind>,
    sanitised: bool,
) -> (Option<IncidentId>, Option<crate::model::AttackKind>) {
    match (sanitised, attack) {
        (true, Some(a)) => (None, Some(a)),
        _ => (incident, attack),
    }
}

/// A stable number for a role, used in random-stream keys.
pub fn role_key(r: Role) -> u64 {
    let index = |x: usize| x as u64;
    match r {
        Role::Control => 1,
        Role::Nisc => 2,
        Role::Council => 3,
        Role::Police => 4,
        Role::Vendor => 5,
        Role::Public => 6,
        Role::Jpcert => 7,
        Role::Gsoc => 8,
        Role::Ministry(m) => 100 + index(Ministry::ALL.iter().position(|x| *x == m).unwrap_or(0)),
        Role::Ceptor(s) => 200 + index(Sector::ALL.iter().position(|x| *x == s).unwrap_or(0)),
        Role::Operator(o) => 1_000_000 + o.0 as u64,
    }
}

impl Engine {
    /// The checks that do not depend on the state of the drill: the role takes part, may
    /// take this class of action, and names no `Sender` (which only policies can). An
    /// action failing them can never take effect, so it is not recorded or logged.
    pub fn permitted(&self, role: Role, action: &Action) -> Result<(), Refusal> {
        if !self.has_role(role) {
            return Err(Refusal::NotInDrill { role });
        }
        action.static_refusal(role, &self.infra)?;
        // Every role may name the scenario's injects (the scenario is the drill's common
        // ground); only exercise control knows of, and may name, ad-hoc ones this way.
        let known = match role {
            Role::Control => self.scenario.injects.len() + self.drill.extra_injects.len(),
            _ => self.scenario.injects.len(),
        };
        if let Action::Send {
            about: Some(IncidentRef::Inject(k)),
            ..
        } = action
            && *k >= known
        {
            return Err(Refusal::NoSuchInject { inject: *k });
        }
        Ok(())
    }

    /// A player takes `action` as `role` now: as [`Engine::apply`], then the measures and
    /// the conditions of waiting injects are brought up to date, as after an event.
    pub fn act(&mut self, role: Role, action: Action) -> Result<Done, Refusal> {
        // What the action writes is new to a feed that read before it.
        self.world.ecs.increment_change_tick();
        // A player's action is named by who, when, and how many of theirs took effect
        // before it in the same minute: nothing another role does, and no refused attempt,
        // can change that.
        let earlier = self
            .drill
            .actions
            .iter()
            .rev()
            .take_while(|a| a.time == self.clock.now)
            .filter(|a| a.role == role && a.origin == Origin::Player && a.result.is_ok())
            .count() as u64;
        let key = mix(&[PLAYER_TAG, role_key(role), self.clock.now.0, earlier]);
        let result = self.apply(role, action, Origin::Player, Provenance { key, root: None });
        self.records.metrics.observe_sectors(self.clock.now);
        self.check_conditions();
        result
    }

    /// Takes `action` as `role` now and records it, taken or refused. Returns what it did
    /// or why it was refused.
    pub fn apply(
        &mut self,
        role: Role,
        action: Action,
        origin: Origin,
        provenance: Provenance,
    ) -> Result<Done, Refusal> {
        let id = self.take_action(role, action, origin, provenance, None);
        self.drill.actions[id as usize].result.clone()
    }

    /// [`Engine::apply`], returning the number of the action's record instead of a copy
    /// of its result. `recipients`, if given, are the action's addressees as
    /// [`Engine::recipients`] resolved them (a policy resolves them when it decides: who
    /// takes part and the channels between roles never change during a run).
    pub(crate) fn take_action(
        &mut self,
        role: Role,
        action: Action,
        origin: Origin,
        provenance: Provenance,
        recipients: Option<Vec<Role>>,
    ) -> u32 {
        let id = self.drill.actions.len() as u32;
        // Moved into its record, not copied: the check reads it there (the check reads
        // the state of the drill and what the role knows, never the action records).
        self.drill.actions.push(ActionRecord {
            id,
            time: self.clock.now,
            role,
            action,
            origin,
            // Recorded before it is taken, so that the timeline lists the action before
            // what it sets off; the result (a placeholder here) is filled in below.
            result: Err(Refusal::NoRecipients),
        });
        let checked = self.check(role, &self.drill.actions[id as usize].action, recipients);
        self.log(Happening::Action { action: id });
        let result = checked.map(|resolved| self.take(role, resolved, provenance));
        self.drill.actions[id as usize].result = result;
        id
    }

    /// Checks an action against the state of the drill and what `role` knows; returns it
    /// resolved (recipients, the incident, the services it touches) for [`Engine::take`].
    /// A refusal depends only on what the role knows, except for exercise control.
    /// `recipients`: the addressees already resolved, if they are (see
    /// [`Engine::take_action`]).
    fn check(
        &self,
        role: Role,
        action: &Action,
        recipients: Option<Vec<Role>>,
    ) -> Result<Resolved, Refusal> {
        self.permitted(role, action)?;
        let operator = || match role {
            Role::Operator(o) => Ok(o),
            _ => Err(Refusal::NotPermitted {
                class: action.class(),
                role_kind: role.kind(),
            }),
        };
        Ok(match action {
            Action::Send {
                to,
                kind,
                about,
                attack,
                label,
                text,
                sanitised,
            } => {
                let recipients = match recipients {
                    Some(r) => r,
                    None => self.recipients(role, to)?,
                };
                let public = recipients.contains(&Role::Public);
                if public && (*kind != MessageKind::Announcement || *label != Tlp::Clear) {
                    return Err(Refusal::PublicNeedsClearAnnouncement);
                }
                if *kind == MessageKind::Announcement && !public {
                    return Err(Refusal::AnnouncementNotPublic);
                }
                let incident = match about {
                    Some(r) => Some(self.known_incident(role, *r)?),
                    None => None,
                };
                // What the role knows of the incident travels with the message unless it
                // is sanitised; then the label it learned it under binds the message.
                if let (Some(i), false) = (incident, *sanitised) {
                    self.carries(role, i, *label, &recipients)?;
                }
                Resolved::Send {
                    recipients,
                    kind: *kind,
                    incident,
                    attack: *attack,
                    label: *label,
                    text: text.clone(),
                    sanitised: *sanitised,
                }
            }
            Action::GrantPermission { message, to } => {
                let known = self
                    .knowledge(role)
                    .is_some_and(|k| k.received(*message) || k.has_sent(*message));
                let m = match self.drill.messages.get(*message as usize) {
                    Some(m) if known || role == Role::Control => m,
                    _ if role != Role::Control => return Err(Refusal::UnknownMessage),
                    _ => return Err(Refusal::NoSuchMessage { message: *message }),
                };
                if m.source != role && role != Role::Control {
                    return Err(Refusal::NotTheSource { message: *message });
                }
                if !self.has_role(*to) {
                    return Err(Refusal::NotInDrill { role: *to });
                }
                Resolved::Grant {
                    message: *message,
                    source: m.source,
                    incident: m.subject.incident,
                    to: *to,
                }
            }
            Action::Forward { message, to } => {
                let received = self
                    .knowledge(role)
                    .is_some_and(|k| k.received(*message) || k.has_sent(*message));
                let m = match self.drill.messages.get(*message as usize) {
                    Some(m) if received || role == Role::Control => m,
                    _ if role != Role::Control => return Err(Refusal::UnknownMessage),
                    _ => return Err(Refusal::NoSuchMessage { message: *message }),
                };
                let recipients = match recipients {
                    Some(r) => r,
                    None => self.recipients(role, to)?,
                };
                // The label binds per hop from the source: AMBER reaches the first
                // recipient's constituency; a further hop needs the source's permission.
                // A copy the role itself sent is as first-hand as what it knows.
                let first_hand = if m.from == role {
                    m.subject
                        .incident
                        .and_then(|i| self.knowledge(role).and_then(|k| k.restriction(i)))
                        .is_none_or(|r| r.first_hand)
                } else {
                    m.from == m.source
                };
                if let Some(r) = recipients.iter().find(|r| {
                    !hop_allowed(m.label, m.source, first_hand, role, **r, &self.infra)
                        && !self.permitted_to(**r, m.source, m.subject.incident)
                }) {
                    return Err(Refusal::LabelForbids {
                        message: *message,
                        label: m.label,
                        from: role,
                        to: *r,
                    });
                }
                // And what the forwarder learned of the incident otherwise, if tighter.
                if let (Some(i), false) = (m.subject.incident, m.sanitised) {
                    self.carries(role, i, m.label, &recipients)?;
                }
                Resolved::Forward {
                    // Without its recipients: the copy gets its own.
                    message: Message {
                        to: Vec::new(),
                        text: m.text.clone(),
                        subject: m.subject.clone(),
                        ..*m
                    },
                    recipients,
                }
            }
            Action::Isolate { systems } => {
                let o = operator()?;
                if self.operator_state(o).is_isolated(*systems) {
                    return Err(Refusal::AlreadyIsolated { systems: *systems });
                }
                let hits = self.isolation_hits(o, *systems);
                if hits.is_empty() {
                    return Err(Refusal::NoSystems {
                        operator: o,
                        systems: *systems,
                    });
                }
                Resolved::Isolate {
                    operator: o,
                    systems: *systems,
                    hits,
                }
            }
            Action::Reconnect { systems } => {
                let o = operator()?;
                let Some(slot) = self
                    .operator_state(o)
                    .isolated
                    .iter()
                    .position(|(x, _)| x == systems)
                else {
                    return Err(Refusal::NotIsolated { systems: *systems });
                };
                Resolved::Reconnect {
                    operator: o,
                    systems: *systems,
                    slot,
                }
            }
            Action::SwitchToBackup { service } => {
                if self.backup_slot(*service).is_some() {
                    return Err(Refusal::AlreadyOnBackup { service: *service });
                }
                Resolved::SwitchToBackup { service: *service }
            }
            Action::EndBackup { service } => {
                let Some(slot) = self.backup_slot(*service) else {
                    return Err(Refusal::NotOnBackup { service: *service });
                };
                Resolved::EndBackup {
                    service: *service,
                    slot,
                }
            }
            Action::RestoreFromBackup => {
                let repairs = self.data_loss_repairs(operator()?);
                if repairs.is_empty() {
                    return Err(Refusal::NothingToRestore);
                }
                Resolved::Restore { repairs }
            }
            Action::DispatchSupport { operator } => {
                if self.operator_state(*operator).support.is_some() {
                    return Err(Refusal::SupportAlreadyAssigned {
                        operator: *operator,
                    });
                }
                let Some(team) = self.drill.teams.iter().position(|t| t.at.is_none()) else {
                    return Err(match self.drill.teams.len() {
                        0 => Refusal::NoSupportTeams,
                        teams => Refusal::AllTeamsDeployed { teams },
                    });
                };
                Resolved::Dispatch {
                    operator: *operator,
                    team,
                }
            }
            Action::PublishSignature { attack } => {
                if self.drill.signatures.contains(attack) {
                    return Err(Refusal::SignatureAlreadyPublished { attack: *attack });
                }
                Resolved::Publish { attack: *attack }
            }
            Action::Inject(inject) => {
                if inject.hits.is_empty() {
                    return Err(Refusal::InjectHitsNothing);
                }
                Resolved::Inject(inject.clone())
            }
            Action::FireInject { inject } => {
                let i = *inject;
                let Some(reserve) = self.scenario.injects.get(i) else {
                    return Err(Refusal::NoSuchInject { inject: i });
                };
                if reserve.trigger != crate::model::InjectTrigger::Manual {
                    return Err(Refusal::NotAReserve { inject: i });
                }
                if self.drill.inject_status[i] != crate::engine::triggers::InjectStatus::Waiting {
                    return Err(Refusal::ReserveAlreadyFired { inject: i });
                }
                Resolved::Fire(i)
            }
        })
    }

    /// Whether `to` was permitted by `source` to receive its information about `incident`.
    fn permitted_to(&self, to: Role, source: Role, incident: Option<IncidentId>) -> bool {
        self.knowledge(to)
            .is_some_and(|k| k.permitted.contains(&(source, incident)))
    }

    /// Whether a message labelled `label` from `role` that carries what it knows of
    /// incident `i` may reach `recipients`: the label must be no laxer than the one it
    /// learned the incident under, and each recipient within what that label allows (or
    /// permitted by the source).
    fn carries(
        &self,
        role: Role,
        i: IncidentId,
        label: Tlp,
        recipients: &[Role],
    ) -> Result<(), Refusal> {
        let Some(r) = self.knowledge(role).and_then(|k| k.restriction(i)) else {
            return Ok(());
        };
        if role == Role::Control {
            return Ok(());
        }
        let forbids = |to| Refusal::KnowledgeLabelForbids {
            incident: i,
            learned: r.label,
            label,
            to,
        };
        if label > r.label {
            return Err(forbids(None));
        }
        match recipients.iter().find(|x| {
            !hop_allowed(r.label, r.source, r.first_hand, role, **x, &self.infra)
                && !self.permitted_to(**x, r.source, Some(i))
        }) {
            Some(x) => Err(forbids(Some(*x))),
            None => Ok(()),
        }
    }

    /// The incident `r` names, if `role` knows of it. Any other role than exercise
    /// control is told only that it knows of no such incident, whether the incident
    /// exists, has not happened or is merely unknown to it: a refusal must not tell it
    /// more than it knows.
    fn known_incident(&self, role: Role, r: IncidentRef) -> Result<IncidentId, Refusal> {
        let found = self.incident_of(r);
        if role == Role::Control {
            return found;
        }
        match found {
            Ok(i) if self.knowledge(role).is_some_and(|k| k.knows(i)) => Ok(i),
            _ => Err(Refusal::UnknownIncident),
        }
    }

    /// Where `s` is in its operator's list of services on backup.
    fn backup_slot(&self, s: ServiceId) -> Option<usize> {
        self.operator_state(self.infra.service(s).operator)
            .backup
            .iter()
            .position(|(x, _)| *x == s)
    }

    /// The incident an action refers to (the ground truth); refused if it has not
    /// happened. Only for exercise control and the engine's own bookkeeping: players are
    /// answered by what they know.
    pub fn incident_of(&self, r: IncidentRef) -> Result<IncidentId, Refusal> {
        match r {
            IncidentRef::Id(i) if i.index() < self.incident_count() => Ok(i),
            IncidentRef::Id(i) => Err(Refusal::NoSuchIncident { incident: i }),
            IncidentRef::Inject(k) => match self.drill.inject_status.get(k) {
                Some(crate::engine::triggers::InjectStatus::Fired(i)) => Ok(*i),
                Some(_) => Err(Refusal::InjectNotFired { inject: k }),
                None => Err(Refusal::NoSuchInject { inject: k }),
            },
        }
    }

    /// What a message from `role` about `incident` states: only what `role` knows.
    pub fn subject_for(
        &self,
        role: Role,
        incident: Option<IncidentId>,
        attack: Option<crate::model::AttackKind>,
    ) -> Subject {
        let known = incident.and_then(|i| self.knowledge(role).and_then(|k| k.incidents.get(&i)));
        let me = match role {
            Role::Operator(o) => Some(o),
            _ => None,
        };
        // The affected operator: the sender itself if it is affected (or speaks of no
        // incident, e.g. asking for support), else the first one it knows to be affected.
        let operator = match known {
            Some(k) => match me {
                Some(o) if k.operators.contains(&o) => Some(o),
                _ => k.operators.iter().next().copied(),
            },
            None => me,
        };
        Subject {
            incident,
            attack: attack.or_else(|| known.and_then(|k| k.attack)),
            sector: role.sector(&self.infra),
            operator,
        }
    }

    /// Resolves addressees relative to `from`, checking each is present and reachable.
    fn recipients(&self, from: Role, to: &[Addressee]) -> Result<Vec<Role>, Refusal> {
        let infra = &self.infra;
        // Room for a few groups' members: a group (a sector's operators) would otherwise
        // grow the vector several times.
        let mut out: Vec<Role> = Vec::with_capacity(to.len().max(8));
        // Seen roles as a set: a message to every member of a large sector stays linear.
        let mut seen = self.world.roles.set();
        for a in to {
            // Each addressee's roles are appended to `out`, then kept in place if new
            // (one vector for the whole list, no buffer per group).
            let start = out.len();
            match a {
                Addressee::Role(r) => {
                    if !self.has_role(*r) {
                        return Err(Refusal::NotInDrill { role: *r });
                    }
                    out.push(*r);
                }
                Addressee::Relative(rel) => {
                    let single = self.resolve(from, *rel, &mut out)?;
                    if single && !self.has_role(out[start]) {
                        return Err(Refusal::NotInDrill { role: out[start] });
                    }
                }
            }
            let mut kept = start;
            for i in start..out.len() {
                let r = out[i];
                if r == from || !seen.insert(r) {
                    continue;
                }
                if Channel::between(from, r, infra).is_none() {
                    return Err(Refusal::NoChannel { from, to: r });
                }
                out[kept] = r;
                kept += 1;
            }
            out.truncate(kept);
        }
        if out.is_empty() {
            return Err(Refusal::NoRecipients);
        }
        Ok(out)
    }

    /// Appends the roles `rel` names relative to `from` to `out`: a group keeps only the
    /// roles taking part, a single role is named whether it does or not. True if `rel`
    /// names a single role.
    fn resolve(&self, from: Role, rel: Recipient, out: &mut Vec<Role>) -> Result<bool, Refusal> {
        let infra = &self.infra;
        let members = &self.prepared.members;
        if rel == Recipient::Sender {
            return Err(Refusal::SenderOutsidePolicy);
        }
        let Some(named) = rel.named(from, infra) else {
            return Err(Refusal::NoSuchRecipient {
                from,
                recipient: rel,
            });
        };
        let one = match named {
            Named::One(r) => r,
            Named::Members(Group::Gsoc) => {
                out.extend_from_slice(&members.gsoc);
                return Ok(false);
            }
            Named::Members(Group::Sector(s)) => {
                out.extend_from_slice(&members.by_sector[s as usize]);
                return Ok(false);
            }
            Named::Members(Group::Ministry(m)) => {
                out.extend_from_slice(&members.by_ministry[m as usize]);
                return Ok(false);
            }
            Named::AllCeptors => {
                out.extend(
                    Sector::ALL
                        .iter()
                        .map(|s| Role::Ceptor(*s))
                        .filter(|r| self.has_role(*r)),
                );
                return Ok(false);
            }
            Named::AllMinistries => {
                out.extend(
                    Ministry::ALL
                        .iter()
                        .map(|m| Role::Ministry(*m))
                        .filter(|r| self.has_role(*r)),
                );
                return Ok(false);
            }
        };
        out.push(one);
        Ok(true)
    }

    /// Carries out a checked action; returns what it did.
    fn take(&mut self, role: Role, action: Resolved, provenance: Provenance) -> Done {
        let root = provenance.root.unwrap_or(provenance.key);
        let infra = self.infra.clone();
        match action {
            Resolved::Send {
                recipients,
                kind,
                incident,
                attack,
                label,
                text,
                sanitised,
            } => {
                let mut subject = self.subject_for(role, incident, attack);
                // What the role knows of the incident binds the message, whose source is
                // then the source of that knowledge; a sanitised alert carries only the
                // attack kind, and its sender is its source.
                let restriction =
                    incident.and_then(|i| self.knowledge(role).and_then(|k| k.restriction(i)));
                let source = match restriction {
                    Some(r) if !sanitised && role != Role::Control => r.source,
                    _ => role,
                };
                if sanitised {
                    // The sector hit stays (it is no victim's identity); the rest goes.
                    subject.sector = subject
                        .operator
                        .map(|o| infra.operator(o).sector)
                        .or(subject.sector);
                    subject.incident = None;
                    subject.operator = None;
                }
                let message = self.send(
                    role,
                    &recipients,
                    Message {
                        id: 0,
                        from: role,
                        to: Vec::new(),
                        sent: self.clock.now,
                        kind,
                        subject,
                        label,
                        text,
                        forwarded_from: None,
                        source,
                        sanitised,
                        drawn_from: if sanitised { incident } else { None },
                        key: provenance.key,
                        root,
                        narrative: None,
                    },
                );
                Done::Sent {
                    message,
                    to: recipients,
                }
            }
            Resolved::Forward {
                message: m,
                recipients,
            } => {
                let message = m.id;
                let copy = self.send(
                    role,
                    &recipients,
                    Message {
                        from: role,
                        sent: self.clock.now,
                        forwarded_from: Some(message),
                        key: provenance.key,
                        ..m
                    },
                );
                Done::Forwarded {
                    message,
                    copy,
                    to: recipients,
                }
            }
            Resolved::Grant {
                message,
                source,
                incident,
                to,
            } => {
                if let Some(k) = self.knowledge_mut(to) {
                    k.permitted.insert((source, incident));
                }
                Done::PermissionGranted { message, to }
            }
            Resolved::Isolate {
                operator: o,
                systems,
                hits,
            } => {
                let mut impairments = Vec::new();
                let mut lowered = Vec::new();
                let mut causes = Vec::new();
                for (s, share) in &hits {
                    impairments.push(self.spawn_impairment(
                        *s,
                        ImpairmentCause::Isolation(systems),
                        *share,
                        false,
                    ));
                    lowered.push(*s);
                    causes.push((*s, Cause::Isolation(systems)));
                }
                self.operator_state_mut(o)
                    .isolated
                    .push((systems, impairments));
                self.settle(&[], &lowered, &causes);
                self.halt_compromises(o, systems);
                Done::Isolated {
                    systems,
                    services: hits.len(),
                }
            }
            Resolved::Reconnect {
                operator: o,
                systems,
                slot,
            } => {
                let list = self.operator_state_mut(o).isolated.remove(slot).1;
                let mut raised = Vec::new();
                for e in list {
                    if let Some(s) = self
                        .world
                        .ecs
                        .get::<crate::engine::state::Impairment>(e)
                        .map(|i| i.service)
                    {
                        self.remove_impairment(e);
                        raised.push(s);
                    }
                }
                let causes: Vec<_> = raised
                    .iter()
                    .map(|s| (*s, Cause::Reconnected(systems)))
                    .collect();
                self.settle(&raised, &[], &causes);
                Done::Reconnected { systems }
            }
            Resolved::SwitchToBackup { service } => {
                self.switch_backup(service, None);
                Done::OnBackup {
                    service,
                    extension: self.scenario.params.backup_extension,
                }
            }
            Resolved::EndBackup { service, slot } => {
                self.switch_backup(service, Some(slot));
                Done::BackupEnded { service }
            }
            Resolved::Restore { repairs } => {
                let dist = self.scenario.params.backup_restore.clone();
                for (e, s, incident) in &repairs {
                    let mut rng = self.streams.stream(
                        Purpose::Recovery,
                        &[self.incident_key(*incident), s.0 as u64, RESTORE_KEY],
                    );
                    let restore = dist.sample(&mut rng).0.max(1) as f64;
                    self.set_recovery(*e, |r| r.remaining = r.remaining.min(restore));
                }
                Done::Restoring {
                    services: repairs.len(),
                }
            }
            Resolved::Dispatch { operator, team } => {
                self.drill.teams[team].at = Some(operator);
                self.drill.teams[team].arrived = false;
                self.operator_state_mut(operator).support = Some(team);
                let arrives = self.clock.now.after(self.scenario.params.support_travel);
                self.clock.queue.push(
                    arrives,
                    Event::PHASE_SUPPORT,
                    Event::SupportArrives { team },
                );
                Done::SupportDispatched {
                    team,
                    operator,
                    arrives,
                }
            }
            Resolved::Publish { attack } => {
                self.drill.signatures.insert(attack);
                self.log(Happening::SignaturePublished { attack });
                self.rerate_detection_of(None, attack);
                for s in 0..infra.services.len() {
                    self.rerate_recoveries(ServiceId(s as u32));
                }
                Done::SignaturePublished { attack }
            }
            Resolved::Inject(inject) => {
                let index = self.scenario.injects.len() + self.drill.extra_injects.len();
                let mut inject = *inject;
                if inject.key == "ad-hoc" {
                    inject.key = format!("ad-hoc-{}", self.drill.extra_injects.len() + 1);
                }
                self.drill.extra_injects.push(inject);
                self.drill.extra_keys.push(provenance.key);
                self.drill
                    .inject_status
                    .push(crate::engine::triggers::InjectStatus::Scheduled(
                        self.clock.now,
                    ));
                self.fire_inject(index);
                Done::Injected { inject: index }
            }
            Resolved::Fire(i) => {
                self.drill.inject_status[i] =
                    crate::engine::triggers::InjectStatus::Scheduled(self.clock.now);
                self.fire_inject(i);
                Done::Injected { inject: i }
            }
        }
    }

    /// Services of `o` with systems of `kind`, and the share isolating them costs.
    fn isolation_hits(&self, o: OperatorId, kind: SystemKind) -> Vec<(ServiceId, f64)> {
        self.infra
            .operator(o)
            .services
            .iter()
            .filter_map(|s| {
                let share = self.infra.system_share(*s, kind);
                (share > 0.0).then_some((*s, share))
            })
            .collect()
    }

    /// Repairs under way at `o` of impairments that destroyed data.
    fn data_loss_repairs(&self, o: OperatorId) -> Vec<(Entity, ServiceId, IncidentId)> {
        let mut out = Vec::new();
        for s in &self.infra.operator(o).services {
            for e in &self.state_of(*s).impairments {
                let Some(imp) = self.world.ecs.get::<crate::engine::state::Impairment>(*e) else {
                    continue;
                };
                if let ImpairmentCause::Incident(i) = imp.cause
                    && imp.data_loss
                    && self.world.ecs.get::<Recovery>(*e).is_some()
                {
                    out.push((*e, *s, i));
                }
            }
        }
        out
    }

    /// Puts a service on backup operation (`off: None`) or takes it off (`off`: where it
    /// is in its operator's list of services on backup).
    fn switch_backup(&mut self, s: ServiceId, off: Option<usize>) {
        let on = off.is_none();
        let infra = self.infra.clone();
        let params = self.scenario.params.clone();
        let o = infra.service(s).operator;
        self.world.buffer_extension[s.index()] = if on {
            params.backup_extension
        } else {
            Minutes::ZERO
        };
        if on {
            let imp = self.spawn_impairment(s, ImpairmentCause::Backup, params.backup_cost, false);
            self.operator_state_mut(o).backup.push((s, imp));
            self.world.on_backup += 1;
        } else if let Some(slot) = off {
            self.world.on_backup -= 1;
            let imp = self.operator_state_mut(o).backup.remove(slot).1;
            self.remove_impairment(imp);
        }
        // Re-time the buffers of every provider currently down.
        self.touch(s);
        for d in infra.providers_of(s) {
            let Some(since) = self.state_of(d.provider).failed_since else {
                continue;
            };
            let due = since.after(self.effective_tolerance(d.id));
            let active = self.edge_delivering(d.id);
            if due > self.clock.now {
                if active {
                    self.set_edge(d.id, false);
                }
                self.clock.queue.push(
                    due,
                    Event::PHASE_BUFFER,
                    Event::BufferExhausted { edge: d.id, since },
                );
            } else if !active {
                self.set_edge(d.id, true);
            }
        }
        let cause = if on {
            Cause::Backup
        } else {
            Cause::BackupEnded
        };
        self.settle(&[s], &[s], &[(s, cause)]);
    }

    /// Sends `message` (its number, recipients and times are filled in) to `recipients`
    /// now; returns its number.
    pub(crate) fn send(&mut self, from: Role, recipients: &[Role], mut message: Message) -> u32 {
        let id = self.drill.messages.len() as u32;
        let mut to: Vec<(Role, Time)> = Vec::with_capacity(recipients.len());
        let mut seen = self.world.roles.set();
        for r in recipients {
            let channel = Channel::between(from, *r, &self.infra).unwrap_or(Channel::Control);
            let mut rng = self
                .streams
                .stream(Purpose::MessageDelay, &[message.key, role_key(*r)]);
            let at = self
                .clock
                .now
                .after(self.scenario.params.delay(channel).sample(&mut rng));
            if *r == Role::Public {
                // The media reach everyone taking part.
                for &x in self.world.roles.order.iter() {
                    if x != from && seen.insert(x) {
                        to.push((x, at));
                    }
                }
            } else if seen.insert(*r) {
                to.push((*r, at));
            }
        }
        for (r, at) in &to {
            self.clock.queue.push(
                *at,
                Event::PHASE_MESSAGE,
                Event::Deliver {
                    message: id,
                    recipient: *r,
                },
            );
        }
        message.id = id;
        message.from = from;
        message.to = to;
        message.sent = self.clock.now;
        let about = alert_key(
            message.subject.incident.or(message.drawn_from),
            message.subject.attack,
            message.sanitised,
        );
        let alert = message.kind == MessageKind::Alert;
        self.drill.messages.push(message);
        if let Some(k) = self.knowledge_mut(from) {
            k.sent.push(id);
            if alert {
                k.alerted_about.insert(about);
            }
        }
        self.log(Happening::MessageSent { message: id });
        id
    }

    /// A message reaches a recipient: it learns the subject; an operator told of an attack
    /// kind becomes alert to it; the recipient's policy may answer.
    pub(crate) fn deliver_message(&mut self, id: u32, r: Role) {
        // Not the whole message: its recipient list grows with the audience, and copying
        // it for every delivery would make a message to many roles quadratic.
        let (subject, kind, root, restriction) = {
            let m = &self.drill.messages[id as usize];
            let restriction = (!m.sanitised).then_some(Restriction {
                label: m.label,
                source: m.source,
                first_hand: m.from == m.source,
            });
            (m.subject.clone(), m.kind, m.root, restriction)
        };
        let now = self.clock.now;
        // Only what the sender stated travels: never the incident's true kind.
        let attack = subject.attack;
        if let Some(k) = self.knowledge_mut(r) {
            k.receive(id, now);
            if let Some(i) = subject.incident {
                k.learn(i, attack, subject.operator, now, Learned::Message(id));
                if let Some(restriction) = restriction
                    && r != restriction.source
                {
                    k.restrict(i, restriction);
                }
            }
        }
        self.log(Happening::MessageDelivered { message: id, to: r });
        if let (Role::Operator(o), Some(kind)) = (r, attack)
            && !self.operator_state(o).is_alerted(kind)
        {
            self.operator_state_mut(o).alerted.push((kind, now));
            self.log(Happening::Alerted {
                operator: o,
                attack: kind,
            });
            self.rerate_detection_of(Some(o), kind);
        }
        self.policy_trigger(r, Trigger::Received(kind), root, |_| Context::Message(id));
    }

    /// A support team arrives; false if it was recalled meanwhile.
    pub(crate) fn support_arrives(&mut self, team: usize) -> bool {
        let Some(o) = self.drill.teams[team].at else {
            return false;
        };
        self.drill.teams[team].arrived = true;
        self.log(Happening::SupportArrived { team, operator: o });
        for s in self.infra.operator(o).services.clone() {
            self.rerate_recoveries(s);
        }
        self.release_support_if_done(o);
        true
    }

    /// Sends the support team at `o` home once nothing there is under repair.
    pub(crate) fn release_support_if_done(&mut self, o: OperatorId) {
        // Called after every repair, and most operators never see a team: ask the few
        // teams first (a team is `at` the operator whose `support` names it) before
        // looking the operator's entity up.
        if !self
            .drill
            .teams
            .iter()
            .any(|t| t.arrived && t.at == Some(o))
        {
            return;
        }
        let Some(team) = self.operator_state(o).support else {
            return;
        };
        if !self.drill.teams[team].arrived {
            return;
        }
        let busy = self.infra.operator(o).services.iter().any(|s| {
            self.state_of(*s)
                .impairments
                .iter()
                .any(|e| self.world.ecs.get::<Recovery>(*e).is_some())
        });
        if busy {
            return;
        }
        self.drill.teams[team] = crate::engine::Team::default();
        self.operator_state_mut(o).support = None;
        // The team reports back: every incident NISC knew at `o` is repaired there.
        if let Some(k) = self.knowledge_mut(Role::Nisc) {
            let done: Vec<IncidentId> = k
                .incidents
                .iter()
                .filter(|(_, known)| known.operators.contains(&o))
                .map(|(i, _)| *i)
                .collect();
            k.repaired.extend(done.into_iter().map(|i| (i, o)));
        }
        self.log(Happening::SupportReleased { team, operator: o });
    }

    /// Fires the rules of `role`'s policies that answer `trigger`, once per subject: the
    /// stable identity of the news that set it off (a message's root, an incident's inject
    /// and operator, a service's failure).
    pub(crate) fn policy_trigger(
        &mut self,
        role: Role,
        trigger: Trigger,
        subject: u64,
        context: impl Fn(&Engine) -> Context,
    ) {
        if self.drill.played.contains(&role) {
            return;
        }
        // Shared, not copied: the rules of a role are the scenario's.
        let prepared = self.prepared.clone();
        let scenario = &prepared.scenario;
        for &(p, k) in prepared.rules_of(role) {
            let rule = &scenario.drill.policies[p].rules[k];
            {
                if rule.on != trigger || !self.drill.fired.insert((p, k, role, subject)) {
                    continue;
                }
                let decided = self
                    .respond(role, &rule.act, context(self))
                    .and_then(|a| match self.moot_for(role, &a) {
                        Some(reason) => Err(reason),
                        None => self.addressed(role, &a).map(|to| (a, to)),
                    });
                let (action, recipients) = match decided {
                    Ok(decided) => decided,
                    Err(reason) => {
                        self.log(Happening::PolicySkipped { role, reason });
                        continue;
                    }
                };
                let identity = [p as u64, k as u64, role_key(role), subject];
                let mut rng = self.streams.stream(Purpose::Policy, &identity);
                let at = self.clock.now.after(rule.after.sample(&mut rng));
                let due = self.drill.due.insert(crate::engine::DueAction {
                    role,
                    action,
                    recipients,
                    origin: Origin::Policy { policy: p, rule: k },
                    provenance: Provenance {
                        key: mix(&identity),
                        root: Some(subject),
                    },
                });
                self.clock
                    .queue
                    .push(at, Event::PHASE_ACTION, Event::ActionDue(due));
            }
        }
    }

    /// The concrete action a policy response means in its context, or why it means none.
    fn respond(&self, role: Role, response: &Response, ctx: Context) -> Result<Action, PolicySkip> {
        let (incident, attack, about_operator) = match ctx {
            Context::Incident(i) => (Some(i), self.incident(i).attack, None),
            Context::Service(s) => (None, None, Some(self.infra.service(s).operator)),
            Context::Message(m) => {
                let sub = &self.drill.messages[m as usize].subject;
                (sub.incident, sub.attack, sub.operator)
            }
        };
        let sender = match ctx {
            Context::Message(m) => Some(self.drill.messages[m as usize].from),
            _ => None,
        };
        let to = |list: &[Recipient]| -> Vec<Addressee> {
            list.iter()
                .filter_map(|r| match (r, sender) {
                    (Recipient::Sender, Some(s)) => Some(Addressee::Role(s)),
                    (Recipient::Sender, None) => None,
                    (r, _) => Some(Addressee::Relative(*r)),
                })
                .collect()
        };
        // A policy writes no text of its own: faces describe the subject in words.
        let send = |kind: MessageKind, list: &[Recipient], label: Tlp| Action::Send {
            to: to(list),
            kind,
            about: incident.map(IncidentRef::Id),
            attack,
            label,
            text: String::new(),
            sanitised: false,
        };
        Ok(match response {
            Response::Report { to: list, label } => send(MessageKind::Report, list, *label),
            Response::Alert { to: list, label } => send(MessageKind::Alert, list, *label),
            Response::SanitisedAlert { to: list, label } => {
                match send(MessageKind::Alert, list, *label) {
                    Action::Send {
                        to,
                        kind,
                        about,
                        attack,
                        label,
                        text,
                        ..
                    } => Action::Send {
                        to,
                        kind,
                        about,
                        attack,
                        label,
                        text,
                        sanitised: true,
                    },
                    other => other,
                }
            }
            Response::RequestSupport { to: list } => {
                send(MessageKind::SupportRequest, list, Tlp::Amber)
            }
            Response::Announce => send(MessageKind::Announcement, &[Recipient::Public], Tlp::Clear),
            Response::Forward { to: list } => match ctx {
                Context::Message(m) => Action::Forward {
                    message: m,
                    to: to(list),
                },
                _ => return Err(PolicySkip::NothingToForward),
            },
            Response::IsolateAttacked => {
                let systems = incident
                    .and_then(|i| self.attack_systems(self.incident(i).inject))
                    .ok_or(PolicySkip::NoSystemsToIsolate)?;
                Action::Isolate { systems }
            }
            Response::Isolate(kind) => Action::Isolate { systems: *kind },
            Response::SwitchToBackup | Response::EndBackup => match ctx {
                Context::Service(service) if matches!(response, Response::SwitchToBackup) => {
                    Action::SwitchToBackup { service }
                }
                Context::Service(service) => Action::EndBackup { service },
                _ => return Err(PolicySkip::NoServiceNamed),
            },
            Response::RestoreFromBackup => Action::RestoreFromBackup,
            Response::DispatchSupport(target) => {
                // A team only speeds repairs: it goes where, as far as the role knows, a
                // repair is under way — the requester if so, else the operator with the
                // largest population known to be under repair that has no team.
                let fallback = |asked: Option<OperatorId>| {
                    self.largest_known_affected(role)
                        .ok_or(PolicySkip::NoRepairKnown { asked })
                };
                let operator = match target {
                    SupportTarget::Requester => {
                        let asked = about_operator
                            .or(match sender {
                                Some(Role::Operator(o)) => Some(o),
                                _ => None,
                            })
                            .ok_or(PolicySkip::NoOperatorNamed)?;
                        if self.knows_repair_at(role, asked) {
                            asked
                        } else {
                            fallback(Some(asked))?
                        }
                    }
                    SupportTarget::LargestAffected => fallback(None)?,
                };
                Action::DispatchSupport { operator }
            }
            Response::PublishSignature => Action::PublishSignature {
                attack: attack.ok_or(PolicySkip::NoAttackKind)?,
            },
        })
    }

    /// The recipients of a policy's message (None for an action that sends none), or why
    /// it would reach nobody (a CEPTOR of a sector without operators forwarding to its
    /// members, a recipient absent from the drill).
    fn addressed(&self, role: Role, action: &Action) -> Result<Option<Vec<Role>>, PolicySkip> {
        match action {
            Action::Send { to, .. } | Action::Forward { to, .. } => self
                .recipients(role, to)
                .map(Some)
                .map_err(PolicySkip::Undeliverable),
            _ => Ok(None),
        }
    }

    /// Whether `role` knows of a repair under way at `o` (an incident affecting `o` it
    /// does not know to be repaired there).
    fn knows_repair_at(&self, role: Role, o: OperatorId) -> bool {
        self.knowledge(role).is_some_and(|k| k.knows_repair_at(o))
    }

    /// The operator with the largest population among those where `role` knows a repair
    /// is under way and no support team is assigned; ties go to the lower id.
    fn largest_known_affected(&self, role: Role) -> Option<OperatorId> {
        let k: &Knowledge = self.knowledge(role)?;
        let mut best: Option<(u64, OperatorId)> = None;
        for (i, known) in &k.incidents {
            for o in &known.operators {
                if k.repaired.contains(&(*i, *o)) || self.operator_state(*o).support.is_some() {
                    continue;
                }
                let pop: u64 = self
                    .infra
                    .operator(*o)
                    .services
                    .iter()
                    .fold(0u64, |sum, s| {
                        sum.saturating_add(self.infra.service(*s).population)
                    });
                if best.is_none_or(|(b, bo)| pop > b || (pop == b && *o < bo)) {
                    best = Some((pop, *o));
                }
            }
        }
        best.map(|(_, o)| o)
    }

    /// [`Engine::moot`], and for alerts: a policy alerts once per news — an incident, or
    /// for a sanitised alert an attack kind — so a role that already sent or forwarded an
    /// alert about it (its own alert coming back from the council, the second report of
    /// the same kind) does not alert again. This keeps a sector's alerts linear in its
    /// operators.
    pub(crate) fn moot_for(&self, role: Role, action: &Action) -> Option<PolicySkip> {
        self.moot(action).or_else(|| {
            let about = match action {
                Action::Send {
                    kind: MessageKind::Alert,
                    about,
                    attack,
                    sanitised,
                    ..
                } => {
                    let incident = about.and_then(|r| self.incident_of(r).ok());
                    let subject = self.subject_for(role, incident, *attack);
                    alert_key(incident, subject.attack, *sanitised)
                }
                Action::Forward { message, .. } => {
                    let m = self.drill.messages.get(*message as usize)?;
                    if m.kind != MessageKind::Alert {
                        return None;
                    }
                    alert_key(
                        m.subject.incident.or(m.drawn_from),
                        m.subject.attack,
                        m.sanitised,
                    )
                }
                _ => return None,
            };
            self.knowledge(role)?
                .alerted_about
                .contains(&about)
                .then_some(PolicySkip::AlreadyAlerted {
                    incident: about.0,
                    attack: about.1,
                })
        })
    }

    /// Why a policy action has become pointless since it was decided, if it has: the
    /// signature is already published, a support team is already assigned there (or NISC
    /// learned from its team that nothing there is under repair), the service is already
    /// (or no longer) on backup, or no longer needs it.
    pub(crate) fn moot(&self, action: &Action) -> Option<PolicySkip> {
        let infra = &self.infra;
        let on_backup = |s: ServiceId| {
            self.operator_state(infra.service(s).operator)
                .backup
                .iter()
                .any(|(x, _)| *x == s)
        };
        match action {
            Action::PublishSignature { attack } if self.drill.signatures.contains(attack) => {
                Some(PolicySkip::SignatureAlreadyPublished { attack: *attack })
            }
            Action::DispatchSupport { operator }
                if self.operator_state(*operator).support.is_some() =>
            {
                Some(PolicySkip::SupportAlreadyAssigned {
                    operator: *operator,
                })
            }
            Action::SwitchToBackup { service } if on_backup(*service) => {
                Some(PolicySkip::AlreadyOnBackup { service: *service })
            }
            // Only NISC dispatches teams; its team came back from there meanwhile.
            Action::DispatchSupport { operator }
                if !self.knows_repair_at(Role::Nisc, *operator) =>
            {
                Some(PolicySkip::NoRepairAnyMore {
                    operator: *operator,
                })
            }
            Action::SwitchToBackup { service }
                if self.state_of(*service).failed_since.is_none() =>
            {
                Some(PolicySkip::BackToRequired { service: *service })
            }
            Action::SwitchToBackup { service }
                if !infra
                    .providers_of(*service)
                    .any(|d| self.state_of(d.provider).failed_since.is_some()) =>
            {
                Some(PolicySkip::NoProviderFailing { service: *service })
            }
            Action::EndBackup { service } if !on_backup(*service) => {
                Some(PolicySkip::NotOnBackup { service: *service })
            }
            Action::EndBackup { service }
                if infra
                    .providers_of(*service)
                    .any(|d| self.state_of(d.provider).failed_since.is_some()) =>
            {
                Some(PolicySkip::ProviderFailingAgain { service: *service })
            }
            _ => None,
        }
    }
}
