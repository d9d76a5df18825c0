//! The [`Handle`]: the reactor's shared state, reachable from everything that uses the loop.
//!
//! The reactor is split in two, like tokio's driver and handle:
//!
//! - [`Reactor`](crate::Reactor) owns `mio::Poll` and is the only thing that *waits*. Its
//!   [`turn`](crate::Reactor::turn) takes `&mut self`, so only the loop's owner turns it.
//! - [`Handle`] is a cheap `Rc` to everything else: the registry, the table of sources, the
//!   timers, the clock. Registrations and timers keep a handle, so they can deregister or cancel
//!   themselves when dropped, even from inside a waker that the reactor is busy calling.
//!
//! A handle is `!Send`: a reactor and all its handles live on one thread. The one thing that
//! crosses threads is the [`Remote`].
//!
//! # Borrow rule
//!
//! `sources` and `timers` sit in `RefCell`s. Every method borrows for the few lines it needs and
//! never calls out (wakes, drops a waker) while borrowed: wakers and dropped entries are carried
//! out of the borrow first. That is what lets a waker, inside `wake`, register a source or insert
//! a timer on this same reactor without a re-entrant borrow panic.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::io;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use mio::event::Source;
use mio::{Interest, Registry, Token};

use crate::clock::Clock;
use crate::ready::{Direction, Ready};
use crate::registration::Registration;
use crate::remote::Remote;
use crate::sources::{short_type_name, ShowToken, Sources};
use crate::stats::Stats;
use crate::timers::{TimerKey, Timers};
use crate::waiters::Waiter;

/// A cloneable handle to a reactor's shared state: registration, timers, clock, statistics.
#[derive(Clone)]
pub struct Handle {
    /// Shared with the [`Reactor`](crate::Reactor) and every registration and timer owner.
    pub(crate) shared: Rc<Shared>,
}

pub(crate) struct Shared {
    /// A clone of the poll's registry (same epoll instance), for (de)registering sources.
    pub(crate) registry: Registry,
    /// Registered sources. Borrowed briefly; never while a waker runs or drops.
    pub(crate) sources: RefCell<Sources>,
    /// Pending timers. Borrowed briefly; never while a waker runs or drops.
    pub(crate) timers: RefCell<Timers>,
    /// The time every deadline is measured against.
    pub(crate) clock: Clock,
    /// Cumulative counters, updated at the end of each turn.
    pub(crate) stats: Cell<Stats>,
    /// The cross-thread wake of this reactor.
    pub(crate) remote: Remote,
    /// False once the `Reactor` (and so its `Poll`) is dropped: nothing will ever be woken again.
    pub(crate) alive: Cell<bool>,
}

impl Handle {
    /// Registers `source` for `interest` and returns the registration that owns it.
    ///
    /// Dropping the registration deregisters the source and frees its slot.
    pub fn register<S: Source>(
        &self,
        source: S,
        interest: Interest,
    ) -> io::Result<Registration<S>> {
        Registration::new(self.clone(), source, interest)
    }

    pub(crate) fn add_source<S: Source>(
        &self,
        source: &mut S,
        interest: Interest,
    ) -> io::Result<Token> {
        let kind = short_type_name(std::any::type_name::<S>());
        let token = self.shared.sources.borrow_mut().insert(kind);
        let token =
            token.ok_or_else(|| io::Error::other("reactor: too many registered sources"))?;
        if let Err(err) = self.shared.registry.register(source, token, interest) {
            self.remove_source(token);
            return Err(err);
        }
        log::trace!("register token={} source={kind}", ShowToken(token));
        Ok(token)
    }

    pub(crate) fn remove_source(&self, token: Token) {
        let wakers = self.shared.sources.borrow_mut().remove(token);
        drop(wakers); // outside the borrow: dropping a waker may run arbitrary code
    }

    // Forced inline, with `Sources::poll_ready`: every I/O operation calls it, and left out of
    // line (its rare waker-drop path keeps the optimizer from inlining it) its call overhead was
    // a tenth of an echo round trip's instructions (bench/scripts/cost_per_round_trip.sh).
    #[inline(always)]
    pub(crate) fn poll_ready(
        &self,
        token: Token,
        direction: Direction,
        cx: &mut Context<'_>,
    ) -> Poll<io::Result<Ready>> {
        if !self.shared.alive.get() {
            return Poll::Ready(Err(io::Error::other(
                "reactor is gone: no readiness will ever arrive",
            )));
        }
        let (ready, replaced) = self
            .shared
            .sources
            .borrow_mut()
            .poll_ready(token, direction, cx);
        drop(replaced);
        ready.map(Ok)
    }

    #[inline]
    pub(crate) fn clear_ready(&self, token: Token, direction: Direction) {
        self.shared
            .sources
            .borrow_mut()
            .clear_ready(token, direction);
    }

    pub(crate) fn readiness(&self, token: Token) -> Ready {
        self.shared.sources.borrow().readiness(token)
    }

    /// Adds a timer that wakes `waker` once the clock reaches `deadline`.
    pub fn insert_timer(&self, deadline: Instant, waker: Waker) -> TimerKey {
        self.shared.timers.borrow_mut().insert(deadline, waker)
    }

    /// Cancels a timer. Returns true if it was still pending (had not fired).
    pub fn remove_timer(&self, key: TimerKey) -> bool {
        let waker = self.shared.timers.borrow_mut().remove(key);
        waker.is_some()
    }

    /// Moves a pending timer to a new deadline, keeping its waker; returns its new key, or `None`
    /// if it had already fired or been cancelled.
    pub fn reset_timer(&self, key: TimerKey, deadline: Instant) -> Option<TimerKey> {
        let mut timers = self.shared.timers.borrow_mut();
        let waker = timers.remove(key)?;
        Some(timers.insert(deadline, waker))
    }

    /// Makes a pending timer wake `waker` instead (a task's waker can change between polls).
    /// Returns false if the timer is no longer pending.
    pub fn set_timer_waker(&self, key: TimerKey, waker: &Waker) -> bool {
        let replaced = self.shared.timers.borrow_mut().set_waker(key, waker);
        replaced.is_ok()
    }

    /// When the next timer may be due: never after the earliest pending deadline, exact when that
    /// deadline is in the wheel's current millisecond, otherwise the start of the wheel slot
    /// holding it (at most one slot early). A turn at that time fires it or moves it closer.
    pub fn next_timer_deadline(&self) -> Option<Instant> {
        self.shared.timers.borrow().next_deadline()
    }

    /// How many timers are pending.
    pub fn timer_count(&self) -> usize {
        self.shared.timers.borrow().len()
    }

    /// Every waker this reactor holds for a source right now: which source, which direction,
    /// whose waker (see [`Waiter`]). Built on demand; nothing is kept for it meanwhile.
    pub fn waiters(&self) -> Vec<Waiter> {
        let mut waiters = Vec::new();
        self.shared.sources.borrow().waiters(&mut waiters);
        waiters
    }

    /// How many sources are registered.
    pub fn source_count(&self) -> usize {
        self.shared.sources.borrow().len()
    }

    /// The clock that every deadline of this reactor is measured against.
    pub fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    /// The cross-thread wake handle of this reactor.
    pub fn remote(&self) -> Remote {
        self.shared.remote.clone()
    }

    /// Counters since the reactor was made.
    pub fn stats(&self) -> Stats {
        self.shared.stats.get()
    }

    /// True when both handles belong to the same reactor: a timer set through one fires only
    /// when that reactor turns, so its owner checks it is polled there (the runtime's `Sleep`).
    pub fn ptr_eq(&self, other: &Handle) -> bool {
        Rc::ptr_eq(&self.shared, &other.shared)
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("sources", &self.source_count())
            .field("timers", &self.timer_count())
            .field("clock", &self.shared.clock)
            .field("alive", &self.shared.alive.get())
            .finish()
    }
}
