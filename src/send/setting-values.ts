/**
 * Checks of one setting's value, for the factories that take such settings: non-empty strings,
 * credentials an HTTP header can carry, base URLs, lists of strings, numbers in a range. Each
 * failure is a `WaError("CONFIG")` naming the factory, the field and the kind of problem, never
 * the value.
 * @module
 */
import { WaError } from "../core/errors.ts";
import { configError, kindOf } from "./config.ts";

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

/** The longest delay a timer takes (2^31 − 1 ms, about 24.8 days): a longer timeout fires at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * A whole number of milliseconds from 1 to {@link MAX_TIMEOUT_MS}, or `undefined` when not given:
 * the `timeout` of a bulk send or a queue consumer.
 * @throws {WaError} `CONFIG` naming `where`, the option and the kind of value received.
 * @example timeoutOption("createQueueConsumer()", "timeout", o.timeout, "milliseconds per send");
 * @internal
 */
export function timeoutOption(where: string, name: string, value: unknown, unit: string): number | undefined {
  return numberOption(where, name, value, { min: 1, max: MAX_TIMEOUT_MS, integer: true, unit });
}
