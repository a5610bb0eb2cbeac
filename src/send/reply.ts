/**
 * `wa.reply(event)`: the builder entry points, already addressed to the sender of a received
 * message and carrying its id as reply context.
 * @module
 */
import { builders } from "./builder.ts";
import type { Builders, Draft } from "./draft-types.ts";
import { kindOf } from "./config.ts";
import { ValidationError } from "../core/errors.ts";
import type { Bound, Outgoing } from "./outgoing.ts";
import type { WebhookMessageEvent } from "../inbound/events.ts";

/** A draft whose `.to()` may be called without a recipient: it then answers the sender. */
export type Addressed<D> = {
  [K in keyof D]: K extends "to"
    ? D[K]
    : D[K] extends (...args: infer A) => infer R
      ? R extends Draft<any>
        ? (...args: A) => Addressed<R>
        : D[K]
      : D[K];
} & {
  /**
   * Addresses the reply to the sender of the event and validates it.
   * @throws {ValidationError} `VALIDATION` listing every issue.
   */
  to(): Outgoing;
};

/** The builder entry points of `wa.reply(event)`. */
export type ReplyBuilders = {
  [K in keyof Builders]: (...args: Parameters<Builders[K]>) => Addressed<ReturnType<Builders[K]>>;
};

/** The fields of a received message a reply needs. */
export type ReplyTarget = Pick<WebhookMessageEvent, "type" | "id" | "from"> &
  Partial<Pick<WebhookMessageEvent, "business">>;

/**
 * The builder entry points, replying to `event`: `.to()` defaults to `event.from` and the
 * message carries `replyTo: event.id` (WhatsApp quotes the original). `.replyTo(id)` and
 * `.to(recipient)` still override either.
 * @throws {ValidationError} `VALIDATION` when `event` is not a received message (a status or unknown event has no sender).
 * @internal
 */
export function replyBuilders(bound: Bound | undefined, event: ReplyTarget): ReplyBuilders {
  let type: unknown, id: unknown, from: unknown;
  let read = true;
  try {
    if (typeof event === "object" && event !== null) ({ type, id, from } = event);
  } catch {
    read = false; // a getter or a Proxy that throws
  }
  if (type !== "message" || typeof id !== "string" || id === "" || typeof from !== "string" || from === "")
    throw new ValidationError([
      {
        path: "event",
        message: `reply(event) needs a received message event ({ type: "message", id, from }); got ${gotten(event, type, read)}. Status and unknown events have no sender to answer.`,
      },
    ]);
  return builders(bound, { id, from }) as unknown as ReplyBuilders;
}

/** What `reply(event)` got, in words; never the caller's value beyond a short `type` string. */
function gotten(event: unknown, type: unknown, read: boolean): string {
  if (!read) return "an object that threw when read (a getter or a Proxy)";
  if (typeof event !== "object" || event === null) return event === undefined ? "nothing" : kindOf(event);
  if (type === undefined) return "an object without `type`";
  if (typeof type === "string" && type.length <= 40) return `a "${type}" event`;
  return `an event whose \`type\` is ${kindOf(type)}`;
}
