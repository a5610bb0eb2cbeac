/**
 * Fields every message carries: recipient, reply context, caller metadata, provider options.
 * @module
 */
import * as v from "valibot";
import { built, lazy, once } from "./lazy.ts";
import { isPlain } from "../json.ts";
import { bound, mustBeText } from "./common.ts";

export { BSUID, E164, isBsuid, isE164, RECIPIENT_FORMS, recipientProblem } from "../recipient.ts";
import { BSUID, isE164, recipientProblem } from "../recipient.ts";

/** A recipient: a phone number in E.164 form, or a BSUID. */
export const RecipientSchema = /* @__PURE__ */ lazy(() =>
  v.pipe(
    v.string(mustBeText),
    v.check(
      (s) => isE164(s) || BSUID.test(s),
      (i) => recipientProblem(i.input),
    ),
  ),
);

/**
 * The most values (each string, number, array, object, … counts one) a JSON value may hold:
 * an object that refers to another many times is counted each time, as its JSON text would
 * repeat it, so 12 levels of arrays that each hold the next 10 times (10^12 values, in 120 small
 * arrays) are refused at once instead of walked for hours. @internal
 */
export const JSON_VALUES = 100_000;

/**
 * Whether `x` is plain JSON data (null, booleans, finite numbers, strings, arrays, plain objects)
 * at most `max` levels deep and {@link JSON_VALUES} values; `bare` also admits objects made with
 * `Object.create(null)`. @internal
 */
export const jsonWithin = (x: unknown, max: number, bare = false): boolean => {
  let budget = JSON_VALUES;
  const walk = (y: unknown, depth: number): boolean => {
    if (--budget < 0 || depth > max) return false;
    if (y === null || typeof y === "string" || typeof y === "boolean") return true;
    if (typeof y === "number") return Number.isFinite(y);
    if (Array.isArray(y)) return y.every((z) => walk(z, depth + 1));
    return isPlain(y, bare) && Object.values(y).every((z) => walk(z, depth + 1));
  };
  return walk(x, 0);
};

/** Whether `x` is plain JSON data at most 16 levels deep (what `ref` and provider options take). @internal */
export const isJson = (x: unknown): boolean => jsonWithin(x, 16);

/** Entries shared by every message kind; spread into each kind's object schema. */
export const envelope = /* @__PURE__ */ once(() => ({
  to: built(RecipientSchema),
  toKind: v.optional(
    v.picklist(
      ["phone", "bsuid"],
      (i) => `is ${i.received}; expected "phone" (to is an E.164 number) or "bsuid" (to is a business-scoped user ID).`,
    ),
  ),
  replyTo: v.optional(
    v.pipe(
      v.string(mustBeText),
      bound(false, "length", 1, "is empty; pass the id of the message you reply to."),
      bound(
        true,
        "length",
        256,
        (i) => `is ${i.received} characters; message ids are at most 256. Pass the id the provider gave you.`,
      ),
    ),
  ),
  ref: v.optional(
    v.custom<unknown>(
      isJson,
      "must be plain JSON data (strings, numbers, booleans, null, arrays and plain objects, at most 16 levels deep and 100000 values).",
    ),
  ),
  options: v.optional(
    v.record(
      v.string(),
      v.optional(v.record(v.string(), v.custom<unknown>(isJson, "must be plain JSON data."))),
      'must map provider names to option objects, e.g. { bird: { tags: ["promo"] } }.',
    ),
  ),
}));
