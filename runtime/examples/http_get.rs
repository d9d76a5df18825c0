//! A tiny HTTP/1.0 GET client, and the tiny server it talks to, both on one runtime.
//!
//! ```text
//! cargo run -p runtime --example http_get
//! ```
//!
//! It starts a server on 127.0.0.1 (on a port the OS picks), fetches `/hello` from it, and
//! prints the status line and the body:
//!
//! ```text
//! HTTP/1.0 200 OK
//! hello from the runtime; you asked for /hello
//! ```
//!
//! What to notice:
//! - Client and server are two tasks on one thread. While the client waits for the response
//!   the server runs, and the other way round: that is all "concurrency" means here.
//! - HTTP/1.0 is a line protocol followed by raw bytes: `read_line` for the status line and
//!   headers up to the empty line, then `read_to_end` for the body, which ends when the server
//!   closes the connection. The same `BufReader` serves both, so bytes it buffered past the
//!   headers are not lost.
//! - Everything is bounded: the server answers one request, and the whole exchange has five
//!   seconds.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use runtime::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use runtime::net::{TcpListener, TcpStream};

/// Answers a single request with a short text body naming the path, then closes.
pub async fn serve_one(listener: TcpListener) -> io::Result<()> {
    let (stream, _) = listener.accept().await?;
    let mut reader = BufReader::new(stream).with_max_line(8 * 1024);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).await?;
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut header = String::new();
    while reader.read_line(&mut header).await? > 0 && header.trim_end() != "" {
        header.clear(); // we need no header; skip up to the empty line
    }

    let body = format!("hello from the runtime; you asked for {path}\n");
    let response = format!(
        "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    reader.get_mut().write_all(response.as_bytes()).await
    // Dropping the stream closes the connection: in HTTP/1.0 that marks the end of the body.
}

/// Fetches `path` from the server at `addr`; returns the status line and the body.
pub async fn get(addr: SocketAddr, path: &str) -> io::Result<(String, String)> {
    let mut stream = TcpStream::connect(addr).await?;
    let request = format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;

    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).await?;
    let mut header = String::new();
    while reader.read_line(&mut header).await? > 0 && header.trim_end() != "" {
        header.clear();
    }
    let mut body = Vec::new();
    reader.read_to_end(&mut body).await?;
    let body =
        String::from_utf8(body).map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))?;
    Ok((status.trim_end().to_string(), body))
}

/// Starts the server, fetches `/hello`, and returns the status line and body.
pub fn run() -> io::Result<(String, String)> {
    runtime::run(async {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let server = runtime::spawn(serve_one(listener));
        let exchange = runtime::time::timeout(Duration::from_secs(5), get(addr, "/hello"));
        let fetched = exchange
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "no response in 5 s"))??;
        server.await.expect("the server task panicked")?;
        Ok(fetched)
    })
}

fn main() -> io::Result<()> {
    let (status, body) = run()?;
    println!("{status}");
    print!("{body}");
    Ok(())
}
