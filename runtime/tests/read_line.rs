//! `BufReader::read_line` on real sockets: cancel safety inside `select!`, and the line cap.

mod io_util;

use std::cell::Cell;
use std::future::poll_fn;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use io_util::{block_on_bounded, tcp_pair};
use runtime::io::{AsyncRead, AsyncWriteExt, BufReader};
use runtime::net::TcpStream;

/// A socket that counts the bytes read from it, so a test can wait for "the reader has taken
/// these bytes off the socket" as an explicit event.
struct Counting {
    inner: TcpStream,
    taken: Rc<Cell<usize>>,
}

impl AsyncRead for Counting {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(n)) = poll {
            self.taken.set(self.taken.get() + n);
        }
        poll
    }
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn read_line_dropped_mid_line_by_select_loses_no_bytes() {
    block_on_bounded(async {
        let (ours, mut peer) = tcp_pair().await.unwrap();
        let taken = Rc::new(Cell::new(0));
        let mut reader = BufReader::new(Counting {
            inner: ours,
            taken: taken.clone(),
        });
        let mut line = String::new();

        peer.write_all(b"hel").await.unwrap();
        // The second branch wins as soon as read_line has pulled "hel" off the socket. Both
        // branches are polled on every wake of this task, and read_line's registration wakes
        // it, so no timer and no guessing is involved.
        let outcome = runtime::select! {
            _ = reader.read_line(&mut line) => "read_line finished",
            _ = poll_fn(|_| if taken.get() == 3 { Poll::Ready(()) } else { Poll::Pending }) => "dropped",
        };
        assert_eq!(
            outcome, "dropped",
            "no newline was sent, so read_line cannot finish"
        );
        assert_eq!(line, "", "a cancelled read_line hands out nothing");
        assert_eq!(
            reader.buffer(),
            b"hel",
            "the bytes it read stay in the BufReader"
        );

        peer.write_all(b"lo\nnext\n").await.unwrap();
        assert_eq!(reader.read_line(&mut line).await.unwrap(), 6);
        assert_eq!(line, "hello\n", "the next call returns the whole line");
        line.clear();
        reader.read_line(&mut line).await.unwrap();
        assert_eq!(line, "next\n");
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn a_line_over_the_cap_is_invalid_data_before_its_newline_arrives_and_the_next_line_survives() {
    block_on_bounded(async {
        let (ours, mut peer) = tcp_pair().await.unwrap();
        let mut reader = BufReader::new(ours).with_max_line(16);
        let mut line = String::new();

        peer.write_all(&[b'x'; 40]).await.unwrap(); // no newline, and none coming yet
        let err = reader.read_line(&mut line).await.unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(reader.buffer().len() <= 16, "the rejected line is not kept");

        // The rest of the long line is discarded as it arrives; the next line is intact.
        peer.write_all(b"xxxxxxxx\nok\n").await.unwrap();
        assert_eq!(reader.read_line(&mut line).await.unwrap(), 3);
        assert_eq!(line, "ok\n");
    });
}

#[test]
#[cfg_attr(miri, ignore = "real sockets or pipes: beyond Miri's socket support")]
fn lines_come_out_whole_however_the_peer_splits_its_writes() {
    block_on_bounded(async {
        let (ours, mut peer) = tcp_pair().await.unwrap();
        let mut lines = BufReader::with_capacity(4, ours).lines();
        let writer = runtime::spawn(async move {
            for piece in [
                &b"fir"[..],
                b"st\r\nsec",
                b"ond\n",
                b"",
                b"third without newline",
            ] {
                peer.write_all(piece).await.unwrap();
                runtime::yield_now().await; // let the reader see each piece separately
            }
        });
        let mut got = Vec::new();
        while let Some(line) = lines.next_line().await.unwrap() {
            got.push(line);
        }
        writer.await.unwrap();
        assert_eq!(got, ["first", "second", "third without newline"]);
    });
}
