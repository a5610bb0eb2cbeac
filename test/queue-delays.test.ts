// Issue 23, item 2: a provider's Retry-After cannot park a queued delivery. The consumer turned
// `Retry-After: 999999999` (or an HTTP date a year ahead) into retry({ delaySeconds }) as given;
// every retry delay is now capped by `backoff.max` and by Queues' longest delay (43 200 s), and a
// value that is not a usable number of seconds falls back to backoff.
import {
  createQueueConsumer,
  idempotencyKey,
  message,
  type Provider,
  type QueueDelivery,
  type QueuedMessage,
  type QueueResult,
} from "../src/index.ts";
import { describe, it, equal, deepEqual } from "./harness.ts";
import { delivery } from "./queue-fakes.ts";

async function body(): Promise<QueuedMessage> {
  const m = message.text("Hi").to("+31612345678").message;
  return { v: 1, key: await idempotencyKey(m), message: m, at: 0 };
}

const answering = (status: number, headers: Record<string, string>, retryAfter?: number): Provider => ({
  name: "fake",
  kinds: ["text"],
  compile: (m) => ({
    url: "https://example.invalid/send",
    method: "POST",
    headers: {},
    body: JSON.parse(JSON.stringify(m)),
  }),
  parseSuccess: () => ({ id: "x", status: "accepted" }),
  parseError: () => ({ message: `status ${status}`, ...(retryAfter === undefined ? {} : { retryAfter }) }),
  deliver: async () => ({ status, headers: new Headers(headers), body: {} }),
});

/** The delaySeconds one delivery (attempt `attempts`) is retried with, and what was reported. */
async function delayFor(
  provider: Provider,
  options: { backoff?: { base?: number; max?: number }; maxAttempts?: number } = {},
  attempts = 1,
) {
  const results: QueueResult[] = [];
  const d = delivery(await body(), attempts);
  await createQueueConsumer({ provider, ...options, onResult: (r) => void results.push(r) })({
    queue: "q",
    messages: [d as QueueDelivery],
  });
  equal(d.acked, 0);
  equal(results.length, 1);
  const r = results[0]!;
  equal(r.status, "retrying");
  equal(r.status === "retrying" ? r.delaySeconds : -1, d.retried[0], "the reported delay is the one used");
  return d.retried;
}

const yearAhead = () => new Date(Date.now() + 365 * 86_400_000).toUTCString();

describe("queue consumer: retry delays are capped", () => {
  it("Retry-After in seconds is used as given when under backoff.max", async () => {
    deepEqual(await delayFor(answering(429, { "retry-after": "7" })), [7]);
    deepEqual(await delayFor(answering(503, { "retry-after": "2.5" })), [3], "fractions round up");
  });

  it("Retry-After: 999999999 is capped at backoff.max (default 300 s)", async () => {
    deepEqual(await delayFor(answering(429, { "retry-after": "999999999" })), [300]);
    deepEqual(await delayFor(answering(429, { "retry-after": "999999999" }), { backoff: { max: 60 } }), [60]);
  });

  it("an HTTP date a year ahead is capped at backoff.max", async () => {
    deepEqual(await delayFor(answering(503, { "retry-after": yearAhead() })), [300]);
    deepEqual(await delayFor(answering(503, { "retry-after": yearAhead() }), { backoff: { max: 90 } }), [90]);
  });

  it("a backoff.max above Queues' 12 h limit is held to 43 200 s, for Retry-After and backoff alike", async () => {
    const huge = { backoff: { max: 10_000_000 } };
    deepEqual(await delayFor(answering(429, { "retry-after": "999999999" }), huge), [43_200]);
    deepEqual(await delayFor(answering(429, { "retry-after": yearAhead() }), huge), [43_200]);
    deepEqual(await delayFor(answering(429, {}), { backoff: { base: 100_000, max: 10_000_000 } }), [43_200]);
    deepEqual(
      await delayFor(answering(429, {}), { backoff: { base: 2, max: 10_000_000 }, maxAttempts: 100 }, 40),
      [43_200],
    );
  });

  it("garbage or negative Retry-After never yields a negative, NaN or uncapped delay", async () => {
    // Not a number nor a date: backoff (base 2, attempt 1).
    deepEqual(await delayFor(answering(429, { "retry-after": "soon" })), [2]);
    deepEqual(await delayFor(answering(429, { "retry-after": "Infinity" })), [2]);
    // A negative header is "now" (0 s), never negative.
    deepEqual(await delayFor(answering(429, { "retry-after": "-5" })), [0]);
    // A provider parser that reports a retryAfter the header would never give: NaN, negative,
    // Infinity fall back to backoff; a huge one is capped.
    deepEqual(await delayFor(answering(429, {}, Number.NaN)), [2]);
    deepEqual(await delayFor(answering(429, {}, -30)), [2]);
    deepEqual(await delayFor(answering(429, {}, Number.POSITIVE_INFINITY)), [2]);
    deepEqual(await delayFor(answering(429, {}, 1e12)), [300]);
  });
});
