//! A single-threaded event loop on [mio]: the *reactor* half of an async runtime.
//!
//! A reactor answers one question for the code above it: "wake me when this socket is ready, or
//! when this time has come". It does so by turning OS readiness into calls to
//! [`std::task::Waker::wake`]. It never polls a future and never decides what runs next; that is
//! the executor's job (the `runtime` crate). Here is the whole path of one readiness event:
//!
//! ```text
//!   the OS            mio                 this crate                            whoever waits
//!  ─────────       ──────────       ──────────────────────────────────       ───────────────
//!   socket    ──▶   Poll::poll  ──▶  Token ──▶ slab entry ──▶ Waker(s)  ──▶   wake(): a task
//!   readable        (epoll/kqueue)   key+gen   readiness |=    taken out       is scheduled,
//!                                              READABLE        and woken       or a callback
//!                                                                              runs
//! ```
//!
//! Using it starts by creating a [`Reactor`]. Sources (sockets, pipes, anything that is a
//! [`mio::event::Source`]) are registered through its [`Handle`]; each gets a [`Registration`]
//! that owns it. A task that wants to read calls [`Registration::poll_io`], the one operation
//! loop (or [`Registration::poll_read`] on a byte stream): if the cached readiness says
//! "readable" it tries the read, otherwise its waker is stored. The loop's owner
//! calls [`Reactor::turn`] again and again; each turn waits in `Poll`, records readiness, wakes
//! the stored wakers, and fires due timers ([`Handle::insert_timer`]). Another thread can
//! interrupt a blocked turn through a [`Remote`].
//!
//! Where things live:
//!
//! | file              | idea                                                          |
//! |-------------------|---------------------------------------------------------------|
//! | `reactor.rs`      | `Reactor` and one turn of the loop                             |
//! | `handle.rs`       | the shared state: registry, sources, timers, clock            |
//! | `registration.rs` | a registered source and the one operation loop, `poll_io`     |
//! | `sources.rs`      | the slab, tokens with generations, event -> waker dispatch     |
//! | `ready.rs`        | readiness bits and the two directions                         |
//! | `budget.rs`       | the cooperative budget the operation loop spends              |
//! | `timers/`         | deadlines in a hierarchical timing wheel                      |
//! | `clock.rs`        | real or paused time                                           |
//! | `remote.rs`       | the cross-thread wake                                         |
//! | `stats.rs`        | what a turn did                                               |
//! | `waiters.rs`      | which wakers wait on which source, for introspection          |
//!
//! Run with `RUST_LOG=reactor=trace` to see one line per turn and one per event.
//!
//! # Example
//!
//! A timer wakes a plain `std::task::Wake` implementation; no futures, no runtime:
//!
//! ```
//! use std::sync::atomic::{AtomicBool, Ordering};
//! use std::sync::Arc;
//! use std::task::{Wake, Waker};
//! use std::time::Duration;
//!
//! struct Flag(AtomicBool);
//! impl Wake for Flag {
//!     fn wake(self: Arc<Self>) {
//!         self.0.store(true, Ordering::SeqCst);
//!     }
//! }
//!
//! let mut reactor = reactor::Reactor::new()?;
//! let flag = Arc::new(Flag(AtomicBool::new(false)));
//! let deadline = reactor.handle().clock().now() + Duration::from_millis(5);
//! reactor.handle().insert_timer(deadline, Waker::from(flag.clone()));
//!
//! while !flag.0.load(Ordering::SeqCst) {
//!     let turn = reactor.turn(None)?; // sleeps until the timer is due, not a moment less
//!     println!("{turn}");
//! }
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! [mio]: https://docs.rs/mio

#![deny(missing_docs, missing_debug_implementations, rust_2018_idioms)]
#![warn(clippy::undocumented_unsafe_blocks)]

pub mod budget;
mod clock;
mod handle;
#[allow(clippy::module_inception)]
mod reactor;
mod ready;
mod registration;
mod remote;
mod sources;
mod stats;
mod timers;
mod waiters;

pub use crate::clock::Clock;
pub use crate::handle::Handle;
pub use crate::reactor::Reactor;
pub use crate::ready::{Direction, Ready};
pub use crate::registration::Registration;
pub use crate::remote::{Remote, RemoteCounts};
pub use crate::stats::{Stats, Turn};
pub use crate::timers::TimerKey;
pub use crate::waiters::{Waiter, WakerId};

/// Re-exported so users name the same `Interest` and `Token` the reactor uses.
pub use mio::{Interest, Token};
