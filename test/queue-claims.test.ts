// Issue 23, item 1: a key is sent at most once. Two deliveries of one idempotency key in one batch
// were both sent (and both acked) when the first send's outcome was unknown (timeout, 5xx,
// dropped connection), and a second batch sent a key whose first send was still in flight. Keys
// are now claimed before the send, per batch and through the dedupe store; a later copy shares
// the first one's outcome, and an unknown outcome is never sent again.
import {
  createQueueConsumer,
  idempotencyKey,
  kvDedupe,
  memoryDedupe,
  message,
  type DedupeStore,
  type KvLike,
  type Provider,
  type QueueDelivery,
  type QueuedMessage,
  type QueueResult,
} from "../src/index.ts";
import { describe, it, ok, equal, deepEqual } from "./harness.ts";
import { delivery } from "./queue-fakes.ts";

const TO = "+31612345678";

async function body(to = TO): Promise<QueuedMessage> {
  const m = message.text("Spring sale").to(to).message;
  return { v: 1, key: await idempotencyKey(m, "spring"), message: m, at: 0 };
}

// A plain HTTP provider: every send is one call of the consumer's `fetch`.
const http: Provider = {
  name: "http",
  kinds: ["text"],
  compile: (m) => ({
    url: "https://provider.invalid/send",
    method: "POST",
    headers: { "content-type": "application/json" },
    body: { to: m.to },
  }),
  parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
  parseError: () => ({ message: "refused" }),
};

type Answer = "network" | "timeout" | number;

/** A fetch that counts its calls and answers each from `answers` (the last one repeats). */
function fetcher(...answers: Answer[]) {
  const f = {
    calls: 0,
    fetch: (async (_input: unknown, init?: RequestInit) => {
      const answer = answers[Math.min(f.calls, answers.length - 1)]!;
      f.calls++;
      if (answer === "network") throw new TypeError("fetch failed: socket hang up");
      if (answer === "timeout")
        return new Promise<Response>((_, reject) => {
          const signal = init?.signal ?? (_input instanceof Request ? _input.signal : undefined);
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        });
      return new Response(JSON.stringify({ id: `m-${f.calls}` }), {
        status: answer,
        headers: { "content-type": "application/json" },
      });
    }) as typeof fetch,
  };
  return f;
}

/** A KV namespace in a Map, as `kvDedupe` sees one. */
function fakeKv(): KvLike {
  const map = new Map<string, string>();
  return {
    get: async (k) => map.get(k) ?? null,
    put: async (k, v) => void map.set(k, v),
  };
}

const unknowns: [string, Answer, string][] = [
  ["a dropped connection", "network", "NETWORK"],
  ["a timeout", "timeout", "TIMEOUT"],
  ["a 500 answer", 500, "PROVIDER_ERROR"],
  ["a 502 answer", 502, "PROVIDER_ERROR"],
];

describe("queue consumer: a key is sent at most once", () => {
  for (const [what, answer, code] of unknowns)
    for (const concurrency of [1, 5])
      for (const store of ["none", "memory", "kv"] as const)
        it(`same key twice in one batch, first outcome ${what} (concurrency ${concurrency}, store ${store}): one fetch, both acked, both failed`, async () => {
          const f = fetcher(answer, 200);
          const results: QueueResult[] = [];
          const dedupe: DedupeStore | undefined =
            store === "memory" ? memoryDedupe() : store === "kv" ? kvDedupe(fakeKv()) : undefined;
          const consume = createQueueConsumer({
            provider: http,
            fetch: f.fetch,
            timeout: 50,
            concurrency,
            ...(dedupe ? { dedupe } : {}),
            onResult: (r) => void results.push(r),
          });
          const b = await body();
          const ds = [delivery(b), delivery(b)];
          await consume({ queue: "q", messages: ds as QueueDelivery[] });
          equal(f.calls, 1, "exactly one fetch");
          deepEqual(
            ds.map((d) => [d.acked, d.retried.length]),
            [
              [1, 0],
              [1, 0],
            ],
          );
          deepEqual(
            results.map((r) => r.status),
            ["failed", "failed"],
          );
          for (const r of results) equal(r.status === "failed" ? r.error.code : "", code);
          const copy = results[1]!;
          ok(copy.status === "failed" && /Not sent again/.test(copy.error.message), JSON.stringify(copy));
          ok(copy.status === "failed" && copy.error.cause === (results[0] as { error: unknown }).error);

          if (!dedupe) return;
          // A later batch (another isolate: another consumer on the same store) finds the unknown
          // outcome in the store and does not send either, however often it is delivered.
          const later: QueueResult[] = [];
          const elsewhere = createQueueConsumer({
            provider: http,
            fetch: f.fetch,
            dedupe,
            onResult: (r) => void later.push(r),
          });
          const again = delivery(b, 1);
          await elsewhere({ queue: "q", messages: [again as QueueDelivery] });
          equal(f.calls, 1, "still one fetch");
          equal(again.acked, 1);
          equal(later[0]?.status, "failed");
          equal(later[0]?.status === "failed" ? later[0].error.code : "", code);
          ok(later[0]?.status === "failed" && /outcome is unknown/.test(later[0].error.message));
        });

  it("retryUncertain: true still retries a timeout (the opt-in), and a copy in the batch is retried with it, not sent", async () => {
    const f = fetcher("network", 200);
    const dedupe = memoryDedupe();
    const results: QueueResult[] = [];
    const consume = createQueueConsumer({
      provider: http,
      fetch: f.fetch,
      dedupe,
      retryUncertain: true,
      onResult: (r) => void results.push(r),
    });
    const b = await body();
    const ds = [delivery(b), delivery(b)];
    await consume({ queue: "q", messages: ds as QueueDelivery[] });
    equal(f.calls, 1);
    deepEqual(
      ds.map((d) => d.retried.length),
      [1, 1],
    );
    const redelivered = delivery(b, 2);
    await consume({ queue: "q", messages: [redelivered as QueueDelivery] });
    equal(f.calls, 2, "the opted-in retry sends");
    equal(redelivered.acked, 1);
  });

  it("same key twice in one batch without a store, first accepted: one fetch, the copy is a duplicate with its id", async () => {
    const f = fetcher(200);
    const results: QueueResult[] = [];
    const consume = createQueueConsumer({ provider: http, fetch: f.fetch, onResult: (r) => void results.push(r) });
    const b = await body();
    await consume({ queue: "q", messages: [delivery(b), delivery(b)] as QueueDelivery[] });
    equal(f.calls, 1);
    deepEqual(
      results.map((r) => [r.status, r.status === "accepted" ? r.result.id : r.status === "duplicate" ? r.id : ""]),
      [
        ["accepted", "m-1"],
        ["duplicate", "m-1"],
      ],
    );
  });

  for (const store of ["memory", "kv"] as const)
    it(`across two batches (${store} store): while the first send is in flight the second waits, then is a duplicate`, async () => {
      const dedupe = store === "memory" ? memoryDedupe() : kvDedupe(fakeKv());
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let started!: () => void;
      const inFlight = new Promise<void>((r) => (started = r));
      let calls = 0;
      const slow = (async () => {
        calls++;
        started();
        await gate;
        return new Response(JSON.stringify({ id: "m-first" }), {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      }) as typeof fetch;
      const a: QueueResult[] = [];
      const b: QueueResult[] = [];
      // Two consumers on one store: two isolates, each with its own memory of what is in flight.
      const isolateA = createQueueConsumer({ provider: http, fetch: slow, dedupe, onResult: (r) => void a.push(r) });
      const isolateB = createQueueConsumer({ provider: http, fetch: slow, dedupe, onResult: (r) => void b.push(r) });
      const msg = await body();
      const first = delivery(msg);
      const batchA = isolateA({ queue: "q", messages: [first as QueueDelivery] });
      await inFlight;
      const second = delivery(msg);
      await isolateB({ queue: "q", messages: [second as QueueDelivery] });
      equal(calls, 1, "the second batch did not send");
      equal(second.acked, 0);
      equal(second.retried.length, 1, "retried, to learn the first one's outcome");
      equal(b[0]?.status, "retrying");
      ok(b[0]?.status === "retrying" && b[0].error.code === "TIMEOUT" && /claimed/.test(b[0].error.message));
      release();
      await batchA;
      equal(first.acked, 1);
      equal(a[0]?.status, "accepted");
      const redelivered = delivery(msg, 2);
      await isolateB({ queue: "q", messages: [redelivered as QueueDelivery] });
      equal(calls, 1, "still one fetch");
      equal(redelivered.acked, 1);
      deepEqual(b[1], { status: "duplicate", key: msg.key, to: TO, attempts: 2, id: "m-first" });
    });

  it("the claim is read back: a claim another delivery wrote at the same time wins; a stale 'not found' does not block", async () => {
    const msg = await body();
    const kept = new Map<string, string>();
    // Another isolate's claim lands right after ours: the read-back shows theirs.
    const racing: DedupeStore = {
      get: async (k) => kept.get(k),
      put: async (k, v) => void kept.set(k, v.startsWith("wafluent:claimed:") ? "wafluent:claimed:theirs" : v),
    };
    const f = fetcher(200);
    const results: QueueResult[] = [];
    const d = delivery(msg);
    await createQueueConsumer({
      provider: http,
      fetch: f.fetch,
      dedupe: racing,
      onResult: (r) => void results.push(r),
    })({
      queue: "q",
      messages: [d as QueueDelivery],
    });
    equal(f.calls, 0, "the other claim's holder sends, not this one");
    deepEqual([d.acked, d.retried.length, results[0]?.status], [0, 1, "retrying"]);
    // Workers KV may answer a read just after a write from a cached "not found": no competitor.
    const stale: DedupeStore = { get: async () => null, put: async () => undefined };
    const g = fetcher(200);
    const e = delivery(msg);
    await createQueueConsumer({ provider: http, fetch: g.fetch, dedupe: stale })({
      queue: "q",
      messages: [e as QueueDelivery],
    });
    deepEqual([g.calls, e.acked], [1, 1]);
  });

  it("a claim still held after maxAttempts deliveries ends failed (TIMEOUT), acked and never sent", async () => {
    const dedupe = memoryDedupe();
    const msg = await body();
    // What a Worker that stopped mid-send leaves behind: its claim.
    await dedupe.put(msg.key, "wafluent:claimed:0123", 3600);
    const f = fetcher(200);
    const results: QueueResult[] = [];
    const consume = createQueueConsumer({
      provider: http,
      fetch: f.fetch,
      dedupe,
      maxAttempts: 3,
      onResult: (r) => void results.push(r),
    });
    const d2 = delivery(msg, 2);
    await consume({ queue: "q", messages: [d2 as QueueDelivery] });
    deepEqual([d2.acked, d2.retried.length], [0, 1]);
    const d3 = delivery(msg, 3);
    await consume({ queue: "q", messages: [d3 as QueueDelivery] });
    deepEqual([d3.acked, d3.retried.length], [1, 0]);
    equal(f.calls, 0);
    equal(results[1]?.status, "failed");
    ok(
      results[1]?.status === "failed" &&
        results[1].error.code === "TIMEOUT" &&
        /maxAttempts/.test(results[1].error.message),
    );
  });

  it("a refusal (429, 400) frees the key: the retried delivery, or a re-enqueue, is sent", async () => {
    const f = fetcher(429, 200);
    const dedupe = memoryDedupe();
    const results: QueueResult[] = [];
    const consume = createQueueConsumer({
      provider: http,
      fetch: f.fetch,
      dedupe,
      onResult: (r) => void results.push(r),
    });
    const msg = await body();
    const d1 = delivery(msg);
    await consume({ queue: "q", messages: [d1 as QueueDelivery] });
    equal(d1.retried.length, 1);
    const d2 = delivery(msg, 2);
    await consume({ queue: "q", messages: [d2 as QueueDelivery] });
    equal(f.calls, 2);
    equal(d2.acked, 1);
    deepEqual(
      results.map((r) => r.status),
      ["retrying", "accepted"],
    );
    const g = fetcher(400, 200);
    const c400 = createQueueConsumer({ provider: http, fetch: g.fetch, dedupe: memoryDedupe() });
    const other = await body("+31612345679");
    const [x, y] = [delivery(other), delivery(other)];
    await c400({ queue: "q", messages: [x, y] as QueueDelivery[] });
    equal(g.calls, 1, "the copy shares the refusal within the batch");
    const z = delivery(other);
    await c400({ queue: "q", messages: [z as QueueDelivery] });
    equal(g.calls, 2, "a later batch may send: nothing was sent");
  });
});
