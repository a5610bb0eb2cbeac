/**
 * The client: a provider plus a transport, with the builder bound to them.
 * @module
 */
import { builders } from "./builder.ts";
import type { Builders, Draft } from "./draft-types.ts";
import { WaError, UnsupportedError } from "../core/errors.ts";
import type { Overflow } from "../core/fit.ts";
import type { Bound } from "./outgoing.ts";
import {
  boundToTemplates,
  type DownloadOptions,
  type MediaRef,
  type Provider,
  type SendResult,
  templateCheck,
} from "./provider.ts";
import { checkNumbers, type ProviderNumbers, routeFor } from "./numbers.ts";
import { type ActionTarget, act } from "./actions.ts";
import type { TemplatesLike, TypedTemplate, TypedTemplateOptions } from "./templates/types.ts";
import { configError, kindOf, readOptions, refuseUnknown } from "./config.ts";
import type { RetryPolicy, TransportOptions } from "./transport-options.ts";
import { type SendOptions, type Transport, transportOf } from "./sender.ts";
import { type Addressed, type ReplyBuilders, replyBuilders, type ReplyTarget } from "./reply.ts";

/** How a provider that routes by template definitions gives a client its own copy (see `whatsapp()`). */

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
  /**
   * Several business numbers behind one webhook: each number, as inbound events name it
   * (`event.business.id`, e.g. Cloud API's `phone_number_id`, or `event.business.phone` in
   * E.164), mapped to the provider that sends from it. `wa.reply(event)`, `wa.markRead(event)`
   * and `wa.typing(event)` then answer from the number the event was sent to (an event naming
   * a number the map lacks is refused); everything else, and events that name no number, use `provider`.
   */
  numbers?: ProviderNumbers;
}

/** A client: the builder entry points, bound to one provider. */
export interface Client extends Builders {
  /**
   * The provider this client sends through: the one given, or, for `cloudApi({ marketingMessages:
   * true })` with `templates`, this client's own copy of it, routing by this client's definitions.
   */
  readonly provider: Provider;
  /**
   * Answers a received message in one chain: the builder entry points, addressed to
   * `event.from` (so `.to()` needs no recipient) with `replyTo` set to `event.id`.
   * @throws {ValidationError} `VALIDATION` when `event` is not a `message` event.
   * @example
   * onMessage: (event) => wa.reply(event).text("Thanks, we are on it").to()
   */
  reply(event: ReplyTarget): ReplyBuilders;
  /**
   * Marks a received message as read (blue ticks), sent like a message: through this client's
   * transport (its fetch, timeout, retries and credential redaction). Resolves a send result
   * whose `id` is the received message's id.
   * @throws {ValidationError} `VALIDATION` when `event` is neither a message event nor its id (before any I/O).
   * @throws {UnsupportedError} `UNSUPPORTED` when the provider has no read receipts (before any I/O).
   * @throws {ProviderError} as a send would (the provider refused; a redirect).
   * @throws {WaError} `TIMEOUT`, `NETWORK` or `ABORTED`, as a send would.
   * @example
   * onMessage: (event) => wa.markRead(event)
   */
  markRead(event: ActionTarget, options?: SendOptions): Promise<SendResult>;
  /**
   * Shows a typing indicator on a received message (and marks it read), sent like a message. It
   * clears when you reply, or after 25 seconds (WhatsApp's rule): send it only when you will answer.
   * @throws {ValidationError} `VALIDATION` when `event` is neither a message event nor its id (before any I/O).
   * @throws {UnsupportedError} `UNSUPPORTED` when the provider has no typing indicator (before any I/O).
   * @throws {ProviderError} as a send would.
   * @throws {WaError} `TIMEOUT`, `NETWORK` or `ABORTED`, as a send would.
   * @example
   * await wa.typing(event);
   * await wa.reply(event).text(await slowAnswer(event)).to().send();
   */
  typing(event: ActionTarget, options?: SendOptions): Promise<SendResult>;
  /**
   * The bytes of media a customer sent (`event.message.media`), as a `Response` whose body
   * streams, with `content-type` and (when known) `content-length`. The provider's own flow
   * (Cloud API: `GET /{media-id}`, then its short-lived URL, both with the token); redirects
   * are followed by hand and the credential never goes to another host. At most `maxBytes`
   * (100 MiB by default): a larger declared size is refused before reading, and a body that
   * grows past it errors while streaming. The download comes with `withMedia(provider)` from
   * `wafluent/media` (so a worker that never downloads carries none of it).
   * @throws {UnsupportedError} `UNSUPPORTED` when the provider was not given `withMedia()`, or documents no media download (before any I/O).
   * @throws {ValidationError} `VALIDATION` when `media` is no received media, or it is over `maxBytes`.
   * @throws {ProviderError} when the provider refused, or the media URL expired (404/410).
   * @throws {WaError} `CONFIG` (a bad option), `TIMEOUT`, `NETWORK` or `ABORTED`.
   * @example
   * const wa = whatsapp({ provider: withMedia(cloudApi({ accessToken, phoneNumberId })) });
   * if (event.message.type === "image") {
   *   const res = await wa.download(event.message.media, { maxBytes: 5 * 1024 * 1024 });
   *   await env.BUCKET.put(event.id, res.body, { httpMetadata: { contentType: res.headers.get("content-type") ?? "" } });
   * }
   */
  download(media: MediaRef, options?: DownloadOptions): Promise<Response>;
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
  const keys = ["provider", "overflow", "templates", "numbers", "fetch", "timeout", "retry", "hooks", "ky"] as const;
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
  const templates = templateCheck(o.templates);
  if (o.templates !== undefined && templates === undefined)
    throw configError(where, "templates", "must be what defineTemplates() returns");
  // Each provider's sender makes its transport: over HTTP (and then the settings are checked, and
  // kept for requests the provider makes outside a send, like Bird's service window), or answers
  // in-process (the sandbox). The providers of `numbers` get theirs the same way. A provider that
  // routes by a template's definition (cloudApi's marketingMessages) gives this client a copy of
  // its own, bound to the definitions: the provider passed in never changes, so clients sharing
  // it each route by their own.
  const transportOptions = o as TransportOptions;
  const numbers = checkNumbers(where, o.numbers);
  /** Each provider given (`provider`, then those of `numbers`) → what sends for it. */
  const bounds = new Map<Provider, Bound & { transport: Transport }>();
  for (const p of [provider!, ...(numbers?.values() ?? [])])
    if (!bounds.has(p)) {
      const q = templates ? boundToTemplates(p, o.templates) : p;
      bounds.set(p, {
        provider: q,
        transport: transportOf(q, transportOptions, where),
        overflow: overflow as Overflow,
        templates,
      });
    }
  const bound = bounds.get(provider!)!;
  const { provider: main, transport } = bound;
  /** What answers `event`: the provider of the number it was sent to (`numbers`), with its transport. */
  const boundFor = (event: unknown) => bounds.get(routeFor(numbers, event, provider!))!;
  return Object.freeze({
    ...builders(bound),
    provider: main,
    reply: (event: ReplyTarget) => replyBuilders(boundFor(event), event),
    markRead: async (event: ActionTarget, options?: SendOptions) => {
      const b = boundFor(event);
      return act(b.transport, b.provider, "read", event, options);
    },
    typing: async (event: ActionTarget, options?: SendOptions) => {
      const b = boundFor(event);
      return act(b.transport, b.provider, "typing", event, options);
    },
    download: async (media: MediaRef, options?: DownloadOptions) => {
      if (typeof main.download !== "function")
        throw new UnsupportedError(
          main.name,
          "media downloads (download())",
          'Give the client withMedia(provider) from "wafluent/media": whatsapp({ provider: withMedia(cloudApi({ … })) }).',
        );
      return main.download(media, options, {
        transport,
        fetch: transportOptions.fetch,
        timeout: transportOptions.timeout,
      });
    },
  });
}
