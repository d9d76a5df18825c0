//! The echo server: every byte a client sends comes straight back. The stream echo server of
//! the asyncio docs, and our headline benchmark, so it is kept as lean as the runtime allows.

use std::future::Future;
use std::io;

use runtime::io::{AsyncReadExt, AsyncWriteExt};
use runtime::net::{TcpListener, TcpStream};

/// Bytes one read may take; the same figure the benchmark's other servers use.
const BUFFER: usize = 4096;

/// Runs the echo server on `listener` until `shutdown` completes.
///
/// # Errors
/// Only if accepting fails in a way the listener cannot recover from.
pub async fn echo(listener: TcpListener, shutdown: impl Future<Output = ()>) -> io::Result<()> {
    let accepting = async {
        loop {
            let (stream, _) = listener.accept().await?;
            drop(runtime::spawn(echo_connection(stream)));
        }
    };
    runtime::select! {
        result = accepting => result,
        _ = shutdown => Ok(()),
    }
}

/// Echoes one connection until EOF or an error.
async fn echo_connection(mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let mut buf = [0; BUFFER];
    loop {
        let n = match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if stream.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}
