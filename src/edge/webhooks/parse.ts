/**
 * `parseWebhook`: one entry point over every provider's webhook format, built-in or defined with
 * `defineWebhooks`.
 * @module
 */
import { readingOptions, refuseUnknown } from "../../send/config.ts";
import { WaError } from "../../core/errors.ts";
import { isObj } from "../../core/json.ts";
import { describeProvider, type WebhookEvent, type WebhookProvider } from "../../inbound/events.ts";
import { WEBHOOK_PROVIDERS, WEBHOOKS } from "../../providers/registry.ts";
import { isDefinition } from "../../inbound/definition.ts";
import { utf8 } from "../../send/body.ts";
import type { WebhookDefinition } from "../../inbound/signing.ts";
import type { WebhookBody } from "../../inbound/webhook-body.ts";

/**
 * The definition of a `provider` option: a built-in name's (the registry's) or one made by
 * `defineWebhooks`.
 * @throws {WaError} `CONFIG` naming `where` and what is accepted, for anything else.
 * @internal
 */
export function definitionOf<P extends string>(
  provider: WebhookProvider | WebhookDefinition<P>,
  where: string,
): WebhookDefinition<P> {
  if (isDefinition(provider)) return provider as WebhookDefinition<P>;
  if (WEBHOOK_PROVIDERS.includes(provider as WebhookProvider))
    // A built-in name: its events carry that name, which is what `P` defaults to.
    return WEBHOOKS[provider as WebhookProvider] as unknown as WebhookDefinition<P>;
  throw new WaError(
    "CONFIG",
    `${where} got provider ${describeProvider(provider)}; expected one of ${WEBHOOK_PROVIDERS.map((p) => `"${p}"`).join(", ")} (a name, not a provider factory), or a definition made with defineWebhooks() (wafluent/provider-kit).`,
  );
}

/** The event types a reader may answer; anything else it answers is an `unknown` event. */
const EVENT_TYPES = ["message", "status", "identity", "template", "unknown"];

/**
 * A reader's events (`undefined`: it found no body of its format), or one `unknown` event with
 * the body as `raw` when it threw or answered something other than a list (a definition's own
 * reader may); an item of the list that is no event (not an object with a known `type`) is an
 * `unknown` event with the item as `raw`, so the callbacks only ever see events.
 * @internal
 */
export function readEvents<P extends string>(
  definition: WebhookDefinition<P>,
  body: WebhookBody,
  raw: unknown,
): WebhookEvent<P>[] | undefined {
  const provider = definition.name;
  let events: unknown;
  try {
    events = definition.read(body);
  } catch {
    // The last line that keeps "never a crash" true.
    return [{ type: "unknown", provider, raw }];
  }
  if (events === undefined) return undefined;
  if (!Array.isArray(events)) return [{ type: "unknown", provider, raw }];
  return events.map((e: unknown) =>
    isObj(e) && EVENT_TYPES.includes(e.type) ? (e as WebhookEvent<P>) : { type: "unknown" as const, provider, raw: e },
  );
}

/** Options of {@link parseWebhook}. */
export interface ParseOptions<P extends string = WebhookProvider> {
  /** Whose format the body is in: a built-in provider's name, or a definition made with `defineWebhooks`. */
  provider: WebhookProvider | WebhookDefinition<P>;
  /** The request's headers, for a reader that reads them (no built-in reader does). */
  headers?: HeadersInit;
}

/**
 * Turns a provider's webhook body into neutral events, in the order the provider listed them.
 * The body is the raw text (`await request.text()`, read within your own size cap) or bytes
 * (a `Uint8Array` or `ArrayBuffer`, read as UTF-8), or, for a form,
 * its `URLSearchParams`; or what you already decoded: parsed JSON, or a form's fields as an object.
 * Each provider's reader decodes its own format (JSON; Twilio: a form). Never throws for a body:
 * what cannot be read (text that is not the provider's format included) becomes
 * `{ type: "unknown", raw }`.
 * Verify the request first with {@link verifyWebhook}: this function trusts its input.
 * @throws {WaError} `CONFIG` when `provider` is neither the name of a provider whose webhooks wafluent reads (`bird`, `cloudApi`, `kaleyra`, `bik`, `zixflow`, `dialog360`, `twilio`, `infobip`) nor a definition made with `defineWebhooks`, or `headers` is not headers.
 * @example
 * import { parseWebhook } from "wafluent";
 * for (const event of parseWebhook(await request.text(), { provider: "cloudApi" })) {
 *   if (event.type === "message" && event.message.type === "text") console.log(event.from, event.message.body);
 *   if (event.type === "status" && event.status === "failed") console.log(event.id, event.error?.message);
 * }
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 * @see https://docs.bird.com/api/channels-api/message-status-and-interactions
 */
export function parseWebhook<P extends string = WebhookProvider>(
  body: unknown,
  options: ParseOptions<P>,
): WebhookEvent<P>[] {
  const where = "parseWebhook(body, options)";
  const { definition, headers } = readingOptions(where, () => {
    refuseUnknown("parseWebhook()", options, ["provider", "headers"], ["provider"]);
    const definition = definitionOf(options.provider, where);
    let headers: Headers;
    try {
      headers = new Headers(options.headers);
    } catch {
      throw new WaError(
        "CONFIG",
        `${where}: headers must be the request's headers (request.headers, or an object of header names and values), or left out.`,
      );
    }
    return { definition, headers };
  });
  const unknown = [{ type: "unknown" as const, provider: definition.name, raw: body }];
  let text: string | undefined;
  try {
    text =
      typeof body === "string"
        ? body
        : body instanceof URLSearchParams
          ? body.toString()
          : body instanceof Uint8Array || body instanceof ArrayBuffer
            ? utf8(new Uint8Array(body)) // the raw bytes (`await request.arrayBuffer()`), read as the handler reads them
            : undefined;
  } catch {
    return unknown; // a Proxy whose traps throw
  }
  const input: WebhookBody = text === undefined ? { text, decoded: body, headers } : { text, headers };
  return readEvents(definition, input, body) ?? unknown;
}
