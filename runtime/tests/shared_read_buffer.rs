//! `BufReader` reads through one scratch buffer per thread and keeps, per reader, only the
//! bytes not handed out yet: nothing at all between lines. These pin what that design must
//! never get wrong: no memory held while idle, a partial line kept whole across reads (and
//! across a `read_line` dropped at `Pending`), no byte of one reader showing up in another
//! that shares the thread's scratch, a reader nested in another's inner read, and readers of
//! different read sizes on one thread. No sockets, so Miri runs these too.

use std::collections::VecDeque;
use std::future::{poll_fn, Future};
use std::io;
use std::pin::{pin, Pin};
use std::task::{Context, Poll};

use runtime::io::{AsyncRead, AsyncReadExt, BufReader};

/// What a scripted peer does on one read.
enum Step {
    /// Hands out these bytes (as many as fit; the rest on the next read).
    Data(Vec<u8>),
    /// Has nothing yet: `Pending` (the task is woken at once, so an `.await` moves on).
    Pending,
}

/// A reader that follows its script, then reports end of stream.
struct Script(VecDeque<Step>);

fn script(steps: Vec<Step>) -> Script {
    Script(steps.into())
}

fn data(bytes: &[u8]) -> Step {
    Step::Data(bytes.to_vec())
}

impl AsyncRead for Script {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        match self.0.pop_front() {
            None => Poll::Ready(Ok(0)),
            Some(Step::Pending) => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Some(Step::Data(mut bytes)) => {
                let n = bytes.len().min(buf.len());
                buf[..n].copy_from_slice(&bytes[..n]);
                if n < bytes.len() {
                    self.0.push_front(Step::Data(bytes.split_off(n)));
                }
                Poll::Ready(Ok(n))
            }
        }
    }
}

/// Polls `future` once: its output, or `Pending` (the future is then dropped, as a losing
/// `select!` branch would be).
async fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
    let mut future = pin!(future);
    poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx))).await
}

/// The next line, with its terminator.
async fn next_line<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> String {
    let mut line = String::new();
    reader.read_line(&mut line).await.expect("a line");
    line
}

#[test]
fn a_reader_holds_no_buffer_before_its_first_read_and_between_lines() {
    runtime::run(async {
        let mut reader = BufReader::new(script(vec![data(b"hi\n"), data(b"there\n")]));
        assert_eq!(reader.buffer_capacity(), 0);
        assert_eq!(next_line(&mut reader).await, "hi\n");
        assert_eq!(reader.buffer_capacity(), 0, "idle after a whole line");
        assert_eq!(next_line(&mut reader).await, "there\n");
        assert_eq!(reader.buffer_capacity(), 0);
    });
}

#[test]
fn a_partial_line_is_all_a_reader_keeps_and_survives_a_dropped_read_line() {
    runtime::run(async {
        let steps = vec![data(b"one\ntw"), Step::Pending, data(b"o\n")];
        let mut reader = BufReader::new(script(steps));
        assert_eq!(next_line(&mut reader).await, "one\n");
        assert_eq!(reader.buffer(), b"tw", "only the unfinished line is kept");
        let mut line = String::new();
        assert!(poll_once(reader.read_line(&mut line)).await.is_pending());
        assert_eq!(line, "", "nothing handed out before the line is whole");
        assert_eq!(reader.buffer(), b"tw");
        assert_eq!(next_line(&mut reader).await, "two\n");
        assert_eq!(reader.buffer_capacity(), 0);
    });
}

#[test]
fn readers_sharing_the_thread_scratch_never_see_each_others_bytes() {
    runtime::run(async {
        let mut a = BufReader::new(script(vec![data(b"aa"), Step::Pending, data(b"AA\n")]));
        let mut b = BufReader::new(script(vec![data(b"bb"), Step::Pending, data(b"BB\n")]));
        let mut line = String::new();
        // Each reads its first half through the scratch, then waits.
        assert!(poll_once(a.read_line(&mut line)).await.is_pending());
        assert!(poll_once(b.read_line(&mut line)).await.is_pending());
        assert_eq!((a.buffer(), b.buffer()), (&b"aa"[..], &b"bb"[..]));
        assert_eq!(next_line(&mut b).await, "bbBB\n");
        assert_eq!(next_line(&mut a).await, "aaAA\n");
    });
}

#[test]
fn a_reader_whose_inner_reader_is_a_reader_too_reads_every_byte_once() {
    runtime::run(async {
        let input: Vec<u8> = (0..300u32).map(|i| b'a' + (i % 26) as u8).collect();
        let chunks = input.chunks(7).map(data).collect();
        // The outer reader's inner read runs the inner reader's, which needs a scratch while
        // the outer one holds the thread's.
        let inner = BufReader::with_capacity(5, script(chunks));
        let mut outer = BufReader::with_capacity(3, inner);
        let mut out = Vec::new();
        outer.read_to_end(&mut out).await.unwrap();
        assert_eq!(out, input);
    });
}

#[test]
fn readers_of_different_read_sizes_share_one_thread() {
    runtime::run(async {
        let long = "x".repeat(100) + "\n";
        let mut small = BufReader::with_capacity(2, script(vec![data(b"abc\n")]));
        let mut big = BufReader::with_capacity(64, script(vec![data(long.as_bytes())]));
        assert_eq!(next_line(&mut small).await, "abc\n");
        assert_eq!(next_line(&mut big).await, long);
        let mut again = BufReader::with_capacity(2, script(vec![data(b"de\n")]));
        assert_eq!(next_line(&mut again).await, "de\n");
    });
}

#[test]
fn end_of_stream_after_a_partial_line_hands_it_out_and_frees_the_buffer() {
    runtime::run(async {
        let mut reader = BufReader::new(script(vec![data(b"last")]));
        assert_eq!(next_line(&mut reader).await, "last");
        assert_eq!(reader.buffer_capacity(), 0);
        let mut line = String::new();
        assert_eq!(reader.read_line(&mut line).await.unwrap(), 0);
    });
}
