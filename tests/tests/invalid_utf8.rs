//! Invalid UTF-8: a line that is not valid UTF-8 gets `! invalid UTF-8` and is passed on to
//! nobody; valid multi-byte text passes through untouched, even when split across writes.

mod util;

use util::chat_room;

#[test]
fn an_invalid_line_gets_an_error_and_is_not_passed_on() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send_bytes(b"bad \xff\xfe bytes\n");
    alice.expect_line("! invalid UTF-8");
    alice.send("good");
    bob.expect_line("<alice> good");
    bob.expect_nothing_more();
}

#[test]
fn each_invalid_line_gets_its_own_error() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    // A lone continuation byte, a truncated sequence, an overlong encoding of '/'.
    alice.send_bytes(b"\x80\ncaf\xc3\n\xc0\xafnick x\n");
    for _ in 0..3 {
        alice.expect_line("! invalid UTF-8");
    }
    alice.expect_nothing_more();
    bob.expect_nothing_more();
}

#[test]
fn valid_unicode_passes_through_unchanged() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("héllo ✓ 日本語 🦀");
    bob.expect_line("<alice> héllo ✓ 日本語 🦀");
}

#[test]
fn a_character_split_across_writes_is_put_back_together() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    let crab = "🦀".as_bytes();
    alice.send_bytes(b"crab ");
    for byte in crab {
        alice.send_bytes(&[*byte]);
    }
    alice.send_bytes(b"\n");
    bob.expect_line("<alice> crab 🦀");
}
