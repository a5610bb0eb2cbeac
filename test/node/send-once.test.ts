// What the send path now works out once per client and provider instead of per send (bench/send.mjs):
// the credential list is reused while a provider's headers stay the same, and worked out again as
// soon as one changes (a provider that rotates its token in the same headers object); scrubDeep
// copies nothing when no credential is in an answer, and copies exactly what changed when one is.
import { whatsapp, isWaError, type Provider } from "../../src/index.ts";
import { scrubDeep } from "../../src/send/secrets.ts";
import { deepEqual, describe, equal, it, ok } from "../harness.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

/** A provider whose headers object is shared between sends and mutated by the test. */
function rotating() {
  const headers: Record<string, string> = {
    authorization: "Bearer FIRST_TOKEN_aaaa1111",
    "content-type": "application/json",
  };
  const provider: Provider = httpProvider({
    name: "rotating",
    kinds: ["text"],
    compile: (m) => ({ url: "https://provider.test/v1/messages", method: "POST", headers, body: { to: m.to } }),
    parseSuccess: (a) => ({ id: String((a.body as { id: string }).id), status: "accepted", raw: a.body }),
    parseError: (a) => ({ message: JSON.stringify(a.body) }),
  }) as Provider;
  // Echoes the authorization header back, in the error (400) or in the success body (200).
  let status = 400;
  const fetch = async (input: RequestInfo | URL) => {
    const auth = new Request(input).headers.get("authorization") ?? "";
    return new Response(JSON.stringify({ id: "m-1", echo: `you sent ${auth}` }), {
      status,
      headers: { "content-type": "application/json" },
    });
  };
  return { headers, provider, fetch, setStatus: (s: number) => (status = s) };
}

describe("send: credentials worked out once per provider and headers", () => {
  it("a token rotated inside the same headers object is redacted on the very next send", async () => {
    const r = rotating();
    const wa = whatsapp({ provider: r.provider, fetch: r.fetch, retry: 0 });
    for (const token of [
      "FIRST_TOKEN_aaaa1111",
      "FIRST_TOKEN_aaaa1111",
      "SECOND_TOKEN_bbbb2222",
      "THIRD_TOKEN_cccc3333",
    ]) {
      r.headers.authorization = `Bearer ${token}`;
      const error = await wa
        .text("hi")
        .to("+31612345678")
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      ok(isWaError(error), "a 400 is an error");
      const seen = JSON.stringify({ message: (error as Error).message, raw: (error as { raw?: unknown }).raw });
      ok(!seen.includes(token), `${token} leaked: ${seen}`);
      ok(seen.includes("[redacted]"));
    }
  });

  it("a header added to the same object is redacted too, and a success body is scrubbed the same way", async () => {
    const r = rotating();
    r.setStatus(200);
    const wa = whatsapp({ provider: r.provider, fetch: r.fetch, retry: 0 });
    const first = await wa.text("hi").to("+31612345678");
    equal(JSON.stringify(first.raw).includes("FIRST_TOKEN_aaaa1111"), false);
    r.headers["x-api-key"] = "ADDED_KEY_dddd4444";
    r.headers.authorization = "Bearer ADDED_KEY_dddd4444";
    const second = await wa.text("hi").to("+31612345678");
    deepEqual(second.raw, { id: "m-1", echo: "you sent [redacted]" });
  });
});

describe("scrubDeep", () => {
  it("returns the very same value when nothing matched", () => {
    const body = { id: "m-1", list: [{ a: "x" }, "y"], n: 1, none: null };
    equal(scrubDeep(body, ["SECRET_zzzz"]), body);
  });

  it("copies what changed, keeps key order, arrays stay arrays, untouched branches are shared", () => {
    const kept = { ok: true };
    const body = { first: "plain", kept, list: ["a", "has SECRET_zzzz inside", "c"], SECRET_zzzz: 1, last: "z" };
    const out = scrubDeep(body, ["SECRET_zzzz"]) as Record<string, unknown>;
    deepEqual(Object.keys(out), ["first", "kept", "list", "[redacted]", "last"]);
    deepEqual(out.list, ["a", "has [redacted] inside", "c"]);
    ok(Array.isArray(out.list));
    equal(out.kept, kept);
    equal(body.list[1], "has SECRET_zzzz inside", "the input is not mutated");
  });

  it("cuts cycles and very deep values off as [\u2026], a repeated (non-cyclic) object is scrubbed each time", () => {
    const cyc: Record<string, unknown> = { s: "SECRET_zzzz" };
    cyc.self = cyc;
    deepEqual(scrubDeep(cyc, ["SECRET_zzzz"]), { s: "[redacted]", self: "[\u2026]" });
    const shared = { s: "SECRET_zzzz" };
    deepEqual(scrubDeep({ a: shared, b: shared }, ["SECRET_zzzz"]), { a: { s: "[redacted]" }, b: { s: "[redacted]" } });
    let deepest: unknown = "SECRET_zzzz";
    for (let i = 0; i < 40; i++) deepest = { d: deepest };
    ok(JSON.stringify(scrubDeep(deepest, ["SECRET_zzzz"])).includes('"[\u2026]"'));
  });
});

describe("send: the client's ky settings are made once, and still win where they did", () => {
  const plain = (headers: Record<string, string> = {}): Provider =>
    httpProvider({
      name: "plain",
      kinds: ["text"],
      compile: (m: { to: string }) => ({
        url: "https://provider.test/v1/messages",
        method: "POST",
        headers,
        body: { to: m.to },
      }),
      parseSuccess: () => ({ id: "m-1", status: "accepted" }),
      parseError: (a: { body: unknown }) => ({ message: JSON.stringify(a.body) }),
    }) as unknown as Provider;

  it("a caller's ky instance with its own retry limit and retryOnTimeout still gets wafluent's policy (2 retries of a 503)", async () => {
    const { default: ky } = await import("ky");
    let calls = 0;
    const fetch = async () => {
      calls++;
      return new Response('{"error":"busy"}', { status: 503, headers: { "content-type": "application/json" } });
    };
    const wa = whatsapp({
      provider: plain(),
      ky: ky.create({ retry: { limit: 5, retryOnTimeout: true } }),
      fetch,
      retry: { backoffLimit: 1 },
    });
    await wa
      .text("hi")
      .to("+31612345678")
      .then(
        () => undefined,
        () => undefined,
      );
    equal(calls, 3);
  });

  it("accept: application/json goes out on every send (over a ky instance's own accept); a provider's accept wins", async () => {
    const { default: ky } = await import("ky");
    const seen: (string | null)[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      seen.push(new Request(input).headers.get("accept"));
      return new Response('{"id":"m-1"}', { status: 200, headers: { "content-type": "application/json" } });
    };
    await whatsapp({ provider: plain(), fetch }).text("hi").to("+31612345678");
    await whatsapp({ provider: plain(), fetch }).text("hi").to("+31612345678");
    await whatsapp({ provider: plain(), fetch, ky: ky.create({ headers: { accept: "text/plain" } }) })
      .text("hi")
      .to("+31612345678");
    await whatsapp({ provider: plain({ accept: "application/vnd.provider+json" }), fetch })
      .text("hi")
      .to("+31612345678");
    deepEqual(seen, ["application/json", "application/json", "application/json", "application/vnd.provider+json"]);
  });
});
