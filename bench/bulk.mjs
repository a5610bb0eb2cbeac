// Bulk under faults: 10,000 recipients from a generator, concurrency 50, 5% of answers injected
// as 429/500/502/503 (no Retry-After, so the shared backoff is exercised), against a loopback
// mock that answers after LATENCY ms (a provider is 50–300 ms away).
// Counts lost recipients (no result, a success the server never accepted, or an accepted send
// reported failed) and duplicated ones (accepted twice); wall time vs ideal
// (ideal = ceil(N / concurrency) × LATENCY: every slot busy, no faults) and vs a Promise pool over
// raw fetch with the same concurrency under the same faults (it retries nothing); peak RSS and heap
// after GC, both sides holding one outcome per recipient. Server, wafluent client and fetch client each run in
// their own process, so RSS and CPU are the client's alone. Both clients run twice: as node starts
// them, and under a V8 heap cap (CAP, default `--max-old-space-size=24 --max-semi-space-size=1`),
// which makes V8 collect early instead of growing its heap: the capped peak is the working set.
// Usage: npm run build && npx node bench/bulk.mjs [--write]   (COMPARE=/path/to/checkout also runs
// that checkout's build as a third client, uncapped, e.g. main before a change)
import { createServer } from "node:http";
import { fork } from "node:child_process";
import { setFlagsFromString } from "node:v8";
import { report, writeSection } from "./results.mjs";

const N = Number(process.env.N ?? 10_000);
const CONCURRENCY = 50;
const LATENCY = Number(process.env.LATENCY ?? 100);
const FAULT = Number(process.env.FAULT ?? 0.05);
const FAULTS = [429, 500, 502, 503];
const phone = (i) => `+3161${String(i).padStart(7, "0")}`;
const CAP = (process.env.CAP ?? "--max-old-space-size=24 --max-semi-space-size=1").split(" ");
const role = process.argv[2];
const COMPARE = process.env.COMPARE;
const self = new URL(import.meta.url).pathname;
const once = (proc) => new Promise((r) => proc.once("message", r));

if (role === "server") server();
else if (role === "wafluent" || role === "fetch" || role === "compare") await client(role, Number(process.argv[3]));
else await main();

function server() {
  let accepted = {},
    requests = 0,
    faults = 0,
    fault = 0;
  const srv = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      requests++;
      const to = JSON.parse(text).to;
      setTimeout(() => {
        if (Math.random() < fault) {
          faults++;
          const status = FAULTS[Math.floor(Math.random() * FAULTS.length)];
          res.writeHead(status, { "content-type": "application/json" });
          return res.end(JSON.stringify({ error: { message: `injected ${status}` } }));
        }
        accepted[to] = (accepted[to] ?? 0) + 1;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: `id-${to}` }));
      }, LATENCY);
    });
  });
  srv.keepAliveTimeout = 60_000;
  srv.listen(0, "127.0.0.1", () => process.send({ port: srv.address().port }));
  process.on("message", (m) => {
    if (m.reset !== undefined) {
      ({ accepted, requests, faults, fault } = { accepted: {}, requests: 0, faults: 0, fault: m.reset });
      return process.send({ ok: true });
    }
    process.send({ accepted, requests, faults }, () => {
      if (!m.stop) return;
      srv.close();
      process.disconnect();
    });
  });
}

async function client(kind, port) {
  const base = `http://127.0.0.1:${port}`;
  let peak = 0,
    heapPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapTotal);
  };
  const sampler = setInterval(sample, 20);
  const headers = { authorization: "Bearer t", "content-type": "application/json" };
  // Both sides keep one outcome per recipient until the heap is measured, as a caller would:
  // the pool its { to, ok, status, body }, wafluent its BulkResult array.
  let held = [];
  let monotonic = true;
  const t0 = performance.now();
  if (kind === "fetch") {
    let i = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (i < N) {
          const at = i++;
          const to = phone(at);
          const r = await fetch(`${base}/v1/messages`, {
            method: "POST",
            headers,
            body: JSON.stringify({ to, text: "Flash sale" }),
          });
          const text = await r.text();
          let body = text;
          try {
            body = JSON.parse(text);
          } catch {}
          held[at] = { to, ok: r.ok, status: r.status, body };
        }
      }),
    );
  } else held = await wafluent();

  // In a function of its own, so no reference to the outcomes outlives `held` (an async
  // function's frame keeps its locals across awaits).
  async function wafluent() {
    const from = (file) =>
      kind === "compare" ? new URL(`dist/${file}`, `file://${COMPARE}/`).href : `../dist/${file}`;
    const { whatsapp } = await import(from("index.js"));
    // A provider that sends over HTTP is wrapped with httpProvider(): the compared build's own when
    // it has one (else this checkout's twice loaded library would count in its heap), this
    // checkout's for an older build, which ignores what it attaches.
    const { httpProvider } = await import(from("provider-kit.js")).then((kit) =>
      kit.httpProvider ? kit : import("../dist/provider-kit.js"),
    );
    const provider = httpProvider({
      name: "bench",
      kinds: ["text"],
      compile: (m) => ({ url: `${base}/v1/messages`, method: "POST", headers, body: { to: m.to, text: m.body } }),
      parseSuccess: (a) => ({ id: a.body.id, status: "accepted" }),
      parseError: (a) => ({ message: String(a.body?.error?.message ?? a.body) }),
    });
    // A generator, so the input is streamed like rows from a file or a database cursor.
    function* recipients() {
      for (let i = 0; i < N; i++) yield phone(i);
    }
    let last = 0;
    const out = await whatsapp({ provider })
      .text("Flash sale")
      .to(recipients(), {
        concurrency: CONCURRENCY,
        onProgress: (p) => {
          if (p.done !== last + 1) monotonic = false;
          last = p.done;
        },
      });
    return out;
  }
  const wall = performance.now() - t0;
  clearInterval(sampler);
  sample();
  // undici's Requests release the signals they follow from FinalizationRegistry callbacks, which
  // run only after a GC and a turn of the event loop: collect, let them run, collect again.
  const settled = async () => {
    for (let i = 0; i < 3; i++) {
      globalThis.gc?.();
      await new Promise((r) => setTimeout(r, 20));
    }
    globalThis.gc?.();
    return process.memoryUsage().heapUsed;
  };
  // As V8 left it: this includes the bytecode of functions that no longer run (node's startup,
  // its module loader), which V8 drops only once they missed 6 major GCs the run made itself
  // (forced ones do not age code). A run with one major GC fewer keeps ~1.4 MB more of it.
  const heapAsLeft = await settled();
  // So each side is measured with the bytecode of every function not running dropped (V8's own
  // flushing, forced; a function that runs again is compiled again): what it holds, not how
  // many major GCs its run happened to make.
  setFlagsFromString("--stress-flush-code");
  const heap = await settled();
  const results = held.map((r) => ({ to: r.to, ok: r.ok }));
  held = undefined;
  // The same with the outcomes dropped: what the process keeps besides them (code, sockets, caches).
  const heapBare = await settled();
  // Disconnect only once the (large) report is flushed.
  process.send({ wall, peak, heapPeak, heap, heapAsLeft, heapBare, results, monotonic }, () => process.disconnect());
}

async function run(srv, kind, port, fault, flags = []) {
  srv.send({ reset: fault });
  await once(srv);
  const c = fork(self, [kind, String(port)], { execArgv: ["--expose-gc", ...flags] });
  const exit = new Promise((r) => c.once("exit", (code) => r(code)));
  const report = await Promise.race([once(c), exit.then((code) => ({ crashed: code }))]);
  if (report.crashed !== undefined)
    throw new Error(`${kind} client (${flags.join(" ")}) exited with ${report.crashed} before reporting`);
  srv.send({});
  return { ...report, server: await once(srv) };
}

async function main() {
  const srv = fork(self, ["server"]);
  const { port } = await once(srv);
  const base = await run(srv, "fetch", port, FAULT);
  const wa = await run(srv, "wafluent", port, FAULT);
  const capped = await run(srv, "wafluent", port, FAULT, CAP);
  const cappedBase = await run(srv, "fetch", port, FAULT, CAP);
  const compare = COMPARE ? await run(srv, "compare", port, FAULT) : undefined;
  srv.send({ stop: true });
  await once(srv);

  const check = ({ results, server: stats }) => {
    let lost = 0,
      duplicated = 0,
      ok = 0,
      failed = 0,
      outOfOrder = 0;
    const seen = new Set();
    results.forEach((r, i) => {
      if (r.to !== phone(i)) outOfOrder++;
      seen.add(r.to);
      const times = stats.accepted[r.to] ?? 0;
      if (times > 1) duplicated++;
      r.ok ? ok++ : failed++;
      if (r.ok !== (times === 1)) lost++;
    });
    lost += N - seen.size;
    return { lost, duplicated, ok, failed, outOfOrder, count: results.length };
  };
  const a = check(wa),
    b = check(capped);
  const ideal = Math.ceil(N / CONCURRENCY) * LATENCY;
  const ratio = wa.wall / ideal;
  const mb = (x) => (x / 1024 / 1024).toFixed(1);
  const under = (x) => (x < 100 * 1024 * 1024 ? "✔" : "✘");
  const lines = [
    `## Bulk under faults (bench/bulk.mjs, ${new Date().toISOString().slice(0, 10)}, node ${process.version})`,
    "",
    `${N} recipients from a generator, concurrency ${CONCURRENCY}, loopback mock answering after ${LATENCY} ms, ${FAULT * 100}% of`,
    "answers injected as 429/500/502/503 without Retry-After (429/503 retried ≤ 2 times, 500/502 final;",
    "each 429 halves the batch's concurrency, which recovers by one per success).",
    "Mock server, wafluent client and the baseline (a Promise pool over raw fetch: same concurrency, same faults, no retries) each run in their own process,",
    `each twice: as node starts it, and capped (\`${CAP.join(" ")}\`).`,
    "",
    "| what | result | target |",
    "|---|---|---|",
    `| results | ${a.count} (${a.ok} ok, ${a.failed} failed); order kept: ${a.outOfOrder === 0 ? "yes" : `no (${a.outOfOrder})`}; progress monotonic: ${wa.monotonic ? "yes" : "no"} | one per recipient |`,
    `| lost | ${a.lost} | 0 ${a.lost === 0 ? "✔" : "✘"} |`,
    `| duplicated | ${a.duplicated} | 0 ${a.duplicated === 0 ? "✔" : "✘"} |`,
    `| requests / injected faults | ${wa.server.requests} / ${wa.server.faults} | — |`,
    `| wall time vs ideal (${ideal} ms) | ${Math.round(wa.wall)} ms = ${ratio.toFixed(2)}× | ≤ 1.3× ${ratio <= 1.3 ? "✔" : "✘"} |`,
    `| raw fetch pool (same faults, no retries: ${base.results.filter((r) => !r.ok).length} failed), vs ideal | ${Math.round(base.wall)} ms = ${(base.wall / ideal).toFixed(2)}× | — |`,
    `| peak RSS, wafluent client, uncapped | ${mb(wa.peak)} MB (V8 heap at most ${mb(wa.heapPeak)} MB) | < 100 MB ${under(wa.peak)} |`,
    `| peak RSS, raw fetch client, uncapped | ${mb(base.peak)} MB (V8 heap at most ${mb(base.heapPeak)} MB) | — |`,
    `| peak RSS, wafluent client, capped | ${mb(capped.peak)} MB (V8 heap at most ${mb(capped.heapPeak)} MB); ${b.count} results, lost ${b.lost}, duplicated ${b.duplicated}, ${Math.round(capped.wall)} ms = ${(capped.wall / ideal).toFixed(2)}× ideal | < 100 MB ${under(capped.peak)} |`,
    `| peak RSS, raw fetch client, capped | ${mb(cappedBase.peak)} MB (V8 heap at most ${mb(cappedBase.heapPeak)} MB) | — |`,
    `| heap after GC at the end, every outcome held (wafluent / raw fetch pool) | ${mb(wa.heap)} MB / ${mb(base.heap)} MB = ${(wa.heap / base.heap).toFixed(2)}× | ≤ 1.3× ${wa.heap / base.heap <= 1.3 ? "✔" : "✘"} |`,
    `| the same once the outcomes are dropped (library, code, sockets) | ${mb(wa.heapBare)} MB / ${mb(base.heapBare)} MB | — |`,
    `| heap after GC as V8 left it, before unused bytecode is dropped (wafluent / raw fetch pool) | ${mb(wa.heapAsLeft)} MB / ${mb(base.heapAsLeft)} MB = ${(wa.heapAsLeft / base.heapAsLeft).toFixed(2)}× | — |`,
    "",
    "Uncapped, node 24's V8 lets its young generation grow to 128 MB and collects the old",
    "generation late, so the peak is mostly garbage: the raw-fetch pool, which keeps only its outcomes, peaks",
    "near the same figure. Capped, the V8 heap stays within a few tens of MB and the results are the",
    "same; what remains of the peak is the process itself (node 24 with undici and wafluent loaded is",
    "~75 MB after its first send), sockets and compiled code. Heap after GC is measured with each side",
    "holding one outcome per recipient (wafluent its BulkResult array with each parsed answer, the pool",
    "`{ to, ok, status, body }`), then again with them dropped: the second row is the library itself",
    "(ky, valibot and wafluent, their source text and compiled code). Both are taken with the bytecode of",
    "every function that is not running dropped on both sides (V8's own code flushing, forced), so they",
    "count what each side holds: as V8 leaves it, node's startup bytecode (~1.4 MB) is still there or",
    "already gone depending on whether the run made 6 major GCs of its own (the last row).",
  ];
  if (compare) {
    const c = check(compare);
    console.log(
      `compare (${COMPARE}): heap after GC ${mb(compare.heap)} MB = ${(compare.heap / base.heap).toFixed(2)}× the pool (${mb(compare.heapBare)} MB with the outcomes dropped; as V8 left it ${mb(compare.heapAsLeft)} MB = ${(compare.heapAsLeft / base.heapAsLeft).toFixed(2)}×), peak RSS ${mb(compare.peak)} MB = ${(compare.peak / base.peak).toFixed(2)}×, lost ${c.lost}, duplicated ${c.duplicated}; this build's heap ÷ that one's ${(wa.heap / compare.heap).toFixed(2)}×`,
    );
  }
  console.log(lines.join("\n"));
  report("bulk", {
    n: N,
    lost: a.lost,
    duplicated: a.duplicated,
    lostCapped: b.lost,
    duplicatedCapped: b.duplicated,
    rss: wa.peak,
    rssFetch: base.peak,
    rssRatio: wa.peak / base.peak,
    heap: wa.heap,
    heapFetch: base.heap,
    heapRatio: wa.heap / base.heap,
    heapBare: wa.heapBare,
    heapBareFetch: base.heapBare,
    heapAsLeft: wa.heapAsLeft,
    heapAsLeftFetch: base.heapAsLeft,
    ...(compare && { heapCompare: compare.heap, rssCompare: compare.peak }),
  });
  if (process.argv.includes("--write")) writeSection("bulk", lines);
}
