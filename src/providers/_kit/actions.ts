/**
 * The conversation actions (`wa.markRead`, `wa.typing`) of providers that document one of the two.
 * @module
 */
import { UnsupportedError } from "../../core/errors.ts";
import type { ConversationAction } from "../../send/provider.ts";

/** The feature an `UnsupportedError` names, per action. */
const FEATURES = { read: "read receipts (markRead())", typing: "typing indicators (typing())" } as const;

/**
 * Refuses `action` unless it is `type`, the one `provider` documents, with `hint` (what to call instead).
 * @throws {UnsupportedError} `UNSUPPORTED` for the other action, before any I/O.
 * @example onlyAction("infobip", action, "read", "Infobip documents read receipts only: use wa.markRead(event).");
 * @internal
 */
export function onlyAction(
  provider: string,
  action: ConversationAction,
  type: ConversationAction["type"],
  hint: string,
): void {
  if (action.type !== type) throw new UnsupportedError(provider, FEATURES[action.type], hint);
}
