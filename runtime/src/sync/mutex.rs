//! [`Mutex`]: exclusive access to a value across `.await` points (asyncio's `Lock`, with the
//! data inside).
//!
//! Inside one task, a `RefCell` is enough. A mutex is for a value that several *tasks* use, and
//! that one of them must be able to hold while it waits for something else (a write to finish,
//! a timer), with the others queueing meanwhile instead of panicking on a double borrow.
//!
//! # How it is built
//!
//! ```text
//!   Mutex<T> = Semaphore(1 permit)  +  RefCell<T>
//!   lock()   = acquire the permit, then borrow_mut the value: the borrow cannot fail,
//!              because only the holder of the single permit ever borrows
//!   guard    = RefMut<T> (dropped first)  +  SemaphorePermit (then released)
//! ```
//!
//! So the mutex inherits the semaphore's rules: waiters get the lock in arrival order; unlocking
//! *hands* the lock to the first waiter, so a later `lock()` or `try_lock()` cannot barge in
//! between; and a `lock()` future dropped while queued gives up its place (or, if it had just
//! been handed the lock, passes it on).
//!
//! The `RefCell` costs one flag check per lock, and buys the absence of `unsafe`: a
//! `MutexGuard` is just a `RefMut` that also holds the permit.
//!
//! ```
//! use std::rc::Rc;
//! use runtime::sync::Mutex;
//!
//! runtime::run(async {
//!     let count = Rc::new(Mutex::new(0));
//!     let tasks: Vec<_> = (0..10)
//!         .map(|_| {
//!             let count = count.clone();
//!             runtime::spawn(async move {
//!                 let mut n = count.lock().await;
//!                 runtime::yield_now().await; // still ours while we wait
//!                 *n += 1;
//!             })
//!         })
//!         .collect();
//!     runtime::join_all(tasks).await;
//!     assert_eq!(*count.lock().await, 10);
//! });
//! ```

use std::cell::{RefCell, RefMut};
use std::fmt;
use std::ops::{Deref, DerefMut};

use super::semaphore::{Semaphore, SemaphorePermit};

/// A value shared by the tasks of one runtime, used by one at a time, fairly. Not `Send`: share
/// it with an `Rc`.
pub struct Mutex<T: ?Sized> {
    /// The lock itself: one permit, queued waiters in FIFO order. Never closed.
    lock: Semaphore,
    /// The protected value. Borrowed mutably only by the holder of `lock`'s permit, through a
    /// [`MutexGuard`] (or through `&mut self`).
    value: RefCell<T>,
}

impl<T> Mutex<T> {
    /// A new, unlocked mutex holding `value`.
    pub fn new(value: T) -> Mutex<T> {
        Mutex {
            lock: Semaphore::new(1),
            value: RefCell::new(value),
        }
    }

    /// Takes the value out of the mutex.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T: ?Sized> Mutex<T> {
    /// Waits for the lock, in arrival order, and returns a guard that unlocks it when dropped.
    ///
    /// Cancel-safe: dropping the future gives up its place in the queue.
    pub async fn lock(&self) -> MutexGuard<'_, T> {
        match self.lock.acquire_as("mutex").await {
            Ok(permit) => self.guard(permit),
            Err(_) => unreachable!("a Mutex never closes its semaphore"),
        }
    }

    /// Takes the lock if it is free *and nobody is queued for it*; never waits.
    pub fn try_lock(&self) -> Result<MutexGuard<'_, T>, TryLockError> {
        match self.lock.try_acquire() {
            Ok(permit) => Ok(self.guard(permit)),
            Err(_) => Err(TryLockError(())),
        }
    }

    /// The value, through an exclusive reference: no lock needed, nobody else can hold one.
    pub fn get_mut(&mut self) -> &mut T {
        self.value.get_mut()
    }

    fn guard<'a>(&'a self, permit: SemaphorePermit<'a>) -> MutexGuard<'a, T> {
        let value = self
            .value
            .try_borrow_mut()
            .expect("the value is borrowed only by the holder of the lock's one permit");
        MutexGuard {
            value,
            _permit: permit,
        }
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Mutex<T> {
        Mutex::new(T::default())
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Mutex");
        match self.value.try_borrow() {
            Ok(value) => d.field("value", &&*value),
            Err(_) => d.field("value", &format_args!("<locked>")),
        };
        d.finish()
    }
}

/// Proof of holding a [`Mutex`]: derefs to the value; unlocks (handing the lock to the first
/// waiter) when dropped.
#[must_use = "the mutex unlocks as soon as the guard is dropped"]
pub struct MutexGuard<'a, T: ?Sized> {
    /// The borrow of the value. Declared first so that it is dropped first: the value is
    /// released before the permit can reach the next holder.
    value: RefMut<'a, T>,
    /// The lock's permit, held only for its `Drop`, which unlocks.
    _permit: SemaphorePermit<'a>,
}

impl<T: ?Sized> Deref for MutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: ?Sized> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.value, f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.value, f)
    }
}

/// The error of [`Mutex::try_lock`]: the mutex is held, or others are queued for it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TryLockError(());

impl fmt::Display for TryLockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("mutex is locked, or has waiters queued")
    }
}

impl fmt::Debug for TryLockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TryLockError")
    }
}

impl std::error::Error for TryLockError {}
