// Misspelt settings are refused, never ignored: every factory, the client, per-send options, the
// webhook, proxy and queue entry points and their nested objects refuse a key they do not know
// with `CONFIG`, naming it and the known key it is closest to ("`baseURL` is not a cloudApi()
// setting; did you mean `baseUrl`?"), or the known keys when none is close. A message's provider
// options are message data: an unknown key there is a `ValidationError` with the same sentence.
// Written as a user of plain JavaScript would: every config is `any`, as TypeScript would refuse
// most of them.
import { describe, it, ok, equal, match, throws, hasCode } from "../harness.ts";
import {
  bik,
  bird,
  cloudApi,
  createProxyHandler,
  createQueueConsumer,
  createWebhookHandler,
  enqueue,
  infobip,
  kaleyra,
  message,
  parseWebhook,
  proxy,
  sandbox,
  verifyWebhook,
  whatsapp,
  twilio,
  zixflow,
  dialog360,
} from "../../src/index.ts";
import { PROVIDERS } from "../../src/providers/registry.ts";
import type { ValidationError, WaError } from "../../src/core/errors.ts";
import { PROVIDER_NAMES } from "../../src/core/provider-names.ts";

const cloud = () => cloudApi({ accessToken: "t", phoneNumberId: "1" });

const TO = "+31612345678";
const any = (x: unknown): any => x;
const wa = whatsapp({ provider: sandbox() });
const authorize = () => true;
const request = () => new Request("https://example.com/hook", { method: "POST", body: "{}" });
const queue = { sendBatch: async () => {} };

/** What a call must throw (or reject with): CONFIG, naming `key`, and `hint` (the suggestion or the list). */
type Case = [name: string, call: () => unknown, key: string, hint: RegExp];

const CASES: Case[] = [
  ["sandbox()", () => sandbox(any({ fial: () => undefined })), "fial", /did you mean `fail`\?/],
  [
    "bird()",
    () =>
      bird(
        any({
          accessKey: "k",
          workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
          channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
          baseURL: "http://127.0.0.1:1",
        }),
      ),
    "baseURL",
    /did you mean `baseUrl`\?/,
  ],
  [
    "cloudApi()",
    () => cloudApi(any({ accessToken: "t", phoneNumberId: "1", baseURL: "http://127.0.0.1:1" })),
    "baseURL",
    /is not a cloudApi\(\) setting; did you mean `baseUrl`\?/,
  ],
  [
    "kaleyra()",
    () => kaleyra(any({ apiKey: "k", sid: "s", from: TO, pod: "eu", baseurl: "http://127.0.0.1:1" })),
    "baseurl",
    /did you mean `baseUrl`\?/,
  ],
  [
    "bik()",
    () => bik(any({ authToken: "t", bussinessPhoneNumber: TO })),
    "bussinessPhoneNumber",
    /`businessPhoneNumber`/,
  ],
  ["zixflow()", () => zixflow(any({ apiKey: "k", phoneId: "p", phoneID: "q" })), "phoneID", /did you mean `phoneId`\?/],
  [
    "twilio()",
    () => twilio(any({ accountSid: "AC0123456789abcdef0123456789abcdef", from: TO, authtoken: "t" })),
    "authtoken",
    /`authToken` is missing; `authtoken` looks like a misspelling of it/,
  ],
  [
    "infobip()",
    () => infobip(any({ baseUrl: "https://xyz12.api.infobip.com", apiKey: "k", from: TO, form: TO })),
    "form",
    /did you mean `from`\?/,
  ],
  ["proxy()", () => proxy(any({ url: "/api/whatsapp", header: {} })), "header", /did you mean `headers`\?/],
  ["whatsapp()", () => whatsapp(any({ provider: sandbox(), timout: 5000 })), "timout", /did you mean `timeout`\?/],
  // (Transport settings are checked by a provider that sends over HTTP: the sandbox has none.)
  ["whatsapp() retry", () => whatsapp(any({ provider: cloud(), retry: { limt: 1 } })), "limt", /`limit`/],
  [
    "whatsapp() hooks",
    () => whatsapp(any({ provider: cloud(), hooks: { beforeRequests: [] } })),
    "beforeRequests",
    /did you mean `beforeRequest`\?/,
  ],
  [
    "bird serviceWindow()",
    () =>
      bird({
        accessKey: "k",
        workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
        channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
      }).serviceWindow(TO, any({ contactID: "x" })),
    "contactID",
    /did you mean `contactId`\?/,
  ],
  [
    "outgoing.send()",
    () =>
      wa
        .text("hi")
        .to(TO)
        .send(any({ signl: null })),
    "signl",
    /did you mean `signal`\?/,
  ],
  [".to(recipient, options)", () => wa.text("hi").to(TO, any({ overflw: "truncate" })), "overflw", /`overflow`/],
  [
    "bulk .to(recipients, options)",
    () => wa.text("hi").to([TO], any({ concurency: 2 })),
    "concurency",
    /did you mean `concurrency`\?/,
  ],
  [
    "bulk.send()",
    () =>
      wa
        .text("hi")
        .to([TO])
        .send(any({ timout: 10 })),
    "timout",
    /did you mean `timeout`\?/,
  ],
  [
    "createWebhookHandler()",
    () => createWebhookHandler(any({ provider: "cloudApi", secret: "s", onMesage: () => {} })),
    "onMesage",
    /did you mean `onMessage`\?/,
  ],
  [
    "verifyWebhook()",
    () => verifyWebhook(request(), any({ provider: "cloudApi", secret: "s", toleranceSecond: 5 })),
    "toleranceSecond",
    /did you mean `toleranceSeconds`\?/,
  ],
  ["parseWebhook()", () => parseWebhook({}, any({ provider: "cloudApi", strict: true })), "strict", /`provider`/],
  [
    "createProxyHandler()",
    () => createProxyHandler(any({ provider: sandbox(), authorize, allowedOrigin: ["https://shop.example"] })),
    "allowedOrigin",
    /did you mean `allowedOrigins`\?/,
  ],
  [
    "createProxyHandler() retry",
    () => createProxyHandler(any({ provider: sandbox(), authorize, retry: { statusCode: [429] } })),
    "statusCode",
    /did you mean `statusCodes`\?/,
  ],
  [
    "createQueueConsumer()",
    () => createQueueConsumer(any({ provider: sandbox(), maxAttemps: 3 })),
    "maxAttemps",
    /did you mean `maxAttempts`\?/,
  ],
  [
    "createQueueConsumer() backoff",
    () => createQueueConsumer(any({ provider: sandbox(), backoff: { bas: 2 } })),
    "bas",
    /did you mean `base`\?/,
  ],
  ["enqueue()", () => enqueue(queue, [], any({ slat: "spring" })), "slat", /did you mean `salt`\?/],
];

/** Runs `call`, which must throw or reject. */
async function failure(call: () => unknown): Promise<any> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  throw new Error("expected a CONFIG error, but the call succeeded");
}

describe("an unknown setting is refused with CONFIG, naming it and the closest known one", () => {
  for (const [name, call, key, hint] of CASES)
    it(name, async () => {
      const e = await failure(call);
      equal(e?.code, "CONFIG", `${name}: ${e?.message}`);
      ok(e.message.includes(`\`${key}\``), `${name} names \`${key}\`: ${e.message}`);
      match(e.message, hint);
    });

  it("every provider in the registry refuses an unknown setting", () => {
    for (const p of PROVIDERS) {
      const factory = { sandbox, bird, cloudApi, kaleyra, bik, zixflow, dialog360, twilio, infobip, proxy }[p.name] as (
        o: unknown,
      ) => unknown;
      ok(factory, `a factory for ${p.name}`);
      throws(
        () => factory({ ...p.example, extra: 1 }),
        (e: any) =>
          e.code === "CONFIG" &&
          e.message.startsWith(
            `\`extra\` is not ${/^[aeiou]/i.test(p.name) ? "an" : "a"} ${p.name}() setting; known settings:`,
          ),
      );
    }
  });

  it("a missing key with a misspelling of it says so", () => {
    throws(
      () => cloudApi(any({ accesToken: "t", phoneNumberId: "1" })),
      (e: any) =>
        e.code === "CONFIG" &&
        e.message === "cloudApi() `accessToken` is missing; `accesToken` looks like a misspelling of it.",
    );
    throws(
      () => whatsapp(any({ provder: sandbox() })),
      (e: any) =>
        e.code === "CONFIG" && /`provider` is missing; `provder` looks like a misspelling of it/.test(e.message),
    );
    throws(
      () => wa.template("order_update", any({ languge: "en" })).to(TO),
      (e: any) =>
        e.code === "VALIDATION" &&
        e.issues[0].message ===
          "template(name, options) `language` is missing; `languge` looks like a misspelling of it.",
    );
    throws(
      () => createWebhookHandler(any({ provider: "bird", secrt: "s" })),
      (e: any) => e.code === "CONFIG" && /`secret` is missing; `secrt` looks like a misspelling of it/.test(e.message),
    );
  });

  it("with nothing close, lists the known settings; an optional key misspelt is not called missing", () => {
    throws(
      () => sandbox(any({ reject: () => undefined })),
      (e: any) => e.code === "CONFIG" && e.message === "`reject` is not a sandbox() setting; known settings: `fail`.",
    );
    throws(
      () => cloudApi(any({ accessToken: "t", phoneNumberId: "1", verison: "v23.0" })),
      (e: any) => e.code === "CONFIG" && e.message === "`verison` is not a cloudApi() setting; did you mean `version`?",
    );
  });

  it("never shows a value, and cuts a long key", () => {
    const e = throws<WaError>(
      () => cloudApi(any({ accessToken: "t", phoneNumberId: "1", ["EAAB".repeat(30)]: "secret-value" })),
      hasCode("CONFIG", /is not a cloudApi\(\) setting/),
    );
    equal(e.code, "CONFIG");
    ok(!e.message.includes("secret-value"));
    ok(e.message.includes(`\`${"EAAB".repeat(10)}…\``), e.message);
  });

  it("a correct config still works: the send goes to baseUrl with the real settings", async () => {
    const seen: string[] = [];
    const client = whatsapp({
      provider: cloudApi({ accessToken: "t", phoneNumberId: "1", baseUrl: "http://127.0.0.1:9" }),
      timeout: 5000,
      retry: { limit: 0, statusCodes: [429] },
      hooks: { beforeRequest: [] },
      fetch: async (input: RequestInfo | URL) => {
        seen.push(String(input instanceof Request ? input.url : input));
        return Response.json({ messaging_product: "whatsapp", messages: [{ id: "wamid.1" }] });
      },
    });
    const result = await client
      .text("hi")
      .options({ bird: { tags: ["a"] } })
      .to(TO, { overflow: "error" })
      .send({ timeout: 5000 });
    equal(result.id, "wamid.1");
    equal(seen[0], "http://127.0.0.1:9/v23.0/1/messages");
    const box = sandbox({ fail: () => undefined });
    const results = await whatsapp({ provider: box }).text("hi").to([TO], { concurrency: 1, overflow: "error" });
    equal(results.length, 1);
    ok(createQueueConsumer({ provider: box, backoff: { base: 1, max: 2 }, maxAttempts: 2 }));
    ok(createProxyHandler({ provider: box, authorize, allowedOrigins: [] }));
    ok(createWebhookHandler({ provider: "cloudApi", secret: "s", onMessage: () => {} }));
    equal((await enqueue(queue, [], { salt: "x" })).enqueued, 0);
  });

  it("the builder's provider names are the registry's", () => {
    equal(PROVIDER_NAMES.join(), PROVIDERS.map((p) => p.name).join());
  });

  it("a far-off .options() key is another provider's, and passes", () => {
    const m = message
      .text("hi")
      .options(any({ gateway: { priority: 1 } }))
      .to(TO);
    equal((m.message.options as any).gateway.priority, 1);
  });
});

describe("a draft's step options: an unknown key is an issue of .to() and check(), never a throw at the step", () => {
  const cloud = whatsapp({ provider: cloudApi({ accessToken: "t", phoneNumberId: "1" }) });
  const cases: [string, () => any, string, RegExp][] = [
    [
      "text(body, options)",
      () => wa.text("hi", any({ previewURL: true })),
      "previewUrl",
      /`previewURL` is not a text\(body, options\) setting; did you mean `previewUrl`\?/,
    ],
    [
      "template(name, options)",
      () => wa.template("order_update", any({ language: "en", paramz: ["Ada"] })),
      "template",
      /`paramz` .*did you mean `params`\?/,
    ],
    [
      ".buttons(items, options)",
      () => wa.text("hi").buttons(["a"], any({ fallbak: "list" })),
      "buttons",
      /`fallbak` .*did you mean `fallback`\?/,
    ],
    [
      ".options() provider name",
      () => message.text("hi").options(any({ Bird: {} })),
      "options.Bird",
      /`Bird` is not a provider name in \.options\(\); did you mean `bird`\?/,
    ],
    [
      ".options() of a client's own provider",
      () => cloud.text("hi").options(any({ cloudapi: {} })),
      "options.cloudapi",
      /did you mean `cloudApi`\?/,
    ],
    [
      "a reply's text",
      () => wa.reply(any({ type: "message", id: "wamid.1", from: TO })).text("hi", any({ previewurl: true })),
      "previewUrl",
      /did you mean `previewUrl`\?/,
    ],
  ];
  for (const [name, draft, path, hint] of cases)
    it(name, () => {
      const d = draft(); // the step itself does not throw
      const e = throws<ValidationError>(() => d.to(TO), hasCode("VALIDATION"));
      equal(e.code, "VALIDATION", e.message);
      equal(e.issues[0]!.path, path);
      match(e.issues[0]!.message, hint);
      const checked = d.check(TO);
      equal(checked.ok, false);
      equal(checked.issues[0].path, path);
      match(checked.issues[0].message, hint);
    });

  it("check()'s own options: an unknown key is an issue, not a throw; .to()'s is CONFIG", () => {
    const r = wa.text("hi").check(TO, any({ overflw: "truncate" }));
    equal(r.ok, false);
    match(r.issues[0]!.message, /`overflw` is not a \.check\(recipient, options\) setting; did you mean `overflow`\?/);
  });
});

describe("a message's provider options: an unknown key is a ValidationError with the suggestion", () => {
  const compile = (provider: { compile(m: any): unknown }, options: unknown) =>
    provider.compile(message.text("hi").options(any(options)).to(TO).message);
  const cases: [string, { compile(m: any): unknown }, unknown, string, RegExp][] = [
    [
      "bird",
      bird({
        accessKey: "k",
        workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
        channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
      }),
      { bird: { projctId: "x" } },
      "options.bird.projctId",
      /did you mean `projectId`\?/,
    ],
    ["bik", bik({ authToken: "t" }), { bik: { templateID: "x" } }, "options.bik", /did you mean `templateId`\?/],
    [
      "zixflow",
      zixflow({ apiKey: "k", phoneId: "p" }),
      { zixflow: { reportUrl: "https://x.example" } },
      "options.zixflow",
      /did you mean `reportURL`\?/,
    ],
    [
      "twilio",
      twilio({ accountSid: "AC0123456789abcdef0123456789abcdef", authToken: "t", from: "+14155238886" }),
      { twilio: { statusCalback: "https://x.example" } },
      "options.twilio",
      /did you mean `statusCallback`\?/,
    ],
    [
      "infobip",
      infobip({ baseUrl: "https://xyz12.api.infobip.com", apiKey: "k", from: TO }),
      { infobip: { notifyURL: "https://x.example" } },
      "options.infobip",
      /did you mean `notifyUrl`\?/,
    ],
    [
      "kaleyra",
      kaleyra({ apiKey: "k", sid: "s", from: TO, pod: "eu" }),
      { kaleyra: { wa_source: "api" } },
      "options.kaleyra",
      /did you mean `waSource`\?/,
    ],
  ];
  for (const [name, provider, options, path, hint] of cases)
    it(name, () => {
      const e = throws<ValidationError>(() => compile(provider, options), hasCode("VALIDATION"));
      equal(e.code, "VALIDATION", e.message);
      equal(e.issues[0]!.path, path);
      match(e.issues[0]!.message, hint);
    });
});
