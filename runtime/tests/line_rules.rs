//! The line rules of `BufReader::read_line` that a line server relies on, byte by byte: CRLF,
//! the cap (terminator excluded, one error, the rest dropped unseen, the next line kept),
//! UTF-8 checked on whole lines, and CR as a terminator for IRC. No sockets: a reader that
//! hands out one chunk per read stands in for a peer's packets, so Miri runs these too.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use runtime::io::{trim_line_ending, AsyncRead, BufReader, LineError};

/// A reader that hands out its chunks one per read, as a socket hands out packets.
struct Chunks(VecDeque<Vec<u8>>);

impl AsyncRead for Chunks {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut [u8],
    ) -> Poll<io::Result<usize>> {
        let Some(mut chunk) = self.0.pop_front() else {
            return Poll::Ready(Ok(0));
        };
        let n = chunk.len().min(buf.len());
        buf[..n].copy_from_slice(&chunk[..n]);
        if n < chunk.len() {
            self.0.push_front(chunk.split_off(n));
        }
        Poll::Ready(Ok(n))
    }
}

/// One outcome of `read_line`, as a server sees it.
#[derive(Debug, PartialEq, Eq)]
enum Out {
    Line(String),
    TooLong,
    InvalidUtf8,
}

fn line(text: &str) -> Out {
    Out::Line(text.to_string())
}

/// Every outcome until end of stream, reading the way the chat server does: one `String`,
/// cleared before each call, its terminator trimmed.
fn outcomes(reader: BufReader<Chunks>) -> Vec<Out> {
    runtime::run(async move {
        let mut reader = reader;
        let mut text = String::new();
        let mut out = Vec::new();
        loop {
            text.clear();
            match reader.read_line(&mut text).await {
                Ok(0) => return out,
                Ok(_) => out.push(line(trim_line_ending(&text))),
                Err(err) => out.push(match LineError::of(&err) {
                    Some(LineError::TooLong { .. }) => Out::TooLong,
                    Some(LineError::InvalidUtf8) => Out::InvalidUtf8,
                    None => panic!("not a line error: {err}"),
                }),
            }
        }
    })
}

/// A reader over `chunks` with a small buffer (so lines outgrow it) and a cap of `max`.
fn capped(max: usize, chunks: &[&[u8]]) -> BufReader<Chunks> {
    let chunks = chunks.iter().map(|c| c.to_vec()).collect();
    BufReader::with_capacity(4, Chunks(chunks)).with_max_line(max)
}

#[test]
fn several_lines_in_one_read_come_out_in_order() {
    assert_eq!(
        outcomes(capped(64, &[b"a\nbb\n\nccc\n"])),
        [line("a"), line("bb"), line(""), line("ccc")]
    );
}

#[test]
fn a_line_split_across_reads_is_joined() {
    assert_eq!(
        outcomes(capped(64, &[b"hel", b"lo wo", b"rld\nnext", b"\n"])),
        [line("hello world"), line("next")]
    );
}

#[test]
fn crlf_is_a_terminator_even_when_split_between_reads() {
    assert_eq!(
        outcomes(capped(64, &[b"one\r\ntwo\r", b"\nthree\n"])),
        [line("one"), line("two"), line("three")]
    );
}

#[test]
fn a_lone_cr_inside_a_line_is_kept_for_sanitize_to_judge() {
    assert_eq!(outcomes(capped(64, &[b"a\rb\r\r\n"])), [line("a\rb\r")]);
}

#[test]
fn read_line_keeps_the_terminator_and_counts_it() {
    runtime::run(async {
        let mut reader = capped(64, &[b"ab\r\ncd"]);
        let mut text = String::new();
        assert_eq!(reader.read_line(&mut text).await.unwrap(), 4);
        assert_eq!(reader.read_line(&mut text).await.unwrap(), 2);
        assert_eq!(reader.read_line(&mut text).await.unwrap(), 0);
        assert_eq!(text, "ab\r\ncd");
    });
}

#[test]
fn a_line_exactly_at_the_cap_is_accepted_and_the_terminator_is_not_counted() {
    assert_eq!(
        outcomes(capped(4, &[b"abcd\n", b"wxyz\r\n"])),
        [line("abcd"), line("wxyz")]
    );
}

#[test]
fn one_byte_over_the_cap_is_too_long_and_the_next_line_survives() {
    assert_eq!(
        outcomes(capped(4, &[b"abcde\nok\n"])),
        [Out::TooLong, line("ok")]
    );
}

#[test]
fn a_cr_that_turns_out_to_be_content_counts_toward_the_cap() {
    assert_eq!(
        outcomes(capped(4, &[b"abcd\rx\nok\n", b"abcd\r\r\n"])),
        [Out::TooLong, line("ok"), Out::TooLong]
    );
}

#[test]
fn an_over_long_line_across_many_reads_is_reported_once() {
    // Under Miri, fewer: each read takes and returns the thread's scratch, which Miri checks
    // slowly, and forty chunks are as many reads past the cap as a thousand for this rule.
    let mut chunks = vec![vec![b'x'; 100]; if cfg!(miri) { 40 } else { 1000 }];
    chunks.push(b"tail\nafter\n".to_vec());
    let reader = BufReader::with_capacity(4, Chunks(chunks.into())).with_max_line(16);
    assert_eq!(outcomes(reader), [Out::TooLong, line("after")]);
}

#[test]
fn the_connection_stays_usable_after_too_long() {
    assert_eq!(
        outcomes(capped(3, &[b"toolong", b"still\n", b"hi\n"])),
        [Out::TooLong, line("hi")]
    );
}

#[test]
fn a_plain_read_after_a_rejected_line_starts_at_the_next_line() {
    use runtime::io::AsyncReadExt;
    runtime::run(async {
        let mut reader = capped(3, &[b"toolong", b"still\nnext"]);
        let mut text = String::new();
        assert!(reader.read_line(&mut text).await.is_err());
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).await.unwrap();
        assert_eq!(rest, b"next");
    });
}

#[test]
fn an_invalid_utf8_line_is_reported_and_the_next_line_is_fine() {
    assert_eq!(
        outcomes(capped(64, &[b"bad \xff\xfe\ngood\n"])),
        [Out::InvalidUtf8, line("good")]
    );
}

#[test]
fn a_multibyte_char_split_between_reads_is_valid() {
    let bytes = "né ✓\n".as_bytes();
    // The first read ends inside 'é', the second inside '✓'.
    let chunks: &[&[u8]] = &[&bytes[..2], &bytes[2..5], &bytes[5..]];
    assert_eq!(outcomes(capped(64, chunks)), [line("né ✓")]);
}

#[test]
fn the_cap_counts_bytes_not_chars() {
    assert_eq!(
        outcomes(capped(3, &["é\n".as_bytes(), "éé\n".as_bytes()])),
        [line("é"), Out::TooLong]
    );
}

#[test]
fn an_unterminated_last_line_is_returned_at_end_of_stream() {
    assert_eq!(
        outcomes(capped(64, &[b"done\nbye"])),
        [line("done"), line("bye")]
    );
}

#[test]
fn nothing_is_returned_after_a_final_newline_or_a_discarded_line() {
    assert_eq!(outcomes(capped(2, &[b"ok\n"])), [line("ok")]);
    assert_eq!(outcomes(capped(2, &[b"xyz"])), [Out::TooLong]);
}

/// An IRC-style reader: a lone CR ends a line too.
fn irc(max: usize, chunks: &[&[u8]]) -> BufReader<Chunks> {
    capped(max, chunks).with_cr_terminates(true)
}

#[test]
fn with_cr_terminates_a_lone_cr_lf_or_crlf_each_end_one_line() {
    assert_eq!(
        outcomes(irc(64, &[b"cr\rlf\ncrlf\r\nlast\n"])),
        [line("cr"), line("lf"), line("crlf"), line("last")]
    );
}

#[test]
fn with_cr_terminates_a_crlf_split_between_reads_is_still_one_terminator() {
    assert_eq!(
        outcomes(irc(64, &[b"one\r", b"\ntwo\r", b"\n"])),
        [line("one"), line("two")]
    );
}

#[test]
fn with_cr_terminates_cr_cr_is_an_empty_line_between() {
    assert_eq!(
        outcomes(irc(64, &[b"a\r\rb\r"])),
        [line("a"), line(""), line("b")]
    );
}

#[test]
fn with_cr_terminates_a_cr_ends_a_discarded_line_and_its_lf_is_skipped() {
    assert_eq!(
        outcomes(irc(3, &[b"toolong", b"still\r", b"\nhi\r"])),
        [Out::TooLong, line("hi")]
    );
}

#[test]
fn a_plain_read_after_a_cr_terminated_line_skips_its_lf() {
    use runtime::io::AsyncReadExt;
    runtime::run(async {
        let mut reader = irc(64, &[b"line\r", b"\nrest"]);
        let mut text = String::new();
        assert_eq!(reader.read_line(&mut text).await.unwrap(), 5);
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).await.unwrap();
        assert_eq!(rest, b"rest");
    });
}
