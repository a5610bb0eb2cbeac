// Messages per second through Cloudflare Queues (miniflare's local Queues in workerd, the example
// worker in examples/queue-worker/, KV dedupe) versus the in-process bulk send
// (wa.text(...).to(recipients)) against the same local mock provider, which accepts everything.
// Run: npm run build && node bench/queue.mjs [N]. Writes its section of bench/RESULTS.md.
import { readFileSync, writeFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import { whatsapp } from "../dist/index.js";
import { httpProvider as overHttp } from "../dist/provider-kit.js";
import { mock } from "../test/workerd/queue.mjs";

const N = Number(process.argv[2] ?? 5000);
const recipients = Array.from({ length: N }, (_, i) => `+3161${String(i).padStart(7, "0")}`);
const worker = readFileSync(new URL("../examples/queue-worker/worker.js", import.meta.url), "utf8");
const httpProvider = (url) =>
  overHttp({
    name: "http",
    kinds: ["text"],
    compile: (m) => ({
      url: `${url}/send`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: { to: m.to, text: m.body },
    }),
    parseSuccess: (a) => ({ id: String(a.body?.id ?? ""), status: "accepted" }),
    parseError: (a) => ({ message: String(a.status) }),
  });

async function viaQueue() {
  const m = await mock({ failures: false });
  const mf = new Miniflare({
    modules: [
      { type: "ESModule", path: "worker.mjs", contents: worker.replace(`from "wafluent"`, `from "./wafluent.min.js"`) },
      {
        type: "ESModule",
        path: "wafluent.min.js",
        contents: readFileSync(new URL("../dist/cdn/wafluent.min.js", import.meta.url), "utf8"),
      },
    ],
    compatibilityDate: "2026-01-01",
    bindings: { PROVIDER_URL: m.url, REPORT_URL: `${m.url}/result` },
    kvNamespaces: ["DEDUPE"],
    queueProducers: { CAMPAIGN: "campaign" },
    queueConsumers: { campaign: { maxBatchSize: 100, maxBatchTimeout: 0.1, maxRetries: 5 } },
  });
  await mf.ready;
  const t0 = performance.now();
  await mf.dispatchFetch("http://localhost/enqueue", {
    method: "POST",
    body: JSON.stringify({ recipients, text: "Spring sale", salt: "bench" }),
  });
  while (m.state.results.length < N) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t0;
  await mf.dispose();
  m.close();
  return { ms, accepted: m.state.accepted.size };
}

async function inProcess() {
  const m = await mock({ failures: false });
  const wa = whatsapp({ provider: httpProvider(m.url) });
  const t0 = performance.now();
  const results = await wa.text("Spring sale").to(recipients, { concurrency: 20 });
  const ms = performance.now() - t0;
  m.close();
  return { ms, accepted: results.filter((r) => r.ok).length };
}

const bulk = await inProcess();
const queue = await viaQueue();
const rate = (r) => Math.round((N / r.ms) * 1000);
console.log(`in-process bulk: ${N} in ${bulk.ms.toFixed(0)} ms = ${rate(bulk)} msg/s (accepted ${bulk.accepted})`);
console.log(`through Queues:  ${N} in ${queue.ms.toFixed(0)} ms = ${rate(queue)} msg/s (accepted ${queue.accepted})`);
console.log(`ratio queue / in-process: ${(rate(queue) / rate(bulk)).toFixed(2)}`);

const section = `<!-- queue:start -->
## Queues throughput (bench/queue.mjs, ${new Date().toISOString().slice(0, 10)})

${N} text messages to a local mock provider on 127.0.0.1 that accepts everything; concurrency 20 in both.
The queue path is miniflare's local Queues in workerd (batches of 100, 0.1 s batch timeout), the
example worker with KV dedupe and one report request per message; it includes enqueue time.

| path | time | messages/s |
|---|---|---|
| in-process bulk (\`wa.text(...).to(recipients)\`, Node) | ${bulk.ms.toFixed(0)} ms | ${rate(bulk)} |
| through Cloudflare Queues (miniflare, workerd) | ${queue.ms.toFixed(0)} ms | ${rate(queue)} |
| ratio queue / in-process | | ${(rate(queue) / rate(bulk)).toFixed(2)} |

Local Queues run in one process, so this measures the per-message overhead of the queue path
(serialisation, batching, dedupe reads and writes), not Cloudflare's fan-out across consumers.
<!-- queue:end -->`;
const path = new URL("./RESULTS.md", import.meta.url);
const old = readFileSync(path, "utf8");
writeFileSync(
  path,
  old.includes("<!-- queue:start -->")
    ? old.replace(/<!-- queue:start -->[\s\S]*<!-- queue:end -->/, section)
    : `${old.trimEnd()}\n\n${section}\n`,
);
