//! Asynchronous byte streams: the [`AsyncRead`] and [`AsyncWrite`] traits, the `.await`-able
//! helpers built on them, buffering, and [`copy`].
//!
//! # Why our own traits
//!
//! `std::io::Read::read` answers "here are some bytes" or, on a non-blocking socket,
//! `WouldBlock`: "nothing yet, ask again later". It has no way to say *when* to ask again. The
//! poll-style traits add the missing half: `poll_read(cx, buf)` either reads, or returns
//! `Pending` having handed `cx`'s waker to whatever will know when bytes arrive (for a socket,
//! its reactor [`Registration`](reactor::Registration)). Everything else is built from that:
//!
//! ```text
//!   AsyncReadExt::read(buf).await          a future whose poll is one poll_read
//!        │
//!        ▼
//!   TcpStream::poll_read(cx, buf)          readiness cached? no -> store the waker, Pending
//!        │                                 yes -> budget left? no -> yield (coop)
//!        ▼                                 yes -> read(2); WouldBlock -> clear, wait again
//!   mio::net::TcpStream::read              the non-blocking system call
//! ```
//!
//! These are the same shapes as `futures::io` and tokio's traits, reduced to plain `&mut [u8]`
//! buffers: we never hand the OS uninitialised memory, so there is no `ReadBuf` type to learn.
//! With the `futures-io` cargo feature, every byte stream of ours implements the `futures`
//! traits as well (see `runtime/src/futures_io_compat.rs`), so code written against them runs on our loop.
//!
//! # Cancel safety
//!
//! Dropping a future before it completes (a losing [`select!`](crate::select!) branch, a
//! [`timeout`](crate::time::timeout)) must not lose data. Each helper says what happens:
//!
//! | future                                  | dropped before completion                        |
//! |-----------------------------------------|--------------------------------------------------|
//! | `read`, `write`, `flush`                | safe: nothing happened, or nothing was reported   |
//! | [`BufReader::read_line`], `next_line`   | safe: bytes read so far stay in the `BufReader`   |
//! | `read_exact`, `read_to_end`, `write_all`| not safe: how much was transferred is lost        |
//! | [`copy`]                                | not safe: a chunk read but not written is lost    |
//!
//! # Where things live
//!
//! | file            | idea                                                    |
//! |-----------------|---------------------------------------------------------|
//! | `traits.rs`     | `AsyncRead`, `AsyncWrite`, and their impls for wrappers  |
//! | `ext.rs`        | `.read`, `.write_all`, ...: futures made of poll calls   |
//! | `buf_reader.rs` | `BufReader`: a buffer in front of a reader               |
//! | `read_line.rs`  | in `buf_reader/`: its `read_line`, the cap, `Lines`      |
//! | `line_error.rs` | in `buf_reader/`: `LineError`, why a line was refused    |
//! | `buf_writer.rs` | `BufWriter`: batching small writes                       |
//! | `copy.rs`       | `copy`: pump a reader into a writer                      |
//!
//! # Example
//!
//! A byte slice is a reader, so buffering and lines can be tried without a socket:
//!
//! ```
//! use runtime::io::{AsyncWriteExt, BufReader};
//!
//! runtime::run(async {
//!     let mut lines = BufReader::new(&b"hello\r\nworld\n"[..]).lines();
//!     assert_eq!(lines.next_line().await?.as_deref(), Some("hello"));
//!     assert_eq!(lines.next_line().await?.as_deref(), Some("world"));
//!     assert_eq!(lines.next_line().await?, None);
//!
//!     let mut out = Vec::new();
//!     out.write_all(b"a Vec<u8> is a writer").await?;
//!     assert_eq!(out, b"a Vec<u8> is a writer");
//!     Ok::<(), std::io::Error>(())
//! })
//! .unwrap();
//! ```

mod buf_reader;
mod buf_writer;
mod copy;
mod ext;
mod traits;

pub use self::buf_reader::{trim_line_ending, BufReader, LineError, Lines};
pub use self::buf_writer::BufWriter;
pub use self::copy::copy;
pub use self::ext::{AsyncReadExt, AsyncWriteExt};
pub use self::traits::{AsyncRead, AsyncWrite};
