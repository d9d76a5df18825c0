//! The hierarchical timing wheel: where each timer sits, how time advances, and when a slot's
//! timers move down a level (cascade) or fire.
//!
//! # Placement
//!
//! Time is counted in ticks of one millisecond since the wheel's origin, and `elapsed` is the
//! tick the wheel has advanced to. A timer due at tick `t` goes to the level of the highest
//! 6-bit digit in which `t` and `elapsed` differ, in the slot named by `t`'s digit there:
//!
//! ```text
//!   level = (highest set bit of (t ^ elapsed), at least 5) / 6     slot = (t >> 6 * level) % 64
//!
//!   elapsed =  ...  000011 | 000010 | 101000     (tick 12456)
//!   t       =  ...  000011 | 000101 | 010001     (tick 12625): digits differ first at level 1,
//!                            ^^^^^^                          so level 1, slot 5
//! ```
//!
//! So level 0 holds the timers due in the rest of `elapsed`'s current 64 ms, one tick per slot;
//! level 1 the rest of its current 4096 ms, 64 ms per slot; and so on up to level 5, whose slots
//! are 64^5 ms (about 12 days) wide and which reaches 2^36 ms (about 795 days) from the start
//! of `elapsed`'s block. Beyond that a timer waits in the overflow list. Two things follow:
//!
//! - every timer at level `L` is due before every timer at level `L + 1` (they share one more
//!   digit with `elapsed`), and within a level slots are in time order: the next timer is in
//!   the lowest occupied slot of the lowest occupied level, found with two bit scans;
//! - a timer due at or before `elapsed` (inserted after its deadline passed) goes to the slot of
//!   `elapsed` itself: the *current slot*, the only one that can hold timers not yet due whose
//!   slot has begun.
//!
//! # Advancing: edges of a timer's life
//!
//! ```text
//!          (1) insert                (2) cascade: the slot's start is reached
//!   new ───────────────▶ level L ────────────────────────────────────────▶ level < L
//!                          │   ▲                                               │
//!          (4) remove      │   └───────────────────────────────────────────────┘
//!   freed ◀────────────────┤                        (again, until level 0)
//!                          │ (3) level 0 slot reached, deadline <= now
//!   fired ◀────────────────┘
//! ```
//!
//! (1) is [`Wheel::insert`], (4) [`Wheel::remove`]; [`Wheel::advance`] does (2) and (3): it takes
//! the next occupied slot while that slot's start is not after now, moves `elapsed` to it, and
//! either fires it (level 0) or re-inserts its timers relative to the new `elapsed`, which puts
//! each one level lower (or more). A level-0 slot that has begun but not ended, the current slot,
//! is scanned instead: its timers due by `now` fire and the rest stay. Lists keep insertion order
//! through every move, so timers with equal deadlines fire in the order they were inserted.

use std::task::Waker;

use super::entries::{Entries, List, NIL};

/// How many levels the wheel has.
pub(crate) const LEVELS: usize = 6;
/// Slots per level (64: a level's occupied slots fit one `u64` bitmap).
const SLOTS: usize = 64;
/// log2 of `SLOTS`: the width of one digit of a tick.
const SLOT_BITS: u32 = 6;
/// One tick is a millisecond.
pub(crate) const NANOS_PER_TICK: u64 = 1_000_000;

/// One ring of 64 slots.
#[derive(Debug)]
struct Level {
    /// Bit `s` is set exactly when `slots[s]` is not empty.
    occupied: u64,
    /// The timers of each slot, in insertion order.
    slots: [List; SLOTS],
}

/// Where a timer sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// In a slot of a level.
    Slot {
        /// 0 to `LEVELS - 1`.
        level: usize,
        /// 0 to 63.
        slot: usize,
    },
    /// Further away than the levels reach.
    Overflow,
}

/// The levels, the overflow list and the wheel's notion of now.
#[derive(Debug)]
pub(crate) struct Wheel {
    /// Level 0 (1 ms slots) to level 5 (64^5 ms slots).
    levels: [Level; LEVELS],
    /// Timers beyond level 5's reach, re-placed when `elapsed` enters their block of 2^36 ticks.
    overflow: List,
    /// The tick the wheel has advanced to; only [`Wheel::advance`] moves it, never backwards.
    elapsed: u64,
    /// A lower bound on the deadlines (in nanoseconds) of the current slot's timers, exact after
    /// a scan; `u64::MAX` when that slot is empty. Lets a turn skip scanning a slot with nothing
    /// due yet, and gives the next deadline to the nanosecond when it is this close.
    current_earliest: u64,
}

impl Wheel {
    /// An empty wheel at tick 0.
    pub(crate) fn new() -> Wheel {
        const EMPTY_LEVEL: Level = Level {
            occupied: 0,
            slots: [List::EMPTY; SLOTS],
        };
        Wheel {
            levels: [EMPTY_LEVEL; LEVELS],
            overflow: List::EMPTY,
            elapsed: 0,
            current_earliest: u64::MAX,
        }
    }

    /// Edge (1): links the entry at `index` into the slot its deadline belongs to.
    pub(crate) fn insert(&mut self, entries: &mut Entries, index: u32) {
        let deadline = entries.get(index).deadline;
        let place = self.place(deadline);
        if place == self.current() {
            self.current_earliest = self.current_earliest.min(deadline);
        }
        entries.push_back(self.list(place), index);
        if let Place::Slot { level, slot } = place {
            self.levels[level].occupied |= 1 << slot;
        }
    }

    /// Edge (4): unlinks the entry at `index` (which must be linked) from its slot.
    pub(crate) fn remove(&mut self, entries: &mut Entries, index: u32) {
        let place = self.place(entries.get(index).deadline);
        let list = self.list(place);
        entries.unlink(list, index);
        if let (true, Place::Slot { level, slot }) = (list.is_empty(), place) {
            self.levels[level].occupied &= !(1 << slot);
        }
    }

    /// A lower bound on the earliest deadline, in nanoseconds: exact for the current slot, the
    /// slot's start otherwise (at most one slot's width early; at level 0, under 1 ms).
    pub(crate) fn next_expiration(&self) -> Option<u64> {
        let (place, start) = self.next_slot()?;
        if place == self.current() {
            return Some(self.current_earliest);
        }
        Some(start.saturating_mul(NANOS_PER_TICK))
    }

    /// Edges (2) and (3): advances to `now` (nanoseconds), moving the wakers of every timer due
    /// by then into `due`, slot by slot in time order.
    pub(crate) fn advance(&mut self, entries: &mut Entries, now: u64, due: &mut Vec<Waker>) {
        let now_tick = now / NANOS_PER_TICK;
        while let Some((place, start)) = self.next_slot() {
            if start > now_tick {
                break;
            }
            if start != self.elapsed {
                self.enter(start);
            }
            match place {
                Place::Slot { level: 0, slot } if start == now_tick => {
                    self.scan_current(entries, slot, now, due);
                    break;
                }
                Place::Slot { level: 0, slot } => {
                    let mut index = self.take(Place::Slot { level: 0, slot }).head;
                    while index != NIL {
                        let next = entries.next(index);
                        due.extend(entries.free(index));
                        index = next;
                    }
                }
                cascading => {
                    let mut index = self.take(cascading).head;
                    while index != NIL {
                        let next = entries.next(index);
                        self.insert(entries, index);
                        index = next;
                    }
                }
            }
        }
        if now_tick > self.elapsed {
            self.enter(now_tick);
        }
    }

    /// Fires the current slot's timers due by `now` and keeps the rest, in order.
    fn scan_current(&mut self, entries: &mut Entries, slot: usize, now: u64, due: &mut Vec<Waker>) {
        if now < self.current_earliest {
            return;
        }
        let mut earliest = u64::MAX;
        let list = &mut self.levels[0].slots[slot];
        let mut index = list.head;
        while index != NIL {
            let next = entries.next(index);
            let deadline = entries.get(index).deadline;
            if deadline <= now {
                entries.unlink(list, index);
                due.extend(entries.free(index));
            } else {
                earliest = earliest.min(deadline);
            }
            index = next;
        }
        if list.is_empty() {
            self.levels[0].occupied &= !(1 << slot);
        }
        self.current_earliest = earliest;
    }

    /// Moves `elapsed` forward to `tick`, which starts no later than the next occupied slot.
    fn enter(&mut self, tick: u64) {
        debug_assert!(tick >= self.elapsed, "the wheel never runs backwards");
        self.elapsed = tick;
        // Whatever was placed in the new current slot was placed by tick, not to the nanosecond.
        let occupied = self.levels[0].occupied & (1 << (tick % SLOTS as u64)) != 0;
        self.current_earliest = if occupied {
            tick.saturating_mul(NANOS_PER_TICK)
        } else {
            u64::MAX
        };
    }

    /// The next occupied slot (or the overflow list) and the tick at which it begins.
    fn next_slot(&self) -> Option<(Place, u64)> {
        for (level, ring) in self.levels.iter().enumerate() {
            if ring.occupied == 0 {
                continue;
            }
            let slot = ring.occupied.trailing_zeros() as usize;
            let shift = SLOT_BITS * level as u32;
            debug_assert!(
                slot as u64 >= (self.elapsed >> shift) % SLOTS as u64,
                "a slot behind `elapsed` is still occupied"
            );
            // The start of `elapsed`'s block at this level, plus `slot` slots of this level.
            let block = self.elapsed >> (shift + SLOT_BITS) << (shift + SLOT_BITS);
            return Some((
                Place::Slot { level, slot },
                block + ((slot as u64) << shift),
            ));
        }
        if self.overflow.is_empty() {
            return None;
        }
        let reach = SLOT_BITS * LEVELS as u32;
        Some((Place::Overflow, ((self.elapsed >> reach) + 1) << reach))
    }

    /// Where a timer with `deadline` (nanoseconds) belongs, given `elapsed`.
    fn place(&self, deadline: u64) -> Place {
        let tick = (deadline / NANOS_PER_TICK).max(self.elapsed);
        // `| (SLOTS - 1)` makes "differs in no digit, or only in digit 0" both level 0.
        let differs = (tick ^ self.elapsed) | (SLOTS as u64 - 1);
        let level = ((63 - differs.leading_zeros()) / SLOT_BITS) as usize;
        if level >= LEVELS {
            return Place::Overflow;
        }
        let slot = (tick >> (SLOT_BITS * level as u32)) as usize % SLOTS;
        Place::Slot { level, slot }
    }

    /// The current slot: level 0, tick `elapsed`.
    fn current(&self) -> Place {
        Place::Slot {
            level: 0,
            slot: (self.elapsed % SLOTS as u64) as usize,
        }
    }

    /// The list at `place`.
    fn list(&mut self, place: Place) -> &mut List {
        match place {
            Place::Slot { level, slot } => &mut self.levels[level].slots[slot],
            Place::Overflow => &mut self.overflow,
        }
    }

    /// Empties the list at `place` and returns what it held (the entries keep their links).
    fn take(&mut self, place: Place) -> List {
        if let Place::Slot { level, slot } = place {
            self.levels[level].occupied &= !(1 << slot);
        }
        std::mem::replace(self.list(place), List::EMPTY)
    }
}
