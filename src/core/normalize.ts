/**
 * Short forms to full forms: `"Yes"` → `{ id: "Yes", title: "Yes" }`, `"https://…"` →
 * `{ url }`. Total functions: whatever junk comes in goes out unchanged for the schema to
 * report with a path, so no TypeError ever escapes for bad input.
 * @module
 */
import type { Header, Media, TemplateParam } from "./message.ts";
import { isObj } from "./json.ts";
import { isBsuid, isE164 } from "./recipient.ts";

/** A media argument: a URL string or a media object. @internal */
export function media(x: unknown): Media {
  return (typeof x === "string" ? { url: x } : x) as Media;
}

/** Media arguments: one, or an array of them. @internal */
export function mediaList(x: unknown): Media[] {
  return (Array.isArray(x) ? x.map(media) : [media(x)]) as Media[];
}

/** Derives an id from a title when the id is omitted: the trimmed title, deterministically. */
function withId(x: unknown): unknown {
  if (typeof x === "string") return { id: x.trim(), title: x };
  if (isObj(x) && x.id === undefined && typeof x.title === "string") return { ...x, id: x.title.trim() };
  return x;
}

/** Buttons: `"Yes"` or `{ id?, title }`. @internal */
export function buttons(items: unknown): unknown {
  return Array.isArray(items) ? items.map(withId) : items;
}

/** List sections: rows as `"Title"` or `{ id?, title, description? }`. @internal */
export function sections(x: unknown): unknown {
  if (!Array.isArray(x)) return x;
  return x.map((s) => (isObj(s) && Array.isArray(s.rows) ? { ...s, rows: s.rows.map(withId) } : s));
}

/** Header: `"text"` or `{ image | video | document: url | Media }`. @internal */
export function header(x: unknown): Header {
  if (typeof x === "string") return { type: "text", text: x };
  if (isObj(x) && x.type === undefined) {
    for (const type of ["image", "video", "document"] as const) {
      if (type in x) return { type, media: media(x[type]) };
    }
  }
  return x as Header;
}

/** Template parameter: a string or number is a text parameter; `{ image: url }` a media one. @internal */
export function templateParam(x: unknown): TemplateParam {
  if (typeof x === "string") return { type: "text", text: x };
  if (typeof x === "number" && Number.isFinite(x)) return { type: "text", text: String(x) };
  if (isObj(x) && x.type === undefined) {
    const h = header(x);
    if (h !== x) return h as TemplateParam;
  }
  return x as TemplateParam;
}

/** Template parameter lists; a single value becomes a list of one. @internal */
export function templateParams(x: unknown): TemplateParam[] | undefined {
  if (x === undefined) return undefined;
  return (Array.isArray(x) ? x : [x]).map(templateParam);
}

/** Template buttons: the index defaults to the position in the list. @internal */
export function templateButtons(x: unknown): unknown {
  if (!Array.isArray(x)) return x;
  return x.map((b, i) => (isObj(b) && b.index === undefined ? { ...b, index: i } : b));
}

/** A coordinate given as a numeric string becomes a number. @internal */
export function coordinate(x: unknown): unknown {
  if (typeof x === "string" && x.trim() !== "" && Number.isFinite(Number(x))) return Number(x);
  return x;
}

/** Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic (U+06F0–06F9) digits, each mapped to 0–9. */
const ARABIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
const arabicDigit = (d: string) => String((d.charCodeAt(0) & 0xf) % 10);
/** Invisible direction marks a number copied from right-to-left text carries (LRM, RLM, ALM, embeddings, isolates). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** What people put between digit groups: any space (NBSP, narrow NBSP, thin space included), hyphens and dashes, dots, brackets. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212.()]/g;
/** A written trunk prefix, "(0)": dial the 0 at home, drop it from abroad. */
const TRUNK = /\(\s*0\s*\)/;
/**
 * The two-digit country codes (ITU-T E.164 list), read from a number's first two digits: 20, 27,
 * 30–34, 36, 39, 40, 41, 43–49, 51–58, 60–66, 81, 82, 84, 86, 90–95 and 98; other codes are 1
 * (`1`, `7`) or 3 digits. The codes are prefix-free, so the first digits of a number say how
 * long its country code is.
 */
const TWO_DIGIT_CC = /^(?:2[07]|3[0-469]|4[013-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/;
/** Whether `digits` is exactly one whole country code. */
const isCountryCode = (digits: string) =>
  /^[1-9]\d{0,2}$/.test(digits) &&
  digits.length === (digits[0] === "1" || digits[0] === "7" ? 1 : TWO_DIGIT_CC.test(digits) ? 2 : 3);
/** Country codes whose numbers keep their leading 0 when dialled from abroad: Italy, San Marino, Vatican City. */
const KEEPS_ZERO = /^\+(?:39|378|379)/;

/**
 * A recipient as typed by people, normalised to E.164 only when that is unambiguous:
 * - a BSUID (`US.13491208655302741918`) is returned exactly as given;
 * - Arabic-Indic and Eastern Arabic-Indic digits become 0–9, direction marks are dropped;
 * - spaces of every kind, hyphens and dashes, dots and brackets are dropped;
 * - `(0)` right after the country code (`+31 (0)6 12345678`, `+44 (0) 20 …`) is the written
 *   trunk prefix and is dropped, except for Italy, San Marino and Vatican City, whose numbers keep
 *   the 0 (refused there as ambiguous); anywhere else it is refused;
 * - a leading `00` (international prefix) becomes `+`; bare digits not starting with 0 get a `+`
 *   (WhatsApp ids are E.164 without the plus).
 * What it cannot make sure of comes back unchanged, so the schema refuses it with the input shown:
 * a wrong guess would send the message to someone else.
 * @internal
 */
export function recipient(x: unknown): unknown {
  if (typeof x !== "string") return x;
  if (isE164(x) || isBsuid(x)) return x; // already E.164 or a BSUID: nothing to drop or add
  let s = x.replace(BIDI, "").replace(ARABIC_DIGITS, arabicDigit);
  const trunk = TRUNK.exec(s);
  if (trunk) {
    const before = s.slice(0, trunk.index).replace(SEPARATORS, "");
    const cc = before.startsWith("00") ? "+" + before.slice(2) : before;
    // Only right after the whole country code, only once.
    if (
      !cc.startsWith("+") ||
      !isCountryCode(cc.slice(1)) ||
      KEEPS_ZERO.test(cc) ||
      TRUNK.test(s.slice(trunk.index + trunk[0].length))
    )
      return x;
    s = s.slice(0, trunk.index) + s.slice(trunk.index + trunk[0].length);
  }
  s = s.replace(SEPARATORS, "");
  if (s.startsWith("00")) s = "+" + s.slice(2);
  else if (/^[1-9]\d+$/.test(s)) s = "+" + s;
  return isE164(s) ? s : x;
}
