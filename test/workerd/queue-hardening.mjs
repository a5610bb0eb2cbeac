// workerd cases of issue 15, items 13 and 14, in miniflare's local Queues with the CDN bundle:
// - `createQueueConsumer({ concurrency: Number(env.UNSET) })` used to run no worker, so the
//   handler returned and Queues acked the whole batch: every message silently gone. Now creation
//   throws CONFIG, the handler fails and Queues delivers the batch again.
// - Once the provider accepted a message, the delivery stays acked whatever the dedupe store or
//   onResult do: checked on hand-made deliveries (exact ack/retry counts) and through the real
//   queue (a throwing onResult neither fails the batch nor brings the message back).
// Waits are for events (a note arriving), with a ceiling; no assertion is about time.
import { createServer } from "node:http";
import { listenLocal, startWorker } from "./worker-harness.mjs";
import { Log, LogLevel } from "miniflare";

const WORKER = `
import { createQueueConsumer, enqueue, message } from "./wafluent.min.js";
const provider = (env) => ({
  name: "http", kinds: ["text"],
  compile: (m) => ({ url: env.MOCK_URL + "/send", method: "POST", headers: { "content-type": "application/json" }, body: { to: m.to } }),
  parseSuccess: (a) => ({ id: String(a.body.id), status: "accepted" }),
  parseError: () => ({ message: "refused" }),
});
const note = (env, x) => fetch(env.MOCK_URL + "/note", { method: "POST", body: JSON.stringify(x) });
// Keeps the claim written before the send; the put of the provider's id after it fails.
const brokenPut = () => {
  const kept = new Map();
  let puts = 0;
  return { get: async (k) => kept.get(k) ?? null, put: async (k, v) => { if (++puts > 1) throw new Error("KV unavailable"); kept.set(k, v); } };
};
const fake = (body) => {
  const d = { id: "d", body, attempts: 1, timestamp: new Date(), acked: 0, retried: 0, ack() { d.acked++; }, retry() { d.retried++; } };
  return d;
};
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const { recipients, queue } = await request.json();
    const draft = message.text("Hardening").to(recipients);
    if (url.pathname === "/enqueue") return Response.json(await enqueue(queue === "late" ? env.LATE : env.NAN, draft, { salt: url.search }));
    // Hand-made deliveries run through the consumer in workerd: exact ack/retry counts.
    const bodies = [];
    await enqueue({ sendBatch: async (b) => void bodies.push(...[...b].map((m) => m.body)) }, draft, { salt: url.search });
    const statuses = [];
    let dedupeError;
    const options = url.pathname === "/broken-put"
      ? { dedupe: brokenPut(),
          onResult: (r) => { statuses.push(r.status); dedupeError = r.dedupeError && { code: r.dedupeError.code, cause: r.dedupeError.cause?.message }; } }
      : { onResult: (r) => { statuses.push(r.status); if (r.status === "accepted") throw new Error("report store down"); } };
    const messages = bodies.map(fake);
    await createQueueConsumer({ provider, ...options })({ queue: "direct", messages, ackAll() {}, retryAll() {} }, env);
    return Response.json({ acked: messages.map((m) => m.acked), retried: messages.map((m) => m.retried), statuses, dedupeError });
  },
  async queue(batch, env) {
    const seen = batch.messages.map((m) => ({ key: m.body.key, attempts: m.attempts }));
    if (batch.queue === "nan") {
      let consume;
      try {
        consume = createQueueConsumer({ provider, concurrency: Number(env.CONCURRENCY) });
      } catch (e) {
        await note(env, { queue: "nan", phase: "create", code: e.code, message: e.message, seen });
        throw e;
      }
      await consume(batch, env);
      return note(env, { queue: "nan", phase: "done", seen });
    }
    // backoff base 0: were the delivery retried, it would come back at once, ahead of the sentinel.
    await createQueueConsumer({ provider, backoff: { base: 0 }, onResult: () => { throw new Error("report store down"); } })(batch, env);
    await note(env, { queue: "late", phase: "done", seen });
  },
};`;

function mock() {
  const state = { sends: [], notes: [] };
  const server = createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      if (req.url === "/note") state.notes.push(JSON.parse(data));
      else state.sends.push(JSON.parse(data).to);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `m-${state.sends.length}` }));
    });
  });
  return listenLocal(server, state);
}

/** Waits until `cond()` holds (polling), at most `ceilingMs`; returns whether it held. */
async function until(cond, ceilingMs = 30_000) {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > ceilingMs) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

export async function run() {
  const m = await mock();
  const mf = startWorker(WORKER, {
    bindings: { MOCK_URL: m.url }, // CONCURRENCY deliberately unset: Number(undefined) is NaN
    queueProducers: { NAN: "nan", LATE: "late" },
    queueConsumers: {
      nan: { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 1, retryDelay: 0 },
      late: { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 3, retryDelay: 0 },
    },
    log: new Log(LogLevel.NONE),
  });
  const cases = [];
  const check = (name, pass, detail) => cases.push({ name, pass: Boolean(pass), detail });
  const post = async (path, body) =>
    (await mf.dispatchFetch(`http://localhost${path}`, { method: "POST", body: JSON.stringify(body) })).json();
  const phone = (i) => `+3161${String(i).padStart(7, "0")}`;
  try {
    // Item 13: NaN concurrency through the real queue.
    const nanReport = await post("/enqueue", { queue: "nan", recipients: [phone(1), phone(2), phone(3)] });
    const nanNotes = () => m.state.notes.filter((n) => n.queue === "nan");
    const redelivered = await until(
      () => nanNotes().some((n) => n.seen.every((s) => s.attempts === 2)) || nanNotes().some((n) => n.phase === "done"),
    );
    const [first] = nanNotes();
    check(
      "workerd: concurrency NaN is a CONFIG error at creation, and the batch comes back instead of being silently acked",
      nanReport.enqueued === 3 &&
        redelivered &&
        first?.phase === "create" &&
        first.code === "CONFIG" &&
        /concurrency/.test(first.message) &&
        /NaN/.test(first.message) &&
        nanNotes().every((n) => n.phase === "create") &&
        nanNotes().some((n) => n.seen.length === 3 && n.seen.every((s) => s.attempts === 2)) &&
        m.state.sends.length === 0,
      { notes: nanNotes(), sends: m.state.sends.length },
    );

    // Item 14 on hand-made deliveries: exact ack/retry counts.
    const sendsBefore = m.state.sends.length;
    const put = await post("/broken-put?put", { recipients: [phone(10)] });
    check(
      "workerd: a failing dedupe.put() after acceptance acks (no retry, one send) and reports dedupeError",
      JSON.stringify(put.acked) === "[1]" &&
        JSON.stringify(put.retried) === "[0]" &&
        JSON.stringify(put.statuses) === '["accepted"]' &&
        put.dedupeError?.cause === "KV unavailable" &&
        m.state.sends.length - sendsBefore === 1,
      { put, sends: m.state.sends.length - sendsBefore },
    );
    const sendsBefore2 = m.state.sends.length;
    const thrown = await post("/throwing-on-result?throw", { recipients: [phone(11)] });
    check(
      "workerd: onResult throwing after acceptance without a store: acked, no retry, reported again as duplicate",
      JSON.stringify(thrown.acked) === "[1]" &&
        JSON.stringify(thrown.retried) === "[0]" &&
        JSON.stringify(thrown.statuses) === '["accepted","duplicate"]' &&
        m.state.sends.length - sendsBefore2 === 1,
      { thrown, sends: m.state.sends.length - sendsBefore2 },
    );

    // Item 14 through the real queue: the handler does not fail the batch, nothing comes back.
    const lateNotes = () => m.state.notes.filter((n) => n.queue === "late");
    const a = await post("/enqueue", { queue: "late", recipients: [phone(20)] });
    const aDone = await until(() => lateNotes().some((n) => n.seen.some((s) => s.key === a.keys[0])));
    // A sentinel enqueued after A's batch finished: a redelivery of A (retry delay 0) would be
    // queued before it, so once the sentinel is done, A has had every chance to come back.
    const b = await post("/enqueue?sentinel", { queue: "late", recipients: [phone(21)] });
    const bDone = await until(() => lateNotes().some((n) => n.seen.some((s) => s.key === b.keys[0])));
    const aSeen = lateNotes()
      .flatMap((n) => n.seen)
      .filter((s) => s.key === a.keys[0]);
    check(
      "workerd: a throwing onResult after acceptance neither fails the batch nor brings the message back",
      aDone && bDone && aSeen.length === 1 && m.state.sends.filter((to) => to === phone(20)).length === 1,
      { aSeen, sendsToA: m.state.sends.filter((to) => to === phone(20)).length },
    );
  } catch (e) {
    check("queue hardening cases ran", false, String(e?.stack ?? e));
  } finally {
    await mf.dispose();
    m.close();
  }
  return cases;
}
