/**
 * The provider-neutral message model: plain JSON data (no functions, no classes), so a
 * `Message` can be logged, stored, queued and posted to a proxy as is.
 * The valibot schemas in `src/schemas/` are the runtime truth for these shapes and limits.
 * @module
 */

/** Any JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A media file, by public URL or by a provider media id (exactly one of the two). */
export interface Media {
  /** Public https URL of the file. */
  url?: string;
  /** A media id previously uploaded to the provider (Meta, Kaleyra). */
  id?: string;
  /** Caption shown under image, video and document (≤ 1024 characters). */
  caption?: string;
  /** File name shown for documents. */
  filename?: string;
  /** Accessibility text (Bird only; ignored by the others). */
  altText?: string;
  /** MIME type, when a provider needs it (Bird's `file` body); guessed from the URL otherwise. */
  contentType?: string;
}

/** Header of an interactive message: text (≤ 60) or one media file. */
export type Header =
  | { type: "text"; text: string }
  | { type: "image" | "video" | "document"; media: Media };

/** One quick-reply button: `id` is sent back when tapped, `title` is shown (≤ 20). */
export interface Button {
  id: string;
  title: string;
}

/** One row of a list message. */
export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

/** One section of a list message; `title` is required when there is more than one section. */
export interface ListSection {
  title?: string;
  rows: ListRow[];
}

/** A contact card, in Meta's shape (the format WhatsApp itself uses). */
export interface Contact {
  name: {
    formatted_name: string;
    first_name?: string;
    last_name?: string;
    middle_name?: string;
    prefix?: string;
    suffix?: string;
  };
  phones?: { phone: string; type?: string; wa_id?: string }[];
  emails?: { email: string; type?: string }[];
  urls?: { url: string; type?: string }[];
  addresses?: {
    street?: string;
    city?: string;
    state?: string;
    zip?: string;
    country?: string;
    country_code?: string;
    type?: string;
  }[];
  org?: { company?: string; department?: string; title?: string };
  birthday?: string;
}

/** A template parameter: header or body variable. */
export type TemplateParam =
  | { type: "text"; text: string }
  | { type: "currency"; fallback: string; code: string; amount1000: number }
  | { type: "dateTime"; fallback: string }
  | { type: "image" | "video" | "document"; media: Media };

/** A template button parameter, addressed by the button's index in the template. */
export type TemplateButton =
  | { type: "url"; index: number; text: string }
  | { type: "quickReply"; index: number; payload: string };

/** A pre-approved template message. */
export interface Template {
  /** Template name as approved (Meta, Kaleyra, Zixflow); providers with ids take them in `options`. */
  name: string;
  /** Language or locale code, e.g. `en_US` or `en`. */
  language: string;
  /** Header parameters (text or one media file). */
  header?: TemplateParam[];
  /** Positional body parameters, `{{1}}`, `{{2}}`, … */
  body?: TemplateParam[];
  /** Button parameters (URL suffixes, quick-reply payloads). */
  buttons?: TemplateButton[];
  /** Named variables, for providers whose templates use names (Bird, Zixflow). */
  variables?: Record<string, string | number | boolean>;
}

/**
 * Provider-specific options, keyed by provider name. Provider modules add their own typed
 * entry by declaration merging, e.g. `bird?: BirdOptions`.
 */
export interface ProviderOptions {
  [provider: string]: Record<string, Json> | undefined;
}

/** The message kinds, as the `type` discriminator of {@link Content}. */
export type Kind = Content["type"];

/** The body of a message, one per kind. */
export type Content =
  | { type: "text"; body: string; previewUrl?: boolean }
  | { type: "image"; media: Media[] }
  | { type: "video" | "audio" | "document" | "sticker"; media: Media[] }
  | { type: "location"; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: "contacts"; contacts: Contact[] }
  | { type: "reaction"; reaction: { messageId: string; emoji: string } }
  | { type: "buttons"; body: string; header?: Header; footer?: string; buttons: Button[] }
  | { type: "list"; body: string; header?: Header; footer?: string; button: string; sections: ListSection[] }
  | { type: "link"; body: string; header?: Header; footer?: string; link: { text: string; url: string } }
  | { type: "locationRequest"; body: string }
  | { type: "template"; template: Template };

/** What every message carries besides its content. */
export interface Envelope {
  /** Recipient in E.164 form, `+` then 8–15 digits. */
  to: string;
  /** Id of the message this one replies to (WhatsApp's `context.message_id`). */
  replyTo?: string;
  /** Caller metadata that providers echo back in status callbacks. */
  ref?: Json;
  /** Provider-specific options, keyed by provider name. */
  options?: ProviderOptions;
}

/** A complete, validated, provider-neutral message. Plain JSON. */
export type Message = Envelope & Content;

/** A message of one kind. */
export type MessageOf<K extends Kind> = Envelope & Extract<Content, { type: K }>;
