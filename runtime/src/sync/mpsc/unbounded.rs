//! The unbounded channel: sending never waits, so it is a plain method, callable from
//! synchronous code too (a callback, a `Drop`).
//!
//! Nothing limits the queue but memory. Use it when the producer is naturally paced (one
//! message per network event, say) or when blocking the producer is not an option; otherwise
//! prefer the bounded [`channel`](super::channel), whose backpressure keeps a fast producer
//! from outrunning a slow consumer.

use std::fmt;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Context, Poll};

use super::chan::Chan;
use super::error::{SendError, TryRecvError};

/// Creates an unbounded channel: [`UnboundedSender::send`] never waits.
pub fn unbounded_channel<T>() -> (UnboundedSender<T>, UnboundedReceiver<T>) {
    let chan = Rc::new(Chan::new());
    (
        UnboundedSender { chan: chan.clone() },
        UnboundedReceiver { chan },
    )
}

/// The sending half of an unbounded channel. Clone it for more producers.
pub struct UnboundedSender<T> {
    /// The queue, shared with the receiver.
    chan: Rc<Chan<T>>,
}

impl<T> UnboundedSender<T> {
    /// Queues `value` at once. Fails, handing the value back, if the receiver is gone.
    pub fn send(&self, value: T) -> Result<(), SendError<T>> {
        self.chan.push(value).map_err(SendError)
    }

    /// True once the receiver has been closed or dropped: every send would fail.
    pub fn is_closed(&self) -> bool {
        self.chan.is_closed()
    }
}

impl<T> Clone for UnboundedSender<T> {
    fn clone(&self) -> UnboundedSender<T> {
        self.chan.add_sender();
        UnboundedSender {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Drop for UnboundedSender<T> {
    fn drop(&mut self) {
        self.chan.drop_sender();
    }
}

impl<T> fmt::Debug for UnboundedSender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("mpsc::UnboundedSender")
            .field(&self.chan)
            .finish()
    }
}

/// The receiving half of an unbounded channel.
pub struct UnboundedReceiver<T> {
    /// The queue, shared with the senders.
    chan: Rc<Chan<T>>,
}

impl<T> UnboundedReceiver<T> {
    /// The next message, waiting for one if the queue is empty. `None` once every sender is
    /// gone (or the channel was closed) and the queue is drained.
    ///
    /// Cancel-safe: if the future is dropped, no message was taken.
    pub async fn recv(&mut self) -> Option<T> {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    /// [`UnboundedReceiver::recv`] as a poll function, for hand-written futures.
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.chan.poll_recv(cx)
    }

    /// The next message without waiting, or why there is none.
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        self.chan.try_recv()
    }

    /// Stops the channel: every send from now on fails. Messages already queued can still be
    /// received.
    pub fn close(&mut self) {
        self.chan.close();
    }

    /// Messages queued now.
    pub fn len(&self) -> usize {
        self.chan.len()
    }

    /// True if no message is queued now.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Drop for UnboundedReceiver<T> {
    fn drop(&mut self) {
        self.chan.drop_receiver();
    }
}

impl<T> fmt::Debug for UnboundedReceiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("mpsc::UnboundedReceiver")
            .field(&self.chan)
            .finish()
    }
}
