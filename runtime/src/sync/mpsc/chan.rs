//! [`Chan`]: the queue both mpsc flavours share, and the receiver's side of the protocol.
//!
//! ```text
//!   Chan { queue: VecDeque<T>, rx_waker: Option<Waker>, senders: usize, closed: bool }
//! ```
//!
//! A send pushes onto the back of the queue and takes the receiver's waker, if it is parked,
//! to wake it after the borrow ends. A receive pops from the front; on an empty queue it parks
//! by storing its waker. There is one receiver, so one waker slot is enough; senders that wait
//! (only the bounded flavour's) wait on its slot [`Permits`](crate::sync::permits::Permits),
//! not here.
//!
//! # When the channel ends
//!
//! ```text
//!                       (1) last sender dropped
//!   open ─────────────────────────────────────────────▶ no senders: recv drains the queue,
//!     │                                                  then returns None
//!     │  (2) Receiver::close / receiver dropped
//!     └───────────────────────────────────────────────▶ closed: every send fails and hands
//!                                                        its value back; a live receiver
//!                                                        still drains what was queued
//! ```
//!
//! 1. [`Chan::drop_sender`] wakes the receiver when the count reaches zero, so a parked `recv`
//!    sees the end.
//! 2. [`Chan::close`]; when the receiver is dropped, [`Chan::drop_receiver`] also drops the
//!    queued messages, outside the borrow (a message's destructor may well touch this channel:
//!    think of a message that carries a `Sender`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::task::{ready, Context, Poll, Waker};

use super::error::TryRecvError;
use crate::coop;
use crate::introspect;

/// The shared queue of one mpsc channel. Lives in an `Rc` held by every sender and the receiver.
pub(super) struct Chan<T> {
    /// Borrowed for a few lines at a time; never across a wake or a message's drop.
    state: RefCell<State<T>>,
}

/// Everything behind the borrow.
struct State<T> {
    /// Messages sent and not yet received, oldest first. Pushed by senders, popped only by the
    /// receiver. (The bounded flavour caps its length with slot permits taken before a push.)
    queue: VecDeque<T>,
    /// The receiver's task while it is parked on an empty queue; taken by whoever wakes it.
    rx_waker: Option<Waker>,
    /// Live senders. Reaching zero ends the channel for the receiver, once the queue is empty.
    senders: usize,
    /// Set by the receiver (close or drop); from then on pushes fail. Never cleared.
    closed: bool,
}

impl<T> Chan<T> {
    /// An open channel with one sender.
    pub(super) fn new() -> Chan<T> {
        Chan {
            state: RefCell::new(State {
                queue: VecDeque::new(),
                rx_waker: None,
                senders: 1,
                closed: false,
            }),
        }
    }

    /// Queues `value` and wakes the receiver if it is parked; `Err(value)` if it has closed.
    pub(super) fn push(&self, value: T) -> Result<(), T> {
        let waker = {
            let mut state = self.state.borrow_mut();
            if state.closed {
                return Err(value);
            }
            state.queue.push_back(value);
            state.rx_waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
        Ok(())
    }

    /// The next message; `None` once the queue is empty and no message can come (no senders,
    /// or closed); parks otherwise.
    pub(super) fn poll_recv(&self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let completes = {
            let state = self.state.borrow();
            !state.queue.is_empty() || state.is_finished()
        };
        if completes {
            // A task draining a channel that never runs dry must still yield: spend the budget.
            ready!(coop::poll_proceed(cx));
        }
        let mut state = self.state.borrow_mut();
        if let Some(value) = state.queue.pop_front() {
            return Poll::Ready(Some(value));
        }
        if state.is_finished() {
            return Poll::Ready(None);
        }
        match &mut state.rx_waker {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            slot => *slot = Some(cx.waker().clone()),
        }
        introspect::note_wait(introspect::resource("mpsc receive"));
        Poll::Pending
    }

    /// The next message without waiting, or why there is none.
    pub(super) fn try_recv(&self) -> Result<T, TryRecvError> {
        let mut state = self.state.borrow_mut();
        match state.queue.pop_front() {
            Some(value) => Ok(value),
            None if state.is_finished() => Err(TryRecvError::Disconnected),
            None => Err(TryRecvError::Empty),
        }
    }

    /// Edge (2), for a live receiver: refuse every later push; queued messages stay.
    pub(super) fn close(&self) {
        self.state.borrow_mut().closed = true;
    }

    /// Edge (2), for a dropped receiver: close, and drop what is queued.
    pub(super) fn drop_receiver(&self) {
        let queued = {
            let mut state = self.state.borrow_mut();
            state.closed = true;
            state.rx_waker = None;
            std::mem::take(&mut state.queue)
        };
        drop(queued); // outside the borrow: see the module doc
    }

    /// A new sender (a clone).
    pub(super) fn add_sender(&self) {
        let mut state = self.state.borrow_mut();
        state.senders = state.senders.checked_add(1).expect("too many senders");
    }

    /// Edge (1): a sender is dropped; the last one wakes the receiver to see the end.
    pub(super) fn drop_sender(&self) {
        let waker = {
            let mut state = self.state.borrow_mut();
            state.senders -= 1;
            if state.senders > 0 {
                return;
            }
            state.rx_waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// True once the receiver has closed or been dropped.
    pub(super) fn is_closed(&self) -> bool {
        self.state.borrow().closed
    }

    /// Messages queued now.
    pub(super) fn len(&self) -> usize {
        self.state.borrow().queue.len()
    }
}

impl<T> State<T> {
    /// No message can be pushed any more: every sender is gone, or the receiver closed.
    fn is_finished(&self) -> bool {
        self.senders == 0 || self.closed
    }
}

impl<T> fmt::Debug for Chan<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.state.try_borrow() {
            Ok(state) => f
                .debug_struct("Chan")
                .field("queued", &state.queue.len())
                .field("senders", &state.senders)
                .field("closed", &state.closed)
                .finish(),
            Err(_) => f.write_str("Chan { <borrowed> }"),
        }
    }
}
