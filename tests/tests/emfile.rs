//! A server that runs out of file descriptors stays alive, does not spin, keeps serving the
//! clients it has, and accepts the connections that waited once clients leave: the echo
//! server, and the chat server with two members chatting through the whole episode.
//!
//! Each server runs in a child process whose descriptor limit is 64: the echo server is
//! `runtime/examples/echo_server.rs`, unchanged; the chat server is `serve_all` with the
//! tests' settings. How the child is made: the test runs its own binary again (with
//! `CHILD_ENV` set to the server's name, which turns [`child_server`] from a no-op into that
//! server) through `sh -c 'ulimit -n 64 && exec ...'`, so the limit applies to the child alone.
//! The child prints its address on stdout and logs to stderr; the parent waits for those
//! lines, never for time.
#![cfg(unix)]

#[allow(dead_code)]
#[path = "../../runtime/examples/echo_server.rs"]
mod echo_server;
mod util;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use util::Client;

/// Set in the child's environment to `echo` or `chat`: run that server instead of returning
/// at once.
const CHILD_ENV: &str = "RUNTIME_EMFILE_TEST_CHILD";
/// The child's `ulimit -n`: stdio, the epoll fd, the eventfd and the listener leave it room
/// for about 57 connections.
const FD_LIMIT: usize = 64;
/// Clients opened at once: well past the limit, well within the listen backlog of 128.
const CLIENTS: usize = 100;
/// How long any single wait may take before the test fails instead of hanging.
const BOUND: Duration = Duration::from_secs(20);
/// Lines each chat member sends while the server is out of descriptors.
const CHAT_LINES: usize = 20;

/// The server half of the tests. In an ordinary test run it does nothing.
#[test]
fn child_server() {
    let Some(kind) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    env_logger::Builder::new()
        .parse_filters("runtime=info")
        .init();
    // Each serves until the parent kills us.
    if kind == "echo" {
        echo_server::run("127.0.0.1:0").unwrap();
    } else {
        runtime::run(async {
            let listener = runtime::net::TcpListener::bind("127.0.0.1:0").unwrap();
            println!("listening on {}", listener.local_addr().unwrap());
            let forever = std::future::pending();
            chatbot::server::serve_all(util::settings(), listener, None, forever).await
        })
        .unwrap();
    }
}

#[test]
fn an_echo_server_out_of_descriptors_survives_without_spinning_and_accepts_again() {
    let mut server = ChildServer::start("echo");
    let addr = server.address();

    // (1) More clients than the server has descriptors. Every connect succeeds: the kernel
    // completes the handshake and queues the connection in the backlog, accepted or not.
    let mut clients: Vec<TcpStream> = (0..CLIENTS).map(|_| connect(addr)).collect();

    // (2) The server ran out, and said so (once per episode).
    server.wait_for_log("leaving new connections in the backlog");

    // (3) It is alive, idle while it waits, and still serves the clients it accepted.
    server.expect_alive_and_idle();
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

#[test]
fn a_chat_server_out_of_descriptors_keeps_its_members_chatting_and_accepts_again() {
    let mut server = ChildServer::start("chat");
    let addr = server.address();
    let mut alice = Client::join(addr);
    let mut bob = Client::join(addr);
    alice.expect_line(&format!("* {} joined", bob.nick));

    // (1) More connections than the server has descriptors, raw: they say and read nothing.
    let mut crowd: Vec<TcpStream> = (0..CLIENTS).map(|_| connect(addr)).collect();
    server.wait_for_log("leaving new connections in the backlog");
    server.expect_alive_and_idle();

    // (2) Meanwhile the members chat both ways, and every line arrives. (Those of the crowd
    // the server accepted are in the room too: their arrivals reach alice and bob first.)
    let started = Instant::now();
    for i in 0..CHAT_LINES {
        alice.send(&format!("line {i} while the server is out of descriptors"));
        bob.read_until(|line| line.starts_with(&format!("<{}> line {i} ", alice.nick)));
        bob.send(&format!("reply {i}"));
        alice.read_until(|line| line == format!("<{}> reply {i}", bob.nick));
    }
    println!(
        "{CHAT_LINES} round trips between two members during EMFILE: {:?} each",
        started.elapsed() / CHAT_LINES as u32
    );

    // (3) The crowd leaves; the last of it, still in the backlog, is served once there is
    // room, and so is a newcomer.
    let queued = crowd.pop().unwrap();
    drop(crowd);
    let mut queued = Client::from_stream(queued);
    queued.read_until(|line| line.starts_with("* welcome to chatbot!"));
    let newcomer = Client::join(addr);
    bob.read_until(|line| line == format!("* {} joined", newcomer.nick));
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

/// The child process running a server; killed when dropped, whatever the outcome.
struct ChildServer {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl ChildServer {
    /// Starts the `kind` server: `echo` or `chat`.
    fn start(kind: &str) -> ChildServer {
        let exe = std::env::current_exe().unwrap();
        let script = format!(
            "ulimit -n {FD_LIMIT} && exec \"$0\" --exact child_server --nocapture --test-threads=1"
        );
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(exe)
            .env(CHILD_ENV, kind)
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

    /// The server survived running out, and it waits quietly: a retry loop without back-off
    /// would burn a whole window of CPU.
    fn expect_alive_and_idle(&mut self) {
        assert!(self.is_running(), "the server died of EMFILE");
        if let Some(cpu) = self.cpu_time_over(Duration::from_millis(500)) {
            assert!(
                cpu < Duration::from_millis(200),
                "{cpu:?} of CPU in a 500 ms episode"
            );
        }
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
