//! What a parked task waits on: [`WaitingOn`], and how the runtime learns it.
//!
//! Two sources, both free while introspection is off:
//!
//! - **I/O**, asked of the reactor only when a dump is taken: [`reactor::Handle::waiters`]
//!   lists every waker a source holds, by identity, and the dump matches each against the
//!   tasks' own wakers (a task waker is one integer naming its task, so the match is exact).
//!   Nothing on the I/O path changes.
//! - **Timers and the sync primitives** say so as they park: a `Sleep`, a `Mutex` lock, a
//!   channel receive call [`note_wait`] just before returning `Pending`. When introspection is
//!   off for every runtime of the thread, that is one thread-local read. When on, the note goes to the
//!   task being polled (whatever waker the combinators above it lent its future), and the
//!   scheduler clears a task's notes as each poll begins: they describe its latest poll.
//!
//! A task parked in a `select!` on a read and a timer waits on both, and the dump lists both.

use std::cell::Cell;
use std::fmt;
use std::time::Duration;

use reactor::Direction;

use crate::scheduler::context;
use crate::time::Instant;

/// How many notes a task keeps from one poll; a future that parks on more is not listed whole.
pub(crate) const NOTES_KEPT: usize = 8;

thread_local! {
    /// True once a runtime made on this thread turned introspection on: the first, cheap gate
    /// of [`note_wait`] (a thread-local flag, not an atomic: the sync primitives take none).
    /// Never cleared, since a runtime that had it on may still be running. A runtime is `!Send`,
    /// so it runs on the thread it was made on.
    pub(crate) static ENABLED_HERE: Cell<bool> = const { Cell::new(false) };
}

/// One thing a parked task waits on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitingOn {
    /// A reactor registration holds the task's waker for one direction.
    Io {
        /// The source's type (`TcpStream`, `UnixListener`, `Pipe`).
        source: &'static str,
        /// The source's slab key in the reactor (trace lines print tokens as `key.generation`).
        key: usize,
        /// Its registration's generation.
        generation: usize,
        /// Waiting to read (or accept, receive) or to write (or connect, send).
        direction: Direction,
    },
    /// A timer: a `sleep`, a `timeout`, an `interval` tick.
    Timer {
        /// When it fires, on the runtime's clock.
        deadline: Instant,
        /// How long until then, when the dump was taken (zero if already due).
        remaining: Duration,
    },
    /// A sync primitive or a join: `mutex`, `semaphore`, `mpsc receive`, `mpsc send`,
    /// `oneshot`, `broadcast`, `notify`, `join`.
    Resource {
        /// What kind of thing it is.
        name: &'static str,
    },
}

impl fmt::Display for WaitingOn {
    /// `TcpStream 7.1, read`, `timer, deadline in 2.1 s`, `mutex`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitingOn::Io {
                source,
                key,
                generation,
                direction,
            } => {
                let direction = match direction {
                    Direction::Read => "read",
                    Direction::Write => "write",
                };
                write!(f, "{source} {key}.{generation}, {direction}")
            }
            WaitingOn::Timer { remaining, .. } if remaining.is_zero() => f.write_str("timer, due"),
            WaitingOn::Timer { remaining, .. } => {
                write!(f, "timer, deadline in {:.1} s", remaining.as_secs_f64())
            }
            WaitingOn::Resource { name } => f.write_str(name),
        }
    }
}

/// Records that the task being polled is about to park on `what`. Called by the runtime's
/// leaf futures right before they return `Pending`; costs one thread-local read when no
/// runtime of this thread has introspection on, and builds `what` only when one has.
#[inline]
pub(crate) fn note_wait(what: impl FnOnce() -> WaitingOn) {
    if ENABLED_HERE.with(Cell::get) {
        note_wait_slow(what());
    }
}

#[cold]
fn note_wait_slow(what: WaitingOn) {
    context::with_current(|current| {
        if let Some(scheduler) = current {
            scheduler.note_wait(what);
        }
    });
}

/// The note `Sleep` leaves: a timer with `deadline` (its `remaining` is filled in by the dump).
pub(crate) fn timer(deadline: Instant) -> impl FnOnce() -> WaitingOn {
    move || WaitingOn::Timer {
        deadline,
        remaining: Duration::ZERO,
    }
}

/// The note a sync primitive leaves.
pub(crate) fn resource(name: &'static str) -> impl FnOnce() -> WaitingOn {
    move || WaitingOn::Resource { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_source_and_direction_or_the_deadline() {
        let io = WaitingOn::Io {
            source: "TcpStream",
            key: 7,
            generation: 1,
            direction: Direction::Read,
        };
        assert_eq!(io.to_string(), "TcpStream 7.1, read");
        assert_eq!(resource("mutex")().to_string(), "mutex");
    }
}
