/**
 * Fields every message carries: recipient, reply context, caller metadata, provider options.
 * @module
 */
import * as v from "valibot";
import { mustBeText } from "./common.ts";

/** E.164: `+`, a country code that does not start with 0, 8 to 15 digits in all. */
export const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * {@link E164} without a regex, for the hot paths (the fast validation lane, recipient
 * normalisation): "+", a digit 1–9, then 7 to 14 more digits. @internal
 */
export function isE164(s: string): boolean {
  const n = s.length;
  if (n < 9 || n > 16 || s.charCodeAt(0) !== 43 || s.charCodeAt(1) === 48) return false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A recipient phone number in E.164 form. */
export const RecipientSchema = v.pipe(
  v.string(mustBeText),
  v.regex(
    E164,
    (i) =>
      `is "${String(i.input).slice(0, 40)}"; expected an international number like +31612345678 (country code first, no leading 0, 8 to 15 digits).`,
  ),
);

/** Whether `x` is plain JSON data at most 16 levels deep (what `ref` and provider options take). @internal */
export const isJson = (x: unknown, depth = 0): boolean => {
  if (depth > 16) return false;
  if (x === null || typeof x === "string" || typeof x === "boolean") return true;
  if (typeof x === "number") return Number.isFinite(x);
  if (Array.isArray(x)) return x.every((y) => isJson(y, depth + 1));
  if (typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype)
    return Object.values(x as object).every((y) => isJson(y, depth + 1));
  return false;
};

/** Entries shared by every message kind; spread into each kind's object schema. */
export const envelope = {
  to: RecipientSchema,
  replyTo: v.optional(
    v.pipe(
      v.string(mustBeText),
      v.minLength(1, "is empty; pass the id of the message you reply to."),
      v.maxLength(256, (i) => `is ${i.received} characters; message ids are at most 256. Pass the id the provider gave you.`),
    ),
  ),
  ref: v.optional(
    v.custom<unknown>(
      (x) => isJson(x),
      "must be plain JSON data (strings, numbers, booleans, null, arrays and plain objects, at most 16 levels deep).",
    ),
  ),
  options: v.optional(
    v.record(
      v.string(),
      v.optional(v.record(v.string(), v.custom<unknown>((x) => isJson(x), "must be plain JSON data."))),
      "must map provider names to option objects, e.g. { bird: { tags: [\"promo\"] } }.",
    ),
  ),
};
