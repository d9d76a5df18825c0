//! The command line: which subcommand, and its `--key value` options.
//!
//! The bench binary plays several parts, chosen by the first argument: with none it is the
//! orchestrator that runs every scenario; as `echo-server` or `chat-server` it is a server under
//! test; as `load-client` or `chat-client` it is the load. The orchestrator re-executes itself for
//! the servers and clients so that each runs in its own process, measured from the outside. A
//! hand-rolled parser keeps the dependency list to what is being measured.
//!
//! ```ignore
//! let args = Args::parse(&argv, &["--quick"], &["--only", "--rounds"]);
//! let rounds: usize = args.value("--rounds").unwrap_or(5);
//! ```

use std::fmt::Display;
use std::process;
use std::str::FromStr;

/// Every way to call the binary; printed on any mistake.
pub const USAGE: &str = "\
usage:
  bench [--quick] [--only SCENARIO,...] [--rounds N]
      run the scenarios (spawn, yield, channel, timers, echo, chat, idle) and print a table
  bench echo-server --impl ours|tokio|mio [--listen ADDR] [--exit-on-stdin-eof]
  bench chat-server --impl ours|tokio [--listen ADDR] [--exit-on-stdin-eof]
      serve on ADDR (default 127.0.0.1:0); print `listening ADDR pid PID` once ready
  bench load-client --addr ADDR --conns N --size BYTES --round-trips K [--pause-us P]
                    [--timeout-secs S]
      K echo round trips in total over N connections; print `key=value` results
  bench chat-client --addr ADDR --clients N --senders S --messages M [--window W]
                    [--timeout-secs S]
      N chat members, S of them sending M lines each; print `key=value` results
  bench sleepers --impl ours|tokio --tasks N --spread-ms S
      N tasks, task i sleeping i % S ms, spawned and joined; print `key=value` figures
  bench soak [--duration SECS] [--clients N] [--rate LINES_PER_S] [--rooms R]
             [--misbehaving SHARE] [--churn PER_S] [--warmup SECS] [--server PATH] [--seed S]
      run the release chatbot under hours-style load, print figures every 10 s and a
      verdict; exit 1 if it fails (see soak/mod.rs)";

/// Parsed options of one subcommand.
#[derive(Debug)]
pub struct Args {
    /// Flags that were present.
    flags: Vec<String>,
    /// `--key value` pairs, in command-line order.
    options: Vec<(String, String)>,
}

impl Args {
    /// Parses `argv` (without the subcommand), accepting only the given flags and options.
    /// Exits with the usage text on anything else.
    pub fn parse(argv: &[String], flags: &[&str], options: &[&str]) -> Args {
        let mut args = Args {
            flags: Vec::new(),
            options: Vec::new(),
        };
        let mut rest = argv.iter();
        while let Some(arg) = rest.next() {
            if flags.contains(&arg.as_str()) {
                args.flags.push(arg.clone());
            } else if options.contains(&arg.as_str()) {
                let Some(value) = rest.next() else {
                    fail(format!("{arg} needs a value"));
                };
                args.options.push((arg.clone(), value.clone()));
            } else {
                fail(format!("unexpected argument {arg:?}"));
            }
        }
        args
    }

    /// Whether `flag` was given.
    pub fn flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// The value of `key`, if given; exits with the usage text if it does not parse.
    pub fn value<T: FromStr>(&self, key: &str) -> Option<T>
    where
        T::Err: Display,
    {
        let (_, text) = self.options.iter().rev().find(|(k, _)| k == key)?;
        match text.parse() {
            Ok(value) => Some(value),
            Err(e) => fail(format!("{key} {text:?}: {e}")),
        }
    }

    /// The value of `key`; exits with the usage text if it is missing or does not parse.
    pub fn required<T: FromStr>(&self, key: &str) -> T
    where
        T::Err: Display,
    {
        self.value(key)
            .unwrap_or_else(|| fail(format!("{key} is required")))
    }
}

/// Prints `message` and the usage text, and exits with status 2.
pub fn fail(message: impl Display) -> ! {
    eprintln!("bench: {message}\n{USAGE}");
    process::exit(2)
}
