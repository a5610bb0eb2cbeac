/**
 * Meta's answers and the small bodies around a send, shared by every provider that relays Meta's
 * API (Cloud API, 360dialog, Kaleyra): success and Graph API errors mapped to wafluent's codes,
 * `.ref()` as `biz_opaque_callback_data`, and the read receipt.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes
 * @module
 */
import { ValidationError, type ProviderErrorInfo } from "../../core/errors.ts";
import type { Json } from "../../core/message.ts";
import { describeBody, pick } from "../../send/provider.ts";
import { kindOf } from "../../send/config.ts";
import { META_TEMPLATE_CODES } from "./template-codes.ts";

/** Meta's throttling codes: 4 app calls, 80007 WABA, 130429 throughput, 131056 business-to-customer pair. */
const RATE_LIMITS = new Set([130429, 131056, 80007, 4]);

/**
 * Reads Meta's success `{messages:[{id, message_status?}]}`.
 * @internal
 */
export function parseMetaSuccess(
  body: unknown,
): { id: string; status: "accepted" | "queued" } | (ProviderErrorInfo & { failed: true }) {
  const id = pick(body, "messages", 0, "id");
  if (typeof id !== "string" || id === "")
    return {
      failed: true,
      message: `Meta answered 2xx without messages[0].id (got ${describeBody(body)}), so the message may not have been accepted.`,
    };
  // held_for_quality_assessment and paused: accepted by the API but not sent yet.
  const status = pick(body, "messages", 0, "message_status");
  return { id, status: status === undefined || status === "accepted" ? "accepted" : "queued" };
}

/**
 * Reads Meta's `GraphAPIError` `{error:{message, type, code, error_subcode, is_transient,
 * error_data: {details}, …}}`; `error_data.details` (what exactly was wrong) follows the message.
 * Never throws.
 * @internal
 */
export function parseGraphError(body: unknown, fallback: string): ProviderErrorInfo {
  const err = pick(body, "error");
  if (err === null || typeof err !== "object") return { message: fallback };
  const code = pick(err, "code");
  const sub = pick(err, "error_subcode");
  const said = [pick(err, "message"), pick(err, "error_user_msg")]
    .filter((x) => typeof x === "string" && x !== "")
    .join(" ");
  // What exactly was wrong ("body: number of localizable_params (2) does not match the expected
  // number of params (1)"): Meta puts it in error_data.details, the message only names the rule.
  const details = pick(err, "error_data", "details");
  const detail = typeof details === "string" && details !== "" && !said.includes(details) ? details.slice(0, 500) : "";
  const text = said && detail ? `${said}: ${detail}` : said || detail;
  const trace = pick(err, "fbtrace_id");
  const where = `(code ${String(code)}${typeof sub === "number" ? `, subcode ${sub}` : ""}${typeof trace === "string" ? `, fbtrace_id ${trace}` : ""})`;
  const info: ProviderErrorInfo = { message: `${text || "no error message"} ${where}.` };
  if (typeof code === "number" || typeof code === "string") info.providerCode = code;
  const transient = pick(err, "is_transient");
  if (typeof transient === "boolean") info.retryable = transient;
  if (code === 131047) {
    info.code = "WINDOW_CLOSED";
    info.retryable = false;
    info.message = `24 h window closed: send a template. The customer has not written in the last 24 hours, so WhatsApp refuses free-form messages until they do; an approved template opens the conversation. ${info.message}`;
  } else if (typeof code === "number" && RATE_LIMITS.has(code)) {
    info.code = "RATE_LIMITED";
    info.retryable = true;
    info.message += " Slow down and retry later (Meta's rate limits count per business number and per recipient).";
  } else if (typeof code === "number" && META_TEMPLATE_CODES.has(code)) {
    info.code = "TEMPLATE";
    info.retryable = false;
    info.message +=
      " WhatsApp refused the template as sent: it does not match the approved one (its name, language, parameters or their format), or it is paused or disabled. Compare the call with the approved template (Meta's details above say which part), and run `wafluent templates pull` if it changed.";
  } else if (code === 131062) {
    info.retryable = false;
    info.message +=
      " WhatsApp does not deliver one-tap, zero-tap and copy-code authentication templates to a business-scoped user ID (BSUID): send them to the user's phone number.";
  } else if (code === 190) {
    info.code = "AUTH";
    info.retryable = false;
    info.message += " The access token is invalid or expired: create a new one (a System User token does not expire).";
  }
  return info;
}

/** Meta's limit on `biz_opaque_callback_data`, in characters. */
const META_CALLBACK_DATA_MAX = 512;

/**
 * `.ref()` as Meta's `biz_opaque_callback_data`: a string as is, other JSON stringified (the
 * webhook reader parses JSON back), at most 512 characters (UTF-16 code units, never more than
 * Meta counts).
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 * @internal
 */
export function metaCallbackData(ref: Json | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const data = typeof ref === "string" ? ref : JSON.stringify(ref);
  if (data.length > META_CALLBACK_DATA_MAX)
    throw new ValidationError([
      {
        path: "ref",
        message: `\`ref\` is ${data.length} characters${typeof ref === "string" ? "" : " as JSON"}; Meta's biz_opaque_callback_data allows at most ${META_CALLBACK_DATA_MAX}. Keep only ids in .ref() and look the rest up when the status webhook arrives.`,
        limit: META_CALLBACK_DATA_MAX,
        received: data.length,
      },
    ]);
  return data;
}

/**
 * Meta's body that marks a received message read (Cloud API, 360dialog), posted to the messages URL.
 * @throws {ValidationError} at `messageId` when it is not the received message's id (a non-empty string).
 * @example metaReadBody("wamid.HBg…") // { messaging_product: "whatsapp", status: "read", message_id: "wamid.HBg…" }
 * @internal
 */
export function metaReadBody(messageId: unknown): { [key: string]: Json } {
  if (typeof messageId !== "string" || messageId.trim() === "")
    throw new ValidationError([
      {
        path: "messageId",
        message: `\`messageId\` must be the received message's id ("wamid.…"); received ${kindOf(messageId)}.`,
      },
    ]);
  return { messaging_product: "whatsapp", status: "read", message_id: messageId };
}

/**
 * Meta's body of a conversation action (Cloud API, 360dialog), posted to the messages URL: the read
 * receipt, with `typing_indicator: { type: "text" }` for a typing indicator (which marks the
 * message read too, and clears on the reply or after 25 seconds).
 * @throws {ValidationError} at `messageId` when it is not the received message's id.
 * @example metaActionBody({ type: "typing", messageId: "wamid.HBg…" }).typing_indicator // { type: "text" }
 * @see https://developers.facebook.com/documentation/business-messaging/whatsapp/typing-indicators/
 * @internal
 */
export function metaActionBody(action: { type: "read" | "typing"; messageId: string }): { [key: string]: Json } {
  const body = metaReadBody(action.messageId);
  if (action.type === "typing") body.typing_indicator = { type: "text" };
  return body;
}
