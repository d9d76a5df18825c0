//! The bounded channel: [`Sender`] waits while `capacity` messages are queued.
//!
//! Capacity is a *hard* bound, enforced with one permit per slot:
//!
//! ```text
//!   Shared { chan: Chan<T>, slots: Permits(capacity) }
//!
//!   send    = acquire a slot permit (waiting, in FIFO order, while none is free)
//!             then push the message              (the permit now lives "in" the message)
//!   receive = pop a message, then release its slot permit: handed straight to the
//!             longest-waiting sender, which wakes to push its message
//! ```
//!
//! So `queued + slots granted but not yet pushed <= capacity` at every moment, whatever the
//! mix of `send`, `try_send` and cancelled sends: memory is bounded by the capacity, not by how
//! eager the producers are. A waiting sender cannot be overtaken: `try_send` reports `Full`
//! while anyone is queued, even if a slot was just freed (it was freed *for* the queued one).
//!
//! Cancelling a `send().await` is safe: dropped while it waits, it leaves the queue; dropped
//! after being handed a slot, it passes the slot on. Either way the message is dropped with
//! the future, never half-sent.

use std::fmt;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{ready, Context, Poll};

use super::chan::Chan;
use super::error::{SendError, TryRecvError, TrySendError};
use crate::sync::permits::{Acquire, Permits};
use crate::sync::TryAcquireError;

/// Creates a bounded channel: at most `capacity` messages are queued; [`Sender::send`] waits
/// for a free slot.
///
/// # Panics
/// If `capacity` is 0.
pub fn channel<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    assert!(
        capacity > 0,
        "mpsc bounded channel capacity must be at least 1"
    );
    let shared = Rc::new(Shared {
        chan: Chan::new(),
        slots: Permits::new(capacity),
    });
    (
        Sender {
            shared: shared.clone(),
        },
        Receiver { shared },
    )
}

/// What the halves of a bounded channel share.
struct Shared<T> {
    /// The queue, the receiver's waker, the sender count.
    chan: Chan<T>,
    /// One permit per free slot. Taken before each push, released after each pop; closed when
    /// the receiver closes, which wakes every waiting sender empty-handed.
    slots: Permits,
}

/// The sending half of a bounded channel. Clone it for more producers.
pub struct Sender<T> {
    /// Shared with the receiver and every clone; the last sender's drop closes the queue for
    /// the receiver (it then drains what is left and gets `None`).
    shared: Rc<Shared<T>>,
}

impl<T> Sender<T> {
    /// Sends `value`, waiting (in FIFO order with other senders) while the channel is full.
    /// Fails, handing the value back, if the receiver is gone.
    ///
    /// Cancel-safe as to the channel: dropping the future gives up its place. The value is
    /// dropped with it.
    pub async fn send(&self, value: T) -> Result<(), SendError<T>> {
        if Acquire::new(&self.shared.slots, "mpsc send").await.is_err() {
            return Err(SendError(value));
        }
        self.push_reserved(value).map_err(SendError)
    }

    /// Sends `value` if a slot is free and no sender is waiting for one; never waits.
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        match self.shared.slots.try_acquire() {
            Ok(()) => self.push_reserved(value).map_err(TrySendError::Closed),
            Err(TryAcquireError::NoPermits) => Err(TrySendError::Full(value)),
            Err(TryAcquireError::Closed) => Err(TrySendError::Closed(value)),
        }
    }

    /// Pushes a message whose slot permit we hold. If the receiver closed in the meantime, the
    /// permit goes back and so does the value.
    fn push_reserved(&self, value: T) -> Result<(), T> {
        self.shared.chan.push(value).inspect_err(|_| {
            self.shared.slots.release(1);
        })
    }

    /// True once the receiver has been closed or dropped: every send would fail.
    pub fn is_closed(&self) -> bool {
        self.shared.chan.is_closed()
    }

    /// Free slots right now: how many `try_send`s would succeed.
    pub fn capacity(&self) -> usize {
        self.shared.slots.available()
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        self.shared.chan.add_sender();
        Sender {
            shared: self.shared.clone(),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        self.shared.chan.drop_sender();
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("mpsc::Sender")
            .field("chan", &self.shared.chan)
            .field("slots", &self.shared.slots)
            .finish()
    }
}

/// The receiving half of a bounded channel.
pub struct Receiver<T> {
    /// Shared with every sender; dropping the receiver closes the slots, so every waiting and
    /// later send fails with the message handed back.
    shared: Rc<Shared<T>>,
}

impl<T> Receiver<T> {
    /// The next message, waiting for one if the queue is empty. `None` once every sender is
    /// gone (or the channel was closed) and the queue is drained.
    ///
    /// Cancel-safe: if the future is dropped, no message was taken.
    pub async fn recv(&mut self) -> Option<T> {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    /// [`Receiver::recv`] as a poll function, for hand-written futures.
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let value = ready!(self.shared.chan.poll_recv(cx));
        if value.is_some() {
            self.shared.slots.release(1); // to the first waiting sender, if any
        }
        Poll::Ready(value)
    }

    /// The next message without waiting, or why there is none.
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        let value = self.shared.chan.try_recv()?;
        self.shared.slots.release(1);
        Ok(value)
    }

    /// Stops the channel: every send from now on fails (waiting senders too, handing their
    /// values back). Messages already queued can still be received.
    pub fn close(&mut self) {
        self.shared.chan.close();
        self.shared.slots.close();
    }

    /// Messages queued now.
    pub fn len(&self) -> usize {
        self.shared.chan.len()
    }

    /// True if no message is queued now.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.shared.chan.drop_receiver();
        self.shared.slots.close();
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("mpsc::Receiver")
            .field("chan", &self.shared.chan)
            .field("slots", &self.shared.slots)
            .finish()
    }
}
