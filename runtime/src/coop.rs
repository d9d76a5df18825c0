//! The cooperative budget: a task that keeps finding its socket or channel ready must still
//! give the others a turn.
//!
//! The budget itself lives in the reactor ([`reactor::budget`], which explains it), because its
//! check sits inside the reactor's operation loop, `Registration::poll_io`, that every socket
//! of [`net`](crate::net) goes through. This module is the runtime's side of it:
//!
//! - the scheduler gives each task a full budget of [`BUDGET`] operations before it polls it,
//!   and lifts the limit when the thread leaves the runtime;
//! - every channel, lock and semaphore of [`sync`](crate::sync) that is about to complete
//!   spends one unit through [`poll_proceed`], the same function the sockets use, so a task
//!   that always finds its channel ready yields after [`BUDGET`] operations too.
//!
//! Outside a runtime (a future polled by hand) the budget is unlimited.

pub use reactor::budget::{poll_proceed, BUDGET};

/// Gives the task about to be polled a full budget. Called by the scheduler before each poll.
pub(crate) fn reset() {
    reactor::budget::reset();
}

/// Lifts the limit when the thread leaves the runtime.
pub(crate) fn unlimited() {
    reactor::budget::unlimited();
}
