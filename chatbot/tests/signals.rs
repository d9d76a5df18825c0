//! The real `chatbot` binary stops gracefully on a real Ctrl-C (SIGINT) and on SIGTERM, the
//! signal service managers and containers send: every client is told goodbye in its own
//! protocol (`* server shutting down` for a plain client, `ERROR :Server shutting down` for an
//! IRC one), its connection is closed after that, and the process exits 0. The echo server
//! stops the same way. (`bot_cli.rs` does the same for `chatbot bot`.)
//!
//! Run with `cargo test -p chatbot --test signals`. Each test spawns the binary on ephemeral
//! loopback ports and sends the signal with `kill(1)`; every wait has a deadline, and the child
//! is killed on every path out of a test.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The bound on every wait: generous, because the machine running the tests may be loaded.
const BOUND: Duration = Duration::from_secs(10);

/// The spawned binary, killed and reaped when dropped (a test that passes has already seen it
/// exit, so the kill then does nothing).
struct Server {
    /// The child process.
    child: Child,
    /// The child's stdout, a line at a time (`None` once it reached EOF: the process is gone).
    stdout: mpsc::Receiver<Option<String>>,
    /// What the first line said: where to connect with the plain protocol (or to the echo).
    addr: String,
    /// Where to connect with IRC, if the line named it.
    irc: Option<String>,
}

impl Server {
    /// Starts `chatbot ARGS` on ephemeral ports and reads where it listens.
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chatbot"))
            .args(args)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the chatbot binary should start");
        let out = child.stdout.take().unwrap();
        // Read on a thread, so that waiting for a line and for EOF both have a deadline.
        let (lines, stdout) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let _ = lines.send(line.ok());
            }
            let _ = lines.send(None);
        });
        let mut server = Server {
            child,
            stdout,
            addr: String::new(),
            irc: None,
        };
        let line = server
            .stdout
            .recv_timeout(BOUND)
            .expect("the listening line")
            .expect("a line, not EOF");
        // "chat server listening on A; connect with: nc ..[; IRC on B: irssi ..]"
        let rest = line
            .split_once(" listening on ")
            .unwrap_or_else(|| panic!("{line:?}"))
            .1;
        server.addr = rest.split(';').next().unwrap().to_string();
        server.irc = rest
            .split_once("; IRC on ")
            .map(|(_, irc)| irc.split(": ").next().unwrap().to_string());
        server
    }

    /// Sends `signal` (`INT`, `TERM`) to the process, as a shell's `kill -SIGNAL` would.
    fn kill(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Waits for the process to close its stdout without another word, then for its exit
    /// status, which must be success.
    fn expect_clean_exit(mut self) {
        assert_eq!(
            self.stdout.recv_timeout(BOUND),
            Ok(None),
            "the server exits without another word"
        );
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A blocking client reading lines (with their terminators) under the deadline.
struct Client {
    /// The connection, for writing.
    stream: TcpStream,
    /// The same connection, for reading.
    reader: BufReader<TcpStream>,
}

impl Client {
    fn connect(addr: &str) -> Client {
        let stream = TcpStream::connect(addr).expect("connect to the child");
        stream.set_read_timeout(Some(BOUND)).unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        Client { stream, reader }
    }

    fn send(&mut self, text: &str) {
        self.stream.write_all(text.as_bytes()).unwrap();
    }

    /// The next line, `""` at EOF.
    fn line(&mut self) -> String {
        let mut line = String::new();
        self.reader
            .read_line(&mut line)
            .expect("a line from the child");
        line
    }

    /// Reads lines until one contains `needle`, and returns it.
    fn line_containing(&mut self, needle: &str) -> String {
        loop {
            let line = self.line();
            assert!(!line.is_empty(), "EOF before a line with {needle:?}");
            if line.contains(needle) {
                return line;
            }
        }
    }
}

/// A plain client and a registered IRC client in `lobby`; then `signal`: each hears goodbye in
/// its protocol, then EOF, and the server exits 0.
fn chat_server_stops_gracefully_on(signal: &str) {
    let server = Server::start(&["--listen", "127.0.0.1:0", "--irc", "127.0.0.1:0"]);
    let mut plain = Client::connect(&server.addr);
    assert!(plain
        .line()
        .starts_with("* welcome to chatbot! you are guest1"));
    plain.line_containing("* guest1 joined");
    let mut irc = Client::connect(server.irc.as_deref().expect("the IRC address"));
    irc.send("NICK alice\r\nUSER alice 0 * :Alice\r\nJOIN #lobby\r\n");
    irc.line_containing(" 366 alice #lobby ");
    plain.line_containing("* alice joined");
    // Both are served: the signal comes while they are connected, not while they connect.
    plain.send("/who\n");
    assert_eq!(plain.line(), "* in lobby (2): guest1, alice\n");

    server.kill(signal);
    assert_eq!(plain.line(), "* server shutting down\n");
    assert_eq!(plain.line(), "", "then EOF");
    assert_eq!(irc.line(), "ERROR :Server shutting down\r\n");
    assert_eq!(irc.line(), "", "then EOF");
    server.expect_clean_exit();
}

#[test]
fn the_chat_server_says_goodbye_in_each_protocol_on_ctrl_c_and_exits_cleanly() {
    chat_server_stops_gracefully_on("INT");
}

#[test]
fn the_chat_server_says_goodbye_in_each_protocol_on_sigterm_and_exits_cleanly() {
    chat_server_stops_gracefully_on("TERM");
}

#[test]
fn the_echo_server_stops_on_sigterm_and_exits_cleanly() {
    let server = Server::start(&["echo", "--listen", "127.0.0.1:0"]);
    let mut client = Client::connect(&server.addr);
    client.send("ping\n");
    assert_eq!(client.line(), "ping\n", "it serves before the signal");
    server.kill("TERM");
    assert_eq!(client.line(), "", "its connection closes");
    server.expect_clean_exit();
}
