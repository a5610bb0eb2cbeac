// Per-send overhead: 2,000 sequential sends to a loopback mock, wafluent (build + validate +
// compile + ky + read) vs raw fetch with the same body and headers, interleaved A/B so both see
// the same machine state. Reports p50/p99 latency and their ratios (target p50 ratio ≤ 1.10×).
// Usage: npm run build && npx node bench/send.mjs [--write]
import { createServer } from "node:http";
import ky from "ky";
import { writeSection } from "./results.mjs";
import { whatsapp } from "../dist/index.js";

const N = Number(process.env.N ?? 2000);
const WARMUP = 300;
const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = '{"id":"wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}';
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const headers = { authorization: "Bearer bench-token", "content-type": "application/json" };
const provider = {
  name: "bench",
  kinds: ["text"],
  compile: (m) => ({
    url: `${base}/v1/messages`,
    method: "POST",
    headers,
    body: { messaging_product: "whatsapp", to: m.to.slice(1), type: "text", text: { body: m.body } },
  }),
  parseSuccess: (a) => ({ id: a.body.id, status: "accepted" }),
  parseError: (a) => ({ message: String(a.body) }),
};
const wa = whatsapp({ provider });
const text = "Your order #1234 has shipped and will arrive tomorrow.";
const body = JSON.stringify({ messaging_product: "whatsapp", to: "31612345678", type: "text", text: { body: text } });

const viaWafluent = async () => (await wa.text(text).to("+31612345678")).id;
// ky alone with the client's settings, to separate ky's own cost from wafluent's.
const k = ky.extend({ timeout: 30_000, retry: { limit: 2, methods: ["post"], statusCodes: [429, 503] } });
const viaKy = async () => JSON.parse(await k(`${base}/v1/messages`, { method: "POST", headers: { accept: "application/json", ...headers }, body }).text()).id;
const viaFetch = async () => {
  const r = await fetch(`${base}/v1/messages`, { method: "POST", headers: { accept: "application/json", ...headers }, body });
  if (!r.ok) throw new Error(String(r.status));
  return JSON.parse(await r.text()).id;
};

const time = async (fn) => {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
for (let i = 0; i < WARMUP; i++) {
  await viaWafluent();
  await viaFetch();
  await viaKy();
}
const a = [], b = [], c = [];
for (let i = 0; i < N; i++) {
  // Rotate the order so no side always runs right after another.
  const order = [[a, viaWafluent], [b, viaFetch], [c, viaKy]];
  for (let j = 0; j < 3; j++) {
    const [xs, fn] = order[(i + j) % 3];
    xs.push(await time(fn));
  }
}
server.close();
const q = (xs, p) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const row = (name, xs) => ({ name, p50: q(xs, 0.5), p99: q(xs, 0.99) });
const w = row("wafluent", a), f = row("raw fetch", b), kk = row("ky", c);
const r50 = w.p50 / f.p50, r99 = w.p99 / f.p99;
const lines = [
  `## Send overhead (bench/send.mjs, ${new Date().toISOString().slice(0, 10)}, node ${process.version})`,
  "",
  `${N} sequential sends per side to a loopback mock (interleaved), same body and headers.`,
  "",
  "| what | p50 | p99 |",
  "|---|---|---|",
  `| raw fetch | ${f.p50.toFixed(3)} ms | ${f.p99.toFixed(3)} ms |`,
  `| ky alone (same settings, \`.text()\`) | ${kk.p50.toFixed(3)} ms | ${kk.p99.toFixed(3)} ms |`,
  `| wafluent (build + validate + compile + ky + read) | ${w.p50.toFixed(3)} ms | ${w.p99.toFixed(3)} ms |`,
  `| wafluent ÷ raw fetch | ${r50.toFixed(2)}× ${r50 <= 1.1 ? "✔" : "✘"} (target ≤ 1.10×) | ${r99.toFixed(2)}× |`,
  `| ky alone ÷ raw fetch | ${(kk.p50 / f.p50).toFixed(2)}× | ${(kk.p99 / f.p99).toFixed(2)}× |`,
  "",
  `Added per send at p50: ${(w.p50 - f.p50).toFixed(3)} ms, of which ky ${(kk.p50 - f.p50).toFixed(3)} ms. On loopback a send takes`,
  "a fraction of a millisecond, so any fixed cost is a large ratio; against a provider 50–300 ms away it is well under 1 %.",
];
console.log(lines.join("\n"));
if (process.argv.includes("--write")) writeSection("send", lines);

