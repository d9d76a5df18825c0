//! RFC 6455 framing: cutting a WebSocket's bytes into frames, and writing our own frames.
//!
//! A frame on the wire (section 5.2):
//!
//! ```text
//!   byte 0      FIN, RSV1-3 (must be 0: we negotiate no extension), opcode (4 bits)
//!   byte 1      MASK (must be 1 from a client), payload length: 0-125,
//!               126: the length follows in 2 bytes, 127: in 8 bytes (big-endian)
//!   0, 2 or 8   the extended length
//!   4           the masking key (client frames only)
//!   length      the payload, each byte XORed with key[i % 4]
//! ```
//!
//! [`decode`] reads these fields in that order, each step waiting for its bytes:
//!
//! ```text
//!   (1) Head: 2 bytes ──▶ (2) Length: 0/2/8 bytes ──▶ (3) Mask: 4 bytes ──▶ (4) Payload ──▶ Frame
//!        │ RSV set, unknown opcode,     │ over the limit: 1009
//!        │ unmasked, control frame      │ (before a byte of it is buffered)
//!        ▼ fragmented or over 125: 1002 ▼
//!      Close(code)                    Close(code)
//! ```
//!
//! It is a total function over the bytes buffered so far: a frame and how many bytes it took,
//! `None` (need more), or the close code that the violation earns. Nothing is consumed until a
//! whole frame is there, so the caller just appends what it reads and calls again; re-reading a
//! header of at most 14 bytes on each partial read costs nothing next to the read itself.
//!
//! **Why written by hand.** The framing is this page of code, and we drive it from our own
//! reader (the same buffer carries the HTTP head's leftover bytes into the first frames).
//! `tungstenite`'s protocol layer would do it too, but it wants a `Read + Write` stream and
//! reports `WouldBlock` through its own error type; adapting our non-blocking streams to that
//! is as much code as this, and brings several crates with it. SHA-1 and base64, which are easy
//! to get subtly wrong, come from crates (`handshake.rs`).

/// Why a connection is closed, as its close frame says (section 7.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CloseCode(pub u16);

impl CloseCode {
    /// A normal close: the client said `/quit`, or closed first.
    pub const NORMAL: CloseCode = CloseCode(1000);
    /// The server is shutting down.
    pub const GOING_AWAY: CloseCode = CloseCode(1001);
    /// A frame broke the protocol: unmasked, reserved bits, a bad opcode or sequence.
    pub const PROTOCOL: CloseCode = CloseCode(1002);
    /// A binary message: the chat carries text only.
    pub const UNSUPPORTED: CloseCode = CloseCode(1003);
    /// A text message that is not UTF-8.
    pub const INVALID_DATA: CloseCode = CloseCode(1007);
    /// A message over `--max-line`.
    pub const TOO_BIG: CloseCode = CloseCode(1009);
}

/// A frame's kind (its opcode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opcode {
    /// 0x0: the next piece of a fragmented message.
    Continuation,
    /// 0x1: a UTF-8 message (or its first piece).
    Text,
    /// 0x2: a binary message (or its first piece).
    Binary,
    /// 0x8: close, with an optional code and reason.
    Close,
    /// 0x9: asks for a pong with the same payload.
    Ping,
    /// 0xA: the answer to a ping (or a heartbeat nobody asked for).
    Pong,
}

impl Opcode {
    fn from_bits(bits: u8) -> Option<Opcode> {
        Some(match bits {
            0x0 => Opcode::Continuation,
            0x1 => Opcode::Text,
            0x2 => Opcode::Binary,
            0x8 => Opcode::Close,
            0x9 => Opcode::Ping,
            0xA => Opcode::Pong,
            _ => return None,
        })
    }

    fn bits(self) -> u8 {
        match self {
            Opcode::Continuation => 0x0,
            Opcode::Text => 0x1,
            Opcode::Binary => 0x2,
            Opcode::Close => 0x8,
            Opcode::Ping => 0x9,
            Opcode::Pong => 0xA,
        }
    }

    /// Close, ping and pong: never fragmented, at most 125 bytes, allowed between the pieces
    /// of a fragmented message.
    pub fn is_control(self) -> bool {
        matches!(self, Opcode::Close | Opcode::Ping | Opcode::Pong)
    }
}

/// One decoded frame, its payload unmasked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The last piece of its message.
    pub fin: bool,
    /// Its kind.
    pub opcode: Opcode,
    /// Its payload, unmasked.
    pub payload: Vec<u8>,
}

/// Longest payload of a control frame.
pub const MAX_CONTROL: usize = 125;

/// Decodes the frame at the front of `buffer`: `Ok(Some((frame, bytes used)))`, `Ok(None)` if
/// more bytes are needed, or the close code a violation earns. A data frame whose payload is
/// over `max_payload` is refused from its header alone (steps in the module doc).
pub fn decode(buffer: &[u8], max_payload: usize) -> Result<Option<(Frame, usize)>, CloseCode> {
    // (1) Head.
    let [first, second, ..] = *buffer else {
        return Ok(None);
    };
    if first & 0x70 != 0 {
        return Err(CloseCode::PROTOCOL);
    }
    let fin = first & 0x80 != 0;
    let opcode = Opcode::from_bits(first & 0x0F).ok_or(CloseCode::PROTOCOL)?;
    if second & 0x80 == 0 {
        return Err(CloseCode::PROTOCOL); // section 5.1: a client masks every frame
    }
    // (2) Length.
    let (length, mut at) = match second & 0x7F {
        126 => match buffer.get(2..4) {
            Some(b) => (u64::from(u16::from_be_bytes([b[0], b[1]])), 4),
            None => return Ok(None),
        },
        127 => match buffer.get(2..10) {
            Some(b) => (u64::from_be_bytes(b.try_into().expect("8 bytes")), 10),
            None => return Ok(None),
        },
        short => (u64::from(short), 2),
    };
    if opcode.is_control() && (!fin || length > MAX_CONTROL as u64) {
        return Err(CloseCode::PROTOCOL);
    }
    if length > max_payload as u64 {
        return Err(CloseCode::TOO_BIG);
    }
    // At most max_payload, so it fits.
    let length = length as usize;
    // (3) Mask.
    let Some(key) = buffer.get(at..at + 4) else {
        return Ok(None);
    };
    let key = [key[0], key[1], key[2], key[3]];
    at += 4;
    // (4) Payload.
    let Some(masked) = buffer.get(at..at + length) else {
        return Ok(None);
    };
    let payload = masked
        .iter()
        .enumerate()
        .map(|(i, byte)| byte ^ key[i % 4])
        .collect();
    let frame = Frame {
        fin,
        opcode,
        payload,
    };
    Ok(Some((frame, at + length)))
}

/// Appends a whole, unmasked server frame (servers never mask, section 5.1) to `out`.
pub fn encode(opcode: Opcode, payload: &[u8], out: &mut Vec<u8>) {
    out.push(0x80 | opcode.bits());
    match payload.len() {
        n @ 0..=125 => out.push(n as u8),
        n @ 126..=0xFFFF => {
            out.push(126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(payload);
}

/// Appends a close frame with `code` to `out`.
pub fn encode_close(code: CloseCode, out: &mut Vec<u8>) {
    encode(Opcode::Close, &code.0.to_be_bytes(), out);
}

/// Masks `payload` with `key` and frames it, as a client does (for tests and examples).
pub fn encode_masked(fin: bool, opcode: Opcode, payload: &[u8], key: [u8; 4]) -> Vec<u8> {
    let mut out = Vec::new();
    encode(opcode, payload, &mut out);
    if !fin {
        out[0] &= 0x7F;
    }
    out[1] |= 0x80;
    let start = out.len() - payload.len();
    out.splice(start..start, key);
    for (i, byte) in out[start + 4..].iter_mut().enumerate() {
        *byte ^= key[i % 4];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_frame_decodes_byte_by_byte_only_once_whole() {
        let wire = encode_masked(true, Opcode::Text, b"Hello", [0x37, 0xfa, 0x21, 0x3d]);
        // The RFC's own example (section 5.7).
        assert_eq!(wire, b"\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58");
        for end in 0..wire.len() {
            assert_eq!(decode(&wire[..end], 100), Ok(None));
        }
        let (frame, used) = decode(&wire, 100).unwrap().unwrap();
        assert_eq!(
            (frame.payload.as_slice(), used),
            (&b"Hello"[..], wire.len())
        );
    }

    #[test]
    fn long_lengths_round_trip() {
        for size in [126, 70_000] {
            let payload = vec![b'x'; size];
            let wire = encode_masked(true, Opcode::Text, &payload, [1, 2, 3, 4]);
            let (frame, _) = decode(&wire, 100_000).unwrap().unwrap();
            assert_eq!(frame.payload, payload);
        }
    }

    #[test]
    fn violations_earn_their_close_codes() {
        let unmasked = {
            let mut out = Vec::new();
            encode(Opcode::Text, b"hi", &mut out);
            out
        };
        assert_eq!(decode(&unmasked, 100), Err(CloseCode::PROTOCOL));
        let mut reserved = encode_masked(true, Opcode::Text, b"hi", [0; 4]);
        reserved[0] |= 0x40;
        assert_eq!(decode(&reserved, 100), Err(CloseCode::PROTOCOL));
        let fragmented_ping = encode_masked(false, Opcode::Ping, b"", [0; 4]);
        assert_eq!(decode(&fragmented_ping, 100), Err(CloseCode::PROTOCOL));
        let big = encode_masked(true, Opcode::Text, &[b'a'; 101], [0; 4]);
        assert_eq!(decode(&big[..4], 100), Err(CloseCode::TOO_BIG));
    }
}
