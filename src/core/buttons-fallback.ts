/**
 * The buttons → list fallback of `.buttons(items, { fallback: "list" })`: whether a buttons message
 * can, and must, be sent as a list, the issues when it cannot, and the warning when it is.
 * fit.ts applies it; kept apart as its own concern.
 * @module
 */
import type { Issue } from "./errors.ts";
import type { Warning } from "./warning.ts";
import { isObj } from "./json.ts";
import { LIMITS } from "./schemas/limits.ts";
import { codePoints } from "./truncate.ts";

type Rec = Record<string, unknown>;

/**
 * Decides whether a buttons message can, and must, become a list; says why not when it cannot.
 * @internal
 */
export function planFallback(m: Rec, truncating: boolean, label: unknown): { warning?: Warning; issues: Issue[] } {
  const items = m.buttons;
  if (!Array.isArray(items) || items.length === 0 || !items.every((x) => isObj(x) && typeof x.title === "string"))
    return { issues: [] };
  const sizes = items.map((x) => codePoints((x as { title: string }).title));
  const longest = Math.max(...sizes);
  const at = sizes.indexOf(longest);
  if (items.length <= LIMITS.buttons && longest <= LIMITS.buttonTitle) return { issues: [] };
  const why =
    items.length > LIMITS.buttons
      ? `WhatsApp allows at most ${LIMITS.buttons} reply buttons and there are ${items.length}`
      : `\`buttons[${at}].title\` is ${longest} characters, over the ${LIMITS.buttonTitle} of a reply button (a list row allows ${LIMITS.rowTitle})`;
  const issues: Issue[] = [];
  if (items.length > LIMITS.rows)
    issues.push({
      path: "buttons",
      message: `\`buttons\` has ${items.length} buttons; even as a list (fallback: "list") WhatsApp allows at most ${LIMITS.rows} rows. Remove choices or send them in two messages.`,
      limit: LIMITS.rows,
      received: items.length,
    });
  items.forEach((x, i) => {
    const id = (x as Rec).id;
    const n = typeof id === "string" ? codePoints(id) : 0;
    if (n > LIMITS.rowId)
      issues.push({
        path: `buttons[${i}].id`,
        message: `\`buttons[${i}].id\` is ${n} characters; a button id may have ${LIMITS.buttonId} but a list row id at most ${LIMITS.rowId} (fallback: "list"). Use a shorter id.`,
        limit: LIMITS.rowId,
        received: n,
      });
  });
  if (!truncating)
    sizes.forEach((n, i) => {
      if (n > LIMITS.rowTitle)
        issues.push({
          path: `buttons[${i}].title`,
          message: `\`buttons[${i}].title\` is ${n} characters; WhatsApp allows at most ${LIMITS.buttonTitle} on a button and ${LIMITS.rowTitle} on a list row (fallback: "list"). Shorten it, or pass overflow: "truncate".`,
          limit: LIMITS.rowTitle,
          received: n,
        });
    });
  const kind = isObj(m.header) ? m.header.type : undefined;
  const media = kind === "image" || kind === "video" || kind === "document";
  // A media header cannot go into a list; when truncation alone can make the buttons fit,
  // keep the buttons (and the header) and let it.
  if (media && truncating && items.length <= LIMITS.buttons && issues.length === 0) return { issues };
  if (media)
    issues.push({
      path: "header",
      message: `\`header\` is ${kind === "image" ? "an" : "a"} ${kind}, but these buttons can only be sent as a list (${why}), and a list message takes a text header only. Use a text header, or send the ${kind} as its own message first.`,
    });
  if (issues.length > 0) return { issues };
  return {
    issues,
    warning: {
      path: "buttons",
      limit: items.length > LIMITS.buttons ? LIMITS.buttons : LIMITS.buttonTitle,
      received: items.length > LIMITS.buttons ? items.length : longest,
      message: `The buttons were sent as a list because ${why}; the list opens with a ${show(label)} button (fallback: "list").`,
    },
  };
}

/** A value as a short text for an error sentence (a string quoted, at most 40 characters). @internal */
export function show(x: unknown): string {
  if (typeof x === "string") return `"${codePoints(x) > 40 ? [...x].slice(0, 40).join("") + "…" : x}"`;
  try {
    // At most 200 values are turned into text (40 characters are shown): an object that refers
    // to another many times would otherwise be written out in full, exponentially.
    let values = 0;
    const few = (_key: string, value: unknown) => {
      if (++values > 200) throw new RangeError("too many values to show");
      return value;
    };
    return String(JSON.stringify(x, few) ?? typeof x).slice(0, 40);
  } catch {
    return typeof x;
  }
}
