// Node cold start: a fresh `node` process that imports "wafluent" and sends one text through the
// Cloud API provider to a loopback server, versus a fresh process that does the same POST with
// bare fetch (same URL, headers and JSON body) — fetch's own first-use cost (undici) is on both
// sides. Each child reports performance.now() once the answer's body is read: node's bootstrap,
// module loading and the send. RUNS pairs, interleaved (the order alternates within each pair) so
// both sides see the same machine state; the ratio is of the medians.
// The server runs in this process; each child is its own process. Target: ratio ≤ 1.4×.
// Usage: npm run build && node bench/node-import.mjs [--write]   (RUNS=40; PKG=/path/to/checkout
// measures another checkout's build; COMPARE=/path/to/checkout adds that checkout's build as a
// third side in the same run, e.g. main before a change; --write updates bench/RESULTS.md)
import { createServer } from "node:http";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { report, writeSection } from "./results.mjs";

const RUNS = Number(process.env.RUNS ?? 40);
const PKG = process.env.PKG ?? new URL("..", import.meta.url).pathname;
const COMPARE = process.env.COMPARE;
const run = promisify(execFile);

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body =
      '{"messaging_product":"whatsapp","contacts":[{"input":"+31612345678","wa_id":"31612345678"}],"messages":[{"id":"wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}';
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

// `import "wafluent"` resolves through the package's own exports map (self-reference from cwd).
const SIDES = {
  wafluent: `
import { whatsapp, cloudApi } from "wafluent";
const wa = whatsapp({ provider: cloudApi({ accessToken: "bench-token", phoneNumberId: "123456789012345", baseUrl: ${JSON.stringify(base)} }) });
const r = await wa.text("Your order shipped").to("+31612345678");
if (!r.id) throw new Error("no id");
console.log(performance.now());`,
  fetch: `
const res = await fetch(${JSON.stringify(`${base}/v23.0/123456789012345/messages`)}, {
  method: "POST",
  headers: { authorization: "Bearer bench-token", "content-type": "application/json" },
  body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to: "+31612345678", type: "text", text: { body: "Your order shipped" } }),
});
const r = await res.json();
if (!res.ok || !r.messages[0].id) throw new Error("no id");
console.log(performance.now());`,
};
if (COMPARE) SIDES.compare = SIDES.wafluent;
const once = async (side) => {
  const cwd = side === "compare" ? COMPARE : PKG;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", SIDES[side]], { cwd });
  return Number(stdout.trim());
};

const names = Object.keys(SIDES);
const times = Object.fromEntries(names.map((n) => [n, []]));
for (let i = 0; i < 3; i++) await Promise.all(names.map(once)); // warm the OS file cache
for (let i = 0; i < RUNS; i++) {
  const order = i % 2 ? [...names].reverse() : names;
  for (const side of order) times[side].push(await once(side));
}
server.close();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const w = median(times.wafluent);
const f = median(times.fetch);
const ratio = w / f;
const ms = (n) => `${n.toFixed(1)} ms`;
const lines = [
  `## Node import + first send (bench/node-import.mjs, ${new Date().toISOString().slice(0, 10)})`,
  "",
  `Fresh \`node\` processes, ${RUNS} pairs interleaved; time from process start until the answer's body is read, median.`,
  "",
  "| side | median | ratio |",
  "|---|---|---|",
  `| bare fetch | ${ms(f)} | 1.00× |`,
  `| \`import "wafluent"\` + \`wa.text(…).to(…)\` (Cloud API provider) | ${ms(w)} | ${ratio.toFixed(2)}× (target ≤ 1.4× ${ratio <= 1.4 ? "✔" : "✘"}) |`,
];
const c = COMPARE ? median(times.compare) : undefined;
if (COMPARE)
  console.log(
    `compare (${COMPARE}): ${ms(c)}, ${(c / f).toFixed(2)}× bare fetch, this build ÷ that one ${(w / c).toFixed(2)}×`,
  );
console.log(lines.join("\n"));
report("node-import", { wafluent: w, fetch: f, ratio, ...(COMPARE && { compare: c }) });
if (process.argv.includes("--write")) writeSection("node-import", lines);
