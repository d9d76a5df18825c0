//! Timers fire in deadline order, ties in insertion order, cancelled ones never; and a turn
//! sleeps exactly as long as the earliest timer allows.

mod util;

use std::cell::RefCell;
use std::sync::{Arc, Mutex};
use std::task::{Wake, Waker};
use std::time::Duration;

use reactor::{Clock, Handle, Reactor, TimerKey};
use util::Counter;

/// A waker that appends its label to a shared log when woken.
struct Label(&'static str, Arc<Mutex<Vec<&'static str>>>);
impl Wake for Label {
    fn wake(self: Arc<Self>) {
        self.1.lock().unwrap().push(self.0);
    }
}

fn label(name: &'static str, log: &Arc<Mutex<Vec<&'static str>>>) -> Waker {
    Waker::from(Arc::new(Label(name, log.clone())))
}

#[test]
fn timers_fire_in_deadline_order_ties_in_insertion_order_cancelled_never() {
    let mut reactor = Reactor::with_clock(Clock::paused()).unwrap();
    let handle = reactor.handle().clone();
    let log = Arc::new(Mutex::new(Vec::new()));
    let t0 = handle.clock().now();
    let at = |ms| t0 + Duration::from_millis(ms);

    handle.insert_timer(at(30), label("c@30", &log));
    handle.insert_timer(at(10), label("a@10", &log));
    let cancelled = handle.insert_timer(at(20), label("cancelled", &log));
    handle.insert_timer(at(20), label("b1@20", &log));
    handle.insert_timer(at(20), label("b2@20", &log));
    assert!(handle.remove_timer(cancelled));
    assert!(
        !handle.remove_timer(cancelled),
        "a key cancels at most once"
    );

    handle.clock().advance(Duration::from_millis(15));
    let turn = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(turn.timers_fired, 1);
    assert_eq!(*log.lock().unwrap(), ["a@10"]);

    handle.clock().advance(Duration::from_secs(1));
    let turn = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(turn.timers_fired, 3);
    assert_eq!(*log.lock().unwrap(), ["a@10", "b1@20", "b2@20", "c@30"]);
    assert_eq!(handle.timer_count(), 0);
}

#[test]
fn timers_never_fire_before_their_deadline() {
    let mut reactor = Reactor::with_clock(Clock::paused()).unwrap();
    let (count, waker) = Counter::new();
    let deadline = reactor.handle().clock().now() + Duration::from_millis(10);
    reactor.handle().insert_timer(deadline, waker);
    reactor.handle().clock().advance(Duration::from_millis(9));
    let _ = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(count.count(), 0);
    reactor.handle().clock().advance(Duration::from_millis(1));
    let _ = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(count.count(), 1, "due exactly at the deadline");
}

#[test]
fn reset_moves_a_timer_and_keeps_its_waker() {
    let mut reactor = Reactor::with_clock(Clock::paused()).unwrap();
    let handle = reactor.handle().clone();
    let (count, waker) = Counter::new();
    let key = handle.insert_timer(handle.clock().now() + Duration::from_millis(5), waker);
    let key = handle
        .reset_timer(key, handle.clock().now() + Duration::from_millis(50))
        .unwrap();
    handle.clock().advance(Duration::from_millis(10));
    let _ = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(count.count(), 0, "the old deadline no longer applies");
    handle.clock().advance(Duration::from_millis(40));
    let _ = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(count.count(), 1);
    assert_eq!(
        handle.reset_timer(key, handle.clock().now()),
        None,
        "a fired timer cannot be reset"
    );
}

#[test]
fn a_turn_with_a_pending_timer_waits_no_longer_than_its_deadline() {
    let mut reactor = Reactor::new().unwrap();
    let (count, waker) = Counter::new();
    let wait = Duration::from_millis(30);
    let deadline = reactor.handle().clock().now() + wait;
    reactor.handle().insert_timer(deadline, waker);

    let turn = reactor.turn(None).unwrap();
    assert!(
        turn.timeout.unwrap() <= wait,
        "the turn may not plan to sleep past the deadline"
    );
    // One millisecond of rounding can make a turn end just short; it must then fire next turn.
    while count.count() == 0 {
        let turn = reactor.turn(None).unwrap();
        assert!(turn.timeout.unwrap() <= Duration::from_millis(1));
    }
    assert!(
        reactor.handle().clock().now() >= deadline,
        "never fired early"
    );
}

#[test]
fn a_timer_under_a_millisecond_away_is_slept_for_not_spun_on() {
    // epoll counts in milliseconds; truncating 0.3 ms to 0 would make every turn return at
    // once until the timer is due: hundreds of empty turns. mio rounds the wait up instead.
    let mut reactor = Reactor::new().unwrap();
    let (count, waker) = Counter::new();
    let deadline = reactor.handle().clock().now() + Duration::from_micros(300);
    reactor.handle().insert_timer(deadline, waker);
    let mut turns = 0;
    while count.count() == 0 {
        let turn = reactor.turn(None).unwrap();
        assert!(turn.timeout.unwrap() <= Duration::from_micros(300));
        turns += 1;
        assert!(turns <= 2, "the loop spun instead of sleeping");
    }
    assert!(
        reactor.handle().clock().now() >= deadline,
        "never fired early"
    );
}

#[test]
fn a_turn_with_a_due_timer_does_not_block() {
    let mut reactor = Reactor::new().unwrap();
    let (count, waker) = Counter::new();
    reactor
        .handle()
        .insert_timer(reactor.handle().clock().now(), waker);
    let turn = reactor.turn(None).unwrap();
    assert_eq!(turn.timeout, Some(Duration::ZERO));
    assert_eq!(count.count(), 1);
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_paused_clock_never_lets_future_timers_bound_the_wait() {
    let mut reactor = Reactor::with_clock(Clock::paused()).unwrap();
    let (_, waker) = Counter::new();
    reactor.handle().insert_timer(
        reactor.handle().clock().now() + Duration::from_secs(5),
        waker,
    );
    let turn = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(
        turn.timers_fired, 0,
        "virtual time did not move while we waited"
    );
}

thread_local! {
    /// The reactor's handle, reachable from inside `wake` (wakers must be `Send`, handles are not).
    static HANDLE: RefCell<Option<Handle>> = const { RefCell::new(None) };
    static KEYS: RefCell<Vec<TimerKey>> = const { RefCell::new(Vec::new()) };
}

/// A waker that, when woken, cancels every key in `KEYS`, inserts a new timer, and registers and
/// drops a source: everything that would hit a re-entrant borrow if the reactor woke it while
/// still holding its tables.
struct Meddler(Arc<Counter>);
impl Wake for Meddler {
    fn wake(self: Arc<Self>) {
        HANDLE.with(|handle| {
            let handle = handle.borrow();
            let handle = handle.as_ref().unwrap();
            for key in KEYS.with(|keys| std::mem::take(&mut *keys.borrow_mut())) {
                handle.remove_timer(key);
            }
            let (_, waker) = Counter::new();
            handle.insert_timer(handle.clock().now(), waker);
            let (_client, server) = util::loopback_pair().unwrap();
            drop(
                handle
                    .register(server, reactor::Interest::READABLE)
                    .unwrap(),
            );
        });
        Waker::from(self.0.clone()).wake();
    }
}

#[test]
fn a_waker_that_changes_timers_and_sources_while_woken_does_not_panic() {
    let mut reactor = Reactor::with_clock(Clock::paused()).unwrap();
    let handle = reactor.handle().clone();
    HANDLE.with(|h| *h.borrow_mut() = Some(handle.clone()));
    let (count, _) = Counter::new();
    let now = handle.clock().now();
    handle.insert_timer(now, Waker::from(Arc::new(Meddler(count.clone()))));
    let (victim_count, victim) = Counter::new();
    let victim_key = handle.insert_timer(now + Duration::from_millis(1), victim);
    KEYS.with(|keys| keys.borrow_mut().push(victim_key));

    let _ = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(count.count(), 1);
    handle.clock().advance(Duration::from_millis(5));
    let turn = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(
        turn.timers_fired, 1,
        "only the timer inserted from inside wake fires"
    );
    assert_eq!(victim_count.count(), 0, "the cancelled timer never fires");
    HANDLE.with(|h| h.borrow_mut().take());
}

#[test]
#[cfg_attr(miri, ignore = "too slow under Miri: ~100,000s of operations")]
fn a_million_pending_timers_insert_and_cancel_without_trouble() {
    let reactor = Reactor::with_clock(Clock::paused()).unwrap();
    let handle = reactor.handle();
    let (_, waker) = Counter::new();
    let now = handle.clock().now();
    let keys: Vec<_> = (0..1_000_000u64)
        .map(|i| {
            handle.insert_timer(
                now + Duration::from_micros(i * 7919 % 1_000_003),
                waker.clone(),
            )
        })
        .collect();
    assert_eq!(handle.timer_count(), 1_000_000);
    assert_eq!(handle.next_timer_deadline(), Some(now));
    for key in keys {
        assert!(handle.remove_timer(key));
    }
    assert_eq!(handle.timer_count(), 0);
}

/// A waker that counts its wakes and panics on each one.
struct Bomb(std::sync::atomic::AtomicUsize);
impl Wake for Bomb {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        panic!("this waker panics");
    }
}

#[test]
fn a_panicking_waker_neither_holds_back_the_rest_of_its_turn_nor_comes_back() {
    let mut reactor = Reactor::with_clock(Clock::paused()).unwrap();
    let handle = reactor.handle().clone();
    let bomb = Arc::new(Bomb(Default::default()));
    let (after, after_waker) = Counter::new();
    let now = handle.clock().now();
    handle.insert_timer(now, Waker::from(bomb.clone())); // ties fire in insertion order
    handle.insert_timer(now, after_waker);
    let turned = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        reactor.turn(Some(Duration::ZERO))
    }));
    assert!(turned.is_err(), "the waker's panic reaches the caller");
    assert_eq!(
        after.count(),
        1,
        "the waker after the panicking one was woken too"
    );
    reactor.turn(Some(Duration::ZERO)).unwrap();
    assert_eq!(
        bomb.0.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "woken again"
    );
}
