// 360dialog: Meta's message object for every kind on 360dialog's host with its D360-API-KEY
// header (checked against Meta's JSON Schema and the Cloud API's body), real sends to a local
// server with the error answers mapped to neutral codes and the key redacted, markRead, and its
// Meta-format webhooks behind a shared secret. Fixtures and their sources: test/fixtures/360dialog.ts.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import {
  cloudApi,
  dialog360,
  isProviderError,
  isUnsupportedError,
  message,
  parseWebhook,
  verifyWebhook,
  whatsapp,
  type Kind,
  type ProviderError,
  type UnsupportedError,
} from "../src/index.ts";
import { KINDS } from "../src/message.ts";
import { SAMPLES } from "./kinds.ts";
import * as fx from "./fixtures/360dialog.ts";
import { describe, it, ok, equal, deepEqual, throws, hasCode, issueAt, match } from "./harness.ts";
import { mockServer } from "./node/server.ts";

const KEY = "d360-Kx7pQ2mV9sL4tR8w";
const URL_ = "https://waba-v2.360dialog.io/messages";
const HEADERS = { "d360-api-key": KEY, "content-type": "application/json" };
const provider = dialog360({ apiKey: KEY });
const meta = cloudApi({ accessToken: "T", phoneNumberId: "1" });

const schema = JSON.parse(readFileSync(new URL("./fixtures/meta/message.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv2020({ strict: false });
(addFormats as unknown as (a: unknown) => void)(ajv);
ajv.addFormat("url", true);
const validate = ajv.compile(schema);

describe("dialog360: Meta's message object on 360dialog's host", () => {
  it("sends every kind Meta's object expresses, as the Cloud API does", () => {
    deepEqual([...provider.kinds].sort(), [...KINDS].sort());
    deepEqual([...provider.kinds].sort(), [...meta.kinds].sort());
  });

  for (const kind of Object.keys(SAMPLES) as Kind[])
    it(`${kind}: POST ${URL_} with D360-API-KEY, Meta's body (valid by Meta's schema, the Cloud API's body)`, () => {
      const req = provider.compile(SAMPLES[kind]);
      equal(req.url, URL_);
      equal(req.method, "POST");
      deepEqual(req.headers, HEADERS);
      ok(validate(req.body), JSON.stringify(validate.errors));
      deepEqual(req.body, meta.compile(SAMPLES[kind]).body);
    });

  it("a text, a template and reply buttons are Meta's exact objects", () => {
    deepEqual(message.text("Your order shipped").to("+31612345678").compile(provider).body, {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "+31612345678",
      type: "text",
      text: { body: "Your order shipped" },
    });
    deepEqual(
      message
        .template("order_update", { language: "en_US", params: ["Ada"] })
        .to("+31612345678")
        .compile(provider).body,
      {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: "+31612345678",
        type: "template",
        template: {
          name: "order_update",
          language: { code: "en_US" },
          components: [{ type: "body", parameters: [{ type: "text", text: "Ada" }] }],
        },
      },
    );
    deepEqual(message.text("Pick").buttons(["Yes", "No"]).to("+31612345678").compile(provider).body, {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "+31612345678",
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Pick" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "Yes", title: "Yes" } },
            { type: "reply", reply: { id: "No", title: "No" } },
          ],
        },
      },
    });
  });

  it(".ref() goes in biz_opaque_callback_data, at most 512 characters", () => {
    const body = message.text("hi").ref("order-1042").to("+31612345678").compile(provider).body as Record<
      string,
      unknown
    >;
    equal(body.biz_opaque_callback_data, "order-1042");
    throws(
      () => message.text("hi").ref("x".repeat(513)).to("+31612345678").compile(provider),
      issueAt("ref", /at most 512/),
    );
  });

  it("a BSUID recipient is refused before any I/O: 360dialog's schema requires `to`", () => {
    const e = throws<UnsupportedError>(
      () => provider.compile({ to: "US.13491208655302741918", type: "text", body: "hi" }),
      isUnsupportedError,
    );
    equal(e.code, "UNSUPPORTED");
    equal(e.provider, "dialog360");
    match(e.message, /BSUID/);
    match(e.message, /phone number/);
  });

  it("markRead: Meta's read body on /messages, with the key; an empty id is VALIDATION at messageId", () => {
    deepEqual(provider.markRead("wamid.X"), {
      url: URL_,
      method: "POST",
      headers: HEADERS,
      body: { messaging_product: "whatsapp", status: "read", message_id: "wamid.X" },
    });
    throws(() => provider.markRead(" "), issueAt("messageId", /wamid/));
    throws(() => provider.markRead(42 as never), issueAt("messageId", /received 42/));
  });

  it("settings: apiKey required, baseUrl checked, unknown keys refused with the closest one (CONFIG)", () => {
    throws(() => dialog360({} as never), hasCode("CONFIG", /dialog360\(\) `apiKey` is missing/));
    throws(
      () => dialog360({ apiKey: "clé" }),
      hasCode("CONFIG", /`apiKey` contains characters an HTTP header cannot carry/),
    );
    throws(() => dialog360({ apiKey: "k", baseUrl: "ftp://x" }), hasCode("CONFIG", /`baseUrl`/));
    throws(() => dialog360({ apiKey: "k", apiKEY: "k" } as never), hasCode("CONFIG", /did you mean `apiKey`\?/));
    equal(
      dialog360({ apiKey: "k", baseUrl: "https://proxy.example.com/d360/" }).markRead("w").url,
      "https://proxy.example.com/d360/messages",
    );
  });
});

describe("dialog360: sends to a local server", () => {
  const send = async (reply: { status: number; body: unknown; headers?: Record<string, string> }) => {
    const srv = await mockServer(() => reply);
    try {
      const wa = whatsapp({ provider: dialog360({ apiKey: KEY, baseUrl: srv.url }), retry: 0 });
      const result = await wa
        .text("hi")
        .to("+31612345678")
        .then(
          (r) => ({ r }),
          (e: unknown) => ({ e }),
        );
      return { ...result, seen: srv.seen };
    } finally {
      await srv.close();
    }
  };

  it("200: the message id from Meta's answer; the request carries the key and Meta's body", async () => {
    const { r, seen } = (await send({ status: 200, body: fx.accepted })) as { r: any; seen: any[] };
    equal(r.id, fx.accepted.messages[0]!.id);
    equal(r.provider, "dialog360");
    equal(r.status, "accepted");
    equal(seen.length, 1);
    equal(seen[0].url, "/messages");
    equal(seen[0].headers["d360-api-key"], KEY);
    deepEqual(JSON.parse(seen[0].body), message.text("hi").to("+31612345678").compile(meta).body);
  });

  it("401 { error }: AUTH, not retryable, with the fix, and the key echoed back is redacted", async () => {
    const { e } = (await send({ status: 401, body: { error: `${fx.unauthorized.error}: ${KEY}` } })) as {
      e: ProviderError;
    };
    ok(isProviderError(e));
    equal(e.code, "AUTH");
    equal(e.status, 401);
    equal(e.retryable, false);
    match(e.message, /Invalid api key/);
    match(e.message, /D360-API-KEY/);
    ok(!e.message.includes(KEY), "the key is not in the message");
    ok(!JSON.stringify(e.raw).includes(KEY), "nor in raw");
    ok(!JSON.stringify(e).includes(KEY), "nor anywhere in the error");
  });

  it("429 GraphAPIError 130429: RATE_LIMITED, retryable, Retry-After kept", async () => {
    const { e } = (await send({ status: 429, body: fx.rateLimited, headers: { "retry-after": "7" } })) as {
      e: ProviderError;
    };
    equal(e.code, "RATE_LIMITED");
    equal(e.providerCode, 130429);
    equal(e.retryable, true);
    equal(e.retryAfter, 7);
  });

  it("429 without a Graph body: RATE_LIMITED and retryable from the status", async () => {
    const { e } = (await send({ status: 429, body: "Too Many Requests" })) as { e: ProviderError };
    equal(e.code, "RATE_LIMITED");
    equal(e.retryable, true);
  });

  it("400 GraphAPIError 131047: WINDOW_CLOSED, not retryable", async () => {
    const { e } = (await send({ status: 400, body: fx.windowClosed })) as { e: ProviderError };
    equal(e.code, "WINDOW_CLOSED");
    equal(e.retryable, false);
  });

  it("503: PROVIDER_ERROR, retryable; 500: PROVIDER_ERROR, not retryable (it may have been accepted)", async () => {
    const a = (await send({ status: 503, body: { error: "Service Unavailable" } })) as { e: ProviderError };
    equal(a.e.code, "PROVIDER_ERROR");
    equal(a.e.retryable, true);
    match(a.e.message, /Service Unavailable/);
    const b = (await send({
      status: 500,
      body: { meta: { developer_message: "internal error", http_code: 500 } },
    })) as {
      e: ProviderError;
    };
    equal(b.e.code, "PROVIDER_ERROR");
    equal(b.e.retryable, false);
    match(b.e.message, /internal error/);
  });

  it("an odd error body is described, never thrown on", async () => {
    const { e } = (await send({ status: 502, body: [1, 2] })) as { e: ProviderError };
    equal(e.code, "PROVIDER_ERROR");
    match(e.message, /360dialog sent no error message/);
  });

  it("200 without messages[0].id: a ProviderError, never a success", async () => {
    const { e } = (await send({ status: 200, body: { messaging_product: "whatsapp" } })) as { e: ProviderError };
    ok(isProviderError(e));
    match(e.message, /messages\[0\]\.id/);
  });
});

describe("dialog360: webhooks", () => {
  const SECRET = "d360-hook-Yx9w2Lq";
  const body = JSON.stringify(fx.inboundText);
  const post = (headers: Record<string, string>, url = "https://hooks.example.com/wa") =>
    new Request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  const flip = (s: string, i: number) => s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ 1) + s.slice(i + 1);

  it("the shared secret in x-webhook-secret (the default) verifies; one byte off (last, middle) or missing does not", async () => {
    equal(await verifyWebhook(post({ "x-webhook-secret": SECRET }), { provider: "dialog360", secret: SECRET }), true);
    for (const wrong of [flip(SECRET, SECRET.length - 1), flip(SECRET, SECRET.length >> 1)])
      equal(
        await verifyWebhook(post({ "x-webhook-secret": wrong }), { provider: "dialog360", secret: SECRET }),
        false,
        wrong,
      );
    equal(await verifyWebhook(post({}), { provider: "dialog360", secret: SECRET }), false);
    // No Meta signature scheme: a Meta-style x-hub-signature-256 is no credential here.
    equal(
      await verifyWebhook(post({ "x-hub-signature-256": `sha256=${"0".repeat(64)}` }), {
        provider: "dialog360",
        secret: SECRET,
      }),
      false,
    );
  });

  it("the secret in Basic auth or a query parameter, when configured so", async () => {
    const basic = `Basic ${btoa(`hook:${SECRET}`)}`;
    equal(
      await verifyWebhook(post({ authorization: basic }), {
        provider: "dialog360",
        secret: `hook:${SECRET}`,
        auth: "basic",
      }),
      true,
    );
    equal(
      await verifyWebhook(post({ authorization: `Basic ${btoa(`hook:${flip(SECRET, 3)}`)}` }), {
        provider: "dialog360",
        secret: `hook:${SECRET}`,
        auth: "basic",
      }),
      false,
    );
    const q = (t: string) => post({}, `https://hooks.example.com/wa?token=${encodeURIComponent(t)}`);
    equal(await verifyWebhook(q(SECRET), { provider: "dialog360", secret: SECRET, auth: "query" }), true);
    equal(await verifyWebhook(q(flip(SECRET, 8)), { provider: "dialog360", secret: SECRET, auth: "query" }), false);
  });

  it("parses Meta's inbound message and status bodies, tagged dialog360", () => {
    const [m] = parseWebhook(fx.inboundText, { provider: "dialog360" });
    deepEqual(
      { ...m, raw: undefined },
      {
        type: "message",
        provider: "dialog360",
        id: "wamid.HBgLMzE2MTIzNDU2NzgVAgASGBQzQTdEMjY3RjQ1NUQ0NjM2QjEwNgA=",
        from: "+31612345678",
        phone: "+31612345678",
        name: "Ada",
        timestamp: "2024-12-07T08:26:40.000Z",
        message: { type: "text", body: "Where is my order?" },
        serviceWindowExpiresAt: "2024-12-08T08:26:40.000Z",
        raw: undefined,
      },
    );
    const [s] = parseWebhook(fx.statusDelivered, { provider: "dialog360" });
    ok(s?.type === "status", "a status event");
    equal(s.provider, "dialog360");
    equal(s.status, "delivered");
    equal(s.recipient, "+31612345678");
    equal(s.ref, "order-1042");
    deepEqual(
      parseWebhook({ object: "page" }, { provider: "dialog360" }).map((e) => e.type),
      ["unknown"],
    );
  });
});
