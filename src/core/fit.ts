import { capIssues, type Issue } from "./errors.ts";
import type { Kind, Message } from "./message.ts";
import { isObj } from "./json.ts";
import { LIMITS } from "./schemas/limits.ts";
import { checkMessage, UNREADABLE } from "./validate.ts";
import { codePoints, graphemes, truncate } from "./truncate.ts";
import { planFallback, show } from "./buttons-fallback.ts";

export type { Warning } from "./warning.ts";
import type { Warning } from "./warning.ts";

/** What to do with text over its limit: refuse the message (`"error"`, the default) or shorten it (`"truncate"`). */
export type Overflow = "error" | "truncate";

/** Options of `.buttons(items, options)`. */
export interface ButtonsOptions {
  /**
   * `"list"`: when the items cannot be reply buttons (more than 3, or a title over 20 that fits a
   * 24-character list row), send a list message instead, with one section holding a row per item
   * (ids kept). Up to 10 items; a media header cannot go into a list and is refused.
   */
  fallback?: "list";
  /** Label of the button that opens the list when falling back (≤ 20). Default `"Choose"`. */
  label?: string;
}

/** Options of {@link fit} and {@link fitMessage}. */
export interface FitOptions {
  /** `"error"` (default): over-long text is a validation issue. `"truncate"`: it is shortened, with a warning. */
  overflow?: Overflow;
  /** The buttons-to-list fallback, as given to `.buttons(items, options)`. */
  buttons?: ButtonsOptions;
  /**
   * Splits text into user-perceived characters. Defaults to `Intl.Segmenter` where present.
   * @internal tests force the fallback with it
   */
  graphemes?: (text: string) => Iterable<string>;
}

/** What {@link fit} returns. */
export interface Fit {
  /** The input with the policy applied (a new object when anything changed; the input is never mutated). */
  input: unknown;
  /** Every change made: truncations (`path`, `limit`, `received`) and fallbacks. */
  warnings: Warning[];
  /** What the policy itself refuses (e.g. titles that truncation would make identical); validation adds the rest. */
  issues: Issue[];
}

/** What {@link fitMessage} returns: the checked message, its issues and the changes made. Never throws. */
export type Fitted =
  | { ok: true; message: Message; issues: []; warnings: Warning[] }
  | { ok: false; message?: undefined; issues: Issue[]; warnings: Warning[] };

/** The label of the list button when `.buttons(items, { fallback: "list" })` falls back without a `label`. */
export const DEFAULT_LIST_LABEL = "Choose";

type Rec = Record<string, unknown>;

/**
 * What may be shortened, as data: a field's limit, `[spec]` for each item of an array, or a
 * nested spec (with `type`, only for an object of that type). Walked in key order, so warnings
 * come in the order of the message. Anything not named here is never shortened.
 */
type Spec = { [key: string]: number | string | Spec | [Spec] };
let table: Record<Kind, Spec | null> | undefined;
/**
 * The truncatable fields of each kind (`null`: nothing to shorten), keyed by {@link Kind} so a
 * kind added to `KINDS` does not compile until it is decided here. Built on first use: a
 * top-level table reading `LIMITS` would keep the schema chunk (and valibot) in bundles that
 * never fit a message, such as a webhook-only worker (test/node/dist-bundle.test.ts).
 */
function spec(type: unknown): Spec | undefined {
  if (!table) {
    const headed: Spec = { body: LIMITS.body, header: { type: "text", text: LIMITS.header }, footer: LIMITS.footer };
    const media: Spec = { media: [{ caption: LIMITS.caption, altText: LIMITS.altText }] };
    table = {
      text: { body: LIMITS.text },
      image: media,
      video: media,
      document: media,
      location: { location: { name: LIMITS.locationText, address: LIMITS.locationText } },
      locationRequest: { body: LIMITS.body },
      buttons: { ...headed, buttons: [{ title: LIMITS.buttonTitle }] },
      list: {
        ...headed,
        button: LIMITS.listButton,
        sections: [
          { title: LIMITS.sectionTitle, rows: [{ title: LIMITS.rowTitle, description: LIMITS.rowDescription }] },
        ],
      },
      link: { ...headed, link: { text: LIMITS.linkText } },
      // Body, text header and footer only. Product section titles and the flow's CTA label are
      // not shortened (they name things the business chose); they stay validation errors.
      product: headed,
      catalog: headed,
      productList: headed,
      flow: headed,
      // Nothing to shorten: identity data, ids, emoji, a file without caption, or approved
      // template text whose parameters may be codes or amounts.
      contacts: null,
      reaction: null,
      template: null,
      audio: null,
      sticker: null,
    };
  }
  return typeof type === "string" && Object.hasOwn(table, type) ? (table[type as Kind] ?? undefined) : undefined;
}

type Cut = (text: string, limit: number, path: string) => string;

/** Applies `spec` to `o` at `path`, copying only what changes; junk is returned as is. */
function shorten(o: unknown, spec: Spec, path: string, cut: Cut): unknown {
  if (!isObj(o) || (spec.type !== undefined && o.type !== spec.type)) return o;
  let out: Rec | undefined;
  for (const key in spec) {
    const rule = spec[key]!;
    if (key === "type") continue;
    const at = path ? `${path}.${key}` : key;
    const value = o[key];
    let next = value;
    if (typeof rule === "number") {
      if (typeof value === "string") next = cut(value, rule, at);
    } else if (Array.isArray(rule)) {
      if (Array.isArray(value)) {
        let items: unknown[] | undefined;
        value.forEach((item, i) => {
          const changed = shorten(item, rule[0], `${at}[${i}]`, cut);
          if (changed !== item) (items ??= [...value])[i] = changed;
        });
        next = items ?? value;
      }
    } else if (typeof rule === "object") next = shorten(value, rule, at, cut);
    if (next !== value) (out ??= { ...o })[key] = next;
  }
  return out ?? o;
}

const quote = (s: string) => (codePoints(s) <= 60 ? ` to "${s}"` : "");

interface Run extends Fit {
  /** Paths whose schema issues the policy's own issues replace (they say more). */
  replaces: Set<string>;
}

function run(input: unknown, options: FitOptions = {}): Run {
  const warnings: Warning[] = [];
  const issues: Issue[] = [];
  const replaces = new Set<string>();
  const refuse = (issue: Issue, replace = true) => {
    issues.push(issue);
    if (replace) replaces.add(issue.path);
  };
  const opts: Rec = isObj(options) ? (options as Rec) : {};
  let overflow = opts.overflow ?? "error";
  if (overflow !== "error" && overflow !== "truncate") {
    refuse(
      {
        path: "",
        message: `The overflow option is ${show(overflow)}; use "error" (the default: over-long text is refused) or "truncate".`,
      },
      false,
    );
    overflow = "error";
  }
  const split = typeof opts.graphemes === "function" ? (opts.graphemes as (t: string) => Iterable<string>) : graphemes;
  const truncating = overflow === "truncate";
  const b = opts.buttons;
  let fallback = false;
  if (b !== undefined && b !== null) {
    if (!isObj(b))
      refuse(
        {
          path: "",
          message: `The options of .buttons() are ${show(b)}; pass an object like { fallback: "list", label: "Choose" }.`,
        },
        false,
      );
    else if (b.fallback === "list") fallback = true;
    else if (b.fallback !== undefined)
      refuse(
        {
          path: "",
          message: `The buttons fallback is ${show(b.fallback)}; the only fallback is "list" (leave it out to send reply buttons only).`,
        },
        false,
      );
  }
  if (!isObj(input)) return { input, warnings, issues, replaces };

  let m: Rec = input;
  // Original titles by button index, to tell a duplicate made by truncation from one given.
  let choices: { titles: unknown[]; where: "buttons" | "rows" } | undefined;
  if (m.type === "buttons" && Array.isArray(m.buttons))
    choices = { titles: m.buttons.map((x) => (isObj(x) ? x.title : undefined)), where: "buttons" };

  if (fallback && m.type === "buttons") {
    const label = isObj(b) && b.label !== undefined ? b.label : DEFAULT_LIST_LABEL;
    const plan = planFallback(m, truncating, label);
    for (const issue of plan.issues) refuse(issue);
    // Blocked: the reasons say what to fix; "use a list" from the schema would only repeat the wish.
    if (plan.issues.length > 0) replaces.add("buttons");
    if (plan.warning) {
      warnings.push(plan.warning);
      const { buttons, ...rest } = m;
      m = { ...rest, type: "list", button: label, sections: [{ rows: (buttons as Rec[]).map((x) => ({ ...x })) }] };
      choices = { titles: choices!.titles, where: "rows" };
    }
  }

  if (truncating) {
    const fields = spec(m.type);
    if (fields)
      m = shorten(m, fields, "", (text, limit, path) => {
        const received = codePoints(text);
        if (received <= limit) return text;
        const short = truncate(text, limit, split);
        warnings.push({
          path,
          limit,
          received,
          message: `\`${path}\` was ${received} characters; WhatsApp allows at most ${limit}, so it was shortened${quote(short)}.`,
        });
        return short;
      }) as Rec;
  }

  // Never send two choices that look the same: truncation can make distinct titles equal,
  // and a fallback list has no uniqueness rule of its own for row titles.
  if (choices) {
    const now =
      choices.where === "buttons"
        ? m.buttons
        : isObj(m) && Array.isArray(m.sections) && isObj(m.sections[0])
          ? m.sections[0].rows
          : undefined;
    const limit = choices.where === "buttons" ? LIMITS.buttonTitle : LIMITS.rowTitle;
    if (Array.isArray(now)) {
      const seen = new Map<unknown, number>();
      now.forEach((x, j) => {
        const title = isObj(x) ? x.title : undefined;
        if (typeof title !== "string") return;
        const i = seen.get(title);
        if (i === undefined) return void seen.set(title, j);
        const path = `buttons[${j}].title`;
        if (choices.titles[i] !== choices.titles[j])
          refuse({
            path,
            message: `\`${path}\` would read "${title}" once shortened to ${limit} characters, the same as buttons[${i}].title; WhatsApp needs choices that differ. Make them differ within their first ${limit - 1} characters${choices.where === "buttons" ? ', or use .buttons(items, { fallback: "list" }) (rows allow 24)' : ""}.`,
          });
        else if (choices.where === "rows")
          refuse({
            path,
            message: `\`${path}\` repeats buttons[${i}].title ("${title}"); WhatsApp needs a unique title for each. Change one of them.`,
          });
      });
    }
  }
  return { input: m, warnings, issues, replaces };
}

/** Whether the policy is the default one, under which {@link run} can change nothing: overflow "error" and no buttons options. */
function inert(options: FitOptions | undefined): boolean {
  if (options === undefined) return true;
  if (!isObj(options)) return false;
  return (options.overflow === undefined || options.overflow === "error") && options.buttons === undefined;
}

/**
 * Applies the overflow and fallback policy to a neutral message input, without validating it
 * and without mutating it. Most callers want {@link fitMessage}, which also validates.
 *
 * Truncated (with `overflow: "truncate"`), each to its limit: text body (4096), interactive and
 * location-request body (1024), media caption and alt text (1024), header text and footer (60),
 * button title (20), list button label (20), section title (24), row title (24), row description
 * (72), link text (20), location name and address (1000). Never: ids, URLs, phone numbers, file
 * names, contact cards, reactions, template names, languages and parameters. Never throws:
 * junk input comes back unchanged for validation to report.
 * @example
 * const { input, warnings } = fit(json, { overflow: "truncate" });
 */
export function fit(input: unknown, options?: FitOptions): Fit {
  try {
    const { replaces: _, ...out } = run(input, options);
    return out;
  } catch {
    return { input, warnings: [], issues: [UNREADABLE] };
  }
}

/**
 * Applies the overflow and fallback policy, then validates: the same check `.to()` makes, as
 * data. Never throws. A proxy server runs it on what a browser posted, so the server holds the
 * same line as the client.
 * @example
 * const r = fitMessage(await request.json(), { overflow: "truncate" });
 * if (!r.ok) return Response.json({ issues: r.issues }, { status: 400 });
 * // send r.message; report r.warnings
 */
export function fitMessage(input: unknown, options?: FitOptions): Fitted {
  // Under the default policy (nothing to truncate, no fallback) `run` would return the input as
  // is, with no warnings, no issues and nothing to replace (a duplicate title is only its own
  // when text changed): it is skipped.
  let r: Run | undefined;
  try {
    r = inert(options) ? undefined : run(input, options);
  } catch {
    return { ok: false, issues: [UNREADABLE], warnings: [] };
  }
  const checked = checkMessage(r ? r.input : input);
  const schema = checked.ok ? [] : r ? checked.issues.filter((i) => !r.replaces.has(i.path)) : checked.issues;
  const issues = r ? capIssues([...r.issues, ...schema]) : schema;
  const warnings = r ? r.warnings : [];
  if (checked.ok && issues.length === 0) return { ok: true, message: checked.message, issues: [], warnings };
  return { ok: false, issues, warnings };
}
