//! The JSON form of the typed records (docs/OUTPUT.md): the same enums with ids written as
//! the authors' keys, times and durations in minutes, levels rounded to 6 decimals, each
//! variant tagged by a stable snake_case `kind`. Generated from the typed enums' shape;
//! a new variant fails to compile here until it has a JSON form.

use super::round6;
use super::words::Words;
use crate::engine::timeline::{BlockReason, Cause, Happening, PolicySkip, SkipReason};
use crate::model::drill::{Done, Refusal};
use crate::model::{AttackKind, EdgeId};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// An id in the JSON documents (a sector's, an attack kind's, a label…): borrowed from the
/// model's tables when written, owned when read back.
pub type Id = Cow<'static, str>;

/// A dependency edge: who depends on whom, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeJson {
    /// The edge's index.
    pub index: u32,
    /// The dependent service's id.
    pub dependent: String,
    /// The provider service's id.
    pub provider: String,
    /// `physical`, `cyber`, `geographic` or `logical`.
    pub dependency: Id,
    /// Share of the dependent's level lost while the provider is down, in [0, 1].
    pub strength: f64,
}

/// An attack kind's stable id: `ddos`, `worm`, `ransomware`, `intrusion`, `insider`,
/// `defacement`.
pub fn attack_id(a: AttackKind) -> &'static str {
    match a {
        AttackKind::Ddos => "ddos",
        AttackKind::Worm => "worm",
        AttackKind::Ransomware => "ransomware",
        AttackKind::Intrusion => "intrusion",
        AttackKind::Insider => "insider",
        AttackKind::Defacement => "defacement",
    }
}

impl Words<'_> {
    /// An edge for JSON.
    pub fn edge_json(&self, e: EdgeId) -> EdgeJson {
        let d = self.infra().dependency(e);
        EdgeJson {
            index: e.0,
            dependent: self.service_key(d.dependent),
            provider: self.service_key(d.provider),
            dependency: d.kind.id().into(),
            strength: round6(d.strength),
        }
    }
}

/// [`Happening`] in JSON: ids as keys, times in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HappeningJson {
    /// An inject fired and opened an incident.
    InjectFired {
        /// The inject's id.
        inject: String,
        /// The incident it opened.
        incident: u32,
        /// How many services it hit.
        hits: usize,
    },
    /// An inject that was scheduled or awaited did not fire.
    InjectSkipped {
        /// The inject's id.
        inject: String,
        /// Why not.
        reason: SkipReasonJson,
    },
    /// A narrative inject fired: exercise control sent its message.
    Narrated {
        /// The inject's id.
        inject: String,
        /// The message number.
        message: u32,
    },
    /// A service's level changed.
    LevelChanged {
        /// The service.
        service: String,
        /// Level before.
        from: f64,
        /// Level after.
        to: f64,
        /// Whether the service is now below its required level (in IT failure).
        below_required: bool,
        /// Why; the first cause is the main one.
        causes: Vec<CauseJson>,
    },
    /// A provider fell into IT failure; the dependent's buffer now holds for its tolerance.
    BufferStarted {
        /// The dependency whose buffer is running.
        edge: EdgeJson,
        /// When it will run out if the provider stays down.
        until: u64,
    },
    /// A buffer ran out; the provider's loss now reaches the dependent.
    BufferExhausted {
        /// The dependency.
        edge: EdgeJson,
    },
    /// Repair of a service hit by an incident started.
    RecoveryStarted {
        /// The service.
        service: String,
        /// The incident.
        incident: u32,
        /// Repair time at full speed, as drawn.
        duration: u64,
    },
    /// Repair speed changed (dependencies, support, patches, restore from backup).
    RecoveryRateChanged {
        /// The service.
        service: String,
        /// The incident.
        incident: u32,
        /// New speed (1 = as drawn).
        rate: f64,
        /// Expected completion.
        eta: u64,
    },
    /// Repair finished; the incident's loss of capacity is gone.
    RecoveryCompleted {
        /// The service.
        service: String,
        /// The incident.
        incident: u32,
    },
    /// Every service an incident hit has been repaired.
    IncidentResolved {
        /// The incident.
        incident: u32,
    },
    /// An attack reached an operator (first target or by spreading).
    AttackReached {
        /// The attack's incident.
        incident: u32,
        /// The operator.
        operator: String,
    },
    /// An attack stage started at an operator (it passed its chance).
    StageStarted {
        /// The incident.
        incident: u32,
        /// The operator.
        operator: String,
        /// Stage index.
        stage: usize,
        /// When it will complete unless stopped.
        until: u64,
    },
    /// An attack stage failed its chance: the attack ends at this operator.
    StageFailed {
        /// The incident.
        incident: u32,
        /// The operator.
        operator: String,
        /// Stage index.
        stage: usize,
        /// The chance it had.
        chance: f64,
    },
    /// An attack stage completed and took effect.
    StageCompleted {
        /// The incident.
        incident: u32,
        /// The operator.
        operator: String,
        /// Stage index.
        stage: usize,
    },
    /// A spreading attack tried a neighbour.
    SpreadAttempt {
        /// The incident.
        incident: u32,
        /// From.
        from: String,
        /// To.
        to: String,
        /// Arrival time if it succeeded; `None` if it failed its chance.
        arrives: Option<u64>,
    },
    /// An attack could not reach an operator.
    AttackBlocked {
        /// The incident.
        incident: u32,
        /// The operator.
        operator: String,
        /// Why.
        reason: BlockReasonJson,
    },
    /// An operator detected an incident (attacks: by chance or on impact; failures and
    /// disasters: at once).
    Detected {
        /// The incident.
        incident: u32,
        /// The operator.
        operator: String,
        /// The stage running, for attacks.
        stage: Option<usize>,
    },
    /// An attack detected before its impact was removed at this operator.
    Contained {
        /// The incident.
        incident: u32,
        /// The operator.
        operator: String,
    },
    /// An attack was stopped at this operator by isolation.
    Halted {
        /// The incident.
        incident: u32,
        /// The operator.
        operator: String,
    },
    /// An operator is now alert to an attack kind (detection raised).
    Alerted {
        /// The operator.
        operator: String,
        /// The attack kind.
        attack: Id,
    },
    /// A message was sent.
    MessageSent {
        /// Message number.
        message: u32,
    },
    /// A message reached a recipient.
    MessageDelivered {
        /// Message number.
        message: u32,
        /// Recipient.
        to: String,
    },
    /// An action was taken (it may have been refused; see the action record).
    Action {
        /// Action number.
        action: u32,
    },
    /// A support team arrived at an operator.
    SupportArrived {
        /// Team number.
        team: usize,
        /// The operator.
        operator: String,
    },
    /// A support team finished and is available again.
    SupportReleased {
        /// Team number.
        team: usize,
        /// The operator it left.
        operator: String,
    },
    /// Vendors published a signature and patch.
    SignaturePublished {
        /// The attack kind.
        attack: Id,
    },
    /// A role's policy did not act: the step was no longer needed or had nothing to act on.
    PolicySkipped {
        /// The role.
        role: String,
        /// Why.
        reason: PolicySkipJson,
    },
    /// The run reached its end time.
    End,
    /// An objective was decided.
    ObjectiveDecided {
        /// The objective's id.
        objective: String,
        /// `met`, `partial` or `missed`.
        status: Id,
        /// The achieved score, 6 decimals.
        achieved: f64,
    },
}

/// [`Cause`] in JSON: ids as keys, times in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CauseJson {
    /// An incident lowered the service's own capacity.
    Incident {
        /// The incident number.
        incident: u32,
    },
    /// Repair of the service's own capacity after an incident finished.
    Repaired {
        /// The incident number.
        incident: u32,
    },
    /// A provider in IT failure, its buffer exhausted, now delivers loss along this edge.
    Dependency {
        /// The dependency.
        edge: EdgeJson,
    },
    /// A provider came back to its required level; this edge no longer delivers loss.
    ProviderRestored {
        /// The dependency.
        edge: EdgeJson,
    },
    /// The operator isolated systems of this kind.
    Isolation {
        /// The kind of system.
        systems: Id,
    },
    /// The operator reconnected systems of this kind.
    Reconnected {
        /// The kind of system.
        systems: Id,
    },
    /// The service went on backup operation (its cost), or its buffers were extended.
    Backup,
    /// The service left backup operation.
    BackupEnded,
}

/// [`SkipReason`] in JSON: ids as keys, times in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SkipReasonJson {
    /// It follows an inject that was skipped.
    FollowsSkipped {
        /// The id of the inject it follows.
        inject: String,
    },
    /// At the end: it follows an inject that never fired.
    FollowsUnfired {
        /// The id of the inject it follows.
        inject: String,
    },
    /// It was due at or after the end of the scenario.
    DueAfterEnd {
        /// When it was due.
        at: u64,
    },
    /// At the end: a reserve inject exercise control did not fire.
    ReserveUnused,
    /// At the end: its condition never held (the condition is the inject's trigger).
    ConditionNeverHeld,
    /// Its positive condition did not hold by its deadline.
    ConditionFailed {
        /// The deadline.
        by: u64,
    },
    /// `NotDetected`: the watched inject was detected.
    WasDetected {
        /// The watched inject's id.
        inject: String,
        /// When it was first detected.
        at: u64,
    },
    /// `NotDetected`: the watched inject never fired.
    WatchedNeverFired {
        /// The watched inject's id.
        inject: String,
    },
    /// `ActionNotTaken`: the role took the action.
    ActionTaken {
        /// The role.
        role: String,
        /// The class of action.
        action: Id,
        /// When it first took it.
        at: u64,
    },
}

/// [`BlockReason`] in JSON: ids as keys, times in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockReasonJson {
    /// Its systems of the kind the attack travels through are isolated.
    Isolated {
        /// The kind.
        systems: Id,
    },
    /// None of its services has systems of the kind the attack strikes (`None`: the
    /// attack names no kind).
    NoExposedSystems {
        /// The kind.
        systems: Option<Id>,
    },
}

/// [`PolicySkip`] in JSON: ids as keys, times in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PolicySkipJson {
    /// A `Forward` rule set off by something other than a message.
    NothingToForward,
    /// `IsolateAttacked` for an incident that travels through no kind of system.
    NoSystemsToIsolate,
    /// A backup rule set off by something that names no service.
    NoServiceNamed,
    /// `DispatchSupport(Requester)` for news that names no operator.
    NoOperatorNamed,
    /// `DispatchSupport`: no repair under way is known at the operator that asked (if
    /// one did) or at any operator without a support team.
    NoRepairKnown {
        /// The operator that asked, if any.
        asked: Option<String>,
    },
    /// NISC's team came back from there meanwhile; no repair is known there any more.
    NoRepairAnyMore {
        /// The operator.
        operator: String,
    },
    /// `PublishSignature` for news that names no attack kind.
    NoAttackKind,
    /// The signature is already published.
    SignatureAlreadyPublished {
        /// The attack kind.
        attack: Id,
    },
    /// A support team is already assigned there.
    SupportAlreadyAssigned {
        /// The operator.
        operator: String,
    },
    /// The service is already on backup.
    AlreadyOnBackup {
        /// The service.
        service: String,
    },
    /// The service is back to its required level; no backup needed.
    BackToRequired {
        /// The service.
        service: String,
    },
    /// No provider of the service is failing; backup would hold nothing off.
    NoProviderFailing {
        /// The service.
        service: String,
    },
    /// The service is not on backup.
    NotOnBackup {
        /// The service.
        service: String,
    },
    /// A provider of the service is failing again; the backup is still needed.
    ProviderFailingAgain {
        /// The service.
        service: String,
    },
    /// The message would reach nobody: its recipients are refused.
    Undeliverable {
        /// Why the recipients are refused.
        refusal: RefusalJson,
    },
    /// The role already alerted about this news.
    AlreadyAlerted {
        /// The incident number, if the alert names one.
        incident: Option<u32>,
        /// The attack kind id.
        attack: Option<Id>,
    },
}

/// [`Refusal`] in JSON: ids as keys, times in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RefusalJson {
    /// The drill has ended; nothing more can be done.
    DrillEnded,
    /// The acting role, or a role named as recipient, is not part of this drill.
    NotInDrill {
        /// The role.
        role: String,
    },
    /// The role's kind may never take this class of action.
    NotPermitted {
        /// The class of action.
        class: Id,
        /// The acting role's kind.
        role_kind: Id,
    },
    /// An operator named another operator's service.
    NotOwnService {
        /// The service named.
        service: String,
        /// Its operator.
        owner: String,
    },
    /// `Sender` was named outside a policy answering a message.
    SenderOutsidePolicy,
    /// The message has no recipients.
    NoRecipients,
    /// The scenario has no inject with this index (and none was injected ad hoc).
    NoSuchInject {
        /// The index named, written `#k` (no inject has it).
        inject: String,
    },
    /// No channel leads from the sender to this recipient.
    NoChannel {
        /// The sender.
        from: String,
        /// The recipient.
        to: String,
    },
    /// The sender has nobody who is this relative recipient (a CEPTOR's `MyCeptor`).
    NoSuchRecipient {
        /// The sender.
        from: String,
        /// The relative recipient named.
        recipient: Id,
    },
    /// What goes to the public must be an announcement labelled TLP:CLEAR.
    PublicNeedsClearAnnouncement,
    /// An announcement goes to the public.
    AnnouncementNotPublic,
    /// The role knows of no such incident (whether or not it exists).
    UnknownIncident,
    /// Exercise control only: there is no incident with this number.
    NoSuchIncident {
        /// The number named.
        incident: u32,
    },
    /// Exercise control only: this inject has not fired (yet, or ever).
    InjectNotFired {
        /// The inject's id.
        inject: String,
    },
    /// The role neither received nor sent such a message (whether or not it exists).
    UnknownMessage,
    /// Exercise control only: there is no message with this number.
    NoSuchMessage {
        /// The number named.
        message: u32,
    },
    /// What the sender knows of an incident was learned under a label that forbids this
    /// message (`to: null`: a laxer label than the knowledge's).
    KnowledgeLabelForbids {
        /// The incident number.
        incident: u32,
        /// The label it was learned under.
        learned: Id,
        /// The message's label.
        label: Id,
        /// The recipient it may not reach.
        to: Option<String>,
    },
    /// Only a message's source may grant permission to share it wider.
    NotTheSource {
        /// The message.
        message: u32,
    },
    /// The message's handling label forbids passing it to this recipient.
    LabelForbids {
        /// The message.
        message: u32,
        /// Its label.
        label: Id,
        /// Who would forward it.
        from: String,
        /// The recipient it may not reach.
        to: String,
    },
    /// Systems of this kind are already isolated.
    AlreadyIsolated {
        /// The kind.
        systems: Id,
    },
    /// The operator has no systems of this kind.
    NoSystems {
        /// The operator.
        operator: String,
        /// The kind.
        systems: Id,
    },
    /// Systems of this kind are not isolated.
    NotIsolated {
        /// The kind.
        systems: Id,
    },
    /// The service is already on backup.
    AlreadyOnBackup {
        /// The service.
        service: String,
    },
    /// The service is not on backup.
    NotOnBackup {
        /// The service.
        service: String,
    },
    /// No data-destroying incident is being repaired at the operator.
    NothingToRestore,
    /// A support team is already assigned to the operator.
    SupportAlreadyAssigned {
        /// The operator.
        operator: String,
    },
    /// The drill has no support teams.
    NoSupportTeams,
    /// Every support team is deployed.
    AllTeamsDeployed {
        /// How many teams the drill has.
        teams: usize,
    },
    /// A signature for this attack kind is already published.
    SignatureAlreadyPublished {
        /// The attack kind.
        attack: Id,
    },
    /// The ad-hoc inject hits no service.
    InjectHitsNothing,
    /// The inject named is not a reserve: it fires on its own.
    NotAReserve {
        /// The inject's id.
        inject: String,
    },
    /// The reserve inject named has fired already.
    ReserveAlreadyFired {
        /// The inject's id.
        inject: String,
    },
}

/// [`Done`] in JSON: ids as keys, times in minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DoneJson {
    /// The source of a message let its information reach a role.
    PermissionGranted {
        /// The message.
        message: u32,
        /// The role id.
        to: String,
    },
    /// A message was sent.
    Sent {
        /// Its number.
        message: u32,
        /// Its recipients (the public stands for everyone it reaches).
        to: Vec<String>,
    },
    /// A message was forwarded as a new copy.
    Forwarded {
        /// The message forwarded.
        message: u32,
        /// The copy's number.
        copy: u32,
        /// Its recipients.
        to: Vec<String>,
    },
    /// Systems were isolated.
    Isolated {
        /// The kind.
        systems: Id,
        /// How many services lost their share.
        services: usize,
    },
    /// Systems were reconnected.
    Reconnected {
        /// The kind.
        systems: Id,
    },
    /// A service went on backup.
    OnBackup {
        /// The service.
        service: String,
        /// How much longer each of its buffers holds.
        extension: u64,
    },
    /// A service left backup operation.
    BackupEnded {
        /// The service.
        service: String,
    },
    /// Repairs of data-destroying incidents restore from backup.
    Restoring {
        /// How many repairs were shortened.
        services: usize,
    },
    /// A support team is on its way.
    SupportDispatched {
        /// The team's index (team 1 is index 0).
        team: usize,
        /// Where to.
        operator: String,
        /// When it arrives.
        arrives: u64,
    },
    /// A signature and patch were published.
    SignaturePublished {
        /// The attack kind.
        attack: Id,
    },
    /// An ad-hoc inject fired.
    Injected {
        /// The id of the inject (ad-hoc ones are named `ad-hoc-N`).
        inject: String,
    },
}

impl Words<'_> {
    /// [`Happening`] for JSON.
    pub fn happening_json(&self, v: &Happening) -> HappeningJson {
        match v {
            Happening::InjectFired {
                inject,
                incident,
                hits,
            } => HappeningJson::InjectFired {
                inject: self.inject_key(*inject),
                incident: incident.0,
                hits: *hits,
            },
            Happening::Narrated { inject, message } => HappeningJson::Narrated {
                inject: self.inject_key(*inject),
                message: *message,
            },
            Happening::InjectSkipped { inject, reason } => HappeningJson::InjectSkipped {
                inject: self.inject_key(*inject),
                reason: self.skip_json(reason),
            },
            Happening::LevelChanged {
                service,
                from,
                to,
                below_required,
                causes,
            } => HappeningJson::LevelChanged {
                service: self.service_key(*service),
                from: round6(*from),
                to: round6(*to),
                below_required: *below_required,
                causes: causes.iter().map(|x| self.cause_json(x)).collect(),
            },
            Happening::BufferStarted { edge, until } => HappeningJson::BufferStarted {
                edge: self.edge_json(*edge),
                until: until.0,
            },
            Happening::BufferExhausted { edge } => HappeningJson::BufferExhausted {
                edge: self.edge_json(*edge),
            },
            Happening::RecoveryStarted {
                service,
                incident,
                duration,
            } => HappeningJson::RecoveryStarted {
                service: self.service_key(*service),
                incident: incident.0,
                duration: duration.0,
            },
            Happening::RecoveryRateChanged {
                service,
                incident,
                rate,
                eta,
            } => HappeningJson::RecoveryRateChanged {
                service: self.service_key(*service),
                incident: incident.0,
                rate: round6(*rate),
                eta: eta.0,
            },
            Happening::RecoveryCompleted { service, incident } => {
                HappeningJson::RecoveryCompleted {
                    service: self.service_key(*service),
                    incident: incident.0,
                }
            }
            Happening::IncidentResolved { incident } => HappeningJson::IncidentResolved {
                incident: incident.0,
            },
            Happening::AttackReached { incident, operator } => HappeningJson::AttackReached {
                incident: incident.0,
                operator: self.operator_key(*operator),
            },
            Happening::StageStarted {
                incident,
                operator,
                stage,
                until,
            } => HappeningJson::StageStarted {
                incident: incident.0,
                operator: self.operator_key(*operator),
                stage: *stage,
                until: until.0,
            },
            Happening::StageFailed {
                incident,
                operator,
                stage,
                chance,
            } => HappeningJson::StageFailed {
                incident: incident.0,
                operator: self.operator_key(*operator),
                stage: *stage,
                chance: round6(*chance),
            },
            Happening::StageCompleted {
                incident,
                operator,
                stage,
            } => HappeningJson::StageCompleted {
                incident: incident.0,
                operator: self.operator_key(*operator),
                stage: *stage,
            },
            Happening::SpreadAttempt {
                incident,
                from,
                to,
                arrives,
            } => HappeningJson::SpreadAttempt {
                incident: incident.0,
                from: self.operator_key(*from),
                to: self.operator_key(*to),
                arrives: (*arrives).map(|x| x.0),
            },
            Happening::AttackBlocked {
                incident,
                operator,
                reason,
            } => HappeningJson::AttackBlocked {
                incident: incident.0,
                operator: self.operator_key(*operator),
                reason: self.block_json(reason),
            },
            Happening::Detected {
                incident,
                operator,
                stage,
            } => HappeningJson::Detected {
                incident: incident.0,
                operator: self.operator_key(*operator),
                stage: *stage,
            },
            Happening::Contained { incident, operator } => HappeningJson::Contained {
                incident: incident.0,
                operator: self.operator_key(*operator),
            },
            Happening::Halted { incident, operator } => HappeningJson::Halted {
                incident: incident.0,
                operator: self.operator_key(*operator),
            },
            Happening::Alerted { operator, attack } => HappeningJson::Alerted {
                operator: self.operator_key(*operator),
                attack: attack_id(*attack).into(),
            },
            Happening::MessageSent { message } => HappeningJson::MessageSent { message: *message },
            Happening::MessageDelivered { message, to } => HappeningJson::MessageDelivered {
                message: *message,
                to: self.role_id(*to),
            },
            Happening::Action { action } => HappeningJson::Action { action: *action },
            Happening::SupportArrived { team, operator } => HappeningJson::SupportArrived {
                team: *team,
                operator: self.operator_key(*operator),
            },
            Happening::SupportReleased { team, operator } => HappeningJson::SupportReleased {
                team: *team,
                operator: self.operator_key(*operator),
            },
            Happening::SignaturePublished { attack } => HappeningJson::SignaturePublished {
                attack: attack_id(*attack).into(),
            },
            Happening::PolicySkipped { role, reason } => HappeningJson::PolicySkipped {
                role: self.role_id(*role),
                reason: self.policy_skip_json(reason),
            },
            Happening::End => HappeningJson::End,
            Happening::ObjectiveDecided {
                objective,
                status,
                achieved,
            } => HappeningJson::ObjectiveDecided {
                objective: self.objective_key(*objective),
                status: status.id().into(),
                achieved: super::round6(*achieved),
            },
        }
    }

    /// [`Cause`] for JSON.
    pub fn cause_json(&self, v: &Cause) -> CauseJson {
        match v {
            Cause::Incident(incident) => CauseJson::Incident {
                incident: incident.0,
            },
            Cause::Repaired(incident) => CauseJson::Repaired {
                incident: incident.0,
            },
            Cause::Dependency(edge) => CauseJson::Dependency {
                edge: self.edge_json(*edge),
            },
            Cause::ProviderRestored(edge) => CauseJson::ProviderRestored {
                edge: self.edge_json(*edge),
            },
            Cause::Isolation(systems) => CauseJson::Isolation {
                systems: systems.id().into(),
            },
            Cause::Reconnected(systems) => CauseJson::Reconnected {
                systems: systems.id().into(),
            },
            Cause::Backup => CauseJson::Backup,
            Cause::BackupEnded => CauseJson::BackupEnded,
        }
    }

    /// [`SkipReason`] for JSON.
    pub fn skip_json(&self, v: &SkipReason) -> SkipReasonJson {
        match v {
            SkipReason::FollowsSkipped { inject } => SkipReasonJson::FollowsSkipped {
                inject: self.inject_key(*inject),
            },
            SkipReason::FollowsUnfired { inject } => SkipReasonJson::FollowsUnfired {
                inject: self.inject_key(*inject),
            },
            SkipReason::DueAfterEnd { at } => SkipReasonJson::DueAfterEnd { at: at.0 },
            SkipReason::ReserveUnused => SkipReasonJson::ReserveUnused,
            SkipReason::ConditionNeverHeld => SkipReasonJson::ConditionNeverHeld,
            SkipReason::ConditionFailed { by } => SkipReasonJson::ConditionFailed { by: by.0 },
            SkipReason::WasDetected { inject, at } => SkipReasonJson::WasDetected {
                inject: self.inject_key(*inject),
                at: at.0,
            },
            SkipReason::WatchedNeverFired { inject } => SkipReasonJson::WatchedNeverFired {
                inject: self.inject_key(*inject),
            },
            SkipReason::ActionTaken { role, action, at } => SkipReasonJson::ActionTaken {
                role: self.role_id(*role),
                action: action.id().into(),
                at: at.0,
            },
        }
    }

    /// [`BlockReason`] for JSON.
    pub fn block_json(&self, v: &BlockReason) -> BlockReasonJson {
        match v {
            BlockReason::Isolated { systems } => BlockReasonJson::Isolated {
                systems: systems.id().into(),
            },
            BlockReason::NoExposedSystems { systems } => BlockReasonJson::NoExposedSystems {
                systems: systems.map(|x| x.id()).map(Into::into),
            },
        }
    }

    /// [`PolicySkip`] for JSON.
    pub fn policy_skip_json(&self, v: &PolicySkip) -> PolicySkipJson {
        match v {
            PolicySkip::NothingToForward => PolicySkipJson::NothingToForward,
            PolicySkip::NoSystemsToIsolate => PolicySkipJson::NoSystemsToIsolate,
            PolicySkip::NoServiceNamed => PolicySkipJson::NoServiceNamed,
            PolicySkip::NoOperatorNamed => PolicySkipJson::NoOperatorNamed,
            PolicySkip::NoRepairKnown { asked } => PolicySkipJson::NoRepairKnown {
                asked: asked.map(|o| self.operator_key(o)),
            },
            PolicySkip::NoRepairAnyMore { operator } => PolicySkipJson::NoRepairAnyMore {
                operator: self.operator_key(*operator),
            },
            PolicySkip::NoAttackKind => PolicySkipJson::NoAttackKind,
            PolicySkip::SignatureAlreadyPublished { attack } => {
                PolicySkipJson::SignatureAlreadyPublished {
                    attack: attack_id(*attack).into(),
                }
            }
            PolicySkip::SupportAlreadyAssigned { operator } => {
                PolicySkipJson::SupportAlreadyAssigned {
                    operator: self.operator_key(*operator),
                }
            }
            PolicySkip::AlreadyOnBackup { service } => PolicySkipJson::AlreadyOnBackup {
                service: self.service_key(*service),
            },
            PolicySkip::BackToRequired { service } => PolicySkipJson::BackToRequired {
                service: self.service_key(*service),
            },
            PolicySkip::NoProviderFailing { service } => PolicySkipJson::NoProviderFailing {
                service: self.service_key(*service),
            },
            PolicySkip::NotOnBackup { service } => PolicySkipJson::NotOnBackup {
                service: self.service_key(*service),
            },
            PolicySkip::ProviderFailingAgain { service } => PolicySkipJson::ProviderFailingAgain {
                service: self.service_key(*service),
            },
            PolicySkip::Undeliverable(refusal) => PolicySkipJson::Undeliverable {
                refusal: self.refusal_json(refusal),
            },
            PolicySkip::AlreadyAlerted { incident, attack } => PolicySkipJson::AlreadyAlerted {
                incident: incident.map(|i| i.0),
                attack: attack.map(attack_id).map(Into::into),
            },
        }
    }

    /// [`Refusal`] for JSON.
    pub fn refusal_json(&self, v: &Refusal) -> RefusalJson {
        match v {
            Refusal::DrillEnded => RefusalJson::DrillEnded,
            Refusal::NotInDrill { role } => RefusalJson::NotInDrill {
                role: self.role_id(*role),
            },
            Refusal::NotPermitted { class, role_kind } => RefusalJson::NotPermitted {
                class: class.id().into(),
                role_kind: role_kind.id().into(),
            },
            Refusal::NotOwnService { service, owner } => RefusalJson::NotOwnService {
                service: self.service_key(*service),
                owner: self.operator_key(*owner),
            },
            Refusal::SenderOutsidePolicy => RefusalJson::SenderOutsidePolicy,
            Refusal::NoRecipients => RefusalJson::NoRecipients,
            Refusal::NoSuchInject { inject } => RefusalJson::NoSuchInject {
                inject: self.inject_key(*inject),
            },
            Refusal::NoChannel { from, to } => RefusalJson::NoChannel {
                from: self.role_id(*from),
                to: self.role_id(*to),
            },
            Refusal::NoSuchRecipient { from, recipient } => RefusalJson::NoSuchRecipient {
                from: self.role_id(*from),
                recipient: recipient.id().into(),
            },
            Refusal::PublicNeedsClearAnnouncement => RefusalJson::PublicNeedsClearAnnouncement,
            Refusal::AnnouncementNotPublic => RefusalJson::AnnouncementNotPublic,
            Refusal::UnknownIncident => RefusalJson::UnknownIncident,
            Refusal::NoSuchIncident { incident } => RefusalJson::NoSuchIncident {
                incident: incident.0,
            },
            Refusal::InjectNotFired { inject } => RefusalJson::InjectNotFired {
                inject: self.inject_key(*inject),
            },
            Refusal::UnknownMessage => RefusalJson::UnknownMessage,
            Refusal::NoSuchMessage { message } => RefusalJson::NoSuchMessage { message: *message },
            Refusal::KnowledgeLabelForbids {
                incident,
                learned,
                label,
                to,
            } => RefusalJson::KnowledgeLabelForbids {
                incident: incident.0,
                learned: learned.label().into(),
                label: label.label().into(),
                to: to.map(|x| self.role_id(x)),
            },
            Refusal::NotTheSource { message } => RefusalJson::NotTheSource { message: *message },
            Refusal::LabelForbids {
                message,
                label,
                from,
                to,
            } => RefusalJson::LabelForbids {
                message: *message,
                label: label.label().into(),
                from: self.role_id(*from),
                to: self.role_id(*to),
            },
            Refusal::AlreadyIsolated { systems } => RefusalJson::AlreadyIsolated {
                systems: systems.id().into(),
            },
            Refusal::NoSystems { operator, systems } => RefusalJson::NoSystems {
                operator: self.operator_key(*operator),
                systems: systems.id().into(),
            },
            Refusal::NotIsolated { systems } => RefusalJson::NotIsolated {
                systems: systems.id().into(),
            },
            Refusal::AlreadyOnBackup { service } => RefusalJson::AlreadyOnBackup {
                service: self.service_key(*service),
            },
            Refusal::NotOnBackup { service } => RefusalJson::NotOnBackup {
                service: self.service_key(*service),
            },
            Refusal::NothingToRestore => RefusalJson::NothingToRestore,
            Refusal::SupportAlreadyAssigned { operator } => RefusalJson::SupportAlreadyAssigned {
                operator: self.operator_key(*operator),
            },
            Refusal::NoSupportTeams => RefusalJson::NoSupportTeams,
            Refusal::AllTeamsDeployed { teams } => RefusalJson::AllTeamsDeployed { teams: *teams },
            Refusal::SignatureAlreadyPublished { attack } => {
                RefusalJson::SignatureAlreadyPublished {
                    attack: attack_id(*attack).into(),
                }
            }
            Refusal::InjectHitsNothing => RefusalJson::InjectHitsNothing,
            Refusal::NotAReserve { inject } => RefusalJson::NotAReserve {
                inject: self.inject_key(*inject),
            },
            Refusal::ReserveAlreadyFired { inject } => RefusalJson::ReserveAlreadyFired {
                inject: self.inject_key(*inject),
            },
        }
    }

    /// [`Done`] for JSON.
    pub fn done_json(&self, v: &Done) -> DoneJson {
        match v {
            Done::PermissionGranted { message, to } => DoneJson::PermissionGranted {
                message: *message,
                to: self.role_id(*to),
            },
            Done::Sent { message, to } => DoneJson::Sent {
                message: *message,
                to: to.iter().map(|x| self.role_id(*x)).collect(),
            },
            Done::Forwarded { message, copy, to } => DoneJson::Forwarded {
                message: *message,
                copy: *copy,
                to: to.iter().map(|x| self.role_id(*x)).collect(),
            },
            Done::Isolated { systems, services } => DoneJson::Isolated {
                systems: systems.id().into(),
                services: *services,
            },
            Done::Reconnected { systems } => DoneJson::Reconnected {
                systems: systems.id().into(),
            },
            Done::OnBackup { service, extension } => DoneJson::OnBackup {
                service: self.service_key(*service),
                extension: extension.0,
            },
            Done::BackupEnded { service } => DoneJson::BackupEnded {
                service: self.service_key(*service),
            },
            Done::Restoring { services } => DoneJson::Restoring {
                services: *services,
            },
            Done::SupportDispatched {
                team,
                operator,
                arrives,
            } => DoneJson::SupportDispatched {
                team: *team,
                operator: self.operator_key(*operator),
                arrives: arrives.0,
            },
            Done::SignaturePublished { attack } => DoneJson::SignaturePublished {
                attack: attack_id(*attack).into(),
            },
            Done::Injected { inject } => DoneJson::Injected {
                inject: self.inject_key(*inject),
            },
        }
    }
}

/// `luck.json` (docs/REPORT.md, "Skill versus luck"): the drill's impact placed among the
/// same decisions and among doing nothing over other seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LuckJson {
    /// The drill's master seed.
    pub seed: u64,
    /// How the other seeds derive from it.
    pub seed_mix: Id,
    /// The drill's end-user impact, person-hours (2 decimals).
    pub drill_person_hours: f64,
    /// One per other seed.
    pub runs: Vec<LuckRunJson>,
    /// The drill's rank among the same decisions on the other seeds.
    pub among_decisions: RankJson,
    /// The drill's rank among the no-action twins on the other seeds.
    pub among_no_action: RankJson,
}

/// One other seed of `luck.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LuckRunJson {
    /// The seed.
    pub seed: u64,
    /// The logged decisions' end-user impact there.
    pub decisions_person_hours: f64,
    /// The no-action twin's there.
    pub no_action_person_hours: f64,
}

/// A rank (1 = best) and the share of runs the drill did at least as well as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankJson {
    /// 1 + the runs with strictly lower impact.
    pub rank: u64,
    /// Percent of runs the drill did at least as well as (2 decimals).
    pub percentile: f64,
}

/// How `luck.json`'s seeds derive from the drill's (`twin::luck_seed`).
pub const LUCK_SEED_MIX: &str = "splitmix64(seed + (k + 1) * 0x9E3779B97F4A7C15), k = 0..K-1";
