/**
 * Meta Cloud API webhooks: `{ object, entry: [{ changes: [{ field: "messages", value: {
 * contacts, messages, statuses } }] }] }`. The message reader is shared with Kaleyra and
 * Zixflow, which forward WhatsApp's own message objects.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 * @module
 */
import type { Contact } from "../message.ts";
import type { DeliveryStatus, InboundContent, WebhookStatusEvent, WebhookError, WebhookEvent, WebhookProvider } from "./events.ts";
import { clean, e164, iso, isObj, list, messageEvent, num, str } from "./fields.ts";

const MEDIA = ["image", "video", "audio", "document", "sticker"] as const;

/** The content of one WhatsApp message object (`{ type, text | image | … }`), or `undefined`. @internal */
export function metaContent(m: Record<string, any>): InboundContent | undefined {
  const type = str(m.type);
  if (!type) return undefined;
  const o = m[type];
  switch (type) {
    case "text": {
      const body = typeof o?.body === "string" ? o.body : undefined;
      return body === undefined ? undefined : { type, body };
    }
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker": {
      if (!isObj(o)) return undefined;
      const media = clean({
        id: str(o.id),
        url: str(o.link ?? o.url),
        contentType: str(o.mime_type),
        caption: str(o.caption),
        filename: str(o.filename),
      });
      return media.id || media.url ? { type, media } : undefined;
    }
    case "location": {
      const latitude = num(o?.latitude), longitude = num(o?.longitude);
      if (latitude === undefined || longitude === undefined) return undefined;
      return { type, location: clean({ latitude, longitude, name: str(o.name), address: str(o.address) }) };
    }
    case "contacts":
      return Array.isArray(m.contacts) ? { type, contacts: m.contacts as Contact[] } : undefined;
    case "reaction": {
      const messageId = str(o?.message_id);
      return messageId ? { type, reaction: { messageId, emoji: typeof o.emoji === "string" ? o.emoji : "" } } : undefined;
    }
    case "button": {
      // A tapped quick-reply button of a template: the payload set at send time, and its text.
      const id = str(o?.payload), title = str(o?.text);
      return id || title ? { type: "buttonReply", id: id ?? title!, title: title ?? id! } : undefined;
    }
    case "interactive": {
      const reply = o?.button_reply ?? o?.list_reply;
      const id = str(reply?.id), title = typeof reply?.title === "string" ? reply.title : undefined;
      if (!id || title === undefined) return { type: "other", providerType: `interactive.${str(o?.type) ?? "?"}` };
      return o.button_reply
        ? { type: "buttonReply", id, title }
        : clean({ type: "listReply" as const, id, title, description: str(reply.description) });
    }
    default:
      return { type: "other", providerType: type };
  }
}

/** Meta's status words → neutral; `undefined` for words wafluent does not map. @internal */
export function metaStatus(s: unknown): DeliveryStatus | undefined {
  switch (s) {
    case "sent":
    case "delivered":
    case "read":
    case "failed":
      return s;
    default:
      return undefined;
  }
}

/** The first of Meta's `errors[]`: `{ code, title, message, error_data: { details } }`. @internal */
export function metaError(errors: unknown): WebhookError | undefined {
  const e = list(errors)[0];
  if (!isObj(e)) return undefined;
  const message = str(e.error_data?.details) ?? str(e.message) ?? str(e.title) ?? "no reason given";
  return clean({ message, providerCode: str(e.code) });
}

/** One message object of a `value`, as an event. @internal */
export function metaMessage(provider: WebhookProvider, m: unknown, names: Map<string, string>): WebhookEvent {
  if (!isObj(m)) return { type: "unknown", provider, raw: m };
  const id = str(m.id), from = e164(m.from), timestamp = iso(m.timestamp), message = metaContent(m);
  if (!id || !from || !timestamp || !message) return { type: "unknown", provider, raw: m };
  return messageEvent({ provider, id, from, name: names.get(str(m.from)!), timestamp, message, replyTo: str(m.context?.id), raw: m });
}

/** One status object of a `value`, as an event. @internal */
export function metaStatusEvent(provider: WebhookProvider, s: unknown): WebhookEvent {
  const status = isObj(s) ? metaStatus(s.status) : undefined;
  const id = isObj(s) ? str(s.id) : undefined;
  if (!isObj(s) || !status || !id) return { type: "unknown", provider, raw: s };
  const event: WebhookStatusEvent = clean({
    type: "status" as const,
    provider,
    id,
    status,
    providerStatus: String(s.status),
    recipient: e164(s.recipient_id),
    timestamp: iso(s.timestamp),
    error: status === "failed" ? (metaError(s.errors) ?? { message: "no reason given" }) : undefined,
    raw: s,
  });
  return event;
}

/** The events of one change `value` (`{ contacts, messages, statuses }`). @internal */
export function metaValue(provider: WebhookProvider, value: Record<string, any>): WebhookEvent[] {
  const names = new Map<string, string>();
  for (const c of list(value.contacts)) {
    const name = isObj(c) ? str(c.profile?.name) : undefined, waId = isObj(c) ? str(c.wa_id) : undefined;
    if (name && waId) names.set(waId, name);
  }
  return [
    ...list(value.messages).map((m) => metaMessage(provider, m, names)),
    ...list(value.statuses).map((s) => metaStatusEvent(provider, s)),
  ];
}

/**
 * Reads a Meta Cloud API webhook body. Changes other than `messages`, and values with neither
 * messages nor statuses, become `unknown` events.
 * @internal
 */
export function parseCloudApi(body: unknown): WebhookEvent[] {
  const provider = "cloudApi" as const;
  if (!isObj(body) || !Array.isArray(body.entry)) return [{ type: "unknown", provider, raw: body }];
  const events: WebhookEvent[] = [];
  for (const entry of body.entry) {
    for (const change of list(isObj(entry) ? entry.changes : undefined)) {
      const value = isObj(change) ? change.value : undefined;
      const found = isObj(value) ? metaValue(provider, value) : [];
      events.push(...(found.length ? found : [{ type: "unknown" as const, provider, raw: change }]));
    }
  }
  return events.length ? events : [{ type: "unknown", provider, raw: body }];
}
