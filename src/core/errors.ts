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
  "TEMPLATE",
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
  /**
   * Set on the last issue only, when a message has more than {@link MAX_ISSUES} issues: how many
   * were found but not listed. That issue (path `""`) says so; it is not a problem of its own.
   */
  readonly more?: number;
}

/**
 * The most issues listed per message (`ValidationError.issues`, `checkMessage`, `fitMessage`,
 * `check()`): beyond it, one last issue carries the count of the rest in `more`, so a message
 * with 20 000 duplicate rows costs 101 issues, not 20 000.
 * @example
 * const { issues } = checkMessage(input);
 * const unlisted = issues.at(-1)?.more ?? 0; // > 0 only when more than MAX_ISSUES were found
 */
export const MAX_ISSUES = 100;

/**
 * `issues` with at most {@link MAX_ISSUES} listed and, when there were more, a last issue whose
 * `more` counts the rest exactly (an input issue with `more` counts as that many).
 * @internal
 */
export function capIssues(issues: readonly Issue[]): Issue[] {
  let extra = 0;
  let listed = 0;
  for (const i of issues) i.more === undefined ? listed++ : (extra += i.more);
  if (extra === 0 && listed <= MAX_ISSUES) return issues as Issue[];
  const out: Issue[] = [];
  for (const i of issues) if (i.more === undefined && out.length < MAX_ISSUES) out.push(i);
  const more = listed - out.length + extra;
  out.push({
    path: "",
    message: `…and ${more} more issue${more === 1 ? "" : "s"} not listed (only the first ${MAX_ISSUES} are); fix these and check again.`,
    more,
  });
  return out;
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
  /**
   * Every problem found, each with a path and a sentence naming the limit and the fix; at most
   * {@link MAX_ISSUES}, then a last issue whose `more` counts the rest.
   */
  readonly issues: readonly Issue[];
  /** Issues found but not listed in `issues` (beyond {@link MAX_ISSUES}); 0 when all are listed. */
  readonly more: number;

  constructor(issues: readonly Issue[]) {
    const listed = capIssues(issues);
    const more = listed.at(-1)?.more ?? 0;
    const count = listed.length - (more > 0 ? 1 : 0) + more;
    const head = count === 1 ? "Invalid message: " : `Invalid message (${count} issues): `;
    super("VALIDATION", head + listed.map((i) => i.message).join(" "));
    this.issues = listed;
    this.more = more;
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
