//! Servers and load clients as child processes: the bench binary re-executed as
//! `bench echo-server ...`, `bench load-client ...` and so on.
//!
//! Why processes and not threads: the figures that rank servers (CPU time per round trip,
//! resident memory per connection) are read from `/proc/PID`, which only works if the server has
//! a process to itself. And the load must not share a runtime, an allocator or a core scheduler
//! queue with the server it loads, or the server under test would also be paying for the client.
//!
//! The protocol between the orchestrator and its children is plain text:
//!
//! ```text
//!  orchestrator                              server child
//!  spawn `bench echo-server --impl tokio     bind 127.0.0.1:0
//!         --exit-on-stdin-eof`      ──(1)──▶ print `listening 127.0.0.1:PORT pid PID`
//!  read the line; read /proc/PID/stat        serve
//!  spawn `bench load-client --addr ...` ─(2)─▶ load client: connect, run, verify,
//!                                    ◀─(3)── print `round_trips=K elapsed_ns=... p50_ns=...`
//!  read /proc/PID/stat again
//!  close the server's stdin          ──(4)──▶ stdin reaches EOF: exit
//! ```
//!
//! (1) is [`serve`] in the child and [`ServerProcess::start`] in the parent; (2) and (3) are
//! [`run_client`]; (4) is `ServerProcess`'s `Drop`. [`load_server`] strings them together. Because a server exits when its stdin closes,
//! it also exits when the orchestrator dies for any reason: nothing is left running. Standalone
//! (without `--exit-on-stdin-eof`) a server runs until it is killed, which is what
//! `scripts/cost_per_round_trip.sh` wants.

use std::io::{self, BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener};
use std::process::{self, Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::os;
use crate::rounds::Impl;

/// A server implementation: serves connections on a bound listener until the process exits.
pub type Server = fn(TcpListener) -> io::Result<()>;

/// Child side of (1): binds `listen`, announces the address, and runs `server` on it.
///
/// Binding here rather than in each server gives every implementation the same socket, with the
/// same backlog.
pub fn serve(server: Server, listen: SocketAddr, exit_on_stdin_eof: bool) -> ! {
    let listener = TcpListener::bind(listen).unwrap_or_else(|e| exit_with(format!("bind: {e}")));
    os::widen_listen_backlog(&listener).unwrap_or_else(|e| exit_with(format!("listen: {e}")));
    let addr = listener.local_addr().unwrap_or_else(|e| exit_with(e));
    // Stdout is line-buffered, so the parent sees this line as soon as it is printed.
    println!("listening {addr} pid {}", process::id());
    if exit_on_stdin_eof {
        // This thread sleeps in `read` for the server's whole life, costing no CPU time; its
        // stack adds a constant few KiB of RSS that the idle scenario's difference cancels.
        thread::spawn(|| {
            let _ = io::copy(&mut io::stdin(), &mut io::sink());
            process::exit(0);
        });
    }
    match server(listener) {
        Ok(()) => process::exit(0),
        Err(e) => exit_with(format!("server failed: {e}")),
    }
}

/// A server child process, stopped when this value is dropped.
#[derive(Debug)]
pub struct ServerProcess {
    /// The child; its stdin is a pipe whose closing tells it to exit.
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl ServerProcess {
    /// Parent side of (1): starts `bench SUBCOMMAND --impl IMP` on an ephemeral loopback port and
    /// waits for its `listening` line.
    pub fn start(subcommand: &str, imp: Impl) -> io::Result<ServerProcess> {
        let mut child = Command::new(std::env::current_exe()?)
            .args([subcommand, "--impl", imp.name(), "--listen", "127.0.0.1:0"])
            .arg("--exit-on-stdin-eof")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let addr = line
            .strip_prefix("listening ")
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|addr| addr.parse().ok());
        match addr {
            Some(addr) => Ok(ServerProcess { child, addr }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(io::Error::other(format!(
                    "{subcommand} --impl {} did not start: {line:?}",
                    imp.name()
                )))
            }
        }
    }

    /// CPU time the server has used so far.
    pub fn cpu_time(&self) -> Duration {
        os::cpu_time(self.child.id()).expect("the server process is alive")
    }

    /// The server's current and peak resident memory.
    pub fn memory(&self) -> os::Memory {
        os::memory(self.child.id()).expect("the server process is alive")
    }
}

impl Drop for ServerProcess {
    /// (4): closes the server's stdin and waits for it to exit; kills it if it has not after a
    /// few seconds, so a stuck server cannot stall the run.
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            thread::sleep(Duration::from_millis(2));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a load client printed: `key=value` pairs on its last line of stdout.
#[derive(Debug)]
pub struct ClientReport {
    /// The pairs, in the order printed.
    pairs: Vec<(String, f64)>,
}

impl ClientReport {
    /// Parses a line of `key=value` pairs.
    pub fn parse(line: &str) -> Option<ClientReport> {
        let pairs = line
            .split_whitespace()
            .map(|pair| {
                let (key, value) = pair.split_once('=')?;
                Some((key.to_string(), value.parse().ok()?))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(ClientReport { pairs })
    }

    /// The value printed for `key`.
    ///
    /// # Panics
    /// If the client did not print `key`: the two sides of the protocol disagree.
    pub fn get(&self, key: &str) -> f64 {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("load client did not report {key}"))
            .1
    }
}

/// One measured run: starts a fresh `bench SERVER --impl IMP`, runs
/// `bench CLIENT --addr ADDR OPTIONS...` against it to completion, and returns the client's
/// report and the CPU time the server spent meanwhile. The server stops when this returns.
///
/// # Panics
/// If the server does not start or the client fails. A load client exits non-zero exactly when
/// it saw a wrong byte, a lost line, a closed connection or its own timeout: a correctness
/// failure, which must stop the run.
pub fn load_server(
    server: &str,
    imp: Impl,
    client: &str,
    options: &[(&str, String)],
) -> (ClientReport, Duration) {
    let server = ServerProcess::start(server, imp).unwrap_or_else(|e| panic!("{e}"));
    let cpu_before = server.cpu_time();
    let report = run_client(client, server.addr, options);
    (report, server.cpu_time() - cpu_before)
}

/// (2) and (3): runs the client to completion and parses its report.
fn run_client(client: &str, addr: SocketAddr, options: &[(&str, String)]) -> ClientReport {
    let mut command = Command::new(std::env::current_exe().expect("the bench binary's path"));
    command.args([client, "--addr", &addr.to_string()]);
    for (key, value) in options {
        command.args([key, value.as_str()]);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the load client");
    let mut stdout = String::new();
    let read = child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_string(&mut stdout);
    let status = child.wait().expect("wait for the load client");
    read.expect("read the load client's output");
    assert!(status.success(), "load client {command:?} failed: {status}");
    let last = stdout.lines().last().unwrap_or_default();
    ClientReport::parse(last).unwrap_or_else(|| panic!("unreadable load client report {last:?}"))
}

/// Prints `message` and exits with status 1; for the child side, where there is no one to
/// return an error to.
pub fn exit_with(message: impl std::fmt::Display) -> ! {
    eprintln!("bench: {message}");
    process::exit(1)
}
