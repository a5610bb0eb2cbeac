// The sentences of rules whose valibot action was swapped for a smaller one (issue 19, bundle
// size): each keeps its exact wording, path, limit and received size, and its verdict.
import { checkMessage, type Issue } from "../src/index.ts";
import { describe, it, ok, deepEqual } from "./harness.ts";

const TO = "+31612345678";
const issues = (input: unknown): Issue[] => {
  const r = checkMessage(input);
  return r.ok ? [] : r.issues;
};
const template = (extra: Record<string, unknown>) => ({
  to: TO,
  type: "template",
  template: { name: "order", language: "en", ...extra },
});
const quickReply = (payload: unknown) => template({ buttons: [{ type: "quickReply", index: 0, payload }] });
const variables = (value: unknown) => template({ variables: { total: value } });

describe("rule sentences: quick-reply payload (text ≤ 256 or a boolean)", () => {
  it("accepts text, true and false", () => {
    for (const payload of ["yes", "x".repeat(256), true, false])
      deepEqual(issues(quickReply(payload)), [], String(payload));
    const r = checkMessage(quickReply(false));
    ok(r.ok);
    deepEqual((r.message as any).template.buttons[0].payload, false);
  });
  it("names the limit, the size and the fix for long text", () => {
    deepEqual(issues(quickReply("x".repeat(257))), [
      {
        path: "template.buttons[0].payload",
        message: "`template.buttons[0].payload` is 257 characters; WhatsApp allows at most 256. Shorten the payload.",
        limit: 256,
        received: 257,
      },
    ]);
  });
  it("refuses empty text", () => {
    deepEqual(issues(quickReply("")), [
      {
        path: "template.buttons[0].payload",
        message: "`template.buttons[0].payload` is empty; WhatsApp needs at least 1 character.",
        limit: 1,
        received: 0,
      },
    ]);
  });
  it("refuses anything else with one sentence", () => {
    for (const [payload, shown] of [
      [42, "42"],
      [null, "null"],
      [{}, "Object"],
    ] as const)
      deepEqual(issues(quickReply(payload)), [
        {
          path: "template.buttons[0].payload",
          message: `\`template.buttons[0].payload\` must be text (≤ 256) or a boolean; received ${shown}.`,
        },
      ]);
  });
});

describe("rule sentences: template variables (string, number or boolean)", () => {
  it("accepts each", () => {
    for (const value of ["12.50", 12.5, 0, true]) deepEqual(issues(variables(value)), [], String(value));
  });
  it("refuses NaN, null and objects", () => {
    for (const [value, shown] of [
      [Number.NaN, "NaN"],
      [null, "null"],
      [[], "Array"],
    ] as const)
      deepEqual(issues(variables(value)), [
        {
          path: "template.variables.total",
          message: `\`template.variables.total\` must be a string, number or boolean; received ${shown}.`,
        },
      ]);
  });
});

describe("rule sentences: whole numbers, finite degrees, ISO dates", () => {
  it("template button index must be whole", () => {
    deepEqual(issues(template({ buttons: [{ type: "url", index: 1.5, text: "a" }] })), [
      { path: "template.buttons[0].index", message: "`template.buttons[0].index` must be a whole number." },
    ]);
  });
  it("date-time fields must be whole", () => {
    const param = { type: "dateTime", fallback: "May 1", month: 5.5 };
    deepEqual(issues(template({ body: [param] })), [
      { path: "template.body[0].month", message: "`template.body[0].month` must be a whole number." },
    ]);
  });
  it("currency amounts must be safe integers", () => {
    const param = (amount1000: number) => ({ type: "currency", fallback: "€1", code: "EUR", amount1000 });
    deepEqual(issues(template({ body: [param(1500)] })), []);
    for (const amount of [1.5, 2 ** 53])
      deepEqual(
        issues(template({ body: [param(amount)] })),
        [
          {
            path: "template.body[0].amount1000",
            message: "`template.body[0].amount1000` must be a whole number: the amount times 1000.",
          },
        ],
        String(amount),
      );
  });
  it("degrees must be finite", () => {
    const at = (latitude: number) => ({ to: TO, type: "location", location: { latitude, longitude: 4.9 } });
    deepEqual(issues(at(52.37)), []);
    deepEqual(
      issues(at(Number.POSITIVE_INFINITY)).map((i) => i.message),
      [
        "`location.latitude` must be a finite number of degrees.",
        "`location.latitude` is Infinity; latitude runs from -90 to 90.",
      ],
    );
  });
  it("birthdays are YYYY-MM-DD", () => {
    const card = (birthday: string) => ({
      to: TO,
      type: "contacts",
      contacts: [{ name: { formatted_name: "Ada" }, birthday }],
    });
    for (const good of ["1815-12-10", "2000-02-29", "1999-01-31"]) deepEqual(issues(card(good)), [], good);
    for (const bad of ["1815-13-10", "1815-12-32", "1815-12-00", "10-12-1815", "1815-12-10T00:00"])
      deepEqual(
        issues(card(bad)),
        [
          {
            path: "contacts[0].birthday",
            message: `\`contacts[0].birthday\` is "${bad}"; write birthdays as YYYY-MM-DD.`,
          },
        ],
        bad,
      );
  });
});

describe("rule sentences: lengths and ranges carry their limit and the size received", () => {
  it("list lengths", () => {
    const buttons = (n: number) => ({
      to: TO,
      type: "buttons",
      body: "b",
      buttons: Array.from({ length: n }, (_, i) => ({ id: `b${i}`, title: `B${i}` })),
    });
    deepEqual(issues(buttons(4)), [
      {
        path: "buttons",
        message:
          '`buttons` has 4 buttons; WhatsApp allows at most 3. Use a list for more choices, or .buttons(items, { fallback: "list" }).',
        limit: 3,
        received: 4,
      },
    ]);
    deepEqual(issues(buttons(0)), [
      { path: "buttons", message: "`buttons` has 0 buttons; WhatsApp needs at least 1.", limit: 1, received: 0 },
    ]);
  });
  it("string lengths in UTF-16 units (reply ids, URLs)", () => {
    const reply = (replyTo: string) => ({ to: TO, type: "text", body: "hi", replyTo });
    deepEqual(issues(reply("")), [
      {
        path: "replyTo",
        message: "`replyTo` is empty; pass the id of the message you reply to.",
        limit: 1,
        received: 0,
      },
    ]);
    deepEqual(issues(reply("w".repeat(257))), [
      {
        path: "replyTo",
        message: "`replyTo` is 257 characters; message ids are at most 256. Pass the id the provider gave you.",
        limit: 256,
        received: 257,
      },
    ]);
    const url = `https://e.com/${"a".repeat(2048 - 14 + 1)}`;
    deepEqual(issues({ to: TO, type: "image", media: [{ url }] }), [
      {
        path: "media[0].url",
        message: "`media[0].url` is 2049 characters long; URLs are limited to 2048 here. Use a shorter link.",
        limit: 2048,
        received: 2049,
      },
    ]);
  });
  it("code points, not UTF-16 units: 20 emoji fit a 20-character title", () => {
    const title = "😀".repeat(20);
    const buttons = (t: string) => ({ to: TO, type: "buttons", body: "b", buttons: [{ id: "a", title: t }] });
    deepEqual(issues(buttons(title)), []);
    deepEqual(issues(buttons(title + "😀")), [
      {
        path: "buttons[0].title",
        message: "`buttons[0].title` is 21 characters; WhatsApp allows at most 20. Shorten it or use a list.",
        limit: 20,
        received: 21,
      },
    ]);
  });
  it("number ranges", () => {
    const at = (latitude: number) => ({ to: TO, type: "location", location: { latitude, longitude: 4.9 } });
    deepEqual(issues(at(-90)), []);
    deepEqual(issues(at(-90.5)), [
      {
        path: "location.latitude",
        message: "`location.latitude` is -90.5; latitude runs from -90 to 90.",
        limit: -90,
        received: -90.5,
      },
    ]);
    deepEqual(issues(template({ buttons: [{ type: "url", index: 10, text: "a" }] })), [
      {
        path: "template.buttons[0].index",
        message: "`template.buttons[0].index` must be at most 9; templates have at most 10 buttons.",
        limit: 9,
        received: 10,
      },
    ]);
    deepEqual(issues(template({ body: [{ type: "dateTime", fallback: "x", dayOfWeek: 8 }] })), [
      {
        path: "template.body[0].dayOfWeek",
        message: "`template.body[0].dayOfWeek` is 8; it must be from 1 to 7 (1 = Monday … 7 = Sunday).",
        limit: 7,
        received: 8,
      },
    ]);
  });
});

describe("rule sentences: JSON data (ref ≤ 16 levels, plain objects; flow data ≤ 32 levels, null-prototype objects too)", () => {
  const nest = (levels: number): unknown => (levels === 0 ? 1 : { a: nest(levels - 1) });
  const text = (ref: unknown) => ({ to: TO, type: "text", body: "hi", ref });
  const flow = (data: unknown) => ({ to: TO, type: "flow", body: "b", flow: { id: "1", cta: "Open", data } });
  it("ref", () => {
    deepEqual(issues(text(nest(16))), []);
    const refused = [
      {
        path: "ref",
        message:
          "`ref` must be plain JSON data (strings, numbers, booleans, null, arrays and plain objects, at most 16 levels deep and 100000 values).",
      },
    ];
    deepEqual(issues(text(nest(17))), refused);
    deepEqual(issues(text(Object.assign(Object.create(null), { a: 1 }))), refused);
    deepEqual(issues(text({ a: Number.NaN })), refused);
  });
  it("flow data", () => {
    deepEqual(issues(flow({ a: nest(32) })), []);
    deepEqual(issues(flow({ a: Object.assign(Object.create(null), { b: [1, "x", null, true] }) })), []);
    const refused = [
      {
        path: "flow.data.a",
        message: "`flow.data.a` must be JSON data (text, finite numbers, booleans, null, arrays and plain objects).",
      },
    ];
    deepEqual(issues(flow({ a: nest(33) })), refused);
    deepEqual(issues(flow({ a: new Date(0) })), refused);
  });
});
