// Issue 15, items 13 and 14: every setting of createQueueConsumer is checked at creation (a
// CONFIG error naming the option and the kind of value, never the value), and once the provider
// accepted a message its delivery is acked, whatever the dedupe store or onResult do next.
import {
  createQueueConsumer,
  idempotencyKey,
  isWaError,
  memoryDedupe,
  message,
  sandbox,
  type DedupeStore,
  type Provider,
  type QueueDelivery,
  type QueuedMessage,
  type QueueResult,
} from "../src/index.ts";
import { describe, it, ok, equal, deepEqual, throws } from "./harness.ts";
import { delivery } from "./queue-fakes.ts";

const TO = "+31612345678";
const SECRET = "sk_live_5f2b9c0e1d";

async function body(to = TO): Promise<QueuedMessage> {
  const m = message.text("Hi").to(to).message;
  return { v: 1, key: await idempotencyKey(m), message: m, at: 0 };
}

const answering = (status: number): Provider => ({
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
  deliver: async () => ({ status, headers: new Headers(), body: {} }),
});

/** A provider whose send never gets an answer: a dropped connection after the request left. */
const dropping: Provider = {
  name: "dropping",
  kinds: ["text"],
  compile: (m) => ({
    url: "https://example.invalid/send",
    method: "POST",
    headers: {},
    body: JSON.parse(JSON.stringify(m)),
  }),
  parseSuccess: () => ({ id: "x", status: "accepted" }),
  parseError: () => ({ message: "x" }),
  deliver: async () => {
    throw Object.assign(new Error("socket hang up"), { name: "TypeError" });
  },
};

/** Runs `fn` with globalThis.reportError captured; returns what was reported. */
async function reported(fn: () => Promise<unknown>): Promise<unknown[]> {
  const g = globalThis as { reportError?: (e: unknown) => void };
  const had = Object.hasOwn(g, "reportError");
  const own = g.reportError;
  const seen: unknown[] = [];
  g.reportError = (e) => void seen.push(e);
  try {
    await fn();
  } finally {
    if (had) g.reportError = own;
    else delete g.reportError;
  }
  return seen;
}

const lateCheck = (seen: unknown[], n: number, status: string) => {
  equal(seen.length, n, `${n} error(s) reported`);
  for (const e of seen) {
    ok(isWaError(e) && e.code === "CONFIG", `expected CONFIG, got ${String(e)}`);
    ok(new RegExp(`"${status}"`).test((e as Error).message), (e as Error).message);
    equal(((e as Error).cause as Error).message, "down");
  }
};

const configError = (fn: () => unknown, ...words: RegExp[]) =>
  throws(fn, (e: unknown) => {
    ok(isWaError(e) && e.code === "CONFIG", `expected a CONFIG WaError, got ${String(e)}`);
    for (const w of words) ok(w.test((e as Error).message), `${(e as Error).message} should match ${w}`);
    ok(!(e as Error).message.includes(SECRET), "the error must not echo the value");
  });

describe("createQueueConsumer: every setting checked at creation", () => {
  const provider = sandbox();

  it("concurrency NaN (Number() of an unset env var) is a CONFIG error naming the option and NaN", () => {
    configError(() => createQueueConsumer({ provider, concurrency: Number(undefined) }), /concurrency/, /NaN/);
  });

  it("createQueueConsumer(undefined) and a missing provider are CONFIG errors, not TypeErrors", () => {
    // @ts-expect-error: mistyped on purpose, for the runtime check
    configError(() => createQueueConsumer(undefined), /options object/, /undefined/);
    // @ts-expect-error: mistyped on purpose, for the runtime check
    configError(() => createQueueConsumer(null), /null/);
    // @ts-expect-error: mistyped on purpose, for the runtime check
    configError(() => createQueueConsumer({}), /provider/);
    // @ts-expect-error: mistyped on purpose, for the runtime check
    configError(() => createQueueConsumer({ provider: SECRET }), /provider/, /a string/);
  });

  it("each numeric option refuses NaN, Infinity, negatives, strings and (where whole) fractions", () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["concurrency", { concurrency: 0 }, /0\b/],
      ["concurrency", { concurrency: 2.5 }, /fraction/],
      ["concurrency", { concurrency: "10" }, /a string/],
      ["concurrency", { concurrency: 5000 }, /out of range/],
      ["rateLimit", { rateLimit: NaN }, /NaN/],
      ["rateLimit", { rateLimit: -1 }, /negative/],
      ["rateLimit", { rateLimit: Infinity }, /Infinity/],
      ["rateLimit", { rateLimit: SECRET }, /a string/],
      ["maxAttempts", { maxAttempts: NaN }, /NaN/],
      ["maxAttempts", { maxAttempts: 0 }, /0\b/],
      ["maxAttempts", { maxAttempts: 1.5 }, /fraction/],
      ["timeout", { timeout: NaN }, /NaN/],
      ["timeout", { timeout: -5 }, /negative/],
      ["timeout", { timeout: 3e9 }, /out of range/],
      ["dedupeTtl", { dedupeTtl: NaN }, /NaN/],
      ["dedupeTtl", { dedupeTtl: 0 }, /0\b/],
      ["backoff.base", { backoff: { base: NaN } }, /NaN/],
      ["backoff.max", { backoff: { max: -1 } }, /negative/],
      ["backoff", { backoff: 5 }, /object/],
      ["retryUncertain", { retryUncertain: "yes" }, /a string/],
      ["idempotencyHeader", { idempotencyHeader: `Bearer ${SECRET}` }, /header name/],
      ["onResult", { onResult: SECRET }, /a string/],
      ["dedupe", { dedupe: {} }, /get\(key\)/],
    ];
    for (const [name, extra, kind] of cases)
      configError(() => createQueueConsumer({ provider, ...extra }), new RegExp(name.replace(".", "\\.")), kind);
  });

  it("valid settings still create a consumer (rateLimit 0 = unlimited, fractions where rates allow)", () => {
    equal(
      typeof createQueueConsumer({
        provider,
        rateLimit: 0,
        concurrency: 1,
        maxAttempts: 1,
        dedupeTtl: 1.5,
        timeout: 1000,
        backoff: { base: 0, max: 0 },
      }),
      "function",
    );
    equal(
      typeof createQueueConsumer({
        provider: () => provider,
        rateLimit: 0.5,
        idempotencyHeader: false,
        retryUncertain: true,
      }),
      "function",
    );
  });
});

describe("createQueueConsumer: once accepted, never sent again", () => {
  // The claim written before the send is kept; the put of the provider's id after it fails.
  const brokenPut = (): DedupeStore & { puts: number } => {
    const kept = new Map<string, string>();
    const s = {
      puts: 0,
      get: async (k: string) => kept.get(k) ?? null,
      put: async (k: string, v: string) => {
        if (++s.puts > 1) throw new Error("KV unavailable");
        kept.set(k, v);
      },
    };
    return s;
  };

  it("a failing dedupe.put() after acceptance: acked, not retried, reported as accepted with dedupeError", async () => {
    const box = sandbox();
    const store = brokenPut();
    const results: QueueResult[] = [];
    const c = createQueueConsumer({ provider: box, dedupe: store, onResult: (r) => void results.push(r) });
    const d = delivery(await body());
    await c({ queue: "q", messages: [d as QueueDelivery] });
    equal(box.sent.length, 1);
    equal(store.puts, 2, "the claim, then the id");
    equal(d.acked, 1);
    deepEqual(d.retried, []);
    deepEqual(
      results.map((r) => r.status),
      ["accepted"],
    );
    const r = results[0] as Extract<QueueResult, { status: "accepted" }>;
    ok(isWaError(r.dedupeError), "the accepted result carries the dedupe failure");
    ok(
      /dedupe store/.test(r.dedupeError!.message) &&
        /not sent again/.test(r.dedupeError!.message) &&
        /ends failed instead of duplicate/.test(r.dedupeError!.message),
      r.dedupeError!.message,
    );
    equal((r.dedupeError!.cause as Error).message, "KV unavailable");
  });

  it("onResult throwing on accepted without a dedupe store: acked, reported again as duplicate, never resent", async () => {
    const box = sandbox();
    const calls: QueueResult[] = [];
    const c = createQueueConsumer({
      provider: box,
      onResult: (r) => {
        calls.push(r);
        if (r.status === "accepted") throw new Error("report store down");
      },
    });
    const d = delivery(await body());
    await c({ queue: "q", messages: [d as QueueDelivery] });
    equal(box.sent.length, 1);
    equal(d.acked, 1);
    deepEqual(d.retried, [], "a retry would send the message a second time: there is no store to recognise it");
    deepEqual(
      calls.map((r) => r.status),
      ["accepted", "duplicate"],
    );
    const dup = calls[1] as Extract<QueueResult, { status: "duplicate" }>;
    equal(dup.id, (calls[0] as Extract<QueueResult, { status: "accepted" }>).result.id);
    equal(dup.key, calls[0]!.key);
  });

  it("onResult throwing on every call after acceptance: still acked once; the handler resolves and reports each through reportError", async () => {
    const box = sandbox();
    const c = createQueueConsumer({
      provider: box,
      concurrency: 2,
      onResult: () => {
        throw new Error("down");
      },
    });
    const ds = [delivery(await body()), delivery(await body("+31612345679")), delivery(await body("+31612345670"))];
    const seen = await reported(() => c({ queue: "q", messages: ds as QueueDelivery[] }));
    equal(box.sent.length, 3, "every delivery was sent, once");
    deepEqual(
      ds.map((d) => [d.acked, d.retried.length]),
      [
        [1, 0],
        [1, 0],
        [1, 0],
      ],
    );
    lateCheck(seen, 3, "duplicate");
  });

  it("onResult throwing on a duplicate: acked, not retried, reported", async () => {
    const box = sandbox();
    const store = memoryDedupe();
    const b = await body();
    await store.put(b.key, "earlier-id", 60);
    const c = createQueueConsumer({
      provider: box,
      dedupe: store,
      onResult: () => {
        throw new Error("down");
      },
    });
    const d = delivery(b, 2);
    const seen = await reported(() => c({ queue: "q", messages: [d as QueueDelivery] }));
    deepEqual([d.acked, d.retried.length, box.sent.length], [1, 0, 0]);
    lateCheck(seen, 1, "duplicate");
  });

  it("onResult throwing on a failure that may hide an acceptance (dropped connection): acked, not retried, reported", async () => {
    const c = createQueueConsumer({
      provider: dropping,
      onResult: () => {
        throw new Error("down");
      },
    });
    const d = delivery(await body());
    const seen = await reported(() => c({ queue: "q", messages: [d as QueueDelivery] }));
    deepEqual([d.acked, d.retried.length], [1, 0]);
    lateCheck(seen, 1, "failed");
  });

  it("onResult throwing on a refusal (400): nothing was accepted, so the delivery is retried to report it again", async () => {
    const c = createQueueConsumer({
      provider: answering(400),
      backoff: { base: 5 },
      onResult: () => {
        throw new Error("down");
      },
    });
    const d = delivery(await body());
    await c({ queue: "q", messages: [d as QueueDelivery] });
    deepEqual([d.acked, d.retried], [0, [5]]);
  });

  it("onResult throwing on retrying is no longer swallowed: retried once, and reported", async () => {
    const c = createQueueConsumer({
      provider: answering(429),
      onResult: () => {
        throw new Error("down");
      },
    });
    const d = delivery(await body());
    const seen = await reported(() => c({ queue: "q", messages: [d as QueueDelivery] }));
    deepEqual([d.acked, d.retried.length], [0, 1]);
    lateCheck(seen, 1, "retrying");
  });
});
