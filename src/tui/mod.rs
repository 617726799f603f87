//! The terminal UI, `rensa play`: people play a drill in their roles, each seat seeing only
//! what its role knows, and exercise control runs the clock, injects and rewinds.
//!
//! The parts are kept apart so that a seat's screens can be driven by any terminal:
//!
//! * [`app`]: one seat's app — its screens, the one command list, `App::update(Msg)` (the
//!   only way it changes) and `App::draw(frame)`; a remote seat is [`App::seat_locked`];
//! * [`host`]: where the drill lives — [`host::LocalHost`] owns the session and its clock
//!   on one terminal; a drill server gives each seat a host sharing one session;
//! * [`screens`]: each screen a component with its state, its commands and a pure
//!   `draw(&self, frame, area, ctx)`; [`screens::Seen`] numbers and names what a seat sees
//!   from its own knowledge;
//! * [`input`]: keys and pastes as plain messages, and the bindings that feed the key
//!   handler, the hint bar and help alike; [`field`]: the one-line text field;
//! * [`menu`]: the actions a seat may take, from its own view;
//! * [`term`]: the local terminal, its event loop and bracketed paste.
//!
//! **Architecture Invariant:** the TUI reaches the drill only through [`crate::session`]
//! (plus words from [`crate::present`] and scores from [`crate::score`]); it knows no
//! engine internals, no scenario files and no file system — saving goes through
//! [`app::Store`], which the CLI provides. Only [`term`] knows a terminal.

pub mod app;
pub mod field;
pub mod host;
pub mod input;
pub mod menu;
pub mod screens;
pub mod style;
pub mod term;

pub use app::{App, LessonDraft, Saved, SavedDrill, Status, Store};
pub use host::{ClockCommand, ClockState, Host, LocalHost, SessionRef};
pub use input::Msg;
pub use screens::ScreenId as Screen;
