// The shared Meta compiler, the Cloud API provider and the Kaleyra provider, without I/O:
// compile every kind, refuse what Meta cannot express, read every documented answer.
import {
  cloudApi,
  isUnsupportedError,
  isValidationError,
  isWaError,
  type Json,
  kaleyra,
  KALEYRA_HOSTS,
  message,
  type Provider,
  type ProviderAnswer,
  type ProviderErrorInfo,
  type UnsupportedError,
  type ValidationError,
  type WaError,
} from "../src/index.ts";
import { describe, it, ok, equal, deepEqual, throws, hasCode } from "./harness.ts";

const TO = "+31612345678";
const meta = cloudApi({ accessToken: "TOKEN", phoneNumberId: "1234567890" });
const kal = kaleyra({ apiKey: "KEY", sid: "HXAP16XXXXXX97IN", from: "+919876543210", pod: "in" });
const base = { messaging_product: "whatsapp", recipient_type: "individual", to: TO };
const compile = (out: { compile(p: Provider): { body?: unknown } }) => out.compile(meta).body as any;
const answer = (status: number, body: unknown): ProviderAnswer => ({ status, headers: new Headers(), body });

describe("cloudApi: request", () => {
  it("posts to graph.facebook.com/{version}/{phoneNumberId}/messages with a Bearer token", () => {
    const req = message.text("hi").to(TO).compile(meta);
    equal(req.url, "https://graph.facebook.com/v23.0/1234567890/messages");
    equal(req.method, "POST");
    deepEqual(req.headers, { authorization: "Bearer TOKEN", "content-type": "application/json" });
    const v = cloudApi({ accessToken: "T", phoneNumberId: "42", version: "v21.0", baseUrl: "https://proxy.example/" });
    equal(message.text("hi").to(TO).compile(v).url, "https://proxy.example/v21.0/42/messages");
  });

  it("refuses a missing or malformed credential with CONFIG naming it", () => {
    const config = (f: () => unknown, word: string) =>
      throws<WaError>(f, (e) => isWaError(e) && e.code === "CONFIG" && e.message.includes(word));
    config(() => cloudApi({ accessToken: "", phoneNumberId: "1" }), "accessToken");
    config(() => cloudApi({ phoneNumberId: "1" } as any), "accessToken");
    config(() => cloudApi({ accessToken: "T", phoneNumberId: "+31612345678" }), "phoneNumberId");
    config(() => cloudApi({ accessToken: "T", phoneNumberId: "1", version: "23" }), "version");
  });
});

describe("Meta compiler: every kind", () => {
  it("text, with and without preview_url, and a reply context", () => {
    deepEqual(compile(message.text("hi").to(TO)), { ...base, type: "text", text: { body: "hi" } });
    deepEqual(compile(message.text("x https://a.io", { previewUrl: true }).replyTo("wamid.1").to(TO)), {
      ...base,
      type: "text",
      context: { message_id: "wamid.1" },
      text: { body: "x https://a.io", preview_url: true },
    });
  });

  it("media: link or id; caption only on image/video/document; filename only on documents; altText dropped", () => {
    deepEqual(compile(message.image({ url: "https://e.com/a.png", caption: "c", altText: "alt" }).to(TO)).image, {
      link: "https://e.com/a.png",
      caption: "c",
    });
    deepEqual(compile(message.video({ id: "9", caption: "v" }).to(TO)).video, { id: "9", caption: "v" });
    deepEqual(
      compile(message.document({ url: "https://e.com/a.pdf", filename: "a.pdf", caption: "d" }).to(TO)).document,
      {
        link: "https://e.com/a.pdf",
        filename: "a.pdf",
        caption: "d",
      },
    );
    deepEqual(compile(message.audio("https://e.com/a.ogg").to(TO)), {
      ...base,
      type: "audio",
      audio: { link: "https://e.com/a.ogg" },
    });
    deepEqual(compile(message.sticker({ id: "s1" }).to(TO)), { ...base, type: "sticker", sticker: { id: "s1" } });
  });

  it("more than one image is UNSUPPORTED: one image per message", () => {
    const e = throws<UnsupportedError>(
      () => message.image(["https://e.com/a.png", "https://e.com/b.png"]).to(TO).compile(meta),
      isUnsupportedError,
    );
    equal(e.provider, "cloudApi");
    ok(e.message.includes("send one image per message"), e.message);
  });

  it("location with numbers; contacts as given; reaction and its removal", () => {
    deepEqual(compile(message.location({ latitude: 52.37, longitude: 4.89, name: "A'dam" }).to(TO)).location, {
      latitude: 52.37,
      longitude: 4.89,
      name: "A'dam",
    });
    const card = {
      name: { formatted_name: "Ann" },
      phones: [{ phone: "+31612345678", type: "WORK", wa_id: "31612345678" }],
    };
    deepEqual(compile(message.contacts([card, { name: { formatted_name: "Bob" } }]).to(TO)).contacts, [
      card,
      { name: { formatted_name: "Bob" } },
    ]);
    deepEqual(compile(message.reaction("wamid.1", "👍").to(TO)), {
      ...base,
      type: "reaction",
      reaction: { message_id: "wamid.1", emoji: "👍" },
    });
    deepEqual(compile(message.reaction("wamid.1", "").to(TO)).reaction, { message_id: "wamid.1", emoji: "" });
  });

  it("interactive button with text, image, video and document headers", () => {
    const b = compile(
      message
        .text("Pick")
        .header("Hi")
        .footer("f")
        .buttons(["Yes", { id: "n", title: "No" }])
        .to(TO),
    );
    deepEqual(b, {
      ...base,
      type: "interactive",
      interactive: {
        type: "button",
        header: { type: "text", text: "Hi" },
        body: { text: "Pick" },
        footer: { text: "f" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "Yes", title: "Yes" } },
            { type: "reply", reply: { id: "n", title: "No" } },
          ],
        },
      },
    });
    deepEqual(
      compile(message.text("b").header({ image: "https://e.com/a.png" }).buttons(["A"]).to(TO)).interactive.header,
      { type: "image", image: { link: "https://e.com/a.png" } },
    );
    deepEqual(
      compile(
        message
          .text("b")
          .header({ video: { id: "7" } })
          .buttons(["A"])
          .to(TO),
      ).interactive.header,
      { type: "video", video: { id: "7" } },
    );
    deepEqual(
      compile(
        message
          .text("b")
          .header({ document: { url: "https://e.com/x.pdf", filename: "x.pdf" } })
          .buttons(["A"])
          .to(TO),
      ).interactive.header,
      {
        type: "document",
        document: { link: "https://e.com/x.pdf", filename: "x.pdf" },
      },
    );
  });

  it("a caption on a header media is UNSUPPORTED rather than dropped", () => {
    throws(
      () =>
        message
          .text("b")
          .header({ image: { url: "https://e.com/a.png", caption: "c" } })
          .buttons(["A"])
          .to(TO)
          .compile(meta),
      hasCode("UNSUPPORTED", /cannot send a caption on a image header/),
    );
  });

  it("list, cta_url and location_request_message", () => {
    deepEqual(
      compile(
        message
          .text("Menu")
          .list("Open", [{ title: "S", rows: ["A", { id: "b", title: "B", description: "d" }] }])
          .to(TO),
      ).interactive,
      {
        type: "list",
        body: { text: "Menu" },
        action: {
          button: "Open",
          sections: [
            {
              title: "S",
              rows: [
                { id: "A", title: "A" },
                { id: "b", title: "B", description: "d" },
              ],
            },
          ],
        },
      },
    );
    deepEqual(compile(message.text("Track it").footer("f").link("Track", "https://e.com/t").to(TO)).interactive, {
      type: "cta_url",
      body: { text: "Track it" },
      footer: { text: "f" },
      action: { name: "cta_url", parameters: { display_text: "Track", url: "https://e.com/t" } },
    });
    deepEqual(compile(message.text("Where?").locationRequest().to(TO)).interactive, {
      type: "location_request_message",
      body: { text: "Where?" },
      action: { name: "send_location" },
    });
  });

  it("template: language, header/body params of every type, url and quick_reply buttons by index", () => {
    const t = compile(
      message
        .template("order_update", {
          language: "en_US",
          header: { document: { url: "https://e.com/i.pdf", filename: "invoice.pdf" } },
          params: [
            "Ann",
            3,
            { type: "currency", fallback: "$1.50", code: "USD", amount1000: 1500 },
            { type: "dateTime", fallback: "May 1" },
            { image: { id: "m1" } },
          ],
          buttons: [
            { type: "url", text: "ord-42" },
            { type: "quickReply", index: 2, payload: "STOP" },
          ],
        })
        .to(TO),
    ).template;
    deepEqual(t, {
      name: "order_update",
      language: { code: "en_US" },
      components: [
        {
          type: "header",
          parameters: [{ type: "document", document: { link: "https://e.com/i.pdf", filename: "invoice.pdf" } }],
        },
        {
          type: "body",
          parameters: [
            { type: "text", text: "Ann" },
            { type: "text", text: "3" },
            { type: "currency", currency: { fallback_value: "$1.50", code: "USD", amount_1000: 1500 } },
            { type: "date_time", date_time: { fallback_value: "May 1" } },
            { type: "image", image: { id: "m1" } },
          ],
        },
        { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "ord-42" }] },
        { type: "button", sub_type: "quick_reply", index: "2", parameters: [{ type: "payload", payload: "STOP" }] },
      ],
    });
    deepEqual(compile(message.template("hello_world", { language: "en_US" }).to(TO)).template, {
      name: "hello_world",
      language: { code: "en_US" },
    });
  });

  it("template variables: Meta's named parameters; names outside [a-z0-9_] and mixing with params are refused", () => {
    deepEqual(
      compile(message.template("t", { language: "en", variables: { name: "Ann", paid: true } }).to(TO)).template
        .components,
      [
        {
          type: "body",
          parameters: [
            { type: "text", parameter_name: "name", text: "Ann" },
            { type: "text", parameter_name: "paid", text: "true" },
          ],
        },
      ],
    );
    const v = throws<ValidationError>(
      () =>
        message
          .template("t", { language: "en", variables: { "First-Name": "A" } })
          .to(TO)
          .compile(meta),
      isValidationError,
    );
    equal(v.issues[0]!.path, "template.variables.First-Name");
    ok(v.message.includes("first_name"), v.message);
    throws(
      () =>
        message
          .template("t", { language: "en", params: ["a"], variables: { b: "c" } })
          .to(TO)
          .compile(meta),
      hasCode("UNSUPPORTED", /both positional body parameters and named variables/),
    );
  });

  it("a caption on a template media parameter is UNSUPPORTED", () => {
    throws(
      () =>
        message
          .template("t", { language: "en", header: { image: { url: "https://e.com/a.png", caption: "c" } } })
          .to(TO)
          .compile(meta),
      hasCode("UNSUPPORTED", /cannot send a caption on a template header image/),
    );
  });

  it("cloudApi sends .ref() as biz_opaque_callback_data (Meta echoes it in status webhooks)", () => {
    equal((message.text("hi").ref("order-1").to(TO).compile(meta).body as any).biz_opaque_callback_data, "order-1");
  });
});

describe("cloudApi: answers", () => {
  it("reads messages[0].id and message_status", () => {
    deepEqual(meta.parseSuccess(answer(200, { messaging_product: "whatsapp", messages: [{ id: "wamid.A" }] })), {
      id: "wamid.A",
      status: "accepted",
    });
    deepEqual(meta.parseSuccess(answer(200, { messages: [{ id: "wamid.B", message_status: "accepted" }] })), {
      id: "wamid.B",
      status: "accepted",
    });
    deepEqual(
      meta.parseSuccess(answer(200, { messages: [{ id: "wamid.C", message_status: "held_for_quality_assessment" }] })),
      { id: "wamid.C", status: "queued" },
    );
    ok("failed" in meta.parseSuccess(answer(200, {})));
  });

  const graph = (code: number, extra: Record<string, unknown> = {}): ProviderErrorInfo =>
    meta.parseError(
      answer(400, { error: { message: `m${code}`, type: "OAuthException", code, fbtrace_id: "T1", ...extra } }),
    );

  it("GraphAPIError: code, subcode, is_transient → retryable, user message", () => {
    const e = graph(131000, { error_subcode: 2494002, is_transient: true, error_user_msg: "Try later." });
    equal(e.providerCode, 131000);
    equal(e.retryable, true);
    equal(e.code, undefined);
    ok(
      e.message.includes("m131000") &&
        e.message.includes("Try later.") &&
        e.message.includes("subcode 2494002") &&
        e.message.includes("fbtrace_id T1"),
      e.message,
    );
    equal(graph(100, { is_transient: false }).retryable, false);
  });

  it("131047 → WINDOW_CLOSED; 130429, 131056, 80007 → RATE_LIMITED; 190 → AUTH", () => {
    const w = graph(131047);
    equal(w.code, "WINDOW_CLOSED");
    ok(w.message.startsWith("24 h window closed: send a template"), w.message);
    for (const c of [130429, 131056, 80007]) {
      equal(graph(c).code, "RATE_LIMITED", String(c));
      equal(graph(c).retryable, true, String(c));
    }
    equal(graph(190).code, "AUTH");
  });

  it("132000, 132001, 132005, 132007, 132012, 132015, 132016 → TEMPLATE, not retried, with the fix", () => {
    for (const c of [132000, 132001, 132005, 132007, 132012, 132015, 132016]) {
      const t = graph(c);
      equal(t.code, "TEMPLATE", String(c));
      equal(t.retryable, false, String(c));
      ok(t.message.includes("wafluent templates pull"), t.message);
    }
    equal(graph(131000).code, undefined, "another code stays a plain provider error");
  });

  it("never throws on odd bodies", () => {
    for (const b of ["", "<html>502</html>", null, 3, { error: "x" }, { error: null }])
      ok(typeof meta.parseError(answer(502, b)).message === "string");
  });
});

describe("kaleyra: request", () => {
  it("pods map to hosts; sid and from in the path; api-key header", () => {
    deepEqual(
      { ...KALEYRA_HOSTS },
      { in: "api.in.kaleyra.io", sg: "api.kaleyra.io", eu: "api.eu.kaleyra.io", na: "api.na.kaleyra.ai" },
    );
    for (const pod of ["in", "sg", "eu", "na"] as const) {
      const req = message
        .text("hi")
        .to(TO)
        .compile(kaleyra({ apiKey: "K", sid: "HX1", from: "+919876543210", pod }));
      equal(req.url, `https://${KALEYRA_HOSTS[pod]}/v2/HX1/whatsapp/+919876543210/messages`);
      deepEqual(req.headers, { "api-key": "K", "content-type": "application/json" });
    }
  });

  it("reproduces Kaleyra's send-text page's sample request", () => {
    // The page's sample body, with one correction: it sends preview_url as the string "false",
    // while its own table (and Meta) type it Boolean; we send the boolean.
    const req = message
      .text("This is the sample message", { previewUrl: false })
      .ref({ ref: "customer1", ref1: "marketing", ref2: "dictionary" })
      .options({ kaleyra: { waSource: "api" } })
      .to("+919812345678")
      .compile(
        kaleyra({
          apiKey: "Axxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx3",
          sid: "HXAP16XXXXXX97IN",
          from: "+919876543210",
          pod: "in",
        }),
      );
    equal(req.url, "https://api.in.kaleyra.io/v2/HXAP16XXXXXX97IN/whatsapp/+919876543210/messages");
    equal(req.headers["api-key"], "Axxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx3");
    deepEqual(req.body, {
      messaging_object: {
        messaging_product: "whatsapp",
        recipient_type: "individual",
        to: "+919812345678",
        type: "text",
        text: { preview_url: false, body: "This is the sample message" },
      },
      extra_info: { ref: "customer1", ref1: "marketing", ref2: "dictionary", wa_source: "api" },
    });
  });

  it("messaging_object is the Cloud API body; no extra_info without ref or waSource", () => {
    const out = message.text("b").buttons(["A"]).replyTo("wamid.9").to(TO);
    deepEqual(out.compile(kal).body, { messaging_object: out.compile(meta).body });
  });

  it("a string ref → extra_info.ref; ref fields of 255 pass, 256 are refused naming the field", () => {
    deepEqual((message.text("x").ref("order-1").to(TO).compile(kal).body as any).extra_info, { ref: "order-1" });
    const ok255 = "é".repeat(255);
    deepEqual((message.text("x").ref({ ref2: ok255 }).to(TO).compile(kal).body as any).extra_info, { ref2: ok255 });
    const e = throws<ValidationError>(
      () =>
        message
          .text("x")
          .ref({ ref: "a", ref1: "b".repeat(256) })
          .to(TO)
          .compile(kal),
      isValidationError,
    );
    equal(e.issues.length, 1);
    equal(e.issues[0]!.path, "ref.ref1");
    equal(e.issues[0]!.limit, 255);
    equal(e.issues[0]!.received, 256);
    equal(
      throws<ValidationError>(() => message.text("x").ref("z".repeat(300)).to(TO).compile(kal), isValidationError)
        .issues[0]!.path,
      "ref",
    );
  });

  it("a ref of another shape is refused with the accepted shapes", () => {
    const shapes: Json[] = [{ order: 1 }, ["a"], true, { ref: { nested: 1 } }];
    for (const ref of shapes) {
      const e = throws<ValidationError>(() => message.text("x").ref(ref).to(TO).compile(kal), isValidationError);
      ok(e.message.includes("{ ref?, ref1?, ref2? }"), e.message);
    }
  });

  it("refuses a missing or malformed credential with CONFIG naming it", () => {
    const config = (f: () => unknown, word: string) =>
      throws<WaError>(f, (e) => isWaError(e) && e.code === "CONFIG" && e.message.includes(word));
    const good = { apiKey: "K", sid: "HX1", from: "+919876543210", pod: "in" as const };
    config(() => kaleyra({ ...good, apiKey: "" }), "apiKey");
    config(() => kaleyra({ ...good, sid: "" }), "sid");
    config(() => kaleyra({ ...good, from: "919876543210" }), "from");
    config(() => kaleyra({ ...good, pod: "us" as any }), "pod");
    config(() => kaleyra({ ...good, pod: "toString" as any }), "pod");
  });
});

describe("kaleyra: answers", () => {
  it("reads a 202 WA202 answer; a 2xx without message_id is a failure", () => {
    deepEqual(
      kal.parseSuccess(
        answer(202, { code: "WA202", message: "Request Accepted", data: { message_id: "AXX1" }, error: {} }),
      ),
      { id: "AXX1", status: "accepted" },
    );
    ok(
      "failed" in
        kal.parseSuccess(
          answer(202, { code: "WA400", message: "Refer to correct payload format", data: {}, error: {} }),
        ),
    );
  });

  // Every error answer on Kaleyra's send-text page, verbatim, with what we make of it.
  const cases: [number, unknown, Partial<ProviderErrorInfo>, string][] = [
    [
      401,
      { code: "RBC001", message: "Incorrect SID or API key.", data: [], error: { error: "Incorrect SID or API key." } },
      { code: "AUTH" },
      "`apiKey` and `sid`",
    ],
    [
      401,
      {
        code: "WA401",
        message: "Phone number is not present or does not belong to the account.",
        data: {},
        error: { phone_number: "Phone number is not present or does not belong to the account." },
      },
      { code: "AUTH" },
      "as `from`",
    ],
    [
      400,
      {
        code: "WA400",
        message: "Refer to correct payload format",
        data: {},
        error: { payload: "Incorrect payload format" },
      },
      {},
      "outgoing.compile",
    ],
    [
      500,
      { code: "WA500", message: "Please try again later", data: {}, error: { error: "Internal server error" } },
      { retryable: true },
      "try again later",
    ],
    [
      400,
      {
        code: "E110",
        message: "Please check your balance, You have a low balance!",
        data: {},
        error: { balance: "Please check your balance, You have a low balance!" },
      },
      {},
      "Top up",
    ],
    [
      401,
      {
        code: "WA-401",
        message: "API is not available for given customer.Please contact support for more info",
        data: {},
        error: { account: "API is not available for given customer.Please contact support for more info" },
      },
      { code: "AUTH" },
      "not enabled for this account",
    ],
    [
      401,
      {
        code: "WA-401",
        message:
          "The phone number you're using is associated with different Version of our WA API. Please use the appropriate endpoint.",
        data: {},
        error: { phone_number: "x" },
      },
      { code: "AUTH" },
      "another version",
    ],
  ];
  for (const [status, body, expected, fix] of cases) {
    it(`${(body as any).code} (${status}, "${(body as any).message.slice(0, 24)}…") is parsed with its fix`, () => {
      const info = kal.parseError(answer(status, body));
      ok(!isWaError(info), "the answer's error info, not a WaError");
      equal(info.providerCode, (body as any).code);
      equal(info.code, expected.code);
      equal(info.retryable, expected.retryable);
      ok(info.message.includes((body as any).message), info.message);
      ok(info.message.includes(fix), info.message);
    });
  }

  it("extra error details are kept; odd bodies never throw", () => {
    ok(kal.parseError(answer(400, cases[2]![1])).message.includes("Incorrect payload format"));
    for (const b of ["", "<html>502 Bad Gateway</html>", null, [], { code: 5 }])
      ok(typeof kal.parseError(answer(502, b)).message === "string");
  });
});
