/**
 * Runs the message schema and turns valibot's issues into wafluent {@link Issue}s: a readable
 * path (`buttons[3].title`) in front of a sentence that names the limit and the fix.
 * @module
 */
import * as v from "valibot";
import type { Issue } from "./errors.ts";
import { ValidationError } from "./errors.ts";
import type { Message } from "./message.ts";
import { MessageSchema } from "./schemas/message.ts";

const SIZED = new Set(["max_code_points", "max_length", "min_code_points", "min_length", "max_value", "min_value"]);

/** Renders a valibot path as `a.b[2].c`. @internal */
export function pathOf(path: readonly v.IssuePathItem[] | undefined): string {
  let out = "";
  for (const item of path ?? []) {
    const key = item.key;
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Converts one valibot issue. @internal */
export function toIssue(issue: v.BaseIssue<unknown>): Issue {
  const path = pathOf(issue.path);
  const message = path === "" ? `The message ${issue.message}` : `\`${path}\` ${issue.message}`;
  if (SIZED.has(issue.type) && typeof issue.requirement === "number") {
    const received = Number(issue.received);
    return Number.isFinite(received) ? { path, message, limit: issue.requirement, received } : { path, message };
  }
  return { path, message };
}

/** The result of checking a message without throwing. */
export type Checked = { ok: true; message: Message; issues: [] } | { ok: false; message?: undefined; issues: Issue[] };

/**
 * Checks `input` against every WhatsApp limit and reports every issue, never throwing.
 * @example const r = checkMessage(json); if (!r.ok) show(r.issues);
 */
export function checkMessage(input: unknown): Checked {
  const result = v.safeParse(MessageSchema, input, { abortEarly: false });
  if (result.success) return { ok: true, message: result.output as Message, issues: [] };
  return { ok: false, issues: result.issues.map(toIssue) };
}

/**
 * Validates `input` as a neutral {@link Message} and returns it.
 * @throws {ValidationError} `VALIDATION` listing every issue, with paths and fixes.
 * @example const message = validateMessage(JSON.parse(body)); // e.g. in a proxy
 */
export function validateMessage(input: unknown): Message {
  const r = checkMessage(input);
  if (!r.ok) throw new ValidationError(r.issues);
  return r.message;
}
