/**
 * The send path: a compiled request goes out through ky (the only module that imports ky at run time),
 * and whatever comes back becomes a `SendResult` or a typed `WaError` that carries no credential.
 * @module
 */
import ky, {
  HTTPError,
  isKyError,
  isNetworkError,
  isTimeoutError,
  type KyInstance,
  NetworkError,
  type Options,
  type RetryOptions,
  TimeoutError,
} from "ky";
import { ProviderError, type ProviderErrorInfo, WaError } from "../core/errors.ts";
import type { Message } from "../core/message.ts";
import { describeBody, type HttpRequest, type Provider, type ProviderAnswer, type SendResult } from "./provider.ts";
import { encodeBody } from "./request-body.ts";
import { AnswerTooLarge, cappedAnswer, MAX_ANSWER_BYTES, readAnswer } from "./body.ts";
import { checkTransport } from "./config.ts";
import type { RetryPolicy, TransportOptions } from "./transport-options.ts";
import { isPlain, parseJson } from "../core/json.ts";
import { describeThrown, REDACTED, registeredSecrets, scrub, scrubDeep, secretForms } from "./secrets.ts";

export type { RetryPolicy, TransportOptions };

/** Per-send options. */
export interface SendOptions {
  /**
   * Aborts the send, also while waiting to retry; the promise rejects with a `WaError` of code
   * `ABORTED` (or `TIMEOUT` when the signal's reason is a `TimeoutError`, as from `AbortSignal.timeout()`).
   */
  signal?: AbortSignal;
  /** Milliseconds per attempt before the send fails with code `TIMEOUT`; overrides the client's. */
  timeout?: number;
}

/** Told about every HTTP answer of a send, retries included (the bulk sender's shared backoff). @internal */
export type AnswerWatcher = (status: number, headers: Headers) => void;

/** Key under which the bulk sender slips an {@link AnswerWatcher} into a send's options. @internal */
export const WATCH: unique symbol = Symbol("wafluent.watch");

/** Send options plus the internal answer watcher. @internal */
export interface WatchedSendOptions extends SendOptions {
  [WATCH]?: AnswerWatcher;
}

/** Built once per client. @internal */
export interface Transport {
  send(provider: Provider, message: Message, options?: WatchedSendOptions): Promise<SendResult>;
  /**
   * Sends a request of `provider` that is no message (Bird's service window query) the same way:
   * same timeout, retries, fetch, no redirects, credentials redacted. Resolves a 2xx answer
   * (body scrubbed); throws the `ProviderError` / `WaError` a send would.
   */
  request(provider: Provider, request: HttpRequest, options?: SendOptions): Promise<ProviderAnswer>;
}

const METHODS = ["get", "post", "put", "patch", "delete"];

/** ky's retry options from wafluent's policy. @internal */
export function retryOptions(policy: number | RetryPolicy | undefined): RetryOptions {
  const given: RetryPolicy = typeof policy === "number" ? { limit: policy } : (policy ?? {});
  const { unsafe = false, shouldRetry: own, ...rest } = given;
  // `limit` and `retryOnTimeout` are spelled out although they equal ky's defaults: a caller's ky
  // instance may have its own, and wafluent's policy must win over them.
  return {
    limit: 2,
    methods: METHODS,
    // 429 and 503 mean "not accepted, try later"; anything else may follow an accepted message.
    statusCodes: unsafe ? [408, 429, 500, 502, 503, 504] : [429, 503],
    afterStatusCodes: [429, 503],
    maxRetryAfter: 30_000,
    backoffLimit: 10_000,
    jitter: true,
    retryOnTimeout: unsafe,
    ...rest,
    async shouldRetry(state) {
      const decided = own ? await own(state) : undefined;
      if (typeof decided === "boolean") return decided;
      // ky retries network errors for every listed method; a POST that lost its answer is not safe.
      if (!unsafe && !isKyError(state.error)) return false;
      if (!unsafe && isNetworkError(state.error)) return false;
      return undefined;
    },
  };
}

/**
 * Key of the fetch-only option that carries what a send attaches past ky (see
 * {@link attachBody}): ky forwards options it does not know to `fetch`, as it does undici's
 * `dispatcher`. @internal
 */
const CARRY = "wafluentCarry";

/** What rides past ky to {@link attachBody}: one object per send. */
interface Carry {
  /**
   * What fetch takes on top of ky's `Request` (`fetch(request, init)` takes these from `init`):
   * the body on every attempt; on a first attempt also the headers, `redirect` and its signal.
   */
  init: RequestInit;
  /** The `Request` ky built for the attempt. */
  request?: Request | undefined;
}

type WithCarry = RequestInit & { [CARRY]?: Carry };

/**
 * The fetch ky calls when nobody but wafluent sees ky's `Request` (no ky instance, no hooks).
 * ky then builds a bodiless `Request` (on a first attempt a bare one: method and URL), and the
 * JSON string (and the rest of a first attempt) is attached here, on the way out: ky's
 * per-attempt `request.clone()` (kept for a retry) no longer tees a body stream, fetch no longer
 * pipes the `Request`'s body through a second stream, and headers are not copied twice. Each
 * attempt gets the same string. A client `fetch` still receives one complete `Request`: method,
 * URL, headers, body, `redirect: "manual"` and the signal that aborts it.
 */
function attachBody(own: typeof fetch | undefined): (input: RequestInfo | URL, init?: WithCarry) => Promise<Response> {
  return (request, init = {}) => {
    const carry = init[CARRY];
    if (!carry) return (own ?? globalThis.fetch)(request, init);
    if (request instanceof Request) carry.request = request;
    // (ky hands fetch only the options it does not know: here, wafluent's carry alone.)
    if (!own) return globalThis.fetch(request, carry.init);
    const { [CARRY]: _, ...rest } = init;
    return own(new Request(request, carry.init), rest);
  };
}

/** The `accept` header of every attempt, first or retried (under the send's own headers, which win). */
const ACCEPT = "application/json";

/** The longest timer delay every runtime takes (ky refuses a longer `timeout`). */
const MAX_TIMER = 2_147_483_647;

/**
 * Creates the transport of a client (or proxy handler, or queue consumer).
 *
 * Without a caller's ky instance or hooks, a send's first attempt goes through a ky configured
 * with ky's least work (no retry, no timeout, no HTTP errors): wafluent times it itself, with one
 * timer to the headers and one to read the body. Only an attempt that did not succeed (an error
 * status, a timeout, a network error, an abort) goes on to ky's retry loop, configured as before,
 * which is handed that first outcome as its own first attempt: ky decides the retries (limit,
 * statuses, `Retry-After`, backoff, jitter, `shouldRetry`) exactly as it did for every send.
 * With a ky instance or hooks, every attempt is ky's, as before (hooks see every attempt).
 * @throws {WaError} `CONFIG` when a transport option is malformed (`owner` names the factory).
 * @internal
 */
export function createTransport(given: TransportOptions = {}, owner = "The transport"): Transport {
  const options = checkTransport(owner, given);
  const base = options.ky ?? ky;
  // A ky instance or hooks of the caller may read the body from ky's Request: give it to ky then.
  const direct = !options.ky && !options.hooks;
  const retry = retryOptions(options.retry);
  const timeout = options.timeout ?? 30_000;
  const fetcher = direct ? attachBody(options.fetch) : options.fetch;
  // Every answer ky reads is capped (MAX_ANSWER_BYTES) before ky or a parser sees its body: in a
  // direct send by the fetch ky calls; with a caller's ky or hooks, whose fetch may be the ky
  // instance's own, by a last afterResponse hook (after the caller's, which see the answer as sent).
  const capped = direct ? capFetch(fetcher!) : undefined;
  const hooks = direct
    ? undefined
    : {
        ...options.hooks,
        afterResponse: [
          ...(options.hooks?.afterResponse ?? []),
          ({ response }: { response: Response }) => cappedAnswer(response, MAX_ANSWER_BYTES),
        ],
      };
  const http = base.extend({
    timeout,
    // A redirect would carry the credential to wherever the provider (or an attacker) points,
    // and turn a POST into a GET whose 2xx would read as a send: never follow one.
    redirect: "manual",
    // Once per client: ky merges these under each send's own headers (which win).
    headers: { accept: ACCEPT },
    retry,
    // Error bodies that claim JSON but are not (proxies, HTML pages) stay readable as text.
    parseJson: parseBody,
    ...(hooks ? { hooks } : {}),
    ...(capped ? { fetch: capped } : fetcher ? { fetch: fetcher } : {}),
  });
  // The first attempt of a direct send: ky's least work per request (see `firstAttempt`), which
  // reads a success's body with the cap itself and caps an error's before ky's retry loop reads it.
  const first = direct ? ky.extend({ timeout: false, retry: 0, throwHttpErrors: false, fetch: fetcher! }) : undefined;
  const wire: Wire = { http, first, fetcher: capped, timeout };
  // One per bulk batch (its watcher), not one per send: the batch's sends share the retry options.
  const hearing = new WeakMap<AnswerWatcher, Heard>();
  return {
    async send(provider, message, sendOptions = {}) {
      const watch = sendOptions[WATCH];
      const request = provider.compile(message);
      if (provider.deliver) {
        if (sendOptions.signal?.aborted)
          throw transportError(provider.name, sendOptions.signal.reason, sendOptions.signal, request, provider);
        const answer = await provider.deliver(request, message);
        watch?.(answer.status, answer.headers);
        return read(provider, answer, undefined, () => secretsOf(request, undefined, provider));
      }
      let heard = watch && hearing.get(watch);
      if (watch && !heard) hearing.set(watch, (heard = hearRetried(watch, retry)));
      const [answer, cause] = await exchange(wire, provider, request, sendOptions, heard);
      return read(provider, answer, cause, () => secretsOf(request, undefined, provider));
    },
    async request(provider, request, sendOptions = {}) {
      const [answer, cause] = await exchange(wire, provider, request, sendOptions, undefined);
      const secrets = () => secretsOf(request, undefined, provider);
      if (answer.status >= 200 && answer.status < 300) return { ...answer, body: scrubDeep(answer.body, secrets()) };
      return fail(provider, answer, cause, secrets);
    },
  };
}

/** What a client sends with, made once per client (see {@link createTransport}). */
interface Wire {
  /** ky as configured for every attempt ky runs: timeout, retry policy, hooks, no redirects. */
  http: KyInstance;
  /** ky with its least work, for the first attempt of a direct send (none with a ky instance or hooks). */
  first: KyInstance | undefined;
  /** The fetch ky's retries of a direct send call (`attachBody`, its answers capped). */
  fetcher: ((input: RequestInfo | URL, init?: WithCarry) => Promise<Response>) | undefined;
  /** The client's timeout per attempt, in milliseconds. */
  timeout: number;
}

/** Transport options of the client each provider was last given to (see {@link transportFor}). */
const BOUND = new WeakMap<object, TransportOptions>();

/** Remembers `options` as the transport settings of `provider`'s client. @internal */
export function bindTransport(provider: Provider, options: TransportOptions): void {
  if (typeof provider === "object" && provider !== null) BOUND.set(provider, options);
}

/**
 * A transport for requests a provider makes outside a send (Bird's service window): the
 * settings of the client the provider was last given to (`whatsapp({ provider, fetch })`),
 * with `overrides` (the call's own `fetch`, `timeout`, …) on top.
 * @throws {WaError} `CONFIG` when an override is malformed.
 * @internal
 */
export function transportFor(provider: Provider, overrides: TransportOptions = {}, owner = "the request"): Transport {
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return createTransport({ ...BOUND.get(provider), ...given }, owner);
}

/** How the bulk sender hears every answer of a send, the ones ky retries included. */
interface Heard {
  /** Per-request retry options: the client's, with a `shouldRetry` that reports each HTTP error first. */
  retry: RetryOptions;
  /** Errors already reported (ky rethrows the last one when it stops retrying). */
  retried: WeakSet<HTTPError>;
  /** Reports the answer a send ended with. */
  final: AnswerWatcher;
}

/**
 * Lets `watch` hear each answer as it comes, the ones ky is about to retry included, so that a
 * 429 slows the whole batch down before ky's own wait. ky asks `shouldRetry` about every HTTP
 * error before it waits (an `afterResponse` hook would do too, but ky hands each hook a clone of
 * the response: a second body stream per answer); the decision stays the client's policy.
 */
function hearRetried(watch: AnswerWatcher, retry: RetryOptions): Heard {
  const retried = new WeakSet<HTTPError>();
  const decide = retry.shouldRetry!;
  return {
    retried,
    final: watch,
    retry: {
      shouldRetry(state) {
        if (state.error instanceof HTTPError && !retried.has(state.error)) {
          retried.add(state.error);
          watch(state.error.response.status, state.error.response.headers);
        }
        return decide(state);
      },
    },
  };
}

/**
 * How the first attempt of a direct send ended: a success, read (the watcher has heard it), or
 * what ky's retry loop gets from its first fetch (an error status with its body unread, or the
 * rejection of an attempt that got no answer), so that ky decides as if it had made the attempt.
 */
type First = ProviderAnswer | (() => Promise<Response>);

async function exchange(
  wire: Wire,
  provider: Provider,
  compiled: HttpRequest,
  opts: SendOptions,
  heard: Heard | undefined,
): Promise<[ProviderAnswer, Error?]> {
  checkFetchedUrl(provider, compiled.url);
  const { body, contentType } = encodeBody(provider.name, compiled);
  // A form's content type is the encoding's, whatever the provider wrote.
  const req = contentType ? { ...compiled, headers: withContentType(compiled.headers, contentType) } : compiled;
  const ms = opts.timeout ?? wire.timeout;
  const signal = opts.signal;
  let unlink: (() => void) | undefined;
  try {
    let replay: (() => Promise<Response>) | undefined;
    // (A per-send timeout ky would refuse or ignore takes ky's own path, which says so as before;
    // so do headers that are not a plain object, which ky merges its own way.)
    if (wire.first && typeof ms === "number" && ms <= MAX_TIMER && isPlain(req.headers)) {
      const controller = new AbortController();
      if (signal?.aborted) controller.abort(signal.reason);
      else if (signal) signal.addEventListener("abort", (unlink = () => controller.abort(signal.reason)), ONCE);
      const first = await firstAttempt(wire.first, req, body, ms, controller, heard);
      if (typeof first !== "function") return [first];
      replay = first;
    }
    // `accept` and `redirect: "manual"` are the client's (see createTransport): nothing per send.
    const init: Options & WithCarry = { method: req.method, headers: req.headers };
    if (body !== undefined) {
      if (wire.first) init[CARRY] = { init: { body } };
      else init.body = body;
    }
    if (signal) init.signal = signal;
    if (opts.timeout !== undefined) init.timeout = opts.timeout;
    if (heard) init.retry = heard.retry;
    // ky's first fetch gets the first attempt's outcome; its retries really fetch.
    if (replay)
      init.fetch = (input, more) => {
        const outcome = replay;
        replay = undefined;
        return outcome ? outcome() : wire.fetcher!(input, more);
      };
    const pending = wire.http(req.url, init);
    const response = await pending;
    heard?.final(response.status, response.headers);
    // `.text()` bounds the body read by the timeout too (a slow body is a TIMEOUT, not a hang).
    return [answerOf(response, await pending.text())];
  } catch (error) {
    const large = tooLarge(error);
    if (large) throw answerTooLarge(provider.name, large.status);
    if (error instanceof HTTPError && !signal?.aborted) {
      if (!heard?.retried.has(error)) heard?.final(error.response.status, error.response.headers);
      const answer = { status: error.response.status, headers: error.response.headers, body: error.data ?? "" };
      return [answer, redactedCause(error, req, provider)];
    }
    throw transportError(provider.name, error, signal, req, provider);
  } finally {
    if (unlink) signal!.removeEventListener("abort", unlink);
  }
}

const ONCE = { once: true } as const;

/** Per provider, the last request URL found to be the URL fetched (a provider's sends repeat one). */
const AS_FETCHED = new WeakMap<object, string>();

/**
 * Refuses, before any I/O, a request URL that fetch would rewrite: dot segments (`/a/../b`), a
 * backslash, spaces or control characters, an upper-case host, a default port, … The URL
 * compiled is then exactly the URL fetched, so a credential goes only where the compiled
 * request (and any log of it) says. An absolute URL must be its own WHATWG `href`; a path (the
 * browser's `proxy({ url: "/api/whatsapp" })`) must start with exactly one `/` and resolve to itself.
 */
function checkFetchedUrl(provider: Provider, url: unknown): void {
  // (A URL that is not text is ky's to refuse, as before.)
  if (typeof url !== "string" || AS_FETCHED.get(provider) === url) return;
  if (!fetchedAsIs(url))
    throw new WaError(
      "CONFIG",
      `${String(provider.name).slice(0, 40)} compiled a request URL that fetch would rewrite (a \`.\` or \`..\` segment, a backslash, spaces, an upper-case host, a default port, …); nothing was sent. ` +
        "Build URLs from ids checked with checkId and a base URL checked with checkBaseUrl (wafluent/provider-kit).",
    );
  AS_FETCHED.set(provider, url);
}

function fetchedAsIs(url: string): boolean {
  try {
    if (!url.startsWith("/")) return new URL(url).href === url;
    if (/^\/[/\\]/.test(url)) return false;
    const resolved = new URL(url, "http://path.invalid");
    return resolved.pathname + resolved.search + resolved.hash === url;
  } catch {
    return false;
  }
}

/** `fetch` whose answers' bodies stop at {@link MAX_ANSWER_BYTES} (see `cappedAnswer`). */
function capFetch(fetch: NonNullable<Wire["fetcher"]>): NonNullable<Wire["fetcher"]> {
  return (input, init) => fetch(input, init).then((response) => cappedAnswer(response, MAX_ANSWER_BYTES));
}

/** The {@link AnswerTooLarge} behind `error` (a runtime may wrap a stream's error once), if any. */
function tooLarge(error: unknown): AnswerTooLarge | undefined {
  if (error instanceof AnswerTooLarge) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof AnswerTooLarge ? cause : undefined;
}

/**
 * The error of a success whose body is over the cap: it was neither read to the end nor parsed,
 * so whether the provider accepted the message is unknown (as after a timeout; not retried).
 */
function answerTooLarge(provider: string, status: number): ProviderError {
  return new ProviderError(
    provider,
    status,
    {
      message: `its body is over ${MAX_ANSWER_BYTES} bytes (1 MiB), more than any provider's answer to a send; wafluent did not read or parse it. The message may or may not have been accepted; check before sending again.`,
      retryable: false,
    },
    undefined,
  );
}

/** The answer of a response whose body was read. */
function answerOf(response: Response, text: string): ProviderAnswer {
  // A custom fetch that followed a redirect anyway: the answer is not the provider's.
  if (response.redirected)
    return { status: 399, headers: new Headers({ location: response.url }), body: parseBody(text) };
  return { status: response.status, headers: response.headers, body: parseBody(text) };
}

/**
 * The first attempt of a direct send, through ky with no retry, no timeout and no HTTP errors
 * (no `Request` clone kept for a retry, no timeout promise raced per attempt). wafluent's own
 * timer bounds it as ky's `timeout` did: `ms` to the response headers, then `ms` again to read
 * the body (one timer: when it rings while the body is read, it is set again for what is left).
 * On expiry the attempt is aborted (`controller`, which the caller's signal also aborts) and
 * ends with ky's own `TimeoutError`. A success is read here; an error status (body unread), a
 * timeout before the headers or any rejection is handed back for ky's retry loop. A timeout or
 * failure while reading a success's body rejects: the answer came, so it is not retried (as
 * with ky).
 */
function firstAttempt(
  first: KyInstance,
  req: HttpRequest,
  body: string | FormData | undefined,
  ms: number,
  controller: AbortController,
  heard: Heard | undefined,
): Promise<First> {
  // `accept` under the send's own headers (which win), no `undefined` values: as ky merges them.
  const headers: Record<string, string> = { accept: ACCEPT };
  const given = req.headers;
  for (const name of Object.keys(given)) if (given[name] !== undefined) headers[name] = given[name];
  // ky builds a bare Request (method and URL); fetch takes the rest from here (see attachBody).
  const carry: Carry = { init: { headers, body, redirect: "manual", signal: controller.signal } };
  const init: WithCarry = { method: req.method, [CARRY]: carry };
  return new Promise((resolve, reject) => {
    let reading = false;
    let readBy = 0;
    let expired = false;
    const expire = () => {
      const left = reading ? readBy - performance.now() : 0;
      if (left > 0) {
        timer = setTimeout(expire, left);
        return;
      }
      expired = true;
      // ky's own error, naming the request as ky's would have held it.
      const error = new TimeoutError(new Request(req.url, { method: req.method, headers }));
      if (reading) reject(error);
      else resolve(() => Promise.reject(error));
      controller.abort(error);
    };
    let timer = setTimeout(expire, ms);
    first(req.url, init as Options).then(
      (response) => {
        // (A response that comes after the time ran out is left alone, as ky leaves it.)
        if (expired) return;
        // ky's rule for an HTTP error: not ok, and not an opaque (no-cors) answer.
        if (!response.ok && response.type !== "opaque") {
          clearTimeout(timer);
          resolve(async () => cappedAnswer(response, MAX_ANSWER_BYTES));
          return;
        }
        heard?.final(response.status, response.headers);
        reading = true;
        readBy = performance.now() + ms;
        readAnswer(response, MAX_ANSWER_BYTES).then(
          (text) => {
            clearTimeout(timer);
            if (text === undefined) reject(new AnswerTooLarge(response.status));
            else resolve(answerOf(response, text));
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      },
      (error: unknown) => {
        clearTimeout(timer);
        // A fetch failure ky wrapped around its bare Request: ky's retry loop wraps it again,
        // around the Request it holds (headers included), as it always did.
        const raw = error instanceof NetworkError && error.request === carry.request ? error.cause : error;
        resolve(() => Promise.reject(raw));
      },
    );
  });
}

/**
 * Turns a thrown fetch/ky error into a `WaError` whose message and `cause` hold no credential.
 * `ABORTED` when the caller's signal fired (also during a retry wait), `TIMEOUT` when an attempt
 * or body read ran out of time (or the signal's reason is a `TimeoutError`), else `NETWORK`.
 * @internal
 */
export function transportError(
  provider: string,
  error: unknown,
  signal?: AbortSignal,
  req?: HttpRequest,
  from?: Provider,
): WaError {
  const cause = redactedCause(error, req, from);
  const opts = cause ? { cause } : undefined;
  const timedOut =
    isTimeoutError(error) ||
    (signal?.aborted === true && (signal.reason as Error | undefined)?.name === "TimeoutError");
  if (timedOut)
    return new WaError(
      "TIMEOUT",
      `${provider} did not answer in time. The message may or may not have been accepted; check before sending again, or raise \`timeout\`.`,
      opts,
    );
  if (signal?.aborted || (error instanceof Error && error.name === "AbortError"))
    return new WaError("ABORTED", `The send to ${provider} was aborted before an answer came back.`, opts);
  const inner = isNetworkError(error) && error.cause instanceof Error ? error.cause : error;
  const reason = inner instanceof Error ? describeCause(inner) : describeThrown(inner);
  // Only the runtime's reason is scrubbed (it may quote the URL): the sentence around it is ours.
  return new WaError(
    "NETWORK",
    `Could not reach ${provider} (${scrub(reason, secretsOf(req, undefined, from))}). The message may or may not have been accepted; check before sending again.`,
    opts,
  );
}

function describeCause(e: Error): string {
  const code = (e.cause as { code?: unknown } | undefined)?.code ?? (e as { code?: unknown }).code;
  const deeper = e.cause instanceof Error ? e.cause.message : undefined;
  return [e.message, deeper, typeof code === "string" ? code : undefined].filter(Boolean).join(": ");
}

// Headers whose values are never credentials; every other request header is redacted.
const SAFE = new Set(["accept", "accept-encoding", "accept-language", "content-type", "content-length", "user-agent"]);
const SAFE_ANSWER =
  /^(content-type|content-length|date|retry-after|x-request-id|x-fb-trace-id|x-ratelimit-.*|ratelimit-.*)$/i;

/** Names of HTTP auth schemes (RFC 9110 and the providers' own): words of a header value that are not secret. */
const SCHEME = /^(?:accesskey|apikey|basic|bearer|digest|key|token)$/i;

/** Forms of header and query values already worked out (a client sends with the same few). */
const FORMS = new Map<string, readonly string[]>();
const formsOf = (value: string): readonly string[] => {
  let forms = FORMS.get(value);
  if (!forms) {
    if (FORMS.size >= 256) FORMS.clear();
    forms = secretForms(value);
    FORMS.set(value, forms);
  }
  return forms;
};

/**
 * Every credential form of a request: those the provider registered, and every form (decoded,
 * prefixed, encoded, see `secretForms`) of its non-safe header values and query values.
 */
function secretsOf(req: HttpRequest | undefined, request?: Request, provider?: Provider): readonly string[] {
  // A client sends with the same headers again and again: work the list out once per provider and headers.
  if (request || !req || !provider || typeof provider !== "object") return collect(req, request, provider);
  let memo = MEMO.get(provider);
  if (!memo) MEMO.set(provider, (memo = { url: "", names: [], values: [], list: [], lists: new Map() }));
  // The last headers seen, compared name by name and value by value: no key string, no garbage.
  const headers = req.headers;
  let i = 0;
  let same = memo.url === req.url && memo.list.length > 0;
  for (const name in headers) {
    if (!same) break;
    same = memo.names[i] === name && memo.values[i] === headers[name];
    i++;
  }
  if (same && i === memo.names.length) return memo.list;
  let key = req.url;
  for (const name of Object.keys(headers)) key += `\n${name}\n${headers[name]}`;
  let list = memo.lists.get(key);
  if (!list) {
    if (memo.lists.size >= 16) memo.lists.clear();
    list = collect(req, undefined, provider);
    memo.lists.set(key, list);
  }
  Object.assign(memo, { url: req.url, names: Object.keys(headers), values: Object.values(headers), list });
  return list;
}

/** Per provider: the credential lists of its last few header sets, and the last one used. */
interface Memo {
  url: string;
  names: string[];
  values: unknown[];
  list: readonly string[];
  lists: Map<string, readonly string[]>;
}

const MEMO = new WeakMap<object, Memo>();

function collect(req: HttpRequest | undefined, request?: Request, provider?: Provider): string[] {
  const out: string[] = [...registeredSecrets(provider)];
  const add = (v: string) => {
    out.push(...formsOf(v));
    // Each word too, but not an auth scheme's name (`AccessKey`, `Bearer`): it is no secret, and
    // a sentence that names it ("sent as `AccessKey <key>`") must stay readable.
    for (const part of v.split(/\s+/)) if (part !== v && !SCHEME.test(part)) out.push(...formsOf(part));
  };
  if (req) for (const [k, v] of Object.entries(req.headers)) if (!SAFE.has(k.toLowerCase())) add(String(v));
  if (request) request.headers.forEach((v, k) => (SAFE.has(k) ? undefined : add(v)));
  for (const url of [req?.url, request?.url]) {
    if (!url) continue;
    try {
      new URL(url).searchParams.forEach((v) => add(v));
    } catch {
      // Not a URL: nothing to collect.
    }
  }
  return [...new Set(out)].sort((a, b) => b.length - a.length);
}

function safeHeaders(h: Headers, keep: (name: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => (out[k] = keep(k) ? v : REDACTED));
  return out;
}

/**
 * A credential-free copy of a ky error for `cause`: a plain `Error` with ky's `name`, its message
 * and stack with credential values replaced by `[redacted]`, `request` as `{ method, url, headers }`
 * (headers other than accept/content-type/user-agent… redacted), `response` as
 * `{ status, statusText, headers }` for HTTP errors, and the same treatment down the `cause` chain.
 * ky's live `Request`, `Response` and `options` (which hold the Authorization header) are dropped.
 * @internal
 */
export function redactedCause(error: unknown, req?: HttpRequest, provider?: Provider): Error | undefined {
  if (error === undefined) return undefined;
  // A non-Error (a string naming the token, an object holding it): its text, scrubbed.
  if (!(error instanceof Error)) return new Error(scrub(describeThrown(error), secretsOf(req, undefined, provider)));
  const request = (error as { request?: unknown }).request;
  const live = request instanceof Request ? request : undefined;
  const secrets = secretsOf(req, live, provider);
  return copy(error, secrets, live, 0);
}

function copy(error: Error, secrets: readonly string[], live: Request | undefined, depth: number): Error {
  const message = scrub(error.message, secrets);
  const out = new Error(message);
  out.name = error.name;
  const frames = (error.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  out.stack = scrub([`${error.name}: ${message}`, ...frames].join("\n"), secrets);
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") Object.assign(out, { code });
  if (live && depth === 0) {
    Object.assign(out, {
      request: {
        method: live.method,
        url: scrub(live.url, secrets),
        headers: safeHeaders(live.headers, (k) => SAFE.has(k)),
      },
    });
    if (error instanceof HTTPError) {
      const r = error.response;
      Object.assign(out, {
        response: {
          status: r.status,
          statusText: r.statusText,
          headers: safeHeaders(r.headers, (k) => SAFE_ANSWER.test(k)),
        },
      });
    }
  }
  if (error.cause instanceof Error && depth < 4) out.cause = copy(error.cause, secrets, undefined, depth + 1);
  else if (error.cause !== undefined && depth < 4) out.cause = scrub(describeThrown(error.cause), secrets);
  return out;
}

/** `headers` with `content-type` set to `type` (any other spelling of the name dropped). */
function withContentType(headers: Record<string, string>, type: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) if (name.toLowerCase() !== "content-type") out[name] = headers[name]!;
  out["content-type"] = type;
  return out;
}

/** An answer's body: JSON when it parses as JSON, else the text itself ("" stays ""). */
const parseBody = (text: string): unknown => parseJson(text, text);

/**
 * Reads a provider answer into a result, or throws its `ProviderError` (with `cause`, the
 * redacted ky error, when there is one). Every body it hands on, `raw` of a success included,
 * has the credentials scrubbed out. A 3xx (or a browser's opaque redirect, status 0) is a
 * `ProviderError` naming where it pointed: redirects are never followed. @internal
 */
export function read(
  provider: Provider,
  answer: ProviderAnswer,
  cause?: Error,
  credentials?: () => readonly string[],
): SendResult {
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = guard(() => provider.parseSuccess(answer), answer);
    if (!("failed" in parsed)) {
      const raw = "raw" in parsed ? parsed.raw : answer.body;
      return {
        id: parsed.id,
        provider: parsed.provider ?? provider.name,
        status: parsed.status,
        raw: scrubDeep(raw, credentials?.() ?? []),
      };
    }
  }
  return fail(provider, answer, cause, credentials);
}

/** Throws the error of an answer that is not a success (`read` and `request` share it). */
function fail(provider: Provider, answer: ProviderAnswer, cause?: Error, credentials?: () => readonly string[]): never {
  const options = cause ? { cause } : undefined;
  const secrets = credentials?.() ?? [];
  // A provider that echoes the credential back in its error must not leak it into the error: the
  // answer (body and headers) is scrubbed before the provider's parser reads it, so what the
  // parser quotes from it is clean. The parser's own sentences (Bird's "sent as `AccessKey
  // <key>`") are not scrubbed: redaction is for values that came from outside.
  const body = scrubDeep(answer.body, secrets);
  const headers = scrubHeaders(answer.headers, secrets);
  const scrubbed = body === answer.body && headers === answer.headers ? answer : { ...answer, body, headers };
  if (answer.status === 0 || (answer.status >= 300 && answer.status < 400)) {
    const location = answer.headers.get("location");
    const where = location
      ? `a redirect to ${scrub(location.slice(0, 300), secrets)}`
      : "a redirect (the runtime hides where to)";
    const message = `${where}, which wafluent does not follow (the credential would go along, and a POST would become a GET). Point the provider at the final address.`;
    throw new ProviderError(
      provider.name,
      answer.status,
      { code: "PROVIDER_ERROR", message, retryable: false },
      body,
      options,
    );
  }
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = guard(() => provider.parseSuccess(scrubbed), scrubbed);
    const info = "failed" in parsed ? parsed : { message: "the answer reported a failure" };
    const { failed: _, ...rest } = info as ProviderErrorInfo & { failed?: true };
    throw new ProviderError(provider.name, answer.status, rest, body, options);
  }
  const info = guard(() => provider.parseError(scrubbed), scrubbed);
  if (info instanceof WaError) throw info; // a relayed error (proxy), already complete
  const retryAfter = info.retryAfter ?? retryAfterSeconds(answer.headers.get("retry-after"));
  throw new ProviderError(
    provider.name,
    answer.status,
    retryAfter === undefined ? info : { ...info, retryAfter },
    body,
    options,
  );
}

/** `headers` with every secret in a value replaced; the same object when none holds one. */
function scrubHeaders(headers: Headers, secrets: readonly string[]): Headers {
  if (secrets.length === 0) return headers;
  let out: Headers | undefined;
  headers.forEach((value, name) => {
    const clean = scrub(value, secrets);
    if (clean !== value) (out ??= new Headers(headers)).set(name, clean);
  });
  return out ?? headers;
}

/** Runs a provider's parser; one that throws on an odd body still yields a useful error. */
function guard<T>(parse: () => T, answer: ProviderAnswer): T | (ProviderErrorInfo & { failed: true }) {
  try {
    return parse();
  } catch {
    return { failed: true, message: `Unexpected answer (HTTP ${answer.status}): ${describeBody(answer.body)}.` };
  }
}

/** Reads `Retry-After` (seconds, or an HTTP date) as seconds from now. @internal */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
