//! Reaping children whose [`Child`](super::Child) was dropped before they exited.
//!
//! A process that exits stays a *zombie* (an entry in the kernel's process table, holding its
//! exit status) until its parent reaps it with `wait`. A program that spawns children and
//! drops their handles would pile up zombies, and the kernel's table is finite. So a dropped,
//! unfinished child is *adopted*:
//!
//! ```text
//!   Child dropped, process still running
//!     │ (kill_on_drop: SIGKILL first)
//!     ▼
//!   adopt ── inside a runtime ──▶ a detached reaper task awaits the pidfd, reaps, ends
//!     │                              │ dropped unfinished (its runtime shut down)
//!     │ outside any runtime          ▼
//!     └────────────────────────▶ ORPHANS, a process-wide list; `reap` polls it with
//!                                 waitpid(WNOHANG) at every `Command::spawn` and every adopt
//! ```
//!
//! The reaper task is an ordinary task waiting on readiness, so a dropped child costs no
//! thread either. The list is the fallback for when there is no loop to wait on: a child left
//! there is reaped by the next spawn in the process (tokio keeps a similar orphan queue, which
//! it drains on SIGCHLD).

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use crate::lock::lock;
use crate::process::child::Process;
use crate::scheduler::context;

/// Children nobody waits for and no runtime can reap; drained by [`reap`]. Touched only under
/// its lock, never while a `RefCell` of ours is borrowed; `std::process::Child` is `Send`.
static ORPHANS: Mutex<Vec<std::process::Child>> = Mutex::new(Vec::new());

/// Takes over an unfinished process: spawns a reaper task for it on the current runtime, or,
/// outside one, puts it on the orphan list.
pub(crate) fn adopt(process: Process) {
    reap();
    let reaper = Reaper {
        process: Some(process),
    };
    match context::with_current(|scheduler| scheduler.cloned()) {
        Some(scheduler) => drop(scheduler.spawn(reaper, None)), // detached
        None => drop(reaper),                                   // its Drop lists the orphan
    }
}

/// Reaps every listed orphan that has exited; those still running stay listed.
pub(crate) fn reap() {
    let mut orphans = lock(&ORPHANS);
    // An error (ECHILD: someone else reaped it) also means there is nothing left to wait for.
    orphans.retain_mut(|child| matches!(child.try_wait(), Ok(None)));
}

/// The reaper task: waits for its process to exit and reaps it.
struct Reaper {
    /// The process; `None` once reaped.
    process: Option<Process>,
}

impl Future for Reaper {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let Some(process) = self.process.as_mut() else {
            return Poll::Ready(());
        };
        match process.poll_wait(cx) {
            Poll::Pending => Poll::Pending,
            // Reaped, or an error that leaves nothing to wait for (ECHILD).
            Poll::Ready(_) => {
                self.process = None;
                Poll::Ready(())
            }
        }
    }
}

impl Drop for Reaper {
    fn drop(&mut self) {
        if let Some(process) = self.process.take() {
            let mut orphans = lock(&ORPHANS);
            orphans.push(process.std);
        }
    }
}
