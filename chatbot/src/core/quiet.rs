//! Big rooms are quiet about who comes and goes: who hears a join, a part, a quit or a rename.
//!
//! In a room of `n` members where everyone hears every join, the `n`-th joiner's line goes to
//! `n` outboxes, so filling the room costs `n² / 2` lines: 50 million for 10,000 people
//! arriving at `lobby`. No client reads that fast; when they connect together, every outbox
//! overflows and the server, rightly, drops them all as too slow. Services with big rooms stop
//! announcing membership: IRC servers have *auditorium* and *delayed-join* channel modes
//! (InspIRCd's `+u`, UnrealIRCd's `+D`) that keep members' comings and goings from the rest of
//! the channel, and large streaming chats send no joins and parts past some size. We do the
//! same, above `--quiet-joins` members:
//!
//! | event | a room of at most N members | a room of more than N members (*quiet*) |
//! |---|---|---|
//! | join | every member, the newcomer included | the newcomer only |
//! | part | every member, the leaver included | the leaver only |
//! | quit | everyone sharing a room with the quitter | nobody in this room |
//! | rename | everyone sharing a room, and the renamer | the renamer (and loud rooms' members) |
//!
//! The size counts the member concerned: a join is counted after the newcomer is in, a part
//! or quit before the leaver is out. So with N = 3, the fourth joiner is the first one the
//! others do not hear about, and the first leaver of four is not heard either.
//!
//! Nothing else changes: chat lines, kicks, topics and modes reach every member of any room
//! (a kick is a moderator's act the room should see), and the member lists, `/who` and IRC's
//! `NAMES` and `WHO`, stay exact, read from the room itself. An IRC client's nick list of a
//! quiet room does go stale between two `NAMES`; that is the price every auditorium pays.
//!
//! ```
//! use std::rc::Rc;
//! use chatbot::core::{Audience, Core, Event, Render};
//! use chatbot::server::{Limits, Outbox};
//!
//! struct Joins;
//! impl Render for Joins {
//!     fn event(&self, event: &Event<'_>, _: Audience) -> Option<String> {
//!         matches!(event, Event::Joined { .. }).then(|| "joined\n".to_string())
//!     }
//! }
//! let mut core = Core::new(std::time::Instant::now(), 1, 10);
//! core.set_quiet_joins(1);
//! let face = core.add_face(Rc::new(Joins));
//! let peer = "127.0.0.1:5000".parse().unwrap();
//! let mut outboxes = Vec::new();
//! for nick in ["alice", "bob"] {
//!     let outbox = Rc::new(Outbox::new(Limits::default()));
//!     let id = core.connect(nick, nick, nick, face, outbox.clone(), peer).unwrap();
//!     core.join(id, "lobby", None).unwrap();
//!     outboxes.push(outbox);
//! }
//! // alice heard herself join (a room of 1), not bob (a room of 2 > 1); bob heard himself.
//! assert_eq!(outboxes[0].queued_lines(), 1);
//! assert_eq!(outboxes[1].queued_lines(), 1);
//! ```

use std::collections::HashSet;

use crate::core::{ClientId, Core, Room};

impl Core {
    /// Rooms with more members than `n` become quiet about membership (the module's table).
    /// A new core has no limit: every room is loud until the server sets one.
    pub fn set_quiet_joins(&mut self, n: usize) {
        self.quiet_joins = n;
    }

    /// Whether `room`, at its present size, is quiet about membership.
    pub(super) fn is_quiet(&self, room: &Room) -> bool {
        room.members.len() > self.quiet_joins
    }

    /// Who hears `id` join or part `room` (of which `id` is a member at this moment): every
    /// member of a loud room, only `id` in a quiet one.
    pub(super) fn membership_audience(&self, room: &Room, id: ClientId) -> Vec<ClientId> {
        if self.is_quiet(room) {
            vec![id]
        } else {
            room.members.clone()
        }
    }

    /// Who hears `id` quit or rename: everyone who shares at least one loud room with it,
    /// `id` excluded. Quiet rooms add nobody, which also keeps a quit from a room of 10,000
    /// from collecting 10,000 ids.
    pub(super) fn peers_of(&self, id: ClientId) -> HashSet<ClientId> {
        let mut peers: HashSet<ClientId> = self.clients[&id]
            .rooms
            .iter()
            .map(|name| &self.rooms[name])
            .filter(|room| !self.is_quiet(room))
            .flat_map(|room| room.members.iter().copied())
            .collect();
        peers.remove(&id);
        peers
    }
}
