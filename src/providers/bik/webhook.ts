/**
 * Bik webhooks: a JSON array of `{ eventName: "incoming-message" | "message-status-update",
 * eventInfo: { messageId, createdAt, channelId, status, message, assetValue, failureReason, … },
 * storeId, customerDetails, id }`. Bik documents the envelope's field names but no full example
 * and no field values: the readers below mark what is inferred.
 * @see https://docs.bik.ai/docs/references/webhook
 * @module
 */
import type { InboundContent, WebhookEvent } from "../../inbound/events.ts";
import { messageOrUnknown, statusOrUnknown, statusWords } from "../../inbound/found-events.ts";
import { clean, e164, iso, isObj, str } from "../../inbound/fields.ts";
import { metaContent } from "../_meta/webhook.ts";

const provider = "bik" as const;

/**
 * GUESS: Bik's status words are not documented. WhatsApp's four, in any case, plus the usual
 * pre-send words as `accepted` and failure words as `failed`.
 */
const statusOf = /* @__PURE__ */ statusWords({
  accepted: ["queued", "pending", "accepted"],
  sent: ["sent"],
  delivered: ["delivered"],
  read: ["read", "seen"],
  failed: ["failed", "undelivered", "error"],
});

/**
 * GUESS: `eventInfo.message` is the text as a string, or an object either in WhatsApp's shape
 * (`{ type, text: { body } }`) or in Bik's send shape (`{ type: "text", message }`,
 * `{ type, media: { mediaLink, caption } }`).
 */
function content(m: unknown): InboundContent | undefined {
  if (typeof m === "string") return { type: "text", body: m };
  if (!isObj(m)) return undefined;
  if (typeof m.message === "string" && (m.type === undefined || m.type === "text"))
    return { type: "text", body: m.message };
  const mediaLink = str(m.media?.mediaLink);
  if (
    mediaLink &&
    (m.type === "image" || m.type === "video" || m.type === "audio" || m.type === "document" || m.type === "sticker")
  )
    return { type: m.type, media: clean({ url: mediaLink, caption: str(m.media.caption) }) };
  return metaContent(m);
}

function incoming(e: Record<string, any>, info: Record<string, any>): WebhookEvent {
  return messageOrUnknown(provider, e, {
    id: str(info.messageId),
    // GUESS: the customer's number is `customerDetails.phoneNumber`, else the `assetValue`.
    from: e164(e.customerDetails?.phoneNumber ?? info.assetValue),
    name: str(e.customerDetails?.name),
    timestamp: iso(info.createdAt),
    message: content(info.message),
    replyTo: str(info.context?.id ?? info.replyTo),
  });
}

function statusUpdate(e: Record<string, any>, info: Record<string, any>): WebhookEvent {
  return statusOrUnknown(provider, e, {
    id: str(info.messageId),
    status: statusOf(info.status),
    providerStatus: str(info.status),
    recipient: e.customerDetails?.phoneNumber ?? info.assetValue,
    timestamp: info.createdAt,
    failure: () => ({ message: str(info.failureReason) ?? `Bik reported "${info.status}" with no reason` }),
    // Bik echoes the `callbackData` given at send time in status webhooks.
    ref: info.callbackData ?? e.callbackData,
  });
}

function one(e: unknown): WebhookEvent {
  const info = isObj(e) ? e.eventInfo : undefined;
  if (!isObj(e) || !isObj(info)) return { type: "unknown", provider, raw: e };
  if (e.eventName === "incoming-message") return incoming(e, info);
  if (e.eventName === "message-status-update") return statusUpdate(e, info);
  return { type: "unknown", provider, raw: e };
}

/** Reads a Bik webhook body (an array of events; a single event object is accepted too). @internal */
export function parseBik(body: unknown): WebhookEvent[] {
  const items = Array.isArray(body) ? body : [body];
  return items.length ? items.map(one) : [{ type: "unknown", provider, raw: body }];
}
