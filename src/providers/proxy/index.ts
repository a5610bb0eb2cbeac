/**
 * The browser provider: posts the neutral `Message` to your own server, where
 * `createProxyHandler` validates it again and sends it with the keys the browser never sees.
 * @module
 */
import {
  type Issue,
  ProviderError,
  type ProviderErrorInfo,
  UnsupportedError,
  ValidationError,
  WaError,
  type WaErrorCode,
  WA_ERROR_CODES,
} from "../../core/errors.ts";
import type { Json } from "../../core/message.ts";
import {
  ALL_KINDS,
  describeBody,
  guardCompile,
  type HttpRequest,
  pick,
  type Provider,
  type ProviderAnswer,
  type SendStatus,
} from "../../send/provider.ts";
import { validateMessage } from "../../core/validate.ts";
import { configError, kindOf, readOptions, refuseUnknown } from "../../send/config.ts";
import { checkString } from "../../send/setting-values.ts";
import { httpProvider } from "../../send/transport.ts";

/** Settings of {@link proxy}. */
export interface ProxyConfig {
  /**
   * URL of the proxy handler: a path from the site root (`"/api/whatsapp"`, resolved against the
   * page's origin) or an absolute http(s) URL. `"api/whatsapp"`, `"//host/…"` and `"/\host/…"` are refused.
   */
  url: string;
  /**
   * Headers sent with every message, e.g. `{ authorization: "Bearer …" }` for `authorize`. A
   * function is called for each message (for tokens that change). Never put provider keys here.
   */
  headers?: Record<string, string> | (() => Record<string, string>);
}

/**
 * Settings of {@link proxy}.
 * @deprecated Renamed {@link ProxyConfig} (`…Config` is a factory's settings, `…Options` a
 * message's); this alias goes in the next minor version.
 */
export type ProxyOptions = ProxyConfig;

/** The proxy provider: sends through your server's `createProxyHandler`. */
export interface ProxyProvider extends Provider {
  readonly name: "proxy";
}

const CODES: ReadonlySet<string> = /* @__PURE__ */ new Set<string>(WA_ERROR_CODES);
const STATUSES = new Set<SendStatus>(["accepted", "sent", "queued", "scheduled"]);

/**
 * Creates the browser provider that sends through a `createProxyHandler` endpoint. Results and
 * errors are the ones the server's provider produced: a `SendResult` naming that provider, a
 * `ValidationError` with the server's issues, an `UnsupportedError`, a `ProviderError` with the
 * provider's status, code and `retryable`; the proxy's own refusals (401, 403, 413, …) are
 * `ProviderError`s of provider `"proxy"`. Bulk `.to([...])` posts one message per recipient (with
 * `withMedia()`, a file is posted and uploaded once, and each message names its upload).
 * Every kind is accepted here; the server's provider decides what it can send.
 * @throws {WaError} `CONFIG` when `url` is missing, or neither a path from the site root (one
 *   leading `/`, no backslash: `//host` is another host) nor an absolute http(s) URL, or
 *   `headers` is not an object of header strings (or a function returning one; checked when called).
 * @example
 * import { whatsapp, proxy } from "wafluent";
 * const wa = whatsapp({ provider: proxy({ url: "/api/whatsapp", headers: { authorization: `Bearer ${token}` } }) });
 * const { id, provider } = await wa.text("Order shipped").buttons(["Track", "Help"]).to("+31612345678");
 */
export function proxy(options: ProxyConfig): ProxyProvider {
  const where = "proxy()";
  const keys = ["url", "headers"] as const;
  refuseUnknown(where, options, keys, ["url"]);
  const o = readOptions(where, options, keys, true);
  if (o.url === undefined)
    throw new WaError(
      "CONFIG",
      'proxy({ url }) needs the URL of your createProxyHandler endpoint, e.g. proxy({ url: "/api/whatsapp" }).',
    );
  const url = proxyUrl(where, o.url);
  const extra = o.headers;
  const fixed = typeof extra === "function" ? undefined : (checkHeaders(where, "headers", extra) ?? {});
  if (typeof extra === "function" && extra.length > 0)
    throw configError(
      where,
      "headers",
      "is a function that expects arguments",
      "Pass () => ({ authorization: `Bearer ${token}` }).",
    );
  // The request of a body: the headers are the fixed ones, or the function's, asked per request.
  const post = (body: Json): HttpRequest => {
    let headers = fixed;
    if (!headers) {
      let made: unknown;
      try {
        made = (extra as () => unknown)();
      } catch {
        throw configError(
          where,
          "headers",
          "threw when called",
          "Make the headers function return an object of header strings.",
        );
      }
      // Its tokens are redacted too: the transport redacts every credential header of a request.
      headers = checkHeaders(where, "headers()", made);
    }
    return {
      url,
      method: "POST",
      headers: { ...headers, "content-type": "application/json", accept: "application/json" },
      body,
    };
  };
  const provider: ProxyProvider = {
    name: "proxy",
    kinds: ALL_KINDS,
    compile(message) {
      // Validate here too: an invalid message never leaves the browser (the server checks again).
      const valid = validateMessage(message);
      return post(valid as unknown as Json);
    },
    // A read receipt or typing indicator: `{ action, messageId }` to the same handler, which
    // sends it with the server's provider under the same checks as a message.
    act: (action) => ({
      ...post({ action: action.type, messageId: action.messageId }),
      read: (answer) => {
        const provider = pick(answer.body, "provider");
        return typeof provider === "string" ? { provider, raw: pick(answer.body, "raw") } : {};
      },
    }),
    parseSuccess(answer) {
      const id = pick(answer.body, "id");
      const status = pick(answer.body, "status");
      const provider = pick(answer.body, "provider");
      if (typeof id !== "string" || typeof provider !== "string" || !STATUSES.has(status as SendStatus))
        return {
          failed: true,
          message: `the proxy answered ${describeBody(answer.body)}, not a send result; is ${url} a createProxyHandler endpoint?`,
        };
      return { id, status: status as SendStatus, provider, raw: pick(answer.body, "raw") };
    },
    parseError: relayedError,
  };
  // The headers' credentials (an `authorize` token), registered for the redactor.
  return guardCompile(
    httpProvider(
      provider,
      ...(fixed
        ? Object.entries(fixed)
            .filter(([k]) => !SAFE_HEADERS.has(k))
            .map(([, v]) => v)
        : []),
    ),
  );
}

/**
 * The proxy's URL, checked when `proxy()` is called and returned as fetch will request it:
 * a path from the site root (exactly one leading `/`; a browser reads `//host/…` and `/\host/…`
 * as another host, which would get the bearer header) or an absolute http(s) URL without
 * credentials. A relative path (`api/whatsapp`) is refused: it depends on the page's own path,
 * and fetch outside a page cannot resolve it (nothing would be sent).
 */
function proxyUrl(where: string, value: unknown): string {
  const fix =
    'Pass a path from the site root like "/api/whatsapp", or an absolute URL like "https://shop.example/api/whatsapp".';
  const text = checkString(where, "url", value, { max: 2048, fix })!;
  if (/[\s\p{Cc}\\]/u.test(text))
    throw configError(
      where,
      "url",
      'has whitespace, a control character or a backslash (which a browser reads as "/")',
      fix,
    );
  if (text.startsWith("//"))
    throw configError(where, "url", 'starts with "//", which a browser reads as another host, not a path', fix);
  if (text.startsWith("/")) {
    const path = new URL(text, "http://path.invalid");
    return path.pathname + path.search + path.hash;
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text))
    throw configError(
      where,
      "url",
      "is a relative path: it would resolve against the page's own path, and cannot be fetched outside a page",
      fix,
    );
  if (!absoluteHttp(text))
    throw configError(where, "url", "is not an http(s) URL without a user name or password", fix);
  return new URL(text).href;
}

/** An absolute http(s) URL fetch accepts (no user name or password in it). */
function absoluteHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === "https:" || u.protocol === "http:") && u.username === "" && u.password === "";
  } catch {
    return false;
  }
}

const SAFE_HEADERS = new Set(["accept", "accept-language", "content-type", "user-agent"]);

/**
 * The `headers` of {@link proxy} checked and copied: a plain object of header names (tokens) to
 * string values an HTTP header can carry, at most 64 of them and 16 KiB each.
 */
function checkHeaders(where: string, field: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw configError(
      where,
      field,
      `must be an object of header names to values, or a function returning one; received ${kindOf(value)}`,
      typeof value === "string" ? 'Write { authorization: "Bearer …" }.' : "",
    );
  const names = Object.keys(value);
  if (names.length > 64) throw configError(where, field, `has ${names.length} headers; at most 64 are accepted`);
  const out: Record<string, string> = {};
  for (const name of names) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || name.length > 256)
      throw configError(where, field, "has a header name that is not a valid HTTP token");
    const v = readOptions(where, value, [name])[name];
    if (typeof v !== "string" || v.length > 16_384 || !/^[\x20-\x7e\x80-\xff]*$/.test(v) || /^\s|\s$/.test(v))
      throw configError(
        where,
        `${field}.${name.slice(0, 64)}`,
        typeof v === "string"
          ? "is not a value an HTTP header can carry (line breaks, non-Latin-1 characters, surrounding spaces, or over 16 KiB)"
          : `must be a string; received ${kindOf(v)}`,
      );
    out[name.toLowerCase()] = v;
  }
  return out;
}

/** Rebuilds the error the proxy handler reported, or describes a refusal of the proxy itself. */
function relayedError(answer: ProviderAnswer): ProviderErrorInfo | WaError {
  const e = pick(answer.body, "error");
  const name = pick(e, "name");
  const message = pick(e, "message");
  const code = pick(e, "code") as WaErrorCode;
  if (typeof message !== "string" || !CODES.has(code))
    return {
      message: `the proxy answered ${describeBody(answer.body)}; is ${answer.status === 404 ? "the proxy url right" : "the proxy handler running"}?`,
    };
  if (name === "ValidationError" && Array.isArray(pick(e, "issues")))
    return new ValidationError((pick(e, "issues") as unknown[]).map(toIssue));
  if (name === "UnsupportedError")
    return withMessage(new UnsupportedError(String(pick(e, "provider")), String(pick(e, "feature"))), message);
  if (name === "ProviderError" && typeof pick(e, "provider") === "string" && typeof pick(e, "status") === "number") {
    const info: ProviderErrorInfo = { code, message };
    const providerCode = pick(e, "providerCode");
    if (typeof providerCode === "string" || typeof providerCode === "number") info.providerCode = providerCode;
    if (typeof pick(e, "retryable") === "boolean") info.retryable = pick(e, "retryable") as boolean;
    if (typeof pick(e, "retryAfter") === "number") info.retryAfter = pick(e, "retryAfter") as number;
    return withMessage(
      new ProviderError(pick(e, "provider") as string, pick(e, "status") as number, info, pick(e, "raw")),
      message,
    );
  }
  if (code === "TIMEOUT" || code === "NETWORK" || code === "ABORTED" || code === "CONFIG")
    return new WaError(code, message);
  // The proxy's own refusal (401, 403, 405, 413, 415, 400): a ProviderError of provider "proxy".
  return { code, message };
}

function toIssue(raw: unknown): Issue {
  const issue: { path: string; message: string; limit?: number; received?: number; more?: number } = {
    path: String(pick(raw, "path") ?? ""),
    message: String(pick(raw, "message") ?? "invalid"),
  };
  if (typeof pick(raw, "limit") === "number") issue.limit = pick(raw, "limit") as number;
  if (typeof pick(raw, "received") === "number") issue.received = pick(raw, "received") as number;
  // The server's count of issues it did not list (see MAX_ISSUES), so the relayed error says it too.
  const more = pick(raw, "more");
  if (typeof more === "number" && Number.isSafeInteger(more) && more > 0) issue.more = more;
  return issue;
}

/** Keeps the server's exact wording (the constructors would rephrase it). */
function withMessage<E extends WaError>(error: E, message: string): E {
  error.message = message;
  return error;
}
