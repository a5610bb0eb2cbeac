// workerd cold start: a fresh workerd (through miniflare) for every start, timed from
// `new Miniflare()` until the first request's answer body is read. Two workers, interleaved:
// - wafluent: `import { whatsapp, cloudApi } from "wafluent"`, bundled by esbuild as wrangler
//   does, sends one text through the Cloud API provider to a loopback mock;
// - bare: the same POST with fetch and nothing imported.
// RUNS (default 40) fresh starts per side after WARMUP (default 3) discarded pairs, interleaved
// (the order alternates pair by pair, so a load spike on a shared machine hits both sides).
// Reported: the ratio of the medians (the target: wafluent ÷ bare ≤ 1.25×, issue 25), and as a check the
// median of the per-pair ratios and each side's interquartile range; a ratio of medians far from
// the median pair ratio means the run was too noisy to read.
// Usage: npm run build && node bench/workerd-cold.mjs [--write]   (RUNS=40 WARMUP=3; LOCATE=0;
// COMPARE=/path/to/checkout adds that checkout's build as a third worker in the same run, e.g.
// main before a change)
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { Miniflare, Log, LogLevel } from "miniflare";
import { bundleWorker } from "../test/workerd/worker-harness.mjs";
import { report, writeSection } from "./results.mjs";

const RUNS = Number(process.env.RUNS ?? 40);
const WARMUP = Number(process.env.WARMUP ?? 3);
const root = fileURLToPath(new URL("..", import.meta.url));
const COMPARE = process.env.COMPARE;
// Each worker is handed to miniflare as the one ES module it is (as a bundler's output is), so
// miniflare starts workerd with it as it is. Given as `script` with `modules: true` instead,
// miniflare first parses the whole script with acorn in this Node process to find its imports,
// before workerd starts: a cost of the local dev tool that grows with the script (about 20-40 ms
// for the 120 KB wafluent worker) and that no deployed worker pays. Issue 25's first figures
// (1.40-1.47x) were measured that way, so a third side, "located", starts the same wafluent worker
// given as `script` (the bare worker's 0.4 KB parse is negligible) and is reported beside the ratio.
// LOCATE=0 leaves it out.
const LOCATE = process.env.LOCATE !== "0";

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

// Bundled as the workerd tests bundle their workers (wrangler's way), minified as `wrangler deploy --minify`.
const bundle = (contents, dir = root) => bundleWorker(contents, "worker.js", { minify: true, root: dir });

const worker = `
import { whatsapp, cloudApi } from "wafluent";
export default {
  async fetch(request, env) {
    const wa = whatsapp({ provider: cloudApi({ accessToken: "bench-token", phoneNumberId: "123456789012345", baseUrl: env.BASE }) });
    const r = await wa.text("Your order shipped").to("+31612345678");
    return new Response(r.id);
  },
};`;
const scripts = {
  wafluent: await bundle(worker),
  bare: await bundle(`
export default {
  async fetch(request, env) {
    const res = await fetch(env.BASE + "/v23.0/123456789012345/messages", {
      method: "POST",
      headers: { authorization: "Bearer bench-token", "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to: "+31612345678", type: "text", text: { body: "Your order shipped" } }),
    });
    const r = await res.json();
    return new Response(r.messages[0].id);
  },
};`),
  // `import "wafluent"` from the other checkout resolves to its own build (package self-reference).
  ...(COMPARE && { compare: await bundle(worker, COMPARE) }),
};
if (LOCATE) scripts.located = scripts.wafluent;
const sides = Object.keys(scripts);

async function once(side) {
  const start = performance.now();
  const mf = new Miniflare({
    ...(side === "located"
      ? { modules: true, script: scripts[side] }
      : { modules: [{ type: "ESModule", path: "worker.mjs", contents: scripts[side] }] }),
    compatibilityDate: "2026-01-01",
    bindings: { BASE: base },
    cf: false,
    log: new Log(LogLevel.WARN),
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/");
    const id = await res.text();
    if (!id.startsWith("wamid.")) throw new Error(`${side}: unexpected answer ${id.slice(0, 80)}`);
    return performance.now() - start;
  } finally {
    await mf.dispose();
  }
}

const times = Object.fromEntries(sides.map((side) => [side, []]));
// Warm the OS file cache, miniflare's own modules and the workerd binary's pages; not counted.
for (let i = 0; i < WARMUP; i++) for (const side of sides) await once(side);
const pairs = [];
const comparePairs = [];
for (let i = 0; i < RUNS; i++) {
  const pair = {};
  for (const side of i % 2 ? [...sides].reverse() : sides) times[side].push((pair[side] = await once(side)));
  pairs.push(pair.wafluent / pair.bare);
  if (COMPARE) comparePairs.push(pair.compare / pair.bare);
}
server.close();

const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * p,
    lo = Math.floor(at),
    hi = Math.ceil(at);
  return s[lo] + (s[hi] - s[lo]) * (at - lo);
};
const median = (xs) => quantile(xs, 0.5);
const iqr = (xs) => `${quantile(xs, 0.25).toFixed(0)}–${quantile(xs, 0.75).toFixed(0)} ms`;
const w = median(times.wafluent),
  b = median(times.bare),
  ratio = w / b,
  pairRatio = median(pairs);
const kb = (s) => (Buffer.byteLength(s) / 1024).toFixed(1);
const lines = [
  `## workerd cold start (bench/workerd-cold.mjs, ${new Date().toISOString().slice(0, 10)})`,
  "",
  `A fresh workerd (miniflare) per start, ${RUNS} starts per side interleaved after ${WARMUP} warm-up pairs; \`new Miniflare()\` until the first answer is read. Each script is given to miniflare as the one ES module it is (miniflare does not parse it; see the bench's header).`,
  "",
  "| worker | script (minified) | median | interquartile range | ratio of medians |",
  "|---|---|---|---|---|",
  `| bare: one POST with fetch | ${kb(scripts.bare)} KB | ${b.toFixed(0)} ms | ${iqr(times.bare)} | 1.00× |`,
  `| wafluent: \`wa.text(…).to(…)\` via cloudApi | ${kb(scripts.wafluent)} KB | ${w.toFixed(0)} ms | ${iqr(times.wafluent)} | ${ratio.toFixed(2)}× (target ≤ 1.25× ${ratio <= 1.25 ? "✔" : "✘"}) |`,
  "",
  `Median of the ${RUNS} per-pair ratios (each wafluent start ÷ the bare start next to it): ${pairRatio.toFixed(2)}×.`,
];
const located = LOCATE ? median(times.located) : undefined;
if (LOCATE)
  lines.splice(
    -2,
    0,
    `| the same wafluent worker given as \`script\` (miniflare parses it with acorn in Node first; issue 25's first figures were measured so) | ${kb(scripts.located)} KB | ${located.toFixed(0)} ms | ${iqr(times.located)} | ${(located / b).toFixed(2)}× |`,
  );
if (COMPARE) {
  const c = median(times.compare);
  console.log(
    `compare (${COMPARE}): ${kb(scripts.compare)} KB, ${c.toFixed(0)} ms, ${(c / b).toFixed(2)}× bare (median pair ratio ${median(comparePairs).toFixed(2)}×), this build ÷ that one ${(w / c).toFixed(2)}×`,
  );
}
console.log(lines.join("\n"));
report("workerd-cold", {
  wafluent: w,
  bare: b,
  ratio,
  pairRatio,
  runs: RUNS,
  ...(LOCATE && { located, locatedRatio: located / b }),
  ...(COMPARE && { compare: median(times.compare), comparePairRatio: median(comparePairs) }),
});
if (process.argv.includes("--write")) writeSection("workerd-cold", lines);
