//! Cutting a byte stream into lines, with a hard cap on memory.
//!
//! TCP delivers bytes, not lines: one `read` may hold half a line, or three
//! lines and the start of a fourth. [`LineBuf`] is fed whatever each read
//! returned and hands back [`Frame`]s, one per finished line. It never
//! waits and never touches a socket, so every case can be tested with plain
//! byte strings.
//!
//! # The rules
//!
//! - A line ends at `\n`. A `\r` right before the `\n` is part of the
//!   terminator, so `\r\n` clients work and the `\r` never counts toward the
//!   limit.
//! - A line may hold at most `max_line` bytes, terminator excluded. The
//!   buffer never holds more than that: the byte that would overflow it
//!   produces [`Frame::TooLong`], the partial line is thrown away, and every
//!   byte up to and including the next `\n` is dropped unseen. So a client
//!   that sends a gigabyte without a newline costs `max_line` bytes of memory
//!   and gets exactly one complaint.
//! - A finished line that is not valid UTF-8 becomes [`Frame::InvalidUtf8`].
//!   We check whole lines, not reads, because a read can split a multi-byte
//!   character in two.
//!
//! # The states
//!
//! ```text
//!              (1) content byte that fits: append
//!              +----+
//!              |    v
//!           +---------+  (2) '\r': hold it back   +-------+
//!   start ->| Reading |-------------------------->| SawCr |
//!           +---------+<--------------------------+-------+
//!             |   ^  ^   (3) anything but '\n': append the held '\r',
//!             |   |  |       then handle the byte as in Reading
//!             |   |  |
//!             |   |  +-- (4) '\n' in Reading or SawCr: emit Line or
//!             |   |          InvalidUtf8, clear the buffer
//!             |   |
//!  (5) byte   |   | (6) '\n': emit nothing
//!  would      v   |
//!  overflow: +------------+
//!  emit      | Discarding |--+ (7) any other byte: drop it
//!  TooLong,  +------------+<-+
//!  clear
//! ```
//!
//! Edges 1, 2, 3, 6 and 7 live in [`LineBuf::feed`], 1 and 5 in its helper
//! `push_content`, and 4 in `end_line`.
//!
//! Teaching shortcut: we walk the input one byte at a time so the state
//! machine stays in plain sight. A production framer searches for `\n`
//! with `memchr` and copies whole slices.
//!
//! ```
//! use chatbot::line_buf::{Frame, LineBuf};
//!
//! let mut buf = LineBuf::new(8);
//! assert_eq!(buf.feed(b"hel"), vec![]);
//! assert_eq!(buf.feed(b"lo\r\nway too long\nok\n"), vec![
//!     Frame::Line("hello".to_string()),
//!     Frame::TooLong,
//!     Frame::Line("ok".to_string()),
//! ]);
//! ```

/// One thing the framer found in the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A complete line of valid UTF-8, without its `\n` or `\r\n`.
    /// It may be empty, and it is not sanitized yet.
    Line(String),
    /// A line passed `max_line` bytes. Reported once, when the limit is
    /// crossed; the rest of that line, up to its `\n`, is dropped.
    TooLong,
    /// A complete line that was not valid UTF-8. Its bytes are dropped.
    InvalidUtf8,
}

/// Where the framer is inside the current line. See the module docs for the
/// diagram; the edge numbers below refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Collecting a line into the buffer. Start state; re-entered after
    /// every `\n` (edges 4 and 6).
    Reading,
    /// The last byte was a `\r` we haven't stored yet, because it may be
    /// the first half of `\r\n` (edge 2). Never coexists with a full-line
    /// overflow: the held `\r` is appended, and checked, by edge 3.
    SawCr,
    /// The current line overflowed and `TooLong` was already reported
    /// (edge 5). The buffer is empty and stays empty until the `\n`.
    Discarding,
}

/// An incremental line splitter with a maximum line length.
#[derive(Debug)]
pub struct LineBuf {
    /// Bytes of the current, unfinished line. Invariant: `line.len() <=
    /// max_line`, and it is empty whenever `state` is `Discarding`.
    line: Vec<u8>,
    /// The longest line accepted, in bytes, terminator excluded. Fixed at
    /// construction.
    max_line: usize,
    /// Where we are in the current line; only `feed`, `push_content` and
    /// `end_line` change it.
    state: State,
}

impl LineBuf {
    /// Creates a framer that accepts lines of up to `max_line` bytes.
    ///
    /// # Panics
    ///
    /// If `max_line` is zero: no line, not even an empty one followed by
    /// more text, could ever be accepted, which is surely a config bug.
    pub fn new(max_line: usize) -> LineBuf {
        assert!(max_line > 0, "max_line must be at least 1");
        LineBuf {
            line: Vec::new(),
            max_line,
            state: State::Reading,
        }
    }

    /// The limit this framer was built with.
    pub fn max_line(&self) -> usize {
        self.max_line
    }

    /// How many bytes of an unfinished line are held right now. Never more
    /// than [`max_line`](Self::max_line).
    pub fn buffered(&self) -> usize {
        self.line.len()
    }

    /// Consumes `bytes` and returns the frames they completed, in order.
    ///
    /// Bytes after the last `\n` stay buffered for the next call.
    #[must_use = "the frames are the lines the client sent"]
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Frame> {
        let mut frames = Vec::new();
        self.feed_into(bytes, &mut frames);
        frames
    }

    /// [`feed`](Self::feed), appending the frames to `frames` instead of returning a new `Vec`,
    /// so a connection can reuse one buffer for every read.
    pub fn feed_into(&mut self, bytes: &[u8], frames: &mut Vec<Frame>) {
        for &byte in bytes {
            match (self.state, byte) {
                (State::Reading | State::SawCr, b'\n') => frames.push(self.end_line()), // 4
                (State::Discarding, b'\n') => self.state = State::Reading,              // 6
                (State::Discarding, _) => {}                                            // 7
                (State::Reading, b'\r') => self.state = State::SawCr,                   // 2
                (State::Reading, _) => self.push_content(byte, frames),                 // 1, 5
                (State::SawCr, _) => {
                    // 3: the held '\r' was content after all.
                    self.state = State::Reading;
                    self.push_content(b'\r', frames);
                    match (self.state, byte) {
                        (State::Reading, b'\r') => self.state = State::SawCr,
                        (State::Reading, _) => self.push_content(byte, frames),
                        // The '\r' overflowed; this byte belongs to the
                        // discarded line and it is not '\n' (that was edge 4).
                        _ => {}
                    }
                }
            }
        }
    }

    /// Call at end of stream. Returns the unterminated last line, if there
    /// was one, as if it had ended with `\n`.
    ///
    /// The protocol says lines end with `\n`, so a server may ignore this;
    /// it exists so that `printf 'hi' | nc` is not silently swallowed if the
    /// server chooses to be lenient. A held `\r` is treated as a terminator.
    #[must_use = "the frame is the client's last line"]
    pub fn finish(&mut self) -> Option<Frame> {
        let pending = match self.state {
            State::Reading => !self.line.is_empty(),
            State::SawCr => true,
            State::Discarding => false,
        };
        self.state = State::Reading;
        pending.then(|| self.end_line())
    }

    /// Appends one content byte, or trips the limit (edges 1 and 5).
    fn push_content(&mut self, byte: u8, frames: &mut Vec<Frame>) {
        if self.line.len() == self.max_line {
            self.line.clear();
            self.state = State::Discarding;
            frames.push(Frame::TooLong);
        } else {
            self.line.push(byte);
        }
    }

    /// Finishes the current line (edge 4) and resets for the next.
    fn end_line(&mut self) -> Frame {
        self.state = State::Reading;
        // `take` hands the bytes to String without copying; the next line
        // starts with a fresh, empty Vec.
        match String::from_utf8(std::mem::take(&mut self.line)) {
            Ok(line) => Frame::Line(line),
            Err(_) => Frame::InvalidUtf8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Frame {
        Frame::Line(s.to_string())
    }

    #[test]
    fn several_lines_in_one_feed_come_out_in_order() {
        let mut buf = LineBuf::new(64);
        assert_eq!(
            buf.feed(b"a\nbb\n\nccc\n"),
            [line("a"), line("bb"), line(""), line("ccc")]
        );
        assert_eq!(buf.buffered(), 0);
    }

    #[test]
    fn line_split_across_feeds_is_joined() {
        let mut buf = LineBuf::new(64);
        assert_eq!(buf.feed(b"hel"), []);
        assert_eq!(buf.feed(b"lo wo"), []);
        assert_eq!(buf.feed(b"rld\nnext"), [line("hello world")]);
        assert_eq!(buf.feed(b"\n"), [line("next")]);
    }

    #[test]
    fn crlf_is_a_terminator_even_when_split_between_feeds() {
        let mut buf = LineBuf::new(64);
        assert_eq!(buf.feed(b"one\r\ntwo\r"), [line("one")]);
        assert_eq!(buf.feed(b"\nthree\n"), [line("two"), line("three")]);
    }

    #[test]
    fn lone_cr_inside_a_line_is_kept_for_sanitize_to_judge() {
        let mut buf = LineBuf::new(64);
        assert_eq!(buf.feed(b"a\rb\r\r\n"), [line("a\rb\r")]);
    }

    #[test]
    fn line_exactly_at_the_limit_is_accepted() {
        let mut buf = LineBuf::new(4);
        assert_eq!(buf.feed(b"abcd\n"), [line("abcd")]);
        assert_eq!(buf.feed(b"wxyz\r\n"), [line("wxyz")], "\\r is not counted");
    }

    #[test]
    fn one_byte_over_the_limit_is_too_long() {
        let mut buf = LineBuf::new(4);
        assert_eq!(buf.feed(b"abcde\nok\n"), [Frame::TooLong, line("ok")]);
    }

    #[test]
    fn held_cr_that_turns_out_to_be_content_can_overflow() {
        let mut buf = LineBuf::new(4);
        assert_eq!(buf.feed(b"abcd\rx\nok\n"), [Frame::TooLong, line("ok")]);
        assert_eq!(buf.feed(b"abcd\r\r\n"), [Frame::TooLong]);
    }

    #[test]
    fn overlong_line_across_many_feeds_is_reported_once() {
        let mut buf = LineBuf::new(16);
        let mut frames = Vec::new();
        for _ in 0..1000 {
            frames.extend(buf.feed(&[b'x'; 100]));
            assert!(buf.buffered() <= 16);
        }
        assert_eq!(frames, [Frame::TooLong]);
        assert_eq!(buf.feed(b"tail\nafter\n"), [line("after")]);
    }

    #[test]
    fn buffer_never_exceeds_the_limit() {
        let mut buf = LineBuf::new(8);
        for chunk in [&b"1234567"[..], b"8", b"\r", b"9", b"\n", b"12345678\r"] {
            let _ = buf.feed(chunk);
            assert!(buf.buffered() <= 8, "after {chunk:?}");
        }
    }

    #[test]
    fn connection_stays_usable_after_too_long() {
        let mut buf = LineBuf::new(3);
        assert_eq!(buf.feed(b"toolong"), [Frame::TooLong]);
        assert_eq!(buf.feed(b"still\n"), []);
        assert_eq!(buf.feed(b"hi\n"), [line("hi")]);
    }

    #[test]
    fn invalid_utf8_line_is_reported_and_the_next_line_is_fine() {
        let mut buf = LineBuf::new(64);
        assert_eq!(
            buf.feed(b"bad \xff\xfe\ngood\n"),
            [Frame::InvalidUtf8, line("good")]
        );
    }

    #[test]
    fn multibyte_char_split_between_feeds_is_valid() {
        let mut buf = LineBuf::new(64);
        let bytes = "né ✓\n".as_bytes();
        assert_eq!(buf.feed(&bytes[..2]), []); // ends inside 'é'
        assert_eq!(buf.feed(&bytes[2..5]), []); // ends inside '✓'
        assert_eq!(buf.feed(&bytes[5..]), [line("né ✓")]);
    }

    #[test]
    fn limit_counts_bytes_not_chars() {
        let mut buf = LineBuf::new(3);
        assert_eq!(buf.feed("é\n".as_bytes()), [line("é")]);
        assert_eq!(buf.feed("éé\n".as_bytes()), [Frame::TooLong]);
    }

    #[test]
    fn finish_returns_an_unterminated_last_line_once() {
        let mut buf = LineBuf::new(64);
        assert_eq!(buf.feed(b"done\nbye"), [line("done")]);
        assert_eq!(buf.finish(), Some(line("bye")));
        assert_eq!(buf.finish(), None);
    }

    #[test]
    fn finish_has_nothing_after_a_newline_or_while_discarding() {
        let mut buf = LineBuf::new(2);
        assert_eq!(buf.finish(), None);
        let _ = buf.feed(b"ok\n");
        assert_eq!(buf.finish(), None);
        assert_eq!(buf.feed(b"xyz"), [Frame::TooLong]);
        assert_eq!(buf.finish(), None);
    }

    #[test]
    fn finish_treats_a_held_cr_as_the_terminator() {
        let mut buf = LineBuf::new(64);
        let _ = buf.feed(b"bye\r");
        assert_eq!(buf.finish(), Some(line("bye")));
    }

    #[test]
    #[should_panic(expected = "max_line must be at least 1")]
    fn zero_limit_is_refused() {
        let _ = LineBuf::new(0);
    }
}
