//! A remote seat's [`Host`]: the seat's app reads the one shared session (a read guard of
//! the drill's lock) and sends its actions and — exercise control only — clock commands to
//! the drill, which logs each before it takes effect. A seat acts only as its own role; an
//! evaluator's host acts as nobody.

use super::drill::Drill;
use super::hub::Hub;
use crate::model::drill::{Action, Done, Refusal, Role};
use crate::session::Session;
use crate::tui::host::{ClockCommand, ClockRefusal, ClockState, Host, SessionRef};
use std::ops::Deref;
use std::sync::{Arc, RwLockReadGuard};

/// The drill's session, read through the drill's lock.
struct Read<'a>(RwLockReadGuard<'a, Drill>);

impl Deref for Read<'_> {
    type Target = Session;

    fn deref(&self) -> &Session {
        self.0.session()
    }
}

/// One remote seat's way to the drill.
pub struct SeatHost {
    hub: Arc<Hub>,
    /// The role the seat plays; None for an evaluator.
    role: Option<Role>,
}

impl SeatHost {
    /// The host of a seat playing `role` (None: an evaluator, who never acts).
    pub fn new(hub: Arc<Hub>, role: Option<Role>) -> SeatHost {
        SeatHost { hub, role }
    }
}

impl Host for SeatHost {
    fn session(&self) -> SessionRef<'_> {
        Box::new(Read(self.hub.read()))
    }

    fn act(&mut self, role: Role, action: Action) -> Result<Done, Refusal> {
        if self.role != Some(role) {
            // Never as another role; an evaluator never acts.
            return Err(Refusal::NotPermitted {
                class: action.class(),
                role_kind: role.kind(),
            });
        }
        match self.hub.write(|d| d.act(role, action)) {
            Ok(r) => r,
            // The log cannot be written: the drill takes nothing more in.
            Err(_) => Err(Refusal::DrillEnded),
        }
    }

    fn clock(&self) -> ClockState {
        self.hub.read().clock_state()
    }

    fn command(&mut self, c: ClockCommand) -> Result<(), ClockRefusal> {
        let Some(Role::Control) = self.role else {
            return Err(ClockRefusal::NotAllowed);
        };
        match self.hub.write(|d| d.command(Role::Control, c)) {
            Ok(r) => r,
            Err(_) => Err(ClockRefusal::Ended),
        }
    }
}
