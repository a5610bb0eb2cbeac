/**
 * Infobip webhooks, both `{ results: [ … ] }` posted to your URL:
 * - inbound messages (the `MO_OTT_CONTACT` format): `{ from, to, integrationType: "WHATSAPP",
 *   receivedAt, messageId, pairedMessageId, callbackData, message: { type, … }, contact?: { name },
 *   price }`;
 * - delivery reports: `{ bulkId, messageId, to, sentAt, doneAt, messageCount, price, status:
 *   { groupId, groupName, id, name, description }, error: { …, permanent }, callbackData? }`;
 * - seen reports: `{ messageId, to, sentAt, seenAt }`.
 * @see https://www.infobip.com/docs/api/channels/whatsapp/whatsapp-inbound-messages
 * @see https://www.infobip.com/docs/api/channels/whatsapp/whatsapp-message-status-reports/receive-whatsapp-delivery-reports
 * @module
 */
import type { InboundContent, WebhookEvent } from "../../inbound/events.ts";
import { businessNumber, messageOrUnknown, statusOrUnknown, statusWords } from "../../inbound/found-events.ts";
import { clean, e164, iso, isObj, list, num, str } from "../../inbound/fields.ts";

const provider = "infobip" as const;

/** Infobip's status groups (`status.groupName`); `PENDING_ACCEPTED` alone is `accepted`. */
const groupStatus = /* @__PURE__ */ statusWords({
  sent: ["PENDING"],
  delivered: ["DELIVERED"],
  failed: ["UNDELIVERABLE", "EXPIRED", "REJECTED"],
});

const MEDIA = {
  IMAGE: "image",
  VIDEO: "video",
  AUDIO: "audio",
  VOICE: "audio",
  DOCUMENT: "document",
  STICKER: "sticker",
} as const;

/** The neutral content of an inbound `message` object. */
function content(m: Record<string, any>): InboundContent | undefined {
  const type = str(m.type);
  if (type === undefined) return undefined;
  if (type === "TEXT") return typeof m.text === "string" ? { type: "text", body: m.text } : undefined;
  if (Object.hasOwn(MEDIA, type)) {
    const url = str(m.url);
    return url
      ? { type: MEDIA[type as keyof typeof MEDIA], media: clean({ url, caption: str(m.caption) }) }
      : undefined;
  }
  if (type === "LOCATION") {
    const latitude = num(m.latitude),
      longitude = num(m.longitude);
    if (latitude === undefined || longitude === undefined) return undefined;
    return { type: "location", location: clean({ latitude, longitude, name: str(m.name), address: str(m.address) }) };
  }
  // A reply button's answer is `{ id, title }` (both required), a list row's `{ id, title,
  // description? }`, as Infobip's inbound message models name them (WhatsAppWebhookButtonReplyContent,
  // WhatsAppWebhookListReplyContent in github.com/infobip/infobip-api-java-client, generated from its
  // OpenAPI specification); a template quick reply (`BUTTON`) carries its `payload` and `text`.
  if (type === "INTERACTIVE_BUTTON_REPLY" || type === "INTERACTIVE_LIST_REPLY") {
    const id = str(m.id),
      title = str(m.title);
    if (!id || title === undefined) return undefined;
    return type === "INTERACTIVE_BUTTON_REPLY"
      ? { type: "buttonReply", id, title }
      : clean({ type: "listReply" as const, id, title, description: str(m.description) });
  }
  if (type === "BUTTON") {
    const id = str(m.payload) ?? str(m.text),
      title = str(m.text) ?? id;
    return id && title ? { type: "buttonReply", id, title } : undefined;
  }
  return { type: "other", providerType: type };
}

function inbound(r: Record<string, any>): WebhookEvent {
  return messageOrUnknown(provider, r, {
    id: str(r.messageId),
    from: e164(r.from),
    name: str(r.contact?.name),
    timestamp: iso(r.receivedAt),
    message: isObj(r.message) ? content(r.message) : undefined,
    replyTo: str(r.message?.context?.id),
    business: businessNumber(undefined, e164(r.to)),
  });
}

function report(r: Record<string, any>): WebhookEvent {
  const name = str(r.status?.name);
  return statusOrUnknown(provider, r, {
    id: str(r.messageId),
    status: name === "PENDING_ACCEPTED" ? "accepted" : groupStatus(r.status?.groupName),
    providerStatus: name,
    recipient: r.to,
    timestamp: r.doneAt ?? r.sentAt,
    failure: () =>
      clean({
        message: str(r.error?.description) ?? str(r.status?.description) ?? `Infobip reported ${name}`,
        providerCode: str(r.error?.name) ?? str(r.error?.id),
        // 7008 EC_INVALID_TEMPLATE_ARGS, 7009 EC_INVALID_TEMPLATE: the template does not match the approved one.
        code: r.error?.id === 7008 || r.error?.id === 7009 ? ("TEMPLATE" as const) : undefined,
      }),
    // Infobip echoes the `callbackData` given at send time.
    ref: r.callbackData,
  });
}

function seen(r: Record<string, any>): WebhookEvent {
  const timestamp = iso(r.seenAt);
  return statusOrUnknown(provider, r, {
    id: str(r.messageId),
    status: timestamp ? "read" : undefined,
    providerStatus: "SEEN",
    recipient: r.to,
    timestamp,
    ref: r.callbackData,
  });
}

function one(r: unknown): WebhookEvent {
  if (!isObj(r)) return { type: "unknown", provider, raw: r };
  if (isObj(r.message)) return inbound(r);
  if (isObj(r.status)) return report(r);
  if (r.seenAt !== undefined) return seen(r);
  return { type: "unknown", provider, raw: r };
}

/** Reads an Infobip webhook body (`{ results: [...] }`: inbound messages, delivery or seen reports). @internal */
export function parseInfobip(body: unknown): WebhookEvent[] {
  const results = isObj(body) ? list(body.results) : [];
  return results.length ? results.map(one) : [{ type: "unknown", provider, raw: body }];
}
