/**
 * `wa.reply(event)`: the builder entry points, already addressed to the sender of a received
 * message and carrying its id as reply context.
 * @module
 */
import { type Builders, builders, type Draft } from "../builder.ts";
import { ValidationError } from "../errors.ts";
import type { Bound, Outgoing } from "../outgoing.ts";
import type { WebhookMessageEvent } from "./events.ts";

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
export type ReplyTarget = Pick<WebhookMessageEvent, "type" | "id" | "from">;

/**
 * The builder entry points, replying to `event`: `.to()` defaults to `event.from` and the
 * message carries `replyTo: event.id` (WhatsApp quotes the original). `.replyTo(id)` and
 * `.to(recipient)` still override either.
 * @throws {ValidationError} `VALIDATION` when `event` is not a received message (a status or unknown event has no sender).
 * @internal
 */
export function replyBuilders(bound: Bound | undefined, event: ReplyTarget): ReplyBuilders {
  if (
    event?.type !== "message" ||
    typeof event.id !== "string" ||
    event.id === "" ||
    typeof event.from !== "string" ||
    event.from === ""
  )
    throw new ValidationError([
      {
        path: "event",
        message: `reply(event) needs a received message event ({ type: "message", id, from }); got ${event?.type === undefined ? JSON.stringify(event) : `a "${event.type}" event`}. Status and unknown events have no sender to answer.`,
      },
    ]);
  return builders(bound, { id: event.id, from: event.from }) as unknown as ReplyBuilders;
}
