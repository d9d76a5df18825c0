//! An echo server that runs out of file descriptors stays alive, does not spin, and accepts
//! the connections that waited once clients leave.
//!
//! The server is `runtime/examples/echo_server.rs`, unchanged, in a child process whose
//! descriptor limit is 64. How the child is made: the test runs its own binary again (with
//! `CHILD_ENV` set, which turns [`child_echo_server`] from a no-op into the server) through
//! `sh -c 'ulimit -n 64 && exec ...'`, so the limit applies to the child alone. The child prints
//! its address on stdout and logs to stderr; the parent waits for those lines, never for time.
#![cfg(unix)]

#[allow(dead_code)]
#[path = "../../runtime/examples/echo_server.rs"]
mod echo_server;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Set in the child's environment: run the server instead of returning at once.
const CHILD_ENV: &str = "RUNTIME_EMFILE_TEST_CHILD";
/// The child's `ulimit -n`: stdio, the epoll fd, the eventfd and the listener leave it room
/// for about 57 connections.
const FD_LIMIT: usize = 64;
/// Clients opened at once: well past the limit, well within the listen backlog of 128.
const CLIENTS: usize = 100;
/// How long any single wait may take before the test fails instead of hanging.
const BOUND: Duration = Duration::from_secs(20);

/// The server half of the test. In an ordinary test run it does nothing.
#[test]
fn child_echo_server() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    env_logger::Builder::new()
        .parse_filters("runtime=info")
        .init();
    echo_server::run("127.0.0.1:0").unwrap(); // serves until the parent kills us
}

#[test]
fn an_echo_server_out_of_descriptors_survives_without_spinning_and_accepts_again() {
    let mut server = ChildServer::start();
    let addr = server.address();

    // (1) More clients than the server has descriptors. Every connect succeeds: the kernel
    // completes the handshake and queues the connection in the backlog, accepted or not.
    let mut clients: Vec<TcpStream> = (0..CLIENTS).map(|_| connect(addr)).collect();

    // (2) The server ran out, and said so (once per episode).
    server.wait_for_log("leaving new connections in the backlog");

    // (3) It is alive, idle while it waits, and still serves the clients it accepted.
    assert!(server.is_running(), "the server died of EMFILE");
    if let Some(cpu) = server.cpu_time_over(Duration::from_millis(500)) {
        // A retry loop without back-off would burn the whole window.
        assert!(
            cpu < Duration::from_millis(200),
            "{cpu:?} of CPU in a 500 ms episode"
        );
    }
    assert_eq!(echo(&mut clients[0], "still here"), "still here\n");

    // (4) Clients leave and free their descriptors. The last client to connect is still in
    // the backlog; nothing new arrives to wake the listener, so it is served only because the
    // server kept retrying: a listener that waited for a fresh readiness event would sit on it.
    let mut queued = clients.pop().unwrap();
    drop(clients);
    assert_eq!(echo(&mut queued, "was queued"), "was queued\n");
    let mut late = connect(addr);
    assert_eq!(echo(&mut late, "came later"), "came later\n");
    server.wait_for_log("accept: recovered");
    assert!(server.is_running());
}

/// Connects with both timeouts set, so no read or write can hang the test.
fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(BOUND)).unwrap();
    stream.set_write_timeout(Some(BOUND)).unwrap();
    stream
}

/// Sends one line and returns the line that comes back.
fn echo(stream: &mut TcpStream, message: &str) -> String {
    writeln!(stream, "{message}").expect("send");
    let mut reply = String::new();
    BufReader::new(&*stream)
        .read_line(&mut reply)
        .expect("echo reply");
    reply
}

/// The child process running the echo server; killed when dropped, whatever the outcome.
struct ChildServer {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl ChildServer {
    fn start() -> ChildServer {
        let exe = std::env::current_exe().unwrap();
        let script = format!(
            "ulimit -n {FD_LIMIT} && exec \"$0\" --exact child_echo_server --nocapture --test-threads=1"
        );
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(exe)
            .env(CHILD_ENV, "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn the child server");
        let stdout = lines_of(child.stdout.take().unwrap());
        let stderr = lines_of(child.stderr.take().unwrap());
        ChildServer {
            child,
            stdout,
            stderr,
        }
    }

    /// The address from the server's `listening on ADDR` line.
    fn address(&mut self) -> SocketAddr {
        let line = wait_for_line(&self.stdout, "listening on ", "stdout");
        let addr = line.split("listening on ").nth(1).unwrap().trim();
        addr.parse()
            .unwrap_or_else(|_| panic!("bad address in {line:?}"))
    }

    fn wait_for_log(&mut self, needle: &str) {
        wait_for_line(&self.stderr, needle, "stderr");
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// CPU time (user + system) the child uses during `window`, from `/proc`; `None` where there
    /// is no `/proc`. Here waiting *is* the measurement, not a way to let something happen.
    fn cpu_time_over(&self, window: Duration) -> Option<Duration> {
        let before = cpu_ticks(self.child.id())?;
        std::thread::sleep(window);
        let after = cpu_ticks(self.child.id())?;
        // /proc reports in USER_HZ, which Linux fixes at 100 per second for user space.
        Some(Duration::from_millis((after - before) * 10))
    }
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Forwards each line of `pipe` to a channel, from a thread, so waits can have a deadline.
fn lines_of(pipe: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Receives lines until one contains `needle`; fails after [`BOUND`] or if the stream ends.
fn wait_for_line(lines: &Receiver<String>, needle: &str, name: &str) -> String {
    let deadline = Instant::now() + BOUND;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => {}
            Err(err) => panic!("no {needle:?} on the child's {name}: {err}"),
        }
    }
}

/// utime + stime of process `pid`, in clock ticks.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may contain spaces; count fields after its closing ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}
