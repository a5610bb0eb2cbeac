/**
 * 360dialog: Meta's own WhatsApp message object, posted to 360dialog's Cloud API host
 * (`POST https://waba-v2.360dialog.io/messages`) with the channel's API key in `D360-API-KEY`.
 * 360dialog relays Meta's answers, so successes and message errors are the Graph API's shapes;
 * what 360dialog refuses itself (a bad key) comes in its own `{ error }` or `{ meta }` body.
 * @see https://docs.360dialog.com/docs/messaging-api/api-reference/messages
 * @see https://docs.360dialog.com/docs/whatsapp-api/the-basics
 * @module
 */
import type { ProviderErrorInfo } from "../../core/errors.ts";
import { pick, type HttpRequest, type Provider, type ProviderAnswer } from "../../send/provider.ts";
import { sentence, unreadable } from "../_kit/http.ts";
import { compileMeta, META_KINDS, META_SUPPORT } from "../_meta/compile.ts";
import { metaActionBody, metaCallbackData, metaReadBody, parseGraphError, parseMetaSuccess } from "../_meta/answers.ts";
import { checkBaseUrl, checkSecret } from "../../send/setting-values.ts";
import { defineProvider, readSettings } from "../_kit/factory.ts";

/** 360dialog's Messaging API root (Cloud API numbers); `baseUrl` replaces it (tests, proxies). */
export const DIALOG360_BASE_URL = "https://waba-v2.360dialog.io";

/** Settings of {@link dialog360}. */
export interface Dialog360Config {
  /** The channel's API key from the 360dialog hub (sent as `D360-API-KEY`). */
  apiKey: string;
  /** Replaces {@link DIALOG360_BASE_URL} (a proxy, or a test server). */
  baseUrl?: string;
}

/** The 360dialog provider (read receipts and typing indicators through `wa.markRead()` / `wa.typing()`). */
export interface Dialog360Provider extends Provider {
  readonly name: "dialog360";
  /**
   * The request that marks a received message as read (blue ticks): Meta's
   * `{ messaging_product: "whatsapp", status: "read", message_id }` on `/messages`. Pure: it only
   * builds the request; post it with your own `fetch` (it is not a message, so `wa.…to()` does not send it).
   * @deprecated Use `wa.markRead(event)`, which sends through the client's transport (its
   * retries, timeouts and redaction); this bare request goes in the next minor version.
   * @param messageId the received message's `wamid.…` id (a webhook event's id).
   * @throws {ValidationError} `VALIDATION` when `messageId` is empty or not text.
   * @example
   * const req = provider.markRead(event.id);
   * await fetch(req.url, { method: req.method, headers: req.headers, body: JSON.stringify(req.body) });
   * @see https://docs.360dialog.com/docs/messaging-api/api-reference/messages
   */
  markRead(messageId: string): HttpRequest;
}

const NAME = "dialog360";

/**
 * Creates the 360dialog provider: `POST {baseUrl}/messages` with `D360-API-KEY: <apiKey>` and
 * Meta's message object as the body, so it sends every kind the Cloud API sends, with the same
 * limits. `.ref()` goes in `biz_opaque_callback_data` (at most 512 characters) and comes back as
 * the status events' `ref`. A business-scoped user ID (BSUID) recipient is refused: 360dialog's
 * message schema requires `to`, a phone number.
 * @throws {WaError} `CONFIG` when `apiKey` is missing or not sendable in a header, `baseUrl` is
 *   not an absolute http(s) URL, or a setting is unknown (the message names the field, never the value).
 * @example
 * import { whatsapp, dialog360 } from "wafluent";
 * const wa = whatsapp({ provider: dialog360({ apiKey: env.D360_API_KEY }) });
 * await wa.text("Your order shipped").to("+31612345678");
 * @see https://docs.360dialog.com/docs/messaging-api/api-reference/messages
 */
export function dialog360(config: Dialog360Config): Dialog360Provider {
  const s = readSettings("dialog360()", config, ["apiKey", "baseUrl"], ["apiKey"]);
  const apiKey = s.check(checkSecret, "apiKey", "Create an API key for the channel in the 360dialog hub.");
  const base = s.check(checkBaseUrl, "baseUrl", DIALOG360_BASE_URL);
  const url = `${base}/messages`;
  const headers = { "d360-api-key": apiKey, "content-type": "application/json" };
  return defineProvider<Dialog360Provider>(
    {
      name: NAME,
      // https://docs.360dialog.com/docs/messaging/overview/typing-indicators
      act: (action) => ({ url, method: "POST", headers: { ...headers }, body: metaActionBody(action) }),
      markRead(messageId) {
        const body = metaReadBody(messageId);
        return { url, method: "POST", headers: { ...headers }, body };
      },
      compile(message) {
        const body = compileMeta(NAME, message);
        const data = metaCallbackData(message.ref);
        if (data !== undefined) body.biz_opaque_callback_data = data;
        return { url, method: "POST", headers: { ...headers }, body };
      },
      parseSuccess: (answer) => parseMetaSuccess(answer.body),
      parseError: parseDialog360Error,
    },
    {
      support: META_SUPPORT,
      kinds: META_KINDS,
      gaps: {
        bsuid:
          "360dialog's message schema requires `to`, a phone number: send to the user's phone number, or use cloudApi().",
      },
      secrets: [apiKey],
    },
  );
}

/**
 * Reads a 360dialog error answer. Meta's `GraphAPIError` (`{ error: { message, code, … } }`,
 * relayed as is) keeps Meta's codes and retry rules (rate limits, closed window, `is_transient`);
 * 360dialog's own refusals (`{ error: "…" }`, `{ meta: { developer_message } }`, or the
 * On-Premise `{ errors: [{ title, details }] }`) keep their text, with the fix for a bad key on
 * 401/403. The status decides the neutral code and retry otherwise (401/403 `AUTH`, 429
 * `RATE_LIMITED`, 429 and 503 retryable). Never throws.
 * @internal
 */
export function parseDialog360Error(answer: ProviderAnswer): ProviderErrorInfo {
  const body = answer.body;
  const graph = pick(body, "error");
  if (graph !== null && typeof graph === "object")
    return parseGraphError(body, unreadable(body, `360dialog answered ${answer.status}`));
  const said = [
    graph,
    pick(body, "meta", "developer_message"),
    pick(body, "errors", 0, "title"),
    pick(body, "errors", 0, "details"),
    pick(body, "message"),
  ].filter((x): x is string => typeof x === "string" && x !== "");
  const info: ProviderErrorInfo = {
    message:
      said.length > 0
        ? sentence([...new Set(said)].join(": ").slice(0, 500))
        : unreadable(body, "360dialog sent no error message"),
  };
  const code = pick(body, "errors", 0, "code");
  if (typeof code === "number" || typeof code === "string") info.providerCode = code;
  if (answer.status === 401 || answer.status === 403)
    info.message += " Check the D360-API-KEY: copy the channel's API key from the 360dialog hub, or create a new one.";
  return info;
}
