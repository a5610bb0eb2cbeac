/**
 * The server half of browser sending: a standard fetch handler that receives a neutral
 * `Message` as JSON, validates it again, and sends it with the server's keys. The browser half
 * is the `proxy()` provider (`src/providers/proxy.ts`); the JSON they exchange is described on
 * {@link createProxyHandler}.
 * @module
 */
import { isWaError, ProviderError, ValidationError, WaError, type WaErrorCode } from "./errors.ts";
import type { Message } from "./message.ts";
import type { Provider, SendResult } from "./provider.ts";
import { createTransport, type TransportOptions } from "./transport.ts";
import { fitMessage, type Overflow } from "./fit.ts";

/** What `authorize` may answer: allow (`true`), refuse (`false`), or a ready `Response`. */
export type AuthorizeResult = boolean | Response;

/** What `onSend` receives after each send the handler attempted. */
export interface ProxySendEvent {
  /** The validated message that was sent (or failed to send). */
  message: Message;
  /** The incoming request (read its headers for user ids; its body is already consumed). */
  request: Request;
  /** The result, when the provider accepted the message. */
  result?: SendResult;
  /** The error, when it did not. */
  error?: WaError;
}

/** Options of {@link createProxyHandler}; the transport options (`fetch`, `timeout`, `retry`, …) apply to the upstream send. */
export interface ProxyHandlerOptions extends TransportOptions {
  /** The provider that really sends, with the server's credentials: `bird({…})`, `cloudApi({…})`, … */
  provider: Provider;
  /**
   * Decides whether a request may send. Required: a proxy without it would be an open relay.
   * `true` allows; `false` refuses with 401 when the request has no `Authorization` header and
   * 403 when it has one; a `Response` is answered instead of sending (CORS headers added), e.g.
   * a redirect to a sign-in page. A throw refuses with 403; its message is not shown to the caller.
   */
  authorize: (request: Request) => AuthorizeResult | Promise<AuthorizeResult>;
  /**
   * Origins (`"https://shop.example"`) whose pages may call the handler cross-origin; they get
   * CORS headers and preflight answers. Requests from any other origin are refused with 403,
   * except the handler's own origin (from `request.url`: behind a reverse proxy that rewrites the
   * URL, list your site's origin here too). Requests without an `Origin` header (servers, curl)
   * pass on to `authorize`. Default: none.
   */
  allowedOrigins?: readonly string[];
  /** Largest accepted body in bytes, counted while reading (a `Content-Length` is not trusted). Default 65 536. */
  maxBodyBytes?: number;
  /**
   * Refuses recipients (403) unless it returns `true`, e.g. to allow only the signed-in user's number; a throw refuses too.
   * `to` is the validated recipient exactly as it will be sent: an E.164 phone number, or a business-scoped user ID
   * (BSUID, `US.13491208655302741918`) for a user known only by username: compare it to the identifiers you stored.
   */
  allowRecipient?: (to: string, request: Request) => boolean | Promise<boolean>;
  /** Called after each send (for logs and audits); its errors are ignored so they never turn a sent message into a failure. */
  onSend?: (event: ProxySendEvent) => void | Promise<void>;
  /**
   * The server's own fit policy, applied to what the browser posted before validating it
   * (see `fitMessage`): `"error"` (default) refuses over-long text with 422, `"truncate"`
   * shortens it as the client would. The browser's setting is never trusted.
   */
  overflow?: Overflow;
}

const KIB = 1024;
const ALLOW_METHODS = "POST, OPTIONS";
const TOO_LARGE = Symbol("too large");

/**
 * Creates a fetch handler that sends neutral messages posted by browsers (see `proxy()`).
 * Usable as `export default { fetch }` in Cloudflare Workers, with `Deno.serve`, Bun and Hono.
 *
 * It never trusts the browser: the message goes through the server's own fit policy and full
 * validation again (`fitMessage` with `options.overflow`, default `"error"`: a message the browser
 * already fitted passes unchanged), then is compiled and sent with the server's keys.
 * Provider credentials and upstream headers never reach the caller.
 *
 * Answers: 200 `{ id, provider, status, raw }`; errors are `{ error }` with the error's
 * `toJSON()` (`name`, `code`, `message`, and `issues` / `provider`, `status`, `providerCode`,
 * `retryable`, …): 400 unreadable body, 401/403 not authorized or origin or recipient refused,
 * 405 wrong method, 413 body over `maxBodyBytes`, 415 not JSON, 422 invalid or unsupported
 * message, 502 the provider refused or could not be reached, 504 it timed out.
 *
 * @throws {WaError} `CONFIG` when `provider` or `authorize` is missing (it is never an open relay).
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
  const { provider, authorize, allowedOrigins = [], maxBodyBytes = 64 * KIB, allowRecipient, onSend, overflow = "error" } = options ?? ({} as ProxyHandlerOptions);
  if (!provider || typeof provider.compile !== "function")
    throw new WaError("CONFIG", "createProxyHandler({ provider }) needs the provider that sends, e.g. createProxyHandler({ provider: bird({ … }), authorize }).");
  if (typeof authorize !== "function")
    throw new WaError(
      "CONFIG",
      "createProxyHandler needs `authorize(request)`: without it anyone could send WhatsApp messages with your keys. " +
        'Check a session or token, e.g. authorize: (req) => req.headers.get("authorization") === `Bearer ${env.TOKEN}`.',
    );
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0))
    throw new WaError("CONFIG", `createProxyHandler's maxBodyBytes must be a positive whole number of bytes; received ${String(maxBodyBytes)}.`);
  const origins = new Set(allowedOrigins);
  const transport = createTransport(options);

  return async (request) => {
    const origin = request.headers.get("origin");
    const cors = origin !== null && origins.has(origin);
    const answer = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      respond(status, body, { ...extra, ...(cors && origin ? corsHeaders(origin) : {}) });
    const refuse = (status: number, code: WaErrorCode, message: string, extra?: Record<string, string>) =>
      answer(status, { error: { name: "WaError", code, message } }, extra);

    if (origin !== null && !cors && origin !== new URL(request.url).origin)
      return refuse(403, "AUTH", `Origin ${origin} is not allowed to use this proxy; add it to allowedOrigins.`);
    if (request.method === "OPTIONS") return answer(204, null, { allow: ALLOW_METHODS });
    if (request.method !== "POST")
      return refuse(405, "CONFIG", `Send the message with POST (received ${request.method}).`, { allow: ALLOW_METHODS });

    let allowed: AuthorizeResult;
    try {
      allowed = await authorize(request);
    } catch {
      return refuse(403, "AUTH", "This request is not allowed to send WhatsApp messages.");
    }
    if (allowed instanceof Response) {
      const headers = new Headers(allowed.headers);
      if (cors && origin) for (const [k, v] of Object.entries(corsHeaders(origin))) headers.set(k, v);
      return new Response(allowed.body, { status: allowed.status, statusText: allowed.statusText, headers });
    }
    if (allowed !== true)
      return request.headers.has("authorization")
        ? refuse(403, "AUTH", "These credentials may not send WhatsApp messages through this proxy.")
        : refuse(401, "AUTH", "Sign in first: this request carries no credentials this proxy accepts.", { "www-authenticate": "Bearer" });

    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type))
      return refuse(415, "CONFIG", `Post the message as JSON with Content-Type: application/json (received ${type === "" ? "none" : type.slice(0, 100)}).`);
    const text = await readText(request, maxBodyBytes);
    if (text === TOO_LARGE)
      return refuse(413, "PROVIDER_ERROR", `The message is larger than this proxy accepts (${maxBodyBytes} bytes).`);
    if (text === undefined) return refuse(400, "PROVIDER_ERROR", "The body is not UTF-8 text.");
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      return refuse(400, "PROVIDER_ERROR", "The body is not valid JSON; post the neutral Message (outgoing.message) as JSON.");
    }

    const fitted = fitMessage(input, { overflow });
    if (!fitted.ok) return answer(422, { error: new ValidationError(fitted.issues).toJSON() });
    const message: Message = fitted.message;
    if (allowRecipient) {
      let allowedTo = false;
      try {
        allowedTo = (await allowRecipient(message.to, request)) === true;
      } catch {
        // fail closed, as for authorize
      }
      if (!allowedTo) return refuse(403, "AUTH", `This proxy does not send to ${message.to}.`);
    }

    let result: SendResult | undefined;
    let failure: WaError | undefined;
    let unexpected = false;
    try {
      // Not tied to request.signal: once sent, a message may be accepted whether or not the
      // browser still listens, and an abort would only hide the outcome from onSend.
      result = await transport.send(provider, message);
    } catch (error) {
      unexpected = !isWaError(error);
      failure = isWaError(error) ? error : new WaError("PROVIDER_ERROR", "The proxy could not send the message.", { cause: error });
    }
    if (onSend) {
      try {
        await onSend({ message, request, ...(result ? { result } : {}), ...(failure ? { error: failure } : {}) });
      } catch {
        // A logging hook must not turn a sent message into a failure: the browser would send it again.
      }
    }
    if (result) return answer(200, { id: result.id, provider: result.provider, status: result.status, raw: result.raw });
    // An unexpected throw (a bug, not a WaError) is reported without its details.
    const error = unexpected ? { name: "WaError", code: "PROVIDER_ERROR", message: failure!.message } : failure!.toJSON();
    return answer(statusOf(failure!), { error });
  };
}

/** The HTTP status the proxy answers for an error on the way to the provider. */
function statusOf(error: WaError): number {
  if (error.code === "VALIDATION" || error.code === "UNSUPPORTED") return 422;
  if (error.code === "TIMEOUT") return 504;
  if (error instanceof ProviderError || error.code === "NETWORK") return 502;
  return 500;
}

function respond(status: number, body: unknown, headers: Record<string, string>): Response {
  // Vary on Origin always: answers differ by origin, and a shared cache must not mix them.
  const base: Record<string, string> = { "cache-control": "no-store", "x-content-type-options": "nosniff", vary: "Origin", ...headers };
  if (body === null) return new Response(null, { status, headers: base });
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...base } });
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

/** Reads at most `max` bytes, whatever `Content-Length` claims. */
async function readText(request: Request, max: number): Promise<string | typeof TOO_LARGE | undefined> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > max) return TOO_LARGE;
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
