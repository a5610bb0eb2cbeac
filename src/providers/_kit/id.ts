/**
 * Ids that go into a URL path (`/workspaces/{workspaceId}/…`), checked before any request is
 * built: `encodeURIComponent` leaves `.` and `..` as they are, and the URL parser resolves such
 * a segment, so an unchecked id could send a credential to another endpoint of the same host,
 * and make the compiled URL differ from the one fetched.
 * @module
 */
import { configError } from "../../send/config.ts";
import { ValidationError } from "../../core/errors.ts";

/** What an id must look like, and how to say it: e.g. `[/^\d+$/, "digits only"]`. */
export type IdShape = readonly [pattern: RegExp, description: string];

/** Options of {@link checkId}. */
export interface IdRule {
  /** The provider's documented shape of the id; without one, only the path-safety rules apply. */
  shape?: IdShape;
  /** Where to find the right value, appended to the error. */
  fix: string;
  /** Longest accepted id; default 256. */
  max?: number;
  /** An argument of a call (`VALIDATION`), not a factory setting (`CONFIG`). */
  call?: boolean;
}

/** A UUID: the shape of Bird's workspace, channel, project and contact ids. */
export const UUID_SHAPE: IdShape = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  "a UUID like 123e4567-e89b-12d3-a456-426614174000",
];

// Any character a path segment cannot carry as itself: separators (`/`, `\`), query and
// fragment starts, `%` (an escape the server decodes), whitespace and control characters
// (which the URL parser drops or escapes), lone surrogates. `.` and `..` are refused whole.
const DOTS = /^\.{1,2}$/;
const UNSAFE = /[\s\p{Cc}\p{Cs}/\\?#%]/u;

/**
 * An id that goes into a URL path segment: a string that is not empty, `.` or `..`, has no
 * `/`, `\`, `?`, `#`, `%`, whitespace, control characters or broken UTF-16, is at most `max`
 * characters and, with `shape`, matches the provider's documented shape. Encode it with
 * `encodeURIComponent` when building the URL. The error names the field, the shape and the
 * fix, never the value.
 * @throws {WaError} `CONFIG` for a factory setting; {@link ValidationError} `VALIDATION` (path
 *   `field`) for a call's argument (`call: true`).
 * @example
 * const workspaceId = checkId("bird()", "workspaceId", o.workspaceId, { shape: UUID_SHAPE, fix: "Copy it from Bird's settings." });
 * const url = `${base}/workspaces/${encodeURIComponent(workspaceId)}/messages`;
 */
export function checkId(where: string, field: string, value: unknown, rule: IdRule): string {
  const { shape, fix, max = 256, call = false } = rule;
  let problem: string | undefined;
  let hint = shape ? `Expected ${shape[1]}. ${fix}` : fix;
  if (typeof value !== "string" || value === "")
    problem = value === undefined ? "is missing" : "must be a non-empty string";
  else if (value.length > max) problem = `is ${value.length} characters long; at most ${max} are accepted`;
  else if (DOTS.test(value) || UNSAFE.test(value))
    problem =
      "cannot be a URL path segment (it is `.` or `..`, or has `/`, `\\`, `?`, `#`, `%`, spaces or control characters)";
  else if (shape && !shape[0].test(value)) {
    problem = `is not ${shape[1]}`;
    hint = fix;
  }
  if (problem === undefined) return value as string;
  if (!call) throw configError(where, field, problem, hint);
  throw new ValidationError([{ path: field, message: `${where} \`${field}\` ${problem}. ${hint}` }]);
}
