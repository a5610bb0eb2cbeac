/**
 * Runs the message schema and turns valibot's issues into wafluent {@link Issue}s: a readable
 * path (`buttons[3].title`) in front of a sentence that names the limit and the fix.
 * @module
 */
import * as v from "valibot";
import type { Issue } from "./errors.ts";
import { capIssues, MAX_ISSUES, ValidationError } from "./errors.ts";
import { MORE_ISSUES } from "./schemas/interactive.ts";
import type { Message } from "./message.ts";
import { accept } from "./schemas/accept.ts";
import { isBsuid } from "./recipient.ts";
import { built } from "./schemas/lazy.ts";
import { MessageSchema } from "./schemas/message.ts";

/** Renders a valibot path as `a.b[2].c`. @internal */
export function pathOf(path: readonly v.IssuePathItem[] | undefined): string {
  let out = "";
  for (const item of path ?? []) {
    const key = item.key;
    out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Converts one valibot issue. A size issue (too long, too short, too many, out of range: the
 * schemas' `bound` rules, the only ones whose requirement is a number) also gives its limit and
 * the size received.
 * @internal
 */
export function toIssue(issue: v.BaseIssue<unknown>): Issue {
  const path = pathOf(issue.path);
  const message = path === "" ? `The message ${issue.message}` : `\`${path}\` ${issue.message}`;
  if (typeof issue.requirement === "number") {
    const received = Number(issue.received);
    return Number.isFinite(received) ? { path, message, limit: issue.requirement, received } : { path, message };
  }
  return { path, message };
}

/**
 * valibot's issues as wafluent's, at most {@link MAX_ISSUES} (then a last one counting the rest).
 * A rule that stopped reporting at the cap adds one issue whose `expected` is {@link MORE_ISSUES}
 * and `received` the count it did not report: it counts as that many.
 */
function toIssues(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  const out: Issue[] = [];
  let rest = 0;
  for (const issue of issues) {
    if (issue.expected === MORE_ISSUES) rest += Number(issue.received);
    else if (out.length < MAX_ISSUES) out.push(toIssue(issue));
    else rest++;
  }
  if (rest > 0) out.push({ path: "", message: "", more: rest }); // capIssues words it
  return capIssues(out);
}

type AnySchema = v.GenericSchema<unknown, unknown, v.BaseIssue<unknown>>;
let byType: Map<unknown, AnySchema> | undefined;

/**
 * The object schema of each kind, by its `type` literal, read once from `MessageSchema.options`
 * (so kinds added to the variant are picked up without touching this file). `v.variant` walks
 * its options to find the one whose `type` matches on every parse; this looks it up instead.
 * Every option is an object schema with a literal `type` of its own (the variant's types say so,
 * and test/fast-paths.test.ts pins one entry per option); anything else (no table entry, not an
 * object) falls back to the full variant, so its issues stay exactly as they were.
 * @internal
 */
export function kindSchemas(): Map<unknown, AnySchema> {
  return (byType ??= new Map(
    built(MessageSchema).options.map((o) => [o.entries.type.literal, o as unknown as AnySchema]),
  ));
}

/** The object schema of `input`'s kind, or the whole variant (not an object, no kind of that type). */
function schemaFor(input: unknown): AnySchema {
  // Only an object's `type` is read (a function's is not); the table's keys are the kinds' names.
  const type = typeof input === "object" ? (input as { type?: unknown } | null)?.type : undefined;
  return kindSchemas().get(type) ?? (built(MessageSchema) as unknown as AnySchema);
}

/** The result of checking a message without throwing. */
export type Checked = { ok: true; message: Message; issues: [] } | { ok: false; message?: undefined; issues: Issue[] };

/**
 * Checks `input` against every WhatsApp limit and reports every issue, never throwing.
 * @example const r = checkMessage(json); if (!r.ok) show(r.issues);
 */
export function checkMessage(input: unknown): Checked {
  try {
    // Text and plain reply buttons take a fast lane that valibot's verdict is pinned against.
    const sure = accept(input);
    if (sure) return { ok: true, message: sure, issues: [] };
    const result = v.safeParse(schemaFor(input), input, { abortEarly: false });
    if (result.success) return recipientKind(result.output as Message);
    return { ok: false, issues: toIssues(result.issues) };
  } catch {
    return { ok: false, issues: [UNREADABLE] };
  }
}

/**
 * The issue of input that threw while being read (a getter, a Proxy trap) or that no check can
 * walk (nesting deep enough to exhaust the stack): what was thrown is not echoed, it is the
 * caller's value. @internal
 */
export const UNREADABLE: Issue = /* @__PURE__ */ Object.freeze({
  path: "",
  message:
    "The message could not be read: reading it threw (a getter or a Proxy that throws, or nesting too deep to walk). Pass plain data: objects, arrays, strings, numbers and booleans.",
});

/**
 * `toKind` agrees with `to`: `"bsuid"` exactly when `to` is a BSUID (set when left out, so a
 * valid message always says it), `"phone"` or absent for an E.164 number.
 */
function recipientKind(m: Message): Checked {
  const bsuid = isBsuid(m.to);
  if (m.toKind === undefined) return { ok: true, message: bsuid ? { ...m, toKind: "bsuid" } : m, issues: [] };
  if ((m.toKind === "bsuid") === bsuid) return { ok: true, message: m, issues: [] };
  const message = bsuid
    ? '`toKind` is "phone" but `to` is a business-scoped user ID (BSUID); set toKind: "bsuid" or leave it out.'
    : '`toKind` is "bsuid" but `to` is a phone number; set toKind: "phone" or leave it out (a BSUID looks like US.13491208655302741918).';
  return { ok: false, issues: [{ path: "toKind", message }] };
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
