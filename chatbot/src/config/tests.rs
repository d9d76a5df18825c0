//! Unit tests for [`parse_args`](super::parse_args): one rule per test.

use super::*;

fn parse(args: &[&str]) -> Result<Mode, String> {
    parse_args(args.iter().map(|a| a.to_string()))
}

fn serve(args: &[&str]) -> ServerConfig {
    match parse(args) {
        Ok(Mode::Serve(config)) => config,
        other => panic!("{args:?} gave {other:?}"),
    }
}

fn error(args: &[&str]) -> String {
    match parse(args) {
        Err(e) => e,
        other => panic!("{args:?} should fail, gave {other:?}"),
    }
}

#[test]
fn no_arguments_serves_with_the_defaults() {
    let config = serve(&[]);
    assert_eq!(config.listen.to_string(), "127.0.0.1:7878");
    assert_eq!(config.max_clients, 10_000);
    assert_eq!(config.max_line, 2048);
    assert_eq!(
        config.rate_limit,
        RateLimit {
            lines_per_sec: 20,
            burst: 100
        }
    );
    assert_eq!(config, ServerConfig::default());
}

#[test]
fn serve_word_is_optional() {
    assert_eq!(serve(&["serve"]), serve(&[]));
    assert_eq!(
        serve(&["serve", "--max-line", "99"]),
        serve(&["--max-line", "99"])
    );
}

#[test]
fn every_serve_flag_sets_its_field() {
    let config = serve(&[
        "serve",
        "--listen",
        "0.0.0.0:9000",
        "--max-clients",
        "5",
        "--max-line",
        "64",
        "--rate-limit",
        "3",
    ]);
    assert_eq!(config.listen.to_string(), "0.0.0.0:9000");
    assert_eq!(config.max_clients, 5);
    assert_eq!(config.max_line, 64);
    assert_eq!(config.rate_limit, RateLimit::per_second(3));
}

#[test]
fn flag_value_may_follow_an_equals_sign() {
    let config = serve(&["--listen=[::1]:7000", "--max-line=10"]);
    assert_eq!(config.listen.to_string(), "[::1]:7000");
    assert_eq!(config.max_line, 10);
}

#[test]
fn last_occurrence_of_a_flag_wins() {
    assert_eq!(
        serve(&["--max-line", "10", "--max-line", "20"]).max_line,
        20
    );
}

#[test]
fn rate_limit_zero_turns_limiting_off() {
    assert!(serve(&["--rate-limit", "0"]).rate_limit.is_off());
}

#[test]
fn echo_has_its_own_default_address() {
    assert_eq!(parse(&["echo"]), Ok(Mode::Echo(EchoConfig::default())));
    assert_eq!(EchoConfig::default().listen.to_string(), "127.0.0.1:7879");
    let Ok(Mode::Echo(config)) = parse(&["echo", "--listen", "127.0.0.1:1"]) else {
        panic!("echo with --listen should parse");
    };
    assert_eq!(config.listen.port(), 1);
}

#[test]
fn help_is_asked_for_in_three_ways() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["serve", "-h"],
        &["echo", "--help"],
    ] {
        assert_eq!(parse(args), Ok(Mode::Help), "{args:?}");
    }
}

#[test]
fn error_before_help_is_still_reported() {
    assert_eq!(
        error(&["--bogus", "--help"]),
        "unknown flag --bogus (see --help)"
    );
}

#[test]
fn unknown_flag_is_named() {
    assert_eq!(
        error(&["--verbose", "1"]),
        "unknown flag --verbose (see --help)"
    );
    assert_eq!(error(&["-x"]), "unknown flag -x (see --help)");
}

#[test]
fn serve_flags_are_unknown_to_echo() {
    assert_eq!(
        error(&["echo", "--max-line", "5"]),
        "unknown flag --max-line for chatbot echo (see --help)"
    );
}

#[test]
fn unknown_mode_word_is_an_error() {
    assert_eq!(
        error(&["start"]),
        "unknown command `start`; expected serve or echo (see --help)"
    );
}

#[test]
fn stray_word_after_the_mode_is_an_error() {
    assert_eq!(
        error(&["serve", "now"]),
        "unexpected argument `now` (see --help)"
    );
    assert_eq!(
        error(&["echo", "serve"]),
        "unexpected argument `serve` (see --help)"
    );
}

#[test]
fn flag_at_the_end_without_a_value_is_missing_its_value() {
    assert_eq!(error(&["--listen"]), "missing value for --listen");
    assert_eq!(error(&["echo", "--listen"]), "missing value for --listen");
}

#[test]
fn next_flag_is_not_taken_as_a_value() {
    assert_eq!(
        error(&["--listen", "--max-line", "9"]),
        "missing value for --listen"
    );
}

#[test]
fn bad_numbers_are_refused_with_the_value_shown() {
    assert_eq!(
        error(&["--max-clients", "many"]),
        "bad value for --max-clients: `many` is not a whole number"
    );
    assert_eq!(
        error(&["--max-line", "-5"]),
        "bad value for --max-line: `-5` is not a whole number"
    );
    assert_eq!(
        error(&["--rate-limit", "1.5"]),
        "bad value for --rate-limit: `1.5` is not a whole number"
    );
    assert_eq!(
        error(&["--max-line="]),
        "bad value for --max-line: `` is not a whole number"
    );
    assert_eq!(
        error(&["--max-line", "+5"]),
        "bad value for --max-line: `+5` is not a whole number"
    );
}

#[test]
fn numbers_out_of_range_are_refused_with_the_bound() {
    assert_eq!(
        error(&["--max-clients", "0"]),
        "bad value for --max-clients: must be at least 1"
    );
    assert_eq!(
        error(&["--max-line", "0"]),
        "bad value for --max-line: must be at least 1"
    );
    assert_eq!(
        error(&["--max-line", "1048577"]),
        "bad value for --max-line: must be at most 1048576"
    );
    assert_eq!(
        error(&["--max-clients", "99999999999999999999999"]),
        format!(
            "bad value for --max-clients: must be at most {}",
            usize::MAX
        )
    );
    assert_eq!(
        error(&["--rate-limit", "4294967296"]),
        "bad value for --rate-limit: must be at most 4294967295"
    );
}

#[test]
fn max_line_accepts_both_ends_of_its_range() {
    assert_eq!(serve(&["--max-line", "1"]).max_line, 1);
    assert_eq!(serve(&["--max-line", "1048576"]).max_line, MAX_LINE_LIMIT);
}

#[test]
fn addresses_must_be_ip_and_port() {
    for bad in [
        "localhost:7878",
        "127.0.0.1",
        "7878",
        "127.0.0.1:99999",
        "::1:80",
        "",
    ] {
        assert_eq!(
            error(&["--listen", bad]),
            format!(
                "bad value for --listen: `{bad}` is not an IP:PORT address like 127.0.0.1:7878"
            ),
        );
    }
}

#[test]
fn every_error_is_a_single_line() {
    for args in [
        &["--x"][..],
        &["--listen", "x"],
        &["--max-line"],
        &["nope"],
        &["serve", "a"],
    ] {
        let e = error(args);
        assert!(!e.contains('\n') && !e.is_empty(), "{e:?}");
    }
}

#[test]
fn usage_states_the_real_defaults() {
    for fact in [
        DEFAULT_SERVE_ADDR.to_string(),
        DEFAULT_ECHO_ADDR.to_string(),
        DEFAULT_MAX_CLIENTS.to_string(),
        DEFAULT_MAX_LINE.to_string(),
        MAX_LINE_LIMIT.to_string(),
        RateLimit::default().lines_per_sec.to_string(),
    ] {
        assert!(USAGE.contains(&fact), "USAGE does not mention {fact}");
    }
    for flag in [
        "--listen",
        "--max-clients",
        "--max-line",
        "--rate-limit",
        "--help",
        "echo",
    ] {
        assert!(USAGE.contains(flag), "USAGE does not mention {flag}");
    }
}

#[test]
fn bot_mode_needs_an_address_and_a_channel() {
    let Ok(Mode::Bot(config)) = parse(&[
        "bot",
        "--connect",
        "127.0.0.1:6667",
        "--channel",
        "#a",
        "--channel",
        "#b",
    ]) else {
        panic!("not bot mode")
    };
    assert_eq!(config.channels, ["#a", "#b"]);
    assert_eq!((config.nick.as_str(), config.password), ("chatbot", None));
    assert_eq!(
        error(&["bot", "--channel", "#a"]),
        "chatbot bot needs --connect ADDR (see --help)"
    );
    assert_eq!(
        error(&["bot", "--connect", "127.0.0.1:6667"]),
        "chatbot bot needs at least one --channel (see --help)"
    );
    assert_eq!(
        error(&["bot", "--connect", "127.0.0.1:6667", "--channel", "lobby"]),
        "bad value for --channel: `lobby` is not a channel like '#lobby'"
    );
    assert!(
        error(&["bot", "--connect", "127.0.0.1:6667", "--nick", "a b"])
            .starts_with("bad value for --nick: ")
    );
}

#[test]
fn irc_flags_set_the_irc_front_end() {
    let config = serve(&[
        "--irc",
        "off",
        "--irc-password",
        "pw",
        "--server-name",
        "irc.test",
        "--irc-ping",
        "5",
    ]);
    assert_eq!(config.irc, None);
    assert!(config.irc_explicit);
    assert_eq!(config.irc_password.as_deref(), Some("pw"));
    assert_eq!(config.server_name, "irc.test");
    assert_eq!(config.irc_ping, Duration::from_secs(5));
    assert_eq!(
        serve(&["--irc", "127.0.0.1:7000"]).irc,
        Some("127.0.0.1:7000".parse().unwrap())
    );
    assert_eq!(serve(&[]).irc, Some(DEFAULT_IRC_ADDR));
    assert_eq!(
        error(&["--irc-ping", "0"]),
        "bad value for --irc-ping: must be at least 1"
    );
}

#[test]
fn irc_operators_are_name_colon_password_and_may_repeat() {
    let config = serve(&["--irc-oper", "admin:pw", "--irc-oper", "root:s:e:c"]);
    assert_eq!(
        config.irc_operators,
        [
            ("admin".to_string(), "pw".to_string()),
            ("root".to_string(), "s:e:c".to_string())
        ]
    );
    assert_eq!(
        error(&["--irc-oper", "admin"]),
        "bad value for --irc-oper: `admin` is not NAME:PASSWORD"
    );
}

#[test]
fn stats_interval_is_off_unless_given_in_whole_seconds() {
    assert_eq!(serve(&[]).stats_interval, None);
    assert_eq!(
        serve(&["--stats-interval", "10"]).stats_interval,
        Some(Duration::from_secs(10))
    );
    assert_eq!(
        error(&["--stats-interval", "0"]),
        "bad value for --stats-interval: must be at least 1"
    );
}

#[test]
fn web_is_on_by_default_and_may_move_or_be_off() {
    let config = serve(&[]);
    assert_eq!(config.web, Some(crate::config::DEFAULT_WEB_ADDR));
    assert!(!config.web_explicit);
    let moved = serve(&["--web", "127.0.0.1:9000"]);
    assert_eq!(moved.web, Some("127.0.0.1:9000".parse().unwrap()));
    assert!(moved.web_explicit);
    assert_eq!(serve(&["--web=off"]).web, None);
    assert!(error(&["--web", "nowhere"]).starts_with("bad value for --web: "));
}

#[test]
fn quiet_joins_defaults_to_200_and_takes_any_whole_number() {
    assert_eq!(serve(&[]).quiet_joins, 200);
    assert_eq!(serve(&["--quiet-joins", "3"]).quiet_joins, 3);
    assert_eq!(serve(&["--quiet-joins=0"]).quiet_joins, 0);
    assert_eq!(
        error(&["--quiet-joins", "many"]),
        "bad value for --quiet-joins: `many` is not a whole number"
    );
}
