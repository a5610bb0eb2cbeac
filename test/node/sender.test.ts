// How a client's messages go out (issue 25): through the sender its provider carries. A provider
// that sends over HTTP is wrapped with httpProvider() (provider kit); one with `deliver` answers
// in-process; a plain object with neither is refused by whatsapp() with the fix named.
import { isWaError, type Provider, sandbox, whatsapp } from "../../src/index.ts";
import { httpProvider, withSecrets } from "../../src/providers/_kit/index.ts";
import { registeredSecrets } from "../../src/send/secrets.ts";
import { deepEqual, describe, equal, it, match, ok, rejects, throws } from "../harness.ts";

const TO = "+31612345678";
const plain = (): Provider => ({
  name: "plain",
  kinds: ["text"],
  compile: (m) => ({ url: "https://provider.example/v1/messages", method: "POST", headers: {}, body: { to: m.to } }),
  parseSuccess: (a) => ({ id: String((a.body as { id?: unknown }).id), status: "accepted" }),
  parseError: (a) => ({ message: `plain said ${a.status}` }),
});

describe("a provider's sender", () => {
  it("whatsapp() refuses a provider with no way to send, naming httpProvider()", () => {
    const e = throws(
      () => whatsapp({ provider: plain() }),
      (x) => isWaError(x) && x.code === "CONFIG",
    );
    match(e.message, /plain/);
    match(e.message, /httpProvider\(provider, \.\.\.credentials\) from wafluent\/provider-kit/);
    // Compiling needs no sender: a plain provider still compiles an unbound message.
    ok(whatsapp({ provider: sandbox() }).text("hi").to(TO).compile(plain()).url.startsWith("https://"));
  });

  it("httpProvider() sends over HTTP with the client's settings, and redacts the credentials it is given", async () => {
    const seen: string[] = [];
    const provider = httpProvider(
      {
        ...plain(),
        compile: (m) => ({
          url: "https://provider.example/v1/messages",
          method: "POST",
          headers: { "content-type": "application/json" },
          body: { to: m.to, note: "key-ABCDEF123" },
        }),
      },
      "key-ABCDEF123",
    );
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      seen.push(`${request.method} ${request.url} ${await request.text()}`);
      return Response.json({ id: "m-1", echo: "key-ABCDEF123" });
    };
    const result = await whatsapp({ provider, fetch, retry: 0 }).text("hi").to(TO);
    equal(result.id, "m-1");
    deepEqual(result.raw, { id: "m-1", echo: "[redacted]" });
    deepEqual(seen, [`POST https://provider.example/v1/messages {"to":"${TO}","note":"key-ABCDEF123"}`]);
  });

  it("with an HTTP sender, the transport settings are checked; with the sandbox they have nothing to act on", () => {
    const bad = { timeout: Number.NaN };
    throws(
      () => whatsapp({ provider: httpProvider(plain()), ...bad }),
      (x) => isWaError(x) && x.code === "CONFIG" && /`timeout`/.test(x.message),
    );
    ok(whatsapp({ provider: sandbox(), ...bad }));
    // A misspelt key is refused either way.
    throws(
      // @ts-expect-error: a misspelt setting, for the runtime check
      () => whatsapp({ provider: sandbox(), timout: 5 }),
      (x) => isWaError(x) && /did you mean `timeout`/.test(x.message),
    );
  });

  it("a provider with deliver answers in-process: no fetch, the answer read as an HTTP answer would be", async () => {
    let fetched = 0;
    const inProcess: Provider = {
      ...plain(),
      // The request compile() made is what it delivers.
      deliver: async (request) => ({
        status: 202,
        headers: new Headers(),
        body: { id: `in-${(request.body as { to: string }).to}` },
      }),
    };
    const fetch = async () => {
      fetched++;
      return new Response("{}");
    };
    const wa = whatsapp({ provider: inProcess, fetch });
    equal((await wa.text("hi").to(TO)).id, `in-${TO}`);
    equal(fetched, 0);
    const refusing: Provider = {
      ...plain(),
      deliver: async () => ({ status: 429, headers: new Headers({ "retry-after": "3" }), body: "slow down" }),
    };
    const e = await rejects<{ code: string; retryAfter?: number }>(
      whatsapp({ provider: refusing }).text("hi").to(TO),
      (x) => isWaError(x),
    );
    equal(e.code, "RATE_LIMITED");
    equal(e.retryAfter, 3);
  });

  it("an in-process send whose signal has fired is ABORTED (TIMEOUT for a timeout's signal), nothing delivered", async () => {
    const box = sandbox();
    const wa = whatsapp({ provider: box });
    const aborted = new AbortController();
    aborted.abort();
    await rejects(wa.text("hi").to(TO).send({ signal: aborted.signal }), (x) => isWaError(x) && x.code === "ABORTED");
    const timedOut = AbortSignal.timeout(1);
    await new Promise((r) => setTimeout(r, 20));
    await rejects(wa.text("hi").to(TO).send({ signal: timedOut }), (x) => isWaError(x) && x.code === "TIMEOUT");
    equal(box.sent.length, 0);
  });

  it("withSecrets() adds to what httpProvider() registered", () => {
    const provider = withSecrets(httpProvider(plain(), "first-secret-1"), "second-secret-2");
    const forms = registeredSecrets(provider);
    ok(forms.includes("first-secret-1") && forms.includes("second-secret-2"), forms.join(", "));
    // Spread copies keep the sender and the credentials (enumerable symbols).
    const copy = { ...provider, name: "copy" };
    ok(whatsapp({ provider: copy }));
    deepEqual(registeredSecrets(copy), forms);
  });
});
