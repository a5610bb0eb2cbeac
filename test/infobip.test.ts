// Infobip: every kind it sends compiled to the exact URL, headers and body of Infobip's WhatsApp
// API pages (one endpoint per kind, numbers without "+", `App` key auth), every kind and envelope
// feature it cannot send refused before any I/O, its answers and error bodies read, and its
// inbound, delivery and seen webhooks parsed to neutral events.
import {
  infobip,
  message,
  parseWebhook,
  isValidationError,
  isWaError,
  type Kind,
  type Outgoing,
  type ValidationError,
  type WaError,
} from "../src/index.ts";
import { samplesTo, unsupportedBy } from "./provider-samples.ts";
import { describe, it, ok, equal, deepEqual, throws } from "./harness.ts";
import { MEDIA_HEADERS } from "./kinds.ts";
import * as fx from "./fixtures/infobip.ts";

const TO = "+31612345678";
const BASE = "https://xyz12.api.infobip.com";
const provider = infobip({ baseUrl: BASE, apiKey: "IB-KEY-123", from: "+441134960000" });
const HEADERS = { authorization: "App IB-KEY-123", "content-type": "application/json", accept: "application/json" };
const compile = (out: Outgoing) => out.compile(provider);
const body = (out: Outgoing) => compile(out).body as any;
const envelope = { from: "441134960000", to: "31612345678" };

const samples = samplesTo(TO);

const unsupported = unsupportedBy("infobip");

describe("infobip: Infobip's request shapes, rebuilt", () => {
  // infobip.com/docs/api#channels/whatsapp/send-whatsapp-text-message:
  // POST /whatsapp/1/message/text {from, to, messageId?, content: {text, previewUrl?}, callbackData?, notifyUrl?}
  it("text: /whatsapp/1/message/text with App auth, numbers without +, previewUrl, callbackData from .ref()", () => {
    const req = compile(
      message
        .text("See https://infobip.com", { previewUrl: true })
        .ref({ orderId: "ORD123" })
        .options({ infobip: { notifyUrl: "https://me.example/dlr", messageId: "my-1" } })
        .to(TO),
    );
    equal(req.url, `${BASE}/whatsapp/1/message/text`);
    equal(req.method, "POST");
    deepEqual(req.headers, HEADERS);
    deepEqual(req.body, {
      ...envelope,
      messageId: "my-1",
      content: { text: "See https://infobip.com", previewUrl: true },
      callbackData: '{"orderId":"ORD123"}',
      notifyUrl: "https://me.example/dlr",
    });
    deepEqual(body(message.text("hi").to(TO)), { ...envelope, content: { text: "hi" } });
  });

  it("media: one endpoint per kind, mediaUrl, caption where Infobip takes one, a document's filename", () => {
    const cases: [Outgoing, string, Record<string, unknown>][] = [
      [
        message.image({ url: "https://e.com/a.png", caption: "Menu" }).to(TO),
        "image",
        { mediaUrl: "https://e.com/a.png", caption: "Menu" },
      ],
      [
        message.video({ url: "https://e.com/a.mp4", caption: "Clip" }).to(TO),
        "video",
        { mediaUrl: "https://e.com/a.mp4", caption: "Clip" },
      ],
      [message.audio("https://e.com/a.mp3").to(TO), "audio", { mediaUrl: "https://e.com/a.mp3" }],
      [message.sticker("https://e.com/a.webp").to(TO), "sticker", { mediaUrl: "https://e.com/a.webp" }],
      [
        message.document({ url: "https://e.com/a.pdf", caption: "Invoice", filename: "invoice.pdf" }).to(TO),
        "document",
        { mediaUrl: "https://e.com/a.pdf", caption: "Invoice", filename: "invoice.pdf" },
      ],
    ];
    for (const [out, path, content] of cases) {
      const req = compile(out);
      equal(req.url, `${BASE}/whatsapp/1/message/${path}`);
      deepEqual(req.body, { ...envelope, content }, path);
    }
    unsupported(() => compile(message.image({ id: "1234567890" }).to(TO)), /image by media id/);
  });

  it("location and contact cards (Infobip's camelCase card, upper-case types)", () => {
    const loc = compile(
      message.location({ latitude: 45.8144, longitude: 15.9779, name: "Office", address: "Zagreb" }).to(TO),
    );
    equal(loc.url, `${BASE}/whatsapp/1/message/location`);
    deepEqual((loc.body as any).content, { latitude: 45.8144, longitude: 15.9779, name: "Office", address: "Zagreb" });
    const card = compile(
      message
        .contacts([
          {
            name: { formatted_name: "Ada Lovelace", first_name: "Ada", last_name: "Lovelace" },
            phones: [{ phone: "+441134960000", type: "work", wa_id: "441134960000" }],
            emails: [{ email: "ada@example.com", type: "WORK" }],
            addresses: [{ city: "London", country_code: "GB", type: "HOME" }],
            org: { company: "Analytical" },
            birthday: "1815-12-10",
          },
        ])
        .to(TO),
    );
    equal(card.url, `${BASE}/whatsapp/1/message/contact`);
    deepEqual((card.body as any).content, {
      contacts: [
        {
          name: { firstName: "Ada", lastName: "Lovelace", formattedName: "Ada Lovelace" },
          phones: [{ phone: "+441134960000", type: "WORK", waId: "441134960000" }],
          emails: [{ email: "ada@example.com", type: "WORK" }],
          addresses: [{ city: "London", countryCode: "GB", type: "HOME" }],
          org: { company: "Analytical" },
          birthday: "1815-12-10",
        },
      ],
    });
    // Infobip requires firstName: a card with only a formatted name sends it as the first name.
    deepEqual(body(samples.contacts()).content.contacts[0].name, { firstName: "Ada", formattedName: "Ada" });
  });

  // infobip.com/docs/api#channels/whatsapp/send-whatsapp-interactive-buttons-message:
  // {content: {body: {text}, action: {buttons: [{type: "REPLY", id, title}]}, header?, footer?}}
  it("reply buttons: /interactive/buttons with REPLY buttons, a text or media header, a footer", () => {
    const req = compile(
      message
        .text("Pick a slot")
        .buttons([
          { id: "am", title: "Morning" },
          { id: "pm", title: "Afternoon" },
        ])
        .header("Appointments")
        .footer("Reply to choose")
        .to(TO),
    );
    equal(req.url, `${BASE}/whatsapp/1/message/interactive/buttons`);
    deepEqual(req.body, {
      ...envelope,
      content: {
        body: { text: "Pick a slot" },
        action: {
          buttons: [
            { type: "REPLY", id: "am", title: "Morning" },
            { type: "REPLY", id: "pm", title: "Afternoon" },
          ],
        },
        header: { type: "TEXT", text: "Appointments" },
        footer: { text: "Reply to choose" },
      },
    });
    for (const header of MEDIA_HEADERS) {
      const [type, url] = Object.entries(header)[0]!;
      const out = message.text("b").buttons(["A"]).header(header).to(TO);
      deepEqual(body(out).content.header, { type: type.toUpperCase(), mediaUrl: url }, `${type} header`);
    }
  });

  it("lists: /interactive/list with action.title, sections, a text header and a footer", () => {
    const req = compile(
      message
        .text("Pick a size")
        .list("Sizes", [
          { title: "Shirts", rows: [{ id: "s", title: "Small", description: "Fits 36" }, "Large"] },
          { title: "Hats", rows: ["One size"] },
        ])
        .header("Shop")
        .footer("Thanks")
        .to(TO),
    );
    equal(req.url, `${BASE}/whatsapp/1/message/interactive/list`);
    const content = (req.body as any).content;
    deepEqual(content.body, { text: "Pick a size" });
    deepEqual(content.header, { type: "TEXT", text: "Shop" });
    deepEqual(content.footer, { text: "Thanks" });
    equal(content.action.title, "Sizes");
    deepEqual(content.action.sections[0].rows[0], { id: "s", title: "Small", description: "Fits 36" });
    equal(content.action.sections[1].title, "Hats");
    equal(content.action.sections.length, 2);
  });

  // infobip.com/docs/api/channels/whatsapp/whatsapp-outbound-messages/send-whatsapp-template-message:
  // {messages: [{from, to, content: {templateName, templateData: {body: {placeholders}, header?, buttons?}, language}}]}
  it("templates: /whatsapp/1/message/template, messages[], placeholders, header and buttons in order", () => {
    const req = compile(
      message
        .template("order_update", {
          language: "en",
          params: ["Ada", "ORD-1"],
          header: { image: "https://e.com/i.png" },
          buttons: [
            { type: "url", index: 1, text: "ORD-1" },
            { type: "quickReply", index: 0, payload: "STOP" },
          ],
        })
        .ref("r-1")
        .to(TO),
    );
    equal(req.url, `${BASE}/whatsapp/1/message/template`);
    deepEqual(req.headers, HEADERS);
    deepEqual(req.body, {
      messages: [
        {
          ...envelope,
          content: {
            templateName: "order_update",
            templateData: {
              body: { placeholders: ["Ada", "ORD-1"] },
              header: { type: "IMAGE", mediaUrl: "https://e.com/i.png" },
              buttons: [
                { type: "QUICK_REPLY", parameter: "STOP" },
                { type: "URL", parameter: "ORD-1" },
              ],
            },
            language: "en",
          },
          callbackData: '"r-1"',
        },
      ],
    });
    deepEqual(
      body(samples.template()).messages[0].content.templateData,
      { body: { placeholders: [] } },
      "placeholders is required",
    );
    deepEqual(
      body(message.template("t", { language: "en", header: "Hello" }).to(TO)).messages[0].content.templateData.header,
      { type: "TEXT", placeholder: "Hello" },
    );
    deepEqual(
      body(
        message
          .template("t", { language: "en", header: { document: { url: "https://e.com/a.pdf", filename: "a.pdf" } } })
          .to(TO),
      ).messages[0].content.templateData.header,
      { type: "DOCUMENT", mediaUrl: "https://e.com/a.pdf", filename: "a.pdf" },
    );
    unsupported(
      () => compile(message.template("t", { language: "en", header: { document: "https://e.com/a.pdf" } }).to(TO)),
      /template document headers without a file name/,
    );
    unsupported(
      () => compile(message.template("t", { language: "en", variables: { name: "Ada" } }).to(TO)),
      /named template variables/,
    );
    unsupported(
      () => compile(message.template("t", { language: "en", buttons: [{ type: "quickReply", payload: true }] }).to(TO)),
      /boolean/,
    );
    unsupported(
      () => compile(message.template("t", { language: "en", buttons: [{ type: "flow" }] }).to(TO)),
      /flow template buttons/,
    );
  });

  it("every kind the table refuses, a reply context and a BSUID are UnsupportedErrors before any I/O", () => {
    for (const kind of ["reaction", "link", "locationRequest", "product", "productList", "catalog", "flow"] as const) {
      const e = unsupported(() => compile(samples[kind]()), new RegExp(`^${kind} messages$`));
      ok(e.message.length > 40, `${kind}: the hint says what to do`);
      ok(!provider.kinds.includes(kind), kind);
    }
    for (const kind of Object.keys(samples) as Kind[])
      if (provider.kinds.includes(kind))
        ok(compile(samples[kind]()).url.startsWith(`${BASE}/whatsapp/1/message/`), kind);
    unsupported(() => compile(message.text("hi").replyTo("ABEGOFl3VCQoAhBalbc6rTQT6mgS29EmGZ7a").to(TO)), /replies/);
    unsupported(() => compile(message.text("hi").to("US.13491208655302741918")), /business-scoped user ID/);
  });

  it("options: unknown keys, a long messageId, a bad notifyUrl and an over-long ref are ValidationErrors naming the path", () => {
    const path = (fn: () => unknown, p: string) =>
      equal(throws<ValidationError>(fn, (e) => isValidationError(e) && e.code === "VALIDATION").issues[0]!.path, p);
    path(
      () =>
        compile(
          message
            .text("hi")
            // @ts-expect-error: mistyped on purpose, for the runtime check
            .options({ infobip: { notifyURL: "x" } })
            .to(TO),
        ),
      "options.infobip",
    );
    path(
      () =>
        compile(
          message
            .text("hi")
            .options({ infobip: { messageId: "x".repeat(51) } })
            .to(TO),
        ),
      "options.infobip.messageId",
    );
    path(
      () =>
        compile(
          message
            .text("hi")
            .options({ infobip: { notifyUrl: "not a url" } })
            .to(TO),
        ),
      "options.infobip.notifyUrl",
    );
    path(() => compile(message.text("hi").ref("x".repeat(4000)).to(TO)), "ref");
    equal(body(message.text("hi").ref("x".repeat(3998)).to(TO)).callbackData.length, 4000);
  });
});

describe("infobip: settings", () => {
  const config = (over: Record<string, unknown>) =>
    throws<WaError>(
      () => infobip({ baseUrl: BASE, apiKey: "k", from: "+441134960000", ...over }),
      (e) => isWaError(e) && e.code === "CONFIG",
    );
  it("baseUrl is required and https (http only to a loopback test server); a bare host is refused", () => {
    ok(/infobip\(\) `baseUrl` is missing/.test(config({ baseUrl: undefined }).message));
    ok(/`baseUrl` must use https:/.test(config({ baseUrl: "http://xyz12.api.infobip.com" }).message));
    ok(/`baseUrl`/.test(config({ baseUrl: "ftp://xyz12.api.infobip.com" }).message));
    ok(/`baseUrl`/.test(config({ baseUrl: `${BASE}?x=1` }).message));
    ok(/`baseUrl` is not an absolute URL/.test(config({ baseUrl: "xyz12.api.infobip.com" }).message));
    equal(
      infobip({ baseUrl: "http://127.0.0.1:8080/", apiKey: "k", from: "1234" }).compile(samples.text().message).url,
      "http://127.0.0.1:8080/whatsapp/1/message/text",
    );
  });
  it("apiKey and from are required and checked, never echoed", () => {
    ok(/`apiKey` is missing/.test(config({ apiKey: undefined }).message));
    const e = config({ apiKey: "sécret" });
    ok(/`apiKey` contains characters/.test(e.message) && !e.message.includes("sécret"));
    ok(/`from` is not a phone number/.test(config({ from: "InfoSender" }).message));
    ok(/`from` is missing/.test(config({ from: undefined }).message));
    ok(/`fromm` looks like a misspelling|did you mean `from`/.test(config({ fromm: "1" }).message));
  });
});

describe("infobip: answers", () => {
  const answer = (status: number, b: unknown) => ({ status, body: b, headers: new Headers() });
  it("a session or template answer gives the messageId; a REJECTED status in a 200 is a failure", () => {
    deepEqual(provider.parseSuccess(answer(200, fx.accepted("2250be2d4219-3af1-78856-aabe-1362af1edfd2"))), {
      id: "2250be2d4219-3af1-78856-aabe-1362af1edfd2",
      status: "accepted",
    });
    deepEqual(provider.parseSuccess(answer(200, { messages: [fx.accepted("m-2")], bulkId: "b-1" })), {
      id: "m-2",
      status: "accepted",
    });
    const rejected = provider.parseSuccess(
      answer(200, {
        ...fx.accepted("m-3"),
        status: {
          groupId: 5,
          groupName: "REJECTED",
          id: 12,
          name: "REJECTED_NOT_ENOUGH_CREDITS",
          description: "Not enough credits",
        },
      }),
    ) as any;
    equal(rejected.failed, true);
    equal(rejected.providerCode, "REJECTED_NOT_ENOUGH_CREDITS");
    ok(/Not enough credits/.test(rejected.message));
    equal((provider.parseSuccess(answer(200, {})) as any).failed, true);
  });
  it("requestError.serviceException: text, field errors, messageId as providerCode, VALIDATION on a 400 with fields", () => {
    const bad = provider.parseError(answer(400, fx.badRequest)) as any;
    equal(bad.code, "VALIDATION");
    equal(bad.providerCode, "BAD_REQUEST");
    equal(bad.message, "Bad request (content.text: size must be between 1 and 4096; must not be blank).");
    const auth = provider.parseError(answer(401, fx.serviceError("UNAUTHORIZED", "Invalid login details"))) as any;
    equal(auth.providerCode, "UNAUTHORIZED");
    equal(auth.code, undefined, "401 becomes AUTH by the core's default");
    ok(/^Invalid login details\. Check the API key/.test(auth.message));
    equal((provider.parseError(answer(403, fx.serviceError("FORBIDDEN", "Forbidden"))) as any).code, undefined);
    equal(
      (provider.parseError(answer(500, fx.serviceError("GENERAL_ERROR", "Something went wrong"))) as any).retryable,
      undefined,
      "the core decides: 503 only, a 500 may have been accepted",
    );
    equal((provider.parseError(answer(400, fx.serviceError("BAD_REQUEST", "Bad request"))) as any).code, undefined);
    ok(/Infobip answered 502/.test((provider.parseError(answer(502, "<html>Bad gateway</html>")) as any).message));
  });
});

describe("infobip: webhooks", () => {
  const noRaw = (body: unknown) => parseWebhook(body, { provider: "infobip" }).map(({ raw: _r, ...rest }) => rest);
  it("inbound messages (MO_OTT_CONTACT): text with the contact's name, image, location, a button reply with its context", () => {
    deepEqual(noRaw(fx.inboundText), [
      {
        type: "message",
        provider: "infobip",
        id: "ABEGOFl3VCQoAhBalbc6rTQT6mgS29EmGZ7a",
        from: "+385919998888",
        name: "Frank",
        timestamp: "2019-07-19T11:23:26.998Z",
        message: { type: "text", body: "Support hello" },
        business: { phone: "+1234" },
        serviceWindowExpiresAt: "2019-07-20T11:23:26.998Z",
      },
    ]);
    const [image, location, button] = noRaw(fx.inboundMixed) as any[];
    deepEqual(image.message, {
      type: "image",
      media: { url: fx.inboundMixed.results[0]!.message.url, caption: "Broken box" },
    });
    deepEqual(location.message, { type: "location", location: { latitude: 45.8144, longitude: 15.9779 } });
    deepEqual(button.message, { type: "buttonReply", id: "yes", title: "Yes" });
    equal(button.replyTo, "a28dd97c-1ffb-4fcf-99f1-0b557ed381da");
  });
  it("delivery reports: DELIVERED, a failure with its error and the echoed callbackData as ref; seen reports are read", () => {
    deepEqual(noRaw(fx.deliveryReport), [
      {
        type: "status",
        provider: "infobip",
        id: "fb469d73-d362-463f-b30f-1e959b53badc",
        status: "delivered",
        providerStatus: "DELIVERED_TO_HANDSET",
        recipient: "+41793026731",
        timestamp: "2019-04-09T19:01:56.494Z",
      },
    ]);
    const [failed] = noRaw(fx.failedReport) as any[];
    equal(failed.status, "failed");
    deepEqual(failed.error, { message: "Message not delivered", providerCode: "EC_PENDING_DELIVERY_NOT_POSSIBLE" });
    deepEqual(failed.ref, { orderId: "ORD123" });
    const [read] = noRaw(fx.seenReport) as any[];
    deepEqual(
      [read.status, read.id, read.timestamp],
      ["read", "1215f543ab19-345f-adbd-12ad31451ed25f35", "2018-12-12T11:21:58.251Z"],
    );
  });
  it("odd bodies become unknown events, never a throw", () => {
    for (const odd of [
      null,
      {},
      { results: [] },
      { results: [null, 1, {}] },
      { results: [{ message: { type: "TEXT" } }] },
      "x",
    ])
      for (const e of parseWebhook(odd, { provider: "infobip" })) equal(e.type, "unknown");
    const other = parseWebhook(
      { results: [{ ...fx.inboundText.results[0], message: { type: "ORDER" } }] },
      { provider: "infobip" },
    );
    deepEqual((other[0] as any).message, { type: "other", providerType: "ORDER" });
    const pending = parseWebhook(
      { results: [{ ...fx.deliveryReport.results[0], status: { groupName: "PENDING", name: "PENDING_ACCEPTED" } }] },
      { provider: "infobip" },
    );
    equal((pending[0] as any).status, "accepted");
  });
});
