//! The scheduler's introspection hooks, each called from one `if self.introspect.on()` in
//! `mod.rs` and kept here, out of line, so that the unwatched loop reads as it did (and runs
//! as it did: `#[cold]` keeps them out of the hot path's code). What they record, and why, is
//! in `introspect/`.

use std::time::Instant;

use super::task::cell::{Harness, Polled};
use super::task::header::Header;
use super::task::{TaskRef, TaskState};
use super::Scheduler;
use crate::introspect::WaitingOn;

impl Scheduler {
    /// `cell.poll()`, timed and recorded for introspection (and debug mode's slow-poll
    /// warning). Every borrow below is released before the poll and taken after it.
    #[cold]
    #[inline(never)]
    pub(super) fn poll_watched(
        &self,
        task: TaskRef,
        header: &Header,
        cell: &dyn Harness,
    ) -> Polled {
        let started = Instant::now();
        header.stats().on_poll_start(started);
        self.introspect.polled(header.id, header.name.as_deref());
        self.introspect.polling.set(Some(task));
        let polled = cell.poll();
        self.introspect.polling.set(None);
        let took = started.elapsed();
        header.stats().on_poll_end(took);
        if self.debug.enabled {
            self.debug.after_poll(&header.label(), took);
        }
        polled
    }

    /// `introspect::note_wait`'s end: the task being polled parks on `what`.
    pub(crate) fn note_wait(&self, what: WaitingOn) {
        let Some(task) = self.introspect.polling.get() else {
            return; // block_on's own future, or a poll outside any task
        };
        let tasks = self.tasks.borrow();
        if let Some(cell) = tasks.get(task.index).filter(|c| task.names(c.header().id)) {
            cell.header().stats().note(what);
        }
    }
}

/// `schedule`'s introspection hook, kept out of line so the unwatched path stays as short.
#[cold]
#[inline(never)]
pub(super) fn watched_wake(header: &Header) {
    header.stats().on_wake(header.state() == TaskState::Running);
}
