//! What the kernel tells us about a process: its CPU time, its resident memory, and how many file
//! descriptors it may open.
//!
//! The echo, chat and idle scenarios measure a *server process* from the outside, the way `top`
//! would: the orchestrator reads `/proc/PID/stat` and `/proc/PID/status` of the child it started.
//! Nothing here needs the server's cooperation, so every implementation is measured the same way.
//!
//! It also holds the two socket and process settings std has no call for (the listen backlog and
//! the fd limit). This is the only file with `unsafe`: libc calls without a wrapper in std.
//!
//! ```ignore
//! let before = os::cpu_time(pid)?;
//! // ... let the server work ...
//! let spent = os::cpu_time(pid)? - before;
//! ```

use std::fs;
use std::io;
use std::net::TcpListener;
use std::os::fd::AsRawFd;
use std::time::Duration;

/// Resident memory of a process, in bytes, as `/proc/PID/status` reports it.
#[derive(Clone, Copy, Debug)]
pub struct Memory {
    /// `VmRSS`: pages resident right now.
    pub rss: u64,
    /// `VmHWM`: the high-water mark of `VmRSS` over the process's life.
    pub peak: u64,
}

/// Raises the soft `RLIMIT_NOFILE` to the hard limit and returns the new soft limit.
///
/// Ten thousand idle connections need ten thousand descriptors in the server and as many in the
/// client, and many shells start with a soft limit of 1024. Raising the soft limit up to the hard
/// one needs no privilege; children inherit it, so the orchestrator calls this once for everyone.
/// Where the hard limit itself is too low, `ulimit -Hn` (as root) is the fix.
pub fn raise_fd_limit() -> io::Result<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a live, writable `rlimit` for the whole call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    if limit.rlim_cur < limit.rlim_max {
        limit.rlim_cur = limit.rlim_max;
        // SAFETY: `limit` is a live `rlimit`; the kernel only reads it.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(limit.rlim_cur)
}

/// Lets up to `SOMAXCONN` (4096 on Linux) handshaken connections wait for `accept`.
///
/// std's `TcpListener::bind` (and mio's) listens with a backlog of 128. When a thousand clients
/// connect at once, a server that falls a little behind overflows that queue, the kernel drops
/// the handshake, and the client retries only after a one-second timeout, which would swamp the
/// measurement. Linux allows `listen` again on a listening socket, to change its backlog.
pub fn widen_listen_backlog(listener: &TcpListener) -> io::Result<()> {
    // SAFETY: the descriptor is open for as long as `listener` is borrowed, and `listen` on it
    // changes only the kernel's queue length.
    if unsafe { libc::listen(listener.as_raw_fd(), libc::SOMAXCONN) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// User plus system CPU time the process `pid` has used so far, summed over its threads.
///
/// The kernel counts in clock ticks (usually 10 ms), so a measurement should span many ticks:
/// the echo scenario runs each client for about a second.
pub fn cpu_time(pid: u32) -> io::Result<Duration> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The second field is the command name in parentheses and may itself contain spaces or
    // parentheses, so count fields from the last `)`: there, field 3 (`state`) is index 0, and
    // `utime` and `stime` (fields 14 and 15 in proc(5)) are indexes 11 and 12.
    let after_name = stat
        .rfind(')')
        .map(|i| &stat[i + 1..])
        .ok_or_else(|| bad_proc(&stat))?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| -> io::Result<u64> {
        fields
            .get(i)
            .and_then(|f| f.parse().ok())
            .ok_or_else(|| bad_proc(&stat))
    };
    let total_ticks = ticks(11)? + ticks(12)?;
    Ok(Duration::from_secs_f64(
        total_ticks as f64 / clock_ticks_per_second() as f64,
    ))
}

/// Current and peak resident memory of the process `pid`.
pub fn memory(pid: u32) -> io::Result<Memory> {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib = |key: &str| -> io::Result<u64> {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .ok_or_else(|| bad_proc(&status))
    };
    Ok(Memory {
        rss: kib("VmRSS:")? * 1024,
        peak: kib("VmHWM:")? * 1024,
    })
}

/// How many file descriptors the process `pid` has open: the entries of `/proc/PID/fd`.
pub fn open_fds(pid: u32) -> io::Result<u64> {
    Ok(fs::read_dir(format!("/proc/{pid}/fd"))?.count() as u64)
}

/// Sends SIGINT to `pid`, as Ctrl-C would; a process already gone is no error.
pub fn interrupt(pid: u32) {
    // SAFETY: `kill` takes plain integers and touches no memory of ours.
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGINT);
    }
}

/// The CPU model named in `/proc/cpuinfo`, for the report's header.
pub fn cpu_model() -> Option<String> {
    let info = fs::read_to_string("/proc/cpuinfo").ok()?;
    let line = info.lines().find(|line| line.starts_with("model name"))?;
    Some(line.split_once(':')?.1.trim().to_string())
}

/// The unit of `utime` and `stime` (`USER_HZ`), which is 100 on every common Linux build but is
/// not promised to be.
fn clock_ticks_per_second() -> u64 {
    // SAFETY: `sysconf` only reads a configuration value; it has no memory preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if ticks > 0 {
        ticks as u64
    } else {
        100
    }
}

fn bad_proc(text: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("unexpected /proc contents: {text:.80}"),
    )
}
