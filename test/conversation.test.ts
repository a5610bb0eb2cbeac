// wa.markRead() and wa.typing() on every runtime (Node, Deno, Chromium): Meta's published bodies
// on the Cloud API's and 360dialog's URLs, through the client's transport (its fetch, retries,
// timeout and credential redaction), UnsupportedError before any I/O elsewhere, and through
// proxy() into createProxyHandler under the same authorize. Fixtures: test/fixtures/conversation.ts.
import {
  bik,
  cloudApi,
  createProxyHandler,
  dialog360,
  isProviderError,
  isUnsupportedError,
  isWaError,
  proxy,
  twilio,
  whatsapp,
  type Provider,
  type ProviderError,
  type UnsupportedError,
  type WaError,
} from "../src/index.ts";
import * as fx from "./fixtures/conversation.ts";
import { deepEqual, describe, equal, hasCode, issueAt, it, ok, rejects } from "./harness.ts";

const TOKEN = "EAAGm0PX4ZCpsBAKx9qzToken";
const ID = fx.metaTyping.body.message_id;
const event = { type: "message", id: ID, from: "+16505551234" } as const;

type Seen = { url: string; method: string; headers: Headers; body: unknown };
/** A fetch that records each request and answers from `reply` (by call number). */
function stub(reply: (n: number) => Response | Promise<Response> = () => Response.json(fx.metaTyping.answer)) {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    seen.push({ url: req.url, method: req.method, headers: req.headers, body: await req.json() });
    return reply(seen.length);
  };
  return { seen, fetch };
}

describe("markRead / typing: Cloud API and 360dialog, through the transport", () => {
  it("typing posts Meta's typing indicator body to /{phone-number-id}/messages and resolves a send result", async () => {
    const { seen, fetch } = stub();
    const wa = whatsapp({ provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "106540352242922" }), fetch });
    const result = await wa.typing(event);
    deepEqual(result, { id: ID, provider: "cloudApi", status: "accepted", raw: fx.metaTyping.answer });
    equal(seen.length, 1);
    equal(seen[0]!.url, "https://graph.facebook.com/v23.0/106540352242922/messages");
    equal(seen[0]!.method, "POST");
    equal(seen[0]!.headers.get("authorization"), `Bearer ${TOKEN}`);
    deepEqual(seen[0]!.body, fx.metaTyping.body);
  });

  it("markRead posts the read receipt alone (no typing_indicator), from an event or its id", async () => {
    const { seen, fetch } = stub();
    const wa = whatsapp({ provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }), fetch });
    await wa.markRead(event);
    await wa.markRead(ID);
    const { typing_indicator: _, ...read } = fx.metaTyping.body;
    deepEqual(seen[0]!.body, read);
    deepEqual(seen[1]!.body, read);
  });

  it("360dialog: the same body on its host with D360-API-KEY", async () => {
    const { seen, fetch } = stub();
    const wa = whatsapp({ provider: dialog360({ apiKey: "d360-key-Kx7pQ2mV9sL4" }), fetch });
    await wa.typing(ID);
    equal(seen[0]!.url, fx.dialog360Typing.url);
    equal(seen[0]!.headers.get("d360-api-key"), "d360-key-Kx7pQ2mV9sL4");
    deepEqual(seen[0]!.body, fx.dialog360Typing.body);
  });

  it("retries a 429 as a send does, and gives up with the send's ProviderError", async () => {
    const { seen, fetch } = stub((n) =>
      n === 1
        ? Response.json({ error: { message: "rate", code: 130429 } }, { status: 429, headers: { "retry-after": "0" } })
        : Response.json(fx.metaTyping.answer),
    );
    const wa = whatsapp({ provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }), fetch, retry: 1 });
    equal((await wa.markRead(event)).status, "accepted");
    equal(seen.length, 2);
  });

  it("a refusal is a ProviderError with the token redacted, even when the provider echoes it", async () => {
    const { fetch } = stub(() =>
      Response.json({ error: { message: `Invalid token ${TOKEN}`, code: 190 } }, { status: 401 }),
    );
    const wa = whatsapp({ provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }), fetch });
    const e = (await rejects(() => wa.typing(event), isProviderError)) as ProviderError;
    ok(!JSON.stringify(e.toJSON()).includes(TOKEN) && !e.message.includes(TOKEN), e.message);
    equal(e.code, "AUTH");
  });

  it("times out as a send does (the client's timeout, or the call's)", async () => {
    const fetch = (_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_r, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    const wa = whatsapp({ provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }), fetch, retry: 0 });
    const e = (await rejects(() => wa.markRead(event, { timeout: 20 }), isWaError)) as WaError;
    equal(e.code, "TIMEOUT");
  });

  it("refuses what is no received message before any I/O", async () => {
    const { seen, fetch } = stub();
    const wa = whatsapp({ provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }), fetch });
    // Called as plain JavaScript would: the types refuse these, the runtime must too.
    const markRead = wa.markRead as (event: unknown) => Promise<unknown>;
    for (const bad of ["", 42, null, { type: "status", id: ID }, { id: "" }])
      await rejects(
        () => markRead(bad),
        issueAt("event", /markRead\(event\) needs a received message event or its id/),
      );
    equal(seen.length, 0);
  });

  it("Twilio: typing is a form post to its Messaging host (it marks the message read); markRead alone is refused", async () => {
    const seen: { url: string; form: string; auth: string | null }[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      seen.push({ url: req.url, form: await req.text(), auth: req.headers.get("authorization") });
      return Response.json(fx.twilioTyping.answer);
    };
    const sid = "AC0123456789abcdef0123456789abcdef";
    const wa = whatsapp({
      provider: twilio({ accountSid: sid, authToken: "t".repeat(32), from: "+14155238886" }),
      fetch,
    });
    const result = await wa.typing(fx.twilioTyping.form.messageId);
    equal(result.status, "accepted");
    equal(seen[0]!.url, fx.twilioTyping.url);
    deepEqual(Object.fromEntries(new URLSearchParams(seen[0]!.form)), fx.twilioTyping.form);
    ok(seen[0]!.auth?.startsWith("Basic "));
    await rejects(
      () => wa.markRead(fx.twilioTyping.form.messageId),
      hasCode("UNSUPPORTED", /wa\.typing\(event\) marks the message read too/),
    );
    equal(seen.length, 1);
  });

  it("a provider without the capability: UnsupportedError before any I/O, naming the method", async () => {
    const { seen, fetch } = stub();
    const wa = whatsapp({ provider: bik({ authToken: "bik-token-0123456789" }), fetch });
    const e = (await rejects(() => wa.typing(event), isUnsupportedError)) as UnsupportedError;
    ok(e.message.includes("typing()"), e.message);
    await rejects(() => wa.markRead(event), hasCode("UNSUPPORTED", /bik cannot send read receipts \(markRead\(\)\)/));
    equal(seen.length, 0);
  });
});

describe("markRead / typing through proxy()", () => {
  function setup(server: Provider, authorized = true) {
    const upstream = stub();
    const handler = createProxyHandler({
      provider: server,
      fetch: upstream.fetch,
      authorize: (req) => authorized && req.headers.get("authorization") === "Bearer page",
    });
    const posted: unknown[] = [];
    const wa = whatsapp({
      provider: proxy({ url: "https://shop.example/api/whatsapp", headers: { authorization: "Bearer page" } }),
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const req = new Request(input, init);
        posted.push(await req.clone().json());
        return handler(req);
      },
    });
    return { wa, posted, upstream };
  }

  it("posts { action, messageId }; the server sends Meta's body with its own token", async () => {
    const { wa, posted, upstream } = setup(cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }));
    const result = await wa.typing(event);
    deepEqual(posted[0], { action: "typing", messageId: ID });
    deepEqual(upstream.seen[0]!.body, fx.metaTyping.body);
    deepEqual(result, { id: ID, provider: "cloudApi", status: "accepted", raw: fx.metaTyping.answer });
    ok(!JSON.stringify(result).includes(TOKEN));
  });

  it("authorize still decides: a refused page sends nothing", async () => {
    const { wa, upstream } = setup(cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }), false);
    const e = (await rejects(() => wa.markRead(event), isWaError)) as WaError;
    equal(e.code, "AUTH");
    equal(upstream.seen.length, 0);
  });

  it("the server's provider without the capability answers its UnsupportedError; a malformed action is refused", async () => {
    const { wa, upstream } = setup(
      twilio({ accountSid: `AC${"0".repeat(32)}`, authToken: "t".repeat(32), from: "+15005550006" }),
    );
    await rejects(() => wa.markRead(event), hasCode("UNSUPPORTED", /read receipts/));
    equal(upstream.seen.length, 0);
    const handler = createProxyHandler({
      provider: cloudApi({ accessToken: TOKEN, phoneNumberId: "1" }),
      authorize: () => true,
    });
    for (const body of [
      { action: "delete", messageId: ID },
      { action: "read", messageId: ID, to: "+1" },
      { action: "read" },
    ]) {
      const res = await handler(
        new Request("https://shop.example/api", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
      equal(res.status, 422, JSON.stringify(body));
      // Each refusal names the method that sends an action: from the same list as the client's.
      ok(
        JSON.stringify(await res.json()).includes(
          body.action === "read" && !("to" in body) ? "markRead(event)" : "wa.markRead() or wa.typing()",
        ),
      );
    }
  });
});
