// The queue consumer and template definitions: cloudApi({ marketingMessages: true }) routes by the
// definitions a client gives it (each client its own copy), so a consumer is given them too:
// createQueueConsumer({ provider, templates }) sends a MARKETING template to Meta's Marketing
// Messages API (POST /{PHONE_NUMBER_ID}/marketing_messages, as
// https://developers.facebook.com/documentation/business-messaging/whatsapp/marketing-messages/send-marketing-messages
// documents) and checks each queued template against them before any I/O, as whatsapp() does.
// Without them such a consumer could send no template at all (CONFIG on every one).
import {
  cloudApi,
  createQueueConsumer,
  idempotencyKey,
  type Message,
  message,
  type QueueDelivery,
  type QueueResult,
} from "../../src/index.ts";
import { answer, templates } from "../fixtures/marketing-templates.ts";
import { deepEqual, describe, equal, hasCode, it, throws } from "../harness.ts";
import { delivery } from "../queue-fakes.ts";
import { mockServer } from "./server.ts";

const TO = "+31612345678";
const queued = async (out: { readonly message: Message }) => {
  const msg = out.message;
  return delivery({ v: 1, key: await idempotencyKey(msg), message: msg, at: 0 }) as QueueDelivery & { acked: number };
};

describe("createQueueConsumer({ templates })", () => {
  it("a MARKETING template goes to /marketing_messages, a UTILITY one to /messages", async () => {
    const srv = await mockServer(() => ({ body: answer }));
    try {
      const results: QueueResult[] = [];
      const provider = cloudApi({
        accessToken: "EAAG-token",
        phoneNumberId: "106540352242922",
        baseUrl: srv.url,
        marketingMessages: true,
      });
      const consume = createQueueConsumer({ provider, templates, onResult: (r) => void results.push(r) });
      const sale = await queued(message.template("summer_sale", { language: "en_US", params: ["SUMMER20"] }).to(TO));
      const order = await queued(message.template("order_update", { language: "en_US", params: ["A-1"] }).to(TO));
      await consume({ queue: "q", messages: [sale, order] });
      deepEqual(
        results.map((r) => r.status),
        ["accepted", "accepted"],
      );
      deepEqual(srv.seen.map((s) => s.url).sort(), [
        "/v23.0/106540352242922/marketing_messages",
        "/v23.0/106540352242922/messages",
      ]);
    } finally {
      await srv.close();
    }
  });

  it("a queued template that does not match its definition fails with VALIDATION, nothing sent", async () => {
    const srv = await mockServer(() => ({ body: answer }));
    try {
      const results: QueueResult[] = [];
      const consume = createQueueConsumer({
        provider: cloudApi({ accessToken: "EAAG-token", phoneNumberId: "106540352242922", baseUrl: srv.url }),
        templates,
        onResult: (r) => void results.push(r),
      });
      const wrong = await queued(
        message.template("order_update", { language: "en_US", params: ["A-1", "extra"] }).to(TO),
      );
      await consume({ queue: "q", messages: [wrong] });
      equal(wrong.acked, 1);
      equal(results[0]!.status, "failed");
      equal(results[0]!.status === "failed" && results[0]!.error.code, "VALIDATION");
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });

  it("templates that are not defineTemplates()' result: CONFIG at creation, naming the option", () => {
    throws(
      () => createQueueConsumer({ provider: cloudApi({ accessToken: "t", phoneNumberId: "1" }), templates: {} }),
      hasCode("CONFIG", /templates.*defineTemplates\(\)/),
    );
  });
});
