//! asyncio's `create_subprocess_exec` lesson: run three commands at once, print their output
//! line by line as it arrives, and kill the one that overruns its time limit.
//!
//! ```text
//! cargo run -p runtime --example subprocess
//! ```
//!
//! What to notice:
//!
//! - The lines of `count` (one every 0.1 s) and of the others interleave: three children run
//!   at the same time, on one thread, and we read each one's stdout as soon as it has a line.
//! - `slow` would run for 30 s. At the 2 s limit its task stops reading, kills it and still
//!   waits for it (so no zombie is left), and its status says "killed by signal 9".
//! - The whole run takes about 2 s: the limit, not the sum of the commands' times.
//! - `slow` uses `exec sleep 30`, so the process we kill *is* the sleeper. Without `exec`, `sh`
//!   would die and leave its `sleep` child holding our stdout pipe open for 30 s; a production
//!   supervisor kills the whole process group instead.

use std::cell::RefCell;
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use std::rc::Rc;
use std::time::Duration;

use runtime::io::BufReader;
use runtime::process::{Command, Stdio};
use runtime::time::{timeout, Instant};

/// The three commands: a name and a shell script.
pub const COMMANDS: [(&str, &str); 3] = [
    ("count", "for i in 1 2 3; do echo $i; sleep 0.1; done"),
    ("greet", "echo hello from $$"),
    ("slow", "echo starting a long job; exec sleep 30"),
];

/// What one command did: its name, every line it printed (in order), and how it ended.
#[derive(Debug)]
pub struct Report {
    /// The command's name from [`COMMANDS`].
    pub name: &'static str,
    /// The lines it printed before it finished or was killed.
    pub lines: Vec<String>,
    /// Its exit status; killed by signal 9 if it overran.
    pub status: ExitStatus,
}

/// Runs one command, streaming its stdout into `log` (shared, in arrival order) until it ends
/// or `limit` passes; then kills it if needed, and reaps it either way.
async fn supervise(
    name: &'static str,
    script: &str,
    limit: Duration,
    log: Rc<RefCell<Vec<String>>>,
) -> std::io::Result<Report> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdout(Stdio::piped())
        .spawn()?;
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let mut printed = Vec::new();
    let streaming = async {
        while let Some(line) = lines.next_line().await? {
            println!("[{name}] {line}");
            log.borrow_mut().push(format!("{name}: {line}"));
            printed.push(line);
        }
        Ok::<(), std::io::Error>(())
    };
    if timeout(limit, streaming).await.is_err() {
        println!("[{name}] overran {limit:?}: killing it");
        child.kill()?;
    }
    let status = child.wait().await?;
    println!("[{name}] {}", describe(status));
    Ok(Report {
        name,
        lines: printed,
        status,
    })
}

/// "exited with 0" or "killed by signal 9".
fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        (None, None) => format!("{status}"),
    }
}

/// Supervises all [`COMMANDS`] at once; returns their reports (in `COMMANDS` order), every line
/// in the order it arrived, and how long it all took.
pub fn run(limit: Duration) -> (Vec<Report>, Vec<String>, Duration) {
    runtime::run(async {
        let start = Instant::now();
        let log = Rc::new(RefCell::new(Vec::new()));
        let reports = runtime::join_all(
            COMMANDS
                .iter()
                .map(|&(name, script)| supervise(name, script, limit, log.clone())),
        )
        .await;
        let reports = reports
            .into_iter()
            .map(|report| report.expect("could not run sh"))
            .collect();
        let log = log.borrow().clone();
        (reports, log, start.elapsed())
    })
}

#[allow(dead_code)] // a test includes this file and calls `run`
fn main() {
    let (_, _, took) = run(Duration::from_secs(2));
    println!("took {took:.1?}: the limit, not the 30 s the slow command wanted");
}
