// Random input at every builder method: the result is always a valid Message or a
// ValidationError, never a TypeError or any other crash.
import fc from "fast-check";
import { message, isValidationError, validateMessage, Outgoing } from "../src/index.ts";
import { describe, it, ok } from "./harness.ts";

const anything = fc.oneof(
  fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom("https://e.com/a.png", "+31612345678", "", " ", "😀", "🇳🇱", "e\u0301", 0, -1, NaN, Infinity),
  fc.array(
    fc.oneof(fc.string({ maxLength: 25 }), fc.record({ id: fc.string(), title: fc.string({ maxLength: 25 }) })),
    { maxLength: 5 },
  ),
);

const ops: Array<(a: unknown, b: unknown) => any> = [
  (a, b) => message.text(a as any, b as any),
  (a) => message.image(a as any),
  (a) => message.video(a as any),
  (a) => message.audio(a as any),
  (a) => message.document(a as any),
  (a) => message.sticker(a as any),
  (a) => message.location(a as any),
  (a) => message.contacts(a as any),
  (a, b) => message.reaction(a as any, b as any),
  (a, b) => message.template(a as any, b as any),
  (a, b) => message.text("body").buttons(a as any, b as any),
  (a, b) => message.text("body").list(a as any, b as any),
  (a, b) => message.text("body").link(a as any, b as any),
  (a) =>
    message
      .text("body")
      .buttons(["A"])
      .header(a as any),
  (a) =>
    message
      .text("body")
      .buttons(["A"])
      .footer(a as any),
  (a) => message.text("body").replyTo(a as any),
  (a) => message.text("body").ref(a as any),
  (a) => message.text("body").options(a as any),
  (a) => message.text("body").product(a as any),
  (a, b) =>
    message
      .text("body")
      .header("H")
      .products(a as any, b as any),
  (a) => message.text("body").catalog(a as any),
  (a) => message.text("body").flow(a as any),
  (a) => message.text("body").flow({ id: "1", cta: "Go", data: a as any }),
  (a) => message.template("t", { language: "en", buttons: [a as any] }),
  (a) => message.template("t", { language: "en", params: [{ type: "dateTime", fallback: "x", month: a as any }] }),
];

describe("property: any input gives a valid Message or a ValidationError", () => {
  it("never crashes, for every builder method and recipient", () => {
    fc.assert(
      fc.property(
        fc.nat(ops.length - 1),
        anything,
        anything,
        fc.oneof(anything, fc.constant("+31612345678")),
        (i, a, b, to) => {
          let draft: any;
          try {
            draft = ops[i]!(a, b);
          } catch (e) {
            throw new Error(`builder method ${i} threw at call time: ${e}`);
          }
          const checked = draft.check(typeof to === "string" ? to : undefined);
          ok(typeof checked.ok === "boolean");
          try {
            const out = draft.to(to);
            if (!(out instanceof Outgoing)) return; // an iterable recipient means a bulk send: covered elsewhere
            // A message that passed is valid JSON data and validates again unchanged.
            const again = validateMessage(JSON.parse(JSON.stringify(out.message)));
            ok(again.type === out.message.type);
          } catch (e) {
            if (!isValidationError(e)) throw e;
            ok(e.issues.length > 0 && e.issues.every((x) => typeof x.message === "string" && x.message.length > 10));
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("a 10 MB string is refused quickly with a length, not a crash", () => {
    const big = "x".repeat(10 * 1024 * 1024);
    const r = message.text(big).check();
    ok(!r.ok && r.issues[0]!.received === big.length);
  });
});
