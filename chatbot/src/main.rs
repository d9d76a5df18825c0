//! The `chatbot` binary: reads the command line, then runs the chat server, the echo server or
//! the bot client until Ctrl-C or SIGTERM (what service managers and containers send), which
//! both get the same graceful shutdown.
//!
//! Run `cargo run -p chatbot -- --help` for the flags, `cargo run -p chatbot` to chat (then
//! `nc 127.0.0.1 7878` from two terminals), and `RUST_LOG=trace` to watch the loop.

use std::future::Future;
use std::net::SocketAddr;
use std::process::ExitCode;

use chatbot::config::ServerConfig;
use chatbot::config::{parse_args, Mode, USAGE};
use chatbot::server::{echo, serve_with_web, Settings};
use runtime::net::TcpListener;
use runtime::signal::unix::{signal, Signal, SignalKind};

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
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
        Mode::Serve(config) => run(config.listen, "chat server", |listener| {
            chatbot::server::fd_limit::warn_if_too_low(config.max_clients);
            let irc = bind_irc(&config)?;
            let also = match &irc {
                Some(irc) => {
                    let local = irc.local_addr()?;
                    format!(
                        "; IRC on {local}: irssi -c {} -p {}",
                        local.ip(),
                        local.port()
                    )
                }
                None => String::new(),
            };
            let web = bind_web(&config)?;
            let also = match &web {
                Some(web) => {
                    let local = web.local_addr()?;
                    format!("{also}; in a browser: http://{local}/ (the event loop: http://{local}/loop)")
                }
                None => also,
            };
            let server =
                serve_with_web(Settings::from(&config), listener, irc, web, until_stopped());
            Ok((server, also))
        }),
        Mode::Echo(config) => run(config.listen, "echo server", |listener| {
            Ok((echo(listener, until_stopped()), String::new()))
        }),
        Mode::Bot(config) => run_bot(config),
    }
}

/// Binds `addr`, lets `server` bind whatever else it needs and make its future, says where
/// to connect in one line (what `server` returned is its end), and runs the future on our
/// runtime until it returns.
fn run<F, S>(addr: SocketAddr, what: &str, server: S) -> ExitCode
where
    S: FnOnce(TcpListener) -> std::io::Result<(F, String)>,
    F: Future<Output = std::io::Result<()>>,
{
    let runtime = match runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("chatbot: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let listener = match TcpListener::bind(addr) {
            Ok(listener) => listener,
            Err(err) => {
                eprintln!("chatbot: cannot listen on {addr}: {err}");
                return ExitCode::FAILURE;
            }
        };
        let local = listener.local_addr().unwrap_or(addr);
        let (server, also) = match server(listener) {
            Ok(started) => started,
            Err(err) => {
                eprintln!("chatbot: {err}");
                return ExitCode::FAILURE;
            }
        };
        println!(
            "{what} listening on {local}; connect with: nc {} {}{also}",
            local.ip(),
            local.port()
        );
        match server.await {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("chatbot: {what} failed: {err}");
                ExitCode::FAILURE
            }
        }
    })
}

/// Binds the IRC listener, if there is to be one. The default port may well be taken (by
/// another IRC server, or another chatbot): then the server runs without IRC and says so,
/// rather than not at all. An address given with `--irc` must be bound, or the server exits.
fn bind_irc(config: &ServerConfig) -> std::io::Result<Option<TcpListener>> {
    let Some(addr) = config.irc else {
        return Ok(None);
    };
    match TcpListener::bind(addr) {
        Ok(listener) => Ok(Some(listener)),
        Err(err) if !config.irc_explicit => {
            log::warn!("IRC off: cannot listen on {addr} ({err}); choose a port with --irc ADDR");
            Ok(None)
        }
        Err(err) => Err(std::io::Error::new(
            err.kind(),
            format!("cannot listen for IRC on {addr}: {err}"),
        )),
    }
}

/// Binds the browser front end's listener, if there is to be one. As with IRC, a taken
/// default port (another web server on 8080 is common) leaves the server running without the
/// web pages and says so; an address given with `--web` must be bound, or the server exits.
fn bind_web(config: &ServerConfig) -> std::io::Result<Option<TcpListener>> {
    let Some(addr) = config.web else {
        return Ok(None);
    };
    match TcpListener::bind(addr) {
        Ok(listener) => Ok(Some(listener)),
        Err(err) if !config.web_explicit => {
            log::warn!(
                "web pages off: cannot listen on {addr} ({err}); choose a port with --web ADDR"
            );
            Ok(None)
        }
        Err(err) => Err(std::io::Error::new(
            err.kind(),
            format!("cannot listen for browsers on {addr}: {err}"),
        )),
    }
}

/// Runs the bot as an IRC client until Ctrl-C or SIGTERM, then exits 0.
fn run_bot(config: chatbot::config::BotConfig) -> ExitCode {
    let runtime = match runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("chatbot: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "bot connecting to {} as {}, for {}",
        config.connect,
        config.nick,
        config.channels.join(" ")
    );
    let bot = async {
        // Listening before anything connects (see `until_stopped`).
        let stop = until_stopped();
        chatbot::bot_client::run(config.into(), stop).await
    };
    match runtime.block_on(bot) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("chatbot: bot failed: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Completes on the first Ctrl-C (SIGINT) or SIGTERM. Every mode stops on either in the same
/// graceful way: SIGTERM is how service managers and containers stop a server.
///
/// Both listeners are installed when this is *called*, not when the future is first polled:
/// the modes call it before they print where they listen, so from that line on neither
/// signal's default action (which would kill the process without a goodbye to its clients)
/// applies. If a listener cannot be set up, the other signal still works.
fn until_stopped() -> impl Future<Output = ()> {
    let interrupt = signal(SignalKind::interrupt());
    let terminate = signal(SignalKind::terminate());
    async move {
        runtime::select! {
            _ = until(interrupt, "Ctrl-C") => {},
            _ = until(terminate, "SIGTERM") => {},
        }
    }
}

/// Completes when `listener` receives its signal; never, if it could not be set up or failed
/// (logged with `name`).
async fn until(listener: std::io::Result<Signal>, name: &str) {
    let result = match listener {
        Ok(mut listener) => listener.recv().await,
        Err(err) => Err(err),
    };
    match result {
        Ok(()) => log::info!("{name} received"),
        Err(err) => {
            log::error!("cannot listen for {name} ({err}); stop with the other signal");
            std::future::pending::<()>().await;
        }
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
