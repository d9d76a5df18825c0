//! [`Semaphore`]: at most N holders at a time, served in arrival order (asyncio's `Semaphore`).
//!
//! A semaphore is a count of permits. [`Semaphore::acquire`] takes one, waiting while there are
//! none; the [`SemaphorePermit`] it returns puts the permit back when dropped. Typical use:
//! bound how many connections are handled, or requests are in flight, at once.
//!
//! Waiters are served first come, first served, and a released permit is *handed* to the
//! longest waiter rather than put back for anyone to grab, so a steady stream of newcomers
//! cannot starve someone already waiting. The mechanism (shared with [`Mutex`](super::Mutex)
//! and the bounded [`mpsc`](super::mpsc) channel) is drawn in `permits.rs`.
//!
//! Cancelling is safe: an `acquire()` future dropped while it waits gives up its place; one
//! dropped after being handed a permit, before it ran, passes the permit on.
//!
//! ```
//! use std::rc::Rc;
//! use runtime::sync::Semaphore;
//!
//! runtime::run(async {
//!     let limit = Rc::new(Semaphore::new(2));
//!     let first = limit.acquire().await.unwrap();
//!     let _second = limit.acquire().await.unwrap();
//!     assert!(limit.try_acquire().is_err()); // both permits are out
//!     drop(first);
//!     assert_eq!(limit.available_permits(), 1);
//! });
//! ```

use std::fmt;

use super::permits::{Acquire, Permits};

/// A count of permits, handed out in FIFO order. Not `Send`: share it between tasks of one
/// runtime with an `Rc`.
pub struct Semaphore {
    /// The count and its wait queue.
    permits: Permits,
}

impl Semaphore {
    /// A semaphore holding `permits` permits.
    pub fn new(permits: usize) -> Semaphore {
        Semaphore {
            permits: Permits::new(permits),
        }
    }

    /// Waits for a permit, in arrival order. Fails only if the semaphore is (or gets) closed
    /// while waiting.
    ///
    /// Cancel-safe: dropping the future gives up its place in the queue (and passes on a permit
    /// it had been handed but not yet returned).
    pub async fn acquire(&self) -> Result<SemaphorePermit<'_>, AcquireError> {
        self.acquire_as("semaphore").await
    }

    /// [`acquire`](Semaphore::acquire), its waiters shown by introspection as waiting on `what`.
    pub(crate) async fn acquire_as(
        &self,
        what: &'static str,
    ) -> Result<SemaphorePermit<'_>, AcquireError> {
        Acquire::new(&self.permits, what).await?;
        Ok(SemaphorePermit { semaphore: self })
    }

    /// Takes a permit if one is free *and nobody is queued for one*; never waits.
    pub fn try_acquire(&self) -> Result<SemaphorePermit<'_>, TryAcquireError> {
        self.permits.try_acquire()?;
        Ok(SemaphorePermit { semaphore: self })
    }

    /// Adds `n` permits, handing them to queued waiters first.
    ///
    /// # Panics
    /// If the count would overflow `usize`.
    pub fn add_permits(&self, n: usize) {
        self.permits.release(n);
    }

    /// Permits free right now (0 whenever somebody is waiting).
    pub fn available_permits(&self) -> usize {
        self.permits.available()
    }

    /// Closes the semaphore: every waiter is woken with [`AcquireError`], and every later
    /// acquisition fails. Permits already held stay valid until dropped.
    pub fn close(&self) {
        self.permits.close();
    }

    /// True once [`Semaphore::close`] has been called.
    pub fn is_closed(&self) -> bool {
        self.permits.is_closed()
    }
}

impl fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Semaphore")
            .field("permits", &self.permits)
            .finish()
    }
}

/// One permit of a [`Semaphore`], returned to it (or handed to the first waiter) when dropped.
#[must_use = "the permit is released as soon as it is dropped"]
pub struct SemaphorePermit<'a> {
    /// Where the permit goes back.
    semaphore: &'a Semaphore,
}

impl SemaphorePermit<'_> {
    /// Drops the permit *without* returning it: the semaphore has one permit fewer for good.
    pub fn forget(self) {
        std::mem::forget(self);
    }
}

impl Drop for SemaphorePermit<'_> {
    fn drop(&mut self) {
        self.semaphore.permits.release(1);
    }
}

impl fmt::Debug for SemaphorePermit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SemaphorePermit")
    }
}

/// The error of [`Semaphore::acquire`]: the semaphore was closed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AcquireError(pub(crate) ());

impl fmt::Display for AcquireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("semaphore closed")
    }
}

impl fmt::Debug for AcquireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AcquireError(Closed)")
    }
}

impl std::error::Error for AcquireError {}

/// Why [`Semaphore::try_acquire`] gave no permit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryAcquireError {
    /// The semaphore is closed.
    Closed,
    /// No permit is free, or waiters are queued ahead (they are served first).
    NoPermits,
}

impl fmt::Display for TryAcquireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TryAcquireError::Closed => "semaphore closed",
            TryAcquireError::NoPermits => "no permits available",
        })
    }
}

impl std::error::Error for TryAcquireError {}
