//! The cross-thread wake: how another thread interrupts a reactor blocked in `epoll_wait`.
//!
//! A reactor thread that has nothing to do sleeps inside `mio::Poll::poll`. A `std::task::Waker`
//! may be woken from any thread, so something must be able to poke that sleep from outside. mio
//! gives us [`mio::Waker`] (an `eventfd` on Linux, a user event on kqueue): writing to it makes
//! the poll return with a token no registration can have (`REMOTE_TOKEN`, in `reactor.rs`).
//!
//! A write is a syscall, and a burst of wakes between two turns needs only one. So a flag,
//! `notified`, sits in front of it:
//!
//! ```text
//!   any thread: Remote::wake()                 reactor thread: turn()
//!   ──────────────────────────                 ──────────────────────
//!   (1) publish the work (caller's job)
//!   (2) if notified.swap(true) was false:      (3) poll returns REMOTE_TOKEN
//!           mio::Waker::wake()   (syscall)     (4) notified.store(false)
//!                                              (5) the owner looks for published work
//! ```
//!
//! A wake that arrives *before* the reactor starts waiting is not lost: the eventfd stays
//! signalled and the next poll returns at once. A wake whose swap saw `true` skipped the syscall,
//! but it happened before (4), so the owner's look at (5) sees the work it published at (1).

use std::fmt;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// A cheap, cloneable, `Send + Sync` handle that wakes the reactor from any thread.
#[derive(Clone)]
pub struct Remote {
    /// Shared with the reactor, which clears `notified` when the wake event arrives.
    inner: Arc<RemoteInner>,
}

pub(crate) struct RemoteInner {
    /// The OS-level wake (eventfd/kqueue user event) registered under `REMOTE_TOKEN`.
    waker: mio::Waker,
    /// True from the first wake after a turn until the reactor sees the wake event. While it is
    /// true, further wakes skip the syscall. Set by `wake`, cleared only by the reactor.
    notified: AtomicBool,
    /// How many wakes were asked for in all, coalesced or not (for the statistics).
    requested: AtomicU64,
    /// How many of them reached the OS (one syscall each).
    sent: AtomicU64,
}

/// What [`Remote::wake`] has done since the reactor was made: the coalescing flag at work.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RemoteCounts {
    /// Wakes asked for, from any thread, coalesced or not.
    pub requested: u64,
    /// Wakes that reached the OS (one eventfd write each); at most one per reactor turn.
    pub sent: u64,
}

impl Remote {
    pub(crate) fn new(waker: mio::Waker) -> Remote {
        Remote {
            inner: Arc::new(RemoteInner {
                waker,
                notified: AtomicBool::new(false),
                requested: AtomicU64::new(0),
                sent: AtomicU64::new(0),
            }),
        }
    }

    /// Wakes the reactor: its current or next turn returns promptly.
    ///
    /// Publish whatever the reactor's owner should find *before* calling this.
    pub fn wake(&self) -> io::Result<()> {
        self.inner.requested.fetch_add(1, Ordering::Relaxed);
        // AcqRel: the caller's writes (the published work) happen before the reactor's clear.
        if self.inner.notified.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        self.inner.sent.fetch_add(1, Ordering::Relaxed);
        self.inner.waker.wake()
    }

    /// How many wakes were requested, and how many of them cost a syscall.
    pub fn counts(&self) -> RemoteCounts {
        RemoteCounts {
            requested: self.inner.requested.load(Ordering::Relaxed),
            sent: self.inner.sent.load(Ordering::Relaxed),
        }
    }

    /// Called by the reactor when the wake event arrives: the next wake must reach the OS again.
    pub(crate) fn acknowledge(&self) {
        self.inner.notified.store(false, Ordering::Release);
    }
}

impl fmt::Debug for Remote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Remote")
            .field("notified", &self.inner.notified.load(Ordering::Relaxed))
            .field("counts", &self.counts())
            .finish()
    }
}
