// cloudApi({ marketingMessages: true }): templates whose definition is MARKETING go to Meta's
// Marketing Messages API (POST /{PHONE_NUMBER_ID}/marketing_messages, the body of /messages, as
// https://developers.facebook.com/documentation/business-messaging/whatsapp/marketing-messages/send-marketing-messages
// documents), everything else to /messages; against a mock Graph API on 127.0.0.1.
import { cloudApi, isWaError, whatsapp } from "../../src/index.ts";
import { defineTemplates } from "../../src/templates.ts";
import { answer, templates } from "../fixtures/marketing-templates.ts";
import { withMedia } from "../../src/media.ts";
import { deepEqual, describe, equal, it, ok, rejects, throws } from "../harness.ts";
import { mockServer } from "./server.ts";

describe("cloudApi({ marketingMessages: true })", () => {
  it("a MARKETING template goes to /marketing_messages with the /messages body; others to /messages", async () => {
    const srv = await mockServer(() => ({ body: answer }));
    try {
      const provider = cloudApi({
        accessToken: "EAAG-token",
        phoneNumberId: "106540352242922",
        baseUrl: srv.url,
        marketingMessages: true,
      });
      const wa = whatsapp({ provider, templates });
      const res = await wa.template("summer_sale", { language: "en_US", params: ["SUMMER20"] }).to("+31612345678");
      equal(res.id, answer.messages[0]!.id);
      await wa.template("summer_sale", { language: "es", params: ["VERANO"] }).to("+31612345678");
      await wa.template("order_update", { language: "en_US", params: ["A-1"] }).to("+31612345678");
      await wa.text("hi").to("+31612345678");
      deepEqual(
        srv.seen.map((s) => s.url),
        [
          "/v23.0/106540352242922/marketing_messages",
          "/v23.0/106540352242922/messages",
          "/v23.0/106540352242922/messages",
          "/v23.0/106540352242922/messages",
        ],
      );
      deepEqual(JSON.parse(srv.seen[0]!.body), {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: "+31612345678",
        type: "template",
        template: {
          name: "summer_sale",
          language: { code: "en_US" },
          components: [{ type: "body", parameters: [{ type: "text", text: "SUMMER20" }] }],
        },
      });
    } finally {
      await srv.close();
    }
  });

  it("without it, a MARKETING template goes to /messages", () => {
    const wa = whatsapp({ provider: cloudApi({ accessToken: "T", phoneNumberId: "1" }), templates });
    ok(
      wa
        .template("summer_sale", { language: "en_US", params: ["X"] })
        .to("+31612345678")
        .compile()
        .url.endsWith("/1/messages"),
    );
  });

  it("a template without definitions is CONFIG, naming whatsapp({ templates }); other kinds are not affected", async () => {
    const wa = whatsapp({ provider: cloudApi({ accessToken: "T", phoneNumberId: "1", marketingMessages: true }) });
    const out = wa.template("summer_sale", { language: "en_US", params: ["X"] }).to("+31612345678");
    throws(
      () => out.compile(),
      (e) => isWaError(e) && e.code === "CONFIG" && e.message.includes("whatsapp({ provider, templates })"),
    );
    await rejects(out.send(), (e) => isWaError(e) && e.code === "CONFIG");
    ok(wa.text("hi").to("+31612345678").compile().url.endsWith("/1/messages"));
  });

  it("marketingMessages must be a boolean", () => {
    throws(
      () => cloudApi({ accessToken: "T", phoneNumberId: "1", marketingMessages: "yes" as unknown as boolean }),
      (e) => isWaError(e) && e.code === "CONFIG" && e.message.includes("marketingMessages"),
    );
  });
});

describe("cloudApi({ marketingMessages: true }) shared by several clients", () => {
  // The same template is MARKETING in one app's definitions and UTILITY in the other's.
  const utility = defineTemplates({
    summer_sale: {
      en_US: { category: "UTILITY", parameterFormat: "positional", body: { text: "Code {{1}}.", params: ["1"] } },
    },
  } as const);

  it("each client routes by its own definitions, whichever was made last", () => {
    const provider = cloudApi({ accessToken: "T", phoneNumberId: "1", marketingMessages: true });
    const marketing = whatsapp({ provider, templates });
    const other = whatsapp({ provider, templates: utility });
    const sale = { language: "en_US", params: ["X"] } as const;
    const url = (out: { compile(): { url: string } }) => out.compile().url;
    ok(url(marketing.template("summer_sale", sale).to("+31612345678")).endsWith("/1/marketing_messages"));
    ok(url(other.template("summer_sale", sale).to("+31612345678")).endsWith("/1/messages"));
    // Made again in the other order: still each by its own.
    const again = whatsapp({ provider, templates });
    ok(url(other.template("summer_sale", sale).to("+31612345678")).endsWith("/1/messages"));
    ok(url(again.template("summer_sale", sale).to("+31612345678")).endsWith("/1/marketing_messages"));
  });

  it("the provider given is left as it was: compiled on its own, a template still needs definitions", () => {
    const provider = cloudApi({ accessToken: "T", phoneNumberId: "1", marketingMessages: true });
    const wa = whatsapp({ provider, templates });
    const out = wa.template("summer_sale", { language: "en_US", params: ["X"] }).to("+31612345678");
    ok(out.compile().url.endsWith("/1/marketing_messages"));
    throws(
      () => out.compile(provider),
      (e) => isWaError(e) && e.code === "CONFIG" && e.message.includes("whatsapp({ provider, templates })"),
    );
    ok(wa.provider !== provider && wa.provider.name === "cloudApi");
  });

  it("withMedia(cloudApi({ marketingMessages: true })): the client's own copy routes and keeps uploads and downloads", () => {
    const provider = withMedia(cloudApi({ accessToken: "T", phoneNumberId: "1", marketingMessages: true }));
    const wa = whatsapp({ provider, templates });
    const out = wa.template("summer_sale", { language: "en_US", params: ["X"] }).to("+31612345678");
    ok(out.compile().url.endsWith("/1/marketing_messages"));
    ok(wa.provider !== provider && wa.provider.media !== undefined && typeof wa.provider.download === "function");
  });

  it("a number's provider in whatsapp({ numbers }) routes by the client's definitions too", () => {
    const provider = cloudApi({ accessToken: "T", phoneNumberId: "1", marketingMessages: true });
    const second = cloudApi({ accessToken: "T", phoneNumberId: "2", marketingMessages: true });
    const wa = whatsapp({ provider, templates, numbers: { "1": provider, "2": second } });
    const event = {
      type: "message" as const,
      provider: "cloudApi" as const,
      id: "wamid.X",
      from: "+31612345678",
      timestamp: "2026-01-01T00:00:00.000Z",
      message: { type: "text" as const, body: "hi" },
      business: { id: "2" },
      raw: {},
    };
    const url = wa
      .reply(event)
      .template("summer_sale", { language: "en_US", params: ["X"] })
      .to()
      .compile().url;
    ok(url.endsWith("/2/marketing_messages"), url);
  });
});
