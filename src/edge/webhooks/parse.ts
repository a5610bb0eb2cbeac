/**
 * `parseWebhook`: one entry point over every provider's webhook format.
 * @module
 */
import { readingOptions, refuseUnknown } from "../../send/config.ts";
import { WaError } from "../../core/errors.ts";
import { describeProvider, type WebhookEvent, type WebhookProvider } from "../../inbound/events.ts";
import { READERS, SIGNING, WEBHOOK_PROVIDERS } from "../../providers/registry.ts";
import { readForm } from "../../inbound/signing.ts";

/**
 * A raw webhook body as its provider's reader takes it: the fields of a form for a provider that
 * posts forms (Twilio), parsed JSON for the others.
 * @throws {SyntaxError} when a JSON provider's body is not JSON.
 * @internal
 */
export function decodeWebhookBody(provider: WebhookProvider, text: string): unknown {
  return SIGNING[provider].body === "form" ? readForm(text) : JSON.parse(text);
}

/** Options of {@link parseWebhook}. */
export interface ParseOptions {
  /** Whose format the body is in. */
  provider: WebhookProvider;
}

/**
 * Turns a provider's webhook body into neutral events, in the order the provider listed them:
 * parsed JSON, or for a provider that posts forms (Twilio) the raw body text (`await
 * request.text()`), its `URLSearchParams` or its fields as an object. Never throws for a body: what cannot be read becomes `{ type: "unknown", raw }`.
 * Verify the request first with {@link verifyWebhook}: this function trusts its input.
 * @throws {WaError} `CONFIG` when `provider` is not the name of a provider whose webhooks wafluent reads (`bird`, `cloudApi`, `kaleyra`, `bik`, `zixflow`, `dialog360`, `twilio`, `infobip`).
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
  const form = SIGNING[provider].body === "form" && (typeof body === "string" || body instanceof URLSearchParams);
  try {
    return read(form ? readForm(body) : body);
  } catch {
    // The readers are defensive; this is the last line that keeps "never a crash" true.
    return [{ type: "unknown", provider, raw: body }];
  }
}
