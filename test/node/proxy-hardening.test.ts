// createProxyHandler hardening: provider options a browser may not set, authorize's answers and
// body, a body that never ends, option types checked at creation. Node only: these requests
// carry headers (Origin, Content-Length) and streams a browser cannot build.
import { describe, it, ok, equal, deepEqual, throws, match } from "../harness.ts";
import {
  createProxyHandler,
  PROXY_BROWSER_OPTIONS,
  sandbox,
  bik,
  bird,
  zixflow,
  infobip,
  kaleyra,
  whatsapp,
  proxy,
  isWaError,
  isValidationError,
  type Message,
  type ProxyHandlerOptions,
} from "../../src/index.ts";

const URL_ = "https://api.shop.example/wa";
const TOKEN = "Bearer t0ken";
const auth = (req: Request) => req.headers.get("authorization") === TOKEN;
const json = async (res: Response) => res.json() as Promise<any>;
const msg = (extra: Partial<Message> = {}): Message =>
  ({ to: "+31612345678", type: "text", body: "hi", ...extra }) as Message;

function post(body: unknown, headers: Record<string, string> = {}) {
  return new Request(URL_, {
    method: "POST",
    headers: { authorization: TOKEN, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A fetch standing in for the provider's API: records each request, answers what `reply` says. */
function recorder(reply: () => Response) {
  const seen: { url: string; body: any }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    seen.push({ url: req.url, body: await req.json() });
    return reply();
  };
  return { seen, fetch: fetch as typeof globalThis.fetch };
}

/** A body stream that sends `head` and then never ends (nor errors); `pulled` counts what was asked of it. */
function endless(head = '{"to":') {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode(head));
      state.pulled++;
    },
    pull: () => new Promise<void>(() => {}),
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

/** Fails the test instead of hanging it when the handler never answers (a guard, not a timing check). */
async function answered(p: Promise<Response>): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the handler never answered")), 30_000);
  });
  try {
    return await Promise.race([p, guard]);
  } finally {
    clearTimeout(timer);
  }
}

describe("createProxyHandler: provider options a browser may not set", () => {
  it("options.bik.businessPhoneNumber → 422 naming the option and allowOptions; Bik is never called", async () => {
    const up = recorder(() => Response.json({ success: true, data: { id: "b-1" } }));
    const handler = createProxyHandler({
      provider: bik({ key: "k", secret: "s", businessPhoneNumber: "+911111111111" }),
      authorize: auth,
      fetch: up.fetch,
    });
    const res = await handler(post(msg({ options: { bik: { businessPhoneNumber: "+919999999999" } } })));
    equal(res.status, 422);
    const { error } = await json(res);
    equal(error.name, "ValidationError");
    deepEqual(
      error.issues.map((i: any) => i.path),
      ["options.bik.businessPhoneNumber"],
    );
    match(
      error.issues[0].message,
      /allowOptions: \{ "bik": \[\.\.\.PROXY_BROWSER_OPTIONS\.bik, "businessPhoneNumber"\] \}/,
    );
    ok(!JSON.stringify(error).includes("+919999999999"), "the refused value is not echoed");
    equal(up.seen.length, 0);
  });

  it("delivery-report URLs (bird.notification, zixflow.reportURL), scheduling and bookkeeping options are refused, every one reported", async () => {
    const box = sandbox();
    const handler = createProxyHandler({ provider: box, authorize: auth });
    const res = await handler(
      post(
        msg({
          options: {
            bird: {
              notification: { url: "https://evil.example/hook" },
              scheduledFor: "2030-01-01T00:00:00Z",
              validity: 1,
              tags: ["x"],
            },
            zixflow: {
              reportURL: "https://evil.example/r",
              submissionStatus: false,
              linkWithRecord: true,
              source: "x",
            },
            kaleyra: { waSource: "api" },
            // @ts-expect-error cloudApi declares no per-message options; a browser may still send some.
            cloudApi: { anything: 1 },
          },
        }),
      ),
    );
    equal(res.status, 422);
    deepEqual(
      (await json(res)).error.issues.map((i: any) => i.path),
      [
        "options.bird.notification",
        "options.bird.scheduledFor",
        "options.bird.validity",
        "options.bird.tags",
        "options.zixflow.reportURL",
        "options.zixflow.submissionStatus",
        "options.zixflow.linkWithRecord",
        "options.zixflow.source",
        "options.kaleyra.waSource",
        "options.cloudApi.anything",
      ],
    );
    equal(box.sent.length, 0);
  });

  it("provider names and keys like Object.prototype's members are refused, never looked up on the prototype", async () => {
    const box = sandbox();
    const res = await createProxyHandler({ provider: box, authorize: auth })(
      post(
        '{"to":"+31612345678","type":"text","body":"hi","options":{"toString":{"x":1},"hasOwnProperty":{"y":2},"bird":{"valueOf":1}}}',
      ),
    );
    equal(res.status, 422);
    deepEqual(
      (await json(res)).error.issues.map((i: any) => i.path),
      ["options.toString.x", "options.hasOwnProperty.y", "options.bird.valueOf"],
    );
    equal(box.sent.length, 0);
  });

  it("the content-shaping options of PROXY_BROWSER_OPTIONS pass and reach the provider", async () => {
    deepEqual(PROXY_BROWSER_OPTIONS, {
      bird: ["projectId", "version", "locale", "altText", "listButton", "actions", "media"],
      bik: ["templateId", "type"],
    });
    ok(
      Object.isFrozen(PROXY_BROWSER_OPTIONS) && Object.isFrozen(PROXY_BROWSER_OPTIONS.bird),
      "the defaults cannot be changed at run time",
    );
    const box = sandbox();
    const handler = createProxyHandler({ provider: box, authorize: auth });
    const options = {
      bird: {
        projectId: "5e8e1e4e-8f4a-4b6e-9c1e-2b9f1f1f1f1f",
        locale: "en",
        media: [{ url: "https://cdn.example/a.png" }],
      },
      bik: { templateId: "2iUK", type: "text" },
    };
    equal((await handler(post(msg({ options })))).status, 200);
    deepEqual(box.sent[0]!.options, options);
  });

  it("allowOptions widens one provider's list (the others keep their defaults) and Bik then sends from the browser's number", async () => {
    const up = recorder(() => Response.json({ success: true, data: { id: "b-1" } }));
    const handler = createProxyHandler({
      provider: bik({ key: "k", secret: "s", businessPhoneNumber: "+911111111111" }),
      authorize: auth,
      fetch: up.fetch,
      allowOptions: { bik: [...PROXY_BROWSER_OPTIONS.bik, "businessPhoneNumber"] },
    });
    equal((await handler(post(msg({ options: { bik: { businessPhoneNumber: "+919999999999" } } })))).status, 200);
    equal(up.seen[0]!.body.businessPhoneNumber, "+919999999999");
    equal(
      (await handler(post(msg({ options: { bird: { projectId: "5e8e1e4e-8f4a-4b6e-9c1e-2b9f1f1f1f1f" } } })))).status,
      200,
      "bird keeps its default list",
    );
    equal((await handler(post(msg({ options: { bird: { tags: ["x"] } } })))).status, 422);
  });

  it("allowOptions narrows ([] or false) and true allows every option of a provider", async () => {
    const box = sandbox();
    const narrow = createProxyHandler({ provider: box, authorize: auth, allowOptions: { bird: [], bik: false } });
    const r1 = await narrow(
      post(msg({ options: { bird: { projectId: "5e8e1e4e-8f4a-4b6e-9c1e-2b9f1f1f1f1f" }, bik: { templateId: "t" } } })),
    );
    equal(r1.status, 422);
    deepEqual(
      (await json(r1)).error.issues.map((i: any) => i.path),
      ["options.bird.projectId", "options.bik.templateId"],
    );
    const wide = createProxyHandler({ provider: box, authorize: auth, allowOptions: { zixflow: true } });
    equal(
      (await wide(post(msg({ options: { zixflow: { reportURL: "https://mine.example/r", linkWithRecord: true } } }))))
        .status,
      200,
    );
    equal(box.sent.length, 1);
  });

  it("the browser's proxy() gets a ValidationError with the refused option's path", async () => {
    const box = sandbox();
    const handler = createProxyHandler({ provider: box, authorize: auth });
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init));
    const wa = whatsapp({
      provider: proxy({ url: URL_, headers: { authorization: TOKEN } }),
      fetch: fetch as typeof globalThis.fetch,
    });
    let error: unknown;
    try {
      await wa
        .text("hi")
        .options({ bird: { notification: { url: "https://evil.example/hook" } } })
        .to("+31612345678");
    } catch (e) {
      error = e;
    }
    ok(isValidationError(error), `expected a ValidationError, got ${error}`);
    equal(error.issues[0]!.path, "options.bird.notification");
    equal(box.sent.length, 0);
  });

  it("real providers: bird, zixflow, kaleyra and infobip never see a refused option", async () => {
    const up = recorder(() => Response.json({ id: "x" }));
    const providers = [
      bird({
        accessKey: "ak",
        workspaceId: "5e8e1e4e-8f4a-4b6e-9c1e-2b9f1f1f1f1f",
        channelId: "5e8e1e4e-8f4a-4b6e-9c1e-2b9f1f1f1f1e",
      }),
      zixflow({ apiKey: "zk", phoneId: "1" }),
      kaleyra({ apiKey: "kk", sid: "HXAP1", from: "+911111111111", pod: "in" }),
      infobip({ baseUrl: "https://xyz12.api.infobip.com", apiKey: "ik", from: "+441134960000" }),
    ];
    const refused = {
      bird: { notification: { url: "https://evil.example" } },
      zixflow: { reportURL: "https://evil.example" },
      kaleyra: { waSource: "zoho" },
      infobip: { notifyUrl: "https://evil.example" },
    };
    for (const provider of providers) {
      const res = await createProxyHandler({ provider, authorize: auth, fetch: up.fetch })(
        post(msg({ options: { [provider.name]: (refused as any)[provider.name] } })),
      );
      equal(res.status, 422, provider.name);
    }
    equal(up.seen.length, 0);
  });
});

describe("createProxyHandler: what needs no credentials is refused before authorize runs", () => {
  it("CSRF-shaped requests (form or text/plain body, no content type, wrong method, foreign Origin, declared size over the cap) never call authorize", async () => {
    const box = sandbox();
    let calls = 0;
    const handler = createProxyHandler({
      provider: box,
      // An authorize with a side effect (an audit line, a session touch): it must not run for these.
      authorize: () => {
        calls++;
        return true;
      },
      allowedOrigins: ["https://shop.example"],
      maxBodyBytes: 1000,
    });
    const form = "to=%2B31612345678&type=text&body=hi";
    const cases: [string, Request, number][] = [
      ["form", post(form, { "content-type": "application/x-www-form-urlencoded" }), 415],
      ["multipart", post(form, { "content-type": "multipart/form-data; boundary=x" }), 415],
      ["text/plain JSON", post(msg(), { "content-type": "text/plain" }), 415],
      ["no content type", new Request(URL_, { method: "POST", body: new Blob([JSON.stringify(msg())]) }), 415],
      ["GET", new Request(URL_, { headers: { authorization: TOKEN } }), 405],
      ["PUT", new Request(URL_, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" }), 405],
      ["foreign origin", post(msg(), { origin: "https://evil.example" }), 403],
      ["declared over the cap", post(msg(), { "content-length": "1001" }), 413],
    ];
    for (const [name, request, status] of cases) {
      const res = await handler(request);
      equal(res.status, status, name);
      equal(
        (await json(res)).error.code,
        status === 415 || status === 405 ? "CONFIG" : status === 403 ? "AUTH" : "PROVIDER_ERROR",
        name,
      );
    }
    equal(calls, 0, "authorize ran for a request refused without it");
    equal(box.sent.length, 0);
    // The same message as JSON reaches authorize and is sent.
    equal((await handler(post(msg()))).status, 200);
    deepEqual([calls, box.sent.length], [1, 1]);
  });
});

describe("createProxyHandler: authorize's Response and body", () => {
  it("a Response from authorize gets Vary: Origin (kept beside its own Vary), Cache-Control: no-store and nosniff", async () => {
    const handler = createProxyHandler({
      provider: sandbox(),
      authorize: () =>
        new Response("sign in", {
          status: 302,
          headers: { location: "/login", vary: "Cookie", "cache-control": "max-age=600" },
        }),
      allowedOrigins: ["https://shop.example"],
    });
    const res = await handler(post(msg(), { origin: "https://shop.example" }));
    equal(res.status, 302);
    equal(res.headers.get("vary"), "Cookie, Origin");
    equal(res.headers.get("cache-control"), "no-store");
    equal(res.headers.get("x-content-type-options"), "nosniff");
    equal(res.headers.get("access-control-allow-origin"), "https://shop.example");
    equal(await res.text(), "sign in");
    // Response.redirect() has immutable headers; the answer is still built.
    const redirect = await createProxyHandler({
      provider: sandbox(),
      authorize: () => Response.redirect("https://shop.example/login", 303),
    })(post(msg()));
    deepEqual(
      [redirect.status, redirect.headers.get("vary"), redirect.headers.get("cache-control")],
      [303, "Origin", "no-store"],
    );
  });

  it("authorize may read the body (await req.json()); the handler still sends the message", async () => {
    const box = sandbox();
    let seenTo: unknown;
    const handler = createProxyHandler({
      provider: box,
      authorize: async (req) => {
        seenTo = (await req.json()).to;
        return req.headers.get("authorization") === TOKEN;
      },
    });
    const res = await handler(post(msg()));
    equal(res.status, 200, JSON.stringify(await res.clone().json()));
    equal(seenTo, "+31612345678");
    equal(box.sent.length, 1);
    equal(box.sent[0]!.to, "+31612345678");
  });

  it("authorize reading the body is held to maxBodyBytes (413) and the read deadline (408), not hung", async () => {
    const box = sandbox();
    const reading = createProxyHandler({
      provider: box,
      authorize: async (req) => (await req.text(), true),
      maxBodyBytes: 100,
      bodyTimeout: 50,
    });
    const big = new Request(URL_, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Blob(["x".repeat(500)]).stream(),
      duplex: "half",
    } as RequestInit);
    equal((await answered(reading(big))).status, 413);
    const { stream } = endless();
    const slow = new Request(URL_, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await answered(reading(slow));
    equal(res.status, 408);
    equal((await json(res)).error.code, "TIMEOUT");
    equal(box.sent.length, 0);
  });
});

describe("createProxyHandler: a body that never ends", () => {
  it("answers 408 TIMEOUT after bodyTimeout and stops reading", async () => {
    const box = sandbox();
    const handler = createProxyHandler({ provider: box, authorize: auth, bodyTimeout: 50 });
    const { stream, state } = endless();
    const req = new Request(URL_, {
      method: "POST",
      headers: { authorization: TOKEN, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await answered(handler(req));
    equal(res.status, 408);
    const { error } = await json(res);
    equal(error.code, "TIMEOUT");
    match(error.message, /50 ms/);
    ok(state.cancelled, "the body stream was cancelled");
    equal(box.sent.length, 0);
  });

  it("through proxy(): the browser gets a TIMEOUT WaError", async () => {
    const handler = createProxyHandler({ provider: sandbox(), authorize: auth, bodyTimeout: 50 });
    // The server sees a body that never ends, whatever the browser sent.
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      return handler(new Request(req, { body: endless().stream, duplex: "half" } as RequestInit));
    };
    const wa = whatsapp({
      provider: proxy({ url: URL_, headers: { authorization: TOKEN } }),
      fetch: fetch as typeof globalThis.fetch,
      retry: 0,
    });
    let error: unknown;
    try {
      await wa.text("hi").to("+31612345678");
    } catch (e) {
      error = e;
    }
    ok(isWaError(error) && error.code === "TIMEOUT", `expected TIMEOUT, got ${error}`);
  });
});

describe("createProxyHandler: option types are checked at creation", () => {
  const base: ProxyHandlerOptions = { provider: sandbox(), authorize: () => true };
  const config = (o: Record<string, unknown>, name: RegExp) => {
    const e = throws(
      () => createProxyHandler({ ...base, ...o } as ProxyHandlerOptions),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
    match(e.message, name);
    for (const v of Object.values(o))
      if (typeof v === "string" && v.length > 6) ok(!e.message.includes(v), `the value is not echoed: ${e.message}`);
    return e;
  };

  it("allowedOrigins: a string, not an array → CONFIG naming it (it used to be a set of characters)", () => {
    config({ allowedOrigins: "https://a.example" }, /allowedOrigins must be an array.*received a string/);
  });

  it("allowedOrigins entries must be exact origins (no path, slash, wildcard, null)", () => {
    for (const o of [
      "https://a.example/",
      "https://a.example/path",
      "*",
      "null",
      "HTTPS://A.EXAMPLE",
      "sk_live_secret_token",
      "ftp://a.example",
    ])
      config({ allowedOrigins: ["https://ok.example", o] }, /allowedOrigins\[1\] must be an origin/);
    createProxyHandler({ ...base, allowedOrigins: ["https://a.example", "http://localhost:8080"] });
  });

  it("numeric options: NaN, negative, fractional, strings, too large → CONFIG naming the option", () => {
    for (const v of [NaN, -1, 0, 1.5, "65536", Infinity])
      config({ maxBodyBytes: v }, /maxBodyBytes must be a positive whole number/);
    for (const v of [NaN, -1, 0, 2.5, "1000", 2 ** 31, null])
      config({ bodyTimeout: v }, /bodyTimeout must be a whole number of milliseconds/);
    match(config({ bodyTimeout: NaN }, /bodyTimeout/).message, /received NaN/);
  });

  it("hooks, overflow and allowOptions of the wrong type → CONFIG", () => {
    config({ allowRecipient: "+31612345678" }, /allowRecipient must be a function/);
    config({ onSend: {} }, /onSend must be a function/);
    config({ overflow: "cut" }, /overflow must be "error" or "truncate"/);
    config({ allowOptions: ["bird"] }, /allowOptions must map provider names/);
    config({ allowOptions: "bird" }, /allowOptions must map provider names/);
    config({ allowOptions: { bird: "projectId" } }, /allowOptions\.bird must be a list of option keys/);
    config({ allowOptions: { bird: [1] } }, /allowOptions\.bird must be a list/);
  });

  it("the upstream send's fetch, timeout and retry of the wrong type → CONFIG", () => {
    config({ fetch: "https://api.example" }, /fetch must be a fetch function/);
    for (const v of [NaN, -1, 0, "30000", 2 ** 31]) config({ timeout: v }, /timeout must be a number of milliseconds/);
    for (const v of [NaN, -1, 1.5, "2"]) config({ retry: v }, /retry must be a whole number of retries/);
    createProxyHandler({ ...base, timeout: 5000, retry: 0 });
    createProxyHandler({ ...base, retry: { limit: 1 } });
  });
});
