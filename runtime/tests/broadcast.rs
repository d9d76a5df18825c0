//! `sync::broadcast`: every receiver sees every message; slow ones lag and carry on.

mod sync_util;
mod util;

use std::cell::Cell;
use std::rc::Rc;

use runtime::sync::broadcast::{self, RecvError, SendError, TryRecvError};
use runtime::{select, spawn, yield_now};
use util::paused;

#[test]
fn every_receiver_gets_every_message_in_order() {
    paused().block_on(async {
        let (tx, rx) = broadcast::channel(16);
        let receivers: Vec<_> = [rx, tx.subscribe(), tx.subscribe()]
            .into_iter()
            .map(|mut rx| {
                spawn(async move {
                    let mut got = Vec::new();
                    while let Ok(n) = rx.recv().await {
                        got.push(n);
                    }
                    got
                })
            })
            .collect();
        yield_now().await; // all parked
        for n in 0..10 {
            assert_eq!(tx.send(n), Ok(3), "three receivers will see it");
        }
        drop(tx);
        for got in runtime::join_all(receivers).await {
            assert_eq!(got.unwrap(), (0..10).collect::<Vec<_>>());
        }
    });
}

#[test]
fn a_subscriber_sees_only_what_is_sent_after_it_subscribed() {
    let (tx, _rx) = broadcast::channel(4);
    tx.send("before").unwrap();
    let mut late = tx.subscribe();
    tx.send("after").unwrap();
    assert_eq!(late.try_recv(), Ok("after"));
    assert_eq!(late.try_recv(), Err(TryRecvError::Empty));
}

#[test]
fn a_receiver_that_falls_behind_gets_lagged_with_the_missed_count_then_carries_on() {
    paused().block_on(async {
        let (tx, mut slow) = broadcast::channel(3);
        for n in 0..8 {
            tx.send(n).unwrap();
        }
        // Messages 0..5 were overwritten; 5, 6, 7 are retained.
        assert_eq!(slow.recv().await, Err(RecvError::Lagged(5)));
        assert_eq!(
            slow.recv().await,
            Ok(5),
            "carries on from the oldest retained"
        );
        assert_eq!(slow.recv().await, Ok(6));
        tx.send(8).unwrap();
        assert_eq!(slow.recv().await, Ok(7));
        assert_eq!(slow.recv().await, Ok(8));
        assert_eq!(
            slow.try_recv(),
            Err(TryRecvError::Empty),
            "lag is reported once"
        );
    });
}

#[test]
fn try_recv_reports_lag_too() {
    let (tx, mut rx) = broadcast::channel(1);
    tx.send('a').unwrap();
    tx.send('b').unwrap();
    assert_eq!(rx.try_recv(), Err(TryRecvError::Lagged(1)));
    assert_eq!(rx.try_recv(), Ok('b'));
}

#[test]
fn dropping_every_sender_ends_each_receiver_with_closed_after_its_backlog() {
    paused().block_on(async {
        let (tx, mut rx) = broadcast::channel(4);
        let tx2 = tx.clone();
        tx.send(1).unwrap();
        drop(tx);
        tx2.send(2).unwrap();
        drop(tx2);
        assert_eq!(rx.recv().await, Ok(1));
        assert_eq!(rx.recv().await, Ok(2));
        assert_eq!(rx.recv().await, Err(RecvError::Closed));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    });
}

#[test]
fn a_parked_receiver_wakes_with_closed_when_the_last_sender_drops() {
    paused().block_on(async {
        let (tx, mut rx) = broadcast::channel::<()>(4);
        let receiver = spawn(async move { rx.recv().await });
        yield_now().await;
        drop(tx);
        let result = sync_util::within_a_minute(receiver).await;
        assert_eq!(result.unwrap(), Err(RecvError::Closed));
    });
}

#[test]
fn send_with_no_receiver_hands_the_value_back() {
    let (tx, rx) = broadcast::channel(4);
    drop(rx);
    assert_eq!(tx.receiver_count(), 0);
    assert_eq!(tx.send("lost?"), Err(SendError("lost?")));
    let mut rx = tx.subscribe();
    assert_eq!(tx.send("heard"), Ok(1));
    assert_eq!(rx.try_recv(), Ok("heard"));
}

#[test]
fn broadcast_and_mpsc_refuse_a_send_with_one_error_type() {
    let (tx, rx) = broadcast::channel(4);
    drop(rx);
    // One type, re-exported by both channels: code handling mpsc's error handles this one.
    let refused: runtime::sync::mpsc::SendError<&str> = tx.send("back").unwrap_err();
    assert_eq!(refused.into_inner(), "back");
    assert_eq!(refused.to_string(), "channel closed: no receiver");
}

/// A message that counts how many times it was cloned.
#[derive(Debug)]
struct Counted(Rc<Cell<usize>>);

impl Clone for Counted {
    fn clone(&self) -> Counted {
        self.0.set(self.0.get() + 1);
        Counted(self.0.clone())
    }
}

#[test]
fn each_message_is_stored_once_and_the_last_reader_takes_it_without_a_clone() {
    let clones = Rc::new(Cell::new(0));
    let (tx, mut a) = broadcast::channel(4);
    let mut b = tx.subscribe();
    tx.send(Counted(clones.clone())).unwrap();
    a.try_recv().unwrap();
    assert_eq!(clones.get(), 1, "the first reader gets a clone");
    b.try_recv().unwrap();
    assert_eq!(
        clones.get(),
        1,
        "the last reader gets the stored message itself"
    );
    assert_eq!(Rc::strong_count(&clones), 1, "nothing is left in the ring");
}

#[test]
fn a_dropped_receiver_releases_the_messages_it_never_read() {
    let marker = Rc::new(());
    let (tx, mut a) = broadcast::channel(8);
    let b = tx.subscribe();
    for _ in 0..3 {
        tx.send(marker.clone()).unwrap();
    }
    for _ in 0..3 {
        drop(a.try_recv().unwrap());
    }
    assert_eq!(
        Rc::strong_count(&marker),
        4,
        "b has not read them: still stored"
    );
    drop(b);
    assert_eq!(Rc::strong_count(&marker), 1);
}

#[test]
fn a_cancelled_recv_loses_nothing() {
    paused().block_on(async {
        let (tx, mut rx) = broadcast::channel(4);
        // Park in recv, then give up (the other branch wins): the receiver keeps its place.
        select! {
            _ = rx.recv() => panic!("nothing was sent"),
            _ = yield_now() => {},
        }
        tx.send("kept").unwrap();
        assert_eq!(rx.recv().await, Ok("kept"));
    });
}

#[test]
fn a_receiver_in_a_select_loop_is_woken_by_each_send() {
    paused().block_on(async {
        let (tx, mut rx) = broadcast::channel(4);
        let receiver = spawn(async move {
            let mut got = Vec::new();
            loop {
                select! {
                    message = rx.recv() => match message {
                        Ok(n) => got.push(n),
                        Err(_) => return got,
                    },
                    _ = runtime::time::sleep(std::time::Duration::from_secs(1)) => {}
                }
            }
        });
        for n in 0..3 {
            runtime::time::sleep(std::time::Duration::from_millis(1500)).await;
            tx.send(n).unwrap();
        }
        drop(tx);
        assert_eq!(receiver.await.unwrap(), [0, 1, 2]);
    });
}

#[test]
#[should_panic(expected = "capacity must be at least 1")]
fn a_broadcast_channel_of_capacity_zero_is_refused() {
    let _ = broadcast::channel::<()>(0);
}
