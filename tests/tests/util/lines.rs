//! What both test clients ([`Client`](super::Client), [`IrcClient`](super::IrcClient)) do with
//! their socket's lines, whatever the protocol: read one with a deadline, read until one
//! matches under one overall deadline, and recognise the end of the connection.

use std::io::{self, BufRead, BufReader, ErrorKind};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::BOUND;

/// The next line's bytes, `\n` included if it came; `None` at EOF; an error if nothing
/// complete arrives within `limit`.
pub fn read_raw(reader: &mut BufReader<TcpStream>, limit: Duration) -> io::Result<Option<Vec<u8>>> {
    // SO_RCVTIMEO of zero means "no timeout" to the OS, so never pass it.
    let limit = limit.max(Duration::from_millis(1));
    reader.get_ref().set_read_timeout(Some(limit))?;
    let mut bytes = Vec::new();
    if reader.read_until(b'\n', &mut bytes)? == 0 {
        return Ok(None);
    }
    Ok(Some(bytes))
}

/// Reads lines with `read` until one satisfies `done`, within [`BOUND`] overall; returns every
/// line read, the matching one last. `who` names the client in a failure.
pub fn read_until(
    who: &str,
    mut read: impl FnMut(Duration) -> io::Result<Option<String>>,
    mut done: impl FnMut(&str) -> bool,
) -> Vec<String> {
    let deadline = Instant::now() + BOUND;
    let mut lines = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match read(left) {
            Ok(Some(line)) => {
                let matched = done(&line);
                lines.push(line);
                if matched {
                    return lines;
                }
            }
            Ok(None) => panic!("{who}: closed while waiting; got {lines:?}"),
            Err(err) => panic!("{who}: gave up waiting ({err}); got {lines:?}"),
        }
    }
}

/// Checks that `read` (a read with a deadline of [`BOUND`]) found the connection closed: EOF,
/// or a reset (the server may close while bytes it did not read are in flight).
pub fn expect_eof(who: &str, read: io::Result<Option<String>>) {
    match read {
        Ok(None) => {}
        Err(err) if err.kind() == ErrorKind::ConnectionReset => {}
        Ok(Some(line)) => panic!("{who}: expected EOF, got {line:?}"),
        Err(err) => panic!("{who}: expected EOF, got {err}"),
    }
}
