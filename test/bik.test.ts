// Bik: every JSON example of Bik's pages rebuilt with the builder and compared deep-equal, the
// auth encodings, template routing, callbackData limits, and every kind Bik cannot send.
import {
  bik,
  message,
  isValidationError,
  isWaError,
  type Kind,
  type Outgoing,
  type ValidationError,
  type WaError,
} from "../src/index.ts";
import { samplesTo, unsupportedBy } from "./provider-samples.ts";
import { describe, it, ok, equal, deepEqual, match, throws } from "./harness.ts";

const TO = "+919900990090";
const SEND = "https://bikapi.bikayi.app/integrations/bikPlatformFunctions-messages/v2/sendMessage";
const SEND_TEMPLATE = "https://bikapi.bikayi.app/integrations/bikPlatformFunctions-messages/v2/sendTemplateMessage";
const provider = bik({ authToken: "AUTH_TOKEN" });
const body = (out: Outgoing) => out.compile(provider).body;

const samples = samplesTo(TO);

const unsupported = unsupportedBy("bik");

describe("bik: Bik's examples, rebuilt", () => {
  it("the API page's sample request (send message v2 with callbackData)", () => {
    const req = message
      .text("This is a test message.")
      .ref({ order_id: "ORD123", campaign: "summer_sale" })
      .to(TO)
      .compile(provider);
    equal(req.url, SEND);
    equal(req.method, "POST");
    deepEqual(req.headers, { authorization: "Basic AUTH_TOKEN", "content-type": "application/json" });
    deepEqual(req.body, {
      contactIdentifier: "+919900990090",
      medium: "whatsapp",
      type: "text",
      payload: { message: "This is a test message." },
      callbackData: '{"order_id":"ORD123","campaign":"summer_sale"}',
    });
  });

  // docs.bik.ai/docs/references/APIs/Messages/message-type. Its JSON is malformed: every example
  // lacks the comma after `"type": "…"` (fixed below), and the rows end with a trailing comma
  // (`"name":"option 1",`, fixed below).
  it("text, image, video and document payloads", () => {
    deepEqual(body(message.text("This is a test message.").to(TO)), {
      contactIdentifier: "+919900990090",
      medium: "whatsapp",
      type: "text", // comma added
      payload: { message: "This is a test message." },
    });
    for (const [kind, file, caption] of [
      ["image", "testimage.png", "Image message"],
      ["video", "testimage.mp4", "Video message"],
      ["document", "testimage.pdf", "Document message"],
    ] as const) {
      const media = { url: `https://testimageurl.com/${file}`, caption };
      deepEqual(body(message[kind](media).to(TO)), {
        contactIdentifier: "+919900990090",
        medium: "whatsapp",
        type: kind, // comma added
        payload: { type: kind, media: { mediaLink: `https://testimageurl.com/${file}`, caption } },
      });
    }
  });

  it("list/option buttons", () => {
    const out = message
      .text("Test options message")
      .list("buttonTitle", [{ title: "sectionTitle", rows: [{ id: "12345", title: "option 1" }] }])
      .header("headerTitle")
      .footer("footerTitle")
      .to(TO);
    deepEqual(body(out), {
      contactIdentifier: "+919900990090",
      medium: "whatsapp",
      type: "options", // comma added
      payload: {
        type: "options",
        body: "Test options message",
        headerTitle: "headerTitle",
        footerTitle: "footerTitle",
        section: {
          buttonTitle: "buttonTitle",
          sectionTitle: "sectionTitle",
          payload: [{ id: "12345", name: "option 1" }],
        }, // trailing comma removed
      },
    });
  });

  it("QRB buttons with an image header", () => {
    const out = message
      .text("Test button message")
      .buttons([{ id: "12345", title: "option 1" }])
      .header({ image: "https://testimageurl.com/testimage.png" })
      .footer("footerTitle")
      .to(TO);
    deepEqual(body(out), {
      contactIdentifier: "+919900990090",
      medium: "whatsapp",
      type: "buttons", // comma added
      payload: {
        type: "buttons",
        body: "Test button message",
        footerTitle: "footerTitle",
        // Bik's example also carries headerTitle next to the image header, and section.buttonTitle /
        // sectionTitle, which reply buttons do not show: a neutral message has one header and no
        // list labels, so they are absent here.
        section: { payload: [{ id: "12345", name: "option 1" }] }, // trailing comma removed
        header: { type: "image", image: { mediaLink: "https://testimageurl.com/testimage.png" } },
      },
    });
    deepEqual((body(message.text("b").buttons(["Yes"]).header("Hello").to(TO)) as any).payload.headerTitle, "Hello");
  });

  // docs.bik.ai/docs/references/APIs/Messages/template-message-type. Fixed there: trailing commas
  // after "variable2"; and the examples leave out `type`, which the parameter table marks
  // required (CAROUSEL or DEFAULT): wafluent always sends "DEFAULT".
  it("template examples go to sendTemplateMessage with the Bik template id", () => {
    const text = message
      .template("any", { language: "en", params: ["USER_NAME", "565656"] })
      .options({ bik: { templateId: "2iUKSaBPsoer1rUE33aW" } })
      .to("+919900900900")
      .compile(provider);
    equal(text.url, SEND_TEMPLATE);
    deepEqual(text.body, {
      medium: "whatsapp",
      contactIdentifier: "+919900900900",
      type: "DEFAULT",
      payload: { templateId: "2iUKSaBPsoer1rUE33aW", components: { body: ["USER_NAME", "565656"] } },
    });
    const img = "https://firebasestorage.googleapis.com/v0/b/staging-bikayi.appspot.com/o/bik%2Fx.png?alt=media";
    const cta = message
      .template("hHflM320sgf6VANSF1Ow", {
        language: "en",
        header: { image: img },
        params: ["variable1", "variable2"],
        buttons: [{ type: "url", text: "https://www.bik.ai" }],
      })
      .to("+919999999999")
      .compile(provider);
    equal(cta.url, SEND_TEMPLATE);
    deepEqual(cta.body, {
      contactIdentifier: "+919999999999",
      medium: "whatsapp",
      type: "DEFAULT",
      payload: {
        templateId: "hHflM320sgf6VANSF1Ow", // no templateId option: the template name is the id
        components: {
          header: [{ type: "image", data: img }],
          body: ["variable1", "variable2"], // trailing comma removed
          button: [{ type: "URL", index: 0, data: "https://www.bik.ai" }],
        },
      },
    });
    deepEqual(
      (message.template("t", { language: "en", header: "Hi" }).to(TO).compile(provider).body as any).payload.components,
      { header: [{ type: "text", data: "Hi" }] },
    );
    deepEqual((message.template("t", { language: "en" }).to(TO).compile(provider).body as any).payload, {
      templateId: "t",
      components: {},
    });
  });

  it("reads the API page's success and error answers", () => {
    const headers = new Headers();
    const ok200 = {
      status: 200,
      success: true,
      data: { id: "wamid.HBgMOTE5OTM4NDM4MTM4FQIAERgSMTJCRTg3M0MxREkUzQatyAaaqA==" },
    };
    deepEqual(provider.parseSuccess({ status: 200, headers, body: ok200 }), { id: ok200.data.id, status: "accepted" });
    deepEqual(
      provider.parseError({
        status: 400,
        headers,
        body: { status: 400, errors: [{ message: "'message' is required" }] },
      }),
      { message: "'message' is required" },
    );
    const two = provider.parseError({ status: 400, headers, body: { errors: [{ message: "a" }, { message: "b" }] } });
    equal(two.message, "a; b");
    const html = provider.parseError({ status: 502, headers, body: "<html><h1>Bad gateway</h1></html>" });
    ok(html.message.includes("Bad gateway"), html.message);
    ok(
      provider
        .parseError({ status: 401, headers, body: { errors: [{ message: "Unauthorized" }] } })
        .message.includes("key and secret"),
    );
    const failed = provider.parseSuccess({
      status: 200,
      headers,
      body: { status: 400, success: false, errors: [{ message: "bad number" }] },
    });
    ok("failed" in failed && failed.failed === true && failed.message === "bad number");
    ok(
      "failed" in provider.parseSuccess({ status: 200, headers, body: { success: true, data: {} } }),
      "no id is not a success",
    );
  });
});

describe("bik: auth, options, limits", () => {
  it("encodes KEY:SECRET as Basic base64 of its UTF-8 bytes", () => {
    const h = (p: ReturnType<typeof bik>) => message.text("x").to(TO).compile(p).headers.authorization;
    equal(h(bik({ key: "KEY123", secret: "SECRET456" })), "Basic S0VZMTIzOlNFQ1JFVDQ1Ng==");
    equal(h(bik({ key: "clé", secret: "sécret✓" })), "Basic Y2zDqTpzw6ljcmV04pyT");
    equal(h(bik({ authToken: "S0VZMTIzOlNFQ1JFVDQ1Ng==" })), "Basic S0VZMTIzOlNFQ1JFVDQ1Ng==");
    equal(
      h(bik({ authToken: "Basic S0VZMTIzOlNFQ1JFVDQ1Ng==" })),
      "Basic S0VZMTIzOlNFQ1JFVDQ1Ng==",
      "a ready header is kept",
    );
  });

  it("refuses a set-up without credentials, naming what is missing and never echoing a secret", () => {
    const config = (fn: () => unknown, word: RegExp) =>
      throws<WaError>(fn, (e) => isWaError(e) && e.code === "CONFIG" && word.test(e.message));
    // @ts-expect-error: mistyped on purpose, for the runtime check
    config(() => bik({}), /authToken/);
    // @ts-expect-error: mistyped on purpose, for the runtime check
    config(() => bik({ key: "KEY123" }), /secret/);
    // @ts-expect-error: mistyped on purpose, for the runtime check
    const e = config(() => bik({ secret: "TOPSECRET" }), /key/);
    ok(!e.message.includes("TOPSECRET"));
    // @ts-expect-error: mistyped on purpose, for the runtime check
    config(() => bik({ authToken: "T", key: "K", secret: "S" }), /either/);
  });

  it("sends businessPhoneNumber from the factory, overridable per message, and a baseUrl", () => {
    const p = bik({ authToken: "T", businessPhoneNumber: "+911111111111", baseUrl: "http://127.0.0.1:9/bik/" });
    const a = message.text("x").to(TO).compile(p);
    equal(a.url, "http://127.0.0.1:9/bik/v2/sendMessage");
    equal((a.body as any).businessPhoneNumber, "+911111111111");
    equal(
      (
        message
          .text("x")
          .options({ bik: { businessPhoneNumber: "+912222222222" } })
          .to(TO)
          .compile(p).body as any
      ).businessPhoneNumber,
      "+912222222222",
    );
    equal((message.text("x").to(TO).compile(provider).body as any).businessPhoneNumber, undefined);
    equal(
      message.template("t", { language: "en" }).to(TO).compile(p).url,
      "http://127.0.0.1:9/bik/v2/sendTemplateMessage",
    );
  });

  it("callbackData is .ref() as JSON, at most 1024 characters", () => {
    const fits = { k: "x".repeat(1024 - 8) }; // {"k":"…"} is 8 characters of JSON around the value
    equal((body(message.text("x").ref(fits).to(TO)) as any).callbackData.length, 1024);
    const e = throws<ValidationError>(
      () =>
        body(
          message
            .text("x")
            .ref({ k: "x".repeat(1024 - 7) })
            .to(TO),
        ),
      isValidationError,
    );
    deepEqual(
      e.issues.map((i) => [i.path, i.limit, i.received]),
      [["ref", 1024, 1025]],
    );
    ok(e.issues[0]!.message.includes("1025") && e.issues[0]!.message.includes("1024"));
    equal((body(message.text("x").ref("plain").to(TO)) as any).callbackData, '"plain"');
    const tpl = message.template("t", { language: "en" }).ref({ a: 1 }).to(TO).compile(provider);
    equal((tpl.body as any).callbackData, '{"a":1}', "templates carry callbackData too");
  });
});

describe("bik: what Bik cannot send", () => {
  it("kinds is the supported half of the table, and every other kind throws before any I/O", () => {
    deepEqual([...provider.kinds].sort(), ["buttons", "document", "image", "list", "template", "text", "video"]);
    for (const kind of Object.keys(samples) as Kind[]) {
      const out = samples[kind]();
      if (provider.kinds.includes(kind)) {
        ok(out.compile(provider).body, `${kind} compiles`);
      } else {
        const e = unsupported(() => out.compile(provider), new RegExp(`^${kind} messages$`));
        ok(e.message.startsWith(`bik cannot send ${kind} messages on WhatsApp. `) && e.message.length > 60, e.message);
      }
    }
  });

  it("address and product messages are refused, not guessed (their payloads are undocumented)", () => {
    for (const type of ["address", "single_product", "multiple_product"]) {
      const e = unsupported(() => body(message.text("x").options({ bik: { type } }).to(TO)), new RegExp(type));
      match(e.message, /does not guess|not guess/);
    }
    unsupported(
      () =>
        body(
          message
            .template("t", { language: "en" })
            .options({ bik: { type: "CAROUSEL" } })
            .to(TO),
        ),
      /CAROUSEL/,
    );
    const e = throws<ValidationError>(
      () =>
        body(
          message
            .text("x")
            .options({ bik: { type: "image" } })
            .to(TO),
        ),
      isValidationError,
    );
    equal(e.issues[0]!.path, "options.bik.type");
    equal(
      (
        body(
          message
            .text("x")
            .options({ bik: { type: "text" } })
            .to(TO),
        ) as any
      ).type,
      "text",
    );
  });

  it("features Bik cannot express throw with a hint", () => {
    unsupported(() => body(message.image({ id: "123" }).to(TO)), /media id/);
    unsupported(
      () => body(message.image(["https://e.com/a.png", "https://e.com/b.png"]).to(TO)),
      /several image files/,
    );
    unsupported(
      () => body(message.text("b").buttons(["A"]).header({ video: "https://e.com/v.mp4" }).to(TO)),
      /video header/,
    );
    unsupported(
      () =>
        body(
          message
            .text("b")
            .list("Open", [
              { title: "1", rows: ["A"] },
              { title: "2", rows: ["B"] },
            ])
            .to(TO),
        ),
      /several sections/,
    );
    unsupported(
      () =>
        body(
          message
            .text("b")
            .list("Open", [{ rows: [{ title: "A", description: "d" }] }])
            .to(TO),
        ),
      /descriptions/,
    );
    unsupported(
      () => body(message.template("t", { language: "en", variables: { name: "Ada" } }).to(TO)),
      /named template variables/,
    );
    unsupported(
      () => body(message.template("t", { language: "en", buttons: [{ type: "quickReply", payload: "p" }] }).to(TO)),
      /quick-reply/,
    );
    unsupported(
      () =>
        body(
          message
            .template("t", {
              language: "en",
              params: [{ type: "currency", fallback: "€1", code: "EUR", amount1000: 1000 }],
            })
            .to(TO),
        ),
      /currency/,
    );
    unsupported(() => body(message.text("x").replyTo("wamid.1").to(TO)), /replyTo/);
  });
});
