//! Scrubbing a line before other people's terminals see it.
//!
//! A chat server copies one user's bytes onto everybody else's screen. Most
//! clients are plain terminals (`nc`, `telnet`), and a terminal obeys control
//! characters: an `ESC [ 2 J` clears the screen, a bell rings, a carriage
//! return lets a line overwrite the one before it, and the Unicode
//! bidirectional overrides reverse how the rest of a line is displayed, so
//! `<alice> hi` can be made to *look* like something alice never typed.
//!
//! The rule is therefore an allow-list by absence: every character passes
//! except
//!
//! - the C0 controls U+0000-U+001F, except tab, which is ordinary spacing;
//! - DEL, U+007F;
//! - the C1 controls U+0080-U+009F (U+009B is a one-character `ESC [`);
//! - the bidi embeddings and overrides U+202A-U+202E;
//! - the bidi isolates U+2066-U+2069.
//!
//! Stripping the `ESC` is what disarms an ANSI escape sequence: without it
//! the terminal shows the rest (`[31m`) as inert text. Teaching shortcut: a
//! production server might drop the whole sequence so the leftovers don't
//! clutter the line; we keep the rule to "one character at a time" so it can
//! be stated in one sentence.
//!
//! Line ends need no rule of their own: the runtime's line reader
//! ([`BufReader::read_line`](runtime::io::BufReader::read_line), then
//! [`trim_line_ending`](runtime::io::trim_line_ending)) removes the `\n` (and a
//! `\r` before it), and any stray `\r` left inside a line is a C0 control, so
//! it goes too.
//!
//! Most lines are clean, so [`sanitize`] returns [`Cow::Borrowed`] and
//! allocates only when it has something to remove.
//!
//! ```
//! use chatbot::sanitize::sanitize;
//!
//! assert_eq!(sanitize("hello\tworld"), "hello\tworld");
//! assert_eq!(sanitize("\u{1b}[2Jgotcha"), "[2Jgotcha");
//! assert_eq!(sanitize("abc\u{202e}fed"), "abcfed");
//! ```

use std::borrow::Cow;

/// Whether `c` must be removed before a line reaches another user.
///
/// See the [module docs](self) for the list and the reason for each range.
pub fn is_forbidden(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'             // C0 before tab
            | '\u{a}'..='\u{1f}'      // C0 after tab: \n, \r, ESC, ...
            | '\u{7f}'..='\u{9f}'     // DEL and the C1 block
            | '\u{202a}'..='\u{202e}' // LRE RLE PDF LRO RLO
            | '\u{2066}'..='\u{2069}' // LRI RLI FSI PDI
    )
}

/// Returns `line` without its forbidden characters (see [`is_forbidden`]).
///
/// Borrows when there is nothing to strip, which is the common case, so a
/// clean line costs one scan and no allocation.
pub fn sanitize(line: &str) -> Cow<'_, str> {
    strip(line, is_forbidden)
}

/// The control characters IRC clients use on purpose, which IRC lines keep: CTCP's
/// delimiter `\x01`, and the formatting codes bold `\x02`, colour `\x03`, hex colour
/// `\x04`, reset `\x0f`, monospace `\x11`, reverse `\x16`, italic `\x1d`, strikethrough
/// `\x1e`, underline `\x1f`. None of them moves a terminal's cursor; plain readers never see
/// them, because the plain renderer sanitizes what it shows.
pub const IRC_FORMATTING: [char; 10] = [
    '\u{1}', '\u{2}', '\u{3}', '\u{4}', '\u{f}', '\u{11}', '\u{16}', '\u{1d}', '\u{1e}', '\u{1f}',
];

/// [`sanitize`] for IRC lines: the same rule, except that [`IRC_FORMATTING`] passes.
pub fn sanitize_irc(line: &str) -> Cow<'_, str> {
    strip(line, |c| is_forbidden(c) && !IRC_FORMATTING.contains(&c))
}

/// Returns `line` without the characters `forbidden` names.
fn strip(line: &str, forbidden: impl Fn(char) -> bool) -> Cow<'_, str> {
    match line.find(&forbidden) {
        None => Cow::Borrowed(line),
        Some(first) => {
            // Everything before `first` is known clean; copy it in one go
            // and filter only the tail.
            let mut clean = String::with_capacity(line.len());
            clean.push_str(&line[..first]);
            clean.extend(line[first..].chars().filter(|&c| !forbidden(c)));
            Cow::Owned(clean)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_line_is_borrowed_not_copied() {
        let line = "plain text, with tab\tand unicode é ✓";
        assert!(matches!(sanitize(line), Cow::Borrowed(s) if s == line));
    }

    #[test]
    fn irc_lines_keep_formatting_and_ctcp_but_lose_the_rest() {
        assert_eq!(
            sanitize_irc("\u{2}bold\u{2} \u{3}04red \u{1}ACTION x\u{1}"),
            "\u{2}bold\u{2} \u{3}04red \u{1}ACTION x\u{1}"
        );
        assert_eq!(sanitize_irc("a\u{0}b\u{1b}[2J\u{7}\u{202e}c"), "ab[2Jc");
    }

    #[test]
    fn tab_survives_because_it_is_spacing() {
        assert_eq!(sanitize("a\tb"), "a\tb");
        assert!(!is_forbidden('\t'));
    }

    #[test]
    fn every_c0_control_except_tab_is_stripped() {
        for b in 0u8..0x20 {
            let c = char::from(b);
            assert_eq!(is_forbidden(c), c != '\t', "U+{b:04X}");
        }
        assert_eq!(sanitize("a\u{0}b\u{7}c\u{8}d"), "abcd");
    }

    #[test]
    fn del_and_every_c1_control_are_stripped() {
        for u in 0x7fu32..=0x9f {
            let c = char::from_u32(u).unwrap();
            assert!(is_forbidden(c), "U+{u:04X}");
        }
        assert_eq!(sanitize("a\u{7f}b\u{85}c\u{9b}d"), "abcd");
    }

    #[test]
    fn neighbours_of_forbidden_ranges_pass() {
        // One past each range must still be allowed, or we'd eat real text.
        for c in [
            ' ', '~', '\u{a0}', '\u{2029}', '\u{202f}', '\u{2065}', '\u{206a}',
        ] {
            assert!(!is_forbidden(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn bidi_overrides_and_isolates_are_stripped() {
        for u in (0x202au32..=0x202e).chain(0x2066..=0x2069) {
            let c = char::from_u32(u).unwrap();
            assert!(is_forbidden(c), "U+{u:04X}");
        }
        assert_eq!(sanitize("\u{202e}txt.exe\u{2066}x\u{2069}"), "txt.exex");
    }

    #[test]
    fn ansi_escape_is_disarmed_by_losing_its_esc() {
        assert_eq!(sanitize("\u{1b}[31mred\u{1b}[0m"), "[31mred[0m");
    }

    #[test]
    fn embedded_carriage_return_cannot_overwrite_the_line() {
        assert_eq!(sanitize("innocent\rEVIL"), "innocentEVIL");
        assert_eq!(sanitize("trailing\r"), "trailing");
    }

    #[test]
    fn dirty_line_keeps_everything_else_in_order() {
        let dirty = "é\u{1}ü\u{2067}✓ ok\u{9f}!";
        assert_eq!(sanitize(dirty), "éü✓ ok!");
        assert!(matches!(sanitize(dirty), Cow::Owned(_)));
    }

    #[test]
    fn line_of_only_controls_becomes_empty() {
        assert_eq!(sanitize("\u{1b}\u{7}\r"), "");
    }
}
