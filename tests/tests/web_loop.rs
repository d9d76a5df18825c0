//! The loop view's event stream: snapshots of the runtime's figures that change as the server
//! works. Each test waits for a snapshot showing what it caused, bounded by the stream's own
//! pace (ten a second) and `BOUND`.

mod util;

use std::time::Instant;

use util::web::{figure, EventStream};
use util::{settings, TestServer, BOUND};

/// Reads snapshots until `done` holds for one; gives it.
fn until(events: &mut EventStream, mut done: impl FnMut(&str) -> bool) -> String {
    let deadline = Instant::now() + BOUND;
    loop {
        let snapshot = events.next();
        if done(&snapshot) {
            return snapshot;
        }
        assert!(Instant::now() < deadline, "never: last {snapshot}");
    }
}

#[test]
fn snapshots_keep_coming_and_the_counters_grow_as_clients_chat() {
    let server = TestServer::chat(settings());
    let mut events = EventStream::open(server.web_addr());
    let first = events.next();
    let mut clients = server.clients(&["alice", "bob"]);
    clients[0].send("hello");
    clients[1].expect_line("<alice> hello");
    let later = until(&mut events, |s| figure(s, "clients") == 2);
    for counter in ["reactor_turns", "reactor_events", "polls", "local_wakes"] {
        assert!(
            figure(&later, counter) > figure(&first, counter),
            "{counter} grew: {first} then {later}"
        );
    }
    assert!(figure(&later, "t_ms") > figure(&first, "t_ms"));
}

#[test]
fn a_bot_sleep_shows_as_a_pending_timer_then_fires() {
    let server = TestServer::chat(settings());
    let mut events = EventStream::open(server.web_addr());
    let mut alice = server.client();
    let fired_before = figure(&events.next(), "timers_fired");
    alice.send("!sleep 1");
    until(&mut events, |s| figure(s, "timers_pending") >= 1);
    alice.read_until(|line| line.contains("slept"));
    until(&mut events, |s| figure(s, "timers_fired") > fired_before);
}

#[test]
fn the_task_dump_lists_the_tasks() {
    let server = TestServer::chat(settings());
    let _alice = server.client();
    let mut events = EventStream::open(server.web_addr());
    let snapshot = events.next();
    // Alice's connection and this stream's own task, at least.
    assert!(figure(&snapshot, "tasks_total") >= 2, "{snapshot}");
    assert!(
        snapshot.contains("\"state\":\"running\""),
        "the stream's task: {snapshot}"
    );
}

#[test]
fn a_viewer_gets_the_turns_why_they_woke_and_what_each_task_waits_on() {
    let server = TestServer::chat(settings());
    let mut alice = server.client();
    let mut events = EventStream::open(server.web_addr());
    // The first viewer turns introspection on; the turns after that come with the snapshots.
    alice.send("!sleep 1");
    let timer_turn = until(&mut events, |s| s.contains("\"woke_by\":\"timer\""));
    assert!(
        timer_turn.contains("\"turns\":[{\"number\":"),
        "{timer_turn}"
    );
    alice.read_until(|line| line.contains("slept"));
    // Alice's connection task is parked on its socket's read readiness, and says so.
    let parked = until(&mut events, |s| s.contains("\"waiting_on\":\"TcpStream "));
    assert!(parked.contains(", read"), "{parked}");
    assert!(parked.contains("\"self_wakes\":"), "{parked}");
}
