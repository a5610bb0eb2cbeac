// 360dialog, on every runtime (Node, Deno, Chromium): Meta's message object for every kind on
// 360dialog's host with its D360-API-KEY header (the Cloud API's body, URL and headers exact),
// markRead, settings, sends through a stub fetch (a 401 with the key redacted, a 429), and its
// Meta-format webhooks behind a shared secret. Meta's JSON Schema and a real local server:
// test/node/dialog360.test.ts. Fixtures and their sources: test/fixtures/360dialog.ts.
import {
  cloudApi,
  dialog360,
  isUnsupportedError,
  message,
  parseWebhook,
  verifyWebhook,
  whatsapp,
  type Kind,
  type ProviderError,
  type UnsupportedError,
} from "../src/index.ts";
import { KINDS } from "../src/core/message.ts";
import { SAMPLES } from "./kinds.ts";
import * as fx from "./fixtures/360dialog.ts";
import { describe, it, ok, equal, deepEqual, throws, hasCode, issueAt, match } from "./harness.ts";

const KEY = "d360-Kx7pQ2mV9sL4tR8w";
const URL_ = "https://waba-v2.360dialog.io/messages";
const HEADERS = { "d360-api-key": KEY, "content-type": "application/json" };
const provider = dialog360({ apiKey: KEY });
const meta = cloudApi({ accessToken: "T", phoneNumberId: "1" });

describe("dialog360: Meta's message object on 360dialog's host", () => {
  it("sends every kind Meta's object expresses, as the Cloud API does", () => {
    deepEqual([...provider.kinds].sort(), [...KINDS].sort());
    deepEqual([...provider.kinds].sort(), [...meta.kinds].sort());
  });

  for (const kind of Object.keys(SAMPLES) as Kind[])
    it(`${kind}: POST ${URL_} with D360-API-KEY and the Cloud API's body`, () => {
      const req = provider.compile(SAMPLES[kind]);
      equal(req.url, URL_);
      equal(req.method, "POST");
      deepEqual(req.headers, HEADERS);
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
    // @ts-expect-error: mistyped on purpose, for the runtime check
    throws(() => provider.markRead(42), issueAt("messageId", /received 42/));
  });

  it("settings: apiKey required, baseUrl checked, unknown keys refused with the closest one (CONFIG)", () => {
    // @ts-expect-error: mistyped on purpose, for the runtime check
    throws(() => dialog360({}), hasCode("CONFIG", /dialog360\(\) `apiKey` is missing/));
    throws(
      () => dialog360({ apiKey: "clé" }),
      hasCode("CONFIG", /`apiKey` contains characters an HTTP header cannot carry/),
    );
    throws(() => dialog360({ apiKey: "k", baseUrl: "ftp://x" }), hasCode("CONFIG", /`baseUrl`/));
    // @ts-expect-error: mistyped on purpose, for the runtime check
    throws(() => dialog360({ apiKey: "k", apiKEY: "k" }), hasCode("CONFIG", /did you mean `apiKey`\?/));
    equal(
      dialog360({ apiKey: "k", baseUrl: "https://proxy.example.com/d360/" }).markRead("w").url,
      "https://proxy.example.com/d360/messages",
    );
  });
});

describe("dialog360: sends through fetch", () => {
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    const seen: Request[] = [];
    const wa = whatsapp({
      provider: dialog360({ apiKey: KEY }),
      retry: 0,
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        seen.push(new Request(input, init));
        return Response.json(body, { status, headers });
      },
    });
    return {
      seen,
      result: wa
        .text("hi")
        .to("+31612345678")
        .then(
          (r) => r,
          (e: unknown) => e as ProviderError,
        ),
    };
  };

  it("200: the id of Meta's answer; the request went to /messages with the key", async () => {
    const { seen, result } = send(200, fx.accepted);
    const r = (await result) as { id: string; provider: string };
    equal(r.id, fx.accepted.messages[0]!.id);
    equal(r.provider, "dialog360");
    equal(seen.length, 1);
    equal(seen[0]!.url, URL_);
    equal(seen[0]!.headers.get("d360-api-key"), KEY);
  });

  it("401 echoing the key: AUTH, not retryable, the fix named, the key nowhere in the error", async () => {
    const e = (await send(401, { error: `${fx.unauthorized.error}: ${KEY}` }).result) as ProviderError;
    equal(e.code, "AUTH");
    equal(e.retryable, false);
    match(e.message, /D360-API-KEY/);
    ok(!JSON.stringify(e).includes(KEY) && !e.message.includes(KEY), "the key is redacted");
  });

  it("429 GraphAPIError 130429: RATE_LIMITED, retryable, Retry-After kept", async () => {
    const e = (await send(429, fx.rateLimited, { "retry-after": "7" }).result) as ProviderError;
    equal(e.code, "RATE_LIMITED");
    equal(e.retryable, true);
    equal(e.retryAfter, 7);
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
        business: { id: "106540352242922", phone: "+4930609859535" },
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
