//! What the network does to a server, and that the chat server keeps serving everyone else
//! through it: a client that resets its connection while the server is writing to it, clients
//! that connect and say nothing, two thousand clients that vanish at once, and a client whose
//! read side is full when the server shuts down. (A client that half-closes is in
//! `disconnect.rs`; accept under `EMFILE` in `emfile.rs`; a client that stops reading for good
//! in `slow_client.rs`.)
//!
//! To make "while the server is writing to it" true rather than likely, a stalled client shrinks
//! its socket's receive buffer ([`small_receive_buffer`]): loopback's buffers otherwise grow to
//! tens of megabytes, and the server's writes would all succeed before the fault happens.
#![cfg(target_os = "linux")]

mod util;

use std::net::TcpStream;
use std::os::fd::AsRawFd;
use std::process::Command;

use chatbot::server::{Limits, Settings, SHUTDOWN_GRACE};
use util::{chat_room, settings, Client, TestServer, BOUND};

/// Outboxes big enough that nobody in these tests is dropped for being slow: each test decides
/// itself what its stalled client does.
const ROOMY: Limits = Limits {
    max_lines: 100_000,
    max_bytes: 64 * 1024 * 1024,
};

/// Line `i` of a flood: about a kilobyte, numbered so that order can be checked.
fn flood_line(i: usize) -> String {
    format!("{i:05} {}", "x".repeat(1000))
}

/// A chat room of `nicks` on a server with [`ROOMY`] outboxes.
fn roomy_room(nicks: &[&str]) -> (TestServer, Vec<Client>) {
    let server = TestServer::chat(Settings {
        outbox: ROOMY,
        ..settings()
    });
    let clients = server.clients(nicks);
    (server, clients)
}

#[test]
fn a_client_that_resets_while_the_server_writes_to_it_leaves_and_the_others_get_every_line() {
    const LINES: usize = 2_000;
    let (_server, mut clients) = roomy_room(&["alice", "bob", "victim"]);
    let victim = clients.pop().unwrap();
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    small_receive_buffer(victim.stream());
    for i in 0..LINES / 2 {
        alice.send(&flood_line(i));
    }
    for i in 0..LINES / 2 {
        bob.expect_line(&format!("<alice> {}", flood_line(i)));
    }
    // The victim has read nothing of a megabyte sent to it, so the server is writing to it, and
    // closing a socket with unread bytes makes the kernel answer with RST rather than FIN.
    drop(victim);
    for i in LINES / 2..LINES {
        alice.send(&flood_line(i));
    }
    let mut rest = bob.read_until(|line| line.contains(&flood_line(LINES - 1)));
    rest.retain(|line| !line.starts_with("* victim left"));
    let expected: Vec<String> = (LINES / 2..LINES)
        .map(|i| format!("<alice> {}", flood_line(i)))
        .collect();
    assert_eq!(rest, expected, "bob lost or reordered lines");
    bob.send("still here");
    alice.read_until(|line| line == "<bob> still here");
    bob.send("/who");
    bob.read_until(|line| line == "* in lobby (2): alice, bob");
}

#[test]
fn clients_that_connect_and_say_nothing_do_not_hold_up_anyone() {
    const SILENT: usize = 100;
    let (server, mut clients) = chat_room(&["alice", "bob"]);
    // Plain clients are greeted at once and never read; IRC clients never register.
    let silent: Vec<TcpStream> = (0..SILENT)
        .flat_map(|_| [server.addr(), server.irc_addr()])
        .map(|addr| TcpStream::connect(addr).expect("connect"))
        .collect();
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for i in 0..10 {
        alice.send(&format!("line {i}"));
        bob.read_until(|line| line == format!("<alice> line {i}"));
    }
    bob.send("/who");
    let who = bob.read_until(|line| line.starts_with("* in lobby"));
    assert!(
        who.last()
            .unwrap()
            .starts_with(&format!("* in lobby ({})", SILENT + 2)),
        "the silent plain clients are members like any other: {who:?}"
    );
    drop(silent);
}

#[test]
fn two_thousand_clients_that_vanish_at_once_leave_nothing_behind() {
    // Each connection is two descriptors in this process: the client's and the server's.
    let clients = 2_000.min(descriptor_limit().saturating_sub(200) / 2);
    if clients < 2_000 {
        eprintln!("the descriptor limit allows only {clients} clients, not 2000");
    }
    // Past `--quiet-joins` (200) members the room stops announcing arrivals and departures,
    // so alice and bob are not flooded with four thousand of them.
    let (server, mut members) = chat_room(&["alice", "bob"]);
    // Each waits for its welcome, so every one of them is a member before any vanishes (and
    // the listen backlog never overflows into SYN retries). Each has unread lines (the others'
    // arrivals), so most vanish with a reset.
    let crowd: Vec<Client> = (0..clients)
        .map(|_| {
            let mut client = Client::connect(server.addr());
            client.read_line();
            client
        })
        .collect();
    drop(crowd);
    let [alice, bob] = &mut members[..] else {
        unreachable!()
    };
    // Until the server has seen every one of them go, the room is bigger than two; each
    // `/rooms` is answered after everything sent before it, so this waits for lines, not time.
    let mut rounds = 0;
    loop {
        bob.send("/rooms");
        let answer = bob.read_until(|line| line.starts_with("* rooms: "));
        if answer.last().unwrap() == "* rooms: lobby (2)" {
            break;
        }
        rounds += 1;
        assert!(rounds < 10_000, "the crowd never left: {answer:?}");
    }
    alice.send("anyone left?");
    bob.read_until(|line| line == "<alice> anyone left?");
    let newcomer = server.client();
    assert!(
        newcomer.nick.starts_with("guest"),
        "the server still accepts"
    );
}

#[test]
fn shutdown_finishes_within_its_grace_while_a_client_cannot_take_any_more() {
    // Loopback's send buffer grows to 4 MiB at most; past that, the rest waits in the outbox.
    const LINES: usize = 6_000;
    let (server, mut clients) = roomy_room(&["alice", "bob", "stalled"]);
    let stalled = clients.pop().unwrap();
    small_receive_buffer(stalled.stream());
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    for i in 0..LINES {
        alice.send(&flood_line(i));
    }
    bob.read_until(|line| line.contains(&flood_line(LINES - 1)));
    let (result, took) = server.stop();
    result.expect("serve returns Ok");
    // The server gives a client that cannot take its lines the whole grace period, then closes
    // it: less would mean its writes never stalled, and the test did not test what it says.
    assert!(
        took >= SHUTDOWN_GRACE,
        "shutdown took {took:?}: the stalled client's writes did not stall"
    );
    assert!(
        took < SHUTDOWN_GRACE + BOUND,
        "the stalled client held up shutdown for {took:?}"
    );
    for client in [alice, bob] {
        client.expect_line("* server shutting down");
        client.expect_eof();
    }
    drop(stalled);
}

/// This process's soft limit on open descriptors, as the shell reports it.
fn descriptor_limit() -> usize {
    let output = Command::new("sh")
        .args(["-c", "ulimit -n"])
        .output()
        .expect("run sh");
    let text = String::from_utf8_lossy(&output.stdout);
    // "unlimited" reads as plenty.
    text.trim().parse().unwrap_or(usize::MAX)
}

/// Shrinks `stream`'s receive buffer to a few kilobytes and stops it from growing, so that a
/// client that does not read holds the server's writes back soon.
fn small_receive_buffer(stream: &TcpStream) {
    // The kernel doubles it for its bookkeeping.
    let size: i32 = 4096;
    const SOL_SOCKET: i32 = 1;
    const SO_RCVBUF: i32 = 8;
    extern "C" {
        fn setsockopt(fd: i32, level: i32, name: i32, value: *const i32, len: u32) -> i32;
    }
    // SAFETY: `stream` is open for the whole call, so its descriptor is valid; `value` points
    // to an `i32` that lives across the call, and `len` is that `i32`'s size, which is what
    // `SO_RCVBUF` reads.
    let result = unsafe {
        setsockopt(
            stream.as_raw_fd(),
            SOL_SOCKET,
            SO_RCVBUF,
            &size,
            std::mem::size_of::<i32>() as u32,
        )
    };
    assert_eq!(result, 0, "setsockopt(SO_RCVBUF) failed");
}
