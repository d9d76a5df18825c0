//! Scenario `channel`: a million messages through a bounded mpsc channel, and a million oneshot
//! round trips, each between two tasks.
//!
//! **mpsc.** A producer task sends `0..n` into a bounded channel; a consumer task receives and
//! checks that every number arrives once and in order. With a capacity much smaller than `n`, the
//! producer keeps filling the channel and parking on a full buffer, and the consumer keeps
//! draining it and waking the producer: both directions of the channel's wake-up protocol run a
//! million times.
//!
//! **oneshot.** A round trip is a `Ping` from the requester to the responder and a `Pong` back,
//! each over its own oneshot channel. A oneshot carries one message, so each message also carries
//! the sender half for the next one, created by the side that will wait on it:
//!
//! ```text
//!   requester                                   responder
//!   make (reply, reply_rx)
//!   send Ping { value, reply }   ──oneshot──▶   receive on inbox
//!                                               make (next, next_inbox)
//!   receive on reply_rx          ◀──oneshot──   send Pong { value + 1, next }
//!   to_responder = next                         inbox = next_inbox
//! ```
//!
//! Each round trip thus creates two channels, sends two messages, and wakes each task once.
//!
//! ```ignore
//! let elapsed = channel::tokio_mpsc(1_000_000, 1024);
//! ```

use std::time::{Duration, Instant};

use crate::plan::Plan;
use crate::report::{count, Metric, Table};
use crate::rounds::{self, Contender, Impl};

/// Runs both rows in alternation and adds them to `table`.
pub fn run(plan: &Plan, table: &mut Table) {
    let (n, capacity) = (plan.mpsc_messages, plan.mpsc_capacity);
    let outcomes = rounds::alternate(
        "channel mpsc",
        plan.rounds,
        vec![
            Contender::new(Impl::Ours, || ours_mpsc(n, capacity)),
            Contender::new(Impl::Tokio, || Some(tokio_mpsc(n, capacity))),
        ],
    );
    let case = format!("mpsc, {} msgs, capacity {capacity}", count(n as u64));
    table.add("channel", case, &[Metric::MILLIS], &outcomes);

    let n = plan.oneshot_round_trips;
    let outcomes = rounds::alternate(
        "channel oneshot",
        plan.rounds,
        vec![
            Contender::new(Impl::Ours, || ours_oneshot(n)),
            Contender::new(Impl::Tokio, || Some(tokio_oneshot(n))),
        ],
    );
    let case = format!("oneshot, {} round trips", count(n as u64));
    table.add("channel", case, &[Metric::MILLIS], &outcomes);
}

/// Our runtime: the same producer and consumer as [`tokio_mpsc`], with our names.
pub fn ours_mpsc(n: usize, capacity: usize) -> Option<Duration> {
    use runtime::sync::mpsc;

    let rt = runtime::Runtime::new().expect("build our runtime");
    Some(rt.block_on(async move {
        let start = Instant::now();
        let (tx, mut rx) = mpsc::channel::<u64>(capacity);
        let producer = runtime::spawn(async move {
            for i in 0..n as u64 {
                tx.send(i)
                    .await
                    .expect("the consumer outlives the producer");
            }
        });
        let consumer = runtime::spawn(async move {
            let mut expected = 0;
            while let Some(i) = rx.recv().await {
                assert_eq!(i, expected, "mpsc lost, repeated or reordered a message");
                expected += 1;
            }
            expected
        });
        producer.await.expect("producer");
        let received = consumer.await.expect("consumer");
        let elapsed = start.elapsed();
        assert_eq!(received, n as u64, "mpsc lost messages");
        elapsed
    }))
}

/// Our runtime: the same chain of oneshot round trips as [`tokio_oneshot`], with our names.
pub fn ours_oneshot(n: usize) -> Option<Duration> {
    use runtime::sync::oneshot;

    /// Requester → responder: a number, and where to send the answer.
    struct Ping {
        /// The round trip's number.
        value: u64,
        /// Where the `Pong` goes.
        reply: oneshot::Sender<Pong>,
    }
    /// Responder → requester: the number plus one, and where to send the next `Ping`.
    struct Pong {
        /// The `Ping`'s number plus one.
        value: u64,
        /// Where the next `Ping` goes; the responder holds its other half.
        next: oneshot::Sender<Ping>,
    }

    let rt = runtime::Runtime::new().expect("build our runtime");
    Some(rt.block_on(async move {
        let start = Instant::now();
        let (first, mut inbox) = oneshot::channel::<Ping>();
        let responder = runtime::spawn(async move {
            for _ in 0..n {
                let ping = inbox.await.expect("the requester sends n pings");
                let (next, next_inbox) = oneshot::channel();
                let pong = Pong {
                    value: ping.value + 1,
                    next,
                };
                assert!(
                    ping.reply.send(pong).is_ok(),
                    "the requester waits for its pong"
                );
                inbox = next_inbox;
            }
        });
        let requester = runtime::spawn(async move {
            let mut to_responder = first;
            for i in 0..n as u64 {
                let (reply, reply_rx) = oneshot::channel();
                let ping = Ping { value: i, reply };
                assert!(
                    to_responder.send(ping).is_ok(),
                    "the responder waits for its ping"
                );
                let pong = reply_rx.await.expect("the responder answers every ping");
                assert_eq!(pong.value, i + 1, "a pong answered the wrong ping");
                to_responder = pong.next;
            }
        });
        requester.await.expect("requester");
        responder.await.expect("responder");
        start.elapsed()
    }))
}

/// tokio's current-thread runtime.
pub fn tokio_mpsc(n: usize, capacity: usize) -> Duration {
    use tokio::sync::mpsc;

    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("build a tokio runtime");
    rt.block_on(async move {
        let start = Instant::now();
        let (tx, mut rx) = mpsc::channel::<u64>(capacity);
        let producer = tokio::spawn(async move {
            for i in 0..n as u64 {
                tx.send(i)
                    .await
                    .expect("the consumer outlives the producer");
            }
        });
        let consumer = tokio::spawn(async move {
            let mut expected = 0;
            while let Some(i) = rx.recv().await {
                assert_eq!(i, expected, "mpsc lost, repeated or reordered a message");
                expected += 1;
            }
            expected
        });
        producer.await.expect("producer");
        let received = consumer.await.expect("consumer");
        let elapsed = start.elapsed();
        assert_eq!(received, n as u64, "mpsc lost messages");
        elapsed
    })
}

/// tokio's current-thread runtime.
pub fn tokio_oneshot(n: usize) -> Duration {
    use tokio::sync::oneshot;

    /// Requester → responder: a number, and where to send the answer.
    struct Ping {
        /// The round trip's number.
        value: u64,
        /// Where the `Pong` goes.
        reply: oneshot::Sender<Pong>,
    }
    /// Responder → requester: the number plus one, and where to send the next `Ping`.
    struct Pong {
        /// The `Ping`'s number plus one.
        value: u64,
        /// Where the next `Ping` goes; the responder holds its other half.
        next: oneshot::Sender<Ping>,
    }

    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("build a tokio runtime");
    rt.block_on(async move {
        let start = Instant::now();
        let (first, mut inbox) = oneshot::channel::<Ping>();
        let responder = tokio::spawn(async move {
            for _ in 0..n {
                let ping = inbox.await.expect("the requester sends n pings");
                let (next, next_inbox) = oneshot::channel();
                let pong = Pong {
                    value: ping.value + 1,
                    next,
                };
                assert!(
                    ping.reply.send(pong).is_ok(),
                    "the requester waits for its pong"
                );
                inbox = next_inbox;
            }
        });
        let requester = tokio::spawn(async move {
            let mut to_responder = first;
            for i in 0..n as u64 {
                let (reply, reply_rx) = oneshot::channel();
                let ping = Ping { value: i, reply };
                assert!(
                    to_responder.send(ping).is_ok(),
                    "the responder waits for its ping"
                );
                let pong = reply_rx.await.expect("the responder answers every ping");
                assert_eq!(pong.value, i + 1, "a pong answered the wrong ping");
                to_responder = pong.next;
            }
        });
        requester.await.expect("requester");
        responder.await.expect("responder");
        start.elapsed()
    })
}
