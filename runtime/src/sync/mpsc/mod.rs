//! Multi-producer, single-consumer queues between tasks (asyncio's `Queue`, with the two ends
//! split so that ownership says who may send and who receives).
//!
//! Two flavours share one queue (`chan.rs`):
//!
//! | flavour                  | `send`                                   | memory                    |
//! |--------------------------|------------------------------------------|---------------------------|
//! | [`channel`]`(capacity)`  | `send(v).await`: waits while full        | at most `capacity` queued |
//! | [`unbounded_channel`]`()`| `send(v)`: never waits                   | unbounded                 |
//!
//! Receiving is the same for both: `recv().await` returns `Some(message)` in send order, or
//! `None` once every sender is gone and the queue is drained. Senders are `Clone`; the
//! receiver is unique.
//!
//! # Closing, from either end
//!
//! | what happens                       | senders see                          | receiver sees                      |
//! |------------------------------------|--------------------------------------|------------------------------------|
//! | every sender dropped               | (gone)                               | the queued messages, then `None`   |
//! | `Receiver::close()`                | `Err(SendError(value))`, value back  | the queued messages, then `None`   |
//! | receiver dropped                   | `Err(SendError(value))`, value back  | (gone; queued messages dropped)    |
//!
//! A bounded sender waiting for a slot when the receiver closes wakes with the error too.
//!
//! # Fairness to other tasks
//!
//! Every receive that finds a message spends one unit of the task's
//! [cooperative budget](crate::coop), and so does every bounded send that finds a slot. A task
//! draining a channel that never runs dry therefore yields after [`BUDGET`](crate::coop::BUDGET)
//! messages instead of monopolising the thread.
//!
//! # One thread
//!
//! The channel is built from `Rc` and `RefCell`, so its halves are not `Send`: they connect
//! tasks of one runtime, which all run on its thread, with no lock or atomic on the way. To
//! talk to *another* thread, use `std::sync::mpsc` (and hand the receiving end to a blocking
//! thread), not this.
//!
//! ```
//! use runtime::sync::mpsc;
//!
//! runtime::run(async {
//!     let (tx, mut rx) = mpsc::channel(8);
//!     for id in 0..3 {
//!         let tx = tx.clone();
//!         runtime::spawn(async move { tx.send(id).await.unwrap() });
//!     }
//!     drop(tx); // otherwise recv would wait forever for a fourth message
//!     let mut got = Vec::new();
//!     while let Some(id) = rx.recv().await {
//!         got.push(id);
//!     }
//!     assert_eq!(got, [0, 1, 2]);
//! });
//! ```

mod bounded;
mod chan;
mod error;
mod unbounded;

pub use bounded::{channel, Receiver, Sender};
pub use error::{SendError, TryRecvError, TrySendError};
pub use unbounded::{unbounded_channel, UnboundedReceiver, UnboundedSender};
