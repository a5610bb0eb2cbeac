/**
 * Support tables: what a provider sends, kind by kind (`true`, or the hint its `UnsupportedError`
 * gives). `provider.kinds`, the README's table and the errors read the same table.
 * @module
 */
import { UnsupportedError } from "../../errors.ts";
import type { Kind } from "../../message.ts";
import type { Support } from "../../provider.ts";

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
