// A direct client (no ky instance, no hooks) makes a send's first attempt itself through a lean ky
// call and hands anything but a success to ky's retry loop; a client with hooks runs every attempt
// through ky, as every client did before. Each case here runs on both and must end the same way:
// the same attempts (method, URL, headers, body, redirect mode), the same `shouldRetry` calls and
// the same result or error (code, status, message, redacted cause). The expected attempt counts and
// codes are spelled out too, so both paths cannot drift together. Runs in Node, Deno and Chromium.
import { isWaError, type Provider, type RetryPolicy, type SendResult, type WaError, whatsapp } from "../src/index.ts";
import { deepEqual, describe, equal, it, ok } from "./harness.ts";
import { httpProvider } from "../src/providers/_kit/index.ts";

const SECRET = "sk_live_FIRSTATTEMPT_9911";
const URL_ = "https://provider.example/v1/messages";

const provider = (): Provider =>
  httpProvider({
    name: "echo",
    kinds: ["text"],
    compile: (m) => ({
      url: URL_,
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json", "x-trace": "t-1" },
      body: { to: m.to, text: String((m as { body?: unknown }).body) },
    }),
    parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
    parseError: (a) => ({ message: JSON.stringify(a.body) }),
  });

type Step = (request: Request) => Promise<Response>;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Step => {
  return async () =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
};
/** Never answers; rejects with the signal's reason once the attempt is aborted. */
const hang: Step = (request) =>
  new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
const reject =
  (error: unknown): Step =>
  () =>
    Promise.reject(error);

interface Seen {
  method: string;
  url: string;
  headers: string[];
  body: string;
  redirect: string;
}

/** A fetch that answers attempt n with steps[n] (the last step repeats), recording each request. */
function scripted(steps: Step[]) {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push({
      method: request.method,
      url: request.url,
      headers: [...request.headers].map(([k, v]) => `${k}: ${v}`).sort(),
      body: await request.clone().text(),
      redirect: request.redirect,
    });
    return steps[Math.min(seen.length - 1, steps.length - 1)]!(request);
  };
  return { fetch, seen };
}

/** What a caller can observe of an outcome (no stacks: they name the code paths). */
function observe(outcome: { r: SendResult } | { e: unknown }): unknown {
  if ("r" in outcome) return { result: outcome.r };
  const e = outcome.e as WaError & Record<string, unknown>;
  if (!isWaError(e)) return { thrown: String(e) };
  const cause = e.cause as (Error & Record<string, unknown>) | undefined;
  return {
    name: e.name,
    code: e.code,
    message: e.message,
    status: e.status,
    retryable: e.retryable,
    retryAfter: e.retryAfter,
    raw: e.raw,
    cause: cause && {
      name: cause.name,
      message: cause.message,
      request: cause.request,
      response: cause.response,
      cause: cause.cause instanceof Error ? cause.cause.message : cause.cause,
    },
  };
}

interface Case {
  name: string;
  steps: Step[];
  retry?: number | RetryPolicy;
  timeout?: number;
  /** Attempts the provider must see. */
  attempts: number;
  /** The code of the error, or "ok". */
  expect: string;
}

// `delay: () => 0` and no jitter: the waits are pinned in test/node/transport-retry-timing.test.ts.
const quick = { delay: () => 0, jitter: false } as const;

const cases: Case[] = [
  { name: "200", steps: [json(200, { id: "m-1" })], attempts: 1, expect: "ok" },
  {
    name: "429 with Retry-After: 0, then 200",
    steps: [json(429, { e: "slow" }, { "retry-after": "0" }), json(200, { id: "m-2" })],
    attempts: 2,
    expect: "ok",
  },
  {
    name: "429 every time: limit + 1 attempts, RATE_LIMITED",
    steps: [json(429, { e: "slow" }, { "retry-after": "0" })],
    attempts: 3,
    expect: "RATE_LIMITED",
  },
  {
    name: "503 without Retry-After: backoff, then 200",
    steps: [json(503, { e: "busy" }), json(200, { id: "m-3" })],
    retry: { ...quick },
    attempts: 2,
    expect: "ok",
  },
  { name: "500: not retried", steps: [json(500, { e: "internal" })], attempts: 1, expect: "PROVIDER_ERROR" },
  {
    name: "500, unsafe: retried",
    steps: [json(500, { e: "internal" }), json(200, { id: "m-4" })],
    retry: { unsafe: true, ...quick },
    attempts: 2,
    expect: "ok",
  },
  {
    name: "413 listed, with Retry-After: retried (ky retries a 413 only with a timing header)",
    steps: [json(413, { e: "big" }, { "retry-after": "0" }), json(200, { id: "m-5" })],
    retry: { statusCodes: [413], afterStatusCodes: [413], ...quick },
    attempts: 2,
    expect: "ok",
  },
  {
    name: "413 listed, without Retry-After: not retried",
    steps: [json(413, { e: "big" }), json(200, { id: "m-6" })],
    retry: { statusCodes: [413], afterStatusCodes: [413], ...quick },
    attempts: 1,
    expect: "PROVIDER_ERROR",
  },
  {
    name: "429 with RateLimit-Reset (ky's other timing header), then 200",
    steps: [json(429, { e: "slow" }, { "ratelimit-reset": "0" }), json(200, { id: "m-7" })],
    attempts: 2,
    expect: "ok",
  },
  {
    name: "methods without post: a 429 is not retried",
    steps: [json(429, { e: "slow" }, { "retry-after": "0" })],
    retry: { methods: ["get"] },
    attempts: 1,
    expect: "RATE_LIMITED",
  },
  {
    name: "retry: 0: a 503 is not retried",
    steps: [json(503, { e: "busy" }, { "retry-after": "0" })],
    retry: 0,
    attempts: 1,
    expect: "PROVIDER_ERROR",
  },
  {
    name: "network error: NETWORK, not retried",
    steps: [reject(new TypeError("fetch failed", { cause: new Error(`connect ECONNREFUSED ${SECRET}`) }))],
    attempts: 1,
    expect: "NETWORK",
  },
  {
    name: "network error, unsafe: retried",
    steps: [reject(new TypeError("fetch failed")), json(200, { id: "m-8" })],
    retry: { unsafe: true, ...quick },
    attempts: 2,
    expect: "ok",
  },
  {
    name: "a string rejection naming the token: NETWORK, not retried, redacted",
    steps: [reject(`socket closed for ${SECRET}`)],
    retry: { unsafe: true, ...quick },
    attempts: 1,
    expect: "NETWORK",
  },
  { name: "timeout: TIMEOUT, not retried", steps: [hang], timeout: 20, attempts: 1, expect: "TIMEOUT" },
  {
    name: "timeout, unsafe: retried",
    steps: [hang, json(200, { id: "m-9" })],
    timeout: 20,
    retry: { unsafe: true, ...quick },
    attempts: 2,
    expect: "ok",
  },
  {
    name: "302: a redirect is an error, never followed",
    steps: [async () => new Response("moved", { status: 302, headers: { location: "https://elsewhere.example/" } })],
    attempts: 1,
    expect: "PROVIDER_ERROR",
  },
  {
    name: "200 whose body is not JSON: the text is kept",
    steps: [async () => new Response("OK", { status: 200 })],
    attempts: 1,
    expect: "ok",
  },
];

async function run(c: Case, path: "direct" | "ky") {
  const { fetch, seen } = scripted(c.steps);
  const calls: string[] = [];
  const policy: RetryPolicy = typeof c.retry === "number" ? { limit: c.retry } : { ...c.retry };
  const own = policy.shouldRetry;
  policy.shouldRetry = (state) => {
    calls.push(`${state.error.name} #${state.retryCount}`);
    return own?.(state);
  };
  const wa = whatsapp({
    provider: provider(),
    fetch,
    retry: policy,
    ...(c.timeout ? { timeout: c.timeout } : {}),
    // Any hooks (even none) make every attempt ky's: the path every client took before.
    ...(path === "ky" ? { hooks: {} } : {}),
  });
  const outcome = await wa
    .text("hello")
    .to("+31612345678")
    .send()
    .then(
      (r) => ({ r }),
      (e: unknown) => ({ e }),
    );
  return { seen, calls, outcome: observe(outcome) };
}

describe("a send's first attempt outside ky's retry loop ends as ky's own would", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const direct = await run(c, "direct");
      const viaKy = await run(c, "ky");
      equal(direct.seen.length, c.attempts, `attempts: ${JSON.stringify(direct.seen)}`);
      const code = (direct.outcome as { code?: string; result?: unknown }).result
        ? "ok"
        : (direct.outcome as { code?: string }).code;
      equal(code, c.expect, JSON.stringify(direct.outcome));
      deepEqual(direct.seen, viaKy.seen, "the same requests");
      deepEqual(direct.calls, viaKy.calls, "the same shouldRetry calls");
      deepEqual(direct.outcome, viaKy.outcome, "the same outcome");
      ok(!JSON.stringify(direct.outcome).includes(SECRET), "no secret in the outcome");
      for (const s of direct.seen) {
        equal(s.redirect, "manual");
        ok(s.headers.includes("accept: application/json"), s.headers.join());
        equal(s.body, '{"to":"+31612345678","text":"hello"}');
      }
    });
  }

  it("a provider's own accept wins over the client's, and headers without a value are left out", async () => {
    const seen: string[][] = [];
    for (const hooks of [undefined, {}]) {
      const { fetch, seen: s } = scripted([json(200, { id: "m" })]);
      const p = provider();
      const compile = p.compile;
      // @ts-expect-error: a header whose value is undefined, which the transport must leave out
      p.compile = (m) => {
        const r = compile(m);
        return { ...r, headers: { ...r.headers, accept: "application/vnd.x+json", "x-none": undefined } };
      };
      await whatsapp({ provider: p, fetch, ...(hooks ? { hooks } : {}) })
        .text("hi")
        .to("+31612345678");
      seen.push(s[0]!.headers);
    }
    deepEqual(seen[0], seen[1]);
    ok(seen[0]!.includes("accept: application/vnd.x+json"), seen[0]!.join());
    ok(!seen[0]!.some((h) => h.startsWith("x-none")), seen[0]!.join());
  });

  it("an already aborted signal: ABORTED on both paths, and the fetch sees an aborted request", async () => {
    const outcomes: unknown[] = [];
    for (const hooks of [undefined, {}]) {
      let aborted: boolean | undefined;
      const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const request = input instanceof Request ? input : new Request(input, init);
        aborted = request.signal.aborted;
        throw request.signal.reason;
      };
      const e = await whatsapp({ provider: provider(), fetch, ...(hooks ? { hooks } : {}) })
        .text("hi")
        .to("+31612345678")
        .send({ signal: AbortSignal.abort() })
        .then(
          () => undefined,
          (x: unknown) => x as WaError,
        );
      equal(aborted, true);
      equal(e?.code, "ABORTED");
      outcomes.push(observe({ e }));
    }
    deepEqual(outcomes[0], outcomes[1]);
  });
});
