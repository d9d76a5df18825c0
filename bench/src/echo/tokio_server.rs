//! The echo server on tokio's current-thread runtime: one task per connection, written the
//! straightforward way (`read`, then `write_all` what was read).
//!
//! This is the code a tokio user would write first, and the shape our runtime's echo server will
//! have: compare it with the mio state machine in `mio_server.rs`, which does the same work with
//! no tasks. Each task owns a 4 KiB buffer for its whole life; that buffer lives across `await`s,
//! so it cannot be shared the way the mio server shares one scratch buffer.
//!
//! The tasks own only a `TcpStream`, which is `Send`, so plain `tokio::spawn` works on a
//! current-thread runtime; no `LocalSet` is needed. Only the I/O driver is enabled, since nothing
//! here sleeps.
//!
//! ```ignore
//! process::serve(tokio_server::serve, "127.0.0.1:0".parse()?, false);
//! ```

use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Per-connection buffer: one 4 KiB message fits in one read.
const BUFFER: usize = 4096;

/// Serves echo on `listener` until accepting fails.
pub fn serve(listener: std::net::TcpListener) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    rt.block_on(async move {
        let listener = TcpListener::from_std(listener)?;
        loop {
            let (stream, _) = listener.accept().await?;
            tokio::spawn(async move {
                // An error only ends this connection, as a peer's reset should.
                let _ = echo(stream).await;
            });
        }
    })
}

/// Echoes everything read from `stream` until the peer closes it.
async fn echo(mut stream: TcpStream) -> io::Result<()> {
    let mut buffer = vec![0u8; BUFFER];
    loop {
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            return Ok(());
        }
        stream.write_all(&buffer[..n]).await?;
    }
}
