/**
 * Bird Channels API webhooks: `{ service: "channels", event, payload }` where `event` is
 * `whatsapp.inbound` (a received ChannelMessage), `whatsapp.outbound` (a status change of a sent
 * ChannelMessage) or `whatsapp.interaction` (read receipts: `{ type: "read", messageId }`).
 * @see https://docs.bird.com/api/channels-api/message-status-and-interactions
 * @module
 */
import type { InboundContent, WebhookEvent, WebhookError } from "../../inbound/events.ts";
import { businessNumber, messageOrUnknown, statusOrUnknown, statusWords } from "../../inbound/found-events.ts";
import { clean, e164, iso, isObj, list, num, str } from "../../inbound/fields.ts";
import { META_TEMPLATE_CODES } from "../_meta/template-codes.ts";

const provider = "bird" as const;

/**
 * Bird's message statuses → neutral. Bird has more states than WhatsApp: the ones before the
 * hand-off (`accepted`, `processing`, `scheduled`) are `accepted`; every end without delivery
 * (`rejected`, `sending_failed`, `delivery_failed`, `skipped`, `deleted`) is `failed`, with
 * Bird's word kept in `providerStatus`.
 */
const statusOf = /* @__PURE__ */ statusWords({
  accepted: ["accepted", "processing", "scheduled"],
  sent: ["sent"],
  delivered: ["delivered"],
  read: ["read"],
  failed: ["rejected", "sending_failed", "delivery_failed", "skipped", "deleted"],
});

/** A Bird file body's content type → the WhatsApp media kind. */
function fileKind(contentType: string | undefined): "audio" | "video" | "document" {
  if (contentType?.startsWith("audio/")) return "audio";
  if (contentType?.startsWith("video/")) return "video";
  return "document";
}

/** The content of a received Bird message body (`{ type, text | image | file | location }`). */
function content(body: unknown): InboundContent | undefined {
  if (!isObj(body)) return undefined;
  const type = str(body.type);
  const o = type ? body[type] : undefined;
  switch (type) {
    case "text": {
      // GUESS (Bird does not document inbound interactive replies in the material we have): a
      // tapped reply or postback button arrives as a text body whose action is the button.
      const action = list(o?.actions).find((a) => isObj(a) && (a.type === "postback" || a.type === "reply")) as any;
      const tapped = action?.[action.type];
      if (isObj(tapped) && (str(tapped.payload) || str(tapped.text)))
        return {
          type: "buttonReply",
          id: str(tapped.payload) ?? str(tapped.text)!,
          title: str(tapped.text) ?? str(tapped.payload)!,
        };
      return typeof o?.text === "string" ? { type: "text", body: o.text } : undefined;
    }
    case "image": {
      const img = list(o?.images)[0] as any;
      const url = str(img?.mediaUrl);
      return url ? { type: "image", media: clean({ url, caption: str(o.text) ?? str(img.altText) }) } : undefined;
    }
    case "file": {
      const f = list(o?.files)[0] as any;
      const url = str(f?.mediaUrl);
      if (!url) return undefined;
      const contentType = str(f.contentType);
      return {
        type: fileKind(contentType),
        media: clean({ url, contentType, filename: str(f.filename), caption: str(o.text) }),
      };
    }
    case "location": {
      const latitude = num(o?.coordinates?.latitude),
        longitude = num(o?.coordinates?.longitude);
      if (latitude === undefined || longitude === undefined) return undefined;
      return {
        type: "location",
        location: clean({ latitude, longitude, name: str(o.location?.label), address: str(o.location?.address) }),
      };
    }
    default:
      return type ? { type: "other", providerType: type } : undefined;
  }
}

function inbound(p: Record<string, any>): WebhookEvent {
  const id = str(p.id);
  const contact = p.sender?.contact;
  // Bird's BSUID fields (April 2026): meta.extraInformation.whatsappbsuid / whatsappusername; a
  // user with no phone number is identified by one of them instead of `phonenumber`.
  const extra = isObj(p.meta?.extraInformation) ? p.meta.extraInformation : {};
  const key = str(contact?.identifierKey);
  const phone = key === undefined || key === "phonenumber" ? e164(contact?.identifierValue) : undefined;
  const bsuid = str(extra.whatsappbsuid) ?? (key === "whatsappbsuid" ? str(contact?.identifierValue) : undefined);
  const username =
    str(extra.whatsappusername) ?? (key === "whatsappusername" ? str(contact?.identifierValue) : undefined);
  // Bird's contact lookup names the window `serviceWindowExpireAt`; when a payload carries it,
  // it wins over the computed 24 h.
  return messageOrUnknown(
    provider,
    p,
    {
      id,
      from: phone ?? bsuid,
      phone,
      bsuid,
      username,
      name: str(contact?.annotations?.name),
      timestamp: iso(p.meta?.extraInformation?.timestamp) ?? iso(p.createdAt),
      message: content(p.body),
      replyTo: str(p.replyTo?.id),
      business: businessNumber(p.channelId, undefined),
    },
    iso(p.serviceWindowExpireAt),
  );
}

function failure(p: Record<string, any>): WebhookError {
  const f = p.failure;
  const message =
    str(f?.description) ?? str(p.reason) ?? str(p.details) ?? `Bird reported "${str(p.status)}" with no reason`;
  // A failure WhatsApp reported carries Meta's code in `failure.source.code`.
  const code = META_TEMPLATE_CODES.has(Number(f?.source?.code)) ? ("TEMPLATE" as const) : undefined;
  return clean({ message, providerCode: str(f?.code) ?? str(f?.source?.code), code });
}

function outbound(p: Record<string, any>): WebhookEvent {
  const word = str(p.status);
  return statusOrUnknown(provider, p, {
    id: str(p.id),
    status: statusOf(word),
    providerStatus: word,
    recipient: p.receiver?.contacts?.[0]?.identifierValue,
    recipientBsuid:
      p.receiver?.contacts?.[0]?.identifierKey === "whatsappbsuid"
        ? str(p.receiver.contacts[0].identifierValue)
        : undefined,
    timestamp: iso(p.lastStatusAt) ?? p.updatedAt,
    failure: () => failure(p),
    ref: p.reference,
  });
}

function interaction(p: Record<string, any>): WebhookEvent {
  return statusOrUnknown(provider, p, {
    id: str(p.messageId),
    status: p.type === "read" ? "read" : undefined,
    providerStatus: "read",
    timestamp: p.createdAt,
  });
}

/** Reads a Bird webhook body (one event per delivery). @internal */
export function parseBird(body: unknown): WebhookEvent[] {
  const p = isObj(body) ? body.payload : undefined;
  if (!isObj(body) || !isObj(p)) return [{ type: "unknown", provider, raw: body }];
  const read =
    body.event === "whatsapp.inbound"
      ? inbound
      : body.event === "whatsapp.outbound"
        ? outbound
        : body.event === "whatsapp.interaction"
          ? interaction
          : undefined;
  const event = read?.(p);
  // An unreadable item keeps the whole delivery, envelope included, for the caller to inspect.
  return [event && event.type !== "unknown" ? event : { type: "unknown", provider, raw: body }];
}
