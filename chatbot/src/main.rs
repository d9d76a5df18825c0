//! The `chatbot` binary: reads the command line, then runs a server.
//!
//! Run `cargo run -p chatbot -- --help` for the flags.
//!
//! For now only the command line is handled: the servers themselves need
//! the runtime, and are wired on top of the `chatbot` library once it
//! exists. Until then a valid command line is reported and refused.

use std::process::ExitCode;

use chatbot::config::{parse_args, Mode, USAGE};

fn main() -> ExitCode {
    let mode = match utf8_args().and_then(parse_args) {
        Ok(mode) => mode,
        Err(message) => {
            eprintln!("chatbot: {message}");
            // 2 is the conventional exit status for a usage error.
            return ExitCode::from(2);
        }
    };
    match mode {
        Mode::Help => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Mode::Serve(config) => not_yet(&format!("{config:?}")),
        Mode::Echo(config) => not_yet(&format!("{config:?}")),
    }
}

/// The arguments after the program name. `std::env::args` would panic on
/// one that is not UTF-8; a bad argument deserves an error line instead.
fn utf8_args() -> Result<Vec<String>, String> {
    std::env::args_os()
        .skip(1)
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| format!("argument {arg:?} is not valid UTF-8"))
        })
        .collect()
}

/// Reports a mode that parsed but cannot run until the runtime lands.
fn not_yet(config: &str) -> ExitCode {
    eprintln!("chatbot: servers are not wired up yet; parsed {config}");
    ExitCode::FAILURE
}
