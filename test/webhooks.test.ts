// Webhooks: every provider's fixtures parsed to the expected neutral events; signatures
// computed here with WebCrypto (valid, forged, tampered, stale, missing, wrong length); the
// fetch handler (401 before parsing, isolation of failing callbacks, Meta's GET challenge).
import fc from "fast-check";
import {
  createWebhookHandler,
  isValidationError,
  isWaError,
  message,
  parseWebhook,
  sandbox,
  verifyWebhook,
  whatsapp,
  type WebhookMessageEvent,
  type WebhookEvent,
  type WebhookProvider,
} from "../src/index.ts";
import { deepEqual, describe, equal, it, ok, rejects, throws } from "./harness.ts";
import * as fx from "./fixtures/webhooks.ts";
import { parseBik } from "../src/providers/bik/webhook.ts";
import { parseBird } from "../src/providers/bird/webhook.ts";
import { parseCloudApi } from "../src/providers/cloud-api/webhook.ts";
import { parseKaleyra } from "../src/providers/kaleyra/webhook.ts";
import { parseZixflow } from "../src/providers/zixflow/webhook.ts";
import { parseDialog360 } from "../src/providers/360dialog/webhook.ts";
import { parseTwilio } from "../src/providers/twilio/webhook.ts";
import { parseInfobip } from "../src/providers/infobip/webhook.ts";

const noRaw = (events: WebhookEvent[]) => events.map(({ raw: _raw, ...rest }) => rest);
const enc = new TextEncoder();
const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
const b64 = (b: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(b)));
async function hmac(secret: string, data: Uint8Array): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return crypto.subtle.sign("HMAC", key, data as BufferSource);
}
const URL_ = "https://hooks.example.com/bird?x=1";
const BIRD_KEY = "bird-signing-key";
const APP_SECRET = "meta-app-secret";

/** Bird's scheme, written out independently of src/: HMAC(key, ts \n url \n sha256(body) bytes). */
async function birdSign(body: string, ts: number, key = BIRD_KEY, url = URL_): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(body)));
  const head = enc.encode(`${ts}\n${url}\n`);
  const msg = new Uint8Array(head.length + hash.length);
  msg.set(head);
  msg.set(hash, head.length);
  return b64(await hmac(key, msg));
}
const now = () => Math.floor(Date.now() / 1000);
const birdRequest = (body: string, headers: Record<string, string>, url = URL_) =>
  new Request(url, { method: "POST", body, headers });
async function metaRequest(body: string, secret = APP_SECRET, signedBody = body): Promise<Request> {
  return new Request("https://hooks.example.com/meta", {
    method: "POST",
    body,
    headers: { "x-hub-signature-256": `sha256=${hex(await hmac(secret, enc.encode(signedBody)))}` },
  });
}

describe("parseWebhook: Bird", () => {
  it("reads whatsapp.inbound text with reply context and the service window", () => {
    deepEqual(noRaw(parseWebhook(fx.birdInboundText, { provider: "bird" })), [
      {
        type: "message",
        provider: "bird",
        id: "404544c5-9920-45f1-8990-0855634ab7ac",
        from: "+3511111111",
        phone: "+3511111111",
        timestamp: "2023-12-13T19:33:57.000Z",
        message: { type: "text", body: "Test" },
        replyTo: "7b2a7c1e-9d40-4c1f-8a52-0c9c2f3f9a10",
        business: { id: fx.birdInboundText.payload.channelId },
        serviceWindowExpiresAt: "2023-12-14T19:33:57.000Z",
      },
    ]);
    equal(parseWebhook(fx.birdInboundText, { provider: "bird" })[0]!.raw, fx.birdInboundText.payload);
  });

  it("takes Bird's own serviceWindowExpireAt over the computed 24 hours when the payload has it", () => {
    const payload = { ...fx.birdInboundText.payload, serviceWindowExpireAt: "2023-12-14T08:00:00Z" };
    const [event] = parseWebhook({ ...fx.birdInboundText, payload }, { provider: "bird" }) as any[];
    equal(event.serviceWindowExpiresAt, "2023-12-14T08:00:00.000Z");
  });

  it("reads image, file (by content type), location and a postback button", () => {
    deepEqual(
      noRaw([
        ...parseWebhook(fx.birdInboundImage, { provider: "bird" }),
        ...parseWebhook(fx.birdInboundFile, { provider: "bird" }),
        ...parseWebhook(fx.birdInboundLocation, { provider: "bird" }),
        ...parseWebhook(fx.birdInboundPostback, { provider: "bird" }),
      ]).map((e: any) => [e.name, e.message, e.serviceWindowExpiresAt, e.replyTo]),
      [
        [
          "Ada",
          { type: "image", media: { url: "https://media.bird.com/m/abc.jpg", caption: "my receipt" } },
          "2025-05-10T05:54:25.113Z",
          undefined,
        ],
        [
          undefined,
          { type: "audio", media: { url: "https://media.bird.com/m/voice.ogg", contentType: "audio/ogg" } },
          "2025-05-10T06:00:00.000Z",
          undefined,
        ],
        [
          undefined,
          {
            type: "location",
            location: { latitude: 52.37, longitude: 4.89, name: "Dam", address: "Dam 1, Amsterdam" },
          },
          "2025-05-10T06:01:00.000Z",
          undefined,
        ],
        [
          undefined,
          { type: "buttonReply", id: "track-1042", title: "Track" },
          "2025-05-10T06:02:00.000Z",
          "0a1b2c3d-5555-4e6f-9a7b-8c9d0e1f2a3b",
        ],
      ],
    );
  });

  it("maps whatsapp.outbound statuses, with Bird's failure and the echoed reference", () => {
    deepEqual(noRaw(parseWebhook(fx.birdOutboundFailed, { provider: "bird" })), [
      {
        type: "status",
        provider: "bird",
        id: "123e4567-e89b-12d3-a456-426614174000",
        status: "failed",
        providerStatus: "delivery_failed",
        recipient: "+31612345678",
        timestamp: "2025-05-09T05:54:25.113Z",
        error: { message: "Unsupported media type", providerCode: "1" },
        ref: "my-own-identifier",
      },
    ]);
    const [p] = parseWebhook(fx.birdOutboundProcessing, { provider: "bird" }) as any[];
    deepEqual([p.status, p.providerStatus, p.ref, p.error], ["accepted", "processing", { order: 1042 }, undefined]);
    for (const [word, want] of [
      ["accepted", "accepted"],
      ["scheduled", "accepted"],
      ["sent", "sent"],
      ["delivered", "delivered"],
      ["sending_failed", "failed"],
      ["rejected", "failed"],
      ["skipped", "failed"],
      ["deleted", "failed"],
    ]) {
      const [e] = parseWebhook(
        { ...fx.birdOutboundProcessing, payload: { ...fx.birdOutboundProcessing.payload, status: word } },
        { provider: "bird" },
      ) as any[];
      equal(e.status, want, `bird ${word}`);
      equal(e.error !== undefined, want === "failed", `bird ${word} carries an error only when failed`);
    }
  });

  it("reads whatsapp.interaction read receipts as read statuses", () => {
    deepEqual(noRaw(parseWebhook(fx.birdRead, { provider: "bird" })), [
      {
        type: "status",
        provider: "bird",
        id: "123e4567-e89b-12d3-a456-426614174000",
        status: "read",
        providerStatus: "read",
        timestamp: "2025-05-09T06:10:00.000Z",
      },
    ]);
  });

  it("gives unknown events, carrying the whole body, for other events and unreadable payloads", () => {
    for (const body of [
      { service: "channels", event: "sms.inbound", payload: {} },
      { event: "whatsapp.inbound", payload: { id: "x" } },
      { event: "whatsapp.interaction", payload: { type: "clicked", messageId: "m" } },
    ]) {
      deepEqual(parseWebhook(body, { provider: "bird" }), [{ type: "unknown", provider: "bird", raw: body }]);
    }
  });
});

describe("parseWebhook: Cloud API", () => {
  it("reads every message kind with sender, name, id, timestamp and reply context", () => {
    const events = parseWebhook(fx.metaMessages, { provider: "cloudApi" });
    equal(events.length, 10);
    const base = {
      type: "message",
      provider: "cloudApi",
      from: "+16505551234",
      phone: "+16505551234",
      name: "Sheena Nelson",
      timestamp: "2025-06-08T20:59:43.000Z",
      serviceWindowExpiresAt: "2025-06-09T20:59:43.000Z",
      business: { id: "106540352242922", phone: "+15550783881" },
    };
    deepEqual(noRaw(events), [
      { ...base, id: "wamid.T1", message: { type: "text", body: "Does it come in another color?" } },
      {
        ...base,
        id: "wamid.T2",
        message: { type: "image", media: { id: "1003383421387256", contentType: "image/jpeg", caption: "This is it" } },
      },
      {
        ...base,
        id: "wamid.T3",
        message: {
          type: "document",
          media: { id: "1003383421387257", contentType: "application/pdf", filename: "invoice.pdf" },
        },
      },
      {
        ...base,
        id: "wamid.T4",
        message: {
          type: "location",
          location: {
            latitude: 37.483307,
            longitude: -122.148981,
            name: "Main Street Beach",
            address: "1 Hacker Way, Menlo Park, CA 94025",
          },
        },
      },
      {
        ...base,
        id: "wamid.T5",
        message: {
          type: "contacts",
          contacts: [
            {
              name: { formatted_name: "Barbara J. Johnson", first_name: "Barbara" },
              phones: [{ phone: "+1 (940) 555-1234", type: "HOME", wa_id: "19405551234" }],
            },
          ],
        },
      },
      {
        ...base,
        id: "wamid.T6",
        replyTo: "wamid.SENT1",
        message: { type: "buttonReply", id: "track", title: "Track" },
      },
      {
        ...base,
        id: "wamid.T7",
        replyTo: "wamid.SENT2",
        message: { type: "listReply", id: "pasta", title: "Pasta", description: "Fresh" },
      },
      {
        ...base,
        id: "wamid.T8",
        message: { type: "reaction", reaction: { messageId: "wamid.SENT1", emoji: "\u{1F44D}" } },
      },
      {
        ...base,
        id: "wamid.T9",
        replyTo: "wamid.SENT3",
        message: { type: "buttonReply", id: "stop-promos", title: "Stop promotions" },
      },
      { ...base, id: "wamid.T10", message: { type: "other", providerType: "order" } },
    ]);
    equal(events[0]!.raw, fx.metaMessages.entry[0]!.changes[0]!.value.messages[0]);
  });

  it("reads statuses, with Meta's error on failed", () => {
    deepEqual(noRaw(parseWebhook(fx.metaStatuses, { provider: "cloudApi" })), [
      {
        type: "status",
        provider: "cloudApi",
        id: "wamid.SENT1",
        status: "delivered",
        providerStatus: "delivered",
        recipient: "+16505551234",
        timestamp: "2025-06-18T16:22:53.000Z",
      },
      {
        type: "status",
        provider: "cloudApi",
        id: "wamid.SENT2",
        status: "failed",
        providerStatus: "failed",
        recipient: "+16505551234",
        timestamp: "2025-06-18T16:22:54.000Z",
        error: {
          message:
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
          providerCode: "131047",
        },
      },
    ]);
  });

  it("gives unknown events for other fields and bodies", () => {
    deepEqual(parseWebhook(fx.metaOtherField, { provider: "cloudApi" }), [
      { type: "unknown", provider: "cloudApi", raw: fx.metaOtherField.entry[0]!.changes[0] },
    ]);
    deepEqual(parseWebhook({ hello: 1 }, { provider: "cloudApi" }), [
      { type: "unknown", provider: "cloudApi", raw: { hello: 1 } },
    ]);
  });
});

describe("parseWebhook: Kaleyra, Bik, Zixflow", () => {
  it("Kaleyra: statuses carry Kaleyra's message_id and the echoed extra_info.ref", () => {
    deepEqual(noRaw(parseWebhook(fx.kaleyraSent, { provider: "kaleyra" })), [
      {
        type: "status",
        provider: "kaleyra",
        id: "a1b2c3d4-kaleyra",
        status: "sent",
        providerStatus: "sent",
        recipient: "+919812345678",
        timestamp: "2023-11-14T22:13:20.000Z",
        ref: { order: 1042 },
      },
    ]);
    deepEqual(noRaw(parseWebhook(fx.kaleyraFailed, { provider: "kaleyra" })), [
      {
        type: "status",
        provider: "kaleyra",
        id: "a1b2c3d4-kaleyra",
        status: "failed",
        providerStatus: "failed",
        recipient: "+919812345678",
        timestamp: "2023-11-14T22:15:00.000Z",
        error: { message: "Message undeliverable", providerCode: "131026" },
        ref: "plain-ref",
      },
    ]);
    deepEqual(noRaw(parseWebhook(fx.kaleyraNotSent, { provider: "kaleyra" })), [
      {
        type: "status",
        provider: "kaleyra",
        id: "k-not-sent",
        status: "failed",
        providerStatus: "not-sent",
        error: { message: "Insufficient balance" },
        ref: "r1",
      },
    ]);
    equal(parseWebhook(fx.kaleyraSent, { provider: "kaleyra" })[0]!.raw, fx.kaleyraSent);
  });

  it("Bik: an array of incoming-message and message-status-update events", () => {
    deepEqual(noRaw(parseWebhook(fx.bikEvents, { provider: "bik" })), [
      {
        type: "message",
        provider: "bik",
        id: "wamid.BIK1",
        from: "+919812345678",
        name: "Ravi",
        timestamp: "2024-11-11T08:00:00.000Z",
        message: { type: "text", body: "Where is my order?" },
        serviceWindowExpiresAt: "2024-11-12T08:00:00.000Z",
      },
      {
        type: "status",
        provider: "bik",
        id: "wamid.BIK0",
        status: "delivered",
        providerStatus: "DELIVERED",
        recipient: "+919812345678",
        timestamp: "2024-11-11T08:00:01.000Z",
        ref: { order: 1042 },
      },
      {
        type: "status",
        provider: "bik",
        id: "wamid.BIK9",
        status: "failed",
        providerStatus: "FAILED",
        recipient: "+919800000000",
        timestamp: "2024-11-11T08:00:02.000Z",
        error: { message: "User is not on WhatsApp" },
      },
      { type: "unknown", provider: "bik" },
    ]);
  });

  it("Zixflow: incoming.whatsapp.message", () => {
    deepEqual(
      noRaw([
        ...parseWebhook(fx.zixflowText, { provider: "zixflow" }),
        ...parseWebhook(fx.zixflowButton, { provider: "zixflow" }),
      ]),
      [
        {
          type: "message",
          provider: "zixflow",
          id: "wamid.ZIX1",
          from: "+919812345678",
          name: "Meera",
          timestamp: "2024-11-11T08:00:00.000Z",
          message: { type: "text", body: "Hi, is the shop open?" },
          business: { id: "phone-1" },
          serviceWindowExpiresAt: "2024-11-12T08:00:00.000Z",
        },
        {
          type: "message",
          provider: "zixflow",
          id: "wamid.ZIX2",
          from: "+919812345678",
          name: "Meera",
          timestamp: "2024-11-11T08:00:00.000Z",
          message: { type: "buttonReply", id: "yes", title: "Yes" },
          replyTo: "wamid.OUT1",
          business: { id: "phone-1" },
          serviceWindowExpiresAt: "2024-11-12T08:00:00.000Z",
        },
      ],
    );
  });

  it("never throws for any body, for any provider; refuses an unknown provider name with CONFIG", () => {
    // The readers are called directly: parseWebhook's last-resort catch must never be needed.
    const readers: Record<WebhookProvider, (b: unknown) => WebhookEvent[]> = {
      bird: parseBird,
      cloudApi: parseCloudApi,
      kaleyra: parseKaleyra,
      bik: parseBik,
      zixflow: parseZixflow,
      dialog360: parseDialog360,
      twilio: parseTwilio,
      infobip: parseInfobip,
    };
    const junk = fc.anything({ maxDepth: 3, withNullPrototype: true });
    // Junk inside each provider's envelope, so the deeper readers see it too.
    const bodies = fc.oneof(
      junk,
      junk.map((j) => ({
        event: "whatsapp.inbound",
        payload: {
          id: "i",
          sender: { contact: { identifierValue: "+1234567890" } },
          createdAt: "2025-01-01T00:00:00Z",
          body: j,
        },
      })),
      junk.map((j) => ({
        event: "whatsapp.outbound",
        payload: { id: "i", status: j, failure: j, reference: j, receiver: j },
      })),
      junk.map((j) => ({
        event: "whatsapp.outbound",
        payload: { id: "i", status: "delivery_failed", failure: j, reason: j, lastStatusAt: j },
      })),
      junk.map((j) => ({
        entry: [
          {
            changes: [
              {
                value: {
                  contacts: [j, { wa_id: j, profile: { name: "n" } }],
                  messages: [
                    j,
                    { id: "w", from: "1", timestamp: "1", type: "interactive", interactive: j, context: j },
                  ],
                  statuses: [j, { id: "s", status: "failed", errors: j }],
                },
              },
            ],
          },
        ],
      })),
      junk.map((j) => ({
        meta_object: { value: { statuses: [j] } },
        extra_info: j,
        status: "failed",
        message_id: "k",
      })),
      junk.map((j) => [
        { eventName: "incoming-message", eventInfo: { messageId: "m", createdAt: 1, assetValue: "1", message: j } },
        { eventName: "message-status-update", eventInfo: { messageId: "m", status: j, callbackData: j } },
      ]),
      // Twilio's form fields, each junk (a decoded form holds strings, but a caller may pass anything).
      junk.map((j) => ({ MessageSid: "SM1", From: "whatsapp:+14017122661", Body: j, NumMedia: j, MediaUrl0: j })),
      junk.map((j) => ({ MessageSid: "SM1", From: j, Latitude: j, Longitude: "1", ButtonPayload: j })),
      junk.map((j) => ({ MessageSid: "SM1", MessageStatus: j, ErrorCode: j, To: j })),
      junk.map((j) => ({
        event: "incoming.whatsapp.message",
        messageId: "z",
        timestamp: 1,
        sender: { number: "1" },
        message: j,
      })),
      junk.map((j) => ({
        results: [
          j,
          { messageId: "ib", from: "1", receivedAt: "2025-01-01T00:00:00Z", message: j, contact: j },
          { messageId: "ib", to: "1", status: j, error: j, callbackData: j, doneAt: j },
          { messageId: "ib", to: j, seenAt: j, callbackData: j },
        ],
      })),
    );
    fc.assert(
      fc.property(bodies, fc.constantFrom(...(Object.keys(readers) as WebhookProvider[])), (body, provider) => {
        const events = readers[provider](body);
        ok(Array.isArray(events) && events.length > 0 && events.every((e) => e.provider === provider));
      }),
      { numRuns: 500 },
    );
    // The last representable instant: the window's end cannot be computed, and is left out.
    const edge = parseWebhook({ ...fx.zixflowText, timestamp: 8.64e15 }, { provider: "zixflow" })[0] as any;
    deepEqual(
      [edge.type, edge.timestamp, edge.serviceWindowExpiresAt],
      ["message", "+275760-09-13T00:00:00.000Z", undefined],
    );
    throws(
      () => parseWebhook({}, { provider: "meta" as any }),
      (e) => isWaError(e) && e.code === "CONFIG" && /cloudApi/.test(e.message),
    );
  });
});

describe("verifyWebhook: Bird", () => {
  const body = JSON.stringify(fx.birdInboundText);
  const headers = async (ts = now(), b = body, key = BIRD_KEY) => ({
    "messagebird-signature": await birdSign(b, ts, key),
    "messagebird-request-timestamp": String(ts),
  });
  const opts = { provider: "bird" as const, secret: BIRD_KEY };

  it("accepts a valid signature and leaves the body readable", async () => {
    const req = birdRequest(body, await headers());
    equal(await verifyWebhook(req, opts), true);
    equal(await req.text(), body);
  });

  it("refuses a forged signature, a tampered body, another URL, a stale or future timestamp", async () => {
    equal(await verifyWebhook(birdRequest(body, await headers(now(), body, "not-the-key")), opts), false, "forged");
    equal(
      await verifyWebhook(birdRequest(body.replace("Test", "Tost"), await headers()), opts),
      false,
      "tampered body",
    );
    equal(
      await verifyWebhook(birdRequest(body, await headers(), "https://evil.example.com/bird?x=1"), opts),
      false,
      "other URL",
    );
    equal(await verifyWebhook(birdRequest(body, await headers(now() - 301)), opts), false, "stale");
    equal(await verifyWebhook(birdRequest(body, await headers(now() + 400)), opts), false, "future");
    equal(
      await verifyWebhook(birdRequest(body, await headers(now() - 301)), { ...opts, toleranceSeconds: 600 }),
      true,
      "a wider tolerance accepts it",
    );
    const h = await headers();
    equal(
      await verifyWebhook(birdRequest(body, { ...h, "messagebird-request-timestamp": String(now() - 1) }), opts),
      false,
      "timestamp not the signed one",
    );
  });

  it("refuses missing headers, a wrong-length or malformed signature, without throwing", async () => {
    const h = await headers();
    equal(
      await verifyWebhook(
        birdRequest(body, { "messagebird-request-timestamp": h["messagebird-request-timestamp"] }),
        opts,
      ),
      false,
      "no signature",
    );
    equal(
      await verifyWebhook(birdRequest(body, { "messagebird-signature": h["messagebird-signature"] }), opts),
      false,
      "no timestamp",
    );
    const short = b64(new Uint8Array(16));
    equal(
      await verifyWebhook(birdRequest(body, { ...h, "messagebird-signature": short }), opts),
      false,
      "16-byte signature",
    );
    equal(
      await verifyWebhook(
        birdRequest(body, { ...h, "messagebird-signature": h["messagebird-signature"] + "AAAA" }),
        opts,
      ),
      false,
      "35-byte signature",
    );
    equal(
      await verifyWebhook(birdRequest(body, { ...h, "messagebird-signature": "%%%not base64%%%" }), opts),
      false,
      "not base64",
    );
    equal(
      await verifyWebhook(birdRequest(body, { ...h, "messagebird-request-timestamp": "soon" }), opts),
      false,
      "timestamp not a number",
    );
  });

  it("uses options.url when a proxy changed request.url", async () => {
    const req = birdRequest(body, await headers(), "http://internal:8787/bird");
    equal(await verifyWebhook(req, opts), false);
    equal(await verifyWebhook(req, { ...opts, url: URL_ }), true);
  });

  it("returns false for a body already read, and throws CONFIG for a missing secret", async () => {
    const req = birdRequest(body, await headers());
    await req.text();
    equal(await verifyWebhook(req, opts), false);
    await rejects(
      verifyWebhook(birdRequest(body, {}), { provider: "bird", secret: "" }),
      (e) => isWaError(e) && e.code === "CONFIG" && /signingKey/.test(e.message),
    );
    await rejects(
      verifyWebhook(birdRequest(body, {}), { provider: "messagebird" as any, secret: "s" }),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
    // A provider object instead of its name: the error names it but never prints its fields.
    const providerObject = { name: "bird", accessKey: "live_SECRET_KEY", compile() {} };
    await rejects(
      verifyWebhook(birdRequest(body, {}), { provider: providerObject as any, secret: "s" }),
      (e) => isWaError(e) && /provider object \("bird"\)/.test(e.message) && !e.message.includes("live_SECRET_KEY"),
    );
  });
});

describe("verifyWebhook: Cloud API and shared secrets", () => {
  const body = JSON.stringify(fx.metaMessages);
  const opts = { provider: "cloudApi" as const, secret: APP_SECRET };

  it("Meta: valid passes; forged, tampered, missing, wrong length and malformed fail", async () => {
    const req = await metaRequest(body);
    equal(await verifyWebhook(req, opts), true);
    equal(await req.text(), body, "body still readable");
    equal(await verifyWebhook(await metaRequest(body, "another-secret"), opts), false, "forged");
    equal(
      await verifyWebhook(await metaRequest(body.replace("color", "colour"), APP_SECRET, body), opts),
      false,
      "tampered",
    );
    equal(await verifyWebhook(new Request("https://h.example.com/", { method: "POST", body }), opts), false, "missing");
    const good = (await metaRequest(body)).headers.get("x-hub-signature-256")!;
    const bad = (sig: string) =>
      verifyWebhook(
        new Request("https://h.example.com/", { method: "POST", body, headers: { "x-hub-signature-256": sig } }),
        opts,
      );
    equal(await bad(good.slice(0, -2)), false, "wrong length");
    equal(await bad(good.replace("sha256=", "sha1=")), false, "wrong scheme");
    equal(await bad(good.slice(0, -1) + "z"), false, "not hex");
    equal(await bad(good.toUpperCase().replace("SHA256=", "sha256=")), true, "hex case does not matter");
  });

  it("Kaleyra / Zixflow: a secret header (default x-webhook-secret, or a named one) or a query parameter", async () => {
    const post = (headers: Record<string, string>, url = "https://h.example.com/k") =>
      new Request(url, { method: "POST", body: "{}", headers });
    equal(await verifyWebhook(post({ "x-webhook-secret": "s3cret" }), { provider: "kaleyra", secret: "s3cret" }), true);
    equal(
      await verifyWebhook(post({ "x-webhook-secret": "s3cret!" }), { provider: "kaleyra", secret: "s3cret" }),
      false,
    );
    equal(await verifyWebhook(post({}), { provider: "kaleyra", secret: "s3cret" }), false);
    equal(
      await verifyWebhook(post({ "x-kaleyra-token": "s3cret" }), {
        provider: "kaleyra",
        secret: "s3cret",
        name: "x-kaleyra-token",
      }),
      true,
    );
    equal(
      await verifyWebhook(post({}, "https://h.example.com/z?token=s3cret"), {
        provider: "zixflow",
        secret: "s3cret",
        auth: "query",
      }),
      true,
    );
    equal(
      await verifyWebhook(post({}, "https://h.example.com/z?token=nope"), {
        provider: "zixflow",
        secret: "s3cret",
        auth: "query",
      }),
      false,
    );
  });

  it("Bik: Basic auth by default", async () => {
    const post = (auth?: string) =>
      new Request("https://h.example.com/b", {
        method: "POST",
        body: "[]",
        headers: auth ? { authorization: auth } : {},
      });
    equal(await verifyWebhook(post(`Basic ${btoa("bik:pa55")}`), { provider: "bik", secret: "bik:pa55" }), true);
    equal(await verifyWebhook(post(`Basic ${btoa("bik:wrong")}`), { provider: "bik", secret: "bik:pa55" }), false);
    equal(await verifyWebhook(post("Bearer bik:pa55"), { provider: "bik", secret: "bik:pa55" }), false);
    equal(await verifyWebhook(post("Basic %%%"), { provider: "bik", secret: "bik:pa55" }), false);
    equal(await verifyWebhook(post(), { provider: "bik", secret: "bik:pa55" }), false);
  });
});

describe("createWebhookHandler", () => {
  it("answers 401 before parsing: callbacks never run, even for a body that is not JSON", async () => {
    let calls = 0;
    const handler = createWebhookHandler({
      provider: "cloudApi",
      secret: APP_SECRET,
      onMessage: () => void calls++,
      onUnknown: () => void calls++,
    });
    const forged = await metaRequest(JSON.stringify(fx.metaMessages), "wrong");
    equal((await handler(forged)).status, 401);
    const notJson = new Request("https://h.example.com/", {
      method: "POST",
      body: "{not json",
      headers: { "x-hub-signature-256": "sha256=00" },
    });
    equal((await handler(notJson)).status, 401);
    equal(calls, 0);
    equal((await handler(await metaRequest("{not json"))).status, 400, "verified but not JSON");
    equal((await handler(new Request("https://h.example.com/", { method: "PUT", body: "{}" }))).status, 405);
  });

  it("one of three callbacks throwing: the other two are delivered and the answer is 200", async () => {
    const three = {
      ...fx.metaMessages,
      entry: [
        {
          ...fx.metaMessages.entry[0]!,
          changes: [
            {
              ...fx.metaMessages.entry[0]!.changes[0]!,
              value: {
                ...fx.metaMessages.entry[0]!.changes[0]!.value,
                messages: fx.metaMessages.entry[0]!.changes[0]!.value.messages.slice(0, 3),
              },
            },
          ],
        },
      ],
    };
    const delivered: string[] = [];
    const errors: [string, string][] = [];
    const handler = createWebhookHandler({
      provider: "cloudApi",
      secret: APP_SECRET,
      onMessage: async (e) => {
        if (e.id === "wamid.T2") throw new Error("database down");
        delivered.push(e.id);
      },
      onError: (error, event) => void errors.push([(error as Error).message, (event as any).id]),
    });
    const res = await handler(await metaRequest(JSON.stringify(three)));
    equal(res.status, 200);
    deepEqual(delivered, ["wamid.T1", "wamid.T3"]);
    deepEqual(errors, [["database down", "wamid.T2"]]);
  });

  it("dispatches statuses and unknown items to their callbacks, and an onError that throws stops nothing", async () => {
    const seen: string[] = [];
    const handler = createWebhookHandler({
      provider: "bik",
      secret: "u:p",
      onMessage: () => {
        throw new Error("boom");
      },
      onStatus: (e) => void seen.push(`${e.id}:${e.status}`),
      onUnknown: (e) => void seen.push(`unknown:${(e.raw as any).id}`),
      onError: () => {
        throw new Error("the error handler fails too");
      },
    });
    const res = await handler(
      new Request("https://h.example.com/", {
        method: "POST",
        body: JSON.stringify(fx.bikEvents),
        headers: { authorization: `Basic ${btoa("u:p")}` },
      }),
    );
    equal(res.status, 200);
    deepEqual(seen, ["wamid.BIK0:delivered", "wamid.BIK9:failed", "unknown:evt-4"]);
  });

  it("with a Workers ctx, answers at once and hands the callbacks to waitUntil", async () => {
    const waited: Promise<unknown>[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const got: string[] = [];
    const handler = createWebhookHandler({
      provider: "cloudApi",
      secret: APP_SECRET,
      onStatus: async (e) => {
        await gate;
        got.push(e.id);
      },
    });
    const res = await handler(
      await metaRequest(JSON.stringify(fx.metaStatuses)),
      {},
      { waitUntil: (p) => void waited.push(p) },
    );
    equal(res.status, 200);
    equal(waited.length, 1);
    deepEqual(got, []);
    release();
    await waited[0];
    deepEqual(got, ["wamid.SENT1", "wamid.SENT2"]);
  });

  it("answers Meta's GET subscription check with hub.challenge, only with the right token", async () => {
    const handler = createWebhookHandler({ provider: "cloudApi", secret: APP_SECRET, verifyToken: "tok-123" });
    const get = (q: string) => handler(new Request(`https://h.example.com/meta?${q}`));
    const ok200 = await get("hub.mode=subscribe&hub.verify_token=tok-123&hub.challenge=1158201444");
    equal(ok200.status, 200);
    equal(await ok200.text(), "1158201444");
    equal((await get("hub.mode=subscribe&hub.verify_token=tok-124&hub.challenge=1")).status, 403);
    equal((await get("hub.mode=unsubscribe&hub.verify_token=tok-123&hub.challenge=1")).status, 400);
    equal((await get("hub.mode=subscribe&hub.verify_token=tok-123")).status, 400);
    const noToken = createWebhookHandler({ provider: "cloudApi", secret: APP_SECRET });
    equal(
      (await noToken(new Request("https://h.example.com/meta?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1")))
        .status,
      405,
    );
  });

  it("refuses to be created without a secret (CONFIG)", () => {
    throws(
      () => createWebhookHandler({ provider: "bird", secret: undefined as any }),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
    throws(
      () => createWebhookHandler({ provider: "cloudApi", secret: "s", verifyToken: "" }),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
  });
});

describe("wa.reply(event)", () => {
  const [event] = parseWebhook(fx.metaMessages, { provider: "cloudApi" }) as WebhookMessageEvent[];

  it("answers the sender with the reply context, in one chain, and sends", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    const out = wa.reply(event!).text("Yes, in blue").buttons(["Order", "No thanks"]).footer("Shop").to();
    deepEqual(out.message, {
      to: "+16505551234",
      replyTo: "wamid.T1",
      type: "buttons",
      body: "Yes, in blue",
      footer: "Shop",
      buttons: [
        { id: "Order", title: "Order" },
        { id: "No thanks", title: "No thanks" },
      ],
    });
    await out;
    equal(box.sent.length, 1);
    equal(box.sent[0]!.replyTo, "wamid.T1");
  });

  it("lets .to(other) and .replyTo(id) override, and leaves the plain builder untouched", () => {
    const wa = whatsapp({ provider: sandbox() });
    const m = wa.reply(event!).image("https://example.com/a.png").replyTo("wamid.OTHER").to("+31612345678").message;
    deepEqual([m.to, m.replyTo, m.type], ["+31612345678", "wamid.OTHER", "image"]);
    equal(wa.text("hi").to("+31612345678").message.replyTo, undefined);
    throws(
      () => (message.text("hi") as any).to(),
      (e) => isValidationError(e) && e.issues.some((i) => i.path === "to"),
    );
  });

  it("message.replyTo(event) is the unbound twin: compiles for any provider, cannot send", async () => {
    const out = message.replyTo(event!).text("Thanks").to();
    deepEqual(out.message, { to: "+16505551234", replyTo: "wamid.T1", type: "text", body: "Thanks" });
    deepEqual(out.compile(sandbox()).body, out.message);
    await rejects(out.send(), (e) => isWaError(e) && e.code === "CONFIG");
    throws(
      () => message.replyTo({ type: "status" } as any),
      (e) => isValidationError(e),
    );
  });

  it("refuses status and unknown events with a VALIDATION error that says why", () => {
    const wa = whatsapp({ provider: sandbox() });
    const [status] = parseWebhook(fx.metaStatuses, { provider: "cloudApi" });
    throws(
      () => wa.reply(status as any),
      (e) => isValidationError(e) && /status/.test(e.issues[0]!.message),
    );
    throws(
      () => wa.reply(undefined as any),
      (e) => isValidationError(e) && e.issues[0]!.path === "event",
    );
  });
});
