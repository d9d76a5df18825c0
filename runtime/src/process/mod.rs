//! Child processes: [`Command`] starts one, [`Child`] waits for it, kills it and talks to it
//! through pipes (asyncio's `create_subprocess_exec`).
//!
//! # How a reactor waits for a process
//!
//! A child is not a socket, but Linux can make it look like one. `spawn` does three things:
//!
//! ```text
//!   (1) std::process::Command::spawn      fork + exec; piped stdio become pipes to the child
//!   (2) each piped stdio end              non-blocking, registered with the reactor: an async
//!                                         ChildStdin / ChildStdout / ChildStderr (stdio.rs)
//!   (3) pidfd_open(pid)                   a descriptor that turns readable when the child
//!                                         exits, registered with the reactor (pidfd.rs)
//! ```
//!
//! From then on, `child.wait().await` is waiting for readiness like `stream.read().await`:
//! the task sleeps, the reactor's epoll reports the pidfd readable, the task wakes and reaps
//! the child with a non-blocking `waitpid` (child.rs). No thread is spent per child, and none
//! blocks in `waitpid`.
//!
//! **Why a pidfd, not SIGCHLD.** The classic way is to listen for SIGCHLD (our
//! [`signal`](crate::signal) module could) and, on each one, try `waitpid(WNOHANG)` on every
//! child, because SIGCHLDs coalesce and do not say which child exited: O(children) system calls
//! per exit, and a process-wide handler to share with everyone else in the program. A pidfd
//! names one process, wakes exactly its waiter, and needs no signal handler at all. The price
//! is Linux 5.3 or later (2019); on older kernels `spawn` fails with the `pidfd_open` error
//! after killing and reaping the child it just started.
//!
//! **No zombies.** A child that exits is a zombie until reaped. `wait`/`try_wait` reap it; a
//! `Child` dropped before that hands its process to a reaper task (orphans.rs), so nothing is
//! left behind even when nobody waits. [`Command::kill_on_drop`] kills it first.
//!
//! **No deadlocks on pipes.** A pipe holds 64 KiB. A child that writes more to stderr than
//! that blocks until someone reads stderr, and if we were reading stdout to its end first, we
//! would both wait forever. [`Command::output`] and [`Child::wait_with_output`] read both
//! pipes concurrently, in one task, with [`join!`](crate::join!).
//!
//! # Example
//!
//! ```
//! # #[cfg(not(miri))] // Miri cannot spawn processes
//! # {
//! use runtime::io::{AsyncReadExt, AsyncWriteExt};
//! use runtime::process::{Command, Stdio};
//!
//! runtime::run(async {
//!     // One-shot: run it, collect everything.
//!     let output = Command::new("echo").arg("hello").output().await?;
//!     assert!(output.status.success());
//!     assert_eq!(output.stdout, b"hello\n");
//!
//!     // Interactive: write to its stdin, read its stdout.
//!     let mut child = Command::new("tr")
//!         .arg("a-z")
//!         .arg("A-Z")
//!         .stdin(Stdio::piped())
//!         .stdout(Stdio::piped())
//!         .spawn()?;
//!     let mut stdin = child.stdin.take().unwrap();
//!     stdin.write_all(b"shout").await?;
//!     drop(stdin); // EOF: tr finishes
//!     let mut upper = Vec::new();
//!     child.stdout.take().unwrap().read_to_end(&mut upper).await?;
//!     assert_eq!(upper, b"SHOUT");
//!     assert!(child.wait().await?.success());
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! # }
//! ```

mod child;
mod orphans;
mod pidfd;
mod stdio;

pub use self::child::Child;
pub use self::stdio::{ChildStderr, ChildStdin, ChildStdout};
pub use std::process::{ExitStatus, Output, Stdio};

use std::ffi::OsStr;
use std::io;
use std::path::Path;

use self::child::Process;

/// A process to start, shaped like [`std::process::Command`]; build it, then
/// [`spawn`](Self::spawn), [`output`](Self::output) or [`status`](Self::status).
///
/// By default the child inherits our stdin, stdout and stderr (`output` pipes the last two).
#[derive(Debug)]
pub struct Command {
    /// The program, arguments, environment, directory and stdio settings.
    std: std::process::Command,
    /// Whether stdin was set by the caller; `output` makes an unset stdin null, as std does.
    stdin_set: bool,
    /// Copied into every `Child` spawned from here.
    kill_on_drop: bool,
}

impl Command {
    /// A command that runs `program`, found on `PATH` unless it contains a `/`.
    pub fn new(program: impl AsRef<OsStr>) -> Command {
        Command {
            std: std::process::Command::new(program),
            stdin_set: false,
            kill_on_drop: false,
        }
    }

    /// Adds one argument.
    pub fn arg(&mut self, arg: impl AsRef<OsStr>) -> &mut Command {
        self.std.arg(arg);
        self
    }

    /// Adds several arguments.
    pub fn args<I, S>(&mut self, args: I) -> &mut Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.std.args(args);
        self
    }

    /// Sets one environment variable for the child.
    pub fn env(&mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> &mut Command {
        self.std.env(key, value);
        self
    }

    /// Removes one variable from the child's environment.
    pub fn env_remove(&mut self, key: impl AsRef<OsStr>) -> &mut Command {
        self.std.env_remove(key);
        self
    }

    /// Starts the child with an empty environment (plus what [`env`](Self::env) adds).
    pub fn env_clear(&mut self) -> &mut Command {
        self.std.env_clear();
        self
    }

    /// Runs the child in `dir`.
    pub fn current_dir(&mut self, dir: impl AsRef<Path>) -> &mut Command {
        self.std.current_dir(dir);
        self
    }

    /// The child's stdin: [`Stdio::piped()`] (then [`Child::stdin`] writes to it),
    /// [`Stdio::null()`] or [`Stdio::inherit()`].
    pub fn stdin(&mut self, cfg: impl Into<Stdio>) -> &mut Command {
        self.std.stdin(cfg);
        self.stdin_set = true;
        self
    }

    /// The child's stdout, as for [`stdin`](Self::stdin).
    pub fn stdout(&mut self, cfg: impl Into<Stdio>) -> &mut Command {
        self.std.stdout(cfg);
        self
    }

    /// The child's stderr, as for [`stdin`](Self::stdin).
    pub fn stderr(&mut self, cfg: impl Into<Stdio>) -> &mut Command {
        self.std.stderr(cfg);
        self
    }

    /// Whether dropping a [`Child`] spawned from here, before it was reaped, kills the process
    /// (SIGKILL). Off by default, as in std; either way the process is reaped.
    pub fn kill_on_drop(&mut self, kill_on_drop: bool) -> &mut Command {
        self.kill_on_drop = kill_on_drop;
        self
    }

    /// Starts the child (steps (1) to (3) of the module docs).
    ///
    /// # Errors
    /// The program could not be started (not found, not executable), or a descriptor could not
    /// be made or registered (then the child is killed and reaped before the error returns).
    ///
    /// # Panics
    /// Outside a runtime.
    pub fn spawn(&mut self) -> io::Result<Child> {
        orphans::reap();
        let mut std = self.std.spawn()?;
        let stdio = (std.stdin.take(), std.stdout.take(), std.stderr.take());
        match register(std, stdio, self.kill_on_drop) {
            Ok(child) => Ok(child),
            Err((mut std, err)) => {
                // Nothing async can own the child, so end it here: SIGKILL, then a wait
                // that returns as soon as the kernel has torn it down.
                let _ = std.kill();
                let _ = std.wait();
                Err(err)
            }
        }
    }

    /// Runs the child to completion and collects its stdout and stderr (piped, whatever was
    /// set before; an unset stdin becomes null), read concurrently: see
    /// [`Child::wait_with_output`]. The pipe settings stay on this `Command`.
    pub async fn output(&mut self) -> io::Result<Output> {
        if !self.stdin_set {
            self.std.stdin(Stdio::null());
        }
        self.std.stdout(Stdio::piped()).stderr(Stdio::piped());
        self.spawn()?.wait_with_output().await
    }

    /// Runs the child to completion with the stdio set so far (inherited by default) and
    /// returns its exit status.
    pub async fn status(&mut self) -> io::Result<ExitStatus> {
        self.spawn()?.wait().await
    }
}

/// The std pipes of a child, before registration.
type StdPipes = (
    Option<std::process::ChildStdin>,
    Option<std::process::ChildStdout>,
    Option<std::process::ChildStderr>,
);

/// Steps (2) and (3): registers the pipes and the pidfd. On failure hands the std child back
/// with the error, so the caller can end it.
fn register(
    std: std::process::Child,
    (stdin, stdout, stderr): StdPipes,
    kill_on_drop: bool,
) -> Result<Child, (std::process::Child, io::Error)> {
    let pipes = (|| -> io::Result<_> {
        Ok((
            stdin.map(ChildStdin::from_std).transpose()?,
            stdout.map(ChildStdout::from_std).transpose()?,
            stderr.map(ChildStderr::from_std).transpose()?,
        ))
    })();
    let pipes = match pipes {
        Ok(pipes) => pipes,
        Err(err) => return Err((std, err)),
    };
    Ok(Child::new(Process::new(std)?, pipes, kill_on_drop))
}
