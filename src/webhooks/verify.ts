/**
 * `verifyWebhook`: is this request really from the provider? WebCrypto only (`crypto.subtle`),
 * so it runs in Workers, Deno, browsers' service workers and Node ≥ 20.
 * @module
 */
import { WaError } from "../errors.ts";
import { checkBodyLimits, DEFAULT_BODY_TIMEOUT, kindOf, readBody } from "../body.ts";
import { describeProvider, WEBHOOK_PROVIDERS, type WebhookProvider } from "./events.ts";

/** Options of {@link verifyWebhook}. */
export interface VerifyOptions {
  provider: WebhookProvider;
  /**
   * Bird: the subscription's `signingKey`. Cloud API: the Meta app secret. Kaleyra, Bik,
   * Zixflow: the shared secret you configured (for `auth: "basic"`, `"user:password"`).
   */
  secret: string;
  /** Bird: how far the signed timestamp may be from now, in seconds (default 300). Older or newer is a replay. */
  toleranceSeconds?: number;
  /** Bird: the public URL Bird called, when a proxy or router changed `request.url` (Bird signs the URL). */
  url?: string;
  /**
   * Kaleyra, Bik, Zixflow (no documented signature): where the shared secret is:
   * `"header"` (default; header {@link VerifyOptions.name}), `"basic"` (HTTP Basic auth, Bik's
   * default: `Authorization: Basic base64(user:password)`) or `"query"` (a URL parameter).
   */
  auth?: "header" | "basic" | "query";
  /** The header (default `x-webhook-secret`) or query parameter (default `token`) holding the secret. */
  name?: string;
  /**
   * Largest body read to check a signature, in bytes, counted while reading (a `Content-Length`
   * is not trusted). `verifyWebhook` answers `false` for a larger body, `createWebhookHandler`
   * 413. Default 1 048 576 (1 MiB; Meta's and Bird's payloads are a few KiB).
   */
  maxBodyBytes?: number;
  /** Milliseconds the whole body may take to arrive; later is `false` (`createWebhookHandler`: 408). Default 10 000. */
  bodyTimeout?: number;
}

/** Default `maxBodyBytes` of {@link verifyWebhook} and `createWebhookHandler`: 1 MiB. @internal */
export const WEBHOOK_MAX_BODY_BYTES = 1_048_576;

/** Default tolerance of Bird's signed timestamp, in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const enc = /* @__PURE__ */ new TextEncoder();

/** Byte-wise comparison whose time depends only on the length, never on where bytes differ. @internal */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

async function sha256(data: Uint8Array | ArrayBuffer): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data as BufferSource));
}

async function hmac(secret: string, data: Uint8Array | ArrayBuffer): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, data as BufferSource));
}

/** Secrets compared through their SHA-256, so neither their length nor their content leaks. */
async function sameSecret(received: Uint8Array, expected: string): Promise<boolean> {
  return timingSafeEqual(await sha256(received), await sha256(enc.encode(expected)));
}

function fromBase64(s: string): Uint8Array | undefined {
  try {
    const bin = atob(s.trim());
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function fromHex(s: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/** What the headers alone decided: refused (`undefined`), verified (`true`), or the check that remains on the raw body. @internal */
export type BodyCheck = true | ((body: Uint8Array) => Promise<boolean>) | undefined;

/**
 * Bird: `messagebird-signature` = base64(HMAC-SHA256(signingKey, timestamp + "\n" + url + "\n" +
 * SHA-256(raw body) as raw bytes)), with `messagebird-request-timestamp` in unix seconds.
 */
function verifyBird(request: Request, o: VerifyOptions): BodyCheck {
  const signature = fromBase64(request.headers.get("messagebird-signature") ?? "");
  const stamp = request.headers.get("messagebird-request-timestamp")?.trim() ?? "";
  if (!signature || signature.length !== 32 || !/^\d{1,12}$/.test(stamp)) return undefined;
  const tolerance = o.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(Date.now() / 1000 - Number(stamp)) > tolerance) return undefined;
  const head = enc.encode(`${stamp}\n${o.url ?? request.url}\n`);
  return async (body) => timingSafeEqual(await hmac(o.secret, concat(head, await sha256(body))), signature);
}

/** Meta: `x-hub-signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. */
function verifyCloudApi(request: Request, o: VerifyOptions): BodyCheck {
  const header = request.headers.get("x-hub-signature-256")?.trim() ?? "";
  const signature = header.startsWith("sha256=") ? fromHex(header.slice(7)) : undefined;
  if (!signature || signature.length !== 32) return undefined;
  return async (body) => timingSafeEqual(await hmac(o.secret, body), signature);
}

/** Kaleyra, Bik, Zixflow: a shared secret in a header, in Basic auth, or in the URL; the body plays no part. */
async function verifyShared(request: Request, o: VerifyOptions): Promise<BodyCheck> {
  const auth = o.auth ?? (o.provider === "bik" ? "basic" : "header");
  let received: Uint8Array | undefined;
  if (auth === "basic") {
    const m = /^Basic\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
    received = m ? fromBase64(m[1]!) : undefined;
  } else if (auth === "query") {
    const value = new URL(o.url ?? request.url).searchParams.get(o.name ?? "token");
    received = value === null ? undefined : enc.encode(value);
  } else {
    const value = request.headers.get(o.name ?? "x-webhook-secret");
    received = value === null ? undefined : enc.encode(value);
  }
  return received !== undefined && received.length > 0 && (await sameSecret(received, o.secret)) ? true : undefined;
}

/**
 * Verifies what the headers can tell before any body is read (a missing, malformed or stale
 * signature, a wrong shared secret); the returned check verifies the raw body. Never throws.
 * @internal
 */
export async function verifyHeaders(request: Request, o: VerifyOptions): Promise<BodyCheck> {
  try {
    if (o.provider === "bird") return verifyBird(request, o);
    if (o.provider === "cloudApi") return verifyCloudApi(request, o);
    return await verifyShared(request, o);
  } catch {
    return undefined; // a bad URL, an unreadable header: not verified
  }
}

/** Throws `CONFIG` for options that can never verify anything. @internal */
export function checkVerifyOptions(o: VerifyOptions, where: string): void {
  if (!o || !WEBHOOK_PROVIDERS.includes(o.provider))
    throw new WaError("CONFIG", `${where} needs provider: one of ${WEBHOOK_PROVIDERS.map((p) => `"${p}"`).join(", ")}; got ${describeProvider(o?.provider)}.`);
  if (typeof o.secret !== "string" || o.secret === "")
    throw new WaError(
      "CONFIG",
      `${where} needs a non-empty secret for "${o.provider}" (${o.provider === "bird" ? "the webhook subscription's signingKey" : o.provider === "cloudApi" ? "the Meta app secret" : "the shared secret you configured at the provider"}); got ${o.secret === "" ? "an empty string" : typeof o.secret}.`,
    );
  if (o.toleranceSeconds !== undefined && !(typeof o.toleranceSeconds === "number" && o.toleranceSeconds >= 0))
    throw new WaError("CONFIG", `${where}: toleranceSeconds must be a number of seconds ≥ 0 (default ${DEFAULT_TOLERANCE_SECONDS}); got ${kindOf(o.toleranceSeconds)}.`);
  if (o.auth !== undefined && !["header", "basic", "query"].includes(o.auth))
    throw new WaError("CONFIG", `${where}: auth must be "header", "basic" or "query"; got ${kindOf(o.auth)}.`);
  if (o.name !== undefined && (typeof o.name !== "string" || o.name === ""))
    throw new WaError("CONFIG", `${where}: name must be the non-empty name of the header or query parameter holding the secret; got ${kindOf(o.name)}.`);
  checkBodyLimits(where, o.maxBodyBytes === undefined ? WEBHOOK_MAX_BODY_BYTES : o.maxBodyBytes, o.bodyTimeout === undefined ? DEFAULT_BODY_TIMEOUT : o.bodyTimeout);
  if (o.url !== undefined && !(typeof o.url === "string" && URL.canParse(o.url)))
    throw new WaError("CONFIG", `${where}: url must be the absolute URL the provider calls, e.g. "https://hooks.example.com/bird"; got ${kindOf(o.url)}.`);
}

/**
 * Checks that a webhook request comes from the provider, before you trust its body. Checks the
 * headers first, then reads a clone of the request (at most `maxBodyBytes`, default 1 MiB,
 * within `bodyTimeout` ms, default 10 000), so the body is still readable afterwards. Compares
 * in constant time. Returns `false` (never throws) for a missing, malformed, wrong-length,
 * forged or stale signature, and for a body that is too large, too slow or cannot be read.
 * - Bird: `messagebird-signature` + `messagebird-request-timestamp`; the timestamp must be within
 *   `toleranceSeconds` (default 300) of now, which refuses replays.
 * - Cloud API: `x-hub-signature-256` (`sha256=<hex>` of the raw body with the app secret).
 * - Kaleyra, Bik, Zixflow document no signature: a shared secret in a header (default
 *   `x-webhook-secret`), in Basic auth (Bik's default), or in a query parameter (`auth: "query"`).
 *   Configure the same secret in the provider's callback settings.
 * @throws {WaError} `CONFIG` when the provider name or the secret is missing or invalid (a set-up error, not a bad request).
 * @example
 * import { verifyWebhook, parseWebhook } from "wafluent";
 * if (!(await verifyWebhook(request, { provider: "bird", secret: env.BIRD_SIGNING_KEY }))) return new Response(null, { status: 401 });
 * const events = parseWebhook(await request.json(), { provider: "bird" });
 * @see https://docs.bird.com/api/notifications-api/api-reference/webhook-subscriptions/verifying-a-webhook-subscription
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
 */
export async function verifyWebhook(request: Request, options: VerifyOptions): Promise<boolean> {
  checkVerifyOptions(options, "verifyWebhook(request, options)");
  try {
    const check = await verifyHeaders(request, options);
    if (check === undefined || check === true) return check === true;
    const read = await readBody(request.clone(), options.maxBodyBytes ?? WEBHOOK_MAX_BODY_BYTES, options.bodyTimeout ?? DEFAULT_BODY_TIMEOUT);
    return read.ok && (await check(read.bytes));
  } catch {
    // A body already read (clone() throws), a broken stream: not verified.
    return false;
  }
}
