//! Actions: `/me ACTION` shows the rest of the room `* nick ACTION`, and not the sender.

mod util;

use util::chat_room;

#[test]
fn me_tells_the_others_what_you_are_doing() {
    let (_server, mut clients) = chat_room(&["alice", "bob", "carol"]);
    let [alice, bob, carol] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/me waves  at everyone");
    bob.expect_line("* alice waves  at everyone");
    carol.expect_line("* alice waves  at everyone");
    alice.expect_nothing_more();
}

#[test]
fn me_without_an_action_shows_its_usage() {
    let (_server, mut clients) = chat_room(&["alice", "bob"]);
    let [alice, bob] = &mut clients[..] else {
        unreachable!()
    };
    alice.send("/me");
    alice.expect_line("! usage: /me ACTION");
    bob.expect_nothing_more();
}
