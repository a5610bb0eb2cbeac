/**
 * Defensive readers of untrusted webhook values (text, numbers, lists, phone numbers, times,
 * echoed metadata): each returns `undefined` instead of throwing, so a surprising payload becomes
 * an `unknown` event, never a crash. The events made of them: src/inbound/found-events.ts. @internal
 * @module
 */
import type { Json } from "../core/message.ts";
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

/** Echoed caller metadata: JSON when it parses as JSON, else the string itself. @internal */
export function echoed(x: unknown): Json | undefined {
  if (typeof x !== "string") return isObj(x) || Array.isArray(x) ? (x as Json) : undefined;
  return x === "" ? undefined : (parseJson(x, x) as Json);
}
