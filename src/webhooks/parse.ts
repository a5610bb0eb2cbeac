/**
 * `parseWebhook`: one entry point over every provider's webhook format.
 * @module
 */
import { readingOptions, refuseUnknown } from "../config.ts";
import { WaError } from "../errors.ts";
import { describeProvider, type WebhookEvent, type WebhookProvider } from "./events.ts";
import { READERS, WEBHOOK_PROVIDERS } from "../providers/registry.ts";

/** Options of {@link parseWebhook}. */
export interface ParseOptions {
  /** Whose format the body is in. */
  provider: WebhookProvider;
}

/**
 * Turns a provider's webhook body (parsed JSON) into neutral events, in the order the provider
 * listed them. Never throws for a body: what cannot be read becomes `{ type: "unknown", raw }`.
 * Verify the request first with {@link verifyWebhook}: this function trusts its input.
 * @throws {WaError} `CONFIG` when `provider` is not the name of a provider whose webhooks wafluent reads (`bird`, `cloudApi`, `kaleyra`, `bik`, `zixflow`, `infobip`).
 * @example
 * import { parseWebhook } from "wafluent";
 * for (const event of parseWebhook(await request.json(), { provider: "cloudApi" })) {
 *   if (event.type === "message" && event.message.type === "text") console.log(event.from, event.message.body);
 *   if (event.type === "status" && event.status === "failed") console.log(event.id, event.error?.message);
 * }
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 * @see https://docs.bird.com/api/channels-api/message-status-and-interactions
 */
export function parseWebhook(body: unknown, options: ParseOptions): WebhookEvent[] {
  refuseUnknown("parseWebhook()", options, ["provider"], ["provider"]);
  const provider = readingOptions("parseWebhook(body, options)", () => options?.provider);
  const read = WEBHOOK_PROVIDERS.includes(provider) ? READERS[provider] : undefined;
  if (!read)
    throw new WaError(
      "CONFIG",
      `parseWebhook(body, { provider }) got provider ${describeProvider(provider)}; expected one of ${WEBHOOK_PROVIDERS.map((p) => `"${p}"`).join(", ")} (a name, not a provider factory).`,
    );
  try {
    return read(body);
  } catch {
    // The readers are defensive; this is the last line that keeps "never a crash" true.
    return [{ type: "unknown", provider, raw: body }];
  }
}
