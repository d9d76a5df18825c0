//! Channels and synchronization between tasks: asyncio's `Queue`, `Lock`, `Semaphore` and
//! `Event`, for the tasks of one runtime.
//!
//! | asyncio                              | here                                                   |
//! |--------------------------------------|--------------------------------------------------------|
//! | `asyncio.Queue(maxsize)`             | [`mpsc::channel`]`(cap)`: `send(v).await`, `recv().await` |
//! | `asyncio.Queue()` (unbounded)        | [`mpsc::unbounded_channel`]`()`: `send(v)` never waits |
//! | `loop.create_future()` + `set_result`| [`oneshot::channel`]`()`: `tx.send(v)`, `rx.await`     |
//! | one `Queue` per listener             | [`broadcast::channel`]`(cap)`: every receiver gets every message |
//! | `asyncio.Lock` (+ the data it guards)| [`Mutex`]`<T>`: `lock().await` gives a guard           |
//! | `asyncio.Semaphore(n)`               | [`Semaphore`]`::new(n)`: `acquire().await` gives a permit |
//! | `asyncio.Event` / `Condition`        | [`Notify`]: `notified().await`, `notify_one`, `notify_waiters` |
//!
//! # Built for one thread
//!
//! Every type here is made of `Rc`, `Cell` and `RefCell`: no lock, no atomic on any path. That
//! is possible because every task of a runtime runs on the runtime's thread, and it makes the
//! types `!Send`, on purpose: the compiler stops one from leaking to another thread. Tasks need
//! not be `Send` ([`spawn`](crate::spawn) accepts `!Send` futures), so nothing is lost. To talk
//! to *other* threads, use `std::sync::mpsc` or `std::sync::Mutex` from a blocking thread.
//!
//! Wakers are another matter: a waker stored here may have been cloned by anyone, and is woken
//! like any other. The primitives only store and wake them.
//!
//! # Rules every primitive keeps
//!
//! - **FIFO**: waiters are served in arrival order, from a `WaitList` of parked wakers
//!   (`wait_list.rs`). A released lock, permit or channel slot is *handed* to the first waiter
//!   (`permits.rs`), so a newcomer cannot barge ahead of a task that has been waiting.
//! - **Cancel-safe**: a waiting future that is dropped (by `select!`, a timeout, an abort)
//!   leaves the queue; if it had just been handed a permit, a lock or a `notify_one`, it passes
//!   it on. Nothing is lost, nothing leaks.
//! - **Wake after the borrow**: wakers are collected while the state is borrowed, then woken
//!   after every borrow is released, so a waker (or a message's destructor) may call straight
//!   back into the same primitive.
//! - **Cooperative**: every operation about to complete spends a unit of the task's
//!   [budget](crate::coop), so a task that always finds its channel ready still yields after
//!   [`BUDGET`](crate::coop::BUDGET) operations.
//!
//! ```
//! use std::rc::Rc;
//! use runtime::sync::{mpsc, oneshot, Mutex};
//!
//! runtime::run(async {
//!     // A worker that answers requests, each carrying its own reply channel.
//!     let (requests, mut inbox) = mpsc::channel::<(u32, oneshot::Sender<u32>)>(16);
//!     let total = Rc::new(Mutex::new(0));
//!     let worker_total = total.clone();
//!     runtime::spawn(async move {
//!         while let Some((n, reply)) = inbox.recv().await {
//!             *worker_total.lock().await += n;
//!             let _ = reply.send(n * n);
//!         }
//!     });
//!     let (reply, answer) = oneshot::channel();
//!     requests.send((7, reply)).await.unwrap();
//!     assert_eq!(answer.await, Ok(49));
//!     assert_eq!(*total.lock().await, 7);
//! });
//! ```

pub mod broadcast;
pub mod mpsc;
mod mutex;
mod notify;
pub mod oneshot;
mod permits;
mod semaphore;
mod send_error;
mod wait_list;

pub use mutex::{Mutex, MutexGuard, TryLockError};
pub use notify::{Notified, Notify};
pub use semaphore::{AcquireError, Semaphore, SemaphorePermit, TryAcquireError};
