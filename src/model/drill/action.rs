//! What roles can do. Every action is checked against the acting role's permissions
//! before it has any effect; a refused action is recorded with its reason.

use super::message::{MessageKind, Tlp};
use super::outcome::{Done, Refusal};
use super::role::{Role, RoleKind};
use crate::model::{AttackKind, IncidentId, Inject, OperatorId, ServiceId, SystemKind, Time};
use serde::{Deserialize, Serialize};

/// Who a message goes to, relative to the sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Recipient {
    /// The sender's sector's CEPTOR (operators).
    MyCeptor,
    /// The ministry overseeing the sender's sector (operators, CEPTORs).
    MyMinistry,
    /// The sender's members: a CEPTOR's operators, a ministry's operators.
    Members,
    /// The CEPTOR Council.
    Council,
    /// Every CEPTOR.
    AllCeptors,
    /// Every ministry.
    AllMinistries,
    /// NISC.
    Nisc,
    /// The police.
    Police,
    /// Security vendors.
    Vendor,
    /// The public (through the media).
    Public,
    /// Whoever sent the message this action answers (policies only).
    Sender,
    /// JPCERT/CC.
    Jpcert,
    /// GSOC, NISC's monitoring of government systems.
    Gsoc,
}

impl Recipient {
    /// Lower-case label.
    pub fn id(self) -> &'static str {
        match self {
            Recipient::MyCeptor => "my_ceptor",
            Recipient::MyMinistry => "my_ministry",
            Recipient::Members => "members",
            Recipient::Council => "council",
            Recipient::AllCeptors => "all_ceptors",
            Recipient::AllMinistries => "all_ministries",
            Recipient::Nisc => "nisc",
            Recipient::Police => "police",
            Recipient::Vendor => "vendor",
            Recipient::Public => "public",
            Recipient::Sender => "sender",
            Recipient::Jpcert => "jpcert",
            Recipient::Gsoc => "gsoc",
        }
    }
}

/// Whom a relative recipient names for a sender ([`Recipient::named`]), before anyone's
/// taking part in the drill is considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// One role.
    One(Role),
    /// A group of operators: the sender's members.
    Members(Group),
    /// Every CEPTOR.
    AllCeptors,
    /// Every ministry.
    AllMinistries,
}

/// A group of operators a sender addresses as its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// A CEPTOR's: the sector's operators.
    Sector(crate::model::Sector),
    /// A ministry's: the operators it oversees.
    Ministry(crate::model::Ministry),
    /// GSOC's: the central government's operators.
    Gsoc,
}

impl Recipient {
    /// Whom this recipient names for `from`; `None` when `from` has no such recipient (a
    /// police's `MyCeptor`, JPCERT/CC's `Members`) or for `Sender`, which only a policy
    /// answering a message resolves. The engine and the validator both resolve recipients
    /// by this one table.
    pub fn named(self, from: Role, infra: &crate::model::Infrastructure) -> Option<Named> {
        use crate::model::sector::Overseer;
        Some(match (self, from) {
            (Recipient::MyCeptor, Role::Operator(o)) => {
                Named::One(Role::Ceptor(infra.operator(o).sector))
            }
            (Recipient::MyMinistry, Role::Operator(o)) => match infra.operator(o).overseer() {
                Overseer::Ministry(m) => Named::One(Role::Ministry(m)),
                Overseer::Gsoc => Named::One(Role::Gsoc),
            },
            (Recipient::MyMinistry, Role::Ceptor(s)) => Named::One(Role::Ministry(s.ministry())),
            (Recipient::Members, Role::Gsoc) => Named::Members(Group::Gsoc),
            (Recipient::Members, Role::Ceptor(s)) => Named::Members(Group::Sector(s)),
            (Recipient::Members, Role::Ministry(m)) => Named::Members(Group::Ministry(m)),
            (Recipient::Council, _) => Named::One(Role::Council),
            (Recipient::AllCeptors, _) => Named::AllCeptors,
            (Recipient::AllMinistries, _) => Named::AllMinistries,
            (Recipient::Nisc, _) => Named::One(Role::Nisc),
            (Recipient::Police, _) => Named::One(Role::Police),
            (Recipient::Vendor, _) => Named::One(Role::Vendor),
            (Recipient::Public, _) => Named::One(Role::Public),
            (Recipient::Jpcert, _) => Named::One(Role::Jpcert),
            (Recipient::Gsoc, _) => Named::One(Role::Gsoc),
            _ => return None,
        })
    }
}

/// Where a message goes: relative recipients, or a role named outright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addressee {
    /// Relative to the sender.
    Relative(Recipient),
    /// A particular role.
    Role(Role),
}

/// Which incident an action refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentRef {
    /// The incident opened by this inject (refused if it has not fired).
    Inject(usize),
    /// An incident by number.
    Id(IncidentId),
}

/// An action, with ids resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Send a new message. Its subject is filled from the sender's own knowledge.
    Send {
        /// Recipients.
        to: Vec<Addressee>,
        /// What for.
        kind: MessageKind,
        /// The incident it is about (must be known to the sender).
        about: Option<IncidentRef>,
        /// An attack kind to warn about (an indicator).
        attack: Option<AttackKind>,
        /// Handling label.
        label: Tlp,
        /// Free text.
        text: String,
        /// A sanitised alert: only the attack kind (an indicator) and the sector hit, no
        /// incident, victim or details — a different piece of information, which no label the sender learned
        /// the incident under binds.
        sanitised: bool,
    },
    /// The source of a labelled message lets its information reach `to` (TLP 2.0: sharing
    /// beyond what the label allows needs the source's permission); recorded.
    GrantPermission {
        /// The message (the granting role must be its source).
        message: u32,
        /// Who may now receive it, from anyone holding it.
        to: Role,
    },
    /// Pass on a received message, within what its label allows.
    Forward {
        /// The message number.
        message: u32,
        /// Recipients.
        to: Vec<Addressee>,
    },
    /// Disconnect the operator's systems of a kind: stops attacks travelling through
    /// them, costs the services their share.
    Isolate {
        /// Which systems.
        systems: SystemKind,
    },
    /// Undo an isolation.
    Reconnect {
        /// Which systems.
        systems: SystemKind,
    },
    /// Run a service on backup or manual operation: every buffer of the service holds
    /// longer, at a cost in level.
    SwitchToBackup {
        /// The operator's service.
        service: ServiceId,
    },
    /// Return a service from backup operation.
    EndBackup {
        /// The operator's service.
        service: ServiceId,
    },
    /// Restore data from backup: repairs of data-destroying impacts finish sooner.
    RestoreFromBackup,
    /// Send one of NISC's support teams to an operator: its repairs go faster.
    DispatchSupport {
        /// Where to.
        operator: OperatorId,
    },
    /// Publish a signature or patch for an attack kind: detection rises everywhere and
    /// repairs of that kind go faster.
    PublishSignature {
        /// Which attack.
        attack: AttackKind,
    },
    /// Exercise control injects an ad-hoc event now.
    Inject(Box<Inject>),
    /// Exercise control fires one of the scenario's reserve injects (`manual: true`) now.
    FireInject {
        /// The inject's index in the scenario.
        inject: usize,
    },
}

/// The class of an action, for permissions and conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ActionClass {
    /// Sending a report.
    Report,
    /// Sending an alert.
    Alert,
    /// Sending a request.
    Request,
    /// Sending an instruction.
    Instruction,
    /// Asking for support.
    SupportRequest,
    /// Announcing to the public.
    Announcement,
    /// Sending a note.
    Note,
    /// Forwarding.
    Forward,
    /// Isolating systems.
    Isolate,
    /// Reconnecting systems.
    Reconnect,
    /// Switching to backup.
    SwitchToBackup,
    /// Ending backup operation.
    EndBackup,
    /// Restoring from backup.
    RestoreFromBackup,
    /// Dispatching a support team.
    DispatchSupport,
    /// Publishing a signature.
    PublishSignature,
    /// Injecting an event.
    Inject,
    /// Granting permission to share labelled information wider.
    GrantPermission,
}

impl ActionClass {
    /// Every class, in declaration order.
    pub const ALL: [ActionClass; 17] = [
        ActionClass::Report,
        ActionClass::Alert,
        ActionClass::Request,
        ActionClass::Instruction,
        ActionClass::SupportRequest,
        ActionClass::Announcement,
        ActionClass::Note,
        ActionClass::Forward,
        ActionClass::Isolate,
        ActionClass::Reconnect,
        ActionClass::SwitchToBackup,
        ActionClass::EndBackup,
        ActionClass::RestoreFromBackup,
        ActionClass::DispatchSupport,
        ActionClass::PublishSignature,
        ActionClass::Inject,
        ActionClass::GrantPermission,
    ];

    /// The class with this [`ActionClass::id`].
    pub fn from_id(id: &str) -> Option<ActionClass> {
        ActionClass::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Lower-case label.
    pub fn id(self) -> &'static str {
        match self {
            ActionClass::Report => "report",
            ActionClass::Alert => "alert",
            ActionClass::Request => "request",
            ActionClass::Instruction => "instruction",
            ActionClass::SupportRequest => "support_request",
            ActionClass::Announcement => "announcement",
            ActionClass::Note => "note",
            ActionClass::Forward => "forward",
            ActionClass::Isolate => "isolate",
            ActionClass::Reconnect => "reconnect",
            ActionClass::SwitchToBackup => "switch_to_backup",
            ActionClass::EndBackup => "end_backup",
            ActionClass::RestoreFromBackup => "restore_from_backup",
            ActionClass::DispatchSupport => "dispatch_support",
            ActionClass::PublishSignature => "publish_signature",
            ActionClass::Inject => "inject",
            ActionClass::GrantPermission => "grant_permission",
        }
    }

    /// The role kinds allowed to take this class of action.
    pub fn allowed(self) -> &'static [RoleKind] {
        use RoleKind::*;
        match self {
            ActionClass::Report => &[
                Operator, Ceptor, Council, Ministry, Gsoc, Jpcert, Vendor, Public, Control,
            ],
            ActionClass::Alert => &[
                Ceptor, Council, Ministry, Nisc, Gsoc, Police, Vendor, Jpcert, Control,
            ],
            ActionClass::Request => &[
                Operator, Ceptor, Council, Ministry, Nisc, Gsoc, Police, Jpcert, Control,
            ],
            ActionClass::Instruction => &[Ministry, Nisc, Control],
            ActionClass::SupportRequest => &[Operator, Ministry, Gsoc, Control],
            ActionClass::Announcement => &[Nisc, Ministry, Police, Vendor, Jpcert, Control],
            ActionClass::Note | ActionClass::Forward | ActionClass::GrantPermission => &[
                Operator, Ceptor, Council, Ministry, Nisc, Gsoc, Police, Vendor, Jpcert, Control,
            ],
            ActionClass::Isolate
            | ActionClass::Reconnect
            | ActionClass::SwitchToBackup
            | ActionClass::EndBackup
            | ActionClass::RestoreFromBackup => &[Operator],
            ActionClass::DispatchSupport => &[Nisc],
            ActionClass::PublishSignature => &[Vendor],
            ActionClass::Inject => &[Control],
        }
    }

    /// Why `role` may not take this class of action, if it may not
    /// ([`StaticRefusal::NotPermitted`]).
    pub fn check(self, role: Role) -> Result<(), StaticRefusal> {
        if self.allowed().contains(&role.kind()) {
            return Ok(());
        }
        Err(StaticRefusal::NotPermitted {
            class: self,
            role_kind: role.kind(),
        })
    }

    /// What a role of this class does, in English ("send reports"), for refusals.
    pub fn verb(self) -> &'static str {
        match self {
            ActionClass::Report => "send reports",
            ActionClass::Alert => "send alerts",
            ActionClass::Request => "send requests",
            ActionClass::Instruction => "instruct",
            ActionClass::SupportRequest => "request support",
            ActionClass::Announcement => "make public announcements",
            ActionClass::Note => "send notes",
            ActionClass::Forward => "forward messages",
            ActionClass::Isolate => "isolate systems",
            ActionClass::Reconnect => "reconnect systems",
            ActionClass::SwitchToBackup => "switch services to backup",
            ActionClass::EndBackup => "end backup operation",
            ActionClass::RestoreFromBackup => "restore from backup",
            ActionClass::DispatchSupport => "dispatch support teams",
            ActionClass::PublishSignature => "publish signatures",
            ActionClass::Inject => "inject events",
            ActionClass::GrantPermission => "grant permissions",
        }
    }

    /// The class of a message kind.
    pub fn of_message(kind: MessageKind) -> ActionClass {
        match kind {
            MessageKind::Report => ActionClass::Report,
            MessageKind::Alert => ActionClass::Alert,
            MessageKind::Request => ActionClass::Request,
            MessageKind::Instruction => ActionClass::Instruction,
            MessageKind::SupportRequest => ActionClass::SupportRequest,
            MessageKind::Announcement => ActionClass::Announcement,
            MessageKind::Note => ActionClass::Note,
        }
    }
}

impl Action {
    /// The checks that depend only on who acts and what the action names, never on the
    /// state of the drill: the role's kind may take this class of action, an operator acts
    /// only on its own services, and `Sender` (which only policies can answer) is not
    /// named. An action failing them can never take effect, so faces refuse it outright and
    /// drill logs may not contain it.
    pub fn static_refusal(
        &self,
        role: Role,
        infra: &crate::model::Infrastructure,
    ) -> Result<(), StaticRefusal> {
        self.class().check(role)?;
        match self {
            Action::Send { to, .. } | Action::Forward { to, .. } => {
                if to.contains(&Addressee::Relative(Recipient::Sender)) {
                    return Err(StaticRefusal::SenderOutsidePolicy);
                }
                if to.is_empty() {
                    return Err(StaticRefusal::NoRecipients);
                }
            }
            Action::SwitchToBackup { service } | Action::EndBackup { service } => {
                let owner = infra.service(*service).operator;
                if role != Role::Operator(owner) {
                    return Err(StaticRefusal::NotOwnService {
                        service: *service,
                        owner,
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The class of this action.
    pub fn class(&self) -> ActionClass {
        match self {
            Action::Send { kind, .. } => ActionClass::of_message(*kind),
            Action::Forward { .. } => ActionClass::Forward,
            Action::Isolate { .. } => ActionClass::Isolate,
            Action::Reconnect { .. } => ActionClass::Reconnect,
            Action::SwitchToBackup { .. } => ActionClass::SwitchToBackup,
            Action::EndBackup { .. } => ActionClass::EndBackup,
            Action::RestoreFromBackup => ActionClass::RestoreFromBackup,
            Action::DispatchSupport { .. } => ActionClass::DispatchSupport,
            Action::PublishSignature { .. } => ActionClass::PublishSignature,
            Action::Inject(_) | Action::FireInject { .. } => ActionClass::Inject,
            Action::GrantPermission { .. } => ActionClass::GrantPermission,
        }
    }
}

/// Stable identity of an action, for the random draws it causes: the message it sends
/// is named by `key`, and carries the news `root` (its own `key` if `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provenance {
    /// The action's identity.
    pub key: u64,
    /// The news it answers, for a policy's response to a message or an event.
    pub root: Option<u64>,
}

/// Who decided an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A person playing the role (or a replayed action log).
    Player,
    /// The role's policy: the index of the policy and of its rule.
    Policy {
        /// Index into the scenario's policies.
        policy: usize,
        /// Index into that policy's rules.
        rule: usize,
    },
}

/// An action as it happened: when, by whom, and whether it took effect.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRecord {
    /// Its number, from 0.
    pub id: u32,
    /// When it was taken.
    pub time: Time,
    /// By whom.
    pub role: Role,
    /// What.
    pub action: Action,
    /// Player or policy.
    pub origin: Origin,
    /// What it did, or why it was refused.
    pub result: Result<Done, Refusal>,
}

/// Why an action can never take effect, whatever the state of the drill
/// ([`Action::static_refusal`]): the subset of [`Refusal`] that the data layer also
/// reports in drill logs and policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaticRefusal {
    /// The role's kind may not take this class of action.
    NotPermitted {
        /// The class of action.
        class: ActionClass,
        /// The kind of role that tried.
        role_kind: RoleKind,
    },
    /// `Sender` named outside a policy answering a message.
    SenderOutsidePolicy,
    /// A message without recipients.
    NoRecipients,
    /// An operator acting on another operator's service.
    NotOwnService {
        /// The service.
        service: ServiceId,
        /// Its operator.
        owner: OperatorId,
    },
}

impl From<StaticRefusal> for Refusal {
    fn from(r: StaticRefusal) -> Refusal {
        match r {
            StaticRefusal::NotPermitted { class, role_kind } => {
                Refusal::NotPermitted { class, role_kind }
            }
            StaticRefusal::SenderOutsidePolicy => Refusal::SenderOutsidePolicy,
            StaticRefusal::NoRecipients => Refusal::NoRecipients,
            StaticRefusal::NotOwnService { service, owner } => {
                Refusal::NotOwnService { service, owner }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_is_listed_once_and_found_by_its_id() {
        for c in ActionClass::ALL {
            assert_eq!(ActionClass::from_id(c.id()), Some(c));
            assert_eq!(ActionClass::ALL.iter().filter(|x| **x == c).count(), 1);
        }
        assert_eq!(ActionClass::from_id("no_such_class"), None);
    }
    use crate::model::{OperatorId, Sector};

    #[test]
    fn operators_cannot_dispatch_or_instruct_and_ceptors_cannot_isolate() {
        let op = Role::Operator(OperatorId(0));
        assert!(ActionClass::DispatchSupport.check(op).is_err());
        assert!(ActionClass::Instruction.check(op).is_err());
        assert!(ActionClass::Isolate.check(op).is_ok());
        let c = Role::Ceptor(Sector::Finance);
        assert_eq!(
            ActionClass::Isolate.check(c),
            Err(StaticRefusal::NotPermitted {
                class: ActionClass::Isolate,
                role_kind: RoleKind::Ceptor
            })
        );
        assert!(ActionClass::Inject.check(Role::Nisc).is_err());
        assert!(ActionClass::Inject.check(Role::Control).is_ok());
    }

    #[test]
    fn the_class_check_agrees_with_the_static_refusal() {
        // The data layer checks policies with `check`; the engine refuses actions with
        // `static_refusal`: the same table.
        use crate::model::Ministry;
        let roles = [
            Role::Control,
            Role::Nisc,
            Role::Ministry(Ministry::Meti),
            Role::Ceptor(Sector::Finance),
            Role::Council,
            Role::Operator(OperatorId(0)),
            Role::Police,
            Role::Vendor,
            Role::Public,
        ];
        let actions = [
            Action::RestoreFromBackup,
            Action::DispatchSupport {
                operator: OperatorId(0),
            },
            Action::PublishSignature {
                attack: crate::model::AttackKind::Worm,
            },
            Action::Isolate {
                systems: SystemKind::Business,
            },
            Action::Forward {
                message: 0,
                to: vec![Addressee::Relative(Recipient::Council)],
            },
        ];
        let infra = crate::model::Infrastructure::builder().build();
        for role in roles {
            for a in &actions {
                let by_class = a.class().check(role).is_ok();
                let typed = a.static_refusal(role, &infra);
                assert_eq!(by_class, typed.is_ok(), "{role:?} {a:?}");
                if let Err(r) = typed {
                    assert_eq!(
                        r,
                        StaticRefusal::NotPermitted {
                            class: a.class(),
                            role_kind: role.kind()
                        }
                    );
                }
            }
        }
    }
}
