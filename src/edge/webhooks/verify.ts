/**
 * `verifyWebhook`: is this request really from the provider? WebCrypto only (`crypto.subtle`),
 * so it runs in Workers, Deno, browsers' service workers and Node ≥ 20.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import { checkBodyLimits, DEFAULT_BODY_TIMEOUT, readBody } from "../../send/body.ts";
import { kindOf, readingOptions, refuseUnknown } from "../../send/config.ts";
import { describeProvider, type WebhookProvider } from "../../inbound/events.ts";
import { SIGNING, WEBHOOK_PROVIDERS } from "../../providers/registry.ts";
import { isDefinition } from "../../inbound/definition.ts";
import {
  DEFAULT_TOLERANCE_SECONDS,
  enc,
  fromBase64,
  sameSecret,
  type BodyCheck,
  type VerifyOptions,
  type WebhookSigning,
} from "../../inbound/signing.ts";

export type { VerifyOptions };

/** Default `maxBodyBytes` of {@link verifyWebhook} and `createWebhookHandler`: 1 MiB. @internal */
export const WEBHOOK_MAX_BODY_BYTES = 1_048_576;

/**
 * The signing half of a `provider` option: a built-in name's ({@link SIGNING}) or a definition's
 * (made by `defineWebhooks`); `undefined` for anything else. Never throws.
 * @internal
 */
export const signingOf = (p: unknown): WebhookSigning | undefined =>
  isDefinition(p) ? p : WEBHOOK_PROVIDERS.includes(p as WebhookProvider) ? SIGNING[p as WebhookProvider] : undefined;

/**
 * Providers that do not sign (Kaleyra, Bik, Zixflow, 360dialog, Infobip): a shared secret in a header, in Basic auth,
 * or in the URL; the body plays no part. What is compared with `secret` comes from the request
 * only: `o.url` is configuration, and a secret read from it would verify any request.
 */
async function verifyShared(request: Request, o: VerifyOptions<string>, signing: WebhookSigning): Promise<BodyCheck> {
  const auth = o.auth ?? signing.auth ?? "header";
  let received: Uint8Array | undefined;
  if (auth === "basic") {
    const m = /^Basic\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
    received = m ? fromBase64(m[1]!) : undefined;
  } else if (auth === "query") {
    const value = new URL(request.url).searchParams.get(o.name ?? "token");
    received = value === null ? undefined : enc.encode(value);
  } else {
    const value = request.headers.get(o.name ?? "x-webhook-secret");
    received = value === null ? undefined : enc.encode(value);
  }
  return received !== undefined && received.length > 0 && (await sameSecret(received, o.secret)) ? true : undefined;
}

/**
 * Verifies what the headers can tell before any body is read (a missing, malformed or stale
 * signature, a wrong shared secret); the returned check verifies the raw body. Only a literal
 * `true` or a function is taken from a check (a definition's own `verify` may answer `false` or
 * anything else: refused). Never throws.
 * @internal
 */
export async function verifyHeaders(request: Request, o: VerifyOptions<string>): Promise<BodyCheck> {
  try {
    const signing = signingOf(o.provider)!;
    const check = await (signing.verify ? signing.verify(request, o) : verifyShared(request, o, signing));
    return check === true || typeof check === "function" ? check : undefined;
  } catch {
    return undefined; // a bad URL, an unreadable header: not verified
  }
}

/**
 * Whether the body's check passed: a literal `true` only (a check that throws, rejects or
 * resolves anything else refuses). Never throws.
 * @internal
 */
export async function verifyBody(check: (body: Uint8Array) => Promise<boolean>, body: Uint8Array): Promise<boolean> {
  try {
    return (await check(body)) === true;
  } catch {
    return false;
  }
}

/** The settings {@link verifyWebhook} knows. @internal */
export const VERIFY_KEYS: readonly (keyof VerifyOptions)[] = [
  "provider",
  "secret",
  "toleranceSeconds",
  "url",
  "auth",
  "name",
  "maxBodyBytes",
  "bodyTimeout",
];

/** Throws `CONFIG` for options that can never verify anything (or that it does not know). @internal */
export function checkVerifyOptions(
  o: VerifyOptions<string>,
  where: string,
  keys: readonly string[] = VERIFY_KEYS,
): void {
  refuseUnknown(where, o, keys, ["provider", "secret"]);
  const signing = signingOf(o?.provider);
  if (!signing)
    throw new WaError(
      "CONFIG",
      `${where} needs provider: one of ${WEBHOOK_PROVIDERS.map((p) => `"${p}"`).join(", ")}, or a defineWebhooks() result; got ${describeProvider(o?.provider)}.`,
    );
  if (typeof o.secret !== "string" || o.secret === "")
    throw new WaError(
      "CONFIG",
      `${where} needs a non-empty secret, ${signing.secretHint}; got ${o.secret === "" ? "an empty string" : typeof o.secret}.`,
    );
  if (o.toleranceSeconds !== undefined && !(typeof o.toleranceSeconds === "number" && o.toleranceSeconds >= 0))
    throw new WaError(
      "CONFIG",
      `${where}: toleranceSeconds must be a number of seconds ≥ 0 (default ${DEFAULT_TOLERANCE_SECONDS}); got ${kindOf(o.toleranceSeconds)}.`,
    );
  if (o.auth !== undefined && !["header", "basic", "query"].includes(o.auth))
    throw new WaError("CONFIG", `${where}: auth must be "header", "basic" or "query"; got ${kindOf(o.auth)}.`);
  if (o.name !== undefined && (typeof o.name !== "string" || o.name === ""))
    throw new WaError(
      "CONFIG",
      `${where}: name must be the non-empty name of the header or query parameter holding the secret; got ${kindOf(o.name)}.`,
    );
  checkBodyLimits(
    where,
    o.maxBodyBytes === undefined ? WEBHOOK_MAX_BODY_BYTES : o.maxBodyBytes,
    o.bodyTimeout === undefined ? DEFAULT_BODY_TIMEOUT : o.bodyTimeout,
  );
  if (o.url !== undefined && !(typeof o.url === "string" && URL.canParse(o.url)))
    throw new WaError(
      "CONFIG",
      `${where}: url must be the absolute URL the provider calls, e.g. "https://hooks.example.com/bird"; got ${kindOf(o.url)}.`,
    );
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
 * - Twilio: `x-twilio-signature` (base64 HMAC-SHA1 with the Auth Token over the URL and the
 *   form's parameters sorted by name).
 * - Kaleyra, Bik, Zixflow, 360dialog, Infobip document no signature: a shared secret in a header (default
 *   `x-webhook-secret`), in Basic auth (Bik's default), or in a query parameter of `request.url`
 *   (`auth: "query"`). Configure the same secret in the provider's callback settings.
 * - A definition of your own (`defineWebhooks` in `wafluent/provider-kit`): its `verify`, or a
 *   shared secret where its `auth` says.
 * - Proof is read from the request only: the `url` option is what Bird or Twilio signed, never a source
 *   of a signature or a secret.
 * @throws {WaError} `CONFIG` when the provider (a name or a definition made by `defineWebhooks`) or the secret is missing or invalid (a set-up error, not a bad request).
 * @example
 * import { verifyWebhook, parseWebhook } from "wafluent";
 * if (!(await verifyWebhook(request, { provider: "bird", secret: env.BIRD_SIGNING_KEY }))) return new Response(null, { status: 401 });
 * const events = parseWebhook(await request.json(), { provider: "bird" });
 * @see https://docs.bird.com/api/notifications-api/api-reference/webhook-subscriptions/verifying-a-webhook-subscription
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started#event-notifications
 */
export async function verifyWebhook(request: Request, options: VerifyOptions<string>): Promise<boolean> {
  readingOptions("verifyWebhook(request, options)", () =>
    checkVerifyOptions(options, "verifyWebhook(request, options)"),
  );
  try {
    const check = await verifyHeaders(request, options);
    if (check === undefined || check === true) return check === true;
    const read = await readBody(
      request.clone(),
      options.maxBodyBytes ?? WEBHOOK_MAX_BODY_BYTES,
      options.bodyTimeout ?? DEFAULT_BODY_TIMEOUT,
    );
    return read.ok && (await verifyBody(check, read.bytes));
  } catch {
    // A body already read (clone() throws), a broken stream: not verified.
    return false;
  }
}
