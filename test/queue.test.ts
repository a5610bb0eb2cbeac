import {
  enqueue,
  createQueueConsumer,
  memoryDedupe,
  idempotencyKey,
  message,
  sandbox,
  whatsapp,
  isValidationError,
  QUEUE_BATCH_BYTES,
  type Message,
  type QueueDelivery,
  type QueuedMessage,
  type QueueResult,
  type Provider,
} from "../src/index.ts";
import { tokenBucket } from "../src/edge/queue.ts";
import { describe, it, ok, equal, deepEqual } from "./harness.ts";
import { delivery } from "./queue-fakes.ts";

const TO = "+31612345678";
const nums = (n: number) => Array.from({ length: n }, (_, i) => `+3161${String(i).padStart(7, "0")}`);

function fakeQueue() {
  const batches: { body: QueuedMessage }[][] = [];
  return {
    batches,
    async sendBatch(msgs: Iterable<{ body: unknown }>) {
      batches.push([...msgs] as { body: QueuedMessage }[]);
    },
  };
}

describe("queue producer", () => {
  it("keys are stable per (message, recipient), salted, and independent of key order", async () => {
    const a = await idempotencyKey({ to: TO, type: "text", body: "hi" });
    equal(a, await idempotencyKey({ body: "hi", type: "text", to: TO }));
    ok(/^[0-9a-f]{64}$/.test(a));
    ok(a !== (await idempotencyKey({ to: "+31612345679", type: "text", body: "hi" })));
    ok(a !== (await idempotencyKey({ to: TO, type: "text", body: "hi" }, "campaign-2")));
  });

  it("splits 250 messages into batches of at most 100 and drops nothing", async () => {
    const q = fakeQueue();
    const report = await enqueue(q, message.text("Sale").to(nums(250)));
    deepEqual(
      q.batches.map((b) => b.length),
      [100, 100, 50],
    );
    equal(report.enqueued, 250);
    equal(report.batches, 3);
    equal(new Set(report.keys).size, 250);
    deepEqual(
      q.batches.flat().map((m) => m.body.key),
      report.keys,
    );
    equal(q.batches[0]![0]!.body.v, 1);
    equal(q.batches[0]![0]!.body.message.to, nums(1)[0]);
  });

  it("splits by bytes so no batch passes 256 KB", async () => {
    const q = fakeQueue();
    const blob = "x".repeat(4000);
    const outs = nums(150).map((to) => message.text("Hi").ref({ blob }).to(to));
    const report = await enqueue(q, outs);
    equal(report.enqueued, 150);
    for (const b of q.batches)
      ok(new TextEncoder().encode(JSON.stringify(b.map((m) => m.body))).byteLength <= QUEUE_BATCH_BYTES);
    ok(q.batches.length >= 3, `expected byte-based splitting, got ${q.batches.length} batches`);
  });

  it("refuses invalid recipients and invalid messages; nothing invalid enters", async () => {
    const q = fakeQueue();
    const report = await enqueue(q, message.text("Hi").to([TO, "not a number", "+31612345679"]));
    equal(report.enqueued, 2);
    equal(report.refused.length, 1);
    equal(report.refused[0]!.to, "not a number");
    ok(isValidationError(report.refused[0]!.error));
    const r2 = await enqueue(q, [{ to: TO, type: "text", body: "" }]);
    equal(r2.enqueued, 0);
    equal(r2.refused[0]!.error.code, "VALIDATION");
    equal(q.batches.flat().length, 2);
  });

  it("refuses a message over 128 KB with a clear error", async () => {
    const q = fakeQueue();
    const big: Message = { to: TO, type: "text", body: "hi", ref: { blob: "y".repeat(140_000) } };
    const report = await enqueue(q, [big, { to: TO, type: "text", body: "small" }]);
    equal(report.enqueued, 1);
    equal(report.refused.length, 1);
    ok(
      /128|131072/.test(report.refused[0]!.error.message) && /bytes/.test(report.refused[0]!.error.message),
      report.refused[0]!.error.message,
    );
  });
});

describe("queue consumer", () => {
  const body = async (to = TO): Promise<QueuedMessage> => {
    const m = message.text("Hi").to(to).message;
    return { v: 1, key: await idempotencyKey(m), message: m, at: 0 };
  };

  it("sends, acks, records; a redelivery is skipped and sends nothing", async () => {
    const box = sandbox();
    const dedupe = memoryDedupe();
    const results: QueueResult[] = [];
    const consume = createQueueConsumer({ provider: box, dedupe, onResult: (r) => void results.push(r) });
    const b = await body();
    const first = delivery(b);
    await consume({ queue: "q", messages: [first as QueueDelivery] });
    equal(first.acked, 1);
    equal(box.sent.length, 1);
    const again = delivery(b, 2);
    await consume({ queue: "q", messages: [again as QueueDelivery] });
    equal(again.acked, 1);
    equal(box.sent.length, 1, "the redelivered message is not sent again");
    deepEqual(
      results.map((r) => r.status),
      ["accepted", "duplicate"],
    );
  });

  const failing = (status: number, headers: Record<string, string> = {}): Provider => ({
    name: "fake",
    kinds: ["text"],
    compile: (m) => ({
      url: "https://example.invalid/send",
      method: "POST",
      headers: {},
      body: JSON.parse(JSON.stringify(m)),
    }),
    parseSuccess: () => ({ id: "x", status: "accepted" }),
    parseError: () => ({ message: `status ${status}` }),
    deliver: async () => ({ status, headers: new Headers(headers), body: {} }),
  });

  it("retries 429 with Retry-After, then backoff; fails non-retryable 400 once", async () => {
    const results: QueueResult[] = [];
    const c429 = createQueueConsumer({
      provider: failing(429, { "retry-after": "7" }),
      onResult: (r) => void results.push(r),
    });
    const d1 = delivery(await body());
    await c429({ queue: "q", messages: [d1 as QueueDelivery] });
    deepEqual(d1.retried, [7]);
    equal(d1.acked, 0);
    const cBackoff = createQueueConsumer({ provider: failing(503), backoff: { base: 3, max: 100 } });
    const d2 = delivery(await body(), 3);
    await cBackoff({ queue: "q", messages: [d2 as QueueDelivery] });
    deepEqual(d2.retried, [12], "3 * 2^(3-1)");
    const c400 = createQueueConsumer({ provider: failing(400), onResult: (r) => void results.push(r) });
    const d3 = delivery(await body());
    await c400({ queue: "q", messages: [d3 as QueueDelivery] });
    equal(d3.acked, 1);
    deepEqual(d3.retried, []);
    deepEqual(
      results.map((r) => r.status),
      ["retrying", "failed"],
    );
  });

  it("stops retrying after maxAttempts and reports failed", async () => {
    const results: QueueResult[] = [];
    const c = createQueueConsumer({ provider: failing(429), maxAttempts: 2, onResult: (r) => void results.push(r) });
    const d = delivery(await body(), 2);
    await c({ queue: "q", messages: [d as QueueDelivery] });
    equal(d.acked, 1);
    equal(results[0]!.status, "failed");
  });

  it("acks and reports bodies that are not wafluent messages or are invalid", async () => {
    const results: QueueResult[] = [];
    const box = sandbox();
    const c = createQueueConsumer({ provider: box, onResult: (r) => void results.push(r) });
    const bad = delivery({ hello: 1 });
    const invalid = delivery({ v: 1, key: "k", message: { to: TO, type: "text", body: "" }, at: 0 });
    await c({ queue: "q", messages: [bad, invalid] as QueueDelivery[] });
    equal(bad.acked + invalid.acked, 2);
    deepEqual(
      results.map((r) => r.status),
      ["failed", "failed"],
    );
    equal(box.sent.length, 0);
  });

  it("identical messages delivered together are sent once", async () => {
    const box = sandbox();
    const results: QueueResult[] = [];
    const c = createQueueConsumer({
      provider: box,
      dedupe: memoryDedupe(),
      concurrency: 5,
      onResult: (r) => void results.push(r),
    });
    const b = await body();
    const ds = [delivery(b), delivery(b), delivery(b)];
    await c({ queue: "q", messages: ds as QueueDelivery[] });
    equal(box.sent.length, 1);
    deepEqual(results.map((r) => r.status).sort(), ["accepted", "duplicate", "duplicate"]);
    equal(
      ds.reduce((n, d) => n + d.acked, 0),
      3,
    );
  });

  it("a throwing onResult after an acceptance leaves the delivery acked, never retried (test/queue-hardening.test.ts has the rest)", async () => {
    const box = sandbox();
    const c = createQueueConsumer({
      provider: box,
      dedupe: memoryDedupe(),
      onResult: (r) => {
        if (r.status === "accepted") throw new Error("report store down");
      },
    });
    const d = delivery(await body());
    await c({ queue: "q", messages: [d as QueueDelivery] });
    equal(d.acked, 1);
    equal(d.retried.length, 0);
    equal(box.sent.length, 1);
  });

  it("the token bucket spaces sends at the configured rate", async () => {
    let t = 0;
    const slept: number[] = [];
    const take = tokenBucket(
      2,
      () => t,
      async (ms) => {
        slept.push(ms);
        t += ms;
      },
    );
    for (let i = 0; i < 6; i++) await take();
    equal(t, 2000, "6 tokens at 2/s with a burst of 2 take 2 s");
    const slow = tokenBucket(
      0.5,
      () => t,
      async (ms) => {
        t += ms;
      },
    );
    const t0 = t;
    await slow();
    await slow();
    equal(t - t0, 2000, "a rate below 1/s still lets one through every 1/rate seconds");
  });

  it("memory dedupe expires entries after the TTL", async () => {
    let t = 0;
    const d = memoryDedupe(() => t);
    await d.put("k", "id1", 10);
    equal(await d.get("k"), "id1");
    t = 10_001;
    equal(await d.get("k"), undefined);
  });

  it("whole flow: enqueue to a fake queue, consume every batch with the sandbox", async () => {
    const q = fakeQueue();
    await enqueue(q, message.text("Flow").to(nums(120)));
    const box = sandbox();
    const c = createQueueConsumer({ provider: box, dedupe: memoryDedupe(), concurrency: 4 });
    for (const b of q.batches) await c({ queue: "q", messages: b.map((m) => delivery(m.body)) as QueueDelivery[] });
    equal(box.sent.length, 120);
    equal(new Set(box.sent.map((m) => m.to)).size, 120);
    void whatsapp;
  });

  it("enqueues an async iterable of messages without sending them", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    // an async generator awaits what it yields, and awaiting an Outgoing sends it: yield .message
    async function* gen() {
      for (const to of nums(3)) yield wa.text("Lazy").to(to).message;
    }
    const q = fakeQueue();
    const report = await enqueue(q, gen());
    equal(report.enqueued, 3);
    equal(box.sent.length, 0, "enqueue must not send");
  });
});
