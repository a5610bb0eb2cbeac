/**
 * Reading a provider's answer: a success becomes a `SendResult`, anything else the typed error
 * the provider's parser describes. Shared by the in-process send (the sandbox) and the HTTP
 * transport; the redaction of credentials is handed in by the transport ({@link Scrubber}), so
 * reading an answer loads no redactor.
 * @module
 */
import { ProviderError, type ProviderErrorInfo, WaError } from "../core/errors.ts";
import { describeBody, type Provider, type ProviderAnswer, type SendResult } from "./provider.ts";

/**
 * Takes the credentials of a send out of what an answer hands on (see `scrubbing` in
 * secrets.ts): strings, and JSON values deep. @internal
 */
export interface Scrubber {
  text(text: string): string;
  deep(value: unknown): unknown;
}

/** No credentials to take out: a provider that holds none. */
const AS_IS: Scrubber = { text: (t) => t, deep: (v) => v };

/**
 * Reads a provider answer into a result, or throws its `ProviderError` (with `cause`, the
 * redacted ky error, when there is one). Every body it hands on, `raw` of a success included,
 * has the credentials scrubbed out. A 3xx (or a browser's opaque redirect, status 0) is a
 * `ProviderError` naming where it pointed: redirects are never followed. @internal
 */
export function read(provider: Provider, answer: ProviderAnswer, cause?: Error, clean: Scrubber = AS_IS): SendResult {
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = guard(() => provider.parseSuccess(answer), answer);
    if (!("failed" in parsed)) {
      const raw = "raw" in parsed ? parsed.raw : answer.body;
      return {
        id: parsed.id,
        provider: parsed.provider ?? provider.name,
        status: parsed.status,
        raw: clean.deep(raw),
      };
    }
  }
  return fail(provider, answer, cause, clean);
}

/** Throws the error of an answer that is not a success (`read` and the transport's `request` share it). @internal */
export function fail(provider: Provider, answer: ProviderAnswer, cause?: Error, clean: Scrubber = AS_IS): never {
  const options = cause ? { cause } : undefined;
  // A provider that echoes the credential back in its error must not leak it into the error: the
  // answer (body and headers) is scrubbed before the provider's parser reads it, so what the
  // parser quotes from it is clean. The parser's own sentences (Bird's "sent as `AccessKey
  // <key>`") are not scrubbed: redaction is for values that came from outside.
  const body = clean.deep(answer.body);
  const headers = scrubHeaders(answer.headers, clean);
  const scrubbed = body === answer.body && headers === answer.headers ? answer : { ...answer, body, headers };
  if (answer.status === 0 || (answer.status >= 300 && answer.status < 400)) {
    const location = answer.headers.get("location");
    const where = location
      ? `a redirect to ${clean.text(location.slice(0, 300))}`
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
function scrubHeaders(headers: Headers, clean: Scrubber): Headers {
  if (clean === AS_IS) return headers;
  let out: Headers | undefined;
  headers.forEach((value, name) => {
    const text = clean.text(value);
    if (text !== value) (out ??= new Headers(headers)).set(name, text);
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
