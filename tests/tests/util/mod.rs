//! What the black-box tests share: a real server on its own thread ([`TestServer`]) and real
//! TCP clients that read lines with deadlines ([`Client`] for the plain protocol, [`IrcClient`]
//! for IRC).
//!
//! Every wait in these tests is a wait for a *line*, never for time: to know the server handled
//! something, a client waits for the line that proves it. Lines from one client are handled in
//! the order they were sent, and each client's outbox is first in, first out, so a `/who` sent
//! after a line is answered after everything that line caused for this client
//! ([`Client::sync`]).
//!
//! Every read has a deadline of [`BOUND`], so a broken server fails a test instead of hanging
//! it.

// Each test file is its own crate and uses only some of these helpers.
#![allow(dead_code)]

pub mod bot;
pub mod client;
pub mod irc;
pub mod lines;
pub mod server;
pub mod web;

use std::time::Duration;

pub use client::Client;
pub use irc::IrcClient;
pub use server::TestServer;

use chatbot::config::ServerConfig;
use chatbot::rate_limit::RateLimit;
use chatbot::server::Settings;

/// The longest any single wait may take before the test fails: generous, so that a slow CI
/// machine never trips it, and finite, so that a bug cannot hang the suite.
pub const BOUND: Duration = Duration::from_secs(10);

/// The binary's default settings, but without a rate limit or IRC flood control: most tests
/// send lines as fast as they like, and `rate_limit.rs` and `irc_limits.rs` test the limits on
/// purpose.
pub fn settings() -> Settings {
    let mut settings = Settings {
        rate_limit: RateLimit::OFF,
        ..Settings::from(&ServerConfig::default())
    };
    settings.irc.flood = RateLimit::OFF;
    settings
}

/// A chat server with [`settings`] and two IRC clients, `alice` and `bob`, in `channel`; alice
/// created it (she is its operator) and has read bob's JOIN, so neither has anything pending.
pub fn irc_pair(channel: &str) -> (TestServer, IrcClient, IrcClient) {
    let server = TestServer::chat(settings());
    let mut alice = server.irc("alice");
    let mut bob = server.irc("bob");
    alice.join(channel);
    bob.join(channel);
    alice.expect_line(&format!(":{} JOIN {channel}", irc::mask("bob")));
    (server, alice, bob)
}

/// A chat server with [`settings`] and `nicks.len()` clients in the lobby, renamed to `nicks`
/// in order. Every client has read everything the others' arrivals caused, so each starts with
/// nothing pending.
pub fn chat_room(nicks: &[&str]) -> (TestServer, Vec<Client>) {
    let server = TestServer::chat(settings());
    let clients = server.clients(nicks);
    (server, clients)
}
