/**
 * Zixflow's incoming-message webhook (inbound only; Zixflow sends delivery reports elsewhere):
 * `{ event: "incoming.whatsapp.message", eventId, timestamp (ms), phoneId, wabaId, messageId,
 * sender: { name, number }, message: { type, … } }`.
 * @see https://docs.zixflow.com/api-reference/whatsapp/incoming-message-webhook
 * @module
 */
import type { WebhookEvent } from "../../inbound/events.ts";
import { businessNumber, messageOrUnknown } from "../../inbound/found-events.ts";
import { e164, iso, isObj, str } from "../../inbound/fields.ts";
import { metaContent } from "../_meta/webhook.ts";

const provider = "zixflow" as const;

/** Reads a Zixflow webhook body (one message per delivery). @internal */
export function parseZixflow(body: unknown): WebhookEvent[] {
  if (!isObj(body) || body.event !== "incoming.whatsapp.message") return [{ type: "unknown", provider, raw: body }];
  return [
    messageOrUnknown(provider, body, {
      id: str(body.messageId),
      from: e164(body.sender?.number),
      name: str(body.sender?.name),
      timestamp: iso(body.timestamp),
      // GUESS: Zixflow documents `message: { type, … }` without the per-type fields; WhatsApp's own
      // message object (`{ type: "text", text: { body } }`, `context.id` for replies) is assumed.
      message: isObj(body.message) ? metaContent(body.message) : undefined,
      replyTo: str(body.message?.context?.id),
      business: businessNumber(body.phoneId, undefined),
    }),
  ];
}
