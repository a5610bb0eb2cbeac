// The builder's own fast lane (issue 19): `.buttons()` checks the items it copies, and `.to()`
// assembles a text or text-header reply-buttons message straight from the steps. It must give
// exactly what the full path gives (the steps applied to one message, then accept() or valibot):
// the same message, key order included, or the same ValidationError, issue for issue. The full
// path is reached by adding `.options({})`, a step the lane never takes.
import fc from "fast-check";
import { message, ValidationError, type Message } from "../src/index.ts";
import { describe, it, ok, equal, deepEqual } from "./harness.ts";

const TO = "+31612345678";

/** A string of exactly `n` units `u` (a 2-unit emoji counts twice in `length`, once as a character). */
const repeat = (u: string, n: number) => u.repeat(n);

/** Text around a limit: empty, one, the limit and one past it, in ASCII, emoji or with spaces. */
const around = (max: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("Track", "Help", "Stop updates", "Your order shipped", "Já 😀") },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(0, 1, max - 1, max, max + 1), fc.constantFrom("a", "😀", " ", "é"))
        .map(([n, u]) => repeat(u, n)),
    },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, 5, null, " x ", "x ") },
  );

const item = fc.oneof(
  { weight: 5, arbitrary: around(20) },
  { weight: 5, arbitrary: fc.record({ id: around(256), title: around(20) }) },
  { weight: 2, arbitrary: fc.record({ title: around(20) }) },
  { weight: 1, arbitrary: fc.record({ title: around(20), id: around(256) }) },
  { weight: 1, arbitrary: fc.record({ id: around(256), title: around(20), extra: fc.constant(1) }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(5, null, [], { id: "a" }, { id: undefined, title: "T" }) },
);

const items = fc.oneof(
  { weight: 8, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.array(item, { minLength: 4, maxLength: 5 }),
      fc.constantFrom<unknown>(
        [],
        "Yes",
        undefined,
        ["Yes", "Yes"],
        [
          { id: "a", title: "A" },
          { id: "a", title: "B" },
        ],
      ),
    ),
  },
);

type Step =
  | ["header", unknown]
  | ["footer", unknown]
  | ["buttons", unknown, unknown]
  | ["replyTo", unknown]
  | ["ref", unknown]
  | ["options", unknown];

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(
    fc.constant("header" as const),
    fc.oneof(
      { weight: 6, arbitrary: around(60) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<unknown>({ image: "https://example.com/a.png" }, { type: "text", text: "T" }),
      },
    ),
  ),
  fc.tuple(fc.constant("footer" as const), around(60)),
  fc.tuple(
    fc.constant("buttons" as const),
    items,
    fc.oneof(
      { weight: 9, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant({ fallback: "list" }) },
    ),
  ),
  fc.tuple(fc.constant("replyTo" as const), around(256)),
  fc.tuple(
    fc.constant("ref" as const),
    fc.constantFrom<unknown>(undefined, "order-1", { order: { id: 1042 } }, [1, "a", null], () => 1),
  ),
  fc.tuple(fc.constant("options" as const), fc.constantFrom<unknown>({ bird: { tags: ["x"] } }, undefined)),
);

const draftSpec = fc.record({
  body: fc.oneof({ weight: 5, arbitrary: around(1024) }, { weight: 2, arbitrary: around(4096) }),
  preview: fc.constantFrom<unknown>(undefined, undefined, true, false, { previewUrl: true }, "yes"),
  reply: fc.option(fc.constantFrom({ type: "message", id: "wamid.IN", from: "+447700900123" }), { nil: undefined }),
  steps: fc.array(step, { maxLength: 5 }),
  to: fc.constantFrom<unknown>(
    TO,
    TO,
    "+31 6 1234 5678",
    "0031612345678",
    "US.13491208655302741918",
    "0612",
    undefined,
    42,
  ),
  overflow: fc.constantFrom<unknown>(undefined, undefined, "error", "truncate"),
});

type Spec = typeof draftSpec extends fc.Arbitrary<infer T> ? T : never;
type AnyDraft = Record<string, (...args: unknown[]) => AnyDraft> & {
  to(to: unknown, o?: unknown): { message: Message };
};

function build(spec: Spec): AnyDraft {
  const start = spec.reply ? message.replyTo(spec.reply) : message;
  let d = (start.text as unknown as (body: unknown, preview?: unknown) => AnyDraft)(spec.body, spec.preview);
  for (const [key, a, b] of spec.steps) d = d[key]!(a, b);
  return d;
}

type Outcome = { ok: true; message: Message } | { ok: false; issues: unknown; error: unknown };

function attempt(f: () => { message: Message }): Outcome {
  try {
    return { ok: true, message: f().message };
  } catch (e) {
    return { ok: false, issues: (e as ValidationError).issues, error: e };
  }
}

describe("the builder's fast lane", () => {
  it("gives what the full path gives: the same message in the same key order, or the same issues", () => {
    let valid = 0;
    fc.assert(
      fc.property(draftSpec, (spec) => {
        const d = build(spec);
        const options = spec.overflow === undefined ? undefined : { overflow: spec.overflow };
        const lane = attempt(() => d.to(spec.to, options));
        const full = attempt(() => d.options!({}).to(spec.to, options));
        if (!full.ok) {
          ok(!lane.ok, `the lane accepted what the full path refuses: ${JSON.stringify(full.issues)}`);
          ok(lane.error instanceof ValidationError, String(lane.error));
          deepEqual(lane.issues, full.issues);
          return;
        }
        ok(lane.ok, `the lane refused what the full path accepts: ${JSON.stringify(!lane.ok && lane.issues)}`);
        valid++;
        // `.options({})` merges into the options given before, or adds `options: {}` when there were none.
        const { options: _, ...bare } = full.message as Message & { options?: unknown };
        const expected = "options" in lane.message ? full.message : bare;
        equal(JSON.stringify(lane.message), JSON.stringify(expected));
        deepEqual(lane.message, expected as Message);
        // Addressed again: a second message that shares nothing with the first.
        const again = d.to(spec.to, options).message as { buttons?: object[]; ref?: unknown };
        const first = lane.message as { buttons?: object[]; ref?: unknown };
        ok(again !== first);
        if (first.buttons) ok(again.buttons !== first.buttons && again.buttons![0] !== first.buttons[0]);
        if (typeof first.ref === "object" && first.ref !== null) ok(again.ref !== first.ref);
      }),
      { numRuns: 2000 },
    );
    ok(valid > 300, `only ${valid} of 2000 drafts were valid: the lane was hardly exercised`);
  });

  it("keeps the key order of accept() for every optional field", () => {
    const m = message
      .replyTo({ type: "message", id: "wamid.IN", from: "+447700900123" })
      .text("Pick one")
      .ref({ order: 7 })
      .footer("Acme")
      .header("Order")
      .buttons(["A", { title: " B " }, { title: "C", id: "c" }])
      .to().message;
    equal(
      JSON.stringify(m),
      JSON.stringify({
        to: "+447700900123",
        replyTo: "wamid.IN",
        ref: { order: 7 },
        type: "buttons",
        body: "Pick one",
        header: { type: "text", text: "Order" },
        footer: "Acme",
        buttons: [
          { id: "A", title: "A" },
          { id: "B", title: " B " },
          { id: "c", title: "C" },
        ],
      }),
    );
  });

  it("checks the items once, at .buttons(): changing them later changes no message", () => {
    const items = [{ id: "a", title: "A" }, "B"] as [{ id: string; title: string }, string];
    const d = message.text("Pick").buttons(items);
    items[0].title = "x".repeat(40); // too long now, but the draft holds its own checked copy
    items.push("C");
    deepEqual((d.to(TO).message as { buttons: unknown }).buttons, [
      { id: "a", title: "A" },
      { id: "B", title: "B" },
    ]);
  });

  it("takes the lane for texts and reply buttons: no second walk over an assembled message", () => {
    // The full path proves the assembled message plain (Object.getPrototypeOf) in accept() or
    // valibot; the lane assembles nothing to prove. Counted while `.to()` runs on ready drafts.
    const drafts = [
      message.text("Hi"),
      message.text("Hi", { previewUrl: true }).replyTo("wamid.1"),
      message
        .text("Pick")
        .header("Order")
        .footer("Acme")
        .buttons(["Track", { id: "h", title: "Help" }]),
      message.replyTo({ type: "message", id: "wamid.IN", from: "+447700900123" }).text("Thanks").buttons(["OK"]),
    ];
    const slow = message.text("Hi").options({ bird: { tags: ["x"] } });
    const real = Object.getPrototypeOf;
    let calls = 0;
    const count = (d: { to(to?: string): unknown }) => {
      calls = 0;
      Object.getPrototypeOf = (o: unknown) => (calls++, real(o));
      try {
        d.to(d === drafts[3] ? undefined : TO);
      } finally {
        Object.getPrototypeOf = real;
      }
      return calls;
    };
    ok(count(slow) > 0, "the counter sees the full path");
    for (const d of drafts) equal(count(d), 0);
  });
});
