/**
 * Meta Cloud API webhooks: `{ object, entry: [{ changes: [{ field: "messages", value: {
 * contacts, messages, statuses } }] }] }`, read for any provider that forwards it (Cloud API,
 * Kaleyra): each reader takes the provider tag its events carry. Its message reader is shared with
 * Bik and Zixflow, which forward WhatsApp's own message objects.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 * @module
 */
import type { Contact } from "../../core/message.ts";
import type {
  BusinessNumber,
  DeliveryStatus,
  InboundContent,
  WebhookError,
  WebhookEvent,
  WebhookIdentityEvent,
  WebhookTemplateEvent,
} from "../../inbound/events.ts";
import { businessNumber, messageOrUnknown, statusOrUnknown } from "../../inbound/found-events.ts";
import { clean, e164, iso, isObj, list, num, str } from "../../inbound/fields.ts";
import { META_TEMPLATE_CODES } from "./template-codes.ts";

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
      const latitude = num(o?.latitude),
        longitude = num(o?.longitude);
      if (latitude === undefined || longitude === undefined) return undefined;
      return { type, location: clean({ latitude, longitude, name: str(o.name), address: str(o.address) }) };
    }
    case "contacts":
      return Array.isArray(m.contacts) ? { type, contacts: m.contacts as Contact[] } : undefined;
    case "reaction": {
      const messageId = str(o?.message_id);
      return messageId
        ? { type, reaction: { messageId, emoji: typeof o.emoji === "string" ? o.emoji : "" } }
        : undefined;
    }
    case "button": {
      // A tapped quick-reply button of a template: the payload set at send time, and its text.
      const id = str(o?.payload),
        title = str(o?.text);
      return id || title ? { type: "buttonReply", id: id ?? title!, title: title ?? id! } : undefined;
    }
    case "interactive": {
      const reply = o?.button_reply ?? o?.list_reply;
      const id = str(reply?.id),
        title = typeof reply?.title === "string" ? reply.title : undefined;
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
    case "played":
    case "failed":
      return s;
    default:
      return undefined;
  }
}

/** The first of Meta's `errors[]`: `{ code, title, message, error_data: { details } }`; a template mismatch has `code: "TEMPLATE"`. @internal */
export function metaError(errors: unknown): WebhookError | undefined {
  const e = list(errors)[0];
  if (!isObj(e)) return undefined;
  const message = str(e.error_data?.details) ?? str(e.message) ?? str(e.title) ?? "no reason given";
  const code = META_TEMPLATE_CODES.has(Number(e.code)) ? ("TEMPLATE" as const) : undefined;
  return clean({ message, providerCode: str(e.code), code });
}

/** What `contacts[]` says about one user: profile name, username, BSUIDs. @internal */
export interface MetaContact {
  name?: string;
  username?: string;
  bsuid?: string;
  parentBsuid?: string;
  identityKeyHash?: string;
}

/** The `contacts[]` of a value, keyed by both `wa_id` and `user_id` (either may be the only one). @internal */
export function metaContacts(contacts: unknown): Map<string, MetaContact> {
  const byId = new Map<string, MetaContact>();
  for (const c of list(contacts)) {
    if (!isObj(c)) continue;
    const contact = clean({
      name: str(c.profile?.name),
      username: str(c.profile?.username),
      bsuid: str(c.user_id),
      parentBsuid: str(c.parent_user_id),
      identityKeyHash: str(c.identity_key_hash),
    });
    for (const key of [str(c.wa_id), str(c.user_id)]) if (key) byId.set(key, contact);
  }
  return byId;
}

/**
 * A system message about changed identifiers (`user_changed_number`, the older
 * `customer_changed_number`, `user_changed_user_id`) as an identity event; `undefined` for other
 * system messages. @internal
 */
function metaIdentity<P extends string>(provider: P, m: Record<string, any>): WebhookIdentityEvent<P> | undefined {
  const sys = m.system;
  const kind = str(sys?.type);
  const change: WebhookIdentityEvent["change"] | undefined =
    kind === "user_changed_number" || kind === "customer_changed_number"
      ? "phone"
      : kind === "user_changed_user_id"
        ? "bsuid"
        : undefined;
  if (!change) return undefined;
  return clean({
    type: "identity" as const,
    provider,
    change,
    phone: e164(sys.wa_id ?? sys.new_wa_id),
    previousPhone: change === "phone" ? e164(m.from) : undefined,
    bsuid: str(sys.user_id),
    previousBsuid: str(sys.previous_user_id) ?? (change === "bsuid" ? str(m.from_user_id) : undefined),
    parentBsuid: str(sys.parent_user_id),
    previousParentBsuid: str(sys.previous_parent_user_id),
    timestamp: iso(m.timestamp),
    description: str(sys.body),
    raw: m,
  });
}

/** One message object of a `value`, as an event. @internal */
export function metaMessage<P extends string>(
  provider: P,
  m: unknown,
  contacts: Map<string, MetaContact>,
  business?: BusinessNumber,
): WebhookEvent<P> {
  if (!isObj(m)) return { type: "unknown", provider, raw: m };
  if (m.type === "system") {
    const identity = metaIdentity(provider, m);
    if (identity) return identity;
  }
  const phone = e164(m.from);
  // A user known only by username has no `from`: `from_user_id` (their BSUID) is always set.
  const contact = contacts.get(str(m.from) ?? "") ?? contacts.get(str(m.from_user_id) ?? "");
  const bsuid = str(m.from_user_id) ?? contact?.bsuid;
  return messageOrUnknown(provider, m, {
    id: str(m.id),
    from: phone ?? bsuid,
    phone,
    bsuid,
    parentBsuid: str(m.from_parent_user_id) ?? contact?.parentBsuid,
    username: contact?.username,
    identityKeyHash: contact?.identityKeyHash,
    name: contact?.name,
    timestamp: iso(m.timestamp),
    message: metaContent(m),
    replyTo: str(m.context?.id),
    business,
  });
}

/** One status object of a `value`, as an event. @internal */
export function metaStatusEvent<P extends string>(provider: P, s: unknown): WebhookEvent<P> {
  if (!isObj(s)) return { type: "unknown", provider, raw: s };
  const status = metaStatus(s.status);
  // A group's id is no phone number: the participant is `recipient_participant_id` (phone) and
  // `recipient_participant_user_id` (BSUID).
  const group = s.recipient_type === "group";
  return statusOrUnknown(provider, s, {
    id: str(s.id),
    status,
    providerStatus: status,
    recipient: group ? s.recipient_participant_id : s.recipient_id,
    recipientBsuid: str(group ? (s.recipient_participant_user_id ?? s.recipient_user_id) : s.recipient_user_id),
    // `parent_recipient_user_id` was the name until 2026-05-05.
    recipientParentBsuid: str(
      group
        ? (s.recipient_participant_parent_user_id ?? s.recipient_parent_user_id)
        : (s.recipient_parent_user_id ?? s.parent_recipient_user_id),
    ),
    recipientIdentityKeyHash: str(s.recipient_identity_key_hash),
    group: group ? str(s.recipient_id) : undefined,
    timestamp: s.timestamp,
    failure: () => metaError(s.errors) ?? { message: "no reason given" },
    ref: s.biz_opaque_callback_data,
  });
}

/** The keys of a `messages` value that wafluent reads; anything else surfaces as an unknown event. */
const VALUE_KEYS = new Set(["messaging_product", "metadata", "contacts", "messages", "statuses"]);

/**
 * The events of one change `value` (`{ contacts, messages, statuses }`). Keys wafluent does not
 * read (value-level `errors`, fields Meta adds later) come out as one `unknown` event with the
 * value as `raw`, so nothing vanishes. @internal
 */
export function metaValue<P extends string>(provider: P, value: Record<string, any>): WebhookEvent<P>[] {
  const contacts = metaContacts(value.contacts);
  // The business number written to: `metadata.phone_number_id` and `display_phone_number`.
  const meta = isObj(value.metadata) ? value.metadata : {};
  const business = businessNumber(meta.phone_number_id, e164(meta.display_phone_number));
  const events: WebhookEvent<P>[] = [
    ...list(value.messages).map((m) => metaMessage(provider, m, contacts, business)),
    ...list(value.statuses).map((s) => metaStatusEvent(provider, s)),
  ];
  for (const key in value)
    if (!VALUE_KEYS.has(key) && value[key] !== undefined && value[key] !== null) {
      events.push({ type: "unknown", provider, raw: value });
      break;
    }
  return events;
}

/** `user_id_update` entries (`{ wa_id?, user_id: { previous, current }, parent_user_id?, timestamp }`) as identity events. */
function userIdUpdates<P extends string>(provider: P, value: Record<string, any>): WebhookEvent<P>[] {
  const items = Array.isArray(value.user_id_update) ? value.user_id_update : [value.user_id_update];
  return items.map((u: unknown): WebhookEvent<P> => {
    const bsuid = isObj(u) ? str(u.user_id?.current) : undefined;
    if (!isObj(u) || !bsuid) return { type: "unknown", provider, raw: value };
    return clean({
      type: "identity" as const,
      provider,
      change: "bsuid" as const,
      phone: e164(u.wa_id),
      bsuid,
      previousBsuid: str(u.user_id?.previous),
      parentBsuid: str(isObj(u.parent_user_id) ? u.parent_user_id.current : u.parent_user_id),
      previousParentBsuid: isObj(u.parent_user_id) ? str(u.parent_user_id.previous) : undefined,
      timestamp: iso(u.timestamp),
      raw: u,
    });
  });
}

/** Meta's template webhook fields → what changed. */
const TEMPLATE_FIELDS: Readonly<Record<string, WebhookTemplateEvent["change"]>> = {
  message_template_status_update: "status",
  template_category_update: "category",
  message_template_quality_update: "quality",
};

/** A template field's value (`{ message_template_id, message_template_name, … }`) as a template event. */
function templateChange<P extends string>(
  provider: P,
  change: WebhookTemplateEvent["change"],
  value: Record<string, any>,
  time: unknown,
): WebhookEvent<P> {
  const id = value.message_template_id;
  const reason = str(value.reason);
  const event: WebhookTemplateEvent<P> = clean({
    type: "template" as const,
    provider,
    change,
    name: str(value.message_template_name),
    language: str(value.message_template_language),
    templateId: typeof id === "number" && Number.isSafeInteger(id) ? String(id) : str(id),
    status: change === "status" ? str(value.event) : undefined,
    category: str(change === "category" ? value.new_category : value.message_template_category),
    previousCategory: str(value.previous_category),
    correctCategory: str(value.correct_category),
    quality: str(value.new_quality_score),
    previousQuality: str(value.previous_quality_score),
    reason: (reason && reason !== "NONE" ? reason : undefined) ?? str(value.other_info?.description),
    timestamp: iso(value.category_update_timestamp ?? time),
    raw: value,
  });
  return event.name || event.templateId ? event : { type: "unknown", provider, raw: value };
}

/**
 * Reads a body in Meta's webhook format (`{ object: "whatsapp_business_account", entry }`),
 * tagging events with `provider` (Kaleyra forwards this format too). Template changes
 * (`message_template_status_update`, `template_category_update`,
 * `message_template_quality_update`) become `template` events. Changes other than `messages`,
 * `user_id_update` and those, such as `calls` or `message_echoes`, become `unknown` events
 * with the change as `raw`.
 * @internal
 */
export function metaBody<P extends string>(provider: P, body: unknown): WebhookEvent<P>[] {
  if (!isObj(body) || !Array.isArray(body.entry)) return [{ type: "unknown", provider, raw: body }];
  const events: WebhookEvent<P>[] = [];
  for (const entry of body.entry) {
    const changes = isObj(entry) ? entry.changes : undefined;
    if (!Array.isArray(changes) || changes.length === 0) {
      events.push({ type: "unknown", provider, raw: entry });
      continue;
    }
    for (const change of changes) {
      const value = isObj(change) ? change.value : undefined;
      const field = isObj(change) ? change.field : undefined;
      const found = !isObj(value)
        ? []
        : field === "messages" || field === undefined
          ? metaValue(provider, value)
          : field === "user_id_update"
            ? userIdUpdates(provider, value)
            : typeof field === "string" && Object.hasOwn(TEMPLATE_FIELDS, field)
              ? [templateChange(provider, TEMPLATE_FIELDS[field]!, value, (entry as Record<string, unknown>).time)]
              : [];
      // One push per event: a spread would pass every event of the change as an argument, and a
      // large verified batch (a few hundred thousand statuses fit in 1 MiB) overflows the stack.
      if (found.length === 0) events.push({ type: "unknown", provider, raw: change });
      else for (const event of found) events.push(event);
    }
  }
  return events.length ? events : [{ type: "unknown", provider, raw: body }];
}
