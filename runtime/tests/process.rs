//! `runtime::process`: spawning, waiting, killing and talking to child processes.
//!
//! The children are `sh`, `cat` and `head`, which every Unix has.
#![cfg(target_os = "linux")]

use std::os::unix::process::ExitStatusExt;
use std::time::Duration;

use runtime::io::{AsyncReadExt, AsyncWriteExt};
use runtime::process::{Child, Command, Stdio};
use runtime::time::timeout;

/// Generous: these tests wait for real processes on a shared machine, and a deadlock would
/// otherwise hang the suite instead of failing it.
const LIMIT: Duration = Duration::from_secs(30);

fn sh(script: &str) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(script);
    command
}

/// `cat` with its stdin and stdout piped: it echoes what we write and exits at EOF.
fn cat(kill_on_drop: bool) -> Child {
    Command::new("cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .kill_on_drop(kill_on_drop)
        .spawn()
        .unwrap()
}

/// Whether `pid` is still in the process table (running, or a zombie nobody reaped).
fn in_process_table(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Spawns short-lived children (each spawn first reaps the orphans that have exited) until
/// `pid` has left the process table, or `LIMIT` passes; whether it left.
fn reaped_by_later_spawns(pid: u32) -> bool {
    runtime::run(async {
        let reaping = async {
            while in_process_table(pid) {
                Command::new("true").status().await.unwrap();
            }
        };
        timeout(LIMIT, reaping).await.is_ok()
    })
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn output_collects_stdout_stderr_and_the_exit_code() {
    runtime::run(async {
        let output = timeout(LIMIT, sh("echo out; echo err >&2; exit 3").output())
            .await
            .expect("the child did not finish")
            .unwrap();
        assert_eq!(output.status.code(), Some(3));
        assert!(!output.status.success());
        assert_eq!(output.stdout, b"out\n");
        assert_eq!(output.stderr, b"err\n");
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn output_reads_both_pipes_at_once_past_the_pipe_buffer() {
    // 300 KB to stderr *first*: a reader that drained stdout to its end before touching stderr
    // would wait forever for a child blocked on the full stderr pipe.
    const SIZE: usize = 300_000;
    runtime::run(async {
        let script = format!("head -c {SIZE} /dev/zero >&2; head -c {SIZE} /dev/zero");
        let output = timeout(LIMIT, sh(&script).output())
            .await
            .expect("output() deadlocked on a full pipe")
            .unwrap();
        assert!(output.status.success());
        assert_eq!(output.stdout.len(), SIZE);
        assert_eq!(output.stderr.len(), SIZE);
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn status_returns_the_exit_code() {
    runtime::run(async {
        let status = sh("exit 7").status().await.unwrap();
        assert_eq!(status.code(), Some(7));
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn args_env_and_current_dir_reach_the_child() {
    runtime::run(async {
        let output = sh("echo \"$0 $GREETING $UNSET_ME $(pwd)\"")
            .arg("zeroth")
            .env("GREETING", "hello")
            .env("UNSET_ME", "visible")
            .env_remove("UNSET_ME")
            .current_dir("/")
            .output()
            .await
            .unwrap();
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            "zeroth hello  /\n"
        );
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn env_clear_leaves_only_what_env_sets() {
    runtime::run(async {
        let output = Command::new("/bin/sh")
            .arg("-c")
            .arg("echo \"[$HOME][$ONLY]\"")
            .env_clear()
            .env("ONLY", "me")
            .output()
            .await
            .unwrap();
        assert_eq!(output.stdout, b"[][me]\n");
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn spawning_a_missing_program_is_a_not_found_error() {
    runtime::run(async {
        let err = Command::new("/this/program/does/not/exist")
            .spawn()
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn stdin_and_stdout_pipes_stream_more_than_a_pipe_buffer_both_ways() {
    // 1 MB through `cat`: writing it all before reading would fill both pipes and stall.
    const SIZE: usize = 1 << 20;
    runtime::run(async {
        let mut child = cat(false);
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let data: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8).collect();
        let writing = async {
            stdin.write_all(&data).await.unwrap();
            stdin.shutdown().await.unwrap(); // EOF for cat
        };
        let mut echoed = Vec::new();
        let reading = stdout.read_to_end(&mut echoed);
        timeout(LIMIT, async { runtime::join!(writing, reading) })
            .await
            .expect("the pipes stalled")
            .1
            .unwrap();
        assert_eq!(echoed, data);
        assert!(child.wait().await.unwrap().success());
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn try_wait_is_none_while_the_child_runs_and_the_status_after() {
    runtime::run(async {
        let mut child = Command::new("cat").stdin(Stdio::piped()).spawn().unwrap();
        let stdin = child.stdin.take().unwrap();
        assert!(
            child.try_wait().unwrap().is_none(),
            "cat waits for its input"
        );
        drop(stdin); // EOF: cat exits 0
        let status = timeout(LIMIT, child.wait()).await.unwrap().unwrap();
        assert!(status.success());
        assert_eq!(
            child.try_wait().unwrap(),
            Some(status),
            "the status is remembered"
        );
        assert_eq!(
            child.wait().await.unwrap(),
            status,
            "and wait may be called again"
        );
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn kill_ends_the_child_and_its_status_names_the_signal() {
    runtime::run(async {
        let mut child = Command::new("cat").stdin(Stdio::piped()).spawn().unwrap();
        let _stdin = child.stdin.take(); // held open: cat would otherwise exit on EOF
        child.kill().unwrap();
        let status = timeout(LIMIT, child.wait()).await.unwrap().unwrap();
        assert_eq!(status.signal(), Some(libc::SIGKILL));
        assert_eq!(status.code(), None);
        child.kill().unwrap(); // already reaped: nothing to do, no error
    });
}

#[test]
#[cfg_attr(miri, ignore = "signals: Miri cannot deliver them")]
fn a_child_that_kills_itself_reports_that_signal() {
    runtime::run(async {
        let status = sh("kill -TERM $$").status().await.unwrap();
        assert_eq!(status.signal(), Some(libc::SIGTERM));
        assert!(!status.success());
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn kill_on_drop_kills_a_running_child() {
    runtime::run(async {
        let mut child = cat(true);
        let _stdin = child.stdin.take(); // held open: only a kill can end cat
        let mut stdout = child.stdout.take().unwrap();
        drop(child);
        // Killed, cat's end of the stdout pipe closes: we read EOF.
        let mut rest = Vec::new();
        timeout(LIMIT, stdout.read_to_end(&mut rest))
            .await
            .expect("the child survived its drop")
            .unwrap();
        assert!(rest.is_empty());
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn without_kill_on_drop_a_dropped_child_keeps_running() {
    runtime::run(async {
        let mut child = cat(false);
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        drop(child);
        stdin.write_all(b"still here\n").await.unwrap();
        let mut line = [0; 11];
        timeout(LIMIT, stdout.read_exact(&mut line))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(&line, b"still here\n");
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn a_dropped_child_is_reaped_when_it_exits_leaving_no_zombie() {
    runtime::run(async {
        let mut child = cat(false);
        let pid = child.id();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        drop(child); // nobody will wait for it
        drop(stdin); // now cat exits
        let mut rest = Vec::new();
        stdout.read_to_end(&mut rest).await.unwrap();
        // cat has closed stdout; the reaper task reaps it once the reactor reports its pidfd.
        // (A zombie stays in /proc until reaped.) Give the loop turns until it is gone.
        timeout(LIMIT, async {
            while in_process_table(pid) {
                runtime::yield_now().await;
            }
        })
        .await
        .expect("the dropped child stayed a zombie");
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn a_hundred_children_run_at_once() {
    const CHILDREN: usize = 100;
    runtime::run(async {
        // Every child waits for its stdin to close, so all 100 are alive at the same time.
        let mut children: Vec<_> = (0..CHILDREN)
            .map(|i| {
                sh("read line; echo \"$0:$line\"")
                    .arg(i.to_string())
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children.iter_mut() {
            assert!(child.try_wait().unwrap().is_none());
        }
        for (i, child) in children.iter_mut().enumerate() {
            let mut stdin = child.stdin.take().unwrap();
            stdin
                .write_all(format!("hello {i}\n").as_bytes())
                .await
                .unwrap();
        }
        let outputs = timeout(
            LIMIT,
            runtime::join_all(children.into_iter().map(|child| child.wait_with_output())),
        )
        .await
        .expect("the children did not all finish");
        for (i, output) in outputs.into_iter().enumerate() {
            let output = output.unwrap();
            assert!(output.status.success());
            assert_eq!(
                String::from_utf8(output.stdout).unwrap(),
                format!("{i}:hello {i}\n")
            );
        }
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn a_child_dropped_outside_any_runtime_is_reaped_by_a_later_spawn() {
    // The child outlives the runtime that spawned it: no loop is left to wait on its pidfd.
    let child = runtime::run(async { sh("exit 0").spawn().unwrap() });
    let pid = child.id();
    drop(child); // onto the process-wide orphan list
    assert!(reaped_by_later_spawns(pid), "the orphan was never reaped");
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn null_stdio_reads_as_empty_and_swallows_output_and_unpiped_streams_are_none() {
    runtime::run(async {
        let child = sh("cat; echo visible; echo hidden >&2")
            .stdin(Stdio::null()) // cat reads EOF at once
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        assert!(child.stdin.is_none() && child.stderr.is_none());
        let output = timeout(LIMIT, child.wait_with_output())
            .await
            .unwrap()
            .unwrap();
        assert!(output.status.success());
        assert_eq!(output.stdout, b"visible\n");
        assert_eq!(output.stderr, b"");
    });
}

#[test]
#[cfg_attr(miri, ignore = "child processes: Miri cannot spawn them")]
fn a_child_held_by_a_task_cancelled_at_shutdown_is_still_reaped() {
    // The task owning the Child is dropped when the runtime shuts down; the reaper task it
    // spawns from its drop is dropped in turn, and lands the child on the orphan list.
    let (pid, stdin) = runtime::run(async {
        let mut child = cat(false);
        let stdin = child.stdin.take().unwrap();
        let pid = child.id();
        runtime::spawn(async move {
            let _child = child;
            std::future::pending::<()>().await;
        });
        runtime::yield_now().await; // the holder starts
        (pid, stdin)
    });
    drop(stdin); // cat reads EOF and exits
    assert!(
        reaped_by_later_spawns(pid),
        "the child was lost at shutdown and stayed a zombie"
    );
}
