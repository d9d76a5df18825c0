//! Readiness: what the OS said a source can do now, and the two directions a task can wait in.
//!
//! mio reports an event as a handful of booleans (`is_readable`, `is_read_closed`, ...). The
//! reactor folds them into one small bit set, [`Ready`], and caches it per registration until an
//! operation proves it stale (returns `WouldBlock`).
//!
//! A registration has two independent waiters, one per [`Direction`]: a task reading a socket and
//! another task writing it are woken separately. A direction's *mask* says which bits satisfy it:
//!
//! ```text
//!   Direction::Read  is satisfied by  READABLE | READ_CLOSED  | ERROR
//!   Direction::Write is satisfied by  WRITABLE | WRITE_CLOSED | ERROR
//! ```
//!
//! An event wakes the waiter of each direction whose mask it meets, and no other.
//!
//! Each closed bit is in its own direction's mask because an operation on a closed side does not
//! block: a read after the peer's FIN returns EOF at once, a write to a pipe nobody reads
//! returns `EPIPE` at once, and that is what the waiter needs to learn. `ERROR` is in both: the
//! pending error is returned by the next operation, whichever way it goes.
//!
//! A closed bit is *not* in the other direction's mask, as in mio (`is_readable` is about
//! reading). A peer that half-closes (`shutdown(Write)`: we get `READ_CLOSED`) may still read
//! what we send, so a write into a full buffer still blocks; if `READ_CLOSED` satisfied the
//! writer, it would find the socket "ready", get `WouldBlock`, clear `WRITABLE` and find it
//! "ready" again, forever, since closed bits are never cleared. A real hang-up (`EPOLLHUP`:
//! both sides closed) sets both closed bits, so it still wakes both waiters.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

/// A set of readiness bits, as cached for one registration.
#[derive(Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Ready(u8);

impl Ready {
    /// No readiness at all.
    pub const EMPTY: Ready = Ready(0);
    /// A read would not block.
    pub const READABLE: Ready = Ready(1);
    /// A write would not block.
    pub const WRITABLE: Ready = Ready(1 << 1);
    /// The peer closed its write side (EOF, `EPOLLRDHUP`), or the socket hung up.
    pub const READ_CLOSED: Ready = Ready(1 << 2);
    /// Our write side can no longer send (`EPOLLHUP`, broken pipe).
    pub const WRITE_CLOSED: Ready = Ready(1 << 3);
    /// The socket has a pending error (`EPOLLERR`); the next operation returns it.
    pub const ERROR: Ready = Ready(1 << 4);

    /// Folds a mio event into a readiness set.
    pub fn from_event(event: &mio::event::Event) -> Ready {
        let mut ready = Ready::EMPTY;
        if event.is_readable() {
            ready |= Ready::READABLE;
        }
        if event.is_writable() {
            ready |= Ready::WRITABLE;
        }
        if event.is_read_closed() {
            ready |= Ready::READ_CLOSED;
        }
        if event.is_write_closed() {
            ready |= Ready::WRITE_CLOSED;
        }
        if event.is_error() {
            ready |= Ready::ERROR;
        }
        ready
    }

    /// True when no bit is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True when every bit of `other` is also set in `self`.
    pub fn contains(self, other: Ready) -> bool {
        self.0 & other.0 == other.0
    }

    /// True when `self` and `other` share at least one bit.
    pub fn intersects(self, other: Ready) -> bool {
        self.0 & other.0 != 0
    }

    /// The bits of `self` that are also in `other`.
    pub fn intersection(self, other: Ready) -> Ready {
        Ready(self.0 & other.0)
    }

    /// `self` without the bits of `other`.
    pub fn remove(self, other: Ready) -> Ready {
        Ready(self.0 & !other.0)
    }

    /// True when a read would not block: readable, read-closed or in error. A source that is
    /// only write-closed is not readable (see the module docs).
    pub fn is_readable(self) -> bool {
        self.intersects(Direction::Read.mask())
    }

    /// True when a write would not block: writable, write-closed or in error. A source that is
    /// only read-closed is not writable.
    pub fn is_writable(self) -> bool {
        self.intersects(Direction::Write.mask())
    }
}

impl BitOr for Ready {
    type Output = Ready;
    fn bitor(self, other: Ready) -> Ready {
        Ready(self.0 | other.0)
    }
}

impl BitOrAssign for Ready {
    fn bitor_assign(&mut self, other: Ready) {
        self.0 |= other.0;
    }
}

impl fmt::Debug for Ready {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [(Ready, &str); 5] = [
            (Ready::READABLE, "READABLE"),
            (Ready::WRITABLE, "WRITABLE"),
            (Ready::READ_CLOSED, "READ_CLOSED"),
            (Ready::WRITE_CLOSED, "WRITE_CLOSED"),
            (Ready::ERROR, "ERROR"),
        ];
        if self.is_empty() {
            return f.write_str("EMPTY");
        }
        let mut first = true;
        for (bit, name) in NAMES {
            if self.contains(bit) {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

/// One of the two ways a task can wait on a source. Each direction has its own waker slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Waiting to read (or accept, or receive).
    Read,
    /// Waiting to write (or finish connecting, or send).
    Write,
}

impl Direction {
    /// The readiness bits that satisfy a waiter in this direction.
    pub const fn mask(self) -> Ready {
        match self {
            Direction::Read => Ready(Ready::READABLE.0 | Ready::READ_CLOSED.0 | Ready::ERROR.0),
            Direction::Write => Ready(Ready::WRITABLE.0 | Ready::WRITE_CLOSED.0 | Ready::ERROR.0),
        }
    }

    /// The one bit an operation in this direction clears when it returns `WouldBlock`.
    ///
    /// Closed and error bits are never cleared: once a socket has hung up it stays hung up, and
    /// clearing the bit would leave a waiter sleeping for an edge that will never come again.
    pub const fn clearable(self) -> Ready {
        match self {
            Direction::Read => Ready::READABLE,
            Direction::Write => Ready::WRITABLE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_closed_bit_satisfies_only_its_own_direction() {
        assert!(Ready::READ_CLOSED.is_readable());
        assert!(
            !Ready::READ_CLOSED.is_writable(),
            "a half-closed peer may still read"
        );
        assert!(Ready::WRITE_CLOSED.is_writable());
        assert!(!Ready::WRITE_CLOSED.is_readable(), "as mio's is_readable");
        assert!(!Ready::READABLE.is_writable());
        assert!(!Ready::WRITABLE.is_readable());
    }

    #[test]
    fn an_error_or_a_hang_up_satisfies_both_directions() {
        let hang_up = Ready::READ_CLOSED | Ready::WRITE_CLOSED; // what mio makes of EPOLLHUP
        for ready in [Ready::ERROR, hang_up] {
            assert!(ready.is_readable(), "{ready:?} should satisfy a reader");
            assert!(ready.is_writable(), "{ready:?} should satisfy a writer");
        }
    }

    #[test]
    fn debug_names_every_bit() {
        let all = Ready::READABLE | Ready::WRITABLE | Ready::ERROR;
        assert_eq!(format!("{all:?}"), "READABLE | WRITABLE | ERROR");
        assert_eq!(format!("{:?}", Ready::EMPTY), "EMPTY");
    }
}
