/**
 * The send path: a compiled request goes out through ky (the only module that imports ky),
 * and whatever comes back becomes a `SendResult` or a typed `WaError`.
 * @module
 */
import ky, { HTTPError, isNetworkError, isTimeoutError, type KyInstance, type Options } from "ky";
import { ProviderError, WaError } from "./errors.ts";
import type { Message } from "./message.ts";
import type { HttpRequest, Provider, ProviderAnswer, SendResult } from "./provider.ts";

/** Per-send options. */
export interface SendOptions {
  /** Aborts the send; the promise rejects with a `WaError` of code `ABORTED`. */
  signal?: AbortSignal;
  /** Milliseconds before the send fails with code `TIMEOUT`; overrides the client's. */
  timeout?: number;
}

/** Transport settings of a client. */
export interface TransportOptions {
  /** A ky instance to extend (its hooks, prefix and retry settings are kept). */
  ky?: KyInstance;
  /** A fetch implementation (tests, proxies, runtimes without a global fetch). */
  fetch?: typeof fetch;
  /** Milliseconds per attempt. Default 30 000. */
  timeout?: number;
  /** ky's retry option. Default: 2 retries of 429 and 503 only, honouring Retry-After (≤ 30 s). */
  retry?: Options["retry"];
  /** ky's hooks (beforeRequest, afterResponse, beforeRetry, beforeError). */
  hooks?: Options["hooks"];
}

/** Built once per client. @internal */
export interface Transport {
  send(provider: Provider, message: Message, options?: SendOptions): Promise<SendResult>;
}

// Retry only answers that mean "not accepted": 429 and 503. A 500, a timeout or a dropped
// connection may follow an accepted message, and a retry would send it twice.
const DEFAULT_RETRY: Options["retry"] = {
  limit: 2,
  methods: ["post", "get"],
  statusCodes: [429, 503],
  afterStatusCodes: [429, 503],
  maxRetryAfter: 30_000,
  retryOnTimeout: false,
};

/** Creates the transport of a client. @internal */
export function createTransport(options: TransportOptions = {}): Transport {
  const base = options.ky ?? ky;
  const http = base.extend({
    timeout: options.timeout ?? 30_000,
    retry: options.retry ?? DEFAULT_RETRY,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    async send(provider, message, sendOptions = {}) {
      const request = provider.compile(message);
      const answer = provider.deliver
        ? await provider.deliver(request, message)
        : await exchange(http, provider.name, request, sendOptions);
      return read(provider, answer);
    },
  };
}

async function exchange(http: KyInstance, name: string, req: HttpRequest, opts: SendOptions): Promise<ProviderAnswer> {
  try {
    const response = await http(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.timeout === undefined ? {} : { timeout: opts.timeout }),
    });
    return { status: response.status, headers: response.headers, body: parseBody(await response.text()) };
  } catch (error) {
    if (error instanceof HTTPError) {
      return { status: error.response.status, headers: error.response.headers, body: error.data ?? "" };
    }
    throw transportError(name, error, opts.signal);
  }
}

/** Turns a thrown fetch/ky error into a credential-free `WaError`. @internal */
export function transportError(provider: string, error: unknown, signal?: AbortSignal): WaError {
  if (signal?.aborted || (error instanceof Error && error.name === "AbortError"))
    return new WaError("ABORTED", `The send to ${provider} was aborted before an answer came back.`);
  if (isTimeoutError(error))
    return new WaError(
      "TIMEOUT",
      `${provider} did not answer in time. The message may or may not have been accepted; check before sending again.`,
    );
  const reason = isNetworkError(error) && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return new WaError(
    "NETWORK",
    `Could not reach ${provider} (${reason}). The message may or may not have been accepted; check before sending again.`,
  );
}

function parseBody(text: string): unknown {
  if (text === "") return "";
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads a provider answer into a result, or throws its `ProviderError`. @internal */
export function read(provider: Provider, answer: ProviderAnswer): SendResult {
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = provider.parseSuccess(answer);
    if ("failed" in parsed) throw new ProviderError(provider.name, answer.status, parsed, answer.body);
    return { id: parsed.id, provider: parsed.provider ?? provider.name, status: parsed.status, raw: "raw" in parsed ? parsed.raw : answer.body };
  }
  const info = provider.parseError(answer);
  if (info instanceof WaError) throw info; // a relayed error (proxy), already complete
  const retryAfter = info.retryAfter ?? retryAfterSeconds(answer.headers.get("retry-after"));
  throw new ProviderError(provider.name, answer.status, retryAfter === undefined ? info : { ...info, retryAfter }, answer.body);
}

/** Reads `Retry-After` (seconds, or an HTTP date) as seconds from now. @internal */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
