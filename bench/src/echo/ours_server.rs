//! The echo server on our runtime: one task per connection, written the straightforward way
//! (`read`, then `write_all` what was read). The same code as `tokio_server.rs`, with our names,
//! so the two measure runtimes and nothing else.

use std::io;

use runtime::io::{AsyncReadExt, AsyncWriteExt};
use runtime::net::{TcpListener, TcpStream};

/// Per-connection buffer: one 4 KiB message fits in one read.
const BUFFER: usize = 4096;

/// Serves echo on `listener` until accepting fails.
pub fn serve(listener: std::net::TcpListener) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let rt = runtime::Runtime::new()?;
    rt.block_on(async move {
        let listener = TcpListener::from_std(listener)?;
        loop {
            let (stream, _) = listener.accept().await?;
            drop(runtime::spawn(async move {
                // An error only ends this connection, as a peer's reset should.
                let _ = echo(stream).await;
            }));
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
