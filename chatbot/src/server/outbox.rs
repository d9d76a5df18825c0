//! [`Outbox`]: one client's bounded queue of lines waiting to be written to its socket.
//!
//! Every line the server sends a client goes through its outbox. Rooms fan out by pushing the
//! *same* `Rc<str>` into each member's outbox: a message said to a room of 500 is one
//! allocation and 500 reference counts, never 500 copies.
//!
//! The queue is bounded twice, by lines and by bytes ([`Limits`]). A client that stops reading
//! while its room keeps talking fills its outbox; the push that would overflow it instead marks
//! it *overflowed*: the queue is dropped, the writer stops, and the connection is closed. So a
//! stalled client costs at most `max_bytes` of memory and never slows anyone else: nobody ever
//! waits for its socket.
//!
//! ```text
//!           push (room, bot, server)               writer: next_batch().await
//!   Open ──────────────────────────────▶ Open ──────────────────────────────────────▶ (write)
//!    │  (1) close(): flush what is queued, then end          (2) overflow: queue dropped
//!    ▼                                                          ▼
//!   Closing                                                  Overflowed
//!     next_batch() hands out what is left, then false:         next_batch() is false at
//!     the writer ends once the queue is empty                  once: the writer stops
//! ```
//!
//! There is no state after `Closing`: a closing outbox whose queue is empty is simply done, and
//! its writer ends. (1) is [`Outbox::close`]; (2) is the [`Outbox::push`] that overflows.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// How much one client's outbox may hold before the client counts as too slow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most lines queued at once.
    pub max_lines: usize,
    /// Most bytes queued at once.
    pub max_bytes: usize,
}

impl Default for Limits {
    /// 1024 lines or 256 KiB, whichever comes first: minutes of busy chat for a client that
    /// reads at all, and a hard memory bound for one that does not.
    fn default() -> Limits {
        Limits {
            max_lines: 1024,
            max_bytes: 256 * 1024,
        }
    }
}

/// Where an outbox is in its life (see the module diagram).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Accepting lines.
    Open,
    /// No more lines accepted; the writer flushes what is queued, then finishes.
    Closing,
    /// The client fell too far behind: its queue was dropped, the connection must close.
    Overflowed,
}

/// What happened to a pushed line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "an overflow means the client must be disconnected"]
pub enum Pushed {
    /// Queued for the writer.
    Queued,
    /// The outbox was closing or overflowed already; the line was dropped.
    Dropped,
    /// This line would have exceeded the limits: the outbox is now overflowed.
    Overflowed,
}

/// One client's queue of outgoing lines, shared by its connection's tasks and the core.
pub struct Outbox {
    /// The queued lines, oldest first.
    lines: RefCell<VecDeque<Rc<str>>>,
    /// Bytes in `lines`. Kept in step with every push and pop.
    bytes: Cell<usize>,
    /// See [`State`]. Only `close` and an overflowing `push` change it.
    state: Cell<State>,
    /// The writer, waiting for lines or for the end.
    writer: Cell<Option<Waker>>,
    /// Anyone waiting for the state to change: the reader, to hang up when the outbox stops
    /// being `Open`; the writer, to abandon a stuck write on overflow. One entry per task.
    closed_waiters: RefCell<Vec<Waker>>,
    /// How many lines and bytes may wait here before the client counts as too slow.
    limits: Limits,
}

impl Outbox {
    /// An empty, open outbox.
    pub fn new(limits: Limits) -> Outbox {
        Outbox {
            lines: RefCell::default(),
            bytes: Cell::new(0),
            state: Cell::new(State::Open),
            writer: Cell::new(None),
            closed_waiters: RefCell::default(),
            limits,
        }
    }

    /// Queues a line. Wakes the writer (a task waker: it only schedules the writer, so this is
    /// safe to call while the caller holds the core borrowed).
    pub fn push(&self, line: Rc<str>) -> Pushed {
        if self.state.get() != State::Open {
            return Pushed::Dropped;
        }
        let bytes = self.bytes.get() + line.len();
        let mut lines = self.lines.borrow_mut();
        if lines.len() + 1 > self.limits.max_lines || bytes > self.limits.max_bytes {
            let dropped = std::mem::take(&mut *lines);
            drop(lines);
            drop(dropped);
            self.bytes.set(0);
            self.finish(State::Overflowed);
            return Pushed::Overflowed;
        }
        lines.push_back(line);
        drop(lines);
        self.bytes.set(bytes);
        if let Some(writer) = self.writer.take() {
            writer.wake();
        }
        Pushed::Queued
    }

    /// Edge (1): accept no more lines; the writer flushes the queue and finishes.
    pub fn close(&self) {
        if self.state.get() == State::Open {
            self.finish(State::Closing);
        }
    }

    fn finish(&self, state: State) {
        self.state.set(state);
        if let Some(writer) = self.writer.take() {
            writer.wake();
        }
        let waiters = std::mem::take(&mut *self.closed_waiters.borrow_mut());
        waiters.into_iter().for_each(Waker::wake);
    }

    /// The outbox's state.
    pub fn state(&self) -> State {
        self.state.get()
    }

    /// Bytes queued right now.
    pub fn queued_bytes(&self) -> usize {
        self.bytes.get()
    }

    /// Lines queued right now.
    pub fn queued_lines(&self) -> usize {
        self.lines.borrow().len()
    }

    /// Waits for lines and appends all queued ones to `out` as bytes; returns false when there
    /// will never be more (closing and drained, or overflowed).
    pub async fn next_batch(&self, out: &mut Vec<u8>) -> bool {
        poll_fn(|cx| self.poll_next_batch(cx, out)).await
    }

    /// [`next_batch`](Self::next_batch) as a poll, for a writer that must not hold `out`
    /// across an `.await` (the writer's shared batch buffer). The drained queue's memory is
    /// given back: an idle client's outbox holds an empty `VecDeque`, capacity 0.
    pub fn poll_next_batch(&self, cx: &mut Context<'_>, out: &mut Vec<u8>) -> Poll<bool> {
        if self.state.get() == State::Overflowed {
            return Poll::Ready(false);
        }
        let lines = self.lines.borrow_mut();
        if lines.is_empty() {
            if self.state.get() == State::Closing {
                return Poll::Ready(false);
            }
            self.writer.set(Some(cx.waker().clone()));
            return Poll::Pending;
        }
        drop(lines);
        self.take_queued(out);
        Poll::Ready(true)
    }

    /// Appends every queued line to `out` as bytes, at once, and empties the queue (giving its
    /// memory back). The writer's way in is [`next_batch`](Self::next_batch); this is for a
    /// reader with no writer task (`irc::Offline`).
    pub fn take_queued(&self, out: &mut Vec<u8>) {
        let batch = std::mem::take(&mut *self.lines.borrow_mut());
        for line in batch {
            out.extend_from_slice(line.as_bytes());
        }
        self.bytes.set(0);
    }

    /// Completes once the outbox is no longer `Open` (closing or overflowed).
    pub async fn closed(&self) {
        poll_fn(|cx| {
            if self.state.get() != State::Open {
                return Poll::Ready(());
            }
            self.wait_for_state(cx.waker());
            Poll::Pending
        })
        .await
    }

    /// Completes once the outbox has overflowed. The writer waits for this beside its write:
    /// a client that stopped reading would leave that write pending forever, holding the
    /// connection open; on overflow the writer gives up on it at once.
    pub async fn overflowed(&self) {
        poll_fn(|cx| {
            if self.state.get() == State::Overflowed {
                return Poll::Ready(());
            }
            self.wait_for_state(cx.waker());
            Poll::Pending
        })
        .await
    }

    /// Registers `waker` for the next change of state. The reader and the writer wait in a
    /// `select!` loop that makes a fresh future on every turn, so a waker already registered
    /// is not pushed again: the list stays as short as the number of tasks waiting, instead of
    /// growing by one entry per read for as long as the connection lives.
    fn wait_for_state(&self, waker: &Waker) {
        let mut waiters = self.closed_waiters.borrow_mut();
        if !waiters.iter().any(|waiting| waiting.will_wake(waker)) {
            waiters.push(waker.clone());
        }
    }
}

impl fmt::Debug for Outbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outbox")
            .field("state", &self.state.get())
            .field("lines", &self.queued_lines())
            .field("bytes", &self.bytes.get())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;

    fn line(text: &str) -> Rc<str> {
        Rc::from(text)
    }

    #[test]
    fn a_full_outbox_overflows_and_drops_its_queue() {
        let outbox = Outbox::new(Limits {
            max_lines: 2,
            max_bytes: 1000,
        });
        assert_eq!(outbox.push(line("a\n")), Pushed::Queued);
        assert_eq!(outbox.push(line("b\n")), Pushed::Queued);
        assert_eq!(outbox.push(line("c\n")), Pushed::Overflowed);
        assert_eq!(outbox.state(), State::Overflowed);
        assert_eq!((outbox.queued_lines(), outbox.queued_bytes()), (0, 0));
        assert_eq!(outbox.push(line("d\n")), Pushed::Dropped);
    }

    #[test]
    fn the_byte_limit_counts_too() {
        let outbox = Outbox::new(Limits {
            max_lines: 100,
            max_bytes: 5,
        });
        assert_eq!(outbox.push(line("1234\n")), Pushed::Queued);
        assert_eq!(outbox.push(line("x\n")), Pushed::Overflowed);
    }

    #[test]
    fn waiting_again_from_the_same_task_does_not_grow_the_waiter_list() {
        runtime::run(async {
            let outbox = Outbox::new(Limits::default());
            for _ in 0..100 {
                // What one turn of the reader's select! loop does: poll a fresh future once.
                let mut closed = std::pin::pin!(outbox.closed());
                let mut overflowed = std::pin::pin!(outbox.overflowed());
                poll_fn(|cx| {
                    assert!(closed.as_mut().poll(cx).is_pending());
                    assert!(overflowed.as_mut().poll(cx).is_pending());
                    Poll::Ready(())
                })
                .await;
            }
            assert_eq!(outbox.closed_waiters.borrow().len(), 1);
        });
    }

    #[test]
    fn overflowed_completes_on_overflow_but_not_on_close() {
        runtime::run(async {
            let outbox = Outbox::new(Limits {
                max_lines: 1,
                max_bytes: 100,
            });
            outbox.close();
            let mut overflowed = std::pin::pin!(outbox.overflowed());
            poll_fn(|cx| {
                assert!(
                    overflowed.as_mut().poll(cx).is_pending(),
                    "closing is not overflowing"
                );
                Poll::Ready(())
            })
            .await;
            let full = Outbox::new(Limits {
                max_lines: 1,
                max_bytes: 100,
            });
            assert_eq!(full.push(line("a\n")), Pushed::Queued);
            assert_eq!(full.push(line("b\n")), Pushed::Overflowed);
            full.overflowed().await;
        });
    }

    #[test]
    fn a_closing_outbox_still_flushes_what_it_holds() {
        runtime::run(async {
            let outbox = Outbox::new(Limits::default());
            assert_eq!(outbox.push(line("last words\n")), Pushed::Queued);
            outbox.close();
            assert_eq!(outbox.push(line("too late\n")), Pushed::Dropped);
            let mut out = Vec::new();
            assert!(outbox.next_batch(&mut out).await);
            assert_eq!(out, b"last words\n");
            assert!(
                !outbox.next_batch(&mut out).await,
                "drained and closed: the end"
            );
        });
    }
}
