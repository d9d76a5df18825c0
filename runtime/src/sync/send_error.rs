//! [`SendError`]: the one error of a send that found nobody to receive, shared by
//! [`mpsc`](super::mpsc) and [`broadcast`](super::broadcast).
//!
//! Both channels refuse a message for the same reason (every receiver is gone, or the receiver
//! closed the channel) and both hand the message back inside the error, so the sender can log
//! it, retry elsewhere, or drop it knowingly. One type says that once; each channel's `error`
//! module re-exports it, so `mpsc::SendError` and `broadcast::SendError` are the same type.
//!
//! `Debug` does not print the message: `T` need not be `Debug`, and a `.unwrap()` on a failed
//! send should not require it.

use std::fmt;

/// A send failed because no receiver is left (dropped or closed); here is the message back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SendError<T>(pub T);

impl<T> SendError<T> {
    /// The message that was not sent.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SendError { .. }")
    }
}

impl<T> fmt::Display for SendError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("channel closed: no receiver")
    }
}

impl<T> std::error::Error for SendError<T> {}
