//! Nagle's algorithm is off (`TCP_NODELAY`) on every connection the chat server accepts, whatever
//! its protocol: a chat server writes small lines, and with Nagle on, the second of two quick
//! lines to one client waits for the first one's acknowledgement, which a client that also talks
//! delays by up to 40 ms (see `set_up` in `chatbot/src/server/mod.rs`).
//!
//! A client cannot see the options of the server's end of its connection, and the delay Nagle
//! causes is a matter of timing, which a test must not assert. But [`TestServer`] runs the server
//! in this process, so the server's end of each connection is one of this process's own file
//! descriptors: the test finds it in `/proc/self/fd` (the socket whose peer is the client's
//! address) and asks the kernel for its `TCP_NODELAY`.
//!
//! **This file holds one test and nothing else runs in its process**, so every socket in the
//! process belongs to that test's server and clients, and none of them is closed before the test
//! ends. That is what makes looking at descriptors we do not own sound.
//!
//! A front end added later adds its listener to the list below.

mod util;

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::mem::ManuallyDrop;
use std::net::{SocketAddr, TcpStream};
use std::os::fd::{FromRawFd, RawFd};

use util::{settings, TestServer, BOUND};

#[test]
#[cfg_attr(miri, ignore = "real sockets and /proc")]
fn every_front_end_turns_nagle_off_on_accepted_connections() {
    if fs::read_dir("/proc/self/fd").is_err() {
        eprintln!("skipped: no /proc/self/fd to find the server's sockets in");
        return;
    }
    let server = TestServer::chat(settings());
    let front_ends: [(&str, SocketAddr, &[u8]); 2] = [
        // The plain protocol greets a client as soon as it connects.
        ("plain", server.addr(), b""),
        // IRC answers registration.
        (
            "IRC",
            server.irc_addr(),
            b"NICK bob\r\nUSER bob 0 * :Bob\r\n",
        ),
    ];
    // Every client stays connected until the end of the test (see the module doc).
    let mut clients = Vec::new();
    for (name, addr, hello) in front_ends {
        let client = answered(addr, hello);
        let server_end = server_end_of(&client)
            .unwrap_or_else(|| panic!("{name}: the server's end of the connection is not found"));
        assert!(
            server_end.nodelay().expect("read TCP_NODELAY"),
            "{name}: the server left Nagle's algorithm on for an accepted connection"
        );
        clients.push(client);
    }
}

/// Connects to `addr`, sends `hello` and waits for the server's first line: proof that the
/// server has accepted the connection and set it up.
fn answered(addr: SocketAddr, hello: &[u8]) -> TcpStream {
    let mut client = TcpStream::connect(addr).expect("connect");
    client.set_read_timeout(Some(BOUND)).unwrap();
    client.write_all(hello).expect("send");
    let mut line = String::new();
    BufReader::new(&client)
        .read_line(&mut line)
        .expect("the server answers");
    assert!(line.ends_with('\n'), "a whole first line, not {line:?}");
    client
}

/// The server's end of `client`'s connection: the socket in this process whose peer is the
/// client and whose own address is the one the client connected to. It is never closed here.
fn server_end_of(client: &TcpStream) -> Option<ManuallyDrop<TcpStream>> {
    let client_addr = client.local_addr().unwrap();
    let server_addr = client.peer_addr().unwrap();
    for entry in fs::read_dir("/proc/self/fd").ok()?.flatten() {
        let Some(fd) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<RawFd>().ok())
        else {
            continue;
        };
        let is_socket = fs::read_link(entry.path())
            .is_ok_and(|target| target.to_string_lossy().starts_with("socket:"));
        if !is_socket {
            continue;
        }
        // SAFETY: `fd` is a socket open in this process, and it stays open for as long as this
        // borrow lives: every socket in this process is this test's (the module doc's rule) and
        // none is closed before the test ends. `ManuallyDrop` keeps us from closing it: we only
        // ask the kernel about it (getsockname, getpeername, getsockopt), which on a socket of
        // another family simply fails.
        let socket = ManuallyDrop::new(unsafe { TcpStream::from_raw_fd(fd) });
        let is_server_end = socket.peer_addr().is_ok_and(|peer| peer == client_addr)
            && socket.local_addr().is_ok_and(|local| local == server_addr);
        if is_server_end {
            return Some(socket);
        }
    }
    None
}
