//! Helpers shared by the socket tests: a bounded `block_on`, connected pairs, an echo server,
//! payloads and temporary socket paths. (Kept apart from `util/` so each area owns its helpers.)
#![allow(dead_code)] // each test file uses its own subset

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use runtime::io::copy;
use runtime::net::{TcpListener, TcpStream};
use runtime::{JoinHandle, Runtime};

/// How long any socket test may take before it is failed instead of hanging the suite.
pub const TEST_BOUND: Duration = Duration::from_secs(20);

/// Runs `future` on a fresh real-clock runtime, failing the test if it takes longer than
/// [`TEST_BOUND`]. The bound is a safety net, not synchronisation: every test waits for an
/// explicit event (bytes, EOF, a join) and normally finishes in milliseconds.
pub fn block_on_bounded<F: Future>(future: F) -> F::Output {
    let rt = Runtime::new().unwrap();
    rt.block_on(async {
        match runtime::time::timeout(TEST_BOUND, future).await {
            Ok(output) => output,
            Err(_) => panic!("test still running after {TEST_BOUND:?}"),
        }
    })
}

/// Two ends of one loopback TCP connection: (accepted, connected).
pub async fn tcp_pair() -> io::Result<(TcpStream, TcpStream)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let (accepted, connected) = runtime::join!(listener.accept(), TcpStream::connect(addr));
    Ok((accepted?.0, connected?))
}

/// A loopback echo server: each connection gets its own task that copies every byte back,
/// then shuts down writing at end of stream. Abort the handle (or drop the runtime) to stop it.
pub fn spawn_echo_server() -> io::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let server = runtime::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.expect("accept");
            runtime::spawn(async move {
                let (mut reader, mut writer) = stream.into_split();
                copy(&mut reader, &mut writer).await.expect("echo copy");
                // Dropping `writer` shuts down writing: the client reads end of stream.
            });
        }
    });
    Ok((addr, server))
}

/// `len` bytes that are not all the same, so a reordering or a lost chunk shows.
pub fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// A fresh path for a Unix socket under the temp dir, unique per process and per call.
pub fn temp_socket_path(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("runtime-{name}-{}-{n}.sock", std::process::id()))
}

/// Removes a socket file when dropped, so a failing test leaves nothing behind either.
pub struct RemoveOnDrop(pub PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
