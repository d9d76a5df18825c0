//! asyncio's `loop.add_signal_handler` lesson: a long-running program that reloads on SIGHUP,
//! reports on SIGUSR1 and shuts down cleanly on SIGTERM or Ctrl-C.
//!
//! ```text
//! cargo run -p runtime --example signals
//! kill -HUP <pid>; kill -USR1 <pid>; kill -TERM <pid>     # from another terminal
//! ```
//!
//! What to notice:
//!
//! - Each signal is a `Signal` listener; the loop `select!`s over their `recv()`s like over any
//!   other futures. The handlers that `signal()` installed did nothing but write a byte into a
//!   socket; everything printed here runs in an ordinary task, where it is safe to allocate,
//!   lock and print.
//! - `kill -HUP` twice in quick succession may print "reloading" once: deliveries that arrive
//!   between two `recv`s coalesce.
//! - SIGTERM and Ctrl-C no longer kill the program outright: it says goodbye and returns from
//!   `main`, which is the point of listening for them.

use runtime::signal::unix::{signal, SignalKind};

/// Listens for SIGHUP, SIGUSR1, SIGTERM and SIGINT, and calls `report` with one line per event
/// ("ready" first, once every listener is installed) until SIGTERM or SIGINT. Returns the lines.
pub fn run(mut report: impl FnMut(&str)) -> std::io::Result<Vec<String>> {
    runtime::run(async {
        let mut hangup = signal(SignalKind::hangup())?;
        let mut user1 = signal(SignalKind::user_defined1())?;
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut lines = Vec::new();
        let mut say = |line: String| {
            report(&line);
            lines.push(line);
        };
        say("ready".to_string());
        let mut reloads = 0;
        loop {
            runtime::select! {
                result = hangup.recv() => {
                    result?;
                    reloads += 1;
                    say(format!("SIGHUP: reloading the configuration (reload {reloads})"));
                },
                result = user1.recv() => {
                    result?;
                    say(format!("SIGUSR1: {reloads} reloads so far, {} tasks alive",
                        runtime::metrics().tasks_alive));
                },
                result = terminate.recv() => {
                    result?;
                    say("SIGTERM: shutting down".to_string());
                    break;
                },
                result = interrupt.recv() => {
                    result?;
                    say("SIGINT: shutting down".to_string());
                    break;
                }
            }
        }
        Ok(lines)
    })
}

#[allow(dead_code)] // a test includes this file and calls `run`
fn main() {
    let pid = std::process::id();
    let result = run(|line| {
        println!("{line}");
        if line == "ready" {
            println!("pid {pid}: try kill -HUP {pid}, kill -USR1 {pid}, then kill -TERM {pid}");
        }
    });
    result.expect("could not listen for signals");
    println!("goodbye");
}
