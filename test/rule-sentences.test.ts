// The sentences of rules whose valibot action was swapped for a smaller one (issue 19, bundle
// size): each keeps its exact wording, path, limit and received size, and its verdict.
import { checkMessage, type Issue } from "../src/index.ts";
import { describe, it, ok, deepEqual } from "./harness.ts";

const TO = "+31612345678";
const issues = (input: unknown): Issue[] => {
  const r = checkMessage(input);
  return r.ok ? [] : r.issues;
};
const template = (extra: Record<string, unknown>) => ({ to: TO, type: "template", template: { name: "order", language: "en", ...extra } });
const quickReply = (payload: unknown) => template({ buttons: [{ type: "quickReply", index: 0, payload }] });
const variables = (value: unknown) => template({ variables: { total: value } });

describe("rule sentences: quick-reply payload (text ≤ 256 or a boolean)", () => {
  it("accepts text, true and false", () => {
    for (const payload of ["yes", "x".repeat(256), true, false]) deepEqual(issues(quickReply(payload)), [], String(payload));
    const r = checkMessage(quickReply(false));
    ok(r.ok);
    deepEqual((r.message as any).template.buttons[0].payload, false);
  });
  it("names the limit, the size and the fix for long text", () => {
    deepEqual(issues(quickReply("x".repeat(257))), [{
      path: "template.buttons[0].payload",
      message: "`template.buttons[0].payload` is 257 characters; WhatsApp allows at most 256. Shorten the payload.",
      limit: 256,
      received: 257,
    }]);
  });
  it("refuses empty text", () => {
    deepEqual(issues(quickReply("")), [{
      path: "template.buttons[0].payload",
      message: "`template.buttons[0].payload` is empty; WhatsApp needs at least 1 character.",
      limit: 1,
      received: 0,
    }]);
  });
  it("refuses anything else with one sentence", () => {
    for (const [payload, shown] of [[42, "42"], [null, "null"], [{}, "Object"]] as const)
      deepEqual(issues(quickReply(payload)), [{
        path: "template.buttons[0].payload",
        message: `\`template.buttons[0].payload\` must be text (≤ 256) or a boolean; received ${shown}.`,
      }]);
  });
});

describe("rule sentences: template variables (string, number or boolean)", () => {
  it("accepts each", () => {
    for (const value of ["12.50", 12.5, 0, true]) deepEqual(issues(variables(value)), [], String(value));
  });
  it("refuses NaN, null and objects", () => {
    for (const [value, shown] of [[Number.NaN, "NaN"], [null, "null"], [[], "Array"]] as const)
      deepEqual(issues(variables(value)), [{
        path: "template.variables.total",
        message: `\`template.variables.total\` must be a string, number or boolean; received ${shown}.`,
      }]);
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
      deepEqual(issues(template({ body: [param(amount)] })), [
        { path: "template.body[0].amount1000", message: "`template.body[0].amount1000` must be a whole number: the amount times 1000." },
      ], String(amount));
  });
  it("degrees must be finite", () => {
    const at = (latitude: number) => ({ to: TO, type: "location", location: { latitude, longitude: 4.9 } });
    deepEqual(issues(at(52.37)), []);
    deepEqual(issues(at(Number.POSITIVE_INFINITY)).map((i) => i.message), [
      "`location.latitude` must be a finite number of degrees.",
      "`location.latitude` is Infinity; latitude runs from -90 to 90.",
    ]);
  });
  it("birthdays are YYYY-MM-DD", () => {
    const card = (birthday: string) => ({ to: TO, type: "contacts", contacts: [{ name: { formatted_name: "Ada" }, birthday }] });
    for (const good of ["1815-12-10", "2000-02-29", "1999-01-31"]) deepEqual(issues(card(good)), [], good);
    for (const bad of ["1815-13-10", "1815-12-32", "1815-12-00", "10-12-1815", "1815-12-10T00:00"])
      deepEqual(issues(card(bad)), [
        { path: "contacts[0].birthday", message: `\`contacts[0].birthday\` is "${bad}"; write birthdays as YYYY-MM-DD.` },
      ], bad);
  });
});
