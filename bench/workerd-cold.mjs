// workerd cold start: a fresh workerd (through miniflare) for every start, timed from
// `new Miniflare()` until the first request's answer body is read. Two workers, interleaved:
// - wafluent: `import { whatsapp, cloudApi } from "wafluent"`, bundled by esbuild as wrangler
//   does, sends one text through the Cloud API provider to a loopback mock;
// - bare: the same POST with fetch and nothing imported.
// Median of RUNS (default 30) fresh starts per side. Target: wafluent ÷ bare ≤ 1.2×.
// Usage: npm run build && node bench/workerd-cold.mjs [--write]   (RUNS=30)
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare, Log, LogLevel } from "miniflare";
import { report, writeSection } from "./results.mjs";

const RUNS = Number(process.env.RUNS ?? 30);
const root = fileURLToPath(new URL("..", import.meta.url));

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = '{"messaging_product":"whatsapp","contacts":[{"input":"+31612345678","wa_id":"31612345678"}],"messages":[{"id":"wamid.HBgLMzE2MTIzNDU2NzgVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}';
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

const bundle = async (contents) =>
  (await build({
    stdin: { contents, resolveDir: root, loader: "js" },
    bundle: true, minify: true, format: "esm", platform: "browser", conditions: ["workerd", "worker", "browser"],
    target: "es2022", write: false, logLevel: "silent",
  })).outputFiles[0].text;

const scripts = {
  wafluent: await bundle(`
import { whatsapp, cloudApi } from "wafluent";
export default {
  async fetch(request, env) {
    const wa = whatsapp({ provider: cloudApi({ accessToken: "bench-token", phoneNumberId: "123456789012345", baseUrl: env.BASE }) });
    const r = await wa.text("Your order shipped").to("+31612345678");
    return new Response(r.id);
  },
};`),
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
};

async function once(side) {
  const start = performance.now();
  const mf = new Miniflare({ modules: true, script: scripts[side], compatibilityDate: "2026-01-01", bindings: { BASE: base }, cf: false, log: new Log(LogLevel.WARN) });
  try {
    const res = await mf.dispatchFetch("http://localhost/");
    const id = await res.text();
    if (!id.startsWith("wamid.")) throw new Error(`${side}: unexpected answer ${id.slice(0, 80)}`);
    return performance.now() - start;
  } finally {
    await mf.dispose();
  }
}

const times = { wafluent: [], bare: [] };
await once("wafluent"); // warm the OS file cache and miniflare's own modules
await once("bare");
for (let i = 0; i < RUNS; i++) {
  for (const side of i % 2 ? ["bare", "wafluent"] : ["wafluent", "bare"]) times[side].push(await once(side));
}
server.close();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const w = median(times.wafluent), b = median(times.bare), ratio = w / b;
const kb = (s) => (Buffer.byteLength(s) / 1024).toFixed(1);
const lines = [
  `## workerd cold start (bench/workerd-cold.mjs, ${new Date().toISOString().slice(0, 10)})`,
  "",
  `A fresh workerd (miniflare) per start, ${RUNS} starts per side interleaved; \`new Miniflare()\` until the first answer is read, median.`,
  "",
  "| worker | script (minified) | median | ratio |",
  "|---|---|---|---|",
  `| bare: one POST with fetch | ${kb(scripts.bare)} KB | ${b.toFixed(0)} ms | 1.00× |`,
  `| wafluent: \`wa.text(…).to(…)\` via cloudApi | ${kb(scripts.wafluent)} KB | ${w.toFixed(0)} ms | ${ratio.toFixed(2)}× (target ≤ 1.2× ${ratio <= 1.2 ? "✔" : "✘"}) |`,
];
console.log(lines.join("\n"));
report("workerd-cold", { wafluent: w, bare: b, ratio });
if (process.argv.includes("--write")) writeSection("workerd-cold", lines);
