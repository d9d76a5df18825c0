//! `sync::mpsc`: order, backpressure, fairness among senders, and closing from either end.

mod sync_util;
mod util;

use std::cell::Cell;
use std::pin::pin;
use std::rc::Rc;

use runtime::sync::mpsc::{self, SendError, TryRecvError, TrySendError};
use runtime::{spawn, yield_now};
use sync_util::{poll_once, Log};
use util::{paused, DropCounter};

#[test]
fn messages_arrive_in_send_order() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(4);
        let producer = spawn(async move {
            for n in 0..100 {
                tx.send(n).await.unwrap();
            }
        });
        for n in 0..100 {
            assert_eq!(rx.recv().await, Some(n));
        }
        producer.await.unwrap();
        assert_eq!(rx.recv().await, None);
    });
}

#[test]
fn dropping_every_sender_ends_recv_with_none_once_the_queue_is_drained() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(8);
        let tx2 = tx.clone();
        tx.send(1).await.unwrap();
        tx2.send(2).await.unwrap();
        drop(tx);
        assert_eq!(rx.try_recv(), Ok(1), "one sender left: still open");
        drop(tx2);
        assert_eq!(
            rx.recv().await,
            Some(2),
            "queued messages outlive the senders"
        );
        assert_eq!(rx.recv().await, None);
        assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));

        let (tx, mut rx) = mpsc::unbounded_channel();
        tx.send("last").unwrap();
        drop(tx);
        assert_eq!(rx.recv().await, Some("last"));
        assert_eq!(rx.recv().await, None);
    });
}

#[test]
fn a_parked_receiver_wakes_with_none_when_the_last_sender_drops() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::unbounded_channel::<()>();
        let receiver = spawn(async move { rx.recv().await });
        yield_now().await; // parked
        let tx2 = tx.clone();
        drop(tx);
        yield_now().await;
        assert!(!receiver.is_finished(), "a sender is left");
        drop(tx2);
        assert_eq!(receiver.await.unwrap(), None);
    });
}

#[test]
fn dropping_the_receiver_makes_every_send_fail_and_hand_the_value_back() {
    paused().block_on(async {
        let (tx, rx) = mpsc::channel(2);
        drop(rx);
        assert!(tx.is_closed());
        assert_eq!(tx.send(1).await, Err(SendError(1)));
        assert_eq!(tx.try_send(2), Err(TrySendError::Closed(2)));

        let (tx, rx) = mpsc::unbounded_channel();
        drop(rx);
        assert_eq!(tx.send(3).unwrap_err().into_inner(), 3);
    });
}

#[test]
fn dropping_the_receiver_drops_the_queued_messages() {
    let drops = Rc::new(Cell::new(0));
    let (tx, rx) = mpsc::unbounded_channel();
    for _ in 0..3 {
        tx.send(DropCounter(drops.clone())).ok().unwrap();
    }
    drop(rx);
    assert_eq!(drops.get(), 3);
    drop(tx);
    assert_eq!(drops.get(), 3, "each exactly once");
}

/// A message that carries a sender of its own channel.
struct Carrier(#[allow(dead_code)] mpsc::UnboundedSender<Carrier>);

#[test]
fn a_queued_message_holding_a_sender_can_be_dropped_with_the_receiver() {
    // The message's destructor drops a sender of this very channel while the receiver tears
    // the queue down: the channel must not be borrowed at that moment.
    let (tx, rx) = mpsc::unbounded_channel();
    tx.send(Carrier(tx.clone())).ok().unwrap();
    drop(tx); // the queued message now holds the last sender
    drop(rx);
}

#[test]
fn bounded_send_waits_while_full_and_resumes_when_a_slot_frees() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(2);
        let sent = Rc::new(Cell::new(0));
        let counter = sent.clone();
        let producer = spawn(async move {
            for n in 0..3 {
                tx.send(n).await.unwrap();
                counter.set(counter.get() + 1);
            }
        });
        yield_now().await;
        assert_eq!(sent.get(), 2, "the third send waits for a slot");
        assert_eq!(rx.len(), 2);
        assert_eq!(rx.recv().await, Some(0));
        yield_now().await;
        assert_eq!(
            sent.get(),
            3,
            "a received message frees its slot for the waiting sender"
        );
        producer.await.unwrap();
        assert_eq!((rx.recv().await, rx.recv().await), (Some(1), Some(2)));
    });
}

#[test]
fn try_send_reports_full_then_closed_and_hands_the_value_back() {
    let (tx, mut rx) = mpsc::channel(1);
    assert_eq!(tx.capacity(), 1);
    assert_eq!(tx.try_send('a'), Ok(()));
    assert_eq!(tx.capacity(), 0);
    assert_eq!(tx.try_send('b'), Err(TrySendError::Full('b')));
    assert_eq!(rx.try_recv(), Ok('a'));
    assert_eq!(tx.try_send('c'), Ok(()));
    rx.close();
    assert_eq!(tx.try_send('d'), Err(TrySendError::Closed('d')));
    assert_eq!(rx.try_recv(), Ok('c'), "close keeps what was queued");
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
}

#[test]
fn capacity_bounds_the_queue_however_many_senders_wait() {
    const CAPACITY: usize = 3;
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(CAPACITY);
        for id in 0..20 {
            let tx = tx.clone();
            spawn(async move {
                for n in 0..5 {
                    tx.send((id, n)).await.unwrap();
                }
            });
        }
        drop(tx);
        let mut received = 0;
        loop {
            yield_now().await; // every producer runs as far as it can
            assert!(rx.len() <= CAPACITY, "{} queued", rx.len());
            match rx.recv().await {
                Some(_) => received += 1,
                None => break,
            }
        }
        assert_eq!(received, 100);
    });
}

#[test]
fn waiting_senders_are_served_in_arrival_order() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(1);
        tx.send(0).await.unwrap(); // full
        for id in 1..=3 {
            let tx = tx.clone();
            spawn(async move { tx.send(id).await.unwrap() });
            yield_now().await; // sender `id` queues before the next is spawned
        }
        drop(tx);
        let mut order = Vec::new();
        while let Some(id) = rx.recv().await {
            order.push(id);
        }
        assert_eq!(order, [0, 1, 2, 3]);
    });
}

#[test]
fn try_send_cannot_overtake_a_waiting_sender() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(1);
        tx.try_send("first").unwrap();
        let waiter = spawn({
            let tx = tx.clone();
            async move { tx.send("queued").await.unwrap() }
        });
        yield_now().await; // the waiter is queued for a slot
        assert_eq!(rx.try_recv(), Ok("first")); // frees the slot: it goes to the waiter
        assert_eq!(tx.try_send("barger"), Err(TrySendError::Full("barger")));
        waiter.await.unwrap();
        assert_eq!(rx.try_recv(), Ok("queued"));
    });
}

#[test]
fn a_send_dropped_while_waiting_gives_up_its_place() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(1);
        tx.send(0).await.unwrap();
        let log = Log::new();
        {
            let mut cancelled = pin!(tx.send(1));
            assert!(poll_once(cancelled.as_mut()).await.is_pending()); // queued first...
        } // ...and dropped
        let later = spawn({
            let (tx, log) = (tx.clone(), log.clone());
            async move {
                tx.send(2).await.unwrap();
                log.push("later sent");
            }
        });
        yield_now().await;
        assert_eq!(rx.recv().await, Some(0));
        later.await.unwrap();
        assert_eq!(log.events(), ["later sent"]);
        assert_eq!(rx.try_recv(), Ok(2), "the cancelled message was never sent");
    });
}

#[test]
fn a_send_dropped_after_being_handed_a_slot_passes_the_slot_on() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(1);
        tx.send(0).await.unwrap();
        let mut handed = Box::pin(tx.send(1));
        assert!(poll_once(handed.as_mut()).await.is_pending());
        let next = spawn({
            let tx = tx.clone();
            async move { tx.send(2).await.unwrap() }
        });
        yield_now().await; // `next` queues behind `handed`
        assert_eq!(rx.try_recv(), Ok(0)); // the slot is handed to `handed`...
        drop(handed); // ...which is dropped before it runs: the slot moves on to `next`
        next.await.unwrap();
        assert_eq!(rx.try_recv(), Ok(2));
        assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    });
}

#[test]
fn close_wakes_waiting_senders_with_their_values_and_keeps_queued_messages() {
    paused().block_on(async {
        let (tx, mut rx) = mpsc::channel(1);
        tx.send("queued").await.unwrap();
        let waiting = spawn(async move { tx.send("refused").await });
        yield_now().await;
        rx.close();
        assert_eq!(waiting.await.unwrap(), Err(SendError("refused")));
        assert_eq!(rx.recv().await, Some("queued"));
        assert_eq!(rx.recv().await, None);
    });
}

#[test]
fn try_recv_reports_empty_while_senders_remain() {
    let (tx, mut rx) = mpsc::unbounded_channel::<u8>();
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    assert!(rx.is_empty());
    drop(tx);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Disconnected));
}

#[test]
#[should_panic(expected = "capacity must be at least 1")]
fn a_bounded_channel_of_capacity_zero_is_refused() {
    let _ = mpsc::channel::<()>(0);
}
