//! A multi-room chat server with a bot, built on our own runtime, that speaks two protocols
//! over the same rooms: a plain line protocol for `nc`, and IRC for real chat clients. And the
//! same bot as a client of any IRC network (`chatbot bot`).
//!
//! The server is a chat [`core`] that knows no wire format, and front ends that do:
//!
//! ```text
//!   plain socket ─▶ plain::connection ─▶ command::parse ─▶ plain::handle ─┐
//!                                                                         ▼
//!                                                  core::Core (rooms, nicks, modes, the bot)
//!                                                                         │ Events
//!   irc socket ──▶ irc::connection ──▶ irc::message::parse ─▶ commands ───┘
//!                                                                         ▼
//!        plain::render::PlainRender  /  irc::render::IrcRender ─▶ Outbox ─▶ writer task
//! ```
//!
//! A plain client's line, in detail:
//!
//! ```text
//!  socket bytes
//!      |  runtime::io::BufReader      cut into lines, cap their length,
//!      |    ::read_line               refuse invalid UTF-8 (runtime::io::LineError)
//!      v
//!  line: String
//!      |  rate_limit::TokenBucket     may this client speak yet?
//!      |  sanitize::sanitize          strip control and bidi characters
//!      v
//!  clean &str
//!      |  command::parse              chat, /command, or !bot command?
//!      v
//!  Input ---- plain::handle --------> core::Core::say / join / rename ...
//!      |  bot::respond                what the bot will say, or must wait for
//!      v
//!  core::Event ---- PlainRender ----> protocol::{notice, error, chat, private, action, ...}
//!      v
//!  "<alice> hi\n" to every other member of alice's room
//! ```
//!
//! The rest: [`names`] holds the rules for nicks and room names (one rule for both
//! protocols), and [`config`] reads the command line.
//!
//! The modules of the wire formats and the bot are pure: no I/O, no global state, no reading of
//! clocks except where a function says so. Time comes in as an argument
//! (`Instant`s for the rate limiter, seconds for `!time`), and randomness as
//! a seeded generator, so every rule is pinned by a unit test that runs in
//! microseconds.
//!
//! Following one line from bytes to the room:
//!
//! ```
//! use chatbot::command::{parse, Input};
//! use chatbot::{protocol, sanitize::sanitize};
//! use runtime::io::{trim_line_ending, BufReader};
//!
//! let socket = &b"hi \x1b[2Jthere\r\n"[..]; // a byte slice reads like a socket
//! let mut reader = BufReader::new(socket).with_max_line(2048);
//! let mut line = String::new();
//! runtime::run(reader.read_line(&mut line)).unwrap();
//! let clean = sanitize(trim_line_ending(&line));
//! let Input::Chat { text, bot: None } = parse(&clean) else { unreachable!() };
//! assert_eq!(protocol::chat("alice", text), "<alice> hi [2Jthere\n");
//! ```

#![deny(missing_docs, missing_debug_implementations, rust_2018_idioms)]

pub mod bot;
pub mod bot_client;
pub mod command;
pub mod config;
pub mod core;
pub mod irc;
pub mod names;
pub mod plain;
pub mod protocol;
pub mod rate_limit;
pub mod sanitize;
pub mod server;
pub mod web;
