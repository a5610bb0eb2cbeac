// Issue 18: src/core/json.ts holds the one copy of the small helpers (object checks, `clean`, a JSON
// parse that does not throw) that fit, the fast lane, the schemas, the builder, the transport,
// the queue and the webhook readers share.
import { describe, it, ok, equal, deepEqual } from "../harness.ts";
import { clean, isObj, isPlain, parseJson } from "../../src/core/json.ts";

describe("src/core/json.ts helpers", () => {
  it("isPlain: literals and null-prototype objects (unless bare is false); no arrays, instances or primitives", () => {
    ok(isPlain({ a: 1 }));
    ok(isPlain(Object.create(null)));
    ok(!isPlain(Object.create(null), false));
    for (const x of [[], new Date(), new Map(), null, undefined, "x", 1, () => 1]) ok(!isPlain(x), String(x));
    ok(isObj(new Date()) && !isObj([]), "isObj stays the looser check: any non-array object");
  });

  it("parseJson: JSON when it parses, else the fallback (the empty string included)", () => {
    deepEqual(parseJson('{"a":[1]}', undefined), { a: [1] });
    equal(parseJson("OK", "OK"), "OK");
    equal(parseJson("", ""), "");
    equal(parseJson("{", undefined), undefined);
  });

  it("clean drops undefined fields only", () => {
    deepEqual(clean({ a: 0, b: undefined, c: null, d: "" }), { a: 0, c: null, d: "" });
  });
});
