//! The `005 RPL_ISUPPORT` tokens: what this server's IRC looks like, so clients need not
//! guess.
//!
//! | token | value | why |
//! |---|---|---|
//! | `CASEMAPPING` | `ascii` | nicks are compared by ASCII case folding ([`nick_key`](crate::names::nick_key)); `[]\^` are not nick characters, so `rfc1459` would say nothing more |
//! | `CHANTYPES` | `#` | room `lobby` is `#lobby`; there is no other kind |
//! | `CHANLIMIT` | `#:N` | the most channels one client may be in |
//! | `NICKLEN`, `CHANNELLEN` | 16, 33 | the nick and room rules of [`names`](crate::names) |
//! | `TOPICLEN`, `KICKLEN`, `AWAYLEN` | 300 | so that a line carrying one fits in 512 bytes |
//! | `PREFIX` | `(ov)@+` | operator and voice |
//! | `CHANMODES` | `,k,l,imnst` | no list modes; `k` always takes a parameter, `l` when set |
//! | `MODES` | 4 | mode changes with a parameter per `MODE` command |
//! | `TARGMAX` | `PRIVMSG:4,NOTICE:4,...` | targets per command |
//! | `NETWORK` | `--network`'s name | what clients show as the network |

use crate::irc::IrcSettings;
use crate::names::{MAX_NICK_LEN, MAX_ROOM_LEN};

/// Most targets per `PRIVMSG`/`NOTICE`.
pub const MAX_TARGETS: usize = 4;

/// The longest topic kept, in bytes; longer ones are cut (at a character boundary). Kick,
/// part, quit and away reasons are held to the same length (`KICKLEN`, `AWAYLEN`), so that
/// every line that carries one, prefix and all, fits in 512 bytes.
pub const TOPIC_LEN: usize = 300;

/// `text` cut to at most [`TOPIC_LEN`] bytes, at a character boundary.
pub fn cut(text: &str) -> &str {
    let mut end = text.len().min(TOPIC_LEN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Most mode changes with a parameter in one `MODE` command.
pub const MAX_MODES: usize = 4;

/// The tokens, in the order they are sent.
pub fn tokens(settings: &IrcSettings, max_rooms: usize) -> Vec<String> {
    vec![
        "CASEMAPPING=ascii".to_string(),
        "CHANTYPES=#".to_string(),
        format!("CHANLIMIT=#:{max_rooms}"),
        format!("NICKLEN={MAX_NICK_LEN}"),
        format!("CHANNELLEN={}", MAX_ROOM_LEN + 1),
        format!("TOPICLEN={TOPIC_LEN}"),
        format!("KICKLEN={TOPIC_LEN}"),
        format!("AWAYLEN={TOPIC_LEN}"),
        "PREFIX=(ov)@+".to_string(),
        "CHANMODES=,k,l,imnst".to_string(),
        format!("MODES={MAX_MODES}"),
        format!("TARGMAX=PRIVMSG:{MAX_TARGETS},NOTICE:{MAX_TARGETS},JOIN:,PART:,KICK:1,WHOIS:1"),
        format!("NETWORK={}", settings.network),
    ]
}
