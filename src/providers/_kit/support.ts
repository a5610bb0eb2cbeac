/**
 * Support tables: what a provider sends, kind by kind (`true`, or the hint its `UnsupportedError`
 * gives). `provider.kinds`, the README's table and the errors read the same table.
 * @module
 */
import { UnsupportedError, ValidationError } from "../../core/errors.ts";
import type { Kind, Message, ProviderOptions } from "../../core/message.ts";
import { isBsuid } from "../../core/recipient.ts";
import type { Support } from "../../send/provider.ts";
import { unknownKey } from "../../send/config.ts";

/** A provider's support table: the core's {@link Support} (every kind decided, so a new kind is a compile error until it is). */
export type SupportTable = Support;

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

/** The kinds support table `S` sends (marked `true`; the table written with `satisfies SupportTable`). @internal */
export type SentBy<S extends SupportTable> = { [K in Kind]: S[K] extends true ? K : never }[Kind];

/** The kinds support table `S` refuses (the ones with a hint). @internal */
export type RefusedBy<S extends SupportTable> = Exclude<Kind, SentBy<S>>;

/**
 * Throws the `UnsupportedError` of a kind the table refuses, for the refused kinds' case of a
 * compile switch: `kind` must be one `support` refuses, so a kind the table marks `true` without
 * its own case is a compile error here, not a refusal at run time.
 * @throws {UnsupportedError} `UNSUPPORTED` with the table's hint.
 * @example
 * case "reaction": return refused(NAME, SUPPORT, m.type);
 * @internal
 */
export function refused<S extends SupportTable>(provider: string, support: S, kind: RefusedBy<S>): never {
  throw new UnsupportedError(provider, `${kind} messages`, support[kind] as string);
}

/**
 * The exhaustiveness check of a compile switch over `message.type`: called with the message in
 * its `default`, it is a compile error as long as a kind has no case (tsc names the kind's type).
 * @throws {ValidationError} `VALIDATION` at `type`, when an unvalidated message of no known kind reaches the switch.
 * @example
 * default: return unhandledKind(m);
 * @internal
 */
export function unhandledKind(message: never): never {
  const type = (message as { type?: unknown } | null)?.type;
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

const GAP_FEATURES: Readonly<Record<keyof EnvelopeGaps, string>> = {
  replyTo: "replies (replyTo)",
  bsuid: "business-scoped user ID (BSUID) recipients",
  ref: "caller metadata (ref)",
};

/**
 * Throws the provider's `UnsupportedError` for the first envelope feature of `message` that it
 * cannot express (a reply context, a BSUID recipient, caller metadata), before any I/O.
 * @throws {UnsupportedError} `UNSUPPORTED` naming the feature, with the provider's hint.
 * @example refuseGaps("zixflow", message, { bsuid: "Zixflow documents phone numbers only: send to the phone number." });
 * @internal
 */
export function refuseGaps(provider: string, message: Message, gaps: EnvelopeGaps): void {
  const present: Record<keyof EnvelopeGaps, boolean> = {
    replyTo: message.replyTo !== undefined,
    bsuid: isBsuid(message.to),
    ref: message.ref !== undefined,
  };
  for (const key of ["replyTo", "bsuid", "ref"] as const) {
    const hint = gaps[key];
    if (hint !== undefined && present[key]) throw new UnsupportedError(provider, GAP_FEATURES[key], hint);
  }
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
