//! The chat server's protocol: pure, runtime-independent modules.

#![deny(missing_docs, missing_debug_implementations, rust_2018_idioms)]

pub mod bot;
pub mod command;
pub mod config;
pub mod protocol;
pub mod sanitize;
pub mod line_buf;
pub mod names;
pub mod rate_limit;
