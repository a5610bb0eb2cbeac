/**
 * The error family. Every failure wafluent reports is a `WaError` with a stable `code`;
 * guards match on `name`, so they work across realms (iframes, workers, duplicated bundles).
 * @module
 */

/** Every error code, once: {@link WaErrorCode} and the proxy's check of relayed errors read it. @internal */
export const WA_ERROR_CODES = [
  "VALIDATION",
  "UNSUPPORTED",
  "PROVIDER_ERROR",
  "RATE_LIMITED",
  "AUTH",
  "WINDOW_CLOSED",
  "TIMEOUT",
  "NETWORK",
  "ABORTED",
  "CONFIG",
  "SOURCE_ERROR",
] as const;

/** Stable machine-readable error codes. Messages may change between versions; codes do not. */
export type WaErrorCode = (typeof WA_ERROR_CODES)[number];

/** One problem found in a message: where, and a sentence that names the limit and the fix. */
export interface Issue {
  /** Dotted path inside the message, e.g. `buttons[3].title`; `""` for the message itself. */
  readonly path: string;
  /** What was wrong, what was expected, what was received, and how to fix it. */
  readonly message: string;
  /** The limit that was broken, when there is one (characters, items). */
  readonly limit?: number;
  /** The size that was received, when a limit was broken. */
  readonly received?: number;
}

/**
 * Base class of every wafluent error.
 * @example
 * try { await wa.text("hi").to("+31612345678"); }
 * catch (e) { if (isWaError(e)) console.log(e.code); }
 */
export class WaError extends Error {
  override name: string = "WaError";
  /** Stable error code, see {@link WaErrorCode}. */
  readonly code: WaErrorCode;

  constructor(code: WaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** A plain, credential-free view of the error for logs (no `cause`, no request). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/**
 * Thrown before any I/O when a message breaks a WhatsApp or provider limit.
 * `issues` lists every problem, not only the first.
 */
export class ValidationError extends WaError {
  override name = "ValidationError" as const;
  /** Every problem found, each with a path and a sentence naming the limit and the fix. */
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    const head = issues.length === 1 ? "Invalid message: " : `Invalid message (${issues.length} issues): `;
    super("VALIDATION", head + issues.map((i) => i.message).join(" "));
    this.issues = issues;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** Thrown before any I/O when the chosen provider cannot express a message kind or feature. */
export class UnsupportedError extends WaError {
  override name = "UnsupportedError" as const;
  /** The provider that cannot express the feature, e.g. `"bird"`. */
  readonly provider: string;
  /** The feature or message kind, e.g. `"reaction"`. */
  readonly feature: string;

  constructor(provider: string, feature: string, hint?: string) {
    super("UNSUPPORTED", `${provider} cannot send ${feature} on WhatsApp.${hint ? " " + hint : ""}`);
    this.provider = provider;
    this.feature = feature;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), provider: this.provider, feature: this.feature };
  }
}

/** What a provider adapter reads from an error answer; the core turns it into a {@link ProviderError}. */
export interface ProviderErrorInfo {
  /** A finer wafluent code than `PROVIDER_ERROR` when the provider's answer allows it. */
  code?: WaErrorCode;
  /** The provider's own error code, e.g. `131047` or `"WA401"`. */
  providerCode?: string | number;
  /** The provider's message, plus what to do about it. */
  message: string;
  /** Whether sending the same message again may succeed. */
  retryable?: boolean;
  /** Seconds to wait before trying again, from the answer's `Retry-After` (or the body). */
  retryAfter?: number;
}

/** The provider answered with an error. `code` stays a wafluent code; `providerCode` is theirs. */
export class ProviderError extends WaError {
  override name = "ProviderError" as const;
  /** Provider name, e.g. `"cloudApi"`. */
  readonly provider: string;
  /** HTTP status of the answer (200 for providers that report failures in a 200 body). */
  readonly status: number;
  /** The provider's own error code, when it sent one. */
  readonly providerCode: string | number | undefined;
  /** Whether sending the same message again may succeed (rate limits, transient faults). */
  readonly retryable: boolean;
  /** Seconds the provider asked to wait before trying again (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;
  /** The provider's answer body as received (parsed JSON, or text). */
  readonly raw: unknown;

  constructor(provider: string, status: number, info: ProviderErrorInfo, raw: unknown, options?: { cause?: unknown }) {
    super(info.code ?? defaultCode(status), `${provider} answered ${status}: ${info.message}`, options);
    this.provider = provider;
    this.status = status;
    this.providerCode = info.providerCode;
    this.retryable = info.retryable ?? (status === 429 || status === 503);
    this.retryAfter = info.retryAfter;
    this.raw = raw;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      provider: this.provider,
      status: this.status,
      providerCode: this.providerCode,
      retryable: this.retryable,
      retryAfter: this.retryAfter,
      raw: this.raw,
    };
  }
}

function defaultCode(status: number): WaErrorCode {
  if (status === 429) return "RATE_LIMITED";
  if (status === 401 || status === 403) return "AUTH";
  return "PROVIDER_ERROR";
}

// BulkError lives in outgoing.ts, next to the bulk send that throws it.
const NAMES = new Set(["WaError", "ValidationError", "UnsupportedError", "ProviderError", "BulkError"]);

/**
 * Whether `e` is a wafluent error, by name and code, so it also works across realms.
 * @example if (isWaError(e) && e.code === "RATE_LIMITED") retryLater();
 */
export function isWaError(e: unknown): e is WaError {
  try {
    return e instanceof Error && NAMES.has(e.name) && typeof (e as WaError).code === "string";
  } catch {
    return false; // a Proxy or getter that throws is no WaError
  }
}

/** Whether `e` is a {@link ValidationError} (cross-realm). */
export function isValidationError(e: unknown): e is ValidationError {
  return isWaError(e) && e.name === "ValidationError";
}

/** Whether `e` is a {@link ProviderError} (cross-realm). */
export function isProviderError(e: unknown): e is ProviderError {
  return isWaError(e) && e.name === "ProviderError";
}

/** Whether `e` is an {@link UnsupportedError} (cross-realm). */
export function isUnsupportedError(e: unknown): e is UnsupportedError {
  return isWaError(e) && e.name === "UnsupportedError";
}
