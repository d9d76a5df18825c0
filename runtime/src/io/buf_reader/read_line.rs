//! [`BufReader::read_line`] and [`Lines`]: a byte stream cut into lines, cancel-safe and capped.
//!
//! This is the runtime's one line framer: the chat server reads its plain, IRC and bot
//! connections through it.
//!
//! # One call of `read_line`
//!
//! ```text
//!   (1) finish discarding a rejected line, or drop the '\n' of a
//!       '\r\n' whose '\r' ended the last line                          poll_skip_discarded
//!   (2) a terminator among the buffered bytes?
//!         yes -> check length, then UTF-8; hand the line out; done    take_line
//!   (3) no  -> more than max_line bytes buffered?
//!         yes -> drop them, start discarding, TooLong; done           reject_partial_line
//!   (4) read more, appended to the unfinished line                    poll_read_more
//!         0 bytes (end of stream) -> the partial line is the last line; done
//!         Pending                 -> return Pending; the bytes stay buffered
//!         otherwise               -> back to (2)
//! ```
//!
//! # Cancel safety
//!
//! Nothing leaves the buffer before step (2) finds a whole line, and the caller's `String` is
//! touched only in that same step, once. So dropping the future at any `Pending` (a losing
//! [`select!`](crate::select!) branch, a timeout) loses nothing: the next call finds the same
//! bytes, plus whatever arrived since, and returns the whole line.
//!
//! # Line rules
//!
//! - A line ends at `\n`; a `\r` just before it belongs to the terminator and never counts
//!   toward the limit. A lone `\r` elsewhere is part of the line, unless
//!   [`with_cr_terminates`](BufReader::with_cr_terminates) makes it a terminator too.
//! - A line must be valid UTF-8, checked on the whole line, since a read can split a
//!   character. One that is not is consumed and reported as [`LineError::InvalidUtf8`].
//! - With a cap ([`with_max_line`](BufReader::with_max_line)), a line of more than `max` bytes
//!   (terminator excluded) is reported once, as [`LineError::TooLong`], as soon as the cap is
//!   crossed; the rest of it, up to its terminator, is dropped unseen. So a peer that sends a
//!   gigabyte without a newline costs about the cap in memory and gets one error, and the next
//!   line is read as usual.
//!
//! Both refusals are [`InvalidData`](io::ErrorKind::InvalidData) errors, like `std`'s
//! `read_line`, with the [`LineError`] inside (see `line_error.rs`).
//!
//! Why CR-as-terminator is an option of the reader and not an adapter in the IRC server that
//! rewrites `\r` to `\n`: the adapter turns every `\r\n` into a line and an empty line, and
//! it must sit between the socket and the buffer, where a learner would have to look for it.
//!
//! ```
//! use runtime::io::BufReader;
//!
//! runtime::run(async {
//!     let input = &b"short\na line far too long for the cap\nok\n"[..];
//!     let mut lines = BufReader::new(input).with_max_line(10).lines();
//!     assert_eq!(lines.next_line().await?.as_deref(), Some("short"));
//!     let too_long = lines.next_line().await.unwrap_err();
//!     assert_eq!(too_long.kind(), std::io::ErrorKind::InvalidData);
//!     assert_eq!(lines.next_line().await?.as_deref(), Some("ok")); // the stream goes on
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

use std::future::{poll_fn, Future};
use std::io;
use std::task::{ready, Context, Poll};

use crate::io::{AsyncRead, BufReader, LineError};

impl<R: AsyncRead + Unpin> BufReader<R> {
    /// Reads one line and appends it, terminator included, to `line`; returns its length in
    /// bytes, or 0 at end of stream. A last line without `\n` is returned as it is.
    /// [`trim_line_ending`] gives the line without its terminator.
    ///
    /// `line` is appended to, not replaced: a loop that calls `line.clear()` before each call
    /// reuses one allocation for every line.
    ///
    /// Cancel-safe: if the future is dropped before it completes, the bytes read so far stay
    /// buffered here and the next call returns the whole line. `line` is only appended to when
    /// the call completes.
    ///
    /// # Errors
    /// [`InvalidData`](io::ErrorKind::InvalidData) carrying a [`LineError`] (find it with
    /// [`LineError::of`]): [`TooLong`](LineError::TooLong) for a line longer than the
    /// [`with_max_line`](Self::with_max_line) cap (discarded),
    /// [`InvalidUtf8`](LineError::InvalidUtf8) for one that is not UTF-8 (consumed); the next
    /// call reads the following line. Any error of the inner reader, as it is.
    pub fn read_line<'a>(
        &'a mut self,
        line: &'a mut String,
    ) -> impl Future<Output = io::Result<usize>> + 'a {
        poll_fn(move |cx| self.poll_read_line(cx, line))
    }

    /// Turns the reader into a [`Lines`], which yields lines without their terminators.
    pub fn lines(self) -> Lines<R> {
        Lines { reader: self }
    }

    /// The state machine of the module docs; `line` is appended to only on completion.
    fn poll_read_line(
        &mut self,
        cx: &mut Context<'_>,
        line: &mut String,
    ) -> Poll<io::Result<usize>> {
        ready!(self.poll_skip_discarded(cx))?; // (1)

        // Bytes already searched for a terminator during this poll; a later poll searches
        // again from the start (simple, and bounded by the line cap when there is one).
        let mut searched = 0;
        loop {
            let pending = self.buffer();
            if let Some(i) = self.find_terminator(&pending[searched..]) {
                return Poll::Ready(self.take_line(searched + i + 1, line)); // (2)
            }
            searched = pending.len();
            if self.max_line.is_some_and(|max| content_len(pending) > max) {
                return Poll::Ready(Err(self.reject_partial_line())); // (3)
            }
            if ready!(self.poll_read_more(cx))? == 0 {
                // (4) End of stream: whatever is buffered is the last line (maybe empty).
                let rest = self.buffer().len();
                return Poll::Ready(if rest == 0 {
                    Ok(0)
                } else {
                    self.take_line(rest, line)
                });
            }
        }
    }

    /// Consumes the first `len` buffered bytes as one line and appends it to `line`, unless it
    /// is too long or not UTF-8.
    fn take_line(&mut self, len: usize, line: &mut String) -> io::Result<usize> {
        let bytes = &self.buf[self.pos..self.pos + len];
        // A line that ended at a lone '\r' may have its '\n' still to come.
        let ended_at_cr = self.cr_terminates && bytes.last() == Some(&b'\r');
        let result = match self.max_line {
            Some(max) if content_len(bytes) > max => Err(LineError::TooLong { max }.into()),
            _ => match std::str::from_utf8(bytes) {
                Ok(text) => {
                    line.push_str(text);
                    Ok(len)
                }
                Err(_) => Err(LineError::InvalidUtf8.into()),
            },
        };
        self.consume(len);
        self.skip_lf = ended_at_cr;
        result
    }

    /// Step (3): drops the buffered part of an over-long line and discards the rest of it as
    /// it arrives.
    fn reject_partial_line(&mut self) -> io::Error {
        log::debug!(
            "read_line: line longer than {:?} bytes, discarding it",
            self.max_line
        );
        self.consume(self.buf.len());
        self.discarding = true;
        LineError::TooLong {
            max: self.max_line.unwrap_or(usize::MAX),
        }
        .into()
    }
}

/// A line's length without its terminator: a trailing `\n`, and a `\r` right before it (or at
/// the very end of a partial line, where the `\n` may follow, or where it ended the line).
fn content_len(bytes: &[u8]) -> usize {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes.strip_suffix(b"\r").unwrap_or(bytes).len()
}

/// A line from [`BufReader::read_line`] without its terminator: one trailing `\n`, and one
/// `\r` before it (or alone, as [`with_cr_terminates`](BufReader::with_cr_terminates) ends
/// lines). A second `\r`, as in `"a\r\r\n"`, stays: it was part of the line.
///
/// ```
/// assert_eq!(runtime::io::trim_line_ending("hi\r\n"), "hi");
/// assert_eq!(runtime::io::trim_line_ending("a\r\r\n"), "a\r");
/// ```
pub fn trim_line_ending(line: &str) -> &str {
    &line[..content_len(line.as_bytes())]
}

/// The lines of a [`BufReader`], without their `\n` or `\r\n`: see [`BufReader::lines`].
#[derive(Debug)]
pub struct Lines<R> {
    /// Where the lines come from; all buffering (and the line cap) is its.
    reader: BufReader<R>,
}

impl<R: AsyncRead + Unpin> Lines<R> {
    /// The next line, `None` at end of stream. Cancel-safe, with the same errors as
    /// [`BufReader::read_line`]; after an error the following call reads the next line.
    pub async fn next_line(&mut self) -> io::Result<Option<String>> {
        let mut line = String::new();
        if self.reader.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        line.truncate(trim_line_ending(&line).len());
        Ok(Some(line))
    }
}

impl<R> Lines<R> {
    /// The buffered reader underneath.
    pub fn get_mut(&mut self) -> &mut BufReader<R> {
        &mut self.reader
    }

    /// The buffered reader underneath, with whatever it still buffers.
    pub fn into_inner(self) -> BufReader<R> {
        self.reader
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The line rules themselves are pinned, through the public API only, in
    // `runtime/tests/line_rules.rs`; this checks a private field they cannot see.
    #[test]
    fn the_buffer_stays_within_twice_the_cap_whatever_a_line_costs() {
        let mut input = vec![b'x'; 3000];
        input.extend_from_slice(b"\nok\n");
        crate::run(async {
            let mut reader = BufReader::with_capacity(4, &input[..]).with_max_line(8);
            let mut line = String::new();
            let err = reader.read_line(&mut line).await.unwrap_err();
            assert_eq!(LineError::of(&err), Some(LineError::TooLong { max: 8 }));
            // Doubling happens only while a partial line within the cap fills the buffer.
            assert!(
                reader.buf.len() <= 2 * (8 + 1),
                "grew to {}",
                reader.buf.len()
            );
            assert_eq!(reader.read_line(&mut line).await.unwrap(), 3);
            assert_eq!(line, "ok\n");
            assert!(reader.buf.len() <= 2 * (8 + 1));
        });
    }
}
