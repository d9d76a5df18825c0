//! A task's `Waker`: one machine word, `Send + Sync`, free to clone, lock-free on its own thread.
//!
//! A `std::task::Waker` may be cloned into any thread and woken there, from a destructor or
//! from a logger, but our tasks hold `!Send` futures that must never leave the runtime's thread.
//! So the waker does not point at the task at all. Its data "pointer" is a plain integer that
//! *names* the task:
//!
//! ```text
//!   waker word (64-bit) = [ runtime slot : 10 ][ generation : 10 ][ slab index : 24 ][ id tag : 20 ]
//!                         └──────── RuntimeKey ──────────────────┘└─────────── TaskRef ──────────┘
//! ```
//!
//! - the *runtime slot* and *generation* say which runtime owns the task: its slot in the
//!   registry (`scheduler/registry.rs`), and which of the runtimes that ever used that slot;
//! - the *slab index* says where the task sits in that runtime's slab;
//! - the *id tag* is the low bits of the task's id, so a waker that outlives its task does not
//!   wake whatever task took the slot next.
//!
//! Cloning or dropping the waker copies or forgets an integer: no allocation, no reference
//! count, no atomics. Waking takes one of two paths:
//!
//! ```text
//!   Schedule::wake (scheduler/mod.rs), then:
//!
//!   on the runtime's own thread, inside it        from anywhere else (another thread, or this
//!   ──────────────────────────────────────        thread outside the runtime or in a destructor)
//!   the thread-local current scheduler has        ─────────────────────────────────────────
//!   this key: Scheduler::schedule(task)           registry::wake_remote(key, task): lock that
//!     look up the slot, check the tag, push       one runtime's slot, check the generation,
//!     onto the run queue unless already queued    push onto its inbox, Remote::wake() (one
//!     (no lock, no atomic, no syscall)            eventfd write per burst); the scheduler
//!                                                 drains the inbox after the turn that ended
//! ```
//!
//! Limits that follow from packing (on 64-bit targets): 1,024 runtimes alive at once, 2^24
//! tasks alive per runtime. A stale waker wakes the wrong task only if its runtime slot was
//! reused by a runtime with the same generation (1,024 runtimes later in that slot) *and* its
//! task slot by a task with the same id tag (2^20 spawns later): an extra poll, which every future
//! must tolerate anyway, never a missed one.
//!
//! (A simpler design wraps `Arc<TaskRef + Arc<Shared>>` in `std::task::Wake` and needs no
//! `unsafe` at all; it costs an allocation per task and an atomic count per clone, which was a
//! third of the cost of spawning a task.)

use std::ptr;
use std::task::{RawWaker, RawWakerVTable, Waker};

use super::TaskRef;

/// The seam between the task core and whoever runs tasks: the one thing this module (and
/// `task/`) knows of the scheduler. It is implemented once, by `scheduler::Wakes`, and every task
/// waker's vtable is instantiated for it.
pub(crate) trait Schedule: 'static {
    /// Queues task `task` of runtime `runtime` to be polled. Called from any thread, from
    /// destructors and from loggers: it must work everywhere, and never block on the runtime.
    fn wake(runtime: RuntimeKey, task: TaskRef);
    /// True when this thread is running `runtime` right now (inside its `block_on`).
    fn is_current(runtime: RuntimeKey) -> bool;
}

/// Bits of the waker word that hold the runtime's registry slot.
const SLOT_BITS: u32 = usize::BITS * 5 / 32;
/// Bits of the waker word that hold the slot's generation.
const GENERATION_BITS: u32 = usize::BITS * 5 / 32;
/// Bits of the waker word that hold the slab index.
const INDEX_BITS: u32 = usize::BITS * 3 / 8;
/// Bits of the waker word that hold the id tag (the rest).
pub(crate) const TAG_BITS: u32 = usize::BITS - SLOT_BITS - GENERATION_BITS - INDEX_BITS;

/// The most runtimes alive at once: the registry's size.
pub(crate) const MAX_RUNTIMES: usize = 1 << SLOT_BITS;
/// The most tasks one runtime can hold at once.
pub(crate) const MAX_TASKS: usize = 1 << INDEX_BITS;

/// Which runtime, of all that ever lived in this process (up to generation wrap-around).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RuntimeKey {
    /// The runtime's slot in the registry.
    pub(crate) slot: usize,
    /// How many runtimes had used that slot when this one took it, modulo 2^GENERATION_BITS.
    pub(crate) generation: usize,
}

impl RuntimeKey {
    /// The generation that follows `generation` in a slot (wrapping).
    pub(crate) fn next_generation(generation: usize) -> usize {
        (generation + 1) & ((1 << GENERATION_BITS) - 1)
    }

    fn bits(self) -> usize {
        (self.slot << GENERATION_BITS) | self.generation
    }

    fn from_bits(bits: usize) -> RuntimeKey {
        RuntimeKey {
            slot: bits >> GENERATION_BITS,
            generation: bits & ((1 << GENERATION_BITS) - 1),
        }
    }
}

/// Packs a runtime key and a task reference into a waker word.
fn pack(runtime: RuntimeKey, task: TaskRef) -> usize {
    (runtime.bits() << (INDEX_BITS + TAG_BITS)) | (task.index << TAG_BITS) | task.tag
}

/// Splits a waker word back into its runtime key and task reference.
fn unpack(word: usize) -> (RuntimeKey, TaskRef) {
    let index = (word >> TAG_BITS) & ((1 << INDEX_BITS) - 1);
    let tag = word & ((1 << TAG_BITS) - 1);
    let key = RuntimeKey::from_bits(word >> (INDEX_BITS + TAG_BITS));
    (key, TaskRef { index, tag })
}

/// The waker of task `task` of runtime `runtime`, which `S` schedules when it is woken.
pub(crate) fn task_waker<S: Schedule>(runtime: RuntimeKey, task: TaskRef) -> Waker {
    // `RawWaker`'s contract: a data pointer that every vtable function may use, from any
    // thread. Ours is an integer that no vtable function ever dereferences (`clone` copies it,
    // `drop` forgets it, `wake` unpacks it and hands it to `S::wake`, which `Schedule` requires
    // to work from any thread), so it is valid everywhere and forever.
    // SAFETY: the contract holds for this word, as just said.
    unsafe { Waker::from_raw(raw_waker::<S>(pack(runtime, task))) }
}

fn raw_waker<S: Schedule>(word: usize) -> RawWaker {
    RawWaker::new(ptr::without_provenance(word), vtable::<S>())
}

/// One vtable per `Schedule` implementation (there is one), promoted to a `'static` constant.
fn vtable<S: Schedule>() -> &'static RawWakerVTable {
    &RawWakerVTable::new(clone::<S>, wake::<S>, wake::<S>, forget)
}

fn clone<S: Schedule>(data: *const ()) -> RawWaker {
    raw_waker::<S>(data.addr())
}

fn wake<S: Schedule>(data: *const ()) {
    let (runtime, task) = unpack(data.addr());
    S::wake(runtime, task);
}

fn forget(_: *const ()) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waker_words_round_trip() {
        let task = TaskRef {
            index: MAX_TASKS - 1,
            tag: (1 << TAG_BITS) - 1,
        };
        let runtime = RuntimeKey {
            slot: MAX_RUNTIMES - 1,
            generation: (1 << GENERATION_BITS) - 1,
        };
        assert_eq!(unpack(pack(runtime, task)), (runtime, task));
        let task = TaskRef { index: 5, tag: 9 };
        let runtime = RuntimeKey {
            slot: 3,
            generation: 1,
        };
        assert_eq!(unpack(pack(runtime, task)), (runtime, task));
        assert_eq!(
            SLOT_BITS + GENERATION_BITS + INDEX_BITS + TAG_BITS,
            usize::BITS
        );
    }

    #[test]
    fn generations_wrap_within_their_bits() {
        let last = (1 << GENERATION_BITS) - 1;
        assert_eq!(RuntimeKey::next_generation(last), 0);
        assert_eq!(RuntimeKey::next_generation(0), 1);
    }
}
