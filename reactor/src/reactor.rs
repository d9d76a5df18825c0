//! [`Reactor`]: the owner of `mio::Poll`, and one turn of the loop.
//!
//! # A turn
//!
//! [`Reactor::turn`] is five named steps, each a method below with its own notes:
//!
//! ```text
//!   (1) plan_wait       min(caller's timeout, time to the earliest timer)
//!   (2) wait            mio::Poll: epoll_wait / kevent, the only place the thread sleeps
//!   (3) dispatch        each event: token -> slab entry -> take the waiting wakers
//!   (4) fire_timers     pop every timer whose deadline has passed, take its waker
//!   (5) wake            every borrow released first, then wake each collected waker
//! ```
//!
//! Steps (3) and (4) only *collect* wakers, into `woken`; step (5) wakes them. The reactor never
//! polls a future: waking is all it does. What a waker does (schedule a task, push to a queue,
//! set a flag) is its owner's business. `RUST_LOG=reactor=trace` prints a line per event in
//! step (3) and one per turn before step (5), for example:
//!
//! ```text
//!   event token=0.0 source=TcpListener ready=READABLE
//!   register token=1.1 source=TcpStream
//!   event token=1.1 source=TcpStream ready=READABLE | WRITABLE
//!   turn 7: waited 1.2ms (timeout None): 1 events, 0 timers fired, 1 wakers woken
//! ```

use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::rc::Rc;
use std::task::Waker;
use std::time::{Duration, Instant};

use mio::{Events, Poll, Token};

use crate::clock::Clock;
use crate::handle::{Handle, Shared};
use crate::ready::Ready;
use crate::remote::Remote;
use crate::sources::ShowToken;
use crate::stats::{Stats, Turn};
use crate::timers::Timers;

/// The token reserved for the cross-thread wake; no registration can ever get it (`sources.rs`
/// keeps every packed token below it).
pub(crate) const REMOTE_TOKEN: Token = Token(usize::MAX);

/// How many events one `Poll` call can return; more simply wait for the next turn.
const EVENT_CAPACITY: usize = 1024;

/// The event loop: owns `mio::Poll` and turns it.
pub struct Reactor {
    /// The OS selector. Only `turn` waits on it.
    poll: Poll,
    /// mio's event buffer, reused every turn.
    events: Events,
    /// Everything registrations, timers and the remote share with us.
    handle: Handle,
    /// Wakers collected during a turn, woken at its end; kept to reuse its allocation.
    woken: Vec<Waker>,
}

impl Reactor {
    /// A reactor whose timers follow real time.
    pub fn new() -> io::Result<Reactor> {
        Reactor::with_clock(Clock::real())
    }

    /// A reactor whose timers follow `clock` (pass [`Clock::paused`] for tests).
    pub fn with_clock(clock: Clock) -> io::Result<Reactor> {
        let poll = Poll::new()?;
        let remote = Remote::new(mio::Waker::new(poll.registry(), REMOTE_TOKEN)?);
        let shared = Shared {
            registry: poll.registry().try_clone()?,
            sources: Default::default(),
            timers: std::cell::RefCell::new(Timers::new(clock.now())),
            clock,
            stats: Default::default(),
            remote,
            alive: std::cell::Cell::new(true),
        };
        Ok(Reactor {
            poll,
            events: Events::with_capacity(EVENT_CAPACITY),
            handle: Handle {
                shared: Rc::new(shared),
            },
            woken: Vec::new(),
        })
    }

    /// A handle for registering sources and setting timers.
    pub fn handle(&self) -> &Handle {
        &self.handle
    }

    /// Turns the loop once: waits for readiness at most `timeout` (`None`: until something
    /// happens), and no longer than the earliest timer, then wakes what became ready or due.
    pub fn turn(&mut self, timeout: Option<Duration>) -> io::Result<Turn> {
        let timeout = self.plan_wait(timeout);
        let mut turn = self.wait(timeout)?;
        let stale = self.dispatch(&mut turn);
        self.fire_timers(&mut turn);
        // Counted and logged before the wakes: a waker that panics must not lose the turn.
        turn.woken = self.woken.len();
        let mut stats = self.handle.shared.stats.get();
        stats.record(&turn, stale);
        self.handle.shared.stats.set(stats);
        log::trace!("turn {}: {turn}", stats.turns);
        self.wake();
        Ok(turn)
    }

    /// Step (1): the caller's limit or the earliest timer's, whichever is sooner.
    fn plan_wait(&self, timeout: Option<Duration>) -> Option<Duration> {
        earliest(timeout, self.timer_wait())
    }

    /// Step (2): sleeps in `mio::Poll` until an event or the timeout; fills `self.events`.
    ///
    /// The wait is timed only for the trace line: two clock reads would be a fifth of what a
    /// whole echo round trip costs us in user space.
    fn wait(&mut self, timeout: Option<Duration>) -> io::Result<Turn> {
        let timed = timeout != Some(Duration::ZERO) && log::log_enabled!(log::Level::Trace);
        let started = timed.then(Instant::now);
        match self.poll.poll(&mut self.events, timeout) {
            Ok(()) => {}
            // A signal landed during the wait; the turn simply ends early.
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
        let waited = started.map_or(Duration::ZERO, |started| started.elapsed());
        Ok(Turn {
            timeout,
            waited,
            ..Turn::default()
        })
    }

    /// Step (3): records each event's readiness in its source's entry and collects the wakers
    /// it satisfies (`sources.rs`, edge (1) of its diagram). Returns how many events were stale.
    ///
    /// ```text
    ///   event.token() == REMOTE_TOKEN  -> another thread called Remote::wake: acknowledge it
    ///   otherwise: Ready::from_event   -> Sources::dispatch(token, ready)
    ///                                       slot freed or reused (generation differs): stale,
    ///                                       ignored
    ///                                       else: readiness |= ready, wakers -> woken
    /// ```
    ///
    /// The source table is borrowed once per event, and released before the event's trace line:
    /// a logger is user code, and may touch this reactor.
    fn dispatch(&mut self, turn: &mut Turn) -> usize {
        let shared = &self.handle.shared;
        let mut stale = 0;
        for event in self.events.iter() {
            turn.events += 1;
            if event.token() == REMOTE_TOKEN {
                shared.remote.acknowledge();
                turn.remote_wake = true;
                log::trace!("event token=remote: woken from another thread");
                continue;
            }
            let ready = Ready::from_event(event);
            let token = ShowToken(event.token());
            let dispatched =
                shared
                    .sources
                    .borrow_mut()
                    .dispatch(event.token(), ready, &mut self.woken);
            match dispatched {
                Some(kind) => log::trace!("event token={token} source={kind} ready={ready:?}"),
                None => {
                    stale += 1;
                    log::trace!("event token={token} is stale (slot freed or reused): ignored");
                }
            }
        }
        stale
    }

    /// Step (4): collects the wakers of every timer that is due (`timers.rs`). The clock is read
    /// after the wait, and not at all when no timer is pending.
    fn fire_timers(&mut self, turn: &mut Turn) {
        let shared = &self.handle.shared;
        let mut timers = shared.timers.borrow_mut();
        if timers.len() > 0 {
            turn.timers_fired = timers.fire_due(shared.clock.now(), &mut self.woken);
        }
    }

    /// Step (5): wakes what (3) and (4) collected, with no borrow held, so a waker may register
    /// sources or set timers right here. The vector keeps its allocation for the next turn.
    fn wake(&mut self) {
        wake_all(&mut self.woken);
    }

    /// How long the timers allow the turn to sleep (no clock read when there are none).
    ///
    /// A paused clock does not move while we sleep, so its future timers cannot end a wait:
    /// only timers already due (zero wait) count. Whoever drives a paused clock advances it.
    fn timer_wait(&self) -> Option<Duration> {
        let deadline = self.handle.next_timer_deadline()?;
        let now = self.handle.clock().now();
        if deadline <= now {
            return Some(Duration::ZERO);
        }
        if self.handle.clock().is_paused() {
            return None;
        }
        // Not rounded here: epoll counts in whole milliseconds and mio rounds a shorter wait *up*
        // (a 0.3 ms wait truncated to 0 would return at once and spin until the timer is due);
        // kqueue takes the nanoseconds as they are. Either way the turn never wakes early.
        Some(deadline - now)
    }

    /// Counters since the reactor was made.
    pub fn stats(&self) -> Stats {
        self.handle.stats()
    }
}

impl Drop for Reactor {
    fn drop(&mut self) {
        // Registrations may outlive us through their handles; tell them nothing will come.
        self.handle.shared.alive.set(false);
    }
}

impl std::fmt::Debug for Reactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reactor")
            .field("handle", &self.handle)
            .finish()
    }
}

/// Wakes every waker in `wakers` and empties it, keeping its allocation.
///
/// A waker is user code and may panic. If one does, the others are still woken (and the list
/// still emptied) before the panic carries on up to the caller: one bad waker neither delays
/// the rest nor leaves itself behind to be woken again by the next turn.
fn wake_all(wakers: &mut Vec<Waker>) {
    /// Owns the list while it is woken; `next` is the first waker not yet woken.
    struct WakeRest<'a> {
        wakers: &'a mut Vec<Waker>,
        next: usize,
    }
    impl Drop for WakeRest<'_> {
        fn drop(&mut self) {
            if self.next < self.wakers.len() {
                wake_after_a_panic(&self.wakers[self.next..]);
            }
            self.wakers.clear();
        }
    }
    /// Reached only while unwinding from a waker's panic: wakes the rest, each guarded, since
    /// a second panic during unwinding would abort the process.
    #[cold]
    fn wake_after_a_panic(rest: &[Waker]) {
        for waker in rest {
            let _ = panic::catch_unwind(AssertUnwindSafe(|| waker.wake_by_ref()));
        }
    }
    let mut rest = WakeRest { wakers, next: 0 };
    while let Some(waker) = rest.wakers.get(rest.next) {
        rest.next += 1;
        waker.wake_by_ref();
    }
}

/// The shorter of two optional waits (`None` means "no limit").
fn earliest(a: Option<Duration>, b: Option<Duration>) -> Option<Duration> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_prefers_the_shorter_limit() {
        let (one, two) = (Some(Duration::from_secs(1)), Some(Duration::from_secs(2)));
        assert_eq!(earliest(one, two), one);
        assert_eq!(earliest(None, two), two);
        assert_eq!(earliest(None, None), None);
    }
}
