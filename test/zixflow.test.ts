// Zixflow: the shapes of Zixflow's pages rebuilt with the builder and compared deep-equal,
// template routing and variables, `status:false` answers, and every kind Zixflow cannot send.
import {
  zixflow,
  message,
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

const TO = "+13023895111";
const MESSAGE = "https://api.zixflow.com/api/v1/campaign/whatsapp/message/send";
const TEMPLATE = "https://api.zixflow.com/api/v1/campaign/whatsapp/send";
const provider = zixflow({ apiKey: "ZX-KEY", phoneId: "104898309288724" });
const body = (out: Outgoing) => out.compile(provider).body as any;

const samples = samplesTo(TO);

const unsupported = unsupportedBy("zixflow");

describe("zixflow: Zixflow's request shapes, rebuilt", () => {
  // Zixflow's interactive-buttons API page (docs.zixflow.com) has no JSON sample, only its field
  // list: to, phoneId, type "interactive", interactive{type "button", header{type, text | image |
  // video | document as URL strings}, body{text}, footer{text}, action{buttons[{type "reply",
  // reply{id, title}}]}}, source "API", linkWithRecord, submissionStatus. This is that shape.
  it("the API page: interactive reply buttons, with each header type", () => {
    const req = message
      .text("Pick a slot")
      .buttons([
        { id: "am", title: "Morning" },
        { id: "pm", title: "Afternoon" },
      ])
      .header("Appointments")
      .footer("Reply to choose")
      .options({ zixflow: { linkWithRecord: true } })
      .to(TO)
      .compile(provider);
    equal(req.url, MESSAGE);
    equal(req.method, "POST");
    deepEqual(req.headers, { authorization: "Bearer ZX-KEY", "content-type": "application/json" });
    deepEqual(req.body, {
      to: "13023895111",
      phoneId: "104898309288724",
      type: "interactive",
      interactive: {
        type: "button",
        header: { type: "text", text: "Appointments" },
        body: { text: "Pick a slot" },
        footer: { text: "Reply to choose" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "am", title: "Morning" } },
            { type: "reply", reply: { id: "pm", title: "Afternoon" } },
          ],
        },
      },
      source: "API",
      linkWithRecord: true,
      submissionStatus: true,
    });
    for (const header of MEDIA_HEADERS) {
      const [type, url] = Object.entries(header)[0]!;
      const out = message.text("b").buttons(["A"]).header(header).to(TO);
      deepEqual(body(out).interactive.header, { type, [type]: url }, `${type} header is a URL string`);
    }
    equal(body(message.text("b").buttons(["A"]).to(TO)).interactive.header, undefined);
  });

  // docs.zixflow.com …/messages/text-messages, …/image-message, …/location-message samples.
  it("text, image and location", () => {
    deepEqual(body(message.text("See https://zixflow.com", { previewUrl: true }).to(TO)), {
      to: "13023895111",
      phoneId: "104898309288724",
      type: "text",
      text: { preview_url: true, body: "See https://zixflow.com" },
      source: "API",
      submissionStatus: true,
    });
    equal(body(message.text("x").to(TO)).text.preview_url, false);
    deepEqual(body(message.image({ url: "https://e.com/a.png", caption: "Menu" }).to(TO)).image, {
      link: "https://e.com/a.png",
      caption: "Menu",
    });
    deepEqual(body(message.image("https://e.com/a.png").to(TO)).image, { link: "https://e.com/a.png" });
    deepEqual(
      body(message.location({ latitude: 12.9363301, longitude: 77.6084231, name: "Office", address: "MG Road" }).to(TO))
        .location,
      { latitude: "12.9363301", longitude: "77.6084231", name: "Office", address: "MG Road" },
    );
  });

  // docs.zixflow.com …/send-whatsapp-message: the sample request, and the variables section
  // (keyName "image" for "Header Image", "body_1" for "Body 1").
  it("templates go to /campaign/whatsapp/send with templateName, language and variables", () => {
    // The sample's video link is http://; wafluent takes https links only, so it is https here.
    const req = message
      .template("marketing_sample_2", {
        language: "en",
        header: { video: "https://techslides.com/demos/sample-videos/small.mp4" },
      })
      .to(TO)
      .compile(provider);
    equal(req.url, TEMPLATE);
    deepEqual(req.body, {
      to: "13023895111",
      phoneId: "104898309288724",
      templateName: "marketing_sample_2",
      language: "en",
      variables: { video: "https://techslides.com/demos/sample-videos/small.mp4" },
      source: "API",
      submissionStatus: true,
    });
    deepEqual(
      body(
        message
          .template("t", { language: "en_US", header: { image: "https://e.com/i.png" }, params: ["Ada", 3] })
          .to(TO),
      ).variables,
      { image: "https://e.com/i.png", body_1: "Ada", body_2: "3" },
    );
    deepEqual(body(message.template("t", { language: "en", variables: { name: "Ada", vip: true } }).to(TO)).variables, {
      name: "Ada",
      vip: true,
    });
    deepEqual(
      body(message.template("t", { language: "en" }).to(TO)).variables,
      {},
      "variables is required: {} when none",
    );
    const r = body(
      message
        .template("t", { language: "en" })
        .options({
          zixflow: {
            reportURL: "https://me.example/dlr",
            submissionStatus: false,
            source: "crm",
            linkWithRecord: true,
          },
        })
        .to(TO),
    );
    deepEqual(
      [r.reportURL, r.submissionStatus, r.source, r.linkWithRecord],
      ["https://me.example/dlr", false, "crm", true],
    );
    const clash = throws<ValidationError>(
      () => body(message.template("t", { language: "en", params: ["A"], variables: { body_1: "B" } }).to(TO)),
      isValidationError,
    );
    equal(clash.issues[0]!.path, "template.variables.body_1");
    equal(
      body(message.template("t", { language: "en", params: ["A"], variables: { body_1: "A" } }).to(TO)).variables
        .body_1,
      "A",
    );
  });

  it("a 200 with status:false is a failure carrying Zixflow's message", () => {
    const headers = new Headers();
    const f = provider.parseSuccess({
      status: 200,
      headers,
      body: { status: false, message: "Invalid data Provided" },
    });
    ok("failed" in f && f.failed && f.message === "Invalid data Provided", JSON.stringify(f));
    const auth = provider.parseSuccess({ status: 200, headers, body: { status: false, message: "Unauthorised" } });
    ok("failed" in auth && auth.code === "AUTH");
    ok(
      "failed" in provider.parseSuccess({ status: 200, headers, body: "<html>oops</html>" }),
      "a body without status:true is no success",
    );
    deepEqual(
      provider.parseSuccess({
        status: 200,
        headers,
        body: { status: true, message: "WhatsApp sent successfully!", campaignId: "c1", messageId: "m1" },
      }),
      { id: "m1", status: "accepted" },
    );
    deepEqual(
      provider.parseSuccess({ status: 200, headers, body: { status: true, message: "Message sent successfully" } }),
      { id: "", status: "accepted" },
    );
    deepEqual(provider.parseError({ status: 400, headers, body: { status: false, message: "to is required" } }), {
      message: "to is required",
    });
    equal(
      provider.parseError({ status: 401, headers, body: { status: false, message: "No token provided" } }).code,
      "AUTH",
    );
    ok(provider.parseError({ status: 500, headers, body: "" }).message.includes("empty body"));
  });
});

describe("zixflow: set-up and what Zixflow cannot send", () => {
  it("refuses a set-up without apiKey or phoneId", () => {
    const config = (fn: () => unknown, word: RegExp) =>
      throws<WaError>(fn, (e) => isWaError(e) && e.code === "CONFIG" && word.test(e.message));
    // @ts-expect-error: mistyped on purpose, for the runtime check
    config(() => zixflow({ phoneId: "1" }), /apiKey/);
    // @ts-expect-error: mistyped on purpose, for the runtime check
    config(() => zixflow({ apiKey: "k" }), /phoneId/);
    config(() => zixflow({ apiKey: " ", phoneId: "1" }), /apiKey/);
    equal(
      message
        .text("x")
        .to(TO)
        .compile(zixflow({ apiKey: "k", phoneId: "1", baseUrl: "http://127.0.0.1:9/" })).url,
      "http://127.0.0.1:9/api/v1/campaign/whatsapp/message/send",
    );
  });

  it("kinds is the supported half of the table, and every other kind throws before any I/O", () => {
    deepEqual([...provider.kinds].sort(), ["buttons", "image", "location", "template", "text"]);
    for (const kind of Object.keys(samples) as Kind[]) {
      const out = samples[kind]();
      if (provider.kinds.includes(kind)) ok(out.compile(provider).body, `${kind} compiles`);
      else {
        const e = unsupported(() => out.compile(provider), new RegExp(`^${kind} messages$`));
        ok(
          e.message.startsWith(`zixflow cannot send ${kind} messages on WhatsApp. `) && e.message.length > 50,
          e.message,
        );
      }
    }
  });

  it("features Zixflow cannot express throw with a hint", () => {
    const e = unsupported(() => body(message.image({ id: "1234567890" }).to(TO)), /media id/);
    ok(e.message.includes("Zixflow takes image links only"), e.message);
    unsupported(
      () =>
        body(
          message
            .text("b")
            .buttons(["A"])
            .header({ image: { id: "123" } })
            .to(TO),
        ),
      /media id/,
    );
    unsupported(
      () => body(message.image(["https://e.com/a.png", "https://e.com/b.png"]).to(TO)),
      /several image files/,
    );
    unsupported(() => body(message.text("x").replyTo("wamid.1").to(TO)), /replyTo/);
    unsupported(() => body(message.text("x").ref({ order: 1 }).to(TO)), /ref/);
    unsupported(
      () =>
        body(
          message
            .text("x")
            .options({ zixflow: { reportURL: "https://me.example" } })
            .to(TO),
        ),
      /reportURL/,
    );
    unsupported(() => body(message.template("t", { language: "en", header: "Hi" }).to(TO)), /header/);
    unsupported(
      () => body(message.template("t", { language: "en", buttons: [{ type: "url", text: "x" }] }).to(TO)),
      /button/,
    );
    unsupported(
      () => body(message.template("t", { language: "en", params: [{ type: "dateTime", fallback: "Monday" }] }).to(TO)),
      /dateTime/,
    );
  });
});
