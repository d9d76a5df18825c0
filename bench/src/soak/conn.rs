//! A soak client's connection: lines in, bytes out, as two halves so that one task can read
//! while another writes. The lines come straight off the TCP stream, or for a WebSocket
//! dialect out of its messages (`web.rs`); what goes out is framed by [`Dialect::wire`].
//!
//! Lines end with `\n` (an IRC `\r` before it is stripped). The server only sends UTF-8, but a
//! soak must not stop on a surprise, so a bad byte becomes U+FFFD rather than an error.

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpSocket, TcpStream};

use super::dialect::Dialect;
use super::web::{self, Incoming};

/// The reading half, cutting lines.
#[derive(Debug)]
pub struct Lines {
    /// The buffered read half.
    reader: BufReader<OwnedReadHalf>,
    /// The bytes of the line being read; reused.
    buf: Vec<u8>,
    /// For a WebSocket, the messages' lines.
    websocket: Option<Incoming>,
}

impl Lines {
    /// The next line without its terminator; `None` at end of stream.
    pub async fn next(&mut self) -> io::Result<Option<String>> {
        if let Some(incoming) = &mut self.websocket {
            return incoming.next(&mut self.reader).await;
        }
        self.buf.clear();
        if self.reader.read_until(b'\n', &mut self.buf).await? == 0 {
            return Ok(None);
        }
        let mut line = &self.buf[..];
        while let [rest @ .., b'\n' | b'\r'] = line {
            line = rest;
        }
        Ok(Some(String::from_utf8_lossy(line).into_owned()))
    }
}

/// Connects to `addr` and, for a WebSocket dialect, shakes hands. A `recv_buffer` makes the kernel's receive buffer that small before
/// the handshake: a client that never reads then fills it, and the server's outbox, quickly.
/// With `reset_on_close`, closing sends RST, not FIN (`SO_LINGER` 0): an abrupt disconnect,
/// with whatever the server had not read yet thrown away.
pub async fn connect<D: Dialect>(
    addr: SocketAddr,
    recv_buffer: Option<u32>,
    reset_on_close: bool,
) -> io::Result<(Lines, OwnedWriteHalf)> {
    let socket = TcpSocket::new_v4()?;
    if let Some(size) = recv_buffer {
        socket.set_recv_buffer_size(size)?;
    }
    let stream: TcpStream = socket.connect(addr).await?;
    stream.set_nodelay(true)?;
    if reset_on_close {
        stream.set_zero_linger()?;
    }
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    if D::WEBSOCKET {
        web::handshake(&mut reader, &mut write).await?;
    }
    let lines = Lines {
        reader,
        buf: Vec::new(),
        websocket: D::WEBSOCKET.then(Incoming::default),
    };
    Ok((lines, write))
}
