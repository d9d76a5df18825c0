//! The server under soak: the release `chatbot` binary as a child process, and the sampler
//! that reads its resident memory, open descriptors and CPU time from `/proc/PID` and its tasks and
//! outbox bytes from its own `stats:` log line.
//!
//! ```text
//!  soak                                        chatbot child
//!  spawn `chatbot --listen 127.0.0.1:0 --irc 127.0.0.1:0 --web 127.0.0.1:0`
//!        `--stats-interval 1 ...`
//!        RUST_LOG=warn,chatbot::server::stats=info
//!  read stdout's first line          ◀──(1)── `chat server listening on A; ... IRC on B: ...;
//!                                             in a browser: http://C/ ...`
//!  a thread reads stderr             ◀──(2)── `[... INFO chatbot::server::stats] stats: ...`
//!                                             every second; warnings, should there be any
//!  sample(): /proc/PID/status, /proc/PID/fd, /proc/PID/stat, and the last (2)
//!  stop(): SIGINT                    ──(3)──▶ graceful shutdown; exit status 0
//! ```
//!
//! Warnings the server logs are passed on (the first few, then only counted): during a soak
//! they are how the server says what the misbehaving clients did to it.

use std::io::{self, BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::os;

/// Server warnings printed before they are only counted.
const SHOW_WARNINGS: u64 = 10;

/// What the server's last `stats:` line said.
#[derive(Clone, Copy, Debug, Default)]
pub struct ServerStats {
    /// Clients in the core.
    pub connections: u64,
    /// `runtime::metrics().tasks_alive`.
    pub tasks: u64,
    /// Bytes queued in every client's outbox.
    pub outbox_bytes: u64,
}

/// One look at the server.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Resident memory, bytes.
    pub rss: u64,
    /// Open file descriptors.
    pub fds: u64,
    /// CPU time used so far, user and system.
    pub cpu: Duration,
    /// Its own figures, at most one stats interval old.
    pub stats: ServerStats,
}

/// What the stderr thread shares with the sampler.
#[derive(Debug, Default)]
struct Heard {
    /// The last `stats:` line, parsed.
    stats: Option<ServerStats>,
    /// Lines other than `stats:` (warnings and errors).
    warnings: u64,
}

/// The running `chatbot`; killed if dropped without [`ChatServer::stop`].
#[derive(Debug)]
pub struct ChatServer {
    /// The child.
    child: Child,
    /// Where plain clients connect.
    pub plain: SocketAddr,
    /// Where IRC clients connect.
    pub irc: SocketAddr,
    /// Where web clients connect.
    pub web: SocketAddr,
    /// What its stderr said, filled by a thread.
    heard: Arc<Mutex<Heard>>,
}

impl ChatServer {
    /// Starts `binary` on ephemeral loopback ports with the extra `args`, and waits for (1).
    pub fn start(binary: &PathBuf, args: &[String]) -> io::Result<ChatServer> {
        let mut child = Command::new(binary)
            .args([
                "--listen",
                "127.0.0.1:0",
                "--irc",
                "127.0.0.1:0",
                "--web",
                "127.0.0.1:0",
            ])
            .args(["--stats-interval", "1"])
            .args(args)
            .env("RUST_LOG", "warn,chatbot::server::stats=info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", binary.display())))?;
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut line = String::new();
        stdout.read_line(&mut line)?;
        // Nothing more comes on stdout; keep the pipe drained anyway.
        thread::spawn(move || io::copy(&mut stdout, &mut io::sink()));
        let (Some(plain), Some(irc), Some(web)) = (
            address_after(&line, "listening on "),
            address_after(&line, "IRC on "),
            address_after(&line, "in a browser: http://"),
        ) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other(format!("chatbot did not start: {line:?}")));
        };
        let heard = Arc::new(Mutex::new(Heard::default()));
        let stderr = BufReader::new(child.stderr.take().expect("piped"));
        let shared = heard.clone();
        thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let mut heard = shared.lock().unwrap_or_else(|e| e.into_inner());
                match parse_stats(&line) {
                    Some(stats) => heard.stats = Some(stats),
                    None => {
                        heard.warnings += 1;
                        if heard.warnings <= SHOW_WARNINGS {
                            eprintln!("server: {line}");
                        }
                    }
                }
            }
        });
        Ok(ChatServer {
            child,
            plain,
            irc,
            web,
            heard,
        })
    }

    /// The server's pid.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Reads the server's figures; `None` until its first stats line, or if it died.
    pub fn sample(&self) -> Option<Sample> {
        let stats = self.lock().stats?;
        Some(Sample {
            rss: os::memory(self.pid()).ok()?.rss,
            fds: os::open_fds(self.pid()).ok()?,
            cpu: os::cpu_time(self.pid()).ok()?,
            stats,
        })
    }

    /// Lines the server logged other than its stats.
    pub fn warnings(&self) -> u64 {
        self.lock().warnings
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Heard> {
        self.heard.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// (3): Ctrl-C, as an operator would; true if it exited 0 within `grace`.
    pub fn stop(mut self, grace: Duration) -> bool {
        os::interrupt(self.pid());
        let deadline = Instant::now() + grace;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for ChatServer {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The address after `marker` in the start-up line, up to `;`, `:` followed by a space, the
/// `/` of a URL's path, or the end.
fn address_after(line: &str, marker: &str) -> Option<SocketAddr> {
    let rest = &line[line.find(marker)? + marker.len()..];
    let end = rest.find([';', ' ', '\n', '/']).unwrap_or(rest.len());
    rest[..end].trim_end_matches(':').parse().ok()
}

/// Parses `... stats: connections N, tasks alive T, outbox bytes B, ...`.
fn parse_stats(line: &str) -> Option<ServerStats> {
    let stats = &line[line.find("stats: ")? + "stats: ".len()..];
    let field = |name: &str| -> Option<u64> {
        let rest = &stats[stats.find(name)? + name.len()..];
        rest.split([',', ' ']).next()?.parse().ok()
    };
    Some(ServerStats {
        connections: field("connections ")?,
        tasks: field("tasks alive ")?,
        outbox_bytes: field("outbox bytes ")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_start_up_line_and_the_stats_line() {
        let line = "chat server listening on 127.0.0.1:4100; connect with: nc 127.0.0.1 4100; \
                    IRC on 127.0.0.1:4101: irssi -c 127.0.0.1 -p 4101; in a browser: \
                    http://127.0.0.1:4102/ (the event loop: http://127.0.0.1:4102/loop)\n";
        assert_eq!(
            address_after(line, "listening on "),
            Some(([127, 0, 0, 1], 4100).into())
        );
        assert_eq!(
            address_after(line, "IRC on "),
            Some(([127, 0, 0, 1], 4101).into())
        );
        assert_eq!(
            address_after(line, "in a browser: http://"),
            Some(([127, 0, 0, 1], 4102).into())
        );
        let stats = parse_stats(
            "[2026-12-02T09:52:04Z INFO  chatbot::server::stats] stats: connections 3, \
             tasks alive 7, outbox bytes 120, polls 2, wakes 1 local / 0 remote",
        )
        .unwrap();
        assert_eq!(
            (stats.connections, stats.tasks, stats.outbox_bytes),
            (3, 7, 120)
        );
    }
}
