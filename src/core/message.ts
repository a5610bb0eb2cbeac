/**
 * The provider-neutral message model: plain JSON data (no functions, no classes), so a
 * `Message` can be logged, stored, queued and posted to a proxy as is.
 * The valibot schemas in `src/core/schemas/` are the runtime truth for these shapes and limits.
 * @module
 */

/** Any JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Bytes of a media file, uploaded through the provider's media API when the message is sent
 * (docs/media.md). The one value of a {@link Message} that is not JSON: `JSON.stringify` shows
 * it as `{}`, so a message holding bytes is sent (or uploaded) before it is logged or queued.
 * A `ReadableStream` is read once, and needs its length in {@link Media.size}.
 */
export type MediaBytes = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>;

/** A media file: by public URL, by a provider media id, or as bytes to upload (exactly one of the three). */
export interface Media {
  /** Public https URL of the file. */
  url?: string;
  /** A media id previously uploaded to the provider (Meta, Kaleyra). */
  id?: string;
  /** The file's bytes, uploaded at send (see {@link MediaBytes}); a `File` brings its name and type. */
  file?: MediaBytes;
  /** The length in bytes of a `ReadableStream` {@link Media.file} (required for one, checked when read). */
  size?: number;
  /** Caption shown under image, video and document (≤ 1024 characters). */
  caption?: string;
  /** File name shown for documents. */
  filename?: string;
  /** Accessibility text (Bird only; ignored by the others). */
  altText?: string;
  /**
   * MIME type, when a provider needs it (Bird's `file` body); guessed from the URL otherwise. For
   * bytes, the declared type (`type` in `image({ file, type })`), checked against the bytes.
   */
  contentType?: string;
}

/** Header of an interactive message: text (≤ 60) or one media file. */
export type Header = { type: "text"; text: string } | { type: "image" | "video" | "document"; media: Media };

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
  | DateTimeParam
  | { type: "image" | "video" | "document"; media: Media };

/**
 * A date-time template parameter. WhatsApp shows `fallback` (the Cloud API always does); the
 * other fields are Meta's localisation hints, sent as given (`dayOfWeek`: 1 = Monday … 7 = Sunday).
 */
export interface DateTimeParam {
  type: "dateTime";
  /** The text shown. */
  fallback: string;
  /** Calendar of the other fields. */
  calendar?: "GREGORIAN" | "SOLAR_HIJRI";
  year?: number;
  /** 1–12. */
  month?: number;
  /** 1–31. */
  dayOfMonth?: number;
  /** 1 (Monday) – 7 (Sunday). */
  dayOfWeek?: number;
  /** 0–23. */
  hour?: number;
  /** 0–59. */
  minute?: number;
}

/**
 * A template button parameter, addressed by the button's index in the template:
 * - `url`: the suffix of a dynamic URL button;
 * - `quickReply`: the payload sent back when tapped; a boolean is sent as Meta's `text`
 *   parameter (the yes/no quick replies of Meta's "issue resolution" sample);
 * - `catalog`: a "View catalog" button, optionally with the product shown as thumbnail;
 * - `flow`: a Flow button, with the flow token and the first screen's input data.
 */
export type TemplateButton =
  | { type: "url"; index: number; text: string }
  | { type: "quickReply"; index: number; payload: string | boolean }
  | { type: "catalog"; index: number; thumbnailProductId?: string }
  | { type: "flow"; index: number; token?: string; data?: { [key: string]: Json } };

/** A product of a catalog (commerce messages). */
export interface ProductRef {
  /** The catalog's id (Commerce Manager). */
  catalogId: string;
  /** The product's retailer id (SKU) in that catalog. */
  productId: string;
}

/** One section of a multi-product message: a title (≤ 24) and product retailer ids. */
export interface ProductSection {
  title?: string;
  productIds: string[];
}

/**
 * A WhatsApp Flow opened from a button: by published `id` or by `name` (exactly one).
 * @see https://developers.facebook.com/docs/whatsapp/flows/guides/sendingaflow
 */
export interface FlowRef {
  /** The Flow's id. */
  id?: string;
  /** The Flow's name (instead of its id). */
  name?: string;
  /** Label of the button that opens the Flow (≤ 30, no emoji). */
  cta: string;
  /** Your token identifying this flow session; Meta's default is "unused". */
  token?: string;
  /** `"draft"` to test an unpublished Flow; Meta's default is `"published"`. */
  mode?: "draft" | "published";
  /** `"navigate"` (default) opens `screen` with `data`; `"data_exchange"` asks your endpoint. */
  action?: "navigate" | "data_exchange";
  /** The first screen's id (navigate only); Meta's default is `FIRST_ENTRY_SCREEN`. */
  screen?: string;
  /** The first screen's input data (navigate only; a non-empty object). */
  data?: { [key: string]: Json };
}

/** A pre-approved template message. */
export interface Template {
  /** Template name as approved (Meta, Kaleyra, Zixflow); providers with ids take them in `options`. */
  name: string;
  /** Language or locale code, e.g. `en_US` or `en`. */
  language: string;
  /** Meta's language policy; `"deterministic"` is the only one (and WhatsApp's default). */
  languagePolicy?: "deterministic";
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
 * entry by declaration merging, e.g. `bird?: BirdOptions`; a key no provider declared (a
 * misspelt `cloudapi`) is a type error. A provider of your own declares its entry the same way:
 * `declare module "wafluent" { interface ProviderOptions { gateway?: GatewayOptions } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each provider module.
export interface ProviderOptions {}

/**
 * Every message kind, in the order tables list them: the one list the rest derives from (the
 * `Kind` type, validation's error text, providers' support tables, the README table, the tests).
 * A kind added here and to {@link Content} makes `tsc` name every place that must handle it: the
 * builder, its step switch, the schema variant, fit's table, each provider's support table and
 * compile switch (docs/adding-a-provider.md, "Adding a message kind"; test/node/dummy-kind.test.ts
 * pins the list).
 * @example
 * for (const kind of KINDS) console.log(kind, provider.kinds.includes(kind));
 */
export const KINDS = /* @__PURE__ */ Object.freeze([
  "text",
  "image",
  "video",
  "audio",
  "document",
  "sticker",
  "location",
  "contacts",
  "reaction",
  "buttons",
  "list",
  "link",
  "locationRequest",
  "template",
  "product",
  "productList",
  "catalog",
  "flow",
] as const);

/** The message kinds, as the `type` discriminator of {@link Content}. */
export type Kind = (typeof KINDS)[number];

// Does not compile when KINDS and Content disagree: a kind in one must be in the other, and each
// kind must be the whole `type` of one member of Content (else `MessageOf<K>` is `never`).
type Same<T extends true> = T;
/** Kinds no member of Content has to itself. @internal */
type Shared = { [K in Kind]: [Extract<Content, { type: K }>] extends [never] ? K : never }[Kind];
/** @internal */
export type KindsAreContent = Same<
  [Exclude<Content["type"], Kind>, Exclude<Kind, Content["type"]>, Shared] extends [never, never, never] ? true : false
>;

/** The body of a message, one member per kind (so {@link MessageOf} finds each). */
export type Content =
  | { type: "text"; body: string; previewUrl?: boolean }
  | { type: "image"; media: Media[] }
  | { type: "video"; media: Media[] }
  | { type: "audio"; media: Media[] }
  | { type: "document"; media: Media[] }
  | { type: "sticker"; media: Media[] }
  | { type: "location"; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: "contacts"; contacts: Contact[] }
  | { type: "reaction"; reaction: { messageId: string; emoji: string } }
  | { type: "buttons"; body: string; header?: Header; footer?: string; buttons: Button[] }
  | { type: "list"; body: string; header?: Header; footer?: string; button: string; sections: ListSection[] }
  | { type: "link"; body: string; header?: Header; footer?: string; link: { text: string; url: string } }
  | { type: "locationRequest"; body: string }
  | { type: "product"; body?: string; footer?: string; product: ProductRef }
  | {
      type: "productList";
      body: string;
      header: Header;
      footer?: string;
      catalogId: string;
      sections: ProductSection[];
    }
  | { type: "catalog"; body: string; footer?: string; catalog: { thumbnailProductId: string } }
  | { type: "flow"; body: string; header?: Header; footer?: string; flow: FlowRef }
  | { type: "template"; template: Template };

/** The kinds of recipient: a phone number, or a business-scoped user ID (BSUID). */
export type RecipientKind = "phone" | "bsuid";

/** What every message carries besides its content. */
export interface Envelope {
  /**
   * Recipient: a phone number in E.164 form (`+` then 8–15 digits), or a WhatsApp
   * business-scoped user ID (BSUID, `US.13491208655302741918`, parent form `US.ENT.…`) for a
   * user known only by username. A BSUID is kept exactly as given.
   */
  to: string;
  /**
   * Which kind of recipient `to` is: `"bsuid"` for a business-scoped user ID, `"phone"` (or
   * absent) for a phone number. Validation sets `"bsuid"` when it is left out and refuses a kind
   * that contradicts `to`.
   */
  toKind?: RecipientKind;
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
