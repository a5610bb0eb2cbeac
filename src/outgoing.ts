/**
 * What `.to()` returns: a validated message, bound to a client, sent lazily and at most once.
 * @module
 */
import { WaError } from "./errors.ts";
import type { Overflow } from "./fit.ts";
import type { Message } from "./message.ts";
import type { HttpRequest, Provider, SendResult } from "./provider.ts";
import type { SendOptions, Transport } from "./transport.ts";

/** A change made to a message on its way out (truncation, fallback), reported, never silent. */
export interface Warning {
  /** Path of the changed field, e.g. `buttons[0].title`, or `""` for the whole message. */
  path: string;
  /** The limit that caused the change. */
  limit?: number;
  /** The size received before the change. */
  received?: number;
  /** What changed and why. */
  message: string;
}

/** The part of a client an `Outgoing` needs. @internal */
export interface Bound {
  readonly provider: Provider;
  readonly transport: Transport;
  /** The client's overflow policy; `.to(recipient, { overflow })` overrides it. */
  readonly overflow?: Overflow;
}

/**
 * A validated message for one recipient. Nothing is sent until it is awaited or `send()` is
 * called; then it is sent once, and awaiting again gives the same result.
 * @example
 * const out = wa.text("hi").to("+31612345678");
 * out.message;   // neutral JSON
 * out.compile(); // { url, method, headers, body }
 * const res = await out;
 */
export class Outgoing implements PromiseLike<SendResult> {
  /** The validated neutral message (plain JSON). */
  readonly message: Message;
  /** Changes made on the way (truncations, fallbacks); empty under the default policy. */
  readonly warnings: readonly Warning[];
  readonly #bound: Bound | undefined;
  #sent: Promise<SendResult> | undefined;

  /** @internal */
  constructor(message: Message, warnings: readonly Warning[], bound: Bound | undefined) {
    this.message = message;
    this.warnings = warnings;
    this.#bound = bound;
  }

  /**
   * The request the provider would receive, with no I/O.
   * @param provider Compile for another provider than the client's (required for `message.…` drafts).
   * @throws {UnsupportedError} `UNSUPPORTED` when the provider cannot express this message.
   * @throws {WaError} `CONFIG` when no provider is known.
   */
  compile(provider?: Provider): HttpRequest {
    return (provider ?? this.#need().provider).compile(this.message);
  }

  /**
   * Sends the message (once: later calls return the same promise).
   * @throws {ProviderError} when the provider refuses it; {@link WaError} `TIMEOUT`, `NETWORK`, `ABORTED`.
   */
  send(options?: SendOptions): Promise<SendResult> {
    if (!this.#sent) {
      try {
        const bound = this.#need();
        this.#sent = bound.transport.send(bound.provider, this.message, options);
      } catch (error) {
        this.#sent = Promise.reject(error);
      }
    }
    return this.#sent;
  }

  /** Sends on `await`. */
  then<A = SendResult, B = never>(
    onfulfilled?: ((value: SendResult) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.send().then(onfulfilled, onrejected);
  }

  /** The neutral message, so `JSON.stringify(outgoing)` logs what would be sent. */
  toJSON(): Message {
    return this.message;
  }

  #need(): Bound {
    if (!this.#bound)
      throw new WaError(
        "CONFIG",
        "This message has no client: build it from wa = whatsapp({ provider }) to send it, or pass a provider to compile(provider).",
      );
    return this.#bound;
  }
}

/** One recipient's outcome in a bulk send. */
export type BulkResult =
  | { to: string; ok: true; result: SendResult }
  | { to: string; ok: false; error: WaError };

/** Options of a bulk `.to([...])`. */
export interface BulkOptions extends SendOptions {
  /** Sends in flight at once. Default 10. */
  concurrency?: number;
  /** Called after each recipient finishes, with counts so far. */
  onProgress?: (progress: { done: number; total: number | undefined; failed: number }) => void;
}

/** Turns anything thrown while preparing or sending into a `WaError`. @internal */
export function asWaError(e: unknown): WaError {
  if (e instanceof WaError) return e;
  return new WaError("PROVIDER_ERROR", e instanceof Error ? e.message : String(e), { cause: e });
}

/**
 * Sends to many recipients, at most `concurrency` at a time, one result per recipient in input
 * order; one failure never stops the others. @internal
 */
export async function sendAll(
  recipients: Iterable<unknown> | AsyncIterable<unknown>,
  prepare: (to: unknown) => Outgoing,
  options: BulkOptions = {},
): Promise<BulkResult[]> {
  const total = Array.isArray(recipients) ? recipients.length : undefined;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 10));
  const results: BulkResult[] = [];
  let done = 0;
  let failed = 0;
  const iterator =
    Symbol.asyncIterator in recipients
      ? (recipients as AsyncIterable<unknown>)[Symbol.asyncIterator]()
      : (recipients as Iterable<unknown>)[Symbol.iterator]();
  let index = 0;
  const one = async (to: unknown, at: number) => {
    let result: BulkResult;
    try {
      if (options.signal?.aborted) throw new WaError("ABORTED", "The bulk send was aborted before this recipient.");
      const out = prepare(to);
      result = { to: out.message.to, ok: true, result: await out.send(options) };
    } catch (e) {
      result = { to: String(to), ok: false, error: asWaError(e) };
      failed++;
    }
    results[at] = result;
    done++;
    options.onProgress?.({ done, total, failed });
  };
  const worker = async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      await one(next.value, index++);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

