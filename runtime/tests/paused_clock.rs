//! The paused clock: virtual time that jumps to the next timer when nothing else can run.

mod util;

use std::time::Duration;

use runtime::time::{advance, sleep, timeout, Instant};
use util::paused;

#[test]
fn an_hour_long_sleep_takes_no_real_time_and_now_reports_the_virtual_hour() {
    let real = std::time::Instant::now();
    paused().block_on(async {
        let start = Instant::now();
        sleep(Duration::from_secs(3600)).await;
        assert_eq!(Instant::now() - start, Duration::from_secs(3600));
    });
    // A real sleep would take the hour; a minute bounds even Miri on a loaded machine.
    assert!(
        real.elapsed() < Duration::from_secs(60),
        "took {:?} of real time",
        real.elapsed()
    );
}

#[test]
fn advance_moves_the_clock_and_fires_what_became_due() {
    paused().block_on(async {
        let start = Instant::now();
        let sleeper = runtime::spawn(sleep(Duration::from_secs(5)));
        runtime::yield_now().await; // the sleeper registers its timer
        advance(Duration::from_secs(5)).await;
        runtime::yield_now().await; // the woken sleeper runs
        assert!(sleeper.is_finished());
        assert_eq!(Instant::now() - start, Duration::from_secs(5));
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn the_clock_does_not_jump_while_io_that_is_already_ready_waits() {
    let rt = paused();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    server.set_nonblocking(true).unwrap();
    std::io::Write::write_all(&mut client, b"ready").unwrap();
    rt.block_on(async {
        let registration = runtime::reactor_handle()
            .register(
                mio::net::TcpStream::from_std(server),
                reactor::Interest::READABLE,
            )
            .unwrap();
        let start = Instant::now();
        // The socket is readable now; a 1-hour timeout must not win by a clock jump.
        let ready = timeout(
            Duration::from_secs(3600),
            std::future::poll_fn(|cx| registration.poll_read_ready(cx)),
        )
        .await;
        assert!(ready.is_ok(), "the timeout fired although I/O was ready");
        assert_eq!(Instant::now(), start, "no virtual time passed");
    });
}

#[test]
fn instant_now_outside_a_runtime_is_real_time() {
    let before = std::time::Instant::now();
    let now = Instant::now().into_std();
    assert!(now >= before);
}

#[test]
fn the_paused_clock_does_not_jump_while_a_blocking_job_is_in_flight() {
    util::paused().block_on(async {
        // The job's work is 20 ms of real time (the sleep is the workload, not a wait for
        // something to happen); the test then waits on the job itself.
        let job = runtime::spawn_blocking(|| std::thread::sleep(Duration::from_millis(20)));
        let finished = runtime::time::timeout(Duration::from_secs(60), job).await;
        assert!(
            finished.is_ok(),
            "the clock jumped 60 s while the job ran for 20 ms"
        );
    });
}
