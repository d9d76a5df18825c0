//! Reading one HTTP/1.1 request head: bytes in until a whole head parses, then the few facts
//! the routes need.
//!
//! `httparse` does the parsing (it is what hyper uses: zero-copy, no allocation, fuzzed), so
//! this file only decides when to read more and what the limits are:
//!
//! ```text
//!   buffer ──httparse──▶ Complete(n) ──▶ Request (the head's n bytes leave the buffer)
//!     ▲         │
//!     │         ├──▶ Partial, buffer < MAX_HEAD ──▶ read more ──┘
//!     │         ├──▶ Partial, buffer ≥ MAX_HEAD ──▶ TooLarge (431)
//!     │         └──▶ Err (or too many headers) ──▶ Malformed (400) / TooLarge (431)
//!   EOF ──▶ Closed
//! ```
//!
//! Bytes after the head stay in the buffer: the next request of a pipelining client, or a
//! WebSocket's first frames. The caller bounds the whole read with its head timeout; this
//! function never waits on its own.

use runtime::io::AsyncReadExt;
use runtime::net::TcpStream;

use super::MAX_HEAD;

/// Most headers a request may carry (a browser sends about 15).
pub const MAX_HEADERS: usize = 48;

/// What the routes need to know of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The path, query string cut off.
    pub path: String,
    /// Every header, its name lowercased; values that are not UTF-8 are left out.
    pub headers: Vec<(String, String)>,
    /// The connection ends after this answer (`Connection: close`, or HTTP/1.0).
    pub close: bool,
    /// The request announced a body (`Content-Length` above 0, or `Transfer-Encoding`).
    pub has_body: bool,
}

impl Request {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether header `name` holds `token` in its comma-separated list, ignoring case
    /// (`Connection: keep-alive, Upgrade`).
    pub fn has_token(&self, name: &str, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }
}

/// Why no request came.
#[derive(Debug)]
pub enum HeadError {
    /// The client closed the connection (between requests, or in the middle of one).
    Closed,
    /// The head is over [`MAX_HEAD`] or has more than [`MAX_HEADERS`] headers: 431.
    TooLarge,
    /// Not HTTP/1.x as `httparse` reads it: 400.
    Malformed,
    /// The read failed.
    Io(std::io::Error),
}

/// Reads until `buffer` holds a whole head, parses it and removes it from `buffer`.
pub(crate) async fn read_head(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> Result<Request, HeadError> {
    let mut chunk = [0u8; 2048];
    loop {
        if let Some(request) = parse(buffer)? {
            return Ok(request);
        }
        let n = stream.read(&mut chunk).await.map_err(HeadError::Io)?;
        if n == 0 {
            return Err(HeadError::Closed);
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

/// A whole head at the front of `buffer` (then removed from it), or `None` if more bytes are
/// needed. A total function: any bytes give a request, `None` or an error.
pub fn parse(buffer: &mut Vec<u8>) -> Result<Option<Request>, HeadError> {
    if buffer.is_empty() {
        return Ok(None);
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let length = match parsed.parse(buffer) {
        Ok(httparse::Status::Complete(length)) if length <= MAX_HEAD => length,
        Ok(httparse::Status::Complete(_)) => return Err(HeadError::TooLarge),
        Ok(httparse::Status::Partial) if buffer.len() >= MAX_HEAD => {
            return Err(HeadError::TooLarge)
        }
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooLarge),
        Err(_) => return Err(HeadError::Malformed),
    };
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .filter_map(|h| {
            let value = std::str::from_utf8(h.value).ok()?;
            Some((h.name.to_ascii_lowercase(), value.trim().to_string()))
        })
        .collect();
    let target = parsed.path.unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/").to_string();
    let mut request = Request {
        method: parsed.method.unwrap_or("").to_string(),
        path,
        headers,
        close: parsed.version == Some(0),
        has_body: false,
    };
    request.close |= request.has_token("connection", "close");
    request.has_body = request.header("transfer-encoding").is_some()
        || request
            .header("content-length")
            .is_some_and(|length| length != "0");
    buffer.drain(..length);
    Ok(Some(request))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_in_two_pieces_parses_once_whole_and_leaves_what_follows() {
        let mut buffer = b"GET /loop?x=1 HTTP/1.1\r\nHost: a\r\n".to_vec();
        assert!(parse(&mut buffer).unwrap().is_none());
        buffer.extend_from_slice(b"Connection: keep-alive, Upgrade\r\n\r\nrest");
        let request = parse(&mut buffer).unwrap().unwrap();
        assert_eq!(request.path, "/loop");
        assert!(request.has_token("connection", "upgrade"));
        assert!(!request.close);
        assert_eq!(buffer, b"rest");
    }

    #[test]
    fn heads_over_the_limit_and_garbage_are_refused() {
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.resize(MAX_HEAD + 1, b'a');
        assert!(matches!(parse(&mut big), Err(HeadError::TooLarge)));
        let mut garbage = b"\x00\x01 nonsense\r\n\r\n".to_vec();
        assert!(matches!(parse(&mut garbage), Err(HeadError::Malformed)));
    }

    #[test]
    fn http_1_0_and_connection_close_end_the_connection() {
        let mut old = b"GET / HTTP/1.0\r\n\r\n".to_vec();
        assert!(parse(&mut old).unwrap().unwrap().close);
        let mut close = b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n".to_vec();
        assert!(parse(&mut close).unwrap().unwrap().close);
    }
}
