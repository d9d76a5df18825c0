//! Readiness on real loopback sockets reaches exactly the wakers that wait for it.

mod util;

use std::io::{Read, Write};
use std::task::Poll;

use reactor::{Direction, Interest, Reactor};
use util::{cx, loopback_pair, turn_until, Counter};

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn readiness_on_a_loopback_socket_wakes_the_waiting_waker_and_only_that_one() {
    let mut reactor = Reactor::new().unwrap();
    let (mut client_a, server_a) = loopback_pair().unwrap();
    let (_client_b, server_b) = loopback_pair().unwrap();
    let a = reactor
        .handle()
        .register(server_a, Interest::READABLE)
        .unwrap();
    let b = reactor
        .handle()
        .register(server_b, Interest::READABLE)
        .unwrap();
    let (count_a, waker_a) = Counter::new();
    let (count_b, waker_b) = Counter::new();
    assert!(a.poll_read_ready(&mut cx(&waker_a)).is_pending());
    assert!(b.poll_read_ready(&mut cx(&waker_b)).is_pending());

    client_a.write_all(b"ping").unwrap();
    turn_until(&mut reactor, || count_a.count() > 0);

    assert_eq!(count_a.count(), 1);
    assert_eq!(
        count_b.count(),
        0,
        "the other socket's waker must not be woken"
    );
    let mut buf = [0; 8];
    let read = a.poll_io(Direction::Read, &mut cx(&waker_a), |mut s| s.read(&mut buf));
    assert!(matches!(read, Poll::Ready(Ok(4))));
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn read_and_write_wakers_of_one_source_are_independent() {
    let mut reactor = Reactor::new().unwrap();
    let (mut client, server) = loopback_pair().unwrap();
    let server = reactor
        .handle()
        .register(server, Interest::READABLE | Interest::WRITABLE)
        .unwrap();

    // A fresh socket is writable at once: the first turn reports it, the reader stays asleep.
    let (reads, reader) = Counter::new();
    let (writes, writer) = Counter::new();
    assert!(server.poll_read_ready(&mut cx(&reader)).is_pending());
    assert!(server.poll_write_ready(&mut cx(&writer)).is_pending());
    turn_until(&mut reactor, || writes.count() > 0);
    assert_eq!((reads.count(), writes.count()), (0, 1));

    // Now data arrives: the reader is woken, and the writer (not waiting any more) is not.
    assert!(
        server.poll_write_ready(&mut cx(&writer)).is_ready(),
        "write readiness is cached"
    );
    assert!(server.poll_read_ready(&mut cx(&reader)).is_pending());
    client.write_all(b"x").unwrap();
    turn_until(&mut reactor, || reads.count() > 0);
    assert_eq!((reads.count(), writes.count()), (1, 1));
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn would_block_clears_readiness_and_the_next_edge_wakes_again() {
    let mut reactor = Reactor::new().unwrap();
    let (mut client, server) = loopback_pair().unwrap();
    let server = reactor
        .handle()
        .register(server, Interest::READABLE)
        .unwrap();
    let (count, waker) = Counter::new();

    for round in 1..=3 {
        client.write_all(b"abc").unwrap();
        assert!(server.poll_read_ready(&mut cx(&waker)).is_pending());
        turn_until(&mut reactor, || count.count() == round);
        // Drain to WouldBlock: only then is readiness cleared and the waker stored again.
        let mut buf = [0; 16];
        let read = server.poll_io(Direction::Read, &mut cx(&waker), |mut s| s.read(&mut buf));
        assert!(matches!(read, Poll::Ready(Ok(3))));
        let again = server.poll_io(Direction::Read, &mut cx(&waker), |mut s| s.read(&mut buf));
        assert!(
            again.is_pending(),
            "after WouldBlock the task waits for the next edge"
        );
    }
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn peer_hang_up_wakes_both_directions() {
    let mut reactor = Reactor::new().unwrap();
    let (client, server) = loopback_pair().unwrap();
    let server = reactor
        .handle()
        .register(server, Interest::READABLE | Interest::WRITABLE)
        .unwrap();
    let (_, first) = Counter::new();
    // Consume the initial writable edge so that the writer really waits.
    assert!(server.poll_write_ready(&mut cx(&first)).is_pending());
    turn_until(&mut reactor, || server.readiness().is_writable());
    server.clear_ready(Direction::Write);

    let (reads, reader) = Counter::new();
    let (writes, writer) = Counter::new();
    assert!(server.poll_read_ready(&mut cx(&reader)).is_pending());
    assert!(server.poll_write_ready(&mut cx(&writer)).is_pending());
    client.shutdown(std::net::Shutdown::Both).unwrap();
    drop(client);
    turn_until(&mut reactor, || reads.count() > 0);
    assert_eq!(writes.count(), 1, "a hang-up must wake the writer too");
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_peer_half_close_wakes_the_reader_and_leaves_a_writer_facing_a_full_buffer_asleep() {
    use std::net::Shutdown;
    let mut reactor = Reactor::new().unwrap();
    // A Unix pair, not TCP: its buffer frees space only when the peer reads (no ACKs in flight),
    // so "full" stays full for the whole test.
    let (ours, peer) = mio::net::UnixStream::pair().unwrap();
    let ours = reactor
        .handle()
        .register(ours, Interest::READABLE | Interest::WRITABLE)
        .unwrap();
    turn_until(&mut reactor, || {
        ours.readiness().contains(reactor::Ready::WRITABLE)
    });
    // Fill the peer's receive queue (it never reads) until a write would block.
    let (writes, writer) = Counter::new();
    let chunk = [0; 4096];
    loop {
        match ours.poll_io(Direction::Write, &mut cx(&writer), |mut s| s.write(&chunk)) {
            Poll::Ready(Ok(_)) => {}
            Poll::Ready(Err(err)) => panic!("write failed: {err}"),
            Poll::Pending => break,
        }
    }
    let (reads, reader) = Counter::new();
    assert!(ours.poll_read_ready(&mut cx(&reader)).is_pending());

    peer.shutdown(Shutdown::Write).unwrap();
    turn_until(&mut reactor, || reads.count() > 0);
    assert!(ours.readiness().contains(reactor::Ready::READ_CLOSED));
    assert_eq!(
        writes.count(),
        0,
        "the peer may still read: a write still blocks"
    );
    assert!(
        ours.poll_write_ready(&mut cx(&writer)).is_pending(),
        "read-closed must not make a full socket look writable (a writer would spin)"
    );
    let mut buf = [0; 8];
    let eof = ours.poll_read(&mut cx(&reader), &mut buf);
    assert!(matches!(eof, Poll::Ready(Ok(0))), "the reader sees EOF");
}
