/**
 * The run-time check of a template send against its definitions: reached only through the
 * object `defineTemplates()` returns, so an app that passes no definitions ships none of it.
 * @module
 */
import type { Issue } from "../../core/errors.ts";
import type { TemplateDefinition } from "./model.ts";

/** Edit distance between `a` and `b` (names are short: a 2-row table). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** Up to `max` of `names`, closest to `name` first (ties by name), as `` `a`, `b` ``. */
export function closest(name: string, names: readonly string[], max = 10): string {
  const sorted = [...names].sort((x, y) => distance(name, x) - distance(name, y) || (x < y ? -1 : x > y ? 1 : 0));
  const shown = sorted.slice(0, max).map((n) => `\`${n}\``);
  return sorted.length > max ? `${shown.join(", ")} and ${sorted.length - max} more` : shown.join(", ");
}

/** `{{1}} and {{2}}`, `{{1}}, {{2}} and {{3}}`. */
function listing(params: readonly string[]): string {
  const p = params.map((x) => `{{${x}}}`);
  return p.length <= 1 ? (p[0] ?? "") : `${p.slice(0, -1).join(", ")} and ${p.at(-1)}`;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** The kind of a neutral template parameter: `text`, `image`, …, or `undefined`. */
const kindOf = (p: unknown): string | undefined =>
  typeof p === "object" && p !== null ? String((p as { type?: unknown }).type) : undefined;

/** The button parameter type each definition button takes, when it takes one. */
function takes(
  b: TemplateDefinition["buttons"] extends readonly (infer B)[] | undefined ? B : never,
): string | undefined {
  if (b.type === "url") return /\{\{/.test(b.url) ? "url" : undefined;
  return b.type === "quickReply" || b.type === "flow" || b.type === "catalog" ? b.type : undefined;
}

/**
 * The issues of a message against the definitions: `[]` when it is no template, or one whose
 * name or options are malformed (validation words those).
 * @internal
 */
export function checkTemplate(
  defs: Readonly<Record<string, Readonly<Record<string, TemplateDefinition>>>>,
  message: unknown,
): Issue[] {
  const m = message as { type?: unknown; template?: Record<string, unknown> } | null;
  const t = m?.type === "template" ? m.template : undefined;
  if (typeof t !== "object" || t === null || typeof t.name !== "string" || typeof t.language !== "string") return [];
  const { name, language } = t;
  const languages = Object.hasOwn(defs, name) ? defs[name]! : undefined;
  if (!languages)
    return [
      {
        path: "template.name",
        message: `No template \`${name}\` in the definitions passed to whatsapp({ templates }); known (closest first): ${closest(
          name,
          Object.keys(defs),
        )}. Check the name, or run \`wafluent templates pull\` if it was approved since.`,
      },
    ];
  const def = Object.hasOwn(languages, language) ? languages[language]! : undefined;
  if (!def)
    return [
      {
        path: "template.language",
        message: `Template \`${name}\` has no \`${language}\` translation; its languages: ${Object.keys(languages).join(", ")}.`,
      },
    ];
  const issues: Issue[] = [];
  const head = `\`${name}\` (${language})`;
  const expected = def.body.params;
  const body = Array.isArray(t.body) ? t.body : [];
  const variables = typeof t.variables === "object" && t.variables !== null ? Object.keys(t.variables) : undefined;
  if (def.parameterFormat === "positional") {
    if (body.length !== expected.length)
      issues.push({
        path: "template.params",
        message:
          expected.length === 0
            ? `${head} body has no parameters; received ${body.length}. Drop \`params\`.`
            : `${head} body has ${plural(expected.length, "parameter")}, ${listing(expected)}; received ${body.length}.`,
        limit: expected.length,
        received: body.length,
      });
    if (variables)
      issues.push({
        path: "template.variables",
        message: `${head} uses positional parameters ({{1}}, {{2}}, …): pass them as \`params\`, not \`variables\`.`,
      });
  } else {
    if (body.length > 0)
      issues.push({
        path: "template.params",
        message: `${head} uses named parameters: pass \`variables: { ${expected.join(", ")} }\`, not \`params\`.`,
      });
    const given = variables ?? [];
    const missing = expected.filter((k) => !given.includes(k));
    const unknown = given.filter((k) => !expected.includes(k));
    if (missing.length > 0 || unknown.length > 0)
      issues.push({
        path: "template.variables",
        message: `${head} body has the variables ${expected.map((k) => `{{${k}}}`).join(", ") || "(none)"}; ${[
          missing.length ? `missing ${missing.join(", ")}` : "",
          unknown.length ? `unknown ${unknown.join(", ")}` : "",
        ]
          .filter(Boolean)
          .join("; ")}.`,
      });
  }
  // The header parameter: its kind must be the header's.
  const header = Array.isArray(t.header) ? t.header : [];
  const h = def.header;
  const want = h === undefined || (h.type === "text" && (h.params ?? []).length === 0) ? undefined : h.type;
  if (want === undefined && header.length > 0)
    issues.push({
      path: "template.header",
      message: `${head} has ${h ? "a fixed header" : "no header"}: it takes no header parameter. Drop \`header\`.`,
    });
  else if (want !== undefined && want !== "location" && (header.length !== 1 || kindOf(header[0]) !== want))
    issues.push({
      path: "template.header",
      message: `${head} has a${want === "image" ? "n" : ""} ${want} header: pass \`header\` as ${
        want === "text" ? "its text (a string)" : `{ ${want}: url }`
      }; received ${header.length === 0 ? "none" : (kindOf(header[0]) ?? "a malformed parameter")}.`,
    });
  // Button parameters: each at a button that takes that kind; every dynamic URL has one.
  const defined = def.buttons ?? [];
  const given = Array.isArray(t.buttons) ? (t.buttons as { type?: unknown; index?: unknown }[]) : [];
  for (const [i, b] of given.entries()) {
    const at = typeof b?.index === "number" ? defined[b.index] : undefined;
    if (at === undefined || takes(at) !== b.type)
      issues.push({
        path: `template.buttons[${i}]`,
        message: `${head} button ${String(b?.index)} ${
          at === undefined
            ? "does not exist"
            : `is a ${at.type} button${takes(at) ? ` (takes ${takes(at)})` : " with no parameter"}`
        }; received a ${String(b?.type)} parameter.`,
      });
  }
  defined.forEach((b, index) => {
    if (takes(b) === "url" && !given.some((g) => g?.index === index))
      issues.push({
        path: "template.buttons",
        message: `${head} button ${index} ("${b.type === "url" ? b.text : ""}") is a URL with a placeholder: pass \`buttons: [{ type: "url", index: ${index}, text: suffix }]\`.`,
      });
  });
  return issues;
}
