/**
 * The client: a provider plus a transport, with the builder bound to them.
 * @module
 */
import { type Builders, builders } from "./builder.ts";
import { WaError } from "../core/errors.ts";
import type { Overflow } from "../core/fit.ts";
import type { Provider } from "./provider.ts";
import { kindOf, readOptions, refuseUnknown } from "./config.ts";
import { bindTransport, createTransport, type RetryPolicy, type TransportOptions } from "./transport.ts";
import { type ReplyBuilders, replyBuilders, type ReplyTarget } from "./reply.ts";

/** Options of {@link whatsapp}. */
export interface ClientOptions extends TransportOptions {
  /** Where messages go: `bird(…)`, `cloudApi(…)`, `sandbox()`, `proxy(…)`, … */
  provider: Provider;
  /**
   * Over-long text: `"error"` (default) refuses the message with a `ValidationError`;
   * `"truncate"` shortens it at a grapheme boundary with `…` and lists each change in
   * `outgoing.warnings`. Ids and URLs are never shortened. `.to(recipient, { overflow })` overrides it.
   */
  overflow?: Overflow;
}

/** A client: the builder entry points, bound to one provider. */
export interface Client extends Builders {
  /** The provider this client sends through. */
  readonly provider: Provider;
  /**
   * Answers a received message in one chain: the builder entry points, addressed to
   * `event.from` (so `.to()` needs no recipient) with `replyTo` set to `event.id`.
   * @throws {ValidationError} `VALIDATION` when `event` is not a `message` event.
   * @example
   * onMessage: (event) => wa.reply(event).text("Thanks, we are on it").to()
   */
  reply(event: ReplyTarget): ReplyBuilders;
}

/**
 * Creates a client that builds messages and sends them through `provider`, over ky: a 30 s
 * timeout per attempt, and retries of 429/503 only (never of what may already have been
 * accepted, unless `retry: { unsafe: true }`). See {@link TransportOptions} and {@link RetryPolicy}.
 * @throws {WaError} `CONFIG` when `provider` is missing or not a provider, `overflow` is not `"error"` or
 *   `"truncate"`, or a transport option is malformed (`timeout` not a positive number of
 *   milliseconds, `retry` not a whole number ≥ 0 or a well-formed policy, `fetch` not a function, …).
 * @example
 * import { whatsapp, sandbox } from "wafluent";
 * const wa = whatsapp({ provider: sandbox() });
 * const result = await wa.text("Your order shipped").buttons(["Track", "Help"]).to("+31612345678");
 * // Tighter limits, per client and per send:
 * const fast = whatsapp({ provider: sandbox(), timeout: 10_000, retry: { limit: 3 } });
 * await fast.text("hi").to("+31612345678").send({ signal: AbortSignal.timeout(5_000) });
 */
export function whatsapp(options: ClientOptions): Client {
  const where = "whatsapp()";
  const keys = ["provider", "overflow", "fetch", "timeout", "retry", "hooks", "ky"] as const;
  refuseUnknown(where, options, keys, ["provider"]);
  const o = readOptions(where, options, keys, true);
  const provider = o.provider as Provider | undefined;
  let usable = false;
  try {
    usable = !!provider && typeof provider.compile === "function" && typeof provider.name === "string";
  } catch {
    // a provider whose getters throw is no provider
  }
  if (!usable)
    throw new WaError(
      "CONFIG",
      "whatsapp({ provider }) needs a provider, e.g. whatsapp({ provider: sandbox() }) or whatsapp({ provider: bird({ accessKey, workspaceId, channelId }) }).",
    );
  const overflow = o.overflow ?? "error";
  if (overflow !== "error" && overflow !== "truncate")
    throw new WaError(
      "CONFIG",
      `whatsapp() \`overflow\` is ${kindOf(overflow)}; use "error" (the default: over-long text is refused) or "truncate".`,
    );
  const transportOptions = o as TransportOptions;
  const transport = createTransport(transportOptions, where);
  // Requests the provider makes outside a send (Bird's service window) use this client's settings.
  bindTransport(provider!, transportOptions);
  const bound = { provider: provider!, transport, overflow: overflow as Overflow };
  return Object.freeze({
    ...builders(bound),
    provider: provider!,
    reply: (event: ReplyTarget) => replyBuilders(bound, event),
  });
}
