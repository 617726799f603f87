//! The drill log's entries: the players' actions, with their times; and beside the game,
//! what a served drill's people said to exercise control (chat) and what its evaluators
//! observed. Chat and observations never reach the simulation: a replay ignores them, the
//! after-action report shows them.

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

/// One end of a chat line: a seat that plays a role, an evaluator (by seat name), or, as a
/// recipient only, everyone (control's broadcast).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChatParty {
    /// The seat playing this role (exercise control included).
    Role(Role),
    /// An evaluator's seat, by its name.
    Evaluator(String),
    /// Every seat (control's broadcast).
    Everyone,
}

/// A line of chat: out of the game's channels, between a seat and exercise control (the
/// "white cell"). It carries no simulation knowledge: the engine never sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatLine {
    /// The minute of the drill at which the server accepted it.
    pub at: Time,
    /// Who wrote it.
    pub from: ChatParty,
    /// To whom: control, or (from control) one seat or everyone.
    pub to: ChatParty,
    /// What was written (one line, control characters removed).
    pub text: String,
}

impl ChatLine {
    /// Whether `party` may read this line: its writer, its addressee, everyone for a
    /// broadcast, and exercise control always.
    pub fn visible_to(&self, party: &ChatParty) -> bool {
        *party == ChatParty::Role(Role::Control)
            || self.from == *party
            || self.to == *party
            || self.to == ChatParty::Everyone
    }
}

/// How an objective's capability was performed, on the rating scale of the Exercise
/// Evaluation Guides of HSEEP (FEMA, *Homeland Security Exercise and Evaluation Program*,
/// 2020 revision, §5 "Exercise Evaluation"): P, S, M, U.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    /// P: performed without challenges.
    Performed,
    /// S: performed with some challenges.
    SomeChallenges,
    /// M: performed with major challenges.
    MajorChallenges,
    /// U: unable to be performed.
    Unable,
}

impl Rating {
    /// Every rating, best first.
    pub const ALL: [Rating; 4] = [
        Rating::Performed,
        Rating::SomeChallenges,
        Rating::MajorChallenges,
        Rating::Unable,
    ];

    /// Its letter on the HSEEP scale.
    pub fn letter(self) -> char {
        match self {
            Rating::Performed => 'P',
            Rating::SomeChallenges => 'S',
            Rating::MajorChallenges => 'M',
            Rating::Unable => 'U',
        }
    }

    /// The rating of a letter.
    pub fn from_letter(c: char) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.letter() == c)
    }
}

/// An evaluator's observation against one of the scenario's objectives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The minute of the drill at which the server accepted it.
    pub at: Time,
    /// The evaluator's seat name.
    pub by: String,
    /// The objective rated: its index in the scenario's objectives.
    pub objective: usize,
    /// The rating.
    pub rating: Rating,
    /// What the evaluator saw.
    pub text: String,
}
