//! `sync::Mutex`: exclusive, first come first served, and cancel-safe.

mod sync_util;
mod util;

use std::cell::Cell;
use std::pin::pin;
use std::rc::Rc;
use std::time::Duration;

use runtime::sync::Mutex;
use runtime::time::sleep;
use runtime::{join_all, spawn, yield_now};
use sync_util::{poll_once, within_a_minute, Log};
use util::paused;

#[test]
fn only_one_task_holds_the_lock_even_across_awaits() {
    paused().block_on(async {
        let mutex = Rc::new(Mutex::new(0u32));
        let inside = Rc::new(Cell::new(0));
        let tasks = (0..20).map(|_| {
            let (mutex, inside) = (mutex.clone(), inside.clone());
            spawn(async move {
                for _ in 0..3 {
                    let mut guard = mutex.lock().await;
                    inside.set(inside.get() + 1);
                    assert_eq!(inside.get(), 1, "two holders at once");
                    yield_now().await; // others run, and must queue
                    *guard += 1;
                    inside.set(inside.get() - 1);
                }
            })
        });
        for task in join_all(tasks).await {
            task.unwrap();
        }
        assert_eq!(*mutex.lock().await, 60);
    });
}

#[test]
fn waiters_get_the_lock_in_arrival_order_not_spawn_order() {
    paused().block_on(async {
        let mutex = Rc::new(Mutex::new(()));
        let order = Log::new();
        let held = mutex.lock().await;
        let tasks: Vec<_> = (0..3u64)
            .map(|id| {
                let (mutex, order) = (mutex.clone(), order.clone());
                spawn(async move {
                    // Task 2 arrives first, task 0 last.
                    sleep(Duration::from_secs(3 - id)).await;
                    let _guard = mutex.lock().await;
                    order.push(id);
                    yield_now().await; // hold it a while: the others stay queued
                })
            })
            .collect();
        sleep(Duration::from_secs(5)).await; // all three are queued
        drop(held);
        join_all(tasks).await;
        assert_eq!(order.events(), [2, 1, 0]);
    });
}

#[test]
fn unlocking_hands_the_lock_to_the_first_waiter_so_try_lock_cannot_barge_in() {
    paused().block_on(async {
        let mutex = Rc::new(Mutex::new("free"));
        let held = mutex.lock().await;
        let waiter = spawn({
            let mutex = mutex.clone();
            async move { *mutex.lock().await = "waiter had it" }
        });
        yield_now().await; // the waiter is queued
        assert!(mutex.try_lock().is_err(), "locked");
        drop(held);
        // The waiter has not run yet, but the lock is already its own.
        assert!(
            mutex.try_lock().is_err(),
            "a later locker barged past the queue"
        );
        waiter.await.unwrap();
        assert_eq!(*mutex.try_lock().unwrap(), "waiter had it");
    });
}

#[test]
fn a_lock_future_dropped_while_queued_gives_up_its_place() {
    paused().block_on(async {
        let mutex = Rc::new(Mutex::new(Vec::new()));
        let held = mutex.lock().await;
        {
            let mut gave_up = pin!(mutex.lock());
            assert!(poll_once(gave_up.as_mut()).await.is_pending()); // first in the queue...
        } // ...dropped
        let second = spawn({
            let mutex = mutex.clone();
            async move { mutex.lock().await.push("second") }
        });
        yield_now().await;
        drop(held);
        within_a_minute(second).await.unwrap();
        assert_eq!(*mutex.lock().await, ["second"]);
    });
}

#[test]
fn a_lock_future_dropped_after_being_handed_the_lock_passes_it_on() {
    paused().block_on(async {
        let mutex = Rc::new(Mutex::new(0));
        let held = mutex.lock().await;
        let mut handed = Box::pin(mutex.lock());
        assert!(poll_once(handed.as_mut()).await.is_pending());
        let next = spawn({
            let mutex = mutex.clone();
            async move { *mutex.lock().await += 1 }
        });
        yield_now().await; // `next` queues behind `handed`
        drop(held); // the lock goes to `handed`...
        drop(handed); // ...which never runs: it must not take the lock with it
        within_a_minute(next).await.unwrap();
        assert_eq!(*mutex.try_lock().unwrap(), 1);
    });
}

#[test]
fn try_lock_fails_while_locked_and_succeeds_once_free() {
    let mutex = Mutex::new(5);
    let guard = mutex.try_lock().unwrap();
    assert!(mutex.try_lock().is_err());
    drop(guard);
    *mutex.try_lock().unwrap() += 1;
    assert_eq!(mutex.into_inner(), 6);
}

#[test]
fn get_mut_needs_no_lock() {
    let mut mutex = Mutex::new(String::from("a"));
    mutex.get_mut().push('b');
    assert_eq!(*mutex.try_lock().unwrap(), "ab");
}

#[test]
fn a_guard_may_be_held_by_a_value_of_unsized_type() {
    let mutex: Box<Mutex<[u8]>> = Box::new(Mutex::new([1, 2, 3]));
    mutex.try_lock().unwrap()[0] = 9;
    assert_eq!(&*mutex.try_lock().unwrap(), &[9, 2, 3]);
}
