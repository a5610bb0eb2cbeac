// When a send tries again and when it gives up, on Node's mock clock (nothing depends on the
// machine's speed): Retry-After in seconds and as an HTTP date, the maxRetryAfter cap, backoff and
// its cap, an abort during the wait, and the timeout per attempt (to the headers, then again for
// the body). Every case runs on a direct client, whose first attempt wafluent times itself, and on
// a client with hooks, whose every attempt is ky's (how every client sent before): same times.
import { mock } from "node:test";
import { isWaError, type Provider, type RetryPolicy, type WaError, whatsapp } from "../../src/index.ts";
import { describe, equal, it, ok } from "../harness.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

const provider = (): Provider =>
  httpProvider({
    name: "echo",
    kinds: ["text"],
    compile: (m) => ({
      url: "https://provider.example/v1/messages",
      method: "POST",
      headers: { authorization: "Bearer sk_timing_123456", "content-type": "application/json" },
      body: { to: m.to },
    }),
    parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
    parseError: (a) => ({ message: JSON.stringify(a.body) }),
  });

type Step = (request: Request) => Promise<Response>;
const answer =
  (status: number, headers: Record<string, string> = {}): Step =>
  async () =>
    new Response(JSON.stringify(status < 300 ? { id: "m-1" } : { e: status }), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });
const hang: Step = (request) =>
  new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
/** Headers after `ms` (mock time), then a body that never ends (and ignores aborts). */
const slowHeadersThenStall =
  (ms: number): Step =>
  () =>
    new Promise((resolve) =>
      setTimeout(() => {
        const body = new ReadableStream<Uint8Array>({
          start: (c) => c.enqueue(new TextEncoder().encode('{"id":')),
        });
        resolve(new Response(body, { status: 200, headers: { "content-type": "application/json" } }));
      }, ms),
    );

/** Lets promise chains and stream reads run (setImmediate is not mocked). */
async function settle() {
  for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
}

/** A send on the mock clock: `at(ms)` moves the clock to `ms` after the start and lets work run. */
async function start(
  path: "direct" | "ky",
  steps: Step[],
  retry?: RetryPolicy,
  timeout?: number,
  signal?: AbortSignal,
) {
  let attempts = 0;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    attempts++;
    return steps[Math.min(attempts - 1, steps.length - 1)]!(request);
  };
  const wa = whatsapp({
    provider: provider(),
    fetch,
    ...(retry ? { retry } : {}),
    ...(timeout ? { timeout } : {}),
    ...(path === "ky" ? { hooks: {} } : {}),
  });
  let outcome: { ok: true } | { error: WaError } | undefined;
  wa.text("hi")
    .to("+31612345678")
    .send(signal ? { signal } : {})
    .then(
      () => (outcome = { ok: true }),
      (error: WaError) => (outcome = { error }),
    );
  let clock = 0;
  await settle();
  return {
    attempts: () => attempts,
    outcome: () => outcome,
    at: async (ms: number) => {
      mock.timers.tick(ms - clock);
      clock = ms;
      await settle();
    },
  };
}

const code = (o: { ok: true } | { error: WaError } | undefined) =>
  o === undefined ? "pending" : "ok" in o ? "ok" : isWaError(o.error) ? o.error.code : String(o.error);

for (const path of ["direct", "ky"] as const) {
  describe(`retry timing (${path === "direct" ? "direct client" : "client with hooks: every attempt ky's"})`, () => {
    const withClock = (name: string, fn: () => Promise<void>) =>
      it(name, async () => {
        mock.timers.enable({ apis: ["setTimeout", "Date"], now: START });
        // The body deadline is read from performance.now(): let it follow the mock clock.
        const realNow = performance.now;
        performance.now = () => Date.now() - START;
        try {
          await fn();
        } finally {
          performance.now = realNow;
          mock.timers.reset();
        }
      });

    withClock("Retry-After: 2 → the second attempt 2000 ms later, not before", async () => {
      const s = await start(path, [answer(429, { "retry-after": "2" }), answer(200)]);
      equal(s.attempts(), 1);
      await s.at(1999);
      equal(s.attempts(), 1);
      await s.at(2000);
      equal(s.attempts(), 2);
      equal(code(s.outcome()), "ok");
    });

    withClock("Retry-After as an HTTP date 5 s ahead → 5000 ms", async () => {
      const date = new Date(START + 5000).toUTCString();
      const s = await start(path, [answer(503, { "retry-after": date }), answer(200)]);
      await s.at(4999);
      equal(s.attempts(), 1);
      await s.at(5000);
      equal(s.attempts(), 2);
      equal(code(s.outcome()), "ok");
    });

    withClock("Retry-After: 3600 is capped by maxRetryAfter (default 30 000 ms)", async () => {
      const s = await start(path, [answer(429, { "retry-after": "3600" }), answer(200)]);
      await s.at(29_999);
      equal(s.attempts(), 1);
      await s.at(30_000);
      equal(s.attempts(), 2);
      equal(code(s.outcome()), "ok");
    });

    withClock("no Retry-After: backoff 300, 600, then capped by backoffLimit 1000; limit 3 → 4 attempts", async () => {
      const s = await start(path, [answer(503)], { limit: 3, jitter: false, backoffLimit: 1000 });
      await s.at(299);
      equal(s.attempts(), 1);
      await s.at(300);
      equal(s.attempts(), 2);
      await s.at(899);
      equal(s.attempts(), 2);
      await s.at(900);
      equal(s.attempts(), 3);
      await s.at(1899);
      equal(s.attempts(), 3);
      equal(code(s.outcome()), "pending");
      await s.at(1900);
      equal(s.attempts(), 4);
      equal(code(s.outcome()), "PROVIDER_ERROR");
    });

    withClock("an abort during the wait → ABORTED at once, no further attempt", async () => {
      const controller = new AbortController();
      const s = await start(path, [answer(429, { "retry-after": "20" })], undefined, undefined, controller.signal);
      await s.at(5000);
      equal(s.attempts(), 1);
      equal(code(s.outcome()), "pending");
      controller.abort();
      await settle();
      equal(code(s.outcome()), "ABORTED");
      await s.at(60_000);
      equal(s.attempts(), 1);
    });

    withClock("timeout 1000: no headers → TIMEOUT at 1000 ms, not before; not retried", async () => {
      const s = await start(path, [hang], undefined, 1000);
      await s.at(999);
      equal(code(s.outcome()), "pending");
      await s.at(1000);
      equal(code(s.outcome()), "TIMEOUT");
      await s.at(10_000);
      equal(s.attempts(), 1);
    });

    withClock(
      "timeout 1000: headers at 600 ms, then a stalled body → TIMEOUT at 1600 ms (the body gets its own 1000)",
      async () => {
        const s = await start(path, [slowHeadersThenStall(600)], undefined, 1000);
        await s.at(600);
        await s.at(1000);
        equal(code(s.outcome()), "pending");
        await s.at(1599);
        equal(code(s.outcome()), "pending");
        await s.at(1600);
        equal(code(s.outcome()), "TIMEOUT");
        equal(s.attempts(), 1, "a body timeout is not retried");
      },
    );

    withClock("unsafe: the timeout is per attempt (each of 3 attempts gets 1000 ms, then TIMEOUT)", async () => {
      const s = await start(path, [hang], { unsafe: true, jitter: false, delay: () => 0 }, 1000);
      await s.at(999);
      equal(s.attempts(), 1);
      await s.at(1000);
      await s.at(1000);
      equal(s.attempts(), 2);
      await s.at(1999);
      equal(code(s.outcome()), "pending");
      await s.at(2000);
      await s.at(2000);
      equal(s.attempts(), 3);
      await s.at(2999);
      equal(code(s.outcome()), "pending");
      await s.at(3000);
      equal(code(s.outcome()), "TIMEOUT");
      ok(s.attempts() === 3);
    });
  });
}
