/**
 * Checks of numeric settings (`concurrency`, `rateLimit`, `maxAttempts`, `timeout`, …) made when a
 * queue consumer is created or a bulk send starts, so that `Number(env.UNSET)` (NaN) is a clear
 * `CONFIG` error instead of a consumer that runs no worker. Errors name the option and the kind of
 * value received, never the value itself (a misplaced token must not end up in an error).
 * @module
 */
import { WaError } from "./errors.ts";

/** What kind of value `v` is, in words, without echoing it. @internal */
export function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  switch (typeof v) {
    case "undefined":
      return "undefined";
    case "number":
      if (Number.isNaN(v)) return "NaN (often Number() of an unset or non-numeric environment variable)";
      if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
      if (v < 0) return "a negative number";
      if (!Number.isInteger(v)) return "a fraction";
      return v === 0 ? "0" : "a number out of range";
    case "string":
      return "a string (convert it with Number() and check the result)";
    case "bigint":
      return "a bigint";
    case "boolean":
      return "a boolean";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    default:
      return "an object";
  }
}

/** A numeric setting's rule. @internal */
export interface NumberRule {
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
 * The value of a numeric setting, or `fallback` when it is `undefined`.
 * @throws {WaError} `CONFIG` naming `where`, the option and the kind of value received.
 * @internal
 */
export function numberOption(where: string, name: string, value: unknown, rule: NumberRule, fallback: number): number;
export function numberOption(where: string, name: string, value: unknown, rule: NumberRule): number | undefined;
export function numberOption(where: string, name: string, value: unknown, rule: NumberRule, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const max = rule.max ?? Number.MAX_VALUE;
  if (typeof value === "number" && Number.isFinite(value) && value >= rule.min && value <= max && (!rule.integer || Number.isInteger(value)))
    return value;
  const range = rule.max === undefined ? `≥ ${rule.min}` : `from ${rule.min} to ${rule.max}`;
  throw new WaError(
    "CONFIG",
    `${where}: \`${name}\` must be ${rule.integer ? "a whole number" : "a finite number"} ${range} (${rule.unit}); received ${kindOf(value)}.`,
  );
}

/**
 * A token bucket: `rate` tokens per second, burst of `max(1, rate)`. The one rate limiter of
 * bulk sends and the queue consumer. `take()` resolves when a token is free; takes are served in
 * call order.
 * @internal
 */
export function tokenBucket(rate: number, now: () => number = Date.now, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))) {
  const burst = Math.max(1, rate);
  let tokens = burst;
  let last = now();
  let chain: Promise<void> = Promise.resolve();
  const take = async () => {
    for (;;) {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * rate);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - tokens) / rate) * 1000));
    }
  };
  return (): Promise<void> => (chain = chain.then(take));
}
