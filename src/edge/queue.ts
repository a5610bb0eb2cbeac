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
import { isWaError, ProviderError, ValidationError, WaError } from "../core/errors.ts";
import { readingOptions } from "../send/config.ts";
import { tokenBucket } from "../send/rate-limit.ts";
import { asWaError } from "../send/outgoing.ts";
import type { Provider, SendResult } from "../send/provider.ts";
import { checkNumbers } from "../send/numbers.ts";
import { createTransport } from "../send/transport.ts";
import { checkMessage } from "../core/validate.ts";
import { parseBody, QUEUE_MAX_DELAY_SECONDS, type QueuedMessage } from "./queue-message.ts";
import {
  checkConsumerOptions,
  type QueueBatch,
  type QueueConsumerOptions,
  type QueueDelivery,
  type QueueResult,
} from "./consumer-options.ts";
import { templatesOption } from "./templates-option.ts";
import { CLAIMED, claimHeld, copyOfUnknown, readMark, RELEASED, token, UNKNOWN, unknownInStore } from "./claims.ts";

// The queued body's format, key and limits, for the entries (which name what they make public).
export * from "./queue-message.ts";
export { enqueue, type Enqueueable, type EnqueueOptions, type EnqueueReport, type QueueProducer } from "./enqueue.ts";
export { type DedupeStore, type KvLike, kvDedupe, memoryDedupe } from "./dedupe.ts";
export { tokenBucket } from "../send/rate-limit.ts";
export type { QueueBatch, QueueConsumerOptions, QueueDelivery, QueueResult } from "./consumer-options.ts";

/** What became of a key: the outcome a later copy of it shares. */
type Outcome =
  | { kind: "accepted"; id: string }
  | { kind: "retry"; delaySeconds: number; error: WaError }
  // `sent`: the provider may have the message (its outcome is unknown), so it is never sent again.
  | { kind: "failed"; sent: boolean; error: WaError };

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
    numbers: givenNumbers,
    dedupe,
    onResult,
    rateLimit,
    dedupeTtl = 7 * 86_400,
    maxAttempts = 4,
    retryUncertain = false,
    idempotencyHeader = "Idempotency-Key",
    concurrency = 10,
    backoff,
    templates,
    ...transportOptions
  } = options;
  const t = templatesOption("createQueueConsumer(options)", templates);
  const transport = createTransport({ ...transportOptions, retry: { limit: 0 } }, "createQueueConsumer()");
  const numbers = checkNumbers<Provider | ((env: any) => Provider)>("createQueueConsumer()", givenNumbers, true);
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
      // The number the message is to go from (enqueue's `number`), else the consumer's provider.
      const routed = body.number === undefined ? p : numbers?.get(body.number);
      if (routed === undefined)
        return decide({
          kind: "failed",
          sent: false,
          error: new WaError(
            "CONFIG",
            `The queued message is to be sent from business number ${JSON.stringify(String(body.number).slice(0, 40))}, which createQueueConsumer({ numbers }) does not list; add it.`,
          ),
        });
      // A queued template is checked against the definitions before any I/O, as whatsapp() does.
      const mismatch = t?.check(checkedMessage.message);
      if (mismatch && mismatch.length > 0)
        return decide({ kind: "failed", sent: false, error: new ValidationError(mismatch) });
      const given = typeof routed === "function" ? routed(env) : routed;
      const sender = t ? t.bind(given) : given;
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
            ...sender,
            compile: (m) => {
              const r = sender.compile(m);
              return { ...r, headers: { ...r.headers, [idempotencyHeader]: key } };
            },
          }
        : sender;
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
