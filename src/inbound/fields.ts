/**
 * Defensive readers for untrusted webhook JSON: each returns `undefined` instead of throwing,
 * so a surprising payload becomes an `unknown` event, never a crash. @internal
 * @module
 */
import type { Json } from "../core/message.ts";
import type { BusinessNumber, WebhookMessageEvent, DeliveryStatus, InboundContent, WebhookEvent } from "./events.ts";
import { clean, isObj, parseJson } from "../core/json.ts";

export { clean, isObj };

/** A non-empty string, or a finite number as a string. @internal */
export function str(x: unknown): string | undefined {
  if (typeof x === "string") return x === "" ? undefined : x;
  if (typeof x === "number" && Number.isFinite(x)) return String(x);
  return undefined;
}

/** A number from a number or a numeric string (Meta's spec types coordinates as strings). @internal */
export function num(x: unknown): number | undefined {
  const n = typeof x === "string" && x.trim() !== "" ? Number(x) : x;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** An array, or an empty one. @internal */
export const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

/**
 * A phone number as E.164: WhatsApp ids are digits without the `+`. Anything that is not digits
 * (a BSUID, a group id) is no phone number: `undefined`. @internal
 */
export function e164(x: unknown): string | undefined {
  const s = str(x)?.replace(/[\s\-.()]/g, "");
  if (!s) return undefined;
  return /^\d+$/.test(s) ? `+${s}` : /^\+\d+$/.test(s) ? s : undefined;
}

/**
 * A time as ISO 8601: unix seconds (Meta, Kaleyra: `"1702496037"`), unix milliseconds
 * (Zixflow, Bik), or an ISO string (Bird). @internal
 */
export function iso(x: unknown): string | undefined {
  if (typeof x === "string" && x.trim() !== "" && !/^\d+$/.test(x.trim())) {
    const t = Date.parse(x);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  const n = num(x);
  if (n === undefined || n <= 0) return undefined;
  // Seconds until the year 5138; anything larger is milliseconds.
  const ms = n < 1e11 ? n * 1000 : n;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The ISO time 24 hours after `timestamp`: WhatsApp's customer service window. @internal */
export function plus24h(timestamp: string): string | undefined {
  const d = new Date(Date.parse(timestamp) + 24 * 3600 * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Echoed caller metadata: JSON when it parses as JSON, else the string itself. @internal */
export function echoed(x: unknown): Json | undefined {
  if (typeof x !== "string") return isObj(x) || Array.isArray(x) ? (x as Json) : undefined;
  return x === "" ? undefined : (parseJson(x, x) as Json);
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
