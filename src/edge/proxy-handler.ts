/**
 * The server half of browser sending: a standard fetch handler that receives a neutral
 * `Message` as JSON, validates it again, and sends it with the server's keys. The browser half
 * is the `proxy()` provider (`src/providers/proxy.ts`); the JSON they exchange is described on
 * {@link createProxyHandler}.
 * @module
 */
import { isWaError, ProviderError, ValidationError, WaError, type WaErrorCode } from "../core/errors.ts";
import type { Message } from "../core/message.ts";
import type { SendResult } from "../send/provider.ts";
import { createTransport } from "../send/transport.ts";
import { sendAction } from "../send/actions.ts";
import { postedAction } from "./proxy-actions.ts";
import { templatesOption } from "./templates-option.ts";
import { readableCopy } from "./authorize-copy.ts";
import { fitMessage } from "../core/fit.ts";
import {
  type BodyFailure,
  checkBodyLimits,
  DEFAULT_BODY_TIMEOUT,
  readBody,
  utf8,
  type BodyRead,
} from "../send/body.ts";
import { kindOf, readingOptions, refuseUnknown } from "../send/config.ts";
import {
  type AuthorizeResult,
  checkOrigins,
  checkPolicy,
  checkTransportOptions,
  PROXY_BROWSER_OPTIONS,
  PROXY_HANDLER_KEYS,
  type ProxyHandlerOptions,
  type ProxyUploadEvent,
  refusedOptions,
} from "./proxy-options.ts";

export {
  type AuthorizeResult,
  type BrowserOptionPolicy,
  PROXY_BROWSER_OPTIONS,
  type ProxyHandlerOptions,
  type ProxySendEvent,
  type ProxyUploadEvent,
} from "./proxy-options.ts";

const KIB = 1024;
const ALLOW_METHODS = "POST, OPTIONS";

/**
 * Creates a fetch handler that sends neutral messages posted by browsers (see `proxy()`).
 * Usable as `export default { fetch }` in Cloudflare Workers, with `Deno.serve`, Bun and Hono.
 *
 * It never trusts the browser: the message goes through the server's own fit policy and full
 * validation again (`fitMessage` with `options.overflow`, default `"error"`: a message the browser
 * already fitted passes unchanged), then is compiled and sent with the server's keys.
 * Provider credentials and upstream headers never reach the caller. Provider options the
 * browser may not set (see {@link PROXY_BROWSER_OPTIONS} and `allowOptions`) are refused.
 *
 * A body `{ action: "read" | "typing", messageId }` (what `proxy()` posts for `wa.markRead()` /
 * `wa.typing()`) is sent as that action through the server's provider, after the same checks
 * (origin, method, size, `authorize`); `allowRecipient` and `onSend` see messages only.
 * A message with its files (`withMedia(proxy())`, `multipart/form-data`, capped at
 * `maxUploadBytes`) is checked the same way; when it asks only for the uploads (`intent: "upload"`,
 * what `proxy()` posts once per file, however many recipients), the handler uploads the files
 * with the server's keys and answers `{ uploads }` (the ids or URLs the page then sends by);
 * `onUpload` is called for it, not `onSend`.
 *
 * Answers: 200 `{ id, provider, status, raw }`; errors are `{ error }` with the error's
 * `toJSON()` (`name`, `code`, `message`, and `issues` / `provider`, `status`, `providerCode`,
 * `retryable`, …): 400 unreadable body, 401/403 not authorized or origin or recipient refused,
 * 405 wrong method, 408 body not received within `bodyTimeout`, 413 body over `maxBodyBytes`,
 * 415 not JSON, 422 invalid or unsupported message or a provider option the browser may not
 * set, 502 the provider refused or could not be reached, 504 it timed out. Every answer,
 * including a `Response` returned by `authorize`, carries `Vary: Origin` and
 * `Cache-Control: no-store`. `authorize` may read the body (`await req.json()`): it gets a copy
 * of the request whose body is read once, within the same size cap and deadline.
 *
 * @throws {WaError} `CONFIG` when `provider` or `authorize` is missing (it is never an open relay),
 * or an option has the wrong type (e.g. `allowedOrigins` a string, `maxBodyBytes` NaN).
 * @example
 * import { createProxyHandler, sandbox } from "wafluent";
 * export default {
 *   fetch: createProxyHandler({
 *     provider: sandbox(),
 *     authorize: (req) => req.headers.get("authorization") === "Bearer s3cret",
 *     allowedOrigins: ["https://shop.example"],
 *   }),
 * };
 */
export function createProxyHandler(options: ProxyHandlerOptions): (request: Request) => Promise<Response> {
  refuseUnknown("createProxyHandler()", options, PROXY_HANDLER_KEYS, ["provider", "authorize"]);
  const {
    provider: given,
    authorize,
    allowedOrigins = [],
    maxBodyBytes = 64 * KIB,
    maxUploadBytes = 16 * KIB * KIB,
    bodyTimeout = DEFAULT_BODY_TIMEOUT,
    allowOptions,
    allowRecipient,
    onSend,
    onUpload,
    overflow = "error",
    templates,
  } = readingOptions("createProxyHandler(options)", () => ({ ...(options ?? ({} as ProxyHandlerOptions)) }));
  if (!given || typeof given.compile !== "function")
    throw new WaError(
      "CONFIG",
      "createProxyHandler({ provider }) needs the provider that sends, e.g. createProxyHandler({ provider: bird({ … }), authorize }).",
    );
  if (typeof authorize !== "function")
    throw new WaError(
      "CONFIG",
      "createProxyHandler needs `authorize(request)`: without it anyone could send WhatsApp messages with your keys. " +
        'Check a session or token, e.g. authorize: (req) => req.headers.get("authorization") === `Bearer ${env.TOKEN}`.',
    );
  // A provider that routes by template definitions (cloudApi's marketingMessages) sends through its bound copy.
  const t = templatesOption("createProxyHandler(options)", templates);
  const provider = t ? t.bind(given) : given;
  checkBodyLimits("createProxyHandler", maxBodyBytes, bodyTimeout);
  checkBodyLimits("createProxyHandler (maxUploadBytes)", maxUploadBytes, bodyTimeout);
  const media = provider.media;
  const origins = checkOrigins(allowedOrigins);
  const policy = checkPolicy(allowOptions);
  for (const [name, hook] of [
    ["allowRecipient", allowRecipient],
    ["onSend", onSend],
    ["onUpload", onUpload],
  ] as const)
    if (hook !== undefined && typeof hook !== "function")
      throw new WaError("CONFIG", `createProxyHandler: ${name} must be a function; received ${kindOf(hook)}.`);
  if (overflow !== "error" && overflow !== "truncate")
    throw new WaError(
      "CONFIG",
      `createProxyHandler: overflow must be "error" or "truncate"; received ${kindOf(overflow)}.`,
    );
  checkTransportOptions(options);
  const transport = createTransport(options, "createProxyHandler()");

  return async (request) => {
    const origin = request.headers.get("origin");
    const cors = origin !== null && origins.has(origin);
    const answer = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      respond(status, body, { ...extra, ...(cors && origin ? corsHeaders(origin) : {}) });
    const refuse = (status: number, code: WaErrorCode, message: string, extra?: Record<string, string>) =>
      answer(status, { error: { name: "WaError", code, message } }, extra);
    const unread = (reason: BodyFailure) =>
      reason === "tooLarge"
        ? refuse(413, "PROVIDER_ERROR", `The message is larger than this proxy accepts (${cap} bytes).`)
        : reason === "timeout"
          ? refuse(408, "TIMEOUT", `The message did not arrive within ${bodyTimeout} ms; send it again.`)
          : refuse(400, "PROVIDER_ERROR", "The body could not be read (the connection broke, or it was already read).");

    if (origin !== null && !cors && origin !== new URL(request.url).origin)
      return refuse(
        403,
        "AUTH",
        `Origin ${origin.slice(0, 100)} is not allowed to use this proxy; add it to allowedOrigins.`,
      );
    if (request.method === "OPTIONS") return answer(204, null, { allow: ALLOW_METHODS });
    if (request.method !== "POST")
      return refuse(405, "CONFIG", `Send the message with POST (received ${request.method.slice(0, 20)}).`, {
        allow: ALLOW_METHODS,
      });

    // What needs no credentials is checked before authorize (which may have side effects, such
    // as a session touch or an audit line), so a cross-site form post, a wrong method or an
    // oversized body never reaches it: a browser's CSRF-shaped request cannot send
    // application/json without a preflight.
    const type = request.headers.get("content-type") ?? "";
    // A message with its files (`withMedia(proxy())`), when this proxy's provider uploads.
    const files = media !== undefined && /^multipart\/form-data\s*;/i.test(type);
    if (!files && !/^application\/json\s*(;|$)/i.test(type))
      return refuse(
        415,
        "CONFIG",
        `Post the message as JSON with Content-Type: application/json${media ? " (with files: multipart/form-data)" : ""} (received ${type === "" ? "none" : type.slice(0, 100)}).`,
      );
    const cap = files ? maxUploadBytes : maxBodyBytes;
    // A declared length over the cap is refused unread (a small or missing one is not trusted:
    // the read below counts the bytes). Files are checked after authorize.
    if (!files && Number(request.headers.get("content-length")) > cap) return unread("tooLarge");

    // The body is read once, capped and with a deadline, by whoever asks first: authorize
    // (through its copy of the request) or the handler below.
    let reading: Promise<BodyRead> | undefined;
    const body = () => (reading ??= readBody(request, cap, bodyTimeout));
    let allowed: AuthorizeResult;
    try {
      allowed = await authorize(readableCopy(request, body));
    } catch {
      // authorize failed reading the body: answer why (413, 408, 400), not 403.
      const read = reading && (await reading);
      if (read && !read.ok) return unread(read.reason);
      return refuse(403, "AUTH", "This request is not allowed to send WhatsApp messages.");
    }
    if (allowed instanceof Response) {
      const headers = new Headers(allowed.headers);
      for (const [k, v] of Object.entries(BASE_HEADERS)) if (k !== "vary") headers.set(k, v);
      headers.set("vary", varyOrigin(headers.get("vary")));
      if (cors && origin) for (const [k, v] of Object.entries(corsHeaders(origin))) headers.set(k, v);
      return new Response(allowed.body, { status: allowed.status, statusText: allowed.statusText, headers });
    }
    if (allowed !== true)
      return request.headers.has("authorization")
        ? refuse(403, "AUTH", "These credentials may not send WhatsApp messages through this proxy.")
        : refuse(401, "AUTH", "Sign in first: this request carries no credentials this proxy accepts.", {
            "www-authenticate": "Bearer",
          });

    // Files: a declared length over the cap is refused before anything is read (the read stops there too).
    if (files && Number(request.headers.get("content-length")) > cap) return unread("tooLarge");
    const read = await body();
    if (!read.ok) return unread(read.reason);
    let input: unknown;
    let uploadOnly = false;
    if (files) {
      try {
        ({ input, uploadOnly } = await media.unpack(read.bytes, type));
      } catch (e) {
        return refuse(400, "PROVIDER_ERROR", isWaError(e) ? e.message : "The multipart body could not be read.");
      }
    } else {
      const text = utf8(read.bytes);
      if (text === undefined) return refuse(400, "PROVIDER_ERROR", "The body is not UTF-8 text.");
      try {
        input = JSON.parse(text);
      } catch {
        return refuse(
          400,
          "PROVIDER_ERROR",
          "The body is not valid JSON; post the neutral Message (outgoing.message) as JSON.",
        );
      }
    }

    // A read receipt or typing indicator (proxy()'s markRead/typing): sent after the same checks.
    try {
      const action = postedAction(input);
      if (action) {
        const r = await sendAction(transport, provider, action);
        return answer(200, { id: r.id, provider: r.provider, status: r.status, raw: r.raw });
      }
    } catch (e) {
      const failure = isWaError(e) ? e : new WaError("PROVIDER_ERROR", "The proxy could not send the action.");
      return answer(statusOf(failure), { error: failure.toJSON() });
    }

    // The files are taken out for validation and put back after (the size and type for their kind checked now).
    const held = files ? media.hold(input as Record<string, unknown>) : undefined;
    const fitted = fitMessage(input, { overflow });
    const issues = held ? held.issues.concat(fitted.issues) : fitted.issues;
    if (!fitted.ok || issues.length) return answer(422, { error: new ValidationError(issues).toJSON() });
    const message: Message = held ? held.back(fitted.message) : fitted.message;
    // A template is checked against the server's definitions, as whatsapp({ templates }) does.
    const mismatch = t?.check(message);
    if (mismatch && mismatch.length > 0) return answer(422, { error: new ValidationError(mismatch).toJSON() });
    const refused = refusedOptions(message, policy);
    if (refused.length > 0) return answer(422, { error: new ValidationError(refused).toJSON() });
    if (allowRecipient) {
      let allowedTo = false;
      try {
        allowedTo = (await allowRecipient(message.to, request)) === true;
      } catch {
        // fail closed, as for authorize
      }
      if (!allowedTo) return refuse(403, "AUTH", `This proxy does not send to ${message.to}.`);
    }

    // Only the uploads (a page's bulk send of one file): uploaded once, answered to the page
    // that asked, and each send then names them. Nothing is sent: onUpload is called, not onSend.
    if (uploadOnly) {
      let uploads: ProxyUploadEvent["uploads"];
      let failure: WaError | undefined;
      try {
        ({ uploads } = await media!.upload(provider, message, transport, undefined));
      } catch (e) {
        failure = isWaError(e) ? e : new WaError("PROVIDER_ERROR", "The proxy could not upload the files.");
      }
      try {
        await onUpload?.({ message, request, ...(uploads ? { uploads } : {}), ...(failure ? { error: failure } : {}) });
      } catch {
        // A logging hook must not turn a done upload into a failure: the page would upload again.
      }
      return failure ? answer(statusOf(failure), { error: failure.toJSON() }) : answer(200, { uploads });
    }

    let result: SendResult | undefined;
    let failure: WaError | undefined;
    let unexpected = false;
    try {
      // Not tied to request.signal: once sent, a message may be accepted whether or not the
      // browser still listens, and an abort would only hide the outcome from onSend.
      result = await (media ? media.send(provider, message, transport, undefined) : transport.send(provider, message));
    } catch (error) {
      unexpected = !isWaError(error);
      failure = isWaError(error)
        ? error
        : new WaError("PROVIDER_ERROR", "The proxy could not send the message.", { cause: error });
    }
    if (onSend) {
      try {
        await onSend({ message, request, ...(result ? { result } : {}), ...(failure ? { error: failure } : {}) });
      } catch {
        // A logging hook must not turn a sent message into a failure: the browser would send it again.
      }
    }
    if (result)
      return answer(200, {
        id: result.id,
        provider: result.provider,
        status: result.status,
        raw: result.raw,
        ...(result.uploads ? { uploads: result.uploads } : {}),
      });
    // An unexpected throw (a bug, not a WaError) is reported without its details.
    const error = unexpected
      ? { name: "WaError", code: "PROVIDER_ERROR", message: failure!.message }
      : failure!.toJSON();
    return answer(statusOf(failure!), { error });
  };
}

/** `Origin` added to a `Vary` value, unless it is already there (or `*`). */
function varyOrigin(vary: string | null): string {
  if (vary === null || vary.trim() === "") return "Origin";
  const names = vary.split(",").map((s) => s.trim().toLowerCase());
  return names.includes("origin") || names.includes("*") ? vary : `${vary}, Origin`;
}

/** The HTTP status the proxy answers for an error on the way to the provider. */
function statusOf(error: WaError): number {
  if (error.code === "VALIDATION" || error.code === "UNSUPPORTED") return 422;
  if (error.code === "TIMEOUT") return 504;
  if (error instanceof ProviderError || error.code === "NETWORK") return 502;
  return 500;
}

/** Headers of every answer. Vary on Origin always: answers differ by origin, and a shared cache must not mix them. */
const BASE_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  vary: "Origin",
};

function respond(status: number, body: unknown, headers: Record<string, string>): Response {
  const base: Record<string, string> = { ...BASE_HEADERS, ...headers };
  if (body === null) return new Response(null, { status, headers: base });
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...base },
  });
}

function corsHeaders(origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": ALLOW_METHODS,
    "access-control-allow-headers": "authorization, content-type",
    "access-control-allow-credentials": "true",
    "access-control-max-age": "600",
  };
}
