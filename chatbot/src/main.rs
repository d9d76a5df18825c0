//! The `chatbot` binary: reads the command line, then runs the chat server or the echo server
//! until Ctrl-C.
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
                serve_with_web(Settings::from(&config), listener, irc, web, until_ctrl_c());
            Ok((server, also))
        }),
        Mode::Echo(config) => run(config.listen, "echo server", |listener| {
            Ok((echo(listener, until_ctrl_c()), String::new()))
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
        // Listening before anything connects, so a SIGTERM from then on is never the default
        // action (which would kill the bot without its QUIT).
        let sigterm = signal(SignalKind::terminate());
        let stop = async {
            runtime::select! {
                _ = until_ctrl_c() => {},
                _ = until_sigterm(sigterm) => {},
            }
        };
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

/// Completes on SIGTERM. If the listener could not be set up, only Ctrl-C stops the bot.
async fn until_sigterm(sigterm: std::io::Result<Signal>) {
    match sigterm {
        Ok(mut sigterm) => match sigterm.recv().await {
            Ok(()) => log::info!("SIGTERM received"),
            Err(err) => {
                log::error!("SIGTERM listener failed ({err}); stop the bot with Ctrl-C");
                std::future::pending::<()>().await;
            }
        },
        Err(err) => {
            log::error!("cannot listen for SIGTERM ({err}); stop the bot with Ctrl-C");
            std::future::pending::<()>().await;
        }
    }
}

/// Completes on Ctrl-C. If the handler cannot be installed, the server runs until killed.
async fn until_ctrl_c() {
    if let Err(err) = runtime::signal::ctrl_c().await {
        log::error!("cannot listen for Ctrl-C ({err}); stop the server with a signal instead");
        std::future::pending::<()>().await;
    }
    log::info!("Ctrl-C received");
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
