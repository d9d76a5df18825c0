//! The registry: every live runtime's cross-thread half, in a fixed table of slots.
//!
//! A task waker woken away from its runtime's thread (`scheduler/task/waker.rs`) carries only a
//! [`RuntimeKey`]: a slot in this table and the slot's generation. The slot holds what another
//! thread may touch of that runtime: the inbox of woken tasks and the reactor's [`Remote`].
//!
//! ```text
//!   SLOTS: [ Mutex<Slot>; MAX_RUNTIMES ]        (a static table; it never grows or moves)
//!            │
//!            └─ Slot { generation, remote: Some(..) while a runtime owns it, inbox, .. }
//!
//!   register    lock each slot in turn until a free one; bump its generation; take it
//!   wake_remote lock the key's slot; same generation? push the task, wake the reactor
//!   take_inbox  the owner locks its slot and swaps the inbox out (two allocations, reused)
//!   unregister  the owner empties its slot: every later wake with its key finds another
//!               generation (or no runtime) and is dropped
//! ```
//!
//! There is no process-wide lock: a remote wake locks only its own runtime's slot, so runtimes
//! on different threads never contend with each other. The lock is held while the reactor is
//! woken; that costs an eventfd write only for the first wake of a burst (`Remote` coalesces the
//! rest), and only wakes of the same runtime wait for it.
//!
//! The generation is what makes a stale waker harmless: a runtime that is dropped frees its
//! slot, and the next runtime to take the slot gets the next generation, so a waker of the dead
//! runtime never reaches the new one's tasks.

use std::sync::Mutex;

use reactor::Remote;

use super::task::waker::{RuntimeKey, MAX_RUNTIMES};
use super::task::TaskRef;
use crate::lock::lock;

/// The table. Slot `i` is only ever locked for a few instructions: no user code runs under it.
static SLOTS: [Mutex<Slot>; MAX_RUNTIMES] = [const { Mutex::new(Slot::new()) }; MAX_RUNTIMES];

/// One runtime's cross-thread half, or a free slot.
struct Slot {
    /// The generation of the runtime that owns (or last owned) the slot.
    generation: usize,
    /// The owner's reactor wake; `None` while the slot is free. Set by `register`, cleared by
    /// `unregister`.
    remote: Option<Remote>,
    /// Tasks woken from elsewhere, waiting for the owner's thread to schedule them. Pushed by
    /// `wake_remote`, swapped out by `take_inbox`.
    inbox: Vec<TaskRef>,
}

impl Slot {
    const fn new() -> Slot {
        Slot {
            generation: 0,
            remote: None,
            inbox: Vec::new(),
        }
    }
}

/// Takes a free slot for a runtime whose reactor wakes through `remote`, or `None` if
/// [`MAX_RUNTIMES`] runtimes are alive.
pub(crate) fn register(remote: Remote) -> Option<RuntimeKey> {
    SLOTS.iter().enumerate().find_map(|(index, slot)| {
        let mut slot = lock(slot);
        if slot.remote.is_some() {
            return None;
        }
        slot.generation = RuntimeKey::next_generation(slot.generation);
        slot.remote = Some(remote.clone());
        Some(RuntimeKey {
            slot: index,
            generation: slot.generation,
        })
    })
}

/// Frees `key`'s slot: from now on, wakes with that key do nothing.
pub(crate) fn unregister(key: RuntimeKey) {
    let mut slot = lock(&SLOTS[key.slot]);
    if slot.generation == key.generation {
        let remote = slot.remote.take();
        slot.inbox = Vec::new();
        drop(slot);
        drop(remote);
    }
}

/// Queues `task` for runtime `key`'s thread and makes sure that runtime is not asleep. Does
/// nothing if that runtime is gone.
pub(crate) fn wake_remote(key: RuntimeKey, task: TaskRef) {
    let Some(slot) = SLOTS.get(key.slot) else {
        return;
    };
    let mut slot = lock(slot);
    if slot.generation != key.generation {
        return;
    }
    if slot.remote.is_none() {
        return;
    }
    // Publish first, then wake: `Remote`'s protocol (reactor/src/remote.rs).
    slot.inbox.push(task);
    let woken = slot.remote.as_ref().map(Remote::wake);
    drop(slot);
    if let Some(Err(err)) = woken {
        // Only fails if the eventfd is gone, i.e. the runtime is being torn down.
        log::debug!("cross-thread wake failed: {err}");
    }
}

/// Swaps runtime `key`'s inbox with `spare` (which must be empty): the caller gets every task
/// woken from elsewhere since the last call, and both allocations are kept.
pub(crate) fn take_inbox(key: RuntimeKey, spare: &mut Vec<TaskRef>) {
    debug_assert!(spare.is_empty());
    let mut slot = lock(&SLOTS[key.slot]);
    if slot.generation == key.generation {
        std::mem::swap(&mut slot.inbox, spare);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote() -> Remote {
        reactor::Reactor::new().unwrap().handle().remote()
    }

    #[test]
    fn a_freed_slot_comes_back_with_the_next_generation() {
        let first = register(remote()).unwrap();
        unregister(first);
        let second = register(remote()).unwrap();
        // Other tests may take slots meanwhile; if ours came back, its generation moved on.
        if second.slot == first.slot {
            assert_eq!(
                second.generation,
                RuntimeKey::next_generation(first.generation)
            );
        }
        wake_remote(first, TaskRef { index: 0, tag: 0 });
        let mut inbox = Vec::new();
        take_inbox(second, &mut inbox);
        assert!(
            inbox.is_empty(),
            "a stale key's wake reached the new runtime"
        );
        unregister(second);
    }

    #[test]
    fn a_remote_wake_never_waits_for_another_runtimes_slot() {
        let busy = register(remote()).unwrap();
        let woken = register(remote()).unwrap();
        let held = lock(&SLOTS[busy.slot]);
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let waker = std::thread::spawn(move || {
            wake_remote(woken, TaskRef { index: 4, tag: 2 });
            done_tx.send(()).unwrap();
        });
        let finished = done_rx.recv_timeout(std::time::Duration::from_secs(30));
        drop(held);
        waker.join().unwrap();
        assert!(
            finished.is_ok(),
            "a wake of one runtime waited for another's lock"
        );
        let mut inbox = Vec::new();
        take_inbox(woken, &mut inbox);
        assert_eq!(inbox, [TaskRef { index: 4, tag: 2 }]);
        unregister(busy);
        unregister(woken);
    }
}
