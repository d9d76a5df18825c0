//! A client that stops reading: once its socket buffers and its outbox are full, the server
//! drops it (`* nick left (too slow)`), frees its slot without waiting for it to read, and
//! meanwhile everyone else gets every line, in order. So what the server queues for a client
//! is bounded by the outbox limits, whoever floods the room.
//!
//! The flood is paced by the reader that keeps up: the flooder never runs more than [`WINDOW`]
//! lines ahead of what `watch` has read, and the outbox holds more than that, so `watch` can
//! never be the one found too slow, however the threads are scheduled. `slow` reads nothing, so
//! its kernel buffers fill, then its outbox, and it is dropped.
//!
//! The server logs the drop with what the client's outbox held, so an operator can tell a
//! client that fell far behind from a bound set too low; the test reads that warning through
//! a logger of its own (the server runs in this process).

mod util;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

use chatbot::server::{Limits, Settings};
use util::{settings, Client, TestServer, BOUND};

/// Each client's outbox: small, so that the test floods little.
const LIMITS: Limits = Limits {
    max_lines: 64,
    max_bytes: 32 * 1024,
};
/// How many lines the flooder may be ahead of `watch`: fewer than an outbox holds.
const WINDOW: usize = 48;
/// Padding that makes each line about half a kilobyte.
const LINE_BYTES: usize = 500;
/// The flood gives up here (about 50 MB): a server that never drops `slow` fails the test
/// instead of running forever.
const MAX_LINES: usize = 100_000;

/// Line `i` of the flood, as sent.
fn flood_line(i: usize) -> String {
    format!("{i:06} {}", "f".repeat(LINE_BYTES))
}

/// Keeps every warning logged in this process (the test binary's only test installs it).
struct Warnings(Mutex<Vec<String>>);

impl log::Log for Warnings {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            self.0.lock().unwrap().push(record.args().to_string());
        }
    }
    fn flush(&self) {}
}

static WARNINGS: Warnings = Warnings(Mutex::new(Vec::new()));

#[test]
fn a_client_that_stops_reading_is_dropped_while_the_others_get_every_line() {
    log::set_logger(&WARNINGS).expect("the only logger");
    log::set_max_level(log::LevelFilter::Warn);
    let server = TestServer::chat(Settings {
        outbox: LIMITS,
        max_clients: 3,
        ..settings()
    });
    let mut clients = server.clients(&["slow", "watch", "flood"]);
    let flooder = clients.pop().unwrap();
    let mut watch = clients.pop().unwrap();
    let mut slow = clients.pop().unwrap(); // from here on, reads nothing until told

    let stop = Arc::new(AtomicBool::new(false));
    let (acks, acked) = mpsc::channel::<usize>();
    let flooding = {
        let stop = stop.clone();
        thread::spawn(move || flood(flooder, &stop, &acked))
    };

    // Watch reads the flood, line by line, in order, and tells the flooder how far it got.
    let mut next = 0;
    let mut dropped_at = None;
    loop {
        let line = watch.read_line();
        if line == "<flood> done" {
            break;
        }
        if line == "* slow left (too slow)" {
            assert_eq!(dropped_at, None, "dropped twice");
            dropped_at = Some(next);
            stop.store(true, Ordering::Relaxed);
            continue;
        }
        assert_eq!(
            line,
            format!("<flood> {}", flood_line(next)),
            "watch lost a line"
        );
        next += 1;
        let _ = acks.send(next); // the flooder may have stopped already
    }
    let (flooder, sent) = flooding.join().expect("the flooder thread");
    assert_eq!(next, sent, "watch got every line that was sent");
    let dropped_at = dropped_at.expect("slow was never dropped");
    assert!(dropped_at < MAX_LINES);
    // Logged when the outbox overflowed, before the room heard slow leave.
    let warning = WARNINGS
        .0
        .lock()
        .unwrap()
        .iter()
        .find(|w| w.starts_with("slow ("))
        .cloned()
        .expect("the drop was logged");
    let queued = queue_size(&warning);
    assert!(
        queued.0 <= LIMITS.max_lines && queued.1 <= LIMITS.max_bytes && queued.0 > 0,
        "{warning:?}"
    );

    // Slow's connection is gone from the server although slow never read: its slot is free.
    let mut late = server.client();
    watch.expect_line(&format!("* {} joined", late.nick));
    late.rename("late");
    drop(flooder);

    // Slow finds a clean prefix of the flood (the last line maybe cut short), then the end.
    let mut got = 0;
    loop {
        match slow.try_read_line(BOUND) {
            Ok(Some(line)) => {
                let expected = format!("<flood> {}", flood_line(got));
                if line != expected {
                    assert!(expected.starts_with(&line), "slow got {line:?}");
                }
                got += 1;
            }
            Ok(None) => break,
            Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(err) => panic!("slow: expected the flood then EOF, got {err}"),
        }
    }
    // What slow missed is what the server held for it beyond the kernel's buffers: the write
    // it abandoned and the outbox it dropped, each at most `max_lines`, plus what the flooder
    // sent (at most a window ahead) before watch heard that slow was gone. The kernel took
    // far more (megabytes, here), but that is bounded by the kernel, not by us.
    assert!(
        got <= dropped_at,
        "slow got {got} lines, dropped at {dropped_at}"
    );
    assert!(
        dropped_at - got <= 2 * LIMITS.max_lines + WINDOW,
        "the server held {} lines for slow",
        dropped_at - got
    );
}

/// The `(lines, bytes)` in `... outbox full (L lines, B bytes queued), disconnecting`.
fn queue_size(warning: &str) -> (usize, usize) {
    let inside = warning
        .split_once("outbox full (")
        .and_then(|(_, rest)| rest.split_once(" bytes queued)"))
        .unwrap_or_else(|| panic!("no queue size in {warning:?}"))
        .0;
    let (lines, bytes) = inside.split_once(" lines, ").expect("lines, then bytes");
    (lines.parse().unwrap(), bytes.parse().unwrap())
}

/// Sends numbered lines, never more than [`WINDOW`] ahead of the acknowledgements, until told
/// to stop; then says `done`. Returns the client and how many lines it sent.
fn flood(mut flooder: Client, stop: &AtomicBool, acked: &mpsc::Receiver<usize>) -> (Client, usize) {
    let mut read = 0;
    let mut sent = 0;
    while !stop.load(Ordering::Relaxed) {
        assert!(sent < MAX_LINES, "slow was not dropped after {sent} lines");
        if sent - read >= WINDOW {
            read = acked.recv_timeout(BOUND).expect("watch stopped reading");
            continue;
        }
        flooder.send(&flood_line(sent));
        sent += 1;
    }
    flooder.send("done");
    (flooder, sent)
}
