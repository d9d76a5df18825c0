//! Introspection: what the loop did turn by turn, and what each task is doing and waiting on.
//!
//! Off by default, and free while off. Turn it on with [`Builder::introspect(true)`]
//! (or [`enable`] from inside a runtime, or `RUNTIME_INTROSPECT=1` in the environment; debug
//! mode turns it on too). Then the runtime keeps:
//!
//! - **the turn history**, [`turns`]: a [`TurnRecord`] for each of the last [`TURN_HISTORY`]
//!   reactor turns: how long it could wait and did wait, why it woke ([`WokeBy`]), how many I/O
//!   events, timers and cross-thread wakes it delivered, and which tasks ran after it and for
//!   how long (`turns.rs`);
//! - **per-task figures**, in [`task::dump`](crate::task::dump)'s [`TaskInfo`]: wakes and
//!   self-wakes, busy and idle time, scheduled time (woken to polled), the longest poll,
//!   [`Warning`]s, and what a parked task waits on ([`WaitingOn`]: `TcpStream 7.1, read`,
//!   `timer, deadline in 2.1 s`, `mutex`) (`task_stats.rs`, `waiting.rs`).
//!
//! # The mechanism
//!
//! ```text
//!   Scheduler::turn        clock read before and after Reactor::turn; reactor::Turn says
//!                          events / timers / cross-thread; -> TurnHistory (ring of 256)
//!   Scheduler::schedule    TaskStats::on_wake: wakes, self-wakes (woken while Running),
//!                          woken_at
//!   Scheduler::run_task    on_poll_start: scheduled time, notes cleared; the poll, timed;
//!                          on_poll_end: busy, longest poll; the turn record names the task
//!   Sleep, Mutex, mpsc...  note_wait just before Pending: "this task parks on a timer / mutex"
//!   task::dump             reactor::Handle::waiters(): which task waker each source holds
//! ```
//!
//! Each of those hooks is behind one `Cell<bool>` read of this runtime's switch (`note_wait`
//! behind one thread-local read, since the sync primitives do not know their runtime), and
//! the work behind each is out of line (`#[cold]`, `scheduler/watch.rs`). Off, no clock is
//! read and nothing is stored: `bench/scripts/cost_per_round_trip.sh` counts 810 user-space
//! instructions per echo round trip against 802 before this module existed, the three `bool`
//! tests (README, "Introspection: watching the loop"). On, each poll reads the clock twice,
//! each turn twice and each queueing wake once: about twice the instructions.
//!
//! Nothing here runs user code while a borrow is held: records are plain data, a task's notes
//! are copied out of their `RefCell`, and the reactor lists its waiters by identity
//! ([`reactor::WakerId`]), never by cloning a waker.
//!
//! # Reading it
//!
//! The figures are read from inside the runtime, by a task: a web page's handler, a periodic
//! logger. The turn that woke the reader is still being written while the reader runs, so
//! [`turns`] ends with the turn before it.
//!
//! ```
//! use std::time::Duration;
//! use runtime::introspect::{self, WaitingOn, WokeBy};
//!
//! let rt = runtime::Runtime::builder().start_paused(true).introspect(true).build()?;
//! rt.block_on(async {
//!     let sleeper = runtime::task::Builder::new()
//!         .name("sleeper")
//!         .spawn(runtime::time::sleep(Duration::from_secs(5)));
//!     runtime::yield_now().await; // the sleeper runs once and parks on its timer
//!     let info = runtime::task::dump().into_iter().find(|t| t.name.as_deref() == Some("sleeper"));
//!     let waiting = &info.unwrap().waiting_on;
//!     assert!(matches!(waiting[..], [WaitingOn::Timer { .. }]));
//!     assert_eq!(waiting[0].to_string(), "timer, deadline in 5.0 s");
//!
//!     sleeper.await.unwrap(); // the paused clock jumps; a turn fires the timer
//!     runtime::yield_now().await; // one more turn closes that turn's record
//!     assert!(introspect::turns().iter().any(|turn| turn.woke_by == WokeBy::Timer));
//! });
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! [`Builder::introspect(true)`]: crate::Builder::introspect
//! [`TaskInfo`]: crate::task::TaskInfo

mod task_stats;
mod turns;
mod waiting;

use std::cell::{Cell, RefCell};
use std::time::Instant;

use crate::scheduler::context;
use crate::scheduler::task::TaskRef;

pub use reactor::Direction;
pub use task_stats::Warning;
pub use turns::{PolledTask, TurnRecord, WokeBy, POLLED_SHOWN, TURN_HISTORY};
pub use waiting::WaitingOn;

pub(crate) use task_stats::TaskStats;
use turns::TurnFigures;
pub(crate) use waiting::{note_wait, resource, timer};

/// The environment variable that turns introspection on (`1`, `true` or `yes`).
pub const INTROSPECT_ENV: &str = "RUNTIME_INTROSPECT";

/// Turns introspection on for the current runtime, from now on (figures start empty).
///
/// # Panics
/// Outside a runtime.
pub fn enable() {
    context::current("runtime::introspect::enable")
        .introspection()
        .set_enabled(true);
}

/// True when the current runtime keeps introspection figures (false outside a runtime).
pub fn is_enabled() -> bool {
    context::with_current(|current| current.is_some_and(|s| s.introspection().on()))
}

/// The last [`TURN_HISTORY`] closed turns of the current runtime, oldest first; empty when
/// introspection is off.
///
/// # Panics
/// Outside a runtime.
pub fn turns() -> Vec<TurnRecord> {
    context::current("runtime::introspect::turns")
        .introspection()
        .history
        .borrow()
        .closed()
}

/// One runtime's introspection state, owned by its scheduler.
#[derive(Debug, Default)]
pub(crate) struct Introspection {
    /// The switch every hook reads first.
    enabled: Cell<bool>,
    /// The turn history. Borrowed inside `TurnHistory`'s methods only (no user code there).
    history: RefCell<TurnHistory>,
    /// The task being polled right now, while on: where `note_wait` notes go.
    pub(crate) polling: Cell<Option<TaskRef>>,
    /// When the reactor turn in progress began, and the cross-thread wakes counted by then
    /// (set and taken inside `Scheduler::turn`).
    turn_started: Cell<Option<(Instant, u64)>>,
}

use turns::TurnHistory;

impl Introspection {
    /// Off, or on as asked (`from_env` consulted by the builder).
    pub(crate) fn new(enabled: bool) -> Introspection {
        let introspection = Introspection::default();
        introspection.set_enabled(enabled);
        introspection
    }

    /// True when `RUNTIME_INTROSPECT` asks for introspection.
    pub(crate) fn from_env() -> bool {
        std::env::var(INTROSPECT_ENV)
            .is_ok_and(|value| matches!(value.as_str(), "1" | "true" | "yes"))
    }

    /// Turns the switch; turning it on also opens `note_wait`'s gate for this thread.
    fn set_enabled(&self, enabled: bool) {
        if enabled {
            waiting::ENABLED_HERE.with(|here| here.set(true));
        }
        self.enabled.set(enabled);
    }

    /// The switch.
    #[inline(always)]
    pub(crate) fn on(&self) -> bool {
        self.enabled.get()
    }

    /// A reactor turn is about to begin: closes the previous turn's record. `remote_wakes` is
    /// the scheduler's count of cross-thread wakes so far.
    #[cold]
    #[inline(never)]
    pub(crate) fn before_turn(&self, remote_wakes: u64) {
        let now = Instant::now();
        self.history.borrow_mut().begin(now);
        self.turn_started.set(Some((now, remote_wakes)));
    }

    /// A reactor turn (and the draining of the inbox after it) ended: opens its record.
    #[cold]
    #[inline(never)]
    pub(crate) fn after_turn(&self, turn: reactor::Turn, number: u64, remote_wakes: u64) {
        let now = Instant::now();
        let (started, remote_before) = self.turn_started.take().unwrap_or((now, remote_wakes));
        let figures = TurnFigures {
            turn,
            number,
            waited: now.saturating_duration_since(started),
            cross_thread_wakes: (remote_wakes - remote_before) as usize,
        };
        self.history.borrow_mut().end(figures, now);
    }

    /// A task was polled in the current run phase.
    pub(crate) fn polled(&self, id: crate::task::TaskId, name: Option<&str>) {
        self.history.borrow_mut().polled(id, name);
    }
}
