/**
 * `createWebhookHandler`: a standard fetch handler that verifies, parses and dispatches
 * webhook events, for Cloudflare Workers, Deno.serve, Bun and Hono.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import { DEFAULT_BODY_TIMEOUT, readBody, utf8 } from "../../send/body.ts";
import { kindOf, readingOptions } from "../../send/config.ts";
import type {
  WebhookIdentityEvent,
  WebhookMessageEvent,
  WebhookProvider,
  WebhookStatusEvent,
  WebhookTemplateEvent,
  WebhookUnknownEvent,
  WebhookEvent,
} from "../../inbound/events.ts";
import { definitionOf, readEvents } from "./parse.ts";
import { timingSafeEqual } from "../../inbound/signing.ts";
import {
  checkVerifyOptions,
  VERIFY_KEYS,
  verifyBody,
  verifyHeaders,
  WEBHOOK_MAX_BODY_BYTES,
  type VerifyOptions,
} from "./verify.ts";

/**
 * Options of {@link createWebhookHandler}: {@link VerifyOptions} plus the callbacks. `P` is the
 * provider tag of the events: the built-in names, or a definition's `name`.
 */
export interface WebhookHandlerOptions<P extends string = WebhookProvider> extends VerifyOptions<P> {
  /** Cloud API: the verify token you typed in Meta's webhook settings; enables the `GET` subscription check. */
  verifyToken?: string;
  /** Called for each received message, in the order the provider sent them. */
  onMessage?: (event: WebhookMessageEvent<P>) => unknown;
  /** Called for each delivery-status change. */
  onStatus?: (event: WebhookStatusEvent<P>) => unknown;
  /** Called for each change of a user's phone number or BSUID (Cloud API system messages): update records keyed by the previous values. */
  onIdentity?: (event: WebhookIdentityEvent<P>) => unknown;
  /** Called for each change to a template's status, category or quality (Cloud API, Kaleyra): pull the templates again. */
  onTemplate?: (event: WebhookTemplateEvent<P>) => unknown;
  /** Called for each item wafluent could not read (`raw` holds it). */
  onUnknown?: (event: WebhookUnknownEvent<P>) => unknown;
  /** Called when a callback throws or rejects; the other events are still delivered. Default: `console.error`. */
  onError?: (error: unknown, event: WebhookEvent<P>) => unknown;
}

/** The part of a Workers `ExecutionContext` the handler uses. */
export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

/** A fetch handler; in Workers, pass `ctx` to answer before the callbacks finish. */
export type WebhookHandler = (request: Request, env?: unknown, ctx?: WaitUntil) => Promise<Response>;

/** Every answer is plain text that browsers must not sniff (the challenge echoes a query parameter) and caches must not keep. */
const status = (code: number, text?: string) =>
  new Response(text ?? null, {
    status: code,
    headers: {
      "content-type": "text/plain;charset=utf-8",
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    },
  });

/** Runs each event's callback on its own: one throwing never stops the next. */
async function dispatch<P extends string>(events: WebhookEvent<P>[], o: WebhookHandlerOptions<P>): Promise<void> {
  for (const event of events) {
    try {
      if (event.type === "message") await o.onMessage?.(event);
      else if (event.type === "status") await o.onStatus?.(event);
      else if (event.type === "identity") await o.onIdentity?.(event);
      else if (event.type === "template") await o.onTemplate?.(event);
      else await o.onUnknown?.(event);
    } catch (error) {
      try {
        if (o.onError) await o.onError(error, event);
        else
          console.error(`wafluent: a webhook callback failed for a ${event.type} event from ${event.provider}`, error);
      } catch {
        // An error handler that fails must not stop the batch either.
      }
    }
  }
}

async function challenge(request: Request, token: string | undefined): Promise<Response> {
  const q = new URL(request.url).searchParams;
  const given = q.get("hub.verify_token"),
    answer = q.get("hub.challenge");
  if (token === undefined)
    return status(405, "GET is only for Meta's subscription check: pass verifyToken to createWebhookHandler.");
  if (q.get("hub.mode") !== "subscribe" || given === null || answer === null)
    return status(400, "expected hub.mode=subscribe, hub.verify_token and hub.challenge");
  const enc = new TextEncoder();
  const [a, b] = await Promise.all([given, token].map((s) => crypto.subtle.digest("SHA-256", enc.encode(s))));
  return timingSafeEqual(new Uint8Array(a!), new Uint8Array(b!))
    ? status(200, answer)
    : status(403, "hub.verify_token does not match");
}

/**
 * Creates a fetch handler for a provider's webhook. For each `POST` it verifies the request
 * first (401, body never parsed, when verification fails): the headers (signature present and
 * well formed, timestamp fresh, shared secret) before any byte of the body is read, then the
 * body, read as a stream of at most `maxBodyBytes` (default 1 MiB; more → 413) within
 * `bodyTimeout` ms (default 10 000; later → 408), against the signature. It parses it, answers 200, and calls
 * `onMessage` / `onStatus` / `onIdentity` / `onTemplate` / `onUnknown` per event, isolating failures: a callback that throws
 * is reported to `onError` and the other events of the batch are still delivered (the answer
 * stays 200, so the provider does not redeliver the whole batch). In Workers, pass the
 * `ExecutionContext` (third argument) to answer at once and run the callbacks in `waitUntil`;
 * elsewhere the answer waits for the callbacks. For the Cloud API, `GET ?hub.mode=subscribe`
 * with the right `verifyToken` answers `hub.challenge` (as `text/plain`, `X-Content-Type-Options: nosniff`).
 * The provider's reader gets the raw text and the headers and decodes them itself: JSON, a form
 * (Twilio), or what a definition of your own (`defineWebhooks`) reads.
 * Answers: 200 ok, 400 body not in the provider's format (not JSON, not a form; or not UTF-8, or not readable), 401 not verified, 403 wrong verify
 * token, 405 other methods, 408 body too slow, 413 body too large.
 * @throws {WaError} `CONFIG` at creation when the provider (a name or a definition made by `defineWebhooks`) or the secret is missing, or an option has the wrong type.
 * @example
 * import { createWebhookHandler } from "wafluent";
 * export default {
 *   fetch: createWebhookHandler({
 *     provider: "cloudApi", secret: APP_SECRET, verifyToken: VERIFY_TOKEN,
 *     onMessage: (e) => console.log(e.from, e.message),
 *     onStatus: (e) => console.log(e.id, e.status, e.error?.message),
 *   }),
 * };
 * @see https://developers.facebook.com/docs/graph-api/webhooks/getting-started
 */
export function createWebhookHandler<P extends string = WebhookProvider>(
  options: WebhookHandlerOptions<P>,
): WebhookHandler {
  const { o, definition, maxBodyBytes, bodyTimeout } = readingOptions("createWebhookHandler(options)", () => {
    checkVerifyOptions(options, "createWebhookHandler(options)", [
      ...VERIFY_KEYS,
      "verifyToken",
      "onMessage",
      "onStatus",
      "onIdentity",
      "onTemplate",
      "onUnknown",
      "onError",
    ] satisfies (keyof WebhookHandlerOptions)[]);
    if (options.verifyToken !== undefined && (typeof options.verifyToken !== "string" || options.verifyToken === ""))
      throw new WaError(
        "CONFIG",
        "createWebhookHandler(options): verifyToken must be the non-empty string typed in Meta's webhook settings.",
      );
    const { maxBodyBytes = WEBHOOK_MAX_BODY_BYTES, bodyTimeout = DEFAULT_BODY_TIMEOUT } = options;
    for (const name of ["onMessage", "onStatus", "onIdentity", "onTemplate", "onUnknown", "onError"] as const)
      if (options[name] !== undefined && typeof options[name] !== "function")
        throw new WaError(
          "CONFIG",
          `createWebhookHandler(options): ${name} must be a function; received ${kindOf(options[name])}.`,
        );
    const o = { ...options };
    return { o, definition: definitionOf(o.provider, "createWebhookHandler(options)"), maxBodyBytes, bodyTimeout };
  });
  return async (request, _env, ctx) => {
    if (request.method === "GET") return challenge(request, definition.challenge ? o.verifyToken : undefined);
    if (request.method !== "POST") return status(405, "webhooks are POST");
    const unverified = () => status(401, "signature or secret missing, invalid or stale");
    // Headers first: a request without a well-formed, fresh signature costs no body read.
    const check = await verifyHeaders(request, o);
    if (check === undefined) return unverified();
    const read = await readBody(request, maxBodyBytes, bodyTimeout);
    if (!read.ok)
      return read.reason === "tooLarge"
        ? status(413, `the body is larger than this webhook accepts (${maxBodyBytes} bytes)`)
        : read.reason === "timeout"
          ? status(408, `the body did not arrive within ${bodyTimeout} ms`)
          : status(400, "the body could not be read");
    if (check !== true && !(await verifyBody(check, read.bytes))) return unverified();
    const text = utf8(read.bytes);
    if (text === undefined) return status(400, "the body is not UTF-8 text");
    // The reader decodes the raw text itself (JSON, a form, …); `undefined`: not its format.
    const events = readEvents(definition, { text, headers: request.headers }, text);
    if (!events) return status(400, `the body is not in the format ${definition.name} sends`);
    const done = dispatch(events, o);
    if (ctx && typeof ctx.waitUntil === "function") ctx.waitUntil(done);
    else await done;
    return status(200, "ok");
  };
}
