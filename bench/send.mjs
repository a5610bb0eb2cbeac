// Per-send overhead: 2,000 sequential sends per side to a loopback mock in another process (so the
// server's work is not on the client's event loop), interleaved so every side sees the same machine
// state, all with the same body and headers (accept, authorization, content-type). Reports p50/p99
// latency and ratios to ky with the same custom fetch and to raw fetch (target: wafluent p50 ≤ 1.10× ky
// with the same custom fetch).
// Sides:
// - raw fetch;
// - ky as most code calls it (body in ky's options), with the client's timeout and retry settings;
// - ky as wafluent calls it for a send's first attempt, as src/send/transport.ts does for a client
//   without hooks or a ky instance: ky with no retry, no timeout and no HTTP errors builds a bare
//   Request (method and URL); the headers, body, `redirect: "manual"` and the attempt's signal are
//   attached in ky's `fetch` option (`attachBody`); wafluent's own timer bounds the attempt (ky's
//   retry loop, with the client's timeout and retry policy, only sees an attempt that failed);
// - ky with the same custom fetch (the baseline): ky with no retry and no timeout, headers in its
//   options and the body attached by a custom `fetch` as wafluent attaches it, the least ky does per
//   request as code usually calls it (the first-attempt side hands ky less, the headers too are
//   attached in `fetch`, so it can come in at or under this baseline);
// - wafluent: build + validate + compile + ky + read, what `await wa.text(…).to(…)` costs.
// Usage: npm run build && npx node bench/send.mjs [--write]
// (N=2000; COMPARE=/path/to/checkout adds that checkout's dist/ as a sixth side, e.g. main before a
// change, so before and after are measured interleaved in one run)
import { createServer } from "node:http";
import { fork } from "node:child_process";
import ky from "ky";
import { report, writeSection } from "./results.mjs";
import { whatsapp } from "../dist/index.js";
import { httpProvider } from "../dist/provider-kit.js";

if (process.argv[2] === "server") {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const body = '{"id":"wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}';
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
  process.on("disconnect", () => server.close());
} else await main();

async function main() {
  const N = Number(process.env.N ?? 2000);
  const WARMUP = 300;
  const COMPARE = process.env.COMPARE;
  const child = fork(new URL(import.meta.url).pathname, ["server"]);
  const { port } = await new Promise((r) => child.once("message", r));
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/v1/messages`;

  const headers = { authorization: "Bearer bench-token", "content-type": "application/json" };
  const provider = httpProvider({
    name: "bench",
    kinds: ["text"],
    compile: (m) => ({
      url,
      method: "POST",
      headers,
      body: { messaging_product: "whatsapp", to: m.to.slice(1), type: "text", text: { body: m.body } },
    }),
    parseSuccess: (a) => ({ id: a.body.id, status: "accepted" }),
    parseError: (a) => ({ message: String(a.body) }),
  });
  const wa = whatsapp({ provider });
  const waCompare = COMPARE ? (await import(`${COMPARE}/dist/index.js`)).whatsapp({ provider }) : undefined;
  const text = "Your order #1234 has shipped and will arrive tomorrow.";
  const body = JSON.stringify({ messaging_product: "whatsapp", to: "31612345678", type: "text", text: { body: text } });
  const sent = { accept: "application/json", ...headers };

  const settings = { timeout: 30_000, retry: { limit: 2, methods: ["post"], statusCodes: [429, 503] } };
  // ky forwards options it does not know to fetch; the body rides along in one, as in src/send/transport.ts.
  const attach = (request, { wafluentBody, ...init }) => fetch(request, { ...init, body: wafluentBody });
  const kyPlain = ky.extend(settings);
  // ky configured exactly as src/send/transport.ts configures it for a client without hooks or a ky
  // instance (no redirects, accept once per client, the default retry policy, lenient JSON), called
  // the way the transport calls it (the response first, then its text through ky's timeout race).
  const lenient = (text) => {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  const kyFirst = ky.extend({
    timeout: false,
    retry: 0,
    throwHttpErrors: false,
    fetch: (request, { wafluentCarry }) => fetch(request, wafluentCarry.init),
  });
  const kyFloor = ky.extend({ timeout: false, retry: 0, fetch: attach });

  const sides = {
    fetch: async () => {
      const r = await fetch(url, { method: "POST", headers: sent, body });
      if (!r.ok) throw new Error(String(r.status));
      return JSON.parse(await r.text()).id;
    },
    kyPlain: async () => JSON.parse(await kyPlain(url, { method: "POST", headers: sent, body }).text()).id,
    kyAttached: async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      const init = {
        headers: { accept: "application/json", ...headers },
        body,
        redirect: "manual",
        signal: controller.signal,
      };
      const response = await kyFirst(url, { method: "POST", wafluentCarry: { init } });
      const text = await response.text();
      clearTimeout(timer);
      return lenient(text).id;
    },
    kyFloor: async () =>
      JSON.parse(await kyFloor(url, { method: "POST", headers: sent, wafluentBody: body }).text()).id,
    wafluent: async () => (await wa.text(text).to("+31612345678")).id,
    ...(waCompare && { compare: async () => (await waCompare.text(text).to("+31612345678")).id }),
  };
  const names = Object.keys(sides);
  for (const name of names)
    if ((await sides[name]()) !== "wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA")
      throw new Error(`${name}: wrong answer`);

  const time = async (fn) => {
    const t = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (let i = 0; i < WARMUP; i++) for (const name of names) await sides[name]();
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < N; i++) {
    // Rotate the order so no side always runs right after another.
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length];
      times[name].push(await time(sides[name]));
    }
  }
  child.disconnect();
  const q = (xs, p) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  const r = Object.fromEntries(names.map((n) => [n, { p50: q(times[n], 0.5), p99: q(times[n], 0.99) }]));
  const ms = (x) => `${x.toFixed(3)} ms`;
  const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
  const row = (label, n) =>
    `| ${label} | ${ms(r[n].p50)} | ${ratio(r[n].p50, r.fetch.p50)} | ${ms(r[n].p99)} | ${ratio(r[n].p99, r.fetch.p99)} |`;
  const w = r.wafluent.p50 / r.fetch.p50;
  const floor = r.wafluent.p50 / r.kyFloor.p50;
  const added = (n) => (r[n].p50 - r.fetch.p50).toFixed(3);
  const lines = [
    `## Send overhead (bench/send.mjs, ${new Date().toISOString().slice(0, 10)}, node ${process.version})`,
    "",
    `${N} sequential sends per side to a loopback mock in another process (interleaved), same body and headers on every side.`,
    "",
    "| what | p50 | ÷ raw fetch | p99 | ÷ raw fetch |",
    "|---|---|---|---|---|",
    row("raw fetch", "fetch"),
    row("ky, body in ky's options (30 s timeout, 2 retries of 429/503)", "kyPlain"),
    row(
      "ky as wafluent calls it for a first attempt (its own 30 s timer; no redirects; headers, body and signal attached in ky's `fetch`)",
      "kyAttached",
    ),
    row("ky with the same custom fetch (no retry, no timeout, body attached in ky's `fetch`): the baseline", "kyFloor"),
    row("wafluent (build + validate + compile + ky + read)", "wafluent"),
    ...(COMPARE ? [row(`wafluent, the build in ${COMPARE}`, "compare")] : []),
    "",
    `wafluent ÷ ky with the same custom fetch at p50: ${floor.toFixed(2)}× ${floor <= 1.1 ? "✔" : "✘"} (target ≤ 1.10×); ÷ raw fetch ${w.toFixed(2)}×.` +
      (COMPARE ? ` This build ÷ the one in ${COMPARE}: ${(r.wafluent.p50 / r.compare.p50).toFixed(3)}× at p50.` : ""),
    `Split at p50: ky as wafluent calls it ÷ ky with the same custom fetch ${ratio(r.kyAttached.p50, r.kyFloor.p50)} (wafluent's timer and abort signal; ky's retry`,
    "loop, its timeout races and its Request clone per attempt come in only after a first attempt that failed),",
    `and wafluent's own work (build, validate, compile, JSON, read, redaction) ÷ that ${ratio(r.wafluent.p50, r.kyAttached.p50)}.`,
    `Over raw fetch wafluent adds ${added("wafluent")} ms per send; against a provider 50–300 ms away that is well under 1 %.`,
  ];
  console.log(lines.join("\n"));
  report("send", {
    n: N,
    p50: Object.fromEntries(names.map((n) => [n, r[n].p50])),
    kyFloorRatio: floor,
    fetchRatio: w,
  });
  if (process.argv.includes("--write")) writeSection("send", lines);
}
