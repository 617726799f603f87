//! The terminal UI, `rensa play`: people play a drill in their roles, each seat seeing only
//! what its role knows, and exercise control runs the clock, injects and rewinds.
//!
//! The parts are kept apart so that every screen is a pure function of the state:
//!
//! * [`app`]: the state and `App::update(Msg)`, the only way it changes;
//! * [`keys`]: keys → messages, from one table that also feeds the hint bar and help;
//! * [`view`]: `render(frame, &app)`, drawing only;
//! * [`menu`]: the actions a seat may take, from its own view;
//! * [`term`]: the real terminal and its event loop.
//!
//! **Architecture Invariant:** the TUI reaches the drill only through [`crate::session`]
//! (plus words from [`crate::present`] and scores from [`crate::score`]); it knows no
//! engine internals, no scenario files and no file system — saving goes through
//! [`app::Store`], which the CLI provides.

pub mod app;
pub mod keys;
pub mod menu;
pub mod style;
pub mod term;
pub mod view;

pub use app::{App, LessonDraft, Msg, Saved, SavedDrill, Screen, Store};
