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

use std::rc::Rc;

use runtime::io::AsyncWriteExt;
use runtime::net::OwnedWriteHalf;

use crate::server::outbox::Outbox;

/// Runs until the outbox is closed and drained, overflows, or the socket fails; then shuts
/// the socket's write side down (unless it overflowed).
pub async fn write_loop(mut writer: OwnedWriteHalf, outbox: Rc<Outbox>) {
    let mut batch = Vec::new();
    while outbox.next_batch(&mut batch).await {
        let written = runtime::select! {
            written = writer.write_all(&batch) => written,
            _ = outbox.overflowed() => return,
        };
        if written.is_err() {
            outbox.close();
            return;
        }
        batch.clear();
    }
    let _ = writer.shutdown().await;
}
