//! The table of registered sources: one slab entry per source, and the step
//! `token -> slab entry -> waker`.
//!
//! # Tokens carry a generation
//!
//! mio hands back, with every event, the [`Token`] we gave it at registration. We pack two
//! numbers into it:
//!
//! ```text
//!   Token(usize) = [ generation : high half ][ slab key : low half ]
//! ```
//!
//! Trace lines show a token as `key.generation` ([`ShowToken`]): `token=3.7` is slot 3, held by
//! the eighth registration since the reactor was made. (The raw number, here 30064771075,
//! packs both and reads as noise.)
//!
//! The slab reuses keys as soon as an entry is removed. Without the generation, an event that was
//! already on its way for a source we just dropped would land on whatever new source took the
//! same slot, and wake the wrong task. Each registration takes a fresh generation from a counter,
//! so a stale event's token no longer matches its slot and is ignored.
//!
//! # The entry: cached readiness and one waker per direction
//!
//! ```text
//!             event (1)                       operation returned WouldBlock (3)
//!   readiness |= ready, take wakers  ───▶  readiness -= READABLE or WRITABLE
//!                     │                                 ▲
//!                     ▼                                 │
//!   (2) poll_ready(dir): bits of dir.mask() set? ── yes ─┘ (the caller tries the operation)
//!                        no: store the waker, Pending
//! ```
//!
//! (1) is [`Sources::dispatch`], (2) is [`Sources::poll_ready`], (3) is
//! [`Sources::clear_ready`]. mio is edge-triggered: the OS reports a change once, not the
//! state again and again. So the cache is the only memory of "this socket is readable", and it
//! may be cleared only when an operation *proves* it stale: by returning `WouldBlock`, or, on a
//! stream socket, by moving fewer bytes than asked (epoll(7) documents that a short read means
//! the receive buffer is exhausted; the runtime's stream sockets use that). Clearing it on a
//! guess (a short read of a *datagram*, a timer, "probably drained") could drop an edge that
//! will never come again and leave a task asleep forever next to a socket full of data.

use std::fmt;
use std::task::{Context, Poll, Waker};

use mio::Token;
use slab::Slab;

use crate::ready::{Direction, Ready};
use crate::waiters::{Waiter, WakerId};

/// How many low bits of a token hold the slab key; the rest hold the generation.
const KEY_BITS: u32 = usize::BITS / 2;
/// Masks the slab key out of a token.
const KEY_MASK: usize = (1 << KEY_BITS) - 1;

/// The most sources one reactor can hold at once: the key space of a token, less one value so
/// that no packed token can equal `REMOTE_TOKEN` (all ones).
const MAX_SOURCES: usize = KEY_MASK;

/// Packs a slab key and a generation into a token.
fn pack(key: usize, generation: usize) -> Token {
    debug_assert!(key < MAX_SOURCES);
    Token(((generation & KEY_MASK) << KEY_BITS) | key)
}

/// Splits a token into its slab key and generation.
fn unpack(token: Token) -> (usize, usize) {
    (token.0 & KEY_MASK, token.0 >> KEY_BITS)
}

/// A token as trace lines show it: `key.generation` (see the module docs).
pub(crate) struct ShowToken(pub(crate) Token);

impl fmt::Display for ShowToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (key, generation) = unpack(self.0);
        write!(f, "{key}.{generation}")
    }
}

/// A type's name without its module path, for trace lines: `TcpStream`, not
/// `mio::net::tcp::stream::TcpStream`. Generic arguments keep their paths (`Pipe<a::B>`).
pub(crate) fn short_type_name(full: &'static str) -> &'static str {
    let base = full.find('<').unwrap_or(full.len());
    match full[..base].rfind("::") {
        Some(colons) => &full[colons + 2..],
        None => full,
    }
}

/// What the reactor keeps for one registered source.
#[derive(Debug)]
struct Entry {
    /// The generation this slot was registered with; events carrying another are stale.
    generation: usize,
    /// Readiness seen and not yet proven stale. Bits are added by `dispatch` and removed only by
    /// `clear_ready` (after `WouldBlock`); closed and error bits are never removed.
    readiness: Ready,
    /// The task waiting to read, if any. Taken (not cloned) when it is woken.
    reader: Option<Waker>,
    /// The task waiting to write, if any. Taken (not cloned) when it is woken.
    writer: Option<Waker>,
    /// The source's short type name, for trace lines (`TcpStream`).
    kind: &'static str,
}

impl Entry {
    fn waker_slot(&mut self, direction: Direction) -> &mut Option<Waker> {
        match direction {
            Direction::Read => &mut self.reader,
            Direction::Write => &mut self.writer,
        }
    }
}

/// The slab of registered sources, owned by the reactor's shared state behind a `RefCell`.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// One entry per live registration, indexed by the key in its token.
    entries: Slab<Entry>,
    /// The generation the next registration gets. Wraps; a stale token would need exactly
    /// 2^32 registrations in between to collide, and it would still only cause a spurious wake.
    next_generation: usize,
}

impl Sources {
    /// Reserves a slot for a source of type `kind` (a short name, see [`short_type_name`]) and
    /// returns the token to register it with, or `None` if full.
    pub(crate) fn insert(&mut self, kind: &'static str) -> Option<Token> {
        if self.entries.len() >= MAX_SOURCES {
            return None;
        }
        let generation = self.next_generation;
        self.next_generation = self.next_generation.wrapping_add(1);
        let entry = self.entries.vacant_entry();
        let token = pack(entry.key(), generation);
        entry.insert(Entry {
            generation: generation & KEY_MASK,
            readiness: Ready::EMPTY,
            reader: None,
            writer: None,
            kind,
        });
        Some(token)
    }

    /// Frees a slot. Returns the entry's wakers so the caller can drop them outside the borrow
    /// (dropping a waker can run arbitrary code).
    pub(crate) fn remove(&mut self, token: Token) -> [Option<Waker>; 2] {
        let (key, generation) = unpack(token);
        match self.entries.get(key) {
            Some(entry) if entry.generation == generation => {
                let entry = self.entries.remove(key);
                [entry.reader, entry.writer]
            }
            _ => [None, None],
        }
    }

    /// Edge (1): records readiness for `token` and moves the wakers it satisfies into `woken`:
    /// the waiter of each direction whose [mask](Direction::mask) `ready` meets. Returns the
    /// source's type name, or `None` when the token is stale.
    pub(crate) fn dispatch(
        &mut self,
        token: Token,
        ready: Ready,
        woken: &mut Vec<Waker>,
    ) -> Option<&'static str> {
        let (key, generation) = unpack(token);
        let entry = self
            .entries
            .get_mut(key)
            .filter(|entry| entry.generation == generation)?;
        entry.readiness |= ready;
        if ready.is_readable() {
            woken.extend(entry.reader.take());
        }
        if ready.is_writable() {
            woken.extend(entry.writer.take());
        }
        Some(entry.kind)
    }

    /// Edge (2): reports the readiness that satisfies `direction`, or stores the waker.
    ///
    /// Returns the readiness, plus a replaced waker for the caller to drop outside the borrow.
    #[inline(always)]
    pub(crate) fn poll_ready(
        &mut self,
        token: Token,
        direction: Direction,
        cx: &mut Context<'_>,
    ) -> (Poll<Ready>, Option<Waker>) {
        let (key, _) = unpack(token);
        let entry = &mut self.entries[key];
        let ready = entry.readiness.intersection(direction.mask());
        if !ready.is_empty() {
            return (Poll::Ready(ready), None);
        }
        let slot = entry.waker_slot(direction);
        match slot {
            Some(waker) if waker.will_wake(cx.waker()) => (Poll::Pending, None),
            _ => (Poll::Pending, slot.replace(cx.waker().clone())),
        }
    }

    /// Edge (3): forgets readiness in `direction` after an operation returned `WouldBlock`.
    #[inline]
    pub(crate) fn clear_ready(&mut self, token: Token, direction: Direction) {
        let (key, _) = unpack(token);
        let entry = &mut self.entries[key];
        entry.readiness = entry.readiness.remove(direction.clearable());
    }

    /// The cached readiness of a source.
    pub(crate) fn readiness(&self, token: Token) -> Ready {
        self.entries[unpack(token).0].readiness
    }

    /// Appends every waker held for a source to `out`, by identity (`waiters.rs` says why not
    /// by clone), in slab order, readers before writers.
    pub(crate) fn waiters(&self, out: &mut Vec<Waiter>) {
        for (key, entry) in &self.entries {
            let held = [
                (Direction::Read, &entry.reader),
                (Direction::Write, &entry.writer),
            ];
            for (direction, waker) in held {
                if let Some(waker) = waker {
                    out.push(Waiter {
                        key,
                        generation: entry.generation,
                        source: entry.kind,
                        direction,
                        waker: WakerId::of(waker),
                    });
                }
            }
        }
    }

    /// How many sources are registered.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::Wake;

    struct CountingWaker(AtomicUsize);
    impl Wake for CountingWaker {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counting() -> (Arc<CountingWaker>, Waker) {
        let count = Arc::new(CountingWaker(AtomicUsize::new(0)));
        (count.clone(), Waker::from(count))
    }

    fn wait(sources: &mut Sources, token: Token, direction: Direction, waker: &Waker) {
        let (ready, _) = sources.poll_ready(token, direction, &mut Context::from_waker(waker));
        assert!(ready.is_pending());
    }

    fn wake_all(woken: &mut Vec<Waker>) {
        woken.drain(..).for_each(Waker::wake);
    }

    #[test]
    fn event_for_a_freed_and_reused_slot_does_not_wake_the_new_owner() {
        let mut sources = Sources::default();
        let old = sources.insert("old").unwrap();
        sources.remove(old);
        let new = sources.insert("new").unwrap();
        assert_eq!(unpack(old).0, unpack(new).0, "the slab reuses the slot");

        let (count, waker) = counting();
        wait(&mut sources, new, Direction::Read, &waker);
        let mut woken = Vec::new();
        assert_eq!(
            sources.dispatch(old, Ready::READABLE, &mut woken),
            None,
            "stale token is ignored"
        );
        assert!(woken.is_empty());
        assert!(
            sources.readiness(new).is_empty(),
            "stale readiness is not recorded"
        );

        assert_eq!(
            sources.dispatch(new, Ready::READABLE, &mut woken),
            Some("new")
        );
        wake_all(&mut woken);
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
    }

    /// Registers a source with a reader and a writer waiting; returns their wake counts after
    /// one event carrying `ready`.
    fn wakes_after(ready: Ready) -> (usize, usize) {
        let mut sources = Sources::default();
        let token = sources.insert("socket").unwrap();
        let (reads, reader) = counting();
        let (writes, writer) = counting();
        wait(&mut sources, token, Direction::Read, &reader);
        wait(&mut sources, token, Direction::Write, &writer);
        let mut woken = Vec::new();
        sources.dispatch(token, ready, &mut woken);
        wake_all(&mut woken);
        (
            reads.0.load(Ordering::SeqCst),
            writes.0.load(Ordering::SeqCst),
        )
    }

    #[test]
    fn hang_up_wakes_both_directions() {
        // mio reports EPOLLHUP as both read-closed and write-closed.
        assert_eq!(
            wakes_after(Ready::READ_CLOSED | Ready::WRITE_CLOSED),
            (1, 1)
        );
        assert_eq!(wakes_after(Ready::ERROR), (1, 1));
    }

    #[test]
    fn a_closed_side_wakes_only_its_own_direction() {
        assert_eq!(wakes_after(Ready::READ_CLOSED), (1, 0), "a peer's FIN");
        assert_eq!(
            wakes_after(Ready::WRITE_CLOSED),
            (0, 1),
            "a pipe nobody reads"
        );
    }

    #[test]
    fn waiters_name_each_held_waker_by_identity_and_direction() {
        let mut sources = Sources::default();
        let idle = sources.insert("Idle").unwrap();
        let busy = sources.insert("Busy").unwrap();
        let (_, reader) = counting();
        wait(&mut sources, busy, Direction::Read, &reader);
        let mut waiters = Vec::new();
        sources.waiters(&mut waiters);
        let (key, generation) = unpack(busy);
        assert_eq!(
            waiters,
            [Waiter {
                key,
                generation,
                source: "Busy",
                direction: Direction::Read,
                waker: WakerId::of(&reader),
            }]
        );
        assert_ne!(unpack(idle).0, key);
        assert_eq!(WakerId::of(&reader.clone()), WakerId::of(&reader));
    }

    #[test]
    fn would_block_clears_readable_but_never_closed() {
        let mut sources = Sources::default();
        let token = sources.insert("socket").unwrap();
        sources.dispatch(token, Ready::READABLE | Ready::READ_CLOSED, &mut Vec::new());
        sources.clear_ready(token, Direction::Read);
        assert_eq!(sources.readiness(token), Ready::READ_CLOSED);
    }

    #[test]
    fn trace_lines_name_a_token_by_key_and_generation_and_a_source_by_its_short_type() {
        assert_eq!(ShowToken(pack(3, 7)).to_string(), "3.7");
        let name = std::any::type_name::<mio::net::TcpStream>();
        assert_eq!(short_type_name(name), "TcpStream");
        assert_eq!(short_type_name("Plain"), "Plain");
        assert_eq!(short_type_name("a::Pipe<b::End>"), "Pipe<b::End>");
    }

    #[test]
    fn tokens_round_trip_and_never_collide_with_the_remote_token() {
        let token = pack(MAX_SOURCES - 1, usize::MAX);
        assert_ne!(token, crate::reactor::REMOTE_TOKEN);
        assert_eq!(unpack(pack(7, 42)), (7, 42));
    }
}
