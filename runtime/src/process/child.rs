//! [`Child`]: a running child process; waiting for it, killing it, collecting its output.
//!
//! # Waiting
//!
//! ```text
//!   Child::wait ──▶ (1) try_wait: waitpid(pid, WNOHANG)      exited? -> Ready(status), reaped
//!                   (2) the pidfd readable?                  no -> waker stored, Pending
//!                   (3) yes: try_wait again: the child has exited, so this reaps it
//! ```
//!
//! Step (1) comes first so that a child that exited long ago costs one system call and no
//! trip through the reactor. `try_wait` is std's, which remembers the status once reaped, so
//! every later `wait`/`try_wait` answers the same without another system call.
//!
//! # Dropping
//!
//! Dropping a `Child` does not wait for the process and, unless [`kill_on_drop`] was set, does
//! not kill it either (as with `std`). It is still reaped: see [`orphans`](super::orphans).
//!
//! [`kill_on_drop`]: super::Command::kill_on_drop

use std::future::poll_fn;
use std::io;
use std::process::{ExitStatus, Output};
use std::task::{ready, Context, Poll};

use crate::io::{AsyncRead, AsyncReadExt};
use crate::process::orphans;
use crate::process::pidfd::ExitWatch;
use crate::process::stdio::{ChildStderr, ChildStdin, ChildStdout};

/// A child process, started by [`Command::spawn`](super::Command::spawn).
///
/// The pipes are public fields, as in `std`: `take()` one to move it into another task.
#[derive(Debug)]
pub struct Child {
    /// The child's stdin, if it was [`piped`](std::process::Stdio::piped). [`wait`](Self::wait)
    /// drops it first, so a child reading its input to the end can finish.
    pub stdin: Option<ChildStdin>,
    /// The child's stdout, if it was piped.
    pub stdout: Option<ChildStdout>,
    /// The child's stderr, if it was piped.
    pub stderr: Option<ChildStderr>,
    /// The process and its pidfd. `Some` for the whole life of the `Child`; `Drop` takes it to
    /// hand an unfinished process to the orphan reaper.
    process: Option<Process>,
    /// Whether dropping the `Child` before the process exits sends it SIGKILL.
    kill_on_drop: bool,
}

/// A child process and what tells us it exited.
#[derive(Debug)]
pub(crate) struct Process {
    /// std's handle: the PID, `kill`, and `try_wait`, which reaps and remembers the status.
    /// Its own pipe fields are always `None`: `Child` took them.
    pub(crate) std: std::process::Child,
    /// The pidfd registered with the reactor.
    exit: ExitWatch,
}

impl Process {
    /// Wraps a just-spawned child: opens its pidfd and registers it. On failure the std child
    /// comes back with the error, for the caller to end.
    ///
    /// # Panics
    /// Outside a runtime.
    pub(crate) fn new(
        std: std::process::Child,
    ) -> Result<Process, (std::process::Child, io::Error)> {
        match ExitWatch::new(std.id()) {
            Ok(exit) => Ok(Process { std, exit }),
            Err(err) => Err((std, err)),
        }
    }

    /// Steps (1) to (3) of the module docs: `Ready` with the status once the child has exited
    /// and been reaped.
    pub(crate) fn poll_wait(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<ExitStatus>> {
        if let Some(status) = self.std.try_wait()? {
            return Poll::Ready(Ok(status));
        }
        ready!(self.exit.poll_exited(cx))?;
        match self.std.try_wait()? {
            Some(status) => Poll::Ready(Ok(status)),
            None => {
                // The kernel marks the child a zombie before it wakes the pidfd's waiters, so
                // this is not expected. Should it happen, yield and look again rather than
                // spin inside this poll (readiness stays set: it is never cleared on a guess).
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}

impl Child {
    /// Wraps a spawned process and its already-registered pipes.
    pub(crate) fn new(
        process: Process,
        stdio: (Option<ChildStdin>, Option<ChildStdout>, Option<ChildStderr>),
        kill_on_drop: bool,
    ) -> Child {
        let (stdin, stdout, stderr) = stdio;
        Child {
            stdin,
            stdout,
            stderr,
            process: Some(process),
            kill_on_drop,
        }
    }

    /// The process's borrowed parts; present until `Drop`.
    fn process(&mut self) -> &mut Process {
        self.process
            .as_mut()
            .expect("a Child holds its process until it is dropped")
    }

    /// The child's process ID. After the child has been reaped the number may belong to
    /// another process; use it for logging, not for `kill(2)`.
    pub fn id(&self) -> u32 {
        self.process
            .as_ref()
            .expect("a Child holds its process until it is dropped")
            .std
            .id()
    }

    /// Waits for the child to exit and returns its status (asyncio's `await proc.wait()`),
    /// reaping it. Closes the child's stdin first. Costs no thread: the task sleeps until the
    /// reactor sees the pidfd turn readable. Cancel-safe, and may be called again after it
    /// returned: the status is remembered.
    pub async fn wait(&mut self) -> io::Result<ExitStatus> {
        drop(self.stdin.take());
        let process = self.process();
        poll_fn(|cx| process.poll_wait(cx)).await
    }

    /// The status if the child has exited (reaping it), `None` if it still runs. Never waits.
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        self.process().std.try_wait()
    }

    /// Sends the child SIGKILL, which it cannot ignore; `wait` then reports it killed by
    /// signal 9. Does not wait (asyncio's `proc.kill()`). Killing a child that has already
    /// been reaped does nothing and returns `Ok`.
    pub fn kill(&mut self) -> io::Result<()> {
        self.process().std.kill()
    }

    /// Closes stdin, reads stdout and stderr to their ends *concurrently*, then waits for the
    /// exit (asyncio's `proc.communicate()`). Reading one pipe to the end before the other
    /// could deadlock: a child blocked writing a full stderr pipe never closes its stdout.
    /// A stream that is not piped comes back empty.
    pub async fn wait_with_output(mut self) -> io::Result<Output> {
        drop(self.stdin.take());
        let (stdout, stderr) = (self.stdout.take(), self.stderr.take());
        let (stdout, stderr) = crate::join!(read_all(stdout), read_all(stderr));
        let status = self.wait().await?;
        Ok(Output {
            status,
            stdout: stdout?,
            stderr: stderr?,
        })
    }
}

/// Everything a pipe yields until its end, or nothing for a stream that was not piped.
async fn read_all(pipe: Option<impl AsyncRead + Unpin>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if let Some(mut pipe) = pipe {
        pipe.read_to_end(&mut bytes).await?;
    }
    Ok(bytes)
}

impl Drop for Child {
    fn drop(&mut self) {
        let Some(mut process) = self.process.take() else {
            return;
        };
        if let Ok(Some(_)) = process.std.try_wait() {
            return; // already reaped
        }
        if self.kill_on_drop {
            // An error means the child is gone already; the reaper collects it either way.
            let _ = process.std.kill();
        }
        orphans::adopt(process);
    }
}
