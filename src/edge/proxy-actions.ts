/**
 * Conversation actions through the proxy handler: a page's `wa.markRead(event)` or
 * `wa.typing(event)` over `proxy()` posts `{ action, messageId }`, which the handler sends with
 * the server's provider after the same checks as a message (origin, method, size, `authorize`).
 * @module
 */
import { ValidationError } from "../core/errors.ts";
import { isPlain } from "../core/json.ts";
import { ACTIONS, actionOn, isActionType } from "../send/actions.ts";
import type { ConversationAction } from "../send/provider.ts";

/**
 * What an action is, for the refusal: `{ action: "read" | "typing", messageId }`, sent by
 * `wa.markRead()` or `wa.typing()`. Built when needed: a bundle without the proxy handler keeps none of it.
 */
function shape(): string {
  const types = Object.keys(ACTIONS) as ConversationAction["type"][];
  return `An action is { action: ${types.map((t) => JSON.stringify(t)).join(" | ")}, messageId } only: send it with ${types.map((t) => `wa.${ACTIONS[t][0]}()`).join(" or ")} through proxy().`;
}

/**
 * The action a page posted (`{ action: "read" | "typing", messageId }`), or `undefined` when
 * `input` is no action (a message).
 * @throws {ValidationError} `VALIDATION` naming what is wrong with an action: another action or
 *   another field (the first one), or a `messageId` that is no received message's id.
 * @example postedAction({ action: "read", messageId: "wamid.HBg…" }) // { type: "read", messageId: "wamid.HBg…" }
 * @internal
 */
export function postedAction(input: unknown): ConversationAction | undefined {
  if (!isPlain(input) || !Object.hasOwn(input, "action")) return undefined;
  const { action, messageId, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (!isActionType(action) || extra.length > 0)
    throw new ValidationError([{ path: extra.length > 0 ? extra[0]!.slice(0, 40) : "action", message: shape() }]);
  return actionOn(action, messageId);
}
