//! [`Ledger`]: what every well-behaved client has sent and received, shared by all of them,
//! and the rule that says whether a line went missing.
//!
//! All clients run on one thread, so they share one `Rc<RefCell<Ledger>>` and a receiver can
//! look up what a sender has done. A sender's lines in a room are grouped in *stints*: one
//! stint per time it joined that room, numbered from 0 within the stint. Each line carries
//! its stint, its number, when it was written and when the line before it was written:
//!
//! ```text
//!   ~ SID STINT N SENT_NS PREV_NS        (SID: the session, also in the nick `wSID_R`)
//! ```
//!
//! The server handles one connection's lines in order and delivers every event of a room to
//! each member's outbox in one order, so what receiver R reads of sender S in room X is,
//! in R's own stream:
//!
//! ```text
//!   R joined X ..(1).. S joined X ..(2).. S's lines 0,1,2,... ..(3).. S left X
//! ```
//!
//! and the rules [`Ledger::check_line`] and [`Ledger::check_gone`] apply are:
//!
//! 1. If R saw S join (after R itself), S's first line R reads in that stint is line 0.
//! 2. Each next line is the one after the last (a gap is a loss; a step back is disorder).
//! 3. When S leaves, R has read all S sent in the stint ([`Stint::sent`] is final by then:
//!    S wrote its leave after its lines, and R reads the leave after S wrote it).
//!
//! If S was in X before R joined, R's first line from S may be any: but line N's `PREV_NS`
//! must come before R read its own join, since a line S wrote after that was handled after
//! the join and R had to get it. At the end of the run, with every sender stopped and the
//! queues drained, [`Ledger::check_final`] applies rule 3 to every pair still sharing a room.
//! What no rule sees: the tail of S's lines just before R itself left the room (R cannot know
//! which of them the server handled before its leave).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Duration;

use super::latency::Histogram;

/// One run of a sender's lines in one room.
#[derive(Debug)]
pub struct Stint {
    /// The session that sent them.
    pub sid: u64,
    /// The room.
    pub room: String,
    /// Lines written so far (counted once `write_all` returned).
    pub sent: u64,
    /// When the last of them was written, ns since the soak began; 0 before the first.
    pub last_sent: u64,
    /// Whether the sender has left the room (or its session ended).
    pub open: bool,
}

/// What a receiver knows about one sender in one room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    /// R saw S join: S's next line must be line 0 of a new stint.
    Joined,
    /// R has read line `next - 1` of `stint`.
    Reading {
        /// The stint.
        stint: u64,
        /// The line expected next.
        next: u64,
    },
}

/// Totals since the start, and the current window's latencies.
#[derive(Debug, Default)]
pub struct Counts {
    /// Chat lines written by well-behaved clients.
    pub sent: u64,
    /// Lines of well-behaved senders read by well-behaved receivers.
    pub delivered: u64,
    /// Lines the rules prove missing.
    pub lost: u64,
    /// Lines that came back out of order, or twice.
    pub disordered: u64,
    /// Error lines (`! ...`, IRC 4xx/5xx, `ERROR`) sent to well-behaved clients.
    pub errors: u64,
    /// Well-behaved sessions the server closed without being asked to.
    pub dropped: u64,
}

/// The shared record; see the module doc.
#[derive(Debug, Default)]
pub struct Ledger {
    /// Every stint, by id (ids are never reused).
    pub stints: HashMap<u64, Stint>,
    /// The id the next stint gets.
    next_stint: u64,
    /// The totals.
    pub counts: Counts,
    /// Latencies of the deliveries since the last [`Ledger::take_window`].
    window: Histogram,
    /// The first few violations, described, for the verdict.
    pub violations: Vec<String>,
}

/// Violations kept for the report; the counts hold the rest.
const KEEP_VIOLATIONS: usize = 20;

impl Ledger {
    /// Opens a stint for session `sid` in `room`; returns its id.
    pub fn open_stint(&mut self, sid: u64, room: &str) -> u64 {
        let id = self.next_stint;
        self.next_stint += 1;
        self.stints.insert(
            id,
            Stint {
                sid,
                room: room.to_string(),
                sent: 0,
                last_sent: 0,
                open: true,
            },
        );
        id
    }

    /// Counts a line of `stint` as written at `at` ns.
    pub fn wrote(&mut self, stint: u64, at: u64) {
        let stint = self.stints.get_mut(&stint).expect("the sender opened it");
        stint.sent += 1;
        stint.last_sent = at;
        self.counts.sent += 1;
    }

    /// Closes a stint: its sender left the room or ended its session.
    pub fn close_stint(&mut self, stint: u64) {
        if let Some(stint) = self.stints.get_mut(&stint) {
            stint.open = false;
        }
    }

    /// Rules 1 and 2 (and the rule for a sender met mid-stint) for a line R read at `now`;
    /// `peer` is what R knew of the sender, and is updated. `joined_at` is when R read its own
    /// join of the room.
    pub fn check_line(
        &mut self,
        peer: &mut Option<Peer>,
        line: &SoakLine,
        joined_at: u64,
        now: u64,
    ) {
        self.counts.delivered += 1;
        self.window
            .record(Duration::from_nanos(now.saturating_sub(line.sent_at)));
        let expected = match *peer {
            Some(Peer::Joined) => Some(0),
            Some(Peer::Reading { stint, next }) if stint == line.stint => Some(next),
            Some(Peer::Reading { stint, next }) => {
                self.violation(format!(
                    "session {}: line {} of stint {} came while stint {stint} (read to {next}) was open",
                    line.sid, line.n, line.stint
                ));
                self.counts.disordered += 1;
                None
            }
            None if line.n > 0 && line.prev_at > joined_at => {
                self.violation(format!(
                    "session {} stint {}: line {} missing (written {:.3} s after the receiver joined)",
                    line.sid,
                    line.stint,
                    line.n - 1,
                    (line.prev_at - joined_at) as f64 / 1e9
                ));
                self.counts.lost += 1;
                None
            }
            None => None,
        };
        if let Some(expected) = expected {
            if line.n > expected {
                self.counts.lost += line.n - expected;
                self.violation(format!(
                    "session {} stint {}: lines {expected}..{} missing",
                    line.sid, line.stint, line.n
                ));
            } else if line.n < expected {
                self.counts.disordered += 1;
                self.violation(format!(
                    "session {} stint {}: line {} after line {}",
                    line.sid,
                    line.stint,
                    line.n,
                    expected - 1
                ));
            }
        }
        *peer = Some(Peer::Reading {
            stint: line.stint,
            next: line.n + 1,
        });
    }

    /// Rule 3: sender `sid` left a room R shares with it, and R knew `peer` of it.
    pub fn check_gone(&mut self, sid: u64, peer: Peer) {
        let Peer::Reading { stint, next } = peer else {
            return; // joined and said nothing R saw: `check_final` cannot know the stint either
        };
        let sent = self.stints.get(&stint).map_or(0, |s| s.sent);
        if sent > next {
            self.counts.lost += sent - next;
            self.violation(format!(
                "session {sid} stint {stint}: left after {sent} lines, the receiver read {next}"
            ));
        }
    }

    /// Rule 3 at the end, for receiver `me`, in `room` since `joined_at`, that knows `peers`
    /// (by sender session): every open stint of another sender there must have reached it
    /// whole.
    pub fn check_final(&mut self, me: u64, room: &str, joined_at: u64, peers: &HashMap<u64, Peer>) {
        let mut missing = Vec::new();
        for (&id, stint) in &self.stints {
            if !stint.open || stint.room != room || stint.sid == me {
                continue;
            }
            let read = match peers.get(&stint.sid) {
                Some(&Peer::Reading { stint: s, next }) if s == id => next,
                Some(&Peer::Reading { .. }) => continue, // an older stint; checked on leave
                Some(Peer::Joined) => 0,
                // Met mid-stint and never heard since: fine only if nothing was written since.
                None if stint.last_sent <= joined_at => continue,
                None => 0,
            };
            if stint.sent > read {
                missing.push((stint.sid, id, stint.sent, read));
            }
        }
        for (sid, id, sent, read) in missing {
            self.counts.lost += sent - read;
            self.violation(format!(
                "session {sid} stint {id} in {room}: {sent} lines written, the receiver read {read} by the end"
            ));
        }
    }

    /// Counts an error line a well-behaved client received.
    pub fn error_line(&mut self, who: &str, line: &str) {
        self.counts.errors += 1;
        self.violation(format!("{who} got an error: {}", line.trim_end()));
    }

    /// Counts a well-behaved session the server closed on its own.
    pub fn dropped(&mut self, who: &str, why: &str) {
        self.counts.dropped += 1;
        self.violation(format!("{who} was disconnected by the server: {why}"));
    }

    /// The latencies since the last call; starts a new window.
    pub fn take_window(&mut self) -> Histogram {
        std::mem::take(&mut self.window)
    }

    fn violation(&mut self, text: String) {
        if self.violations.len() < KEEP_VIOLATIONS {
            self.violations.push(text);
        }
    }

    /// The violations kept, one per line.
    pub fn describe_violations(&self) -> String {
        let mut out = String::new();
        for v in &self.violations {
            let _ = writeln!(out, "  - {v}");
        }
        out
    }
}

/// A well-behaved client's chat line, parsed (see the module doc for the format).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoakLine {
    /// The sending session.
    pub sid: u64,
    /// Its stint in the room.
    pub stint: u64,
    /// The line's number in the stint.
    pub n: u64,
    /// When it was written, ns since the soak began.
    pub sent_at: u64,
    /// When line `n - 1` was written; 0 for line 0.
    pub prev_at: u64,
}

impl SoakLine {
    /// The text to send.
    pub fn render(&self) -> String {
        format!(
            "~ {} {} {} {} {}",
            self.sid, self.stint, self.n, self.sent_at, self.prev_at
        )
    }

    /// Parses a line's text; `None` if it is not one of ours.
    pub fn parse(text: &str) -> Option<SoakLine> {
        let mut fields = text.strip_prefix("~ ")?.split(' ').map(str::parse::<u64>);
        let mut next = || fields.next()?.ok();
        Some(SoakLine {
            sid: next()?,
            stint: next()?,
            n: next()?,
            sent_at: next()?,
            prev_at: next()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(stint: u64, n: u64, sent_at: u64, prev_at: u64) -> SoakLine {
        SoakLine {
            sid: 7,
            stint,
            n,
            sent_at,
            prev_at,
        }
    }

    #[test]
    fn a_line_round_trips_through_its_text() {
        let l = line(3, 4, 500, 400);
        assert_eq!(SoakLine::parse(&l.render()), Some(l));
        assert_eq!(SoakLine::parse("~ 1 2"), None);
        assert_eq!(SoakLine::parse("hello"), None);
    }

    #[test]
    fn a_gap_counts_as_lost_and_a_step_back_as_disorder() {
        let mut ledger = Ledger::default();
        let mut peer = Some(Peer::Joined);
        ledger.check_line(&mut peer, &line(1, 0, 10, 0), 0, 20);
        ledger.check_line(&mut peer, &line(1, 3, 40, 30), 0, 50);
        assert_eq!(ledger.counts.lost, 2);
        ledger.check_line(&mut peer, &line(1, 2, 30, 20), 0, 60);
        assert_eq!(ledger.counts.disordered, 1);
    }

    #[test]
    fn a_sender_met_mid_stint_may_start_anywhere_written_before_the_join() {
        let mut ledger = Ledger::default();
        let mut peer = None;
        ledger.check_line(&mut peer, &line(1, 5, 200, 90), 100, 210);
        assert_eq!(ledger.counts.lost, 0);
        let mut peer = None;
        ledger.check_line(&mut peer, &line(1, 5, 200, 150), 100, 210);
        assert_eq!(ledger.counts.lost, 1, "line 4 was written after the join");
    }

    #[test]
    fn leaving_before_the_receiver_read_everything_is_a_loss() {
        let mut ledger = Ledger::default();
        let stint = ledger.open_stint(7, "r");
        for at in 1..=3 {
            ledger.wrote(stint, at);
        }
        ledger.check_gone(7, Peer::Reading { stint, next: 2 });
        assert_eq!(ledger.counts.lost, 1);
        let mut peers = HashMap::new();
        peers.insert(7, Peer::Reading { stint, next: 3 });
        ledger.check_final(1, "r", 0, &peers);
        assert_eq!(
            ledger.counts.lost, 1,
            "all three read: nothing more missing"
        );
    }
}
