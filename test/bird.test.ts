// The Bird provider, pure parts: request line and headers, every kind's body, Bird-only options
// and their limits, refusals before any I/O, and the reading of Bird's answers.
import {
  bird,
  message,
  parseServiceWindow,
  isUnsupportedError,
  isValidationError,
  isWaError,
  type Draft,
  type Json,
  type UnsupportedError,
  type ValidationError,
  type WaError,
  type ProviderAnswer,
} from "../src/index.ts";
import { guessContentType, parseBirdError } from "../src/providers/bird/index.ts";
import { describe, it, ok, equal, deepEqual, match, throws } from "./harness.ts";

const TO = "+31612345678";
// Bird ids are UUIDs (its OpenAPI: workspaceId, channelId, contactId are string (uuid)).
const WS = "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90";
const CH = "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f";
const provider = bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH });
const compile = (d: Draft) => d.to(TO).compile(provider);
const body = (d: Draft) => (compile(d).body as Record<string, Json>).body;
const answer = (status: number, b: unknown): ProviderAnswer => ({ status, headers: new Headers(), body: b });
const invalid = (d: Draft, path: string) =>
  throws<ValidationError>(
    () => compile(d),
    (e) => isValidationError(e) && e.issues.some((i) => i.path === path),
    `expected an issue at ${path}`,
  );
const unsupported = (d: Draft, feature: RegExp) =>
  throws<UnsupportedError>(
    () => compile(d),
    (e) => isUnsupportedError(e) && e.provider === "bird" && feature.test(e.feature),
  );

describe("bird: set-up", () => {
  it("refuses a missing credential with CONFIG naming it", () => {
    for (const key of ["accessKey", "workspaceId", "channelId"] as const) {
      const config = { accessKey: "k", workspaceId: WS, channelId: CH, [key]: "" };
      const e = throws<WaError>(
        () => bird(config),
        (e) => isWaError(e) && e.code === "CONFIG",
      );
      ok(e.message.includes(key), e.message);
    }
    throws(
      () => bird({ accessKey: "k", workspaceId: WS, channelId: CH, baseUrl: "api.bird.com" }),
      (e: WaError) => e.code === "CONFIG",
    );
  });

  it("compiles to Bird's messages endpoint with the AccessKey header", () => {
    const p = bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH, baseUrl: "https://eu.example.test/" });
    const req = message.text("hi").to(TO).compile(p);
    equal(req.method, "POST");
    equal(req.url, `https://eu.example.test/workspaces/${WS}/channels/${CH}/messages`);
    equal(req.headers.authorization, "AccessKey KEY-abc");
    equal(req.headers["content-type"], "application/json");
    equal(compile(message.text("hi")).url, `https://api.bird.com/workspaces/${WS}/channels/${CH}/messages`);
    equal(provider.name, "bird");
  });

  it("refuses workspace and channel ids that are not UUIDs (., .., /, ?, #, %, spaces, …) with CONFIG naming the id and the shape", () => {
    for (const key of ["workspaceId", "channelId"] as const)
      for (const id of [".", "..", "a/b c", "x?y#z", "%2e%2e", "..\\x", "ws-1", `${WS}\n`, ` ${WS}`]) {
        const e = throws<WaError>(
          () => bird({ accessKey: "k", workspaceId: WS, channelId: CH, [key]: id }),
          (e) => isWaError(e) && e.code === "CONFIG",
          `${key} ${JSON.stringify(id)}`,
        );
        match(e.message, new RegExp(`^bird\\(\\) \`${key}\` .*UUID`));
        if (id.length > 2) ok(!e.message.includes(id), "the value is not echoed");
      }
  });

  it("serviceWindowRequest refuses a contactId that is not a UUID (., .., /, …) with VALIDATION at path contactId", () => {
    for (const id of [".", "..", "../../messages", "c/1", "c-1", ""]) {
      const e = throws<ValidationError>(
        () => provider.serviceWindowRequest(TO, id),
        (e) => isValidationError(e),
        JSON.stringify(id),
      );
      equal(e.issues[0]!.path, "contactId");
      match(e.issues[0]!.message, /contactId.*UUID|contactId.*non-empty/);
    }
  });

  it("addresses the receiver by phone number", () => {
    deepEqual((compile(message.text("hi")).body as any).receiver, {
      contacts: [{ identifierKey: "phonenumber", identifierValue: TO }],
    });
  });
});

describe("bird: bodies", () => {
  it("text, with previewUrl only when set", () => {
    deepEqual(body(message.text("hi")), { type: "text", text: { text: "hi" } });
    deepEqual(body(message.text("see https://x.y", { previewUrl: true })), {
      type: "text",
      text: { text: "see https://x.y", metadata: { whatsapp: { previewUrl: true } } },
    });
  });

  it("audio, video and document go through `file` with a content type; sticker through `image`", () => {
    deepEqual(body(message.audio("https://e.com/voice.ogg")), {
      type: "file",
      file: { files: [{ mediaUrl: "https://e.com/voice.ogg", contentType: "audio/ogg" }] },
    });
    deepEqual(
      body(message.document({ url: "https://e.com/f", contentType: "text/csv", filename: "f.csv", caption: "Report" })),
      {
        type: "file",
        file: { files: [{ mediaUrl: "https://e.com/f", contentType: "text/csv", filename: "f.csv" }], text: "Report" },
      },
    );
    deepEqual(body(message.sticker("https://e.com/s.webp")), {
      type: "image",
      image: { images: [{ mediaUrl: "https://e.com/s.webp" }] },
    });
  });

  it("a file whose type cannot be guessed needs `contentType`", () => {
    const e = invalid(message.document("https://e.com/download?id=3"), "media[0].contentType");
    match(e.message, /contentType/);
  });

  it("guesses content types from the URL path only", () => {
    equal(guessContentType("https://e.com/a%2Fvideo.mp4?alt=media"), "video/mp4");
    equal(guessContentType("https://e.com/a.mp4", "audio"), "audio/mp4");
    equal(guessContentType("https://e.com/a?x=.pdf"), undefined);
    equal(guessContentType("not a url"), undefined);
  });

  it("several images share one caption; differing captions are refused naming the field", () => {
    deepEqual(
      body(
        message.image([
          { url: "https://e.com/1.png", caption: "C" },
          { url: "https://e.com/2.png", caption: "C" },
        ]),
      ),
      {
        type: "image",
        image: { images: [{ mediaUrl: "https://e.com/1.png" }, { mediaUrl: "https://e.com/2.png" }], text: "C" },
      },
    );
    invalid(
      message.image([
        { url: "https://e.com/1.png", caption: "A" },
        { url: "https://e.com/2.png", caption: "B" },
      ]),
      "media[1].caption",
    );
    invalid(
      message.image([{ url: "https://e.com/1.png" }, { url: "https://e.com/2.png", caption: "B" }]),
      "media[1].caption",
    );
  });

  it("media by id cannot be sent", () => {
    unsupported(message.image({ id: "123" }), /media by id/);
  });

  it("location: name becomes the label", () => {
    deepEqual(body(message.location({ latitude: 1.5, longitude: -2, name: "Office" })), {
      type: "location",
      location: { coordinates: { latitude: 1.5, longitude: -2 }, location: { label: "Office" } },
    });
    deepEqual(body(message.location({ latitude: 0, longitude: 0 })), {
      type: "location",
      location: { coordinates: { latitude: 0, longitude: 0 } },
    });
  });

  it("buttons: reply when id = title, postback with the id as payload otherwise", () => {
    deepEqual(body(message.text("Pick").buttons(["Yes", { id: "n-1", title: "No" }])), {
      type: "text",
      text: {
        text: "Pick",
        actions: [
          { type: "reply", reply: { text: "Yes" } },
          { type: "postback", postback: { text: "No", payload: "n-1" } },
        ],
      },
    });
    invalid(
      message
        .text("Pick")
        .buttons([{ id: "y", title: "Yes" }])
        .options({ bird: { actions: ["reply"] } }),
      "buttons[0].id",
    );
    invalid(
      message
        .text("Pick")
        .buttons(["Yes", "No"])
        .options({ bird: { actions: ["reply"] } }),
      "options.bird.actions",
    );
  });

  it("a document header makes a file body; text headers and footers cannot be sent", () => {
    deepEqual(
      body(
        message
          .text("Invoice")
          .buttons(["Pay"])
          .header({ document: { url: "https://e.com/i.pdf", filename: "i.pdf" } }),
      ),
      {
        type: "file",
        file: {
          files: [{ mediaUrl: "https://e.com/i.pdf", contentType: "application/pdf", filename: "i.pdf" }],
          text: "Invoice",
          actions: [{ type: "reply", reply: { text: "Pay" } }],
        },
      },
    );
    unsupported(message.text("x").buttons(["A"]).header("Title"), /text header/);
    unsupported(message.text("x").buttons(["A"]).footer("small print"), /footer/);
    unsupported(
      message
        .text("x")
        .list("Pick", [{ rows: ["A"] }])
        .footer("small print"),
      /footer/,
    );
    invalid(
      message
        .text("x")
        .buttons(["A"])
        .header({ image: { url: "https://e.com/a.png", caption: "c" } }),
      "header.media.caption",
    );
  });

  it("link and location request are actions on a text body", () => {
    deepEqual(body(message.text("Track it").link("Track", "https://e.com/t")), {
      type: "text",
      text: { text: "Track it", actions: [{ type: "link", link: { text: "Track", url: "https://e.com/t" } }] },
    });
    deepEqual(body(message.text("Where are you?").locationRequest()), {
      type: "text",
      text: { text: "Where are you?", actions: [{ type: "locationRequest" }] },
    });
  });

  it("list: sections as items, rows as postbacks, the label as metadata.button.label", () => {
    deepEqual(body(message.text("Menu").list("Choose", [{ rows: [{ id: "a", title: "A", description: "first" }] }])), {
      type: "list",
      list: {
        text: "Menu",
        items: [
          {
            actions: [
              {
                type: "postback",
                postback: { text: "A", payload: "a", metadata: { description: { label: "first" } } },
              },
            ],
          },
        ],
        metadata: { button: { label: "Choose" } },
      },
    });
  });

  it("replyTo sits at the top level; ref goes to reference or meta", () => {
    const b = compile(message.text("hi").replyTo("m-1").ref({ order: 7 })).body as any;
    deepEqual(b.replyTo, { id: "m-1", type: "message" });
    deepEqual(b.meta, { extraInformation: { order: 7 } });
    equal(b.reference, undefined);
    equal((compile(message.text("hi").ref("o-7")).body as any).reference, "o-7");
    equal((compile(message.text("hi").ref([1, 2])).body as any).reference, "[1,2]");
  });
});

describe("bird: templates", () => {
  const PID = "ce6a2fd6-b2fa-4f5a-a2cd-f3bd15883318";
  it("named variables become typed parameters; the locale comes from the language", () => {
    deepEqual(
      (
        compile(message.template(PID, { language: "pt_BR", variables: { name: "Ana", count: 3, vip: true } }))
          .body as any
      ).template,
      {
        projectId: PID,
        version: "latest",
        locale: "pt-BR",
        parameters: [
          { type: "string", key: "name", value: "Ana" },
          { type: "number", key: "count", value: 3 },
          { type: "boolean", key: "vip", value: true },
        ],
      },
    );
  });

  it("a template name that is not a project id needs options.bird.projectId", () => {
    invalid(message.template("order_update", { language: "en" }), "options.bird.projectId");
    const t = (
      compile(message.template("order_update", { language: "en" }).options({ bird: { projectId: PID, locale: "nl" } }))
        .body as any
    ).template;
    equal(t.projectId, PID);
    equal(t.locale, "nl");
  });

  it("positional parameters cannot be expressed: UnsupportedError pointing at variables", () => {
    const e = unsupported(message.template(PID, { language: "en", params: ["Ana"] }), /positional/);
    match(e.message, /variables/);
  });
});

describe("bird: options bag", () => {
  it("scheduledFor, validity, tags and notification go to the top level", () => {
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const b = compile(
      message.text("hi").options({
        bird: {
          scheduledFor: at,
          validity: 3600,
          tags: ["promo", "q_4 x-1"],
          notification: { url: "https://h.example/b" },
        },
      }),
    ).body as any;
    equal(b.scheduledFor, at);
    equal(b.validity, 3600);
    deepEqual(b.tags, ["promo", "q_4 x-1"]);
    deepEqual(b.notification, { url: "https://h.example/b" });
  });

  it("enforces Bird's limits, reporting every issue", () => {
    const e = invalid(
      message.text("hi").options({
        bird: {
          tags: ["ok", "no!", "x".repeat(51), ...Array(8).fill("t")],
          validity: 1.5,
          scheduledFor: new Date(Date.now() + 40 * 86_400_000).toISOString(),
          notification: { url: "ftp://x" },
        },
      }),
      "options.bird.tags",
    );
    const paths = e.issues.map((i) => i.path);
    for (const p of [
      "options.bird.tags",
      "options.bird.tags[1]",
      "options.bird.tags[2]",
      "options.bird.validity",
      "options.bird.scheduledFor",
      "options.bird.notification.url",
    ])
      ok(paths.includes(p), `${p} in ${paths.join(", ")}`);
    invalid(message.text("hi").options({ bird: { scheduledFor: "tomorrow" } }), "options.bird.scheduledFor");
    invalid(message.text("hi").options({ bird: { tag: ["x"] } } as any), "options.bird.tag");
    invalid(
      message.template("ce6a2fd6-b2fa-4f5a-a2cd-f3bd15883318", { language: "en" }).options({ bird: { version: "v2" } }),
      "options.bird.version",
    );
    invalid(message.text("hi").options({ bird: { altText: "x" } }), "options.bird.altText");
    invalid(
      message.image("https://e.com/a.png").options({ bird: { media: [{ url: "http://e.com/b.png" }] } }),
      "options.bird.media[0].url",
    );
  });
});

describe("bird: refusals before any I/O", () => {
  it("reaction, contacts and product messages name Bird and the kind", () => {
    const r = unsupported(message.reaction("wamid.1", "👍"), /reaction/);
    match(r.message, /^bird cannot send reaction/);
    unsupported(message.contacts([{ name: { formatted_name: "Ana" } }]), /contacts/);
    throws<UnsupportedError>(
      () => provider.compile({ to: TO, type: "product" } as any),
      (e) => isUnsupportedError(e) && /product/.test(e.feature),
    );
    equal(provider.kinds.includes("reaction"), false);
    equal(provider.kinds.includes("template"), true);
  });
});

describe("bird: answers", () => {
  it("reads the 202 ChannelMessage", () => {
    deepEqual(provider.parseSuccess(answer(202, { id: "m-1", status: "accepted" })), { id: "m-1", status: "accepted" });
    deepEqual(provider.parseSuccess(answer(202, { id: "m-2", status: "scheduled" })), {
      id: "m-2",
      status: "scheduled",
    });
    deepEqual(provider.parseSuccess(answer(202, { id: "m-3", status: "processing" })), { id: "m-3", status: "queued" });
    ok("failed" in provider.parseSuccess(answer(202, { status: "accepted" })));
    deepEqual(provider.parseSuccess(answer(202, { id: "m-5", status: "constructor" })), {
      id: "m-5",
      status: "accepted",
    });
    throws<ValidationError>(
      () => provider.compile({ to: TO, type: "toString" } as any),
      (e) => isValidationError(e),
    );
    const f = provider.parseSuccess(
      answer(202, { id: "m-4", status: "rejected", failure: { code: 13, description: "Unsupported media type" } }),
    );
    ok("failed" in f && f.message.includes("Unsupported media type") && f.providerCode === 13);
  });

  it("reads {code, message, details} for 400, 404, 409 and 422", () => {
    for (const status of [400, 404, 409, 422]) {
      const info = provider.parseError(
        answer(status, {
          code: `E${status}`,
          message: "Nope",
          details: { "receiver.contacts": ["is required", "must be phone"] },
        }),
      );
      ok(!isWaError(info), "the answer's error info, not a WaError");
      equal(info.providerCode, `E${status}`);
      ok(info.message.startsWith("Nope (receiver.contacts: is required; must be phone)"), info.message);
      equal(info.code, undefined, "the core's code by status");
    }
    match(
      provider.parseError(answer(404, { code: "NotFound", message: "channel not found" })).message,
      /workspaceId and channelId/,
    );
  });

  it("never throws on odd bodies; 401/403/429 get the core's codes", () => {
    match(parseBirdError(answer(500, "<html><b>Bad gateway</b></html>")).message, /Bad gateway/);
    match(parseBirdError(answer(401, "")).message, /access key/);
    equal(parseBirdError(answer(429, null)).providerCode, undefined);
    equal(parseBirdError(answer(400, { code: 5, message: "x", details: "flat" })).message.includes("flat"), false);
  });

  it("reads the service window", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    deepEqual(parseServiceWindow({ serviceWindowExpireAt: "2026-01-01T10:00:00Z" }, now), {
      open: true,
      expiresAt: new Date("2026-01-01T10:00:00Z"),
    });
    deepEqual(parseServiceWindow({ serviceWindowExpireAt: "2025-12-31T10:00:00Z" }, now), {
      open: false,
      expiresAt: null,
    });
    deepEqual(parseServiceWindow({ serviceWindowExpireAt: null, isPermanentSession: true }, now), {
      open: true,
      expiresAt: null,
    });
    deepEqual(parseServiceWindow("garbage", now), { open: false, expiresAt: null });
  });

  it("builds the service window request with no I/O", () => {
    const req = provider.serviceWindowRequest(TO, "c0ffee00-0000-4000-8000-000000000001");
    equal(req.method, "GET");
    equal(
      req.url,
      `https://api.bird.com/workspaces/${WS}/channels/${CH}/contacts/c0ffee00-0000-4000-8000-000000000001?contactIdentifierValue=%2B31612345678`,
    );
    equal(req.headers.authorization, "AccessKey KEY-abc");
    throws(
      () => provider.serviceWindowRequest("0612345678"),
      (e: ValidationError) => isValidationError(e),
    );
  });
});
