//! A broadcast channel: every message goes to every receiver (asyncio has no direct
//! equivalent; the usual stand-in is one `Queue` per listener, each fed in a loop).
//!
//! A chat room is the model: each member holds a [`Receiver`], anyone with a [`Sender`]
//! posts, and every member sees every post, in order. Members join with
//! [`Sender::subscribe`] and see what is posted from then on.
//!
//! # Slow receivers lag; they never block the senders
//!
//! Messages are kept in a ring of `capacity` slots, each message stored once and cloned out
//! per receiver (the ring and its arithmetic are in `ring.rs`). Sending never waits: when the
//! ring is full, the oldest message is overwritten. A receiver that had not read it yet gets
//! `Err(RecvError::Lagged(n))` from its next `recv`, `n` being how many messages it missed,
//! and then carries on from the oldest message still retained. The capacity is thus how far a
//! receiver may fall behind before it loses messages.
//!
//! # Closing
//!
//! - Every sender dropped: each receiver reads what remains for it, then gets
//!   `Err(RecvError::Closed)`.
//! - Every receiver dropped: `send` fails and hands the message back (nobody would read it).
//!
//! # Waiting
//!
//! A receiver that has read everything parks in a `WaitList`; each send wakes every parked
//! receiver (collected under the borrow, woken after it, with a reused buffer so a send
//! allocates nothing in the steady state). The receiver keeps its place in the list across
//! `recv` calls and leaves it when it is dropped, so a `recv` cancelled by a `select!` or a
//! timeout leaves nothing behind. Every successful `recv` spends one unit of the task's
//! [cooperative budget](crate::coop).
//!
//! Teaching shortcut, labelled: a message's `Clone` runs while the channel is borrowed, so a
//! `Clone` impl must not itself use this channel.
//!
//! ```
//! use runtime::sync::broadcast;
//!
//! runtime::run(async {
//!     let (tx, mut alice) = broadcast::channel(16);
//!     let mut bob = tx.subscribe();
//!     assert_eq!(tx.send("hello"), Ok(2)); // two receivers will see it
//!     assert_eq!(alice.recv().await, Ok("hello"));
//!     assert_eq!(bob.recv().await, Ok("hello"));
//!     drop(tx);
//!     assert_eq!(bob.recv().await, Err(broadcast::RecvError::Closed));
//! });
//! ```

mod error;
mod ring;

use std::cell::RefCell;
use std::fmt;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{ready, Context, Poll, Waker};

pub use error::{RecvError, SendError, TryRecvError};
use ring::{Read, Ring};

use super::wait_list::WaitList;
use crate::coop;
use crate::introspect;

/// Creates a broadcast channel that retains the last `capacity` messages for receivers that
/// have not read them yet.
///
/// # Panics
/// If `capacity` is 0.
pub fn channel<T: Clone>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    assert!(
        capacity > 0,
        "broadcast channel capacity must be at least 1"
    );
    let shared = Rc::new(Shared {
        state: RefCell::new(State {
            ring: Ring::new(capacity),
            senders: 1,
            receivers: 1,
            waiters: WaitList::new(),
            spare: Vec::new(),
        }),
    });
    let receiver = Receiver {
        shared: shared.clone(),
        next: 0,
        waiting: None,
    };
    (Sender { shared }, receiver)
}

/// What every sender and receiver of one channel share.
struct Shared<T> {
    /// Borrowed for a few lines at a time; never across a wake or a message's drop.
    state: RefCell<State<T>>,
}

/// The channel behind the borrow.
struct State<T> {
    /// The retained messages and the send position.
    ring: Ring<T>,
    /// Live senders; at zero, receivers get `Closed` once they have read everything.
    senders: usize,
    /// Live receivers: how many must read each new message. At zero, sends fail.
    receivers: usize,
    /// Receivers parked until the next send (or until the last sender leaves).
    waiters: WaitList<()>,
    /// An empty buffer kept between sends, to collect the wakers to wake without allocating.
    spare: Vec<Waker>,
}

/// The sending half. Clone it for more senders; [`Sender::subscribe`] makes receivers.
pub struct Sender<T> {
    /// Shared with every other sender and every receiver; counted in `State::senders`.
    shared: Rc<Shared<T>>,
}

impl<T> Sender<T> {
    /// Sends `value` to every receiver alive now, without waiting: it returns how many will
    /// see it. With no receiver at all, the value comes back as an error.
    ///
    /// If the ring is full, the oldest message is overwritten: receivers that had not read it
    /// will get [`RecvError::Lagged`].
    pub fn send(&self, value: T) -> Result<usize, SendError<T>> {
        let (receivers, overwritten, mut wakers) = {
            let mut state = self.shared.state.borrow_mut();
            let receivers = state.receivers;
            if receivers == 0 {
                return Err(SendError(value));
            }
            let overwritten = state.ring.push(value, receivers);
            let mut wakers = Vec::new();
            if !state.waiters.is_empty() {
                wakers = std::mem::take(&mut state.spare);
                state.waiters.wake_all((), &mut wakers);
            }
            (receivers, overwritten, wakers)
        };
        drop(overwritten); // a lagging receiver's loss, dropped outside the borrow
        if !wakers.is_empty() {
            wakers.drain(..).for_each(Waker::wake);
            self.shared.state.borrow_mut().spare = wakers; // keep the capacity for next time
        }
        Ok(receivers)
    }

    /// A new receiver, which will see every message sent from now on.
    pub fn subscribe(&self) -> Receiver<T> {
        let mut state = self.shared.state.borrow_mut();
        state.receivers = state.receivers.checked_add(1).expect("too many receivers");
        Receiver {
            shared: self.shared.clone(),
            next: state.ring.tail(),
            waiting: None,
        }
    }

    /// How many receivers are alive: how many would see a message sent now.
    pub fn receiver_count(&self) -> usize {
        self.shared.state.borrow().receivers
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        let mut state = self.shared.state.borrow_mut();
        state.senders = state.senders.checked_add(1).expect("too many senders");
        Sender {
            shared: self.shared.clone(),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut wakers = Vec::new();
        {
            let mut state = self.shared.state.borrow_mut();
            state.senders -= 1;
            if state.senders == 0 {
                state.waiters.wake_all((), &mut wakers); // so they see `Closed`
            }
        }
        wakers.into_iter().for_each(Waker::wake);
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("broadcast::Sender")
            .field("shared", &self.shared)
            .finish()
    }
}

/// A receiving half: reads every message sent since it subscribed, in order.
pub struct Receiver<T> {
    /// Shared with every sender and receiver; counted in `State::receivers`, so each message
    /// sent while this receiver lives counts it as a reader (its slot's `unread`, `ring.rs`),
    /// and dropping it settles those counts.
    shared: Rc<Shared<T>>,
    /// The number of the next message this receiver will read (see `ring.rs`).
    next: u64,
    /// Our entry in the channel's wait list, if we have parked; kept across `recv` calls,
    /// removed when a message is read or when the receiver is dropped.
    waiting: Option<usize>,
}

impl<T: Clone> Receiver<T> {
    /// The next message, waiting until one is sent. `Err(Lagged(n))` if this receiver missed
    /// `n` messages (the next call returns the oldest retained one); `Err(Closed)` once every
    /// sender is gone and nothing is left to read.
    ///
    /// Cancel-safe: if the future is dropped, no message was taken.
    pub async fn recv(&mut self) -> Result<T, RecvError> {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    /// [`Receiver::recv`] as a poll function, for hand-written futures.
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Result<T, RecvError>> {
        let completes = {
            let state = self.shared.state.borrow();
            self.next < state.ring.tail() || state.senders == 0
        };
        if completes {
            ready!(coop::poll_proceed(cx));
        }
        let mut state = self.shared.state.borrow_mut();
        let result = match state.ring.read(&mut self.next) {
            Read::Message(value) => Ok(value),
            Read::Lagged(missed) => Err(RecvError::Lagged(missed)),
            Read::Empty if state.senders == 0 => Err(RecvError::Closed),
            Read::Empty => {
                // Park, or stay parked. An entry that was woken (by a send we have now read, or
                // a spurious wake) is spent: queue again.
                let parked = match self.waiting {
                    Some(key) => state.waiters.poll(key, cx.waker()).is_pending(),
                    None => false,
                };
                if !parked {
                    self.waiting = Some(state.waiters.push_back(cx.waker()));
                }
                introspect::note_wait(introspect::resource("broadcast"));
                return Poll::Pending;
            }
        };
        if let Some(key) = self.waiting.take() {
            // Every send wakes every receiver: a wake-up carries nothing to pass on.
            let _woken: Option<()> = state.waiters.remove(key);
        }
        Poll::Ready(result)
    }

    /// The next message without waiting, or why there is none.
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        let mut state = self.shared.state.borrow_mut();
        match state.ring.read(&mut self.next) {
            Read::Message(value) => Ok(value),
            Read::Lagged(missed) => Err(TryRecvError::Lagged(missed)),
            Read::Empty if state.senders == 0 => Err(TryRecvError::Closed),
            Read::Empty => Err(TryRecvError::Empty),
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let unread = {
            let mut state = self.shared.state.borrow_mut();
            state.receivers -= 1; // messages sent from now on do not count us
            if let Some(key) = self.waiting.take() {
                let _woken: Option<()> = state.waiters.remove(key); // nothing to pass on
            }
            // Messages older than the ring's oldest were overwritten: nothing to settle.
            self.next.max(state.ring.oldest())..state.ring.tail()
        };
        // Settle the messages we will never read, one borrow each: the last reader's copy is
        // dropped here, outside the borrow.
        for seq in unread {
            let unread = self.shared.state.borrow_mut().ring.forget(seq);
            drop(unread);
        }
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("broadcast::Receiver")
            .field("next", &self.next)
            .field("shared", &self.shared)
            .finish()
    }
}

impl<T> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.state.try_borrow() {
            Ok(state) => f
                .debug_struct("Shared")
                .field("sent", &state.ring.tail())
                .field("senders", &state.senders)
                .field("receivers", &state.receivers)
                .field("waiters", &state.waiters)
                .finish(),
            Err(_) => f.write_str("Shared { <borrowed> }"),
        }
    }
}
