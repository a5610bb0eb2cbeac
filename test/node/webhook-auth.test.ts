// Webhook authentication, for every provider's verifier and every shared-secret mode (header,
// Basic auth, query parameter):
// - proof comes from the request only: with the `url` option set (a rewriting proxy), a forged
//   request is refused by verifyWebhook and by createWebhookHandler (401, no callback), even when
//   `url` itself carries the secret;
// - a credential that differs from the right one in its last byte only, in one middle byte only,
//   in its first byte, or in its length is refused: a comparison that stopped after the first
//   byte, or at the shorter length, fails these cases.
// formKit (test/node/form-kit.ts), a provider defined with the public kit's defineWebhooks, runs
// through the same checks as the built-ins: its HMAC-SHA1 form signature and a shared secret.
import { createHash } from "node:crypto";
import { describe, it, equal, deepEqual } from "../harness.ts";
import { createWebhookHandler, verifyWebhook, type VerifyOptions, type WebhookEvent } from "../../src/index.ts";
import type { WebhookDefinition } from "../../src/providers/_kit/index.ts";
import { formKitSharedWebhooks, formKitSignature, formKitWebhooks } from "./form-kit.ts";
import * as fx from "../fixtures/webhooks.ts";
import * as d360 from "../fixtures/360dialog.ts";
import * as ib from "../fixtures/infobip.ts";

const enc = new TextEncoder();
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
async function hmac(secret: string, data: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, data as BufferSource));
}
const join = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** Where the provider calls (what it signs); the app behind the proxy sees INTERNAL. */
const PUBLIC = "https://hooks.example.com/wa";
const INTERNAL = "http://127.0.0.1:8787/wa";
const SHARED = "s3cret-Shared-Token-0123456789";
const BASIC = "bik-user:pa55-word-0123456789";

/**
 * One way a request proves itself. `credential` is the right credential as bytes (a signature or
 * the shared secret); `request(url, bytes)` builds a request to `url` carrying `bytes` in its
 * place (`undefined`: no credential at all).
 */
interface Scheme {
  name: string;
  options: VerifyOptions<string>;
  body: string;
  credential: () => Promise<Uint8Array>;
  request: (url: string, bytes: Uint8Array | undefined) => Request;
  /** A `url` option that carries the right credential, as a proxy's URL might. */
  leakyUrl: string;
  /** Shared secrets: the same scheme with another secret. */
  withSecret?: (secret: string) => Scheme;
}

const post = (url: string, body: string, headers: Record<string, string>) =>
  new Request(url, { method: "POST", body, headers });

const metaBody = JSON.stringify(fx.metaMessages);
const birdBody = JSON.stringify(fx.birdInboundText);
const BIK_BODY = JSON.stringify(fx.bikEvents);
const D360_BODY = JSON.stringify(d360.inboundText);
const FORMKIT_FIELDS = { MessageSid: "SM1", From: "+31612345678", Timestamp: "1733570000", Body: "Hi" };
const FORMKIT_BODY = new URLSearchParams(FORMKIT_FIELDS).toString();
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** A shared secret in a header, in Basic auth, or in a query parameter of the request's URL. */
function shared(
  provider: "kaleyra" | "bik" | "zixflow" | "dialog360" | "infobip" | WebhookDefinition<"formKit">,
  auth: "header" | "basic" | "query",
  body: string,
  name?: string,
  secret = auth === "basic" ? BASIC : SHARED,
): Scheme {
  const param = name ?? (auth === "query" ? "token" : "x-webhook-secret");
  return {
    name: `${typeof provider === "string" ? provider : provider.name} auth "${auth}"${name ? ` (name "${name}")` : ""}`,
    options: { provider, secret, auth, ...(name ? { name } : {}) },
    body,
    credential: async () => enc.encode(secret),
    withSecret: (other) => shared(provider, auth, body, name, other),
    request: (url, bytes) => {
      const text = bytes === undefined ? undefined : new TextDecoder().decode(bytes);
      if (auth === "basic")
        return post(url, body, text === undefined ? {} : { authorization: `Basic ${b64(enc.encode(text))}` });
      if (auth === "header") return post(url, body, text === undefined ? {} : { [param]: text });
      const u = new URL(url);
      if (text !== undefined) u.searchParams.set(param, text);
      return post(String(u), body, {});
    },
    leakyUrl:
      auth === "basic"
        ? `https://${BASIC}@hooks.example.com/wa?token=${encodeURIComponent(BASIC)}`
        : `${PUBLIC}?${param}=${encodeURIComponent(SHARED)}&token=${encodeURIComponent(SHARED)}`,
  };
}

/** Bird's signed timestamp: now, so within the default tolerance. */
const STAMP = Math.floor(Date.now() / 1000);

const SCHEMES: Scheme[] = [
  {
    name: "cloudApi x-hub-signature-256",
    options: { provider: "cloudApi", secret: "meta-app-secret" },
    body: metaBody,
    credential: () => hmac("meta-app-secret", enc.encode(metaBody)),
    request: (url, bytes) => post(url, metaBody, bytes ? { "x-hub-signature-256": `sha256=${hex(bytes)}` } : {}),
    leakyUrl: `${PUBLIC}?x-hub-signature-256=${encodeURIComponent("meta-app-secret")}`,
  },
  {
    name: "bird messagebird-signature",
    options: { provider: "bird", secret: "bird-signing-key" },
    body: birdBody,
    // Bird signs the URL it called: PUBLIC, which `url` names when the request arrives at INTERNAL.
    credential: async () => {
      const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(birdBody)));
      return hmac("bird-signing-key", join(enc.encode(`${STAMP}\n${PUBLIC}\n`), hash));
    },
    request: (url, bytes) =>
      post(url, birdBody, {
        "messagebird-request-timestamp": String(STAMP),
        ...(bytes ? { "messagebird-signature": b64(bytes) } : {}),
      }),
    leakyUrl: `${PUBLIC}?signingKey=bird-signing-key`,
  },
  shared("kaleyra", "header", metaBody),
  shared("kaleyra", "header", metaBody, "x-kaleyra-token"),
  shared("kaleyra", "basic", metaBody),
  shared("kaleyra", "query", metaBody),
  shared("kaleyra", "query", metaBody, "key"),
  shared("bik", "basic", BIK_BODY),
  shared("bik", "header", BIK_BODY),
  shared("bik", "query", BIK_BODY),
  shared("zixflow", "header", JSON.stringify(fx.zixflowText)),
  shared("zixflow", "basic", JSON.stringify(fx.zixflowText)),
  shared("zixflow", "query", JSON.stringify(fx.zixflowText)),
  shared("zixflow", "query", JSON.stringify(fx.zixflowText), "secret"),
  shared("dialog360", "header", D360_BODY),
  shared("dialog360", "basic", D360_BODY),
  shared("dialog360", "query", D360_BODY),
  shared("infobip", "header", JSON.stringify(ib.inboundText)),
  shared("infobip", "header", JSON.stringify(ib.inboundText), "authorization"),
  shared("infobip", "basic", JSON.stringify(ib.inboundText)),
  shared("infobip", "query", JSON.stringify(ib.inboundText)),
  {
    name: "formKit (defineWebhooks) x-formkit-signature",
    options: { provider: formKitWebhooks, secret: "formkit-secret" },
    body: FORMKIT_BODY,
    // formKit signs the URL it called, like Bird: PUBLIC, which `url` names when the request arrives at INTERNAL.
    credential: async () => unb64(await formKitSignature("formkit-secret", PUBLIC, FORMKIT_FIELDS)),
    request: (url, bytes) => post(url, FORMKIT_BODY, bytes ? { "x-formkit-signature": b64(bytes) } : {}),
    leakyUrl: `${PUBLIC}?x-formkit-signature=formkit-secret`,
  },
  shared(formKitSharedWebhooks, "basic", FORMKIT_BODY),
  shared(formKitSharedWebhooks, "header", FORMKIT_BODY),
  shared(formKitSharedWebhooks, "query", FORMKIT_BODY),
];

/** Whether a scheme's signature covers the URL called (Bird, formKit): then `url` names PUBLIC. */
const signsUrl = (s: Scheme) => s.options.provider === "bird" || s.options.provider === formKitWebhooks;
/** The URL the request arrives at, for a scheme: Bird's and formKit's signatures cover PUBLIC. */
const arrival = (s: Scheme) => (signsUrl(s) ? INTERNAL : PUBLIC);

/** A handler for `s` that records every event it dispatches. */
function recording(s: Scheme, extra: Partial<VerifyOptions> = {}) {
  const seen: WebhookEvent<string>[] = [];
  const handler = createWebhookHandler({
    ...s.options,
    ...extra,
    onMessage: (e) => void seen.push(e),
    onStatus: (e) => void seen.push(e),
    onIdentity: (e) => void seen.push(e),
    onUnknown: (e) => void seen.push(e),
  });
  return { handler, seen };
}

/** `bytes` with byte `i` changed by one bit. */
const flip = (bytes: Uint8Array, i: number) => {
  const out = bytes.slice();
  out[i] = out[i]! ^ 0x01;
  return out;
};

/** Ways to make a credential that is not the right one, each differing from it in one way. */
const MUTATIONS: [string, (right: Uint8Array) => Uint8Array][] = [
  ["only the last byte differs (same length)", (b) => flip(b, b.length - 1)],
  ["only one middle byte differs (same length)", (b) => flip(b, b.length >> 1)],
  ["only the first byte differs (same length)", (b) => flip(b, 0)],
  ["one byte short (a prefix)", (b) => b.slice(0, -1)],
  ["one byte longer (an extension)", (b) => join(b, b.slice(-1))],
  ["the first byte only", (b) => b.slice(0, 1)],
];

/** Credentials that are not the right one, each differing from it in one way. */
const nearMisses = (right: Uint8Array): [string, Uint8Array][] => MUTATIONS.map(([what, f]) => [what, f(right)]);

/**
 * A secret made from `base` and its near miss `mutate(secret)` whose SHA-256 digests start with
 * the same byte. Shared secrets (and Meta's verify token) are compared through their SHA-256, so
 * a near miss with another first digest byte would be refused even by a comparison that stopped
 * after one byte; this pair is refused only by a comparison of every byte.
 */
function hashTwin(base: string, mutate: (right: Uint8Array) => Uint8Array): [string, string] {
  const first = (b: Uint8Array) => createHash("sha256").update(b).digest()[0];
  for (let n = 0; ; n++) {
    const right = enc.encode(`${n}${base}`);
    const wrong = mutate(right);
    if (first(right) === first(wrong)) return [new TextDecoder().decode(right), new TextDecoder().decode(wrong)];
  }
}

describe("webhook authentication comes from the request, never from the url option", () => {
  for (const s of SCHEMES) {
    it(`${s.name}: the genuine request verifies with url set (the control case)`, async () => {
      const right = await s.credential();
      equal(await verifyWebhook(s.request(arrival(s), right), { ...s.options, url: PUBLIC }), true, "verifyWebhook");
      const { handler, seen } = recording(s, { url: PUBLIC });
      equal((await handler(s.request(arrival(s), right))).status, 200, "handler");
      equal(
        seen.some((e) => e.type === "message"),
        true,
        "a message was delivered",
      );
    });

    it(`${s.name}: a forged request is refused with url set, even a url carrying the secret`, async () => {
      const right = await s.credential();
      const wrong = flip(right, right.length - 1);
      for (const url of [PUBLIC, s.leakyUrl]) {
        for (const [what, bytes] of [
          ["no credential", undefined],
          ["a wrong credential", wrong],
        ] as const) {
          const label = `${what}, url ${url === PUBLIC ? "PUBLIC" : "carrying the secret"}`;
          equal(
            await verifyWebhook(s.request(arrival(s), bytes), { ...s.options, url }),
            false,
            `verifyWebhook: ${label}`,
          );
          const { handler, seen } = recording(s, { url });
          const answer = await handler(s.request(arrival(s), bytes));
          equal(answer.status, 401, `handler status: ${label}`);
          equal(await answer.text(), "signature or secret missing, invalid or stale", `handler answer: ${label}`);
          deepEqual(seen, [], `no callback: ${label}`);
        }
      }
    });
  }

  it('auth "query": the token is read from request.url, so a proxy that drops the query string is refused', async () => {
    const s = SCHEMES.find((x) => x.options.provider === "zixflow" && x.options.auth === "query")!;
    const url = `${PUBLIC}?token=${encodeURIComponent(SHARED)}`;
    // The request reached the app without its query string; `url` names where Zixflow called, token included.
    equal(await verifyWebhook(s.request(INTERNAL, undefined), { ...s.options, url }), false, "verifyWebhook");
    const { handler, seen } = recording(s, { url });
    equal((await handler(s.request(INTERNAL, undefined))).status, 401, "handler");
    deepEqual(seen, []);
    // The same token on the request's own URL verifies, whatever `url` says.
    const right = enc.encode(SHARED);
    equal(await verifyWebhook(s.request(INTERNAL, right), { ...s.options, url: `${PUBLIC}?token=other` }), true);
  });
});

describe("a credential one byte away from the right one is refused, for every verifier", () => {
  for (const s of SCHEMES) {
    it(`${s.name}: last byte, one middle byte, first byte, shorter, longer`, async () => {
      if (s.withSecret) {
        for (const [what, mutate] of MUTATIONS) {
          const [right, wrong] = hashTwin(s.options.secret, mutate);
          const t = s.withSecret(right);
          equal(await verifyWebhook(t.request(PUBLIC, enc.encode(right)), t.options), true, `the right one: ${what}`);
          equal(await verifyWebhook(t.request(PUBLIC, enc.encode(wrong)), t.options), false, `verifyWebhook: ${what}`);
          const { handler, seen } = recording(t);
          equal((await handler(t.request(PUBLIC, enc.encode(wrong)))).status, 401, `handler: ${what}`);
          deepEqual(seen, [], `no callback: ${what}`);
        }
        return;
      }
      const right = await s.credential();
      const url = signsUrl(s) ? { url: PUBLIC } : {};
      equal(
        await verifyWebhook(s.request(arrival(s), right), { ...s.options, ...url }),
        true,
        "the right one verifies",
      );
      for (const [what, bytes] of nearMisses(right)) {
        equal(
          await verifyWebhook(s.request(arrival(s), bytes), { ...s.options, ...url }),
          false,
          `verifyWebhook: ${what}`,
        );
        const { handler, seen } = recording(s, url);
        equal((await handler(s.request(arrival(s), bytes))).status, 401, `handler: ${what}`);
        deepEqual(seen, [], `no callback: ${what}`);
      }
    });
  }

  it("Meta's GET subscription check: a verify token one byte away is refused (403)", async () => {
    for (const [what, mutate] of MUTATIONS) {
      const [token, wrong] = hashTwin("-verify-token", mutate);
      const handler = createWebhookHandler({ provider: "cloudApi", secret: "app", verifyToken: token });
      const get = (given: string) =>
        handler(
          new Request(`${PUBLIC}?hub.mode=subscribe&hub.challenge=42&hub.verify_token=${encodeURIComponent(given)}`, {
            method: "GET",
          }),
        );
      equal((await get(token)).status, 200, `the right token: ${what}`);
      const answer = await get(wrong);
      equal(answer.status, 403, what);
      equal(await answer.text(), "hub.verify_token does not match", what);
    }
  });
});
