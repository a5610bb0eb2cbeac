/**
 * The settings a client gives its HTTP transport, and their check: types apart from the
 * transport so that a client's options name them without importing it; the check runs only
 * when a provider that sends over HTTP makes its transport.
 * @module
 */
import type { KyInstance, Options, RetryOptions } from "ky";
import { checkFunction, configError, kindOf, readOptions, refuseUnknown } from "./config.ts";
import { checkNumber, checkStringList } from "./setting-values.ts";

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

const RETRY_KEYS = [
  "limit",
  "backoffLimit",
  "maxRetryAfter",
  "delay",
  "jitter",
  "retryOnTimeout",
  "shouldRetry",
  "statusCodes",
  "afterStatusCodes",
  "methods",
  "unsafe",
] as const;
const HOOK_KEYS = ["init", "beforeRequest", "beforeRetry", "afterResponse", "beforeError"] as const;

/**
 * The transport settings of a factory (`fetch`, `timeout`, `retry`, `hooks`, `ky`), checked and
 * copied: `timeout` a positive number of milliseconds (at most 2 147 483 647, what timers
 * take), `retry` a whole number ≥ 0 or a policy whose numbers, lists and callbacks have the
 * right types, `fetch` a function, `hooks` an object of arrays of functions, `ky` a ky instance.
 * @throws {WaError} `CONFIG` naming the option and the kind of problem.
 * @example const transport = checkTransport("createQueueConsumer()", options);
 * @internal
 */
export function checkTransport(where: string, options: unknown): TransportOptions {
  const o = readOptions(where, options, ["fetch", "timeout", "retry", "hooks", "ky"]);
  const out: TransportOptions = {};
  const fetch = checkFunction<typeof globalThis.fetch>(where, "fetch", o.fetch);
  if (fetch) out.fetch = fetch;
  const timeout = checkNumber(where, "timeout", o.timeout, {
    min: 1,
    max: 2_147_483_647,
    integer: false,
    unit: "milliseconds",
  });
  if (timeout !== undefined) out.timeout = timeout;
  if (o.retry !== undefined) out.retry = checkRetry(where, o.retry);
  if (o.hooks !== undefined) {
    refuseUnknown(`${where} \`hooks\``, o.hooks, HOOK_KEYS);
    const hooks = readOptions(`${where} \`hooks\``, o.hooks, HOOK_KEYS);
    for (const [name, list] of Object.entries(hooks))
      if (!Array.isArray(list) || list.some((f) => typeof f !== "function"))
        throw configError(where, `hooks.${name}`, `must be an array of functions; received ${kindOf(list)}`);
    out.hooks = hooks as TransportOptions["hooks"];
  }
  if (o.ky !== undefined) {
    let extend: unknown;
    try {
      extend = (o.ky as { extend?: unknown } | null)?.extend;
    } catch {
      extend = undefined;
    }
    if (typeof extend !== "function")
      throw configError(where, "ky", `must be a ky instance (ky.create(…)); received ${kindOf(o.ky)}`);
    out.ky = o.ky as TransportOptions["ky"];
  }
  return out;
}

function checkRetry(where: string, retry: unknown): number | RetryPolicy {
  if (typeof retry === "number") return checkNumber(where, "retry", retry, { max: 100, unit: "retries" })!;
  if (retry === null || typeof retry !== "object" || Array.isArray(retry))
    throw configError(
      where,
      "retry",
      `must be a whole number of retries or a retry policy object; received ${kindOf(retry)}`,
    );
  refuseUnknown(`${where} \`retry\``, retry, RETRY_KEYS);
  const r = readOptions(`${where} \`retry\``, retry, RETRY_KEYS);
  const policy: Record<string, unknown> = { ...r };
  checkNumber(where, "retry.limit", r.limit, { max: 100, unit: "retries" });
  checkNumber(where, "retry.backoffLimit", r.backoffLimit, { integer: false, infinite: true, unit: "milliseconds" });
  checkNumber(where, "retry.maxRetryAfter", r.maxRetryAfter, { integer: false, infinite: true, unit: "milliseconds" });
  checkFunction(where, "retry.delay", r.delay);
  checkFunction(where, "retry.shouldRetry", r.shouldRetry);
  for (const key of ["retryOnTimeout", "unsafe"] as const)
    if (r[key] !== undefined && typeof r[key] !== "boolean")
      throw configError(where, `retry.${key}`, `must be true or false; received ${kindOf(r[key])}`);
  if (r.jitter !== undefined && typeof r.jitter !== "boolean" && typeof r.jitter !== "function")
    throw configError(where, "retry.jitter", `must be true, false or a function; received ${kindOf(r.jitter)}`);
  for (const key of ["statusCodes", "afterStatusCodes"] as const) {
    const list = r[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length > 600)
      throw configError(where, `retry.${key}`, `must be an array of HTTP status codes; received ${kindOf(list)}`);
    list.forEach((code, i) => checkNumber(where, `retry.${key}[${i}]`, code, { min: 100, max: 599 }));
    policy[key] = [...list];
  }
  if (r.methods !== undefined) {
    policy.methods = checkStringList(where, "retry.methods", r.methods, 16)!.map((m) => m.toLowerCase());
  }
  return policy as RetryPolicy;
}
