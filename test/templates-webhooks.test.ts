// Template drift, inbound: Meta's template webhook fields (test/fixtures/meta/template-webhooks.ts,
// Meta's reference pages) read into neutral `template` events, through the Cloud API and Kaleyra
// (which forwards Meta's format), and dispatched to `onTemplate` by the fetch handler.
import { createWebhookHandler, parseWebhook, type WebhookEvent, type WebhookTemplateEvent } from "../src/index.ts";
import { deepEqual, describe, equal, it } from "./harness.ts";
import * as fx from "./fixtures/meta/template-webhooks.ts";

const enc = new TextEncoder();
const noRaw = (events: WebhookEvent[]) => events.map(({ raw: _raw, ...rest }) => rest);
const common = {
  type: "template",
  provider: "cloudApi",
  name: "order_confirmation",
  language: "en-US",
  templateId: "1689556908129832",
} as const;

describe("template webhooks (Cloud API)", () => {
  it("message_template_status_update: the status, the category, and the reason unless NONE", () => {
    deepEqual(noRaw(parseWebhook(fx.approved, { provider: "cloudApi" })), [
      { ...common, change: "status", status: "APPROVED", category: "UTILITY", timestamp: "2025-02-12T00:43:44.000Z" },
    ]);
    deepEqual(noRaw(parseWebhook(fx.paused, { provider: "cloudApi" })), [
      {
        ...common,
        change: "status",
        status: "PAUSED",
        category: "MARKETING",
        reason: fx.PAUSE_DESCRIPTION,
        timestamp: "2025-02-12T00:43:44.000Z",
      },
    ]);
  });

  it("template_category_update: a completed change and an impending one", () => {
    deepEqual(noRaw(parseWebhook(fx.categoryChanged, { provider: "cloudApi" })), [
      {
        ...common,
        change: "category",
        category: "MARKETING",
        previousCategory: "UTILITY",
        timestamp: "2025-02-12T00:43:44.000Z",
      },
    ]);
    deepEqual(noRaw(parseWebhook(fx.categoryImpending, { provider: "cloudApi" })), [
      {
        ...common,
        change: "category",
        category: "UTILITY",
        correctCategory: "MARKETING",
        timestamp: "2025-02-19T00:43:44.000Z",
      },
    ]);
  });

  it("message_template_quality_update: the new and previous quality", () => {
    const [event] = parseWebhook(fx.quality, { provider: "cloudApi" }) as WebhookTemplateEvent[];
    deepEqual(noRaw([event!]), [
      {
        ...common,
        change: "quality",
        quality: "YELLOW",
        previousQuality: "GREEN",
        timestamp: "2025-02-12T00:43:44.000Z",
      },
    ]);
    deepEqual(event!.raw, fx.quality.entry[0]!.changes[0]!.value, "raw is Meta's value");
  });

  it("Kaleyra forwards Meta's format: the same events, tagged kaleyra", () => {
    const [event] = parseWebhook(fx.approved, { provider: "kaleyra" });
    equal(event!.type, "template");
    equal(event!.provider, "kaleyra");
  });

  it("a template change without a name or id is an unknown event, not an empty template event", () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [{ changes: [{ field: "template_category_update", value: {} }] }],
    };
    deepEqual(noRaw(parseWebhook(body, { provider: "cloudApi" })), [{ type: "unknown", provider: "cloudApi" }]);
  });

  it("createWebhookHandler dispatches them to onTemplate", async () => {
    const seen: WebhookTemplateEvent[] = [];
    const secret = "meta-app-secret";
    const handler = createWebhookHandler({
      provider: "cloudApi",
      secret,
      onTemplate: (e) => void seen.push(e),
      onUnknown: () => {
        throw new Error("no unknown event expected");
      },
    });
    const body = JSON.stringify(fx.paused);
    const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(body)));
    const signature = `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    const res = await handler(
      new Request("https://example.com/wh", { method: "POST", body, headers: { "x-hub-signature-256": signature } }),
    );
    equal(res.status, 200);
    deepEqual(
      seen.map((e) => [e.change, e.status]),
      [["status", "PAUSED"]],
    );
  });
});
