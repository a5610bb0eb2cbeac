// The inbound side of the provider contract: HMAC-SHA1 as well as SHA-256 over any bytes, base64
// and hex both ways, compared in constant time, and form-encoded bodies decoded without letting
// `__proto__` through. Known-answer vectors from RFC 2202 (HMAC-SHA1) and RFC 4231 (HMAC-SHA256).
import {
  fromBase64,
  fromHex,
  hmac,
  readForm,
  timingSafeEqual,
  toBase64,
  toHex,
} from "../../src/providers/_kit/index.ts";
import { deepEqual, describe, equal, ok, it } from "../harness.ts";

describe("signing helpers", () => {
  it("HMAC-SHA1 and HMAC-SHA256 match the RFC test vectors, over text or bytes", async () => {
    // RFC 2202 test case 2, RFC 4231 test case 2.
    const data = "what do ya want for nothing?";
    equal(toHex(await hmac("Jefe", data, "SHA-1")), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    equal(
      toHex(await hmac("Jefe", new TextEncoder().encode(data), "SHA-1")),
      "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
    );
    equal(toHex(await hmac("Jefe", data)), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });

  it("base64 and hex round-trip, and a near miss compares unequal", async () => {
    const mac = await hmac("Jefe", "what do ya want for nothing?", "SHA-1");
    equal(toBase64(mac), "7/zfauXrL6LSdBbV8YTfnCWafHk=");
    ok(timingSafeEqual(fromBase64(toBase64(mac))!, mac));
    ok(timingSafeEqual(fromHex(toHex(mac))!, mac));
    const off = mac.slice();
    off[off.length - 1]! ^= 1;
    ok(!timingSafeEqual(off, mac));
    ok(!timingSafeEqual(mac.subarray(1), mac));
  });
});

describe("readForm", () => {
  it("decodes fields, repeated keys as arrays, + and %xx, into a null-prototype object", () => {
    const f = readForm("Body=Hello+there%21&MediaUrl=a&MediaUrl=b&__proto__=x&Empty=");
    equal(Object.getPrototypeOf(f), null);
    deepEqual(Object.keys(f), ["Body", "MediaUrl", "__proto__", "Empty"]);
    equal(f.Body, "Hello there!");
    deepEqual(f.MediaUrl, ["a", "b"]);
    equal(Object.getOwnPropertyDescriptor(f, "__proto__")?.value, "x");
    equal(f.Empty, "");
    equal(({} as Record<string, unknown>).x, undefined);
    deepEqual({ ...readForm(new URLSearchParams([["A", "1"]])) }, { A: "1" });
  });
});
