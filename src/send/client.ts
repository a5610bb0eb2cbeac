/**
 * The client: a provider plus a transport, with the builder bound to them.
 * @module
 */
import { builders } from "./builder.ts";
import type { Builders, Draft } from "./draft-types.ts";
import { WaError } from "../core/errors.ts";
import type { Overflow } from "../core/fit.ts";
import type { Bound } from "./outgoing.ts";
import type { Provider } from "./provider.ts";
import type { TemplatesLike, TypedTemplate, TypedTemplateOptions } from "./templates/types.ts";
import { configError, kindOf, readOptions, refuseUnknown } from "./config.ts";
import type { RetryPolicy, TransportOptions } from "./transport-options.ts";
import { transportOf } from "./sender.ts";
import { type Addressed, type ReplyBuilders, replyBuilders, type ReplyTarget } from "./reply.ts";

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
  /**
   * Template definitions (`defineTemplates()` from `wafluent/templates`, or the module
   * `wafluent templates pull` writes): each `wa.template(name, …)` is then checked against them
   * before any I/O, and typed by them.
   */
  templates?: TemplatesLike;
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

/** A client whose `template()` is typed by the definitions `T` (see `whatsapp({ templates })`). */
export type TemplatedClient<T extends TemplatesLike> = Omit<Client, "template" | "reply"> & {
  template: TypedTemplate<T>;
  /** As {@link Client.reply}, with `template()` typed by the definitions too. */
  reply(event: ReplyTarget): Omit<ReplyBuilders, "template"> & {
    template: <const N extends keyof T & string, const L extends keyof T[N] & string>(
      name: N,
      options: TypedTemplateOptions<T[N][L], L>,
    ) => Addressed<Draft<"template">>;
  };
};

/**
 * Creates a client that builds messages and sends them through `provider`. A provider that
 * sends over HTTP (every built-in one but the sandbox) does so over ky: a 30 s timeout per
 * attempt, and retries of 429/503 only (never of what may already have been accepted, unless
 * `retry: { unsafe: true }`); see {@link TransportOptions} and {@link RetryPolicy}. The sandbox
 * answers in-process: the transport settings have nothing to act on, and neither ky nor the
 * transport is loaded.
 * @throws {WaError} `CONFIG` when `provider` is missing or not a provider, or has no way to send (a
 *   provider of your own that sends over HTTP is wrapped with `httpProvider()` from
 *   `wafluent/provider-kit`), `overflow` is not `"error"` or `"truncate"`, or, with a provider
 *   that sends over HTTP, a transport option is malformed (`timeout` not a positive number of
 *   milliseconds, `retry` not a whole number ≥ 0 or a well-formed policy, `fetch` not a function, …).
 * @example
 * import { whatsapp, sandbox } from "wafluent";
 * const wa = whatsapp({ provider: sandbox() });
 * const result = await wa.text("Your order shipped").buttons(["Track", "Help"]).to("+31612345678");
 * // Tighter limits, per client and per send:
 * const fast = whatsapp({ provider: sandbox(), timeout: 10_000, retry: { limit: 3 } });
 * await fast.text("hi").to("+31612345678").send({ signal: AbortSignal.timeout(5_000) });
 */
export function whatsapp<const T extends TemplatesLike>(options: ClientOptions & { templates: T }): TemplatedClient<T>;
export function whatsapp(options: ClientOptions): Client;
export function whatsapp(options: ClientOptions): Client {
  const where = "whatsapp()";
  const keys = ["provider", "overflow", "templates", "fetch", "timeout", "retry", "hooks", "ky"] as const;
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
  // Definitions carry their own check (wafluent/templates): none of its code is here.
  const t = o.templates as Record<symbol, Bound["templates"]> | undefined;
  const templates = t?.[Symbol.for("wafluent.templates")];
  if (t !== undefined && typeof templates !== "function")
    throw configError(where, "templates", "must be what defineTemplates() returns");
  // The provider's sender makes the transport: over HTTP (and then the settings are checked, and
  // kept for requests the provider makes outside a send, like Bird's service window), or answers in-process (the sandbox).
  const transport = transportOf(provider!, o as TransportOptions, where);
  const bound = {
    provider: provider!,
    transport,
    overflow: overflow as Overflow,
    templates,
  };
  return Object.freeze({
    ...builders(bound),
    provider: provider!,
    reply: (event: ReplyTarget) => replyBuilders(bound, event),
  });
}
