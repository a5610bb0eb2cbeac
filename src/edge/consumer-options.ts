/**
 * The queue consumer's options, results and the Queues objects it reads, and the check of its
 * options when it is created.
 * @module
 */
import { WaError } from "../core/errors.ts";
import { kindOf, refuseUnknown } from "../send/config.ts";
import { numberOption, timeoutOption } from "../send/setting-values.ts";
import type { Provider, SendResult } from "../send/provider.ts";
import type { TransportOptions } from "../send/transport.ts";
import type { TemplatesLike } from "../send/templates/types.ts";
import type { DedupeStore } from "./dedupe.ts";
import { templatesOption } from "./templates-option.ts";

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
   * Several business numbers: each key (a number's id or E.164 number, as `event.business`
   * names it) mapped to the provider that sends from it, or a function of `env` returning one.
   * A queued message enqueued with `{ number }` is sent through that number's provider (one the
   * map lacks fails, unsent, with `CONFIG`); others through `provider`.
   */
  numbers?: Readonly<Record<string, Provider | ((env: any) => Provider)>>;
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
  /**
   * Template definitions (`defineTemplates()` from `wafluent/templates`, or the module
   * `wafluent templates pull` writes), as `whatsapp({ templates })` takes them: each queued
   * template is checked against them before any I/O (a mismatch is `failed` with `VALIDATION`,
   * never sent), and a provider that routes by them (`cloudApi({ marketingMessages: true })`)
   * sends through its own copy bound to them.
   */
  templates?: TemplatesLike;
}

/** @internal */
export const CONSUMER = "createQueueConsumer(options)";
const CONSUMER_KEYS = [
  "provider",
  "numbers",
  "dedupe",
  "dedupeTtl",
  "onResult",
  "rateLimit",
  "concurrency",
  "maxAttempts",
  "backoff",
  "retryUncertain",
  "idempotencyHeader",
  "templates",
  "fetch",
  "timeout",
  "hooks",
  "ky",
] satisfies (keyof QueueConsumerOptions)[];

function isFn(x: unknown): x is (...args: any[]) => unknown {
  return typeof x === "function";
}

/** Checks every option of {@link createQueueConsumer} at creation. */
export function checkConsumerOptions(options: unknown): asserts options is QueueConsumerOptions {
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
  templatesOption(CONSUMER, o.templates);
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
  timeoutOption(CONSUMER, "timeout", o.timeout, "milliseconds per send");
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
