/**
 * Campaign sends through Cloudflare Queues: `enqueue` validates and batches messages into a
 * queue; `createQueueConsumer` is the Worker's `queue()` handler that sends them, retries what
 * the provider asked to retry, reports what failed, and skips what was already accepted.
 *
 * The queued body is plain JSON: `{ v: 1, key, message, at }` (`key` = idempotency key,
 * `message` = the neutral `Message`, `at` = enqueue time in ms).
 * @see https://developers.cloudflare.com/queues/
 * @module
 */
import {
  isWaError,
  ProviderError,
  ValidationError,
  WA_ERROR_CODES,
  WaError,
  type WaErrorCode,
} from "../core/errors.ts";
import type { Message } from "../core/message.ts";
import { kindOf, numberOption, readingOptions, readOptions, refuseUnknown } from "../send/config.ts";
import { parseJson } from "../core/json.ts";
import { tokenBucket } from "../send/rate-limit.ts";
import { asWaError, BulkError, Outgoing, recipientLabel } from "../send/outgoing.ts";
import type { Provider, SendResult } from "../send/provider.ts";
import { createTransport, type TransportOptions } from "../send/transport.ts";
import { checkMessage } from "../core/validate.ts";

/** Cloudflare Queues limits: messages per `sendBatch`. */
export const QUEUE_BATCH_MESSAGES = 100;
/** Cloudflare Queues limits: bytes per `sendBatch` (256 KB). */
export const QUEUE_BATCH_BYTES = 256 * 1024;
/** Cloudflare Queues limits: bytes per message (128 KB). */
export const QUEUE_MESSAGE_BYTES = 128 * 1024;
// Cloudflare Queues limits: the longest `delaySeconds` of a retry, 12 hours (the limit that has
// long been documented; later docs raise it to 24 h, and 12 h is valid under both).
const QUEUE_MAX_DELAY_SECONDS = 43_200;
// Room kept per message for the metadata Queues stores next to the body (content type, delay).
// The exact accounting is not documented; this allowance is our own conservative GUESS.
const OVERHEAD = 100;

/** The JSON body of one queued message. */
export interface QueuedMessage {
  /** Body format version. */
  v: 1;
  /** Idempotency key: SHA-256 (hex) of the canonical JSON of the message and the salt. */
  key: string;
  /** The validated neutral message. */
  message: Message;
  /** Enqueue time, ms since the epoch. */
  at: number;
}

/** The part of a Cloudflare Queue binding `enqueue` uses (`env.MY_QUEUE`). */
export interface QueueProducer {
  sendBatch(messages: Iterable<{ body: unknown; contentType?: "json" | "text" | "bytes" | "v8" }>): Promise<unknown>;
}

/** Something that can be enqueued: prepared messages, a bulk, or a stream of them. */
export type Enqueueable =
  | Outgoing
  | Message
  | Iterable<Outgoing | Message>
  | AsyncIterable<Outgoing | Message>
  | { entries(): AsyncIterable<{ to: string; outgoing?: Outgoing; error?: WaError }> };

/** Options of {@link enqueue}. */
export interface EnqueueOptions {
  /**
   * Salts every idempotency key (e.g. a campaign id), so the same text to the same person in
   * two campaigns gets two keys. Without it, identical (message, recipient) pairs share a key
   * and the consumer sends only the first.
   */
  salt?: string;
}

/** What {@link enqueue} did. */
export interface EnqueueReport {
  /** Messages handed to the queue. */
  enqueued: number;
  /** `sendBatch` calls made. */
  batches: number;
  /** Idempotency keys of the enqueued messages, in order. */
  keys: string[];
  /** What was refused (invalid, oversized), in input order; none of it entered the queue. */
  refused: { to: string; error: WaError }[];
}

const encoder = /* @__PURE__ */ new TextEncoder();

/** Deeper than any valid message (validation stops JSON values at 16 levels). */
const CANONICAL_DEPTH = 64;
/** More values than a message that fits a queue (128 KB) can hold. */
const CANONICAL_VALUES = 1_000_000;

/**
 * JSON with object keys sorted, so equal messages give equal text. Values JSON cannot hold (a
 * bigint, a symbol, a function, a cycle, nesting deeper than 64 levels, more than a million
 * values, a getter or Proxy that throws) are refused.
 * @throws {WaError} `VALIDATION` naming `where` and what was found.
 * @internal
 */
export function canonicalJson(value: unknown, where = "idempotencyKey(message)"): string {
  const path: object[] = [];
  let budget = CANONICAL_VALUES;
  const walk = (x: unknown): string => {
    if (--budget < 0)
      throw notJson(where, `more than ${CANONICAL_VALUES} values (an object referred to many times counts each time)`);
    if (x === null || typeof x === "string" || typeof x === "number" || typeof x === "boolean")
      return JSON.stringify(x);
    if (x === undefined) return "null";
    if (typeof x !== "object") throw notJson(where, `a ${typeof x}`);
    if (path.length >= CANONICAL_DEPTH) throw notJson(where, `nesting deeper than ${CANONICAL_DEPTH} levels`);
    if (path.includes(x)) throw notJson(where, "a cycle (an object that contains itself)");
    path.push(x);
    let out: string;
    try {
      if (Array.isArray(x)) out = `[${x.map(walk).join(",")}]`;
      else {
        const o = x as Record<string, unknown>;
        const keys = Object.keys(o)
          .filter((k) => o[k] !== undefined)
          .sort();
        out = `{${keys.map((k) => `${JSON.stringify(k)}:${walk(o[k])}`).join(",")}}`;
      }
    } catch (e) {
      throw isWaError(e) ? e : notJson(where, "a value that threw when read (a getter or a Proxy)");
    }
    path.pop();
    return out;
  };
  return walk(value);
}

function notJson(where: string, found: string): WaError {
  return new WaError(
    "VALIDATION",
    `${where} takes a message as plain JSON data (objects, arrays, strings, numbers, booleans, null); it holds ${found}. Pass outgoing.message, or a message checked with validateMessage().`,
  );
}

/**
 * The idempotency key of a message: SHA-256 (WebCrypto, hex) of the canonical JSON of
 * `{ salt, message }`. Stable across runtimes and key order; differs per recipient because `to`
 * is part of the message.
 * @throws {WaError} `VALIDATION` (a rejection) when `message` is not JSON data (a bigint, a cycle,
 *   nesting deeper than 64 levels, a getter that throws); `CONFIG` when `salt` is not a string.
 * @example const key = await idempotencyKey(out.message, "campaign-42");
 */
export async function idempotencyKey(message: Message, salt = ""): Promise<string> {
  if (typeof salt !== "string")
    throw new WaError("CONFIG", `idempotencyKey(message, salt): \`salt\` must be a string; received ${kindOf(salt)}.`);
  const data = encoder.encode(canonicalJson({ salt, message }));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  let hex = "";
  for (const b of hash) hex += b.toString(16).padStart(2, "0");
  return hex;
}

function isOutgoing(x: unknown): x is Outgoing {
  return (
    x instanceof Outgoing ||
    (typeof x === "object" && x !== null && "message" in x && typeof (x as Outgoing).compile === "function")
  );
}

type Item = { to: string; message?: Message; error?: WaError };

// Reads the input; if reading it throws, ends cleanly and keeps the error in `failure`, so what
// was read before is still enqueued and reported (a throw in the consumer's loop is not caught:
// `return()` runs finally blocks only).
async function* items(input: Enqueueable, failure: { error?: unknown; failed?: true }): AsyncIterable<Item> {
  try {
    yield* read(input);
  } catch (error) {
    failure.failed = true;
    failure.error = error;
  }
}

async function* read(input: Enqueueable): AsyncIterable<Item> {
  if (isOutgoing(input)) return yield { to: input.message.to, message: input.message };
  if (
    typeof input === "object" &&
    input !== null &&
    "entries" in input &&
    typeof input.entries === "function" &&
    !Array.isArray(input)
  ) {
    for await (const e of (
      input as { entries(): AsyncIterable<{ to: string; outgoing?: Outgoing; error?: WaError }> }
    ).entries())
      yield e.outgoing
        ? { to: e.to, message: e.outgoing.message }
        : { to: e.to, error: e.error ?? new WaError("VALIDATION", `Recipient ${e.to} was refused.`) };
    return;
  }
  // An Outgoing is thenable (awaiting it sends it): never `for await` a sync iterable of them.
  if (typeof input === "object" && input !== null && Symbol.iterator in input) {
    for (const x of input as Iterable<Outgoing | Message>)
      yield isOutgoing(x) ? { to: x.message.to, message: x.message } : checked(x);
    return;
  }
  if (typeof input === "object" && input !== null && Symbol.asyncIterator in input) {
    const it = (input as AsyncIterable<Outgoing | Message>)[Symbol.asyncIterator]();
    for (;;) {
      // `next()` resolves to { value, done }; the value itself is not awaited.
      const next = await it.next();
      if (next.done) return;
      const x = next.value;
      yield isOutgoing(x) ? { to: x.message.to, message: x.message } : checked(x);
    }
  }
  yield checked(input as Message);
}

function checked(x: unknown): { to: string; message?: Message; error?: WaError } {
  const to =
    typeof x === "object" && x !== null && typeof (x as Message).to === "string"
      ? (x as Message).to
      : recipientLabel(x);
  const r = checkMessage(x);
  return r.ok ? { to, message: r.message } : { to, error: new ValidationError(r.issues) };
}

/**
 * Validates messages and puts them on a Cloudflare Queue with `sendBatch`, each with a stable
 * idempotency key. Invalid and oversized messages are refused (reported, never enqueued);
 * everything else is enqueued, nothing is dropped.
 *
 * Limits: at most 100 messages and 256 KB per `sendBatch`, 128 KB per message (UTF-8 JSON of
 * the body, plus a 100-byte allowance per message for Queues' metadata); batches are split to fit.
 * @param queue The producer binding, e.g. `env.CAMPAIGN`.
 * @param input An `Outgoing`, a neutral `Message`, an array or async iterable of them, or a
 *   `Bulk` (`message.text(...).to(recipients)`: invalid recipients are refused one by one).
 *   An async generator awaits what it yields, and awaiting an `Outgoing` sends it: from an
 *   async generator yield `outgoing.message`, not the `Outgoing`.
 * @throws {WaError} `CONFIG` (a rejection) when `queue` has no `sendBatch()` or `options.salt` is not a string.
 * @throws {BulkError} `SOURCE_ERROR` when `input` throws while being read: what was read before is
 *   enqueued (or refused) first, `results` is that report and `cause` the input's error.
 * @throws {Error} whatever `queue.sendBatch` throws; messages of earlier batches stay enqueued
 *   (their keys are in no report then: re-enqueue the same input, the consumer skips duplicates).
 * @example
 * const report = await enqueue(env.CAMPAIGN, message.text("Sale starts now").to(recipients), { salt: "spring-sale" });
 * report.refused; // [{ to: "+1", error: ValidationError }]
 * @see https://developers.cloudflare.com/queues/platform/limits/
 */
export async function enqueue(
  queue: QueueProducer,
  input: Enqueueable,
  options: EnqueueOptions = {},
): Promise<EnqueueReport> {
  let send: unknown;
  try {
    send = (queue as QueueProducer | null)?.sendBatch;
  } catch {
    // a binding whose getters throw is no binding
  }
  if (typeof send !== "function")
    throw new WaError(
      "CONFIG",
      `enqueue(queue, input) takes a Queues producer binding with sendBatch(), e.g. enqueue(env.CAMPAIGN, …); received ${kindOf(queue)}${typeof queue === "object" && queue !== null ? " without sendBatch()" : ""}.`,
    );
  refuseUnknown("enqueue(queue, input, options)", options, ["salt"]);
  const { salt } = readOptions("enqueue(queue, input, options)", options, ["salt"]);
  if (salt !== undefined && typeof salt !== "string")
    throw new WaError("CONFIG", `enqueue() \`salt\` must be a string; received ${kindOf(salt)}.`);
  const report: EnqueueReport = { enqueued: 0, batches: 0, keys: [], refused: [] };
  let batch: { body: QueuedMessage; contentType: "json" }[] = [];
  let batchKeys: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await queue.sendBatch(batch);
    report.batches++;
    report.enqueued += batch.length;
    report.keys.push(...batchKeys);
    batch = [];
    batchKeys = [];
    bytes = 0;
  };
  const failure: { error?: unknown; failed?: true } = {};
  for await (const item of items(input, failure)) {
    if (!item.message) {
      report.refused.push({ to: item.to, error: item.error ?? new WaError("VALIDATION", "Refused.") });
      continue;
    }
    const body: QueuedMessage = {
      v: 1,
      key: await idempotencyKey(item.message, salt),
      message: item.message,
      at: Date.now(),
    };
    const size = encoder.encode(JSON.stringify(body)).byteLength + OVERHEAD;
    if (size > QUEUE_MESSAGE_BYTES) {
      report.refused.push({
        to: item.to,
        error: new WaError(
          "VALIDATION",
          `The queued message for ${item.to} is ${size} bytes; Cloudflare Queues allows at most ${QUEUE_MESSAGE_BYTES} bytes per message. ` +
            "Send large media by URL or id instead of inline data, or send this message directly.",
        ),
      });
      continue;
    }
    if (batch.length === QUEUE_BATCH_MESSAGES || bytes + size > QUEUE_BATCH_BYTES) await flush();
    batch.push({ body, contentType: "json" });
    batchKeys.push(body.key);
    bytes += size;
  }
  await flush();
  if (failure.failed) {
    const read = report.enqueued + report.refused.length;
    throw new BulkError(
      `enqueue's input threw after ${read} item${read === 1 ? "" : "s"} had been read; they were handled first: ${report.enqueued} enqueued, ${report.refused.length} refused. ` +
        `\`results\` holds that report and \`cause\` the input's error. To resume, fix the source and enqueue only the items after the first ${read} ` +
        "(results.enqueued + results.refused.length); the consumer skips keys it already accepted.",
      report,
      failure.error,
    );
  }
  return report;
}

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

/** The parts of a Queues `Message` the consumer uses. */
export interface QueueDelivery {
  readonly id: string;
  readonly body: unknown;
  readonly attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

/** The part of a Queues `MessageBatch` the consumer uses. */
export interface QueueBatch {
  readonly queue: string;
  readonly messages: readonly QueueDelivery[];
}

/**
 * What happened to one delivery, given to `onResult`. An `accepted` result carries
 * `dedupeError` when the provider accepted the message but the dedupe store failed to record
 * its key: the delivery was acked all the same (never sent twice by this consumer); a later copy
 * of the same key (a re-enqueue) finds only the key's claim and ends `failed`, not sent.
 */
export type QueueResult =
  | { status: "accepted"; key: string; to: string; attempts: number; result: SendResult; dedupeError?: WaError }
  | { status: "duplicate"; key: string; to: string; attempts: number; id: string }
  | { status: "retrying"; key: string; to: string; attempts: number; delaySeconds: number; error: WaError }
  | { status: "failed"; key: string; to: string; attempts: number; error: WaError };

/** Options of {@link createQueueConsumer}. */
export interface QueueConsumerOptions extends Omit<TransportOptions, "retry"> {
  /** The provider to send through. Or a function of `env`, to read credentials from bindings. */
  provider: Provider | ((env: any) => Provider);
  /**
   * Skips keys already accepted, and claims keys before sending them, so other isolates and later
   * deliveries never send a key twice. Or a function of `env`, e.g. `(env) => kvDedupe(env.DEDUPE)`.
   */
  dedupe?: DedupeStore | ((env: any) => DedupeStore);
  /** How long an accepted key is remembered, seconds. Default 7 days. */
  dedupeTtl?: number;
  /**
   * Called once per delivery outcome; `failed` is terminal (route it to your dead-letter
   * handling). What happens when it throws depends on whether the provider may have the message:
   * - The message never reached the provider, or the provider refused it (a parse or validation
   *   failure, a 4xx/5xx answer): the delivery is retried instead of acked unreported.
   * - The provider accepted it (`accepted`, `duplicate`), or may have (a timeout or dropped
   *   connection reported `failed`), or a retry is already asked for (`retrying`): the delivery
   *   stays acked (or retried) as decided, never sent again. A throw on `accepted` is followed
   *   by one more call with `duplicate` (same key and `id`). Whatever `onResult` still throws
   *   then is passed to the runtime's `reportError()` (workerd, Deno and browsers log it as an
   *   uncaught exception: it shows in the Worker's logs and `wrangler tail`); the handler itself
   *   does not reject, since Queues would then deliver the acked messages again.
   */
  onResult?: (result: QueueResult, env: any) => void | Promise<void>;
  /**
   * Messages per second, per isolate (a token bucket shared by the invocations one Worker isolate
   * runs; not global: N isolates may send N times this rate). Default: unlimited.
   */
  rateLimit?: number;
  /** Sends in flight at once within a batch, a whole number from 1 to 1000. Default 10. */
  concurrency?: number;
  /**
   * Deliveries after which a retryable failure becomes `failed` (acked and reported) instead of
   * retried. Set it to the queue's `max_retries` + 1 so nothing reaches the dead-letter queue
   * unreported. Default 4 (Queues' default `max_retries` is 3).
   */
  maxAttempts?: number;
  /**
   * Backoff without `Retry-After`: `base * 2^(attempts-1)` seconds. `max` caps every retry delay,
   * the provider's `Retry-After` included, and is itself capped at 43 200 s (12 h, Queues'
   * longest retry delay). Default `{ base: 2, max: 300 }`.
   */
  backoff?: { base?: number; max?: number };
  /**
   * Retry `TIMEOUT` and `NETWORK` failures too. Off by default: the provider may have accepted
   * the message before the connection failed, and a retry could send it twice.
   */
  retryUncertain?: boolean;
  /** Header carrying the idempotency key on each provider request, or `false`. Default `"Idempotency-Key"`. */
  idempotencyHeader?: string | false;
}

function parseBody(body: unknown): QueuedMessage | WaError {
  const b = typeof body === "string" ? parseJson(body, undefined) : body;
  if (
    typeof b !== "object" ||
    b === null ||
    (b as QueuedMessage).v !== 1 ||
    typeof (b as QueuedMessage).key !== "string"
  )
    return new WaError(
      "VALIDATION",
      "The queued body is not a wafluent message ({ v: 1, key, message }); enqueue it with enqueue().",
    );
  return b as QueuedMessage;
}

export { tokenBucket } from "../send/rate-limit.ts";

const CONSUMER = "createQueueConsumer(options)";
const CONSUMER_KEYS = [
  "provider",
  "dedupe",
  "dedupeTtl",
  "onResult",
  "rateLimit",
  "concurrency",
  "maxAttempts",
  "backoff",
  "retryUncertain",
  "idempotencyHeader",
  "fetch",
  "timeout",
  "hooks",
  "ky",
] satisfies (keyof QueueConsumerOptions)[];

function isFn(x: unknown): x is (...args: any[]) => unknown {
  return typeof x === "function";
}

/** Checks every option of {@link createQueueConsumer} at creation. */
function checkConsumerOptions(options: unknown): asserts options is QueueConsumerOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new WaError(
      "CONFIG",
      `${CONSUMER} needs an options object with at least { provider }, e.g. createQueueConsumer({ provider: (env) => bird({ … }) }); received ${kindOf(options, true)}.`,
    );
  refuseUnknown(CONSUMER, options, CONSUMER_KEYS, ["provider"]);
  const o = options as Record<string, unknown>;
  const provider = o.provider;
  if (!isFn(provider) && !(typeof provider === "object" && provider !== null && isFn((provider as Provider).compile)))
    throw new WaError(
      "CONFIG",
      `${CONSUMER}: \`provider\` must be a provider (e.g. bird({ … })) or a function of env that returns one; received ${kindOf(provider, true)}.`,
    );
  const dedupe = o.dedupe;
  if (
    dedupe !== undefined &&
    !isFn(dedupe) &&
    !(
      typeof dedupe === "object" &&
      dedupe !== null &&
      isFn((dedupe as DedupeStore).get) &&
      isFn((dedupe as DedupeStore).put)
    )
  )
    throw new WaError(
      "CONFIG",
      `${CONSUMER}: \`dedupe\` must be a store with get(key) and put(key, id, ttl), e.g. kvDedupe(env.DEDUPE), or a function of env that returns one; received ${kindOf(dedupe, true)}.`,
    );
  if (o.onResult !== undefined && !isFn(o.onResult))
    throw new WaError("CONFIG", `${CONSUMER}: \`onResult\` must be a function; received ${kindOf(o.onResult, true)}.`);
  numberOption(CONSUMER, "concurrency", o.concurrency, {
    min: 1,
    max: 1000,
    integer: true,
    unit: "sends in flight within a batch",
  });
  numberOption(CONSUMER, "rateLimit", o.rateLimit, { min: 0, unit: "messages per second; 0 = unlimited" });
  numberOption(CONSUMER, "maxAttempts", o.maxAttempts, {
    min: 1,
    integer: true,
    unit: "deliveries, the queue's max_retries + 1",
  });
  numberOption(CONSUMER, "dedupeTtl", o.dedupeTtl, { min: 1, unit: "seconds an accepted key is remembered" });
  numberOption(CONSUMER, "timeout", o.timeout, {
    min: 1,
    max: 2_147_483_647,
    integer: true,
    unit: "milliseconds per send",
  });
  const backoff = o.backoff;
  if (backoff !== undefined) {
    if (typeof backoff !== "object" || backoff === null || Array.isArray(backoff))
      throw new WaError(
        "CONFIG",
        `${CONSUMER}: \`backoff\` must be an object like { base: 2, max: 300 }; received ${kindOf(backoff, true)}.`,
      );
    refuseUnknown(`${CONSUMER} \`backoff\``, backoff, ["base", "max"]);
    const b = backoff as { base?: unknown; max?: unknown };
    numberOption(CONSUMER, "backoff.base", b.base, { min: 0, unit: "seconds before the first retry" });
    numberOption(CONSUMER, "backoff.max", b.max, { min: 0, unit: "seconds at most between retries" });
  }
  if (o.retryUncertain !== undefined && typeof o.retryUncertain !== "boolean")
    throw new WaError(
      "CONFIG",
      `${CONSUMER}: \`retryUncertain\` must be true or false; received ${kindOf(o.retryUncertain, true)}.`,
    );
  const header = o.idempotencyHeader;
  if (
    header !== undefined &&
    header !== false &&
    !(typeof header === "string" && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(header))
  )
    throw new WaError(
      "CONFIG",
      `${CONSUMER}: \`idempotencyHeader\` must be a header name like "Idempotency-Key", or false; received ${typeof header === "string" ? "a string that is not a header name" : kindOf(header, true)}.`,
    );
}

/** What became of a key: the outcome a later copy of it shares. */
type Outcome =
  | { kind: "accepted"; id: string }
  | { kind: "retry"; delaySeconds: number; error: WaError }
  // `sent`: the provider may have the message (its outcome is unknown), so it is never sent again.
  | { kind: "failed"; sent: boolean; error: WaError };

// Marks the consumer writes to the dedupe store next to accepted keys' ids (a provider's id
// never starts with them): a send in flight, a send whose outcome is unknown (+ the error code),
// and a send the provider refused (nothing sent: the key is free again).
const CLAIMED = "wafluent:claimed:";
const UNKNOWN = "wafluent:unknown:";
const RELEASED = "wafluent:released";

function readMark(value: string | null | undefined): "free" | "claimed" | "unknown" | "id" {
  if (value === null || value === undefined || value === RELEASED) return "free";
  if (value.startsWith(CLAIMED)) return "claimed";
  return value.startsWith(UNKNOWN) ? "unknown" : "id";
}

/** A random claim token, so two claims written at once can be told apart. */
function token(): string {
  let hex = "";
  for (const b of crypto.getRandomValues(new Uint8Array(12))) hex += b.toString(16).padStart(2, "0");
  return hex;
}

const NOT_SENT = "Not sent again, so the recipient never gets it twice; ";
const CHECK =
  "check with the provider (its dashboard or status webhooks) whether it arrived, and if not, enqueue it again with another salt.";

function unknownInStore(key: string, value: string): WaError {
  const code = value.slice(UNKNOWN.length);
  return new WaError(
    (WA_ERROR_CODES as readonly string[]).includes(code) ? (code as WaErrorCode) : "TIMEOUT",
    `Key ${key} was sent before and its outcome is unknown (the answer was lost: a timeout, a dropped connection or a 5xx). ${NOT_SENT}${CHECK}`,
  );
}

function claimHeld(key: string, final: boolean): WaError {
  return new WaError(
    "TIMEOUT",
    final
      ? `Key ${key} is still claimed in the dedupe store after maxAttempts deliveries: another delivery was sending it and its outcome never came (its Worker may have stopped mid-send). ${NOT_SENT}${CHECK}`
      : `Key ${key} is claimed in the dedupe store: another delivery is sending it. This one waits (retried) to share that outcome instead of sending twice.`,
  );
}

function copyOfUnknown(key: string, error: WaError): WaError {
  return new WaError(
    error.code,
    `Another delivery of key ${key} was sent and its outcome is unknown (cause holds its error). ${NOT_SENT}${CHECK}`,
    { cause: error },
  );
}

/**
 * The `queue(batch, env, ctx)` handler of a Worker that sends queued messages. Per delivery:
 * skip and ack when the dedupe store knows the key; else claim the key and send; on success ack, record the key
 * and report `accepted`; on a retryable failure (429, 503) `retry({ delaySeconds })` with the
 * provider's `Retry-After`, else exponential backoff; on any other failure (validation, 4xx,
 * unsupported) ack and report `failed` through `onResult`, so it never loops.
 *
 * Once accepted, never resent: after the provider accepted a message its delivery is acked,
 * whatever the dedupe store or `onResult` do next (a failing `put` is reported as the accepted
 * result's `dedupeError`).
 *
 * At most once per key: a key is claimed before its send (in the isolate, and in the dedupe
 * store); another delivery of it waits for that send and shares its outcome (`duplicate`,
 * `retrying` or `failed`) instead of sending. A send whose outcome is unknown (timeout, dropped
 * connection, 500/502/504) is never sent again, unless `retryUncertain` opts in to retrying
 * timeouts and dropped connections. Workers KV is eventually consistent: a claim may not be seen
 * in another location for about a minute.
 * @throws {WaError} `CONFIG` at creation when an option is missing or malformed (e.g.
 *   `concurrency: Number(env.UNSET)`, which is NaN); the message names the option and the kind
 *   of value, never the value.
 * @example
 * export default {
 *   async fetch(req, env) { return Response.json(await enqueue(env.CAMPAIGN, message.text("Hi").to(await req.json()))); },
 *   queue: createQueueConsumer({ provider: (env) => bird({ ... }), dedupe: (env) => kvDedupe(env.DEDUPE), rateLimit: 50 }),
 * };
 */
export function createQueueConsumer(
  options: QueueConsumerOptions,
): (batch: QueueBatch, env?: any, ctx?: unknown) => Promise<void> {
  readingOptions("createQueueConsumer(options)", () => checkConsumerOptions(options));
  const {
    provider,
    dedupe,
    onResult,
    rateLimit,
    dedupeTtl = 7 * 86_400,
    maxAttempts = 4,
    retryUncertain = false,
    idempotencyHeader = "Idempotency-Key",
    concurrency = 10,
    backoff,
    ...transportOptions
  } = options;
  const transport = createTransport({ ...transportOptions, retry: { limit: 0 } }, "createQueueConsumer()");
  const base = backoff?.base ?? 2;
  const max = Math.min(backoff?.max ?? 300, QUEUE_MAX_DELAY_SECONDS);
  // The provider's Retry-After when it is a number of seconds, else backoff; capped either way by
  // `backoff.max` (itself at most Queues' maximum delay), so a provider cannot park a delivery.
  const retryDelay = (after: number | undefined, attempts: number): number => {
    const wanted =
      typeof after === "number" && Number.isFinite(after) && after >= 0 ? after : base * 2 ** Math.max(0, attempts - 1);
    return Math.ceil(Math.min(max, wanted));
  };
  const take = rateLimit ? tokenBucket(rateLimit) : undefined;
  // Keys being sent in this isolate, with the outcome once known: a second delivery of the same
  // key waits for the first and shares its outcome instead of sending.
  const inflight = new Map<string, Promise<Outcome | undefined>>();

  return async (batch, env) => {
    const p = typeof provider === "function" ? provider(env) : provider;
    const store = typeof dedupe === "function" ? dedupe(env) : dedupe;
    // Outcomes of the keys this batch already handled, for later copies of the same key.
    const outcomes = new Map<string, Outcome>();
    // What onResult threw after its delivery was already settled: reported when the batch is done.
    const late: unknown[] = [];
    const report = async (r: QueueResult) => {
      if (onResult) await onResult(r, env);
    };
    const reportSettled = async (r: QueueResult) => {
      try {
        await report(r);
      } catch (error) {
        late.push(
          new WaError(
            "CONFIG",
            `onResult threw on the "${r.status}" result of key ${r.key || "(none)"} after the delivery was ${r.status === "retrying" ? "retried" : "acked"}; ` +
              "it is not delivered again for that (the provider has, or may have, the message). Make onResult catch its own errors; cause holds what it threw.",
            { cause: error },
          ),
        );
      }
    };
    // Deliveries that are acked or retried: nothing may settle them again.
    const settled = new WeakSet<QueueDelivery>();
    const ack = (msg: QueueDelivery) => {
      settled.add(msg);
      msg.ack();
    };
    const retry = (msg: QueueDelivery, delaySeconds: number) => {
      settled.add(msg);
      msg.retry({ delaySeconds });
    };
    // Settles a delivery that was not sent by what is known of its key. Outcomes where the
    // provider cannot have the message are reported before the ack: if `onResult` throws, the
    // delivery is retried rather than acked unreported.
    const settle = async (msg: QueueDelivery, key: string, to: string, o: Outcome): Promise<void> => {
      const attempts = msg.attempts;
      if (o.kind === "accepted") {
        ack(msg);
        return reportSettled({ status: "duplicate", key, to, attempts, id: o.id });
      }
      if (o.kind === "retry") {
        retry(msg, o.delaySeconds);
        return reportSettled({ status: "retrying", key, to, attempts, delaySeconds: o.delaySeconds, error: o.error });
      }
      if (o.sent) {
        ack(msg);
        return reportSettled({ status: "failed", key, to, attempts, error: o.error });
      }
      await report({ status: "failed", key, to, attempts, error: o.error });
      return ack(msg);
    };
    const one = async (msg: QueueDelivery): Promise<void> => {
      const body = parseBody(msg.body);
      const attempts = msg.attempts;
      if (body instanceof WaError) {
        await report({ status: "failed", key: "", to: "", attempts, error: body });
        return ack(msg);
      }
      const { key } = body;
      const to = typeof body.message?.to === "string" ? body.message.to : "";
      // A copy of a key being sent (here or in another batch of this isolate), or already
      // handled in this batch: it shares that outcome and is never sent itself.
      for (;;) {
        const running = inflight.get(key);
        const known = running ? await running : outcomes.get(key);
        if (known)
          return settle(
            msg,
            key,
            to,
            known.kind === "failed" && known.sent
              ? { kind: "failed", sent: true, error: copyOfUnknown(key, known.error) }
              : known,
          );
        if (!running || inflight.get(key) === running) break;
      }
      const holder: { outcome?: Outcome } = {};
      const done = attempt(msg, body, to, holder);
      const outcome = done.then(
        () => holder.outcome,
        () => holder.outcome,
      );
      inflight.set(key, outcome);
      try {
        await done;
      } finally {
        if (holder.outcome) outcomes.set(key, holder.outcome);
        if (inflight.get(key) === outcome) inflight.delete(key);
      }
    };
    const attempt = async (
      msg: QueueDelivery,
      body: QueuedMessage,
      to: string,
      holder: { outcome?: Outcome },
    ): Promise<void> => {
      const { key } = body;
      const attempts = msg.attempts;
      const decide = (o: Outcome) => {
        holder.outcome = o;
        return settle(msg, key, to, o);
      };
      // What the dedupe store knows of the key: accepted before (its id), being sent by another
      // delivery (a claim), sent with an outcome nobody knows, or nothing.
      const held = (value: string | null | undefined): Outcome | undefined => {
        const mark = readMark(value);
        if (mark === "free") return undefined;
        if (mark === "unknown")
          return retryUncertain ? undefined : { kind: "failed", sent: true, error: unknownInStore(key, value!) };
        if (mark === "claimed")
          return attempts < maxAttempts
            ? { kind: "retry", delaySeconds: retryDelay(undefined, attempts), error: claimHeld(key, false) }
            : { kind: "failed", sent: true, error: claimHeld(key, true) };
        return { kind: "accepted", id: value! };
      };
      if (store) {
        const known = held(await store.get(key));
        if (known) return decide(known);
      }
      const checkedMessage = checkMessage(body.message);
      if (!checkedMessage.ok)
        return decide({ kind: "failed", sent: false, error: new ValidationError(checkedMessage.issues) });
      if (take) await take();
      // Claimed before the send: a delivery of the same key elsewhere now waits instead of sending.
      // Read back, so of two claims written at once only the one the store kept goes ahead.
      if (store) {
        const claim = CLAIMED + token();
        await store.put(key, claim, dedupeTtl);
        const now = await store.get(key);
        // Another claim, an id or an unknown outcome wins; a read that shows nothing (Workers KV
        // may serve a cached "not found" for a while after a write) is no sign of another sender.
        const other = now === claim ? undefined : held(now);
        if (other) return decide(other);
      }
      // Replaces the claim; a store that fails here leaves the claim, which is never sent past.
      const mark = async (value: string) => {
        try {
          await store?.put(key, value, dedupeTtl);
        } catch {
          // The claim stays: later copies wait and end as failed rather than send twice.
        }
      };
      const withKey: Provider = idempotencyHeader
        ? {
            ...p,
            compile: (m) => {
              const r = p.compile(m);
              return { ...r, headers: { ...r.headers, [idempotencyHeader]: key } };
            },
          }
        : p;
      let result: SendResult;
      try {
        result = await transport.send(withKey, checkedMessage.message);
      } catch (e) {
        const error = asWaError(e);
        const refused = error instanceof ProviderError || (isWaError(error) && error.name === "ProviderError");
        // A timeout, a dropped connection or a 5xx answer (but 503, "not now") may hide an
        // acceptance; an answer that refused the message, or a refusal before any I/O, does not.
        const status = refused ? (error as ProviderError).status : 0;
        const sent = refused
          ? status >= 500 && !(error as ProviderError).retryable
          : !(error.code === "VALIDATION" || error.code === "UNSUPPORTED" || error.code === "CONFIG");
        await mark(sent ? UNKNOWN + error.code : RELEASED);
        const retryable = refused
          ? (error as ProviderError).retryable
          : retryUncertain && (error.code === "TIMEOUT" || error.code === "NETWORK");
        if (retryable && attempts < maxAttempts) {
          const after = refused ? (error as ProviderError).retryAfter : undefined;
          return decide({ kind: "retry", delaySeconds: retryDelay(after, attempts), error });
        }
        return decide({ kind: "failed", sent, error });
      }
      // Accepted: acked first, so nothing after this point can make Queues deliver it again.
      holder.outcome = { kind: "accepted", id: result.id };
      ack(msg);
      let dedupeError: WaError | undefined;
      if (store) {
        try {
          await store.put(key, result.id, dedupeTtl);
        } catch (e) {
          dedupeError = new WaError(
            "PROVIDER_ERROR",
            `The dedupe store could not record key ${key} after the provider accepted the message; the delivery was acked and is not sent again, ` +
              "but a later copy of this key (a re-enqueue) finds only its claim and ends failed instead of duplicate. Check the store (e.g. the KV binding); cause holds its error.",
            { cause: e },
          );
        }
      }
      try {
        await report({ status: "accepted", key, to, attempts, result, ...(dedupeError ? { dedupeError } : {}) });
      } catch {
        // The promise of the retry this used to cause: the accepted message comes back as a
        // duplicate (same id), here and now, without a second send.
        await reportSettled({ status: "duplicate", key, to, attempts, id: result.id });
      }
    };
    const queue = [...batch.messages];
    const worker = async () => {
      for (let m = queue.shift(); m; m = queue.shift()) {
        try {
          await one(m);
        } catch (error) {
          // The dedupe store or onResult threw before the delivery was settled, with nothing
          // sent or the provider having refused it: let Queues deliver it again.
          if (settled.has(m)) late.push(error);
          else m.retry({ delaySeconds: retryDelay(undefined, 1) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    // The handler never rejects for these: Queues (miniflare at least) would then deliver the
    // whole batch again, the acked messages included. They go to the runtime's error reporting.
    for (const error of late) reportLate(error);
  };
}

/**
 * Hands an error that must not fail the batch to the runtime's `reportError` (workerd, Deno,
 * browsers: logged as an uncaught exception, in a Worker's logs and `wrangler tail`).
 */
function reportLate(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report !== "function") return;
  try {
    report(error);
  } catch {
    // A reporting hook that throws has nowhere left to report to.
  }
}
