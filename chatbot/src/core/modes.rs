//! A room's modes, and the changes an operator can make to them.
//!
//! The modes are IRC's, because IRC is the protocol that has them; the core keeps them as plain
//! data so that the rules they imply (who may speak, who may join, who may set the topic) are
//! enforced once, here in the core, for every front end. A plain client cannot change a mode,
//! but a `+m` set by an IRC operator silences plain users just the same.
//!
//! | letter | field | the rule it switches on |
//! |---|---|---|
//! | `t` | `topic_lock` | only operators set the topic |
//! | `n` | `no_outside` | only members may send to the room |
//! | `m` | `moderated` | only operators and voiced members may speak |
//! | `i` | `invite_only` | joining needs an `INVITE` |
//! | `s` | `secret` | hidden from `LIST` and `/rooms` for non-members |
//! | `k` | `key` | joining needs the key |
//! | `l` | `limit` | at most this many members |
//! | `o`, `v` | per member | operator, voice |
//!
//! A new room starts as `+nt`, as most IRC servers make it, and its first member is its
//! operator.
//!
//! ```
//! use chatbot::core::modes::{Mode, ModeChange, Modes};
//!
//! let mut modes = Modes::default();
//! assert_eq!(modes.letters(), "+nt");
//! modes.apply(&ModeChange { on: true, mode: Mode::Limit(5) });
//! assert_eq!(modes.letters(), "+ntl");
//! ```

/// One mode, with its argument where it takes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// `t`.
    TopicLock,
    /// `n`.
    NoOutside,
    /// `m`.
    Moderated,
    /// `i`.
    InviteOnly,
    /// `s`.
    Secret,
    /// `k KEY` (the key is ignored when unsetting).
    Key(String),
    /// `l N` (no argument when unsetting; then 0).
    Limit(usize),
    /// `o NICK`: operator status for a member.
    Op(String),
    /// `v NICK`: voice for a member.
    Voice(String),
}

impl Mode {
    /// The mode's letter.
    pub fn letter(&self) -> char {
        match self {
            Mode::TopicLock => 't',
            Mode::NoOutside => 'n',
            Mode::Moderated => 'm',
            Mode::InviteOnly => 'i',
            Mode::Secret => 's',
            Mode::Key(_) => 'k',
            Mode::Limit(_) => 'l',
            Mode::Op(_) => 'o',
            Mode::Voice(_) => 'v',
        }
    }

    /// The argument shown with the letter when the mode is set (`on`) or unset.
    pub fn argument(&self, on: bool) -> Option<String> {
        match self {
            Mode::Key(key) => Some(key.clone()),
            Mode::Limit(n) if on => Some(n.to_string()),
            Mode::Op(nick) | Mode::Voice(nick) => Some(nick.clone()),
            _ => None,
        }
    }
}

/// Setting (`on`) or unsetting one mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModeChange {
    /// `+` (true) or `-` (false).
    pub on: bool,
    /// Which mode.
    pub mode: Mode,
}

/// The room-wide modes (member modes `o` and `v` live in the room's member sets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modes {
    /// `+t`.
    pub topic_lock: bool,
    /// `+n`.
    pub no_outside: bool,
    /// `+m`.
    pub moderated: bool,
    /// `+i`.
    pub invite_only: bool,
    /// `+s`.
    pub secret: bool,
    /// `+k`: the key, when set.
    pub key: Option<String>,
    /// `+l`: the most members, when set.
    pub limit: Option<usize>,
}

impl Default for Modes {
    /// `+nt`.
    fn default() -> Modes {
        Modes {
            topic_lock: true,
            no_outside: true,
            moderated: false,
            invite_only: false,
            secret: false,
            key: None,
            limit: None,
        }
    }
}

impl Modes {
    /// Applies a room-wide change; returns false if it changed nothing (or is a member mode).
    pub fn apply(&mut self, change: &ModeChange) -> bool {
        fn flip(flag: &mut bool, on: bool) -> bool {
            std::mem::replace(flag, on) != on
        }
        let on = change.on;
        match &change.mode {
            Mode::TopicLock => flip(&mut self.topic_lock, on),
            Mode::NoOutside => flip(&mut self.no_outside, on),
            Mode::Moderated => flip(&mut self.moderated, on),
            Mode::InviteOnly => flip(&mut self.invite_only, on),
            Mode::Secret => flip(&mut self.secret, on),
            Mode::Key(key) => {
                let new = on.then(|| key.clone());
                std::mem::replace(&mut self.key, new.clone()) != new
            }
            Mode::Limit(n) => {
                let new = on.then_some(*n);
                std::mem::replace(&mut self.limit, new) != new
            }
            Mode::Op(_) | Mode::Voice(_) => false,
        }
    }

    /// The set modes as IRC shows them, letters only: `+ntk`.
    pub fn letters(&self) -> String {
        let mut out = String::from("+");
        for (set, letter) in [
            (self.invite_only, 'i'),
            (self.moderated, 'm'),
            (self.no_outside, 'n'),
            (self.secret, 's'),
            (self.topic_lock, 't'),
            (self.key.is_some(), 'k'),
            (self.limit.is_some(), 'l'),
        ] {
            if set {
                out.push(letter);
            }
        }
        out
    }

    /// The arguments of the set modes, in the order of [`letters`](Self::letters).
    pub fn arguments(&self) -> Vec<String> {
        self.key
            .iter()
            .cloned()
            .chain(self.limit.map(|n| n.to_string()))
            .collect()
    }
}

/// Writes changes as IRC does: `+ov-k alice bob key`, signs only where they switch.
pub fn format_changes(changes: &[ModeChange]) -> (String, Vec<String>) {
    let mut letters = String::new();
    let mut sign = None;
    let mut arguments = Vec::new();
    for change in changes {
        if sign != Some(change.on) {
            letters.push(if change.on { '+' } else { '-' });
            sign = Some(change.on);
        }
        letters.push(change.mode.letter());
        arguments.extend(change.mode.argument(change.on));
    }
    (letters, arguments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_room_is_no_outside_and_topic_locked() {
        let modes = Modes::default();
        assert!(modes.no_outside && modes.topic_lock && !modes.moderated);
    }

    #[test]
    fn applying_a_change_twice_changes_nothing_the_second_time() {
        let mut modes = Modes::default();
        let m = ModeChange {
            on: true,
            mode: Mode::Moderated,
        };
        assert!(modes.apply(&m));
        assert!(!modes.apply(&m));
        let key = ModeChange {
            on: true,
            mode: Mode::Key("sesame".into()),
        };
        assert!(modes.apply(&key));
        assert_eq!(
            (modes.letters(), modes.arguments()),
            ("+mntk".into(), vec!["sesame".into()])
        );
    }

    #[test]
    fn changes_are_written_with_a_sign_only_where_it_switches() {
        let changes = [
            ModeChange {
                on: true,
                mode: Mode::Op("alice".into()),
            },
            ModeChange {
                on: true,
                mode: Mode::Voice("bob".into()),
            },
            ModeChange {
                on: false,
                mode: Mode::Limit(0),
            },
        ];
        assert_eq!(
            format_changes(&changes),
            (
                "+ov-l".to_string(),
                vec!["alice".to_string(), "bob".to_string()]
            )
        );
    }
}
