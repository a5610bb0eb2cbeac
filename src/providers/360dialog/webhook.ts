/**
 * 360dialog webhooks: 360dialog forwards Meta's own webhook body (`object`, `entry[].changes[]`),
 * read by the shared Meta reader.
 * @see https://docs.360dialog.com/docs/whatsapp-api/the-basics
 * @module
 */
import type { WebhookEvent } from "../../inbound/events.ts";
import { metaBody } from "../_meta/webhook.ts";

/**
 * Reads a 360dialog webhook body. Changes other than `messages`, and values with neither
 * messages nor statuses, become `unknown` events.
 * @internal
 */
export function parseDialog360(body: unknown): WebhookEvent[] {
  return metaBody("dialog360", body);
}
