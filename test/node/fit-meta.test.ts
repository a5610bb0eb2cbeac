// Messages that fit, checked against Meta's own JSON Schema: whatever `overflow: "truncate"` and
// the buttons-to-list fallback produce compiles to a Cloud API body that Meta's schema accepts,
// with every free-text field within WhatsApp's limits.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { cloudApi, isValidationError, message } from "../../src/index.ts";
import { describe, it, ok, equal } from "../harness.ts";

const schema = JSON.parse(readFileSync(new URL("../fixtures/meta/message.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv2020({ strict: false });
(addFormats as unknown as (a: unknown) => void)(ajv);
ajv.addFormat("url", true);
const validate = ajv.compile(schema);
const meta = cloudApi({ accessToken: "TOKEN", phoneNumberId: "1234567890" });
const TO = "+31612345678";
const T = { overflow: "truncate" } as const;
const cp = (s: string) => [...s].length;

// Pieces that stress grapheme boundaries: ZWJ families, flags, skin tones, combining marks, RTL.
const unit = fc.constantFrom("a", "é", "e\u0301", "😀", "👨‍👩‍👧", "🇳🇱", "👍🏽", "שלום", "مرحبا", " ", "Deluxe ");
const text = (max: number) => fc.array(unit, { minLength: 1, maxLength: max }).map((a) => a.join(""));

function bodyOf(build: () => { compile: (p: typeof meta) => { body?: unknown }; warnings: readonly unknown[] }) {
  const out = build();
  return { body: out.compile(meta).body, warnings: out.warnings.length };
}

function check(body: unknown) {
  ok(
    validate(body),
    `Meta's schema refused ${JSON.stringify(body).slice(0, 300)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
  );
  const b = body as any;
  if (b.interactive) {
    ok(cp(b.interactive.body.text) <= 1024);
    if (b.interactive.footer) ok(cp(b.interactive.footer.text) <= 60);
    if (b.interactive.header?.text) ok(cp(b.interactive.header.text) <= 60);
    for (const x of b.interactive.action.buttons ?? []) ok(cp(x.reply.title) <= 20, `button title ${x.reply.title}`);
    for (const s of b.interactive.action.sections ?? []) {
      if (s.title) ok(cp(s.title) <= 24);
      for (const r of s.rows) ok(cp(r.title) <= 24 && (r.description === undefined || cp(r.description) <= 72));
    }
  }
}

describe("fit × Meta's schema", () => {
  it("boundary cases: truncated buttons, lists, captions and the list fallback all pass Meta's schema", () => {
    const cases = [
      () =>
        message
          .text("Pick")
          .buttons(["x".repeat(25), "👨‍👩‍👧".repeat(5), "🇳🇱".repeat(11)])
          .footer("f".repeat(61))
          .header("h".repeat(61))
          .to(TO, T),
      () => message.text("Pick").buttons(["A", "B", "C", "D"], { fallback: "list" }).to(TO, T),
      () => message.text("Pick").buttons(["Deluxe double sea view", "Standard"], { fallback: "list" }).to(TO), // 22 > 20: a list, no cut
      () =>
        message
          .text("Menu")
          .list("L".repeat(30), [
            { title: "S".repeat(30), rows: [{ id: "a", title: "R".repeat(30), description: "é".repeat(80) }] },
          ])
          .to(TO, T),
      () => message.image({ url: "https://e.com/a.png", caption: "👍🏽".repeat(600) }).to(TO, T),
      () => message.text("مرحبا ".repeat(900)).to(TO, T),
    ];
    for (const c of cases) {
      const { body, warnings } = bodyOf(c);
      ok(warnings > 0, "each case needed a change");
      check(body);
    }
  });

  it("property: random over-long drafts under truncate compile to schema-valid Cloud API bodies", () => {
    const drafts = fc.oneof(
      fc
        .tuple(text(40), fc.uniqueArray(text(30), { minLength: 1, maxLength: 10 }), fc.boolean(), text(80), text(80))
        .map(
          ([b, items, fallback, header, footer]) =>
            () =>
              message
                .text(b)
                .buttons((fallback ? items : items.slice(0, 3)) as any, fallback ? { fallback: "list" } : undefined)
                .header(header)
                .footer(footer)
                .to(TO, T),
        ),
      fc
        .tuple(
          text(40),
          text(30),
          fc.array(
            fc.record({
              title: text(30),
              rows: fc.uniqueArray(fc.record({ title: text(30), description: text(90) }), {
                minLength: 1,
                maxLength: 3,
                selector: (r) => r.title,
              }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
        )
        .map(
          ([b, label, sections]) =>
            () =>
              message
                .text(b)
                .list(label, sections as any)
                .to(TO, T),
        ),
      fc.tuple(text(1200), text(30)).map(
        ([b, t]) =>
          () =>
            message.text(b).link(t, "https://e.com/x").to(TO, T),
      ),
      text(1100).map((c) => () => message.video({ url: "https://e.com/a.mp4", caption: c }).to(TO, T)),
    );
    let compiled = 0;
    fc.assert(
      fc.property(drafts, (build) => {
        try {
          check(bodyOf(build).body);
          compiled++;
        } catch (e) {
          // Only what cutting cannot fix may still be refused: duplicates (made by cutting, or
          // repeated row ids across sections) and ids, which are never cut (a blank title makes an empty id).
          if (!isValidationError(e)) throw e;
          ok(
            e.issues.every((i) => /repeats|unique/.test(i.message) || /\.id$/.test(i.path)),
            e.message,
          );
        }
      }),
      { numRuns: 400 },
    );
    ok(compiled > 200, `most random drafts compiled (${compiled})`);
    equal(typeof compiled, "number");
  });
});
