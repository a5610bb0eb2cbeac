// Several business numbers behind one webhook, on every runtime (Node, Deno, Chromium): inbound
// events carry the number they were sent to (Meta's `metadata`, Twilio's `To`), `wa.reply(event)`,
// `wa.markRead(event)` and `wa.typing(event)` answer from that number through whatsapp({ numbers }),
// and the queue consumer sends a message enqueued with { number } through that number's provider.
// Fixtures: test/fixtures/conversation.ts (Meta), test/fixtures/twilio/webhooks.ts (Twilio).
import {
  cloudApi,
  createQueueConsumer,
  enqueue,
  isWaError,
  parseWebhook,
  sandbox,
  twilio,
  whatsapp,
  type QueueDelivery,
  type QueuedMessage,
  type QueueResult,
  type WaError,
  type WebhookMessageEvent,
} from "../src/index.ts";
import * as fx from "./fixtures/conversation.ts";
import * as tw from "./fixtures/twilio/webhooks.ts";
import { deepEqual, describe, equal, issueAt, it, ok, rejects, throws } from "./harness.ts";

const TOKEN = "EAAGm0PX4ZCpsBAKnumbersToken";
const metaEvent = () => parseWebhook(fx.metaInboundImage, { provider: "cloudApi" })[0] as WebhookMessageEvent;

function stub() {
  const urls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(new Request(input, init).url);
    return String(urls.at(-1)).includes("twilio")
      ? Response.json({ sid: "SM1", status: "queued" }, { status: 201 })
      : Response.json({ messaging_product: "whatsapp", messages: [{ id: "wamid.OUT" }], success: true });
  };
  return { urls, fetch };
}
const sid = "AC0123456789abcdef0123456789abcdef";
const clients = (fetch: typeof globalThis.fetch) =>
  whatsapp({
    provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }),
    numbers: {
      "106540352242922": cloudApi({ accessToken: TOKEN, phoneNumberId: "106540352242922" }),
      "+14155238886": twilio({
        accountSid: sid,
        authToken: "t".repeat(32),
        from: "+14155238886",
        baseUrl: "https://api.twilio.com",
      }),
    },
    fetch,
  });

describe("inbound events carry the business number they were sent to", () => {
  it("Cloud API: metadata.phone_number_id and display_phone_number", () => {
    deepEqual(metaEvent().business, { id: "106540352242922", phone: "+15550783881" });
  });
  it("Twilio: To", () => {
    const [e] = parseWebhook(tw.inboundText, { provider: "twilio" }) as WebhookMessageEvent[];
    deepEqual(e!.business, { phone: "+14155238886" });
  });
});

describe("whatsapp({ numbers }): answers from the number written to", () => {
  it("reply, markRead and typing go through the event's number; plain sends through provider", async () => {
    const { urls, fetch } = stub();
    const wa = clients(fetch);
    const event = metaEvent();
    await wa.reply(event).text("Thanks, on it").to();
    await wa.markRead(event);
    await wa.typing(event);
    await wa.text("hello").to("+31612345678");
    deepEqual(urls, [
      "https://graph.facebook.com/v23.0/106540352242922/messages",
      "https://graph.facebook.com/v23.0/106540352242922/messages",
      "https://graph.facebook.com/v23.0/106540352242922/messages",
      "https://graph.facebook.com/v23.0/1/messages",
    ]);
  });

  it("routes by the E.164 number when that is all the event names (Twilio's To, Infobip's to)", async () => {
    const { urls, fetch } = stub();
    const wa = whatsapp({
      provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }),
      numbers: { "+15550783881": cloudApi({ accessToken: TOKEN, phoneNumberId: "222" }) },
      fetch,
    });
    await wa
      .reply({ ...metaEvent(), business: { phone: "+15550783881" } })
      .text("Hi")
      .to();
    equal(urls[0], "https://graph.facebook.com/v23.0/222/messages");
  });

  it("an event that names a number the map lacks is refused (never answered from another number)", async () => {
    const { urls, fetch } = stub();
    const wa = clients(fetch);
    const stray = { ...metaEvent(), business: { id: "999", phone: "+15550000000" } };
    throws(
      () => wa.reply(stray),
      issueAt("event.business", /999 \/ \+15550000000, which whatsapp\(\{ numbers \}\) does not list/),
    );
    await rejects(() => wa.markRead(stray), issueAt("event.business", /does not list/));
    // No number named: the client's provider.
    const { business: _, ...plain } = metaEvent();
    await wa.reply(plain).text("hi").to();
    deepEqual(urls, ["https://graph.facebook.com/v23.0/1/messages"]);
  });

  it("checks the map when the client is made", () => {
    const p = sandbox();
    for (const numbers of [[], "x", {}, { "": p }, { ["1".repeat(129)]: p }, { a: {} }, { a: () => p }])
      throws(
        // Given as plain JavaScript would: the types refuse these, the runtime must too.
        () => (whatsapp as (options: unknown) => unknown)({ provider: p, numbers }),
        (e: WaError) => isWaError(e) && e.code === "CONFIG",
      );
  });
});

describe("queue: enqueue({ number }) and createQueueConsumer({ numbers })", () => {
  const delivery = (body: unknown) => ({
    id: "d",
    body,
    attempts: 1,
    acked: 0,
    ack() {
      this.acked++;
    },
    retry() {},
  });

  it("sends through the number's provider; an unknown number fails unsent with CONFIG", async () => {
    const batches: { body: QueuedMessage }[] = [];
    const queue = {
      sendBatch: async (m: Iterable<{ body: unknown }>) => void batches.push(...([...m] as { body: QueuedMessage }[])),
    };
    const main = sandbox();
    const second = sandbox();
    const event = metaEvent();
    await enqueue(queue, whatsapp({ provider: main }).reply(event).text("Sure").to(), { number: event.business!.id! });
    await enqueue(queue, whatsapp({ provider: main }).text("plain").to("+31612345678"));
    await enqueue(queue, whatsapp({ provider: main }).text("stray").to("+31612345678"), { number: "777" });
    equal(batches[0]!.body.number, "106540352242922");
    ok(
      batches[0]!.body.key !==
        (await enqueue({ sendBatch: async () => {} }, whatsapp({ provider: main }).reply(event).text("Sure").to()))
          .keys[0],
    );
    const results: QueueResult[] = [];
    const consume = createQueueConsumer({
      provider: main,
      numbers: { "106540352242922": () => second },
      onResult: (r) => void results.push(r),
    });
    await consume({ queue: "q", messages: batches.map((b) => delivery(b.body) as unknown as QueueDelivery) });
    deepEqual(
      second.sent.map((m) => m.type === "text" && m.body),
      ["Sure"],
    );
    deepEqual(
      main.sent.map((m) => m.type === "text" && m.body),
      ["plain"],
    );
    const failed = results.find((r) => r.status === "failed");
    ok(failed && failed.status === "failed" && failed.error.code === "CONFIG" && /777/.test(failed.error.message));
  });

  it("refuses a malformed number and numbers map at once", async () => {
    const queue = { sendBatch: async () => {} };
    // Given as plain JavaScript would: the types refuse these, the runtime must too.
    const looseEnqueue = enqueue as (queue: unknown, messages: unknown, options: unknown) => Promise<unknown>;
    for (const number of ["", 5, "x".repeat(129)])
      await rejects(
        () => looseEnqueue(queue, [], { number }),
        (e: WaError) => e.code === "CONFIG",
      );
    throws(
      // @ts-expect-error: a number mapped to no provider, for the runtime check
      () => createQueueConsumer({ provider: sandbox(), numbers: { a: 5 } }),
      (e: WaError) => e.code === "CONFIG",
    );
  });
});
