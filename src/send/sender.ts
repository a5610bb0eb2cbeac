/**
 * How a client's messages go out: through the sender its provider carries. A network provider
 * carries the HTTP sender (ky, retries, timeouts, the redactor; attached by `httpProvider` from
 * the provider kit, see transport.ts); a provider that answers in-process (the sandbox) has a
 * `deliver` method instead, which this module calls. Nothing here imports ky or the redactor, so
 * a client whose provider is the sandbox loads neither.
 * @module
 */
import { WaError } from "../core/errors.ts";
import type { Message } from "../core/message.ts";
import { read } from "./answers.ts";
import type { HttpRequest, Provider, ProviderAnswer, SendResult } from "./provider.ts";
import type { TransportOptions } from "./transport-options.ts";

/** Per-send options. */
export interface SendOptions {
  /**
   * Aborts the send, also while waiting to retry; the promise rejects with a `WaError` of code
   * `ABORTED` (or `TIMEOUT` when the signal's reason is a `TimeoutError`, as from `AbortSignal.timeout()`).
   */
  signal?: AbortSignal;
  /** Milliseconds per attempt before the send fails with code `TIMEOUT`; overrides the client's. */
  timeout?: number;
}

/** Told about every HTTP answer of a send, retries included (the bulk sender's shared backoff). @internal */
export type AnswerWatcher = (status: number, headers: Headers) => void;

/** Key under which the bulk sender slips an {@link AnswerWatcher} into a send's options. @internal */
export const WATCH: unique symbol = Symbol("wafluent.watch");

/** Send options plus the internal answer watcher. @internal */
export interface WatchedSendOptions extends SendOptions {
  [WATCH]?: AnswerWatcher;
}

/** What a client sends with, made once per client by its provider's sender. @internal */
export interface Transport {
  send(provider: Provider, message: Message, options?: WatchedSendOptions): Promise<SendResult>;
  /**
   * Sends a request of `provider` that is no message (Bird's service window query) the same way:
   * same timeout, retries, fetch, no redirects, credentials redacted. Resolves a 2xx answer
   * (body scrubbed); throws the `ProviderError` / `WaError` a send would.
   */
  request(provider: Provider, request: HttpRequest, options?: SendOptions): Promise<ProviderAnswer>;
}

/**
 * Makes the transport of a client from its settings (`fetch`, `timeout`, `retry`, …), checking
 * them; `owner` names the factory in a `CONFIG` error. The HTTP sender also remembers the
 * settings as the provider's own (see `transportFor`). @internal
 */
export type Sender = (provider: Provider, options: TransportOptions, owner: string) => Transport;

/**
 * The key of a provider's {@link Sender}: `Symbol.for`, so it survives bundling twice; enumerable
 * where it is set, so a wrapper made by spreading a provider (`{ ...provider, compile }`) keeps it.
 * @internal
 */
export const SENDER: unique symbol = Symbol.for("wafluent.sender") as never;

/**
 * The transport of a client whose provider is `provider`: the provider's own sender (HTTP,
 * attached by `httpProvider`), or an in-process one when the provider has a `deliver` method.
 * With an in-process provider the transport settings have nothing to act on and are not read.
 * @throws {WaError} `CONFIG` when the provider has neither, or a setting is malformed (the sender checks them).
 * @internal
 */
export function transportOf(provider: Provider, options: TransportOptions, owner: string): Transport {
  let sender: unknown;
  let deliver: unknown;
  try {
    sender = (provider as { [SENDER]?: unknown })[SENDER];
    deliver = provider.deliver;
  } catch {
    // a provider whose getters throw has neither
  }
  if (typeof sender === "function") return (sender as Sender)(provider, options, owner);
  if (typeof deliver === "function") return IN_PROCESS;
  throw new WaError(
    "CONFIG",
    `${owner}: provider ${String(provider.name).slice(0, 40)} has no way to send. Wrap it with httpProvider(provider, ...credentials) from wafluent/provider-kit (or give it a deliver method).`,
  );
}

/**
 * The in-process send of a provider with `deliver` (the sandbox): compile, deliver, read the
 * answer as an HTTP answer would be read. No network, so no timeout and no retry.
 * @throws {WaError} `ABORTED` (or `TIMEOUT`, when the signal's reason is a `TimeoutError`) when
 *   the signal has fired; what the provider's parsers report.
 * @internal
 */
export async function deliverInProcess(
  provider: Provider,
  message: Message,
  options: WatchedSendOptions = {},
): Promise<SendResult> {
  const signal = options.signal;
  if (signal?.aborted)
    throw (signal.reason as Error | undefined)?.name === "TimeoutError"
      ? new WaError("TIMEOUT", `The send to ${provider.name} timed out before it started.`)
      : new WaError("ABORTED", `The send to ${provider.name} was aborted before an answer came back.`);
  const request = provider.compile(message);
  const answer = await provider.deliver!(request, message);
  options[WATCH]?.(answer.status, answer.headers);
  return read(provider, answer);
}

/** The transport of a provider that answers in-process (see {@link deliverInProcess}). */
const IN_PROCESS: Transport = {
  send: deliverInProcess,
  request: async (provider) => {
    throw new WaError("CONFIG", `${provider.name} answers in-process and makes no HTTP request.`);
  },
};
