/**
 * The WebCrypto pieces every webhook check uses (`crypto.subtle` only): constant-time comparison,
 * SHA-256, HMAC-SHA256 and HMAC-SHA1 over any bytes, hex and base64 in both directions, the
 * HMAC signature check most providers need ({@link hmacSignature}), and the webhook definition
 * (signing + reader) every provider's webhooks are described by. A provider's signature check
 * (`src/providers/<name>/signature.ts`, or your own through `wafluent/provider-kit`) is written
 * with these.
 * @module
 */
import type { WebhookProvider } from "./events.ts";
import type { WebhookReader } from "./webhook-body.ts";

/** Default tolerance of a signed timestamp (Bird), in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * What a signature check decided from the headers alone: refused (`undefined`), verified (`true`),
 * or the check that remains on the raw body's bytes (read within the size cap and deadline).
 */
export type BodyCheck = true | ((body: Uint8Array) => Promise<boolean>) | undefined;

/**
 * Options of `verifyWebhook` (and of `createWebhookHandler`, which adds its callbacks). `P` is the
 * name of a definition of your own (its events' `provider`); the built-in names by default.
 */
export interface VerifyOptions<P extends string = WebhookProvider> {
  /** A built-in provider's name, or a webhook definition of your own (`defineWebhooks` in `wafluent/provider-kit`). */
  provider: WebhookProvider | WebhookDefinition<P>;
  /**
   * Bird: the subscription's `signingKey`. Cloud API: the Meta app secret. Twilio: the account's
   * Auth Token. Kaleyra, Bik, Zixflow, 360dialog, Infobip: the shared secret you configured (for
   * `auth: "basic"`, `"user:password"`). A definition of your own: what its `secretHint` says.
   */
  secret: string;
  /** Bird: how far the signed timestamp may be from now, in seconds (default 300). Older or newer is a replay. */
  toleranceSeconds?: number;
  /**
   * The public URL the provider called, when a proxy or router changed `request.url`. Bird and
   * Twilio use it, as the URL their signature covers. It is never proof: a signature, a header, Basic
   * auth or a query secret is always read from the request itself (for `auth: "query"`, from
   * `request.url`, so the proxy must pass the query string on), never from `url`.
   */
  url?: string;
  /**
   * Kaleyra, Bik, Zixflow, 360dialog, Infobip (no documented signature): where the request carries the
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

/**
 * A provider's signature check: reads the headers only and answers a {@link BodyCheck}; the
 * options are `verifyWebhook`'s (`secret`, `url`, `toleranceSeconds`). A throw or a rejection
 * counts as not verified, and so does any answer but `true` or a function (`false` included), and
 * any resolution of the body's check but `true`.
 */
export type SignatureCheck = (request: Request, options: VerifyOptions<string>) => BodyCheck | Promise<BodyCheck>;

/** @internal */
export const enc = /* @__PURE__ */ new TextEncoder();

/**
 * Byte-wise comparison whose time depends only on the length, never on where bytes differ.
 * @throws nothing
 * @example timingSafeEqual(await hmac(secret, body), fromHex(received) ?? new Uint8Array())
 */
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

/** The hashes a webhook signature is made with: SHA-256 (Meta, Bird) or SHA-1 (Twilio). */
export type HmacHash = "SHA-256" | "SHA-1";

/**
 * HMAC of bytes (or of text, as UTF-8) with a text key: SHA-256 unless `hash` says `"SHA-1"`.
 * Compare its result with {@link timingSafeEqual}, after decoding the received signature with
 * {@link fromHex} or {@link fromBase64}.
 * @throws nothing for any input (WebCrypto rejects only for an unknown hash, which the type refuses)
 * @example timingSafeEqual(await hmac(authToken, signedText, "SHA-1"), fromBase64(header) ?? new Uint8Array())
 */
export async function hmac(
  secret: string,
  data: Uint8Array | ArrayBuffer | string,
  hash: HmacHash = "SHA-256",
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash }, false, ["sign"]);
  const bytes = typeof data === "string" ? enc.encode(data) : data;
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes as BufferSource));
}

/** Secrets compared through their SHA-256, so neither their length nor their content leaks. */
export async function sameSecret(received: Uint8Array, expected: string): Promise<boolean> {
  return timingSafeEqual(await sha256(received), await sha256(enc.encode(expected)));
}

/**
 * Decodes base64; `undefined` when it is not base64.
 * @throws nothing
 * @example fromBase64("0oo=") // Uint8Array [0xd2, 0x8a]
 */
export function fromBase64(s: string): Uint8Array | undefined {
  try {
    const bin = atob(s.trim());
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * Bytes as base64 (standard alphabet, padded), e.g. to build the signature a provider sends.
 * @throws nothing
 * @example toBase64(new Uint8Array([0xd2, 0x8a])) // "0oo="
 */
export function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin);
}

/**
 * Bytes as lower-case hex.
 * @throws nothing
 * @example toHex(new Uint8Array([0xd2, 0x8a])) // "d28a"
 */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += bytes[i]!.toString(16).padStart(2, "0");
  return out;
}

/**
 * Decodes hex; `undefined` when it is not an even run of hex digits.
 * @throws nothing
 * @example fromHex("d28a") // Uint8Array [0xd2, 0x8a]
 */
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
 * How a provider's webhook requests are authenticated: the signing half of a
 * {@link WebhookDefinition}, kept apart from the reader so a worker that only verifies ships no
 * reader. Each built-in provider folder exports one as `signing` (`src/providers/<name>/signature.ts`).
 */
export interface WebhookSigning {
  /** The provider's signature check (e.g. {@link hmacSignature}). Absent: a shared secret (header, Basic auth or query parameter). */
  readonly verify?: SignatureCheck;
  /** What `secret` is, for the `CONFIG` error when it is missing, e.g. `"the account's Auth Token"`. Never the secret itself. */
  readonly secretHint: string;
  /** The default `auth` of a shared secret (Bik: `"basic"`; default `"header"`). */
  readonly auth?: "header" | "basic" | "query";
  /** True when the provider subscribes with Meta's `GET ?hub.mode=subscribe` challenge (`verifyToken`). */
  readonly challenge?: boolean;
}

/**
 * One provider's webhooks: its name (the `provider` tag of its events), how its requests are
 * authenticated and how its bodies are read. The built-in providers are described by these (the
 * registry maps each name to its halves); one of your own is made with `defineWebhooks` and passed
 * as `provider` to `verifyWebhook`, `parseWebhook` and `createWebhookHandler`.
 */
export interface WebhookDefinition<N extends string = string> extends WebhookSigning {
  /** The provider's name: the `provider` of every event its reader makes. */
  readonly name: N;
  /** Reads a raw body into events (see `jsonReader`, `formReader`). */
  readonly read: WebhookReader<N>;
}

/** `WebhookSigning.secretHint` of a provider that documents no signature. @internal */
export const SHARED_SECRET = "the shared secret you configured at the provider";

/** What {@link hmacSignature} checks. */
export interface HmacSignatureSpec {
  /** The header that carries the signature, e.g. `"x-hub-signature-256"`. */
  readonly header: string;
  /** The hash (default `"SHA-256"`). */
  readonly hash?: HmacHash;
  /** How the header spells the signature's bytes. */
  readonly encoding: "hex" | "base64";
  /** Text before the signature in the header, e.g. `"sha256="` (default none). */
  readonly prefix?: string;
  /**
   * What the provider signs, from the raw body's bytes and the URL it called (`url` of the
   * options, else `request.url`): text (signed as UTF-8) or bytes, or `undefined` to refuse.
   * Default: the raw body itself.
   */
  readonly signed?: (body: Uint8Array, url: string) => Uint8Array | string | undefined;
}

/**
 * A signature check for a provider that sends an HMAC of what it signs (the raw body, or text
 * made of the URL and the fields) in a header, in hex or base64: the header is checked before any
 * byte of the body is read (missing, malformed or of the wrong length: refused), the body against
 * it in constant time, keyed with the `secret` of the options.
 * @throws nothing (a request it cannot check is not verified)
 * @example
 * // Meta's `x-hub-signature-256: sha256=<hex HMAC-SHA256 of the raw body>`
 * const verify = hmacSignature({ header: "x-hub-signature-256", prefix: "sha256=", encoding: "hex" });
 */
export function hmacSignature(spec: HmacSignatureSpec): SignatureCheck {
  const { header, hash = "SHA-256", encoding, prefix = "", signed } = spec;
  return (request, o) => {
    const value = request.headers.get(header)?.trim() ?? "";
    const signature = value.startsWith(prefix)
      ? (encoding === "hex" ? fromHex : fromBase64)(value.slice(prefix.length))
      : undefined;
    if (signature?.length !== (hash === "SHA-1" ? 20 : 32)) return undefined;
    const url = o.url ?? request.url;
    return async (body) => {
      const data = signed ? signed(body, url) : body;
      return data !== undefined && timingSafeEqual(await hmac(o.secret, data, hash), signature);
    };
  };
}
