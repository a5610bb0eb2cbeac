/**
 * What `.to()` returns: a validated message, bound to a client, sent lazily and at most once.
 * Sending to a list (`.to(recipients)`) is bulk.ts.
 * @module
 */
import { type Issue, ValidationError, WaError } from "../core/errors.ts";
import type { Overflow, Warning } from "../core/fit.ts";
import type { Message } from "../core/message.ts";
import { readOptions, refuseUnknown } from "./config.ts";
import type { HttpRequest, Provider, SendResult } from "./provider.ts";
import { type SendOptions, type Transport, WATCH, type WatchedSendOptions } from "./sender.ts";

export type { Warning };

/** The part of a client an `Outgoing` needs. @internal */
export interface Bound {
  readonly provider: Provider;
  readonly transport: Transport;
  /** The client's overflow policy; `.to(recipient, { overflow })` overrides it. */
  readonly overflow?: Overflow;
  /**
   * The check of a template send against `whatsapp({ templates })`' definitions, when given:
   * its issues, or with `strict` a `ValidationError` when there are some.
   */
  readonly templates?: (message: unknown, strict?: boolean) => Issue[];
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
    if (provider === undefined) return plan(need(this.#bound).provider, this.message);
    let compile: unknown;
    try {
      compile = provider.compile;
    } catch {
      // a provider whose getters throw is no provider
    }
    if (typeof compile !== "function")
      throw new WaError(
        "CONFIG",
        `compile(provider) takes a provider, e.g. compile(cloudApi({ accessToken, phoneNumberId })) or compile(sandbox()); received ${kindOfValue(provider)} without a compile method.`,
      );
    return plan(provider, this.message);
  }

  /**
   * Sends the message (once: later calls return the same promise).
   * @throws {ProviderError} when the provider refuses it; {@link WaError} `TIMEOUT`, `NETWORK`, `ABORTED`.
   */
  send(options?: SendOptions): Promise<SendResult> {
    if (!this.#sent) {
      try {
        refuseUnknown(".send(options)", options, ["signal", "timeout"]);
        const { provider, transport } = need(this.#bound);
        const o = readSendOptions(options);
        this.#sent = provider.media
          ? provider.media.send(provider, this.message, transport, o)
          : transport.send(provider, this.message, o);
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
}

/**
 * The client an `Outgoing` is bound to (a function, not a private method: a class with private
 * methods stores a brand in every instance).
 */
function need(bound: Bound | undefined): Bound {
  if (!bound)
    throw new WaError(
      "CONFIG",
      "This message has no client: build it from wa = whatsapp({ provider }) to send it, or pass a provider to compile(provider).",
    );
  return bound;
}

/** `provider.compile(message)`, through the provider's media hook when it has one (docs/media.md). */
function plan(provider: Provider, message: Message): HttpRequest {
  return provider.media ? provider.media.plan(message) : provider.compile(message);
}

/**
 * `send(options)`'s options as a plain object (`undefined` as is), so the transport never reads a
 * getter or a Proxy of the caller's.
 * @throws {WaError} `CONFIG` when `options` is not an object or reading it throws.
 */
function readSendOptions(options: SendOptions | undefined): WatchedSendOptions | undefined {
  if (options === undefined) return undefined;
  const o = readOptions("outgoing.send(options)", options, ["signal", "timeout"]) as WatchedSendOptions;
  try {
    const watch = (options as WatchedSendOptions)[WATCH]; // a bulk send's own, never a caller's
    if (watch !== undefined) o[WATCH] = watch;
  } catch {
    throw new WaError(
      "CONFIG",
      "outgoing.send(options) could not read its options (a Proxy that throws); pass a plain object like { timeout: 10_000 }.",
    );
  }
  return o;
}

/**
 * The bare type of a value for a message ("a number", "a boolean", "undefined"); not config.ts's
 * `kindOf`, which shows numbers and booleans and says "missing". @internal
 */
export function kindOfValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  const t = typeof v;
  return t === "object" ? "an object" : t === "undefined" ? "undefined" : `a ${t}`;
}

/**
 * A printable label for a recipient that may not be a string: strings as given, other
 * primitives as `String()` gives them, objects by their tag. Never throws (null-prototype
 * objects and throwing `toString`s included). @internal
 */
export function recipientLabel(to: unknown): string {
  if (typeof to === "string") return to;
  if (typeof to !== "object" && typeof to !== "function") return String(to);
  if (to === null) return "null";
  try {
    return Object.prototype.toString.call(to);
  } catch {
    return "[object]";
  }
}

/**
 * Refuses a recipient that is not a string before it is normalised, as a `ValidationError` for
 * that recipient alone. @internal
 */
export function recipientKindError(to: unknown): ValidationError | undefined {
  if (typeof to === "string") return undefined;
  const kind =
    typeof to === "number"
      ? Number.isNaN(to)
        ? "NaN"
        : "a number (a number loses the leading + and zeros)"
      : kindOfValue(to);
  return new ValidationError([
    {
      path: "to",
      message: `Each recipient must be a string, a phone number in E.164 form like "+31612345678"; received ${kind}. Pass recipients as strings.`,
    },
  ]);
}

/** Turns anything thrown while preparing or sending into a `WaError`. @internal */
export function asWaError(e: unknown): WaError {
  if (e instanceof WaError) return e;
  return new WaError("PROVIDER_ERROR", e instanceof Error ? e.message : String(e), { cause: e });
}
