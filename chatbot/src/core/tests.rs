//! Unit tests for the core's rules, with a renderer that records what it was asked to render
//! and outboxes the tests look into.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Instant;

use super::modes::{Mode, ModeChange};
use super::*;
use crate::server::outbox::Limits;

/// Renders every event as its `Debug` text, and counts the calls.
#[derive(Default)]
struct Recorder {
    calls: RefCell<usize>,
}

impl Render for Recorder {
    fn event(&self, event: &Event<'_>, audience: Audience) -> Option<String> {
        *self.calls.borrow_mut() += 1;
        Some(format!("{audience:?} {event:?}\n"))
    }
}

struct Fixture {
    core: Core,
    faces: [(FaceId, Rc<Recorder>); 2],
    outboxes: Vec<Rc<Outbox>>,
}

impl Fixture {
    fn new() -> Fixture {
        let mut core = Core::new(Instant::now(), 1, 3);
        let a = Rc::new(Recorder::default());
        let b = Rc::new(Recorder::default());
        let faces = [(core.add_face(a.clone()), a), (core.add_face(b.clone()), b)];
        Fixture {
            core,
            faces,
            outboxes: Vec::new(),
        }
    }

    /// Connects `nick` on face `face` (0 or 1).
    fn connect(&mut self, nick: &str, face: usize) -> ClientId {
        let outbox = Rc::new(Outbox::new(Limits::default()));
        self.outboxes.push(outbox.clone());
        let peer = "127.0.0.1:1".parse().unwrap();
        self.core
            .connect(nick, nick, nick, self.faces[face].0, outbox, peer)
            .unwrap()
    }

    fn calls(&self, face: usize) -> usize {
        *self.faces[face].1.calls.borrow()
    }

    fn queued(&self, id: ClientId) -> usize {
        self.outboxes[id as usize - 1].queued_lines()
    }
}

#[test]
fn a_room_message_is_rendered_once_per_front_end_whatever_the_audience_size() {
    let mut f = Fixture::new();
    let speaker = f.connect("speaker", 0);
    let listeners: Vec<ClientId> = (0..6).map(|i| f.connect(&format!("l{i}"), i % 2)).collect();
    for &id in std::iter::once(&speaker).chain(&listeners) {
        f.core.join(id, "lobby", None).unwrap();
    }
    let before = (f.calls(0), f.calls(1));
    f.core
        .say(speaker, Target::Room("lobby"), Kind::Chat, "hi")
        .unwrap();
    assert_eq!((f.calls(0) - before.0, f.calls(1) - before.1), (1, 1));
    assert!(listeners.iter().all(|&id| f.queued(id) > 0));
}

#[test]
fn the_first_member_is_operator_and_an_empty_room_disappears() {
    let mut f = Fixture::new();
    let alice = f.connect("alice", 0);
    let bob = f.connect("bob", 1);
    f.core.join(alice, "rust", None).unwrap();
    f.core.join(bob, "rust", None).unwrap();
    let room = f.core.room("rust").unwrap();
    assert!(room.ops.contains(&alice) && !room.ops.contains(&bob));
    f.core.part(alice, "rust", None).unwrap();
    f.core.disconnect(bob, None);
    assert!(f.core.room("rust").is_none());
}

#[test]
fn a_rename_reaches_each_peer_once_however_many_rooms_they_share() {
    let mut f = Fixture::new();
    let alice = f.connect("alice", 0);
    let bob = f.connect("bob", 0);
    for room in ["a", "b", "c"] {
        f.core.join(alice, room, None).unwrap();
        f.core.join(bob, room, None).unwrap();
    }
    let before = f.queued(bob);
    f.core.rename(alice, "alicia").unwrap();
    assert_eq!(f.queued(bob) - before, 1);
    assert_eq!(f.core.find("ALICIA"), Some(alice));
    assert_eq!(f.core.find("alice"), None);
}

#[test]
fn the_rooms_per_client_limit_is_enforced() {
    let mut f = Fixture::new();
    let alice = f.connect("alice", 0);
    for room in ["a", "b", "c"] {
        f.core.join(alice, room, None).unwrap();
    }
    assert_eq!(
        f.core.join(alice, "d", None),
        Err(Refusal::TooManyRooms("d".into()))
    );
}

#[test]
fn nicks_are_one_namespace_across_front_ends() {
    let mut f = Fixture::new();
    f.connect("alice", 0);
    let peer = "127.0.0.1:1".parse().unwrap();
    let outbox = Rc::new(Outbox::new(Limits::default()));
    let face = f.faces[1].0;
    assert_eq!(
        f.core.connect("ALICE", "a", "a", face, outbox, peer),
        Err(Refusal::NickInUse("ALICE".into()))
    );
}

#[test]
fn a_moderated_room_hears_only_operators_and_voiced_members() {
    let mut f = Fixture::new();
    let alice = f.connect("alice", 0);
    let bob = f.connect("bob", 1);
    f.core.join(alice, "rust", None).unwrap();
    f.core.join(bob, "rust", None).unwrap();
    let moderated = [ModeChange {
        on: true,
        mode: Mode::Moderated,
    }];
    f.core.set_modes(alice, "rust", &moderated).unwrap();
    assert_eq!(
        f.core.say(bob, Target::Room("rust"), Kind::Chat, "hi"),
        Err(Refusal::CannotSend("rust".into()))
    );
    let voice = [ModeChange {
        on: true,
        mode: Mode::Voice("bob".into()),
    }];
    f.core.set_modes(alice, "rust", &voice).unwrap();
    assert!(f
        .core
        .say(bob, Target::Room("rust"), Kind::Chat, "hi")
        .is_ok());
    assert_eq!(
        f.core.set_modes(bob, "rust", &moderated),
        Err(Refusal::NotOperator("rust".into()))
    );
}
