//! [`BufReader`]: a buffer in front of a reader, so that many small reads cost one system call.
//!
//! # The buffer: one scratch per thread, and only the unfinished rest per reader
//!
//! ```text
//!   this thread's scratch:  [ what one read brought ........................ ] capacity bytes
//!                                       │ copied, at once, inside the same poll
//!                                       ▼
//!   this reader's buf:      [ consumed ...... | pending (read, not handed out) ]
//!                           0                pos                          buf.len()
//! ```
//!
//! - Every read of the inner reader goes into the thread's scratch buffer (`SCRATCH`), at most
//!   `capacity` bytes, and what arrived is appended to `buf` before the poll returns. Our
//!   runtime polls one task at a time on its thread, so one scratch serves every reader there.
//! - A read from the `BufReader` copies out of `pending` and moves `pos` forward. A caller
//!   whose own buffer is at least `capacity` bytes skips both copies: we read straight into it.
//! - When `pending` runs empty, `buf` is freed (capacity 0). An idle connection between two
//!   lines, the usual state of a chat client, therefore holds no buffer at all: a server with
//!   10,000 of them keeps 10,000 empty `Vec`s, not 10,000 buffers of 8 KiB.
//! - [`read_line`](BufReader::read_line) (in the child module `buf_reader/read_line.rs`, which
//!   alone shares these private fields) looks for `\n` in `pending` and hands out nothing until
//!   it finds one; the next read appends to the unfinished line (dropping the consumed prefix
//!   first). A line is therefore always whole in `buf`, which is what makes `read_line`
//!   cancel-safe, and why an untrusted peer needs a cap: see
//!   [`with_max_line`](BufReader::with_max_line).
//!
//! Teaching shortcut: what arrives is always copied into `buf`, so a line that came whole in
//! one read is copied twice (scratch to `buf`, `buf` to the caller's `String`), and `buf` is
//! allocated for it and freed again. A production framer parses straight out of the scratch
//! and keeps only the unfinished tail; the copy keeps this file's one invariant simple (every
//! byte not handed out is in `buf`).
//!
//! After an over-long line was rejected, `discarding` is set: the next read of either kind
//! first throws away bytes up to and including that line's `\n`, so the stream picks up at
//! the start of the next line. With [`with_cr_terminates`](BufReader::with_cr_terminates), a
//! line may also end at a lone `\r`; a `\n` right after it is half of a `\r\n`, so
//! `skip_lf` is set and the next read of either kind drops that one `\n` if it comes.
//!
//! The fields are private to this file and its child module `read_line`. The rest of the crate
//! goes through four operations that keep `pos <= buf.len()` and free `buf` whenever nothing
//! is pending: `buffer`, `consume`, `poll_read_more` and `poll_skip_discarded`.
//!
//! Teaching shortcut: the scratch is zero-filled when a thread first needs it, so we never hand
//! a reader uninitialised memory. Production buffers (tokio's `ReadBuf`) track an initialised
//! prefix to skip that cost.

use std::cell::Cell;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use crate::io::AsyncRead;

mod line_error;
mod read_line;

pub use self::line_error::LineError;
pub use self::read_line::{trim_line_ending, Lines};

/// The most bytes one read takes in [`BufReader::new`], as in `std::io::BufReader`.
const DEFAULT_CAPACITY: usize = 8 * 1024;

thread_local! {
    /// The scratch buffer every `BufReader` of this thread reads into (the module doc). A
    /// reader *takes* it for the length of one inner read and puts it back, so no borrow is
    /// held while the inner reader's `poll_read` runs: a reader nested inside that one finds
    /// it empty and uses a scratch of its own for that read. Its length only grows, to the
    /// largest `capacity` asked of it, and its bytes are never read before a reader wrote them.
    static SCRATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Adds a buffer to a reader; adds [`read_line`](BufReader::read_line) and
/// [`lines`](BufReader::lines) (asyncio's `StreamReader.readline`).
pub struct BufReader<R> {
    /// The reader underneath. Read only into the thread's scratch, or straight into a caller's
    /// buffer when `pending` is empty.
    inner: R,
    /// The bytes read but not all handed out yet: a consumed prefix, then `pending`. Freed
    /// (`Vec::new()`, capacity 0) by `consume` whenever `pending` runs empty; grows only by
    /// what reads append to an unfinished line.
    buf: Vec<u8>,
    /// Start of the bytes read but not yet handed out. `pos <= buf.len()`.
    pos: usize,
    /// The most bytes one read of the inner reader may bring; at least 1.
    capacity: usize,
    /// The longest line `read_line` accepts, terminator excluded; `None` for no limit.
    max_line: Option<usize>,
    /// Set when `read_line` rejected an over-long line whose `\n` has not arrived yet; cleared
    /// once that `\n` (or end of stream) has been skipped.
    discarding: bool,
    /// Whether a lone `\r` ends a line too (IRC clients that end lines with CR); set only by
    /// [`with_cr_terminates`](Self::with_cr_terminates).
    cr_terminates: bool,
    /// Set when a line (or a discarded line) ended at a `\r` and `cr_terminates` is on: if the
    /// next byte is `\n`, it is that `\r\n`'s second half and is dropped. Cleared by the next
    /// byte, whatever it is, or by end of stream. Never set while `discarding` is.
    skip_lf: bool,
}

impl<R> BufReader<R> {
    /// A reader whose reads take up to 8 KiB, with no line-length limit.
    pub fn new(inner: R) -> BufReader<R> {
        BufReader::with_capacity(DEFAULT_CAPACITY, inner)
    }

    /// A reader whose reads take up to `capacity` bytes (at least 1), with no line-length
    /// limit. No buffer is allocated until bytes arrive (see the module doc).
    pub fn with_capacity(capacity: usize, inner: R) -> BufReader<R> {
        BufReader {
            inner,
            buf: Vec::new(),
            pos: 0,
            capacity: capacity.max(1),
            max_line: None,
            discarding: false,
            cr_terminates: false,
            skip_lf: false,
        }
    }

    /// Caps lines at `max` bytes, not counting the `\n` or `\r\n` that ends them.
    ///
    /// A longer line makes [`read_line`](Self::read_line) return an
    /// [`InvalidData`](io::ErrorKind::InvalidData) error carrying [`LineError::TooLong`] as
    /// soon as more than `max` bytes of it have arrived, without waiting for its end. The line
    /// is **discarded**: its bytes are dropped, and so is the rest of it, up to and including
    /// its `\n`, as it arrives. The following call returns the next line, so the connection
    /// stays usable and the reader never holds more than about twice `max` bytes for it.
    pub fn with_max_line(mut self, max: usize) -> BufReader<R> {
        self.max_line = Some(max);
        self
    }

    /// With `true`, a lone `\r` ends a line as `\n` and `\r\n` do: a line ends at the first
    /// `\r` or `\n`, and a `\n` right after a `\r` is dropped, so `\r\n` is still one
    /// terminator. For IRC, whose clients in the wild end lines with CR LF, LF or CR alone.
    ///
    /// Without it (the default) a `\r` that is not followed by `\n` is part of the line.
    pub fn with_cr_terminates(mut self, yes: bool) -> BufReader<R> {
        self.cr_terminates = yes;
        self
    }

    /// The reader underneath.
    pub fn get_ref(&self) -> &R {
        &self.inner
    }

    /// The reader underneath. Reading from it directly skips what is buffered here.
    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// The reader underneath; bytes still buffered are lost.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// The bytes read from the inner reader but not yet handed out.
    pub fn buffer(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Bytes of memory this reader holds for its buffer: 0 whenever nothing is pending.
    pub fn buffer_capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// Marks the first `n` buffered bytes as handed out.
    pub(crate) fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buf.len());
        if self.pos == self.buf.len() {
            // Nothing pending: give the memory back (the module doc says why).
            self.buf = Vec::new();
            self.pos = 0;
        }
    }
}

impl<R: AsyncRead + Unpin> BufReader<R> {
    /// Reads up to `capacity` more bytes from the inner reader, through the thread's scratch,
    /// and appends them to `pending` (dropping the consumed prefix first). Returns how many
    /// arrived; 0 is end of stream.
    pub(crate) fn poll_read_more(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let mut scratch = SCRATCH.with(Cell::take);
        if scratch.len() < self.capacity {
            scratch.resize(self.capacity, 0);
        }
        let read = Pin::new(&mut self.inner).poll_read(cx, &mut scratch[..self.capacity]);
        if let Poll::Ready(Ok(n)) = read {
            if self.pos > 0 {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            self.buf.extend_from_slice(&scratch[..n]);
        }
        SCRATCH.with(|cell| cell.set(scratch));
        read
    }

    /// Finishes discarding a rejected line (see [`with_max_line`](Self::with_max_line)): drops
    /// bytes up to and including its terminator. Then, if the last line ended at a `\r` (see
    /// [`with_cr_terminates`](Self::with_cr_terminates)), drops a `\n` that comes next. Ready
    /// at once when there is nothing to skip.
    pub(crate) fn poll_skip_discarded(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.discarding || self.skip_lf {
            let pending = self.buffer();
            if self.discarding {
                if let Some(end) = self.find_terminator(pending) {
                    let ended_at_cr = pending[end] == b'\r';
                    self.consume(end + 1);
                    self.skip_lf = ended_at_cr;
                    self.discarding = false;
                    continue;
                }
                self.consume(self.buf.len());
            } else if let Some(&first) = pending.first() {
                if first == b'\n' {
                    self.consume(1);
                }
                self.skip_lf = false;
                continue;
            }
            if ready!(self.poll_read_more(cx))? == 0 {
                // End of stream ends the line too.
                self.discarding = false;
                self.skip_lf = false;
            }
        }
        Poll::Ready(Ok(()))
    }

    /// Where the first line of `bytes` ends: the index of its `\n`, or of a `\r` when
    /// `cr_terminates` is on.
    fn find_terminator(&self, bytes: &[u8]) -> Option<usize> {
        if self.cr_terminates {
            bytes.iter().position(|&b| b == b'\n' || b == b'\r')
        } else {
            bytes.iter().position(|&b| b == b'\n')
        }
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for BufReader<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_skip_discarded(cx))?;
        if this.buffer().is_empty() {
            if out.len() >= this.capacity {
                // Copying through our buffer would buy nothing: read straight into theirs.
                return Pin::new(&mut this.inner).poll_read(cx, out);
            }
            if ready!(this.poll_read_more(cx))? == 0 {
                return Poll::Ready(Ok(0));
            }
        }
        let pending = this.buffer();
        let n = pending.len().min(out.len());
        out[..n].copy_from_slice(&pending[..n]);
        this.consume(n);
        Poll::Ready(Ok(n))
    }
}

impl<R: fmt::Debug> fmt::Debug for BufReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BufReader")
            .field("inner", &self.inner)
            .field("buffered", &(self.buf.len() - self.pos))
            .field("capacity", &self.capacity)
            .field("max_line", &self.max_line)
            .field("discarding", &self.discarding)
            .field("cr_terminates", &self.cr_terminates)
            .field("skip_lf", &self.skip_lf)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::AsyncReadExt;

    #[test]
    fn small_reads_are_served_from_one_inner_read() {
        crate::run(async {
            let mut reader = BufReader::with_capacity(16, &b"abcdefgh"[..]);
            let mut two = [0; 2];
            reader.read_exact(&mut two).await.unwrap();
            assert_eq!(&two, b"ab");
            // The whole (short) input came in with the first read; the slice is now empty.
            assert_eq!(reader.buffer(), b"cdefgh");
            assert!(reader.get_ref().is_empty());
        });
    }

    #[test]
    fn a_read_at_least_as_big_as_the_buffer_bypasses_it() {
        crate::run(async {
            let mut reader = BufReader::with_capacity(4, &b"abcdefgh"[..]);
            let mut big = [0; 8];
            assert_eq!(reader.read(&mut big).await.unwrap(), 8);
            assert_eq!(&big, b"abcdefgh");
            assert!(reader.buffer().is_empty());
        });
    }

    #[test]
    fn read_to_end_through_a_buffer_sees_every_byte_once() {
        crate::run(async {
            let input: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
            let mut reader = BufReader::with_capacity(7, &input[..]);
            let mut out = Vec::new();
            assert_eq!(reader.read_to_end(&mut out).await.unwrap(), input.len());
            assert_eq!(out, input);
        });
    }
}
