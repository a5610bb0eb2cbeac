/**
 * Bulk sends: `.to(recipients)` sends one message to many recipients, at most `concurrency` at a
 * time, with a shared backoff on rate limits; one result per recipient. The checks of its
 * options, and the errors of a recipient or of an input that throws, live here too.
 * @module
 */
import { isWaError, WaError } from "../core/errors.ts";
import type { Overflow } from "../core/fit.ts";
import { readOptions, refuseUnknown } from "./config.ts";
import { numberOption, timeoutOption } from "./setting-values.ts";
import { pause as sleep, tokenBucket } from "./rate-limit.ts";
import type { SendResult } from "./provider.ts";
import { retryAfterSeconds } from "./answers.ts";
import { type AnswerWatcher, type SendOptions, WATCH, type WatchedSendOptions } from "./sender.ts";
import { asWaError, kindOfValue, type Outgoing, recipientKindError, recipientLabel } from "./outgoing.ts";

/**
 * A bulk send's options (and `overflow`) as a plain object, checked ({@link checkBulkOptions}).
 * @throws {WaError} `CONFIG` when an option is malformed or reading the options throws.
 * @internal
 */
export function readBulkOptions(options: unknown): BulkOptions & { overflow?: Overflow } {
  checkBulkOptions(options);
  if (options === undefined) return {};
  return readOptions(BULK, options, [
    "concurrency",
    "rateLimit",
    "onProgress",
    "signal",
    "timeout",
    "overflow",
  ]) as BulkOptions & { overflow?: Overflow };
}

/**
 * One recipient's outcome in a bulk send. `progressError` is what `onProgress` threw when it was
 * called for this recipient (sending went on; the outcome itself is unchanged).
 */
export type BulkResult =
  | { to: string; ok: true; result: SendResult; progressError?: unknown }
  | { to: string; ok: false; error: WaError; progressError?: unknown };

/**
 * A bulk send's input threw while being read (an async generator over a database that failed, a
 * stream that broke): code `SOURCE_ERROR`. Nothing is lost: `results` is what the call would have
 * resolved to for everything read before (`.to(list)`: one {@link BulkResult} per recipient read,
 * in input order, the sends already started included; `enqueue`: its report), and `cause` is the
 * input's error. No recipient in `results` was sent twice, and nothing after them was read.
 * `toJSON()` gives `results` but leaves out `cause` and each `progressError`.
 * @example
 * try {
 *   await wa.text("Sale starts now").to(customersFromDb(), { concurrency: 5 });
 * } catch (e) {
 *   if (!isBulkError(e)) throw e;
 *   await save(e.results); // who got it, who did not
 *   // resume later with the recipients after the first e.results.length
 * }
 */
export class BulkError<R = BulkResult[]> extends WaError {
  override name = "BulkError" as const;
  declare readonly code: "SOURCE_ERROR";
  /** What was done with everything read before the input threw, shaped like the resolved value. */
  readonly results: R;

  /** Made by the bulk send and `enqueue`; public so tests can build one (`cause`: the input's error). */
  constructor(message: string, results: R, cause: unknown) {
    super("SOURCE_ERROR", message, { cause });
    this.results = results;
  }

  override toJSON(): Record<string, unknown> {
    const r: unknown = this.results;
    // What an onProgress threw is the caller's value, not ours to serialise (it may not be JSON).
    const results = Array.isArray(r) ? r.map(({ progressError: _, ...rest }: BulkResult) => rest) : r;
    return { ...super.toJSON(), results };
  }
}

/**
 * Whether `e` is a {@link BulkError} (cross-realm, by `name`). `R` is the shape of `results`:
 * `BulkResult[]` for `.to(list)`, `EnqueueReport` for `enqueue`.
 * @example if (isBulkError(e)) resumeAfter(e.results.length);
 */
export function isBulkError<R = BulkResult[]>(e: unknown): e is BulkError<R> {
  return isWaError(e) && e.name === "BulkError" && "results" in e;
}

/** Counts so far of a bulk send, given to `onProgress` after each recipient (`done` only grows). */
export interface BulkProgress {
  /** Recipients finished (sent, failed or aborted). */
  done: number;
  /** Recipients in all, when the input is an array; `undefined` for iterables and streams. */
  total: number | undefined;
  /** Recipients that failed so far (included in `done`). */
  failed: number;
}

/** Options of a bulk `.to([...])`. */
export interface BulkOptions extends SendOptions {
  /** Sends in flight at once, a whole number from 1 to 1000. Default 10. */
  concurrency?: number;
  /**
   * Messages per second (a token bucket with a burst of `max(1, rateLimit)`), e.g. `80` for
   * Meta's default per-number throughput. `0` or unset: unlimited. Fractions are allowed (`0.5`:
   * one message every 2 s).
   */
  rateLimit?: number;
  /**
   * Called after each recipient finishes, with counts so far; `done` grows by one each call.
   * If it throws, sending goes on and the error is kept as that recipient's `progressError`.
   */
  onProgress?: (progress: BulkProgress) => void;
}

const BULK = "bulk .to(recipients, options)";

/**
 * Checks the numeric and callback options of a bulk send before anything is sent.
 * @throws {WaError} `CONFIG` naming the option and the kind of value received (never the value).
 * @internal
 */
export function checkBulkOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new WaError(
      "CONFIG",
      `${BULK}: options must be an object like { concurrency: 10 }; received ${kindOfValue(options)}.`,
    );
  refuseUnknown(BULK, options, ["signal", "timeout", "concurrency", "rateLimit", "onProgress", "overflow"]);
  const o = readOptions(BULK, options, ["concurrency", "rateLimit", "onProgress", "signal", "timeout"]) as BulkOptions;
  numberOption(BULK, "concurrency", o.concurrency, { min: 1, max: 1000, integer: true, unit: "sends in flight" });
  numberOption(BULK, "rateLimit", o.rateLimit, { min: 0, unit: "messages per second; 0 = unlimited" });
  timeoutOption(BULK, "timeout", o.timeout, "milliseconds per attempt");
  if (o.onProgress !== undefined && typeof o.onProgress !== "function")
    throw new WaError("CONFIG", `${BULK}: \`onProgress\` must be a function; received ${kindOfValue(o.onProgress)}.`);
  if (
    o.signal !== undefined &&
    !(typeof o.signal === "object" && o.signal !== null && typeof o.signal.addEventListener === "function")
  )
    throw new WaError("CONFIG", `${BULK}: \`signal\` must be an AbortSignal; received ${kindOfValue(o.signal)}.`);
}

// Shared backoff of a batch. A 429 halves the sends in flight (back up by one per success, like
// TCP's congestion window), so a rate limit slows the batch instead of being hammered. The batch
// pauses outright when a 429 or 503 names a Retry-After (capped like the client's default
// retry), or when a 429 still comes at one send at a time: exponential from 300 ms to 10 s with
// jitter (50–100 %). A 503 without Retry-After is left to the client's retry (a blip, not a limit).
const PAUSE_CAP = 30_000;
const PAUSE_BASE = 300;
const PAUSE_LIMIT = 10_000;

/**
 * Sends to many recipients, at most `concurrency` at a time; one result per recipient, in input
 * order; one failure never stops the others, and no recipient is sent twice.
 *
 * - Recipients are pulled from the input one at a time as slots free up, so an (async) iterable
 *   is streamed, never copied; only the results are kept.
 * - A 429 on any send (retries included) slows the whole batch: it halves the sends in flight
 *   (one more per success, back up to `concurrency`). When a 429 or 503 names a `Retry-After`
 *   (≤ 30 s), or a 429 still comes at one send at a time (shared exponential backoff with jitter,
 *   300 ms to 10 s), no new send starts until that time has passed. Sends already in flight
 *   finish under the client's retry policy.
 * - `signal` aborts sends in flight (`ABORTED`) and starts no new ones; a wait for a rate-limit
 *   token or a pause ends at once. For an array every
 *   remaining recipient gets an `ABORTED` result; an iterable or stream is not read further
 *   (it may be endless) and is closed, so the results end at the last recipient read.
 * - `rateLimit` (messages per second) takes a token from the same token bucket the queue
 *   consumer uses before each send.
 * - A recipient that is not a string fails alone with a `ValidationError`; an `onProgress` that
 *   throws is kept as that recipient's `progressError`, and sending goes on.
 * @throws {WaError} `CONFIG` (before anything is sent) when an option is malformed.
 * @throws {BulkError} `SOURCE_ERROR` when the input throws while being read (after the sends in
 *   flight settle), with one result per recipient read as `results` and the input's error as `cause`.
 * @internal
 */
export async function sendAll(
  recipients: Iterable<unknown> | AsyncIterable<unknown>,
  prepare: (to: unknown) => Outgoing,
  options: BulkOptions = {},
): Promise<BulkResult[]> {
  const isArray = Array.isArray(recipients);
  const total = isArray ? recipients.length : undefined;
  checkBulkOptions(options);
  const concurrency = options.concurrency ?? 10;
  const { signal, onProgress } = options;
  const take = options.rateLimit ? tokenBucket(options.rateLimit) : undefined;
  const results: BulkResult[] = [];
  let done = 0;
  let failed = 0;
  let resumeAt = 0;
  let strikes = 0;
  let limit = concurrency;
  let active = 0;
  const waiters: (() => void)[] = [];
  const wakeAll = () => waiters.splice(0).forEach((w) => w());
  signal?.addEventListener("abort", wakeAll, { once: true });
  let stopped = false;
  let trouble: { error: unknown } | undefined;

  const watch: AnswerWatcher = (status, headers) => {
    if (status === 429 || status === 503) {
      const after = retryAfterSeconds(headers.get("retry-after"));
      if (after !== undefined) resumeAt = Math.max(resumeAt, Date.now() + Math.min(after * 1000, PAUSE_CAP));
      if (status !== 429) return;
      if (after === undefined && limit === 1) {
        strikes++;
        const wait = Math.min(PAUSE_LIMIT, PAUSE_BASE * 2 ** Math.min(strikes - 1, 16)) * (0.5 + Math.random() * 0.5);
        resumeAt = Math.max(resumeAt, Date.now() + wait);
      }
      limit = Math.max(1, limit >> 1);
    } else if (status < 400) {
      strikes = 0;
      if (limit < concurrency) {
        limit++;
        waiters.shift()?.();
      }
    }
  };
  // Waits for a free slot under the current limit and outside any pause; false once aborted.
  const admit = async (): Promise<boolean> => {
    for (;;) {
      if (signal?.aborted) return false;
      const pause = resumeAt - Date.now();
      if (pause > 0) await sleep(pause, signal);
      else if (active < limit) {
        active++;
        return true;
      } else await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const release = () => {
    active--;
    waiters.shift()?.();
  };
  const sendOptions: WatchedSendOptions = {
    ...(signal ? { signal } : {}),
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    [WATCH]: watch,
  };

  let iterator: Iterator<unknown> | AsyncIterator<unknown>;
  try {
    iterator =
      Symbol.asyncIterator in recipients
        ? (recipients as AsyncIterable<unknown>)[Symbol.asyncIterator]()
        : (recipients as Iterable<unknown>)[Symbol.iterator]();
  } catch (error) {
    signal?.removeEventListener("abort", wakeAll);
    throw sourceFailed([], 0, error, false);
  }
  // Pulls are chained: a hand-written async iterator need not support concurrent next() calls.
  let pulling: Promise<unknown> = Promise.resolve();
  let index = 0;
  const pull = (): Promise<{ value: unknown; at: number } | undefined> => {
    const next = pulling.then(async () => {
      if (stopped || (signal?.aborted && !isArray)) return undefined;
      try {
        const step = await iterator.next();
        if (step.done) {
          stopped = true;
          return undefined;
        }
        return { value: step.value, at: index++ };
      } catch (error) {
        stopped = true;
        trouble ??= { error };
        return undefined;
      }
    });
    pulling = next;
    return next;
  };

  const finish = (at: number, result: BulkResult) => {
    if (!result.ok) textStack(result.error);
    results[at] = result;
    done++;
    if (!result.ok) failed++;
    if (!onProgress) return;
    try {
      onProgress({ done, total, failed });
    } catch (error) {
      // A broken progress callback never costs a result nor stops the sends: it is kept with
      // the recipient it was called for.
      results[at] = { ...result, progressError: error };
    }
  };

  const one = async (to: unknown, at: number) => {
    if (signal?.aborted) return finish(at, { to: recipientLabel(to), ok: false, error: abortedBefore() });
    let out: Outgoing;
    try {
      const odd = recipientKindError(to);
      if (odd) throw odd;
      out = prepare(to);
    } catch (e) {
      // Invalid recipients fail alone, without taking a slot or waiting out a pause.
      return finish(at, { to: recipientLabel(to), ok: false, error: asWaError(e) });
    }
    if (!(await admit())) return finish(at, { to: out.message.to, ok: false, error: abortedBefore() });
    if (take) {
      // An abort ends the wait for a token at once (the bucket may be seconds away from the next).
      await take(signal);
      if (signal?.aborted) {
        release();
        return finish(at, { to: out.message.to, ok: false, error: abortedBefore() });
      }
    }
    let result: BulkResult;
    try {
      result = { to: out.message.to, ok: true, result: await out.send(sendOptions) };
    } catch (e) {
      result = { to: out.message.to, ok: false, error: asWaError(e) };
    }
    release();
    finish(at, result);
  };

  const worker = async () => {
    for (let next = await pull(); next; next = await pull()) await one(next.value, next.at);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  signal?.removeEventListener("abort", wakeAll);
  if (!stopped || signal?.aborted) await closeQuietly(iterator);
  if (trouble) throw sourceFailed(results, failed, trouble.error, signal?.aborted === true);
  return results;
}

/**
 * Reads the stack of `error` and of its causes once, so that each is text: until it is read, V8
 * keeps a stack as call sites, each holding its function and receiver (a batch's closures, and
 * through them its results and iterator), and a failure kept after the batch would keep it all.
 */
function textStack(error: unknown): void {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    try {
      void e.stack;
    } catch {
      // A stack getter that throws: nothing to read.
    }
  }
}

// Never echoes the input's error: its message may hold a connection string.
function sourceFailed(results: BulkResult[], failed: number, error: unknown, aborted: boolean): BulkError {
  const read = results.length;
  const s = (n: number) => (n === 1 ? "" : "s");
  const what =
    read === 0
      ? "threw before the first recipient was read; nothing was sent."
      : `threw after ${read} recipient${s(read)} had been read. The bulk stopped reading it and let the sends already started finish: ${read - failed} sent, ${failed} failed, none sent twice.` +
        (aborted ? " The bulk was aborted too: recipients with an ABORTED result were not sent." : "");
  return new BulkError(
    `The recipients' iterable ${what} \`results\` holds one result per recipient read, in input order, and \`cause\` the iterable's error. ` +
      `To resume, fix the source and send only to the recipients after the first ${read} (\`results.length\`).`,
    results,
    error,
  );
}

function abortedBefore(): WaError {
  return new WaError("ABORTED", "The bulk send was aborted before this recipient was sent; nothing was sent to it.");
}

async function closeQuietly(iterator: Iterator<unknown> | AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // Closing a source that already failed or finished: nothing left to release.
  }
}
