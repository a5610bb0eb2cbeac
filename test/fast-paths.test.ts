// The fast paths of issue 7 give exactly what the slow paths gave: the schema looked up by
// `type` against the full `v.variant`, the skipped fit pass against the fit pass, the length
// shortcut of `chars()` against the code point count, the builder's fresh object.
import * as v from "valibot";
import fc from "fast-check";
import { checkMessage, fitMessage, message, type Message } from "../src/index.ts";
import { kindSchemas, toIssue } from "../src/core/validate.ts";
import { MessageSchema } from "../src/core/schemas/message.ts";
import { chars } from "../src/core/schemas/common.ts";
import { accept } from "../src/core/schemas/accept.ts";
import { E164, isBsuid, isE164 } from "../src/core/schemas/envelope.ts";
import { MINIMAL, SAMPLES } from "./kinds.ts";
import { describe, it, ok, equal, deepEqual } from "./harness.ts";

const TO = "+31612345678";

/**
 * What checkMessage reported before the lookup table: the whole variant, every issue; a valid
 * message addressed to a BSUID says so (`toKind: "bsuid"` filled in when left out).
 */
function viaVariant(input: unknown) {
  const r = v.safeParse(MessageSchema, input, { abortEarly: false });
  if (!r.success) return { ok: false, issues: r.issues.map(toIssue) };
  const m = r.output as Message;
  return { ok: true, message: isBsuid(m.to) && m.toKind === undefined ? { ...m, toKind: "bsuid" } : m, issues: [] };
}

/** Every way a message of each kind can be wrong, plus the inputs that never reach the table. */
function inputs(): unknown[] {
  const out: unknown[] = [
    undefined,
    null,
    42,
    "text",
    [],
    {},
    { to: TO },
    { to: TO, type: 7 },
    { to: TO, type: "" },
    { to: TO, type: "carousel", body: "x" },
    { to: "US.13491208655302741918", type: "text", body: "Hi" },
    { to: "AA.0", type: "text", body: " " },
    { to: TO, type: "toString" },
    { to: TO, type: "__proto__" },
    Object.create({ type: "text", to: TO, body: "Hi" }),
  ];
  for (const sample of [...Object.values(SAMPLES), ...Object.values(MINIMAL)]) {
    out.push(
      sample,
      { ...sample, to: "0612" },
      { ...sample, extra: 1 },
      { ...sample, body: "x".repeat(5000) },
      { ...sample, body: 3 },
    );
    out.push({
      ...sample,
      media: [{ url: "http://x" }],
      buttons: [
        { id: " a", title: "x".repeat(21) },
        { id: " a", title: "x".repeat(21) },
      ],
    });
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
      fc.property(
        fc.record(
          {
            to: fc.oneof(fc.constant(TO), fc.string()),
            type: fc.oneof(fc.constantFrom(...kinds), fc.string()),
            body: fc.string(),
          },
          { requiredKeys: [] },
        ),
        (input) => {
          deepEqual(checkMessage(input), viaVariant(input));
        },
      ),
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
    // @ts-expect-error: mistyped on purpose, for the runtime check
    const bad = fitMessage(SAMPLES.text, { overflow: "cut" });
    ok(!bad.ok);
    ok(bad.issues.some((i) => i.message.includes("overflow option")));
    const five = { ...SAMPLES.buttons, buttons: ["a", "b", "c", "d", "e"].map((t) => ({ id: t, title: t })) };
    const listed = fitMessage(five, { buttons: { fallback: "list" } });
    ok(listed.ok);
    equal(listed.message.type, "list");
    equal(listed.warnings.length, 1);
  });

  it("keeps duplicate titles a schema issue, as before", () => {
    const dup = {
      ...SAMPLES.buttons,
      buttons: [
        { id: "a", title: "Same" },
        { id: "b", title: "Same" },
      ],
    };
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
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 45 }),
          fc.string({ minLength: 15, maxLength: 45 }),
          fc.string({ unit: "grapheme", minLength: 8, maxLength: 30 }),
          fc.string({ unit: "binary", minLength: 10, maxLength: 45 }),
        ),
        (s) => {
          const a = run(s);
          const b = v.safeParse(counted, s, { abortEarly: false });
          equal(a.success, b.success, JSON.stringify(s));
          deepEqual(
            a.issues?.map((i) => [i.type, i.received, i.requirement]),
            b.issues?.map((i) => [i.type, i.received, i.requirement]),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("fast paths: the builder validates a fresh object", () => {
  it("leaves no undefined keys and no previewUrl once the text became buttons", () => {
    const m: Message = message
      .text("Pick one", { previewUrl: true })
      .footer("Acme")
      .buttons(["Yes", "No"])
      .to(TO).message;
    deepEqual(Object.keys(m).sort(), ["body", "buttons", "footer", "to", "type"]);
    ok(!("previewUrl" in m));
  });
});

describe("fast paths: the lane for text and reply buttons that skips valibot", () => {
  const BUTTONS_SCHEMA = MessageSchema.options.find((o) => o.entries.type.literal === "buttons")!;
  const TEXT_SCHEMA = MessageSchema.options.find((o) => o.entries.type.literal === "text")!;
  // Mostly valid values, so that most inputs reach the lane's last check; each field sometimes
  // sits on a limit (in code units or code points) or just past it, or is of the wrong type.
  const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
    fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
  const around = (limit: number) =>
    mostly(
      fc.oneof(
        { arbitrary: fc.string({ minLength: 1, maxLength: 8 }), weight: 4 },
        fc.constantFrom("a".repeat(limit), "😀".repeat(limit >> 1)),
      ),
      // "😀" × limit is valid, but over the limit in code units: valibot's to count, not the lane's.
      fc.constantFrom("", "a".repeat(limit + 1), "😀".repeat(limit + 1), "😀".repeat(limit), 7, undefined),
    );
  const button = mostly(
    fc.oneof(
      {
        arbitrary: fc.record({
          id: mostly(
            fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() === s && s !== ""),
            fc.constantFrom(" a", "a ", "x".repeat(257), ""),
          ),
          title: around(20),
        }),
        weight: 3,
      },
      // Few ids and titles, so that repeats (refused) come up often.
      fc.record({ id: fc.constantFrom("a", "b", "c"), title: fc.constantFrom("A", "B", "C") }),
    ),
    fc.oneof(
      fc.record({ id: fc.constant("c"), title: fc.constant("C"), extra: fc.constant(1) }),
      fc.constantFrom(null, "Yes", [], Object.create({ id: "p", title: "P" }), { id: "d" }),
    ),
  );
  const ref = mostly(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(new Date(0), { f: () => 1 }, [NaN], undefined));
  const header = mostly(
    fc.record({ type: fc.constant("text"), text: around(60) }),
    fc.constantFrom(
      { type: "text", text: "H", more: 1 },
      { type: "image", media: { url: "https://e.com/a.png" } },
      { type: "image", text: "H" },
      { type: "text" },
      "H",
      null,
      undefined,
    ),
  );
  const envelope = {
    to: mostly(
      fc.constantFrom(TO, "+441234567", "+123456789012345", "+12345678"),
      fc.constantFrom(
        "+3161234",
        "+31612345",
        "31612345678",
        "+0612345678",
        "+1234567890123456",
        "+31612345678\n",
        "+3161234567a",
        "+3161234567:",
        "+3161234567/",
        "+٣١٦١٢٣٤٥٦٧٨",
        31612345678,
      ),
    ),
    replyTo: around(256),
    ref,
  };
  // Now and then a key the lane leaves to valibot: provider options, an unknown key, previewUrl on buttons.
  const extra = fc.constantFrom({ options: { bird: {} } }, { junk: 1 }, { previewUrl: true }, { footer: undefined });
  const sometimes = <T extends object>(base: fc.Arbitrary<T>) =>
    fc.oneof(
      { arbitrary: base, weight: 8 },
      { arbitrary: fc.tuple(base, extra).map(([b, e]) => ({ ...b, ...e })), weight: 1 },
    );
  const text = sometimes(
    fc.record(
      {
        ...envelope,
        type: fc.constant("text"),
        body: around(4096),
        previewUrl: mostly(fc.boolean(), fc.constantFrom("yes", undefined)),
      },
      { requiredKeys: ["to", "type", "body"] },
    ),
  );
  const buttons = sometimes(
    fc.record(
      {
        ...envelope,
        type: fc.constant("buttons"),
        body: around(1024),
        header,
        footer: around(60),
        buttons: mostly(
          fc.array(button, { minLength: 1, maxLength: 3 }),
          fc.oneof(fc.array(button, { minLength: 4, maxLength: 4 }), fc.constantFrom([], "x")),
        ),
      },
      { requiredKeys: ["to", "type", "body", "buttons"] },
    ),
  );

  it("accepts nothing valibot refuses, and gives valibot's output: same values, same key order, fresh objects", () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(text, buttons), (input) => {
        const fast = accept(input);
        const slow = v.safeParse(input.type === "text" ? TEXT_SCHEMA : BUTTONS_SCHEMA, input, { abortEarly: false });
        if (fast === undefined) return;
        taken++;
        ok(slow.success, `the lane accepted what valibot refuses: ${JSON.stringify(input)}`);
        equal(JSON.stringify(fast), JSON.stringify(slow.output));
        deepEqual(Object.keys(fast), Object.keys(slow.output as object)); // an explicit `undefined` key too
        deepEqual(fast, slow.output);
        const items = (input as { buttons?: unknown }).buttons;
        ok(fast !== input && (items === undefined || (fast as { buttons?: unknown }).buttons !== items));
      }),
      { numRuns: 3000 },
    );
    // The lane must really be exercised, not skipped by inputs that all miss it.
    ok(taken > 100, `the lane took ${taken} of 3000 inputs`);
  });

  it("checks recipients exactly as the E164 pattern does", () => {
    const digitsy = fc.oneof(
      fc.stringMatching(/^\+?[0-9]{0,18}$/),
      fc.string({ unit: fc.constantFrom("+", "0", "1", "9", " ", "\n", "a", "/", ":", "٣"), maxLength: 18 }),
    );
    fc.assert(
      fc.property(digitsy, (s) => equal(isE164(s), E164.test(s), JSON.stringify(s))),
      { numRuns: 2000 },
    );
  });

  it("is taken by the common messages the builder makes, so they never reach valibot", () => {
    const input = (m: Message) => JSON.parse(JSON.stringify(m));
    for (const m of [
      message.text("Your order shipped").to(TO).message,
      message.text("Hi 😀", { previewUrl: true }).replyTo("wamid.1").ref({ order: 1 }).to(TO).message,
      message
        .text("Pick")
        .header("Order")
        .footer("Acme")
        .buttons(["Track", { id: "help", title: "Help" }])
        .to(TO).message,
    ])
      ok(accept(input(m)) !== undefined, JSON.stringify(m));
    // …and what it does not know goes to valibot: a media header, provider options, a long emoji text.
    ok(
      accept(input(message.text("Pick").header({ image: "https://e.com/a.png" }).buttons(["A"]).to(TO).message)) ===
        undefined,
    );
    ok(
      accept(
        input(
          message
            .text("Hi")
            .options({ bird: { tags: ["x"] } })
            .to(TO).message,
        ),
      ) === undefined,
    );
    ok(accept({ to: TO, type: "text", body: "😀".repeat(3000) }) === undefined);
    ok(checkMessage({ to: TO, type: "text", body: "😀".repeat(3000) }).ok);
  });

  it("copies the caller's buttons: changing them after .to() changes nothing", () => {
    const items = [
      { id: "a", title: "A" },
      { id: "b", title: "B" },
    ] as const;
    const mutable: { id: string; title: string }[] = items.map((b) => ({ ...b }));
    const out = message
      .text("Pick")
      .buttons(mutable as unknown as [{ id: string; title: string }])
      .to(TO);
    mutable[0]!.title = "Changed";
    equal((out.message as { buttons: { title: string }[] }).buttons[0]!.title, "A");
  });
});
