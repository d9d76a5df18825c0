//! Per-task figures kept while introspection is on: [`TaskStats`], one in every task header,
//! and the [`Warning`]s a dump derives from them.
//!
//! ```text
//!   wake ──(a) on_wake──▶ queued ──(b) on_poll_start──▶ polling ──(c) on_poll_end──▶ parked
//!    │                     woken_at = now               scheduled += now - woken_at   busy += took
//!    │ during its own poll?                            notes cleared                 longest_poll
//!    └─▶ self_wakes += 1                                                             notes kept
//! ```
//!
//! (a) is called from `Scheduler::schedule`, (b) and (c) from `Scheduler::run_task`, each only
//! when introspection is on, so a runtime that is not being watched pays one `Cell<bool>` read
//! per wake and per poll and never reads the clock for this. Every field is a `Cell` touched on
//! the runtime's thread; `notes` is a `RefCell` borrowed for one push or one copy, never across
//! user code.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use super::waiting::{WaitingOn, NOTES_KEPT};

/// Something a task did that a reader probably wants to know about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Warning {
    /// One of its polls took longer than the slow-poll threshold: every other task, and all
    /// I/O, waited that long. Probably work for `spawn_blocking`.
    SlowPoll {
        /// Its longest poll.
        longest: Duration,
    },
    /// It is inside a poll right now, and has been for longer than the slow-poll threshold
    /// without yielding. On one thread this can only be seen from inside that poll (a task
    /// that dumps while busy), since nothing else runs meanwhile.
    NotYielding {
        /// How long the current poll has run.
        running_for: Duration,
    },
    /// Most of its wakes (more than half, of at least 10) came from inside its own polls: it
    /// keeps rescheduling itself (a `yield_now` loop, a waker woken before `Pending`) rather
    /// than waiting for something.
    SelfWaking {
        /// Self-wakes out of all wakes, in percent.
        percent: u8,
    },
}

/// The figures of one task, reset never; present in every header, used only when on.
#[derive(Debug, Default)]
pub(crate) struct TaskStats {
    /// Total time spent inside the future's `poll`.
    pub(crate) busy: Cell<Duration>,
    /// Wakes that queued the task (a wake while it is already queued changes nothing).
    pub(crate) wakes: Cell<u64>,
    /// The wakes that came from inside the task's own poll.
    pub(crate) self_wakes: Cell<u64>,
    /// When the task was last queued (by a wake or its spawn); taken by the next poll.
    woken_at: Cell<Option<Instant>>,
    /// Total time between being queued and being polled.
    pub(crate) scheduled: Cell<Duration>,
    /// The longest such time.
    pub(crate) longest_scheduled: Cell<Duration>,
    /// The longest single poll.
    pub(crate) longest_poll: Cell<Duration>,
    /// When the poll in progress began (`None` between polls).
    poll_started: Cell<Option<Instant>>,
    /// When figures started being kept: the spawn, or the first event after `enable()`.
    pub(crate) since: Cell<Option<Instant>>,
    /// What the latest poll parked on (see `waiting.rs`), at most `NOTES_KEPT`.
    notes: RefCell<Vec<WaitingOn>>,
}

impl TaskStats {
    /// Starts the clock on this task (at its spawn, or lazily after `enable()`).
    fn start(&self, now: Instant) {
        if self.since.get().is_none() {
            self.since.set(Some(now));
        }
    }

    /// A spawn queues the task: its first scheduled time starts now.
    pub(crate) fn on_spawn(&self) {
        let now = Instant::now();
        self.start(now);
        self.woken_at.set(Some(now));
    }

    /// Edge (a): a wake queued the task. `running`: it is being polled right now, so this
    /// thread woke it from inside its own poll. (A wake that finds it already queued adds
    /// nothing, and is not counted: the check for it is the scheduler's, before this.)
    pub(crate) fn on_wake(&self, running: bool) {
        self.wakes.set(self.wakes.get() + 1);
        if running {
            self.self_wakes.set(self.self_wakes.get() + 1);
        }
        let now = Instant::now();
        self.start(now);
        self.woken_at.set(Some(now));
    }

    /// Edge (b): a poll begins now.
    pub(crate) fn on_poll_start(&self, now: Instant) {
        self.start(now);
        if let Some(woken_at) = self.woken_at.take() {
            let waited = now.saturating_duration_since(woken_at);
            self.scheduled.set(self.scheduled.get() + waited);
            self.longest_scheduled
                .set(self.longest_scheduled.get().max(waited));
        }
        self.poll_started.set(Some(now));
        self.notes.borrow_mut().clear();
    }

    /// Edge (c): the poll took `took`.
    pub(crate) fn on_poll_end(&self, took: Duration) {
        self.busy.set(self.busy.get() + took);
        self.poll_started.set(None);
        self.longest_poll.set(self.longest_poll.get().max(took));
    }

    /// Keeps one note of what the poll in progress parks on.
    pub(crate) fn note(&self, what: WaitingOn) {
        let mut notes = self.notes.borrow_mut();
        if notes.len() < NOTES_KEPT && !notes.contains(&what) {
            notes.push(what);
        }
    }

    /// A copy of the latest poll's notes.
    pub(crate) fn notes(&self) -> Vec<WaitingOn> {
        self.notes.borrow().clone()
    }

    /// How long the poll in progress has run, if one is.
    pub(crate) fn running_for(&self, now: Instant) -> Option<Duration> {
        self.poll_started
            .get()
            .map(|started| now.saturating_duration_since(started))
    }

    /// The warnings these figures earn against `threshold` (the slow-poll threshold).
    pub(crate) fn warnings(&self, threshold: Duration, now: Instant) -> Vec<Warning> {
        let mut warnings = Vec::new();
        let longest = self.longest_poll.get();
        if longest > threshold {
            warnings.push(Warning::SlowPoll { longest });
        }
        if let Some(running_for) = self.running_for(now).filter(|&d| d > threshold) {
            warnings.push(Warning::NotYielding { running_for });
        }
        let (wakes, self_wakes) = (self.wakes.get(), self.self_wakes.get());
        if wakes >= 10 && self_wakes * 2 > wakes {
            let percent = (self_wakes * 100 / wakes) as u8;
            warnings.push(Warning::SelfWaking { percent });
        }
        warnings
    }
}
