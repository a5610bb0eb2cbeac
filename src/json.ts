/**
 * The small object helpers every part of wafluent shares, once: a plain-object check and the
 * removal of `undefined` fields. No dependencies.
 * @module
 */

/**
 * Whether `x` is an object that is not an array (a parsed JSON object, an options bag).
 * @example isObj({ a: 1 }) // true; isObj([1]) // false; isObj(null) // false
 * @internal
 */
export const isObj = (x: unknown): x is Record<string, any> => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Removes the `undefined` fields of `o` in place and returns it, so bodies and events compare and
 * serialise cleanly. Pass a fresh object (a literal).
 * @example clean({ a: 1, b: undefined }) // { a: 1 }
 * @internal
 */
export function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k in o) if (o[k] === undefined) delete o[k];
  return o;
}
