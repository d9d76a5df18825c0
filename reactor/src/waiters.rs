//! [`Handle::waiters`](crate::Handle::waiters): who is waiting on which source, right now.
//!
//! Every slab entry in `sources.rs` holds at most one waker per direction: the reader's and the
//! writer's. That is exactly the answer to "what is this task waiting for?", if only we can say
//! whose waker it is. The reactor cannot: a waker is opaque to it. The code that *made* the
//! waker can. So the reactor lists its waiting wakers by identity ([`WakerId`]), and the owner of
//! the wakers (the runtime's task introspection) matches them against its own.
//!
//! ```text
//!   Sources (borrowed)           this module                       the runtime
//!   ─────────────────            ───────────                       ───────────
//!   entry 7.1 TcpStream   ──▶    Waiter { key 7, generation 1,  ──▶  WakerId == task 4's waker?
//!     reader: Some(waker)          TcpStream, Read, WakerId }          then task 4 waits on
//!                                                                      `TcpStream 7.1, read`
//! ```
//!
//! Why an identity and not a clone of the waker: cloning a waker runs its owner's code (the
//! vtable's `clone`), and no outside code may run while the source table is borrowed (the
//! borrow rule in `handle.rs`). Reading a waker's data pointer and vtable address runs nothing.
//!
//! This costs nothing until someone asks: the list is built by walking the slab on demand, and
//! the operation loop (`Registration::poll_io`) does not change at all.

use std::task::Waker;

use crate::ready::Direction;

/// A waker's identity: its data word, the half of what [`Waker::will_wake`] compares that
/// Rust keeps stable.
///
/// Teaching shortcut: the other half, the vtable's address, is not promised to be unique (a
/// vtable built in a generic function may be copied per codegen unit, and Miri gives each
/// evaluation its own address), so it is left out. Two wakers *of different kinds* may then
/// share an identity (a no-op waker's null word, say): whoever matches identities must check
/// that the word is one of its own live ones, as the runtime's dump does with its task wakers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WakerId {
    /// The waker's data pointer, as an address (never dereferenced).
    data: usize,
}

impl WakerId {
    /// The identity of `waker`. Runs none of the waker's code.
    pub fn of(waker: &Waker) -> WakerId {
        WakerId {
            data: waker.data().addr(),
        }
    }
}

/// One waker the reactor holds for a source: who waits there, and for which direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiter {
    /// The source's slab key (the first half of its token, as trace lines show it).
    pub key: usize,
    /// The registration's generation (the second half: `key.generation`).
    pub generation: usize,
    /// The source's short type name (`TcpStream`, `UnixListener`).
    pub source: &'static str,
    /// Whether the waker waits to read or to write.
    pub direction: Direction,
    /// Whose waker it is.
    pub waker: WakerId,
}
