// Template definitions (wafluent/templates): defineTemplates() checks them, fromCloudApi() reads
// Meta's listing into them, and whatsapp({ templates }) checks every template send against them
// before any I/O.
import { isValidationError, isWaError, sandbox, type ValidationError, type WaError, whatsapp } from "../src/index.ts";
import { templatesModule } from "../src/cli.ts";
import { defineTemplates, fromCloudApi, placeholders, renderTemplate } from "../src/templates.ts";
import { page1, page2 } from "./fixtures/meta/message-templates.ts";
import { deepEqual, describe, equal, hasCode, it, ok, throws } from "./harness.ts";

const TO = "+31612345678";

const templates = defineTemplates({
  order_update: {
    en_US: {
      category: "UTILITY",
      parameterFormat: "positional",
      body: { text: "Hi {{1}}, order {{2}} has shipped.", params: ["1", "2"] },
      buttons: [{ type: "url", text: "Track", url: "https://example.com/t/{{1}}" }],
    },
    es: {
      category: "UTILITY",
      parameterFormat: "positional",
      body: { text: "Hola {{1}}, el pedido {{2}} salió.", params: ["1", "2"] },
      buttons: [{ type: "url", text: "Seguir", url: "https://example.com/t/{{1}}" }],
    },
  },
  order_confirmation: {
    en_US: {
      category: "UTILITY",
      parameterFormat: "named",
      header: { type: "image" },
      body: { text: "Thank you, {{first_name}}! Order {{order_number}}.", params: ["first_name", "order_number"] },
    },
  },
  welcome: {
    en_US: { category: "MARKETING", parameterFormat: "positional", body: { text: "Welcome!", params: [] } },
  },
} as const);

const wa = whatsapp({ provider: sandbox(), templates });
const plain = whatsapp({ provider: sandbox() });
/** The issues `.to()` throws, as "path: message". */
const refusal = (f: () => unknown) =>
  throws<ValidationError>(f, (e) => isValidationError(e) && e.code === "VALIDATION").issues.map(
    (i) => `${i.path}: ${i.message}`,
  );
const track = [{ type: "url", text: "ZX-1" }] as const;

describe("defineTemplates", () => {
  it("returns the definitions, frozen, each with its name and language", () => {
    equal(templates.order_update.es.name, "order_update");
    equal(templates.order_update.es.language, "es");
    ok(Object.isFrozen(templates) && Object.isFrozen(templates.order_update.en_US.body.params));
  });

  it("refuses body params that do not list the text's placeholders in order (CONFIG, names template and field)", () => {
    const e = throws<WaError>(
      () =>
        defineTemplates({
          t: {
            en_US: { category: "UTILITY", parameterFormat: "positional", body: { text: "{{1}} {{2}}", params: ["1"] } },
          },
        }),
      hasCode("CONFIG"),
    );
    equal(e.code, "CONFIG");
    ok(e.message.includes("`t` (en_US) body.params") && e.message.includes('["1", "2"]'), e.message);
  });

  it("refuses a named placeholder in a positional template and a positional gap", () => {
    const named = throws<WaError>(
      () =>
        defineTemplates({
          t: {
            en: { category: "UTILITY", parameterFormat: "positional", body: { text: "{{name}}", params: ["name"] } },
          },
        }),
      hasCode("CONFIG"),
    );
    equal(named.code, "CONFIG");
    ok(named.message.includes("{{name}}") && named.message.includes("positional"), named.message);
    const gap = throws<WaError>(
      () =>
        defineTemplates({
          t: { en: { category: "UTILITY", parameterFormat: "positional", body: { text: "{{2}}", params: ["2"] } } },
        }),
      hasCode("CONFIG"),
    );
    equal(gap.code, "CONFIG");
    ok(gap.message.includes("found {{2}} at position 1"), gap.message);
  });

  it("a template with no language, and a header type it does not know, are CONFIG", () => {
    equal(throws<WaError>(() => defineTemplates({ t: {} }), hasCode("CONFIG")).code, "CONFIG");
    const e = throws<WaError>(
      () =>
        defineTemplates({
          t: {
            en: {
              category: "U",
              parameterFormat: "named",
              header: { type: "gif" } as any,
              body: { text: "", params: [] },
            },
          },
        }),
      hasCode("CONFIG"),
    );
    equal(e.code, "CONFIG");
    ok(e.message.includes("header.type"), e.message);
  });

  it("placeholders() lists each name once, in order", () => {
    deepEqual(placeholders("{{2}} {{ 1 }} {{2}} {{first_name}}"), ["2", "1", "first_name"]);
  });
});

describe("fromCloudApi: Meta's listing items", () => {
  const items = [...page1("").data, ...page2.data].map(fromCloudApi);

  it("reads a LOCATION header, a positional body, footer and quick replies", () => {
    deepEqual(items[0], {
      name: "order_delivery_update",
      language: "en_US",
      category: "UTILITY",
      status: "APPROVED",
      parameterFormat: "positional",
      ids: { cloudApi: "1667192013751005" },
      header: { type: "location" },
      body: {
        text: "Good news {{1}}! Your order #{{2}} is on its way to the location above. Thank you for your order!",
        params: ["1", "2"],
      },
      footer: "To stop receiving delivery updates, tap the button below.",
      buttons: [{ type: "quickReply", text: "Stop Delivery Updates" }],
    });
  });

  it("reads parameter_format NAMED and a text header with its placeholder", () => {
    equal(items[1]!.parameterFormat, "named");
    deepEqual(items[1]!.body.params, ["first_name", "order_number"]);
    deepEqual(items[2]!.header, { type: "text", text: "Our {{1}} is on!", params: ["1"] });
    equal(items[3]!.language, "es");
  });

  it("reads an IMAGE header, a URL button with a placeholder and the status", () => {
    equal(items[4]!.status, "PENDING");
    deepEqual(items[4]!.header, { type: "image" });
    deepEqual(items[4]!.buttons, [{ type: "url", text: "Track", url: "https://www.example.com/track/{{1}}" }]);
  });

  it("refuses a component it cannot read (UNSUPPORTED, naming it) rather than a wrong definition", () => {
    const e = throws<WaError>(
      () =>
        fromCloudApi({
          name: "c",
          language: "en",
          category: "MARKETING",
          components: [{ type: "CAROUSEL", cards: [] }],
        }),
      hasCode("UNSUPPORTED"),
    );
    equal(e.code, "UNSUPPORTED");
    ok(e.message.includes('"CAROUSEL"'), e.message);
  });
});

describe("whatsapp({ templates }): a send checked against its definition before any I/O", () => {
  it("accepts a right call and sends it as before", () => {
    const out = wa.template("order_update", { language: "en_US", params: ["Ana", "A-1"], buttons: track }).to(TO);
    equal(out.message.type, "template");
    ok(wa.template("welcome", { language: "en_US" }).check(TO).ok);
  });

  it("an unknown name is VALIDATION listing the known names, closest first", () => {
    deepEqual(
      refusal(() => wa.template("order_updat" as any, { language: "en_US" } as any).to(TO)),
      [
        "template.name: No template `order_updat` in the definitions passed to whatsapp({ templates }); known (closest first): `order_update`, `order_confirmation`, `welcome`. Check the name, or run `wafluent templates pull` if it was approved since.",
      ],
    );
  });

  it("a language the template was not approved in is VALIDATION listing its languages", () => {
    deepEqual(
      refusal(() => wa.template("order_update", { language: "fr" } as any).to(TO)),
      ["template.language: Template `order_update` has no `fr` translation; its languages: en_US, es."],
    );
  });

  it("a positional count mismatch names the template, language and placeholders", () => {
    deepEqual(
      refusal(() => wa.template("order_update", { language: "en_US", params: ["Ana"], buttons: track } as any).to(TO)),
      ["template.params: `order_update` (en_US) body has 2 parameters, {{1}} and {{2}}; received 1."],
    );
    const r = wa.template("welcome", { language: "en_US", params: ["x"] } as any).check(TO);
    deepEqual(
      r.issues.map((i) => i.path),
      ["template.params"],
    );
  });

  it("named variables must be exactly the template's keys", () => {
    const header = { image: "https://example.com/a.jpg" };
    deepEqual(
      refusal(() =>
        wa
          .template("order_confirmation", {
            language: "en_US",
            header,
            variables: { first_name: "Ana", order: "1" },
          } as any)
          .to(TO),
      ),
      [
        "template.variables: `order_confirmation` (en_US) body has the variables {{first_name}}, {{order_number}}; missing order_number; unknown order.",
      ],
    );
  });

  it("the header parameter must have the header's kind; a template without one takes none", () => {
    deepEqual(
      refusal(() =>
        wa
          .template("order_confirmation", {
            language: "en_US",
            header: "text",
            variables: { first_name: "Ana", order_number: "1" },
          } as any)
          .to(TO),
      ),
      [
        "template.header: `order_confirmation` (en_US) has an image header: pass `header` as { image: url }; received text.",
      ],
    );
    deepEqual(
      refusal(() => wa.template("welcome", { language: "en_US", header: "x" } as any).to(TO)),
      ["template.header: `welcome` (en_US) has no header: it takes no header parameter. Drop `header`."],
    );
  });

  it("a dynamic URL button needs its parameter; a parameter for a button that takes none is refused", () => {
    deepEqual(
      refusal(() => wa.template("order_update", { language: "es", params: ["a", "b"] }).to(TO)),
      [
        'template.buttons: `order_update` (es) button 0 ("Seguir") is a URL with a placeholder: pass `buttons: [{ type: "url", index: 0, text: suffix }]`.',
      ],
    );
    const wrong = refusal(() =>
      wa
        .template("order_update", {
          language: "en_US",
          params: ["a", "b"],
          buttons: [...track, { type: "quickReply", payload: "x" }],
        } as any)
        .to(TO),
    );
    deepEqual(wrong, [
      "template.buttons[1]: `order_update` (en_US) button 1 does not exist; received a quickReply parameter.",
    ]);
  });

  it("wa.reply(event).template() is checked too", () => {
    const event = { type: "message", id: "wamid.1", from: TO } as const;
    ok(
      refusal(() => (wa as any).reply(event).template("nope", { language: "en_US" }).to())[0]!.startsWith(
        "template.name",
      ),
    );
  });

  it("without templates nothing changes: the same wrong call passes local checks", () => {
    ok(plain.template("order_update", { language: "en_US", params: ["Ana"] }).check(TO).ok);
  });

  it("templates that are not defineTemplates()'s are CONFIG", () => {
    const e = throws<WaError>(
      () => whatsapp({ provider: sandbox(), templates: { t: { en: {} } } as any }),
      hasCode("CONFIG"),
    );
    ok(isWaError(e) && e.code === "CONFIG" && e.message.includes("defineTemplates()"), e.message);
  });
});

describe("renderTemplate: the text the recipient sees", () => {
  const [delivery, confirmation, promotion] = [...page1("").data, ...page2.data].map(fromCloudApi);

  it("fills the header, body and URL button, keeps the footer and lists the buttons", () => {
    equal(
      renderTemplate(promotion!, {
        header: "Summer Sale",
        params: ["the end of August", "25OFF", { type: "text", text: "25%" }],
      }),
      [
        "Our Summer Sale is on!",
        "Shop now through the end of August and use code 25OFF to get 25% off of all merchandise.",
        "Use the buttons below to manage your marketing subscriptions",
        "[Unsubscribe from Promos]\n[Unsubscribe from All]",
      ].join("\n\n"),
    );
    equal(
      renderTemplate(templates.order_update.en_US, { params: ["Ana", 7], buttons: [{ type: "url", text: "ZX-1" }] }),
      "Hi Ana, order 7 has shipped.\n\n[Track] https://example.com/t/ZX-1",
    );
  });

  it("shows a media or location header by its kind, and named variables by name", () => {
    ok(
      renderTemplate(delivery!, { params: ["Mark", "566701"] }).startsWith(
        "[location]\n\nGood news Mark! Your order #566701",
      ),
    );
    equal(
      renderTemplate(confirmation!, { variables: { first_name: "Pablo", order_number: "860198-230332" } }),
      "Thank you, Pablo! Your order number is 860198-230332.",
    );
  });

  it("replaces each placeholder once (a value holding {{2}} stays as is) and keeps one without a value", () => {
    equal(
      renderTemplate(templates.order_update.en_US, { params: ["{{2}}"] }).split("\n")[0],
      "Hi {{2}}, order {{2}} has shipped.",
    );
  });
});

describe("templatesModule: the module `wafluent templates pull` writes", () => {
  it("sorts by name and language and writes a template named __proto__ as an own key, not a prototype", () => {
    const defs = [...page2.data, ...page1("").data].map(fromCloudApi);
    const proto = fromCloudApi({ ...page1("").data[1], name: "__proto__" });
    const text = templatesModule([...defs, proto], "cloud-api");
    ok(text.includes('  ["__proto__"]: {\n    en_US: {'), text);
    const at = (s: string) => text.indexOf(s);
    ok(
      at('  ["__proto__"]') < at("  order_confirmation:") && at("  order_confirmation:") < at("  seasonal_promotion:"),
    );
    equal(text, templatesModule([proto, ...defs.reverse()], "cloud-api"), "the same text whatever the input order");
    // As a module would evaluate it: the key is the template's, Object.prototype is untouched.
    const tree = {
      ["__proto__"]: { en_US: { category: "UTILITY", parameterFormat: "named", body: proto.body } },
    } as const;
    const t = defineTemplates(tree);
    ok(Object.hasOwn(t, "__proto__") && ({} as Record<string, unknown>).en_US === undefined);
  });
});
