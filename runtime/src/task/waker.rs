//! A task's `Waker`: one machine word, `Send + Sync`, free to clone, lock-free on its own thread.
//!
//! A `std::task::Waker` may be cloned into any thread and woken there, but our tasks hold
//! `!Send` futures that must never leave the runtime's thread. So the waker does not point at
//! the task at all. Its data "pointer" is a plain integer that *names* the task:
//!
//! ```text
//!   waker word (64-bit) = [ runtime key : 16 ][ slab index : 28 ][ id tag : 20 ]
//! ```
//!
//! - the *runtime key* says which runtime owns the task (its slot in a global registry);
//! - the *slab index* says where the task sits in that runtime's slab;
//! - the *id tag* is the low bits of the task's id, so a waker that outlives its task does not
//!   wake whatever task took the slot next.
//!
//! Cloning or dropping the waker copies or forgets an integer: no allocation, no reference
//! count, no atomics. Waking takes one of two paths:
//!
//! ```text
//!   on the runtime's own thread, inside it        from anywhere else
//!   ──────────────────────────────────────        ─────────────────────────────────────────
//!   the thread-local current scheduler has        look the key up in the global registry
//!   this key: Scheduler::schedule(task)           (a mutex, taken only on this path), then
//!     look up the slot, check the tag, push       Shared::schedule_remote(task): push onto
//!     onto the run queue unless already queued    the inbox, Remote::wake() (one eventfd
//!     (no lock, no atomic, no syscall)            write per burst); the scheduler drains the
//!                                                 inbox after the turn that wake ended
//! ```
//!
//! Limits that follow from packing (on 64-bit targets): 65,536 runtimes alive at once, 2^28
//! tasks alive per runtime. A stale waker whose slot was reused by a task with the same id tag
//! (2^20 spawns later) wakes that task spuriously: an extra poll, which every future must
//! tolerate anyway, never a missed one.
//!
//! (A simpler design wraps `Arc<TaskRef + Arc<Shared>>` in `std::task::Wake` and needs no
//! `unsafe` at all; it costs an allocation per task and an atomic count per clone, which was a
//! third of the cost of spawning a task.)

use std::fmt;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{RawWaker, RawWakerVTable, Waker};

use reactor::Remote;
use slab::Slab;

use crate::context;
use crate::task::TaskRef;

/// Bits of the waker word that hold the runtime key.
const RUNTIME_BITS: u32 = usize::BITS / 4;
/// Bits of the waker word that hold the slab index.
const INDEX_BITS: u32 = usize::BITS * 7 / 16;
/// Bits of the waker word that hold the id tag (the rest).
pub(crate) const TAG_BITS: u32 = usize::BITS - RUNTIME_BITS - INDEX_BITS;
/// The most tasks one runtime can hold at once.
pub(crate) const MAX_TASKS: usize = 1 << INDEX_BITS;

/// Packs a runtime key and a task reference into a waker word.
fn pack(runtime: usize, task: TaskRef) -> usize {
    (runtime << (INDEX_BITS + TAG_BITS)) | (task.index << TAG_BITS) | task.tag
}

/// Splits a waker word back into its runtime key and task reference.
fn unpack(word: usize) -> (usize, TaskRef) {
    let index = (word >> TAG_BITS) & ((1 << INDEX_BITS) - 1);
    let tag = word & ((1 << TAG_BITS) - 1);
    (word >> (INDEX_BITS + TAG_BITS), TaskRef { index, tag })
}

/// The waker of task `task` of runtime `runtime`.
pub(crate) fn task_waker(runtime: usize, task: TaskRef) -> Waker {
    // The data "pointer" is an integer that no vtable function ever dereferences, so it is
    // always valid; `clone` copies it, `drop` forgets it, and `wake` only reads thread-local
    // state or takes the registry's mutex, so all of them may run on any thread.
    // SAFETY: that is exactly `RawWaker`'s contract (valid data, thread-safe vtable).
    unsafe { Waker::from_raw(raw_waker(pack(runtime, task))) }
}

fn raw_waker(word: usize) -> RawWaker {
    RawWaker::new(ptr::without_provenance(word), &VTABLE)
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake, forget);

fn clone(data: *const ()) -> RawWaker {
    raw_waker(data.addr())
}

fn wake(data: *const ()) {
    let (runtime, task) = unpack(data.addr());
    let woken_here = context::with_current(|current| match current {
        Some(scheduler) if scheduler.key() == runtime => {
            scheduler.schedule(task);
            true
        }
        _ => false,
    });
    if !woken_here {
        if let Some(shared) = registry().get(runtime).cloned() {
            shared.schedule_remote(task);
        }
    }
}

fn forget(_: *const ()) {}

/// Every live runtime's thread-safe half, by key: how a wake from another thread finds it.
static RUNTIMES: Mutex<Slab<Arc<Shared>>> = Mutex::new(Slab::new());

fn registry() -> MutexGuard<'static, Slab<Arc<Shared>>> {
    RUNTIMES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Adds a runtime to the registry and returns its key, or `None` if the key space is full.
pub(crate) fn register(shared: Arc<Shared>) -> Option<usize> {
    let mut runtimes = registry();
    (runtimes.len() < 1 << RUNTIME_BITS).then(|| runtimes.insert(shared))
}

/// Removes a runtime from the registry: remote wakes for it find nothing from now on.
pub(crate) fn unregister(key: usize) {
    let removed = registry().try_remove(key);
    drop(removed); // outside the lock
}

/// The part of a runtime that other threads may touch. Everything here is `Send + Sync`.
pub(crate) struct Shared {
    /// Tasks woken from other threads (or from outside the runtime), waiting to be scheduled by
    /// the runtime's thread. Drained only after a reactor turn that saw a remote wake.
    inbox: Mutex<Vec<TaskRef>>,
    /// Wakes the reactor if it is blocked in `Poll`.
    remote: Remote,
    /// Set when the runtime is dropped: from then on every wake is ignored.
    closed: AtomicBool,
    /// Wakes that took the cross-thread path (for metrics).
    remote_wakes: AtomicU64,
}

impl Shared {
    pub(crate) fn new(remote: Remote) -> Shared {
        Shared {
            inbox: Mutex::default(),
            remote,
            closed: AtomicBool::new(false),
            remote_wakes: AtomicU64::new(0),
        }
    }

    /// Queues a wake for the runtime's thread and makes sure it is not asleep.
    pub(crate) fn schedule_remote(&self, task: TaskRef) {
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        self.remote_wakes.fetch_add(1, Ordering::Relaxed);
        self.inbox
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(task);
        self.wake_reactor();
    }

    /// Ends the reactor's current (or next) blocking wait.
    pub(crate) fn wake_reactor(&self) {
        if let Err(err) = self.remote.wake() {
            // Only fails if the eventfd is gone, i.e. the runtime is being torn down.
            log::debug!("cross-thread wake failed: {err}");
        }
    }

    /// Takes every task woken from elsewhere since the last call.
    pub(crate) fn take_inbox(&self) -> Vec<TaskRef> {
        std::mem::take(
            &mut *self
                .inbox
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    /// From now on, wakes do nothing.
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::Release);
        drop(self.take_inbox());
    }

    /// How many wakes took the cross-thread path.
    pub(crate) fn remote_wakes(&self) -> u64 {
        self.remote_wakes.load(Ordering::Relaxed)
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("closed", &self.closed.load(Ordering::Relaxed))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waker_words_round_trip() {
        let task = TaskRef {
            index: MAX_TASKS - 1,
            tag: (1 << TAG_BITS) - 1,
        };
        let runtime = (1 << RUNTIME_BITS) - 1;
        assert_eq!(unpack(pack(runtime, task)), (runtime, task));
        let task = TaskRef { index: 5, tag: 9 };
        assert_eq!(unpack(pack(3, task)), (3, task));
    }
}
