//! The misbehaving clients, one kind each, and what they prove about the server.
//!
//! | kind | what it does | what the server must do |
//! |---|---|---|
//! | [`Kind::NeverReads`] | joins a busy room with a 4 KiB receive buffer and never reads | drop it once its outbox overflows, costing at most the outbox bound meanwhile |
//! | [`Kind::HalfLine`] | sends half a line and stalls, reading what comes | hold the partial line at no cost to anyone; drop it at EOF |
//! | [`Kind::Oversize`] | sends lines past the limit and lines of invalid UTF-8 | answer each with an error in its protocol and keep the connection (web: close with 1009 or 1007) |
//! | [`Kind::Reset`] | chats, then sends RST in the middle of a line | forget the client cleanly, telling its room |
//!
//! Each session lives for a random while (see [`lifetime`]), then its slot reconnects as a
//! new session of the same kind, until the soak phase ends. They speak as `mSID_0`, whose lines
//! well-behaved receivers ignore. What they see goes in the [`Tally`], which the verdict reads:
//! an unanswered oversize line fails the run.

use std::net::SocketAddr;
use std::rc::Rc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::time::{sleep, timeout};

use super::conn::{self, Lines};
use super::dialect::Dialect;
use super::{Context, Phase};

/// The kinds, in the order slots are given them.
pub const KINDS: [Kind; 4] = [
    Kind::NeverReads,
    Kind::HalfLine,
    Kind::Oversize,
    Kind::Reset,
];

/// A way of misbehaving (see the module table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Never reads.
    NeverReads,
    /// Half a line, then silence.
    HalfLine,
    /// Lines too long, and invalid UTF-8.
    Oversize,
    /// RST in the middle of a line.
    Reset,
}

/// What the misbehaving clients did and saw, over the run.
#[derive(Debug, Default)]
pub struct Tally {
    /// Sessions of each kind, in [`KINDS`] order.
    pub sessions: [u64; 4],
    /// Never-reading sessions the server had closed by the time they looked.
    pub never_read_dropped: u64,
    /// Oversize and invalid-UTF-8 lines sent.
    pub bad_lines: u64,
    /// Error replies to them.
    pub bad_lines_answered: u64,
}

/// How long a session of `kind` lives: a never-reader minutes, since the kernel's socket
/// buffers (loopback autotunes the server's send buffer to megabytes) take minutes of a room's
/// chat before the server's outbox even starts to fill; the others a few seconds, so they
/// come and go often.
fn lifetime(cx: &Context, kind: Kind) -> Duration {
    match kind {
        Kind::NeverReads => cx.between(Duration::from_secs(120), Duration::from_secs(600)),
        Kind::HalfLine | Kind::Oversize => {
            cx.between(Duration::from_secs(3), Duration::from_secs(20))
        }
        Kind::Reset => cx.between(Duration::from_millis(500), Duration::from_secs(5)),
    }
}

/// Sleeps for `how_long`, or less if the soak phase ends first.
async fn live(cx: &Context, how_long: Duration) {
    let until = tokio::time::Instant::now() + how_long;
    while tokio::time::Instant::now() < until && cx.phase.get() == Phase::Soak {
        sleep(Duration::from_millis(250).min(until - tokio::time::Instant::now())).await;
    }
}

/// Reads and throws away lines, counting the ones `D` calls bad-line replies, until EOF.
async fn discard<D: Dialect>(cx: Rc<Context>, mut lines: Lines) {
    while let Ok(Some(line)) = lines.next().await {
        if D::is_bad_line_reply(&line) {
            cx.misbehaviour.borrow_mut().bad_lines_answered += 1;
        }
    }
}

/// One misbehaving session of `kind`.
pub async fn session<D: Dialect>(cx: Rc<Context>, addr: SocketAddr, kind: Kind) {
    let index = KINDS.iter().position(|&k| k == kind).expect("a kind");
    cx.misbehaviour.borrow_mut().sessions[index] += 1;
    let recv_buffer = (kind == Kind::NeverReads).then_some(4096);
    let Ok((lines, mut write)) = conn::connect::<D>(addr, recv_buffer, kind == Kind::Reset).await
    else {
        sleep(Duration::from_secs(1)).await;
        return;
    };
    cx.misbehaving_live.set(cx.misbehaving_live.get() + 1);
    let nick = format!("m{}_0", cx.new_sid());
    let room = Context::room(cx.below(cx.rooms as u64));
    let hello = format!("{}{}", D::login(&nick), D::join(&room));
    let how_long = lifetime(&cx, kind);
    if write.write_all(&D::wire(hello.as_bytes())).await.is_ok() {
        match kind {
            Kind::NeverReads => {
                live(&cx, how_long).await;
                // Has the server given up on us? Read what is buffered; a closed connection
                // shows as EOF or a reset, a live one keeps sending.
                let mut lines = lines;
                let closed = timeout(Duration::from_secs(1), async {
                    while let Ok(Some(_)) = lines.next().await {}
                })
                .await
                .is_ok();
                if closed {
                    cx.misbehaviour.borrow_mut().never_read_dropped += 1;
                }
            }
            Kind::HalfLine => {
                let reader = tokio::task::spawn_local(discard::<D>(cx.clone(), lines));
                let _ = write
                    .write_all(&D::cut_short("~ this line never gets its end\n"))
                    .await;
                live(&cx, how_long).await;
                let _ = write.shutdown().await;
                let _ = timeout(Duration::from_secs(5), reader).await;
            }
            Kind::Oversize => {
                let reader = tokio::task::spawn_local(discard::<D>(cx.clone(), lines));
                let long = D::wire(format!("{}{}", "x".repeat(D::OVERSIZE), D::EOL).as_bytes());
                let invalid =
                    D::wire(&[b"bad \xff\xfe utf-8".as_slice(), D::EOL.as_bytes()].concat());
                let until = tokio::time::Instant::now() + how_long;
                // Where a bad line ends the connection, each session sends one, of either kind.
                let mut turn = cx.below(2);
                while tokio::time::Instant::now() < until && cx.phase.get() == Phase::Soak {
                    let bad = if turn % 2 == 0 {
                        &long[..]
                    } else {
                        &invalid[..]
                    };
                    if write.write_all(bad).await.is_err() {
                        break;
                    }
                    cx.misbehaviour.borrow_mut().bad_lines += 1;
                    if D::BAD_LINE_ENDS_SESSION {
                        // Closed now; the slot still waits out its lifetime before it comes
                        // back, or it would reconnect in a tight loop.
                        live(
                            &cx,
                            until.saturating_duration_since(tokio::time::Instant::now()),
                        )
                        .await;
                        break;
                    }
                    turn += 1;
                    sleep(Duration::from_millis(500)).await;
                }
                // Quit after the bad lines: their replies come before the server closes.
                let _ = write.write_all(&D::wire(D::quit().as_bytes())).await;
                let _ = write.shutdown().await;
                let _ = timeout(Duration::from_secs(5), reader).await;
            }
            Kind::Reset => {
                let reader = tokio::task::spawn_local(discard::<D>(cx.clone(), lines));
                let chat = format!("hello from {nick}");
                let _ = write
                    .write_all(&D::wire(D::say(&room, &chat).as_bytes()))
                    .await;
                live(&cx, how_long).await;
                let cut = D::cut_short(&D::say(&room, "cut off in the middle of this line"));
                let _ = write.write_all(&cut).await;
                reader.abort();
                let _ = reader.await; // the read half is dropped: with SO_LINGER 0, RST goes out
            }
        }
    }
    cx.misbehaving_live.set(cx.misbehaving_live.get() - 1);
}
