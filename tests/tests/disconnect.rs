//! Disconnects: a client that goes away without `/quit` (drops its socket, or half-closes it)
//! is announced as `* nick left`, its nick is freed, and whatever it left half-sent is dropped.

mod util;

use util::chat_room;

#[test]
fn a_client_that_drops_its_connection_is_announced_as_left() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let alice = clients.remove(0);
    let bob = &mut clients[0];
    drop(alice);
    bob.expect_line("* alice left");
    bob.send("/who");
    bob.expect_line("* in lobby (1): bob");
    bob.rename("alice");
}

#[test]
fn a_client_that_half_closes_is_announced_as_left_and_closed() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("last words");
    alice.shutdown_write();
    bob.expect_line("<alice> last words");
    bob.expect_line("* alice left");
    alice.expect_eof();
}

#[test]
fn a_half_sent_line_leaves_with_its_sender() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let mut alice = clients.remove(0);
    let bob = &mut clients[0];
    alice.send_bytes(b"never finish");
    drop(alice);
    bob.expect_line("* alice left");
    bob.expect_nothing_more();
}

#[test]
fn a_room_outlives_any_number_of_vanished_clients() {
    let (server, mut clients) = chat_room(&["bob"]);
    let bob = &mut clients[0];
    for _ in 0..20 {
        let guest = server.client();
        bob.expect_line(&format!("* {} joined", guest.nick));
        drop(guest);
        bob.read_until(|line| line.ends_with(" left"));
    }
    bob.send("/rooms");
    bob.expect_line("* rooms: lobby (1)");
}
