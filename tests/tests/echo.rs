//! The echo server: every byte a client sends comes back, in order, whatever the size, to
//! each of many clients at once; a client's EOF ends its connection.

mod util;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread;

use util::{TestServer, BOUND};

fn connect(server: &TestServer) -> TcpStream {
    let stream = TcpStream::connect(server.addr()).expect("connect to the echo server");
    stream.set_read_timeout(Some(BOUND)).unwrap();
    stream.set_write_timeout(Some(BOUND)).unwrap();
    stream
}

/// Sends `payload` from one thread while this one reads the echo, so that neither side waits
/// for the other with full buffers; then checks the echo byte for byte.
fn round_trip(server: &TestServer, payload: Vec<u8>) {
    let mut stream = connect(server);
    let mut writer = stream.try_clone().unwrap();
    let len = payload.len();
    let sender = thread::spawn(move || {
        writer.write_all(&payload).expect("send the payload");
        payload
    });
    let mut echoed = vec![0; len];
    stream.read_exact(&mut echoed).expect("read the echo");
    let payload = sender.join().unwrap();
    assert!(echoed == payload, "the echo differs from what was sent");
}

/// Bytes that differ from one position to the next, so a dropped or repeated chunk shows.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

#[test]
fn one_byte_comes_back() {
    let server = TestServer::echo();
    round_trip(&server, vec![b'x']);
}

#[test]
fn sixty_four_kib_come_back_in_order() {
    let server = TestServer::echo();
    round_trip(&server, pattern(64 * 1024));
}

#[test]
fn one_mib_comes_back_in_order() {
    let server = TestServer::echo();
    round_trip(&server, pattern(1024 * 1024));
}

#[test]
fn a_hundred_clients_at_once_each_get_their_own_bytes_back() {
    let server = TestServer::echo();
    let mut clients: Vec<TcpStream> = (0..100).map(|_| connect(&server)).collect();
    for round in 0..3 {
        // Everyone sends before anyone reads: all hundred connections are busy at once.
        for (i, client) in clients.iter_mut().enumerate() {
            writeln!(client, "client {i} round {round}").unwrap();
        }
        for (i, client) in clients.iter_mut().enumerate() {
            let expected = format!("client {i} round {round}\n");
            let mut echoed = vec![0; expected.len()];
            client.read_exact(&mut echoed).expect("read the echo");
            assert_eq!(String::from_utf8(echoed).unwrap(), expected);
        }
    }
}

#[test]
fn a_client_that_half_closes_gets_its_bytes_then_eof() {
    let server = TestServer::echo();
    let mut stream = connect(&server);
    stream.write_all(b"goodbye").unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    let mut echoed = Vec::new();
    stream.read_to_end(&mut echoed).expect("the echo, then EOF");
    assert_eq!(echoed, b"goodbye");
}

#[test]
fn the_echo_server_stops_on_shutdown() {
    let server = TestServer::echo();
    round_trip(&server, b"before".to_vec());
    server.stop().0.expect("echo returns Ok");
}
