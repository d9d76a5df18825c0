//! `signal::unix::signal`: real signals sent to this test process wake their listeners.
//!
//! Signals are process-wide and cargo runs these tests on parallel threads, so each test uses
//! a signal no other test in this binary touches (SIGINT belongs to `tests/signal.rs`, which
//! is another process).
#![cfg(unix)]

use std::future::poll_fn;
use std::task::Poll;
use std::time::Duration;

use runtime::signal::unix::{signal, Signal, SignalKind};
use runtime::time::timeout;
use signal_hook::low_level::raise;

const LIMIT: Duration = Duration::from_secs(30);

/// Sends `kind` to the whole process, as `kill -SIG <pid>` from a shell would.
fn kill_self(kind: SignalKind) {
    // SAFETY: kill(2) takes two integers and touches no memory of ours.
    let result = unsafe { libc::kill(libc::getpid(), kind.as_raw()) };
    assert_eq!(
        result,
        0,
        "kill failed: {}",
        std::io::Error::last_os_error()
    );
}

/// Whether a `recv` would complete right now, without waiting.
async fn has_delivery(listener: &mut Signal) -> bool {
    poll_fn(|cx| Poll::Ready(listener.poll_recv(cx).is_ready())).await
}

#[test]
#[cfg_attr(miri, ignore = "signals: Miri cannot deliver them")]
fn a_signal_sent_to_the_process_completes_recv() {
    runtime::run(async {
        let mut listener = signal(SignalKind::user_defined1()).unwrap();
        let waiter = runtime::spawn(async move {
            listener.recv().await.unwrap();
            listener
        });
        runtime::yield_now().await; // the waiter is parked in the reactor now
        kill_self(SignalKind::user_defined1());
        let listener = timeout(LIMIT, waiter).await.expect("recv did not complete");
        assert_eq!(listener.unwrap().kind(), SignalKind::user_defined1());
    });
}

#[test]
#[cfg_attr(miri, ignore = "signals: Miri cannot deliver them")]
fn every_listener_for_a_signal_is_woken_by_one_delivery() {
    runtime::run(async {
        let mut first = signal(SignalKind::user_defined2()).unwrap();
        let mut second = signal(SignalKind::user_defined2()).unwrap();
        raise(SignalKind::user_defined2().as_raw()).unwrap();
        let both = async { runtime::join!(first.recv(), second.recv()) };
        let (a, b) = timeout(LIMIT, both).await.expect("a listener missed it");
        a.unwrap();
        b.unwrap();
    });
}

#[test]
#[cfg_attr(miri, ignore = "signals: Miri cannot deliver them")]
fn deliveries_between_two_recvs_coalesce_into_one() {
    runtime::run(async {
        let mut hangups = signal(SignalKind::hangup()).unwrap();
        for _ in 0..3 {
            raise(SignalKind::hangup().as_raw()).unwrap();
        }
        timeout(LIMIT, hangups.recv()).await.unwrap().unwrap();
        // The first recv drained all three bytes, so nothing is left for a second one.
        assert!(
            !has_delivery(&mut hangups).await,
            "three deliveries, one recv"
        );
        raise(SignalKind::hangup().as_raw()).unwrap();
        timeout(LIMIT, hangups.recv()).await.unwrap().unwrap(); // a later delivery: a new recv
    });
}

#[test]
#[cfg_attr(miri, ignore = "signals: Miri cannot deliver them")]
fn listeners_in_runtimes_on_other_threads_are_woken_too() {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let other = std::thread::spawn(move || {
        runtime::run(async {
            let mut listener = signal(SignalKind::window_change()).unwrap();
            ready_tx.send(()).unwrap();
            timeout(LIMIT, listener.recv()).await
        })
    });
    ready_rx.recv().unwrap();
    runtime::run(async {
        let mut here = signal(SignalKind::window_change()).unwrap();
        kill_self(SignalKind::window_change());
        timeout(LIMIT, here.recv()).await.unwrap().unwrap();
    });
    other
        .join()
        .unwrap()
        .expect("the other thread's listener was not woken")
        .unwrap();
}

#[test]
#[cfg_attr(miri, ignore = "signals: Miri cannot deliver them")]
fn a_listener_made_after_another_was_dropped_still_receives() {
    runtime::run(async {
        let kind = SignalKind::from_raw(libc::SIGRTMIN() + 1);
        let old = signal(kind).unwrap();
        raise(kind.as_raw()).unwrap();
        drop(old);
        let mut new = signal(kind).unwrap();
        raise(kind.as_raw()).unwrap();
        timeout(LIMIT, new.recv()).await.unwrap().unwrap();
    });
}

#[test]
#[cfg_attr(miri, ignore = "signals: Miri cannot deliver them")]
fn signals_that_cannot_be_caught_are_refused() {
    runtime::run(async {
        for kind in [libc::SIGKILL, libc::SIGSTOP, libc::SIGSEGV] {
            let err = signal(SignalKind::from_raw(kind)).unwrap_err();
            assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        }
    });
}
