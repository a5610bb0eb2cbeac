/**
 * Conversation actions through the proxy handler: a page's `wa.markRead(event)` or
 * `wa.typing(event)` over `proxy()` posts `{ action, messageId }`, which the handler sends with
 * the server's provider after the same checks as a message (origin, method, size, `authorize`).
 * @module
 */
import { ValidationError } from "../core/errors.ts";
import { isPlain } from "../core/json.ts";
import { targetId } from "../send/actions.ts";
import type { ConversationAction } from "../send/provider.ts";

/**
 * The action a page posted (`{ action: "read" | "typing", messageId }`), a `ValidationError`
 * naming what is wrong with one, or `undefined` when `input` is no action (a message).
 * @throws nothing
 * @example postedAction({ action: "read", messageId: "wamid.HBg…" }) // { type: "read", messageId: "wamid.HBg…" }
 * @internal
 */
export function postedAction(input: unknown): ConversationAction | ValidationError | undefined {
  if (!isPlain(input) || !Object.hasOwn(input, "action")) return undefined;
  const { action, messageId, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest);
  if ((action !== "read" && action !== "typing") || extra.length > 0)
    return new ValidationError([
      {
        path: extra.length > 0 ? extra[0]!.slice(0, 40) : "action",
        message:
          'An action is { action: "read" | "typing", messageId } only: send it with wa.markRead() or wa.typing() through proxy().',
      },
    ]);
  try {
    return { type: action, messageId: targetId(action === "read" ? "markRead" : "typing", messageId) };
  } catch (e) {
    return e as ValidationError;
  }
}
