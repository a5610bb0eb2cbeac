/**
 * The proxy handler's options, what a browser may set in a message's provider options, and the
 * checks of both (when the handler is created, and on each posted message).
 * @module
 */
import type { TemplatesLike } from "../send/templates/types.ts";
import { type Issue, WaError } from "../core/errors.ts";
import type { Message, ProviderOptions } from "../core/message.ts";
import type { Provider, SendResult, UploadResult } from "../send/provider.ts";
import type { TransportOptions } from "../send/transport.ts";
import type { Overflow } from "../core/fit.ts";
import { kindOf } from "../send/config.ts";

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

/** What `onUpload` receives after each upload-only post (a page's bulk send of one file) the handler attempted. */
export interface ProxyUploadEvent {
  /** The validated message whose files the page asked to upload (the sends that name them follow, each through `onSend`). */
  message: Message;
  /** The incoming request (read its headers for user ids; its body is already consumed). */
  request: Request;
  /** Each file the provider took: where it was in the message, its size and the id or URL it got. */
  uploads?: readonly UploadResult[];
  /** The error, when the upload failed. */
  error?: WaError;
}

/**
 * Which provider options (`message.options[provider]`) browsers may set through
 * {@link createProxyHandler}, per provider: a list of option keys, `true` for all of that
 * provider's options, `false` for none. A provider that is not named allows none.
 * @example
 * const allowOptions: BrowserOptionPolicy = { bik: [...PROXY_BROWSER_OPTIONS.bik, "businessPhoneNumber"], bird: false };
 */
export type BrowserOptionPolicy = {
  readonly [P in keyof ProviderOptions]?: readonly (keyof NonNullable<ProviderOptions[P]> & string)[] | boolean;
};

/**
 * The provider options a browser may set by default: the ones that shape the content, never
 * the sender number, a URL the provider calls back, scheduling, delivery or bookkeeping
 * settings. Bird: template addressing (`projectId`, `version`, `locale`) and presentation
 * (`altText`, `listButton`, `actions`, `media`). Bik: `templateId` and `type`. Kaleyra,
 * Zixflow, Cloud API and any other provider: none. Widen or narrow it with `allowOptions`.
 * @example
 * import { createProxyHandler, PROXY_BROWSER_OPTIONS } from "wafluent";
 * createProxyHandler({ provider, authorize, allowOptions: { bird: [...PROXY_BROWSER_OPTIONS.bird, "tags"] } });
 */
export const PROXY_BROWSER_OPTIONS = /* @__PURE__ */ Object.freeze({
  bird: /* @__PURE__ */ Object.freeze([
    "projectId",
    "version",
    "locale",
    "altText",
    "listButton",
    "actions",
    "media",
  ] as const),
  bik: /* @__PURE__ */ Object.freeze(["templateId", "type"] as const),
}) satisfies BrowserOptionPolicy;

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
   * Largest accepted `multipart/form-data` body (a message with its files, posted by
   * `withMedia(proxy())`), in bytes, counted while reading: over it, 413 before any more is read.
   * Checked after `authorize`. Needs a `provider` given `withMedia()`. Default 16 MiB.
   */
  maxUploadBytes?: number;
  /** Milliseconds the whole body may take to arrive once reading starts; later → 408. Default 10 000. */
  bodyTimeout?: number;
  /**
   * Which provider options the browser may set, per provider; replaces {@link PROXY_BROWSER_OPTIONS}
   * for each provider it names (`[...PROXY_BROWSER_OPTIONS.bird, "tags"]` widens, `[]` or `false`
   * narrows, `true` allows all of them). Any other option in a posted message is refused with 422
   * (path `options.<provider>.<key>`) and nothing is sent.
   */
  allowOptions?: BrowserOptionPolicy;
  /**
   * Refuses recipients (403) unless it returns `true`, e.g. to allow only the signed-in user's number; a throw refuses too.
   * `to` is the validated recipient exactly as it will be sent: an E.164 phone number, or a business-scoped user ID
   * (BSUID, `US.13491208655302741918`) for a user known only by username: compare it to the identifiers you stored.
   */
  allowRecipient?: (to: string, request: Request) => boolean | Promise<boolean>;
  /** Called after each send (for logs and audits); its errors are ignored so they never turn a sent message into a failure. */
  onSend?: (event: ProxySendEvent) => void | Promise<void>;
  /**
   * Called after each upload-only post (`withMedia(proxy())` uploading a file once for a bulk
   * send), for logs and audits of what was uploaded with your keys; its errors are ignored.
   */
  onUpload?: (event: ProxyUploadEvent) => void | Promise<void>;
  /**
   * The server's own fit policy, applied to what the browser posted before validating it
   * (see `fitMessage`): `"error"` (default) refuses over-long text with 422, `"truncate"`
   * shortens it as the client would. The browser's setting is never trusted.
   */
  overflow?: Overflow;
  /**
   * Template definitions (`defineTemplates()` from `wafluent/templates`, or the module
   * `wafluent templates pull` writes), as `whatsapp({ templates })` takes them: each template a
   * page posts is checked against them before any I/O (422 with the `VALIDATION` issues, never
   * sent), and a provider that routes by them (`cloudApi({ marketingMessages: true })`) sends
   * through its own copy bound to them.
   */
  templates?: TemplatesLike;
}

/** @internal */
export const PROXY_HANDLER_KEYS = [
  "provider",
  "authorize",
  "allowedOrigins",
  "maxBodyBytes",
  "maxUploadBytes",
  "bodyTimeout",
  "allowOptions",
  "allowRecipient",
  "onSend",
  "onUpload",
  "overflow",
  "templates",
  "fetch",
  "timeout",
  "retry",
  "hooks",
  "ky",
] satisfies (keyof ProxyHandlerOptions)[];

/** The options of the message the policy does not allow, as issues naming each and the fix. @internal */
export function refusedOptions(message: Message, policy: BrowserOptionPolicy): Issue[] {
  const issues: Issue[] = [];
  for (const [name, opts] of Object.entries(message.options ?? {})) {
    if (opts === undefined) continue;
    const rule = Object.hasOwn(policy, name)
      ? (policy as Record<string, readonly string[] | boolean | undefined>)[name]
      : false;
    if (rule === true) continue;
    for (const key of Object.keys(opts)) {
      if (Array.isArray(rule) && rule.includes(key)) continue;
      const path = `options.${name.slice(0, 40)}.${key.slice(0, 60)}`;
      const widen = Array.isArray(PROXY_BROWSER_OPTIONS[name as keyof typeof PROXY_BROWSER_OPTIONS])
        ? `[...PROXY_BROWSER_OPTIONS.${name}, ${JSON.stringify(key.slice(0, 60))}]`
        : `[${JSON.stringify(key.slice(0, 60))}]`;
      issues.push({
        path,
        message:
          `\`${path}\` may not be set by the browser: this proxy decides it (sender numbers, callback URLs and delivery settings stay on the server). ` +
          `Leave it out of the message, or let browsers set it on the server with createProxyHandler({ allowOptions: { ${JSON.stringify(name.slice(0, 40))}: ${widen} } }).`,
      });
    }
  }
  return issues;
}

/** The upstream send's options: a wrong type would fail every send, or never time out. @internal */
export function checkTransportOptions({ fetch, timeout, retry }: TransportOptions): void {
  if (fetch !== undefined && typeof fetch !== "function")
    throw new WaError("CONFIG", `createProxyHandler: fetch must be a fetch function; received ${kindOf(fetch)}.`);
  if (timeout !== undefined && !(typeof timeout === "number" && timeout > 0 && timeout <= 2_147_483_647))
    throw new WaError(
      "CONFIG",
      `createProxyHandler: timeout must be a number of milliseconds from 1 to 2147483647 (default 30000); received ${kindOf(timeout)}.`,
    );
  if (
    retry !== undefined &&
    !(Number.isSafeInteger(retry) && (retry as number) >= 0) &&
    !(typeof retry === "object" && retry !== null && !Array.isArray(retry))
  )
    throw new WaError(
      "CONFIG",
      `createProxyHandler: retry must be a whole number of retries ≥ 0 or a retry policy object; received ${kindOf(retry)}.`,
    );
}

/** `allowedOrigins` as a set, refusing anything that is not a list of exact origins. @internal */
export function checkOrigins(list: unknown): Set<string> {
  if (!Array.isArray(list))
    throw new WaError(
      "CONFIG",
      `createProxyHandler: allowedOrigins must be an array of origins, e.g. ["https://shop.example"]; received ${kindOf(list)}. Wrap a single origin in [ ].`,
    );
  list.forEach((o: unknown, i) => {
    let exact = false;
    try {
      exact = typeof o === "string" && /^https?:$/.test(new URL(o).protocol) && new URL(o).origin === o;
    } catch {
      // not a URL
    }
    if (!exact)
      throw new WaError(
        "CONFIG",
        `createProxyHandler: allowedOrigins[${i}] must be an origin as browsers send it: http(s), host and port only, lower case, no path or trailing slash, e.g. "https://shop.example"; received ${kindOf(o)}.`,
      );
  });
  return new Set(list as string[]);
}

/** The browser option policy: the defaults, with the server's own lists in place of theirs. @internal */
export function checkPolicy(allow: unknown): BrowserOptionPolicy {
  if (allow === undefined) return PROXY_BROWSER_OPTIONS;
  if (typeof allow !== "object" || allow === null || Array.isArray(allow))
    throw new WaError(
      "CONFIG",
      `createProxyHandler: allowOptions must map provider names to option keys, e.g. { bird: ["projectId"] }; received ${kindOf(allow)}.`,
    );
  const policy: Record<string, readonly string[] | boolean> = { ...PROXY_BROWSER_OPTIONS };
  for (const [name, rule] of Object.entries(allow)) {
    if (typeof rule !== "boolean" && !(Array.isArray(rule) && rule.every((k) => typeof k === "string" && k !== "")))
      throw new WaError(
        "CONFIG",
        `createProxyHandler: allowOptions.${name.slice(0, 40)} must be a list of option keys (e.g. ["projectId"]), true (all of them) or false (none); received ${kindOf(rule)}.`,
      );
    policy[name] = Array.isArray(rule) ? [...rule] : rule;
  }
  return policy;
}
