//! Carrying out the bot's waiting work ([`Followup`]) in a task of its own, for clients of
//! every protocol alike.
//!
//! These are the runtime lessons the bot teaches: `!sleep` waits without stopping anyone
//! (asyncio's `sleep`), `!fib` computes on the blocking pool under a timeout and is cancelled
//! when it fires (`run_in_executor` + `wait_for`), `!stats` reads the runtime's metrics.

use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use runtime::time::{sleep, timeout};

use crate::bot::fib::{fib_mod, fib_reply, FIB_TIMEOUT};
use crate::core::Followup;
use crate::server::Server;

/// Starts `followup` in its own task, unless there is nothing to do.
pub(crate) fn start(server: &Rc<Server>, followup: Followup) {
    if followup != Followup::Nothing {
        drop(runtime::spawn(follow_up(server.clone(), followup)));
    }
}

/// The answer to `!fib n`: the loop computes on the blocking pool, under a timeout; when it
/// fires, the flag stops the computation so it does not keep a pool thread busy for nothing.
/// The bot client ([`bot_client`](crate::bot_client)) answers with it too.
pub(crate) async fn fib_answer(n: u64) -> String {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let job = runtime::spawn_blocking(move || fib_mod(n, &flag));
    let result = match timeout(FIB_TIMEOUT, job).await {
        Ok(Ok(result)) => result,
        Ok(Err(err)) => {
            log::error!("!fib {n} failed: {err}");
            None
        }
        Err(_) => {
            cancel.store(true, Ordering::Relaxed);
            None
        }
    };
    fib_reply(n, result)
}

/// Carries out the part of a bot command that has to wait, then answers.
async fn follow_up(server: Rc<Server>, followup: Followup) {
    let (to, text) = match followup {
        Followup::Nothing => return,
        Followup::Later { to, delay, text } => {
            // The asyncio.sleep lesson: this task waits, everyone else keeps chatting.
            sleep(delay).await;
            (to, text)
        }
        Followup::Fib { to, n } => (to, fib_answer(n).await),
        Followup::Stats { to } => (to, server.stats()),
    };
    server.core.borrow_mut().bot_answer(&to, &text);
}
