/**
 * Reading settings, shared by every factory and entry: a factory's options read into a plain
 * object, unknown keys refused with the likely misspelling named, and the `CONFIG` error that
 * names the factory, the field and the kind of problem, never a `TypeError` later, and never
 * echoes a string value (it could be a key passed in the wrong place). Reading an option whose
 * getter throws is a `CONFIG` error too. The checks of one setting's value (strings, secrets,
 * URLs, numbers) are in setting-values.ts, for the factories that have such settings.
 * @module
 */
import { isWaError, WaError } from "../core/errors.ts";

/**
 * A `WaError("CONFIG")`: "`where` `field` is `problem`. `fix`".
 * @example throw configError("bird()", "baseUrl", "not an absolute http(s) URL", "Pass e.g. \"https://api.bird.com\".");
 * @internal
 */
export function configError(where: string, field: string, problem: string, fix = ""): WaError {
  return new WaError("CONFIG", `${where} \`${field}\` ${problem}.${fix ? ` ${fix}` : ""}`);
}

/**
 * What kind of value `value` is, for an error message, without echoing a string's content:
 * `"a string"`, `"an empty string"`, `"NaN"`, `"-1"`, `"null"`, `"an array"`, `"a function"`, …
 * Numbers are shown (they are never secrets); strings only by their kind. With `numeric` (the
 * value should have been a number: a count, a size, a rate), a wrong value is described with
 * what usually produced it: `NaN` from `Number()` of an unset variable, a fraction, a negative
 * number, a string to convert.
 * @example kindOf(NaN) // "NaN"
 * @example kindOf(2.5, true) // "a fraction"
 * @internal
 */
export function kindOf(value: unknown, numeric = false): string {
  if (numeric) {
    if (value === undefined) return "undefined";
    if (typeof value === "string") return "a string (convert it with Number() and check the result)";
    if (typeof value === "boolean") return "a boolean";
    if (typeof value === "number") {
      if (Number.isNaN(value)) return "NaN (often Number() of an unset or non-numeric environment variable)";
      if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
      if (value < 0) return "a negative number";
      if (!Number.isInteger(value)) return "a fraction";
      return value === 0 ? "0" : "a number out of range";
    }
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "undefined":
      return "missing";
    case "string":
      return value.trim() === "" ? "an empty string" : "a string";
    case "number":
      return Number.isNaN(value) ? "NaN" : String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return "an object";
    default: // "a bigint", "a symbol", "a function"
      return `a ${typeof value}`;
  }
}

/**
 * Reads `keys` from a factory's options into a plain object, so a getter that throws, or
 * options that are not an object, are a `CONFIG` error instead of a crash later.
 * `undefined` options read as `{}` unless `required`.
 * @throws {WaError} `CONFIG` when `options` is not an object or reading a key throws.
 * @example const o = readOptions("bird()", config, ["accessKey", "baseUrl"], true);
 * @internal
 */
export function readOptions<K extends string>(
  where: string,
  options: unknown,
  keys: readonly K[],
  required = false,
): Partial<Record<K, unknown>> {
  if (options === undefined && !required) return {};
  if (options === null || (typeof options !== "object" && typeof options !== "function") || Array.isArray(options))
    throw new WaError("CONFIG", `${where} takes an options object; received ${kindOf(options)}.`);
  const out: Partial<Record<K, unknown>> = {};
  for (const key of keys) {
    let value: unknown;
    try {
      value = (options as Record<string, unknown>)[key];
    } catch {
      throw configError(where, key, "could not be read (its getter threw)", "Pass plain values.");
    }
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Refuses a key of `options` that is not one of `keys`, so a misspelt setting (`baseURL` for
 * `baseUrl`) is a `CONFIG` error instead of silently ignored: "`baseURL` is not a cloudApi()
 * setting; did you mean `baseUrl`?", with the closest known key (see {@link closest}), else the
 * known keys. When the closest key is in `required` and absent, it says so: "cloudApi()
 * `accessToken` is missing; `accesToken` looks like a misspelling of it." Only own string keys
 * are read (no getter runs); anything but an object passes (the readers refuse it).
 * @throws {WaError} `CONFIG` naming the unknown key and the known one it is closest to.
 * @example refuseUnknown("cloudApi()", options, ["accessToken", "phoneNumberId", "version", "baseUrl"], ["accessToken"]);
 * @internal
 */
export function refuseUnknown(
  where: string,
  options: unknown,
  keys: readonly string[],
  required: readonly string[] = [],
): void {
  const problem = unknownKey(where, options, keys, required);
  if (problem) throw new WaError("CONFIG", problem);
}

/**
 * The sentence {@link refuseUnknown} throws, or `undefined` when every key of `options` is known:
 * for checks that report a `ValidationError` instead (a message's provider options).
 * @example const problem = unknownKey(".options({ bik })", m.options?.bik, ["businessPhoneNumber", "templateId", "type"]);
 * @internal
 */
export function unknownKey(
  where: string,
  options: unknown,
  keys: readonly string[],
  required: readonly string[] = [],
): string | undefined {
  if (options === null || typeof options !== "object") return undefined;
  let given: string[];
  try {
    given = Object.keys(options);
  } catch {
    return `${where} could not list its settings. Pass a plain object.`;
  }
  for (const key of given) {
    if (keys.includes(key)) continue;
    const name = key.length > 40 ? `${key.slice(0, 40)}…` : key;
    const near = closest(key, keys);
    if (near && required.includes(near) && !given.includes(near))
      return `${where} \`${near}\` is missing; \`${name}\` looks like a misspelling of it.`;
    return `\`${name}\` is not ${/^[aeiou]/i.test(where) ? "an" : "a"} ${where} setting; ${near ? `did you mean \`${near}\`?` : `known settings: ${keys.map((k) => `\`${k}\``).join(", ")}.`}`;
  }
  return undefined;
}

/**
 * The one of `keys` that `key` is a likely misspelling of: the same letters in another case, or
 * at most 2 edits away (insert, delete, replace, swap two neighbours; 1 for keys under 6
 * characters, 0 under 3), or `undefined`.
 * @example closest("baseURL", ["accessToken", "baseUrl"]) // "baseUrl"
 * @internal
 */
export function closest(key: string, keys: readonly string[]): string | undefined {
  const a = key.toLowerCase();
  const most = a.length < 3 ? 0 : a.length < 6 ? 1 : 2;
  let best: string | undefined;
  let least = most + 1;
  if (a.length < 64)
    for (const k of keys) {
      const d = distance(a, k.toLowerCase());
      if (d < least) [best, least] = [k, d];
    }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function distance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d[i] = [i];
    for (let j = 1; j <= b.length; j++)
      d[i]![j] =
        i === 0
          ? j
          : Math.min(
              d[i - 1]![j]! + 1,
              d[i]![j - 1]! + 1,
              d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
              i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? d[i - 2]![j - 2]! + 1 : Infinity,
            );
  }
  return d[a.length]![b.length]!;
}

/**
 * A function, or `undefined` when not given and `optional`.
 * @throws {WaError} `CONFIG` naming the field and the kind of value received.
 * @example const fail = checkFunction("sandbox()", "fail", o.fail, true);
 * @internal
 */
export function checkFunction<F>(where: string, field: string, value: unknown, optional = true): F | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== "function") throw configError(where, field, `must be a function; received ${kindOf(value)}`);
  return value as F;
}

/**
 * Runs `read` (the checks and copy of an entry's options) with a getter or Proxy that throws
 * turned into a `CONFIG` error naming `where`, rather than escaping as the caller's own error.
 * @throws {WaError} what `read` throws when it is a WaError, else `CONFIG`.
 * @example const o = readingOptions("createProxyHandler(options)", () => ({ ...options }));
 * @internal
 */
export function readingOptions<T>(where: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (isWaError(e)) throw e;
    throw new WaError(
      "CONFIG",
      `${where}: the options could not be read (a getter or a Proxy that throws); pass a plain object.`,
    );
  }
}
