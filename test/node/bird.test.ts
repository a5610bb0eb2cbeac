// Bird against its own documents: every JSON example body of both Bird pages is rebuilt with the
// builder and compared deep-equal; every compiled body validates against Bird's schema (Ajv,
// JSON Schema 2020-12), also for random valid messages; a send and a service window query go
// to a real local HTTP server.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import {
  bird,
  message,
  whatsapp,
  isProviderError,
  type Draft,
  type Json,
  type ProviderError,
  type WaError,
  isWaError,
} from "../../src/index.ts";
import { describe, it, ok, equal, deepEqual, rejects } from "../harness.ts";
import { mockServer } from "./server.ts";

// Bird's schema and the JSON blocks of its "Sending WhatsApp messages" page, vendored in
// test/fixtures/bird/ (each file's first line says where it comes from).
const fixtures = new URL("../fixtures/bird/", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, fixtures), "utf8");
const schema = JSON.parse(read("create-message.schema.json"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: unknown) => void)(ajv);
const validate = ajv.compile(schema);
const schemaErrors = (body: unknown) => (validate(body) ? "" : ajv.errorsText(validate.errors));

const TO = "+31612345678";
const WS = "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90";
const CH = "9b1d2c3e-4f50-4a61-b7c8-d9e0f1a2b3c4";
const provider = bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH });
const compiled = (draft: Draft) => draft.to(TO).compile(provider).body as Record<string, Json>;

/**
 * The top-level JSON blocks of a page, in order, with the page's typos that break parsing
 * corrected: S1 opens two examples with a stray `{{` (DOC BUG, corrected to `{`). Blocks that
 * are not JSON (`"body": {...}` placeholders, the truncated last example of S1) are left out.
 */
function examples(page: string): Record<string, any>[] {
  const lines = page.replace(/^\{\{$/gm, "{").split("\n");
  const out: Record<string, any>[] = [];
  let block: string[] | undefined;
  let depth = 0;
  for (const line of lines) {
    if (!block && !line.trimStart().startsWith("{")) continue;
    block ??= [];
    block.push(line);
    for (const ch of line) depth += ch === "{" ? 1 : ch === "}" ? -1 : 0;
    if (depth <= 0) {
      try {
        out.push(JSON.parse(block.join("\n")));
      } catch {
        // not JSON: a placeholder block
      }
      block = undefined;
      depth = 0;
    }
  }
  return out;
}

/** Example request bodies only: Bird bodies (`type`), the broken location request, templates, replies. */
function requestExamples(page: string) {
  return examples(page).filter((e) => {
    if ("receiver" in e || "id" in e || "serviceWindowExpireAt" in e) return false; // the generated API-reference sample, responses
    return "type" in e || "projectId" in e || ("text" in e && "actions" in e);
  });
}

/** Bird's documented bugs, corrected, each where it is found. */
function corrected(example: Record<string, any>): Record<string, any> {
  let e = structuredClone(example);
  // DOC BUG (S4 "Text message with location request"): the `type: "text", text: {…}` wrapper is missing.
  if (!("type" in e) && "actions" in e) e = { type: "text", text: e };
  // DOC BUG (S1): `mediaURL` instead of `mediaUrl`, which Bird's schema refuses (additionalProperties: false).
  for (const img of e.image?.images ?? []) {
    if ("mediaURL" in img) {
      img.mediaUrl = img.mediaURL;
      delete img.mediaURL;
    }
  }
  // DOC BUG (S4 ReplyTo examples): `replyTo` sits in the body; Bird's schema has it at the top level.
  if ("replyTo" in e) {
    const { replyTo, ...body } = e;
    e = { body, replyTo };
  }
  return e;
}

const REPLY_ID = "1e7b70ab-3dcc-48f4-a6f6-63a493f6134c";
const t = (s: string) => message.text(s);
const pb = (n: string, title = `Postback action ${n}`) => ({ id: `postback-payload-${n}`, title });
const rows = (...n: number[]) => n.map((i) => ({ id: `postback-action-payload-${i}`, title: `Postback action ${i}` }));
const rowsWithDescriptions = (...n: number[]) =>
  rows(...n).map((r, i) => ({ ...r, description: `Postback action description ${n[i]}` }));
const listOptions = { bird: { altText: "List alt text", listButton: false } };

/** The chains shared by both pages, given each page's media URLs. */
function bodyChains(u: {
  single: string;
  withText: string;
  multi: [string, string];
  labelled: string;
  multiLabelled: [string, string];
  last: [string, string];
  video: string;
  pdf: string;
}): Draft[] {
  return [
    // Text
    t("Single text message"),
    t("Single text message with reply actions").buttons(["Reply action 1", "Reply action 2"]),
    t("Single text message with postback actions").buttons([pb("1"), pb("2")]),
    t("Single text message with reply and postback actions").buttons([pb("1"), "Reply action 1"]),
    // Image
    message.image({ url: u.single, altText: "Label of first image" }),
    message.image({ url: u.withText, altText: "Label of first image", caption: "Single image message" }),
    message.image([
      { url: u.multi[0], altText: "Label of first image", caption: "Multiple images message" },
      { url: u.multi[1], altText: "Label of second image" },
    ]),
    t("Single image message with postback actions")
      .buttons([pb("1", "Postback option 1"), pb("2", "Postback option 2")])
      .header({ image: { url: u.labelled, altText: "Image label" } }),
    t("Single image message with reply actions")
      .buttons(["Reply action 1", "Reply action 2"])
      .header({ image: { url: u.labelled, altText: "Image label" } }),
    t("Single image message with postback and reply actions")
      .buttons([{ id: "postback-payload", title: "Postback action" }, "Reply action"])
      .header({ image: { url: u.labelled, altText: "Image label" } }),
    t("Multiple images message with postback actions")
      .buttons([pb("1"), pb("2")])
      .header({ image: { url: u.multiLabelled[0], altText: "First image label" } })
      .options({ bird: { media: [{ url: u.multiLabelled[1], altText: "Second image label" }] } }),
    t("Multiple images message with reply actions")
      .buttons(["Reply action 1", "Reply action 2"])
      .header({ image: { url: u.multiLabelled[0], altText: "First image label" } })
      .options({ bird: { media: [{ url: u.multiLabelled[1], altText: "Second image label" }] } }),
    t("Multiple images message with postback and reply actions")
      .buttons([{ id: "postback-payload", title: "Postback action" }, "Reply action"])
      .header({ image: { url: u.last[0], altText: "First image label" } })
      .options({ bird: { media: [{ url: u.last[1], altText: "Second image label" }] } }),
    // File
    message.video({ url: u.video, caption: "Single file message" }),
    t("Single file message")
      .buttons(["Postback action", "Reply action"])
      .header({ video: u.video })
      .options({ bird: { actions: ["postback", "reply"] } }),
    message.video({ url: u.video, caption: "Multiple files message" }).options({ bird: { media: [{ url: u.pdf }] } }),
    message
      .video({ url: u.video, caption: "Multiple files message" })
      .options({ bird: { media: [{ url: u.pdf, filename: "passport.pdf" }] } }),
    t("Multiple files message")
      .buttons([pb("1"), pb("2"), "Reply action"])
      .header({ video: u.video })
      .options({ bird: { media: [{ url: u.pdf, filename: "passport.pdf" }] } }),
    // Location
    message.location({
      latitude: 52.3435942,
      longitude: 4.9091077,
      name: "MessageBird Amsterdam office",
      address: "Trompenburgstraat 2C, 1079 TX Amsterdam",
    }),
    // List (the label is Bird's default in the first two: `listButton: false`)
    t("List text")
      .list("Options", [{ rows: rows(1, 2) as [any, any] }])
      .header("List title")
      .options(listOptions),
  ];
}

const S4 = "https://files.gitbook.com/v0/b/gitbook-x-prod.appspot.com/o/spaces%2FdnJZeZvhOMhDQA8SpjQM%2Fuploads%2F";
const A = `${S4}RPPgQAGyZE7rvIh3WM2Z%2Fimage2.avif?alt=media`;
const B = `${S4}rEM9zztd8SEiJS6RQuR3%2Fimage.png?alt=media`;
const MB = "https://www.messagebird.com/";

const pages = [
  {
    name: "S1 bird-channels-whatsapp-send.txt",
    file: "bird-channels-whatsapp-send.examples.txt",
    chains: bodyChains({
      single: `${MB}image.png`,
      withText: `${MB}image.png`,
      multi: [`${MB}image1.png`, `${MB}image2.png`],
      labelled: `${MB}image.png`,
      multiLabelled: [`${MB}image1.png`, `${MB}image2.png`],
      last: [`${MB}image2.png`, `${MB}image2.png`],
      video: `${MB}videos/video.mp4`,
      pdf: `${MB}documents/file-sample_150kB.pdf`,
    }),
  },
  {
    name: "S4 bird-docs-whatsapp-full.txt",
    file: "bird-docs-whatsapp-full.examples.txt",
    chains: (() => {
      const c = bodyChains({
        single: A,
        withText: A,
        multi: [B, A],
        labelled: B,
        multiLabelled: [B, A],
        last: [B, A],
        video: `${S4}tXMQ4lIinia9ehf4EpC4%2Fvideo.mp4?alt=media`,
        pdf: `${S4}PnRToYX2feW96HAOrh4x%2Fdocument.pdf?alt=media`,
      });
      return [
        ...c.slice(0, 4),
        t("Single text message with location request").locationRequest(),
        ...c.slice(4),
        t("List text")
          .list("Options", [
            { title: "Section 1", rows: rows(1, 2) as [any, any] },
            { title: "Section 2", rows: rows(3, 4) as [any, any] },
          ])
          .header("List title")
          .options(listOptions),
        t("List text")
          .list("Show options", [
            { title: "Section 1", rows: rowsWithDescriptions(1, 2) as [any, any] },
            { title: "Section 2", rows: rowsWithDescriptions(3, 4) as [any, any] },
          ])
          .header("List title")
          .options({ bird: { altText: "List alt text" } }),
        // ReplyTo
        t("Single text message").replyTo(REPLY_ID),
        message.image({ url: A, altText: "Label of first image" }).replyTo(REPLY_ID),
        t("Single text message with postback actions")
          .buttons([pb("1"), pb("2")])
          .replyTo(REPLY_ID),
        // Template
        message.template("ce6a2fd6-b2fa-4f5a-a2cd-f3bd15883318", { language: "en", variables: { name: "Robert" } }),
        message.template("7b492653-450b-4e97-b5e4-3827868e7438", { language: "en", variables: { imageURL: A } }),
        message
          .template("image_with_button", { language: "en", variables: { name: "Robert", url: "?campaignid=123456" } })
          .options({
            bird: {
              projectId: "6449eb42-dffb-41c2-81a1-7fd956d2e7a6",
              version: "e0e9190c-c3e7-4026-8fc3-d28a77aa1a52",
            },
          }),
      ];
    })(),
  },
];

describe("bird: every example of Bird's pages", () => {
  for (const page of pages) {
    it(`${page.name}: each example body is what the builder compiles`, () => {
      const docs = requestExamples(read(page.file)).map(corrected);
      equal(
        docs.length,
        page.chains.length,
        `${page.name} has ${docs.length} example bodies; the test has ${page.chains.length} chains`,
      );
      docs.forEach((expected, i) => {
        const got = compiled(page.chains[i]!);
        const part =
          "projectId" in expected
            ? got.template
            : "replyTo" in expected
              ? { body: got.body, replyTo: got.replyTo }
              : got.body;
        deepEqual(part, expected, `${page.name} example #${i + 1}`);
        equal(schemaErrors(got), "", `${page.name} example #${i + 1} validates`);
      });
    });
  }

  it("the only JSON bodies left out are the generated API-reference sample and responses", () => {
    // S4's "Send a message" reference sample fills every field of every channel with "text"
    // (email sender, cc receiver, template and body at once): it documents the schema, not a
    // WhatsApp message, so no builder chain can or should produce it (its link URL "text" is not
    // even valid against the schema).
    const s4 = examples(read("bird-docs-whatsapp-full.examples.txt"));
    const samples = s4.filter((e) => "receiver" in e && !("id" in e)); // responses carry an id
    equal(samples.length, 1);
    equal(samples[0]!.sender.connector.identifierValue, "channels@bird.com");
    equal(
      examples(read("bird-channels-whatsapp-send.examples.txt")).filter((e) => "receiver" in e && !("id" in e)).length,
      0,
    );
  });

  it("the corrected examples validate against Bird's schema, and the bugs as published do not", () => {
    const wrap = (body: unknown) => ({ receiver: { contacts: [{ identifierValue: TO }] }, body });
    const s1 = requestExamples(read("bird-channels-whatsapp-send.examples.txt"));
    const withMediaURL = s1.filter((e) => JSON.stringify(e).includes("mediaURL"));
    equal(withMediaURL.length, 2);
    for (const e of withMediaURL) {
      ok(schemaErrors(wrap(e)) !== "", "mediaURL is refused by the schema");
      equal(schemaErrors(wrap(corrected(e))), "");
    }
    const s4 = requestExamples(read("bird-docs-whatsapp-full.examples.txt"));
    const bare = s4.find((e) => !("type" in e) && "actions" in e)!;
    ok(schemaErrors(wrap(bare)) !== "", "the bare location request is refused");
    const replies = s4.filter((e) => "replyTo" in e);
    equal(replies.length, 3);
    for (const e of replies) ok(schemaErrors(wrap(e)) !== "", "replyTo inside the body is refused");
  });
});

describe("bird: compiled bodies validate against Bird's schema", () => {
  const url = fc.constantFrom(
    "https://e.com/a.png",
    "https://cdn.example.org/x/y.jpg?v=1",
    "https://e.com/%C3%A9.webp",
  );
  const text = (max: number) =>
    fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim() !== "" && s === s.trim());
  const id = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
  const ref = fc.option(
    fc.oneof(
      text(20),
      fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(fc.integer(), text(10)), {
        maxKeys: 3,
        noNullPrototype: true,
      }),
      fc.integer(),
    ),
    { nil: undefined },
  );
  const options = fc.record(
    {
      tags: fc.array(fc.stringMatching(/^[a-zA-Z0-9_ -]{1,50}$/), { maxLength: 10 }),
      validity: fc.nat({ max: 1_000_000 }),
      notification: fc.constant({ url: "https://hooks.example.com/bird" }),
      scheduledFor: fc.integer({ min: 0, max: 30 * 86_400 }).map((s) => new Date(Date.now() + s * 1000).toISOString()),
    },
    { requiredKeys: [] },
  );
  const mediaHeader = fc.oneof(
    url.map((u) => ({ image: u })),
    fc.constant({ video: "https://e.com/clip.3gp" }),
    fc.constant({ document: { url: "https://e.com/terms.pdf", filename: "terms.pdf" } }),
  );
  const draft: fc.Arbitrary<Draft> = fc.oneof(
    fc
      .tuple(text(4096), fc.option(fc.boolean(), { nil: undefined }))
      .map(([b, p]) => message.text(b, p === undefined ? {} : { previewUrl: p })),
    fc
      .tuple(
        fc.array(fc.record({ url, altText: fc.option(text(30), { nil: undefined }) }), { minLength: 1, maxLength: 10 }),
        fc.option(text(1024), { nil: undefined }),
      )
      .map(([media, caption]) =>
        message.image(media.map((m, i) => (i === 0 && caption ? { ...m, caption } : m)) as any),
      ),
    fc
      .tuple(fc.constantFrom("video", "audio", "document"), fc.option(text(1024), { nil: undefined }))
      .map(([kind, caption]) =>
        kind === "audio"
          ? message.audio({ url: "https://e.com/a.ogg" })
          : kind === "video"
            ? message.video({ url: "https://e.com/v.mp4", ...(caption ? { caption } : {}) })
            : message.document({
                url: "https://e.com/d",
                contentType: "application/pdf",
                filename: "d.pdf",
                ...(caption ? { caption } : {}),
              }),
      ),
    url.map((u) => message.sticker(u)),
    fc
      .record({
        latitude: fc.double({ min: -90, max: 90, noNaN: true }),
        longitude: fc.double({ min: -180, max: 180, noNaN: true }),
        name: fc.option(text(40), { nil: undefined }),
      })
      .map((l) => message.location(l.name === undefined ? { latitude: l.latitude, longitude: l.longitude } : l)),
    fc
      .tuple(
        text(1024),
        fc.uniqueArray(fc.record({ id, title: text(20) }), { minLength: 1, maxLength: 3, selector: (b) => b.title }),
        fc.option(mediaHeader, { nil: undefined }),
      )
      .filter(([, b]) => new Set(b.map((x) => x.id)).size === b.length)
      .map(([body, buttons, header]) => {
        const d = message.text(body).buttons(buttons as any);
        return header ? d.header(header) : d;
      }),
    fc
      .tuple(
        text(1024),
        text(20),
        fc.uniqueArray(fc.record({ id, title: text(24), description: fc.option(text(72), { nil: undefined }) }), {
          minLength: 1,
          maxLength: 10,
          selector: (r) => r.id,
        }),
      )
      .map(([body, label, rs]) =>
        message
          .text(body)
          .list(label, [
            { title: "Rows", rows: rs.map((r) => (r.description === undefined ? { id: r.id, title: r.title } : r)) },
          ]),
      ),
    fc.tuple(text(1024), text(20), text(60)).map(([body, label, header]) =>
      message
        .text(body)
        .list(label, [{ rows: ["A", "B"] }])
        .header(header),
    ),
    fc.tuple(text(1024), text(20), fc.option(mediaHeader, { nil: undefined })).map(([body, label, header]) => {
      const d = message.text(body).link(label, "https://example.com/x");
      return header ? d.header(header) : d;
    }),
    text(1024).map((body) => message.text(body).locationRequest()),
    fc
      .tuple(
        fc.uuid(),
        fc.dictionary(
          fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,10}$/),
          fc.oneof(fc.string(), fc.integer(), fc.boolean()),
          { maxKeys: 5, noNullPrototype: true },
        ),
      )
      .map(([projectId, variables]) => message.template(projectId, { language: "en_US", variables })),
  );

  it("for random valid messages (property)", () => {
    fc.assert(
      fc.property(draft, ref, options, fc.option(fc.uuid(), { nil: undefined }), (d, r, o, reply) => {
        let x: Draft = d.options({ bird: o });
        if (r !== undefined) x = x.ref(r);
        if (reply !== undefined) x = x.replyTo(reply);
        const body = compiled(x);
        const errors = schemaErrors(body);
        if (errors !== "") throw new Error(`${errors}\n${JSON.stringify(body).slice(0, 1500)}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe("bird: over HTTP (node, 127.0.0.1)", () => {
  it("sends exactly the compiled request and reads the 202 ChannelMessage", async () => {
    const answer = {
      id: "0f8c3a1e-1111-4222-8333-944455556666",
      channelId: CH,
      status: "accepted",
      reference: "order-1",
    };
    const srv = await mockServer(() => ({ status: 202, body: answer }));
    try {
      const p = bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH, baseUrl: `${srv.url}/` });
      const wa = whatsapp({ provider: p });
      const res = await wa.text("Your order shipped", { previewUrl: false }).ref("order-1").to(TO);
      deepEqual(res, { id: answer.id, provider: "bird", status: "accepted", raw: answer });
      equal(srv.seen.length, 1);
      const seen = srv.seen[0]!;
      equal(seen.method, "POST");
      equal(seen.url, `/workspaces/${WS}/channels/${CH}/messages`);
      equal(seen.headers.authorization, "AccessKey KEY-abc");
      equal(seen.headers["content-type"], "application/json");
      deepEqual(JSON.parse(seen.body), {
        receiver: { contacts: [{ identifierKey: "phonenumber", identifierValue: TO }] },
        body: { type: "text", text: { text: "Your order shipped", metadata: { whatsapp: { previewUrl: false } } } },
        reference: "order-1",
      });
    } finally {
      await srv.close();
    }
  });

  it("a 422 becomes a ProviderError with Bird's code and the field details, without the key", async () => {
    const body = {
      code: "InvalidPayload",
      message: "The request did not pass validation",
      details: { "body.text.text": ["must not be blank"] },
    };
    const srv = await mockServer(() => ({ status: 422, body }));
    try {
      const wa = whatsapp({
        provider: bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH, baseUrl: srv.url }),
      });
      const e = await rejects<ProviderError>(wa.text("hi").to(TO), isProviderError);
      equal(e.status, 422);
      equal(e.code, "PROVIDER_ERROR");
      equal(e.providerCode, "InvalidPayload");
      ok(e.message.includes("body.text.text: must not be blank"), e.message);
      ok(!JSON.stringify(e.toJSON()).includes("KEY-abc"));
      equal(srv.seen.length, 1);
    } finally {
      await srv.close();
    }
  });

  it("401 and 403 are AUTH, 429 is RATE_LIMITED and retryable", async () => {
    const statuses = [401, 403, 429];
    const srv = await mockServer((_req, n) => ({ status: statuses[n - 1]!, body: { code: "Denied", message: "no" } }));
    try {
      const wa = whatsapp({
        provider: bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH, baseUrl: srv.url }),
        retry: 0,
      });
      const codes: string[] = [];
      for (const _ of statuses) {
        const e = await rejects<ProviderError>(wa.text("hi").to(TO), isProviderError);
        codes.push(`${e.status}:${e.code}:${e.retryable}`);
      }
      deepEqual(codes, ["401:AUTH:false", "403:AUTH:false", "429:RATE_LIMITED:true"]);
    } finally {
      await srv.close();
    }
  });

  it("serviceWindow() asks Bird once and reads the expiry", async () => {
    const [CONTACT, CLOSED, MISSING] = [
      "c0ffee00-0000-4000-8000-000000000001",
      "c105ed00-0000-4000-8000-000000000002",
      "0dead000-0000-4000-8000-000000000003",
    ];
    const srv = await mockServer((req) =>
      req.url.includes(CLOSED)
        ? { status: 200, body: { serviceWindowExpireAt: null } }
        : req.url.includes(MISSING)
          ? { status: 404, body: { code: "NotFound", message: "contact not found" } }
          : { status: 200, body: { serviceWindowExpireAt: "2999-01-01T00:00:00.000Z", isPermanentSession: false } },
    );
    try {
      const p = bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH, baseUrl: srv.url });
      const open = await p.serviceWindow(TO, { contactId: CONTACT });
      deepEqual(open, { open: true, expiresAt: new Date("2999-01-01T00:00:00.000Z") });
      const seen = srv.seen[0]!;
      equal(seen.method, "GET");
      equal(seen.url, `/workspaces/${WS}/channels/${CH}/contacts/${CONTACT}?contactIdentifierValue=%2B31612345678`);
      equal(seen.headers.authorization, "AccessKey KEY-abc");
      deepEqual(await p.serviceWindow(TO, { contactId: CLOSED }), { open: false, expiresAt: null });
      const e = await rejects<ProviderError>(p.serviceWindow(TO, { contactId: MISSING }), isProviderError);
      equal(e.status, 404);
      equal(e.providerCode, "NotFound");
      equal(srv.seen.length, 3);
    } finally {
      await srv.close();
    }
  });

  it("serviceWindow() against an unreachable server is a NETWORK error", async () => {
    const srv = await mockServer(() => ({}));
    await srv.close();
    const p = bird({ accessKey: "KEY-abc", workspaceId: WS, channelId: CH, baseUrl: srv.url });
    await rejects<WaError>(p.serviceWindow(TO), (e) => isWaError(e) && e.code === "NETWORK");
  });
});
