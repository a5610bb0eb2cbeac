/**
 * `enqueue`: validates messages, names each with its idempotency key, and hands them to a
 * Cloudflare Queue in batches within Queues' limits.
 * @see https://developers.cloudflare.com/queues/
 * @module
 */
import { ValidationError, WaError } from "../core/errors.ts";
import type { Message } from "../core/message.ts";
import { kindOf, readOptions, refuseUnknown } from "../send/config.ts";
import { Outgoing, recipientLabel } from "../send/outgoing.ts";
import { BulkError } from "../send/bulk.ts";
import { checkMessage } from "../core/validate.ts";
import {
  encoder,
  idempotencyKey,
  QUEUE_BATCH_BYTES,
  QUEUE_BATCH_MESSAGES,
  QUEUE_MESSAGE_BYTES,
  type QueuedMessage,
} from "./queue-message.ts";

// Room kept per message for the metadata Queues stores next to the body (content type, delay).
// The exact accounting is not documented; this allowance is our own conservative GUESS.
const OVERHEAD = 100;

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
  /**
   * The business number to send from, for a consumer serving several: a key of
   * `createQueueConsumer({ numbers })`, usually `event.business.id` of the event answered.
   */
  number?: string;
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
  refuseUnknown("enqueue(queue, input, options)", options, ["salt", "number"]);
  const { salt, number } = readOptions("enqueue(queue, input, options)", options, ["salt", "number"]);
  if (salt !== undefined && typeof salt !== "string")
    throw new WaError("CONFIG", `enqueue() \`salt\` must be a string; received ${kindOf(salt)}.`);
  if (number !== undefined && (typeof number !== "string" || number === "" || number.length > 128))
    throw new WaError(
      "CONFIG",
      `enqueue() \`number\` must be a key of the consumer's numbers (a number's id or E.164 number); received ${kindOf(number)}.`,
    );
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
      // From another number, the same message is another message: the number salts its key.
      key: await idempotencyKey(item.message, number === undefined ? salt : `${salt ?? ""}\u0000${number}`),
      message: item.message,
      at: Date.now(),
      ...(number === undefined ? {} : { number }),
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
