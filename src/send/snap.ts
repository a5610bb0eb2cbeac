/**
 * How the builder copies what a step is given, so a draft shares nothing with its caller: plain
 * objects and arrays to the depth validation accepts, `__proto__` kept as data, shared and cyclic
 * input copied once per object (linear time).
 * @module
 */
import { isObj, isPlain, setOwn } from "../core/json.ts";
import { sureButton, trim } from "../core/schemas/accept.ts";
import { LIMITS } from "../core/schemas/limits.ts";

/**
 * `m` without its undefined keys (a step can unset one, e.g. previewUrl once text became
 * buttons), in a fresh object: `delete` would leave `m` a slow dictionary-mode object.
 */
export function defined(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in m) if (m[k] !== undefined) setOwn(out, k, m[k]);
  return out;
}

/** Deeper than any message validation accepts (`isJson` stops at 32 levels). */
const SNAP_DEPTH = 40;

/** {@link snap} of a step's argument; a string, number or `undefined` (most of them) without the call. */
export const copy = (x: unknown): unknown => (typeof x === "object" && x !== null ? snap(x, 0) : x);

/**
 * A copy of the arrays and plain objects in `x`, to any depth validation accepts; everything else
 * as is (strings, numbers, class instances, which validation refuses anyway). Deeper input is
 * kept as is below that depth, for validation to refuse; so is a value that throws while being
 * read (a getter, a Proxy trap), for validation to report. Keys are copied as keys, `__proto__`
 * included ({@link setOwn}). The first {@link SNAP_PLAIN} objects are copied as a tree; input
 * with more (shared or cyclic objects: a cycle with two references to itself is 2^40 objects as
 * a tree) is copied again remembering each object, once, so a copy takes time linear in the input.
 */
export function snap(x: unknown, depth: number): unknown {
  if (typeof x !== "object" || x === null) return x;
  left = SNAP_PLAIN;
  try {
    return copyTree(x, depth);
  } catch (e) {
    if (e !== OVER) throw e;
    return copyTree(x, depth, new Map());
  }
}

/** Objects {@link snap} copies as a tree before it copies remembering each object. */
const SNAP_PLAIN = 10_000;
/** Thrown by {@link copyTree} past {@link SNAP_PLAIN} objects; never escapes {@link snap}. */
const OVER: object = {};
/** Objects the current {@link snap} may still copy as a tree. */
let left = 0;

/**
 * The copy {@link snap} makes: as a tree (throwing {@link OVER} past {@link SNAP_PLAIN} objects),
 * or, given `seen`, remembering each object copied, so a shared or cyclic one is copied once.
 */
function copyTree(x: unknown, depth: number, seen?: Map<object, unknown>): unknown {
  if (typeof x !== "object" || x === null || depth > SNAP_DEPTH) return x;
  if (seen?.has(x)) return seen.get(x);
  if (!seen && --left < 0) throw OVER;
  try {
    if (Array.isArray(x)) {
      const out = new Array(x.length);
      seen?.set(x, out);
      for (let i = 0; i < x.length; i++) out[i] = copyTree(x[i], depth + 1, seen);
      return out;
    }
    const proto = Object.getPrototypeOf(x);
    if (proto !== Object.prototype && proto !== null) return x;
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    seen?.set(x, out);
    for (const k in x) setOwn(out, k, copyTree((x as Record<string, unknown>)[k], depth + 1, seen));
    return out;
  } catch (e) {
    if (e === OVER) throw e;
    seen?.set(x, x);
    return x;
  }
}

/**
 * The `.buttons()` step's copy of items that are not surely valid, as the step's value (the rare
 * case pays the wrapper; sure items are the bare array).
 */
export class Unsure {
  readonly items: unknown;
  constructor(items: unknown) {
    this.items = items;
  }
}

/**
 * `.buttons()` items, copied and in full form at once (the hot path: one copy, not a copy at the
 * step and another at `.to()`): `"Yes"` → `{ id: "Yes", title: "Yes" }` as `n.buttons` does, each
 * item object copied one level deep, which is all a valid item holds (an id and a title,
 * strings); deeper values are refused by validation whatever happens to them. In the same pass,
 * the items are checked as the fast lane checks them ({@link sureButton}): when all of them
 * pass, each is a fresh `{ id, title }`; otherwise they come back wrapped in {@link Unsure}.
 */
export function snapItems(x: unknown): unknown {
  try {
    return copyItems(x);
  } catch {
    return new Unsure(x); // an item threw while being read (a getter, a Proxy): validation reports it
  }
}

/** {@link snapItems} without the guard. */
function copyItems(x: unknown): unknown {
  if (!Array.isArray(x)) return new Unsure(snap(x, 0));
  const n = x.length;
  const out = new Array(n);
  let sure = n >= 1 && n <= LIMITS.buttons;
  for (let i = 0; i < n; i++) {
    const b = x[i];
    let pair = typeof b === "string";
    if (pair) out[i] = { id: trim(b), title: b };
    // `constructor` first: a cheap read that settles the usual object literal.
    else if (isObj(b) && (b.constructor === Object || isPlain(b))) {
      pair = true;
      for (const k in b) if (k !== "id" && k !== "title") pair = false;
      const title = b.title;
      const id = b.id === undefined && typeof title === "string" ? trim(title) : b.id;
      // Two strings and nothing else: `{ id, title }` holds what `{ ...b }` would, in the schema's order.
      pair &&= typeof id === "string" && typeof title === "string";
      // Otherwise as before the lane: a plain object copied, anything else as is, for validation to read.
      out[i] = pair
        ? { id, title }
        : !isPlain(b)
          ? b
          : b.id === undefined && typeof title === "string"
            ? { ...b, id }
            : { ...b };
    } else out[i] = snap(b, 1); // a class instance as is, for validation to read
    sure &&= pair && sureButton(out, i);
  }
  return sure ? out : new Unsure(out);
}
