//! [`Ring`]: the broadcast channel's storage. Each message is stored once, in a ring of
//! `capacity` slots, and every receiver reads it from there at its own pace.
//!
//! # Sequence numbers
//!
//! Message number `seq` (counting from 0 since the channel was made) lives in slot
//! `seq % capacity`. `tail` is the number of the next message to send, so the ring holds
//! messages `tail - capacity .. tail` (fewer at the start). A receiver is just the number of
//! the next message it wants, `next`:
//!
//! ```text
//!   seq:    ... 5  6 │ 7  8  9  10 │ 11 (tail)          capacity 4
//!                    └─ retained ──┘
//!   receiver A: next = 9    reads 9, then 10, then waits for 11
//!   receiver B: next = 5    fell behind: messages 5 and 6 were overwritten. Its next read is
//!                           Lagged(2), moving it to 7, the oldest message still retained;
//!                           then it reads 7, 8, ... like anyone else
//! ```
//!
//! A slow receiver never holds the senders back (they never wait; the oldest message is
//! overwritten) and never sees a gap silently: the gap is reported, with its size, once.
//!
//! # When a message is dropped
//!
//! Each slot counts the receivers that have yet to read its message, `unread`, set to the
//! number of receivers when it is sent. Each read decrements it; the last reader *moves* the
//! message out instead of cloning it, so with one receiver nothing is ever cloned, and a
//! message everyone has read does not linger. A receiver that is dropped settles its unread
//! messages with [`Ring::forget`]. A slot that is overwritten simply starts a new count: every
//! receiver that missed the old message is told so by `Lagged`.
//!
//! Values leave the ring by being returned, never by being dropped in place: the caller drops
//! them after releasing its borrow, since a message's destructor may use the channel.

/// What a receiver found at its position.
#[derive(Debug)]
pub(super) enum Read<T> {
    /// The next message (a clone, or the value itself for the last reader).
    Message(T),
    /// The receiver had fallen behind by this many messages and now stands at the oldest one
    /// retained.
    Lagged(u64),
    /// Nothing newer than the receiver's position has been sent.
    Empty,
}

/// A ring of message slots (see the module doc).
#[derive(Debug)]
pub(super) struct Ring<T> {
    /// `capacity` slots; message `seq` lives in `slots[seq % capacity]`. Never resized.
    slots: Box<[Slot<T>]>,
    /// The number of the next message to send: `tail - capacity .. tail` are retained.
    tail: u64,
}

/// One message's slot.
#[derive(Debug)]
struct Slot<T> {
    /// The number of the message in this slot (meaningless while `value` was never set).
    seq: u64,
    /// The message, until its last reader moves it out or a newer message overwrites it.
    value: Option<T>,
    /// Receivers that have neither read nor forgotten this message. At 0, `value` is `None`.
    unread: usize,
}

impl<T> Ring<T> {
    /// An empty ring of `capacity` slots (at least 1).
    pub(super) fn new(capacity: usize) -> Ring<T> {
        Ring {
            slots: (0..capacity.max(1))
                .map(|_| Slot {
                    seq: 0,
                    value: None,
                    unread: 0,
                })
                .collect(),
            tail: 0,
        }
    }

    /// The number of the next message to send: where a new receiver starts.
    pub(super) fn tail(&self) -> u64 {
        self.tail
    }

    fn capacity(&self) -> u64 {
        self.slots.len() as u64
    }

    /// The number of the oldest message retained.
    pub(super) fn oldest(&self) -> u64 {
        self.tail.saturating_sub(self.capacity())
    }

    fn slot_mut(&mut self, seq: u64) -> &mut Slot<T> {
        let index = (seq % self.capacity()) as usize;
        &mut self.slots[index]
    }

    /// Stores `value` as the next message, to be read by `readers` receivers. Returns the
    /// message it overwrote, if some receiver had not read it yet, for the caller to drop.
    #[must_use = "drop the overwritten message after releasing the borrow"]
    pub(super) fn push(&mut self, value: T, readers: usize) -> Option<T> {
        let seq = self.tail;
        let slot = self.slot_mut(seq);
        let overwritten = slot.value.replace(value);
        slot.seq = seq;
        slot.unread = readers;
        self.tail += 1;
        overwritten
    }

    /// Reads the message numbered `*next` and advances `*next` past it, or reports a lag (and
    /// moves `*next` to the oldest retained message), or finds nothing new.
    pub(super) fn read(&mut self, next: &mut u64) -> Read<T>
    where
        T: Clone,
    {
        let oldest = self.oldest();
        if *next < oldest {
            let missed = oldest - *next;
            *next = oldest;
            return Read::Lagged(missed);
        }
        if *next == self.tail {
            return Read::Empty;
        }
        let slot = self.slot_mut(*next);
        debug_assert_eq!(slot.seq, *next, "a retained message sits in its own slot");
        *next += 1;
        slot.unread -= 1;
        let value = if slot.unread == 0 {
            slot.value.take() // the last reader: no clone needed
        } else {
            slot.value.clone()
        };
        Read::Message(value.expect("a message stays stored until its last reader"))
    }

    /// A receiver standing at `next` is gone: it will never read `next .. tail`. Settles one
    /// of those messages, number `seq`, and returns it if that receiver was its last reader.
    /// Returns `None` too for messages already overwritten (their count was reset then).
    #[must_use = "drop the message after releasing the borrow"]
    pub(super) fn forget(&mut self, seq: u64) -> Option<T> {
        if seq < self.oldest() || seq >= self.tail {
            return None;
        }
        let slot = self.slot_mut(seq);
        if slot.seq != seq || slot.unread == 0 {
            return None;
        }
        slot.unread -= 1;
        if slot.unread == 0 {
            slot.value.take()
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receiver_that_falls_behind_lags_by_the_overwritten_count_then_reads_the_oldest() {
        let mut ring = Ring::new(2);
        let mut next = ring.tail();
        for n in 0..5 {
            assert_eq!(ring.push(n, 1), if n >= 2 { Some(n - 2) } else { None });
        }
        assert!(matches!(ring.read(&mut next), Read::Lagged(3)));
        assert!(matches!(ring.read(&mut next), Read::Message(3)));
        assert!(matches!(ring.read(&mut next), Read::Message(4)));
        assert!(matches!(ring.read(&mut next), Read::Empty));
    }

    #[test]
    fn the_last_reader_moves_the_message_out() {
        let mut ring = Ring::new(4);
        let (mut a, mut b) = (ring.tail(), ring.tail());
        assert!(ring.push(String::from("hi"), 2).is_none());
        assert!(matches!(ring.read(&mut a), Read::Message(s) if s == "hi"));
        assert!(ring.slots[0].value.is_some(), "b has not read it yet");
        assert!(matches!(ring.read(&mut b), Read::Message(s) if s == "hi"));
        assert!(ring.slots[0].value.is_none(), "read by everyone: gone");
    }

    #[test]
    fn forgetting_a_message_as_its_last_reader_returns_it() {
        let mut ring = Ring::new(4);
        let mut a = ring.tail();
        assert!(ring.push(1, 2).is_none());
        assert!(matches!(ring.read(&mut a), Read::Message(1)));
        assert_eq!(ring.forget(0), Some(1));
        assert_eq!(ring.forget(0), None, "settled once");
    }
}
