// workerd cases of issue 23, item 1 (a key is sent at most once), with the CDN bundle and
// miniflare's KV: hand-made deliveries run through createQueueConsumer inside the Worker, the
// provider being a local mock server, so every send is one request the mock counts.
// - Same key twice in one batch, the first send's outcome unknown (a 500, a dropped connection):
//   one request, both deliveries acked and reported failed.
// - Two batches on one kvDedupe store (two consumers: two isolates), the first send held in
//   flight by the mock: the second batch does not send (retried), and once the first is
//   accepted, its redelivery is a duplicate.
// - Issue 23, item 5: a 429 whose Retry-After is 999999999 seconds, or a date a year ahead, is
//   retried after at most backoff.max (default 300 s), and never after more than Queues' 43 200 s.
// Waits are for events (the mock receiving a request), with a ceiling; no assertion is about time.
import { createServer } from "node:http";
import { listenLocal, startWorker } from "./worker-harness.mjs";
import { Log, LogLevel } from "miniflare";

const WORKER = `
import { createQueueConsumer, enqueue, kvDedupe, message } from "./wafluent.min.js";
const provider = (env, path) => ({
  name: "http", kinds: ["text"],
  compile: (m) => ({ url: env.MOCK_URL + path, method: "POST", headers: { "content-type": "application/json" }, body: { to: m.to } }),
  parseSuccess: (a) => ({ id: String(a.body.id), status: "accepted" }),
  parseError: () => ({ message: "refused" }),
});
const fake = (body, attempts = 1) => {
  const d = { id: "d", body, attempts, timestamp: new Date(), acked: 0, retried: 0, ack() { d.acked++; }, retry(o) { d.retried++; d.delay = o?.delaySeconds; } };
  return d;
};
const bodies = async (recipients, salt) => {
  const out = [];
  await enqueue({ sendBatch: async (b) => void out.push(...[...b].map((m) => m.body)) }, message.text("Claims").to(recipients), { salt });
  return out;
};
const run = async (consume, messages, env) => {
  await consume({ queue: "direct", messages, ackAll() {}, retryAll() {} }, env);
  return { acked: messages.map((m) => m.acked), retried: messages.map((m) => m.retried) };
};
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const { recipient, path } = await request.clone().json();
    const [body] = await bodies([recipient], url.pathname);
    if (url.pathname === "/delay") {
      const { backoff } = await request.clone().json();
      const d = fake(body);
      await run(createQueueConsumer({ provider: provider(env, path), ...(backoff ? { backoff } : {}) }), [d], env);
      return Response.json({ retried: d.retried, acked: d.acked, delay: d.delay });
    }
    if (url.pathname === "/twice") {
      const results = [];
      const consume = createQueueConsumer({ provider: provider(env, path), concurrency: 5, onResult: (r) => void results.push({ status: r.status, code: r.error?.code }) });
      return Response.json({ ...(await run(consume, [fake(body), fake(body)], env)), results });
    }
    // /in-flight: two isolates on one KV store.
    const dedupe = kvDedupe(env.DEDUPE);
    const a = [], b = [];
    let started;
    const inFlight = new Promise((r) => (started = r));
    const isolateA = createQueueConsumer({ provider: provider(env, path), dedupe, fetch: (req, init) => (started(), fetch(req, init)), onResult: (r) => void a.push(r.status === "accepted" ? r.result.id : r.status) });
    const isolateB = createQueueConsumer({ provider: provider(env, path), dedupe, onResult: (r) => void b.push(r.status === "duplicate" ? r.id : r.status) });
    const first = run(isolateA, [fake(body)], env);
    await inFlight;
    const second = await run(isolateB, [fake(body)], env);
    await fetch(env.MOCK_URL + "/release", { method: "POST" });
    const firstDone = await first;
    const redelivered = await run(isolateB, [fake(body, 2)], env);
    return Response.json({ first: firstDone, second, redelivered, a, b });
  },
};`;

function mock() {
  const state = { sends: [], held: [] };
  const server = createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      const answer = (status) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: `m-${state.sends.length}` }));
      };
      if (req.url === "/release") {
        for (const release of state.held.splice(0)) release();
        return answer(200);
      }
      state.sends.push({ path: req.url, to: JSON.parse(data).to });
      if (req.url === "/fail") return answer(500);
      if (req.url === "/limited" || req.url === "/limited-date") {
        const later = req.url === "/limited" ? "999999999" : new Date(Date.now() + 365 * 86_400_000).toUTCString();
        res.writeHead(429, { "content-type": "application/json", "retry-after": later });
        return res.end("{}");
      }
      if (req.url === "/drop") return req.socket.destroy();
      if (req.url === "/hold") return void state.held.push(() => answer(200));
      answer(200);
    });
  });
  return listenLocal(server, state);
}

export async function run() {
  const m = await mock();
  const mf = startWorker(WORKER, {
    bindings: { MOCK_URL: m.url },
    kvNamespaces: ["DEDUPE"],
    log: new Log(LogLevel.NONE),
  });
  const cases = [];
  const check = (name, pass, detail) => cases.push({ name, pass: Boolean(pass), detail });
  const post = async (path, body) =>
    (await mf.dispatchFetch(`http://localhost${path}`, { method: "POST", body: JSON.stringify(body) })).json();
  const sendsTo = (to) => m.state.sends.filter((s) => s.to === to).length;
  try {
    for (const [path, what, code] of [
      ["/fail", "a 500 answer", "PROVIDER_ERROR"],
      ["/drop", "a dropped connection", "NETWORK"],
    ]) {
      const to = path === "/fail" ? "+31610000001" : "+31610000002";
      const r = await post("/twice", { recipient: to, path });
      check(
        `workerd: same key twice in one batch, first outcome unknown (${what}): one request, both acked, both failed`,
        sendsTo(to) === 1 &&
          JSON.stringify(r.acked) === "[1,1]" &&
          JSON.stringify(r.retried) === "[0,0]" &&
          JSON.stringify(r.results) ===
            JSON.stringify([
              { status: "failed", code },
              { status: "failed", code },
            ]),
        { r, sends: sendsTo(to) },
      );
    }
    const to = "+31610000003";
    const r = await post("/in-flight", { recipient: to, path: "/hold" });
    check(
      "workerd: two batches on one kvDedupe store, the first send in flight: the second is retried unsent, then a duplicate",
      sendsTo(to) === 1 &&
        JSON.stringify(r.first) === '{"acked":[1],"retried":[0]}' &&
        JSON.stringify(r.second) === '{"acked":[0],"retried":[1]}' &&
        JSON.stringify(r.redelivered) === '{"acked":[1],"retried":[0]}' &&
        r.a.length === 1 &&
        /^m-\d+$/.test(r.a[0]) &&
        JSON.stringify(r.b) === JSON.stringify(["retrying", r.a[0]]),
      { r, sends: sendsTo(to) },
    );
    for (const [path, backoff, most, what] of [
      ["/limited", undefined, 300, "Retry-After: 999999999, default backoff"],
      ["/limited-date", undefined, 300, "Retry-After a year ahead, default backoff"],
      ["/limited", { max: 10_000_000 }, 43_200, "Retry-After: 999999999, backoff.max above Queues' limit"],
    ]) {
      const r = await post("/delay", { recipient: "+31610000004", path, backoff });
      check(
        `workerd: a 429 with ${what}: retried after at most ${most} s`,
        r.retried === 1 && r.acked === 0 && typeof r.delay === "number" && r.delay > 0 && r.delay <= most,
        r,
      );
    }
  } catch (e) {
    check("queue claim cases ran", false, String(e?.stack ?? e));
  } finally {
    await mf.dispose();
    m.close();
  }
  return cases;
}
