//! The cross-thread wake unblocks a turn that sleeps in `Poll`, and is never lost.

mod util;

use std::sync::mpsc;
use std::time::Duration;

use reactor::{Reactor, RemoteCounts};
use util::GENEROUS;

/// Waits until the thread `tid` is asleep in the kernel: for the reactor thread, that means it
/// is blocked in `epoll_wait`. Reading /proc is an explicit signal, not a guess with `sleep`.
#[cfg(target_os = "linux")]
fn wait_until_asleep(tid: &str) {
    let path = format!("/proc/self/task/{tid}/stat");
    let give_up = std::time::Instant::now() + GENEROUS;
    loop {
        let stat = std::fs::read_to_string(&path).unwrap();
        // The state follows the parenthesised command name: "... (name) S ...".
        let state = stat.rsplit(')').next().unwrap().trim_start().chars().next();
        if state == Some('S') {
            return;
        }
        assert!(
            std::time::Instant::now() < give_up,
            "reactor thread never went to sleep"
        );
        std::thread::yield_now();
    }
}

#[cfg(target_os = "linux")]
#[test]
#[cfg_attr(miri, ignore = "/proc: Miri cannot read the thread's state there")]
fn a_cross_thread_wake_unblocks_a_turn_blocked_in_poll() {
    let mut reactor = Reactor::new().unwrap();
    let remote = reactor.handle().remote();
    let me = std::fs::read_link("/proc/thread-self").unwrap();
    let tid = me.file_name().unwrap().to_string_lossy().into_owned();

    let waker = std::thread::spawn(move || {
        wait_until_asleep(&tid);
        remote.wake().unwrap();
    });
    // Nothing is registered and no timer is pending: only the wake can end this turn early.
    let turn = reactor.turn(Some(GENEROUS)).unwrap();
    assert!(turn.remote_wake, "the turn ended without the wake: {turn}");
    assert!(turn.waited < GENEROUS);
    waker.join().unwrap();
}

#[test]
fn a_wake_sent_before_the_turn_is_not_lost() {
    let mut reactor = Reactor::new().unwrap();
    let remote = reactor.handle().remote();
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        remote.wake().unwrap();
        done_tx.send(()).unwrap();
    });
    done_rx.recv().unwrap();
    let turn = reactor.turn(Some(GENEROUS)).unwrap();
    assert!(turn.remote_wake);
}

#[test]
fn many_wakes_between_two_turns_cost_one_syscall() {
    let mut reactor = Reactor::new().unwrap();
    let remote = reactor.handle().remote();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let remote = remote.clone();
            std::thread::spawn(move || (0..250).for_each(|_| remote.wake().unwrap()))
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    let counts = remote.counts();
    assert_eq!(
        (counts.requested, counts.sent),
        (1000, 1),
        "1000 wakes, one eventfd write"
    );

    let turn = reactor.turn(Some(GENEROUS)).unwrap();
    assert!(turn.remote_wake);
    remote.wake().unwrap();
    assert_eq!(
        remote.counts(),
        RemoteCounts {
            requested: 1001,
            sent: 2
        },
        "after the turn, the next wake reaches the OS again"
    );
    let turn = reactor.turn(Some(Duration::ZERO)).unwrap();
    assert!(turn.remote_wake);
}

#[test]
fn a_turn_with_nothing_pending_and_no_timeout_waits_until_woken() {
    let mut reactor = Reactor::new().unwrap();
    let remote = reactor.handle().remote();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let thread = std::thread::spawn(move || {
        go_rx.recv().unwrap();
        remote.wake().unwrap();
    });
    go_tx.send(()).unwrap();
    let turn = reactor.turn(None).unwrap();
    assert_eq!(turn.timeout, None, "nothing bounds the wait");
    assert!(turn.remote_wake, "only the wake ends it");
    thread.join().unwrap();
}
