/**
 * `message`: the builder unbound to any client.
 * @module
 */
import { builders } from "./builder.ts";
import type { Builders } from "./draft-types.ts";
import { type ReplyBuilders, replyBuilders, type ReplyTarget } from "./reply.ts";

/** The builder entry points without a client, plus `replyTo(event)`. */
export interface MessageBuilders extends Builders {
  /**
   * Starts a reply to a received message: every draft carries `replyTo: event.id`, and `.to()`
   * without a recipient answers `event.from` (the unbound twin of `wa.reply(event)`).
   * @throws {ValidationError} `VALIDATION` when `event` is not a received message event.
   * @example
   * const out = message.replyTo(event).text("Thanks, we are on it").to();
   * out.compile(provider);
   */
  replyTo(event: ReplyTarget): ReplyBuilders;
}

/**
 * The builder, unbound to any client: build and validate messages, compile them for a
 * provider with `outgoing.compile(provider)`; sending needs a client.
 * @example
 * import { message, sandbox } from "wafluent";
 * const out = message.text("Hi").buttons(["Yes", "No"]).to("+31612345678");
 * out.compile(sandbox());
 */
export const message: MessageBuilders = /* @__PURE__ */ unbound();

// A call with no arguments, so bundlers that ignore `sideEffects` can drop it when unused.
function unbound(): MessageBuilders {
  return Object.freeze({ ...builders(undefined), replyTo: (event: ReplyTarget) => replyBuilders(undefined, event) });
}
