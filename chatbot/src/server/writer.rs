//! The writer every connection runs, whatever its protocol: it drains the client's [`Outbox`]
//! into the socket. It is a future beside the connection's reader, joined with it in the
//! connection's one task (a task each would cost every idle client a second task).
//!
//! One `write` call carries every line queued since the last one, so a busy room costs one
//! system call per batch, not per line.
//!
//! That batch is, in practice, everything queued for this client during the turn. A push wakes
//! the writer, but the run queue is first in, first out: the writer runs after every task that
//! was already queued, such as the readers of the other senders whose lines arrived in the same
//! reactor turn. So when lines from several senders come in together, each member's writer finds
//! all of them in its outbox and sends them in one write. (500 members, 5 senders, closed loop:
//! 0.36 `sendto` per delivery; the bench's tokio server, which writes each line as its channel
//! yields it, 1.00. Counted with `perf stat -e syscalls:sys_enter_sendto -p PID` around
//! `bench chat-client --clients 500 --senders 5 --window 1` runs of 40 and of 200 lines per
//! sender, the difference divided by the deliveries it adds.) With one sender and one line in
//! flight there is nothing to gather: one write per delivery is the floor, whoever serves.
//!
//! Lines are small and the batch is already whole, so the socket has Nagle's algorithm off
//! (`set_up` in `server/mod.rs`): a batch leaves at once instead of waiting for the previous
//! one's acknowledgement.
//! A client that stops reading fills its socket buffers, and then `write_all` waits for it
//! forever. So the writer also watches for the outbox overflowing, which is what that
//! client's silence leads to, and then drops the write (the last line may go out cut short)
//! and ends: the connection closes now, not whenever the client reads again, if ever.
//!
//! # One batch buffer per thread
//!
//! ```text
//!   outbox lines ──poll_next_batch──▶ this thread's BATCH ──poll_write, at once──▶ socket
//!                                          │ what the socket did not take (rare)
//!                                          ▼
//!                                     this writer's `unsent` ──write_all().await──▶ socket
//! ```
//!
//! A batch is encoded into one buffer shared by every writer of the thread (`BATCH`) and
//! written in the same poll, without waiting: a chat line almost always fits in the socket's
//! send buffer. Only what the socket did not take is copied into a `Vec` of this writer's own,
//! and written with an ordinary `.await`; that `Vec` is dropped once written. So an idle
//! client holds no write buffer at all, where a buffer per writer would keep the capacity of
//! the largest batch it ever sent.

use std::cell::Cell;
use std::future::poll_fn;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use runtime::io::{AsyncWrite, AsyncWriteExt};
use runtime::net::OwnedWriteHalf;

use crate::server::outbox::Outbox;

thread_local! {
    /// The batch buffer every writer of this thread encodes into (the module doc). Taken out
    /// for one synchronous fill-and-write and put back, empty but keeping its capacity, before
    /// the poll returns; never held across an `.await`.
    static BATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// What one attempt to send a batch did.
enum Sent {
    /// The outbox is closed and drained, or overflowed: nothing more will come.
    Ended,
    /// All of the batch went into the socket.
    All,
    /// The socket took only part of it; here is the rest, to be written with an `.await`.
    Partly(Vec<u8>),
    /// The socket failed.
    Failed,
}

/// Runs until the outbox is closed and drained, overflows, or the socket fails; then shuts
/// the socket's write side down (unless it overflowed).
pub async fn write_loop(mut writer: OwnedWriteHalf, outbox: Rc<Outbox>) {
    loop {
        let unsent = match poll_fn(|cx| send_batch(cx, &mut writer, &outbox)).await {
            Sent::Ended => break,
            Sent::All => continue,
            Sent::Partly(unsent) => unsent,
            Sent::Failed => {
                outbox.close();
                return;
            }
        };
        let written = runtime::select! {
            written = writer.write_all(&unsent) => written,
            _ = outbox.overflowed() => return,
        };
        if written.is_err() {
            outbox.close();
            return;
        }
    }
    let _ = writer.shutdown().await;
}

/// Waits for a batch, encodes it into the thread's [`BATCH`] and writes what the socket takes
/// now.
fn send_batch(cx: &mut Context<'_>, writer: &mut OwnedWriteHalf, outbox: &Outbox) -> Poll<Sent> {
    let mut batch = BATCH.with(Cell::take);
    let sent = match outbox.poll_next_batch(cx, &mut batch) {
        Poll::Pending => Poll::Pending,
        Poll::Ready(false) => Poll::Ready(Sent::Ended),
        Poll::Ready(true) => Poll::Ready(write_now(cx, writer, &batch)),
    };
    batch.clear();
    BATCH.with(|cell| cell.set(batch));
    sent
}

/// Writes `batch` until the socket would block; copies what is left.
fn write_now(cx: &mut Context<'_>, writer: &mut OwnedWriteHalf, batch: &[u8]) -> Sent {
    let mut written = 0;
    while written < batch.len() {
        match Pin::new(&mut *writer).poll_write(cx, &batch[written..]) {
            Poll::Ready(Ok(0)) | Poll::Ready(Err(_)) => return Sent::Failed,
            Poll::Ready(Ok(n)) => written += n,
            // The socket is full (or the task's budget spent): the rest waits in `unsent`.
            Poll::Pending => return Sent::Partly(batch[written..].to_vec()),
        }
    }
    Sent::All
}
