// workerd cases for Cloudflare Queues: runs examples/queue-worker/worker.js (with the CDN bundle
// as "wafluent") in miniflare with local Queues and KV, against a mock provider on 127.0.0.1
// that answers 429 (Retry-After: 1) to 5% of keys on first sight and 400 to 2%, by key hash.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { cdnBundle, listenLocal } from "./worker-harness.mjs";
import { Miniflare } from "miniflare";

const N = 5000;
const bucket = (key) => parseInt(key.slice(0, 8), 16) % 100;

export function mock({ failures = true } = {}) {
  const state = { sends: 0, accepted: new Map(), afterAccept: 0, throttled: new Map(), gaps: [], results: [] };
  const server = createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      if (req.url === "/result") {
        state.results.push(JSON.parse(data));
        return res.end("ok");
      }
      state.sends++;
      const key = String(req.headers["idempotency-key"] ?? "");
      if (state.accepted.has(key)) state.afterAccept++;
      const b = failures ? bucket(key) : 99;
      const json = (status, body, headers = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      if (b < 5 && !state.throttled.has(key)) {
        state.throttled.set(key, Date.now());
        return json(429, { error: "slow down" }, { "retry-after": "1" });
      }
      if (b < 5) state.gaps.push(Date.now() - state.throttled.get(key));
      if (b >= 5 && b < 7) return json(400, { error: "bad recipient" });
      state.accepted.set(key, (state.accepted.get(key) ?? 0) + 1);
      json(200, { id: `m-${state.accepted.size}` });
    });
  });
  return listenLocal(server, state);
}

export async function run() {
  const bundle = cdnBundle();
  const worker = readFileSync(new URL("../../examples/queue-worker/worker.js", import.meta.url), "utf8").replace(
    `from "wafluent"`,
    `from "./wafluent.min.js"`,
  );
  // The example as users get it, wrapped by test-only scaffolding (a /redeliver route).
  const harness = readFileSync(new URL("./queue-harness.mjs", import.meta.url), "utf8");
  const m = await mock();
  const mf = new Miniflare({
    modules: [
      { type: "ESModule", path: "harness.mjs", contents: harness },
      { type: "ESModule", path: "worker.mjs", contents: worker },
      { type: "ESModule", path: "wafluent.min.js", contents: bundle },
    ],
    compatibilityDate: "2026-01-01",
    bindings: { PROVIDER_URL: m.url, REPORT_URL: `${m.url}/result` },
    kvNamespaces: ["DEDUPE"],
    queueProducers: { CAMPAIGN: "campaign" },
    queueConsumers: { campaign: { maxBatchSize: 100, maxBatchTimeout: 0.2, maxRetries: 5 } },
  });
  const cases = [];
  const check = (name, pass, detail) => cases.push({ name, pass: Boolean(pass), detail });
  check(
    "the example ships no test-only route (/redeliver lives in test/workerd/queue-harness.mjs)",
    !/\/redeliver/.test(worker),
  );
  try {
    const recipients = Array.from({ length: N }, (_, i) => `+3161${String(i).padStart(7, "0")}`);
    const post = async (path, body) =>
      (await mf.dispatchFetch(`http://localhost${path}`, { method: "POST", body: JSON.stringify(body) })).json();
    const report = await post("/enqueue", {
      recipients: [...recipients, "not a number"],
      text: "Spring sale starts today",
      salt: "spring",
    });
    const started = Date.now();
    while (m.state.results.length < N && Date.now() - started < 180_000) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 500)); // anything late would show up as an extra result
    const byKey = new Map();
    for (const r of m.state.results) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.status]);
    const keys = new Set(report.keys);
    const oneEach = report.keys.every((k) => {
      const s = byKey.get(k);
      return s && s.length === 1 && (s[0] === "accepted" || s[0] === "failed");
    });
    // On a loaded machine a send may time out after the mock accepted it (or its connection
    // drop): an unknown outcome, reported failed (TIMEOUT / NETWORK) and never sent again.
    const unknown = new Set(
      m.state.results
        .filter((r) => r.status === "failed" && (r.code === "TIMEOUT" || r.code === "NETWORK"))
        .map((r) => r.key),
    );
    const failedOk = m.state.results
      .filter((r) => r.status === "failed")
      .every((r) => {
        const b = bucket(r.key);
        return (b >= 5 && b < 7 && r.code === "PROVIDER_ERROR") || unknown.has(r.key);
      });
    const expected429 = report.keys.filter((k) => bucket(k) < 5).length;
    check(
      `${N} enqueued in batches of ≤100; the invalid recipient refused`,
      report.enqueued === N &&
        report.batches >= N / 100 &&
        report.refused.length === 1 &&
        report.refused[0].code === "VALIDATION" &&
        keys.size === N,
      { enqueued: report.enqueued, batches: report.batches, refused: report.refused },
    );
    check(
      "every recipient ends in exactly one terminal state (accepted once or failed once)",
      oneEach && m.state.results.length === N && failedOk,
      {
        results: m.state.results.length,
        distinct: byKey.size,
        failed: m.state.results.filter((r) => r.status === "failed").length,
        unknown: unknown.size,
        odd: m.state.results
          .filter((r) => r.status === "failed" && !unknown.has(r.key) && r.code !== "PROVIDER_ERROR")
          .slice(0, 3),
      },
    );
    check(
      "the mock never receives an accepted idempotency key again",
      m.state.afterAccept === 0 && [...m.state.accepted.values()].every((n) => n === 1),
      { afterAccept: m.state.afterAccept },
    );
    check(
      "429s are retried after their Retry-After (1 s)",
      expected429 > 0 && m.state.gaps.length === expected429 && m.state.gaps.every((g) => g >= 950),
      { expected429, retried: m.state.gaps.length, minGapMs: Math.min(...m.state.gaps) },
    );
    // Redelivery: the first 100 recipients' batch, rebuilt with the same keys, handed to the
    // consumer again; only keys the provider refused (the 400s) may reach the provider, and a key
    // whose outcome was unknown is failed again, never sent.
    const first = recipients.slice(0, 100);
    const firstKeys = report.keys.slice(0, 100);
    const unknownFirst = firstKeys.filter((k) => unknown.has(k)).length;
    const neverAccepted = firstKeys.filter((k) => !m.state.accepted.has(k) && !unknown.has(k)).length;
    const acceptedFirst = 100 - neverAccepted - unknownFirst;
    const failedUnknown = (rs) => rs.filter((r) => r.status === "failed" && unknown.has(r.key)).length;
    const sendsBefore = m.state.sends,
      resultsBefore = m.state.results.length;
    const re = await post("/redeliver", { recipients: first, text: "Spring sale starts today", salt: "spring" });
    const again = m.state.results.slice(resultsBefore);
    check(
      "redelivering an already-accepted batch sends nothing the second time",
      re.acked === 100 &&
        re.retried === 0 &&
        m.state.sends - sendsBefore === neverAccepted &&
        again.filter((r) => r.status === "duplicate").length === acceptedFirst &&
        failedUnknown(again) === unknownFirst &&
        m.state.afterAccept === 0,
      {
        re,
        sent: m.state.sends - sendsBefore,
        neverAccepted,
        unknownFirst,
        duplicates: again.filter((r) => r.status === "duplicate").length,
      },
    );
    // The same campaign enqueued again through the real queue: every accepted key is skipped.
    const before = m.state.results.length,
      sends2 = m.state.sends;
    const second = await post("/enqueue", { recipients: first, text: "Spring sale starts today", salt: "spring" });
    const t1 = Date.now();
    while (m.state.results.length < before + 100 && Date.now() - t1 < 60_000)
      await new Promise((r) => setTimeout(r, 100));
    const round2 = m.state.results.slice(before);
    check(
      "re-enqueueing the campaign sends no accepted message again",
      second.enqueued === 100 &&
        round2.length === 100 &&
        round2.filter((r) => r.status === "duplicate").length === acceptedFirst &&
        failedUnknown(round2) === unknownFirst &&
        m.state.sends - sends2 === neverAccepted &&
        m.state.afterAccept === 0,
      {
        results: round2.length,
        duplicates: round2.filter((r) => r.status === "duplicate").length,
        unknownFirst,
        sent: m.state.sends - sends2,
      },
    );
    // Oversized messages (> 128 KB) are refused by enqueue() in test/queue.test.ts (universal).
  } catch (e) {
    check("queue cases ran", false, String(e?.stack ?? e));
  } finally {
    await mf.dispose();
    m.close();
  }
  return cases;
}
