//! The echo client from asyncio's streams tutorial ("TCP echo client using streams"): connect,
//! send one message, print what comes back.
//!
//! ```text
//! cargo run -p runtime --example echo_server        # first, in another terminal
//! cargo run -p runtime --example echo_client
//! cargo run -p runtime --example echo_client -- 127.0.0.1:8888 "something else"
//! ```
//!
//! It prints `Send: "Hello World!"` then `Received: "Hello World!"`, and gives up after five
//! seconds if no reply comes.
//!
//! What to notice:
//! - `TcpStream::connect(...).await` is `asyncio.open_connection`: the connect does not block
//!   the thread; the task sleeps until the socket becomes writable (handshake done).
//! - The Python version reads "up to 100 bytes" and hopes the reply arrived in one piece. We
//!   read a *line*: TCP is a byte stream and may split a message anywhere, so a protocol needs
//!   a delimiter, and `BufReader::read_line` collects bytes until it sees one.
//! - Dropping the stream closes the connection (asyncio's `writer.close()`).

use std::io;
use std::time::Duration;

use runtime::io::{AsyncWriteExt, BufReader};
use runtime::net::TcpStream;

/// Sends `message` as one line to the echo server at `addr` and returns the line it sends back.
pub async fn tcp_echo_client(addr: &str, message: &str) -> io::Result<String> {
    let mut stream = TcpStream::connect(addr).await?;
    println!("Send: {message:?}");
    stream.write_all(format!("{message}\n").as_bytes()).await?;

    let mut reader = BufReader::new(stream);
    let mut reply = String::new();
    reader.read_line(&mut reply).await?;
    println!("Received: {:?}", reply.trim_end());
    Ok(reply)
}

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8888".to_string());
    let message = args.next().unwrap_or_else(|| "Hello World!".to_string());
    runtime::run(async {
        let talk = tcp_echo_client(&addr, &message);
        match runtime::time::timeout(Duration::from_secs(5), talk).await {
            Ok(result) => result.map(drop),
            Err(_) => Err(io::Error::new(io::ErrorKind::TimedOut, "no reply in 5 s")),
        }
    })
}
