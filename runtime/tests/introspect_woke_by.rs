//! The turn history says why each reactor turn woke: I/O, a timer, or another thread.

mod util;

use std::future::poll_fn;
use std::sync::mpsc;
use std::task::{Poll, Waker};
use std::time::Duration;

use runtime::introspect::{self, TurnRecord, WokeBy};
use runtime::io::{AsyncReadExt, AsyncWriteExt};
use runtime::task;

/// Lets the loop turn twice more, so that the turn of interest is closed and in the history.
async fn close_the_turn() {
    runtime::yield_now().await;
    runtime::yield_now().await;
}

fn find(turns: &[TurnRecord], woke_by: WokeBy) -> Option<&TurnRecord> {
    turns.iter().find(|turn| turn.woke_by == woke_by)
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_turn_woken_by_a_readable_socket_says_io_and_names_the_reader() {
    util::watched(false).block_on(async {
        let (mut ours, mut theirs) = runtime::net::UnixStream::pair().unwrap();
        let reader = task::Builder::new().name("reader").spawn(async move {
            let mut buf = [0; 8];
            ours.read(&mut buf).await.unwrap()
        });
        runtime::yield_now().await; // the reader parks on its socket
        theirs.write_all(b"hi").await.unwrap();
        assert_eq!(reader.await.unwrap(), 2);
        close_the_turn().await;
        let turns = introspect::turns();
        // (Registering a socket already brings an event, its first writable edge, that wakes
        // nobody: the turn that matters is the one that woke the reader.)
        let io = turns
            .iter()
            .find(|turn| {
                turn.polled
                    .iter()
                    .any(|t| t.name.as_deref() == Some("reader"))
                    && turn.wakers_woken > 0
            })
            .unwrap_or_else(|| panic!("{turns:#?}"));
        assert_eq!(io.woke_by, WokeBy::Io, "{io:#?}");
        assert!(io.io_events >= 1, "{io:#?}");
    });
}

#[test]
fn a_turn_that_fires_a_sleep_says_timer() {
    util::watched(true).block_on(async {
        runtime::time::sleep(Duration::from_secs(3)).await;
        close_the_turn().await;
        let turns = introspect::turns();
        let timer = find(&turns, WokeBy::Timer).unwrap_or_else(|| panic!("{turns:#?}"));
        assert_eq!(timer.timers_fired, 1);
        assert_eq!(timer.io_events, 0);
    });
}

#[test]
fn a_turn_ended_by_a_wake_from_another_thread_says_cross_thread() {
    util::watched(false).block_on(async {
        let (send, recv) = mpsc::channel::<Waker>();
        let helper = std::thread::spawn(move || recv.recv().unwrap().wake());
        let woken = runtime::spawn({
            let mut sent = Some(send);
            poll_fn(move |cx| match sent.take() {
                Some(send) => {
                    send.send(cx.waker().clone()).unwrap();
                    Poll::Pending
                }
                None => Poll::Ready(()),
            })
        });
        woken.await.unwrap();
        helper.join().unwrap();
        close_the_turn().await;
        let turns = introspect::turns();
        let wake = find(&turns, WokeBy::CrossThread).unwrap_or_else(|| panic!("{turns:#?}"));
        assert_eq!(wake.cross_thread_wakes, 1);
    });
}
