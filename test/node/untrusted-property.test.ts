// Issue 23: every parser of untrusted text, fed random bodies. Provider answers go through the
// transport's `read` (each provider's parseSuccess / parseError, scrubDeep, describeBody) for
// every provider of the registry, plus Bird's service window reader; webhook bodies through
// every provider's webhook reader; request bodies through createProxyHandler. Bodies hold
// "__proto__" / "constructor" / "prototype" keys (as JSON.parse makes them: own keys), deep
// nesting, long strings up to the caps, and text that is no JSON. Each parser must leave
// Object.prototype alone, give results whose objects have their usual prototypes, throw only
// WaErrors, and give the same result for the body parsed, serialised and parsed again.
import { describe, it, ok, equal } from "../harness.ts";
import fc from "fast-check";
import * as wafluent from "../../src/index.ts";
import { createProxyHandler, isWaError, parseServiceWindow, parseWebhook, sandbox } from "../../src/index.ts";
import { PROVIDERS, WEBHOOK_PROVIDERS } from "../../src/providers/registry.ts";
import { read } from "../../src/send/answers.ts";
import { scrubbing } from "../../src/send/secrets.ts";
import { parseJson } from "../../src/core/json.ts";
import { MAX_ANSWER_BYTES } from "../../src/send/body.ts";
import type { Provider } from "../../src/send/provider.ts";

const SECRET = "S3CRET-token-abcdef";
const RUNS = 100;

// --- bodies -------------------------------------------------------------------------------------

/** Keys a hostile body uses, and the ones the parsers read (so the random trees reach them). */
const KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "id",
  "message",
  "messages",
  "error",
  "errors",
  "code",
  "status",
  "statuses",
  "data",
  "success",
  "details",
  "entry",
  "changes",
  "field",
  "value",
  "contacts",
  "payload",
  "type",
  "from",
  "to",
  "body",
  "text",
  "ref",
  "event",
  "meta_object",
  "extra_info",
  "failure",
  "reason",
  "timestamp",
  "issues",
  "name",
  "raw",
  "provider",
];

const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string() });
const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom(SECRET, `Bearer ${SECRET}`, "wamid.1", "+31612345678", "", "text", "failed", "read"),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
  fc.boolean(),
  fc.constant(null),
);

/** A JSON text, written by hand so that "__proto__" is a key of the text (JSON.stringify would drop the prototype). */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar.map((v) => JSON.stringify(v)),
    fc.array(tie("node"), { maxLength: 4 }).map((items) => `[${items.join(",")}]`),
    fc
      .array(fc.tuple(key, tie("node")), { maxLength: 5 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
  ),
})).node;

/** Deep nesting, with hostile keys on the way down. */
const deep = fc
  .tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom("__proto__", "constructor", "entry", "error"), jsonText)
  .map(([depth, k, inner]) => `${`{"${k}":[`.repeat(depth)}${inner}${"]}".repeat(depth)}`);

/** One character repeated up to `max` bytes: "<" runs, spaces, quotes, backslashes. */
const long = (max: number) =>
  fc
    .tuple(fc.constantFrom("<", "a", " ", "\\", '"', "<a", "{", "["), fc.integer({ min: 0, max }))
    .map(([c, n]) => c.repeat(Math.floor(n / c.length)));

/** A body as text, at most about `max` bytes: JSON (hostile or deep), a long string in JSON, or no JSON at all. */
const bodyText = (max: number) =>
  fc.oneof(
    { weight: 5, arbitrary: jsonText },
    { weight: 2, arbitrary: deep },
    { weight: 1, arbitrary: long(max - 16).map((s) => JSON.stringify({ error: { message: s } })) },
    { weight: 1, arbitrary: long(max) },
    { weight: 1, arbitrary: fc.string() },
    { weight: 1, arbitrary: jsonText.map((t) => t.slice(0, Math.max(0, t.length - 1))) },
  );

// --- checks -------------------------------------------------------------------------------------

const PROTOS = new Set<unknown>([Object.prototype, Array.prototype, null]);
const baseline = () => [
  Object.getOwnPropertyNames(Object.prototype).join(),
  Object.getOwnPropertyNames(Array.prototype).join(),
];
const BASELINE = baseline().join("|");

/** Fails when Object.prototype or Array.prototype changed, or when a value of `out` has another prototype. */
function clean(out: unknown, where: string) {
  equal(baseline().join("|"), BASELINE, `${where}: Object.prototype / Array.prototype untouched`);
  equal(({} as { polluted?: unknown }).polluted, undefined, `${where}: nothing inherited by every object`);
  const stack: unknown[] = [out];
  for (let seen = 0; stack.length > 0 && seen < 200_000; seen++) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    if (v instanceof Error) {
      stack.push((v as { raw?: unknown }).raw);
      continue;
    }
    if (v instanceof Headers) continue;
    ok(PROTOS.has(Object.getPrototypeOf(v)), `${where}: a result object with a foreign prototype`);
    for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
}

/** `v` as JSON text down to 64 levels (deeper is "[deep]": JSON.stringify itself overflows the stack on a very deep body). */
function show(v: unknown, depth = 0): string {
  if (typeof v !== "object" || v === null) return JSON.stringify(v) ?? "undefined";
  if (depth > 64) return '"[deep]"';
  if (Array.isArray(v)) return `[${v.map((x) => show(x, depth + 1)).join(",")}]`;
  const o = (v as { toJSON?: () => unknown }).toJSON ? (v as { toJSON: () => unknown }).toJSON() : v;
  return `{${Object.entries(o as object)
    .map(([k, x]) => `${JSON.stringify(k)}:${show(x, depth + 1)}`)
    .join(",")}}`;
}

/** What a parser gave, as comparable JSON: a result, or the WaError it threw (anything else fails). */
function outcome(run: () => unknown, where: string): string {
  let out: unknown;
  try {
    out = run();
  } catch (e) {
    ok(isWaError(e), `${where}: threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
    clean(e, where);
    return show(["threw", (e as Error).name, e]);
  }
  clean(out, where);
  return show(["gave", out]);
}

/** The body as the transport makes it from text, and again after a trip through JSON. */
function bodies(text: string): [unknown, unknown] {
  const body = parseJson(text, text);
  return [body, JSON.parse(JSON.stringify(body) ?? "null")];
}

// --- parsers ------------------------------------------------------------------------------------

const factories = wafluent as unknown as Record<string, (config: unknown) => Provider>;
const providers = PROVIDERS.map((p) => factories[p.name]!(p.name === "sandbox" ? {} : withSecret(p.example)));
function withSecret(example: Readonly<Record<string, string>>) {
  const out: Record<string, string> = { ...example };
  for (const k of ["accessKey", "accessToken", "apiKey", "authToken"]) if (k in out) out[k] = SECRET;
  return out;
}
const STATUSES = [200, 202, 400, 401, 404, 429, 500, 503];

describe("untrusted bodies through every parser (fast-check)", () => {
  it(`provider answers: ${providers.map((p) => p.name).join(", ")}; every status; Bird's service window`, () => {
    fc.assert(
      fc.property(bodyText(MAX_ANSWER_BYTES), fc.constantFrom(...STATUSES), (text, status) => {
        const [first, again] = bodies(text);
        for (const provider of providers) {
          const parse = (body: unknown) => () =>
            read(
              provider,
              { status, headers: new Headers({ "retry-after": "1" }), body },
              undefined,
              scrubbing(() => [SECRET]),
            );
          const where = `${provider.name} ${status}`;
          equal(outcome(parse(again), where), outcome(parse(first), where), `${where}: the same on re-parse`);
        }
        const window = (body: unknown) => () => parseServiceWindow(body, 1_700_000_000_000);
        equal(outcome(window(again), "serviceWindow"), outcome(window(first), "serviceWindow"));
      }),
      { numRuns: RUNS },
    );
  });

  it(`webhook bodies: ${WEBHOOK_PROVIDERS.join(", ")}`, () => {
    // createWebhookHandler answers 400 to a body that is not JSON, before any reader: JSON only here.
    const json = bodyText(1024 * 1024).filter((t) => parseJson(t, undefined) !== undefined);
    fc.assert(
      fc.property(json, (text) => {
        const [first, again] = bodies(text);
        for (const provider of WEBHOOK_PROVIDERS) {
          const parse = (body: unknown) => () => parseWebhook(body, { provider });
          equal(outcome(parse(again), provider), outcome(parse(first), provider), `${provider}: the same on re-parse`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("proxy request bodies: createProxyHandler answers JSON, never crashes, the same on re-parse", async () => {
    const handler = createProxyHandler({ provider: sandbox(), authorize: () => true });
    const post = (text: string) =>
      handler(
        new Request("https://api.shop.example/wa", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: text,
        }),
      );
    // A message around the random part, so bodies reach validation and the provider, not only JSON.parse.
    const message = fc
      .tuple(jsonText, key, fc.constantFrom("text", "buttons", "template", "reaction"))
      .map(([inner, k, type]) => `{"to":"+31612345678","type":"${type}","body":"hi",${JSON.stringify(k)}:${inner}}`);
    const seen = (res: Response, json: any) => [res.status, json?.error ?? json?.status];
    await fc.assert(
      fc.asyncProperty(fc.oneof(message, bodyText(64 * 1024)), async (text) => {
        const res = await post(text);
        const json = await res.json();
        clean(json, "proxy answer");
        ok([200, 400, 413, 422].includes(res.status), `proxy: status ${res.status}`);
        if (res.status !== 200) ok(typeof json.error?.code === "string", "an error answer names its code");
        const parsed = parseJson(text, undefined);
        if (parsed === undefined) return;
        const res2 = await post(JSON.stringify(parsed));
        equal(JSON.stringify(seen(res2, await res2.json())), JSON.stringify(seen(res, json)), "the same on re-parse");
      }),
      { numRuns: RUNS },
    );
  });

  it("fixed adversarial bodies: 1 MiB of <, 100 000 levels of nesting, hostile keys at the top", () => {
    const texts = [
      "<".repeat(MAX_ANSWER_BYTES),
      `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      `${'{"__proto__":'.repeat(50_000)}1${"}".repeat(50_000)}`,
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"error":{"message":"x"}}',
    ];
    for (const text of texts) {
      const body = parseJson(text, text);
      for (const provider of providers)
        for (const status of [200, 500])
          outcome(
            () =>
              read(
                provider,
                { status, headers: new Headers(), body },
                undefined,
                scrubbing(() => [SECRET]),
              ),
            `${provider.name} ${status}`,
          );
      if (typeof body === "object")
        for (const provider of WEBHOOK_PROVIDERS) outcome(() => parseWebhook(body, { provider }), provider);
    }
  });
});
