// The inbound side of the provider contract: HMAC-SHA1 as well as SHA-256 over any bytes, base64
// and hex both ways, compared in constant time, and form-encoded bodies decoded without letting
// `__proto__` through. Known-answer vectors from RFC 2202 (HMAC-SHA1) and RFC 4231 (HMAC-SHA256);
// the kit's hmacSignature checks Twilio's published signature example (SHA-1, base64, over the URL
// and the sorted fields) and a Meta-style `sha256=<hex>` header built from those vectors.
import {
  fromBase64,
  fromHex,
  hmac,
  hmacSignature,
  readForm,
  timingSafeEqual,
  toBase64,
  toHex,
} from "../../src/providers/_kit/index.ts";
import { deepEqual, describe, equal, ok, it } from "../harness.ts";
import { signatureExample } from "../fixtures/twilio/webhooks.ts";

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

  it("one field repeated across a 1 MiB body: every value, in one pass (copying the list per value took minutes)", () => {
    // 262,144 values of one name (what the webhook handler's 1 MiB cap lets through): a list copied
    // at each value is about 3.4e10 element copies; pushed, 262,144.
    const f = readForm("a=1&".repeat(262_144));
    const a = f.a as string[];
    equal(a.length, 262_144);
    equal(a[0], "1");
    equal(a[262_143], "1");
    // The same through the object form Twilio's fields may come in (a list per name).
    equal((readForm({ b: Array.from({ length: 262_144 }, () => "x") }).b as string[]).length, 262_144);
  });
});

describe("hmacSignature", () => {
  /** Runs a check to its verdict: the headers, then the body. */
  async function verdict(check: ReturnType<typeof hmacSignature>, request: Request, secret: string, url?: string) {
    const after = await check(request, { provider: "twilio", secret, ...(url ? { url } : {}) });
    if (after === undefined || after === true) return after === true;
    return after(new Uint8Array(await request.arrayBuffer()));
  }
  const post = (url: string, body: string, headers: Record<string, string>) =>
    new Request(url, { method: "POST", body, headers });

  it("SHA-1, base64, over what the provider signs: Twilio's published example verifies, a changed field does not", async () => {
    const ex = signatureExample;
    const twilioWay = hmacSignature({
      header: "x-twilio-signature",
      hash: "SHA-1",
      encoding: "base64",
      signed: (body, url) => {
        const fields = readForm(new TextDecoder().decode(body));
        let text = url;
        for (const name of Object.keys(fields).sort()) text += name + fields[name];
        return text;
      },
    });
    const form = new URLSearchParams(ex.params).toString();
    equal(await verdict(twilioWay, post(ex.url, form, { "x-twilio-signature": ex.signature }), ex.authToken), true);
    equal(
      await verdict(
        twilioWay,
        post(ex.url, form.replace("1234", "1235"), { "x-twilio-signature": ex.signature }),
        ex.authToken,
      ),
      false,
    );
    // Behind a proxy: the URL signed is the `url` option.
    equal(
      await verdict(
        twilioWay,
        post("http://127.0.0.1:8787/myapp", form, { "x-twilio-signature": ex.signature }),
        ex.authToken,
        ex.url,
      ),
      true,
    );
  });

  it("SHA-256, hex after a prefix, over the raw body: right, wrong, missing prefix, wrong length, not hex", async () => {
    const meta = hmacSignature({ header: "x-hub-signature-256", prefix: "sha256=", encoding: "hex" });
    // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
    const mac = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    const body = "what do ya want for nothing?";
    const at = (value: string) => post("https://hooks.example.com/wa", body, { "x-hub-signature-256": value });
    equal(await verdict(meta, at(`sha256=${mac}`), "Jefe"), true);
    equal(await verdict(meta, at(`sha256=${mac.slice(0, -1)}4`), "Jefe"), false);
    equal(await verdict(meta, at(mac), "Jefe"), false);
    equal(await verdict(meta, at(`sha256=${mac.slice(2)}`), "Jefe"), false);
    equal(await verdict(meta, at(`sha256=${"zz".repeat(32)}`), "Jefe"), false);
    // The headers alone refuse before any body is read.
    equal(
      await meta(post("https://hooks.example.com/wa", body, {}), { provider: "cloudApi", secret: "Jefe" }),
      undefined,
    );
  });
});
