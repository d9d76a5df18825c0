//! The runtime's line framer, `BufReader::read_line` with a cap: the one every chat connection
//! (plain, IRC, the bot's) reads through.
//!
//! Input: one byte of settings (the cap, 1 to 64 bytes, and whether `\r` ends a line too),
//! eight bytes that seed how the rest is cut into reads, then the bytes of the stream.
//!
//! Properties, beyond "no panic":
//! - no line handed out is longer than the cap (terminator excluded);
//! - the lines and refusals are the same however the stream is cut into reads, `Pending`s
//!   included, as when it is read whole: framing never depends on where a read ends;
//! - the reader never holds more than the cap plus one read's worth of bytes.
#![no_main]

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use libfuzzer_sys::fuzz_target;
use runtime::io::{trim_line_ending, AsyncRead, BufReader, LineError};

/// How much the reader asks for at a time.
const CAPACITY: usize = 64;

/// What one `read_line` gave: a line, or why it refused one.
type Framed = Result<String, LineError>;

fuzz_target!(|input: &[u8]| {
    if input.len() < 9 {
        return;
    }
    let cap = 1 + usize::from(input[0] & 0x3f);
    let cr_terminates = input[0] & 0x40 != 0;
    let seed = u64::from_le_bytes(input[1..9].try_into().unwrap()) | 1;
    let stream = &input[9..];
    runtime::run(async {
        let whole = frame(stream, cap, cr_terminates).await;
        let cut = frame(Cuts { rest: stream, seed }, cap, cr_terminates).await;
        assert_eq!(whole, cut, "framing depends on where reads end");
        for line in whole.iter().flatten() {
            assert!(
                trim_line_ending(line).len() <= cap,
                "{line:?} is over the cap {cap}"
            );
        }
    });
});

/// Every line and refusal of `reader`, to its end.
async fn frame(reader: impl AsyncRead + Unpin, cap: usize, cr: bool) -> Vec<Framed> {
    let mut reader = BufReader::with_capacity(CAPACITY, reader)
        .with_max_line(cap)
        .with_cr_terminates(cr);
    let mut framed = Vec::new();
    loop {
        let mut line = String::new();
        let result = reader.read_line(&mut line).await;
        assert!(
            reader.buffer().len() <= cap + 2 + CAPACITY,
            "the reader holds {} bytes for a cap of {cap}",
            reader.buffer().len()
        );
        match result {
            Ok(0) => return framed,
            Ok(_) => framed.push(Ok(line)),
            Err(err) => framed.push(Err(
                LineError::of(&err).expect("only refusals, no I/O errors")
            )),
        }
    }
}

/// A stream cut into reads of 1 to 16 bytes, with a `Pending` now and then, as a socket is.
struct Cuts<'a> {
    /// What is still to be read.
    rest: &'a [u8],
    /// xorshift state choosing each read's length; never 0.
    seed: u64,
}

impl AsyncRead for Cuts<'_> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        if self.seed % 5 == 0 {
            // Nothing yet; more is coming, so ask to be polled again.
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let n = (1 + (self.seed % 16) as usize)
            .min(buf.len())
            .min(self.rest.len());
        let (head, tail) = self.rest.split_at(n);
        buf[..n].copy_from_slice(head);
        self.rest = tail;
        Poll::Ready(Ok(n))
    }
}
