/**
 * The stores where the queue consumer claims idempotency keys and remembers accepted ones: in
 * memory (one isolate, tests) or in Workers KV.
 * @module
 */
import { WaError } from "../core/errors.ts";
import { kindOf } from "../send/config.ts";

/**
 * Remembers which idempotency keys a provider already accepted, and which are being sent: the
 * consumer claims a key here before sending it (values starting `wafluent:` are its marks: a
 * claim, an unknown outcome, a release), then stores the provider's message id.
 */
export interface DedupeStore {
  /** The stored value (the provider's message id, or a mark) for `key`, else `null`/`undefined`. */
  get(key: string): Promise<string | null | undefined>;
  /** Records `value` for `key`, for `ttlSeconds`, replacing what was there. */
  put(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/**
 * An in-memory {@link DedupeStore}: per isolate/process, lost on restart. For tests and
 * single-process use; use {@link kvDedupe} across Worker isolates.
 * @example const consumer = createQueueConsumer({ provider, dedupe: memoryDedupe() });
 */
export function memoryDedupe(now: () => number = Date.now): DedupeStore & { readonly size: number } {
  const map = new Map<string, { value: string; until: number }>();
  return {
    get size() {
      return map.size;
    },
    async get(key) {
      const hit = map.get(key);
      if (!hit) return undefined;
      if (hit.until <= now()) {
        map.delete(key);
        return undefined;
      }
      return hit.value;
    },
    async put(key, value, ttlSeconds) {
      map.set(key, { value, until: now() + ttlSeconds * 1000 });
    },
  };
}

/** The part of a Workers KV binding {@link kvDedupe} uses. */
export interface KvLike {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
}

/**
 * A {@link DedupeStore} on Workers KV. KV is eventually consistent (a write may take up to
 * ~60 s to be seen in other locations), and its `expirationTtl` is at least 60 s (shorter TTLs
 * are raised to 60).
 * @param kv The KV namespace binding, e.g. `env.DEDUPE`.
 * @param prefix Prepended to every key. Default `"wa:"`.
 * @throws {WaError} `CONFIG` when `kv` has no `get()` and `put()`, or `prefix` is not a string.
 * @example const consumer = createQueueConsumer({ provider, dedupe: kvDedupe(env.DEDUPE) });
 * @see https://developers.cloudflare.com/kv/api/write-key-value-pairs/
 */
export function kvDedupe(kv: KvLike, prefix = "wa:"): DedupeStore {
  let usable = false;
  try {
    usable = typeof kv?.get === "function" && typeof kv.put === "function";
  } catch {
    // a binding whose getters throw is no binding
  }
  if (!usable)
    throw new WaError(
      "CONFIG",
      `kvDedupe(kv) takes a Workers KV namespace binding with get() and put(), e.g. kvDedupe(env.DEDUPE); received ${kindOf(kv)}${typeof kv === "object" && kv !== null ? " without get() and put()" : ""}.`,
    );
  if (typeof prefix !== "string")
    throw new WaError(
      "CONFIG",
      `kvDedupe(kv, prefix): \`prefix\` must be a string like "wa:"; received ${kindOf(prefix)}.`,
    );
  return {
    get: (key) => kv.get(prefix + key),
    put: (key, value, ttlSeconds) =>
      kv.put(prefix + key, value, { expirationTtl: Math.max(60, Math.ceil(ttlSeconds)) }),
  };
}
