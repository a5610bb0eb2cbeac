/**
 * Checks of factory settings, shared by every factory: a bad setting is a `WaError("CONFIG")`
 * that names the factory, the field and the kind of problem, never a `TypeError` later, and
 * never echoes a string value (it could be a key passed in the wrong place). Reading an option
 * whose getter throws is a `CONFIG` error too.
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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Options of {@link checkString}. @internal */
export interface StringRule {
  /** `undefined` passes (returned as is). */
  optional?: boolean;
  /** Longest accepted length in UTF-16 units; default 1 024. */
  max?: number;
  /** What the value must look like, and how to say it: e.g. `[/^\d+$/, "digits only"]`. */
  pattern?: readonly [RegExp, string];
  /** A hint appended to every error about this field. */
  fix?: string;
}

/**
 * A non-empty, well-formed (no lone surrogates) string of at most `max` characters.
 * @throws {WaError} `CONFIG` naming the field and the kind of problem, never the value.
 * @example const id = checkString("bird()", "workspaceId", o.workspaceId)!;
 * @internal
 */
export function checkString(where: string, field: string, value: unknown, rule: StringRule = {}): string | undefined {
  const { optional = false, max = 1024, pattern, fix = "" } = rule;
  if (value === undefined && optional) return undefined;
  if (typeof value !== "string" || value.trim() === "")
    throw configError(
      where,
      field,
      value === undefined ? "is missing" : `must be a non-empty string; received ${kindOf(value)}`,
      fix,
    );
  if (value.length > max)
    throw configError(where, field, `is ${value.length} characters long; at most ${max} are accepted`, fix);
  if (LONE_SURROGATE.test(value))
    throw configError(where, field, "contains a lone surrogate (broken UTF-16 text)", fix);
  if (pattern && !pattern[0].test(value)) throw configError(where, field, `is not ${pattern[1]}`, fix);
  return value;
}

/**
 * A credential that goes into an HTTP header: a non-empty string of printable ASCII (what a
 * header can carry), at most 16 384 characters; returned trimmed.
 * @throws {WaError} `CONFIG` naming the field and the kind of problem, never the value.
 * @example const key = checkSecret("bird()", "accessKey", o.accessKey, "Copy it from Bird's settings.");
 * @internal
 */
export function checkSecret(where: string, field: string, value: unknown, fix = ""): string {
  const text = checkString(where, field, value, { max: 16_384, fix })!.trim();
  if (!/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(text))
    throw configError(
      where,
      field,
      "contains characters an HTTP header cannot carry (line breaks, tabs or non-ASCII)",
      fix,
    );
  return text;
}

/**
 * A base URL: an absolute `http:` or `https:` URL without credentials, query or fragment,
 * returned as fetch will request it (host lower-cased, default port, dot segments and
 * whitespace dropped, other characters escaped: the WHATWG URL's `href`) and without trailing
 * slashes, so that a path of canonical segments appended to it is exactly the URL fetched;
 * `fallback` when `value` is `undefined`.
 * @throws {WaError} `CONFIG` naming the field and the kind of problem, never the value.
 * @example const base = checkBaseUrl("bird()", "baseUrl", o.baseUrl, "https://api.bird.com");
 * @internal
 */
export function checkBaseUrl(where: string, field: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  const fix = `Pass an absolute URL like "${fallback}", or leave it out.`;
  const text = checkString(where, field, value, { max: 2048, fix })!.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw configError(where, field, "is not an absolute URL", fix);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw configError(where, field, "must use http: or https:", fix);
  if (url.username !== "" || url.password !== "")
    throw configError(
      where,
      field,
      "carries a user name or password; fetch refuses such URLs",
      "Pass credentials through the provider's own settings.",
    );
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(text))
    throw configError(where, field, "has a query or fragment; the request path is appended to it", fix);
  // Trailing slashes dropped by a loop: `/\/+$/` is quadratic on a run of slashes not at the end.
  const href = url.href;
  let end = href.length;
  while (end > 0 && href[end - 1] === "/") end--;
  return href.slice(0, end);
}

/** Options of {@link checkNumber}. @internal */
export interface NumberRule {
  /** Smallest accepted value; default 0. */
  min?: number;
  /** Largest accepted value; default `Number.MAX_SAFE_INTEGER`. */
  max?: number;
  /** Whether only whole numbers pass; default true. */
  integer?: boolean;
  /** Whether `Infinity` passes (e.g. "no limit"); default false. */
  infinite?: boolean;
  /** What the number counts, for the message: `"milliseconds"`, `"retries"`, … */
  unit?: string;
}

/**
 * A number within `[min, max]` (whole unless `integer: false`), or `undefined` when not given.
 * Catches what `Number(env.X)` gives for a missing variable (`NaN`).
 * @throws {WaError} `CONFIG` naming the field, the accepted range and the kind of value received.
 * @example const timeout = checkNumber("whatsapp()", "timeout", o.timeout, { min: 1, integer: false, unit: "milliseconds" });
 * @internal
 */
export function checkNumber(where: string, field: string, value: unknown, rule: NumberRule = {}): number | undefined {
  if (value === undefined) return undefined;
  const { min = 0, max = Number.MAX_SAFE_INTEGER, integer = true, infinite = false, unit = "" } = rule;
  const ok =
    typeof value === "number" &&
    !Number.isNaN(value) &&
    ((infinite && value === Infinity) ||
      (Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max));
  if (!ok) {
    const range = `${integer ? "a whole number" : "a number"}${unit ? ` of ${unit}` : ""} from ${min} to ${infinite ? "Infinity" : max}`;
    throw configError(where, field, `must be ${range}; received ${kindOf(value)}`);
  }
  return value as number;
}

/** The rule of {@link numberOption}: a range with a unit. @internal */
export interface RangeRule {
  /** Smallest allowed value. */
  min: number;
  /** Largest allowed value. Default: any finite number. */
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** What the value means, for the message, e.g. `"sends in flight"`. */
  unit: string;
}

/**
 * The value of a numeric setting (`concurrency`, `rateLimit`, `maxAttempts`, …) made when a queue
 * consumer is created or a bulk send starts, or `fallback` when it is `undefined`.
 * @throws {WaError} `CONFIG` naming `where`, the option and the kind of value received.
 * @internal
 */
export function numberOption(where: string, name: string, value: unknown, rule: RangeRule, fallback: number): number;
export function numberOption(where: string, name: string, value: unknown, rule: RangeRule): number | undefined;
export function numberOption(
  where: string,
  name: string,
  value: unknown,
  rule: RangeRule,
  fallback?: number,
): number | undefined {
  if (value === undefined) return fallback;
  const max = rule.max ?? Number.MAX_VALUE;
  if (
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= rule.min &&
    value <= max &&
    (!rule.integer || Number.isInteger(value))
  )
    return value;
  const range = rule.max === undefined ? `≥ ${rule.min}` : `from ${rule.min} to ${rule.max}`;
  throw new WaError(
    "CONFIG",
    `${where}: \`${name}\` must be ${rule.integer ? "a whole number" : "a finite number"} ${range} (${rule.unit}); received ${kindOf(value, true)}.`,
  );
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
 * An array of non-empty strings (e.g. `allowedOrigins`); a lone string is refused rather than
 * read as a list of characters.
 * @throws {WaError} `CONFIG` naming the field (and the item) and the kind of value received.
 * @example const origins = checkStringList("createProxyHandler()", "allowedOrigins", o.allowedOrigins) ?? [];
 * @internal
 */
export function checkStringList(where: string, field: string, value: unknown, max = 1024): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    throw configError(
      where,
      field,
      `must be an array of strings; received ${kindOf(value)}`,
      typeof value === "string"
        ? `Wrap it in brackets: [${field === "allowedOrigins" ? '"https://shop.example"' : "…"}].`
        : "",
    );
  if (value.length > max) throw configError(where, field, `has ${value.length} items; at most ${max} are accepted`);
  return value.map((item, i) => checkString(where, `${field}[${i}]`, item, { max: 2048 })!);
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
