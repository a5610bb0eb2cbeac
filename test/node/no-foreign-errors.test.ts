// Every public entry that takes caller input, fed hostile values (a Symbol, a bigint, a cyclic
// object, 3000-deep nesting, an object whose getters throw, a Proxy that throws on every trap,
// null, a function): each call returns, or throws (or rejects with) a WaError, never a
// TypeError, a RangeError or the input's own error. The entries documented never to throw
// (`check()`, `fitMessage()`, `fit()`, `checkMessage()`, the `is…Error` guards) do not throw at all.
import {
  bik,
  bird,
  checkMessage,
  cloudApi,
  createProxyHandler,
  createQueueConsumer,
  createWebhookHandler,
  enqueue,
  fit,
  fitMessage,
  idempotencyKey,
  isBulkError,
  isProviderError,
  isUnsupportedError,
  isValidationError,
  isWaError,
  kaleyra,
  kvDedupe,
  memoryDedupe,
  message,
  parseServiceWindow,
  parseWebhook,
  proxy,
  sandbox,
  validateMessage,
  verifyWebhook,
  whatsapp,
  zixflow,
  infobip,
  type Provider,
  type WaError,
} from "../../src/index.ts";
import fc from "fast-check";
import { describe, equal, it, match, ok } from "../harness.ts";

const TO = "+31612345678";
const boom = () => {
  throw new Error("hostile input");
};
const cyclic: any = { type: "text", to: TO, body: "hi" };
cyclic.self = cyclic;
cyclic.list = [cyclic];
const deepArray: any[] = [];
const deepObject: any = {};
{
  let a = deepArray;
  let o = deepObject;
  for (let i = 0; i < 3000; i++) {
    const na: any[] = [];
    a.push(na);
    a = na;
    o.a = {};
    o = o.a;
  }
}
// 12 levels of arrays, each holding the next one 10 times: 120 small arrays, 10^12 values as JSON.
let shared: unknown = "x";
for (let i = 0; i < 12; i++) shared = new Array(10).fill(shared);
const getters: any = {};
for (const k of [
  "type",
  "to",
  "body",
  "id",
  "from",
  "message",
  "provider",
  "name",
  "compile",
  "language",
  "get",
  "put",
  "sendBatch",
  "secret",
  "url",
  "headers",
  "status",
  "title",
])
  Object.defineProperty(getters, k, { get: boom, enumerable: true });
const traps: ProxyHandler<any> = {};
for (const t of [
  "get",
  "set",
  "has",
  "ownKeys",
  "getOwnPropertyDescriptor",
  "getPrototypeOf",
  "setPrototypeOf",
  "isExtensible",
  "preventExtensions",
  "defineProperty",
  "deleteProperty",
  "apply",
  "construct",
] as const)
  traps[t] = boom;

/** The hostile values, by name. */
export const HOSTILE: Record<string, unknown> = {
  symbol: Symbol("s"),
  bigint: 10n,
  cyclic,
  "deep array": deepArray,
  "deep object": deepObject,
  "shared (10^12 values)": shared,
  "throwing getters": getters,
  "throwing proxy": new Proxy({}, traps),
  "throwing function proxy": new Proxy(() => {}, traps),
  null: null,
  function: () => {},
  "array of proxies": [new Proxy({}, traps)],
};

const valid = { type: "text", to: TO, body: "hi" } as const;
const wa = whatsapp({ provider: sandbox() });
const out = () => wa.text("hi").to(TO);
const queue = { sendBatch: async () => {} };
const kv = { get: async () => null, put: async () => {} };
const providers: Provider[] = [
  sandbox(),
  bird({
    accessKey: "k-123456",
    workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
    channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
  }),
  cloudApi({ accessToken: "EAAG-token", phoneNumberId: "106540352242922" }),
  kaleyra({ apiKey: "k-123456", sid: "HXAP16XXXXXX97IN", from: "+919876543210", pod: "in" }),
  bik({ key: "key-1", secret: "secret-1", businessPhoneNumber: "919876543210" }),
  zixflow({ apiKey: "k-123456", phoneId: "104898309288724" }),
  infobip({ baseUrl: "https://xyz12.api.infobip.com", apiKey: "k-123456", from: "+441134960000" }),
  proxy({ url: "https://example.test/api/whatsapp" }),
];
const cloud = providers[2] as ReturnType<typeof cloudApi>;
const birdP = providers[1] as ReturnType<typeof bird>;

type Entry = [name: string, call: (x: any) => unknown];

/** Entries that must throw or reject only with a WaError. */
const ENTRIES: Entry[] = [
  ["whatsapp(x)", (x) => whatsapp(x)],
  ["whatsapp({ provider: x })", (x) => whatsapp({ provider: x })],
  ["whatsapp({ provider, overflow: x })", (x) => whatsapp({ provider: sandbox(), overflow: x })],
  // (Transport settings are checked by a provider that sends over HTTP; the sandbox has none.)
  ["whatsapp({ provider, retry: x })", (x) => whatsapp({ provider: cloud, retry: x })],
  ["whatsapp({ provider, hooks: x })", (x) => whatsapp({ provider: cloud, hooks: x })],
  ["wa.reply(x)", (x) => wa.reply(x)],
  ["wa.reply({ id: x })", (x) => wa.reply({ type: "message", id: x, from: TO })],
  ["wa.reply({ from: x })", (x) => wa.reply({ type: "message", id: "wamid.1", from: x }).text("hi").to()],
  ["text(x).to()", (x) => message.text(x).to(TO)],
  ["text(body, x).to()", (x) => message.text("hi", x).to(TO)],
  ["image(x).to()", (x) => message.image(x).to(TO)],
  ["video(x).to()", (x) => message.video(x).to(TO)],
  ["audio(x).to()", (x) => message.audio(x).to(TO)],
  ["document(x).to()", (x) => message.document(x).to(TO)],
  ["sticker(x).to()", (x) => message.sticker(x).to(TO)],
  ["location(x).to()", (x) => message.location(x).to(TO)],
  ["contacts(x).to()", (x) => message.contacts(x).to(TO)],
  ["reaction(x, e).to()", (x) => message.reaction(x, "👍").to(TO)],
  ["template(x, o).to()", (x) => message.template(x, { language: "en" }).to(TO)],
  ["template(n, x).to()", (x) => message.template("n", x).to(TO)],
  ["template(n, { params: x }).to()", (x) => message.template("n", { language: "en", params: x }).to(TO)],
  ["template(n, { variables: x }).to()", (x) => message.template("n", { language: "en", variables: x }).to(TO)],
  ["template(n, { buttons: x }).to()", (x) => message.template("n", { language: "en", buttons: x }).to(TO)],
  ["template(n, { header: x }).to()", (x) => message.template("n", { language: "en", header: x }).to(TO)],
  ["buttons(x).to()", (x) => message.text("hi").buttons(x).to(TO)],
  ["buttons([x]).to()", (x) => message.text("hi").buttons([x]).to(TO)],
  ["buttons(items, x).to()", (x) => message.text("hi").buttons(["A"], x).to(TO)],
  [
    "list(x, s).to()",
    (x) =>
      message
        .text("hi")
        .list(x, [{ rows: ["A"] }])
        .to(TO),
  ],
  ["list(l, x).to()", (x) => message.text("hi").list("Pick", x).to(TO)],
  ["link(x, u).to()", (x) => message.text("hi").link(x, "https://e.com").to(TO)],
  ["link(t, x).to()", (x) => message.text("hi").link("Go", x).to(TO)],
  ["header(x).to()", (x) => message.text("hi").buttons(["A"]).header(x).to(TO)],
  ["footer(x).to()", (x) => message.text("hi").buttons(["A"]).footer(x).to(TO)],
  ["replyTo(x).to()", (x) => message.text("hi").replyTo(x).to(TO)],
  ["ref(x).to()", (x) => message.text("hi").ref(x).to(TO)],
  ["options(x).to()", (x) => message.text("hi").options(x).to(TO)],
  ["product(x).to()", (x) => message.text("hi").product(x).to(TO)],
  ["products(c, x).to()", (x) => message.text("hi").products("1", x).to(TO)],
  ["catalog(x).to()", (x) => message.text("hi").catalog(x).to(TO)],
  ["flow(x).to()", (x) => message.text("hi").flow(x).to(TO)],
  ["to(x)", (x) => message.text("hi").to(x)],
  ["to(r, x)", (x) => message.text("hi").to(TO, x)],
  ["to([r], x)", (x) => wa.text("hi").to([TO], x)],
  ["to([x])", (x) => wa.text("hi").to([x])],
  [
    "to([x]).entries()",
    async (x) => {
      for await (const _ of wa.text("hi").to([x]).entries());
    },
  ],
  ["validateMessage(x)", (x) => validateMessage(x)],
  ["out.compile(x)", (x) => out().compile(x)],
  ["out.send(x)", (x) => out().send(x)],
  // `parseSuccess` and `parseError` are left out: the transport calls them with the answer it
  // read and parsed (JSON text), which holds no getter, Proxy, bigint or cycle.
  ...providers.map((p): Entry => [`${p.name}.compile(x)`, (x) => p.compile(x)]),
  ["cloudApi.markRead(x)", (x) => cloud.markRead(x)],
  ["cloudApi.markRead(id, x)", (x) => cloud.markRead("wamid.1", x)],
  ["bird.serviceWindowRequest(x)", (x) => birdP.serviceWindowRequest(x)],
  ["bird.serviceWindowRequest(p, x)", (x) => birdP.serviceWindowRequest(TO, x)],
  ["bird.serviceWindow(x)", (x) => birdP.serviceWindow(x)],
  ["parseServiceWindow(x)", (x) => parseServiceWindow(x)],
  ["sandbox(x)", (x) => sandbox(x)],
  ["proxy(x)", (x) => proxy(x)],
  ["bird(x)", (x) => bird(x)],
  ["cloudApi(x)", (x) => cloudApi(x)],
  ["kaleyra(x)", (x) => kaleyra(x)],
  ["bik(x)", (x) => bik(x)],
  ["zixflow(x)", (x) => zixflow(x)],
  ["infobip(x)", (x) => infobip(x)],
  ["parseWebhook(x, infobip)", (x) => parseWebhook(x, { provider: "infobip" })],
  ["verifyWebhook(x, o)", (x) => verifyWebhook(x, { provider: "cloudApi", secret: "s" })],
  ["verifyWebhook(r, x)", (x) => verifyWebhook(new Request("https://e.test", { method: "POST", body: "{}" }), x)],
  ["parseWebhook(x, o)", (x) => parseWebhook(x, { provider: "cloudApi" })],
  ["parseWebhook(x, bird)", (x) => parseWebhook(x, { provider: "bird" })],
  ["parseWebhook(b, x)", (x) => parseWebhook({}, x)],
  ["createWebhookHandler(x)", (x) => createWebhookHandler(x)],
  ["createProxyHandler(x)", (x) => createProxyHandler(x)],
  ["enqueue(x, out)", (x) => enqueue(x, out())],
  ["enqueue(q, x)", (x) => enqueue(queue, x)],
  ["enqueue(q, out, x)", (x) => enqueue(queue, out(), x)],
  ["createQueueConsumer(x)", (x) => createQueueConsumer(x)],
  ["memoryDedupe(x)", (x) => memoryDedupe(x)],
  ["kvDedupe(x).get()", (x) => kvDedupe(x).get("k")],
  ["kvDedupe(kv, x).get()", (x) => kvDedupe(kv, x).get("k")],
  ["idempotencyKey(x)", (x) => idempotencyKey(x)],
  ["idempotencyKey(m, x)", (x) => idempotencyKey(valid, x)],
];

/** Entries documented never to throw: they return a verdict for any input. */
const NEVER_THROW: Entry[] = [
  ["checkMessage(x)", (x) => checkMessage(x)],
  ["fitMessage(x)", (x) => fitMessage(x)],
  ["fitMessage(m, x)", (x) => fitMessage(valid, x)],
  ["fit(x)", (x) => fit(x)],
  ["check(x)", (x) => message.text("hi").check(x)],
  ["check(r, x)", (x) => message.text("hi").check(TO, x)],
  ["text(x).check()", (x) => message.text(x).check(TO)],
  ["ref(x).check()", (x) => message.text("hi").ref(x).check(TO)],
  ["buttons(x).check()", (x) => message.text("hi").buttons(x).check(TO)],
  ["buttons([x]).check()", (x) => message.text("hi").buttons([x]).check(TO)],
  ["buttons(i, x).check()", (x) => message.text("hi").buttons(["A"], x).check(TO)],
  ["template(n, x).check()", (x) => message.template("n", x).check(TO)],
  ["contacts(x).check()", (x) => message.contacts(x).check(TO)],
  ["options(x).check()", (x) => message.text("hi").options(x).check(TO)],
  ["isWaError(x)", (x) => isWaError(x)],
  ["isValidationError(x)", (x) => isValidationError(x)],
  ["isProviderError(x)", (x) => isProviderError(x)],
  ["isUnsupportedError(x)", (x) => isUnsupportedError(x)],
  ["isBulkError(x)", (x) => isBulkError(x)],
];

/** What `call(x)` did: "ok", or the foreign error it threw or rejected with. */
async function outcome(call: () => unknown): Promise<string> {
  let result: unknown;
  try {
    result = call();
    // Only real promises are awaited: an Outgoing is a thenable, and awaiting it sends it.
    if (result instanceof Promise) await result;
  } catch (e) {
    if (isWaError(e)) return "ok";
    return `threw ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 120)}`;
  }
  return "ok";
}

describe("no foreign errors", () => {
  it("every entry throws only WaErrors on hostile input", async () => {
    const bad: string[] = [];
    for (const [name, call] of ENTRIES)
      for (const [kind, x] of Object.entries(HOSTILE)) {
        const r = await outcome(() => call(x));
        if (r !== "ok") bad.push(`${name} with ${kind}: ${r}`);
      }
    ok(bad.length === 0, `${bad.length} foreign errors:\n${bad.join("\n")}`);
  });

  it("the entries documented never to throw return a verdict for hostile input", async () => {
    const bad: string[] = [];
    for (const [name, call] of NEVER_THROW)
      for (const [kind, x] of Object.entries(HOSTILE)) {
        try {
          call(x);
        } catch (e) {
          bad.push(`${name} with ${kind}: threw ${(e as Error)?.name}: ${String((e as Error)?.message).slice(0, 120)}`);
        }
      }
    ok(bad.length === 0, `${bad.length} throws:\n${bad.join("\n")}`);
  });
});

/** What `call()` threw or rejected with (the test fails when it returned). */
async function caught(call: () => unknown): Promise<WaError> {
  try {
    const r = call();
    if (r instanceof Promise) await r;
  } catch (e) {
    ok(isWaError(e), `expected a WaError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    return e;
  }
  throw new Error("expected the call to throw");
}

describe("the hostile inputs of issue 23, one by one", () => {
  const cases: [name: string, call: () => unknown, code: string, says: RegExp][] = [
    ["reply({ type: Symbol() })", () => wa.reply({ type: Symbol() } as any), "VALIDATION", /reply\(event\).*symbol/],
    ["reply(10n)", () => wa.reply(10n as any), "VALIDATION", /reply\(event\) needs a received message event.*a bigint/],
    ["markRead(10n)", () => cloud.markRead(10n as any), "VALIDATION", /`messageId` must be .*; received a bigint/],
    ["markRead(cyclic)", () => cloud.markRead(cyclic), "VALIDATION", /`messageId` must be .*; received an object/],
    [
      "enqueue({}, out)",
      () => enqueue({} as any, out()),
      "CONFIG",
      /enqueue\(queue, input\) takes .*sendBatch\(\).*without sendBatch/,
    ],
    ["out.compile({})", () => out().compile({} as any), "CONFIG", /compile\(provider\) takes a provider/],
    [
      "out.send(null)",
      () => out().send(null as any),
      "CONFIG",
      /outgoing\.send\(options\) takes an options object; received null/,
    ],
    [
      "kvDedupe(42)",
      () => kvDedupe(42 as any),
      "CONFIG",
      /kvDedupe\(kv\) takes a Workers KV namespace binding.*received 42/,
    ],
    [
      "idempotencyKey(10n)",
      () => idempotencyKey(10n as any),
      "VALIDATION",
      /idempotencyKey\(message\) takes .*holds a bigint/,
    ],
    ["idempotencyKey(cyclic)", () => idempotencyKey(cyclic), "VALIDATION", /holds a cycle/],
    [
      "idempotencyKey(3000-deep)",
      () => idempotencyKey(deepArray as any),
      "VALIDATION",
      /nesting deeper than 64 levels/,
    ],
    ["idempotencyKey(getters)", () => idempotencyKey(getters), "VALIDATION", /threw when read/],
    [
      "idempotencyKey(shared)",
      () => idempotencyKey({ ...valid, ref: shared } as any),
      "VALIDATION",
      /more than 1000000 values/,
    ],
    [
      "ref(shared).to()",
      () =>
        message
          .text("hi")
          .ref(shared as any)
          .to(TO),
      "VALIDATION",
      /at most 16 levels deep and 100000 values/,
    ],
    [
      "cloudApi.compile(Symbol())",
      () => cloud.compile(Symbol() as any),
      "VALIDATION",
      /cloudApi\.compile\(message\) could not read `message`/,
    ],
    [
      "text(proxy).to()",
      () => message.text(HOSTILE["throwing proxy"] as any).to(TO),
      "VALIDATION",
      /could not be read/,
    ],
    [
      "to([r], proxy)",
      () => wa.text("hi").to([TO], HOSTILE["throwing proxy"] as any),
      "CONFIG",
      /bulk \.to\(recipients, options\)/,
    ],
    [
      "createProxyHandler(getters)",
      () => createProxyHandler(getters),
      "CONFIG",
      // Its keys are read first: an unknown one is named; else reading a value throws.
      /createProxyHandler\(options\): the options could not be read|`type` is not a createProxyHandler\(\) setting/,
    ],
  ];
  for (const [name, call, code, says] of cases)
    it(`${name} throws a WaError ${code} that names the argument`, async () => {
      const e = await caught(call);
      equal(e.code, code);
      match(e.message, says);
    });

  it("check(), fitMessage() and checkMessage() report an input that throws as an issue", () => {
    const proxy = HOSTILE["throwing proxy"];
    for (const r of [
      checkMessage(proxy),
      checkMessage({
        type: "text",
        to: TO,
        get body() {
          return boom();
        },
      }),
      fitMessage(proxy),
      fitMessage(valid, proxy as any),
      message.text("hi").ref(getters).check(TO),
      message
        .text("hi")
        .buttons([proxy as any])
        .check(TO),
    ]) {
      equal(r.ok, false);
      equal(r.issues.length, 1);
      equal(r.issues[0]!.path, "");
      match(r.issues[0]!.message, /could not be read: reading it threw/);
    }
  });
});

describe("never-throwing checks, property", () => {
  // fast-check inspects the values its arbitraries give (a `map` included), which would run the
  // hostile values' traps: it generates recipes, the property builds the input from them.
  const all = Object.values(HOSTILE);
  type Recipe = { hostile: number } | { plain: unknown };
  const value: fc.Arbitrary<Recipe> = fc.oneof(
    fc.record({ plain: fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true, withDate: true }) }),
    fc.record({ hostile: fc.nat(all.length - 1) }),
  );
  const make = (r: Recipe): unknown => ("hostile" in r ? all[r.hostile] : r.plain);
  const fields = fc.constantFrom("type", "to", "body", "buttons", "header", "footer", "ref", "options", "template");
  // Anything; a valid message with one field replaced by anything; a button replaced by anything.
  const input = fc.tuple(fc.nat(2), fields, value, value);
  const build = ([shape, k, a, b]: [number, string, Recipe, Recipe]): unknown =>
    shape === 0
      ? make(a)
      : shape === 1
        ? { type: "buttons", to: TO, body: "hi", buttons: [{ id: "a", title: "A" }], [k]: make(a) }
        : { type: "buttons", to: TO, body: "hi", buttons: [make(a), { id: "b", title: make(b) }] };
  const policy = fc.oneof(fc.constant(undefined), fc.constant({ plain: { overflow: "truncate" } }), value);

  it("checkMessage, fitMessage, fit and check() return a verdict for any input", () => {
    fc.assert(
      fc.property(input, policy, (recipe, pr) => {
        const x = build(recipe);
        const p = pr === undefined ? undefined : (make(pr) as any);
        equal(typeof checkMessage(x).ok, "boolean");
        equal(typeof fitMessage(x, p).ok, "boolean");
        ok(Array.isArray(fit(x, p).issues));
        equal(
          typeof message
            .text("hi")
            .buttons(x as any, p)
            .check(TO, p).ok,
          "boolean",
        );
        equal(
          typeof message
            .text("hi")
            .ref(x as any)
            .check(x as any).ok,
          "boolean",
        );
      }),
      { numRuns: 300 },
    );
  });
});
