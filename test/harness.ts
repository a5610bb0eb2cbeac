// One test file, four runtimes: mocha globals under @web/test-runner (Chromium), node:test in
// Node and Deno. Assertions are our own so they load everywhere (node:assert does not in Chromium).
const g = globalThis as any;
const impl = g.describe && g.it ? { describe: g.describe, it: g.it } : await import("node:test");
export const describe: (name: string, fn: () => void) => void = impl.describe;
export const it: (name: string, fn: () => void | Promise<void>) => void = impl.it;

const show = (x: unknown) => {
  try {
    return JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? String(v) : v))?.slice(0, 2000) ?? String(x);
  } catch {
    return String(x);
  }
};

export class AssertionError extends Error {
  override name = "AssertionError";
}

function fail(message: string): never {
  throw new AssertionError(message);
}

export function ok(value: unknown, message = "expected a truthy value"): asserts value {
  if (!value) fail(message);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
  if (!Object.is(actual, expected)) fail(message ?? `expected ${show(expected)}, got ${show(actual)}`);
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => same((a as any)[k], (b as any)[k]));
}

export function deepEqual(actual: unknown, expected: unknown, message?: string): void {
  if (!same(actual, expected))
    fail(message ?? `not deep-equal:\n  actual:   ${show(actual)}\n  expected: ${show(expected)}`);
}

export function match(actual: string, pattern: RegExp, message?: string): void {
  if (typeof actual !== "string" || !pattern.test(actual))
    fail(message ?? `expected ${show(actual)} to match ${pattern}`);
}

export function throws<E = any>(fn: () => unknown, check?: (e: E) => boolean | void, message?: string): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof AssertionError) throw e;
    if (check && check(e as E) === false)
      fail(message ?? `thrown error did not pass the check: ${show(e)} ${(e as Error)?.message}`);
    return e as E;
  }
  return fail(message ?? "expected the function to throw");
}

export async function rejects<E = any>(
  p: PromiseLike<unknown> | (() => PromiseLike<unknown>),
  check?: (e: E) => boolean | void,
  message?: string,
): Promise<E> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    if (e instanceof AssertionError) throw e;
    if (check && check(e as E) === false) fail(message ?? `rejection did not pass the check: ${(e as Error)?.message}`);
    return e as E;
  }
  return fail(message ?? "expected a rejection");
}

// Checks for throws() and rejects(): each names the error it expects, so a TypeError from a bug
// (or any other error) fails the test instead of passing it. Read by name and code, like isWaError,
// so they also hold for errors from a bundle or another realm.
const WA_ERROR_NAMES = ["WaError", "ValidationError", "UnsupportedError", "ProviderError", "BulkError"];

/** A wafluent error with this `code` whose message matches `pattern`, when given. */
export function hasCode(code: string, pattern?: RegExp): (e: unknown) => boolean {
  return (e) =>
    e instanceof Error &&
    WA_ERROR_NAMES.includes(e.name) &&
    (e as { code?: unknown }).code === code &&
    (!pattern || pattern.test(e.message));
}

/** A ValidationError (code VALIDATION) with an issue at `path` whose message matches `pattern`, when given. */
export function issueAt(path: string, pattern?: RegExp): (e: unknown) => boolean {
  return (e) =>
    hasCode("VALIDATION")(e) &&
    (e as Error).name === "ValidationError" &&
    Array.isArray((e as { issues?: unknown }).issues) &&
    (e as { issues: { path: string; message: string }[] }).issues.some(
      (i) => i.path === path && (!pattern || pattern.test(i.message)),
    );
}
