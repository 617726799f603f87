//! How actions take effect: permission and knowledge checks, then the change to the world.
//! Also message sending and delivery, and the policies of roles nobody plays.

use crate::engine::rng::{Purpose, mix};
use crate::engine::state::{ImpairmentCause, Recovery};
use crate::engine::timeline::{Cause, Happening};
use crate::engine::{Engine, Event};
use crate::model::drill::action::{
    Action, ActionRecord, Addressee, IncidentRef, Origin, Provenance, Recipient,
};
use crate::model::drill::knowledge::{Knowledge, Learned};
use crate::model::drill::message::{Channel, Message, MessageKind, Subject, Tlp};
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
        Role::Ministry(m) => 100 + index(Ministry::ALL.iter().position(|x| *x == m).unwrap_or(0)),
        Role::Ceptor(s) => 200 + index(Sector::ALL.iter().position(|x| *x == s).unwrap_or(0)),
        Role::Operator(o) => 1_000_000 + o.0 as u64,
    }
}

impl Engine {
    /// The checks that do not depend on the state of the drill: the role takes part, may
    /// take this class of action, and names no `Sender` (which only policies can). An
    /// action failing them can never take effect, so it is not recorded or logged.
    pub fn permitted(&self, role: Role, action: &Action) -> Result<(), String> {
        if !self.has_role(role) {
            return Err(format!(
                "{} is not part of this drill",
                role.id(&self.infra)
            ));
        }
        action.static_check(role, &self.infra)?;
        if let Action::Send {
            about: Some(IncidentRef::Inject(k)),
            ..
        } = action
            && *k >= self.scenario.injects.len() + self.drill.extra_injects.len()
        {
            return Err(format!("there is no inject #{k}"));
        }
        Ok(())
    }

    /// A player takes `action` as `role` now: as [`Engine::apply`], then the measures and
    /// the conditions of waiting injects are brought up to date, as after an event.
    pub fn act(&mut self, role: Role, action: Action) -> Result<String, String> {
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
    ) -> Result<String, String> {
        let checked = self.check(role, &action);
        let id = self.drill.actions.len() as u32;
        self.drill.actions.push(ActionRecord {
            id,
            time: self.clock.now,
            role,
            action: action.clone(),
            origin,
            result: Err(String::new()),
        });
        self.log(Happening::Action { action: id });
        let result = match checked {
            Ok(recipients) => Ok(self.take(role, action, recipients, provenance)),
            Err(reason) => Err(reason),
        };
        self.drill.actions[id as usize].result = result.clone();
        result
    }

    /// Checks an action; for messages, returns the resolved recipients.
    fn check(&self, role: Role, action: &Action) -> Result<Vec<Role>, String> {
        let infra = &self.infra;
        self.permitted(role, action)?;
        let own_operator = match role {
            Role::Operator(o) => Some(o),
            _ => None,
        };
        match action {
            Action::Send {
                to,
                kind,
                about,
                label,
                ..
            } => {
                let recipients = self.recipients(role, to)?;
                let public = recipients.contains(&Role::Public);
                if public && (*kind != MessageKind::Announcement || *label != Tlp::Clear) {
                    return Err(
                        "what goes to the public must be an announcement labelled TLP:CLEAR".into(),
                    );
                }
                if *kind == MessageKind::Announcement && !public {
                    return Err("an announcement goes to the public (to: [Public])".into());
                }
                if let Some(r) = about {
                    let i = self.incident_of(*r)?;
                    let known = self.knowledge(role).is_some_and(|k| k.knows(i));
                    if !known && role != Role::Control {
                        return Err(format!(
                            "{} knows of no incident #{}; a role can only report what it has observed or been told",
                            role.id(infra),
                            i.0
                        ));
                    }
                }
                Ok(recipients)
            }
            Action::Forward { message, to } => {
                let received = self
                    .knowledge(role)
                    .is_some_and(|k| k.received(*message) || k.has_sent(*message));
                if !received && role != Role::Control {
                    return Err(format!(
                        "{} never received message #{message}",
                        role.id(infra)
                    ));
                }
                let Some(m) = self.drill.messages.get(*message as usize) else {
                    return Err(format!("there is no message #{message}"));
                };
                let recipients = self.recipients(role, to)?;
                for r in &recipients {
                    m.label.may_forward(role, *r, infra).map_err(|why| {
                        format!(
                            "forwarding message #{message} to {} refused: {why}",
                            r.id(infra)
                        )
                    })?;
                }
                Ok(recipients)
            }
            Action::Isolate { systems } => {
                let o = own_operator.expect("permission checked");
                if self.operator_state(o).is_isolated(*systems) {
                    return Err(format!("{} systems are already isolated", systems.id()));
                }
                if self.isolation_hits(o, *systems).is_empty() {
                    return Err(format!(
                        "{} has no {} systems to isolate",
                        infra.operator(o).key,
                        systems.id()
                    ));
                }
                Ok(vec![])
            }
            Action::Reconnect { systems } => {
                let o = own_operator.expect("permission checked");
                if !self.operator_state(o).is_isolated(*systems) {
                    return Err(format!("{} systems are not isolated", systems.id()));
                }
                Ok(vec![])
            }
            Action::SwitchToBackup { service } | Action::EndBackup { service } => {
                let owner = infra.service(*service).operator;
                let on = self
                    .operator_state(owner)
                    .backup
                    .iter()
                    .any(|(s, _)| s == service);
                match (action, on) {
                    (Action::SwitchToBackup { .. }, true) => Err(format!(
                        "{} is already on backup",
                        infra.service(*service).key
                    )),
                    (Action::EndBackup { .. }, false) => {
                        Err(format!("{} is not on backup", infra.service(*service).key))
                    }
                    _ => Ok(vec![]),
                }
            }
            Action::RestoreFromBackup => {
                let o = own_operator.expect("permission checked");
                if self.data_loss_repairs(o).is_empty() {
                    return Err(
                        "no data-destroying incident is being repaired here; nothing to restore"
                            .into(),
                    );
                }
                Ok(vec![])
            }
            Action::DispatchSupport { operator } => {
                if self.operator_state(*operator).support.is_some() {
                    return Err(format!(
                        "a support team is already assigned to {}",
                        infra.operator(*operator).key
                    ));
                }
                if self.teams_available() == 0 {
                    return Err(match self.drill.teams.len() {
                        0 => "this drill has no support teams".to_string(),
                        1 => "no support team available: the only one is deployed".to_string(),
                        n => format!("no support team available: all {n} are deployed"),
                    });
                }
                Ok(vec![])
            }
            Action::PublishSignature { attack } => {
                if self.drill.signatures.contains(attack) {
                    return Err(format!(
                        "a signature for {} is already published",
                        attack.label()
                    ));
                }
                Ok(vec![])
            }
            Action::Inject(inject) => {
                if inject.hits.is_empty() {
                    return Err("the inject hits no service".into());
                }
                Ok(vec![])
            }
        }
    }

    /// The incident an action refers to; an error if it has not happened.
    pub fn incident_of(&self, r: IncidentRef) -> Result<IncidentId, String> {
        match r {
            IncidentRef::Id(i) if i.index() < self.incident_count() => Ok(i),
            IncidentRef::Id(i) => Err(format!("there is no incident #{}", i.0)),
            IncidentRef::Inject(k) => match self.drill.inject_status.get(k) {
                Some(crate::engine::triggers::InjectStatus::Fired(i)) => Ok(*i),
                Some(_) => Err(format!("inject {} has not happened", self.inject(k).key)),
                None => Err(format!("there is no inject #{k}")),
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
    fn recipients(&self, from: Role, to: &[Addressee]) -> Result<Vec<Role>, String> {
        let infra = &self.infra;
        let mut out: Vec<Role> = Vec::new();
        // Seen roles as a set: a message to every member of a large sector stays linear.
        let mut seen: std::collections::BTreeSet<Role> = std::collections::BTreeSet::new();
        for a in to {
            let group = match a {
                Addressee::Role(r) => {
                    if !self.has_role(*r) {
                        return Err(format!("{} is not part of this drill", r.id(infra)));
                    }
                    vec![*r]
                }
                Addressee::Relative(rel) => {
                    let group = self.resolve(from, *rel)?;
                    if let [one] = group.as_slice()
                        && !self.has_role(*one)
                    {
                        return Err(format!("{} is not part of this drill", one.id(infra)));
                    }
                    group
                }
            };
            for r in group {
                if r == from || !seen.insert(r) {
                    continue;
                }
                if Channel::between(from, r, infra).is_none() {
                    return Err(format!(
                        "no channel from {} to {} (see docs/DRILL.md, channels)",
                        from.id(infra),
                        r.id(infra)
                    ));
                }
                out.push(r);
            }
        }
        if out.is_empty() {
            return Err("the message has no recipients".into());
        }
        Ok(out)
    }

    fn resolve(&self, from: Role, rel: Recipient) -> Result<Vec<Role>, String> {
        let infra = &self.infra;
        let present = |rs: Vec<Role>| rs.into_iter().filter(|r| self.has_role(*r)).collect();
        let sector = from.sector(infra);
        Ok(match (rel, from) {
            (Recipient::MyCeptor, Role::Operator(_)) => {
                vec![Role::Ceptor(sector.expect("operators have a sector"))]
            }
            (Recipient::MyMinistry, Role::Operator(_) | Role::Ceptor(_)) => {
                vec![Role::Ministry(sector.expect("has a sector").ministry())]
            }
            (Recipient::Members, Role::Ceptor(s)) => present(
                infra
                    .operators
                    .iter()
                    .filter(|o| o.sector == s)
                    .map(|o| Role::Operator(o.id))
                    .collect(),
            ),
            (Recipient::Members, Role::Ministry(m)) => present(
                infra
                    .operators
                    .iter()
                    .filter(|o| o.sector.ministry() == m)
                    .map(|o| Role::Operator(o.id))
                    .collect(),
            ),
            (Recipient::Council, _) => vec![Role::Council],
            (Recipient::AllCeptors, _) => {
                present(Sector::ALL.iter().map(|s| Role::Ceptor(*s)).collect())
            }
            (Recipient::AllMinistries, _) => {
                present(Ministry::ALL.iter().map(|m| Role::Ministry(*m)).collect())
            }
            (Recipient::Nisc, _) => vec![Role::Nisc],
            (Recipient::Police, _) => vec![Role::Police],
            (Recipient::Vendor, _) => vec![Role::Vendor],
            (Recipient::Public, _) => vec![Role::Public],
            (Recipient::Sender, _) => {
                return Err("`Sender` only makes sense in a policy answering a message".into());
            }
            (rel, from) => {
                return Err(format!(
                    "{} has no {}",
                    from.id(infra),
                    rel.id().replace('_', " ")
                ));
            }
        })
    }

    /// Carries out a checked action; returns what it did.
    fn take(
        &mut self,
        role: Role,
        action: Action,
        recipients: Vec<Role>,
        provenance: Provenance,
    ) -> String {
        let root = provenance.root.unwrap_or(provenance.key);
        let infra = self.infra.clone();
        match action {
            Action::Send {
                kind,
                about,
                attack,
                label,
                text,
                ..
            } => {
                let incident = about.and_then(|r| self.incident_of(r).ok());
                let subject = self.subject_for(role, incident, attack);
                let id = self.send(
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
                        key: provenance.key,
                        root,
                    },
                );
                format!("sent message #{id} to {}", self.names(&recipients))
            }
            Action::Forward { message, .. } => {
                let m = self.drill.messages[message as usize].clone();
                let id = self.send(
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
                format!(
                    "forwarded message #{message} as #{id} to {}",
                    self.names(&recipients)
                )
            }
            Action::Isolate { systems } => {
                let Role::Operator(o) = role else {
                    unreachable!("checked")
                };
                let hits = self.isolation_hits(o, systems);
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
                format!(
                    "isolated {} systems of {} service(s)",
                    systems.id(),
                    hits.len()
                )
            }
            Action::Reconnect { systems } => {
                let Role::Operator(o) = role else {
                    unreachable!("checked")
                };
                let list = {
                    let mut st = self.operator_state_mut(o);
                    let k = st
                        .isolated
                        .iter()
                        .position(|(x, _)| *x == systems)
                        .expect("checked");
                    st.isolated.remove(k).1
                };
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
                format!("reconnected {} systems", systems.id())
            }
            Action::SwitchToBackup { service } => {
                self.switch_backup(service, true);
                format!(
                    "{} on backup: buffers hold {} longer",
                    infra.service(service).key,
                    self.scenario.params.backup_extension
                )
            }
            Action::EndBackup { service } => {
                self.switch_backup(service, false);
                format!("{} back from backup", infra.service(service).key)
            }
            Action::RestoreFromBackup => {
                let Role::Operator(o) = role else {
                    unreachable!("checked")
                };
                let dist = self.scenario.params.backup_restore.clone();
                let list = self.data_loss_repairs(o);
                for (e, s, incident) in &list {
                    let mut rng = self.streams.stream(
                        Purpose::Recovery,
                        &[self.incident_key(*incident), s.0 as u64, RESTORE_KEY],
                    );
                    let restore = dist.sample(&mut rng).0.max(1) as f64;
                    self.set_recovery(*e, |r| r.remaining = r.remaining.min(restore));
                }
                format!("restoring {} service(s) from backup", list.len())
            }
            Action::DispatchSupport { operator } => {
                let team = self
                    .drill
                    .teams
                    .iter()
                    .position(|t| t.at.is_none())
                    .expect("checked");
                self.drill.teams[team].at = Some(operator);
                self.drill.teams[team].arrived = false;
                self.operator_state_mut(operator).support = Some(team);
                let at = self.clock.now.after(self.scenario.params.support_travel);
                self.clock
                    .queue
                    .push(at, Event::PHASE_SUPPORT, Event::SupportArrives { team });
                format!(
                    "support team {} on its way to {}, arriving {at}",
                    team + 1,
                    infra.operator(operator).key
                )
            }
            Action::PublishSignature { attack } => {
                self.drill.signatures.insert(attack);
                self.log(Happening::SignaturePublished { attack });
                self.rerate_detection_of(None, attack);
                for s in 0..infra.services.len() {
                    self.rerate_recoveries(ServiceId(s as u32));
                }
                format!("signature and patch for {} published", attack.label())
            }
            Action::Inject(inject) => {
                let index = self.scenario.injects.len() + self.drill.extra_injects.len();
                let mut inject = *inject;
                if inject.key == "ad-hoc" {
                    inject.key = format!("ad-hoc-{}", self.drill.extra_injects.len() + 1);
                }
                let key = inject.key.clone();
                self.drill.extra_injects.push(inject);
                self.drill.extra_keys.push(provenance.key);
                self.drill
                    .inject_status
                    .push(crate::engine::triggers::InjectStatus::Scheduled(
                        self.clock.now,
                    ));
                self.fire_inject(index);
                format!("injected {key}")
            }
        }
    }

    fn names(&self, roles: &[Role]) -> String {
        if roles.len() > 4 {
            return format!("{} roles", roles.len());
        }
        roles
            .iter()
            .map(|r| r.id(&self.infra))
            .collect::<Vec<_>>()
            .join(", ")
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

    /// Puts a service on backup operation (`on`) or takes it off.
    fn switch_backup(&mut self, s: ServiceId, on: bool) {
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
        } else {
            self.world.on_backup -= 1;
            let imp = {
                let mut st = self.operator_state_mut(o);
                let k = st
                    .backup
                    .iter()
                    .position(|(x, _)| *x == s)
                    .expect("checked");
                st.backup.remove(k).1
            };
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
        let mut to: Vec<(Role, Time)> = Vec::new();
        let mut seen: std::collections::BTreeSet<Role> = std::collections::BTreeSet::new();
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
                let everyone: Vec<Role> = self.world.roles.keys().copied().collect();
                for x in everyone {
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
        self.drill.messages.push(message);
        if let Some(mut k) = self.knowledge_mut(from) {
            k.sent.push(id);
        }
        self.log(Happening::MessageSent { message: id });
        id
    }

    /// A message reaches a recipient: it learns the subject; an operator told of an attack
    /// kind becomes alert to it; the recipient's policy may answer.
    pub(crate) fn deliver_message(&mut self, id: u32, r: Role) {
        // Not the whole message: its recipient list grows with the audience, and copying
        // it for every delivery would make a message to many roles quadratic.
        let (subject, kind, root) = {
            let m = &self.drill.messages[id as usize];
            (m.subject.clone(), m.kind, m.root)
        };
        let now = self.clock.now;
        // Only what the sender stated travels: never the incident's true kind.
        let attack = subject.attack;
        if let Some(mut k) = self.knowledge_mut(r) {
            k.receive(id, now);
            if let Some(i) = subject.incident {
                k.learn(i, attack, subject.operator, now, Learned::Message(id));
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
        if let Some(mut k) = self.knowledge_mut(Role::Nisc) {
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
        let Some(rules) = self.drill.rules.get(&role).cloned() else {
            return;
        };
        let scenario = self.scenario.clone();
        for (p, k) in rules {
            let rule = &scenario.drill.policies[p].rules[k];
            {
                if rule.on != trigger || !self.drill.fired.insert((p, k, role, subject)) {
                    continue;
                }
                let action = match self.respond(role, &rule.act, context(self)) {
                    Ok(a) => match self.moot(&a).or_else(|| self.nobody_to_tell(role, &a)) {
                        None => a,
                        Some(reason) => {
                            self.log(Happening::PolicySkipped { role, reason });
                            continue;
                        }
                    },
                    Err(reason) => {
                        self.log(Happening::PolicySkipped {
                            role,
                            reason: reason.to_string(),
                        });
                        continue;
                    }
                };
                let identity = [p as u64, k as u64, role_key(role), subject];
                let mut rng = self.streams.stream(Purpose::Policy, &identity);
                let at = self.clock.now.after(rule.after.sample(&mut rng));
                self.clock.queue.push(
                    at,
                    Event::PHASE_ACTION,
                    Event::ActionDue(Box::new(crate::engine::DueAction {
                        role,
                        action,
                        origin: Origin::Policy { policy: p, rule: k },
                        provenance: Provenance {
                            key: mix(&identity),
                            root: Some(subject),
                        },
                    })),
                );
            }
        }
    }

    /// The concrete action a policy response means in its context, or why it means none.
    fn respond(&self, role: Role, response: &Response, ctx: Context) -> Result<Action, String> {
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
        let about = self.describe_subject(&self.subject_for(role, incident, attack));
        let send = |kind: MessageKind, list: &[Recipient], label: Tlp| Action::Send {
            to: to(list),
            kind,
            about: incident.map(IncidentRef::Id),
            attack,
            label,
            text: format!("{}: {about}", kind.id()),
        };
        Ok(match response {
            Response::Report { to: list, label } => send(MessageKind::Report, list, *label),
            Response::Alert { to: list, label } => send(MessageKind::Alert, list, *label),
            Response::RequestSupport { to: list } => {
                send(MessageKind::SupportRequest, list, Tlp::Amber)
            }
            Response::Announce => send(MessageKind::Announcement, &[Recipient::Public], Tlp::Clear),
            Response::Forward { to: list } => match ctx {
                Context::Message(m) => Action::Forward {
                    message: m,
                    to: to(list),
                },
                _ => return Err("only a message can be forwarded".into()),
            },
            Response::IsolateAttacked => {
                let systems = incident
                    .and_then(|i| self.attack_systems(self.incident(i).inject))
                    .ok_or("the incident travels through no kind of system to isolate")?;
                Action::Isolate { systems }
            }
            Response::Isolate(kind) => Action::Isolate { systems: *kind },
            Response::SwitchToBackup | Response::EndBackup => match ctx {
                Context::Service(service) if matches!(response, Response::SwitchToBackup) => {
                    Action::SwitchToBackup { service }
                }
                Context::Service(service) => Action::EndBackup { service },
                _ => return Err("backup operation is for a service; this rule names none".into()),
            },
            Response::RestoreFromBackup => Action::RestoreFromBackup,
            Response::DispatchSupport(target) => {
                // A team only speeds repairs: it goes where, as far as the role knows, a
                // repair is under way — the requester if so, else the operator with the
                // largest population known to be under repair that has no team.
                let fallback = |asked: Option<OperatorId>| {
                    self.largest_known_affected(role).ok_or_else(|| match asked {
                        Some(o) => format!(
                            "{} knows of no repair under way at {} or at any operator without a support team",
                            role.id(&self.infra),
                            self.infra.operator(o).key
                        ),
                        None => format!(
                            "{} knows of no repair under way at any operator without a support team",
                            role.id(&self.infra)
                        ),
                    })
                };
                let operator = match target {
                    SupportTarget::Requester => {
                        let asked = about_operator
                            .or(match sender {
                                Some(Role::Operator(o)) => Some(o),
                                _ => None,
                            })
                            .ok_or("the request names no operator to support")?;
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
                attack: attack.ok_or("the news names no attack kind to sign")?,
            },
        })
    }

    /// Why a policy's message would reach nobody, if it would not (a CEPTOR of a sector
    /// without operators forwarding to its members, a recipient absent from the drill).
    fn nobody_to_tell(&self, role: Role, action: &Action) -> Option<String> {
        match action {
            Action::Send { to, .. } | Action::Forward { to, .. } => self.recipients(role, to).err(),
            _ => None,
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

    /// A subject in words, for generated message texts.
    pub fn describe_subject(&self, s: &Subject) -> String {
        let mut parts = Vec::new();
        if let Some(i) = s.incident {
            let inject = self.inject(self.incident(i).inject).key.clone();
            parts.push(format!("incident {inject}"));
        }
        if let Some(a) = s.attack {
            parts.push(a.label().to_string());
        }
        if let Some(o) = s.operator {
            parts.push(format!("at {}", self.infra.operator(o).key));
        }
        if parts.is_empty()
            && let Some(sec) = s.sector
        {
            parts.push(format!("sector {}", sec.id()));
        }
        if parts.is_empty() {
            "no subject".into()
        } else {
            parts.join(" ")
        }
    }

    /// Why a policy action has become pointless since it was decided, if it has: the
    /// signature is already published, a support team is already assigned there (or NISC
    /// learned from its team that nothing there is under repair), the service is already
    /// (or no longer) on backup, or no longer needs it.
    pub(crate) fn moot(&self, action: &Action) -> Option<String> {
        let infra = &self.infra;
        let on_backup = |s: ServiceId| {
            self.operator_state(infra.service(s).operator)
                .backup
                .iter()
                .any(|(x, _)| *x == s)
        };
        match action {
            Action::PublishSignature { attack } if self.drill.signatures.contains(attack) => Some(
                format!("a signature for {} is already published", attack.label()),
            ),
            Action::DispatchSupport { operator }
                if self.operator_state(*operator).support.is_some() =>
            {
                Some(format!(
                    "a support team is already assigned to {}",
                    infra.operator(*operator).key
                ))
            }
            // Only NISC dispatches teams; its team came back from there meanwhile.
            Action::DispatchSupport { operator }
                if !self.knows_repair_at(Role::Nisc, *operator) =>
            {
                Some(format!(
                    "nisc knows of no repair under way at {} any more",
                    infra.operator(*operator).key
                ))
            }
            Action::SwitchToBackup { service } if on_backup(*service) => Some(format!(
                "{} is already on backup",
                infra.service(*service).key
            )),
            Action::SwitchToBackup { service }
                if self.state_of(*service).failed_since.is_none() =>
            {
                Some(format!(
                    "{} is back to its required level; no backup needed",
                    infra.service(*service).key
                ))
            }
            Action::SwitchToBackup { service }
                if !infra
                    .providers_of(*service)
                    .any(|d| self.state_of(d.provider).failed_since.is_some()) =>
            {
                Some(format!(
                    "no provider of {} is failing; backup operation would hold nothing off",
                    infra.service(*service).key
                ))
            }
            Action::EndBackup { service } if !on_backup(*service) => {
                Some(format!("{} is not on backup", infra.service(*service).key))
            }
            Action::EndBackup { service }
                if infra
                    .providers_of(*service)
                    .any(|d| self.state_of(d.provider).failed_since.is_some()) =>
            {
                Some(format!(
                    "a provider of {} is failing again; the backup is still needed",
                    infra.service(*service).key
                ))
            }
            _ => None,
        }
    }
}
