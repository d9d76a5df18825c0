//! `sync::oneshot`: one value, once; what each side sees when the other goes away.

mod sync_util;
mod util;

use std::cell::Cell;
use std::pin::pin;
use std::rc::Rc;

use runtime::sync::oneshot::{self, RecvError, TryRecvError};
use runtime::{spawn, yield_now};
use sync_util::poll_once;
use util::{paused, DropCounter};

#[test]
fn a_value_sent_before_the_await_is_received_at_once() {
    paused().block_on(async {
        let (tx, rx) = oneshot::channel();
        assert_eq!(tx.send("reply"), Ok(()));
        assert_eq!(rx.await, Ok("reply"));
    });
}

#[test]
fn a_waiting_receiver_is_woken_by_the_send() {
    paused().block_on(async {
        let (tx, rx) = oneshot::channel();
        let sender = spawn(async move {
            yield_now().await; // make sure the receiver is parked first
            tx.send(42).unwrap();
        });
        assert_eq!(rx.await, Ok(42));
        sender.await.unwrap();
    });
}

#[test]
fn dropping_the_sender_unsent_ends_a_waiting_receiver_with_recv_error() {
    paused().block_on(async {
        let (tx, rx) = oneshot::channel::<u32>();
        let dropper = spawn(async move {
            yield_now().await;
            drop(tx);
        });
        let result: Result<u32, RecvError> = rx.await;
        assert!(result.is_err());
        dropper.await.unwrap();
    });
}

#[test]
fn dropping_the_receiver_makes_send_hand_the_value_back() {
    let (tx, rx) = oneshot::channel();
    assert!(!tx.is_closed());
    drop(rx);
    assert!(tx.is_closed());
    assert_eq!(
        tx.send(String::from("nobody listens")),
        Err(String::from("nobody listens"))
    );
}

#[test]
fn close_refuses_later_sends_but_keeps_a_value_sent_before() {
    let (tx, mut rx) = oneshot::channel();
    rx.close();
    assert_eq!(tx.send(1), Err(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));

    let (tx, mut rx) = oneshot::channel();
    tx.send(2).unwrap();
    rx.close();
    assert_eq!(rx.try_recv(), Ok(2));
}

#[test]
fn try_recv_reports_empty_then_the_value_then_closed() {
    let (tx, mut rx) = oneshot::channel();
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    tx.send('x').unwrap();
    assert_eq!(rx.try_recv(), Ok('x'));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed), "taken once");

    let (tx, mut rx) = oneshot::channel::<()>();
    drop(tx);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn a_value_never_received_is_dropped_exactly_once() {
    let drops = Rc::new(Cell::new(0));
    let (tx, rx) = oneshot::channel();
    tx.send(DropCounter(drops.clone())).ok().unwrap();
    assert_eq!(drops.get(), 0);
    drop(rx);
    assert_eq!(drops.get(), 1);
}

#[test]
fn a_receiver_moved_to_another_task_wakes_that_task() {
    paused().block_on(async {
        let (tx, rx) = oneshot::channel();
        let mut rx = Box::pin(rx);
        // Park it here first, so the channel stores this task's waker...
        assert!(poll_once(rx.as_mut()).await.is_pending());
        // ...then hand it to another task: the send must wake the new owner.
        let waiter = spawn(rx);
        yield_now().await;
        tx.send(7).unwrap();
        assert_eq!(waiter.await.unwrap(), Ok(7));
    });
}

#[test]
#[should_panic(expected = "polled after it completed")]
fn polling_a_receiver_after_it_completed_panics() {
    paused().block_on(async {
        let (tx, rx) = oneshot::channel();
        tx.send(()).unwrap();
        let mut rx = pin!(rx);
        assert!(poll_once(rx.as_mut()).await.is_ready());
        let _ = poll_once(rx.as_mut()).await;
    });
}
