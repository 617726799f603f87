//! The drill log's entries: the players' actions, with their times.

use super::action::Action;
use super::role::Role;
use crate::model::Time;

/// A player's action as recorded in a drill log.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedAction {
    /// When (start of the minute).
    pub at: Time,
    /// Who.
    pub role: Role,
    /// What.
    pub action: Action,
}
