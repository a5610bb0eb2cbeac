/**
 * Kaleyra WhatsApp v2 callbacks. Status callbacks wrap Meta's status object:
 * `{ meta_object: { value: { statuses: [...] }, field: "messages" }, extra_info: { message_id,
 * ref, ref1, ref2, … }, status, message_id }`, with the `extra_info.ref` set at send time echoed.
 * A body in Meta's own format (`object: "whatsapp_business_account"`), bare or as `meta_object`,
 * is read as the Cloud API's, its events tagged `kaleyra`.
 * @see https://developers.kaleyra.io/docs/wa-status-update-webhooks-payload-v2-sent
 * @module
 */
import type { DeliveryStatus, WebhookEvent } from "../../inbound/events.ts";
import { statusOrUnknown } from "../../inbound/found-events.ts";
import { clean, echoed, isObj, list, str } from "../../inbound/fields.ts";
import { metaBody, metaError, metaValue } from "../_meta/webhook.ts";

/** A body in Meta's own webhook format. */
const isMetaBody = (x: unknown): boolean => isObj(x) && x.object === "whatsapp_business_account";

const provider = "kaleyra" as const;

/** Kaleyra's status words: Meta's four plus `not-sent` (Kaleyra refused before WhatsApp). */
function kaleyraStatus(s: unknown): DeliveryStatus | undefined {
  if (s === "sent" || s === "delivered" || s === "read" || s === "failed") return s;
  return s === "not-sent" ? "failed" : undefined;
}

function one(item: unknown): WebhookEvent[] {
  if (!isObj(item)) return [{ type: "unknown", provider, raw: item }];
  // A callback profile that forwards Meta's body as it is: read like the Cloud API's.
  if (isMetaBody(item)) return metaBody(provider, item);
  const extra = isObj(item.extra_info) ? item.extra_info : {};
  // The id `send()` returned is Kaleyra's `message_id`, not the `wamid` inside meta_object.
  const id = str(item.message_id) ?? str(extra.message_id);
  const ref = echoed(extra.ref);
  const wrapped = item.meta_object;
  const value = wrapped?.value;
  // `meta_object` holds Meta's change (`{ value, field }`) or, forwarded whole, Meta's body.
  if (isObj(value) || isMetaBody(wrapped)) {
    // GUESS: incoming messages forwarded in the same wrapper carry Meta's `messages[]`; Kaleyra
    // documents incoming callbacks only as user-defined templates, which stay `unknown`.
    const found = isMetaBody(wrapped) ? metaBody(provider, wrapped) : metaValue(provider, value);
    const events = found.map(
      (e): WebhookEvent =>
        e.type === "status"
          ? clean({ ...e, id: id ?? e.id, ref: ref ?? e.ref, raw: item })
          : e.type === "unknown"
            ? { ...e, raw: item }
            : e,
    );
    if (events.length) return events;
  }
  // Without Meta's object (e.g. `not-sent`, which never reached WhatsApp): the top-level fields.
  const s0 = list(value?.statuses)[0] as any;
  return [
    statusOrUnknown(provider, item, {
      id,
      status: kaleyraStatus(item.status),
      providerStatus: str(item.status),
      recipient: s0?.recipient_id,
      timestamp: s0?.timestamp,
      failure: () =>
        metaError(s0?.errors) ?? {
          message: str(item.error?.message) ?? str(item.message) ?? `Kaleyra reported "${item.status}" with no reason`,
        },
      ref: extra.ref,
    }),
  ];
}

/** Reads a Kaleyra callback body: one object, or an array of them. @internal */
export function parseKaleyra(body: unknown): WebhookEvent[] {
  const items = Array.isArray(body) ? body : [body];
  const events = items.flatMap(one);
  return events.length ? events : [{ type: "unknown", provider, raw: body }];
}
