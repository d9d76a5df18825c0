//! A soak client's connection: lines in from a TCP stream, bytes out, as two halves so that one
//! task can read while another writes.
//!
//! Lines end with `\n` (an IRC `\r` before it is stripped). The server only sends UTF-8, but a
//! soak must not stop on a surprise, so a bad byte becomes U+FFFD rather than an error.

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpSocket, TcpStream};

/// The reading half, cutting lines.
#[derive(Debug)]
pub struct Lines {
    /// The buffered read half.
    reader: BufReader<OwnedReadHalf>,
    /// The bytes of the line being read; reused.
    buf: Vec<u8>,
}

impl Lines {
    /// The next line without its terminator; `None` at end of stream.
    pub async fn next(&mut self) -> io::Result<Option<String>> {
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

/// Connects to `addr`. A `recv_buffer` makes the kernel's receive buffer that small before
/// the handshake: a client that never reads then fills it, and the server's outbox, quickly.
/// With `reset_on_close`, closing sends RST, not FIN (`SO_LINGER` 0): an abrupt disconnect,
/// with whatever the server had not read yet thrown away.
pub async fn connect(
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
    let (read, write) = stream.into_split();
    Ok((
        Lines {
            reader: BufReader::new(read),
            buf: Vec::new(),
        },
        write,
    ))
}
