// The end-to-end test of the web pages in a real browser, run by tests/tests/web_browser.rs:
//
//   node e2e.mjs WEB_ADDR PLAIN_ADDR
//
// Debian's chromium (/usr/bin/chromium, or $CHROMIUM), headless, driven by playwright-core (the
// library without its browser downloads). A raw TCP client of the plain protocol sits in the
// same room as the page: a line typed in the page must reach it, a line it sends must show in
// the page (as text, markup and all), and the loop view's turn count must rise.
// With UPDATE_SCREENSHOTS=1 it saves $SCREENSHOT_DIR/chat.png and loop.png.
//
// Every wait is for something to appear, bounded by TIMEOUT; nothing waits for time itself,
// except the screenshots, which let the timeline fill first.
import { chromium } from "playwright-core";
import net from "node:net";

const TIMEOUT = 10_000;
const [web, plain] = process.argv.slice(2);
if (!web || !plain) {
  console.error("usage: node e2e.mjs WEB_ADDR PLAIN_ADDR");
  process.exit(2);
}
const screenshots = process.env.UPDATE_SCREENSHOTS === "1" ? process.env.SCREENSHOT_DIR : null;

// A plain-protocol client: lines in, and a wait for a line matching a test.
function tcpClient(addr) {
  const [host, port] = [addr.slice(0, addr.lastIndexOf(":")), Number(addr.slice(addr.lastIndexOf(":") + 1))];
  const socket = net.connect(port, host);
  socket.setEncoding("utf8");
  const lines = [];
  let waiting = null;
  let rest = "";
  socket.on("data", (chunk) => {
    rest += chunk;
    let at;
    while ((at = rest.indexOf("\n")) >= 0) {
      lines.push(rest.slice(0, at));
      rest = rest.slice(at + 1);
    }
    if (waiting) waiting();
  });
  return {
    send: (line) => socket.write(line + "\n"),
    close: () => socket.destroy(),
    expect(test, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the TCP client never got ${what}; it got ${JSON.stringify(lines)}`)), TIMEOUT);
        const check = () => {
          const found = lines.findIndex(test);
          if (found < 0) return;
          const [line] = lines.splice(0, found + 1).slice(-1);
          clearTimeout(timer);
          waiting = null;
          resolve(line);
        };
        waiting = check;
        check();
      });
    },
  };
}

const problems = [];
function watch(page, name) {
  page.on("pageerror", (err) => problems.push(`${name}: ${err.message}`));
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`${name}: console: ${msg.text()}`); });
  page.on("requestfailed", (req) => problems.push(`${name}: request failed: ${req.url()}`));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  context.setDefaultTimeout(TIMEOUT);

  const raw = tcpClient(plain);
  const welcome = await raw.expect((l) => l.startsWith("* welcome to chatbot! you are "), "a welcome");
  const rawNick = welcome.match(/you are (\S+),/)[1];
  raw.send("/nick bob");
  await raw.expect((l) => l === `* ${rawNick} is now known as bob`, "its rename");

  const chat = await context.newPage();
  watch(chat, "chat");
  await chat.goto(`http://${web}/`);
  await chat.locator("#status", { hasText: "connected" }).waitFor();
  await chat.locator("#members li", { hasText: "bob" }).waitFor();

  // Set a nick.
  await chat.fill("#nick", "alice");
  await chat.click("#nick-set");
  await raw.expect((l) => l.endsWith(" is now known as alice"), "alice's rename");
  await chat.locator("#members li.me", { hasText: "alice" }).waitFor();

  // A line typed in the page reaches the TCP client.
  await chat.fill("#line", "hello from chromium");
  await chat.press("#line", "Enter");
  await raw.expect((l) => l === "<alice> hello from chromium", "the page's line");

  // A line the TCP client sends shows in the page, as text even when it looks like markup.
  raw.send("hi alice, from a raw TCP socket");
  await chat.locator("#log li", { hasText: "hi alice, from a raw TCP socket" }).waitFor();
  raw.send("<b>not bold</b> <script>alert(1)</script>");
  await chat.locator("#log li", { hasText: "<b>not bold</b> <script>alert(1)</script>" }).waitFor();
  if ((await chat.locator("#log li span b, #log li script").count()) !== 0) {
    throw new Error("a chat line was rendered as markup");
  }

  // The loop view: the turn count rises.
  const loop = await context.newPage();
  watch(loop, "loop");
  await loop.goto(`http://${web}/loop`);
  await loop.locator("#status", { hasText: "live" }).waitFor();
  const turns = async () => Number((await loop.locator("#turns").textContent()).replace(/\D/g, ""));
  await loop.waitForFunction(() => Number(document.getElementById("turns").textContent.replace(/\D/g, "")) > 0);
  const first = await turns();
  await loop.waitForFunction(
    (before) => Number(document.getElementById("turns").textContent.replace(/\D/g, "")) > before,
    first,
  );
  console.log(`loop view: turns rose from ${first} to ${await turns()}`);

  if (screenshots) {
    // Some life for the pictures: a conversation, the bot, a timer and a blocking job, with
    // quiet seconds before and after so the timeline shows them against the idle loop.
    await loop.waitForTimeout(4000);
    await chat.fill("#line", "/me waves at bob");
    await chat.press("#line", "Enter");
    raw.send("/me waves back");
    raw.send("!roll 2d6");
    await chat.locator("#log li.bot").first().waitFor();
    await chat.fill("#line", "!sleep 2");
    await chat.press("#line", "Enter");
    await chat.fill("#line", "!fib 40000000");
    await chat.press("#line", "Enter");
    raw.send("anyone watching the loop view? the timeline shows this");
    await chat.locator("#log li", { hasText: "fib(40000000)" }).waitFor({ timeout: 30_000 }).catch(() => {});
    await chat.locator("#log li", { hasText: "slept" }).waitFor({ timeout: 30_000 });
    await chat.screenshot({ path: `${screenshots}/chat.png` });
    await loop.bringToFront();
    await loop.waitForTimeout(2500);
    await loop.screenshot({ path: `${screenshots}/loop.png` });
    console.log(`screenshots saved in ${screenshots}`);
  }

  raw.close();
  if (problems.length > 0) throw new Error(`the pages reported problems:\n${problems.join("\n")}`);
  console.log("browser test passed");
} finally {
  await browser.close();
}
