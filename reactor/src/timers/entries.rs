//! The timers' storage: a slab of small entries with generation-checked keys, threaded into
//! doubly linked lists by index.
//!
//! Every pending timer is one [`Entry`] in one `Vec`; a wheel slot is not a container but a
//! [`List`], two indexes naming the first and last entry of a chain that runs through the
//! entries' own `next`/`prev` fields. So a timer costs one entry and nothing else, whichever slot
//! it sits in, and moving it between slots (a cascade) or out of one (a cancel) rewrites a few
//! indexes and allocates nothing.
//!
//! ```text
//!   entries: [ 0: deadline 7 ms  ][ 1: vacant ][ 2: deadline 7.4 ms ][ 3: deadline 90 ms ]
//!              prev NIL, next 2     next free    prev 0, next NIL       prev NIL, next NIL
//!
//!   slot "7 ms":  List { head: 0, tail: 2 }     slot "64..127 ms": List { head: 3, tail: 3 }
//!   free list:    1 -> NIL
//! ```
//!
//! # Keys and generations
//!
//! A freed entry goes onto the free list and is reused by the next insert. Its `generation` goes
//! up by one when it is freed, and a [`TimerKey`](super::TimerKey) carries the generation it was
//! made with: a key whose timer has fired or been cancelled finds a different generation (or a
//! vacant entry) and touches nothing. A 32-bit generation wraps after four billion reuses of one
//! entry; a key would have to be kept unused that long to collide, which we accept.
//!
//! # Layout
//!
//! An entry is 40 bytes: the waker (16; `None` marks a vacant entry, free thanks to the waker's
//! non-null vtable), the exact deadline in nanoseconds since the wheel's origin (8), two 32-bit
//! links (8) and the generation (4, padded to 8; never zero, so a key has a niche and
//! `Option<TimerKey>` is 8 bytes like the key). Indexes are `u32`, so one reactor holds at most
//! four billion timers at once.

use std::num::NonZeroU32;
use std::task::Waker;

/// "No entry": the end of a list, or of the free list.
pub(crate) const NIL: u32 = u32::MAX;

/// One timer, or a vacant place for one.
#[derive(Debug)]
pub(crate) struct Entry {
    /// What to wake when the timer fires; `None` while the entry is vacant (on the free list).
    pub(crate) waker: Option<Waker>,
    /// The exact deadline, nanoseconds after the wheel's origin. Set once, at insertion.
    pub(crate) deadline: u64,
    /// The next entry in the same list (or in the free list, while vacant); `NIL` at the end.
    next: u32,
    /// The previous entry in the same list; `NIL` at the head. Unused while vacant.
    prev: u32,
    /// Bumped each time the entry is freed, so keys made before that find nothing.
    /// Never zero, so that an `Option<TimerKey>` (in every `Sleep`) costs no extra word.
    pub(crate) generation: NonZeroU32,
}

/// A chain of entries: one wheel slot, or the overflow list. Empty when `head` is `NIL`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct List {
    /// The oldest entry (fired first); `NIL` when empty.
    pub(crate) head: u32,
    /// The newest entry, where `push_back` appends; `NIL` when empty.
    tail: u32,
}

impl List {
    /// A list with nothing in it.
    pub(crate) const EMPTY: List = List {
        head: NIL,
        tail: NIL,
    };

    /// True when no entry is linked in.
    pub(crate) fn is_empty(&self) -> bool {
        self.head == NIL
    }
}

/// The slab of entries and its free list.
#[derive(Debug)]
pub(crate) struct Entries {
    /// Every entry ever made, occupied or vacant; never shrinks.
    slots: Vec<Entry>,
    /// The first vacant entry, `NIL` if none: the next insert reuses it.
    free: u32,
}

impl Entries {
    /// An empty slab.
    pub(crate) fn new() -> Entries {
        Entries {
            slots: Vec::new(),
            free: NIL,
        }
    }

    /// Takes a vacant entry (or makes one) for `deadline` and `waker`; returns its index and
    /// generation. The entry is in no list yet.
    ///
    /// # Panics
    /// With four billion timers pending at once.
    pub(crate) fn alloc(&mut self, deadline: u64, waker: Waker) -> (u32, NonZeroU32) {
        if self.free != NIL {
            let index = self.free;
            let entry = &mut self.slots[index as usize];
            self.free = entry.next;
            entry.waker = Some(waker);
            entry.deadline = deadline;
            entry.next = NIL;
            entry.prev = NIL;
            return (index, entry.generation);
        }
        let index = u32::try_from(self.slots.len())
            .ok()
            .filter(|&index| index != NIL)
            .expect("reactor: more than four billion timers at once");
        self.slots.push(Entry {
            waker: Some(waker),
            deadline,
            next: NIL,
            prev: NIL,
            generation: NonZeroU32::MIN,
        });
        (index, NonZeroU32::MIN)
    }

    /// Vacates an entry that is in no list, bumping its generation; returns its waker.
    pub(crate) fn free(&mut self, index: u32) -> Option<Waker> {
        let entry = &mut self.slots[index as usize];
        entry.generation = entry.generation.checked_add(1).unwrap_or(NonZeroU32::MIN);
        entry.next = self.free;
        self.free = index;
        entry.waker.take()
    }

    /// The entry at `index` if it is occupied and still of `generation`.
    pub(crate) fn get_mut(&mut self, index: u32, generation: NonZeroU32) -> Option<&mut Entry> {
        self.slots
            .get_mut(index as usize)
            .filter(|entry| entry.generation == generation && entry.waker.is_some())
    }

    /// The entry at `index`, which the caller knows to be occupied.
    pub(crate) fn get(&self, index: u32) -> &Entry {
        &self.slots[index as usize]
    }

    /// The entry after `index` in its list.
    pub(crate) fn next(&self, index: u32) -> u32 {
        self.slots[index as usize].next
    }

    /// Appends `index` (in no list) to the end of `list`: lists keep insertion order.
    pub(crate) fn push_back(&mut self, list: &mut List, index: u32) {
        let tail = list.tail;
        {
            let entry = &mut self.slots[index as usize];
            entry.prev = tail;
            entry.next = NIL;
        }
        match tail {
            NIL => list.head = index,
            tail => self.slots[tail as usize].next = index,
        }
        list.tail = index;
    }

    /// Takes `index` out of `list`, which must be the list it is in.
    pub(crate) fn unlink(&mut self, list: &mut List, index: u32) {
        let (prev, next) = {
            let entry = &self.slots[index as usize];
            (entry.prev, entry.next)
        };
        match prev {
            NIL => list.head = next,
            prev => self.slots[prev as usize].next = next,
        }
        match next {
            NIL => list.tail = prev,
            next => self.slots[next as usize].prev = prev,
        }
    }
}
