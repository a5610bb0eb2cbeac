/**
 * The settings a client gives its transport. Apart from the transport so that the settings
 * checks (config.ts) read their type without importing the transport that calls them.
 * @module
 */
import type { KyInstance, Options, RetryOptions } from "ky";

/**
 * When to send a message again. ky's own retry options (`limit`, `backoffLimit`, `jitter`,
 * `delay`, `maxRetryAfter`, `statusCodes`, `afterStatusCodes`, `retryOnTimeout`, `shouldRetry`,
 * `methods`), with wafluent's defaults, plus `unsafe`.
 *
 * Defaults: `limit: 2`, retry only `429` and `503` (answers that mean "not accepted"), wait
 * `Retry-After` when the provider sends it (capped by `maxRetryAfter: 30_000` ms), else
 * exponential backoff (300 ms, 600 ms, …, at most `backoffLimit: 10_000` ms) with full jitter.
 * Timeouts, dropped connections and other 5xx are not retried: the provider may already have
 * accepted the message, and a retry would deliver it twice.
 */
export interface RetryPolicy extends RetryOptions {
  /**
   * Also retry what may have been accepted already: 500, 502, 504, 408, timeouts and network
   * errors, for POST too. **Risk: the recipient may get the message twice** (the provider
   * accepted the first attempt, but its answer was lost or late). Use it only for messages where
   * a duplicate is harmless, or when the provider de-duplicates. Default `false`.
   */
  unsafe?: boolean;
}

/** Transport settings of a client. */
export interface TransportOptions {
  /** A ky instance to extend (its hooks, prefix and headers are kept). */
  ky?: KyInstance;
  /** A fetch implementation (tests, proxies, runtimes without a global fetch). */
  fetch?: typeof fetch;
  /** Milliseconds per attempt (to the response headers, and again to read the body). Default 30 000. */
  timeout?: number;
  /**
   * Retries: a number (the `limit`, `0` = never) or a {@link RetryPolicy}. Default: up to 2
   * retries of 429 and 503 only, honouring `Retry-After` (≤ 30 s), else backoff with jitter.
   */
  retry?: number | RetryPolicy;
  /** ky's hooks (beforeRequest, afterResponse, beforeRetry, beforeError). Hook errors see ky's raw errors. */
  hooks?: Options["hooks"];
}
