//! [`Client`]: a plain blocking TCP client that speaks the chat protocol one line at a time,
//! with a deadline on every read.

use std::io::{self, BufReader, ErrorKind, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::Duration;

use super::{lines, BOUND};

/// One connection to the server.
pub struct Client {
    /// The nick the server knows this client by, as far as the test has followed it.
    pub nick: String,
    /// The socket, for writing.
    stream: TcpStream,
    /// The same socket, buffered for reading lines.
    reader: BufReader<TcpStream>,
}

impl Client {
    /// Connects, without reading anything.
    pub fn connect(addr: SocketAddr) -> Client {
        Client::from_stream(TcpStream::connect(addr).expect("connect to the server"))
    }

    /// A client on a connection made elsewhere, without reading anything.
    pub fn from_stream(stream: TcpStream) -> Client {
        stream.set_nodelay(true).unwrap();
        stream.set_write_timeout(Some(BOUND)).unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        Client {
            nick: String::new(),
            stream,
            reader,
        }
    }

    /// Connects and reads the welcome: two notices naming the guest nick the server chose, then
    /// the lobby's `* guestN joined` (a newcomer hears its own arrival).
    pub fn join(addr: SocketAddr) -> Client {
        let mut client = Client::connect(addr);
        let welcome = client.read_line();
        let nick = welcome
            .strip_prefix("* welcome to chatbot! you are ")
            .and_then(|rest| rest.strip_suffix(", in room lobby"))
            .unwrap_or_else(|| panic!("not a welcome: {welcome:?}"))
            .to_string();
        client.expect_line("* type /help for commands, !help for the bot");
        client.expect_line(&format!("* {nick} joined"));
        client.nick = nick;
        client
    }

    /// `/nick new`, then waits for the room's `* old is now known as new`.
    pub fn rename(&mut self, new: &str) {
        self.send(&format!("/nick {new}"));
        self.expect_line(&format!("* {} is now known as {new}", self.nick));
        self.nick = new.to_string();
    }

    /// Sends `line` and a `\n`.
    pub fn send(&mut self, line: &str) {
        self.send_bytes(format!("{line}\n").as_bytes());
    }

    /// Sends raw bytes, exactly as given.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("send to the server");
    }

    /// The next line, without its `\n`. Panics on EOF, on an error, or after [`BOUND`].
    pub fn read_line(&mut self) -> String {
        match self.try_read_line(BOUND) {
            Ok(Some(line)) => line,
            Ok(None) => panic!("{}: connection closed, expected a line", self.nick),
            Err(err) => panic!("{}: no line within {BOUND:?}: {err}", self.nick),
        }
    }

    /// The next line, or `None` at EOF; an error if the socket fails or nothing complete
    /// arrives within `limit`. A last line without `\n` before EOF is returned as it is.
    pub fn try_read_line(&mut self, limit: Duration) -> io::Result<Option<String>> {
        let Some(mut bytes) = lines::read_raw(&mut self.reader, limit)? else {
            return Ok(None);
        };
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|err| io::Error::new(ErrorKind::InvalidData, err))
    }

    /// Reads one line and checks it is exactly `expected`.
    pub fn expect_line(&mut self, expected: &str) {
        let line = self.read_line();
        assert_eq!(line, expected, "{} got the wrong line", self.nick);
    }

    /// Reads lines until one satisfies `done`, within [`BOUND`] overall; returns every line
    /// read, the matching one last.
    pub fn read_until(&mut self, done: impl FnMut(&str) -> bool) -> Vec<String> {
        let nick = self.nick.clone();
        lines::read_until(&nick, |limit| self.try_read_line(limit), done)
    }

    /// Sends `/who` and returns every line that arrived before its reply. The server handles
    /// a client's lines in order and queues its output in order, so the result is everything
    /// this client was sent because of what happened before the `/who`, and nothing is pending.
    pub fn sync(&mut self) -> Vec<String> {
        self.send("/who");
        let mut lines = self.read_until(|line| line.starts_with("* in "));
        lines.pop();
        lines
    }

    /// Checks, with [`sync`](Self::sync), that nothing was sent to this client.
    pub fn expect_nothing_more(&mut self) {
        let extra = self.sync();
        assert!(
            extra.is_empty(),
            "{} got lines it should not have: {extra:?}",
            self.nick
        );
    }

    /// Checks that the server closed the connection: the next read is EOF, or a reset (the
    /// server may close while bytes it did not read are in flight).
    pub fn expect_eof(&mut self) {
        let read = self.try_read_line(BOUND);
        lines::expect_eof(&self.nick, read);
    }

    /// The socket itself, for a test that sets its options or reads it raw.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Half-closes: the server reads EOF, and the client can still read.
    pub fn shutdown_write(&self) {
        self.stream.shutdown(Shutdown::Write).unwrap();
    }
}
