/**
 * Text as WhatsApp counts it: code points, grapheme clusters, and truncation at a grapheme
 * boundary with an ellipsis that keeps bidirectional isolates closed.
 * @module
 */
import * as v from "valibot";

const ELLIPSIS = "\u2026";

/**
 * Number of Unicode code points in `s`: how WhatsApp's limits are counted here (see `chars()`);
 * a lone surrogate counts once. valibot's own count, the one its length checks use.
 * @internal
 */
export const codePoints: (s: string) => number = v._getCodePointCount;

let segmenter: Intl.Segmenter | null | undefined;

/**
 * Splits text into grapheme clusters (user-perceived characters) with `Intl.Segmenter`, or
 * with {@link approxGraphemes} where the runtime has none. Lazy: a cut near the start of a
 * long text does not segment the rest. @internal
 */
export function* graphemes(text: string): Generator<string> {
  segmenter ??=
    typeof Intl === "object" && typeof Intl.Segmenter === "function"
      ? new Intl.Segmenter(undefined, { granularity: "grapheme" })
      : null;
  if (!segmenter) return yield* approxGraphemes(text);
  for (const s of segmenter.segment(text)) yield s.segment;
}

// Without Intl.Segmenter: CR LF, a pair of regional indicators (a flag), or one code point with
// everything that extends it (combining marks incl. the keycap, variation selectors, skin
// tones, tag characters of subdivision flags, ZWNJ, and ZWJ plus the code point it joins).
// Not all of UAX #29 (Hangul jamo, Indic conjuncts, prepended marks), but it never splits a
// surrogate pair, a ZWJ sequence, a flag or a base from its combining marks.
const CLUSTER =
  /\r\n|\p{Regional_Indicator}\p{Regional_Indicator}|[\s\S](?:[\p{M}\p{Emoji_Modifier}\u200c\ufe00-\ufe0f\u{e0020}-\u{e007f}]|\u200d[\s\S]?)*/gu;

/** Grapheme clusters without `Intl.Segmenter`: an approximation that errs on the side of not splitting. Lazy. @internal */
export function* approxGraphemes(text: string): Generator<string> {
  for (const m of text.matchAll(CLUSTER)) yield m[0];
}

// Bidi controls: embeddings and overrides close with PDF, isolates with PDI. A cut that drops
// the closer would leave the rest of the line in the wrong direction in some clients.
const PDF = "\u202c";
const PDI = "\u2069";
function bidi(open: string[], g: string): string[] {
  let next = open;
  for (const ch of g) {
    if (ch === "\u202a" || ch === "\u202b" || ch === "\u202d" || ch === "\u202e") next = [...next, PDF];
    else if (ch === "\u2066" || ch === "\u2067" || ch === "\u2068") next = [...next, PDI];
    else if (ch === PDF && next.at(-1) === PDF) next = next.slice(0, -1);
    else if (ch === PDI && next.includes(PDI)) next = next.slice(0, next.lastIndexOf(PDI));
  }
  return next;
}

/**
 * Shortens `text` to at most `limit` code points, ellipsis included: the longest run of whole
 * grapheme clusters that fits, trailing spaces dropped, then `…`, then a closer for every bidi
 * embedding or isolate the kept part left open. Text already within the limit is returned as is.
 * @internal
 */
export function truncate(text: string, limit: number, split: (text: string) => Iterable<string> = graphemes): string {
  if (codePoints(text) <= limit) return text;
  const kept: string[] = [];
  let size = 0;
  let open: string[] = [];
  for (const g of split(text)) {
    const n = codePoints(g);
    const next = bidi(open, g);
    if (size + n + 1 + next.length > limit) break;
    kept.push(g);
    size += n;
    open = next;
  }
  // "Deluxe room …" reads worse than "Deluxe room…"; drop whole whitespace clusters only.
  while (kept.length > 0 && /^\s+$/u.test(kept.at(-1)!)) kept.pop();
  return kept.join("") + ELLIPSIS + open.reverse().join("");
}
