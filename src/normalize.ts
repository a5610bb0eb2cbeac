/**
 * Short forms to full forms: `"Yes"` → `{ id: "Yes", title: "Yes" }`, `"https://…"` →
 * `{ url }`. Total functions: whatever junk comes in goes out unchanged for the schema to
 * report with a path, so no TypeError ever escapes for bad input.
 * @module
 */
import type { Header, Media, TemplateParam } from "./message.ts";
import { isE164 } from "./schemas/envelope.ts";

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

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

/**
 * A recipient as typed by people: spaces, dashes, dots and brackets are dropped, a leading
 * `00` becomes `+`, and bare digits get a `+` (WhatsApp ids are E.164 without the plus).
 * @internal
 */
export function recipient(x: unknown): unknown {
  if (typeof x !== "string") return x;
  if (isE164(x)) return x; // already E.164: nothing to drop or add
  let s = x.replace(/[\s\-.()\u00a0]/g, "");
  if (s.startsWith("00")) s = "+" + s.slice(2);
  else if (/^[1-9]\d+$/.test(s)) s = "+" + s;
  return s;
}
