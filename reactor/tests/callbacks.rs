//! The callback-style example really echoes, over loopback.

#[allow(dead_code)]
#[path = "../examples/callbacks.rs"]
mod callbacks;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn the_callback_example_echoes_every_byte_back() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // Bounded: the server stops by itself after a fixed number of turns, plenty for two clients.
    let server = std::thread::spawn(move || callbacks::serve(listener, Some(10_000)));

    for size in [1, 100_000] {
        let mut client = TcpStream::connect(addr).unwrap();
        client
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let payload: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let writer = {
            let mut client = client.try_clone().unwrap();
            let payload = payload.clone();
            std::thread::spawn(move || {
                client.write_all(&payload).unwrap();
                client.shutdown(Shutdown::Write).unwrap();
            })
        };
        let mut echoed = Vec::new();
        client.read_to_end(&mut echoed).unwrap();
        writer.join().unwrap();
        assert_eq!(echoed, payload, "{size} bytes echoed back unchanged");
    }
    drop(server); // detached: it ends after its turn budget, or with the test process
}
