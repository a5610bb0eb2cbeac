/**
 * Small building blocks shared by the message schemas. Every message fragment here ends in a
 * fix; the field's path is put in front of it by `validate()`.
 * @module
 */
import * as v from "valibot";
import { lazy, once } from "./lazy.ts";
import { LIMITS } from "./limits.ts";

/**
 * A string of 1..max characters. Characters are Unicode code points (`[...s].length`): a
 * surrogate pair counts once, an emoji built of several code points (flags, ZWJ families,
 * skin tones) counts each of them. That is stricter than what a person sees, never looser than
 * what Meta's servers count, so a message that passes here is not refused for length there.
 */
export const chars = (max: number, fix: string, min = 1) => v.pipe(v.string(mustBeText), ...sizes(max, fix, min));

/**
 * The two length rules of {@link chars}, for a pipe whose value is a string (or, after a
 * `string | boolean` check, anything else, which they pass through).
 * @internal
 */
export const sizes = (max: number, fix: string, min = 1) =>
  [
    codePoints(false, min, () => `is empty; WhatsApp needs at least ${min} character${min === 1 ? "" : "s"}.`),
    codePoints(true, max, (i) => `is ${i.received} characters; WhatsApp allows at most ${max}. ${fix}`),
  ] as const;

/** What a {@link bound} measures: code points of a string, length of a string or array, or a number itself. */
type Measure = "code points" | "length" | "value";

/**
 * valibot's `minCodePoints`/`maxCodePoints`, `minLength`/`maxLength` and `minValue`/`maxValue`
 * (for numbers) as one function: the same issue (type, expects, requirement, received, message),
 * so `validate()` reads the limit and the size received from it as before. Two shortcuts for code
 * points: a string whose length in UTF-16 code units already proves it within the limit (a code
 * point is one or two of them) is not counted, and anything that is not a string passes (a
 * `string | boolean` field counts the characters of its strings only).
 * @internal
 */
export function bound<T = string>(
  max: boolean,
  measure: Measure,
  requirement: number,
  message: string | ((issue: v.BaseIssue<unknown>) => string),
) {
  return {
    kind: "validation",
    type: `${max ? "max" : "min"}_${measure.replace(" ", "_")}`,
    reference: bound,
    async: false,
    expects: `${max ? "<" : ">"}=${requirement}`,
    requirement,
    message,
    "~run"(dataset: { typed: boolean; value: any }, config: v.Config<v.BaseIssue<unknown>>) {
      const x = dataset.value;
      const points = measure === "code points";
      if (
        !dataset.typed ||
        (points && (typeof x !== "string" || (max ? x.length <= requirement : x.length >= 2 * requirement - 1)))
      )
        return dataset;
      const n: number = measure === "value" ? x : points ? v._getCodePointCount(x) : x.length;
      if (max ? n > requirement : n < requirement)
        v._addIssue(this as never, measure, dataset as never, config, { received: `${n}` });
      return dataset;
    },
  } as unknown as v.BaseValidation<T, T, v.BaseIssue<unknown>>;
}

/** {@link bound} over the code points of a string. @internal */
export const codePoints = (
  max: boolean,
  requirement: number,
  message: string | ((issue: v.BaseIssue<unknown>) => string),
) => bound(max, "code points", requirement, message);

/** An optional {@link chars}. */
export const optChars = (max: number, fix: string, min = 1) => v.optional(chars(max, fix, min));

/** The sentence of a value of the wrong type: `must be <what>; received <what valibot saw>.` */
export const mustBe =
  (what: string) =>
  (i: { received: string; input?: unknown }): string =>
    i.input === undefined ? `is missing: it must be ${what}.` : `must be ${what}; received ${i.received}.`;

/** Message for a value that should be a string. */
export const mustBeText = mustBe("text");

/** An https URL (WhatsApp fetches media and opens links over https only). */
export const httpsUrl = /* @__PURE__ */ once(() =>
  v.pipe(
    v.string(mustBeText),
    bound(
      true,
      "length",
      2048,
      (i) => `is ${i.received} characters long; URLs are limited to 2048 here. Use a shorter link.`,
    ),
    v.check(
      isHttpsUrl,
      (i) => `is not a valid https URL (received "${String(i.input).slice(0, 80)}"). Use an absolute https:// address.`,
    ),
  ),
);

/** Whether `s` parses as an absolute https URL with a host. */
export function isHttpsUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "https:" && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/** A strict object that names unknown keys in its error. */
export const strict = <E extends v.ObjectEntries>(entries: E, what: string) =>
  v.strictObject(entries, (i) =>
    i.expected === "never"
      ? i.received === '"file"'
        ? 'holds bytes, which only a provider given withMedia() (from "wafluent/media") uploads: wrap the provider, or send an https link instead.'
        : `is not a field of ${what}; remove it (received ${i.received}).`
      : i.input === undefined && i.expected?.startsWith('"')
        ? `is missing: ${what} needs \`${i.expected.slice(1, -1)}\`.` // a required field left out (valibot names it in quotes)
        : `must be an object describing ${what}; received ${i.received}.`,
  );

/** A non-empty array with a maximum length, with messages naming both limits. */
export const list = <T extends v.GenericSchema>(item: T, min: number, max: number, noun: string, fix: string) =>
  v.pipe(
    v.array(item, (i) => `must be a list of ${noun}; received ${i.received}.`),
    bound<v.InferOutput<T>[]>(
      false,
      "length",
      min,
      (i) => `has ${i.received} ${noun}; WhatsApp needs at least ${min}.`,
    ),
    bound<v.InferOutput<T>[]>(
      true,
      "length",
      max,
      (i) => `has ${i.received} ${noun}; WhatsApp allows at most ${max}. ${fix}`,
    ),
  );

/** A media reference: exactly one of `url` (https) or `id`, plus optional extras. */
export const MediaSchema = /* @__PURE__ */ lazy(() =>
  v.pipe(
    strict(
      {
        url: v.optional(httpsUrl()),
        id: v.optional(chars(256, "Use the id the provider returned on upload.")),
        caption: optChars(LIMITS.caption, "Shorten the caption."),
        filename: optChars(240, "Use a shorter file name."),
        altText: optChars(LIMITS.altText, "Shorten the alt text."),
        contentType: v.optional(
          v.pipe(v.string(mustBeText), v.regex(/^[\w.+-]+\/[\w.+-]+$/, "is not a MIME type like image/png.")),
        ),
      },
      "a media file",
    ),
    v.check(
      (m) => (m.url === undefined) !== (m.id === undefined),
      "needs exactly one of url or id: give the file's https URL, or the media id returned by the provider.",
    ),
  ),
);

/** Input shape of a media reference. */
export type MediaInput = v.InferInput<typeof MediaSchema>;
