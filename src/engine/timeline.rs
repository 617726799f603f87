//! The timeline: what happened, when and why. Entries hold ids; faces render them with the
//! infrastructure's names.

use super::state::IncidentId;
use crate::model::drill::role::Role;
use crate::model::drill::{ActionClass, Refusal};
use crate::model::objective::ObjectiveStatus;
use crate::model::{AttackKind, EdgeId, Minutes, OperatorId, ServiceId, SystemKind, Time};

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// When it happened.
    pub time: Time,
    /// What happened.
    pub what: Happening,
}

/// The causes of one level change, first the main one: one or two inline, more on the
/// heap (a large graph's run books a level change per event, and an allocation each cost
/// more than the rest of the entry).
pub type Causes = smallvec::SmallVec<[Cause; 2]>;

/// Why a service's level changed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cause {
    /// An incident lowered the service's own capacity.
    Incident(IncidentId),
    /// Repair of the service's own capacity after an incident finished.
    Repaired(IncidentId),
    /// A provider in IT failure, its buffer exhausted, now delivers loss along this edge.
    Dependency(EdgeId),
    /// A provider came back to its required level; this edge no longer delivers loss.
    ProviderRestored(EdgeId),
    /// The operator isolated systems of this kind.
    Isolation(SystemKind),
    /// The operator reconnected systems of this kind.
    Reconnected(SystemKind),
    /// The service went on backup operation (its cost), or its buffers were extended.
    Backup,
    /// The service left backup operation.
    BackupEnded,
}

/// Something that happened in the simulation.
#[derive(Debug, Clone, PartialEq)]
pub enum Happening {
    /// An inject fired and opened an incident.
    InjectFired {
        /// Index of the inject.
        inject: usize,
        /// The incident it opened.
        incident: IncidentId,
        /// How many services it hit.
        hits: usize,
    },
    /// A narrative inject fired: exercise control sent its message.
    Narrated {
        /// Index of the inject.
        inject: usize,
        /// The message it sent.
        message: u32,
    },
    /// An inject that was scheduled or awaited did not fire.
    InjectSkipped {
        /// Index of the inject.
        inject: usize,
        /// Why not.
        reason: SkipReason,
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
        causes: Causes,
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
    /// Repair speed changed (dependencies, support, patches, restore from backup).
    RecoveryRateChanged {
        /// The service.
        service: ServiceId,
        /// The incident.
        incident: IncidentId,
        /// New speed (1 = as drawn).
        rate: f64,
        /// Expected completion.
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
    /// An attack reached an operator (first target or by spreading).
    AttackReached {
        /// The attack's incident.
        incident: IncidentId,
        /// The operator.
        operator: OperatorId,
    },
    /// An attack stage started at an operator (it passed its chance).
    StageStarted {
        /// The incident.
        incident: IncidentId,
        /// The operator.
        operator: OperatorId,
        /// Stage index.
        stage: usize,
        /// When it will complete unless stopped.
        until: Time,
    },
    /// An attack stage failed its chance: the attack ends at this operator.
    StageFailed {
        /// The incident.
        incident: IncidentId,
        /// The operator.
        operator: OperatorId,
        /// Stage index.
        stage: usize,
        /// The chance it had.
        chance: f64,
    },
    /// An attack stage completed and took effect.
    StageCompleted {
        /// The incident.
        incident: IncidentId,
        /// The operator.
        operator: OperatorId,
        /// Stage index.
        stage: usize,
    },
    /// A spreading attack tried a neighbour.
    SpreadAttempt {
        /// The incident.
        incident: IncidentId,
        /// From.
        from: OperatorId,
        /// To.
        to: OperatorId,
        /// Arrival time if it succeeded; `None` if it failed its chance.
        arrives: Option<Time>,
    },
    /// An attack could not reach an operator.
    AttackBlocked {
        /// The incident.
        incident: IncidentId,
        /// The operator.
        operator: OperatorId,
        /// Why.
        reason: BlockReason,
    },
    /// An operator detected an incident (attacks: by chance or on impact; failures and
    /// disasters: at once).
    Detected {
        /// The incident.
        incident: IncidentId,
        /// The operator.
        operator: OperatorId,
        /// The stage running, for attacks.
        stage: Option<usize>,
    },
    /// An attack detected before its impact was removed at this operator.
    Contained {
        /// The incident.
        incident: IncidentId,
        /// The operator.
        operator: OperatorId,
    },
    /// An attack was stopped at this operator by isolation.
    Halted {
        /// The incident.
        incident: IncidentId,
        /// The operator.
        operator: OperatorId,
    },
    /// An operator is now alert to an attack kind (detection raised).
    Alerted {
        /// The operator.
        operator: OperatorId,
        /// The attack kind.
        attack: AttackKind,
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
        to: Role,
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
        operator: OperatorId,
    },
    /// A support team finished and is available again.
    SupportReleased {
        /// Team number.
        team: usize,
        /// The operator it left.
        operator: OperatorId,
    },
    /// Vendors published a signature and patch.
    SignaturePublished {
        /// The attack kind.
        attack: AttackKind,
    },
    /// A role's policy did not act: the step was no longer needed or had nothing to act on.
    PolicySkipped {
        /// The role.
        role: Role,
        /// Why.
        reason: PolicySkip,
    },
    /// The run reached its end time.
    End,
    /// An objective of the scenario was decided: at its deadline, at the end, or when
    /// its outcome became certain (docs/SCORING.md).
    ObjectiveDecided {
        /// Index of the objective in the scenario.
        objective: usize,
        /// Met, partial or missed.
        status: ObjectiveStatus,
        /// The achieved score in [0, 1].
        achieved: f64,
    },
}

/// Why an inject did not fire.
#[derive(Debug, Clone, PartialEq)]
pub enum SkipReason {
    /// It follows an inject that was skipped.
    FollowsSkipped {
        /// The inject it follows.
        inject: usize,
    },
    /// At the end: it follows an inject that never fired.
    FollowsUnfired {
        /// The inject it follows.
        inject: usize,
    },
    /// At the end: a reserve inject exercise control did not fire.
    ReserveUnused,
    /// It was due at or after the end of the scenario.
    DueAfterEnd {
        /// When it was due.
        at: Time,
    },
    /// At the end: its condition never held (the condition is the inject's trigger).
    ConditionNeverHeld,
    /// Its positive condition did not hold by its deadline.
    ConditionFailed {
        /// The deadline.
        by: Time,
    },
    /// `NotDetected`: the watched inject was detected.
    WasDetected {
        /// The watched inject.
        inject: usize,
        /// When it was first detected.
        at: Time,
    },
    /// `NotDetected`: the watched inject never fired.
    WatchedNeverFired {
        /// The watched inject.
        inject: usize,
    },
    /// `ActionNotTaken`: the role took the action.
    ActionTaken {
        /// The role.
        role: Role,
        /// The class of action.
        action: ActionClass,
        /// When it first took it.
        at: Time,
    },
}

/// Why an attack did not take hold at an operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockReason {
    /// Its systems of the kind the attack travels through are isolated.
    Isolated {
        /// The kind.
        systems: SystemKind,
    },
    /// None of its services has systems of the kind the attack strikes (`None`: the
    /// attack names no kind).
    NoExposedSystems {
        /// The kind.
        systems: Option<SystemKind>,
    },
}

/// Why a role's policy did not act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicySkip {
    /// A `Forward` rule set off by something other than a message.
    NothingToForward,
    /// `IsolateAttacked` for an incident that travels through no kind of system.
    NoSystemsToIsolate,
    /// A backup rule set off by something that names no service.
    NoServiceNamed,
    /// `DispatchSupport(Requester)` for news that names no operator.
    NoOperatorNamed,
    /// `DispatchSupport`: the role knows of no repair under way at the operator that asked
    /// (if one did) or at any operator without a support team.
    NoRepairKnown {
        /// The operator that asked for support, if the rule answers a request.
        asked: Option<OperatorId>,
    },
    /// A decided dispatch fell due, but NISC's team came back from there meanwhile: it
    /// knows of no repair under way there any more.
    NoRepairAnyMore {
        /// The operator.
        operator: OperatorId,
    },
    /// `PublishSignature` for news that names no attack kind.
    NoAttackKind,
    /// The signature is already published.
    SignatureAlreadyPublished {
        /// The attack kind.
        attack: AttackKind,
    },
    /// A support team is already assigned there.
    SupportAlreadyAssigned {
        /// The operator.
        operator: OperatorId,
    },
    /// The service is already on backup.
    AlreadyOnBackup {
        /// The service.
        service: ServiceId,
    },
    /// The service is back to its required level; no backup needed.
    BackToRequired {
        /// The service.
        service: ServiceId,
    },
    /// No provider of the service is failing; backup would hold nothing off.
    NoProviderFailing {
        /// The service.
        service: ServiceId,
    },
    /// The service is not on backup.
    NotOnBackup {
        /// The service.
        service: ServiceId,
    },
    /// A provider of the service is failing again; the backup is still needed.
    ProviderFailingAgain {
        /// The service.
        service: ServiceId,
    },
    /// The message would reach nobody: its recipients are refused.
    Undeliverable(Refusal),
    /// The role already sent or forwarded an alert about this news (an incident, or an
    /// attack kind for sanitised alerts): a policy alerts once per news.
    AlreadyAlerted {
        /// The incident, if the alert names one.
        incident: Option<IncidentId>,
        /// The attack kind.
        attack: Option<AttackKind>,
    },
}
