// The webhook contract (issue 24): a provider's reader gets the raw body text and the request's
// headers and decodes them itself, with the kit's jsonReader/formReader (readJson, readForm) or
// by hand; the built-in providers are webhook definitions of the same shape as one made with
// defineWebhooks (the registry joins each one's signing half and reader); a provider whose body is
// neither JSON nor a form is written with no change to wafluent.
import { createWebhookHandler, isWaError, parseWebhook, verifyWebhook, type WebhookEvent } from "../src/index.ts";
import {
  defineWebhooks,
  formReader,
  jsonReader,
  readForm,
  readJson,
  type WebhookBody,
} from "../src/providers/_kit/index.ts";
import { READERS, SIGNING, WEBHOOK_PROVIDERS, WEBHOOKS } from "../src/providers/registry.ts";
import { deepEqual, describe, equal, it, match, ok, throws } from "./harness.ts";
import * as fx from "./fixtures/webhooks.ts";
import * as ib from "./fixtures/infobip.ts";
import * as d360 from "./fixtures/360dialog.ts";

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("https://hooks.example.com/wa", { method: "POST", body, headers });

describe("the built-in providers are webhook definitions", () => {
  it("each is its signing half and its reader under its name, and passes defineWebhooks' checks", () => {
    for (const name of WEBHOOK_PROVIDERS) {
      const d = WEBHOOKS[name];
      equal(d.name, name);
      equal(d.read, READERS[name]);
      equal(d.verify, SIGNING[name].verify);
      equal(d.secretHint, SIGNING[name].secretHint);
      const again = defineWebhooks(d);
      equal(again.name, name);
    }
  });

  it("parseWebhook gives the same events for a JSON provider's raw text as for its parsed JSON", () => {
    const cases: [(typeof WEBHOOK_PROVIDERS)[number], unknown][] = [
      ["cloudApi", fx.metaMessages],
      ["cloudApi", fx.metaStatuses],
      ["bird", fx.birdInboundText],
      ["bird", fx.birdOutboundFailed],
      ["kaleyra", fx.kaleyraSent],
      ["bik", fx.bikEvents],
      ["zixflow", fx.zixflowText],
      ["dialog360", d360.inboundText],
      ["infobip", ib.inboundText],
    ];
    for (const [provider, json] of cases) {
      const fromText = parseWebhook(JSON.stringify(json), { provider });
      ok(
        fromText.some((e) => e.type !== "unknown"),
        `${provider}: read`,
      );
      deepEqual(fromText, parseWebhook(json, { provider }), provider);
      // The raw bytes (request.arrayBuffer()) read as UTF-8 text.
      const bytes = new TextEncoder().encode(JSON.stringify(json));
      deepEqual(parseWebhook(bytes, { provider }), fromText, `${provider}: Uint8Array`);
      deepEqual(parseWebhook(bytes.buffer, { provider }), fromText, `${provider}: ArrayBuffer`);
    }
    // Text that is not JSON: one unknown event holding the text, never a throw.
    deepEqual(parseWebhook("{not json", { provider: "cloudApi" }), [
      { type: "unknown", provider: "cloudApi", raw: "{not json" },
    ]);
  });
});

describe("the reader decodes: raw text and headers in, events out", () => {
  /** A line format, neither JSON nor a form: `<id>|<from>|<text>`, version named by a header. */
  const lineWebhooks = defineWebhooks({
    name: "lineGateway",
    secretHint: "the gateway's shared token",
    read: (body: WebhookBody): WebhookEvent<"lineGateway">[] | undefined => {
      if (body.text === undefined || body.headers.get("x-line-format") !== "v1") return undefined;
      return body.text
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => {
          const [id, from, text] = line.split("|");
          return id && from && text !== undefined
            ? {
                type: "message",
                provider: "lineGateway",
                id,
                from,
                timestamp: "2026-01-01T00:00:00.000Z",
                message: { type: "text", body: text },
                raw: line,
              }
            : { type: "unknown", provider: "lineGateway", raw: line };
        });
    },
  });

  it("createWebhookHandler hands a definition the raw text it read and the request's headers", async () => {
    const seen: WebhookEvent<"lineGateway">[] = [];
    const handler = createWebhookHandler({
      provider: lineWebhooks,
      secret: "tok-0123456789",
      onMessage: (e) => void seen.push(e),
      onUnknown: (e) => void seen.push(e),
    });
    const headers = { "x-webhook-secret": "tok-0123456789", "x-line-format": "v1" };
    equal((await handler(post("w1|+31612345678|Hi there\nbroken", headers))).status, 200);
    deepEqual(
      seen.map((e) => (e.type === "message" ? [e.id, e.from, e.message] : [e.type, e.raw])),
      [
        ["w1", "+31612345678", { type: "text", body: "Hi there" }],
        ["unknown", "broken"],
      ],
    );
    // Not its format (the reader says `undefined`): 400, no callback.
    const wrong = await handler(post("w2|+31612345678|Hi", { ...headers, "x-line-format": "v2" }));
    equal(wrong.status, 400);
    match(await wrong.text(), /not in the format lineGateway sends/);
    equal(seen.length, 2);
    // Unverified: 401 before the reader runs.
    equal((await handler(post("w3|+31612345678|Hi", { "x-line-format": "v1" }))).status, 401);
    equal(await verifyWebhook(post("x", headers), { provider: lineWebhooks, secret: "tok-0123456789" }), true);
  });

  it("parseWebhook passes its headers option to the reader; without it the reader sees none", () => {
    const text = "w1|+31612345678|Hi";
    equal(parseWebhook(text, { provider: lineWebhooks, headers: { "x-line-format": "v1" } })[0]!.type, "message");
    deepEqual(parseWebhook(text, { provider: lineWebhooks }), [
      { type: "unknown", provider: "lineGateway", raw: text },
    ]);
    throws(
      // @ts-expect-error Type 'number' is not assignable to type 'HeadersInit
      () => parseWebhook(text, { provider: lineWebhooks, headers: 42 }),
      (e) => isWaError(e) && e.code === "CONFIG" && /headers must be/.test(e.message),
    );
  });

  it("a reader that throws is one unknown event, never a crash (parseWebhook and the handler)", async () => {
    const throwing = defineWebhooks({
      name: "brittle",
      secretHint: "k",
      read: () => {
        throw new TypeError("boom");
      },
    });
    deepEqual(parseWebhook("x", { provider: throwing }), [{ type: "unknown", provider: "brittle", raw: "x" }]);
    const seen: unknown[] = [];
    const handler = createWebhookHandler({ provider: throwing, secret: "k", onUnknown: (e) => void seen.push(e.raw) });
    equal((await handler(post("raw text", { "x-webhook-secret": "k" }))).status, 200);
    deepEqual(seen, ["raw text"]);
  });
});

describe("the kit's decoders", () => {
  it("readJson: JSON or undefined; a __proto__ key stays data", () => {
    deepEqual(readJson('{"a":[1,2]}'), { a: [1, 2] });
    equal(readJson("a=1"), undefined);
    equal(readJson(""), undefined);
    const o = readJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    equal(Object.getPrototypeOf(o), Object.prototype);
    equal(({} as Record<string, unknown>).polluted, undefined);
    ok(Object.hasOwn(o, "__proto__"));
  });

  it("readForm: text, URLSearchParams or a fields object; repeated names are arrays; __proto__ is a field", () => {
    deepEqual({ ...readForm("a=1&b=2&a=3") }, { a: ["1", "3"], b: "2" });
    deepEqual({ ...readForm(new URLSearchParams("x=%26")) }, { x: "&" });
    deepEqual(
      { ...readForm({ n: 1, ok: true, s: "t", list: ["a", 2], gone: { x: 1 }, nil: null }) },
      {
        n: "1",
        ok: "true",
        s: "t",
        list: ["a", "2"],
      },
    );
    const f = readForm("__proto__=x");
    equal(Object.getPrototypeOf(f), null);
    equal(Object.getOwnPropertyDescriptor(f, "__proto__")?.value, "x");
  });

  it("jsonReader and formReader: undefined for a body not in their format, the decoded value as given", () => {
    const json = jsonReader((j) => [{ type: "unknown", provider: "j", raw: j }]);
    const headers = new Headers();
    equal(json({ text: "nope", headers }), undefined);
    deepEqual(json({ text: "[1]", headers }), [{ type: "unknown", provider: "j", raw: [1] }]);
    const given = { already: "parsed" };
    equal(json({ text: undefined, decoded: given, headers })![0]!.raw, given);
    const form = formReader((f) => [{ type: "unknown", provider: "f", raw: { ...f } }]);
    deepEqual(form({ text: "a=1", headers }), [{ type: "unknown", provider: "f", raw: { a: "1" } }]);
    equal(form({ text: undefined, decoded: 42, headers }), undefined);
  });
});
