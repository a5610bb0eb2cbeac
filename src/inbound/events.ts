/**
 * The neutral webhook event model: what every provider's callback becomes after
 * `parseWebhook`. Plain JSON (no classes), so events can be logged, queued and stored.
 * @module
 */
import type { Contact, Json } from "../core/message.ts";

/**
 * The providers whose webhooks wafluent reads. Named here, below the providers, so that events
 * and readers need not import the registry; src/providers/registry.ts does not compile unless
 * its entries marked `webhooks: true` are exactly these.
 */
export type WebhookProvider = "bird" | "cloudApi" | "kaleyra" | "bik" | "zixflow" | "dialog360" | "twilio" | "infobip";

/**
 * Describes a wrong `provider` option for an error message without printing it: a provider
 * object may hold credentials. @internal
 */
export function describeProvider(x: unknown): string {
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "object" && x !== null && typeof (x as { name?: unknown }).name === "string")
    return `a provider object (${JSON.stringify((x as { name: string }).name)}), not its name or a defineWebhooks() result`;
  return x === null ? "null" : typeof x;
}

/** A media file received from a user: a provider media id (Meta, Kaleyra) or a URL (Bird, Bik). */
export interface InboundMedia {
  /** Provider media id; download it through the provider's media API. */
  id?: string;
  /** URL of the file, when the provider gives one. */
  url?: string;
  /** MIME type, when given. */
  contentType?: string;
  caption?: string;
  /** Document file name, when given. */
  filename?: string;
}

/** The content of a received message, by `type`. */
export type InboundContent =
  | { type: "text"; body: string }
  | { type: "image" | "video" | "audio" | "document" | "sticker"; media: InboundMedia }
  | { type: "location"; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: "contacts"; contacts: Contact[] }
  /** A tapped quick-reply button: `id` is the id you sent (or a template button's payload). */
  | { type: "buttonReply"; id: string; title: string }
  /** A picked list row: `id` is the row id you sent. */
  | { type: "listReply"; id: string; title: string; description?: string }
  /** A reaction to one of your messages; `emoji` is `""` when the user removed it. */
  | { type: "reaction"; reaction: { messageId: string; emoji: string } }
  /** A kind wafluent does not model (order, system notice, …): see `raw` on the event. */
  | { type: "other"; providerType: string };

/**
 * The business number a message was sent to, as the provider's webhook names it: the key
 * `whatsapp({ numbers })` routes `wa.reply(event)` (and the queue consumer) by.
 */
export interface BusinessNumber {
  /**
   * The provider's id of the number: Cloud API, 360dialog and Kaleyra `metadata.phone_number_id`,
   * Bird `channelId`, Zixflow `phoneId`.
   */
  id?: string;
  /** The number itself, E.164: Cloud API `metadata.display_phone_number`, Twilio `To`, Infobip `to`. */
  phone?: string;
}

/** A message a user sent to the business. */
export interface WebhookMessageEvent<P extends string = WebhookProvider> {
  type: "message";
  /** The provider that sent it: a built-in name, or the `name` of a webhook definition of your own (`defineWebhooks`). */
  provider: P;
  /** The provider's id of this message: pass it to `.replyTo()` (Bird: its message uuid; others: `wamid.…`). */
  id: string;
  /**
   * The sender's address, what `wa.reply(event)` answers: the phone number in E.164
   * (`+31612345678`) when the provider gives one, else the business-scoped user ID (BSUID,
   * `US.13491208655302741918`) of a user known only by username.
   */
  from: string;
  /** The sender's phone number, E.164, when the provider gives it (Meta may withhold it from users with a username). */
  phone?: string;
  /** The sender's business-scoped user ID (Cloud API `from_user_id`, Bird `whatsappbsuid`), when given. */
  bsuid?: string;
  /** The sender's parent BSUID (`US.ENT.…`, Cloud API `from_parent_user_id`), when the business is enrolled in parent BSUIDs. */
  parentBsuid?: string;
  /** The sender's WhatsApp username, when given: display data, never a key (it can change). */
  username?: string;
  /**
   * Meta's hash of the sender's identity key (Cloud API `contacts[].identity_key_hash`), given
   * only when the identity change check is on: when it differs from the one you stored, the
   * user reinstalled WhatsApp or changed device.
   */
  identityKeyHash?: string;
  /** The sender's profile name, when the provider gives it. */
  name?: string;
  /** When the user sent it, ISO 8601 (UTC). */
  timestamp: string;
  message: InboundContent;
  /** Id of the message this one answers (WhatsApp's `context.id`), when it is a reply. */
  replyTo?: string;
  /** The business number it was sent to, when the webhook says (Bik's does not). */
  business?: BusinessNumber;
  /**
   * When the 24-hour customer service window opened by this message closes, ISO 8601. Bird's
   * `serviceWindowExpireAt` when the payload carries it; otherwise the message time + 24 h,
   * which is WhatsApp's rule for every provider (free-form messages are allowed until then).
   */
  serviceWindowExpiresAt?: string;
  /** The provider's item this event was read from. */
  raw: unknown;
}

/** The neutral delivery states; `played`: a voice message was listened to (Cloud API). */
export type DeliveryStatus = "accepted" | "sent" | "delivered" | "read" | "played" | "failed";

/** Why a message failed, as the provider said it. */
export interface WebhookError {
  /** The provider's explanation. */
  message: string;
  /** The provider's own code (e.g. Meta `131047`, Bird failure code). */
  providerCode?: string;
  /**
   * wafluent's code, when the provider's code is one it maps: `TEMPLATE` when the template sent
   * does not match the approved one (its name, language, parameters or their format) or is paused
   * or disabled, as a send's `ProviderError` would say (docs/templates.md lists each provider's codes).
   */
  code?: "TEMPLATE";
}

/** A change in the delivery state of a message the business sent. */
export interface WebhookStatusEvent<P extends string = WebhookProvider> {
  type: "status";
  /** The provider that sent it: a built-in name, or the `name` of a webhook definition of your own (`defineWebhooks`). */
  provider: P;
  /** Id of the message whose state changed: the id `send()` returned. */
  id: string;
  status: DeliveryStatus;
  /** The provider's own status word (e.g. Bird `delivery_failed`, Kaleyra `not-sent`). */
  providerStatus: string;
  /** The recipient's phone number, E.164, when given: the participant's for a group message, never the group id (Meta leaves it out for some BSUID sends). */
  recipient?: string;
  /** The recipient's business-scoped user ID (Cloud API `recipient_user_id`; a group participant's for group messages), when given. */
  recipientBsuid?: string;
  /** The recipient's parent BSUID (Cloud API `recipient_parent_user_id`), when given. */
  recipientParentBsuid?: string;
  /**
   * Meta's hash of the recipient's identity key (Cloud API `recipient_identity_key_hash`), given
   * only when the identity change check is on.
   */
  recipientIdentityKeyHash?: string;
  /** The group id, when the message was sent to a WhatsApp group (Cloud API `recipient_type: "group"`). */
  group?: string;
  /** When the state changed, ISO 8601, when given. */
  timestamp?: string;
  /** Present on `failed`: the provider's reason. */
  error?: WebhookError;
  /**
   * The caller metadata echoed back (Cloud API `biz_opaque_callback_data`, Kaleyra
   * `extra_info.ref`, Bird `reference`, Bik `callbackData`): parsed as JSON when it is JSON,
   * else the string.
   */
  ref?: Json;
  raw: unknown;
}

/**
 * A user's identifiers changed (Cloud API system messages): a new phone number
 * (`user_changed_number`, which also gives a new BSUID) or a new BSUID alone
 * (`user_changed_user_id`). Update your records keyed by the previous values.
 */
export interface WebhookIdentityEvent<P extends string = WebhookProvider> {
  type: "identity";
  /** The provider that sent it: a built-in name, or the `name` of a webhook definition of your own (`defineWebhooks`). */
  provider: P;
  /** What changed: `"phone"` (and with it the BSUID) or `"bsuid"` alone. */
  change: "phone" | "bsuid";
  /** The new phone number, E.164, when given. */
  phone?: string;
  /** The previous phone number, E.164, when given. */
  previousPhone?: string;
  /** The new BSUID, when given. */
  bsuid?: string;
  /** The previous BSUID, when given. */
  previousBsuid?: string;
  /** The new parent BSUID, when given. */
  parentBsuid?: string;
  /** The previous parent BSUID, when given. */
  previousParentBsuid?: string;
  /** When it changed, ISO 8601, when given. */
  timestamp?: string;
  /** The provider's own sentence about the change, when given. */
  description?: string;
  raw: unknown;
}

/**
 * A change to one of the business's templates (template drift): its review status (Cloud API
 * `message_template_status_update`), its category (`template_category_update`) or its quality
 * rating (`message_template_quality_update`). A template that is paused, disabled, rejected or
 * recategorised will refuse or reprice sends: run `wafluent templates pull` when one arrives.
 */
export interface WebhookTemplateEvent<P extends string = WebhookProvider> {
  type: "template";
  /** The provider that sent it: a built-in name, or the `name` of a webhook definition of your own (`defineWebhooks`). */
  provider: P;
  /** What changed: `"status"`, `"category"` or `"quality"`. */
  change: "status" | "category" | "quality";
  /** The template's name, when given. */
  name?: string;
  /** The translation's language (`en_US`), when given. */
  language?: string;
  /** The provider's template id (Meta's `message_template_id`), when given. */
  templateId?: string;
  /** The new status (`APPROVED`, `REJECTED`, `PAUSED`, `DISABLED`, `ARCHIVED`, …), for a status change. */
  status?: string;
  /** The category: the template's on a status change, the new one on a category change. */
  category?: string;
  /** The category before a completed category change. */
  previousCategory?: string;
  /** The category Meta will move the template to (an impending change), when given. */
  correctCategory?: string;
  /** The new quality rating (`GREEN`, `YELLOW`, `RED`, `UNKNOWN`), for a quality change. */
  quality?: string;
  /** The quality rating before the change. */
  previousQuality?: string;
  /** Why (a rejection or pause reason, Meta's `other_info.description`); absent when Meta says `NONE`. */
  reason?: string;
  /** When it changed (or, for an impending category change, will change), ISO 8601, when given. */
  timestamp?: string;
  raw: unknown;
}

/** An item wafluent could not read: the provider's item is kept as is in `raw`. */
export interface WebhookUnknownEvent<P extends string = WebhookProvider> {
  type: "unknown";
  /** The provider that sent it: a built-in name, or the `name` of a webhook definition of your own (`defineWebhooks`). */
  provider: P;
  raw: unknown;
}

/**
 * One event from a provider's webhook. `P` is the provider tag its events carry: the built-in
 * names by default, or the `name` of a webhook definition of your own (`defineWebhooks`).
 */
export type WebhookEvent<P extends string = WebhookProvider> =
  | WebhookMessageEvent<P>
  | WebhookStatusEvent<P>
  | WebhookIdentityEvent<P>
  | WebhookTemplateEvent<P>
  | WebhookUnknownEvent<P>;
