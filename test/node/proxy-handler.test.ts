// createProxyHandler's refusals and its upstream send, in Node: Origin and Content-Length are
// forbidden request headers in browsers, so these requests can only be built outside one.
import { describe, it, ok, equal, deepEqual, throws, rejects, match } from "../harness.ts";
import {
  createProxyHandler,
  sandbox,
  whatsapp,
  proxy,
  isWaError,
  isProviderError,
  type Provider,
  type Message,
} from "../../src/index.ts";
import { mockServer, type Reply } from "./server.ts";

const URL_ = "https://api.shop.example/wa";
const TOKEN = "Bearer t0ken";
const msg: Message = { to: "+31612345678", type: "text", body: "hi" };
const auth = (req: Request) => req.headers.get("authorization") === TOKEN;

function post(body: unknown, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return new Request(URL_, {
    method: "POST",
    headers: { authorization: TOKEN, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
}
const json = async (res: Response) => res.json() as Promise<any>;

/** A small HTTP provider, as a real one is: keys in a header, JSON in and out. */
function upstream(baseUrl: string, key: string): Provider {
  return {
    name: "upstream",
    kinds: ["text"],
    compile: (m) => ({
      url: `${baseUrl}/messages`,
      method: "POST",
      headers: { authorization: `Key ${key}`, "content-type": "application/json" },
      body: { to: m.to, text: (m as any).body },
    }),
    parseSuccess: (a) => ({ id: String((a.body as any).id), status: "accepted" }),
    parseError: (a) => ({
      message: String((a.body as any)?.error ?? "failed"),
      providerCode: (a.body as any)?.code,
      retryable: false,
    }),
  };
}

describe("createProxyHandler: never an open relay", () => {
  it("cannot be built without authorize, or without a provider", () => {
    const e = throws(
      () => createProxyHandler({ provider: sandbox() } as any),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
    match(e.message, /authorize/);
    throws(
      () => createProxyHandler({ authorize: () => true } as any),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
    throws(
      () => createProxyHandler({ provider: sandbox(), authorize: () => true, maxBodyBytes: -1 }),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
  });

  it("authorize returning false denies: 401 without credentials, 403 with wrong ones; nothing is sent", async () => {
    const box = sandbox();
    const handler = createProxyHandler({ provider: box, authorize: () => false });
    const r1 = await handler(post(msg, { authorization: "" }));
    // An empty header value still counts as a header; use a request without one.
    const noAuth = new Request(URL_, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(msg),
    });
    const r2 = await handler(noAuth);
    equal(r2.status, 401);
    equal(r2.headers.get("www-authenticate"), "Bearer");
    equal((await json(r2)).error.code, "AUTH");
    equal(r1.status, 403);
    equal((await handler(post(msg))).status, 403);
    equal(box.sent.length, 0);
  });

  it("authorize throwing denies with 403 and hides its message; a Response from authorize is answered as is", async () => {
    const box = sandbox();
    const throwing = createProxyHandler({
      provider: box,
      authorize: () => {
        throw new Error("db password is hunter2");
      },
    });
    const res = await throwing(post(msg));
    equal(res.status, 403);
    ok(!(await res.text()).includes("hunter2"));
    const redirect = createProxyHandler({
      provider: box,
      authorize: () => new Response("go sign in", { status: 302, headers: { location: "/login" } }),
    });
    const r = await redirect(post(msg));
    equal(r.status, 302);
    equal(r.headers.get("location"), "/login");
    equal(box.sent.length, 0);
  });
});

describe("createProxyHandler: origins and CORS", () => {
  const box = sandbox();
  const handler = createProxyHandler({ provider: box, authorize: auth, allowedOrigins: ["https://shop.example"] });

  it("an allowed origin gets CORS headers on the answer", async () => {
    const res = await handler(post(msg, { origin: "https://shop.example" }));
    equal(res.status, 200);
    equal(res.headers.get("access-control-allow-origin"), "https://shop.example");
    equal(res.headers.get("vary"), "Origin");
  });

  it("another origin is refused with 403 and no CORS headers, before authorize runs", async () => {
    let asked = 0;
    const h = createProxyHandler({
      provider: box,
      authorize: () => (asked++, true),
      allowedOrigins: ["https://shop.example"],
    });
    const before = box.sent.length;
    const res = await h(post(msg, { origin: "https://evil.example" }));
    equal(res.status, 403);
    equal(res.headers.get("access-control-allow-origin"), null);
    match((await json(res)).error.message, /evil\.example/);
    equal(asked, 0);
    equal(box.sent.length, before);
  });

  it("preflight: 204 with CORS headers for an allowed origin, 403 for others", async () => {
    const ok1 = await handler(
      new Request(URL_, {
        method: "OPTIONS",
        headers: { origin: "https://shop.example", "access-control-request-method": "POST" },
      }),
    );
    equal(ok1.status, 204);
    equal(ok1.headers.get("access-control-allow-origin"), "https://shop.example");
    match(ok1.headers.get("access-control-allow-methods") ?? "", /POST/);
    match(ok1.headers.get("access-control-allow-headers") ?? "", /authorization/);
    const no = await handler(new Request(URL_, { method: "OPTIONS", headers: { origin: "https://evil.example" } }));
    equal(no.status, 403);
    equal(no.headers.get("access-control-allow-origin"), null);
  });

  it("the handler's own origin is allowed without CORS headers", async () => {
    const res = await handler(post(msg, { origin: "https://api.shop.example" }));
    equal(res.status, 200);
    equal(res.headers.get("access-control-allow-origin"), null);
  });
});

describe("createProxyHandler: requests it refuses", () => {
  const box = sandbox();
  const handler = createProxyHandler({ provider: box, authorize: auth, maxBodyBytes: 1024 });

  it("wrong method → 405 with Allow", async () => {
    const res = await handler(new Request(URL_, { method: "GET", headers: { authorization: TOKEN } }));
    equal(res.status, 405);
    equal(res.headers.get("allow"), "POST, OPTIONS");
  });

  it("not JSON → 415; broken JSON → 400", async () => {
    equal(
      (await handler(post("to=+31612345678", { "content-type": "application/x-www-form-urlencoded" }))).status,
      415,
    );
    const res = await handler(post("{not json"));
    equal(res.status, 400);
    match((await json(res)).error.message, /not valid JSON/);
  });

  it("a body over maxBodyBytes → 413: declared, undeclared (stream) and with a lying Content-Length", async () => {
    const big = JSON.stringify({ ...msg, body: "x".repeat(2000) });
    equal((await handler(post(big))).status, 413);
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    equal((await handler(post("", {}, { body: stream, duplex: "half" } as RequestInit))).status, 413);
    equal((await handler(post(big, { "content-length": "20" }))).status, 413);
    equal(box.sent.length, 0);
  });

  it("an invalid message → 422 with every issue", async () => {
    const res = await handler(
      post({ to: "12", type: "buttons", body: "", buttons: [{ id: "a", title: "x".repeat(21) }] }),
    );
    equal(res.status, 422);
    const body = await json(res);
    equal(body.error.name, "ValidationError");
    equal(body.error.code, "VALIDATION");
    deepEqual(body.error.issues.map((i: any) => i.path).sort(), ["body", "buttons[0].title", "to"]);
    equal(box.sent.length, 0);
  });

  it("a recipient refused by allowRecipient → 403, not sent", async () => {
    const b = sandbox();
    const h = createProxyHandler({ provider: b, authorize: auth, allowRecipient: (to) => to === "+31600000001" });
    equal((await h(post(msg))).status, 403);
    equal((await h(post({ ...msg, to: "+31600000001" }))).status, 200);
    deepEqual(
      b.sent.map((m) => m.to),
      ["+31600000001"],
    );
  });

  it("onSend sees each send; a throwing onSend does not turn a sent message into a failure", async () => {
    const seen: unknown[] = [];
    const b = sandbox({ fail: (m) => (m.to === "+31600000009" ? { message: "no" } : undefined) });
    const h = createProxyHandler({
      provider: b,
      authorize: auth,
      onSend: (e) => {
        seen.push([e.message.to, e.result?.provider, e.error?.code]);
        throw new Error("log sink down");
      },
    });
    equal((await h(post(msg))).status, 200);
    equal((await h(post({ ...msg, to: "+31600000009" }))).status, 502);
    deepEqual(seen, [
      ["+31612345678", "sandbox", undefined],
      ["+31600000009", undefined, "PROVIDER_ERROR"],
    ]);
  });
});

describe("createProxyHandler: the upstream send", () => {
  it("sends with the server's key; the answer carries neither the key nor upstream headers", async () => {
    const mock = await mockServer(
      (_req, n): ReturnType<Reply> =>
        n === 1
          ? { status: 201, headers: { "set-cookie": "session=upstream", "x-account": "acct-42" }, body: { id: "up-1" } }
          : {
              status: 403,
              headers: { "set-cookie": "session=upstream" },
              body: { error: "channel not allowed", code: "E403" },
            },
    );
    try {
      const handler = createProxyHandler({ provider: upstream(mock.url, "sk_live_secret"), authorize: auth });
      const res = await handler(post(msg));
      equal(res.status, 200);
      const text = await res.text();
      deepEqual(JSON.parse(text), { id: "up-1", provider: "upstream", status: "accepted", raw: { id: "up-1" } });
      equal(res.headers.get("set-cookie"), null);
      equal(res.headers.get("x-account"), null);
      ok(!text.includes("sk_live_secret"));
      equal(mock.seen[0]!.headers.authorization, "Key sk_live_secret");
      deepEqual(JSON.parse(mock.seen[0]!.body), { to: "+31612345678", text: "hi" });

      const failed = await handler(post(msg));
      equal(failed.status, 502);
      const ftext = await failed.text();
      ok(!ftext.includes("sk_live_secret") && !ftext.includes("session=upstream"));
      const e = JSON.parse(ftext).error;
      deepEqual(
        [e.name, e.provider, e.status, e.code, e.providerCode, e.retryable],
        ["ProviderError", "upstream", 403, "AUTH", "E403", false],
      );
    } finally {
      await mock.close();
    }
  });

  it("through proxy(): the browser gets the upstream ProviderError, and NETWORK when upstream is down", async () => {
    const mock = await mockServer(() => ({ status: 400, body: { error: "bad number", code: 21211 } }));
    const handler = createProxyHandler({ provider: upstream(mock.url, "k"), authorize: auth });
    const wa = whatsapp({
      provider: proxy({ url: URL_, headers: { authorization: TOKEN } }),
      fetch: async (i, init) => handler(new Request(i, init)),
    });
    const e = await rejects(wa.text("hi").to("+31612345678"), (e) => isProviderError(e));
    deepEqual([e.provider, e.status, e.providerCode, e.code], ["upstream", 400, 21211, "PROVIDER_ERROR"]);
    deepEqual(e.raw, { error: "bad number", code: 21211 });
    await mock.close();
    const down = await rejects(wa.text("again").to("+31612345678"), (e) => isWaError(e));
    equal(down.code, "NETWORK");
    match(down.message, /Could not reach upstream/);
  });

  it("validates again itself: an invalid message never reaches a provider that does not validate", async () => {
    const mock = await mockServer(() => ({ status: 200, body: { id: "never" } }));
    try {
      const handler = createProxyHandler({ provider: upstream(mock.url, "k"), authorize: auth });
      const res = await handler(post({ to: "+31612345678", type: "text", body: "x".repeat(4097) }));
      equal(res.status, 422);
      deepEqual(
        (await json(res)).error.issues.map((i: any) => [i.path, i.limit, i.received]),
        [["body", 4096, 4097]],
      );
      equal(mock.seen.length, 0);
    } finally {
      await mock.close();
    }
  });

  it("an upstream that does not answer in time → 504, and TIMEOUT in the browser", async () => {
    const mock = await mockServer(() => ({ status: 200, body: { id: "late" }, delayMs: 1500 }));
    try {
      const handler = createProxyHandler({ provider: upstream(mock.url, "k"), authorize: auth, timeout: 200 });
      const res = await handler(post(msg));
      equal(res.status, 504);
      equal((await json(res)).error.code, "TIMEOUT");
      const wa = whatsapp({
        provider: proxy({ url: URL_, headers: { authorization: TOKEN } }),
        fetch: async (i, init) => handler(new Request(i, init)),
      });
      const e = await rejects(wa.text("hi").to("+31612345678"), (e) => isWaError(e));
      equal(e.code, "TIMEOUT");
      match(e.message, /upstream did not answer in time/);
    } finally {
      await mock.close();
    }
  });
});

describe("createProxyHandler: the server's own fit policy", () => {
  const long = {
    to: "+31612345678",
    type: "buttons",
    body: "Pick",
    buttons: [{ id: "deluxe", title: "Deluxe double with sea view" }],
  };

  it("refuses over-long text by default (422 with the issue), whatever the browser chose", async () => {
    const box = sandbox();
    const res = await createProxyHandler({ provider: box, authorize: auth })(post(long));
    equal(res.status, 422);
    const body = await json(res);
    equal(body.error.code, "VALIDATION");
    equal(body.error.issues[0].path, "buttons[0].title");
    equal(box.sent.length, 0);
  });

  it('with overflow: "truncate" it shortens as the client would, and a client-fitted message passes unchanged', async () => {
    const box = sandbox();
    const handler = createProxyHandler({ provider: box, authorize: auth, overflow: "truncate" });
    equal((await handler(post(long))).status, 200);
    equal((box.sent[0] as any).buttons[0].title, "Deluxe double with…");
    const fitted = whatsapp({ provider: sandbox(), overflow: "truncate" })
      .text("Pick")
      .buttons([{ id: "deluxe", title: "Deluxe double with sea view" }])
      .to("+31612345678");
    equal((await handler(post(fitted.message))).status, 200);
    deepEqual(box.sent[1], fitted.message);
  });
});
