/**
 * The WebCrypto pieces every webhook check uses (`crypto.subtle` only): constant-time comparison,
 * SHA-256, HMAC-SHA256, hex and base64 decoding. A provider's signature check
 * (`src/providers/<name>/signature.ts`) is written with these.
 * @module
 */
import type { WebhookEvent, WebhookProvider } from "./events.ts";

/** Default tolerance of a signed timestamp (Bird), in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** What the headers alone decided: refused (`undefined`), verified (`true`), or the check that remains on the raw body. @internal */
export type BodyCheck = true | ((body: Uint8Array) => Promise<boolean>) | undefined;

/** Options of `verifyWebhook` (and of `createWebhookHandler`, which adds its callbacks). */
export interface VerifyOptions {
  provider: WebhookProvider;
  /**
   * Bird: the subscription's `signingKey`. Cloud API: the Meta app secret. Kaleyra, Bik,
   * Zixflow, 360dialog: the shared secret you configured (for `auth: "basic"`, `"user:password"`).
   */
  secret: string;
  /** Bird: how far the signed timestamp may be from now, in seconds (default 300). Older or newer is a replay. */
  toleranceSeconds?: number;
  /**
   * The public URL the provider called, when a proxy or router changed `request.url`. Only Bird
   * uses it, as the URL its signature covers. It is never proof: a signature, a header, Basic
   * auth or a query secret is always read from the request itself (for `auth: "query"`, from
   * `request.url`, so the proxy must pass the query string on), never from `url`.
   */
  url?: string;
  /**
   * Kaleyra, Bik, Zixflow, 360dialog (no documented signature): where the request carries the
   * shared secret: `"header"` (default; header {@link VerifyOptions.name}), `"basic"` (HTTP Basic auth,
   * Bik's default: `Authorization: Basic base64(user:password)`) or `"query"` (a parameter of
   * `request.url`; {@link VerifyOptions.url} plays no part).
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

/** A provider's signature check: reads the headers only; never throws for a request (a throw counts as not verified). @internal */
export type SignatureCheck = (request: Request, options: VerifyOptions) => BodyCheck | Promise<BodyCheck>;

/** @internal */
export const enc = /* @__PURE__ */ new TextEncoder();

/** Byte-wise comparison whose time depends only on the length, never on where bytes differ. @internal */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** SHA-256 of bytes. @internal */
export async function sha256(data: Uint8Array | ArrayBuffer): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data as BufferSource));
}

/** HMAC-SHA256 of bytes with a text key. @internal */
export async function hmac(secret: string, data: Uint8Array | ArrayBuffer): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, data as BufferSource));
}

/** Secrets compared through their SHA-256, so neither their length nor their content leaks. */
export async function sameSecret(received: Uint8Array, expected: string): Promise<boolean> {
  return timingSafeEqual(await sha256(received), await sha256(enc.encode(expected)));
}

/** Decodes base64; `undefined` when it is not base64. @internal */
export function fromBase64(s: string): Uint8Array | undefined {
  try {
    const bin = atob(s.trim());
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Decodes hex; `undefined` when it is not an even run of hex digits. @internal */
export function fromHex(s: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(s)) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Two byte arrays joined. @internal */
export const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

/**
 * How a provider's webhook requests are authenticated. Each provider folder with webhooks exports
 * one as `signing` (`src/providers/<name>/signature.ts`); `verifyWebhook` and
 * `createWebhookHandler` look it up in the registry. Kept apart from the body reader so a worker
 * that only verifies ships no reader.
 * @internal
 */
export interface Signing {
  /** The provider's signature check. Absent: a shared secret (header, Basic auth or query parameter). */
  verify?: SignatureCheck;
  /** Where `secret` comes from, for the `CONFIG` error when it is missing. */
  secret: string;
  /** The default `auth` of a shared secret (Bik: `"basic"`; default `"header"`). */
  auth?: "header" | "basic" | "query";
  /** True when the provider subscribes with Meta's `GET ?hub.mode=subscribe` challenge (`verifyToken`). */
  challenge?: boolean;
}

/** `Signing.secret` of a provider that documents no signature. @internal */
export const SHARED_SECRET = "the shared secret you configured at the provider";

/** Reads a parsed JSON webhook body into neutral events, in the provider's order; never throws for a body. @internal */
export type WebhookReader = (body: unknown) => WebhookEvent[];
