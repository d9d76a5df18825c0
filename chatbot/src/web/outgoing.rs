//! The web chat's writer task: the client's [`Outbox`] and the reader's control frames (pong,
//! close) into WebSocket frames on the socket.
//!
//! It is the plain writer (`server/writer.rs`) with framing: everything queued for the client
//! since the last write leaves as *one* text message, as the plain writer sends one `write` per
//! batch; the page splits it at the `\n`s. The reader never writes: a ping's pong and the
//! closing code go through [`Control`], which this task reads between batches.
//!
//! ```text
//!   outbox ──next_batch──▶ one Text frame ─┐
//!   Control::pong ──────▶ one Pong frame ──┼──▶ write_all ──▶ socket
//!   outbox done ──▶ Control::close code ───┘    (the close frame is always the last one)
//! ```
//!
//! Bounded like every writer: the outbox by its limits, the pongs by keeping only the latest
//! unanswered one (RFC 6455 section 5.5.3 allows answering only the most recent ping), and an
//! overflow abandons the write at once.

use std::cell::{Cell, RefCell};
use std::future::poll_fn;
use std::rc::Rc;
use std::task::{Poll, Waker};

use runtime::io::AsyncWriteExt;
use runtime::net::OwnedWriteHalf;
use runtime::time::timeout;

use super::frame::{encode, encode_close, CloseCode, Opcode};
use crate::server::outbox::{Outbox, State};
use crate::server::SHUTDOWN_GRACE;

/// What the reader asks the writer to send besides the outbox's lines.
#[derive(Default)]
pub(crate) struct Control {
    /// The payload of the latest ping not answered yet.
    pong: RefCell<Option<Vec<u8>>>,
    /// The code of the close frame the writer ends with; `None` until the reader ends.
    close: Cell<Option<CloseCode>>,
    /// The writer, waiting for a pong to send.
    writer: Cell<Option<Waker>>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control")
            .field("pong", &self.pong)
            .field("close", &self.close)
            .finish_non_exhaustive()
    }
}

impl Control {
    /// Asks for a pong with `payload` (replacing an unsent one).
    pub(crate) fn pong(&self, payload: Vec<u8>) {
        *self.pong.borrow_mut() = Some(payload);
        if let Some(waker) = self.writer.take() {
            waker.wake();
        }
    }

    /// Sets the code of the final close frame: the reader's last word. The writer waits for it
    /// once the outbox is drained, since the reader may learn why the connection ends (a
    /// shutdown: 1001) after the writer sent the last line.
    pub(crate) fn close_with(&self, code: CloseCode) {
        self.close.set(Some(code));
        if let Some(waker) = self.writer.take() {
            waker.wake();
        }
    }

    /// Completes with the close code once the reader has set it.
    async fn close_code(&self) -> CloseCode {
        poll_fn(|cx| match self.close.get() {
            Some(code) => Poll::Ready(code),
            None => {
                self.writer.set(Some(cx.waker().clone()));
                Poll::Pending
            }
        })
        .await
    }

    /// Completes once a pong is waiting.
    async fn pong_waiting(&self) {
        poll_fn(|cx| {
            if self.pong.borrow().is_some() {
                return Poll::Ready(());
            }
            self.writer.set(Some(cx.waker().clone()));
            Poll::Pending
        })
        .await
    }
}

/// Runs until the outbox is closed and drained (then sends the close frame and shuts the
/// socket's write side), overflows, or the socket fails.
pub(crate) async fn write_loop(
    mut writer: OwnedWriteHalf,
    outbox: Rc<Outbox>,
    control: Rc<Control>,
) {
    let mut batch = Vec::new();
    let mut frames = Vec::new();
    loop {
        // `next_batch` takes lines only when it completes, so dropping it for a pong loses none.
        let more = runtime::select! {
            more = outbox.next_batch(&mut batch) => Some(more),
            _ = control.pong_waiting() => None,
        };
        if let Some(payload) = control.pong.borrow_mut().take() {
            encode(Opcode::Pong, &payload, &mut frames);
        }
        let done = more == Some(false);
        if !batch.is_empty() {
            // Lines end with `\n`; the page needs no final one.
            let text = batch.strip_suffix(b"\n").unwrap_or(&batch);
            encode(Opcode::Text, text, &mut frames);
            batch.clear();
        }
        if !frames.is_empty() {
            let written = runtime::select! {
                written = writer.write_all(&frames) => written,
                _ = outbox.overflowed() => return,
            };
            if written.is_err() {
                outbox.close();
                return;
            }
            frames.clear();
        }
        if done {
            break;
        }
    }
    if outbox.state() == State::Overflowed {
        return;
    }
    // A client that stopped reading would hold this write forever; the close is a courtesy.
    let close = async {
        encode_close(control.close_code().await, &mut frames);
        writer.write_all(&frames).await
    };
    let _ = timeout(SHUTDOWN_GRACE, close).await;
    let _ = writer.shutdown().await;
}
