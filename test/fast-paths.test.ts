// The fast paths of issue 7 give exactly what the slow paths gave: the schema looked up by
// `type` against the full `v.variant`, the skipped fit pass against the fit pass, the length
// shortcut of `chars()` against the code point count, the builder's fresh object.
import * as v from "valibot";
import fc from "fast-check";
import { checkMessage, fitMessage, message, type Message } from "../src/index.ts";
import { kindSchemas, toIssue } from "../src/validate.ts";
import { MessageSchema } from "../src/schemas/message.ts";
import { chars } from "../src/schemas/common.ts";
import { MINIMAL, SAMPLES } from "./kinds.ts";
import { describe, it, ok, equal, deepEqual } from "./harness.ts";

const TO = "+31612345678";

/** What checkMessage reported before the lookup table: the whole variant, every issue. */
function viaVariant(input: unknown) {
  const r = v.safeParse(MessageSchema, input, { abortEarly: false });
  return r.success ? { ok: true, message: r.output, issues: [] } : { ok: false, issues: r.issues.map(toIssue) };
}

/** Every way a message of each kind can be wrong, plus the inputs that never reach the table. */
function inputs(): unknown[] {
  const out: unknown[] = [undefined, null, 42, "text", [], {}, { to: TO }, { to: TO, type: 7 }, { to: TO, type: "" },
    { to: TO, type: "carousel", body: "x" }, { to: TO, type: "toString" }, { to: TO, type: "__proto__" }, Object.create({ type: "text", to: TO, body: "Hi" })];
  for (const sample of [...Object.values(SAMPLES), ...Object.values(MINIMAL)] as Record<string, unknown>[]) {
    out.push(sample, { ...sample, to: "0612" }, { ...sample, extra: 1 }, { ...sample, body: "x".repeat(5000) }, { ...sample, body: 3 });
    out.push({ ...sample, media: [{ url: "http://x" }], buttons: [{ id: " a", title: "x".repeat(21) }, { id: " a", title: "x".repeat(21) }] });
    out.push({ ...sample, type: String(sample.type).toUpperCase() }, { ...sample, replyTo: "" });
  }
  return out;
}

describe("fast paths: the schema looked up by type", () => {
  it("has one entry for every option of MessageSchema, so kinds added to the variant are picked up", () => {
    const table = kindSchemas();
    for (const option of MessageSchema.options) {
      const type = (option.entries.type as { literal: unknown }).literal;
      equal(table.get(type), option as unknown, `the table entry for ${String(type)}`);
    }
    equal(table.size, MessageSchema.options.length);
  });

  it("reports exactly what the whole variant reports, for valid and broken messages of every kind and bad types", () => {
    for (const input of inputs()) deepEqual(checkMessage(input), viaVariant(input), JSON.stringify(input));
  });

  it("reports an unknown type with the variant's own sentence and path", () => {
    const r = checkMessage({ to: TO, type: "carousel", body: "x" });
    ok(!r.ok);
    equal(r.issues.length, 1);
    equal(r.issues[0]!.path, "type");
    ok(r.issues[0]!.message.startsWith('`type` is "carousel"; a message type is one of text,'), r.issues[0]!.message);
  });

  it("matches the variant on random objects", () => {
    const kinds = Object.keys(SAMPLES);
    fc.assert(
      fc.property(fc.record({ to: fc.oneof(fc.constant(TO), fc.string()), type: fc.oneof(fc.constantFrom(...kinds), fc.string()), body: fc.string() }, { requiredKeys: [] }), (input) => {
        deepEqual(checkMessage(input), viaVariant(input));
      }),
      { numRuns: 300 },
    );
  });
});

describe("fast paths: no fit pass under the default policy", () => {
  it("gives the same result as the fit pass with a policy that changes nothing", () => {
    for (const input of inputs()) {
      const fast = fitMessage(input);
      // `buttons: {}` makes the policy non-default, so the full pass runs, yet changes nothing.
      deepEqual(fast, fitMessage(input, { overflow: "error", buttons: {} }), JSON.stringify(input));
      deepEqual(fast, fitMessage(input, { overflow: "error" }));
    }
  });

  it("still reports a bad overflow option and still falls back when asked", () => {
    const bad = fitMessage(SAMPLES.text, { overflow: "cut" as never });
    ok(!bad.ok);
    ok(bad.issues.some((i) => i.message.includes("overflow option")));
    const five = { ...SAMPLES.buttons, buttons: ["a", "b", "c", "d", "e"].map((t) => ({ id: t, title: t })) };
    const listed = fitMessage(five, { buttons: { fallback: "list" } });
    ok(listed.ok);
    equal(listed.message.type, "list");
    equal(listed.warnings.length, 1);
  });

  it("keeps duplicate titles a schema issue, as before", () => {
    const dup = { ...SAMPLES.buttons, buttons: [{ id: "a", title: "Same" }, { id: "b", title: "Same" }] };
    const r = fitMessage(dup);
    ok(!r.ok);
    deepEqual(r.issues, (checkMessage(dup) as { issues: unknown }).issues);
  });
});

describe("fast paths: chars() skips counting when the length proves the limit", () => {
  const schema = chars(20, "Shorten it.");
  const run = (s: unknown) => v.safeParse(schema, s, { abortEarly: false });
  const counted = v.pipe(v.string(), v.minCodePoints(1), v.maxCodePoints(20));

  it("counts code points at the limit: 20 emoji (40 code units) pass, 21 fail with the count", () => {
    ok(run("😀".repeat(20)).success);
    const r = run("😀".repeat(21));
    ok(!r.success);
    const issue = toIssue(r.issues![0]);
    equal(issue.limit, 20);
    equal(issue.received, 21);
    equal(issue.message, "The message is 21 characters; WhatsApp allows at most 20. Shorten it.");
    for (const over of ["a".repeat(21), "😀".repeat(10) + "a".repeat(11)]) {
      const r = run(over);
      ok(!r.success, over);
      equal(toIssue(r.issues![0]).received, 21);
    }
    ok(run("😀".repeat(10) + "a".repeat(10)).success);
  });

  it("refuses the empty string and accepts one character", () => {
    ok(!run("").success);
    equal(run("").issues![0].type, "min_code_points");
    ok(run("a").success);
    ok(run("😀").success);
  });

  it("agrees with valibot's own count on random strings of every width", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 45 }), fc.string({ minLength: 15, maxLength: 45 }), fc.string({ unit: "grapheme", minLength: 8, maxLength: 30 }), fc.string({ unit: "binary", minLength: 10, maxLength: 45 })), (s) => {
        const a = run(s);
        const b = v.safeParse(counted, s, { abortEarly: false });
        equal(a.success, b.success, JSON.stringify(s));
        deepEqual(a.issues?.map((i) => [i.type, i.received, i.requirement]), b.issues?.map((i) => [i.type, i.received, i.requirement]));
      }),
      { numRuns: 500 },
    );
  });
});

describe("fast paths: the builder validates a fresh object", () => {
  it("leaves no undefined keys and no previewUrl once the text became buttons", () => {
    const m: Message = message.text("Pick one", { previewUrl: true }).footer("Acme").buttons(["Yes", "No"]).to(TO).message;
    deepEqual(Object.keys(m).sort(), ["body", "buttons", "footer", "to", "type"]);
    ok(!("previewUrl" in m));
  });
});
