// Recipients: a phone number (as people write it, normalised to E.164 only when that is
// unambiguous) or a business-scoped user ID (kept exactly as given); the neutral message says
// which; every provider compiles a BSUID to its documented form or refuses it before any I/O;
// bulk sends, queues and the proxy keep phone numbers and BSUIDs apart, in order.
import fc from "fast-check";
import {
  bik,
  bird,
  cloudApi,
  createProxyHandler,
  enqueue,
  idempotencyKey,
  isUnsupportedError,
  isValidationError,
  message,
  proxy,
  sandbox,
  validateMessage,
  whatsapp,
  zixflow,
  infobip,
  type Provider,
  type QueuedMessage,
  type UnsupportedError,
  type ValidationError,
} from "../src/index.ts";
import { deepEqual, describe, equal, it, ok, throws } from "./harness.ts";

const BSUID = "US.13491208655302741918";
const PARENT = "US.ENT.11815799212886844830";
const meta = cloudApi({ accessToken: "t", phoneNumberId: "1234567890" });
const toOf = (x: string) => message.text("hi").to(x).message.to;
const refused = (x: string) =>
  throws<ValidationError>(
    () => message.text("hi").to(x),
    isValidationError,
    `expected ${JSON.stringify(x)} to be refused`,
  );

describe("phone numbers as people write them", () => {
  const cases: [string, string, string][] = [
    ["(0) trunk prefix after the country code is dropped", "+31 (0)6 12345678", "+31612345678"],
    ["(0) with spaces inside and around", "+44 ( 0 ) 20 7946 0958", "+442079460958"],
    ["UK (0) 20", "+44 (0) 20 7946 0958", "+442079460958"],
    ["00 international prefix", "0031 6 12345678", "+31612345678"],
    ["00 prefix with (0)", "0031 (0)6 12345678", "+31612345678"],
    ["North American brackets and dash", "+1 (555) 123-4567", "+15551234567"],
    ["dots", "+31.6.12.34.56.78", "+31612345678"],
    ["no-break spaces", "+31\u00a06\u00a012345678", "+31612345678"],
    ["narrow no-break and thin spaces", "+33\u202f6\u200912\u202f34\u202f56\u202f78", "+33612345678"],
    ["en dash and non-breaking hyphen", "+49\u2013151\u20111234\u20135678", "+491511234 5678".replace(" ", "")],
    ["Arabic-Indic digits", "+٩٦٦ ٥٠ ١٢٣ ٤٥٦٧", "+966501234567"],
    ["Eastern Arabic-Indic (Persian) digits with 00", "۰۰۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹", "+989123456789"],
    ["direction marks around a number copied from Arabic text", "\u200f+966 50 123 4567\u200f", "+966501234567"],
    ["a WhatsApp id (digits without +)", "31612345678", "+31612345678"],
  ];
  for (const [why, input, e164] of cases)
    it(`${why}: ${JSON.stringify(input)} → ${e164}`, () => equal(toOf(input), e164));

  const refusals: [string, string][] = [
    ["Italy keeps its 0: (0) is ambiguous there", "+39 (0)6 1234 5678"],
    ["San Marino keeps its 0", "+378 (0)549 123456"],
    ["(0) after the area code, not the country code", "+31 6 (0)1234 5678"],
    ["(0) twice", "+31 (0)(0)6 12345678"],
    ["(0) with no country code", "(0)6 12345678"],
    ["a national number", "06 12345678"],
    ["the North American exit code 011", "011 31 6 12345678"],
    ["+ then 00", "+0031 6 12345678"],
    ["an extension", "+31 6 12345678 x12"],
    ["a tel: URI", "tel:+31612345678"],
    ["digits of another script (Devanagari) are not guessed", "+९१ ९८७६५ ४३२१०"],
    ["a slash", "+31 6/12345678"],
  ];
  for (const [why, input] of refusals)
    it(`refused, never sent elsewhere: ${why} (${JSON.stringify(input)})`, () => {
      const e = refused(input);
      equal(e.issues[0]!.path, "to");
      ok(e.message.includes("+31612345678") && e.message.includes("BSUID"), e.message);
    });

  it("a refused (0) says why", () => ok(refused("+39 (0)6 1234 5678").message.includes("(0)")));

  it("any E.164 number written with separators, (0) or 00 comes back as itself", () => {
    const sep = fc.constantFrom(" ", "-", ".", "\u00a0", "\u202f", "\u2013", "");
    fc.assert(
      fc.property(
        fc.constantFrom("31", "44", "49", "1", "7", "966", "98", "33", "351"),
        fc.stringMatching(/^[1-9]\d{6,10}$/),
        fc.array(sep, { minLength: 12, maxLength: 12 }),
        fc.boolean(),
        fc.boolean(),
        (cc, rest, seps, trunk, zeros) => {
          const digits = [...rest].map((d, i) => d + seps[i]).join("");
          const written = `${zeros ? "00" : "+"}${cc}${seps[11]}${trunk ? "(0)" + seps[10] : ""}${digits}`;
          const expected = `+${cc}${rest}`;
          if (expected.length > 16) return;
          equal(toOf(written), expected, written);
        },
      ),
    );
  });
});

describe("BSUID recipients", () => {
  for (const id of [BSUID, PARENT, "BR.1502576394655843", "IN.1648738043044942", `US.${"a1".repeat(64)}`])
    it(`${id.slice(0, 30)} is kept exactly as given and marked toKind "bsuid"`, () => {
      const m = message.text("hi").to(id).message;
      equal(m.to, id);
      equal(m.toKind, "bsuid");
    });

  it("a phone recipient leaves toKind out (phone is the default)", () =>
    equal(message.text("hi").to("+31612345678").message.toKind, undefined));

  for (const bad of [
    "us.13491208655302741918",
    "US.",
    "US.1349-1208",
    "USA.123",
    " US.13491208655302741918",
    "US.ENT.",
    `US.${"1".repeat(129)}`,
    "US..123",
  ])
    it(`refuses ${JSON.stringify(bad.slice(0, 30))}, naming both accepted forms`, () => {
      const e = refused(bad);
      ok(e.message.includes("+31612345678") && e.message.includes("US.13491208655302741918"), e.message);
    });

  it("validation sets toKind when a posted message leaves it out, and refuses one that contradicts `to`", () => {
    equal(validateMessage({ to: BSUID, type: "text", body: "hi" }).toKind, "bsuid");
    let e = throws<ValidationError>(
      () => validateMessage({ to: BSUID, toKind: "phone", type: "text", body: "hi" }),
      isValidationError,
    );
    equal(e.issues[0]!.path, "toKind");
    e = throws<ValidationError>(
      () => validateMessage({ to: "+31612345678", toKind: "bsuid", type: "text", body: "hi" }),
      isValidationError,
    );
    equal(e.issues[0]!.path, "toKind");
    e = throws<ValidationError>(
      () => validateMessage({ to: "+31612345678", toKind: "email", type: "text", body: "hi" }),
      isValidationError,
    );
    equal(e.issues[0]!.path, "toKind");
    equal(validateMessage({ to: "+31612345678", toKind: "phone", type: "text", body: "hi" }).toKind, "phone");
  });

  it("check() accepts a BSUID recipient", () => ok(message.text("hi").check(BSUID).ok));
});

describe("sending to a BSUID, per provider", () => {
  it("Cloud API: `recipient` instead of `to`, never both", () => {
    const body = message.text("hi").to(PARENT).compile(meta).body as Record<string, unknown>;
    deepEqual(body, {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      recipient: PARENT,
      type: "text",
      text: { body: "hi" },
    });
    const phone = message.text("hi").to("+31612345678").compile(meta).body as Record<string, unknown>;
    equal(phone.to, "+31612345678");
    ok(!("recipient" in phone));
  });

  it("Bird: the whatsappbsuid identifier", () => {
    const b = bird({
      accessKey: "k",
      workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
      channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
    });
    deepEqual((message.text("hi").to(BSUID).compile(b).body as any).receiver, {
      contacts: [{ identifierKey: "whatsappbsuid", identifierValue: BSUID }],
    });
    deepEqual((message.text("hi").to("+31612345678").compile(b).body as any).receiver, {
      contacts: [{ identifierKey: "phonenumber", identifierValue: "+31612345678" }],
    });
  });

  const refusing: [string, Provider][] = [
    ["bik", bik({ authToken: "AUTH" })],
    ["zixflow", zixflow({ apiKey: "k", phoneId: "p" })],
    ["infobip", infobip({ baseUrl: "https://xyz12.api.infobip.com", apiKey: "k", from: "+441134960000" })],
  ];
  for (const [name, provider] of refusing)
    it(`${name}: UnsupportedError naming the provider and the feature, before any request`, async () => {
      const e = throws<UnsupportedError>(() => message.text("hi").to(BSUID).compile(provider), isUnsupportedError);
      equal(e.provider, name);
      ok(e.message.includes("BSUID"), e.message);
      let calls = 0;
      const wa = whatsapp({ provider, fetch: async () => (calls++, new Response("{}")), retry: 0 } as any);
      let thrown: unknown;
      try {
        await wa.text("hi").to(BSUID);
      } catch (x) {
        thrown = x;
      }
      ok(isUnsupportedError(thrown));
      equal(calls, 0);
    });
});

describe(".ref() on the Cloud API", () => {
  it("a string goes as biz_opaque_callback_data as is, other JSON as its JSON text", () => {
    equal((message.text("hi").ref("order-1").to(BSUID).compile(meta).body as any).biz_opaque_callback_data, "order-1");
    equal(
      (message.text("hi").ref({ order: 7 }).to(BSUID).compile(meta).body as any).biz_opaque_callback_data,
      '{"order":7}',
    );
  });

  it("512 characters pass; 513 are a ValidationError on `ref` naming Meta's limit", () => {
    equal(
      (message.text("hi").ref("x".repeat(512)).to(BSUID).compile(meta).body as any).biz_opaque_callback_data.length,
      512,
    );
    const e = throws<ValidationError>(
      () => message.text("hi").ref("x".repeat(513)).to(BSUID).compile(meta),
      isValidationError,
    );
    deepEqual([e.issues[0]!.path, e.issues[0]!.limit, e.issues[0]!.received], ["ref", 512, 513]);
    ok(e.message.includes("biz_opaque_callback_data"), e.message);
  });

  it("Meta's 131062 (authentication template to a BSUID) explains the fix", () => {
    const info = meta.parseError({
      status: 400,
      headers: new Headers(),
      body: {
        error: {
          message: "(#131062) Business-scoped User ID (BSUID) recipients are not supported for this message.",
          code: 131062,
        },
      },
    }) as { message: string; retryable?: boolean };
    ok(info.message.includes("phone number"), info.message);
    equal(info.retryable, false);
  });
});

describe("bulk, queue and proxy with mixed recipients", () => {
  const mixed = ["+31 (0)6 12345678", BSUID, "not a number", PARENT, "+1 (555) 123-4567"];

  it("a bulk send keeps order and one result per recipient, phone numbers and BSUIDs alike", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    const results = await wa.text("hi").to(mixed);
    deepEqual(
      results.map((r) => [r.to, r.ok]),
      [
        ["+31612345678", true],
        [BSUID, true],
        ["not a number", false],
        [PARENT, true],
        ["+15551234567", true],
      ],
    );
    deepEqual(
      box.sent.map((m) => [m.to, m.toKind]),
      [
        ["+31612345678", undefined],
        [BSUID, "bsuid"],
        [PARENT, "bsuid"],
        ["+15551234567", undefined],
      ],
    );
  });

  it("enqueue: keys per recipient, in order, BSUIDs kept; the invalid one refused", async () => {
    const batches: { body: QueuedMessage }[][] = [];
    const q = {
      async sendBatch(msgs: Iterable<{ body: unknown }>) {
        batches.push([...msgs] as { body: QueuedMessage }[]);
      },
    };
    const report = await enqueue(q, message.text("hi").to(mixed));
    const bodies = batches.flat().map((b) => b.body);
    deepEqual(
      bodies.map((b) => b.message.to),
      ["+31612345678", BSUID, PARENT, "+15551234567"],
    );
    deepEqual(
      report.refused.map((r) => r.to),
      ["not a number"],
    );
    deepEqual(report.keys, await Promise.all(bodies.map((b) => idempotencyKey(b.message))));
    equal(new Set(report.keys).size, 4);
  });

  it("the proxy hands allowRecipient the BSUID as given, and refuses it when not allowed", async () => {
    const box = sandbox();
    const seen: string[] = [];
    const handler = createProxyHandler({
      provider: box,
      authorize: () => true,
      allowRecipient: (to) => (seen.push(to), to === BSUID),
    });
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init));
    const wa = whatsapp({ provider: proxy({ url: "https://shop.example/api/whatsapp" }), fetch });
    await wa.text("hi").to(BSUID);
    let thrown: unknown;
    try {
      await wa.text("hi").to(PARENT);
    } catch (e) {
      thrown = e;
    }
    ok(thrown, "the parent BSUID is not allowed");
    deepEqual(seen, [BSUID, PARENT]);
    deepEqual(
      box.sent.map((m) => [m.to, m.toKind]),
      [[BSUID, "bsuid"]],
    );
  });
});
