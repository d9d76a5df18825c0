//! The cooperative budget on sockets: a reader that always finds data still takes turns.

mod io_util;

use std::cell::Cell;
use std::io::{ErrorKind, Write};
use std::rc::Rc;

use io_util::block_on_bounded;
use runtime::coop::BUDGET;
use runtime::io::AsyncReadExt;
use runtime::net::TcpStream;

/// Bytes each reader reads, one at a time: many times the budget, far less than a full socket.
const READS: usize = 20_000;

/// A connection whose receive side is already stuffed: the std peer writes until the kernel
/// refuses more. Returns our end and the peer (keep it alive, or the data turns into EOF).
fn stuffed_connection() -> (std::net::TcpStream, std::net::TcpStream) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut peer = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (ours, _) = listener.accept().unwrap();
    peer.set_nonblocking(true).unwrap();
    let chunk = [7u8; 64 * 1024];
    let mut stuffed = 0;
    loop {
        match peer.write(&chunk) {
            Ok(n) => stuffed += n,
            Err(err) if err.kind() == ErrorKind::WouldBlock => break,
            Err(err) => panic!("stuffing the socket: {err}"),
        }
    }
    assert!(stuffed > READS, "only {stuffed} bytes fit");
    (ours, peer)
}

/// Reads `READS` single bytes, each of which is ready at once, and returns how far the other
/// reader had got by then.
async fn greedy(
    stream: std::net::TcpStream,
    mine: Rc<Cell<usize>>,
    theirs: Rc<Cell<usize>>,
) -> usize {
    let mut stream = TcpStream::from_std(stream).unwrap();
    let mut byte = [0; 1];
    while mine.get() < READS {
        stream.read_exact(&mut byte).await.unwrap();
        mine.set(mine.get() + 1);
    }
    theirs.get()
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn two_greedy_readers_on_always_ready_sockets_both_progress() {
    let (a_stream, _a_peer) = stuffed_connection();
    let (b_stream, _b_peer) = stuffed_connection();
    block_on_bounded(async {
        let (a, b) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
        let first = runtime::spawn(greedy(a_stream, a.clone(), b.clone()));
        let second = runtime::spawn(greedy(b_stream, b.clone(), a.clone()));
        let second_when_first_done = first.await.unwrap();
        let first_when_second_done = second.await.unwrap();

        // Neither socket ever says WouldBlock, so only the budget makes a reader yield: after
        // BUDGET reads it returns Pending and goes to the back of the queue. The two therefore
        // take turns of about BUDGET reads, and finish close together.
        let lag = READS - second_when_first_done;
        assert!(
            lag <= 2 * BUDGET as usize,
            "the second reader was {lag} reads behind when the first finished"
        );
        assert_eq!(first_when_second_done, READS);
    });
}
