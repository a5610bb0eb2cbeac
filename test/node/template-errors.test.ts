// Each provider's template errors become wafluent's `TEMPLATE`: at send time (the provider's error
// answer → a `ProviderError` with code TEMPLATE, the provider's detail and the fix, not retried)
// and in the failed status events (`error.code: "TEMPLATE"`). Against mock servers on 127.0.0.1.
import { cloudApi, infobip, isProviderError, twilio, whatsapp, parseWebhook } from "../../src/index.ts";
import type { WebhookStatusEvent } from "../../src/index.ts";
import * as fx from "../fixtures/template-errors.ts";
import { PARAMS_MISMATCH } from "../fixtures/meta-graph-errors.ts";
import { statusUndelivered } from "../fixtures/twilio/webhooks.ts";
import { failedReport } from "../fixtures/infobip.ts";
import { birdOutboundFailed, metaStatuses } from "../fixtures/webhooks.ts";
import { deepEqual, describe, equal, it, match, ok, rejects } from "../harness.ts";
import { mockServer } from "./server.ts";

const HX = "HXb5b62575e6e4ff6129ad7c8efe1f983e";
const SID = "AC0123456789abcdef0123456789abcdef";

/** The error of a failed status event read from `body`. */
function failure(body: unknown, provider: Parameters<typeof parseWebhook>[1]["provider"]) {
  const [event] = parseWebhook(body, { provider }) as WebhookStatusEvent[];
  equal(event?.type, "status");
  equal(event!.status, "failed");
  return event!.error!;
}

describe("TEMPLATE at send time", () => {
  for (const [name, answer, code] of [
    ["21656 (ContentVariables)", fx.twilioContentVariables, 21656],
    ["21655 (ContentSid)", fx.twilioContentSid, 21655],
  ] as const)
    it(`Twilio's ${name} is TEMPLATE with Twilio's sentence and the fix, sent once`, async () => {
      const srv = await mockServer(() => ({ status: 400, body: answer }));
      try {
        const provider = twilio({ accountSid: SID, authToken: "tok-123456", from: "+14155238886", baseUrl: srv.url });
        const wa = whatsapp({ provider, retry: { limit: 3 } });
        await rejects(
          wa
            .template(HX, { language: "en", params: ["A-1"] })
            .to("+31612345678")
            .send(),
          (e) => {
            ok(isProviderError(e));
            deepEqual([e.code, e.providerCode, e.retryable, e.status], ["TEMPLATE", code, false, 400]);
            match(e.message, new RegExp(answer.message.replace(/\./g, "\\.")));
            match(e.message, /wafluent templates pull/);
            return true;
          },
        );
        equal(srv.seen.length, 1);
      } finally {
        await srv.close();
      }
    });

  it("Twilio's other errors keep their codes (63016 is WINDOW_CLOSED, 21211 PROVIDER_ERROR)", async () => {
    let body: unknown = { code: 63016, message: "Outside the allowed window", status: 400 };
    const srv = await mockServer(() => ({ status: 400, body }));
    try {
      const provider = twilio({ accountSid: SID, authToken: "tok-123456", from: "+14155238886", baseUrl: srv.url });
      const wa = whatsapp({ provider });
      await rejects(wa.text("hi").to("+31612345678").send(), (e) => isProviderError(e) && e.code === "WINDOW_CLOSED");
      body = { code: 21211, message: "Invalid 'To' Phone Number", status: 400 };
      await rejects(wa.text("hi").to("+31612345678").send(), (e) => isProviderError(e) && e.code === "PROVIDER_ERROR");
    } finally {
      await srv.close();
    }
  });

  it("Meta's 132000 through the Cloud API is TEMPLATE with error_data.details (unchanged)", async () => {
    const srv = await mockServer(() => ({ status: 400, body: PARAMS_MISMATCH }));
    try {
      const wa = whatsapp({ provider: cloudApi({ accessToken: "T", phoneNumberId: "1", baseUrl: srv.url }) });
      await rejects(
        wa
          .template("order_update", { language: "en_US", params: ["A"] })
          .to("+31612345678")
          .send(),
        (e) => {
          ok(isProviderError(e));
          deepEqual([e.code, e.retryable], ["TEMPLATE", false]);
          match(e.message, /localizable_params \(2\) does not match the expected number of params \(1\)/);
          return true;
        },
      );
    } finally {
      await srv.close();
    }
  });

  it("Infobip's answer to a send names no template code: a refused send keeps its own code", async () => {
    const body = { requestError: { serviceException: { messageId: "BAD_REQUEST", text: "Bad request" } } };
    const srv = await mockServer(() => ({ status: 400, body }));
    try {
      const provider = infobip({ apiKey: "k".repeat(32), baseUrl: srv.url, from: "441134960000" });
      const wa = whatsapp({ provider });
      await rejects(
        wa
          .template("order_update", { language: "en", params: ["A"] })
          .to("+31612345678")
          .send(),
        (e) => isProviderError(e) && e.code === "PROVIDER_ERROR",
      );
    } finally {
      await srv.close();
    }
  });
});

describe("TEMPLATE in failed status events", () => {
  // Each provider's template failure, what its event's error reads, and a failure of another
  // kind (no `code`) from the same provider.
  const cases = [
    [
      "Twilio: ErrorCode 63027",
      "twilio",
      fx.twilioTemplateMissing,
      ["Twilio error 63027: see https://www.twilio.com/docs/api/errors/63027", "63027"],
      statusUndelivered,
    ],
    [
      "Twilio: ErrorCode 63028",
      "twilio",
      fx.twilioParamCount,
      ["Twilio error 63028: see https://www.twilio.com/docs/api/errors/63028", "63028"],
      statusUndelivered,
    ],
    [
      "Infobip: error 7008 EC_INVALID_TEMPLATE_ARGS",
      "infobip",
      fx.infobipTemplateArgs,
      ["Failed to match template parameters", "EC_INVALID_TEMPLATE_ARGS"],
      failedReport,
    ],
    [
      "Bird: WhatsApp's 132000 as the failure source's code",
      "bird",
      fx.birdParamCount,
      ["Number of parameters does not match the expected number of params", "1"],
      birdOutboundFailed,
    ],
    [
      "Cloud API: Meta's 132001 in errors[]",
      "cloudApi",
      fx.metaTemplateMissing,
      ["template name (order_update) does not exist in en_US", "132001"],
      metaStatuses,
    ],
    [
      "360dialog: Meta's 132001 in errors[]",
      "dialog360",
      fx.metaTemplateMissing,
      ["template name (order_update) does not exist in en_US", "132001"],
      metaStatuses,
    ],
  ] as const;
  for (const [name, provider, body, [message, providerCode], other] of cases)
    it(name, () => {
      deepEqual(failure(body, provider), { message, providerCode, code: "TEMPLATE" });
      const events = parseWebhook(other, { provider }) as WebhookStatusEvent[];
      const failed = events.filter((e) => e.type === "status" && e.status === "failed");
      equal(failed.length, 1);
      ok(failed[0]!.error!.providerCode);
      equal(failed[0]!.error!.code, undefined);
    });
});
