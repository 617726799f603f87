//! The drill's data: roles, what they know, the messages they exchange, the actions they
//! take, the policies of roles nobody plays, and the drill log. Plain data; the rules that
//! give them effect are in `crate::engine::drill`.

pub mod action;
pub mod knowledge;
pub mod log;
pub mod message;
pub mod outcome;
pub mod policy;
pub mod role;

pub use action::{
    Action, ActionClass, ActionRecord, Addressee, Group, IncidentRef, Named, Origin, Provenance,
    Recipient, StaticRefusal,
};
pub use knowledge::{Knowledge, KnownIncident, Learned};
pub use log::{ChatLine, ChatParty, LoggedAction, Observation, Rating};
pub use message::{Channel, Message, MessageKind, Subject, Tlp};
pub use outcome::{Done, Refusal};
pub use policy::{Policy, PolicySet, Response, Rule, Trigger};
pub use role::{Role, RoleKind};
