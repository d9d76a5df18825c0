//! The web front end's HTTP request head reader (`web::head::parse`, over `httparse`).
//!
//! Properties, beyond "no panic":
//! - a head is taken only whole: what it leaves in the buffer is exactly the bytes after it,
//!   and no head is longer than `MAX_HEAD`;
//! - a request's path has no query or fragment, and its header names are lowercase;
//! - every proper prefix of a head that parses asks for more bytes, rather than giving a request
//!   or an error: a head that arrives in pieces is read as if it came at once.
#![no_main]

use chatbot::web::head::{parse, HeadError};
use chatbot::web::MAX_HEAD;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let mut buffer = input.to_vec();
    let request = match parse(&mut buffer) {
        Ok(Some(request)) => request,
        Ok(None) => {
            assert_eq!(buffer, input, "asking for more bytes consumed some");
            assert!(
                input.len() < MAX_HEAD,
                "a partial head past the limit is refused"
            );
            return;
        }
        Err(HeadError::TooLarge | HeadError::Malformed) => return,
        Err(other) => panic!("parsing bytes cannot give {other:?}"),
    };
    let used = input.len() - buffer.len();
    assert!(used <= MAX_HEAD, "a head of {used} bytes");
    assert_eq!(
        buffer,
        input[used..],
        "the bytes after the head were not kept as they were"
    );
    assert!(
        !request.path.contains(['?', '#']),
        "path {:?}",
        request.path
    );
    for (name, _) in &request.headers {
        assert_eq!(
            *name,
            name.to_ascii_lowercase(),
            "header name not lowercased"
        );
    }
    for cut in 0..used {
        let mut prefix = input[..cut].to_vec();
        assert!(
            matches!(parse(&mut prefix), Ok(None)),
            "the first {cut} bytes of a {used}-byte head did not ask for more"
        );
    }
});
