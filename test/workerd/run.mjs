// Runs worker tests in workerd (Cloudflare's runtime) through miniflare; prints "N passed, N failed".
// - A worker module that imports the CDN bundle and answers JSON.
// - Edge workers that import "wafluent" as a deployed worker would: bundled by esbuild (what
//   wrangler uses) through the package's own `exports`, serving createProxyHandler as `fetch`,
//   with the upstream provider pointed at a local mock server; the test posts messages with
//   proxy() and checks what the mock received.
import { readFileSync, existsSync } from "node:fs";
import { Miniflare, Log, LogLevel } from "miniflare";
import { whatsapp, proxy, isProviderError } from "../../dist/index.js";
import { bundleWorker, mockUpstream } from "./worker-harness.mjs";

const bundle = readFileSync(new URL("../../dist/cdn/wafluent.min.js", import.meta.url), "utf8");

async function worker(script, bindings = {}) {
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: "2026-01-01",
    bindings,
    cf: false,
    log: new Log(LogLevel.WARN),
  });
  return { mf, url: String(await mf.ready) };
}

const check = (cond, what) => {
  if (!cond) throw new Error(what);
};
const same = (a, b, what) =>
  check(JSON.stringify(a) === JSON.stringify(b), `${what}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);

// An HTTP provider defined by the worker itself, as any Provider can be: keys in a header.
const EDGE_WORKER = `
import { createProxyHandler } from "wafluent";
const upstream = (env) => ({
  name: "upstream", kinds: ["text", "buttons"],
  compile: (m) => ({ url: env.UPSTREAM_URL + "/v1/messages", method: "POST",
    headers: { authorization: "Key " + env.UPSTREAM_KEY, "content-type": "application/json" }, body: { to: m.to, message: m } }),
  parseSuccess: (a) => ({ id: String(a.body.id), status: "accepted" }),
  parseError: (a) => ({ message: String(a.body?.error ?? "refused"), providerCode: a.body?.code }),
});
export default {
  fetch: (request, env) => createProxyHandler({
    provider: upstream(env),
    authorize: (req) => req.headers.get("authorization") === "Bearer " + env.PROXY_TOKEN,
    allowedOrigins: ["https://shop.example"],
  })(request),
};`;

/** A case written as a worker module beside the CDN bundle, answering JSON that must equal `expect`. */
async function runBundleCase({ worker: script, expect }) {
  const mf = new Miniflare({
    modules: [
      { type: "ESModule", path: "worker.mjs", contents: script },
      { type: "ESModule", path: "wafluent.min.js", contents: bundle },
    ],
    compatibilityDate: "2026-01-01",
  });
  try {
    same(await (await mf.dispatchFetch("http://localhost/")).json(), expect, "worker answer");
  } finally {
    await mf.dispose();
  }
}

const cases = [
  {
    name: "builds, validates and sends on the sandbox inside workerd (CDN bundle)",
    async run() {
      const script = `import { whatsapp, sandbox, message, isValidationError } from "./wafluent.min.js";
      export default { async fetch() {
        const box = sandbox();
        const res = await whatsapp({ provider: box }).text("Order shipped").buttons(["Track", "Help"]).to("+31612345678");
        let invalid; try { message.text("b").buttons(["x".repeat(21)]).to("+31612345678"); } catch (e) { invalid = isValidationError(e) && e.issues[0].path; }
        return Response.json({ provider: res.provider, sent: box.sent.length, type: box.sent[0].type, invalid });
      } };`;
      const mf = new Miniflare({
        modules: [
          { type: "ESModule", path: "worker.mjs", contents: script },
          { type: "ESModule", path: "wafluent.min.js", contents: bundle },
        ],
        compatibilityDate: "2026-01-01",
      });
      try {
        const got = await (await mf.dispatchFetch("http://localhost/")).json();
        same(got, { provider: "sandbox", sent: 1, type: "buttons", invalid: "buttons[0].title" }, "worker answer");
      } finally {
        await mf.dispose();
      }
    },
  },
  {
    name: "an edge worker serves createProxyHandler as fetch; proxy() posts to it; the mock upstream gets the server's key",
    async run() {
      const mock = await mockUpstream((_req, n) =>
        n === 2
          ? { status: 400, body: { error: "number blocked", code: 470 } }
          : { status: 200, body: { id: `up-${n}` } },
      );
      const { mf, url } = await worker(await bundleWorker(EDGE_WORKER, "edge-worker.js"), {
        UPSTREAM_URL: mock.url,
        UPSTREAM_KEY: "sk_edge_secret",
        PROXY_TOKEN: "edge-token",
      });
      try {
        const wa = whatsapp({ provider: proxy({ url, headers: { authorization: "Bearer edge-token" } }) });
        const res = await wa.text("Order shipped").buttons(["Track", "Help"]).to("+31612345678");
        same([res.id, res.provider, res.status], ["up-1", "upstream", "accepted"], "send result");
        same(mock.seen.length, 1, "upstream requests");
        same(mock.seen[0].url, "/v1/messages", "upstream path");
        same(mock.seen[0].headers.authorization, "Key sk_edge_secret", "upstream auth");
        same(
          JSON.parse(mock.seen[0].body),
          {
            to: "+31612345678",
            message: {
              to: "+31612345678",
              type: "buttons",
              body: "Order shipped",
              buttons: [
                { id: "Track", title: "Track" },
                { id: "Help", title: "Help" },
              ],
            },
          },
          "upstream body",
        );

        // A refusal upstream reaches the browser as the provider's error, with no key or upstream header.
        let e;
        try {
          await wa.text("again").to("+31600000002");
        } catch (err) {
          e = err;
        }
        check(isProviderError(e), `expected a ProviderError, got ${e}`);
        same([e.provider, e.status, e.providerCode], ["upstream", 400, 470], "relayed error");
        const direct = await fetch(url, {
          method: "POST",
          headers: { authorization: "Bearer edge-token", "content-type": "application/json" },
          body: JSON.stringify({ to: "+31612345678", type: "text", body: "x" }),
        });
        const text = await direct.text();
        check(
          !text.includes("sk_edge_secret") && direct.headers.get("set-cookie") === null,
          "no key or upstream header in the answer",
        );

        // Refused in the worker, never reaching the mock: invalid, unauthorized, foreign origin, oversized.
        const before = mock.seen.length;
        const post = (body, headers = {}) =>
          fetch(url, {
            method: "POST",
            headers: { authorization: "Bearer edge-token", "content-type": "application/json", ...headers },
            body,
          });
        const invalid = await post(
          JSON.stringify({
            to: "+31612345678",
            type: "buttons",
            body: "b",
            buttons: [{ id: "a", title: "x".repeat(21) }],
          }),
        );
        same(invalid.status, 422, "invalid message status");
        same(
          (await invalid.json()).error.issues.map((i) => i.path),
          ["buttons[0].title"],
          "issues",
        );
        same((await post("{}", { authorization: "Bearer wrong" })).status, 403, "wrong token");
        same((await post("{}", { origin: "https://evil.example" })).status, 403, "foreign origin");
        same(
          (await post(JSON.stringify({ to: "+31612345678", type: "text", body: "x".repeat(70000) }))).status,
          413,
          "oversized",
        );
        const pre = await fetch(url, {
          method: "OPTIONS",
          headers: { origin: "https://shop.example", "access-control-request-method": "POST" },
        });
        same([pre.status, pre.headers.get("access-control-allow-origin")], [204, "https://shop.example"], "preflight");
        same(mock.seen.length, before, "nothing more reached the upstream");
      } finally {
        await mf.dispose();
        await mock.close();
      }
    },
  },
  {
    name: "examples/worker.js (the README's Workers example) sends through Bird to a mock of Bird's API",
    skip: existsSync(new URL("../../dist/providers/bird.js", import.meta.url))
      ? undefined
      : "the bird provider is not in this build",
    async run() {
      const mock = await mockUpstream(() => ({ status: 202, body: { id: "9f4b1b1e-bird", status: "accepted" } }));
      const script = await bundleWorker(
        readFileSync(new URL("../../examples/worker.js", import.meta.url), "utf8"),
        "examples/worker.js",
      );
      const { mf, url } = await worker(script, {
        BIRD_ACCESS_KEY: "ak_example",
        BIRD_WORKSPACE_ID: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90",
        BIRD_CHANNEL_ID: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f",
        BIRD_BASE_URL: mock.url,
        PROXY_TOKEN: "example-token",
        SITE_ORIGIN: "https://shop.example",
      });
      try {
        const wa = whatsapp({ provider: proxy({ url, headers: { authorization: "Bearer example-token" } }) });
        const res = await wa.text("Order #1042 shipped").to("+31612345678");
        same([res.provider, res.id], ["bird", "9f4b1b1e-bird"], "send result");
        same(mock.seen.length, 1, "requests to Bird");
        same(
          mock.seen[0].url,
          "/workspaces/4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90/channels/9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f/messages",
          "Bird path",
        );
        same(mock.seen[0].headers.authorization, "AccessKey ak_example", "Bird auth");
        check(
          mock.seen[0].body.includes("+31612345678") && mock.seen[0].body.includes("Order #1042 shipped"),
          `Bird body: ${mock.seen[0].body}`,
        );
      } finally {
        await mf.dispose();
        await mock.close();
      }
    },
  },
  {
    name: "compiles for Bik (Basic auth of a UTF-8 secret with btoa) and Zixflow inside workerd",
    worker: `import { message, bik, zixflow } from "./wafluent.min.js";
      export default { async fetch() {
        const out = message.text("hi").to("+919900990090");
        const b = out.compile(bik({ key: "clé", secret: "sécret✓" }));
        const z = message.template("t", { language: "en", params: ["Ada"] }).to("+13023895111").compile(zixflow({ apiKey: "k", phoneId: "1" }));
        return Response.json({ auth: b.headers.authorization, url: z.url, variables: z.body.variables });
      } };`,
    expect: {
      auth: "Basic Y2zDqTpzw6ljcmV04pyT",
      url: "https://api.zixflow.com/api/v1/campaign/whatsapp/send",
      variables: { body_1: "Ada" },
    },
  },
  {
    name: "360dialog inside workerd: compiles, sends (200 and a 401 with the key redacted), verifies a shared secret and parses",
    worker: `import { message, whatsapp, dialog360, verifyWebhook, parseWebhook } from "./wafluent.min.js";
      const KEY = "d360-Kx7pQ2mV9sL4tR8w", SECRET = "d360-hook-Yx9w2Lq";
      const flip = (s, i) => s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ 1) + s.slice(i + 1);
      const hook = { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { messaging_product: "whatsapp",
        contacts: [{ profile: { name: "Ada" }, wa_id: "31612345678" }],
        messages: [{ from: "31612345678", id: "wamid.IN1", timestamp: "1733560000", type: "text", text: { body: "hi" } }] } }] }] };
      const verify = (secret) => verifyWebhook(new Request("https://hooks.example.com/wa", { method: "POST", body: JSON.stringify(hook),
        headers: secret === undefined ? {} : { "x-webhook-secret": secret } }), { provider: "dialog360", secret: SECRET });
      export default { async fetch() { try { return await run(); } catch (e) { return Response.json({ thrown: String(e), stack: e.stack }); } } };
      async function run() {
        const req = message.text("hi").to("+31612345678").compile(dialog360({ apiKey: KEY }));
        const seen = [];
        const ok = whatsapp({ provider: dialog360({ apiKey: KEY }), retry: 0, fetch: async (input, init) => {
          const r = new Request(input, init);
          seen.push([r.url, r.headers.get("d360-api-key")]);
          return Response.json({ messaging_product: "whatsapp", messages: [{ id: "wamid.OUT1" }] });
        } });
        const sent = await ok.text("hi").to("+31612345678");
        const bad = whatsapp({ provider: dialog360({ apiKey: KEY }), retry: 0,
          fetch: async () => Response.json({ error: "Invalid api key " + KEY }, { status: 401 }) });
        const e = await bad.text("hi").to("+31612345678").then(() => undefined, (x) => x);
        const [event] = parseWebhook(hook, { provider: "dialog360" });
        return Response.json({
          url: req.url, key: req.headers["d360-api-key"], to: req.body.to, text: req.body.text,
          sent: [sent.provider, sent.id], seen,
          error: [e.code, e.status, e.retryable, JSON.stringify(e).includes(KEY) || e.message.includes(KEY)],
          verified: [await verify(SECRET), await verify(flip(SECRET, SECRET.length - 1)), await verify(flip(SECRET, 8)), await verify(undefined)],
          event: [event.type, event.provider, event.id, event.from, event.message.body],
        });
      }`,
    expect: {
      url: "https://waba-v2.360dialog.io/messages",
      key: "d360-Kx7pQ2mV9sL4tR8w",
      to: "+31612345678",
      text: { body: "hi" },
      sent: ["dialog360", "wamid.OUT1"],
      seen: [["https://waba-v2.360dialog.io/messages", "d360-Kx7pQ2mV9sL4tR8w"]],
      error: ["AUTH", 401, false, false],
      verified: [true, false, false, false],
      event: ["message", "dialog360", "wamid.IN1", "+31612345678", "hi"],
    },
  },
  {
    // Twilio's published signature example (twilio.com/docs/usage/webhooks/webhooks-security).
    name: "compiles a Twilio form request and verifies Twilio's published signature example (HMAC-SHA1) inside workerd",
    worker: `import { message, twilio, verifyWebhook } from "./wafluent.min.js";
      export default { async fetch() {
        const r = message.text("hi").to("+31612345678").compile(twilio({ accountSid: "AC0123456789abcdef0123456789abcdef", authToken: "t", from: "+14155238886" }));
        const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        const body = new URLSearchParams({ CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" }).toString();
        const req = (sig) => new Request(url, { method: "POST", headers: { "x-twilio-signature": sig }, body });
        const good = await verifyWebhook(req("0/KCTR6DLpKmkAf8muzZqo1nDgQ="), { provider: "twilio", secret: "12345" });
        const lastByte = await verifyWebhook(req("0/KCTR6DLpKmkAf8muzZqo1nDgA="), { provider: "twilio", secret: "12345" });
        return Response.json({ url: r.url, encoding: r.encoding, body: r.body, good, lastByte });
      } };`,
    expect: {
      url: "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json",
      encoding: "form",
      body: { To: "whatsapp:+31612345678", From: "whatsapp:+14155238886", Body: "hi" },
      good: true,
      lastByte: false,
    },
  },
  {
    name: "compiles for Infobip (App key, per-kind endpoint, template array) and verifies and parses its webhooks inside workerd",
    worker: `import { message, infobip, verifyWebhook, parseWebhook } from "./wafluent.min.js";
      export default { async fetch() {
        const ib = infobip({ baseUrl: "https://xyz12.api.infobip.com", apiKey: "ib-key", from: "+441134960000" });
        const text = message.text("hi").ref({ o: 1 }).to("+31612345678").compile(ib);
        const t = message.template("t", { language: "en", params: ["Ada"] }).to("+31612345678").compile(ib);
        const body = JSON.stringify({ results: [
          { from: "385919998888", to: "1234", integrationType: "WHATSAPP", receivedAt: "2019-07-19T11:23:26.998+0000",
            messageId: "ABEG1", message: { type: "TEXT", text: "Support hello" }, contact: { name: "Frank" } },
          { messageId: "m-1", to: "41793026731", doneAt: "2019-04-09T16:01:56.494-0300", callbackData: '{"o":1}',
            status: { groupId: 3, groupName: "DELIVERED", id: 5, name: "DELIVERED_TO_HANDSET" } } ] });
        const post = (secret) => new Request("https://hooks.example.com/ib", { method: "POST", headers: { "x-webhook-secret": secret }, body });
        const ok = await verifyWebhook(post("s3cret"), { provider: "infobip", secret: "s3cret" });
        const bad = await verifyWebhook(post("s3creT"), { provider: "infobip", secret: "s3cret" });
        const events = parseWebhook(JSON.parse(body), { provider: "infobip" });
        return Response.json({
          auth: text.headers.authorization, url: text.url, body: text.body, templateUrl: t.url, template: t.body.messages[0].content,
          ok, bad, events: events.map((e) => [e.type, e.timestamp, e.type === "status" ? e.ref : e.from]),
        });
      } };`,
    expect: {
      auth: "App ib-key",
      url: "https://xyz12.api.infobip.com/whatsapp/1/message/text",
      body: { from: "441134960000", to: "31612345678", content: { text: "hi" }, callbackData: '{"o":1}' },
      templateUrl: "https://xyz12.api.infobip.com/whatsapp/1/message/template",
      template: { templateName: "t", templateData: { body: { placeholders: ["Ada"] } }, language: "en" },
      ok: true,
      bad: false,
      events: [
        ["message", "2019-07-19T11:23:26.998Z", "+385919998888"],
        ["status", "2019-04-09T19:01:56.494Z", { o: 1 }],
      ],
    },
  },
  {
    name: "verifies Bird and Meta webhook signatures with workerd's WebCrypto, and the handler dispatches",
    worker: `import { verifyWebhook, createWebhookHandler } from "./wafluent.min.js";
      const enc = new TextEncoder();
      const hmac = async (secret, data) => new Uint8Array(await crypto.subtle.sign("HMAC",
        await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]), data));
      const b64 = (b) => btoa(String.fromCharCode(...b));
      const hex = (b) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
      const url = "https://hooks.example.com/bird";
      async function birdSig(body, ts, key) {
        const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(body)));
        const head = enc.encode(ts + "\\n" + url + "\\n");
        const msg = new Uint8Array(head.length + hash.length); msg.set(head); msg.set(hash, head.length);
        return b64(await hmac(key, msg));
      }
      const bird = (body, h) => verifyWebhook(new Request(url, { method: "POST", body, headers: h }), { provider: "bird", secret: "k" });
      const meta = (body, sig) => verifyWebhook(new Request("https://h.example.com/m", { method: "POST", body, headers: sig ? { "x-hub-signature-256": sig } : {} }), { provider: "cloudApi", secret: "app" });
      export default { async fetch() {
        const body = JSON.stringify({ service: "channels", event: "whatsapp.inbound", payload: { id: "b1", sender: { contact: { identifierValue: "+31612345678" } }, body: { type: "text", text: { text: "hi" } }, createdAt: "2025-01-01T00:00:00Z" } });
        const ts = String(Math.floor(Date.now() / 1000));
        const good = await birdSig(body, ts, "k");
        const metaBody = JSON.stringify({ entry: [{ changes: [{ field: "messages", value: { messages: [
          { from: "31612345678", id: "w1", timestamp: "1700000000", type: "text", text: { body: "a" } },
          { from: "31612345678", id: "w2", timestamp: "1700000001", type: "text", text: { body: "b" } },
          { from: "31612345678", id: "w3", timestamp: "1700000002", type: "text", text: { body: "c" } }] } }] }] });
        const metaSig = "sha256=" + hex(await hmac("app", enc.encode(metaBody)));
        const got = [];
        const handler = createWebhookHandler({ provider: "cloudApi", secret: "app", onMessage: (e) => { if (e.id === "w2") throw new Error("x"); got.push(e.id); }, onError: () => {} });
        const handled = await handler(new Request("https://h.example.com/m", { method: "POST", body: metaBody, headers: { "x-hub-signature-256": metaSig } }));
        const refused = await handler(new Request("https://h.example.com/m", { method: "POST", body: metaBody, headers: { "x-hub-signature-256": "sha256=" + "0".repeat(64) } }));
        return Response.json({
          birdValid: await bird(body, { "messagebird-signature": good, "messagebird-request-timestamp": ts }),
          birdForged: await bird(body, { "messagebird-signature": await birdSig(body, ts, "other"), "messagebird-request-timestamp": ts }),
          birdTampered: await bird(body + " ", { "messagebird-signature": good, "messagebird-request-timestamp": ts }),
          birdStale: await bird(body, { "messagebird-signature": await birdSig(body, String(Number(ts) - 3600), "k"), "messagebird-request-timestamp": String(Number(ts) - 3600) }),
          birdMissing: await bird(body, { "messagebird-request-timestamp": ts }),
          birdWrongLength: await bird(body, { "messagebird-signature": good.slice(0, 20), "messagebird-request-timestamp": ts }),
          metaValid: await meta(metaBody, metaSig),
          metaForged: await meta(metaBody, "sha256=" + hex(await hmac("not-app", enc.encode(metaBody)))),
          metaTampered: await meta(metaBody.replace('"a"', '"z"'), metaSig),
          metaMissing: await meta(metaBody),
          metaWrongLength: await meta(metaBody, metaSig.slice(0, -2)),
          handled: handled.status, delivered: got, refused: refused.status,
        });
      } };`,
    expect: {
      birdValid: true,
      birdForged: false,
      birdTampered: false,
      birdStale: false,
      birdMissing: false,
      birdWrongLength: false,
      metaValid: true,
      metaForged: false,
      metaTampered: false,
      metaMissing: false,
      metaWrongLength: false,
      handled: 200,
      delivered: ["w1", "w3"],
      refused: 401,
    },
  },
  {
    name: "compiles and sends a Bird message, and asks for its service window, inside workerd",
    worker: `import { whatsapp, bird } from "./wafluent.min.js";
      export default { async fetch() {
        const seen = [];
        const fetch = async (input, init) => {
          const req = new Request(input, init);
          seen.push({ method: req.method, url: req.url, auth: req.headers.get("authorization"), body: req.method === "POST" ? await req.json() : null });
          const body = req.method === "POST" ? { id: "m-1", status: "accepted" } : { serviceWindowExpireAt: null };
          return Response.json(body, { status: req.method === "POST" ? 202 : 200 });
        };
        const provider = bird({ accessKey: "K", workspaceId: "4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90", channelId: "9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f" });
        const res = await whatsapp({ provider, fetch }).text("Where are you?").locationRequest().to("+31612345678");
        const window = await provider.serviceWindow("+31612345678", { fetch, contactId: "c0ffee00-0000-4000-8000-000000000001" });
        return Response.json({ id: res.id, status: res.status, window, seen });
      } };`,
    expect: {
      id: "m-1",
      status: "accepted",
      window: { open: false, expiresAt: null },
      seen: [
        {
          method: "POST",
          url: "https://api.bird.com/workspaces/4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90/channels/9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f/messages",
          auth: "AccessKey K",
          body: {
            receiver: { contacts: [{ identifierKey: "phonenumber", identifierValue: "+31612345678" }] },
            body: { type: "text", text: { text: "Where are you?", actions: [{ type: "locationRequest" }] } },
          },
        },
        {
          method: "GET",
          url: "https://api.bird.com/workspaces/4e3a9a0e-5a1b-4a58-9d3c-1f6c2b7d8e90/channels/9b1f3c2d-6e7a-4b8c-8d9e-0a1b2c3d4e5f/contacts/c0ffee00-0000-4000-8000-000000000001?contactIdentifierValue=%2B31612345678",
          auth: "AccessKey K",
          body: null,
        },
      ],
    },
  },
  {
    name: "overflow truncate and the buttons-to-list fallback inside workerd",
    worker: `import { whatsapp, sandbox, fitMessage } from "./wafluent.min.js";
      export default { async fetch() {
        const wa = whatsapp({ provider: sandbox(), overflow: "truncate" });
        const cut = wa.text("b").buttons([{ id: "a", title: "x".repeat(17) + "👨‍👩‍👧" + "yz" }]).to("+31612345678");
        const list = wa.text("b").buttons(["A", "B", "C", "D"], { fallback: "list" }).to("+31612345678");
        const again = fitMessage(cut.message, { overflow: "truncate" });
        return Response.json({ segmenter: typeof Intl.Segmenter, title: cut.message.buttons[0].title, warning: cut.warnings[0].path,
          type: list.message.type, rows: list.message.sections[0].rows.length, again: again.ok && again.warnings.length });
      } };`,
    expect: {
      segmenter: "function",
      title: "xxxxxxxxxxxxxxxxx…",
      warning: "buttons[0].title",
      type: "list",
      rows: 4,
      again: 0,
    },
  },
];

let passed = 0,
  failed = 0;
for (const c of cases) {
  if (c.skip) {
    console.log(`- skipped: ${c.name} (${c.skip})`);
    continue;
  }
  try {
    await (c.worker ? runBundleCase(c) : c.run());
    passed++;
    console.log(`✔ ${c.name}`);
  } catch (e) {
    failed++;
    console.log(`✖ ${c.name}\n  ${e?.stack ?? e}`);
  }
}
// Cloudflare Queues: the example worker with miniflare's local Queues and KV (test/workerd/queue.mjs).
for (const c of await (await import("./queue.mjs")).run()) {
  if (c.pass) {
    passed++;
    console.log(`✔ ${c.name}`);
  } else {
    failed++;
    console.log(`✖ ${c.name}\n  ${JSON.stringify(c.detail)}`);
  }
}
// Issue 15 (items 13, 14): NaN settings and once-accepted-never-resent, in local Queues (test/workerd/queue-hardening.mjs),
// and the hardened proxy and webhook handlers (test/workerd/hardening.mjs).
for (const c of [
  ...(await (await import("./queue-hardening.mjs")).run()),
  ...(await (await import("./hardening.mjs")).run()),
  // Issue 23: webhook proof comes from the request, never from the url option (test/workerd/webhook-auth.mjs).
  ...(await (await import("./webhook-auth.mjs")).run()),
  // Issue 23, item 13: misspelt settings of the handlers and the consumer (test/workerd/unknown-settings.mjs).
  ...(await (await import("./unknown-settings.mjs")).run()),
  // Issue 23, item 1: a key is sent at most once (test/workerd/queue-claims.mjs).
  ...(await (await import("./queue-claims.mjs")).run()),
  // Issue 27, parts 3–5: markRead/typing, download and several numbers (test/workerd/conversation.mjs).
  ...(await (await import("./conversation.mjs")).run()),
  // Issue 27: media from bytes, uploaded in workerd and through its proxy handler (test/workerd/media.mjs).
  ...(await (await import("./media.mjs")).run()),
]) {
  if (c.pass) {
    passed++;
    console.log(`✔ ${c.name}`);
  } else {
    failed++;
    console.log(`✖ ${c.name}\n  ${JSON.stringify(c.detail)}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
