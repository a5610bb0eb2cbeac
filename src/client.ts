/**
 * The client: a provider plus a transport, with the builder bound to them.
 * @module
 */
import { type Builders, builders } from "./builder.ts";
import { WaError } from "./errors.ts";
import type { Provider } from "./provider.ts";
import { createTransport, type RetryPolicy, type TransportOptions } from "./transport.ts";

/** Options of {@link whatsapp}. */
export interface ClientOptions extends TransportOptions {
  /** Where messages go: `bird(…)`, `cloudApi(…)`, `sandbox()`, `proxy(…)`, … */
  provider: Provider;
}

/** A client: the builder entry points, bound to one provider. */
export interface Client extends Builders {
  /** The provider this client sends through. */
  readonly provider: Provider;
}

/**
 * Creates a client that builds messages and sends them through `provider`, over ky: a 30 s
 * timeout per attempt, and retries of 429/503 only (never of what may already have been
 * accepted, unless `retry: { unsafe: true }`). See {@link TransportOptions} and {@link RetryPolicy}.
 * @throws {WaError} `CONFIG` when `provider` is missing or not a provider.
 * @example
 * import { whatsapp, sandbox } from "wafluent";
 * const wa = whatsapp({ provider: sandbox() });
 * const result = await wa.text("Your order shipped").buttons(["Track", "Help"]).to("+31612345678");
 * // Tighter limits, per client and per send:
 * const fast = whatsapp({ provider: sandbox(), timeout: 10_000, retry: { limit: 3 } });
 * await fast.text("hi").to("+31612345678").send({ signal: AbortSignal.timeout(5_000) });
 */
export function whatsapp(options: ClientOptions): Client {
  const provider = options?.provider;
  if (!provider || typeof provider.compile !== "function" || typeof provider.name !== "string")
    throw new WaError(
      "CONFIG",
      "whatsapp({ provider }) needs a provider, e.g. whatsapp({ provider: sandbox() }) or whatsapp({ provider: bird({ accessKey, workspaceId, channelId }) }).",
    );
  const bound = { provider, transport: createTransport(options) };
  return Object.freeze({ ...builders(bound), provider });
}
