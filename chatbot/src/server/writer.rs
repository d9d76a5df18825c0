//! The writer task every connection runs, whatever its protocol: it drains the client's
//! [`Outbox`] into the socket.
//!
//! One `write` call carries every line queued since the last one, so a busy room costs one
//! system call per batch, not per line.
//!
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
