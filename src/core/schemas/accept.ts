/**
 * The fast lane of validation, for the messages sent most: text, and reply buttons with a text
 * header. It proves such a message valid by the same limits as its valibot schema (LIMITS, E164,
 * `isJson`), without running valibot, and returns what valibot would: fresh objects with the
 * schema's key order. Whatever it is not sure of (a string whose length in UTF-16 code units
 * exceeds a limit counted in code points, a media header, `options`, an unknown or undefined
 * key, a non-plain object) returns `undefined` and goes to valibot, which stays the source of
 * truth and the one that words every issue; this file never reports an issue itself.
 * `test/fast-paths.test.ts` pins that the two agree, output included, on random input.
 * @module
 * @internal
 */
import type { Message } from "../message.ts";
import { isPlain } from "../json.ts";
import { isE164, isJson } from "./envelope.ts";
import { LIMITS } from "./limits.ts";

type Rec = Record<string, unknown>;

/**
 * 1..max UTF-16 code units: surely 1..max code points, as `chars(max)` counts (a code point is 1 or 2 units).
 * @internal
 */
export const fits = (s: unknown, max: number): s is string => typeof s === "string" && s.length >= 1 && s.length <= max;

/**
 * The valid message `input` is, when that is sure without valibot; `undefined` otherwise
 * (valid or not: ask valibot).
 * @internal
 */
export function accept(input: unknown): Message | undefined {
  if (!isPlain(input)) return undefined;
  const m = input;
  const type = m.type;
  const to = m.to;
  if (typeof to !== "string" || !isE164(to)) return undefined;
  if (type === "text")
    return keys(m, TEXT) < 0
      ? undefined
      : sureMessage(to, m.replyTo, m.ref, m.body, m.previewUrl, undefined, undefined);
  if (type !== "buttons" || keys(m, BUTTONS) < 0) return undefined;
  const header = m.header;
  let text: unknown;
  if (header !== undefined) {
    if (!isPlain(header) || keys(header, HEADER) !== 2 || header.type !== "text") return undefined;
    text = header.text;
  }
  const items = m.buttons;
  return sureButtons(items) ? sureMessage(to, m.replyTo, m.ref, m.body, text, m.footer, items) : undefined;
}

/**
 * The valid text (no `items`) or reply-buttons message made of these fields, when every one of
 * them is sure by the schema's limits (`to` is an E.164 number, checked by the caller); `undefined` otherwise. For a text, `extra` is
 * `previewUrl`; for reply buttons, the text header (`items` passed {@link sureButtons} already,
 * and are copied here). The message is fresh, its keys in the schema's order; `ref` goes in as
 * given (valibot's `custom` passes the value itself through). {@link accept} calls it for a message
 * from anywhere, the builder for the message it assembles from its own steps.
 * @internal
 */
export function sureMessage(
  to: string,
  replyTo: unknown,
  ref: unknown,
  body: unknown,
  extra: unknown,
  footer: unknown,
  items?: readonly SureButton[],
): Message | undefined {
  if ((replyTo !== undefined && !fits(replyTo, 256)) || (ref !== undefined && !isJson(ref))) return undefined;
  if (
    items
      ? !fits(body, LIMITS.body) ||
        (extra !== undefined && !fits(extra, LIMITS.header)) ||
        (footer !== undefined && !fits(footer, LIMITS.footer))
      : !fits(body, LIMITS.text) || (extra !== undefined && typeof extra !== "boolean") || footer !== undefined
  )
    return undefined;
  const out: Rec = { to };
  if (replyTo !== undefined) out.replyTo = replyTo;
  if (ref !== undefined) out.ref = ref;
  out.type = items ? "buttons" : "text";
  out.body = body;
  if (!items) {
    if (extra !== undefined) out.previewUrl = extra;
    return out as unknown as Message;
  }
  if (extra !== undefined) out.header = { type: "text", text: extra };
  if (footer !== undefined) out.footer = footer;
  out.buttons = copyButtons(items);
  return out as unknown as Message;
}

/**
 * Counts the keys of `m`, all of which must be in `allowed` and none undefined (valibot keeps
 * an explicit `undefined` as a key of its output: not worth a lane of its own).
 */
function keys(m: Rec, allowed: (key: string) => boolean): number {
  let n = 0;
  for (const k in m) {
    if (!allowed(k) || m[k] === undefined) return -1;
    n++;
  }
  return n;
}

/** Whether code unit `c` is printable ASCII (`!`..`~`), so surely not what `String.prototype.trim` removes. */
const solid = (c: number) => c > 32 && c < 127;

/**
 * `s.trim()`, without the call when `s` starts and ends with printable ASCII (nothing to trim).
 * @internal
 */
export const trim = (s: string): string => (solid(s.charCodeAt(0)) && solid(s.charCodeAt(s.length - 1)) ? s : s.trim());

const envelopeKey = (k: string) => k === "to" || k === "type" || k === "replyTo" || k === "ref";
const TEXT = (k: string) => envelopeKey(k) || k === "body" || k === "previewUrl";
const BUTTONS = (k: string) => envelopeKey(k) || k === "body" || k === "header" || k === "footer" || k === "buttons";
const PAIR = (k: string) => k === "id" || k === "title";
const HEADER = (k: string) => k === "type" || k === "text";

/** A reply button as the lane is sure of it: a plain object with exactly these two keys. @internal */
export type SureButton = { id: string; title: string };

/**
 * Whether `items` are surely valid reply buttons: 1..3 plain objects with exactly an `id` (trimmed,
 * 1..256) and a `title` (1..20), no id or title twice. The builder's `.buttons()` step asks once,
 * when it copies the caller's items; {@link accept} asks for a message from anywhere else.
 * @internal
 */
export function sureButtons(items: unknown): items is SureButton[] {
  if (!Array.isArray(items) || items.length < 1 || items.length > LIMITS.buttons) return false;
  for (let i = 0; i < items.length; i++) {
    const b: unknown = items[i];
    if (!isPlain(b) || keys(b, PAIR) !== 2 || !sureButton(items, i)) return false;
  }
  return true;
}

/**
 * Whether `list[i]`, whose only keys are `id` and `title`, is surely a valid reply button: a
 * trimmed id of 1..256 characters, a title of 1..20, neither one used by `list[0..i-1]`.
 * @internal
 */
export function sureButton(list: readonly { id?: unknown; title?: unknown }[], i: number): boolean {
  const id = list[i]!.id;
  const title = list[i]!.title;
  if (!fits(id, LIMITS.buttonId) || trim(id) !== id || !fits(title, LIMITS.buttonTitle)) return false;
  for (let j = 0; j < i; j++) if (list[j]!.id === id || list[j]!.title === title) return false;
  return true;
}

/** Fresh `{ id, title }` objects, in the schema's key order, for buttons {@link sureButtons} passed. @internal */
export function copyButtons(items: readonly SureButton[]): SureButton[] {
  const n = items.length;
  const list = new Array<SureButton>(n);
  for (let i = 0; i < n; i++) {
    const b = items[i]!;
    list[i] = { id: b.id, title: b.title };
  }
  return list;
}
