//! The echo server from asyncio's streams tutorial ("TCP echo server using streams"), on this
//! runtime: every line a client sends comes straight back.
//!
//! ```text
//! cargo run -p runtime --example echo_server                          # on 127.0.0.1:8888
//! cargo run -p runtime --example echo_server -- --listen 127.0.0.1:0  # any free port
//! cargo run -p runtime --example echo_client                          # in another terminal
//! ```
//!
//! It prints `listening on ADDR` first, then one line per client, and serves until stopped
//! (Ctrl-C). `RUST_LOG=runtime=debug` shows what the runtime does meanwhile.
//!
//! What to notice:
//! - `serve` is asyncio's `start_server`: accept in a loop, one task per connection. A task
//!   costs one allocation, so a task per client is the normal design, not a luxury.
//! - The connection is split: the read half sits in a `BufReader` for `read_line`, the write
//!   half echoes. Each waits in its own waker slot of the one socket registration.
//! - Nothing here handles "too many open files". `accept` itself backs off and retries when
//!   the process runs out of descriptors, so this naive loop neither spins nor stalls;
//!   `tests/tests/emfile.rs` runs this very server under `ulimit -n 64` to prove it.
//! - A line longer than 4 KiB ends that client's connection, not the server: the cap keeps one
//!   client from making us buffer without end.

use std::io;
use std::net::SocketAddr;

use runtime::io::{AsyncWriteExt, BufReader};
use runtime::net::{TcpListener, TcpStream};

/// Where the server listens unless told otherwise (the port of the asyncio tutorial).
pub const DEFAULT_ADDR: &str = "127.0.0.1:8888";

/// The longest line we echo; a longer one closes its connection.
const MAX_LINE: usize = 4096;

/// Accepts connections forever, each served by its own task.
pub async fn serve(listener: TcpListener) -> io::Result<()> {
    loop {
        let (stream, peer) = listener.accept().await?;
        println!("{peer} connected");
        runtime::spawn(async move {
            match echo_lines(stream).await {
                Ok(lines) => println!("{peer} left after {lines} lines"),
                Err(err) => println!("{peer} dropped: {err}"),
            }
        });
    }
}

/// Echoes each line back until the client closes its side; returns how many lines it echoed.
async fn echo_lines(stream: TcpStream) -> io::Result<usize> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader).with_max_line(MAX_LINE);
    let mut line = String::new();
    let mut lines = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(lines); // end of stream; dropping `writer` closes our side too
        }
        writer.write_all(line.as_bytes()).await?;
        lines += 1;
    }
}

/// Binds `addr`, prints the address actually bound (the real port when asked for port 0), and
/// serves forever.
pub fn run(addr: &str) -> io::Result<()> {
    runtime::run(async {
        let listener = TcpListener::bind(addr)?;
        let bound: SocketAddr = listener.local_addr()?;
        println!("listening on {bound}");
        serve(listener).await
    })
}

/// `--listen ADDR`, or the default address when no argument is given.
fn listen_addr(mut args: impl Iterator<Item = String>) -> Result<String, String> {
    match (args.next().as_deref(), args.next(), args.next()) {
        (None, _, _) => Ok(DEFAULT_ADDR.to_string()),
        (Some("--listen"), Some(addr), None) => Ok(addr),
        _ => Err("usage: echo_server [--listen ADDR]".to_string()),
    }
}

fn main() -> io::Result<()> {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let addr = listen_addr(std::env::args().skip(1))
        .map_err(|usage| io::Error::new(io::ErrorKind::InvalidInput, usage))?;
    run(&addr)
}
