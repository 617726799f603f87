//! The drill: roles, what they know, the messages they exchange, the actions they take and
//! the policies of roles nobody plays. Data types here; their effects on the simulation
//! are in `effects` (as engine handlers).

pub mod action;
pub mod effects;
pub mod knowledge;
pub mod message;
pub mod policy;
pub mod role;
pub mod view;

pub use action::{
    Action, ActionClass, ActionRecord, Addressee, IncidentRef, Origin, Provenance, Recipient,
};
pub use knowledge::{Knowledge, KnownIncident, Learned};
pub use message::{Channel, Message, MessageKind, Subject, Tlp};
pub use policy::{Policy, PolicySet, Response, Rule, Trigger};
pub use role::{Role, RoleKind};
