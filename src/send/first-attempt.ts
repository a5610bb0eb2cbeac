/**
 * The first attempt of a direct send (no ky instance or hooks of the caller): one `fetch` as ky
 * would make it with its least work, timed by wafluent. What did not succeed goes on to ky's retry
 * loop (transport.ts), which is handed this outcome as its own first attempt; ky is loaded then
 * (ky-load.ts), not before.
 * @module
 */
import type { HttpRequest, ProviderAnswer } from "./provider.ts";
import { AnswerTooLarge, cappedAnswer, MAX_ANSWER_BYTES, readAnswer } from "./body.ts";
import { parseJson } from "../core/json.ts";
import type { AnswerWatcher } from "./sender.ts";
import { loadKy } from "./ky-load.ts";

/**
 * Key of the fetch-only option that carries what a send attaches past ky (see
 * {@link attachBody}): ky forwards options it does not know to `fetch`, as it does undici's
 * `dispatcher`. @internal
 */
export const CARRY = "wafluentCarry";

/**
 * ky's fetch options with what rides past ky to {@link attachBody}: what fetch takes on top of
 * ky's `Request` (`fetch(request, init)` takes it from `init`), the body.
 */
export type WithCarry = RequestInit & { [CARRY]?: RequestInit };

/**
 * The fetch ky calls when nobody but wafluent sees ky's `Request` (no ky instance, no hooks).
 * ky then builds a bodiless `Request`, and the JSON string is attached here, on the way out: ky's
 * per-attempt `request.clone()` (kept for a retry) no longer tees a body stream, fetch no longer
 * pipes the `Request`'s body through a second stream, and headers are not copied twice. Each
 * attempt gets the same string. A client `fetch` still receives one complete `Request`: method,
 * URL, headers, body, `redirect: "manual"` and the signal that aborts it.
 */
export function attachBody(
  own: typeof fetch | undefined,
): (input: RequestInfo | URL, init?: WithCarry) => Promise<Response> {
  return (request, init = {}) => {
    const carry = init[CARRY];
    if (!carry) return (own ?? globalThis.fetch)(request, init);
    // (ky hands fetch only the options it does not know: here, wafluent's carry alone.)
    if (!own) return globalThis.fetch(request, carry);
    const { [CARRY]: _, ...rest } = init;
    return own(new Request(request, carry), rest);
  };
}

/** The `accept` header of every attempt, first or retried (under the send's own headers, which win). */
export const ACCEPT = "application/json";

/** The longest timer delay every runtime takes (ky refuses a longer `timeout`). */
export const MAX_TIMER = 2_147_483_647;

/** The fetch ky calls for a direct send: {@link attachBody}'s, its answers capped. @internal */
export type Fetcher = (input: RequestInfo | URL, init?: WithCarry) => Promise<Response>;

/** `fetch` whose answers' bodies stop at {@link MAX_ANSWER_BYTES} (see `cappedAnswer`). */
export function capFetch(fetch: Fetcher): Fetcher {
  return (input, init) => fetch(input, init).then((response) => cappedAnswer(response, MAX_ANSWER_BYTES));
}

/** The answer of a response whose body was read. */
export function answerOf(response: Response, text: string): ProviderAnswer {
  // A custom fetch that followed a redirect anyway: the answer is not the provider's.
  if (response.redirected)
    return { status: 399, headers: new Headers({ location: response.url }), body: parseBody(text) };
  return { status: response.status, headers: response.headers, body: parseBody(text) };
}

/** An answer's body: JSON when it parses as JSON, else the text itself ("" stays ""). */
export const parseBody = (text: string): unknown => parseJson(text, text);

/**
 * How the first attempt of a direct send ended: a success, read (the watcher has heard it), or
 * what ky's retry loop gets from its first fetch (an error status with its body unread, or the
 * rejection of an attempt that got no answer), so that ky decides as if it had made the attempt.
 */
export type First = ProviderAnswer | (() => Promise<Response>);

/** The methods ky writes in upper case (as ky's `normalizeRequestMethod`); fetch would leave `patch` as is. */
const KY_METHODS = ["get", "post", "put", "patch", "head", "delete", "query"];

/**
 * The first attempt of a direct send: the `fetch` ky makes with no retry, no timeout and no HTTP
 * errors (the method as ky writes it, the headers, body, `redirect: "manual"` and the signal; a
 * client `fetch` gets them as one `Request`), without loading ky. wafluent's own timer bounds
 * it as ky's `timeout` did: `ms` to the response headers, then `ms` again to read the body (one
 * timer: when it rings while the body is read, it is set again for what is left). On expiry the
 * attempt is aborted (`controller`, which the caller's signal also aborts) and ends with ky's own
 * `TimeoutError`. A success is read here; an error status (body unread), a timeout before the
 * headers or any rejection is handed back for ky's retry loop. A timeout or failure while
 * reading a success's body rejects: the answer came, so it is not retried (as with ky).
 */
export function firstAttempt(
  own: typeof fetch | undefined,
  req: HttpRequest,
  body: string | FormData | undefined,
  ms: number,
  controller: AbortController,
  heard: { final: AnswerWatcher } | undefined,
): Promise<First> {
  // `accept` under the send's own headers (which win), no `undefined` values: as ky merges them.
  const headers: Record<string, string> = { accept: ACCEPT };
  const given = req.headers;
  for (const name of Object.keys(given)) if (given[name] !== undefined) headers[name] = given[name];
  const method = KY_METHODS.includes(req.method) ? req.method.toUpperCase() : req.method;
  const init: RequestInit = { method, headers, body, redirect: "manual", signal: controller.signal };
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
      // ky's own error, naming the request as ky's would have held it (ky is loaded for it).
      loadKy().then(
        ({ TimeoutError }) => {
          const error = new TimeoutError(new Request(req.url, { method, headers }));
          if (reading) reject(error);
          else resolve(() => Promise.reject(error));
          controller.abort(error);
        },
        (error: unknown) => {
          reject(error);
          controller.abort(error);
        },
      );
    };
    let timer = setTimeout(expire, ms);
    // A microtask later, as ky fetches (a signal aborted right after the send is seen aborted);
    // a fetch that throws at once then fails the attempt as one that rejects, as within ky.
    Promise.resolve()
      .then(() => (own ? own(new Request(req.url, init), {}) : globalThis.fetch(req.url, init)))
      .then(
        (response) => {
          // (A response that comes after the time ran out is left alone, as ky leaves it.)
          if (expired) return;
          // Not a response (a client fetch that resolved to nothing): ky's retry loop meets it as
          // its own fetch's outcome and fails as it always did.
          if (typeof response !== "object" || response === null) {
            clearTimeout(timer);
            resolve(async () => response);
            return;
          }
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
              // (A body read to its end after the time ran out: the attempt timed out, as with ky.)
              if (expired) return;
              clearTimeout(timer);
              if (text === undefined) reject(new AnswerTooLarge(response.status));
              else resolve(answerOf(response, text));
            },
            (error: unknown) => {
              if (expired) return;
              clearTimeout(timer);
              reject(error);
            },
          );
        },
        (error: unknown) => {
          // (Once the time ran out the attempt is a timeout, also while ky is being loaded for it.)
          if (expired) return;
          clearTimeout(timer);
          // ky's retry loop wraps a fetch failure in its NetworkError, around the Request it holds.
          resolve(() => Promise.reject(error));
        },
      );
  });
}
