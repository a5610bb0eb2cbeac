/**
 * The HTTP transport: a compiled request goes out through ky (set up here; the first attempt of
 * a direct send, one plain fetch, in first-attempt.ts; ky itself is loaded on first need, see
 * ky-load.ts), and whatever comes back becomes a `SendResult` or a typed `WaError` that carries
 * no credential (transport-errors.ts, answers.ts). Only providers that send over HTTP load it:
 * {@link httpProvider} attaches it to one as its sender (see sender.ts).
 * @module
 */
import type { HTTPError, KyInstance, Options, RetryOptions } from "ky";
import { isAnyKyError, isHttpError, isKyNetworkError } from "./ky-guards.ts";
import { loadKy } from "./ky-load.ts";
import type { HttpRequest, Provider, ProviderAnswer } from "./provider.ts";
import { encodeBody } from "./request-body.ts";
import { cappedAnswer, MAX_ANSWER_BYTES } from "./body.ts";
import { checkTransport, type RetryPolicy, type TransportOptions } from "./transport-options.ts";
import { isPlain } from "../core/json.ts";
import { WaError } from "../core/errors.ts";
import { scrubbing, withSecrets } from "./secrets.ts";
import { secretsOf } from "./request-secrets.ts";
import { fail, read } from "./answers.ts";
import {
  deliverInProcess,
  SENDER,
  type AnswerWatcher,
  type Sender,
  type SendOptions,
  type Transport,
  WATCH,
} from "./sender.ts";
import {
  ACCEPT,
  attachBody,
  CARRY,
  capFetch,
  answerOf,
  type Fetcher,
  firstAttempt,
  MAX_TIMER,
  parseBody,
  type WithCarry,
} from "./first-attempt.ts";
import { answerTooLarge, redactedCause, tooLarge, transportError } from "./transport-errors.ts";

export type { RetryPolicy, SendOptions, Transport, TransportOptions };

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
      if (!unsafe && !isAnyKyError(state.error)) return false;
      if (!unsafe && isKyNetworkError(state.error)) return false;
      return undefined;
    },
  };
}

/**
 * Creates the transport of a client (or proxy handler, or queue consumer).
 *
 * Without a caller's ky instance or hooks, a send's first attempt is the one fetch ky would make
 * with its least work (no retry, no timeout, no HTTP errors), made without ky: wafluent times it
 * itself, with one timer to the headers and one to read the body. Only an attempt that did not
 * succeed (an error status, a timeout, a network error, an abort) goes on to ky's retry loop,
 * configured as before, which is handed that first outcome as its own first attempt: ky decides
 * the retries (limit, statuses, `Retry-After`, backoff, jitter, `shouldRetry`) exactly as it did
 * for every send.
 * With a ky instance or hooks, every attempt is ky's, as before (hooks see every attempt). ky is
 * imported when a send first needs it (ky-load.ts): the ky instance below is made then, once.
 * @throws {WaError} `CONFIG` when a transport option is malformed (`owner` names the factory).
 * @internal
 */
export function createTransport(given: TransportOptions = {}, owner = "The transport"): Transport {
  const options = checkTransport(owner, given);
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
  let made: Promise<KyInstance> | undefined;
  const http = () =>
    (made ??= loadKy().then((ky) =>
      (options.ky ?? ky.default).extend({
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
      }),
    ));
  // The first attempt of a direct send: one fetch, ky's least work (see `firstAttempt`), which
  // reads a success's body with the cap itself and caps an error's before ky's retry loop reads it.
  const first = direct ? { fetch: options.fetch } : undefined;
  const wire: Wire = { http, first, fetcher: capped, timeout };
  // One per bulk batch (its watcher), not one per send: the batch's sends share the retry options.
  const hearing = new WeakMap<AnswerWatcher, Heard>();
  let warm = false;
  return {
    async send(provider, message, sendOptions = {}) {
      // (A provider that answers in-process, given to a server entry that sends with this transport.)
      if (provider.deliver) return deliverInProcess(provider, message, sendOptions);
      const watch = sendOptions[WATCH];
      const request = provider.compile(message);
      let heard = watch && hearing.get(watch);
      if (watch && !heard) hearing.set(watch, (heard = hearRetried(watch, retry)));
      const secrets = () => secretsOf(request, undefined, provider);
      // The first send works the credential forms out while its request is in flight (its answer
      // is scrubbed with them; later sends find them memoized): about 1 ms off a cold send.
      const early = warm ? undefined : setTimeout(ahead, 0, secrets);
      warm = true;
      try {
        const [answer, cause] = await exchange(wire, provider, request, sendOptions, heard);
        return read(provider, answer, cause, scrubbing(secrets));
      } finally {
        clearTimeout(early);
      }
    },
    async request(provider, request, sendOptions = {}) {
      const [answer, cause] = await exchange(wire, provider, request, sendOptions, undefined);
      const clean = scrubbing(() => secretsOf(request, undefined, provider));
      if (answer.status >= 200 && answer.status < 300) return { ...answer, body: clean.deep(answer.body) };
      return fail(provider, answer, cause, clean);
    },
  };
}

/** What a client sends with, made once per client (see {@link createTransport}). */
interface Wire {
  /** ky as configured for every attempt ky runs (timeout, retry policy, hooks, no redirects), made on first use. */
  http: () => Promise<KyInstance>;
  /** The client's fetch for the first attempt of a direct send (none with a ky instance or hooks). */
  first: { fetch: typeof fetch | undefined } | undefined;
  /** The fetch ky's retries of a direct send call (`attachBody`, its answers capped). */
  fetcher: Fetcher | undefined;
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

/** The HTTP sender: remembers the client's settings as the provider's (see {@link transportFor}). */
const httpSender: Sender = (provider, options, owner) => {
  const transport = createTransport(options, owner);
  bindTransport(provider, options);
  return transport;
};

/**
 * Makes `provider` send over HTTP: attaches wafluent's HTTP transport (ky: timeouts, retries of
 * 429/503, no redirects, answers capped at 1 MiB) as its sender, and registers `credentials`
 * with the redactor ({@link withSecrets}), which also takes every credential-like header and
 * query value of its requests out of errors and answers. Returns `provider`; call it before
 * freezing the provider. wafluent's own network providers come wrapped; a provider of your own
 * that sends over HTTP must be wrapped too (`whatsapp()` refuses one that has no way to send).
 * @throws {TypeError} when `provider` is frozen already.
 * @example
 * import { httpProvider, kindsOf, postJson, type Provider } from "wafluent/provider-kit";
 * export const mine = (apiKey: string): Provider =>
 *   httpProvider({ name: "mine", kinds, compile, parseSuccess, parseError }, apiKey);
 */
export function httpProvider<P extends Provider>(provider: P, ...credentials: readonly unknown[]): P {
  Object.defineProperty(provider, SENDER, { value: httpSender, enumerable: true });
  return withSecrets(provider, ...credentials);
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
        if (isHttpError(state.error) && !retried.has(state.error)) {
          retried.add(state.error);
          watch(state.error.response.status, state.error.response.headers);
        }
        return decide(state);
      },
    },
  };
}

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
    if (
      wire.first &&
      typeof req.url === "string" &&
      typeof ms === "number" &&
      ms <= MAX_TIMER &&
      isPlain(req.headers)
    ) {
      const controller = new AbortController();
      if (signal?.aborted) controller.abort(signal.reason);
      else if (signal) signal.addEventListener("abort", (unlink = () => controller.abort(signal.reason)), ONCE);
      const first = await firstAttempt(wire.first.fetch, req, body, ms, controller, heard);
      if (typeof first !== "function") return [first];
      replay = first;
    }
    // `accept` and `redirect: "manual"` are the client's (see createTransport): nothing per send.
    const init: Options & WithCarry = { method: req.method, headers: req.headers };
    if (body !== undefined) {
      if (wire.first) init[CARRY] = { body };
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
    const pending = (await wire.http())(req.url, init);
    const response = await pending;
    heard?.final(response.status, response.headers);
    // `.text()` bounds the body read by the timeout too (a slow body is a TIMEOUT, not a hang).
    return [answerOf(response, await pending.text())];
  } catch (error) {
    const large = tooLarge(error);
    if (large) throw answerTooLarge(provider.name, large.status);
    // (ky's errors are told by their class: a caller's fetch may throw one before wafluent needed ky.
    // This send needed ky, which could not be imported: `CONFIG`, worded by ky-load.ts.)
    await loadKy().catch((missing: Error) => {
      if (missing === error) throw new WaError("CONFIG", missing.message, missing);
    });
    if (isHttpError(error) && !signal?.aborted) {
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

/** Runs `work` ahead of need (its result is memoized where it is needed); a throw is left for then. */
function ahead(work: () => unknown): void {
  try {
    work();
  } catch {
    // (The same call, made when the answer is read, throws it where it is handled.)
  }
}

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

/** `headers` with `content-type` set to `type` (any other spelling of the name dropped). */
function withContentType(headers: Record<string, string>, type: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) if (name.toLowerCase() !== "content-type") out[name] = headers[name]!;
  out["content-type"] = type;
  return out;
}
