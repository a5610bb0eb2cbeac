/**
 * Meta Cloud API webhooks: Meta's own format, read by the shared Meta reader.
 * @see https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 * @module
 */
import type { WebhookEvent } from "../../inbound/events.ts";
import { metaBody } from "../_meta/webhook.ts";

/**
 * Reads a Meta Cloud API webhook body. Changes other than `messages`, and values with neither
 * messages nor statuses, become `unknown` events.
 * @internal
 */
export function parseCloudApi(body: unknown): WebhookEvent[] {
  return metaBody("cloudApi", body);
}
