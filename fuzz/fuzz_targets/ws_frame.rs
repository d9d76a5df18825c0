//! The web chat's WebSocket frame decoder and message assembler (`web::frame::decode`,
//! `web::message::Assembler`), on any bytes a browser (or anyone) can send after the handshake.
//!
//! Properties, beyond "no panic":
//! - a decoded frame uses at least its 2-byte head and at most what was given, and its payload
//!   is within the limit (125 bytes for a control frame, which is never fragmented);
//! - a decoded frame, masked and encoded again, decodes to the same frame, using exactly the
//!   encoded bytes;
//! - a whole text message is never over the limit.
#![no_main]

use chatbot::web::frame::{decode, encode_masked, MAX_CONTROL};
use chatbot::web::message::{Assembler, Message};
use libfuzzer_sys::fuzz_target;

/// The largest message accepted: small, so that the limit is often reached.
const MAX: usize = 64;

fuzz_target!(|input: &[u8]| {
    let mut rest = input;
    let mut assembler = Assembler::new(MAX);
    while let Ok(Some((frame, used))) = decode(rest, MAX) {
        assert!(
            used >= 2 && used <= rest.len(),
            "used {used} of {}",
            rest.len()
        );
        rest = &rest[used..];
        if frame.opcode.is_control() {
            assert!(frame.fin, "a fragmented control frame was accepted");
            assert!(
                frame.payload.len() <= MAX_CONTROL,
                "control payload {}",
                frame.payload.len()
            );
        } else {
            assert!(
                frame.payload.len() <= MAX,
                "data payload {}",
                frame.payload.len()
            );
        }
        let again = encode_masked(frame.fin, frame.opcode, &frame.payload, [1, 2, 3, 4]);
        assert_eq!(
            decode(&again, MAX),
            Ok(Some((frame.clone(), again.len()))),
            "round trip"
        );
        match assembler.push(frame) {
            Ok(Message::Text(text)) => assert!(text.len() <= MAX, "a message of {}", text.len()),
            Ok(_) => {}
            Err(_) => return, // the connection closes here
        }
    }
});
