/**
 * Support tables: what a provider sends, kind by kind (`true`, or the hint its `UnsupportedError`
 * gives). `provider.kinds`, the README's table and the errors read the same table.
 * @module
 */
import { UnsupportedError } from "../../core/errors.ts";
import type { Kind, Message } from "../../core/message.ts";
import { isBsuid } from "../../core/recipient.ts";
import type { Support } from "../../send/provider.ts";

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
