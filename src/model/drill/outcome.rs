//! What an action did, or why it was refused: typed, with ids and numbers. Words for them
//! are the presentation layer's (`crate::present`), in English or Japanese.
//!
//! A refusal depends only on what the acting role knows (the fog of war): a role told of
//! no incident gets [`Refusal::UnknownIncident`] whether the incident exists or not, and
//! [`Refusal::UnknownMessage`] for any message it neither received nor sent. Exercise
//! control, which sees all, gets the precise reason instead.

use super::action::{ActionClass, Recipient};
use super::message::Tlp;
use super::role::{Role, RoleKind};
use crate::model::{AttackKind, IncidentId, Minutes, OperatorId, ServiceId, SystemKind, Time};

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The drill has ended; nothing more can be done.
    DrillEnded,
    /// The acting role, or a role named as recipient, is not part of this drill.
    NotInDrill {
        /// The role.
        role: Role,
    },
    /// The role's kind may never take this class of action.
    NotPermitted {
        /// The class of action.
        class: ActionClass,
        /// The acting role's kind.
        role_kind: RoleKind,
    },
    /// An operator named another operator's service.
    NotOwnService {
        /// The service named.
        service: ServiceId,
        /// Its operator.
        owner: OperatorId,
    },
    /// `Sender` was named outside a policy answering a message.
    SenderOutsidePolicy,
    /// The message has no recipients.
    NoRecipients,
    /// The scenario has no inject with this index (and none was injected ad hoc).
    NoSuchInject {
        /// The index named.
        inject: usize,
    },
    /// No channel leads from the sender to this recipient.
    NoChannel {
        /// The sender.
        from: Role,
        /// The recipient.
        to: Role,
    },
    /// The sender has nobody who is this relative recipient (a CEPTOR's `MyCeptor`).
    NoSuchRecipient {
        /// The sender.
        from: Role,
        /// The relative recipient named.
        recipient: Recipient,
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
        incident: IncidentId,
    },
    /// Exercise control only: this inject has not fired (yet, or ever).
    InjectNotFired {
        /// The inject's index.
        inject: usize,
    },
    /// The role neither received nor sent such a message (whether or not it exists).
    UnknownMessage,
    /// Exercise control only: there is no message with this number.
    NoSuchMessage {
        /// The number named.
        message: u32,
    },
    /// The message's handling label forbids passing it to this recipient.
    LabelForbids {
        /// The message.
        message: u32,
        /// Its label.
        label: Tlp,
        /// Who would forward it.
        from: Role,
        /// The recipient it may not reach.
        to: Role,
    },
    /// The message would carry what the sender knows of an incident — its victim,
    /// details — learned under a label that forbids it reaching this recipient (or under
    /// a tighter label than the message's own). A sanitised alert, or the source's
    /// permission, is the way to share it.
    KnowledgeLabelForbids {
        /// The incident.
        incident: IncidentId,
        /// The label the sender learned it under.
        learned: Tlp,
        /// The label the message was given.
        label: Tlp,
        /// The recipient it may not reach (`None`: the message's label is laxer than the
        /// knowledge's, whoever the recipients).
        to: Option<Role>,
    },
    /// Only the source of a message may grant permission to share it wider.
    NotTheSource {
        /// The message.
        message: u32,
    },
    /// Systems of this kind are already isolated.
    AlreadyIsolated {
        /// The kind.
        systems: SystemKind,
    },
    /// The operator has no systems of this kind.
    NoSystems {
        /// The operator.
        operator: OperatorId,
        /// The kind.
        systems: SystemKind,
    },
    /// Systems of this kind are not isolated.
    NotIsolated {
        /// The kind.
        systems: SystemKind,
    },
    /// The service is already on backup.
    AlreadyOnBackup {
        /// The service.
        service: ServiceId,
    },
    /// The service is not on backup.
    NotOnBackup {
        /// The service.
        service: ServiceId,
    },
    /// No data-destroying incident is being repaired at the operator.
    NothingToRestore,
    /// A support team is already assigned to the operator.
    SupportAlreadyAssigned {
        /// The operator.
        operator: OperatorId,
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
        attack: AttackKind,
    },
    /// The ad-hoc inject hits no service.
    InjectHitsNothing,
    /// `FireInject` names an inject that is not a reserve (`manual: true`): it fires on
    /// its own.
    NotAReserve {
        /// The inject.
        inject: usize,
    },
    /// `FireInject` names a reserve inject already fired.
    ReserveAlreadyFired {
        /// The inject.
        inject: usize,
    },
}

/// What an action that took effect did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// The source of a message let its information reach a role.
    PermissionGranted {
        /// The message.
        message: u32,
        /// Who may now receive it.
        to: Role,
    },
    /// A message was sent.
    Sent {
        /// Its number.
        message: u32,
        /// Its recipients (the public stands for everyone it reaches).
        to: Vec<Role>,
    },
    /// A message was forwarded as a new copy.
    Forwarded {
        /// The message forwarded.
        message: u32,
        /// The copy's number.
        copy: u32,
        /// Its recipients.
        to: Vec<Role>,
    },
    /// Systems were isolated.
    Isolated {
        /// The kind.
        systems: SystemKind,
        /// How many services lost their share.
        services: usize,
    },
    /// Systems were reconnected.
    Reconnected {
        /// The kind.
        systems: SystemKind,
    },
    /// A service went on backup.
    OnBackup {
        /// The service.
        service: ServiceId,
        /// How much longer each of its buffers holds.
        extension: Minutes,
    },
    /// A service left backup operation.
    BackupEnded {
        /// The service.
        service: ServiceId,
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
        operator: OperatorId,
        /// When it arrives.
        arrives: Time,
    },
    /// A signature and patch were published.
    SignaturePublished {
        /// The attack kind.
        attack: AttackKind,
    },
    /// An ad-hoc inject fired.
    Injected {
        /// Its index among the run's injects (after the scenario's).
        inject: usize,
    },
}
