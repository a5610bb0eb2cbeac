/**
 * The fluent, immutable builder. Each call returns a new draft that points at its
 * parent and holds one step, so a chain costs one small object per call and a partial draft
 * can be reused freely; the message is assembled and validated once, at `.to()`.
 * @module
 */
import { ValidationError, type WaError } from "../core/errors.ts";
import type {
  Contact,
  FlowRef,
  Json,
  Kind,
  Media,
  Message,
  ProductRef,
  ProviderOptions,
  TemplateParam,
} from "../core/message.ts";
import { closest, refuseUnknown, unknownKey } from "./config.ts";
import { clean, isObj, isPlain, setOwn } from "../core/json.ts";
import * as n from "../core/normalize.ts";
import {
  asWaError,
  type Bound,
  type BulkOptions,
  type BulkResult,
  Outgoing,
  recipientKindError,
  readBulkOptions,
  recipientLabel,
  sendAll,
  type Warning,
} from "./outgoing.ts";
import type { SendOptions } from "./transport.ts";
import type { Issue } from "../core/errors.ts";
import { type ButtonsOptions, type FitOptions, fitMessage, type Overflow } from "../core/fit.ts";
import { accept, type SureButton, sureButton, sureMessage, trim } from "../core/schemas/accept.ts";
import { LIMITS } from "../core/schemas/limits.ts";
import { isE164 } from "../core/recipient.ts";
import { UNREADABLE } from "../core/validate.ts";

/** The issue of `.to()` / `.check()` options that threw while being read. */
const UNREADABLE_OPTIONS =
  '`.to(recipient, options)` options could not be read (a getter or a Proxy that throws); pass a plain object like { overflow: "truncate" }.';

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

/**
 * The built-in providers' names: a `.options()` key close to one of them (or to the client's
 * provider's name) but not equal is a misspelling, refused; other keys are other providers' options.
 * @internal
 */
export const PROVIDER_NAMES: readonly string[] = [
  "sandbox",
  "bird",
  "cloudApi",
  "kaleyra",
  "bik",
  "zixflow",
  "dialog360",
  "twilio",
  "infobip",
  "proxy",
];

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

/** A media argument: an https URL, or a {@link Media} object. */
export type MediaArg = string | Media;

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

/**
 * Every step a draft records, by key: the entry points (`text`, `image`, …), the chain methods
 * (`buttons`, `header`, …) and `reply` (from `wa.reply(event)`). {@link apply} handles each one
 * in a switch that must be exhaustive: a key added here without its case does not compile
 * (test/node/steps.test.ts pins that), so no step can be dropped silently.
 * @internal
 */
export type StepKey =
  | "text"
  | "image"
  | "video"
  | "audio"
  | "document"
  | "sticker"
  | "location"
  | "contacts"
  | "reaction"
  | "template"
  | "buttons"
  | "list"
  | "link"
  | "locationRequest"
  | "product"
  | "products"
  | "catalog"
  | "flow"
  | "header"
  | "footer"
  | "replyTo"
  | "ref"
  | "options"
  | "reply";

/** The one runtime class behind every draft interface. @internal */
class Chain {
  readonly #bound: Bound | undefined;
  readonly #parent: Chain | undefined;
  // One step, in three fields rather than a tuple: one object per call, not two.
  readonly #key: StepKey;
  readonly #value: unknown;
  readonly #extra: unknown;

  constructor(bound: Bound | undefined, parent: Chain | undefined, key: StepKey, value?: unknown, extra?: unknown) {
    this.#bound = bound;
    this.#parent = parent;
    this.#key = key;
    this.#value = value;
    this.#extra = extra;
    // Not frozen: the state is private and no method writes it, so a draft cannot be changed
    // (test/node/immutable.test.ts); Object.freeze per call cost about 8% of a compile.
  }

  /** The next draft; the values are copied ({@link snap}), so changing them later changes no draft. */
  #next(key: StepKey, value?: unknown, extra?: unknown): any {
    return new Chain(this.#bound, this, key, copy(value), copy(extra));
  }

  replyTo(id: unknown) {
    return this.#next("replyTo", id);
  }
  ref(data: unknown) {
    return this.#next("ref", data);
  }
  options(options: unknown) {
    return this.#next("options", options);
  }
  header(header: unknown) {
    return this.#next("header", header);
  }
  footer(text: unknown) {
    return this.#next("footer", text);
  }
  buttons(items: unknown, options?: unknown) {
    // The items' copy, checked once here for every `.to()`: an `Unsure` when the check failed.
    return new Chain(this.#bound, this, "buttons", snapItems(items), copy(options));
  }
  list(label: unknown, sections: unknown) {
    return this.#next("list", label, sections);
  }
  link(text: unknown, url: unknown) {
    return this.#next("link", text, url);
  }
  locationRequest() {
    return this.#next("locationRequest");
  }
  product(product: unknown) {
    return this.#next("product", product);
  }
  products(catalogId: unknown, sections: unknown) {
    return this.#next("products", catalogId, sections);
  }
  catalog(options: unknown) {
    return this.#next("catalog", options);
  }
  flow(flow: unknown) {
    return this.#next("flow", flow);
  }

  /**
   * Assembles the message to `to` from the steps, first call to last, with its undefined keys
   * dropped (`.footer(undefined)`, a link preview unset), and the overflow and fallback policy
   * that applies (`undefined`: the default, which changes nothing) from the overflow mode and the
   * last `.buttons()` options. A loop, not recursion: a chain of any length cannot overflow the stack.
   */
  #apply(to: unknown, overflow: unknown): [Record<string, unknown>, FitOptions | undefined] {
    const m: Record<string, any> = { to: n.recipient(to) };
    const nodes: Chain[] = [];
    for (let node: Chain | undefined = this; node; node = node.#parent) nodes.push(node);
    let buttons: unknown;
    let holes = m.to === undefined;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i]!;
      if (apply(m, node.#key, node.#value, node.#extra)) holes = true;
      if (node.#key === "buttons") buttons = node.#extra;
    }
    return [
      holes ? defined(m) : m,
      (overflow === undefined || overflow === "error") && buttons === undefined
        ? undefined
        : { overflow: (overflow ?? "error") as Overflow, buttons: buttons as ButtonsOptions },
    ];
  }

  /**
   * The keys of step options no step knows (`text(body, { previewURL })`, `.buttons(items,
   * { fallbak })`, `template(name, { paramz })`, `.options({ Bird })`), as issues for `.to()` and
   * `check()`: a draft step never throws, and an ignored misspelling would drop the setting.
   */
  #odd(): Issue[] | undefined {
    let odd: Issue[] | undefined;
    for (let node: Chain | undefined = this; node; node = node.#parent) {
      const issue = node.#extra === undefined && node.#key !== "options" ? undefined : node.#issue(this.#bound);
      if (issue) (odd ??= []).unshift(issue);
    }
    return odd;
  }

  /** The issue of this step's options with a key the step does not know, if any. */
  #issue(bound: Bound | undefined): Issue | undefined {
    const key = this.#key;
    const extra = this.#extra;
    let message: string | undefined;
    if (key === "text") message = unknownKey("text(body, options)", extra, ["previewUrl"]);
    else if (key === "template") message = unknownKey("template(name, options)", extra, TEMPLATE_KEYS, ["language"]);
    else if (key === "buttons") message = unknownKey(".buttons(items, options)", extra, ["fallback", "label"]);
    else if (key === "options" && isObj(this.#value)) {
      const own = bound?.provider.name;
      const names = own === undefined || PROVIDER_NAMES.includes(own) ? PROVIDER_NAMES : [...PROVIDER_NAMES, own];
      let given: string[];
      try {
        given = Object.keys(this.#value);
      } catch {
        return undefined; // a Proxy that throws: the full path reports the unreadable step
      }
      for (const name of given) {
        const near = closest(name, names);
        if (near !== undefined && near !== name)
          return {
            path: `options.${name.slice(0, 40)}`,
            message: `\`${name.slice(0, 40)}\` is not a provider name in .options(); did you mean \`${near}\`?`,
          };
      }
    }
    return message === undefined ? undefined : { path: key === "text" ? "previewUrl" : key, message };
  }

  /** The overflow mode that applies: `.to()`'s options, else the client's (`undefined`: `"error"`). */
  #overflow(options: unknown): unknown {
    const own = typeof options === "object" && options !== null ? (options as ToOptions).overflow : undefined;
    return own ?? this.#bound?.overflow;
  }

  /**
   * The builder's own fast lane, under the default policy: a text, or reply buttons with a text
   * header and footer, made of the steps `text`, `reply`, `replyTo`, `ref`, `header`, `footer`
   * and `buttons`, is assembled straight into the message {@link accept} would return for the
   * message `#apply` assembles, by the same code ({@link sureMessage}), without that intermediate
   * message. The buttons were checked when `.buttons()` copied them (not an {@link Unsure}); here
   * they are copied once more, so no two messages share them. Anything else returns `undefined`, for the full path
   * (`#apply`, then {@link accept} or valibot), which words every issue.
   * test/builder-lane.test.ts pins that both paths agree, output and issues, on random drafts.
   */
  #fast(to: unknown): Message | undefined {
    // Walked from the last call back to the first: the first value met of each field is the one
    // that stands (a later `.footer()` replaces an earlier one). `seen` has one bit per field.
    let seen = 0;
    let body: unknown, preview: unknown, header: unknown, footer: unknown, replyTo: unknown, ref: unknown;
    let items: SureButton[] | undefined;
    let from: unknown;
    for (let node: Chain | undefined = this; node; node = node.#parent) {
      switch (node.#key) {
        case "text": {
          if (node.#parent) return undefined; // only ever the first step
          body = node.#value;
          const extra = node.#extra;
          preview =
            typeof extra === "object" && extra !== null ? (extra as { previewUrl?: unknown }).previewUrl : extra;
          break;
        }
        case "buttons":
          if (seen & 1) break;
          // Options bring the fit policy; items not surely valid go to valibot.
          if (node.#value instanceof Unsure || node.#extra !== undefined) return undefined;
          seen |= 1;
          items = node.#value as SureButton[];
          break;
        case "header":
          if (!(seen & 2)) (seen |= 2), (header = node.#value);
          break;
        case "footer":
          if (!(seen & 4)) (seen |= 4), (footer = node.#value);
          break;
        case "ref":
          if (!(seen & 16)) (seen |= 16), (ref = node.#value);
          break;
        // biome-ignore lint/suspicious/noFallthroughSwitchClause: `wa.reply(event)` is a replyTo that also names the sender.
        case "reply": // its id unless `.replyTo()` came later; its sender unless `.to()` names one
          from = node.#extra;
        case "replyTo":
          if (!(seen & 8)) (seen |= 8), (replyTo = node.#value);
          break;
        default:
          return undefined;
      }
    }
    if (!items && header !== undefined) return undefined; // a text with a header: valibot words it
    let recipient = to === undefined ? from : to;
    if (typeof recipient !== "string") return undefined;
    if (!isE164(recipient)) {
      recipient = n.recipient(recipient);
      if (typeof recipient !== "string" || !isE164(recipient)) return undefined; // a BSUID too: valibot adds toKind
    }
    // `ref` copied: the message's own (accept() passes it through as given).
    return sureMessage(recipient, replyTo, copy(ref), body, items ? header : preview, footer, items);
  }

  check(recipient?: unknown, options?: unknown): CheckResult {
    let applied: [Record<string, unknown>, FitOptions | undefined];
    try {
      applied = this.#apply(recipient ?? "+10000000000", this.#overflow(options));
    } catch {
      return { ok: false, issues: [UNREADABLE], warnings: [] };
    }
    const [input, policy] = applied;
    const r = fitMessage(snap(input, 0), policy);
    const all = (this.#bound?.templates?.(input) ?? []).concat(r.issues);
    const found = recipient === undefined ? all.filter((i) => i.path !== "to") : all;
    const own = unknownKey(".check(recipient, options)", options, ["overflow"]);
    const odd = own ? [...(this.#odd() ?? []), { path: "", message: own }] : this.#odd();
    const issues = odd ? [...odd, ...found] : found;
    return { ok: issues.length === 0, issues, warnings: r.warnings };
  }

  to(recipients: unknown, options?: BulkOptions & ToOptions): Outgoing | Bulk {
    if (!isList(recipients)) return this.#one(recipients, options);
    const list = recipients as Iterable<unknown> | AsyncIterable<unknown>;
    const { overflow, ...bulkOptions } = readBulkOptions(options);
    if (Array.isArray(list) && list.length === 0)
      throw new ValidationError([
        {
          path: "to",
          message:
            "`to` received an empty list of recipients, so there is no one to send to. Pass at least one phone number or BSUID, or skip the send when the list is empty (`if (recipients.length > 0)`).",
          limit: 1,
          received: 0,
        },
      ]);
    const policy: ToOptions = { overflow };
    const prepare = (to: unknown) => this.#one(to, policy);
    const send = (more?: SendOptions) => sendAll(list, prepare, { ...bulkOptions, ...more });
    let sent: Promise<BulkResult[]> | undefined;
    const bulk: Bulk = {
      send: (more?: SendOptions) => (sent ??= send(more)),
      then: (ok, fail) => (sent ??= send()).then(ok, fail),
      async *entries() {
        // A list's items are not awaited (`for await` would read a `then` of each one).
        const it =
          Symbol.asyncIterator in list
            ? (list as AsyncIterable<unknown>)[Symbol.asyncIterator]()
            : (list as Iterable<unknown>)[Symbol.iterator]();
        let done = false;
        try {
          for (let step = await it.next(); !(done = !!step.done); step = await it.next()) {
            const to = step.value;
            const odd = recipientKindError(to);
            if (odd) {
              yield { to: recipientLabel(to), error: odd };
              continue;
            }
            let entry: BulkEntry;
            try {
              const outgoing = prepare(to);
              entry = { to: outgoing.message.to, outgoing };
            } catch (e) {
              entry = { to: recipientLabel(to), error: asWaError(e) };
            }
            yield entry;
          }
        } finally {
          // Closed as `for await` would close it when the caller stops early or the list throws.
          if (!done) await it.return?.();
        }
      },
    };
    return Object.freeze(bulk);
  }

  #one(to: unknown, options: unknown): Outgoing {
    refuseUnknown(".to(recipient, options)", options, ["overflow"]);
    let overflow: unknown;
    try {
      overflow = this.#overflow(options);
    } catch {
      throw new ValidationError([{ path: "options", message: UNREADABLE_OPTIONS }]);
    }
    const odd = this.#odd();
    if (!odd && (overflow === undefined || overflow === "error")) {
      let fast: Message | undefined;
      try {
        fast = this.#fast(to);
      } catch {
        // A step's value threw while being read: the full path below reports it.
      }
      if (fast) return new Outgoing(fast, NO_WARNINGS, this.#bound);
    }
    let applied: [Record<string, unknown>, FitOptions | undefined];
    try {
      applied = this.#apply(to, overflow);
    } catch {
      // A step's argument or the recipient threw while being read (a getter, a Proxy trap).
      throw new ValidationError([UNREADABLE]);
    }
    const [input, policy] = applied;
    this.#bound?.templates?.(input, true); // throws the template's issues (wafluent/templates)
    // The default policy changes nothing: a message the fast lane proves valid goes out as is.
    const sure = !odd && policy === undefined ? acceptOrNot(input) : undefined;
    if (sure) return new Outgoing(sure, NO_WARNINGS, this.#bound);
    // valibot passes some values through (`ref`, Flow data, …): a copy, so the message it
    // returns shares nothing with this draft.
    const r = fitMessage(snap(input, 0), policy);
    if (odd || !r.ok) throw new ValidationError(odd ? [...odd, ...r.issues] : r.issues);
    return new Outgoing(r.message, r.warnings, this.#bound);
  }
}

/** {@link accept}'s verdict, or `undefined` when reading `input` threw (fitMessage then reports it). */
function acceptOrNot(input: unknown): Message | undefined {
  try {
    return accept(input);
  } catch {
    return undefined;
  }
}

/** Whether `.to(x)` got a list of recipients: an (async) iterable object; a Proxy that throws is none. */
function isList(x: unknown): x is Iterable<unknown> | AsyncIterable<unknown> {
  try {
    return typeof x === "object" && x !== null && (Symbol.iterator in x || Symbol.asyncIterator in x);
  } catch {
    return false;
  }
}

/** The warnings of a message the policy did not change (`outgoing.warnings` is read-only). */
const NO_WARNINGS: readonly Warning[] = /* @__PURE__ */ Object.freeze([]);

/**
 * `m` without its undefined keys (a step can unset one, e.g. previewUrl once text became
 * buttons), in a fresh object: `delete` would leave `m` a slow dictionary-mode object.
 */
function defined(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in m) if (m[k] !== undefined) setOwn(out, k, m[k]);
  return out;
}

/** Deeper than any message validation accepts (`isJson` stops at 32 levels). */
const SNAP_DEPTH = 40;

/** {@link snap} of a step's argument; a string, number or `undefined` (most of them) without the call. */
const copy = (x: unknown): unknown => (typeof x === "object" && x !== null ? snap(x, 0) : x);

/**
 * A copy of the arrays and plain objects in `x`, to any depth validation accepts; everything else
 * as is (strings, numbers, class instances, which validation refuses anyway). Deeper input is
 * kept as is below that depth, for validation to refuse; so is a value that throws while being
 * read (a getter, a Proxy trap), for validation to report. Keys are copied as keys, `__proto__`
 * included ({@link setOwn}). The first {@link SNAP_PLAIN} objects are copied as a tree; input
 * with more (shared or cyclic objects: a cycle with two references to itself is 2^40 objects as
 * a tree) is copied again remembering each object, once, so a copy takes time linear in the input.
 */
function snap(x: unknown, depth: number): unknown {
  if (typeof x !== "object" || x === null) return x;
  left = SNAP_PLAIN;
  try {
    return copyTree(x, depth);
  } catch (e) {
    if (e !== OVER) throw e;
    return copyShared(x, depth, new Map());
  }
}

/** Objects {@link snap} copies as a tree before it copies remembering each object. */
const SNAP_PLAIN = 10_000;
/** Thrown by {@link copyTree} past {@link SNAP_PLAIN} objects; never escapes {@link snap}. */
const OVER: object = {};
/** Objects the current {@link snap} may still copy as a tree. */
let left = 0;

function copyTree(x: unknown, depth: number): unknown {
  if (typeof x !== "object" || x === null || depth > SNAP_DEPTH) return x;
  if (--left < 0) throw OVER;
  try {
    if (Array.isArray(x)) {
      const out = new Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = copyTree(x[i], depth + 1);
      return out;
    }
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return x;
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    for (const k in x) setOwn(out, k, copyTree((x as Record<string, unknown>)[k], depth + 1));
    return out;
  } catch (e) {
    if (e === OVER) throw e;
    return x;
  }
}

/** {@link copyTree} remembering each object copied (`seen`), so a shared or cyclic one is copied once. */
function copyShared(x: unknown, depth: number, seen: Map<object, unknown>): unknown {
  if (typeof x !== "object" || x === null || depth > SNAP_DEPTH) return x;
  if (seen.has(x)) return seen.get(x);
  try {
    if (Array.isArray(x)) {
      const out = new Array(x.length);
      seen.set(x, out);
      for (let i = 0; i < x.length; i++) out[i] = copyShared(x[i], depth + 1, seen);
      return out;
    }
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return x;
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    seen.set(x, out);
    for (const k in x) setOwn(out, k, copyShared((x as Record<string, unknown>)[k], depth + 1, seen));
    return out;
  } catch {
    seen.set(x, x);
    return x;
  }
}

/**
 * The `.buttons()` step's copy of items that are not surely valid, as the step's value (the rare
 * case pays the wrapper; sure items are the bare array).
 */
class Unsure {
  readonly items: unknown;
  constructor(items: unknown) {
    this.items = items;
  }
}

/**
 * `.buttons()` items, copied and in full form at once (the hot path: one copy, not a copy at the
 * step and another at `.to()`): `"Yes"` → `{ id: "Yes", title: "Yes" }` as `n.buttons` does, each
 * item object copied one level deep, which is all a valid item holds (an id and a title,
 * strings); deeper values are refused by validation whatever happens to them. In the same pass,
 * the items are checked as the fast lane checks them ({@link sureButton}): when all of them
 * pass, each is a fresh `{ id, title }`; otherwise they come back wrapped in {@link Unsure}.
 */
function snapItems(x: unknown): unknown {
  try {
    return copyItems(x);
  } catch {
    return new Unsure(x); // an item threw while being read (a getter, a Proxy): validation reports it
  }
}

/** {@link snapItems} without the guard. */
function copyItems(x: unknown): unknown {
  if (!Array.isArray(x)) return new Unsure(snap(x, 0));
  const n = x.length;
  const out = new Array(n);
  let sure = n >= 1 && n <= LIMITS.buttons;
  for (let i = 0; i < n; i++) {
    const b = x[i];
    let pair = typeof b === "string";
    if (pair) out[i] = { id: trim(b), title: b };
    // `constructor` first: a cheap read that settles the usual object literal.
    else if (isObj(b) && (b.constructor === Object || isPlain(b))) {
      pair = true;
      for (const k in b) if (k !== "id" && k !== "title") pair = false;
      const title = b.title;
      const id = b.id === undefined && typeof title === "string" ? trim(title) : b.id;
      // Two strings and nothing else: `{ id, title }` holds what `{ ...b }` would, in the schema's order.
      pair &&= typeof id === "string" && typeof title === "string";
      // Otherwise as before the lane: a plain object copied, anything else as is, for validation to read.
      out[i] = pair
        ? { id, title }
        : !isPlain(b)
          ? b
          : b.id === undefined && typeof title === "string"
            ? { ...b, id }
            : { ...b };
    } else out[i] = snap(b, 1); // a class instance as is, for validation to read
    sure &&= pair && sureButton(out, i);
  }
  return sure ? out : new Unsure(out);
}

/** The options of a step given none. */
const EMPTY: Readonly<Record<string, any>> = /* @__PURE__ */ Object.freeze({});

/**
 * Applies one step to the message being assembled. Returns `true` when it left an undefined key
 * (`.footer(undefined)`, a link preview unset) for `defined()` to drop.
 */
function apply(m: Record<string, any>, key: StepKey, value: unknown, extra: unknown): boolean {
  const o = (extra ?? EMPTY) as Record<string, any>;
  switch (key) {
    case "text":
      m.type = "text";
      m.body = value;
      {
        const preview = typeof extra === "object" && extra !== null ? o.previewUrl : extra;
        if (preview === undefined && m.previewUrl === undefined) return value === undefined;
        m.previewUrl = preview;
        return value === undefined || preview === undefined;
      }
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      m.type = key;
      m.media = n.mediaList(value);
      return false;
    case "location":
      m.type = "location";
      m.location =
        typeof value === "object" && value !== null
          ? {
              ...value,
              latitude: n.coordinate((value as any).latitude),
              longitude: n.coordinate((value as any).longitude),
            }
          : value;
      return value === undefined;
    case "reaction":
      m.type = "reaction";
      m.reaction = { messageId: value, emoji: extra };
      return false;
    case "template":
      m.type = "template";
      m.template = clean({
        name: value,
        language: o.language,
        languagePolicy: o.languagePolicy,
        header: n.templateParams(o.header),
        body: n.templateParams(o.params),
        buttons: n.templateButtons(o.buttons),
        variables: o.variables,
      });
      return false;
    case "buttons":
      m.type = "buttons";
      m.buttons = value instanceof Unsure ? value.items : value; // in full form, this draft's own copy (snapItems)
      return noPreview(m) || value === undefined;
    case "list":
      m.type = "list";
      m.button = value;
      m.sections = n.sections(extra);
      return noPreview(m) || value === undefined || extra === undefined;
    case "link":
      m.type = "link";
      m.link = { text: value, url: extra };
      return noPreview(m);
    case "locationRequest":
      m.type = "locationRequest";
      return noPreview(m);
    case "products":
      m.type = "productList";
      m.catalogId = value;
      m.sections = extra;
      return noPreview(m) || value === undefined || extra === undefined;
    case "contacts": // an entry point: no link preview to unset
    case "product":
    case "catalog":
    case "flow":
      m.type = key;
      m[key] = value;
      return noPreview(m) || value === undefined;
    case "header":
      m.header = n.header(value);
      return value === undefined;
    case "options":
      m.options =
        typeof value === "object" && value !== null && !Array.isArray(value) ? { ...m.options, ...value } : value;
      return value === undefined;
    case "reply": // from `wa.reply(event)`: answer the sender unless `.to()` names someone else
      m.replyTo = value;
      m.to ??= n.recipient(extra);
      return value === undefined || m.to === undefined;
    case "footer":
      m.footer = value;
      return value === undefined;
    case "replyTo":
      m.replyTo = value;
      return value === undefined;
    case "ref":
      m.ref = snap(value, 0); // the fast lane passes `ref` through as is
      return value === undefined;
    default:
      return unhandled(key);
  }
}

/** The exhaustiveness check of {@link apply}: a step key without its case is a type error here. */
function unhandled(key: never): never {
  throw new TypeError(`wafluent: no builder step "${String(key)}"`);
}

/**
 * Interactive kinds have no link preview: unset one the text step set (no key is added
 * otherwise). Returns whether it left an undefined key.
 */
function noPreview(m: Record<string, unknown>): boolean {
  if (m.previewUrl === undefined) return false;
  m.previewUrl = undefined;
  return true;
}

/** The keys of `template(name, options)`. */
const TEMPLATE_KEYS = [
  "language",
  "languagePolicy",
  "params",
  "header",
  "buttons",
  "variables",
] satisfies (keyof TemplateOptions)[];

/** The entry points, in the order `builders()` lists them. */
const ENTRIES = /* @__PURE__ */ "text image video audio document sticker location contacts reaction template".split(
  " ",
) as StepKey[];

/**
 * Creates the builder entry points, bound to a client or not; with `reply`, every draft starts
 * with the reply context and the sender as default recipient (`wa.reply(event)`). @internal
 */
export function builders(bound: Bound | undefined, reply?: { id: string; from: string }): Builders {
  // The methods every draft shares cannot be replaced (once, not per draft: drafts are not frozen).
  if (!Object.isFrozen(Chain.prototype)) Object.freeze(Chain.prototype);
  const start = (key: StepKey) => (value?: unknown, extra?: unknown) => {
    const first = new Chain(bound, undefined, key, copy(value), copy(extra));
    return reply ? new Chain(bound, first, "reply", reply.id, reply.from) : first;
  };
  return Object.freeze(Object.fromEntries(ENTRIES.map((key) => [key, start(key)]))) as unknown as Builders;
}
