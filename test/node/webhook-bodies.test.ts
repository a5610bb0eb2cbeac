// Webhook bodies: a large verified batch is read event by event (it once overflowed the stack and
// came out as one `unknown` event, every status lost), and `__proto__` keys in a body reach no
// prototype.
import { createHmac } from "node:crypto";
import { describe, it, equal, deepEqual } from "../harness.ts";
import { createWebhookHandler, parseWebhook, type WebhookEvent } from "../../src/index.ts";

/** A Meta body with `n` statuses in one change (a few hundred thousand fit in a few MiB). */
const statuses = (n: number) =>
  JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        changes: [
          {
            field: "messages",
            value: { statuses: Array.from({ length: n }, (_, i) => ({ id: `w${i}`, status: "sent" })) },
          },
        ],
      },
    ],
  });

// Above V8's limit on the arguments of one call (about 125 000 with Node's default stack).
const MANY = 160_000;

describe("webhook bodies", () => {
  it(`a verified Cloud API batch of ${MANY} statuses in one change reaches onStatus ${MANY} times`, async () => {
    const body = statuses(MANY);
    const seen: WebhookEvent[] = [];
    const handler = createWebhookHandler({
      provider: "cloudApi",
      secret: "app",
      maxBodyBytes: 16 * 1024 * 1024,
      onStatus: (e) => void seen.push(e),
      onUnknown: (e) => void seen.push(e),
    });
    const signature = `sha256=${createHmac("sha256", "app").update(body).digest("hex")}`;
    const answer = await handler(
      new Request("https://hooks.example.com/meta", {
        method: "POST",
        body,
        headers: { "x-hub-signature-256": signature },
      }),
    );
    equal(answer.status, 200);
    equal(seen.length, MANY, "one event per status");
    const ids = seen.map((e) => (e.type === "status" ? e.id : e.type));
    equal(
      ids.every((id, i) => id === `w${i}`),
      true,
      "every status, in order, none unknown",
    );
  });

  it("Kaleyra forwarding Meta's body: the same batch is read event by event", () => {
    const events = parseWebhook(JSON.parse(statuses(MANY)), { provider: "kaleyra" });
    equal(events.length, MANY);
    equal(events[MANY - 1]?.type, "status");
  });

  it("__proto__ keys in a body reach no prototype, and stay in raw as own keys", async () => {
    const body =
      '{"__proto__":{"polluted":1},"object":"whatsapp_business_account","entry":[{"__proto__":{"polluted":2},' +
      '"changes":[{"field":"messages","value":{"__proto__":{"polluted":3},"messages":[{"__proto__":{"polluted":4},' +
      '"from":"31612345678","id":"wamid.P","timestamp":"1700000000","type":"text","text":{"body":"hi","__proto__":{"polluted":5}}}]}}]}]}';
    const seen: WebhookEvent[] = [];
    const handler = createWebhookHandler({
      provider: "cloudApi",
      secret: "app",
      onMessage: (e) => void seen.push(e),
      onUnknown: (e) => void seen.push(e),
    });
    const signature = `sha256=${createHmac("sha256", "app").update(body).digest("hex")}`;
    const answer = await handler(
      new Request("https://h.example.com/m", { method: "POST", body, headers: { "x-hub-signature-256": signature } }),
    );
    equal(answer.status, 200);
    equal(({} as Record<string, unknown>).polluted, undefined, "Object.prototype untouched");
    const message = seen.find((e) => e.type === "message");
    deepEqual(message?.type === "message" ? message.message : undefined, { type: "text", body: "hi" });
    equal(Object.getPrototypeOf(message), Object.prototype, "the event is a plain object");
    equal((message as unknown as Record<string, unknown>).polluted, undefined, "nothing inherited by the event");
  });
});
