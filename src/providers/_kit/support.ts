/**
 * Support tables: what a provider sends, kind by kind (`true`, or the hint its `UnsupportedError`
 * gives). `provider.kinds`, the README's table and the errors read the same table.
 * @module
 */
import { UnsupportedError, ValidationError } from "../../core/errors.ts";
import type { Kind, Message, ProviderOptions, Template } from "../../core/message.ts";
import { isBsuid } from "../../core/recipient.ts";
import type { Support } from "../../send/provider.ts";
import { unknownKey } from "../../send/config.ts";

/** A provider's support table: the core's {@link Support} (every kind decided, so a new kind is a compile error until it is). */
export type SupportTable = Support;

/** The kinds that carry media files (`message.media`): image, video, audio, document, sticker. */
export const MEDIA_KINDS = ["image", "video", "audio", "document", "sticker"] as const;

/**
 * A support table from the kinds a provider sends (single kinds, or groups such as
 * {@link MEDIA_KINDS}) and a hint for every other kind. Typed so that
 * every {@link Kind} is decided exactly once: a kind in neither (a kind added to the neutral
 * model) or in both does not compile.
 * @throws nothing
 * @example
 * const SUPPORT = supportTable(["text", MEDIA_KINDS, "template"], {
 *   location: "Send the address in a text.", contacts: "…", reaction: "…", // …every other kind
 * });
 */
export function supportTable<const S extends Kind, const R extends { readonly [K in Kind]?: string }>(
  sends: readonly (S | readonly S[])[],
  refuses: R & { readonly [K in Exclude<Kind, S>]: string },
): { readonly [K in S]: true } & R {
  const table = { ...refuses } as Record<Kind, true | string>;
  for (const kind of sends.flat()) table[kind] = true;
  // The literal split (sent vs the hints given) is kept, so a compile switch's refuseRest() is
  // checked by it: a kind neither sent nor refused is named here and at the switch.
  return table as { readonly [K in S]: true } & R;
}

/**
 * Throws the provider's `UnsupportedError` when its table refuses `kind`; a kind the table does not
 * know (an unvalidated message) is left to validation.
 * @throws {UnsupportedError} `UNSUPPORTED` with the table's hint.
 * @example refuseUnsupported("bird", SUPPORT, message.type);
 * @internal
 */
export function refuseUnsupported(provider: string, support: SupportTable, kind: unknown): void {
  const hint = typeof kind === "string" && Object.hasOwn(support, kind) ? support[kind as Kind] : true;
  if (hint !== true) throw new UnsupportedError(provider, `${kind as string} messages`, hint);
}

/** The kinds support table `S` sends (marked `true`, as `supportTable()` or `satisfies SupportTable` keep them). @internal */
export type SentBy<S extends SupportTable> = {
  [K in Kind]: K extends keyof S ? (S[K] extends true ? K : never) : never;
}[Kind];

/** The kinds support table `S` refuses, each with its hint (a kind it does not decide is neither). @internal */
export type RefusedBy<S extends SupportTable> = {
  [K in Kind]: K extends keyof S ? (S[K] extends string ? K : never) : never;
}[Kind];

/**
 * The `default` of a compile switch over `message.type`: throws the `UnsupportedError` of a kind
 * the table refuses. Its parameter takes only messages of those kinds, so the switch does not
 * compile while a kind the table sends has no case of its own, or while the table does not decide
 * a kind (with every kind sent, as Meta's, it is a `never` check).
 * @throws {UnsupportedError} `UNSUPPORTED` with the table's hint.
 * @throws {ValidationError} `VALIDATION` at `type`, when an unvalidated message of no known kind reaches the switch.
 * @example
 * switch (m.type) {
 *   case "text": return …;
 *   default: return refuseRest(NAME, SUPPORT, m);
 * }
 * @internal
 */
export function refuseRest<S extends SupportTable>(
  provider: string,
  support: S,
  message: Extract<Message, { type: RefusedBy<S> }>,
): never {
  const type: unknown = (message as { type?: unknown } | null)?.type;
  refuseUnsupported(provider, support, type);
  const shown = typeof type === "string" ? `"${type.slice(0, 40)}"` : typeof type;
  throw new ValidationError([
    {
      path: "type",
      message: `\`type\` is ${shown}, not a message kind; validate the message first (a message type is one of the kinds of KINDS).`,
    },
  ]);
}

/** Envelope features a provider cannot express, each with the hint its `UnsupportedError` gives. */
export interface EnvelopeGaps {
  /** No reply context: `.replyTo()` is refused. */
  replyTo?: string;
  /** Phone numbers only: a BSUID recipient is refused. */
  bsuid?: string;
  /** Nothing echoed back: `.ref()` is refused. */
  ref?: string;
}

/**
 * Throws the provider's `UnsupportedError` for the first envelope feature of `message` that it
 * cannot express (a reply context, a BSUID recipient, caller metadata), before any I/O.
 * @throws {UnsupportedError} `UNSUPPORTED` naming the feature, with the provider's hint.
 * @example refuseGaps("zixflow", message, { bsuid: "Zixflow documents phone numbers only: send to the phone number." });
 * @internal
 */
export function refuseGaps(provider: string, message: Message, gaps: EnvelopeGaps): void {
  const { replyTo, to, ref } = message;
  for (const [hint, present, feature] of [
    [gaps.replyTo, replyTo !== undefined, "replies (replyTo)"],
    [gaps.bsuid, isBsuid(to), "business-scoped user ID (BSUID) recipients"],
    [gaps.ref, ref !== undefined, "caller metadata (ref)"],
  ] as const)
    if (hint !== undefined && present) throw new UnsupportedError(provider, feature, hint);
}

/**
 * Refuses a template's named variables (`variables`) for a provider whose templates take
 * positional parameters only.
 * @throws {UnsupportedError} `UNSUPPORTED` "named template variables", with `hint` (how to pass them).
 * @example refuseNamedVariables("bik", message.template, "Bik templates take positional body parameters: pass them as params.");
 */
export function refuseNamedVariables(provider: string, template: Template, hint: string): void {
  if (template.variables !== undefined) throw new UnsupportedError(provider, "named template variables", hint);
}

/**
 * A message's options for one provider (`message.options[provider]`, `{}` when it has none), with
 * every key checked against the ones the provider reads: a misspelt key is refused at
 * `options.<provider>` with the closest known one, instead of being ignored.
 * @throws {ValidationError} at `options.<provider>` when the options hold a key not in `keys`.
 * @example const options = ownOptions(message, "bik", ["businessPhoneNumber", "templateId", "type"]);
 */
export function ownOptions<P extends keyof ProviderOptions & string>(
  message: Message,
  provider: P,
  keys: readonly string[],
): NonNullable<ProviderOptions[P]> {
  const options = (message.options?.[provider] ?? {}) as NonNullable<ProviderOptions[P]>;
  const odd = unknownKey(`.options({ ${provider} })`, options, keys);
  if (odd) throw new ValidationError([{ path: `options.${provider}`, message: odd }]);
  return options;
}
