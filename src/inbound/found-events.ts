/**
 * The events a reader makes of what it found, with the rules every reader applies once: an event
 * whose id, sender, time, content or status is missing is `unknown`; WhatsApp's customer service
 * window; a status's recipient, time and echoed metadata read here from the provider's values
 * (with src/inbound/fields.ts), and its error asked for only when it failed. @internal
 * @module
 */
import type {
  BusinessNumber,
  DeliveryStatus,
  InboundContent,
  WebhookError,
  WebhookEvent,
  WebhookMessageEvent,
  WebhookStatusEvent,
} from "./events.ts";
import { clean, e164, echoed, iso, str } from "./fields.ts";

/** The ISO time 24 hours after `timestamp`: WhatsApp's customer service window. @internal */
export function plus24h(timestamp: string): string | undefined {
  const d = new Date(Date.parse(timestamp) + 24 * 3600 * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The business number of an event from its id and phone (either may be missing), or `undefined`.
 * @example businessNumber("106540352242922", e164("15550783881")) // { id: "106540352242922", phone: "+15550783881" }
 * @internal
 */
export function businessNumber(id: unknown, phone: string | undefined): BusinessNumber | undefined {
  const n = clean({ id: str(id), phone });
  return n.id || n.phone ? n : undefined;
}

/**
 * A message event built from the fields every provider's reader finds, undefined fields dropped.
 * The service window is the one the provider states when it states one, else 24 hours after the
 * message: WhatsApp's customer service window, kept in this one place. @internal
 */
export function messageEvent<P extends string>(
  fields: Omit<WebhookMessageEvent<P>, "type" | "serviceWindowExpiresAt">,
  windowEndsAt?: string,
): WebhookMessageEvent<P> {
  return clean({
    type: "message" as const,
    ...fields,
    serviceWindowExpiresAt: windowEndsAt ?? plus24h(fields.timestamp),
  });
}

/**
 * What a reader found of an inbound message: the fields of a message event, of which the four every
 * event needs (`id`, `from`, `timestamp`, `message`) may be missing. @internal
 */
export type FoundMessage = Omit<
  WebhookMessageEvent,
  "type" | "provider" | "raw" | "serviceWindowExpiresAt" | "id" | "from" | "timestamp" | "message"
> & {
  id: string | undefined;
  from: string | undefined;
  timestamp: string | undefined;
  message: InboundContent | undefined;
};

/**
 * The message event of what a reader found in `raw`, or `{ type: "unknown", raw }` when the id, the
 * sender, the time or the content is missing: the one rule every reader applies. @internal
 */
export function messageOrUnknown<P extends string>(
  provider: P,
  raw: unknown,
  found: FoundMessage,
  windowEndsAt?: string,
): WebhookEvent<P> {
  const { id, from, timestamp, message } = found;
  if (!id || !from || !timestamp || !message) return { type: "unknown", provider, raw };
  return messageEvent({ provider, ...found, id, from, timestamp, message, raw }, windowEndsAt);
}

/**
 * A reader of a provider's delivery-status words: each neutral status with the words that mean it,
 * matched without regard to case; `undefined` for a word not listed (the event is then `unknown`). @internal
 */
export function statusWords(
  words: {
    readonly [S in DeliveryStatus]?: readonly string[];
  },
): (word: unknown) => DeliveryStatus | undefined {
  const table = new Map<string, DeliveryStatus>();
  for (const [status, list] of Object.entries(words) as [DeliveryStatus, readonly string[]][])
    for (const word of list) table.set(word.toLowerCase(), status);
  return (word) => {
    const text = str(word);
    return text === undefined ? undefined : table.get(text.toLowerCase());
  };
}

/**
 * What a reader found of a status: the id, the neutral status and the provider's own word (any
 * missing: the event is `unknown`); the recipient's phone number, the time and the echoed caller
 * metadata as the provider spells them (read here with `e164`, `iso`, `echoed`); the reason, asked
 * for only when the status is `failed`; and the other fields of a status event as they are. @internal
 */
export type FoundStatus = Omit<
  WebhookStatusEvent,
  "type" | "provider" | "raw" | "id" | "status" | "providerStatus" | "recipient" | "timestamp" | "error" | "ref"
> & {
  id: string | undefined;
  status: DeliveryStatus | undefined;
  providerStatus: string | undefined;
  /** The recipient's phone number in the provider's spelling. */
  recipient?: unknown;
  /** When the state changed, in the provider's spelling (unix seconds or milliseconds, ISO). */
  timestamp?: unknown;
  /** Why the message failed: called only for `failed`. */
  failure?: () => WebhookError;
  /** The caller metadata the provider echoed. */
  ref?: unknown;
};

/**
 * The status event of what a reader found in `raw`, or `{ type: "unknown", raw }` when the id,
 * the status or the provider's word is missing. @internal
 */
export function statusOrUnknown<P extends string>(provider: P, raw: unknown, found: FoundStatus): WebhookEvent<P> {
  const { id, status, providerStatus, recipient, timestamp, failure, ref, ...rest } = found;
  if (!id || !status || !providerStatus) return { type: "unknown", provider, raw };
  const event: WebhookStatusEvent<P> = clean({
    type: "status" as const,
    provider,
    id,
    status,
    providerStatus,
    recipient: e164(recipient),
    ...rest,
    timestamp: iso(timestamp),
    error: status === "failed" ? failure?.() : undefined,
    ref: echoed(ref),
    raw,
  });
  return event;
}
