// The browser provider and the proxy handler together, with no network: the client's `fetch`
// hands each request straight to the handler, so this runs in Node, Chromium and Deno alike.
import { describe, it, ok, equal, deepEqual, rejects, throws } from "./harness.ts";
import {
  whatsapp,
  message,
  proxy,
  createProxyHandler,
  sandbox,
  isValidationError,
  isProviderError,
  isUnsupportedError,
  isWaError,
  UnsupportedError,
} from "../src/index.ts";
import type { Provider, ProviderErrorInfo } from "../src/index.ts";
import { httpProvider } from "../src/providers/_kit/index.ts";

const TOKEN = "Bearer browser-token";
const to = "+31612345678";

function setup(
  opts: { provider?: Provider; fail?: (m: any) => (ProviderErrorInfo & { status?: number }) | undefined } = {},
) {
  const box = sandbox(opts.fail ? { fail: opts.fail } : {});
  const handler = createProxyHandler({
    provider: opts.provider ?? box,
    authorize: (req) => req.headers.get("authorization") === TOKEN,
  });
  const posted: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    posted.push(req.clone());
    return handler(req);
  };
  const wa = whatsapp({
    provider: proxy({ url: "https://shop.example/api/whatsapp", headers: { authorization: TOKEN } }),
    fetch,
  });
  return { box, wa, posted };
}

describe("proxy(): the browser provider", () => {
  it("posts the neutral message and resolves to the server provider's SendResult", async () => {
    const { box, wa, posted } = setup();
    const res = await wa.text("Order shipped").buttons(["Track", "Help"]).footer("Thanks").to(to);
    equal(res.provider, "sandbox");
    equal(res.status, "accepted");
    ok(res.id.startsWith("sandbox.1."), res.id);
    equal(box.sent.length, 1);
    deepEqual(box.sent[0], {
      to,
      type: "buttons",
      body: "Order shipped",
      footer: "Thanks",
      buttons: [
        { id: "Track", title: "Track" },
        { id: "Help", title: "Help" },
      ],
    });
    equal(posted[0]!.method, "POST");
    equal(posted[0]!.headers.get("content-type"), "application/json");
    deepEqual(await posted[0]!.json(), box.sent[0]);
  });

  it("compiles to a POST of the message itself, with the configured headers", () => {
    const out = message.text("hi").to(to);
    const req = out.compile(proxy({ url: "/api/wa", headers: () => ({ authorization: "Bearer t1" }) }));
    deepEqual(req, {
      url: "/api/wa",
      method: "POST",
      headers: { authorization: "Bearer t1", "content-type": "application/json", accept: "application/json" },
      body: { to, type: "text", body: "hi" },
    });
  });

  it("refuses an invalid message before any I/O", () => {
    const p = proxy({ url: "/api/wa" });
    throws(
      () => p.compile({ to, type: "text", body: "" } as any),
      (e) => isValidationError(e),
    );
  });

  it("needs a url", () => {
    throws(
      () => proxy({} as any),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
  });

  it("url: another host (//host, /\\host), a relative path or a non-http URL is CONFIG naming url, at creation", () => {
    for (const url of [
      "//evil.example/api",
      "/\\evil.example/api",
      "\\\\evil.example/api",
      "/\tevil.example",
      "/api\nx",
      " /api/whatsapp",
      "api/whatsapp",
      "./api/whatsapp",
      "../api",
      "?send",
      "#send",
      "javascript:alert(1)",
      "ftp://shop.example/api",
      "https://user:pw@shop.example/api",
    ]) {
      const e = throws(
        () => proxy({ url, headers: { authorization: TOKEN } }),
        (e) => isWaError(e) && e.code === "CONFIG",
        JSON.stringify(url),
      );
      ok(/^proxy\(\) `url` /.test(e.message) && /"\/api\/whatsapp"/.test(e.message), e.message);
    }
  });

  it("url: a path from the site root or an absolute http(s) URL compiles to the URL fetched, on the page's origin", async () => {
    const cases: [string, string][] = [
      ["/api/whatsapp", "/api/whatsapp"],
      ["/api/v1/../whatsapp?x=1", "/api/whatsapp?x=1"],
      ["/wa/ü", "/wa/%C3%BC"],
      ["https://Shop.example:443/api/./whatsapp", "https://shop.example/api/whatsapp"],
    ];
    for (const [url, compiled] of cases) {
      const req = message.text("hi").to(to).compile(proxy({ url }));
      equal(req.url, compiled, url);
    }
    // In a page, a path resolves against its origin: the request goes there, to the path compiled.
    const page = (globalThis as { location?: { origin: string } }).location;
    if (!page) return;
    const seen: string[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init).url);
      return Response.json({ id: "m-1", provider: "sandbox", status: "accepted" });
    };
    await whatsapp({ provider: proxy({ url: "/api/v1/../whatsapp" }), fetch })
      .text("hi")
      .to(to);
    deepEqual(seen, [`${page.origin}/api/whatsapp`]);
  });

  it("a message the server refuses rejects as the same ValidationError, issues intact", async () => {
    const box = sandbox();
    // A tampered client: its provider posts an invalid message whatever it was given.
    const invalid = { to, type: "buttons", body: "Pick", buttons: [{ id: "a", title: "x".repeat(21) }] };
    const tampered: Provider = { ...proxy({ url: "https://shop.example/api/whatsapp" }) };
    tampered.compile = () => ({
      url: "https://shop.example/api/whatsapp",
      method: "POST",
      headers: { authorization: TOKEN, "content-type": "application/json" },
      body: invalid as any,
    });
    const handler = createProxyHandler({ provider: box, authorize: (r) => r.headers.get("authorization") === TOKEN });
    const wa = whatsapp({ provider: tampered, fetch: async (i, init) => handler(new Request(i, init)) });
    const e = await rejects(wa.text("ok").to(to), (e) => isValidationError(e));
    deepEqual(
      e.issues.map((i: any) => [i.path, i.limit, i.received]),
      [["buttons[0].title", 20, 21]],
    );
    equal(e.code, "VALIDATION");
    equal(
      e.message,
      "Invalid message: `buttons[0].title` is 21 characters; WhatsApp allows at most 20. Shorten it or use a list.",
    );
    equal(box.sent.length, 0);
  });

  it("a provider refusal rejects as a ProviderError with the provider's status, code and retryable", async () => {
    const { wa } = setup({
      fail: () => ({
        status: 429,
        message: "slow down",
        providerCode: "RL1",
        retryable: true,
        code: "RATE_LIMITED",
        retryAfter: 7,
      }),
    });
    const e = await rejects(wa.text("hi").to(to), (e) => isProviderError(e));
    equal(e.provider, "sandbox");
    equal(e.status, 429);
    equal(e.code, "RATE_LIMITED");
    equal(e.providerCode, "RL1");
    equal(e.retryable, true);
    equal(e.retryAfter, 7);
    ok(e.message.includes("slow down"), e.message);
  });

  it("an unsupported kind rejects as an UnsupportedError naming the server's provider", async () => {
    const textOnly: Provider = httpProvider({
      name: "textonly",
      kinds: ["text"],
      compile: (m) => {
        if (m.type !== "text") throw new UnsupportedError("textonly", "reaction messages", "Send a text instead.");
        return { url: "x", method: "POST", headers: {}, body: null };
      },
      parseSuccess: () => ({ id: "1", status: "accepted" }),
      parseError: () => ({ message: "no" }),
    });
    const { wa } = setup({ provider: textOnly });
    const e = await rejects(wa.reaction("wamid.1", "👍").to(to), (e) => isUnsupportedError(e));
    equal(e.provider, "textonly");
    equal(e.feature, "reaction messages");
    equal(e.message, "textonly cannot send reaction messages on WhatsApp. Send a text instead.");
  });

  it("the proxy's own refusal is a ProviderError of provider 'proxy' (wrong token → 403 AUTH)", async () => {
    const box = sandbox();
    const handler = createProxyHandler({
      provider: box,
      authorize: (req) => req.headers.get("authorization") === TOKEN,
    });
    const wa = whatsapp({
      provider: proxy({ url: "https://shop.example/api/whatsapp", headers: { authorization: "Bearer wrong" } }),
      fetch: async (i, init) => handler(new Request(i, init)),
    });
    const e = await rejects(wa.text("hi").to(to), (e) => isProviderError(e));
    equal(e.provider, "proxy");
    equal(e.status, 403);
    equal(e.code, "AUTH");
    equal(box.sent.length, 0);
  });

  it("bulk sends through the proxy, one result per recipient, a refused one failing alone", async () => {
    const { wa, box } = setup({
      fail: (m) => (m.to === "+31600000002" ? { status: 400, message: "blocked number" } : undefined),
    });
    const results = await wa
      .text("Sale starts now")
      .to(["+31600000001", "+31600000002", "+31600000003"], { concurrency: 2 });
    deepEqual(
      results.map((r) => [r.to, r.ok]),
      [
        ["+31600000001", true],
        ["+31600000002", false],
        ["+31600000003", true],
      ],
    );
    const failed = results[1]!;
    ok(!failed.ok && isProviderError(failed.error) && failed.error.status === 400);
    deepEqual(box.sent.map((m) => m.to).sort(), ["+31600000001", "+31600000003"]);
  });

  it("a page that is not a proxy handler gives an error that says so", async () => {
    const wa = whatsapp({
      provider: proxy({ url: "https://shop.example/nope" }),
      fetch: async () => new Response("<h1>Not found</h1>", { status: 404 }),
    });
    const e = await rejects(wa.text("hi").to(to), (e) => isProviderError(e));
    equal(e.status, 404);
    ok(/Not found/.test(e.message) && /proxy url/.test(e.message), e.message);
    const ok200 = whatsapp({
      provider: proxy({ url: "https://shop.example/x" }),
      fetch: async () => Response.json({ hello: 1 }),
    });
    const e2 = await rejects(ok200.text("hi").to(to), (e) => isProviderError(e));
    ok(/not a send result/.test(e2.message), e2.message);
  });
});
