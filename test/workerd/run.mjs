// Runs worker tests in workerd (Cloudflare's runtime) through miniflare. Each case is a worker
// module that imports the CDN bundle and answers JSON; prints "N passed, N failed".
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";

const bundle = readFileSync(new URL("../../dist/cdn/wafluent.min.js", import.meta.url), "utf8");
const cases = [
  {
    name: "builds, validates and sends on the sandbox inside workerd",
    worker: `import { whatsapp, sandbox, message, isValidationError } from "./wafluent.min.js";
      export default { async fetch() {
        const box = sandbox();
        const res = await whatsapp({ provider: box }).text("Order shipped").buttons(["Track", "Help"]).to("+31612345678");
        let invalid; try { message.text("b").buttons(["x".repeat(21)]).to("+31612345678"); } catch (e) { invalid = isValidationError(e) && e.issues[0].path; }
        return Response.json({ provider: res.provider, sent: box.sent.length, type: box.sent[0].type, invalid });
      } };`,
    expect: { provider: "sandbox", sent: 1, type: "buttons", invalid: "buttons[0].title" },
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
    expect: { auth: "Basic Y2zDqTpzw6ljcmV04pyT", url: "https://api.zixflow.com/api/v1/campaign/whatsapp/send", variables: { body_1: "Ada" } },
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
      birdValid: true, birdForged: false, birdTampered: false, birdStale: false, birdMissing: false, birdWrongLength: false,
      metaValid: true, metaForged: false, metaTampered: false, metaMissing: false, metaWrongLength: false,
      handled: 200, delivered: ["w1", "w3"], refused: 401,
    },
  },
];

let passed = 0, failed = 0;
for (const c of cases) {
  const mf = new Miniflare({
    modules: [
      { type: "ESModule", path: "worker.mjs", contents: c.worker },
      { type: "ESModule", path: "wafluent.min.js", contents: bundle },
    ],
    compatibilityDate: "2026-01-01",
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/");
    const got = await res.json();
    if (JSON.stringify(got) === JSON.stringify(c.expect)) { passed++; console.log(`✔ ${c.name}`); }
    else { failed++; console.log(`✖ ${c.name}\n  expected ${JSON.stringify(c.expect)}\n  got      ${JSON.stringify(got)}`); }
  } catch (e) {
    failed++; console.log(`✖ ${c.name}: ${e?.stack ?? e}`);
  } finally {
    await mf.dispose();
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
