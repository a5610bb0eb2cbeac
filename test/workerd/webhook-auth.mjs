// workerd cases for webhook authentication (issue 23): a worker (with the CDN bundle as its
// wafluent) serves createWebhookHandler with the `url` option set, as behind a rewriting proxy,
// for each kind of verifier (a query secret, a header secret, Basic auth, Meta's and Bird's
// signatures). Forged requests, and credentials that differ from the right one only in their
// last byte, are refused with 401 and reach no callback; the genuine request is delivered.
import { createHash, createHmac } from "node:crypto";
import { caseList, startWorker } from "./worker-harness.mjs";

const PUBLIC = "https://hooks.example.com/wa";
const SHARED = "s3cret-token-0123456789";
const BASIC = "bik-user:pa55-word-0123";
const META_SECRET = "meta-app-secret";
const BIRD_KEY = "bird-signing-key";
const TWILIO_TOKEN = "twilio-auth-token-0123";

const WORKER = `
import { createWebhookHandler, verifyWebhook } from "./wafluent.min.js";
const seen = [];
const record = (e) => void seen.push(e.provider + ":" + e.type + ":" + (e.id ?? ""));
const on = { onMessage: record, onStatus: record, onIdentity: record, onUnknown: record };
// "url" names where the provider called; a careless one even carries the secret.
const handlers = {
  "/zixflow-query": createWebhookHandler({ provider: "zixflow", secret: ${JSON.stringify(SHARED)}, auth: "query", url: ${JSON.stringify(`${PUBLIC}?token=${SHARED}`)}, ...on }),
  "/kaleyra-header": createWebhookHandler({ provider: "kaleyra", secret: ${JSON.stringify(SHARED)}, url: ${JSON.stringify(`${PUBLIC}?x-webhook-secret=${SHARED}`)}, ...on }),
  "/bik-basic": createWebhookHandler({ provider: "bik", secret: ${JSON.stringify(BASIC)}, url: ${JSON.stringify(`https://${BASIC}@hooks.example.com/wa`)}, ...on }),
  "/cloud": createWebhookHandler({ provider: "cloudApi", secret: ${JSON.stringify(META_SECRET)}, url: ${JSON.stringify(PUBLIC)}, ...on }),
  "/bird": createWebhookHandler({ provider: "bird", secret: ${JSON.stringify(BIRD_KEY)}, url: ${JSON.stringify(PUBLIC)}, ...on }),
  "/twilio": createWebhookHandler({ provider: "twilio", secret: ${JSON.stringify(TWILIO_TOKEN)}, url: ${JSON.stringify(`${PUBLIC}?site=1`)}, ...on }),
};
export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/seen") return Response.json(seen.splice(0));
    if (pathname === "/verify-query")
      return Response.json(await verifyWebhook(request, { provider: "zixflow", secret: ${JSON.stringify(SHARED)}, auth: "query", url: ${JSON.stringify(`${PUBLIC}?token=${SHARED}`)} }));
    return handlers[pathname](request);
  },
};`;

const metaBody = JSON.stringify({
  object: "whatsapp_business_account",
  entry: [
    {
      changes: [
        {
          field: "messages",
          value: {
            messages: [
              { from: "16505551234", id: "wamid.W1", timestamp: "1749416383", type: "text", text: { body: "hi" } },
            ],
          },
        },
      ],
    },
  ],
});
const zixflowBody = JSON.stringify({
  event: "incoming.whatsapp.message",
  timestamp: 1731312000000,
  messageId: "wamid.ZIX1",
  sender: { name: "Meera", number: "919812345678" },
  message: { type: "text", text: { body: "Hi" } },
});
const bikBody = JSON.stringify([
  {
    eventName: "incoming-message",
    eventInfo: { messageId: "wamid.BIK1", createdAt: 1731312000000, message: "Hi", assetValue: "919812345678" },
    customerDetails: { name: "Ravi", phoneNumber: "+919812345678" },
  },
]);
const birdBody = JSON.stringify({
  service: "channels",
  event: "whatsapp.inbound",
  payload: {
    id: "404544c5-9920-45f1-8990-0855634ab7ac",
    sender: { contact: { identifierKey: "phonenumber", identifierValue: "+3511111111" } },
    body: { type: "text", text: { text: "Test" } },
    createdAt: "2023-12-13T19:34:01.858Z",
  },
});

// Twilio posts a form (twilio.com/docs/messaging/guides/webhook-request).
const twilioBody = new URLSearchParams({
  MessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
  From: "whatsapp:+14017122661",
  To: "whatsapp:+14155238886",
  Body: "Hi",
  NumMedia: "0",
}).toString();
/** Twilio's signature: base64 HMAC-SHA1 over the URL and the parameters sorted by name (name + value). */
function twilioSig(body, url = `${PUBLIC}?site=1`, token = TWILIO_TOKEN) {
  const params = [...new URLSearchParams(body)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac("sha1", token)
    .update(url + params.map(([k, v]) => k + v).join(""))
    .digest();
}

/** `text` with its last character changed by one bit: the same length, only the last byte differs. */
const lastByte = (text) => text.slice(0, -1) + String.fromCharCode(text.charCodeAt(text.length - 1) ^ 1);
const metaSig = (body, secret = META_SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
/** Bird's signature of `body` at `stamp` for `url`, as raw bytes. */
function birdSig(body, stamp, url = PUBLIC) {
  const hash = createHash("sha256").update(body).digest();
  return createHmac("sha256", BIRD_KEY)
    .update(Buffer.concat([Buffer.from(`${stamp}\n${url}\n`), hash]))
    .digest();
}

export async function run() {
  const mf = startWorker(WORKER);
  const { cases, check, attempt } = caseList();
  const post = (path, body, headers = {}) =>
    mf.dispatchFetch(`http://localhost${path}`, { method: "POST", headers, body });
  const seen = async () => (await mf.dispatchFetch("http://localhost/seen")).json();
  /** Posts each forged request, then the genuine one: every forgery 401 and unseen, the genuine one 200 and seen. */
  async function forgedThenGenuine(name, forged, genuine) {
    await attempt(name, async () => {
      const refused = [];
      for (const [path, body, headers] of forged) {
        const res = await post(path, body, headers);
        refused.push([res.status, await res.text()]);
      }
      const afterForged = await seen();
      const ok = await post(...genuine);
      const afterGenuine = await seen();
      check(
        name,
        refused.every(([s, t]) => s === 401 && t === "signature or secret missing, invalid or stale") &&
          afterForged.length === 0 &&
          ok.status === 200 &&
          afterGenuine.length === 1,
        { refused, afterForged, genuine: ok.status, afterGenuine },
      );
    });
  }

  try {
    await mf.ready;
    const q = encodeURIComponent;

    await forgedThenGenuine(
      'webhooks (workerd): auth "query" with url carrying the token: a request without it, or one byte off, is 401',
      [
        ["/zixflow-query", zixflowBody],
        ["/zixflow-query?token=", zixflowBody],
        [`/zixflow-query?token=${q(lastByte(SHARED))}`, zixflowBody],
        [`/zixflow-query?token=${q(SHARED.slice(0, -1))}`, zixflowBody],
        [`/zixflow-query?other=${q(SHARED)}`, zixflowBody],
      ],
      [`/zixflow-query?token=${q(SHARED)}`, zixflowBody],
    );

    await attempt(
      'webhooks (workerd): verifyWebhook with auth "query" and url carrying the token is false without it',
      async () => {
        const got = await Promise.all(
          ["/verify-query", `/verify-query?token=${q(lastByte(SHARED))}`, `/verify-query?token=${q(SHARED)}`].map(
            async (path) => (await post(path, zixflowBody)).json(),
          ),
        );
        check(
          'webhooks (workerd): verifyWebhook with auth "query" and url carrying the token is false without it',
          JSON.stringify(got) === "[false,false,true]",
          got,
        );
      },
    );

    await forgedThenGenuine(
      "webhooks (workerd): a header secret with url set: missing, last byte off, shorter → 401",
      [
        ["/kaleyra-header", metaBody],
        ["/kaleyra-header", metaBody, { "x-webhook-secret": lastByte(SHARED) }],
        ["/kaleyra-header", metaBody, { "x-webhook-secret": `${SHARED}x` }],
        [`/kaleyra-header?x-webhook-secret=${q(SHARED)}`, metaBody],
      ],
      ["/kaleyra-header", metaBody, { "x-webhook-secret": SHARED }],
    );

    await forgedThenGenuine(
      "webhooks (workerd): Basic auth with url carrying user:password: missing or last byte off → 401",
      [
        ["/bik-basic", bikBody],
        ["/bik-basic", bikBody, { authorization: `Basic ${btoa(lastByte(BASIC))}` }],
        ["/bik-basic", bikBody, { authorization: `Basic ${btoa(BASIC.slice(1))}` }],
      ],
      ["/bik-basic", bikBody, { authorization: `Basic ${btoa(BASIC)}` }],
    );

    await forgedThenGenuine(
      "webhooks (workerd): Meta's signature with url set: missing, another secret, last byte off → 401",
      [
        ["/cloud", metaBody],
        ["/cloud", metaBody, { "x-hub-signature-256": metaSig(metaBody, "another-secret") }],
        ["/cloud", metaBody, { "x-hub-signature-256": lastByte(metaSig(metaBody)) }],
        [`/cloud?x-hub-signature-256=${q(metaSig(metaBody))}`, metaBody],
      ],
      ["/cloud", metaBody, { "x-hub-signature-256": metaSig(metaBody) }],
    );

    const stamp = String(Math.floor(Date.now() / 1000));
    const right = birdSig(birdBody, stamp);
    const lastOff = Buffer.from(right);
    lastOff[lastOff.length - 1] ^= 1;
    const bird = (sig) => ({ "messagebird-request-timestamp": stamp, "messagebird-signature": sig.toString("base64") });
    await forgedThenGenuine(
      "webhooks (workerd): Bird's signature over url: the internal URL's signature, last byte off → 401",
      [
        ["/bird", birdBody, { "messagebird-request-timestamp": stamp }],
        ["/bird", birdBody, bird(birdSig(birdBody, stamp, "http://localhost/bird"))],
        ["/bird", birdBody, bird(lastOff)],
      ],
      ["/bird", birdBody, bird(right)],
    );

    const twilioRight = twilioSig(twilioBody);
    const twilioOff = (i) => {
      const sig = Buffer.from(twilioRight);
      sig[i] ^= 1;
      return { "x-twilio-signature": sig.toString("base64") };
    };
    await forgedThenGenuine(
      "webhooks (workerd): Twilio's signature over url and the sorted form: the internal URL's, last or middle byte off, another token → 401",
      [
        ["/twilio", twilioBody],
        [
          "/twilio",
          twilioBody,
          { "x-twilio-signature": twilioSig(twilioBody, "http://localhost/twilio").toString("base64") },
        ],
        ["/twilio", twilioBody, twilioOff(19)],
        ["/twilio", twilioBody, twilioOff(10)],
        [
          "/twilio",
          twilioBody,
          { "x-twilio-signature": twilioSig(twilioBody, undefined, "another").toString("base64") },
        ],
        ["/twilio", `${twilioBody}&Extra=1`, { "x-twilio-signature": twilioRight.toString("base64") }],
      ],
      ["/twilio", twilioBody, { "x-twilio-signature": twilioRight.toString("base64") }],
    );
  } finally {
    await mf.dispose();
  }
  return cases;
}
