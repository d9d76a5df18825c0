//! [`copy`]: pump every byte of a reader into a writer, the body of every proxy and echo server.
//!
//! ```text
//!   loop:  read a chunk (up to 8 KiB)  ──0 bytes──▶  flush the writer, return the total
//!              │ n bytes
//!              ▼
//!          write_all the n bytes (partial writes looped over)
//! ```
//!
//! A slow writer slows the reader down: nothing more is read until the last chunk is written.
//! That is *back-pressure*, and it is what keeps a proxy between a fast sender and a slow
//! receiver from buffering without bound. The chunk lives in the future, so a copy costs one
//! 8 KiB allocation however much it moves.
//!
//! Each read and write spends the task's cooperative budget (the sockets do it), so a copy
//! between two always-ready sockets still lets other tasks run every 128 operations.
//!
//! Not cancel-safe: dropping the future loses a chunk that was read but not yet written, and the
//! count. The writer is flushed but not shut down; whether the other side should see end of
//! stream is the caller's call (an echo server usually wants it: `shutdown` after `copy`).

use std::io;

use crate::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// How much `copy` reads at a time.
const CHUNK: usize = 8 * 1024;

/// Reads `reader` to its end, writing everything to `writer`, then flushes `writer`. Returns
/// the number of bytes copied.
///
/// ```
/// runtime::run(async {
///     let mut reader = &b"every byte"[..];
///     let mut writer = Vec::new();
///     let copied = runtime::io::copy(&mut reader, &mut writer).await?;
///     assert_eq!((copied, &writer[..]), (10, &b"every byte"[..]));
///     Ok::<(), std::io::Error>(())
/// })
/// .unwrap();
/// ```
pub async fn copy<R, W>(reader: &mut R, writer: &mut W) -> io::Result<u64>
where
    R: AsyncRead + Unpin + ?Sized,
    W: AsyncWrite + Unpin + ?Sized,
{
    let mut chunk = vec![0; CHUNK];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut chunk).await?;
        if n == 0 {
            writer.flush().await?;
            return Ok(total);
        }
        writer.write_all(&chunk[..n]).await?;
        total += n as u64;
    }
}
