// One send end to end against a real local HTTP server, through ky and a provider defined here
// as plain functions (the same contract every real provider implements).
import {
  whatsapp,
  type Provider,
  isProviderError,
  type ProviderError,
  isWaError,
  sandbox,
  type WaError,
} from "../../src/index.ts";
import { describe, it, ok, equal, deepEqual, rejects } from "../harness.ts";
import { mockServer } from "./server.ts";
import { httpProvider } from "../../src/providers/_kit/index.ts";

const echo = (base: string): Provider =>
  httpProvider({
    name: "echo",
    kinds: ["text", "buttons"],
    compile: (m) => ({
      url: `${base}/v1/messages`,
      method: "POST",
      headers: { authorization: "Bearer SECRET-TOKEN-123", "content-type": "application/json" },
      body: { to: m.to, kind: m.type },
    }),
    parseSuccess: (a) => ({ id: String((a.body as any).id), status: "accepted" }),
    parseError: (a) => ({ message: String((a.body as any)?.error ?? "unknown"), providerCode: (a.body as any)?.code }),
  });

describe("send over HTTP (node, 127.0.0.1)", () => {
  it("sends exactly the compiled request and reads the answer", async () => {
    const srv = await mockServer(() => ({ status: 202, body: { id: "m-1" } }));
    try {
      const wa = whatsapp({ provider: echo(srv.url) });
      const res = await wa.text("hi").to("+31612345678");
      deepEqual(res, { id: "m-1", provider: "echo", status: "accepted", raw: { id: "m-1" } });
      equal(srv.seen.length, 1);
      equal(srv.seen[0]!.method, "POST");
      equal(srv.seen[0]!.url, "/v1/messages");
      equal(srv.seen[0]!.headers.authorization, "Bearer SECRET-TOKEN-123");
      deepEqual(JSON.parse(srv.seen[0]!.body), { to: "+31612345678", kind: "text" });
    } finally {
      await srv.close();
    }
  });

  it("an error answer becomes a ProviderError with status, provider code and raw body, once", async () => {
    const srv = await mockServer(() => ({ status: 400, body: { error: "bad number", code: "E1" } }));
    try {
      const wa = whatsapp({ provider: echo(srv.url) });
      const e = await rejects<ProviderError>(wa.text("hi").to("+31612345678"), isProviderError);
      equal(e.status, 400);
      equal(e.providerCode, "E1");
      equal(e.code, "PROVIDER_ERROR");
      equal(e.retryable, false);
      deepEqual(e.raw, { error: "bad number", code: "E1" });
      ok(e.message.includes("bad number"));
      ok(!JSON.stringify(e.toJSON()).includes("SECRET-TOKEN-123"));
      equal(srv.seen.length, 1, "a 400 is not retried");
    } finally {
      await srv.close();
    }
  });

  it("an unreachable server is a NETWORK error", async () => {
    const srv = await mockServer(() => ({}));
    await srv.close();
    const wa = whatsapp({ provider: echo(srv.url), retry: 0 });
    await rejects<WaError>(wa.text("hi").to("+31612345678"), (e) => isWaError(e) && e.code === "NETWORK");
  });

  it("the client's fetch option is used", async () => {
    const calls: string[] = [];
    const wa = whatsapp({
      provider: echo("https://api.example.test"),
      fetch: async (input: RequestInfo | URL) => {
        calls.push(input instanceof Request ? input.url : String(input));
        return new Response(JSON.stringify({ id: "f-1" }), {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      },
    });
    equal((await wa.text("x").to("+31612345678")).id, "f-1");
    deepEqual(calls, ["https://api.example.test/v1/messages"]);
  });

  it("the sandbox can refuse, to rehearse error handling", async () => {
    const wa = whatsapp({
      provider: sandbox({ fail: (m) => (m.to.endsWith("0") ? { status: 429, message: "slow down" } : undefined) }),
    });
    const e = await rejects<ProviderError>(wa.text("x").to("+31612345670"), isProviderError);
    equal(e.status, 429);
    equal(e.code, "RATE_LIMITED");
    equal(e.retryable, true);
  });
});
