/**
 * Error building of the HTTP transport: a thrown fetch or ky error becomes a `WaError`
 * (`TIMEOUT`, `ABORTED`, `NETWORK`) whose message and `cause` hold no credential, and an answer
 * over the size cap a `ProviderError`.
 * @module
 */
import { isHttpError, isKyNetworkError, isKyTimeoutError } from "./ky-guards.ts";
import { ProviderError, WaError } from "../core/errors.ts";
import type { HttpRequest, Provider } from "./provider.ts";
import { AnswerTooLarge, MAX_ANSWER_BYTES } from "./body.ts";
import { SAFE, secretsOf } from "./request-secrets.ts";
import { describeThrown, REDACTED, scrub } from "./secrets.ts";

/** Answer headers a redacted error's `response` keeps; the others are redacted. */
const SAFE_ANSWER =
  /^(content-type|content-length|date|retry-after|x-request-id|x-fb-trace-id|x-ratelimit-.*|ratelimit-.*)$/i;

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
    isKyTimeoutError(error) ||
    (signal?.aborted === true && (signal.reason as Error | undefined)?.name === "TimeoutError");
  if (timedOut)
    return new WaError(
      "TIMEOUT",
      `${provider} did not answer in time. The message may or may not have been accepted; check before sending again, or raise \`timeout\`.`,
      opts,
    );
  if (signal?.aborted || (error instanceof Error && error.name === "AbortError"))
    return new WaError("ABORTED", `The send to ${provider} was aborted before an answer came back.`, opts);
  const inner = isKyNetworkError(error) && error.cause instanceof Error ? error.cause : error;
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
    if (isHttpError(error)) {
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

/** The {@link AnswerTooLarge} behind `error` (a runtime may wrap a stream's error once), if any. @internal */
export function tooLarge(error: unknown): AnswerTooLarge | undefined {
  if (error instanceof AnswerTooLarge) return error;
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof AnswerTooLarge ? cause : undefined;
}

/**
 * The error of a success whose body is over the cap: it was neither read to the end nor parsed,
 * so whether the provider accepted the message is unknown (as after a timeout; not retried).
 * @internal
 */
export function answerTooLarge(provider: string, status: number): ProviderError {
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
