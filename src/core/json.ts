/**
 * The small object helpers every part of wafluent shares, once: the object checks, the removal
 * of `undefined` fields, a JSON parse that does not throw and the own-property write every copy
 * of untrusted data uses. No dependencies.
 * @module
 */

/**
 * Whether `x` is an object that is not an array (a parsed JSON object, an options bag).
 * @example isObj({ a: 1 }) // true; isObj([1]) // false; isObj(null) // false
 * @internal
 */
export const isObj = (x: unknown): x is Record<string, any> => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Whether `x` is a plain object: an object literal, or (unless `bare` is false) one made with
 * `Object.create(null)`; not an array, a class instance or a boxed value.
 * @example isPlain({ a: 1 }) // true; isPlain(new Date()) // false; isPlain(Object.create(null), false) // false
 * @internal
 */
export function isPlain(x: unknown, bare = true): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || (bare && proto === null);
}

/**
 * `text` parsed as JSON, or `otherwise` when it is not JSON (the empty string included).
 * @example parseJson('{"a":1}', undefined) // { a: 1 }; parseJson("OK", "OK") // "OK"
 * @internal
 */
export function parseJson(text: string, otherwise: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return otherwise;
  }
}

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

/**
 * Sets `o[key] = value` as an own data property, also when `key` is `"__proto__"`: a plain
 * assignment of that key (which `JSON.parse` makes an own key of untrusted data) would replace
 * the prototype of `o` instead. Every copy of data wafluent did not write goes through here.
 * @throws nothing (for a fresh, extensible `o`)
 * @example setOwn({}, "__proto__", { polluted: true }) // { ["__proto__"]: { polluted: true } }, prototype unchanged
 * @internal
 */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  else o[key] = value;
}
