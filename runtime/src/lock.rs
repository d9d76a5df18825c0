//! [`lock`]: the one way this crate takes a `std::sync::Mutex`.
//!
//! A mutex is poisoned when a thread panicked while holding it. None of ours is held across code
//! that can panic halfway through a change (no user code runs under our locks), so the data
//! behind a poisoned lock is still whole, and refusing it would only turn one panic into many.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, taking the guard even if an earlier holder panicked.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
