//! `sync::Semaphore`: never more than N holders, FIFO, cancel-safe, closable.

mod sync_util;
mod util;

use std::cell::Cell;
use std::pin::pin;
use std::rc::Rc;
use std::time::Duration;

use runtime::sync::{Semaphore, TryAcquireError};
use runtime::time::sleep;
use runtime::{join_all, spawn, yield_now};
use sync_util::{poll_once, within_a_minute, Log};
use util::paused;

#[test]
fn never_more_than_n_tasks_hold_a_permit_at_once() {
    const PERMITS: usize = 3;
    paused().block_on(async {
        let semaphore = Rc::new(Semaphore::new(PERMITS));
        let holding = Rc::new(Cell::new(0));
        let most = Rc::new(Cell::new(0));
        let tasks = (0..50u64).map(|id| {
            let (semaphore, holding, most) = (semaphore.clone(), holding.clone(), most.clone());
            spawn(async move {
                let _permit = semaphore.acquire().await.unwrap();
                holding.set(holding.get() + 1);
                most.set(most.get().max(holding.get()));
                sleep(Duration::from_millis(1 + id % 7)).await; // hold it for a while
                holding.set(holding.get() - 1);
            })
        });
        for task in join_all(tasks).await {
            task.unwrap();
        }
        assert_eq!(
            most.get(),
            PERMITS,
            "at most, and at best, {PERMITS} at once"
        );
        assert_eq!(
            semaphore.available_permits(),
            PERMITS,
            "every permit came back"
        );
    });
}

#[test]
fn permits_are_handed_out_in_arrival_order() {
    paused().block_on(async {
        let semaphore = Rc::new(Semaphore::new(1));
        let order = Log::new();
        let held = semaphore.acquire().await.unwrap();
        let tasks: Vec<_> = (0..4)
            .map(|id| {
                let (semaphore, order) = (semaphore.clone(), order.clone());
                spawn(async move {
                    let _permit = semaphore.acquire().await.unwrap();
                    order.push(id);
                })
            })
            .collect();
        yield_now().await; // all four queue, in spawn order
        drop(held);
        join_all(tasks).await;
        assert_eq!(order.events(), [0, 1, 2, 3]);
    });
}

#[test]
fn try_acquire_cannot_take_a_permit_handed_to_a_waiter() {
    paused().block_on(async {
        let semaphore = Rc::new(Semaphore::new(1));
        let held = semaphore.acquire().await.unwrap();
        let waiter = spawn({
            let semaphore = semaphore.clone();
            async move { semaphore.acquire().await.map(|_| ()) }
        });
        yield_now().await;
        drop(held);
        assert_eq!(semaphore.available_permits(), 0, "handed over, not pooled");
        assert_eq!(
            semaphore.try_acquire().err(),
            Some(TryAcquireError::NoPermits)
        );
        waiter.await.unwrap().unwrap();
        assert_eq!(semaphore.available_permits(), 1);
    });
}

#[test]
fn add_permits_serves_the_queue_first_then_fills_the_pool() {
    paused().block_on(async {
        let semaphore = Rc::new(Semaphore::new(0));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let semaphore = semaphore.clone();
                spawn(async move { semaphore.acquire().await.unwrap().forget() })
            })
            .collect();
        yield_now().await;
        semaphore.add_permits(5);
        assert_eq!(semaphore.available_permits(), 3, "two went to the waiters");
        join_all(waiters).await;
        assert_eq!(
            semaphore.available_permits(),
            3,
            "forgotten permits do not come back"
        );
    });
}

#[test]
fn close_fails_waiters_and_later_acquires_but_held_permits_stay_valid() {
    paused().block_on(async {
        let semaphore = Rc::new(Semaphore::new(1));
        let held = semaphore.acquire().await.unwrap();
        let waiter = spawn({
            let semaphore = semaphore.clone();
            async move { semaphore.acquire().await.is_err() }
        });
        yield_now().await;
        semaphore.close();
        assert!(semaphore.is_closed());
        assert!(waiter.await.unwrap(), "the waiter is woken with an error");
        assert!(semaphore.acquire().await.is_err());
        assert_eq!(semaphore.try_acquire().err(), Some(TryAcquireError::Closed));
        drop(held); // still a valid permit: it simply goes back
        assert_eq!(semaphore.available_permits(), 1);
    });
}

#[test]
fn an_acquire_dropped_while_queued_gives_up_its_place() {
    paused().block_on(async {
        let semaphore = Rc::new(Semaphore::new(1));
        let held = semaphore.acquire().await.unwrap();
        {
            let mut gave_up = pin!(semaphore.acquire());
            assert!(poll_once(gave_up.as_mut()).await.is_pending());
        }
        let next = spawn({
            let semaphore = semaphore.clone();
            async move { semaphore.acquire().await.map(|_| ()) }
        });
        yield_now().await;
        drop(held);
        within_a_minute(next).await.unwrap().unwrap();
    });
}

#[test]
fn an_acquire_dropped_after_being_handed_a_permit_passes_it_on() {
    paused().block_on(async {
        let semaphore = Rc::new(Semaphore::new(1));
        let held = semaphore.acquire().await.unwrap();
        let mut handed = Box::pin(semaphore.acquire());
        assert!(poll_once(handed.as_mut()).await.is_pending());
        let next = spawn({
            let semaphore = semaphore.clone();
            async move { semaphore.acquire().await.map(|_| ()) }
        });
        yield_now().await;
        drop(held);
        drop(handed);
        within_a_minute(next).await.unwrap().unwrap();
        assert_eq!(semaphore.available_permits(), 1, "no permit was lost");
    });
}
