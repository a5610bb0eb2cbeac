/**
 * The builder's public types: what each draft offers, the inputs its steps take, and the checks
 * that refuse an over-long list literal at compile time. The runtime behind them is
 * `builder.ts`'s one class.
 * @module
 */
import type { WaError, Issue } from "../core/errors.ts";
import type {
  Contact,
  FlowRef,
  Json,
  Kind,
  Media,
  MediaBytes,
  ProductRef,
  ProviderOptions,
  TemplateParam,
} from "../core/message.ts";
import type { Outgoing, Warning } from "./outgoing.ts";
import type { BulkOptions, BulkResult } from "./bulk.ts";
import type { ButtonsOptions, Overflow } from "../core/fit.ts";

export type { ButtonsOptions } from "../core/fit.ts";

/** A non-empty list as a tuple type, for callers that want to demand one item at compile time. */
export type AtLeastOne<T> = readonly [T, ...T[]];

/*
 * List arguments take any `readonly T[]`, so an array built at run time (`rooms.map(…)`) needs no
 * cast; validation refuses an empty or over-long one when the message is addressed. A list
 * written as a literal is inferred as a tuple (`const` type parameters), and the checks below
 * refuse what validation would refuse anyway: `[]`, or more items than allowed. The refusal is an
 * object type whose one property is the explanation, so tsc's message says what to fix.
 */

/** A compile-time refusal: tsc reports the missing property, which is the explanation. @internal */
type Refuse<Why extends string> = { [K in Why]: true };

/** Tuples longer than N (N = 3, 5 or 10). @internal */
type Over<N extends 3 | 5 | 10> = {
  3: readonly [unknown, unknown, unknown, unknown, ...unknown[]];
  5: readonly [unknown, unknown, unknown, unknown, unknown, unknown, ...unknown[]];
  10: readonly [
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    unknown,
    ...unknown[],
  ];
}[N];

/**
 * `unknown` (no constraint) unless `L` is a list literal that is empty or longer than `Max`;
 * any `readonly T[]` of unknown length passes. @internal
 */
type ListCheck<
  L extends readonly unknown[],
  What extends string,
  Max extends 3 | 5 | 10 | undefined = undefined,
> = L extends readonly []
  ? Refuse<`wafluent: give at least one ${What}`>
  : Max extends 3 | 5 | 10
    ? L extends Over<Max>
      ? Refuse<`wafluent: at most ${Max} ${What}s`>
      : unknown
    : unknown;

/** The most buttons `.buttons()` takes: 3, or 10 when the options may ask for the list fallback. @internal */
type MaxButtons<O> = "fallback" extends keyof O ? ("list" extends O["fallback" & keyof O] ? 10 : 3) : 3;

/** What `.buttons(items, options)` refuses at compile time in a list literal. @internal */
type ButtonsCheck<L extends readonly unknown[], O> = L extends readonly []
  ? Refuse<"wafluent: give at least one button">
  : MaxButtons<O> extends 3
    ? L extends Over<3>
      ? Refuse<"wafluent: at most 3 reply buttons; with { fallback: 'list' } up to 10 go out as a list">
      : unknown
    : L extends Over<10>
      ? Refuse<"wafluent: at most 10 buttons, even with { fallback: 'list' }">
      : unknown;

/** What `.list(label, sections)` refuses at compile time: no section, or a section literal with no row. @internal */
type SectionsCheck<S extends readonly { rows: readonly unknown[] }[]> = S extends readonly []
  ? Refuse<"wafluent: give at least one section">
  : [Extract<S[number], { rows: readonly [] }>] extends [never]
    ? unknown
    : Refuse<"wafluent: give every section at least one row">;

/** What `.products(catalogId, sections)` refuses at compile time: no section, or a section literal with no product. @internal */
type ProductSectionsCheck<S extends readonly { productIds: readonly unknown[] }[]> = S extends readonly []
  ? Refuse<"wafluent: give at least one product section">
  : [Extract<S[number], { productIds: readonly [] }>] extends [never]
    ? unknown
    : Refuse<"wafluent: give every product section at least one product id">;

/**
 * A media argument: an https URL, a {@link Media} object, bytes (a `Blob`/`File`, `Uint8Array`,
 * `ArrayBuffer`), or bytes with their details ({@link MediaFileInput}); bytes are uploaded at
 * send by a client given `withMedia(provider)` (docs/media.md).
 */
export type MediaArg = string | Media | Blob | Uint8Array | ArrayBuffer | MediaFileInput;

/**
 * Bytes to upload, with their details: `image({ file, caption })`, `document({ file, filename })`.
 * A `ReadableStream` needs its `size`; `type` is checked against the bytes (read from them when left out).
 * @example wa.document({ file: pdfBytes, filename: "invoice.pdf", caption: "Your invoice" })
 */
export interface MediaFileInput {
  /** The bytes: a `Blob`/`File`, `Uint8Array`, `ArrayBuffer` or `ReadableStream`. */
  file: MediaBytes;
  /** The file name (documents: shown; required when `file` is no `File`). */
  filename?: string;
  /** The MIME type, e.g. `image/png`; default: the `File`'s, else read from the bytes. */
  type?: string;
  /** Caption (images, videos, documents; ≤ 1024). */
  caption?: string;
  /** The length in bytes of a `ReadableStream`. */
  size?: number;
}

/** A quick-reply button: `"Yes"` (id = title) or `{ id?, title }`. */
export type ButtonInput = string | { id?: string; title: string };

/** A list row: `"Title"` (id = title) or `{ id?, title, description? }`. */
export type RowInput = string | { id?: string; title: string; description?: string };

/**
 * A contact card as `contacts()` takes it: a {@link Contact} whose lists (phones, emails, urls,
 * addresses) may be read-only. Cards are checked when the message is addressed (`.to()` throws a
 * `ValidationError` for a card without `name.formatted_name`, or for more than 5 cards).
 * @example
 * const cards: ContactInput[] = staff.map((s) => ({ name: { formatted_name: s.name }, phones: [{ phone: s.phone }] }));
 * await wa.contacts(cards).to("+31612345678");
 */
export type ContactInput = {
  readonly [K in keyof Contact]: Contact[K] extends readonly (infer E)[] | undefined ? readonly E[] : Contact[K];
};

/** A list section. */
export interface SectionInput {
  title?: string;
  /** 1–10 rows in total over all sections; any `readonly RowInput[]`, e.g. built with `map`. */
  rows: readonly RowInput[];
}

/** A header: text, or `{ image | video | document: url | Media }`. */
export type HeaderInput = string | { image: MediaArg } | { video: MediaArg } | { document: MediaArg };

/** A template parameter: a string or number (text), `{ image: url }`, or a full {@link TemplateParam}. */
export type TemplateParamInput =
  | string
  | number
  | TemplateParam
  | { image: MediaArg }
  | { video: MediaArg }
  | { document: MediaArg };

/** Options of `template(name, options)`. */
export interface TemplateOptions {
  /** Language or locale, e.g. `en_US`. */
  language: string;
  /** Meta's language policy: `"deterministic"`, the only one (Cloud API and Kaleyra send it). */
  languagePolicy?: "deterministic";
  /** Positional body parameters `{{1}}`, `{{2}}`, … */
  params?: readonly TemplateParamInput[];
  /** The header parameter (text or media). */
  header?: TemplateParamInput;
  /** Button parameters; `index` defaults to the position in this list. */
  buttons?: readonly (
    | { type: "url"; index?: number; text: string }
    | { type: "quickReply"; index?: number; payload: string | boolean }
    | { type: "catalog"; index?: number; thumbnailProductId?: string }
    | { type: "flow"; index?: number; token?: string; data?: { [key: string]: Json } }
  )[];
  /** Named variables, for providers whose templates use names (Bird, Zixflow). */
  variables?: Record<string, string | number | boolean>;
}

/** What `check()` returns: never throws. */
export interface CheckResult {
  /** Whether `.to()` would accept the message under the same policy. */
  ok: boolean;
  /** Every problem, as `.to()` would report it in a `ValidationError`. */
  issues: Issue[];
  /** The changes the policy would make (truncations, fallback), even when there are issues too. */
  warnings: Warning[];
}

/** Per-message policy options of `.to(recipient, options)` and `.check(recipient, options)`. */
export interface ToOptions {
  /**
   * `"error"`: over-long text is a `ValidationError`. `"truncate"`: it is shortened at a grapheme
   * boundary with `…` and reported in `outgoing.warnings`. Default: the client's `overflow`, else `"error"`.
   */
  overflow?: Overflow;
}

/** Methods every draft has. */
export interface Draft<K extends Kind = Kind> {
  /** @internal phantom marker of the message kind */
  readonly __kind?: K;
  /** Replies to a received message (WhatsApp's `context.message_id`). */
  replyTo(messageId: string): this;
  /** Caller metadata that providers echo back in status callbacks (Kaleyra ref, Bird reference, Bik callbackData). */
  ref(data: Json): this;
  /** Provider-specific options, keyed by provider name; merged with earlier calls. */
  options(options: ProviderOptions): this;
  /**
   * Checks the message without throwing, under the same policy as `.to()`, for UIs that show
   * problems (and the truncations that would happen) while the user types. Without a recipient,
   * the recipient is not checked.
   * @example
   * const { ok, issues, warnings } = message.text(body).buttons(items, { fallback: "list" }).check();
   */
  check(recipient?: string, options?: ToOptions): CheckResult;
  /**
   * Addresses the message, applies the overflow/fallback policy and validates it. Nothing is
   * sent until the result is awaited; changes made are listed in `outgoing.warnings`.
   * `recipient` is a phone number, normalised to E.164 when that is unambiguous (`+31 (0)6 12345678`,
   * `0031 6…`, Arabic-Indic digits), or a business-scoped user ID (BSUID, `US.13491208655302741918`),
   * kept exactly as given.
   * @throws {ValidationError} `VALIDATION` listing every issue (a recipient that is neither form among them).
   * @example
   * await wa.text("Hi").to("+31 (0)6 12345678"); // sent to +31612345678
   * await wa.text("Hi").to(event.bsuid!); // a user known only by username
   */
  to(recipient: string, options?: ToOptions): Outgoing;
  /**
   * Addresses the message to many recipients; awaiting sends to all, one result each, in order.
   * An array must hold at least one recipient (an empty list literal does not compile); any other
   * iterable is read lazily, and one that yields nothing resolves to `[]`.
   * @throws {ValidationError} `VALIDATION` (path `to`) when `recipients` is an empty array.
   * @throws {WaError} `CONFIG` when an option is malformed (`concurrency: NaN`, a negative `rateLimit`, …).
   *   Awaiting rejects with a `BulkError` (`SOURCE_ERROR`, the results so far) if `recipients` throws.
   * @example
   * const results = await wa.text("Sale starts now").to(["+31612345678", "+4915112345678"], { concurrency: 5 });
   */
  to<const L extends Iterable<string> | AsyncIterable<string>>(
    // `any` (e.g. from JSON.parse) is left to the one-recipient overload, as before.
    recipients: L &
      (0 extends 1 & L ? never : L extends readonly [] ? Refuse<"wafluent: give at least one recipient"> : unknown),
    options?: BulkOptions & ToOptions,
  ): Bulk;
}

/** A draft that takes a header and a footer. */
export interface InteractiveDraft<K extends Kind> extends Draft<K> {
  /** Header: text (≤ 60) or `{ image | video | document: url }` (lists: text only). */
  header(header: HeaderInput): this;
  /** Footer text (≤ 60). */
  footer(text: string): this;
}

/** A draft that takes a footer but no header (single product, catalog). */
export interface FooterDraft<K extends Kind> extends Draft<K> {
  /** Footer text (≤ 60). */
  footer(text: string): this;
}

/** One section of a multi-product message: title ≤ 24 (required when there are several), product retailer ids. */
export interface ProductSectionInput {
  title?: string;
  /** Product retailer ids; any `readonly string[]`, e.g. built with `map`. */
  productIds: readonly string[];
}

/** A text draft: can become buttons, a list, a link, a location request, a product, products, a catalog or a flow. */
export interface TextDraft extends InteractiveDraft<"text"> {
  /**
   * Quick-reply buttons: 1–3, titles ≤ 20 and unique, ids ≤ 256. With `{ fallback: "list" }`,
   * up to 10 items, sent as a list (rows ≤ 24) when they cannot be reply buttons.
   */
  // biome-ignore lint/complexity/noBannedTypes: {} is "no options given", the default when options are left out.
  buttons<const L extends readonly ButtonInput[], const O extends ButtonsOptions = {}>(
    items: L & ButtonsCheck<L, O>,
    options?: O,
  ): InteractiveDraft<"buttons">;
  /** A list: button label ≤ 20, sections with ≤ 10 rows in total (row title ≤ 24, description ≤ 72). */
  list<const S extends readonly SectionInput[]>(
    buttonLabel: string,
    sections: S & SectionsCheck<S>,
  ): InteractiveDraft<"list">;
  /** A call-to-action URL button: text ≤ 20, https URL. */
  link(text: string, url: string): InteractiveDraft<"link">;
  /** Asks the user to share their location. */
  locationRequest(): Draft<"locationRequest">;
  /**
   * A single-product message (WhatsApp's `product`): the text is the body (≤ 1024); no header.
   * @example wa.text("Back in stock").product({ catalogId: "367025965434465", productId: "SKU-1" })
   */
  product(product: ProductRef): FooterDraft<"product">;
  /**
   * A multi-product message (WhatsApp's `product_list`): 1–10 sections, ≤ 30 products in total,
   * section titles ≤ 24; needs a text `.header()`.
   * @example wa.text("Our picks").header("Summer").products("146265584024623", [{ title: "Tops", productIds: ["SKU-1", "SKU-2"] }])
   */
  products<const S extends readonly ProductSectionInput[]>(
    catalogId: string,
    sections: S & ProductSectionsCheck<S>,
  ): InteractiveDraft<"productList">;
  /**
   * A catalog message (WhatsApp's `catalog_message`, a "View catalog" button) showing one product as thumbnail.
   * @example wa.text("Browse our shop").catalog({ thumbnailProductId: "SKU-1" })
   */
  catalog(options: { thumbnailProductId: string }): FooterDraft<"catalog">;
  /**
   * A WhatsApp Flow message: a button (`cta` ≤ 30) that opens the Flow by `id` or `name`.
   * @example wa.text("Book a table").flow({ id: "1234", cta: "Book", screen: "WELCOME", data: { guests: 2 } })
   */
  flow(flow: FlowRef): InteractiveDraft<"flow">;
}

/** The entry points of the builder: one per message kind. */
export interface Builders {
  /** A text message (≤ 4096 characters; 1024 once it has buttons, a list or a link). */
  text(body: string, options?: { previewUrl?: boolean }): TextDraft;
  /** An image, by URL or media object (caption ≤ 1024); several images for providers that send albums. */
  image<const M extends MediaArg | readonly MediaArg[]>(
    media: M & (M extends readonly unknown[] ? ListCheck<M, "image"> : unknown),
  ): Draft<"image">;
  /** A video (caption ≤ 1024). */
  video(media: MediaArg): Draft<"video">;
  /** An audio file (no caption). */
  audio(media: MediaArg): Draft<"audio">;
  /** A document (caption ≤ 1024, `filename`). */
  document(media: MediaArg): Draft<"document">;
  /** A sticker (webp, no caption). */
  sticker(media: MediaArg): Draft<"sticker">;
  /** A location pin. */
  location(location: { latitude: number; longitude: number; name?: string; address?: string }): Draft<"location">;
  /** 1–5 contact cards in Meta's shape; any `readonly ContactInput[]`, e.g. built with `map`. */
  contacts<const C extends readonly ContactInput[]>(cards: C & ListCheck<C, "contact card", 5>): Draft<"contacts">;
  /** A reaction to a received message; `""` removes it. */
  reaction(messageId: string, emoji: string): Draft<"reaction">;
  /** A pre-approved template. */
  template(name: string, options: TemplateOptions): Draft<"template">;
}

/**
 * The builder method that makes each kind: its entry point in {@link Builders} or its step in
 * {@link TextDraft}, of the same name but `products` for `productList` (WhatsApp's
 * `product_list`). Derived from {@link Kind}, so a kind added to `KINDS` is a step key at once.
 * @internal
 */
export type KindStep<K extends Kind = Kind> = K extends "productList" ? "products" : K;

/** The draft that the method `S` returns: an entry point, else a step of a text draft. @internal */
type StepDraft<S> = S extends keyof Builders
  ? ReturnType<Builders[S]>
  : S extends keyof TextDraft
    ? TextDraft[S] extends (...args: never[]) => infer D
      ? D
      : never
    : never;

/** Whether kind `K` has its builder method, returning a draft of that kind. @internal */
type HasBuilder<K extends Kind> = [StepDraft<KindStep<K>>] extends [never]
  ? false
  : [StepDraft<KindStep<K>>] extends [Draft<K>]
    ? true
    : false;

/** Compiles only when every kind's entry is `true`; tsc names the kind that is not. @internal */
type EveryKind<T extends Record<Kind, true>> = T;

/**
 * Does not compile while a kind of `KINDS` has no builder method ({@link KindStep}) in
 * {@link Builders} or {@link TextDraft} returning a draft of that kind: tsc names the kind.
 * @internal
 */
export type KindsHaveBuilders = EveryKind<{ [K in Kind]: HasBuilder<K> }>;

/** One recipient of a bulk send, prepared (validated) but not sent. */
export type BulkEntry =
  | { to: string; outgoing: Outgoing; error?: undefined }
  | { to: string; outgoing?: undefined; error: WaError };

/** Sends to many recipients lazily: nothing happens until awaited or `send()`. */
export interface Bulk extends PromiseLike<BulkResult[]> {
  /**
   * Sends to every recipient; one result each, in input order. Never rejects for one failure.
   * @throws {BulkError} `SOURCE_ERROR` when the recipients' iterable throws: `results` so far, `cause`.
   */
  send(options?: BulkOptions): Promise<BulkResult[]>;
  /**
   * Each recipient prepared, in input order, without sending: its `Outgoing`, or the
   * `ValidationError` for that recipient alone (for queues, previews and custom senders).
   */
  entries(): AsyncIterable<BulkEntry>;
}
