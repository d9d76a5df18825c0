//! `sync::Notify`: `notify_one` stores a permit, `notify_waiters` wakes all and stores nothing.

mod sync_util;
mod util;

use std::pin::pin;
use std::rc::Rc;

use runtime::sync::Notify;
use runtime::{join_all, spawn, yield_now};
use sync_util::{poll_once, within_a_minute, Log};
use util::paused;

#[test]
fn notify_one_with_nobody_waiting_stores_one_permit_not_more() {
    paused().block_on(async {
        let notify = Notify::new();
        notify.notify_one();
        notify.notify_one(); // permits do not stack
        notify.notified().await; // completes at once, consuming the permit
        let mut second = pin!(notify.notified());
        assert!(poll_once(second.as_mut()).await.is_pending());
    });
}

#[test]
fn notify_one_wakes_only_the_longest_waiter() {
    paused().block_on(async {
        let notify = Rc::new(Notify::new());
        let woken = Log::new();
        let waiters: Vec<_> = (0..3)
            .map(|id| {
                let (notify, woken) = (notify.clone(), woken.clone());
                spawn(async move {
                    notify.notified().await;
                    woken.push(id);
                })
            })
            .collect();
        yield_now().await; // all three wait
        notify.notify_one();
        yield_now().await;
        assert_eq!(woken.events(), [0]);
        notify.notify_one();
        notify.notify_one();
        join_all(waiters).await;
        assert_eq!(woken.events(), [0, 1, 2]);
    });
}

#[test]
fn notify_waiters_wakes_everyone_waiting_and_stores_nothing() {
    paused().block_on(async {
        let notify = Rc::new(Notify::new());
        let waiters: Vec<_> = (0..3)
            .map(|_| {
                let notify = notify.clone();
                spawn(async move { notify.notified().await })
            })
            .collect();
        yield_now().await;
        notify.notify_waiters();
        for waiter in within_a_minute(join_all(waiters)).await {
            waiter.unwrap();
        }
        let mut later = pin!(notify.notified());
        assert!(
            poll_once(later.as_mut()).await.is_pending(),
            "notify_waiters left no permit behind"
        );
    });
}

#[test]
fn notify_waiters_includes_futures_created_but_not_yet_polled() {
    paused().block_on(async {
        let notify = Notify::new();
        let created = notify.notified();
        notify.notify_waiters();
        let after = notify.notified();
        let mut created = pin!(created);
        let mut after = pin!(after);
        assert!(poll_once(created.as_mut()).await.is_ready());
        assert!(poll_once(after.as_mut()).await.is_pending());
    });
}

#[test]
fn a_waiter_dropped_after_notify_one_forwards_the_notification() {
    paused().block_on(async {
        let notify = Rc::new(Notify::new());
        let mut first = Box::pin(notify.notified());
        assert!(poll_once(first.as_mut()).await.is_pending());
        let second = spawn({
            let notify = notify.clone();
            async move { notify.notified().await }
        });
        yield_now().await; // `second` queues behind `first`
        notify.notify_one(); // meant for `first`...
        drop(first); // ...which goes away before it ran: `second` must get it
        within_a_minute(second).await.unwrap();
    });
}

#[test]
fn a_notification_forwarded_with_nobody_left_becomes_the_permit() {
    paused().block_on(async {
        let notify = Notify::new();
        let mut only = Box::pin(notify.notified());
        assert!(poll_once(only.as_mut()).await.is_pending());
        notify.notify_one();
        drop(only);
        within_a_minute(notify.notified()).await; // the stored permit
    });
}

#[test]
fn a_waiter_dropped_while_queued_takes_no_notification_with_it() {
    paused().block_on(async {
        let notify = Notify::new();
        {
            let mut gave_up = pin!(notify.notified());
            assert!(poll_once(gave_up.as_mut()).await.is_pending());
        }
        notify.notify_one(); // nobody waits now: stored
        within_a_minute(notify.notified()).await;
    });
}
