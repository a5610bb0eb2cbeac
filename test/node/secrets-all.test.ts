// Every provider (Bik with key + secret and with a ready token, Bird's sends and its service
// window, Kaleyra, Zixflow, the Cloud API, 360dialog, the browser proxy), every error path (4xx, 5xx, a 2xx
// that reports a failure, a 2xx whose raw body echoes, a network error, a non-Error rejection, a
// timeout, a redirect, a browser's opaque redirect), every form of every credential (raw,
// decoded key:secret and its halves, base64, Bearer/Basic/AccessKey prefixed, URL-encoded):
// none appears in message, stack, cause (deep), toJSON(), String(), util.inspect(err, { depth: 10 }),
// a success's raw, or anything createProxyHandler answers.
import { inspect } from "node:util";
import {
  bik,
  bird,
  cloudApi,
  createProxyHandler,
  dialog360,
  isProviderError,
  infobip,
  isWaError,
  kaleyra,
  proxy,
  whatsapp,
  twilio,
  zixflow,
  type Provider,
  type WaError,
} from "../../src/index.ts";
import { describe, equal, it, match, ok } from "../harness.ts";
import { mockServer } from "./server.ts";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const TO = "+31612345678";
const BASE = "https://provider.example";

interface Case {
  name: string;
  make(base: string): Provider;
  /** Every form of the credentials the provider was given (the test's own list, not the library's). */
  forms: string[];
  accepted(id: string): Record<string, unknown>;
  error(text: string): unknown;
}

const K = "bikKey_7f3a9c51";
const S = "bikSecret_2d8e4b60";
const T_KEY = "tokKey_81a2b3c4";
const T_SECRET = "tokSecret_5d6e7f80";
const T = b64(`${T_KEY}:${T_SECRET}`);
const BIRD = "birdAccessKey_0a1b2c3d4e";
const KAL = "Af3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d";
const ZIX = "zixApiKey_99887766554433";
const IB = "ibApiKey_0f1e2d3c4b5a69788796";
const META = "EAAGmetaToken_ZZ0011223344556677";
const PROXY = "proxySession_abcdef123456";
const D360 = "d360ApiKey_Qw3rTy7788aa";
const TWI_SID = "AC0123456789abcdef0123456789abcdef";
const TWI = "twilioAuthToken_5566778899";
const TWI_KEY = "SKfedcba9876543210fedcba9876543210";
const TWI_KEY_SECRET = "twilioKeySecret_1029384756";

const withEncodings = (...raw: string[]) => raw.flatMap((r) => [r, b64(r), encodeURIComponent(r)]);

const cases: Case[] = [
  {
    name: "bik (key + secret)",
    make: (base) => bik({ key: K, secret: S, baseUrl: base }),
    forms: [...withEncodings(K, S, `${K}:${S}`), `Basic ${b64(`${K}:${S}`)}`],
    accepted: (id) => ({ status: 200, success: true, data: { id } }),
    error: (text) => ({ status: 400, errors: [{ message: text }] }),
  },
  {
    name: "bik (authToken)",
    make: (base) => bik({ authToken: T, baseUrl: base }),
    forms: [...withEncodings(T, T_KEY, T_SECRET, `${T_KEY}:${T_SECRET}`), `Basic ${T}`],
    accepted: (id) => ({ status: 200, success: true, data: { id } }),
    error: (text) => ({ status: 400, errors: [{ message: text }] }),
  },
  {
    name: "bird",
    make: (base) =>
      bird({
        accessKey: BIRD,
        workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
        channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
        baseUrl: base,
      }),
    forms: [...withEncodings(BIRD), `AccessKey ${BIRD}`],
    accepted: (id) => ({ id, status: "accepted" }),
    error: (text) => ({ code: "InvalidPayload", message: text }),
  },
  {
    name: "kaleyra",
    make: (base) => kaleyra({ apiKey: KAL, sid: "HXAP16XXXXXX97IN", from: "+919876543210", pod: "in", baseUrl: base }),
    forms: withEncodings(KAL),
    accepted: (id) => ({ code: "WA202", message: "accepted", data: { message_id: id }, error: {} }),
    error: (text) => ({ code: "WA400", message: text, data: {}, error: { message: text } }),
  },
  {
    name: "zixflow",
    make: (base) => zixflow({ apiKey: ZIX, phoneId: "phone-1", baseUrl: base }),
    forms: [...withEncodings(ZIX), `Bearer ${ZIX}`],
    accepted: (id) => ({ status: true, message: "Message sent", messageId: id }),
    error: (text) => ({ status: false, message: text }),
  },
  {
    name: "twilio (authToken)",
    make: (base) => twilio({ accountSid: TWI_SID, authToken: TWI, from: "+14155238886", baseUrl: base }),
    forms: [...withEncodings(TWI, `${TWI_SID}:${TWI}`), `Basic ${b64(`${TWI_SID}:${TWI}`)}`],
    accepted: (id) => ({ sid: id, status: "queued" }),
    error: (text) => ({
      code: 21211,
      message: text,
      more_info: "https://www.twilio.com/docs/errors/21211",
      status: 400,
    }),
  },
  {
    name: "twilio (API key)",
    make: (base) =>
      twilio({
        accountSid: TWI_SID,
        apiKeySid: TWI_KEY,
        apiKeySecret: TWI_KEY_SECRET,
        from: "+14155238886",
        baseUrl: base,
      }),
    forms: [
      ...withEncodings(TWI_KEY_SECRET, `${TWI_KEY}:${TWI_KEY_SECRET}`),
      `Basic ${b64(`${TWI_KEY}:${TWI_KEY_SECRET}`)}`,
    ],
    accepted: (id) => ({ sid: id, status: "queued" }),
    error: (text) => ({
      code: 21211,
      message: text,
      more_info: "https://www.twilio.com/docs/errors/21211",
      status: 400,
    }),
  },
  {
    name: "infobip",
    make: (base) => infobip({ baseUrl: base, apiKey: IB, from: "+441134960000" }),
    forms: [...withEncodings(IB), `App ${IB}`],
    accepted: (id) => ({ to: "31612345678", messageCount: 1, messageId: id, status: { groupName: "PENDING" } }),
    error: (text) => ({ requestError: { serviceException: { messageId: "BAD_REQUEST", text } } }),
  },
  {
    name: "cloudApi",
    make: (base) => cloudApi({ accessToken: META, phoneNumberId: "106540352242922", baseUrl: base }),
    forms: [...withEncodings(META), `Bearer ${META}`],
    accepted: (id) => ({
      messaging_product: "whatsapp",
      contacts: [{ input: TO, wa_id: "31612345678" }],
      messages: [{ id }],
    }),
    error: (text) => ({ error: { message: text, type: "OAuthException", code: 100, fbtrace_id: "AbC" } }),
  },
  {
    name: "dialog360",
    make: (base) => dialog360({ apiKey: D360, baseUrl: base }),
    forms: withEncodings(D360),
    accepted: (id) => ({
      messaging_product: "whatsapp",
      contacts: [{ input: TO, wa_id: "31612345678" }],
      messages: [{ id }],
    }),
    error: (text) => ({ error: text }),
  },
  {
    name: "proxy (browser)",
    make: (base) => proxy({ url: `${base}/api/whatsapp`, headers: { authorization: `Bearer ${PROXY}` } }),
    forms: [...withEncodings(PROXY), `Bearer ${PROXY}`],
    accepted: (id) => ({ id, provider: "bird", status: "accepted", raw: { id } }),
    error: (text) => ({
      error: { name: "ProviderError", code: "PROVIDER_ERROR", message: text, provider: "bird", status: 400, raw: text },
    }),
  },
];

/** Every string a logger, a serializer or a debugger could show for `x`. */
function renderings(x: unknown): string[] {
  const out: string[] = [
    String(x),
    JSON.stringify(x) ?? "",
    inspect(x, { depth: 10 }),
    inspect(x, { depth: Infinity, showHidden: true, getters: true }),
  ];
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number) => {
    if (typeof v === "string") out.push(v);
    if (v === null || typeof v !== "object" || seen.has(v) || depth > 12) return;
    seen.add(v);
    const e = v as { toJSON?: () => unknown; stack?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.toJSON === "function") out.push(JSON.stringify(e));
    if (v instanceof Error) out.push(String(v.stack), String(v.message), String(v));
    for (const key of Object.getOwnPropertyNames(v)) walk((v as Record<string, unknown>)[key], depth + 1);
  };
  walk(x, 0);
  return out;
}

function assertClean(c: Case, x: unknown, where: string): void {
  for (const text of renderings(x))
    for (const form of c.forms)
      ok(!text.includes(form), `${c.name}, ${where}: the credential form "${form}" leaked in ${text.slice(0, 300)}`);
}

/** The echo a hostile or careless upstream sends back: every form of the credentials. */
const echo = (c: Case) => `you sent ${c.forms.join(" | ")}`;

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
const jsonAnswer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
/** A Response as a browser gives it for `redirect: "manual"`: type opaqueredirect, status 0. */
function opaqueRedirect(): Response {
  const r = new Response(null, { status: 200 });
  Object.defineProperties(r, {
    status: { value: 0 },
    ok: { value: false },
    type: { value: "opaqueredirect" },
    statusText: { value: "" },
  });
  return r;
}
/** A fetch that never answers; it rejects (with `reason`) when the request is aborted. */
const hanging =
  (reason: unknown): Fetch =>
  (input, init) =>
    new Promise((_, reject) => {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      signal?.addEventListener("abort", () => reject(reason));
    });

interface Path {
  name: string;
  fetch(c: Case): Fetch;
  client?: { timeout?: number };
  /** What the send must end with. */
  expect: "error" | "result";
  check?(e: WaError): void;
}

const paths: Path[] = [
  { name: "4xx that echoes", fetch: (c) => async () => jsonAnswer(400, c.error(echo(c))), expect: "error" },
  { name: "401 that echoes", fetch: (c) => async () => jsonAnswer(401, c.error(echo(c))), expect: "error" },
  {
    name: "5xx as text",
    fetch: (c) => async () => new Response(echo(c), { status: 500, headers: { "content-type": "text/plain" } }),
    expect: "error",
  },
  {
    name: "2xx that reports a failure",
    fetch: (c) => async () => jsonAnswer(200, { echo: echo(c), message: echo(c) }),
    expect: "error",
  },
  {
    name: "2xx success whose raw echoes",
    fetch: (c) => async () => jsonAnswer(200, { ...c.accepted("m-1"), echo: echo(c), [echo(c)]: 1 }),
    expect: "result",
  },
  {
    name: "network error",
    fetch: (c) => async () => {
      throw new TypeError(`fetch failed: ${echo(c)}`, {
        cause: Object.assign(new Error(echo(c)), { code: "ECONNRESET" }),
      });
    },
    expect: "error",
    check: (e) => equal(e.code, "NETWORK"),
  },
  {
    name: "a string rejection",
    fetch: (c) => () => Promise.reject(echo(c)),
    expect: "error",
    check: (e) => equal(e.code, "NETWORK"),
  },
  {
    name: "an object rejection",
    fetch: (c) => () => Promise.reject({ token: echo(c), toString: () => echo(c) }),
    expect: "error",
    check: (e) => equal(e.code, "NETWORK"),
  },
  {
    name: "timeout",
    fetch: (c) => hanging(new Error(echo(c))),
    client: { timeout: 30 },
    expect: "error",
    check: (e) => equal(e.code, "TIMEOUT"),
  },
  {
    name: "307 redirect whose location carries the key",
    fetch: (c) => async () =>
      new Response(echo(c), {
        status: 307,
        headers: { location: `https://evil.example/steal?k=${encodeURIComponent(c.forms[0]!)}&raw=${c.forms[0]}` },
      }),
    expect: "error",
    check: (e) => {
      ok(isProviderError(e));
      equal(e.status, 307);
      match(e.message, /redirect to https:\/\/evil\.example\/steal/);
    },
  },
  {
    name: "opaque redirect (browser)",
    fetch: () => async () => opaqueRedirect(),
    expect: "error",
    check: (e) => {
      ok(isProviderError(e));
      equal(e.status, 0);
      match(e.message, /redirect/);
    },
  },
];

for (const c of cases) {
  describe(`every credential form stays out: ${c.name}`, () => {
    for (const p of paths) {
      it(p.name, async () => {
        const provider = c.make(BASE);
        const wa = whatsapp({ provider, fetch: p.fetch(c), retry: 0, ...p.client });
        const outcome = await wa
          .text("hi")
          .to(TO)
          .send()
          .then(
            (r) => ({ r }),
            (e: unknown) => ({ e }),
          );
        if (p.expect === "result") {
          ok("r" in outcome, `${p.name}: expected a result, got ${String((outcome as { e: unknown }).e)}`);
          assertClean(c, outcome.r, p.name);
          // (The proxy forwards only the server's `raw`, not its own answer's other fields.)
          if (!c.name.startsWith("proxy"))
            ok(JSON.stringify(outcome.r.raw).includes("[redacted]"), "the echo was replaced, not dropped");
        } else {
          ok("e" in outcome && isWaError(outcome.e), `${p.name}: expected a WaError, got ${JSON.stringify(outcome)}`);
          p.check?.(outcome.e as WaError);
          assertClean(c, outcome.e, p.name);
        }
        // The same upstream behind createProxyHandler: nothing the browser receives holds a form.
        if (c.name.startsWith("proxy")) return;
        const handler = createProxyHandler({
          provider,
          authorize: () => true,
          fetch: p.fetch(c),
          retry: 0,
          ...p.client,
        });
        const res = await handler(
          new Request("https://shop.example/api/whatsapp", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ to: TO, type: "text", body: "hi" }),
          }),
        );
        const text = await res.text();
        for (const form of c.forms)
          ok(
            !text.includes(form),
            `${c.name}, ${p.name}: the proxy handler answered "${form}" in ${text.slice(0, 300)}`,
          );
        res.headers.forEach((v) =>
          c.forms.forEach((form) => ok(!v.includes(form), `proxy answer header leaked ${form}`)),
        );
      });
    }
  });
}

describe("bird.serviceWindow(): the one transport", () => {
  const bc = cases.find((c) => c.name === "bird")!;
  const unreachable = "http://127.0.0.1:9"; // nothing listens there: only the injected fetch can answer
  const make = () =>
    bird({
      accessKey: BIRD,
      workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
      channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
      baseUrl: unreachable,
    });

  // (A 2xx without an expiry is a closed window, not an error: that path is the success test below.)
  for (const p of paths.filter((x) => x.expect === "error" && !x.name.startsWith("2xx"))) {
    it(`${p.name}: redacted like a send, through the client's own fetch`, async () => {
      const provider = make();
      whatsapp({ provider, fetch: p.fetch(bc), retry: 0, ...p.client });
      const e = await provider.serviceWindow(TO, { contactId: "c0ffee00-0000-4000-8000-000000000001" }).then(
        () => undefined,
        (x: unknown) => x,
      );
      ok(isWaError(e), `expected a WaError, got ${String(e)}`);
      p.check?.(e);
      assertClean(bc, e, `serviceWindow ${p.name}`);
    });
  }

  it("uses the client's injected fetch, and a fetch given to the call wins", async () => {
    const provider = make();
    const seen: string[] = [];
    whatsapp({
      provider,
      fetch: async (input) => (
        seen.push(`client ${new Request(input).url}`), jsonAnswer(200, { serviceWindowExpireAt: null })
      ),
    });
    equal((await provider.serviceWindow(TO, { contactId: "c0ffee00-0000-4000-8000-000000000001" })).open, false);
    const own: Fetch = async (input) => (
      seen.push(`call ${new Request(input).url}`), jsonAnswer(200, { isPermanentSession: true })
    );
    equal(
      (await provider.serviceWindow(TO, { contactId: "c0ffee00-0000-4000-8000-000000000002", fetch: own })).open,
      true,
    );
    equal(seen.length, 2);
    match(
      seen[0]!,
      /^client http:\/\/127\.0\.0\.1:9\/workspaces\/4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90\/channels\/9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f\/contacts\/c0ffee00-0000-4000-8000-000000000001\?contactIdentifierValue=%2B31612345678$/,
    );
    match(seen[1]!, /^call .*contacts\/c0ffee00-0000-4000-8000-000000000002/);
  });

  it("has the transport's default timeout: a hanging answer is a TIMEOUT, not a hang", async () => {
    const provider = make();
    // Only the call's timeout is given; the client's default (30 s) would apply otherwise.
    // Without a timeout the query would hang: the guard turns that into a failure, not a stuck run.
    const guard = new Promise((resolve) => setTimeout(() => resolve("hung"), 5_000).unref());
    const query = provider.serviceWindow(TO, { fetch: hanging(new Error("never")), timeout: 20 }).then(
      () => undefined,
      (x: unknown) => x,
    );
    const e = await Promise.race([query, guard]);
    ok(isWaError(e) && e.code === "TIMEOUT", `expected TIMEOUT, got ${String(e)}`);
  });

  it("wraps a network failure: the cause is a redacted copy, never the fetch's own error", async () => {
    const provider = make();
    const original = new TypeError(`fetch failed for AccessKey ${BIRD}`);
    const e = await provider.serviceWindow(TO, { fetch: async () => Promise.reject(original) }).then(
      () => undefined,
      (x: unknown) => x,
    );
    ok(isWaError(e) && e.code === "NETWORK");
    ok(e.cause instanceof Error && e.cause !== original, "the cause is a copy");
    ok(!String((e.cause as Error).message).includes(BIRD));
  });

  it("a 2xx service-window answer echoing the key reads normally", async () => {
    const provider = make();
    const window = await provider.serviceWindow(TO, {
      fetch: async () => jsonAnswer(200, { serviceWindowExpireAt: "2999-01-01T00:00:00Z", echo: echo(bc) }),
    });
    equal(window.open, true);
    assertClean(bc, window, "serviceWindow success");
  });
});

describe("redirects are never followed (a real HTTP exchange)", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`${status}: a ProviderError naming the location; the other origin never sees the key`, async () => {
      const elsewhere = await mockServer(() => ({ status: 200, body: { id: "m-stolen", status: "accepted" } }));
      const origin = await mockServer(() => ({
        status,
        headers: { location: `${elsewhere.url}/collect` },
        body: "moved",
      }));
      try {
        const wa = whatsapp({
          provider: kaleyra({
            apiKey: KAL,
            sid: "HXAP16XXXXXX97IN",
            from: "+919876543210",
            pod: "in",
            baseUrl: origin.url,
          }),
        });
        const e = await wa
          .text("hi")
          .to(TO)
          .send()
          .then(
            () => undefined,
            (x: unknown) => x,
          );
        ok(isProviderError(e), `a ${status} is not a success: got ${String(e)}`);
        equal(e.status, status);
        equal(e.code, "PROVIDER_ERROR");
        equal(e.retryable, false);
        ok(e.message.includes(`${elsewhere.url}/collect`), e.message);
        equal(origin.seen.length, 1);
        equal(elsewhere.seen.length, 0, "the redirect was followed");
      } finally {
        await origin.close();
        await elsewhere.close();
      }
    });
  }

  it("a custom fetch that follows anyway: the redirected answer is refused, not read as a send", async () => {
    const followed: Fetch = async () => {
      const r = jsonAnswer(200, { id: "m-1", status: "accepted" });
      Object.defineProperties(r, { redirected: { value: true }, url: { value: "https://elsewhere.example/x" } });
      return r;
    };
    const wa = whatsapp({
      provider: bird({
        accessKey: BIRD,
        workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
        channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
        baseUrl: BASE,
      }),
      fetch: followed,
    });
    const e = await wa
      .text("hi")
      .to(TO)
      .send()
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    ok(isProviderError(e), String(e));
    match(e.message, /redirect to https:\/\/elsewhere\.example\/x/);
  });

  it("the request goes out with redirect: manual", async () => {
    let mode: string | undefined;
    const wa = whatsapp({
      provider: bird({
        accessKey: BIRD,
        workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
        channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
        baseUrl: BASE,
      }),
      fetch: async (input, init) => (
        (mode = (input instanceof Request ? input : new Request(input, init)).redirect),
        jsonAnswer(202, { id: "m-1", status: "accepted" })
      ),
    });
    await wa.text("hi").to(TO);
    equal(mode, "manual");
  });
});

describe("CONFIG errors never echo a misplaced value", () => {
  const SECRET = "EAAGsecretToken-123/+=";
  const attempts: [string, () => unknown][] = [
    ["cloudApi phoneNumberId", () => cloudApi({ accessToken: "t0ken-abc", phoneNumberId: SECRET })],
    ["cloudApi version", () => cloudApi({ accessToken: "t0ken-abc", phoneNumberId: "123", version: SECRET })],
    ["cloudApi baseUrl", () => cloudApi({ accessToken: "t0ken-abc", phoneNumberId: "123", baseUrl: SECRET })],
    ["kaleyra sid", () => kaleyra({ apiKey: "k-123", sid: SECRET, from: "+919876543210", pod: "in" })],
    ["kaleyra from", () => kaleyra({ apiKey: "k-123", sid: "HX1", from: SECRET, pod: "in" })],
    // @ts-expect-error: mistyped on purpose, for the runtime check
    ["kaleyra pod", () => kaleyra({ apiKey: "k-123", sid: "HX1", from: "+919876543210", pod: SECRET })],
    [
      "kaleyra baseUrl",
      () => kaleyra({ apiKey: "k-123", sid: "HX1", from: "+919876543210", pod: "in", baseUrl: `ftp://${SECRET}` }),
    ],
    [
      "bird baseUrl",
      () =>
        bird({
          accessKey: "k-123",
          workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
          channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
          baseUrl: SECRET,
        }),
    ],
    [
      "bird accessKey with a line break",
      () =>
        bird({
          accessKey: `${SECRET}\nx`,
          workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
          channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
        }),
    ],
    ["bik authToken not base64", () => bik({ authToken: `${SECRET}!` })],
    ["bik businessPhoneNumber", () => bik({ key: "k", secret: "s", businessPhoneNumber: SECRET })],
    ["zixflow baseUrl", () => zixflow({ apiKey: "k-123", phoneId: "p", baseUrl: SECRET })],
    ["dialog360 baseUrl", () => dialog360({ apiKey: "k-123", baseUrl: SECRET })],
    ["dialog360 apiKey with a line break", () => dialog360({ apiKey: `${SECRET}\nx` })],
    ["twilio accountSid", () => twilio({ accountSid: SECRET, authToken: "t-123", from: "+14155238886" })],
    [
      "twilio statusCallback",
      () => twilio({ accountSid: TWI_SID, authToken: "t-123", from: "+14155238886", statusCallback: SECRET }),
    ],
    ["infobip baseUrl", () => infobip({ baseUrl: SECRET, apiKey: "k-123", from: "+441134960000" })],
    ["infobip from", () => infobip({ baseUrl: "https://xyz12.api.infobip.com", apiKey: "k-123", from: SECRET })],
    // @ts-expect-error: mistyped on purpose, for the runtime check
    ["proxy headers as a string", () => proxy({ url: "/api/whatsapp", headers: `Bearer ${SECRET}` })],
    ["proxy url", () => proxy({ url: `javascript:${SECRET}` })],
    // @ts-expect-error: mistyped on purpose, for the runtime check
    ["whatsapp overflow", () => whatsapp({ provider: proxy({ url: "/x" }), overflow: SECRET })],
  ];
  for (const [name, attempt] of attempts) {
    it(name, () => {
      let caught: unknown;
      try {
        attempt();
      } catch (e) {
        caught = e;
      }
      ok(isWaError(caught) && caught.code === "CONFIG", `${name}: expected CONFIG, got ${String(caught)}`);
      for (const text of renderings(caught))
        ok(
          !text.includes(SECRET) && !text.includes("EAAGsecret"),
          `${name}: the value was echoed: ${text.slice(0, 200)}`,
        );
    });
  }
});
