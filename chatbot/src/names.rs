//! What a nick or a room name may look like.
//!
//! Names appear inside other people's lines (`<alice> hi`, `* in rust (2):
//! ...`), so they are held to a stricter rule than chat text: only
//! `A-Z a-z 0-9 _ -`. That keeps them free of spaces (which would make
//! `/msg NICK TEXT` ambiguous), of `<` and `>` (which would let a nick forge
//! the chat format), and of look-alike Unicode.
//!
//! | rule            | nick                         | room                |
//! |-----------------|------------------------------|---------------------|
//! | characters      | `A-Z a-z 0-9 _ -`            | the same            |
//! | length          | 1 to [`MAX_NICK_LEN`] (16)   | 1 to [`MAX_ROOM_LEN`] (32) |
//! | case            | kept as typed, compared folded | folded to lowercase |
//! | reserved        | `bot`, `server`, in any case | none                |
//!
//! Nicks keep the spelling their owner chose (`Alice`), but uniqueness
//! ignores case, so `alice` can't appear beside her: the server keys its
//! nick table by [`nick_key`]. Rooms have no owner whose spelling could win,
//! so the parser folds them to lowercase and `/join Rust` and `/join rust`
//! meet in the same room.
//!
//! The reserved nicks are the two voices that are not users: the bot speaks
//! as `<bot>`, and `server` is kept back so nobody can pose as the house.
//!
//! ```
//! use chatbot::names::{nick_key, validate_nick, validate_room};
//!
//! assert!(validate_nick("Alice_99").is_ok());
//! assert!(validate_nick("BOT").is_err());
//! assert!(validate_room("rust-lang").is_ok());
//! assert_eq!(nick_key("Alice"), nick_key("aLiCe"));
//! ```

use std::fmt;

use crate::protocol::{BOT_NICK, SERVER_NICK};

/// The longest nick, in characters (and bytes: the charset is ASCII).
pub const MAX_NICK_LEN: usize = 16;

/// The longest room name, in characters (and bytes).
pub const MAX_ROOM_LEN: usize = 32;

/// Which kind of name a [`NameError`] is about, so its message can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A user's nick.
    Nick,
    /// A room's name.
    Room,
}

/// Why a name was refused. `Display` gives a message fit for a `! ...` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// The name was empty.
    Empty(NameKind),
    /// The name had more than `max` characters.
    TooLong {
        /// Nick or room.
        kind: NameKind,
        /// The limit it broke.
        max: usize,
    },
    /// The name held a character outside `A-Z a-z 0-9 _ -`.
    BadChar {
        /// Nick or room.
        kind: NameKind,
        /// The first offending character.
        ch: char,
    },
    /// The nick is one of the reserved ones; holds it as typed.
    Reserved(String),
}

impl fmt::Display for NameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameKind::Nick => "nick",
            NameKind::Room => "room name",
        })
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty(kind) => write!(f, "{kind} must not be empty"),
            NameError::TooLong { kind, max } => {
                write!(f, "{kind} too long: at most {max} characters")
            }
            NameError::BadChar { kind, ch } => write!(
                f,
                "{kind} may only use letters, digits, _ and - (not {:?})",
                ch
            ),
            NameError::Reserved(name) => write!(f, "nick {name} is reserved"),
        }
    }
}

impl std::error::Error for NameError {}

/// Whether `c` may appear in a nick or room name.
pub fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Checks the rules shared by nicks and rooms. Characters come before
/// length so that `ééééé...` is called out for its characters, which is the
/// real problem, rather than for its byte count.
fn validate(name: &str, kind: NameKind, max: usize) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty(kind));
    }
    if let Some(ch) = name.chars().find(|&c| !is_name_char(c)) {
        return Err(NameError::BadChar { kind, ch });
    }
    if name.len() > max {
        return Err(NameError::TooLong { kind, max });
    }
    Ok(())
}

/// Checks that `name` may be used as a nick. Does not check that it is
/// free: that needs the server's table, keyed by [`nick_key`].
pub fn validate_nick(name: &str) -> Result<(), NameError> {
    validate(name, NameKind::Nick, MAX_NICK_LEN)?;
    let key = nick_key(name);
    if key == BOT_NICK || key == SERVER_NICK {
        return Err(NameError::Reserved(name.to_string()));
    }
    Ok(())
}

/// Checks that `name` may be used as a room name (before case folding).
pub fn validate_room(name: &str) -> Result<(), NameError> {
    validate(name, NameKind::Room, MAX_ROOM_LEN)
}

/// The form of a nick used for uniqueness: two nicks clash exactly when
/// their keys are equal. ASCII folding is enough because valid nicks are
/// ASCII.
pub fn nick_key(nick: &str) -> String {
    nick.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nick_allows_letters_digits_underscore_dash() {
        for ok in [
            "a",
            "Z",
            "9",
            "_",
            "-",
            "guest1",
            "Alice_B-2",
            "abcdefghijklmnop",
        ] {
            assert_eq!(validate_nick(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn nick_of_seventeen_chars_is_too_long() {
        let err = validate_nick("abcdefghijklmnopq").unwrap_err();
        assert_eq!(
            err,
            NameError::TooLong {
                kind: NameKind::Nick,
                max: 16
            }
        );
    }

    #[test]
    fn empty_nick_is_refused() {
        assert_eq!(validate_nick(""), Err(NameError::Empty(NameKind::Nick)));
    }

    #[test]
    fn nick_with_space_angle_bracket_or_unicode_is_refused() {
        for (bad, ch) in [
            ("a b", ' '),
            ("<bot>", '<'),
            ("né", 'é'),
            ("a.b", '.'),
            ("a\tb", '\t'),
        ] {
            assert_eq!(
                validate_nick(bad),
                Err(NameError::BadChar {
                    kind: NameKind::Nick,
                    ch
                }),
                "{bad}"
            );
        }
    }

    #[test]
    fn reserved_nicks_are_refused_in_any_case() {
        for bad in ["bot", "BOT", "Bot", "server", "SERVER", "sErVeR"] {
            assert_eq!(
                validate_nick(bad),
                Err(NameError::Reserved(bad.to_string()))
            );
        }
        assert!(validate_nick("bot2").is_ok() && validate_nick("servers").is_ok());
    }

    #[test]
    fn nick_key_folds_case_only() {
        assert_eq!(nick_key("Alice-X_1"), "alice-x_1");
        assert_ne!(nick_key("alice"), nick_key("alice_"));
    }

    #[test]
    fn room_allows_thirty_two_chars_but_not_thirty_three() {
        assert_eq!(validate_room(&"r".repeat(32)), Ok(()));
        assert_eq!(
            validate_room(&"r".repeat(33)),
            Err(NameError::TooLong {
                kind: NameKind::Room,
                max: 32
            })
        );
    }

    #[test]
    fn room_has_no_reserved_names() {
        assert_eq!(validate_room("bot"), Ok(()));
        assert_eq!(validate_room("lobby"), Ok(()));
    }

    #[test]
    fn room_with_hash_is_refused_like_any_bad_char() {
        assert_eq!(
            validate_room("#rust"),
            Err(NameError::BadChar {
                kind: NameKind::Room,
                ch: '#'
            })
        );
    }

    #[test]
    fn bad_char_is_reported_before_length() {
        let long_and_bad = "é".repeat(20);
        assert!(matches!(
            validate_nick(&long_and_bad),
            Err(NameError::BadChar { .. })
        ));
    }

    #[test]
    fn messages_say_what_is_wrong() {
        assert_eq!(
            validate_nick("a b").unwrap_err().to_string(),
            "nick may only use letters, digits, _ and - (not ' ')"
        );
        assert_eq!(
            validate_room(&"x".repeat(40)).unwrap_err().to_string(),
            "room name too long: at most 32 characters"
        );
        assert_eq!(
            validate_nick("Bot").unwrap_err().to_string(),
            "nick Bot is reserved"
        );
        assert_eq!(
            validate_nick("").unwrap_err().to_string(),
            "nick must not be empty"
        );
    }
}
