/**
 * The small object helpers every part of wafluent shares, once: the object checks, the removal
 * of `undefined` fields and a JSON parse that does not throw. No dependencies.
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
 * Sets `o[key] = value` as an own data property, `__proto__` included (a plain assignment of
 * `__proto__` would set the prototype, or be ignored for a primitive): a name a caller chose,
 * e.g. a template variable, is kept as given and never reaches a prototype.
 * @example setOwn({}, "__proto__", "x") // { ["__proto__"]: "x" }, prototype unchanged
 * @internal
 */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
