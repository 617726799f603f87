//! `rensa serve`: one drill served over SSH to many terminals, each a seat (docs/SERVE.md).
//!
//! A second driver of the same seat screens as the local terminal:
//!
//! * [`drill`]: the one session, control's clock, chat, observations, and the drill log
//!   written before anything takes effect;
//! * [`input`]: a connection's bytes → the key and paste events the local terminal gives;
//!
//! **Architecture Invariant:** the engine stays single-threaded and deterministic: the one
//! `Session` lives in the drill, behind a lock, and every seat's action reaches it in
//! arrival order, written to the drill log first. tokio and russh live only here.

pub mod drill;
pub mod input;
