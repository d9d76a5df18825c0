//! The turn history: one [`TurnRecord`] per reactor turn, the last [`TURN_HISTORY`] kept.
//!
//! A record is written in two halves, because a turn's story ends only when the next turn
//! begins:
//!
//! ```text
//!   Scheduler::turn                 run_task (each poll)             Scheduler::turn (next)
//!   ───────────────                 ────────────────────             ──────────────────────
//!   (1) begin: close the open  ──▶  (2) polled: the task's id   ──▶  (1) begin: `running` = time
//!       record, push it into the        (first POLLED_SHOWN) or         since (3); push; ...
//!       ring (oldest dropped)           `polled_more` += 1
//!   (3) end: open a new record
//!       with what the reactor did
//! ```
//!
//! So [`turns`](super::turns) returns only closed records: the turn that woke the caller is
//! still open while the caller runs, and appears once the loop turns again.

use std::collections::VecDeque;
use std::fmt;
use std::time::{Duration, Instant};

use crate::task::TaskId;

/// How many turns the history keeps; older ones are dropped as new ones arrive.
pub const TURN_HISTORY: usize = 256;

/// How many polled tasks a record names; the rest are only counted (`polled_more`).
pub const POLLED_SHOWN: usize = 8;

/// What ended a turn's wait, the first that applies in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WokeBy {
    /// A source became ready: at least one I/O event (not counting the cross-thread wake).
    Io,
    /// A timer was due.
    Timer,
    /// Another thread woke the loop (a blocking job finished, a waker woken elsewhere).
    CrossThread,
    /// The wait's timeout passed and nothing happened.
    Timeout,
    /// The turn did not wait (runnable work was waiting) and found nothing.
    Nothing,
}

/// A task a turn's run phase polled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolledTask {
    /// The task's id.
    pub id: TaskId,
    /// Its name, if it was given one.
    pub name: Option<String>,
}

/// One reactor turn, and the run phase that followed it (the tasks it woke ran then).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TurnRecord {
    /// The turn's number, counting from 1 (the reactor's `turns` counter after it).
    pub number: u64,
    /// How long the turn was allowed to wait (`None`: until something happened).
    pub timeout: Option<Duration>,
    /// How long the reactor's turn took: the wait in `epoll_wait`, plus collecting wakers.
    pub waited: Duration,
    /// Why the wait ended.
    pub woke_by: WokeBy,
    /// I/O events dispatched (the cross-thread wake's own event not counted).
    pub io_events: usize,
    /// Timers that fired.
    pub timers_fired: usize,
    /// Tasks woken from other threads, taken from the inbox after the turn.
    pub cross_thread_wakes: usize,
    /// Wakers the reactor woke (I/O and timers together).
    pub wakers_woken: usize,
    /// Task polls in the run phase after the turn, until the next turn.
    pub tasks_polled: usize,
    /// How long that run phase took.
    pub running: Duration,
    /// The first [`POLLED_SHOWN`] tasks polled, in order (a task polled twice appears twice).
    pub polled: Vec<PolledTask>,
    /// How many polls are not listed in `polled`.
    pub polled_more: usize,
}

impl fmt::Display for TurnRecord {
    /// `turn 7: waited 1.2ms (timeout None), woke by Io: 1 events, 0 timers, 0 cross-thread;
    /// then 2 polls in 31µs: 4 "echo", 5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "turn {}: waited {:?} (timeout {:?}), woke by {:?}: {} events, {} timers, {} \
             cross-thread; then {} polls in {:?}",
            self.number,
            self.waited,
            self.timeout,
            self.woke_by,
            self.io_events,
            self.timers_fired,
            self.cross_thread_wakes,
            self.tasks_polled,
            self.running
        )?;
        for (i, task) in self.polled.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { ", " })?;
            match &task.name {
                Some(name) => write!(f, "{} {name:?}", task.id)?,
                None => write!(f, "{}", task.id)?,
            }
        }
        if self.polled_more > 0 {
            write!(f, " and {} more", self.polled_more)?;
        }
        Ok(())
    }
}

/// What the scheduler knows at the end of a reactor turn, for [`TurnHistory::end`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct TurnFigures {
    /// The reactor's own account of the turn.
    pub(crate) turn: reactor::Turn,
    /// The reactor's turn counter after this turn.
    pub(crate) number: u64,
    /// Measured around `Reactor::turn`.
    pub(crate) waited: Duration,
    /// Tasks drained from the registry's inbox.
    pub(crate) cross_thread_wakes: usize,
}

/// The ring of closed records and the one open record. Owned by `Introspection`, borrowed only
/// inside its methods, which call no user code.
#[derive(Debug, Default)]
pub(crate) struct TurnHistory {
    /// Closed records, oldest first, at most [`TURN_HISTORY`].
    closed: VecDeque<TurnRecord>,
    /// The record of the last turn, and when its run phase started; filled by `polled`.
    open: Option<(TurnRecord, Instant)>,
}

impl TurnHistory {
    /// Step (1): closes the open record, its run phase ending `now`.
    pub(crate) fn begin(&mut self, now: Instant) {
        if let Some((mut record, run_started)) = self.open.take() {
            record.running = now.saturating_duration_since(run_started);
            if self.closed.len() == TURN_HISTORY {
                self.closed.pop_front();
            }
            self.closed.push_back(record);
        }
    }

    /// Step (3): opens the record of the turn that just ended at `now`.
    pub(crate) fn end(&mut self, figures: TurnFigures, now: Instant) {
        let turn = figures.turn;
        let io_events = turn.events - usize::from(turn.remote_wake);
        let woke_by = if io_events > 0 {
            WokeBy::Io
        } else if turn.timers_fired > 0 {
            WokeBy::Timer
        } else if turn.remote_wake || figures.cross_thread_wakes > 0 {
            WokeBy::CrossThread
        } else if turn.timeout == Some(Duration::ZERO) {
            WokeBy::Nothing
        } else {
            WokeBy::Timeout
        };
        let record = TurnRecord {
            number: figures.number,
            timeout: turn.timeout,
            waited: figures.waited,
            woke_by,
            io_events,
            timers_fired: turn.timers_fired,
            cross_thread_wakes: figures.cross_thread_wakes,
            wakers_woken: turn.woken,
            tasks_polled: 0,
            running: Duration::ZERO,
            polled: Vec::new(),
            polled_more: 0,
        };
        self.open = Some((record, now));
    }

    /// Step (2): a task was polled during the open record's run phase.
    pub(crate) fn polled(&mut self, id: TaskId, name: Option<&str>) {
        let Some((record, _)) = &mut self.open else {
            return; // polled before the first turn since introspection was enabled
        };
        record.tasks_polled += 1;
        if record.polled.len() < POLLED_SHOWN {
            record.polled.push(PolledTask {
                id,
                name: name.map(str::to_owned),
            });
        } else {
            record.polled_more += 1;
        }
    }

    /// The closed records, oldest first.
    pub(crate) fn closed(&self) -> Vec<TurnRecord> {
        self.closed.iter().cloned().collect()
    }
}
