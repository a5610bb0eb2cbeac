// Inbound without a phone number: Cloud API, Kaleyra (Meta's format) and Bird events carry the
// phone when given and the BSUID, parent BSUID and username; identity changes are events;
// `played`, group statuses, biz_opaque_callback_data and unread entries lose nothing; a reply to
// a username-only user is addressed by `recipient`.
import {
  cloudApi,
  createWebhookHandler,
  kaleyra,
  parseWebhook,
  whatsapp,
  type WebhookEvent,
  type WebhookIdentityEvent,
  type WebhookMessageEvent,
  type WebhookStatusEvent,
} from "../src/index.ts";
import { deepEqual, describe, equal, it, ok } from "./harness.ts";
import * as fx from "./fixtures/webhooks-bsuid.ts";

const BSUID = "US.13491208655302741918";
const PARENT = "US.ENT.11815799212886844830";
const noRaw = (events: WebhookEvent[]) => events.map(({ raw: _raw, ...rest }) => rest);
const cloud = (body: unknown) => parseWebhook(body, { provider: "cloudApi" });
const SECRET = "app-secret-for-tests";
const enc = new TextEncoder();
/** A request signed as Meta signs it (`x-hub-signature-256: sha256=HMAC(app secret, body)`). */
async function signed(body: unknown): Promise<Request> {
  const text = JSON.stringify(body);
  const key = await crypto.subtle.importKey("raw", enc.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(text)));
  const hex = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
  return new Request("https://hooks.example.com/meta", {
    method: "POST",
    body: text,
    headers: { "x-hub-signature-256": `sha256=${hex}` },
  });
}

describe("Cloud API: senders without a phone number", () => {
  it("a username-only text reaches a message event with the BSUID as `from`, and no phone", () => {
    deepEqual(noRaw(cloud(fx.usernameOnlyText)), [
      {
        type: "message",
        provider: "cloudApi",
        id: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=",
        from: BSUID,
        bsuid: BSUID,
        username: "@realsheenanelson",
        name: "Sheena Nelson",
        timestamp: "2025-06-08T20:59:43.000Z",
        message: { type: "text", body: "Does it come in another color?" },
        business: { id: "106540352242922", phone: "+15550783881" },
        serviceWindowExpiresAt: "2025-06-09T20:59:43.000Z",
      },
    ]);
  });

  it("with a phone number too: `from` is the phone, every identifier is kept", () => {
    const [e] = cloud(fx.phoneAndBsuidImage) as WebhookMessageEvent[];
    equal(e!.from, "+16505551234");
    equal(e!.phone, "+16505551234");
    equal(e!.bsuid, BSUID);
    equal(e!.parentBsuid, PARENT);
    equal(e!.username, "@realsheenanelson");
    equal(e!.message.type, "image");
  });

  it("interactive replies from a username-only user keep their reply context", () => {
    const [e] = cloud(fx.usernameOnlyButtonReply) as WebhookMessageEvent[];
    deepEqual(
      [e!.type, e!.from, e!.replyTo, e!.message],
      ["message", BSUID, "wamid.SENT1", { type: "buttonReply", id: "track", title: "Track" }],
    );
  });

  it("wa.reply(event).text() to a username-only user compiles to Meta's `recipient`, without `to`", () => {
    const wa = whatsapp({ provider: cloudApi({ accessToken: "t", phoneNumberId: "1234567890" }) });
    const [event] = cloud(fx.usernameOnlyText) as WebhookMessageEvent[];
    const out = wa.reply(event!).text("Hi").to();
    equal(out.message.to, BSUID);
    equal(out.message.toKind, "bsuid");
    const body = out.compile(cloudApi({ accessToken: "t", phoneNumberId: "1234567890" })).body as Record<
      string,
      unknown
    >;
    deepEqual(body, {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      recipient: BSUID,
      context: { message_id: event!.id },
      type: "text",
      text: { body: "Hi" },
    });
    ok(!("to" in body));
  });

  it("createWebhookHandler hands the username-only message to onMessage", async () => {
    const seen: WebhookMessageEvent[] = [];
    const handler = createWebhookHandler({ provider: "cloudApi", secret: SECRET, onMessage: (e) => void seen.push(e) });
    const res = await handler(await signed(fx.usernameOnlyText));
    equal(res.status, 200);
    equal(seen.length, 1);
    equal(seen[0]!.bsuid, BSUID);
  });
});

describe("Cloud API: statuses", () => {
  it("a status for a BSUID send carries the BSUID, the parent BSUID (both spellings) and the echoed ref", () => {
    deepEqual(noRaw(cloud(fx.statusesToBsuid)), [
      {
        type: "status",
        provider: "cloudApi",
        id: "wamid.OUT1",
        status: "delivered",
        providerStatus: "delivered",
        recipientBsuid: BSUID,
        recipientParentBsuid: PARENT,
        timestamp: "2025-06-18T16:22:53.000Z",
        ref: { order: "ORD-1" },
      },
      {
        type: "status",
        provider: "cloudApi",
        id: "wamid.OUT1",
        status: "read",
        providerStatus: "read",
        recipientBsuid: BSUID,
        recipientParentBsuid: PARENT,
        timestamp: "2025-06-18T16:23:00.000Z",
        ref: "plain-tag",
      },
    ]);
  });

  it("a failed phone send keeps the phone and Meta's error, with no BSUID", () => {
    const [e] = cloud(fx.failedToPhone) as WebhookStatusEvent[];
    deepEqual(
      [e!.status, e!.recipient, e!.recipientBsuid, e!.error?.providerCode],
      ["failed", "+16505551234", undefined, "131062"],
    );
  });

  it("`played` is a status event, not unknown", () => {
    const [e] = cloud(fx.playedStatus) as WebhookStatusEvent[];
    deepEqual([e!.type, e!.status, e!.providerStatus, e!.recipient], ["status", "played", "played", "+16505551234"]);
  });

  it("a group status: the group id is `group`, never `recipient`; the participant is the recipient", () => {
    const [e] = cloud(fx.groupStatus) as WebhookStatusEvent[];
    equal(e!.group, "120363025246125486");
    equal(e!.recipient, "+16505551234");
    equal(e!.recipientBsuid, BSUID);
  });
});

describe("Cloud API: identity changes are events", () => {
  it("user_changed_number: new and previous phone", () => {
    deepEqual(noRaw(cloud(fx.userChangedNumber)), [
      {
        type: "identity",
        provider: "cloudApi",
        change: "phone",
        phone: "+12195555358",
        previousPhone: "+16505551234",
        timestamp: "2025-02-12T00:43:44.000Z",
        description: "User Sheena Nelson changed from 16505551234 to 12195555358",
      },
    ]);
  });

  it("user_changed_user_id: new and previous BSUID and parent BSUID, no phone", () => {
    const [e] = cloud(fx.userChangedUserId) as WebhookIdentityEvent[];
    deepEqual(
      {
        type: e!.type,
        change: e!.change,
        bsuid: e!.bsuid,
        previousBsuid: e!.previousBsuid,
        parentBsuid: e!.parentBsuid,
        previousParentBsuid: e!.previousParentBsuid,
        phone: e!.phone,
      },
      {
        type: "identity",
        change: "bsuid",
        bsuid: "US.20000000000000000002",
        previousBsuid: "US.10000000000000000001",
        parentBsuid: "US.ENT.30000000000000000003",
        previousParentBsuid: "US.ENT.40000000000000000004",
        phone: undefined,
      },
    );
  });

  it("the user_id_update field: an identity event", () => {
    const [e] = cloud(fx.userIdUpdate) as WebhookIdentityEvent[];
    deepEqual(
      [e!.type, e!.change, e!.bsuid, e!.previousBsuid, e!.phone],
      ["identity", "bsuid", "US.20000000000000000002", "US.10000000000000000001", "+16505551234"],
    );
  });

  it("createWebhookHandler calls onIdentity", async () => {
    const seen: WebhookIdentityEvent[] = [];
    const unknown: unknown[] = [];
    const handler = createWebhookHandler({
      provider: "cloudApi",
      secret: SECRET,
      onIdentity: (e) => void seen.push(e),
      onUnknown: (e) => void unknown.push(e),
    });
    equal((await handler(await signed(fx.userChangedUserId))).status, 200);
    equal(seen.length, 1);
    equal(unknown.length, 0);
  });
});

describe("Cloud API: nothing is dropped silently", () => {
  for (const [name, body] of [
    ["calls", fx.callsChange],
    ["message echoes", fx.messageEchoes],
  ] as const)
    it(`a ${name} change is an unknown event carrying the change`, () => {
      const events = cloud(body);
      equal(events.length, 1);
      equal(events[0]!.type, "unknown");
      deepEqual(events[0]!.raw, body.entry[0]!.changes[0]);
    });

  it("a key the parser does not read beside messages surfaces as an unknown event, and the message still arrives", () => {
    const events = cloud(fx.valueWithErrors);
    deepEqual(
      events.map((e) => e.type),
      ["message", "unknown"],
    );
    ok(JSON.stringify(events[1]!.raw).includes("131051"));
  });

  it("an entry without changes is an unknown event", () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [{ id: "1", changes: [] }, ...fx.usernameOnlyText.entry],
    };
    deepEqual(
      cloud(body).map((e) => e.type),
      ["unknown", "message"],
    );
  });
});

describe("Kaleyra: Meta's own format", () => {
  it("a bare Meta body parses like the Cloud API, tagged kaleyra", () => {
    const events = parseWebhook(fx.kaleyraBareMeta, { provider: "kaleyra" });
    deepEqual(
      noRaw(events),
      noRaw(cloud(fx.kaleyraBareMeta)).map((e) => ({ ...e, provider: "kaleyra" })),
    );
    equal(events[0]!.type, "message");
  });

  it("a Meta body inside meta_object: statuses carry Kaleyra's message_id, the BSUID and Meta's echoed ref", () => {
    deepEqual(noRaw(parseWebhook(fx.kaleyraWrappedMetaBody, { provider: "kaleyra" })), [
      {
        type: "status",
        provider: "kaleyra",
        id: "d5b3b1a0-kaleyra-1",
        status: "delivered",
        providerStatus: "delivered",
        recipientBsuid: BSUID,
        timestamp: "2025-06-18T16:22:53.000Z",
        ref: "k-tag",
      },
    ]);
  });

  it("a BSUID send through Kaleyra puts Meta's `recipient` in messaging_object", () => {
    const wa = whatsapp({ provider: kaleyra({ apiKey: "k", sid: "HXAP1", from: "+919900990090", pod: "in" }) });
    const body = wa
      .text("Hi")
      .to(BSUID)
      .compile(kaleyra({ apiKey: "k", sid: "HXAP1", from: "+919900990090", pod: "in" })).body as any;
    deepEqual(body.messaging_object, {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      recipient: BSUID,
      type: "text",
      text: { body: "Hi" },
    });
  });
});

describe("Bird: BSUID and username", () => {
  it("extraInformation.whatsappbsuid / whatsappusername come out beside the phone", () => {
    const [e] = parseWebhook(fx.birdInboundBsuid, { provider: "bird" }) as WebhookMessageEvent[];
    deepEqual([e!.from, e!.phone, e!.bsuid, e!.username], ["+16505551234", "+16505551234", BSUID, "sheena"]);
  });

  it("a sender with no phone number is addressed by BSUID", () => {
    const [e] = parseWebhook(fx.birdInboundNoPhone, { provider: "bird" }) as WebhookMessageEvent[];
    deepEqual([e!.type, e!.from, e!.phone, e!.bsuid], ["message", BSUID, undefined, BSUID]);
  });
});

describe("Cloud API: identity key hashes (identity change check)", () => {
  it("a message event carries the sender's `contacts[].identity_key_hash` as identityKeyHash", () => {
    const [e] = cloud(fx.identityKeyHashText) as WebhookMessageEvent[];
    equal(e!.type, "message");
    equal(e!.from, "+16505551234");
    equal(e!.identityKeyHash, "Y2FmZWJhYmU=");
  });

  it("a status event carries `recipient_identity_key_hash` as recipientIdentityKeyHash", () => {
    const [e] = cloud(fx.statusWithIdentityKeyHash) as WebhookStatusEvent[];
    equal(e!.type, "status");
    equal(e!.status, "delivered");
    equal(e!.recipientIdentityKeyHash, "Y2FmZWJhYmU=");
  });

  it("Kaleyra bodies in Meta's format read the same hashes", () => {
    const [m] = parseWebhook(fx.identityKeyHashText, { provider: "kaleyra" }) as WebhookMessageEvent[];
    equal(m!.identityKeyHash, "Y2FmZWJhYmU=");
    const [s] = parseWebhook(fx.statusWithIdentityKeyHash, { provider: "kaleyra" }) as WebhookStatusEvent[];
    equal(s!.recipientIdentityKeyHash, "Y2FmZWJhYmU=");
  });

  it("without the check the fields are absent, not empty", () => {
    const [e] = cloud(fx.phoneAndBsuidImage) as WebhookMessageEvent[];
    ok(!("identityKeyHash" in e!));
    const [s] = cloud(fx.statusesToBsuid) as WebhookStatusEvent[];
    ok(!("recipientIdentityKeyHash" in s!));
  });
});
