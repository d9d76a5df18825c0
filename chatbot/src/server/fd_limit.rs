//! The start-up check that the process may open enough files for `--max-clients`.
//!
//! Every client is a socket, and every socket a file descriptor, counted against the soft
//! `RLIMIT_NOFILE`. Many systems start a shell at 1024, far below the default `--max-clients`
//! of 10,000. Running out is survivable (the accept loop backs off on `EMFILE` and retries,
//! `runtime/src/net/accept_backoff.rs`), but clients beyond the limit then wait in the
//! listen queue or time out, and `--max-clients` promises something the process cannot
//! keep. So the server says so once, at start-up, with the fix (`ulimit -n`, or
//! `LimitNOFILE=` in a systemd unit).
//!
//! The limit is read from `/proc/self/limits`, which needs no `unsafe` `getrlimit` call and
//! no `libc` dependency: the chat server depends on the runtime and logging only. Where that
//! file does not exist (not Linux) or says `unlimited`, there is nothing to warn about.
//!
//! ```
//! use chatbot::server::fd_limit::{descriptors_needed, soft_limit_from};
//!
//! let limits = "Limit  Soft Limit  Hard Limit  Units\n\
//!               Max open files            1024                 524288               files\n";
//! assert_eq!(soft_limit_from(limits), Some(1024));
//! assert!(descriptors_needed(10_000) > 1024);
//! ```

/// Descriptors the server holds besides its clients' sockets: stdio, the two listeners, the
/// reactor's epoll and eventfd, two signal listeners' socket pairs, and some slack (a
/// connection being refused as "server full" still holds its socket for a moment).
const OVERHEAD: u64 = 32;

/// How many descriptors `max_clients` connections need at most.
pub fn descriptors_needed(max_clients: usize) -> u64 {
    (max_clients as u64).saturating_add(OVERHEAD)
}

/// The soft limit on open files from the text of `/proc/self/limits`; `None` if it is
/// unlimited or the line is missing or unreadable.
pub fn soft_limit_from(limits: &str) -> Option<u64> {
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Logs a warning if this process's soft `RLIMIT_NOFILE` is below what `max_clients` needs.
pub fn warn_if_too_low(max_clients: usize) {
    let Ok(limits) = std::fs::read_to_string("/proc/self/limits") else {
        return;
    };
    let Some(soft) = soft_limit_from(&limits) else {
        return;
    };
    let needed = descriptors_needed(max_clients);
    if soft < needed {
        log::warn!(
            "the open-file limit is {soft}, but --max-clients {max_clients} needs about \
             {needed}: clients past {} will wait or fail; raise it (`ulimit -n {needed}`, \
             or LimitNOFILE= in a systemd unit) or lower --max-clients",
            soft.saturating_sub(OVERHEAD)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINUX: &str = "\
Limit                     Soft Limit           Hard Limit           Units     
Max processes             96363                96363                processes 
Max open files            20000                524288               files     
Max locked memory         8388608              8388608              bytes     
";

    #[test]
    fn the_soft_limit_is_the_first_figure_of_its_line() {
        assert_eq!(soft_limit_from(LINUX), Some(20000));
    }

    #[test]
    fn unlimited_or_missing_means_no_limit_to_warn_about() {
        let unlimited = LINUX.replace("20000                524288", "unlimited  unlimited");
        assert_eq!(soft_limit_from(&unlimited), None);
        assert_eq!(soft_limit_from("Limit Soft Hard\n"), None);
        assert_eq!(soft_limit_from(""), None);
    }

    #[test]
    fn every_client_needs_a_descriptor_and_the_server_some_more() {
        assert_eq!(descriptors_needed(10_000), 10_000 + OVERHEAD);
        assert_eq!(descriptors_needed(usize::MAX), u64::MAX, "saturates");
    }
}
