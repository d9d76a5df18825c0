//! TCP streams over loopback: echo round trips, half-close, resets, refused connections.

mod io_util;

use std::io::{self, Read};
use std::net::Shutdown;

use io_util::{block_on_bounded, payload, spawn_echo_server, tcp_pair};
use runtime::io::{AsyncReadExt, AsyncWriteExt};
use runtime::net::{TcpListener, TcpStream};

/// Sends `data` through the echo server at `addr` and returns what came back. Writing and
/// reading run concurrently (`join!`): with a mebibyte in flight, writing everything before
/// reading would fill both sides' buffers and stall.
async fn echo(addr: std::net::SocketAddr, data: &[u8]) -> io::Result<Vec<u8>> {
    let (mut reader, mut writer) = TcpStream::connect(addr).await?.into_split();
    let mut echoed = Vec::new();
    let (sent, received) = runtime::join!(
        async {
            writer.write_all(data).await?;
            writer.shutdown().await
        },
        reader.read_to_end(&mut echoed),
    );
    sent?;
    received?;
    Ok(echoed)
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn echo_round_trips_preserve_1_byte_and_1_mib_payloads() {
    block_on_bounded(async {
        let (addr, server) = spawn_echo_server().unwrap();
        for len in [1, 1 << 20] {
            let data = payload(len);
            assert_eq!(echo(addr, &data).await.unwrap(), data, "{len} bytes");
        }
        server.abort();
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn half_close_lets_the_peer_read_eof_and_still_reply() {
    block_on_bounded(async {
        let (mut server, mut client) = tcp_pair().await.unwrap();
        client.write_all(b"how many bytes?").await.unwrap();
        client.shutdown(Shutdown::Write).unwrap(); // FIN: our request is complete

        let mut request = Vec::new();
        server.read_to_end(&mut request).await.unwrap(); // ends at the FIN
        let reply = format!("{} bytes", request.len());
        server.write_all(reply.as_bytes()).await.unwrap();
        drop(server);

        let mut answer = Vec::new();
        client.read_to_end(&mut answer).await.unwrap(); // our read side is still open
        assert_eq!(answer, b"15 bytes");
    });
}

#[test]
#[cfg_attr(miri, ignore = "signals: Miri cannot deliver them")]
fn a_reset_by_the_peer_is_an_error_on_the_next_read_and_writes_fail_after_it() {
    block_on_bounded(async {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        // A plain blocking std client: the handshake completes in the kernel's backlog, so
        // `connect` returns without our accept having run.
        let peer = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut ours, _) = listener.accept().await.unwrap();
        ours.write_all(b"unread").await.unwrap();
        // Wait (without consuming) until our bytes sit in the peer's receive buffer, then close
        // it: closing a socket with unread data makes Linux answer with RST instead of FIN.
        // (Blocking the thread is fine here: the kernel, not our loop, delivers loopback bytes.)
        peer.peek(&mut [0; 1]).unwrap();
        drop(peer);

        let mut buf = [0; 16];
        let read = ours.read(&mut buf).await;
        assert_eq!(read.unwrap_err().kind(), io::ErrorKind::ConnectionReset);
        // The connection is dead for writing as well: an error (EPIPE), never a signal or panic.
        let write = ours.write_all(b"anyone?").await;
        assert!(write.is_err(), "writing to a reset connection must fail");
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn connecting_where_nothing_listens_is_refused() {
    block_on_bounded(async {
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            probe.local_addr().unwrap().port()
        }; // closed again: nothing listens on this port now
        let err = TcpStream::connect(("127.0.0.1", port)).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_stream_knows_both_addresses_and_its_nodelay_setting() {
    block_on_bounded(async {
        let (server, client) = tcp_pair().await.unwrap();
        assert_eq!(client.peer_addr().unwrap(), server.local_addr().unwrap());
        assert_eq!(client.local_addr().unwrap(), server.peer_addr().unwrap());
        client.set_nodelay(true).unwrap();
        assert!(client.nodelay().unwrap());
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn from_std_adopts_a_blocking_std_stream_and_makes_it_non_blocking() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let std_client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (mut std_server, _) = listener.accept().unwrap();
    block_on_bounded(async move {
        let mut client = TcpStream::from_std(std_client).unwrap();
        client.write_all(b"adopted").await.unwrap();
    });
    let mut got = [0; 7];
    std_server.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"adopted");
}
