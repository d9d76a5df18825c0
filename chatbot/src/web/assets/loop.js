// The loop view's script: an EventSource on /loop/events, ten snapshots a second.
//
// A snapshot's counters are totals since the runtime started; the rates here are the
// difference between two snapshots divided by the time between them. The timeline keeps the
// last 200 differences, one column each. When a snapshot carries a `turns` history (one entry
// per reactor turn), the timeline draws those turns instead, and the task table grows a column
// for every extra per-task field it finds: the page shows what the runtime tells, no more.
"use strict";

const HISTORY = 200;
const history = [];           // per snapshot: differences of the counters
let previous = null;
let previousTasks = new Map(); // task id -> polls at the previous snapshot
const turnLog = [];           // the runtime's turn records, as they arrive; the last 200

const $ = (id) => document.getElementById(id);

function setStatus(text, kind) {
  $("status").textContent = text;
  $("status").className = `status ${kind}`;
}

const events = new EventSource("/loop/events");
events.addEventListener("open", () => setStatus("live", "ok"));
events.addEventListener("error", () => setStatus("reconnecting…", "bad"));
events.addEventListener("message", (event) => update(JSON.parse(event.data)));

function update(snap) {
  const m = snap.metrics;
  if (previous && snap.t_ms < previous.t_ms) previous = null; // a new stream
  if (previous) {
    const p = previous.metrics;
    const seconds = Math.max(snap.t_ms - previous.t_ms, 1) / 1000;
    const d = (key) => m[key] - p[key];
    const step = {
      turns: d("reactor_turns"),
      events: d("reactor_events"),
      polls: d("polls"),
      remote: d("remote_wakes"),
      timers: d("timers_fired"),
      blocking: m.blocking_threads_busy,
    };
    history.push(step);
    if (history.length > HISTORY) history.shift();
    $("turns-rate").textContent = `${rate(step.turns, seconds)} per second`;
    $("events-per-turn").textContent = step.turns ? (step.events / step.turns).toFixed(2) : "–";
    $("events-rate").textContent = `${rate(step.events, seconds)} events per second`;
    $("polls-rate").textContent = `${rate(step.polls, seconds)} per second`;
    $("wakes-rate").textContent =
      `${rate(d("local_wakes"), seconds)} local, ${rate(step.remote, seconds)} remote per second`;
  }
  $("turns").textContent = m.reactor_turns.toLocaleString();
  $("polls").textContent = m.polls.toLocaleString();
  $("wakes").textContent = `${m.local_wakes.toLocaleString()} / ${m.remote_wakes.toLocaleString()}`;
  $("timers").textContent = m.timers_pending;
  $("timers-fired").textContent = `${m.timers_fired.toLocaleString()} fired so far`;
  $("blocking").textContent = `${m.blocking_threads_busy} / ${m.blocking_threads_idle}`;
  $("tasks-alive").textContent = m.tasks_alive;
  $("tasks-spawned").textContent = `${m.tasks_spawned.toLocaleString()} spawned so far`;
  $("sources").textContent = `${m.io_sources} · ${snap.clients}`;
  $("outbox").textContent = `${snap.outbox_bytes} bytes waiting in outboxes`;
  if (Array.isArray(snap.turns)) {
    turnLog.push(...snap.turns);
    turnLog.splice(0, Math.max(0, turnLog.length - HISTORY));
    drawTurns();
  }
  drawTimeline(snap);
  drawTasks(snap, previous ? (snap.t_ms - previous.t_ms) / 1000 : 0);
  previous = snap;
}

function rate(count, seconds) {
  const value = count / seconds;
  return value >= 100 ? Math.round(value).toLocaleString() : value.toFixed(1);
}

const COLOURS = {
  turns: "#7aa2f7", events: "#9ece6a", polls: "#e0af68",
  remote: "#f7768e", timers: "#bb9af7", blocking: "#ff9e64",
};

// One column per snapshot (or per turn, when the runtime sends turns): stacked bars scaled to
// the largest value in view, and marks for the rare things (timers, remote wakes, the pool).
function drawTimeline(snap) {
  const canvas = $("timeline");
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  if (canvas.width !== width * ratio) { canvas.width = width * ratio; canvas.height = height * ratio; }
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const byTurn = turnLog.length > 0;
  const columns = byTurn ? turnLog.map(turnColumn) : history;
  if (byTurn) {
    $("timeline-what").textContent =
      `last ${columns.length} reactor turns; the first bar of each is how long it waited`;
  }
  const marks = 30, plot = height - marks;
  const top = Math.max(1, ...columns.map((c) => Math.max(c.events, c.polls, byTurn ? 0 : c.turns)));
  const longestWait = Math.max(1, ...columns.map((c) => c.waited ?? 0));
  const w = width / HISTORY;
  columns.forEach((c, i) => {
    const x = width - (columns.length - i) * w;
    const bar = (value, colour, offset, share) => {
      const h = (value / top) * (plot - 6);
      g.fillStyle = colour;
      g.fillRect(x + offset * w, plot - h, Math.max(w * share - 0.5, 0.5), h);
    };
    if (byTurn) bar((c.waited / longestWait) * top, COLOURS.turns, 0, 0.34);
    else bar(c.turns, COLOURS.turns, 0, 0.34);
    bar(c.events, COLOURS.events, 0.33, 0.34);
    bar(c.polls, COLOURS.polls, 0.66, 0.34);
    const mark = (on, colour, row) => {
      if (!on) return;
      g.fillStyle = colour;
      g.fillRect(x, plot + 4 + row * 9, Math.max(w - 0.5, 0.5), 6);
    };
    mark(c.timers > 0, COLOURS.timers, 0);
    mark(c.remote > 0, COLOURS.remote, 1);
    mark(c.blocking > 0, COLOURS.blocking, 2);
  });
  g.fillStyle = "#565f89";
  g.font = "11px system-ui, sans-serif";
  g.fillText(`${top} per column`, 4, 12);
}

// A turn from the runtime's history, as a timeline column. The field names are those of the
// runtime's turn record (`io_events`, `tasks_polled`, `cross_thread_wakes`, `timers_fired`,
// `woke_by`), as snapshot.rs is to write them; a field that is missing counts as zero.
function turnColumn(turn) {
  return {
    turns: 1,
    waited: turn.waited_us ?? 0,
    events: turn.io_events ?? 0,
    polls: turn.tasks_polled ?? (Array.isArray(turn.polled) ? turn.polled.length : 0),
    remote: turn.cross_thread_wakes ?? (turn.woke_by === "cross_thread" ? 1 : 0),
    timers: turn.timers_fired ?? (turn.woke_by === "timer" ? 1 : 0),
    blocking: 0,
  };
}

const WOKE_BY = {
  io: "I/O event", timer: "timer", cross_thread: "cross-thread wake",
  timeout: "timeout", nothing: "did not wait",
};

// The newest turns as rows: what each waited for, what woke it, what it dispatched and ran.
function drawTurns() {
  const rows = turnLog.slice(-12).reverse().map((turn) => {
    const cells = [
      turn.number.toLocaleString(),
      `${(turn.waited_us / 1000).toFixed(1)} ms`,
      WOKE_BY[turn.woke_by] ?? turn.woke_by,
      turn.io_events, turn.timers_fired, turn.cross_thread_wakes,
      turn.tasks_polled ? `${turn.tasks_polled}: ${turn.polled}` : "none",
      `${turn.running_us} µs`,
    ];
    const tr = document.createElement("tr");
    tr.className = `woke-${turn.woke_by}`;
    for (const text of cells) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  $("turn-rows").replaceChildren(...rows);
}

const KNOWN = new Set(["id", "name", "state", "queued", "polls", "busy_us"]);

function drawTasks(snap, seconds) {
  const tasks = snap.tasks;
  $("task-count").textContent = snap.tasks_total > tasks.length
    ? `${tasks.length} of ${snap.tasks_total}` : `${tasks.length}`;
  // Extra fields a richer runtime API adds get columns of their own, in the order first seen.
  const extra = [];
  for (const task of tasks) for (const key of Object.keys(task)) {
    if (!KNOWN.has(key) && !extra.includes(key)) extra.push(key);
  }
  const head = $("task-head");
  const busyHead = snap.debug ? "busy" : "busy (debug mode only)";
  const wanted = ["id", "name", "state", "polls", "polls/s", busyHead, ...extra.map((k) => k.replaceAll("_", " "))];
  if ([...head.children].map((th) => th.textContent).join("|") !== wanted.join("|")) {
    head.replaceChildren(...wanted.map((text) => {
      const th = document.createElement("th");
      th.textContent = text;
      return th;
    }));
  }
  const now = new Map();
  const rows = tasks.map((task) => {
    now.set(task.id, task.polls);
    const before = previousTasks.get(task.id);
    const pollRate = seconds && before !== undefined ? rate(task.polls - before, seconds) : "";
    const busy = task.busy_us === null ? "–" : `${(task.busy_us / 1000).toFixed(1)} ms`;
    const state = task.state + (task.queued ? ", queued" : "");
    const cells = [task.id, task.name ?? "–", state, task.polls.toLocaleString(), pollRate, busy,
      ...extra.map((key) => show(task[key]))];
    const tr = document.createElement("tr");
    if (task.state === "running") tr.className = "running";
    else if (task.queued) tr.className = "queued";
    for (const text of cells) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  $("task-rows").replaceChildren(...rows);
  previousTasks = now;
}

function show(value) {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
