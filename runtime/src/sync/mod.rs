//! Channels and synchronization between tasks, for the tasks of one runtime.
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

pub mod broadcast;
pub mod mpsc;
mod mutex;
mod notify;
pub mod oneshot;
mod permits;
mod semaphore;
mod wait_list;

pub use mutex::{Mutex, MutexGuard, TryLockError};
pub use notify::{Notified, Notify};
pub use semaphore::{AcquireError, Semaphore, SemaphorePermit, TryAcquireError};
