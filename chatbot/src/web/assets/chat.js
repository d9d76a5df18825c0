// The chat page's script: one WebSocket to /chat carrying the plain protocol's lines.
//
// What the user types goes out as one text message per line, exactly what `nc` would send.
// What comes back is one message per batch of lines (chatbot/src/web/outgoing.rs), split at
// "\n" here. The line's shape gives its colour:
//
//   <nick> text      someone speaks            * nick joined / left   arrivals, departures
//   <nick> (private) a private message         * in ROOM (N): a, b    the /who answer
//   ! text           an error, for us only     * anything else        a notice or a /me
//
// Every piece of text reaches the page through textContent, never innerHTML: a line
// "<script>alert(1)</script>" shows as those characters.
"use strict";

const log = document.getElementById("log");
const status = document.getElementById("status");
const members = document.getElementById("members");
const roomName = document.getElementById("room-name");
const memberCount = document.getElementById("member-count");

let socket = null;
let me = null;            // our nick, from the welcome and renames
let room = null;          // our room, from /who answers
let whoPending = 0;       // /who we sent ourselves: their answers update the list silently
const present = new Set();

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(`${scheme}//${location.host}/chat`);
  socket.addEventListener("open", () => setStatus("connected", "ok"));
  socket.addEventListener("message", (event) => {
    for (const line of event.data.split("\n")) receive(line);
  });
  socket.addEventListener("close", (event) => {
    setStatus(`disconnected (${event.code})`, "bad");
    show(`connection closed (code ${event.code}${event.reason ? ", " + event.reason : ""})`, "error");
  });
}

function setStatus(text, kind) {
  status.textContent = text;
  status.className = `status ${kind}`;
}

function send(line) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(line);
}

function who() {
  whoPending += 1;
  send("/who");
}

// One line from the server: update what we know, then show it.
function receive(line) {
  if (line === "") return;
  let m;
  if ((m = line.match(/^\* welcome to chatbot! you are (\S+), in room (\S+)$/))) {
    me = m[1];
    setRoom(m[2], []);
    document.getElementById("nick").placeholder = me;
    who();
  } else if ((m = line.match(/^\* in (\S+) \(\d+\): (.*)$/))) {
    setRoom(m[1], m[2] === "" ? [] : m[2].split(", "));
    if (whoPending > 0) { whoPending -= 1; return; }
  } else if ((m = line.match(/^\* (\S+) joined$/))) {
    if (m[1] === me) who(); else { present.add(m[1]); drawMembers(); }
  } else if ((m = line.match(/^\* (\S+) left( \(.*\))?$/))) {
    present.delete(m[1]);
    drawMembers();
  } else if ((m = line.match(/^\* (\S+) is now known as (\S+)$/))) {
    if (m[1] === me) { me = m[2]; document.getElementById("nick").placeholder = me; }
    if (present.delete(m[1])) present.add(m[2]);
    drawMembers();
  }
  show(line, kindOf(line));
}

function kindOf(line) {
  if (line.startsWith("! ")) return "error";
  if (/^<[^>]+> \(private\) /.test(line)) return "private";
  if (line.startsWith("<bot> ")) return "bot";
  if (me && line.startsWith(`<${me}> `)) return "mine";
  if (line.startsWith("<")) return "chat";
  return "notice";
}

// Appends one line to the log; a chat line gets its nick in its own span.
function show(text, kind) {
  const item = document.createElement("li");
  item.className = kind;
  const time = document.createElement("time");
  time.textContent = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  item.append(time);
  const m = text.match(/^<([^>]+)> (.*)$/s);
  if (m) {
    const nick = document.createElement("b");
    nick.textContent = m[1];
    const said = document.createElement("span");
    said.textContent = " " + m[2];
    item.append(nick, said);
  } else {
    const said = document.createElement("span");
    said.textContent = text;
    item.append(said);
  }
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.append(item);
  while (log.children.length > 1000) log.firstChild.remove();
  if (atBottom) log.scrollTop = log.scrollHeight;
}

function setRoom(name, nicks) {
  room = name;
  roomName.textContent = name;
  present.clear();
  for (const nick of nicks) present.add(nick);
  drawMembers();
}

function drawMembers() {
  members.replaceChildren();
  for (const nick of [...present].sort()) {
    const item = document.createElement("li");
    item.textContent = nick;
    if (nick === me) item.className = "me";
    if (nick === "bot") item.className = "bot";
    item.title = nick === me ? "you" : `click to write to ${nick} privately`;
    item.addEventListener("click", () => {
      if (nick === me) return;
      const line = document.getElementById("line");
      line.value = `/msg ${nick} `;
      line.focus();
    });
    members.append(item);
  }
  memberCount.textContent = `(${present.size})`;
}

function onSubmit(id, handler) {
  document.getElementById(id).addEventListener("submit", (event) => {
    event.preventDefault();
    handler();
  });
}

onSubmit("say-form", () => {
  let m;
  const input = document.getElementById("line");
  if (input.value.trim() === "") return;
  send(input.value);
  // Our own chat lines are not echoed back by the server, as with nc: show them here.
  if (!input.value.startsWith("/") || input.value.startsWith("//")) {
    const text = input.value.startsWith("//") ? input.value.slice(1) : input.value;
    show(`<${me}> ${text}`, "mine");
  } else if (/^\/me /.test(input.value)) {
    show(`* ${me} ${input.value.slice(4)}`, "notice");
  } else if ((m = input.value.match(/^\/msg (\S+) (.*)$/))) {
    show(`-> ${m[1]}: ${m[2]}`, "private");
  }
  input.value = "";
});

onSubmit("nick-form", () => {
  const input = document.getElementById("nick");
  if (input.value.trim() !== "") send(`/nick ${input.value.trim()}`);
  input.value = "";
  document.getElementById("line").focus();
});

onSubmit("room-form", () => {
  const input = document.getElementById("room");
  if (input.value.trim() !== "") send(`/join ${input.value.trim()}`);
  input.value = "";
  document.getElementById("line").focus();
});

connect();
