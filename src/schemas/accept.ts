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
  const type = input.type;
  if (type === "text") return text(input);
  if (type === "buttons") return buttons(input);
  return undefined;
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

/** Whether `x` is surely a valid `replyTo` when given: a message id of 1..256 characters. @internal */
export const sureReplyTo = (x: unknown): boolean => x === undefined || fits(x, 256);

/** The envelope in the schema's order (to, replyTo, ref); `options` always goes to valibot. */
function envelope(m: Rec): Rec | undefined {
  const to = m.to;
  if (typeof to !== "string" || !isE164(to)) return undefined;
  const out: Rec = { to };
  const replyTo = m.replyTo;
  if (replyTo !== undefined) {
    if (!fits(replyTo, 256)) return undefined;
    out.replyTo = replyTo;
  }
  const ref = m.ref;
  if (ref !== undefined) {
    if (!isJson(ref)) return undefined;
    out.ref = ref; // valibot's `custom` passes the value itself through, so does this
  }
  return out;
}

const envelopeKey = (k: string) => k === "to" || k === "type" || k === "replyTo" || k === "ref";
const TEXT = (k: string) => envelopeKey(k) || k === "body" || k === "previewUrl";

function text(m: Rec): Message | undefined {
  if (keys(m, TEXT) < 0) return undefined;
  const body = m.body;
  const previewUrl = m.previewUrl;
  if (!fits(body, LIMITS.text) || (previewUrl !== undefined && typeof previewUrl !== "boolean")) return undefined;
  const out = envelope(m);
  if (!out) return undefined;
  out.type = "text";
  out.body = body;
  if (previewUrl !== undefined) out.previewUrl = previewUrl;
  return out as unknown as Message;
}

const BUTTONS = (k: string) => envelopeKey(k) || k === "body" || k === "header" || k === "footer" || k === "buttons";
const PAIR = (k: string) => k === "id" || k === "title";
const HEADER = (k: string) => k === "type" || k === "text";

function buttons(m: Rec): Message | undefined {
  if (keys(m, BUTTONS) < 0) return undefined;
  const body = m.body;
  const header = m.header;
  const footer = m.footer;
  const items = m.buttons;
  if (!fits(body, LIMITS.body) || (footer !== undefined && !fits(footer, LIMITS.footer))) return undefined;
  let head: Rec | undefined;
  if (header !== undefined) {
    if (!isPlain(header) || keys(header, HEADER) !== 2) return undefined;
    const t = header.text;
    if (header.type !== "text" || !fits(t, LIMITS.header)) return undefined;
    head = { type: "text", text: t };
  }
  if (!sureButtons(items)) return undefined;
  const out = envelope(m);
  if (!out) return undefined;
  out.type = "buttons";
  out.body = body;
  if (head) out.header = head;
  if (footer !== undefined) out.footer = footer;
  out.buttons = copyButtons(items);
  return out as unknown as Message;
}

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
