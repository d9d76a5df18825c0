//! The wheel against its rules: each level's boundaries, far deadlines, removal after a timer
//! moved down, ties, and a seeded random walk compared with a `BTreeMap` keyed like the old
//! implementation (deadline, then insertion order).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::task::{Wake, Waker};
use std::time::{Duration, Instant};

use super::{TimerKey, Timers};

/// A waker that records its id in a shared log when woken.
struct Id(u64, Arc<Mutex<Vec<u64>>>);
impl Wake for Id {
    fn wake(self: Arc<Self>) {
        self.1.lock().unwrap().push(self.0);
    }
}

/// A `Timers` driven by hand, with a log of which ids fired.
struct Rig {
    timers: Timers,
    origin: Instant,
    now: Instant,
    log: Arc<Mutex<Vec<u64>>>,
}

impl Rig {
    fn new() -> Rig {
        let origin = Instant::now();
        Rig {
            timers: Timers::new(origin),
            origin,
            now: origin,
            log: Arc::default(),
        }
    }

    fn at(&self, nanos: u64) -> Instant {
        self.origin + Duration::from_nanos(nanos)
    }

    fn insert(&mut self, id: u64, deadline: Instant) -> TimerKey {
        let waker = Waker::from(Arc::new(Id(id, self.log.clone())));
        self.timers.insert(deadline, waker)
    }

    /// Moves now to `nanos` after the origin, fires, and returns the ids fired, in order.
    fn advance_to(&mut self, nanos: u64) -> Vec<u64> {
        self.now = self.at(nanos);
        let mut due = Vec::new();
        let fired = self.timers.fire_due(self.now, &mut due);
        assert_eq!(fired, due.len());
        due.into_iter().for_each(Waker::wake);
        let fired = std::mem::take(&mut *self.log.lock().unwrap());
        if let Some(next) = self.timers.next_deadline() {
            assert!(
                next > self.now,
                "after firing, the next deadline is in the future"
            );
        }
        fired
    }
}

const MS: u64 = 1_000_000;

#[test]
fn each_level_boundary_fires_exactly_at_its_deadline() {
    for level in 0..7u32 {
        // The first tick of level `level`'s reach, and its neighbours, to the nanosecond.
        let edge = 64u64.pow(level) * MS;
        for deadline in [edge - MS, edge - 1, edge, edge + 1, edge + MS] {
            let mut rig = Rig::new();
            rig.insert(1, rig.at(deadline));
            let next = rig.timers.next_deadline().unwrap();
            assert!(
                next <= rig.at(deadline),
                "level {level}: next deadline is late"
            );
            if deadline > 0 {
                assert_eq!(rig.advance_to(deadline - 1), [0u64; 0], "fired early");
            }
            assert_eq!(rig.advance_to(deadline), [1], "not fired at its deadline");
            assert_eq!(rig.timers.len(), 0);
        }
    }
}

#[test]
fn stepping_through_every_slot_start_never_fires_early() {
    let mut rig = Rig::new();
    let deadline = 3 * 64 * 64 * MS + 5 * 64 * MS + 7 * MS + 300;
    rig.insert(1, rig.at(deadline));
    let mut steps = 0;
    // Follow the next deadline as a paused clock would: each jump lands no later than the timer.
    loop {
        let next = rig.timers.next_deadline().unwrap();
        let nanos = (next - rig.origin).as_nanos() as u64;
        assert!(nanos <= deadline);
        steps += 1;
        if !rig.advance_to(nanos).is_empty() {
            break;
        }
    }
    assert_eq!(rig.now, rig.at(deadline));
    assert!(
        steps <= 4,
        "one jump per level, then the exact deadline: {steps}"
    );
}

#[test]
fn far_deadlines_wait_in_the_overflow_and_fire() {
    let mut rig = Rig::new();
    let beyond = (1u64 << 36) * MS + 5 * MS; // past level 5's reach
    let centuries = u64::MAX / 2;
    rig.insert(1, rig.at(centuries));
    rig.insert(2, rig.at(beyond));
    assert!(rig.timers.next_deadline().unwrap() <= rig.at(beyond));
    assert_eq!(rig.advance_to(beyond - 1), [0u64; 0]);
    assert_eq!(rig.advance_to(beyond), [2]);
    assert_eq!(rig.advance_to(centuries), [1]);
}

#[test]
fn a_timer_moved_down_a_level_can_still_be_removed() {
    let mut rig = Rig::new();
    let a = rig.insert(1, rig.at(100 * MS)); // level 1, slot 1 (64..127 ms)
    rig.insert(2, rig.at(100 * MS));
    let c = rig.insert(3, rig.at(130 * MS)); // level 1, slot 2
    let d = rig.insert(4, rig.at(120 * MS));
    assert_eq!(rig.advance_to(64 * MS), [0u64; 0]); // slot 1 moves down to level 0
    assert!(rig.timers.remove(a).is_some(), "the head of its new slot");
    assert!(
        rig.timers.remove(d).is_some(),
        "the only one of its new slot"
    );
    assert!(rig.timers.remove(c).is_some(), "still at level 1");
    assert!(rig.timers.remove(c).is_none(), "a key removes at most once");
    assert_eq!(rig.advance_to(200 * MS), [2]);
    assert_eq!(rig.timers.next_deadline(), None);
}

#[test]
fn ties_fire_in_insertion_order_at_every_level() {
    for level in 0..6u32 {
        let mut rig = Rig::new();
        let deadline = 64u64.pow(level) * 3 * MS + 17;
        for id in 0..8 {
            rig.insert(id, rig.at(deadline));
            // An earlier one between each, so the tied ones are not adjacent in their list.
            rig.insert(100 + id, rig.at(deadline - 1));
        }
        let fired = rig.advance_to(deadline);
        let tied: Vec<u64> = fired.iter().copied().filter(|&id| id < 100).collect();
        assert_eq!(tied, (0..8).collect::<Vec<_>>(), "level {level}");
        assert_eq!(fired.len(), 16);
    }
}

#[test]
fn a_past_deadline_fires_on_the_next_advance_and_stale_keys_touch_nothing() {
    let mut rig = Rig::new();
    assert_eq!(rig.advance_to(10 * MS + 500), [0u64; 0]);
    let late = rig.insert(1, rig.at(2 * MS));
    assert_eq!(rig.timers.next_deadline(), Some(rig.at(2 * MS)));
    assert_eq!(rig.advance_to(10 * MS + 500), [1]);
    let waker = Waker::from(Arc::new(Id(0, rig.log.clone())));
    assert!(rig.timers.set_waker(late, &waker).is_err());
    let reused = rig.insert(2, rig.at(20 * MS)); // takes the freed entry
    assert!(
        rig.timers.remove(late).is_none(),
        "an old key for a reused entry"
    );
    assert_eq!(rig.advance_to(20 * MS), [2]);
    assert!(rig.timers.remove(reused).is_none(), "a fired timer");
}

/// xorshift64: a seeded sequence, so a failure repeats.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A delay from a mix that reaches every level, the overflow, and the past.
fn delay(rng: &mut Rng) -> i64 {
    let delay = match rng.below(10) {
        0..=2 => rng.below(3 * MS),
        3..=4 => rng.below(70 * MS),
        5 => rng.below(5000 * MS),
        6 => 64u64.pow(rng.below(7) as u32) * MS, // exactly on a level's edge
        7 => rng.below(1 << 40) * MS,
        8 => rng.below(8) * MS, // many ties
        _ => return -(rng.below(5 * MS) as i64),
    };
    delay as i64
}

#[test]
fn a_random_walk_fires_what_an_ordered_map_fires() {
    let (steps, seeds) = if cfg!(miri) { (100, 1) } else { (30_000, 3) };
    for seed in [1, 0x9e37_79b9_7f4a_7c15, 42].into_iter().take(seeds) {
        let mut rng = Rng(seed);
        let mut rig = Rig::new();
        let mut now: u64 = 0;
        // (deadline, seq) -> id, like the old BTreeMap; and each id's key and deadline.
        let mut reference: BTreeMap<(u64, u64), u64> = BTreeMap::new();
        let mut live: Vec<(u64, TimerKey, u64)> = Vec::new();
        let mut dead: Vec<TimerKey> = Vec::new();
        for seq in 0..steps {
            match rng.below(10) {
                0..=4 => {
                    let deadline = (now as i64 + delay(&mut rng)).max(0) as u64;
                    let key = rig.insert(seq, rig.at(deadline));
                    reference.insert((deadline, seq), seq);
                    live.push((seq, key, deadline));
                }
                5..=6 if !live.is_empty() => {
                    let (id, key, deadline) =
                        live.swap_remove(rng.below(live.len() as u64) as usize);
                    assert!(rig.timers.remove(key).is_some(), "seed {seed}: lost {id}");
                    assert_eq!(reference.remove(&(deadline, id)), Some(id));
                    dead.push(key);
                }
                7 if !dead.is_empty() => {
                    let key = dead[rng.below(dead.len() as u64) as usize];
                    assert!(rig.timers.remove(key).is_none(), "seed {seed}: a stale key");
                }
                _ => {
                    now += match rng.below(4) {
                        0 => rng.below(MS),
                        1 => rng.below(100 * MS),
                        2 => rng.below(10_000 * MS),
                        _ => rng.below(1 << 30) * MS,
                    };
                    let fired = rig.advance_to(now);
                    let mut expected = Vec::new();
                    while let Some(entry) = reference.first_entry() {
                        if entry.key().0 > now {
                            break;
                        }
                        expected.push(entry.remove());
                    }
                    let mut sorted = fired.clone();
                    sorted.sort_unstable();
                    let mut want = expected.clone();
                    want.sort_unstable();
                    assert_eq!(sorted, want, "seed {seed}: fired a different set at {now}");
                    // Equal deadlines: the same relative order as the map's (insertion order).
                    let deadline_of = |id: &u64| live.iter().find(|l| l.0 == *id).unwrap().2;
                    for pair in expected.windows(2) {
                        if deadline_of(&pair[0]) == deadline_of(&pair[1]) {
                            let pos = |id| fired.iter().position(|f| *f == id).unwrap();
                            assert!(pos(pair[0]) < pos(pair[1]), "seed {seed}: tie order");
                        }
                    }
                    let (gone, kept) = live.into_iter().partition(|l| fired.contains(&l.0));
                    live = kept;
                    dead.extend(gone.into_iter().map(|(_, key, _)| key));
                }
            }
            assert_eq!(rig.timers.len(), reference.len(), "seed {seed}");
            let earliest = reference.first_key_value().map(|((d, _), _)| rig.at(*d));
            match (rig.timers.next_deadline(), earliest) {
                (None, None) => {}
                (Some(next), Some(earliest)) => {
                    assert!(next <= earliest, "seed {seed}: the next deadline is late")
                }
                other => panic!("seed {seed}: next deadline {other:?}"),
            }
        }
    }
}

#[test]
fn an_entry_is_40_bytes_and_an_optional_key_8() {
    assert_eq!(std::mem::size_of::<super::entries::Entry>(), 40);
    assert_eq!(std::mem::size_of::<Option<TimerKey>>(), 8);
}
