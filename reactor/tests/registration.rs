//! Registrations own their source: dropping one deregisters it and frees its slot.

mod util;

use std::io::Write;

use reactor::{Interest, Reactor};
use util::{cx, drain, loopback_pair, Counter};

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn dropping_a_registration_frees_its_slot() {
    let reactor = Reactor::new().unwrap();
    let (_client, server) = loopback_pair().unwrap();
    let registration = reactor
        .handle()
        .register(server, Interest::READABLE)
        .unwrap();
    assert_eq!(reactor.handle().source_count(), 1);
    drop(registration);
    assert_eq!(reactor.handle().source_count(), 0);

    let (_client, server) = loopback_pair().unwrap();
    let again = reactor
        .handle()
        .register(server, Interest::READABLE)
        .unwrap();
    let (_client2, server2) = loopback_pair().unwrap();
    let other = reactor
        .handle()
        .register(server2, Interest::READABLE)
        .unwrap();
    assert_eq!(reactor.handle().source_count(), 2);
    assert_ne!(again.token(), other.token());
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn deregistered_sources_get_no_more_wakes() {
    let mut reactor = Reactor::new().unwrap();
    let (mut client, server) = loopback_pair().unwrap();
    let registration = reactor
        .handle()
        .register(server, Interest::READABLE)
        .unwrap();
    let (count, waker) = Counter::new();
    assert!(registration.poll_read_ready(&mut cx(&waker)).is_pending());

    // Hand the source back: it stays open, but the reactor no longer watches it.
    let server = registration.into_inner().unwrap();
    client.write_all(b"after deregistration").unwrap();
    // Loopback delivers the bytes inside `write`, so any event they caused is queued by now.
    drain(&mut reactor);
    assert_eq!(count.count(), 0);
    assert_eq!(reactor.handle().source_count(), 0);
    drop(server);
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_source_can_be_registered_again_after_into_inner() {
    let mut reactor = Reactor::new().unwrap();
    let (mut client, server) = loopback_pair().unwrap();
    let server = reactor
        .handle()
        .register(server, Interest::READABLE)
        .unwrap()
        .into_inner()
        .unwrap();
    let server = reactor
        .handle()
        .register(server, Interest::READABLE)
        .unwrap();
    let (count, waker) = Counter::new();
    assert!(server.poll_read_ready(&mut cx(&waker)).is_pending());
    client.write_all(b"x").unwrap();
    util::turn_until(&mut reactor, || count.count() == 1);
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn registrations_outliving_their_reactor_report_an_error_instead_of_hanging() {
    let reactor = Reactor::new().unwrap();
    let (_client, server) = loopback_pair().unwrap();
    let registration = reactor
        .handle()
        .register(server, Interest::READABLE)
        .unwrap();
    drop(reactor);
    let (_, waker) = Counter::new();
    match registration.poll_read_ready(&mut cx(&waker)) {
        std::task::Poll::Ready(Err(err)) => assert!(err.to_string().contains("reactor is gone")),
        other => panic!("expected an error, got {other:?}"),
    }
}
