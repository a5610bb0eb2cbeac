/**
 * `wa.markRead()` and `wa.typing()`: conversation actions on a received message, sent like a
 * message through the client's transport (its fetch, timeout, retries and redaction). Which
 * request an action is belongs to the provider ({@link Provider.act}); the core knows none.
 * @module
 */
import { UnsupportedError, ValidationError } from "../core/errors.ts";
import type { ConversationAction, Provider, SendResult } from "./provider.ts";
import type { SendOptions, Transport } from "./sender.ts";
import { kindOf } from "./config.ts";
import type { BusinessNumber } from "../inbound/events.ts";

/** What `markRead()` / `typing()` take: a received message event, or its id. */
export type ActionTarget =
  | string
  | { readonly type?: string; readonly id: string; readonly business?: BusinessNumber | undefined };

/**
 * Per action type: the client's method that sends it and the feature an `UnsupportedError` names.
 * The one list of actions: the proxy handler reads what a page posts by it.
 * @internal
 */
export const ACTIONS = {
  read: ["markRead", "read receipts"],
  typing: ["typing", "typing indicators"],
} as const satisfies Record<ConversationAction["type"], readonly [string, string]>;

/**
 * Whether `x` names an action of {@link ACTIONS} (`"read"`, `"typing"`).
 * @example isActionType("read") // true
 * @internal
 */
export const isActionType = (x: unknown): x is ConversationAction["type"] =>
  typeof x === "string" && Object.hasOwn(ACTIONS, x);

/**
 * The action `type` on the received message `target` names (a message event or its id).
 * @throws {ValidationError} `VALIDATION` when `target` is neither a non-empty id nor a message event.
 * @example actionOn("read", event) // { type: "read", messageId: event.id }
 * @internal
 */
export const actionOn = (type: ConversationAction["type"], target: unknown): ConversationAction => ({
  type,
  messageId: targetId(ACTIONS[type][0], target),
});

/** The id of the received message `target` names: the string itself, or a message event's `id`. */
function targetId(method: string, target: unknown): string {
  let id: unknown = target;
  let type: unknown = "message";
  try {
    if (typeof target === "object" && target !== null)
      ({ id, type = "message" } = target as { id: unknown; type?: unknown });
  } catch {
    id = undefined; // a getter or Proxy that throws
  }
  if (typeof id === "string" && id !== "" && id.length <= 512 && type === "message") return id;
  throw new ValidationError([
    {
      path: "event",
      message: `${method}(event) needs a received message event or its id (a string of 1 to 512 characters); got ${type === "message" ? kindOf(id) : "another event"}.`,
    },
  ]);
}

/**
 * Sends `type` on the received message `target` through `provider`: the provider's request
 * ({@link Provider.act}) over `transport` (the client's). Resolves a
 * send result whose `id` is the received message's id, `status` `"accepted"`.
 * @throws {ValidationError} `VALIDATION` when `target` is no message id or event (before any I/O).
 * @throws {UnsupportedError} `UNSUPPORTED` when the provider documents no such request (before any I/O).
 * @throws {ProviderError} as a send would: the provider refused, or answered a redirect.
 * @throws {WaError} `TIMEOUT`, `NETWORK` or `ABORTED` as a send would.
 * @internal
 */
export async function act(
  transport: Transport,
  provider: Provider,
  type: ConversationAction["type"],
  target: ActionTarget,
  options?: SendOptions,
): Promise<SendResult> {
  return sendAction(transport, provider, actionOn(type, target), options);
}

/**
 * Sends `action` through `provider` over `transport` (a client's, or the proxy handler's).
 * @throws {UnsupportedError} `UNSUPPORTED` when the provider documents no such request (before any I/O).
 * @throws {ProviderError} as a send would; {@link WaError} `TIMEOUT`, `NETWORK`, `ABORTED`.
 * @internal
 */
export async function sendAction(
  transport: Transport,
  provider: Provider,
  action: ConversationAction,
  options?: SendOptions,
): Promise<SendResult> {
  const [method, feature] = ACTIONS[action.type];
  if (typeof provider.act !== "function")
    throw new UnsupportedError(
      provider.name,
      `${feature} (${method}())`,
      "Its documentation gives no endpoint for them.",
    );
  const request = provider.act(action);
  const answer = await transport.request(provider, request, options);
  const read = typeof request.read === "function" ? request.read(answer) : {};
  return {
    id: action.messageId,
    provider: read.provider ?? provider.name,
    status: "accepted",
    raw: read.raw ?? answer.body,
  };
}
