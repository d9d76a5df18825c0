//! A one-shot channel: one value, sent once, from one task to another (the role of an asyncio
//! `Future` that one side resolves with `set_result` and the other awaits).
//!
//! The classic use is a reply: a request carries a [`Sender`], the requester awaits the
//! [`Receiver`]. The receiver *is* the future; it resolves to `Ok(value)`, or to
//! `Err(RecvError)` if the sender was dropped without sending (the responder gave up).
//!
//! # The shared cell
//!
//! Both halves hold an `Rc` to one cell, the only allocation a channel makes:
//!
//! ```text
//!   Inner { state: Cell<State>, value: Cell<Option<T>>, rx_waker: Cell<Option<Waker>> }
//! ```
//!
//! `Cell`s, not `RefCell`s: every access is a whole-value get, set or take, so there is no
//! borrow to hold and none to release before waking. The whole protocol is the `State`:
//!
//! ```text
//!            (1) Sender::send          (2) Receiver polled / try_recv
//!   Empty ─────────────────────▶ Sent ─────────────────────────────▶ Taken
//!     │ │
//!     │ └─(3) Sender dropped unsent ──▶ SenderDropped   (the receiver gets RecvError)
//!     └───(4) Receiver dropped/closed ─▶ ReceiverClosed (send hands the value back)
//! ```
//!
//! 1. `send` stores the value, then wakes the receiver's task if it is waiting.
//! 2. The receiver takes the value out; the channel is spent.
//! 3. A sender dropped in `Empty` wakes the receiver so it can see the error.
//! 4. `Receiver::close` or dropping the receiver. (`close` after `Sent` changes nothing: the
//!    value is still there to take.)
//!
//! `Sent`, `SenderDropped` and `ReceiverClosed` are final for the sender: it is consumed by
//! `send`, so it can only ever see `Empty` or `ReceiverClosed`.
//!
//! ```
//! use runtime::sync::oneshot;
//!
//! runtime::run(async {
//!     let (reply, response) = oneshot::channel();
//!     runtime::spawn(async move { reply.send(6 * 7).unwrap() });
//!     assert_eq!(response.await, Ok(42));
//! });
//! ```

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{ready, Context, Poll, Waker};

use crate::coop;
use crate::introspect;

/// Creates a one-shot channel: one value, one sender, one receiver.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let inner = Rc::new(Inner {
        state: Cell::new(State::Empty),
        value: Cell::new(None),
        rx_waker: Cell::new(None),
    });
    (
        Sender {
            inner: inner.clone(),
        },
        Receiver { inner },
    )
}

/// Where the channel is in its life (the module doc draws the edges).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Nothing sent yet; both halves alive.
    Empty,
    /// The value is in `Inner::value`, waiting to be taken.
    Sent,
    /// The receiver has taken the value.
    Taken,
    /// The sender was dropped without sending; never coexists with a value.
    SenderDropped,
    /// The receiver was dropped or closed before anything was sent; `send` will fail.
    ReceiverClosed,
}

/// The cell both halves share.
struct Inner<T> {
    /// The protocol state; see [`State`].
    state: Cell<State>,
    /// The value: set by `send` (in `Empty` only), taken by the receiver (in `Sent` only).
    value: Cell<Option<T>>,
    /// The receiver's task, set when a poll finds `Empty`; taken and woken by `send` or by the
    /// sender's drop.
    rx_waker: Cell<Option<Waker>>,
}

impl<T> Inner<T> {
    /// Wakes the receiver, if it is waiting.
    fn wake_receiver(&self) {
        if let Some(waker) = self.rx_waker.take() {
            waker.wake();
        }
    }
}

/// The sending half: [`Sender::send`] consumes it.
pub struct Sender<T> {
    /// Shared with the receiver; the sender only ever moves `state` out of `Empty`.
    inner: Rc<Inner<T>>,
}

impl<T> Sender<T> {
    /// Edge (1): sends `value`. If the receiver is gone (dropped or closed), nothing is sent and
    /// the value comes back as `Err(value)`.
    pub fn send(self, value: T) -> Result<(), T> {
        if self.inner.state.get() == State::ReceiverClosed {
            return Err(value);
        }
        self.inner.value.set(Some(value));
        self.inner.state.set(State::Sent);
        self.inner.wake_receiver();
        Ok(())
    }

    /// True if the receiver has been dropped or closed: a `send` would fail. Lets a responder
    /// stop working on a reply nobody will read.
    pub fn is_closed(&self) -> bool {
        self.inner.state.get() == State::ReceiverClosed
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // Edge (3). After `send` the state is `Sent` (or `ReceiverClosed`) and this does nothing.
        if self.inner.state.get() == State::Empty {
            self.inner.state.set(State::SenderDropped);
            self.inner.wake_receiver();
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("oneshot::Sender")
            .field("state", &self.inner.state.get())
            .finish()
    }
}

/// The receiving half: a future of `Result<T, RecvError>`.
pub struct Receiver<T> {
    /// Shared with the sender; the receiver takes the value and stores its waker there.
    inner: Rc<Inner<T>>,
}

impl<T> Receiver<T> {
    /// Edge (2) without waiting: the value if it has been sent, otherwise why not.
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        match self.inner.state.get() {
            State::Sent => Ok(self.take()),
            State::Empty => Err(TryRecvError::Empty),
            State::Taken | State::SenderDropped | State::ReceiverClosed => {
                Err(TryRecvError::Closed)
            }
        }
    }

    /// Edge (4): refuses the value from now on (the sender's `send` fails and
    /// [`Sender::is_closed`] turns true). A value sent before the close can still be received.
    pub fn close(&mut self) {
        if self.inner.state.get() == State::Empty {
            self.inner.state.set(State::ReceiverClosed);
        }
    }

    fn take(&self) -> T {
        self.inner.state.set(State::Taken);
        self.inner
            .value
            .take()
            .expect("a value is stored exactly while the state is Sent")
    }
}

impl<T> Future for Receiver<T> {
    type Output = Result<T, RecvError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let state = self.inner.state.get();
        if state != State::Empty {
            ready!(coop::poll_proceed(cx)); // about to complete: spend the budget
        }
        match state {
            State::Sent => Poll::Ready(Ok(self.take())),
            State::SenderDropped | State::ReceiverClosed => Poll::Ready(Err(RecvError(()))),
            State::Empty => {
                // Keep the stored waker if it would wake the same task: no clone, no refcount.
                let waker = match self.inner.rx_waker.take() {
                    Some(waker) if waker.will_wake(cx.waker()) => waker,
                    _ => cx.waker().clone(),
                };
                self.inner.rx_waker.set(Some(waker));
                introspect::note_wait(introspect::resource("oneshot"));
                Poll::Pending
            }
            State::Taken => panic!("oneshot::Receiver polled after it completed"),
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.close();
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("oneshot::Receiver")
            .field("state", &self.inner.state.get())
            .finish()
    }
}

/// The error of awaiting a [`Receiver`]: the sender was dropped without sending (or the
/// receiver was closed first).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RecvError(());

impl fmt::Display for RecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("oneshot sender dropped without sending")
    }
}

impl fmt::Debug for RecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecvError")
    }
}

impl std::error::Error for RecvError {}

/// Why [`Receiver::try_recv`] returned no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryRecvError {
    /// Nothing sent yet; the sender is still alive.
    Empty,
    /// Nothing will come: the sender is gone, the value was already taken, or the receiver was
    /// closed.
    Closed,
}

impl fmt::Display for TryRecvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TryRecvError::Empty => "oneshot channel empty",
            TryRecvError::Closed => "oneshot channel closed",
        })
    }
}

impl std::error::Error for TryRecvError {}
