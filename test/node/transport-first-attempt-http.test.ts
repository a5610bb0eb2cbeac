// The same as test/transport-first-attempt.test.ts, over a real HTTP server on 127.0.0.1 and the
// runtime's own fetch (no client `fetch`): a direct client, whose first attempt wafluent makes
// through a lean ky call with the headers, body, redirect mode and signal attached in ky's fetch,
// and a client with hooks, whose every attempt is ky's, send the same bytes and end the same way.
import { isWaError, type Provider, type WaError, whatsapp } from "../../src/index.ts";
import { deepEqual, describe, equal, it, ok } from "../harness.ts";
import { mockServer, type Reply } from "./server.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

const SECRET = "sk_live_HTTPFIRST_5151";

const provider = (base: string): Provider =>
  httpProvider({
    name: "echo",
    kinds: ["text"],
    compile: (m) => ({
      url: `${base}/v1/messages?key=${SECRET}`,
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      body: { to: m.to },
    }),
    parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
    parseError: (a) => ({ message: JSON.stringify(a.body) }),
  });

interface Case {
  name: string;
  reply: Reply;
  timeout?: number;
  requests: number;
  expect: string;
}

const cases: Case[] = [
  { name: "200", reply: () => ({ status: 200, body: { id: "m-1" } }), requests: 1, expect: "ok" },
  {
    name: "429 with Retry-After: 0, then 200",
    reply: (_r, n) =>
      n === 1
        ? { status: 429, headers: { "retry-after": "0" }, body: { e: "slow" } }
        : { status: 200, body: { id: "m-2" } },
    requests: 2,
    expect: "ok",
  },
  {
    name: "302: not followed",
    reply: () => ({ status: 302, headers: { location: "http://127.0.0.1:9/elsewhere" }, body: "moved" }),
    requests: 1,
    expect: "PROVIDER_ERROR",
  },
  { name: "400 as text", reply: () => ({ status: 400, body: "bad request" }), requests: 1, expect: "PROVIDER_ERROR" },
  { name: "connection reset", reply: () => ({ destroy: true }), requests: 1, expect: "NETWORK" },
  {
    name: "no headers in time",
    reply: () => ({ status: 200, body: { id: "late" }, delayMs: 400 }),
    timeout: 100,
    requests: 1,
    expect: "TIMEOUT",
  },
  {
    name: "a stalled body",
    reply: () => ({ status: 200, body: { id: "slow" }, stallBodyMs: 400 }),
    timeout: 100,
    requests: 1,
    expect: "TIMEOUT",
  },
];

async function run(c: Case, hooks: boolean) {
  const srv = await mockServer(c.reply);
  try {
    const wa = whatsapp({
      provider: provider(srv.url),
      ...(c.timeout ? { timeout: c.timeout } : {}),
      ...(hooks ? { hooks: {} } : {}),
    });
    const outcome = await wa
      .text("hi")
      .to("+31612345678")
      .send()
      .then(
        (r) => ({ result: r }),
        (e: WaError) => {
          const cause = e.cause as (Error & Record<string, unknown>) | undefined;
          return {
            code: isWaError(e) ? e.code : String(e),
            message: e.message.replace(srv.url, "<server>"),
            cause: cause && { name: cause.name, request: JSON.stringify(cause.request)?.replace(srv.url, "<server>") },
          };
        },
      );
    // Let a late answer arrive, so that a (wrong) retry would be counted.
    await new Promise((r) => setTimeout(r, c.timeout ? 500 : 0));
    const seen = srv.seen.map((s) => ({ ...s, headers: { ...s.headers, host: undefined } }));
    return { seen, outcome };
  } finally {
    await srv.close();
  }
}

describe("the first attempt over HTTP: the same requests and outcomes as ky's every attempt", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const direct = await run(c, false);
      const viaKy = await run(c, true);
      equal(direct.seen.length, c.requests);
      equal("result" in direct.outcome ? "ok" : direct.outcome.code, c.expect, JSON.stringify(direct.outcome));
      deepEqual(direct.seen, viaKy.seen, "the same requests, byte for byte");
      deepEqual(direct.outcome, viaKy.outcome, "the same outcome");
      for (const s of direct.seen) {
        equal(s.headers.accept, "application/json");
        equal(s.headers.authorization, `Bearer ${SECRET}`);
        equal(s.body, '{"to":"+31612345678"}');
      }
      ok(!JSON.stringify(direct.outcome).includes(SECRET), "no secret in the outcome");
    });
  }
});
