//! A task that never stops yielding cannot starve timers or sockets.

mod util;

use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;
use std::time::Duration;

use runtime::time::sleep;
use runtime::{spawn, yield_now, Runtime};

fn busy_yielder(polls: Rc<Cell<u64>>) -> runtime::JoinHandle<()> {
    spawn(async move {
        loop {
            polls.set(polls.get() + 1);
            yield_now().await;
        }
    })
}

#[test]
fn a_task_that_yields_forever_does_not_starve_a_timer() {
    const INTERVAL: u32 = 8;
    let rt = Runtime::builder()
        .start_paused(true)
        .event_interval(INTERVAL)
        .build()
        .unwrap();
    let polls = Rc::new(Cell::new(0));
    rt.block_on(async {
        let hog = busy_yielder(polls.clone());
        let seen = polls.clone();
        let sleeper = spawn(async move {
            sleep(Duration::from_secs(1)).await;
            seen.get()
        });
        yield_now().await; // both have started; the sleeper's timer is set
        let at_deadline = polls.get();
        runtime::time::advance(Duration::from_secs(1)).await; // the timer is now due
        let at_wake = sleeper.await.unwrap();
        hog.abort();
        // The due timer fires at the next reactor turn, at most `event_interval` hog polls away.
        assert!(
            at_wake - at_deadline <= 2 * u64::from(INTERVAL),
            "{} hog polls",
            at_wake - at_deadline
        );
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_task_that_yields_forever_does_not_starve_a_ready_socket() {
    let rt = Runtime::new().unwrap();
    let hog_polls = Rc::new(Cell::new(0u64));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    server.set_nonblocking(true).unwrap();
    let server = mio::net::TcpStream::from_std(server);
    client.write_all(b"hi").unwrap();

    let polls_when_read = rt.block_on(async {
        let hog = busy_yielder(hog_polls.clone());
        yield_now().await; // let the hog start
        let start = hog_polls.get();
        // Wait for the socket through the reactor, as any I/O type does.
        let registration = reactor_handle_register(server);
        std::future::poll_fn(|cx| registration.poll_read_ready(cx))
            .await
            .unwrap();
        hog.abort();
        hog_polls.get() - start
    });
    // The socket was already readable: it must be seen within a couple of reactor turns, each at
    // most `event_interval` polls of the hog apart.
    assert!(
        polls_when_read <= 3 * u64::from(runtime::DEFAULT_EVENT_INTERVAL),
        "{polls_when_read} polls"
    );
}

/// Registers a mio source with the current runtime's reactor.
fn reactor_handle_register(
    source: mio::net::TcpStream,
) -> reactor::Registration<mio::net::TcpStream> {
    runtime::reactor_handle()
        .register(source, reactor::Interest::READABLE)
        .unwrap()
}
