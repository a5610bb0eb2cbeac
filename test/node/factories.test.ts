// Every factory refuses bad settings with WaError("CONFIG"), never a TypeError or a URIError,
// and never echoes the value. Named cases first, then a property test that throws odd values
// (null, numbers, arrays, objects, 10 MB strings, lone surrogates, getters that throw) at every
// option of every factory: the result is a working object or a WaError, nothing else.
import fc from "fast-check";
import {
  bik,
  bird,
  cloudApi,
  dialog360,
  infobip,
  isWaError,
  kaleyra,
  proxy,
  sandbox,
  whatsapp,
  twilio,
  zixflow,
  type Provider,
  type WaError,
} from "../../src/index.ts";
import { kindOf, readOptions } from "../../src/send/config.ts";
import { checkBaseUrl, checkNumber, checkStringList } from "../../src/send/setting-values.ts";
import { checkTransport } from "../../src/send/transport-options.ts";
import { describe, equal, it, match, ok, throws } from "../harness.ts";

const TO = "+31612345678";
// Typed as the error it checks, so `throws(fn, isConfig)` returns a WaError.
const isConfig = (e: WaError) => isWaError(e) && e.code === "CONFIG";
/** A CONFIG error whose message names `what` (the option, as `name`, or the words that say what is wrong). */
const configNaming = (what: string) => (e: WaError) => isConfig(e) && e.message.includes(what);

/** Each factory, with settings that work; the cases below replace one setting at a time. */
const factories: { name: string; make: (o: any) => unknown; valid: Record<string, unknown>; baseUrl?: boolean }[] = [
  {
    name: "bird",
    make: bird,
    valid: {
      accessKey: "k-123456",
      workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
      channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
      baseUrl: "https://api.bird.test",
    },
    baseUrl: true,
  },
  {
    name: "kaleyra",
    make: kaleyra,
    valid: { apiKey: "k-123456", sid: "HXAP16XXXXXX97IN", from: "+919876543210", pod: "in", baseUrl: "https://k.test" },
    baseUrl: true,
  },
  {
    name: "bik",
    make: bik,
    valid: { key: "key-1", secret: "secret-1", businessPhoneNumber: "919876543210", baseUrl: "https://bik.test" },
    baseUrl: true,
  },
  {
    name: "zixflow",
    make: zixflow,
    valid: { apiKey: "k-123456", phoneId: "104898309288724", baseUrl: "https://zix.test" },
    baseUrl: true,
  },
  {
    name: "twilio",
    make: twilio,
    valid: {
      accountSid: "AC0123456789abcdef0123456789abcdef",
      authToken: "t-123456",
      from: "+14155238886",
      baseUrl: "https://twilio.test",
    },
    baseUrl: true,
  },
  {
    name: "infobip",
    make: infobip,
    valid: { baseUrl: "https://xyz12.api.infobip.test", apiKey: "k-123456", from: "+441134960000" },
    baseUrl: true,
  },
  {
    name: "cloudApi",
    make: cloudApi,
    valid: {
      accessToken: "EAAG-token",
      phoneNumberId: "106540352242922",
      version: "v23.0",
      baseUrl: "https://graph.test",
    },
    baseUrl: true,
  },
  {
    name: "dialog360",
    make: dialog360,
    valid: { apiKey: "d360-key-123456", baseUrl: "https://d360.test" },
    baseUrl: true,
  },
  {
    name: "proxy",
    make: proxy,
    valid: { url: "https://shop.example/api/whatsapp", headers: { authorization: "Bearer t" } },
  },
  { name: "sandbox", make: sandbox, valid: { fail: () => undefined } },
  {
    name: "whatsapp",
    make: whatsapp,
    valid: {
      provider: sandbox(),
      overflow: "error",
      timeout: 1000,
      retry: 1,
      fetch: async () => new Response("{}"),
      hooks: {},
    },
  },
];

describe("factories: named bad settings are CONFIG errors", () => {
  for (const f of factories.filter((x) => x.baseUrl)) {
    for (const [label, baseUrl] of [
      ["null", null],
      ["a number", 8080],
      ["an object", { href: "https://x" }],
      ["a relative path", "/api"],
      ["ftp", "ftp://files.example"],
      ["no scheme", "api.bird.com"],
      ["credentials in it", "https://u:p@x.example"],
      ["a query", "https://x.example/?k=1"],
      ["a lone surrogate", "https://x.example/\uD800"],
      ["10 MB", `https://x.example/${"a".repeat(10_000_000)}`],
    ] as const) {
      it(`${f.name}({ baseUrl: ${label} })`, () => {
        const e = throws(() => f.make({ ...f.valid, baseUrl }), isConfig);
        match(e.message, /`baseUrl`/);
        ok(e.message.length < 400, "the message stays short (no echo)");
      });
    }
  }

  it("ids with lone surrogates are CONFIG, not URIError (bird), on every id", () => {
    for (const key of ["workspaceId", "channelId"])
      throws(() => bird({ ...(factories[0]!.valid as any), [key]: "ws-\uD800" }), configNaming(`bird() \`${key}\``));
    throws(() => zixflow({ apiKey: "k-123456", phoneId: "p\uDC00" }), configNaming("zixflow() `phoneId`"));
    throws(() => bik({ key: "k\uD800", secret: "s" }), configNaming("bik() `key`"));
    throws(() => cloudApi({ accessToken: "t\uD800", phoneNumberId: "1" }), configNaming("cloudApi() `accessToken`"));
    throws(() => dialog360({ apiKey: "k\uD800" }), configNaming("dialog360() `apiKey`"));
  });

  it("bird().serviceWindow() refuses a contactId with a lone surrogate as a VALIDATION error", async () => {
    const p = bird({
      accessKey: "k-123456",
      workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
      channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
    });
    const e = await p.serviceWindow(TO, { contactId: "c\uD800", fetch: async () => new Response("{}") }).then(
      () => undefined,
      (x: unknown) => x,
    );
    ok(isWaError(e) && e.code === "VALIDATION", String(e));
  });

  it("credentials a header cannot carry are refused at creation, not at the first send", () => {
    throws(
      () =>
        bird({
          accessKey: "key\r\nX-Injected: 1",
          workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
          channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
        }),
      configNaming("bird() `accessKey` contains characters an HTTP header cannot carry"),
    );
    throws(
      () => zixflow({ apiKey: "clé", phoneId: "p" }),
      configNaming("zixflow() `apiKey` contains characters an HTTP header cannot carry"),
    );
    throws(
      () => dialog360({ apiKey: "key\r\nX-Injected: 1" }),
      configNaming("dialog360() `apiKey` contains characters an HTTP header cannot carry"),
    );
    throws(
      () => kaleyra({ apiKey: "a\tb", sid: "HX1", from: "+919876543210", pod: "in" }),
      configNaming("kaleyra() `apiKey` contains characters an HTTP header cannot carry"),
    );
  });

  it("proxy({ headers: 'Bearer x' }) and other header shapes", () => {
    // @ts-expect-error: mistyped on purpose, for the runtime check
    const e = throws(() => proxy({ url: "/api", headers: "Bearer x" }), isConfig);
    match(e.message, /`headers` must be an object/);
    throws(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => proxy({ url: "/api", headers: "Bearer ".padEnd(10_000_000, "x") }),
      configNaming("proxy() `headers` must be an object"),
    );
    throws(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => proxy({ url: "/api", headers: ["authorization", "x"] }),
      configNaming("proxy() `headers` must be an object"),
    );
    throws(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => proxy({ url: "/api", headers: { authorization: 42 } }),
      configNaming("proxy() `headers.authorization` must be a string"),
    );
    throws(
      () => proxy({ url: "/api", headers: { "bad name": "x" } }),
      configNaming("proxy() `headers` has a header name that is not a valid HTTP token"),
    );
    throws(
      () => proxy({ url: "/api", headers: { authorization: "a\nb" } }),
      configNaming("proxy() `headers.authorization` is not a value an HTTP header can carry"),
    );
    // @ts-expect-error: mistyped on purpose, for the runtime check
    const fromFn = proxy({ url: "/api", headers: () => "nope" });
    throws(
      () => fromFn.compile({ to: TO, type: "text", body: "hi" }),
      configNaming("proxy() `headers()` must be an object"),
    );
    equal(
      proxy({ url: "/api", headers: { Authorization: "Bearer t" } }).compile({ to: TO, type: "text", body: "hi" })
        .headers.authorization,
      "Bearer t",
    );
  });

  it("sandbox({ fail: true }) and sandbox('x')", () => {
    // @ts-expect-error: mistyped on purpose, for the runtime check
    match(throws(() => sandbox({ fail: true }), isConfig).message, /`fail` must be a function; received true/);
    // @ts-expect-error: mistyped on purpose, for the runtime check
    throws(() => sandbox("x"), configNaming("sandbox() takes an options object; received a string"));
  });

  it("whatsapp() numeric and transport options", () => {
    // Checked by the HTTP sender of a provider that sends over HTTP (the sandbox has no transport).
    const provider = cloudApi({ accessToken: "t", phoneNumberId: "1" });
    for (const timeout of [NaN, -1, 0, Infinity, "30000", 2 ** 31]) {
      // @ts-expect-error: mistyped on purpose, for the runtime check
      const e = throws(() => whatsapp({ provider, timeout }), isConfig);
      match(e.message, /`timeout` must be a number of milliseconds/);
    }
    for (const retry of [NaN, -1, 1.5, "2", null, [1]]) {
      // @ts-expect-error: mistyped on purpose, for the runtime check
      throws(() => whatsapp({ provider, retry }), configNaming("whatsapp() `retry` must be"));
    }
    match(
      throws(() => whatsapp({ provider, retry: { limit: NaN } }), isConfig).message,
      /`retry\.limit` must be a whole number of retries .*received NaN/,
    );
    throws(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => whatsapp({ provider, retry: { statusCodes: [429, "503"] } }),
      configNaming("whatsapp() `retry.statusCodes[1]` must be a whole number"),
    );
    throws(
      () => whatsapp({ provider, retry: { backoffLimit: -5 } }),
      configNaming("whatsapp() `retry.backoffLimit` must be a number of milliseconds"),
    );
    throws(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => whatsapp({ provider, fetch: "fetch" }),
      configNaming("whatsapp() `fetch` must be a function"),
    );
    throws(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      () => whatsapp({ provider, hooks: { beforeRequest: "x" } }),
      configNaming("whatsapp() `hooks.beforeRequest` must be an array of functions"),
    );
    // @ts-expect-error: mistyped on purpose, for the runtime check
    throws(() => whatsapp({ provider, ky: {} }), configNaming("whatsapp() `ky` must be a ky instance"));
    // @ts-expect-error: mistyped on purpose, for the runtime check
    throws(() => whatsapp(undefined), configNaming("whatsapp() takes an options object; received missing"));
    // @ts-expect-error: mistyped on purpose, for the runtime check
    throws(() => whatsapp("x"), configNaming("whatsapp() takes an options object; received a string"));
    // The good ones still work.
    ok(whatsapp({ provider, timeout: 1.5, retry: { limit: 0, backoffLimit: Infinity, statusCodes: [429] } }));
  });

  it("getters that throw are CONFIG errors, for every factory", () => {
    for (const f of factories) {
      for (const key of Object.keys(f.valid)) {
        const options = { ...f.valid };
        Object.defineProperty(options, key, {
          get: () => {
            throw new Error("boom");
          },
          enumerable: true,
        });
        const e = throws(() => f.make(options), isConfig, `${f.name}.${key}`);
        match(e.message, new RegExp(`\`${key}\``));
      }
    }
  });
});

describe("config helpers (for createProxyHandler, createWebhookHandler, createQueueConsumer)", () => {
  it("checkStringList refuses a lone string instead of reading it as characters", () => {
    const e = throws(() => checkStringList("createProxyHandler()", "allowedOrigins", "https://a.example"), isConfig);
    match(
      e.message,
      /createProxyHandler\(\) `allowedOrigins` must be an array of strings; received a string\. Wrap it in brackets/,
    );
    ok(!e.message.includes("a.example"));
    throws(
      () => checkStringList("f()", "allowedOrigins", ["https://a.example", 1]),
      (x) => isConfig(x) && /allowedOrigins\[1\]/.test(x.message),
    );
    equal(checkStringList("f()", "x", undefined), undefined);
    equal(checkStringList("f()", "x", ["a", "b"])!.join(), "a,b");
  });

  it("checkNumber names the option, the range and the kind of value (NaN from an unset env var)", () => {
    const e = throws(
      () =>
        checkNumber("createQueueConsumer()", "concurrency", Number(undefined), { min: 1, max: 1000, unit: "workers" }),
      isConfig,
    );
    equal(
      e.message,
      "createQueueConsumer() `concurrency` must be a whole number of workers from 1 to 1000; received NaN.",
    );
    throws(() => checkNumber("f()", "n", 1.5), configNaming("f() `n` must be a whole number"));
    throws(() => checkNumber("f()", "n", -1), configNaming("f() `n` must be a whole number"));
    throws(
      () => checkNumber("f()", "n", "3"),
      (x) => isConfig(x) && /received a string/.test(x.message),
    );
    equal(checkNumber("f()", "n", Infinity, { infinite: true }), Infinity);
    equal(checkNumber("f()", "n", undefined), undefined);
    equal(checkNumber("f()", "n", 0.25, { integer: false }), 0.25);
  });

  it("readOptions: undefined options, non-objects, throwing getters", () => {
    throws(
      () => readOptions("createQueueConsumer()", undefined, ["provider"], true),
      (x) => isConfig(x) && /takes an options object; received missing/.test(x.message),
    );
    equal(Object.keys(readOptions("f()", undefined, ["a"])).length, 0);
    throws(() => readOptions("f()", [], ["a"]), configNaming("f() takes an options object; received an array"));
    const bad = Object.defineProperty({}, "a", {
      get: () => {
        throw new TypeError("x");
      },
    });
    throws(
      () => readOptions("f()", bad, ["a"]),
      (x) => isConfig(x) && /`a` could not be read/.test(x.message),
    );
  });

  it("checkBaseUrl, checkTransport and kindOf", () => {
    equal(checkBaseUrl("f()", "baseUrl", "https://x.example/api//", "https://d.example"), "https://x.example/api");
    equal(checkBaseUrl("f()", "baseUrl", undefined, "https://d.example"), "https://d.example");
    throws(
      () => checkTransport("createProxyHandler()", { timeout: NaN }),
      (x) => isConfig(x) && x.message.startsWith("createProxyHandler() `timeout`"),
    );
    equal(checkTransport("f()", { timeout: 5, extra: 1 }).timeout, 5);
    equal(
      [kindOf("secret"), kindOf(""), kindOf(null), kindOf([]), kindOf(NaN), kindOf(-2), kindOf(() => 1)].join("|"),
      "a string|an empty string|null|an array|NaN|-2|a function",
    );
  });
});

// ---- property test ----

const BIG = "x".repeat(10_000_000);
const odd = fc.constantFrom<unknown>(
  null,
  0,
  -1,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  "",
  " ",
  "\uD800",
  "a\uDC00b",
  "https://ok.example/\uD800",
  BIG,
  `https://x.example/${BIG}`,
  [],
  ["x"],
  {},
  {
    toString: () => {
      throw new Error("no");
    },
  },
  true,
  false,
  () => undefined,
  Symbol("s"),
  10n,
  new Date(0),
  "https://u:p@x.example",
  "ftp://x",
  "/relative",
  "Bearer x",
  "\r\n",
  Object.create(null),
  new Proxy(
    {},
    {
      get: () => {
        throw new Error("trap");
      },
    },
  ),
);
const THROWS = Symbol("a getter that throws");
/** Per option: keep the valid value, drop it, an odd value, or a getter that throws. */
const choice = fc.oneof(
  { weight: 2, arbitrary: fc.constant<unknown>("valid") },
  { weight: 1, arbitrary: fc.constant<unknown>(undefined) },
  { weight: 4, arbitrary: odd },
  { weight: 1, arbitrary: fc.constant<unknown>(THROWS) },
);

function build(valid: Record<string, unknown>, picks: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(valid)) {
    const pick = picks[key];
    if (pick === "valid") out[key] = valid[key];
    else if (pick === THROWS)
      Object.defineProperty(out, key, {
        get: () => {
          throw new Error(`getter ${key}`);
        },
        enumerable: true,
      });
    else if (pick !== undefined) out[key] = pick;
  }
  return out;
}

/** A created provider works: it compiles a text message to a request fetch accepts, or refuses with a WaError. */
function works(p: Provider): void {
  ok(typeof p.compile === "function" && typeof p.name === "string");
  let req: ReturnType<Provider["compile"]>;
  try {
    req = p.compile({ to: TO, type: "text", body: "hi" });
  } catch (e) {
    ok(isWaError(e), `compile threw a non-WaError: ${String(e)}`);
    return;
  }
  const url = new URL(req.url, "https://page.example/");
  new Request(url, { method: req.method, headers: req.headers }); // throws on a header fetch refuses
}

describe("property: odd settings give a working object or a WaError", () => {
  for (const f of factories) {
    it(`${f.name}()`, async () => {
      const keys = Object.keys(f.valid);
      const arb = fc.oneof(
        {
          weight: 9,
          arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, choice]))).map((picks) => build(f.valid, picks)),
        },
        { weight: 1, arbitrary: odd },
      );
      await fc.assert(
        fc.asyncProperty(arb, async (options) => {
          let made: unknown;
          try {
            made = f.make(options);
          } catch (e) {
            ok(
              isWaError(e),
              `${f.name}: threw a ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 200)}`,
            );
            ok(String((e as Error).message).length < 600, "CONFIG messages stay short (no echo of a 10 MB value)");
            return;
          }
          ok(made !== null && typeof made === "object", `${f.name} returned ${typeof made}`);
          if (f.name === "whatsapp") {
            const r = await (made as ReturnType<typeof whatsapp>)
              .text("hi")
              .to(TO)
              .send()
              .then(
                (x) => x,
                (e: unknown) => e,
              );
            ok(isWaError(r) || (r as { id?: unknown }).id !== undefined, String(r));
          } else works(made as Provider);
        }),
        { numRuns: 150 },
      );
    });
  }
});
