// The public schemas are built the first time they are read, not when wafluent is imported;
// they read exactly like the schemas they stand for.
import * as v from "valibot";
import { built, lazy, once } from "../src/core/schemas/lazy.ts";
import { ButtonSchema, MediaSchema, MessageSchema, TextMessageSchema } from "../src/core/schemas/index.ts";
import { describe, it, ok, equal, deepEqual } from "./harness.ts";

describe("lazy schemas: built on first use", () => {
  it("runs the build on the first read, once, and not before", () => {
    let calls = 0;
    const schema = lazy(() => {
      calls++;
      return v.object({ a: v.string() });
    });
    equal(calls, 0);
    equal(schema.type, "object");
    ok("entries" in schema);
    equal(calls, 1);
    equal(built(schema), built(schema));
    equal(calls, 1);
  });

  it("built() gives the schema itself, and anything else back as it is", () => {
    const plain = v.string();
    equal(built(plain), plain);
    const schema = lazy(() => plain);
    equal(built(schema), plain);
    ok(schema !== plain);
  });

  it("once() builds a value once", () => {
    let calls = 0;
    const get = once(() => ({ n: ++calls }));
    equal(get(), get());
    equal(calls, 1);
  });

  it("a public schema reads like the schema behind it: keys, spread, `in`, prototype", () => {
    for (const schema of [TextMessageSchema, ButtonSchema, MediaSchema, MessageSchema] as object[]) {
      const real = built(schema);
      ok(real !== schema);
      deepEqual(Reflect.ownKeys(schema), Reflect.ownKeys(real));
      deepEqual(Object.keys({ ...schema }), Object.keys(real));
      for (const key of Reflect.ownKeys(real)) {
        ok(key in schema, String(key));
        equal((schema as Record<PropertyKey, unknown>)[key], (real as Record<PropertyKey, unknown>)[key], String(key));
      }
      equal(Object.getPrototypeOf(schema), Object.getPrototypeOf(real));
      equal(JSON.stringify(schema), JSON.stringify(real));
    }
  });

  it("valibot's functions take a public schema as they take the schema behind it", () => {
    const good = { to: "+31612345678", type: "text", body: "hi" };
    const bad = { to: "+31612345678", type: "text", body: "", extra: 1 };
    for (const input of [good, bad, null, { type: "nope" }]) {
      deepEqual(
        v.safeParse(TextMessageSchema, input, { abortEarly: false }),
        v.safeParse(built(TextMessageSchema), input, { abortEarly: false }),
      );
      deepEqual(v.safeParse(MessageSchema, input), v.safeParse(built(MessageSchema), input));
    }
    const piped = v.pipe(
      TextMessageSchema,
      v.check((m) => m.body !== "stop", "must not be stop"),
    );
    equal(v.safeParse(piped, good).success, true);
    equal(v.safeParse(piped, { ...good, body: "stop" }).success, false);
    const widened = v.object({ ...TextMessageSchema.entries, extra: v.number() });
    equal(v.safeParse(widened, { ...good, extra: 1 }).success, true);
    deepEqual(TextMessageSchema["~standard"].validate(good), built(TextMessageSchema)["~standard"].validate(good));
    deepEqual(TextMessageSchema["~standard"].validate(bad), built(TextMessageSchema)["~standard"].validate(bad));
  });

  it("validation inside wafluent runs on the schemas themselves, not on their stand-ins", () => {
    for (const option of built(MessageSchema).options) ok(built(option) === option, option.type);
  });
});
