//! A full server: with `max_clients` connected, one more client gets `! server full` and is
//! closed; the clients already there notice nothing, and a slot frees up when one leaves.

mod util;

use chatbot::server::Settings;
use util::{settings, Client, TestServer};

fn server_for_two() -> TestServer {
    TestServer::chat(Settings {
        max_clients: 2,
        ..settings()
    })
}

#[test]
fn a_client_beyond_max_clients_gets_server_full_and_eof() {
    let server = server_for_two();
    let mut clients = server.clients(&["alice", "bob"]);
    let mut third = Client::connect(server.addr());
    third.expect_line("! server full");
    third.expect_eof();
    for client in &mut clients {
        client.expect_nothing_more();
    }
}

#[test]
fn a_slot_frees_up_when_a_client_leaves() {
    let server = server_for_two();
    let mut clients = server.clients(&["alice", "bob"]);
    let alice = clients.remove(0);
    drop(alice);
    clients[0].expect_line("* alice left");
    let mut carol = server.client();
    carol.rename("carol");
    clients[0].read_until(|line| line == "* guest3 is now known as carol");
    let mut refused = Client::connect(server.addr());
    refused.expect_line("! server full");
    refused.expect_eof();
}
