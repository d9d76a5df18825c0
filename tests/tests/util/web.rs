//! Browser-side helpers: raw HTTP requests ([`http`]), a blocking WebSocket client
//! ([`WebSocket`]) that frames and masks as a browser does, and the loop's event stream
//! ([`EventStream`]). Every read has a deadline of [`BOUND`].

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Instant;

use chatbot::web::frame::{encode_masked, Opcode};

use super::BOUND;

/// Sends `request` as it is, reads until the server closes, and gives what it answered.
pub fn http(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect to the web port");
    stream.set_read_timeout(Some(BOUND)).unwrap();
    stream.write_all(request).expect("send the request");
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .expect("the server answers and closes within the bound");
    String::from_utf8_lossy(&answer).into_owned()
}

/// A `GET path` with the headers a browser would send for a page.
pub fn get(addr: SocketAddr, path: &str) -> String {
    http(
        addr,
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// The body of an HTTP answer.
pub fn body(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

/// A handshake request for the chat socket, with `extra` header lines (each ending in CRLF).
pub fn upgrade_request(addr: SocketAddr, extra: &str) -> String {
    format!(
        "GET /chat HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n{extra}\r\n"
    )
}

/// The RFC's sample key and the accept the server must answer it with.
pub const SAMPLE_KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";
/// `Sec-WebSocket-Accept` for [`SAMPLE_KEY`].
pub const SAMPLE_ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

/// A blocking WebSocket client of the chat.
pub struct WebSocket {
    /// The connection, buffered for the handshake's head and then the frames.
    reader: BufReader<TcpStream>,
    /// Lines of text messages received but not yet read by the test.
    lines: VecDeque<String>,
}

/// A frame from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFrame {
    /// FIN and opcode bits of byte 0.
    pub first: u8,
    /// The payload (servers never mask).
    pub payload: Vec<u8>,
}

impl WebSocket {
    /// Connects, upgrades with the headers a same-origin page sends, and checks the `101`.
    pub fn connect(addr: SocketAddr) -> WebSocket {
        let origin = format!("Origin: http://{addr}\r\n");
        let extra =
            format!("{origin}Sec-WebSocket-Key: {SAMPLE_KEY}\r\nSec-WebSocket-Version: 13\r\n");
        let (socket, head) = WebSocket::handshake(addr, &upgrade_request(addr, &extra));
        assert!(head.starts_with("HTTP/1.1 101 "), "{head}");
        assert!(
            head.contains(&format!("Sec-WebSocket-Accept: {SAMPLE_ACCEPT}\r\n")),
            "{head}"
        );
        socket
    }

    /// Sends `request` and reads the answer's head (through the blank line).
    pub fn handshake(addr: SocketAddr, request: &str) -> (WebSocket, String) {
        let stream = TcpStream::connect(addr).expect("connect to the web port");
        stream.set_read_timeout(Some(BOUND)).unwrap();
        let mut socket = WebSocket {
            reader: BufReader::new(stream),
            lines: VecDeque::new(),
        };
        socket.send_raw(request.as_bytes());
        let mut head = String::new();
        loop {
            let mut line = String::new();
            let n = socket
                .reader
                .read_line(&mut line)
                .expect("read the answer's head");
            head.push_str(&line);
            if n == 0 || line == "\r\n" {
                return (socket, head);
            }
        }
    }

    /// A chat client: connected, its welcome and its own arrival read; gives it and its
    /// guest nick.
    pub fn join(addr: SocketAddr) -> (WebSocket, String) {
        let mut socket = WebSocket::connect(addr);
        let welcome = socket.read_line();
        let nick = welcome
            .strip_prefix("* welcome to chatbot! you are ")
            .and_then(|rest| rest.split(',').next())
            .expect("a welcome naming the nick")
            .to_string();
        socket.expect_line("* type /help for commands, !help for the bot");
        socket.expect_line(&format!("* {nick} joined")); // a newcomer hears its own arrival
        (socket, nick)
    }

    /// Writes bytes as they are.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.reader.get_mut().write_all(bytes).expect("send");
    }

    /// Sends one masked frame.
    pub fn send_frame(&mut self, fin: bool, opcode: Opcode, payload: &[u8]) {
        self.send_raw(&encode_masked(
            fin,
            opcode,
            payload,
            [0x12, 0x34, 0x56, 0x78],
        ));
    }

    /// Sends a line as one text message.
    pub fn send(&mut self, line: &str) {
        self.send_frame(true, Opcode::Text, line.as_bytes());
    }

    /// Reads the next frame; `None` at end of stream.
    pub fn read_frame(&mut self) -> Option<ServerFrame> {
        let mut head = [0u8; 2];
        if let Err(err) = self.reader.read_exact(&mut head) {
            assert_eq!(
                err.kind(),
                io::ErrorKind::UnexpectedEof,
                "read failed: {err}"
            );
            return None;
        }
        assert_eq!(head[1] & 0x80, 0, "a server frame is never masked");
        let length = match head[1] & 0x7F {
            126 => {
                let mut b = [0u8; 2];
                self.reader.read_exact(&mut b).unwrap();
                u16::from_be_bytes(b) as usize
            }
            127 => {
                let mut b = [0u8; 8];
                self.reader.read_exact(&mut b).unwrap();
                u64::from_be_bytes(b) as usize
            }
            n => n as usize,
        };
        let mut payload = vec![0u8; length];
        self.reader.read_exact(&mut payload).expect("a whole frame");
        Some(ServerFrame {
            first: head[0],
            payload,
        })
    }

    /// The next line of chat, from this or a later text message.
    pub fn read_line(&mut self) -> String {
        let deadline = Instant::now() + BOUND;
        while self.lines.is_empty() {
            assert!(Instant::now() < deadline, "no line within {BOUND:?}");
            let frame = self
                .read_frame()
                .expect("a line, not the end of the stream");
            assert_eq!(frame.first, 0x81, "a whole text message: {frame:?}");
            let text = String::from_utf8(frame.payload).expect("text is UTF-8");
            self.lines.extend(text.split('\n').map(str::to_string));
        }
        self.lines.pop_front().unwrap()
    }

    /// Reads lines until `expected`; panics if the bound passes first.
    pub fn expect_line(&mut self, expected: &str) {
        let deadline = Instant::now() + BOUND;
        loop {
            let line = self.read_line();
            if line == expected {
                return;
            }
            assert!(Instant::now() < deadline, "never got {expected:?}");
        }
    }

    /// Reads frames until a close frame; gives its code, and checks the server then closes.
    pub fn expect_close(&mut self) -> u16 {
        loop {
            let frame = self.read_frame().expect("a close frame before the end");
            if frame.first == 0x88 {
                let code = u16::from_be_bytes([frame.payload[0], frame.payload[1]]);
                if let Some(after) = self.read_frame() {
                    panic!("a frame after the close: {after:?}");
                }
                return code;
            }
        }
    }
}

/// The loop's event stream, read as a browser's `EventSource` would.
pub struct EventStream {
    /// The connection, past the answer's head.
    reader: BufReader<TcpStream>,
}

impl EventStream {
    /// Opens `/loop/events` and checks the head says `text/event-stream`.
    pub fn open(addr: SocketAddr) -> EventStream {
        let stream = TcpStream::connect(addr).expect("connect to the web port");
        stream.set_read_timeout(Some(BOUND)).unwrap();
        let mut reader = BufReader::new(stream);
        let request = format!(
            "GET /loop/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        );
        reader.get_mut().write_all(request.as_bytes()).unwrap();
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("the stream's head");
            head.push_str(&line);
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(
            head.contains("Content-Type: text/event-stream\r\n"),
            "{head}"
        );
        EventStream { reader }
    }

    /// The next event's data: one JSON object.
    pub fn next(&mut self) -> String {
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("an event within the bound");
            assert!(n > 0, "the stream ended");
            if let Some(data) = line.strip_prefix("data: ") {
                return data.trim_end().to_string();
            }
        }
    }
}

/// The number after `"key":` in a snapshot (the tests need only top-level counters).
pub fn figure(json: &str, key: &str) -> u64 {
    let pattern = format!("\"{key}\":");
    let start = json
        .find(&pattern)
        .unwrap_or_else(|| panic!("no {key} in {json}"))
        + pattern.len();
    json[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("{key} is not a number in {json}"))
}
