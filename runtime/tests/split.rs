//! A TCP stream split in two: the halves work from two tasks at once.

mod io_util;

use io_util::{block_on_bounded, payload, spawn_echo_server, tcp_pair};
use runtime::io::{AsyncReadExt, AsyncWriteExt};
use runtime::net::TcpStream;

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn read_and_write_halves_driven_by_two_tasks_move_a_mebibyte_through_an_echo_server() {
    block_on_bounded(async {
        let (addr, server) = spawn_echo_server().unwrap();
        let (mut reader, mut writer) = TcpStream::connect(addr).await.unwrap().into_split();
        let data = payload(1 << 20);

        // Each task waits in its own waker slot of the one registration. If they shared a slot,
        // one would overwrite the other's waker and this transfer would stall: the echo server
        // stops reading when we stop reading, and then our writes stop too.
        let sent = data.clone();
        let writing = runtime::spawn(async move {
            writer.write_all(&sent).await.unwrap();
            // `writer` dropped here: that shuts down writing, so the echo ends.
        });
        let reading = runtime::spawn(async move {
            let mut echoed = Vec::new();
            reader.read_to_end(&mut echoed).await.unwrap();
            echoed
        });

        writing.await.unwrap();
        assert_eq!(reading.await.unwrap(), data);
        server.abort();
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn dropping_the_write_half_sends_eof_while_the_read_half_still_reads() {
    block_on_bounded(async {
        let (mut server, client) = tcp_pair().await.unwrap();
        let (mut reader, writer) = client.into_split();
        drop(writer);

        let mut request = Vec::new();
        server.read_to_end(&mut request).await.unwrap(); // EOF, though `reader` is alive
        assert!(request.is_empty());
        server.write_all(b"bye").await.unwrap();
        drop(server);

        let mut reply = Vec::new();
        reader.read_to_end(&mut reply).await.unwrap();
        assert_eq!(reply, b"bye");
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn both_halves_report_the_connection_addresses() {
    block_on_bounded(async {
        let (server, client) = tcp_pair().await.unwrap();
        let (reader, writer) = client.into_split();
        assert_eq!(reader.peer_addr().unwrap(), server.local_addr().unwrap());
        assert_eq!(writer.local_addr().unwrap(), server.peer_addr().unwrap());
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets: Miri cannot call epoll")]
fn a_writer_facing_a_full_socket_sleeps_through_the_peer_s_half_close() {
    // The peer half-closes (it will send nothing more) but still reads. Its FIN reaches us as
    // READ_CLOSED while our writer waits for room: that must wake the reader, not the writer.
    // If READ_CLOSED satisfied a writer, the writer would find the socket "ready", get
    // WouldBlock, clear WRITABLE and find it "ready" again, forever, inside one poll: the
    // runtime's thread would hang, so the runtime runs on a thread this test watches.
    let (done_tx, done) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let delivered = block_on_bounded(async {
            let (mut peer, ours) = tcp_pair().await.unwrap();
            let (mut reader, mut writer) = ours.into_split();
            // More than loopback's socket buffers hold, so the writer must wait for the peer.
            let data = payload(16 << 20);
            let sent = data.clone();
            let writing = runtime::spawn(async move { writer.write_all(&sent).await.unwrap() });

            peer.shutdown(std::net::Shutdown::Write).unwrap();
            let mut byte = [0; 1];
            // EOF: the event that recorded READ_CLOSED has been dispatched.
            assert_eq!(reader.read(&mut byte).await.unwrap(), 0);
            let mut received = Vec::new();
            peer.read_to_end(&mut received).await.unwrap(); // ends when the write half drops
            writing.await.unwrap();
            received == data
        });
        let _ = done_tx.send(delivered);
    });
    let delivered = done
        .recv_timeout(io_util::TEST_BOUND * 2)
        .expect("the runtime's thread hung: a writer spun on its peer's half-close");
    assert!(delivered, "every byte arrives once the peer reads");
}
