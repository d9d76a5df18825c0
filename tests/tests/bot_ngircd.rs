//! The bot client against a standard IRC daemon, ngircd (`apt-get install ngircd`): it
//! registers, joins, and answers a `!command` from a user of that server. Skipped, with a
//! printed reason, where ngircd is not installed.

mod util;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

use util::bot::{bot_settings, BotRunner};
use util::{IrcClient, BOUND};

/// ngircd and its configuration directory, both gone when dropped.
struct Ngircd(Child, std::path::PathBuf);

impl Drop for Ngircd {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        let _ = std::fs::remove_dir_all(&self.1);
    }
}

/// Starts ngircd on a free loopback port and waits for its "Now listening" line; `None` if
/// ngircd is not installed.
fn start_ngircd() -> Option<(Ngircd, SocketAddr)> {
    // A port that was free a moment ago: ngircd takes its port from a file, not from us.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = std::env::temp_dir().join(format!("chatbot-ngircd-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("ngircd.conf");
    std::fs::write(
        &config,
        format!(
            "[Global]\n Name = irc.test\n Info = test\n Listen = 127.0.0.1\n Ports = {port}\n MotdPhrase = hello\n\
             [Options]\n PAM = no\n Ident = no\n DNS = no\n"
        ),
    )
    .unwrap();
    let child = match Command::new("ngircd")
        .arg("-n")
        .arg("-f")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(err) => {
            let _ = std::fs::remove_dir_all(&dir);
            println!(
                "skipped: ngircd is not installed ({err}); apt-get install ngircd to run this test"
            );
            return None;
        }
    };
    let mut ngircd = Ngircd(child, dir);
    let stdout = ngircd.0.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains("Now listening on") {
                let _ = tx.send(());
            }
        }
    });
    rx.recv_timeout(BOUND)
        .expect("ngircd did not start listening");
    Some((ngircd, SocketAddr::from(([127, 0, 0, 1], port))))
}

#[test]
fn the_bot_joins_a_standard_ircd_and_answers_there() {
    let Some((_ngircd, addr)) = start_ngircd() else {
        return;
    };
    let mut alice = IrcClient::register(addr, "alice");
    alice.join("#test");
    let _bot = BotRunner::start(bot_settings(addr, "robo", &["#test"]));
    alice.read_until(|line| line.starts_with(":robo!") && line.contains(" JOIN "));
    alice.send("PRIVMSG #test :!echo hello ngircd");
    alice.read_until(|line| {
        line.starts_with(":robo!") && line.ends_with("PRIVMSG #test :alice: hello ngircd")
    });
}
