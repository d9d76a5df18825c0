//! [`LineError`]: why [`read_line`](crate::io::BufReader::read_line) refused a line.
//!
//! `read_line` returns `io::Result`, as `std`'s does, so it composes with `?` and with every
//! other I/O error. Both refusals are [`InvalidData`](io::ErrorKind::InvalidData), but a line
//! server must answer them differently (the chat server says `! line too long` or
//! `! invalid UTF-8`), so the `io::Error` carries a `LineError` inside it. Nothing is lost by
//! the wrapping: [`LineError::of`] finds it again (it is `err.get_ref()` and a downcast), and
//! an error that is not a `LineError` is one from the reader underneath, which usually ends
//! the connection.
//!
//! ```
//! use runtime::io::{BufReader, LineError};
//!
//! runtime::run(async {
//!     let mut reader = BufReader::new(&b"far too long\n\xff\nok\n"[..]).with_max_line(4);
//!     let mut line = String::new();
//!     let err = reader.read_line(&mut line).await.unwrap_err();
//!     assert_eq!(LineError::of(&err), Some(LineError::TooLong { max: 4 }));
//!     let err = reader.read_line(&mut line).await.unwrap_err();
//!     assert_eq!(LineError::of(&err), Some(LineError::InvalidUtf8));
//!     assert_eq!(reader.read_line(&mut line).await.unwrap(), 3); // the stream goes on
//!     assert_eq!(line, "ok\n");
//! });
//! ```

use std::error::Error;
use std::fmt;
use std::io;

/// Why [`read_line`](crate::io::BufReader::read_line) refused a line. Either way the line is
/// gone and the next call reads the line after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineError {
    /// The line had more than `max` bytes, terminator excluded (the
    /// [`with_max_line`](crate::io::BufReader::with_max_line) cap). Reported once per line, as
    /// soon as the cap is crossed; the rest of the line is dropped unseen as it arrives.
    TooLong {
        /// The cap that was crossed.
        max: usize,
    },
    /// The whole line arrived but is not valid UTF-8. Its bytes are dropped.
    InvalidUtf8,
}

impl LineError {
    /// The `LineError` inside `err`, if `read_line` made it; `None` for any other error.
    pub fn of(err: &io::Error) -> Option<LineError> {
        err.get_ref()?.downcast_ref::<LineError>().copied()
    }
}

impl From<LineError> for io::Error {
    fn from(err: LineError) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, err)
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::TooLong { max } => write!(f, "line longer than {max} bytes"),
            LineError::InvalidUtf8 => f.write_str("line is not valid UTF-8"),
        }
    }
}

impl Error for LineError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_error_survives_the_trip_through_io_error() {
        for line_err in [LineError::TooLong { max: 7 }, LineError::InvalidUtf8] {
            let err = io::Error::from(line_err);
            assert_eq!(err.kind(), io::ErrorKind::InvalidData);
            assert_eq!(LineError::of(&err), Some(line_err));
        }
    }

    #[test]
    fn other_errors_are_not_line_errors() {
        assert_eq!(LineError::of(&io::ErrorKind::ConnectionReset.into()), None);
        let other = io::Error::new(io::ErrorKind::InvalidData, "something else");
        assert_eq!(LineError::of(&other), None);
    }
}
