/**
 * Reading an unknown answer body without throwing: one field by its path ({@link pick}) and a
 * short, safe description for error messages ({@link describeBody}), linear in the body.
 * Provider parsers use both (re-exported by provider.ts, the provider contract).
 * @module
 */
/**
 * Reads a string field from an unknown JSON body without throwing.
 * @internal
 */
export function pick(body: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = body;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    try {
      cur = (cur as Record<string | number, unknown>)[k];
    } catch {
      return undefined; // a getter or Proxy that throws: nothing to read
    }
  }
  return cur;
}

/**
 * A short, safe description of an unknown error body for messages: JSON message fields first,
 * else the start of the text with HTML tags removed. Linear in the body, whatever it holds.
 * @throws nothing
 * @example describeBody("<h1>Bad Gateway</h1>") // "\"Bad Gateway\""
 * @internal
 */
export function describeBody(body: unknown): string {
  if (typeof body === "string") {
    const text = visibleText(body, 201);
    return text === "" ? "an empty body" : `"${text.slice(0, 200)}${text.length > 200 ? "…" : ""}"`;
  }
  try {
    const s = JSON.stringify(body);
    return s === undefined ? "no body" : s.slice(0, 300);
  } catch {
    return "an unreadable body";
  }
}

/** Whitespace as `\s` means it (one UTF-16 unit at a time: every `\s` character is in the BMP). */
const SPACE = /^\s$/;

/**
 * The start of `html` as text, at most `max` characters: each tag (`<` to the next `>`) becomes
 * a space, each run of whitespace one space, none at either end; a `<` with no `>` after it is
 * text. One pass: each `>` is searched for once, and a `<` with none after it ends the search
 * for good, so the time is linear in `html` (a tag-stripping regex backtracks on `<<<<…`).
 */
function visibleText(html: string, max: number): string {
  let out = "";
  let gap = false;
  let closed = true; // whether a ">" may still follow
  for (let i = 0; i < html.length && out.length < max; i++) {
    const c = html[i]!;
    if (c === "<" && closed) {
      const end = html.indexOf(">", i + 1);
      if (end !== -1) {
        gap = true;
        i = end;
        continue;
      }
      closed = false;
    }
    if (SPACE.test(c)) gap = true;
    else {
      if (gap && out !== "") out += " ";
      gap = false;
      out += c;
    }
  }
  return out.length > max ? out.slice(0, max) : out;
}
