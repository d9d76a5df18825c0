//! [`Room`]: one room's members, their status, its topic and modes.
//!
//! A room exists while it has members; the core removes it when the last one leaves, so an
//! empty room never lingers with stale operators or a stale topic. Members are kept in the
//! order they joined (that is the order `/who` and `NAMES` list them in).

use std::collections::HashSet;

use crate::core::modes::Modes;
use crate::core::ClientId;

/// A topic and who set it when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The text; never empty (clearing the topic removes it).
    pub text: String,
    /// The setter's nick at the time.
    pub by: String,
    /// When, in seconds since the Unix epoch.
    pub at: u64,
}

/// One room.
#[derive(Debug, Clone)]
pub struct Room {
    /// Members in the order they joined; never empty while the room is in the core's table.
    pub members: Vec<ClientId>,
    /// Members with operator status (`+o`); a subset of `members`.
    pub ops: HashSet<ClientId>,
    /// Members with voice (`+v`); a subset of `members`.
    pub voiced: HashSet<ClientId>,
    /// Clients invited since the last time they joined; consulted by `+i`, and spent on join.
    pub invited: HashSet<ClientId>,
    /// The topic, if one is set.
    pub topic: Option<Topic>,
    /// Room-wide modes.
    pub modes: Modes,
    /// When the room was created (its first member joined), seconds since the Unix epoch.
    pub created: u64,
}

impl Room {
    /// A new room with default modes (`+nt`) and no members yet.
    pub fn new(created: u64) -> Room {
        Room {
            members: Vec::new(),
            ops: HashSet::new(),
            voiced: HashSet::new(),
            invited: HashSet::new(),
            topic: None,
            modes: Modes::default(),
            created,
        }
    }

    /// Whether `id` is a member.
    pub fn has(&self, id: ClientId) -> bool {
        self.members.contains(&id)
    }

    /// Whether `id` may speak here: `+n` keeps outsiders out, `+m` keeps all but operators
    /// and voiced members quiet.
    pub fn may_speak(&self, id: ClientId) -> bool {
        let member = self.has(id);
        if !member && self.modes.no_outside {
            return false;
        }
        !self.modes.moderated || self.ops.contains(&id) || self.voiced.contains(&id)
    }

    /// Removes `id` and its statuses; true if it was a member.
    pub fn remove(&mut self, id: ClientId) -> bool {
        let Some(position) = self.members.iter().position(|&m| m == id) else {
            return false;
        };
        self.members.remove(position);
        self.ops.remove(&id);
        self.voiced.remove(&id);
        true
    }
}
