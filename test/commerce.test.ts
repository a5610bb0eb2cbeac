// The kinds and template features added for Meta's commerce and Flow examples: product,
// productList, catalog, flow; localised dateTime, boolean quick replies, language policy, catalog
// and flow template buttons; cloudApi().markRead. Neutral shape from the builder, every limit at
// its boundary, Meta's compiled object, and each provider's answer (compile or UnsupportedError).
import {
  bik,
  bird,
  cloudApi,
  isUnsupportedError,
  isValidationError,
  kaleyra,
  message,
  proxy,
  sandbox,
  zixflow,
  type Draft,
  type Provider,
  type UnsupportedError,
  type ValidationError,
} from "../src/index.ts";
import { describe, it, ok, equal, deepEqual, throws, match, issueAt as hasIssueAt } from "./harness.ts";

const TO = "+31612345678";
const CAT = "367025965434465";
const meta = cloudApi({ accessToken: "T", phoneNumberId: "1234567890" });
const compiled = (d: Draft<any>) => d.to(TO).compile(meta).body as any;
const issues = (d: Draft<any>) => throws<ValidationError>(() => d.to(TO), isValidationError).issues;
const issueAt = (d: Draft<any>, path: string) => {
  const all = issues(d);
  const found = all.find((i) => i.path === path);
  ok(found, `no issue at ${path}: ${JSON.stringify(all)}`);
  return found;
};
const skus = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `SKU-${from + i}`) as unknown as [string, ...string[]];

describe("product: a single catalog product", () => {
  it("the builder makes the neutral message; Meta's object has no header and an optional body", () => {
    const out = message.text("Back in stock").footer("Acme").product({ catalogId: CAT, productId: "SKU-1" }).to(TO);
    deepEqual(out.message, {
      to: TO,
      type: "product",
      body: "Back in stock",
      footer: "Acme",
      product: { catalogId: CAT, productId: "SKU-1" },
    });
    deepEqual((out.compile(meta).body as any).interactive, {
      type: "product",
      body: { text: "Back in stock" },
      footer: { text: "Acme" },
      action: { catalog_id: CAT, product_retailer_id: "SKU-1" },
    });
    const bare = meta.compile({ to: TO, type: "product", product: { catalogId: CAT, productId: "SKU-1" } }).body as any;
    deepEqual(bare.interactive, { type: "product", action: { catalog_id: CAT, product_retailer_id: "SKU-1" } });
  });

  it("a header is refused (WhatsApp shows the product's image); ids must be non-empty text", () => {
    match(
      issueAt(message.text("b").header("H").product({ catalogId: CAT, productId: "SKU-1" }), "header").message,
      /not a field of a product message/,
    );
    issueAt(message.text("b").product({ catalogId: "", productId: "SKU-1" }), "product.catalogId");
    // @ts-expect-error: mistyped on purpose, for the runtime check
    issueAt(message.text("b").product({ catalogId: CAT }), "product.productId");
    equal(message.text("x".repeat(1024)).product({ catalogId: CAT, productId: "S" }).check(TO).ok, true);
    equal(issueAt(message.text("x".repeat(1025)).product({ catalogId: CAT, productId: "S" }), "body").limit, 1024);
  });
});

describe("productList: a multi-product message", () => {
  const picks = (sections: any, header = "Summer") => message.text("Picks").header(header).products(CAT, sections);

  it("compiles to Meta's product_list with a text header and product_items", () => {
    const b = compiled(
      picks([
        { title: "Tops", productIds: ["A", "B"] },
        { title: "Shoes", productIds: ["C"] },
      ]).footer("Acme"),
    );
    deepEqual(b.interactive, {
      type: "product_list",
      header: { type: "text", text: "Summer" },
      body: { text: "Picks" },
      footer: { text: "Acme" },
      action: {
        catalog_id: CAT,
        sections: [
          { title: "Tops", product_items: [{ product_retailer_id: "A" }, { product_retailer_id: "B" }] },
          { title: "Shoes", product_items: [{ product_retailer_id: "C" }] },
        ],
      },
    });
  });

  it("30 products in total pass, 31 fail at `sections`; one section holds at most 30", () => {
    ok(
      picks([
        { title: "A", productIds: skus(15) },
        { title: "B", productIds: skus(15, 15) },
      ]).to(TO),
    );
    const total = issueAt(
      picks([
        { title: "A", productIds: skus(15) },
        { title: "B", productIds: skus(16, 15) },
      ]),
      "sections",
    );
    match(total.message, /hold 31 products in total; WhatsApp allows at most 30/);
    const one = issueAt(picks([{ productIds: skus(31) }]), "sections[0].productIds");
    equal(one.limit, 30);
    equal(one.received, 31);
  });

  it("10 sections pass, 11 fail; several sections need titles ≤ 24", () => {
    const sections = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `S${i}`, productIds: [`P${i}`] }));
    ok(picks(sections(10)).to(TO));
    equal(issueAt(picks(sections(11)), "sections").limit, 10);
    match(
      issueAt(picks([{ productIds: ["A"] }, { productIds: ["B"] }]), "sections").message,
      /need a title on every section/,
    );
    ok(picks([{ title: "x".repeat(24), productIds: ["A"] }]).to(TO));
    equal(issueAt(picks([{ title: "x".repeat(25), productIds: ["A"] }]), "sections[0].title").limit, 24);
  });

  it("the text header is required; a media header is refused", () => {
    match(issueAt(message.text("Picks").products(CAT, [{ productIds: ["A"] }]), "header").message, /header/);
    match(
      issueAt(
        message
          .text("Picks")
          .header({ image: "https://e.com/a.png" })
          .products(CAT, [{ productIds: ["A"] }]),
        "header",
      ).message,
      /text header only/,
    );
  });
});

describe("catalog: the View catalog button", () => {
  it("compiles to Meta's catalog_message with the thumbnail product", () => {
    deepEqual(compiled(message.text("Browse").catalog({ thumbnailProductId: "SKU-1" })).interactive, {
      type: "catalog_message",
      body: { text: "Browse" },
      action: { name: "catalog_message", parameters: { thumbnail_product_retailer_id: "SKU-1" } },
    });
  });

  it("the thumbnail product is required and a header refused", () => {
    // @ts-expect-error: mistyped on purpose, for the runtime check
    issueAt(message.text("Browse").catalog({}), "catalog.thumbnailProductId");
    issueAt(message.text("Browse").header("H").catalog({ thumbnailProductId: "S" }), "header");
  });
});

describe("flow: a WhatsApp Flow message", () => {
  it("compiles to Meta's flow action: version 3, navigate by default, payload only when given", () => {
    deepEqual(compiled(message.text("Book").flow({ name: "booking", cta: "Book" })).interactive, {
      type: "flow",
      body: { text: "Book" },
      action: {
        name: "flow",
        parameters: { flow_message_version: "3", flow_name: "booking", flow_cta: "Book", flow_action: "navigate" },
      },
    });
    const b = compiled(
      message
        .text("Book")
        .header({ image: "https://e.com/a.png" })
        .flow({ id: "42", cta: "Book", action: "data_exchange", token: "t", mode: "draft" }),
    );
    deepEqual(b.interactive.header, { type: "image", image: { link: "https://e.com/a.png" } });
    deepEqual(b.interactive.action.parameters, {
      flow_message_version: "3",
      flow_id: "42",
      flow_cta: "Book",
      flow_token: "t",
      mode: "draft",
      flow_action: "data_exchange",
    });
  });

  it("exactly one of id or name; cta ≤ 30; navigate-only screen and data; data non-empty", () => {
    match(
      issueAt(message.text("b").flow({ id: "1", name: "n", cta: "Go" }), "flow").message,
      /exactly one of id or name/,
    );
    match(issueAt(message.text("b").flow({ cta: "Go" }), "flow").message, /exactly one of id or name/);
    ok(
      message
        .text("b")
        .flow({ id: "1", cta: "x".repeat(30) })
        .to(TO),
    );
    equal(issueAt(message.text("b").flow({ id: "1", cta: "x".repeat(31) }), "flow.cta").limit, 30);
    match(
      issueAt(message.text("b").flow({ id: "1", cta: "Go", action: "data_exchange", screen: "S" }), "flow").message,
      /data_exchange/,
    );
    match(issueAt(message.text("b").flow({ id: "1", cta: "Go", data: {} }), "flow.data").message, /is empty/);
    // @ts-expect-error: mistyped on purpose, for the runtime check
    issueAt(message.text("b").flow({ id: "1", cta: "Go", mode: "live" }), "flow.mode");
    // @ts-expect-error: mistyped on purpose, for the runtime check
    issueAt(message.text("b").flow({ id: "1", cta: "Go", data: { when: new Date() } }), "flow.data.when");
    issueAt(message.text("b").flow({ id: "1", cta: "Go", data: { n: [1, Number.NaN] } }), "flow.data.n");
  });
});

describe("template: localised date-time, boolean quick replies, language policy, catalog and flow buttons", () => {
  it("dateTime carries Meta's localisation fields in snake case", () => {
    const b = compiled(
      message.template("t", {
        language: "en_US",
        params: [
          {
            type: "dateTime",
            fallback: "Feb 25",
            calendar: "SOLAR_HIJRI",
            year: 1977,
            month: 2,
            dayOfMonth: 25,
            dayOfWeek: 5,
            hour: 15,
            minute: 33,
          },
        ],
      }),
    );
    deepEqual(b.template.components[0].parameters[0], {
      type: "date_time",
      date_time: {
        fallback_value: "Feb 25",
        calendar: "SOLAR_HIJRI",
        year: 1977,
        month: 2,
        day_of_month: 25,
        day_of_week: 5,
        hour: 15,
        minute: 33,
      },
    });
  });

  it("dateTime fields are range-checked", () => {
    const dt = (extra: object) =>
      message.template("t", { language: "en", params: [{ type: "dateTime", fallback: "x", ...extra }] });
    for (const [field, bad] of [
      ["month", 13],
      ["dayOfMonth", 0],
      ["dayOfWeek", 8],
      ["hour", 24],
      ["minute", 60],
      ["month", 1.5],
    ] as const)
      issueAt(dt({ [field]: bad }), `template.body[0].${field}`);
    issueAt(dt({ calendar: "JULIAN" }), "template.body[0].calendar");
    issueAt(dt({ second: 1 }), "template.body[0].second");
    ok(dt({ month: 12, dayOfMonth: 31, dayOfWeek: 7, hour: 23, minute: 59 }).to(TO));
  });

  it("a boolean quick reply is Meta's text parameter; the language policy goes with the code", () => {
    const b = compiled(
      message.template("t", {
        language: "en_US",
        languagePolicy: "deterministic",
        buttons: [
          { type: "quickReply", payload: true },
          { type: "quickReply", payload: "p" },
        ],
      }),
    );
    deepEqual(b.template.language, { code: "en_US", policy: "deterministic" });
    deepEqual(b.template.components, [
      { type: "button", sub_type: "quick_reply", index: "0", parameters: [{ type: "text", text: true }] },
      { type: "button", sub_type: "quick_reply", index: "1", parameters: [{ type: "payload", payload: "p" }] },
    ]);
    // @ts-expect-error: mistyped on purpose, for the runtime check
    issueAt(message.template("t", { language: "en", languagePolicy: "fallback" }), "template.languagePolicy");
  });

  it("catalog and flow buttons carry an action parameter", () => {
    const b = compiled(
      message.template("t", {
        language: "en",
        buttons: [
          { type: "catalog", thumbnailProductId: "S" },
          { type: "flow", index: 2, token: "tok", data: { a: [1] } },
          { type: "catalog" },
        ],
      }),
    );
    deepEqual(b.template.components, [
      {
        type: "button",
        sub_type: "catalog",
        index: "0",
        parameters: [{ type: "action", action: { thumbnail_product_retailer_id: "S" } }],
      },
      {
        type: "button",
        sub_type: "flow",
        index: "2",
        parameters: [{ type: "action", action: { flow_token: "tok", flow_action_data: { a: [1] } } }],
      },
      { type: "button", sub_type: "catalog", index: "2", parameters: [{ type: "action", action: {} }] },
    ]);
    issueAt(
      message.template("t", { language: "en", buttons: [{ type: "flow", data: {} }] }),
      "template.buttons[0].data",
    );
  });
});

describe("cloudApi().markRead: the read receipt (not a message)", () => {
  it("builds Meta's status request on the messages endpoint, typing indicator optional", () => {
    const req = meta.markRead("wamid.X");
    equal(req.url, "https://graph.facebook.com/v23.0/1234567890/messages");
    equal(req.method, "POST");
    equal(req.headers.authorization, "Bearer T");
    deepEqual(req.body, { messaging_product: "whatsapp", status: "read", message_id: "wamid.X" });
    deepEqual(meta.markRead("wamid.X", { typing: true }).body, {
      messaging_product: "whatsapp",
      status: "read",
      message_id: "wamid.X",
      typing_indicator: { type: "text" },
    });
  });

  it("an empty id is a ValidationError", () => {
    equal(throws<ValidationError>(() => meta.markRead(" "), isValidationError).issues[0]!.path, "messageId");
  });
});

describe("the new kinds on every provider", () => {
  const kinds = ["product", "productList", "catalog", "flow"] as const;
  const samples = {
    product: message.text("b").product({ catalogId: CAT, productId: "S" }),
    productList: message
      .text("b")
      .header("H")
      .products(CAT, [{ productIds: ["S"] }]),
    catalog: message.text("b").catalog({ thumbnailProductId: "S" }),
    flow: message.text("b").flow({ id: "1", cta: "Go" }),
  };
  const supporting: Provider[] = [
    meta,
    kaleyra({ apiKey: "K", sid: "S", from: "+919876543210", pod: "in" }),
    sandbox(),
    proxy({ url: "https://shop.example/wa" }),
  ];
  const refusing: Provider[] = [
    bird({
      accessKey: "k",
      workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
      channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
    }),
    bik({ authToken: "t" }),
    zixflow({ apiKey: "k", phoneId: "p" }),
  ];

  it("Cloud API, Kaleyra (Meta's object), the sandbox and the proxy list and compile them", () => {
    for (const p of supporting)
      for (const k of kinds) {
        ok(p.kinds.includes(k), `${p.name} lists ${k}`);
        ok(samples[k].to(TO).compile(p).body, `${p.name} compiles ${k}`);
      }
    const k = supporting[1]!.compile(samples.flow.to(TO).message).body as any;
    deepEqual(k.messaging_object, meta.compile(samples.flow.to(TO).message).body, "Kaleyra wraps the same Meta object");
  });

  it("Bird, Bik and Zixflow leave them out of kinds and refuse them with a hint, before any I/O", () => {
    for (const p of refusing)
      for (const k of kinds) {
        ok(!p.kinds.includes(k), `${p.name} does not list ${k}`);
        const e = throws<UnsupportedError>(() => samples[k].to(TO).compile(p), isUnsupportedError);
        equal(e.feature, `${k} messages`);
        ok(e.message.length > 60 && /instead|use|send/i.test(e.message), e.message);
      }
  });

  it("Bik names the template button type it refuses", () => {
    const e = throws<UnsupportedError>(
      () =>
        message
          .template("t", { language: "en", buttons: [{ type: "catalog" }] })
          .to(TO)
          .compile(bik({ authToken: "t" })),
      isUnsupportedError,
    );
    equal(e.feature, "catalog template buttons");
  });
});

describe("fit: the new kinds' body, text header and footer are truncatable; labels are not", () => {
  it("overflow: truncate shortens a flow's body and footer, and leaves its cta an error", () => {
    const long = message.text("x".repeat(1100)).footer("f".repeat(70)).flow({ id: "1", cta: "Go" });
    const out = long.to(TO, { overflow: "truncate" });
    equal([...(out.message as any).body].length, 1024);
    equal([...(out.message as any).footer].length, 60);
    deepEqual(out.warnings.map((w) => w.path).sort(), ["body", "footer"]);
    const cta = throws<ValidationError>(
      () =>
        message
          .text("b")
          .flow({ id: "1", cta: "c".repeat(31) })
          .to(TO, { overflow: "truncate" }),
      isValidationError,
    );
    equal(cta.issues[0]!.path, "flow.cta");
  });

  it("a product list's header is cut, its section titles are not", () => {
    const out = message
      .text("b")
      .header("h".repeat(61))
      .products(CAT, [{ productIds: ["S"] }])
      .to(TO, { overflow: "truncate" });
    equal([...(out.message as any).header.text].length, 60);
    throws(
      () =>
        message
          .text("b")
          .header("H")
          .products(CAT, [{ title: "t".repeat(25), productIds: ["S"] }])
          .to(TO, { overflow: "truncate" }),
      hasIssueAt("sections[0].title", /is 25 characters; WhatsApp allows at most 24/),
    );
  });
});
