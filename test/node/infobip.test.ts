// Infobip end to end against a local HTTP server (127.0.0.1): the exact request on the wire
// (method, path, `App` auth header, JSON body) for a session message and a template, the answers
// read, the error answers mapped to neutral codes (400 with field errors → VALIDATION, 401 →
// AUTH, 429 → RATE_LIMITED with Retry-After, 500 → PROVIDER_ERROR), the API key redacted from
// every error, and a webhook verified with a shared secret and parsed.
import {
  createWebhookHandler,
  infobip,
  isProviderError,
  verifyWebhook,
  whatsapp,
  type ProviderError,
  type WebhookEvent,
} from "../../src/index.ts";
import { describe, it, ok, equal, deepEqual, rejects } from "../harness.ts";
import { mockServer } from "./server.ts";
import * as fx from "../fixtures/infobip.ts";

const KEY = "ibKey_8d3f0c2a9b7e6d5c4b3a2f1e";
const TO = "+31612345678";

describe("infobip over HTTP (127.0.0.1)", () => {
  it("sends the exact request with Authorization: App <key> and reads messageId", async () => {
    const answer = fx.accepted("2250be2d4219-3af1-78856-aabe-1362af1edfd2");
    const srv = await mockServer(() => ({ status: 200, body: answer }));
    try {
      const wa = whatsapp({ provider: infobip({ baseUrl: srv.url, apiKey: KEY, from: "+441134960000" }) });
      const res = await wa.text("Your order shipped").ref({ orderId: "ORD123" }).to(TO);
      deepEqual(res, { id: answer.messageId, provider: "infobip", status: "accepted", raw: answer });
      equal(srv.seen.length, 1);
      const seen = srv.seen[0]!;
      equal(seen.method, "POST");
      equal(seen.url, "/whatsapp/1/message/text");
      equal(seen.headers.authorization, `App ${KEY}`);
      equal(seen.headers["content-type"], "application/json");
      deepEqual(JSON.parse(seen.body), {
        from: "441134960000",
        to: "31612345678",
        content: { text: "Your order shipped" },
        callbackData: '{"orderId":"ORD123"}',
      });
    } finally {
      await srv.close();
    }
  });

  it("templates go to /whatsapp/1/message/template in messages[] and read messages[0].messageId", async () => {
    const srv = await mockServer(() => ({ status: 200, body: { messages: [fx.accepted("t-1")], bulkId: "b-1" } }));
    try {
      const wa = whatsapp({ provider: infobip({ baseUrl: srv.url, apiKey: KEY, from: "441134960000" }) });
      const res = await wa.template("order_update", { language: "en", params: ["Ada"] }).to(TO);
      equal(res.id, "t-1");
      equal(srv.seen[0]!.url, "/whatsapp/1/message/template");
      deepEqual(JSON.parse(srv.seen[0]!.body), {
        messages: [
          {
            from: "441134960000",
            to: "31612345678",
            content: {
              templateName: "order_update",
              templateData: { body: { placeholders: ["Ada"] } },
              language: "en",
            },
          },
        ],
      });
    } finally {
      await srv.close();
    }
  });

  const failing = async (status: number, body: unknown, headers: Record<string, string> = {}) => {
    const srv = await mockServer(() => ({ status, body, headers }));
    try {
      const wa = whatsapp({ provider: infobip({ baseUrl: srv.url, apiKey: KEY, from: "441134960000" }), retry: 0 });
      const e = await rejects<ProviderError>(wa.text("hi").to(TO), isProviderError);
      equal(e.provider, "infobip");
      equal(e.status, status);
      for (const text of [e.message, JSON.stringify(e.toJSON()), JSON.stringify(e.raw)])
        ok(!text.includes(KEY), `the key is redacted: ${text.slice(0, 200)}`);
      return e;
    } finally {
      await srv.close();
    }
  };

  it("errors: 400 with field errors → VALIDATION, 401 → AUTH, 429 → RATE_LIMITED with Retry-After, 500 → not retried", async () => {
    const bad = await failing(400, fx.badRequest);
    equal(bad.code, "VALIDATION");
    equal(bad.providerCode, "BAD_REQUEST");
    ok(bad.message.includes("content.text: size must be between 1 and 4096; must not be blank"), bad.message);
    const auth = await failing(401, fx.serviceError("UNAUTHORIZED", `Invalid login details for App ${KEY}`));
    equal(auth.code, "AUTH");
    ok(auth.message.includes("Invalid login details"), auth.message);
    const rate = await failing(429, fx.serviceError("TOO_MANY_REQUESTS", "Too many requests"), { "retry-after": "7" });
    equal(rate.code, "RATE_LIMITED");
    equal(rate.retryable, true);
    equal(rate.retryAfter, 7);
    const down = await failing(500, fx.serviceError("GENERAL_ERROR", "Something went wrong"));
    equal(down.code, "PROVIDER_ERROR");
    equal(down.retryable, false);
    const rejected = await failing(200, {
      ...fx.accepted("m-1"),
      status: {
        groupId: 5,
        groupName: "REJECTED",
        id: 12,
        name: "REJECTED_NOT_ENOUGH_CREDITS",
        description: "Not enough credits",
      },
    });
    equal(rejected.code, "PROVIDER_ERROR");
    equal(rejected.providerCode, "REJECTED_NOT_ENOUGH_CREDITS");
  });

  it("webhooks: the shared secret verifies (near misses do not) and the handler delivers inbound and report events", async () => {
    const SECRET = "ib-hook-secret-5f1c";
    const post = (headers: Record<string, string>, body: unknown = fx.inboundText) =>
      new Request("https://hooks.example.com/infobip", { method: "POST", headers, body: JSON.stringify(body) });
    equal(await verifyWebhook(post({ "x-webhook-secret": SECRET }), { provider: "infobip", secret: SECRET }), true);
    for (const near of ["", SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase(), `${SECRET.slice(0, -1)}d`])
      equal(
        await verifyWebhook(post({ "x-webhook-secret": near }), { provider: "infobip", secret: SECRET }),
        false,
        JSON.stringify(near),
      );
    equal(await verifyWebhook(post({}), { provider: "infobip", secret: SECRET }), false);
    const basic = `Basic ${btoa(`infobip:${SECRET}`)}`;
    equal(
      await verifyWebhook(post({ authorization: basic }), {
        provider: "infobip",
        secret: `infobip:${SECRET}`,
        auth: "basic",
      }),
      true,
    );
    const heard: WebhookEvent[] = [];
    const handler = createWebhookHandler({
      provider: "infobip",
      secret: SECRET,
      onMessage: (e) => void heard.push(e),
      onStatus: (e) => void heard.push(e),
    });
    equal((await handler(post({ "x-webhook-secret": "wrong" }))).status, 401);
    equal(heard.length, 0);
    equal((await handler(post({ "x-webhook-secret": SECRET }))).status, 200);
    equal((await handler(post({ "x-webhook-secret": SECRET }, fx.failedReport))).status, 200);
    deepEqual(
      heard.map((e) => [e.type, e.type === "status" ? e.status : e.type === "message" ? e.message.type : ""]),
      [
        ["message", "text"],
        ["status", "failed"],
      ],
    );
  });
});
