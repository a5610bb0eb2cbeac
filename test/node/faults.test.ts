// Fault injection against a real HTTP server on 127.0.0.1: every case runs for every subject
// provider (test/node/subjects.ts), and the server's request count proves nothing was sent twice.
import {
  whatsapp,
  isProviderError,
  isWaError,
  type ProviderError,
  type WaError,
  type TransportOptions,
} from "../../src/index.ts";
import { describe, it, ok, equal, deepEqual, match } from "../harness.ts";
import { mockServer, type Reply } from "./server.ts";
import { sentBody, subjects, type Subject } from "./subjects.ts";

const SECRET = "sk_live_TOPSECRET_4242";
const TO = "+31612345678";

interface Case {
  name: string;
  reply: (s: Subject) => Reply;
  client?: Partial<TransportOptions>;
  /** Requests the server must have seen: the proof of no duplicate send. */
  requests: number;
  only?: (s: Subject) => boolean;
  expect:
    | { ok: true; id: string }
    | { code: string; status?: number; retryable?: boolean; retryAfter?: number; text?: RegExp };
}

const html =
  "<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";

const cases: Case[] = [
  {
    name: "200 → result",
    reply: (s) => () => ({ status: 200, body: s.accepted("m-1") }),
    requests: 1,
    expect: { ok: true, id: "m-1" },
  },
  {
    name: "429 with Retry-After, then 200 → retried once, sent once",
    reply: (s) => (_r, n) =>
      n === 1
        ? { status: 429, headers: { "retry-after": "0" }, body: s.error("slow down") }
        : { status: 200, body: s.accepted("m-2") },
    requests: 2,
    expect: { ok: true, id: "m-2" },
  },
  {
    name: "429 without Retry-After, then 200 → backoff, retried once",
    reply: (s) => (_r, n) =>
      n === 1 ? { status: 429, body: s.error("slow down") } : { status: 200, body: s.accepted("m-3") },
    requests: 2,
    expect: { ok: true, id: "m-3" },
  },
  {
    name: "429 every time → RATE_LIMITED after limit + 1 attempts, with retryAfter",
    reply: (s) => () => ({ status: 429, headers: { "retry-after": "0" }, body: s.error("slow down") }),
    requests: 3,
    expect: { code: "RATE_LIMITED", status: 429, retryable: true, retryAfter: 0, text: /slow down/ },
  },
  {
    name: "500 → not retried (may have been accepted)",
    reply: (s) => () => ({ status: 500, body: s.error("internal") }),
    requests: 1,
    expect: { code: "PROVIDER_ERROR", status: 500, retryable: false, text: /internal/ },
  },
  {
    name: "502 with an HTML page → not retried, readable message",
    reply: () => () => ({ status: 502, headers: { "content-type": "text/html" }, body: html }),
    requests: 1,
    expect: { code: "PROVIDER_ERROR", status: 502, retryable: false, text: /502 Bad Gateway/ },
  },
  {
    name: "503, then 200 → retried once",
    reply: (s) => (_r, n) =>
      n === 1
        ? { status: 503, headers: { "retry-after": "0" }, body: s.error("overloaded") }
        : { status: 200, body: s.accepted("m-4") },
    requests: 2,
    expect: { ok: true, id: "m-4" },
  },
  {
    name: "malformed JSON error body (content-type json) → message shows the text",
    reply: () => () => ({ status: 400, headers: { "content-type": "application/json" }, body: '{"error": "bad numb' }),
    requests: 1,
    expect: { code: "PROVIDER_ERROR", status: 400, retryable: false, text: /bad numb/ },
  },
  {
    name: "malformed JSON on 200 → a ProviderError, not a crash",
    reply: () => () => ({ status: 200, headers: { "content-type": "application/json" }, body: "{oops" }),
    requests: 1,
    expect: { code: "PROVIDER_ERROR", status: 200, text: /oops/ },
  },
  {
    name: "401 → AUTH, not retried",
    reply: (s) => () => ({ status: 401, body: s.error("invalid token") }),
    requests: 1,
    expect: { code: "AUTH", status: 401, retryable: false, text: /invalid token/ },
  },
  {
    name: "200 with status:false → ProviderError on 200",
    only: (s) => s.refused !== undefined,
    reply: (s) => () => ({ status: 200, body: s.refused!("template not approved") }),
    requests: 1,
    expect: { code: "PROVIDER_ERROR", status: 200, text: /template not approved/ },
  },
  {
    name: "no answer in time → TIMEOUT, not retried",
    reply: (s) => () => ({ status: 200, body: s.accepted("late"), delayMs: 600 }),
    client: { timeout: 150 },
    requests: 1,
    expect: { code: "TIMEOUT" },
  },
  {
    name: "slow body → TIMEOUT, not retried",
    reply: (s) => () => ({ status: 200, body: s.accepted("slow-body"), stallBodyMs: 600 }),
    client: { timeout: 150 },
    requests: 1,
    expect: { code: "TIMEOUT" },
  },
  {
    name: "connection reset → NETWORK, not retried",
    reply: () => () => ({ destroy: true }),
    requests: 1,
    expect: { code: "NETWORK" },
  },
  {
    name: "unsafe: 500, then 200 → retried",
    reply: (s) => (_r, n) =>
      n === 1 ? { status: 500, body: s.error("internal") } : { status: 200, body: s.accepted("m-5") },
    client: { retry: { unsafe: true, backoffLimit: 10 } },
    requests: 2,
    expect: { ok: true, id: "m-5" },
  },
  {
    name: "unsafe: connection reset, then 200 → retried",
    reply: (s) => (_r, n) => (n === 1 ? { destroy: true } : { status: 200, body: s.accepted("m-6") }),
    client: { retry: { unsafe: true, backoffLimit: 10 } },
    requests: 2,
    expect: { ok: true, id: "m-6" },
  },
  {
    name: "unsafe: timeout, then 200 → retried",
    reply: (s) => (_r, n) =>
      n === 1 ? { status: 200, body: s.accepted("late"), delayMs: 600 } : { status: 200, body: s.accepted("m-7") },
    client: { timeout: 150, retry: { unsafe: true, backoffLimit: 10 } },
    requests: 2,
    expect: { ok: true, id: "m-7" },
  },
  {
    name: "retry: { limit: 1 } keeps the other defaults → a 500 is still not retried",
    reply: (s) => () => ({ status: 500, body: s.error("internal") }),
    client: { retry: { limit: 1 } },
    requests: 1,
    expect: { code: "PROVIDER_ERROR", status: 500, retryable: false },
  },
  {
    name: "retry: { limit: 1 } → a 429 is retried once",
    reply: (s) => () => ({ status: 429, headers: { "retry-after": "0" }, body: s.error("slow down") }),
    client: { retry: { limit: 1 } },
    requests: 2,
    expect: { code: "RATE_LIMITED", status: 429, retryable: true },
  },
  {
    name: "a Retry-After date in the past → retried at once",
    reply: (s) => (_r, n) =>
      n === 1
        ? { status: 503, headers: { "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" }, body: s.error("busy") }
        : { status: 200, body: s.accepted("m-8") },
    requests: 2,
    expect: { ok: true, id: "m-8" },
  },
  {
    name: "retry: 0 → a 503 is not retried",
    reply: (s) => () => ({ status: 503, body: s.error("overloaded") }),
    client: { retry: 0 },
    requests: 1,
    expect: { code: "PROVIDER_ERROR", status: 503, retryable: true },
  },
];

for (const subject of subjects) {
  describe(`fault injection: ${subject.name}`, () => {
    for (const c of cases) {
      if (c.only && !c.only(subject)) continue;
      it(c.name, async () => {
        const srv = await mockServer(c.reply(subject));
        try {
          const wa = whatsapp({ provider: subject.make(srv.url, SECRET), ...c.client });
          let value: unknown;
          let error: unknown;
          try {
            value = await wa.text("hello").to(TO);
          } catch (e) {
            error = e;
          }
          // Let a server that answers late finish, so a (wrong) retry would be counted.
          await new Promise((r) => setTimeout(r, c.expect && "ok" in c.expect ? 0 : 50));
          equal(srv.seen.length, c.requests, `server saw ${srv.seen.length} requests, expected ${c.requests}`);
          for (const s of srv.seen) equal(subject.recipient(sentBody(s)), TO);
          if ("ok" in c.expect) {
            ok(error === undefined, `expected success, got ${(error as Error)?.message}`);
            equal((value as { id: string }).id, c.expect.id);
            return;
          }
          ok(isWaError(error), `expected a WaError, got ${String(error)}`);
          const e = error as WaError;
          equal(e.code, c.expect.code, `code ${e.code}: ${e.message}`);
          if (c.expect.status !== undefined) {
            ok(isProviderError(e));
            const p = e as ProviderError;
            equal(p.status, c.expect.status);
            if (c.expect.retryable !== undefined) equal(p.retryable, c.expect.retryable);
            if (c.expect.retryAfter !== undefined) equal(p.retryAfter, c.expect.retryAfter);
          }
          if (c.expect.text) match(e.message, c.expect.text);
          ok(!e.message.includes(SECRET) && !JSON.stringify(e).includes(SECRET), "no secret in the error");
        } finally {
          await srv.close();
        }
      });
    }
  });
}

describe("abort and time limits", () => {
  const subject = subjects[0]!;

  it("aborting during a Retry-After wait → ABORTED, no further request", async () => {
    const srv = await mockServer(() => ({
      status: 429,
      headers: { "retry-after": "20" },
      body: subject.error("slow down"),
    }));
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, SECRET) });
      const controller = new AbortController();
      const pending = wa.text("x").to(TO).send({ signal: controller.signal });
      while (srv.seen.length === 0) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 50));
      controller.abort();
      const e = await pending.then(
        () => undefined,
        (x: unknown) => x as WaError,
      );
      ok(isWaError(e));
      equal(e.code, "ABORTED", e.message);
      equal(srv.seen.length, 1);
    } finally {
      await srv.close();
    }
  });

  it("aborting while the request is in flight → ABORTED (not TIMEOUT)", async () => {
    const srv = await mockServer((_r) => ({ status: 200, body: subject.accepted("late"), delayMs: 500 }));
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, SECRET) });
      const controller = new AbortController();
      const pending = wa.text("x").to(TO).send({ signal: controller.signal });
      while (srv.seen.length === 0) await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      const e = await pending.then(
        () => undefined,
        (x: unknown) => x as WaError,
      );
      equal(e?.code, "ABORTED");
      equal(srv.seen.length, 1);
    } finally {
      await srv.close();
    }
  });

  it("an already aborted signal → ABORTED, nothing sent", async () => {
    const srv = await mockServer(() => ({ status: 200, body: subject.accepted("m") }));
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, SECRET) });
      const e = await wa
        .text("x")
        .to(TO)
        .send({ signal: AbortSignal.abort() })
        .then(
          () => undefined,
          (x: unknown) => x as WaError,
        );
      equal(e?.code, "ABORTED");
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });

  it("AbortSignal.timeout() → TIMEOUT; per-send timeout overrides the client's", async () => {
    const srv = await mockServer(() => ({ status: 200, body: subject.accepted("late"), delayMs: 500 }));
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, SECRET), timeout: 10_000 });
      const a = await wa
        .text("x")
        .to(TO)
        .send({ signal: AbortSignal.timeout(100) })
        .then(
          () => undefined,
          (x: unknown) => x as WaError,
        );
      equal(a?.code, "TIMEOUT");
      const b = await wa
        .text("y")
        .to(TO)
        .send({ timeout: 100 })
        .then(
          () => undefined,
          (x: unknown) => x as WaError,
        );
      equal(b?.code, "TIMEOUT");
      equal(srv.seen.length, 2);
    } finally {
      await srv.close();
    }
  });

  it("a ky instance passed as `ky` keeps its hooks; `hooks` are added", async () => {
    const { default: ky } = await import("ky");
    const srv = await mockServer(() => ({ status: 200, body: subject.accepted("h") }));
    try {
      const calls: string[] = [];
      const base = ky.create({
        hooks: { beforeRequest: [({ request }) => void request.headers.set("x-trace", "t-1")] },
      });
      const wa = whatsapp({
        provider: subject.make(srv.url, SECRET),
        ky: base,
        hooks: { afterResponse: [({ response }) => void calls.push(String(response.status))] },
      });
      equal((await wa.text("x").to(TO)).id, "h");
      equal(srv.seen[0]!.headers["x-trace"], "t-1");
      equal(calls.join(), "200");
    } finally {
      await srv.close();
    }
  });

  it("an unreachable server → NETWORK, tried once", async () => {
    const srv = await mockServer(() => ({}));
    await srv.close();
    let calls = 0;
    const wa = whatsapp({
      provider: subject.make(srv.url, SECRET),
      fetch: (input, init) => (calls++, fetch(input, init)),
    });
    const e = await wa
      .text("x")
      .to(TO)
      .send()
      .then(
        () => undefined,
        (x: unknown) => x as WaError,
      );
    equal(e?.code, "NETWORK");
    equal(calls, 1);
  });
});

// Without hooks or a ky instance the transport hands ky no body and attaches the JSON in ky's
// `fetch` option (no teed body per attempt); with them, ky carries the body as usual. Either way
// every attempt must carry the whole body, and whatever can see the Request must see it whole.
describe("the request body on every path and attempt", () => {
  const subject = subjects[0]!;
  const twice = (n: number) =>
    n === 1
      ? { status: 429, headers: { "retry-after": "0" }, body: subject.error("slow down") }
      : { status: 200, body: subject.accepted("b") };
  const recipients = (bodies: string[]) => bodies.map((b) => subject.recipient(JSON.parse(b)));

  it("default client: a retried send carries the same body twice", async () => {
    const srv = await mockServer((_r, n) => twice(n));
    try {
      const wa = whatsapp({ provider: subject.make(srv.url, SECRET) });
      equal((await wa.text("hello").to(TO)).id, "b");
      deepEqual(recipients(srv.seen.map((s) => s.body)), [TO, TO]);
      equal(srv.seen[0]!.body, srv.seen[1]!.body);
      equal(srv.seen[1]!.headers["content-type"], "application/json");
    } finally {
      await srv.close();
    }
  });

  it("a client `fetch` gets one complete Request per attempt, body and headers included", async () => {
    const srv = await mockServer((_r, n) => twice(n));
    try {
      const bodies: string[] = [];
      const wa = whatsapp({
        provider: subject.make(srv.url, SECRET),
        fetch: async (input, init) => {
          ok(input instanceof Request, "a Request");
          equal(input.headers.get("authorization"), `Bearer ${SECRET}`);
          bodies.push(await input.clone().text());
          return fetch(input, init);
        },
      });
      equal((await wa.text("hello").to(TO)).id, "b");
      deepEqual(recipients(bodies), [TO, TO]);
      deepEqual(recipients(srv.seen.map((s) => s.body)), [TO, TO]);
    } finally {
      await srv.close();
    }
  });

  it("hooks see the body in ky's Request (a beforeRequest hook can sign it), retries too", async () => {
    const srv = await mockServer((_r, n) => twice(n));
    try {
      const signed: string[] = [];
      const wa = whatsapp({
        provider: subject.make(srv.url, SECRET),
        hooks: {
          beforeRequest: [
            async ({ request }) => {
              const text = await request.clone().text();
              signed.push(text);
              request.headers.set("x-signature", String(text.length));
            },
          ],
        },
      });
      equal((await wa.text("hello").to(TO)).id, "b");
      deepEqual(recipients(signed), [TO]);
      deepEqual(recipients(srv.seen.map((s) => s.body)), [TO, TO]);
      equal(srv.seen[0]!.headers["x-signature"], String(srv.seen[0]!.body.length));
    } finally {
      await srv.close();
    }
  });

  it("a ky instance's hooks see the body too", async () => {
    const { default: ky } = await import("ky");
    const srv = await mockServer((_r, n) => twice(n));
    try {
      const seen: string[] = [];
      const base = ky.create({
        hooks: { beforeRequest: [async ({ request }) => void seen.push(await request.clone().text())] },
      });
      const wa = whatsapp({ provider: subject.make(srv.url, SECRET), ky: base });
      equal((await wa.text("hello").to(TO)).id, "b");
      deepEqual(recipients(seen), [TO]);
      deepEqual(recipients(srv.seen.map((s) => s.body)), [TO, TO]);
    } finally {
      await srv.close();
    }
  });
});
