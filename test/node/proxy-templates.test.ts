// createProxyHandler({ templates }): a page's template send through proxy() is checked against the
// server's definitions before any I/O (422 with the VALIDATION issues, nothing sent), and a
// provider that routes by them, cloudApi({ marketingMessages: true }), sends a MARKETING template
// to Meta's Marketing Messages API (POST /{PHONE_NUMBER_ID}/marketing_messages:
// https://developers.facebook.com/documentation/business-messaging/whatsapp/marketing-messages/send-marketing-messages).
// Without them such a handler could send no template at all (CONFIG on every one).
import { cloudApi, createProxyHandler, proxy, whatsapp } from "../../src/index.ts";
import { answer, templates } from "../fixtures/marketing-templates.ts";
import { deepEqual, describe, equal, hasCode, it, rejects, throws } from "../harness.ts";
import { mockServer } from "./server.ts";

const TO = "+31612345678";

async function setup() {
  const srv = await mockServer(() => ({ body: answer }));
  let handler: (request: Request) => Promise<Response>;
  try {
    handler = createProxyHandler({
      provider: cloudApi({
        accessToken: "EAAG-server",
        phoneNumberId: "106540352242922",
        baseUrl: srv.url,
        marketingMessages: true,
      }),
      authorize: () => true,
      templates,
    });
  } catch (e) {
    await srv.close();
    throw e;
  }
  const page = whatsapp({
    provider: proxy({ url: "https://shop.example/api/whatsapp" }),
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init)),
  });
  return { srv, page };
}

describe("createProxyHandler({ templates })", () => {
  it("routes a MARKETING template to /marketing_messages, a UTILITY one to /messages", async () => {
    const { srv, page } = await setup();
    try {
      await page.template("summer_sale", { language: "en_US", params: ["SUMMER20"] }).to(TO);
      await page.template("order_update", { language: "en_US", params: ["A-1"] }).to(TO);
      deepEqual(
        srv.seen.map((s) => s.url),
        ["/v23.0/106540352242922/marketing_messages", "/v23.0/106540352242922/messages"],
      );
    } finally {
      await srv.close();
    }
  });

  it("a template that does not match its definition is 422 VALIDATION, nothing sent", async () => {
    const { srv, page } = await setup();
    try {
      await rejects(
        async () => page.template("order_update", { language: "en_US", params: ["A-1", "extra"] }).to(TO),
        hasCode("VALIDATION", /order_update/),
      );
      equal(srv.seen.length, 0);
    } finally {
      await srv.close();
    }
  });

  it("templates that are not defineTemplates()' result: CONFIG at creation, naming the option", () => {
    throws(
      () =>
        createProxyHandler({
          provider: cloudApi({ accessToken: "t", phoneNumberId: "1" }),
          authorize: () => true,
          templates: {},
        }),
      hasCode("CONFIG", /templates.*defineTemplates\(\)/),
    );
  });
});
