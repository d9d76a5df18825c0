//! From frames to messages (RFC 6455, sections 5.4 to 5.6): fragments joined, control frames
//! answered in between, and the close handshake.
//!
//! ```text
//!                  (1) Text, fin                         ──▶ Message::Text
//!   Idle ──(2) Text, not fin──▶ Assembling ──(3) Continuation, not fin──▶ Assembling
//!    ▲                             │
//!    └────(4) Continuation, fin ◀──┘  ──▶ Message::Text (the pieces joined)
//!
//!   either state: Ping ──▶ Message::Ping (answer with a pong), Pong ──▶ ignored,
//!                 Close ──▶ Message::Close (answer with a close, then hang up)
//! ```
//!
//! Everything else is a violation with its close code: a continuation in `Idle` or a new
//! message in `Assembling` (1002), a binary message (1003: the chat is text), a text message
//! that is not UTF-8 (1007: checked once whole, since a piece may end inside a character),
//! pieces adding up to more than the limit (1009), a malformed close payload (1002, or 1007
//! for a reason that is not UTF-8). [`Assembler::push`] is edges (1) to (4).

use super::frame::{CloseCode, Frame, Opcode};

/// What a frame completed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a ping wants its pong, a close its answer"]
pub enum Message {
    /// Nothing yet: a piece of a longer message, or a pong.
    Nothing,
    /// A whole text message.
    Text(String),
    /// A ping: answer with a pong carrying this payload.
    Ping(Vec<u8>),
    /// The client closes; answer with this code (its own, or 1000 if it sent none).
    Close(CloseCode),
}

/// Joins the frames of one connection into messages.
#[derive(Debug)]
pub struct Assembler {
    /// The pieces of a fragmented text message so far; `None` while `Idle`.
    partial: Option<Vec<u8>>,
    /// Most bytes a whole message may have.
    max: usize,
}

impl Assembler {
    /// An assembler for messages of at most `max` bytes.
    pub fn new(max: usize) -> Assembler {
        Assembler { partial: None, max }
    }

    /// Takes the next frame (the module diagram's edges).
    pub fn push(&mut self, frame: Frame) -> Result<Message, CloseCode> {
        match frame.opcode {
            Opcode::Ping => Ok(Message::Ping(frame.payload)),
            Opcode::Pong => Ok(Message::Nothing),
            Opcode::Close => close_reply(&frame.payload).map(Message::Close),
            Opcode::Binary => Err(CloseCode::UNSUPPORTED),
            Opcode::Text if self.partial.is_some() => Err(CloseCode::PROTOCOL),
            Opcode::Text if frame.fin => text(frame.payload),
            Opcode::Text => {
                self.partial = Some(frame.payload);
                Ok(Message::Nothing)
            }
            Opcode::Continuation => {
                let Some(partial) = self.partial.as_mut() else {
                    return Err(CloseCode::PROTOCOL);
                };
                if partial.len() + frame.payload.len() > self.max {
                    return Err(CloseCode::TOO_BIG);
                }
                partial.extend_from_slice(&frame.payload);
                if !frame.fin {
                    return Ok(Message::Nothing);
                }
                text(self.partial.take().expect("assembling"))
            }
        }
    }
}

fn text(bytes: Vec<u8>) -> Result<Message, CloseCode> {
    String::from_utf8(bytes)
        .map(Message::Text)
        .map_err(|_| CloseCode::INVALID_DATA)
}

/// The code to answer a close frame with: its own code if it is one an endpoint may send
/// (section 7.4), 1000 if it had none.
fn close_reply(payload: &[u8]) -> Result<CloseCode, CloseCode> {
    match payload {
        [] => Ok(CloseCode::NORMAL),
        [_] => Err(CloseCode::PROTOCOL),
        [high, low, reason @ ..] => {
            let code = u16::from_be_bytes([*high, *low]);
            // 1004-1006 and 1015 are reserved for reports, never sent; 3000-4999 are for
            // libraries and applications.
            let valid = matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999);
            if !valid {
                return Err(CloseCode::PROTOCOL);
            }
            if std::str::from_utf8(reason).is_err() {
                return Err(CloseCode::INVALID_DATA);
            }
            Ok(CloseCode(code))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(fin: bool, opcode: Opcode, payload: &[u8]) -> Frame {
        Frame {
            fin,
            opcode,
            payload: payload.to_vec(),
        }
    }

    #[test]
    fn fragments_join_around_a_ping() {
        let mut assembler = Assembler::new(100);
        let first = assembler.push(frame(false, Opcode::Text, b"hel"));
        assert_eq!(first, Ok(Message::Nothing));
        let ping = assembler.push(frame(true, Opcode::Ping, b"p"));
        assert_eq!(ping, Ok(Message::Ping(b"p".to_vec())));
        let last = assembler.push(frame(true, Opcode::Continuation, b"lo"));
        assert_eq!(last, Ok(Message::Text("hello".into())));
    }

    #[test]
    fn a_character_split_across_fragments_is_valid_utf8() {
        let mut assembler = Assembler::new(100);
        let e_acute = "é".as_bytes();
        let _ = assembler.push(frame(false, Opcode::Text, &e_acute[..1]));
        let whole = assembler.push(frame(true, Opcode::Continuation, &e_acute[1..]));
        assert_eq!(whole, Ok(Message::Text("é".into())));
    }

    #[test]
    fn out_of_order_pieces_binary_and_oversize_are_refused() {
        let mut assembler = Assembler::new(4);
        let stray = assembler.push(frame(true, Opcode::Continuation, b"x"));
        assert_eq!(stray, Err(CloseCode::PROTOCOL));
        let binary = assembler.push(frame(true, Opcode::Binary, b"x"));
        assert_eq!(binary, Err(CloseCode::UNSUPPORTED));
        let _ = assembler.push(frame(false, Opcode::Text, b"abc"));
        let too_big = assembler.push(frame(true, Opcode::Continuation, b"de"));
        assert_eq!(too_big, Err(CloseCode::TOO_BIG));
        let invalid = Assembler::new(4).push(frame(true, Opcode::Text, b"\xff"));
        assert_eq!(invalid, Err(CloseCode::INVALID_DATA));
    }

    #[test]
    fn a_close_is_answered_with_its_own_code_or_1000() {
        let mut assembler = Assembler::new(4);
        let bare = assembler.push(frame(true, Opcode::Close, b""));
        assert_eq!(bare, Ok(Message::Close(CloseCode::NORMAL)));
        let going = assembler.push(frame(true, Opcode::Close, b"\x03\xe9bye"));
        assert_eq!(going, Ok(Message::Close(CloseCode::GOING_AWAY)));
        let reserved = assembler.push(frame(true, Opcode::Close, b"\x03\xed"));
        assert_eq!(reserved, Err(CloseCode::PROTOCOL));
    }
}
