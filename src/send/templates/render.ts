/**
 * The text a recipient sees for a template and its parameters, for logs, previews and tests.
 * @module
 */
import type { TemplateParamInput } from "../draft-types.ts";
import type { TemplateDefinition } from "./definition.ts";

/** The parameters {@link renderTemplate} fills in: the options of `wa.template()`, without `language`. */
export interface RenderParams {
  /** Positional body parameters, `{{1}}`, `{{2}}`, … */
  params?: readonly TemplateParamInput[];
  /** Named body parameters. */
  variables?: Readonly<Record<string, string | number | boolean>>;
  /** The header parameter. */
  header?: TemplateParamInput;
  /** Button parameters (a URL button's suffix, by `index`, else by position). */
  buttons?: readonly { type: string; index?: number; text?: string }[];
}

/** One `{{name}}` placeholder (as definition.ts reads them). */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** What a parameter shows: its text, a currency's or date's fallback, `[image]` for media. */
function shown(p: unknown): string | undefined {
  if (typeof p === "string" || typeof p === "number" || typeof p === "boolean") return String(p);
  if (typeof p !== "object" || p === null) return undefined;
  const o = p as Record<string, unknown>;
  if (o.type === "text" && typeof o.text === "string") return o.text;
  if (typeof o.fallback === "string") return o.fallback;
  for (const kind of ["image", "video", "document"]) if (kind in o || o.type === kind) return `[${kind}]`;
  return undefined;
}

/** `text` with each placeholder replaced once (a value holding `{{2}}` stays as it is); unknown ones kept. */
function fill(text: string, value: (name: string) => string | undefined): string {
  return text.replace(PLACEHOLDER, (all, name: string) => value(name) ?? all);
}

/**
 * The text the recipient sees: the header (a text header filled in, `[image]`, `[video]`,
 * `[document]` or `[location]` for the others), the body with its parameters, the footer, and
 * one line per button (`[Track] https://example.com/t/ZX-1`), blocks separated by a blank line.
 * A placeholder without a parameter stays as `{{1}}`.
 * @example
 * renderTemplate(templates.order_update.en_US, { params: ["Ana", "A-1"] });
 * // "Hi Ana, order A-1 has shipped."
 */
export function renderTemplate(definition: TemplateDefinition, params: RenderParams = {}): string {
  const blocks: string[] = [];
  const h = definition.header;
  if (h?.type === "text") blocks.push(fill(h.text, () => shown(params.header)));
  else if (h) blocks.push(`[${h.type}]`);
  const body = (name: string): string | undefined =>
    definition.parameterFormat === "named"
      ? params.variables && Object.hasOwn(params.variables, name)
        ? String(params.variables[name])
        : undefined
      : shown(params.params?.[Number(name) - 1]);
  blocks.push(fill(definition.body.text, body));
  if (definition.footer) blocks.push(definition.footer);
  const buttons = (definition.buttons ?? []).map((b, i) => {
    const given = params.buttons?.find((g, at) => (g.index ?? at) === i);
    const label = `[${b.text ?? (b.type === "copyCode" ? "Copy code" : b.type)}]`;
    if (b.type === "url") return `${label} ${fill(b.url, () => given?.text)}`;
    if (b.type === "phone") return `${label} ${b.phone}`;
    return label;
  });
  if (buttons.length > 0) blocks.push(buttons.join("\n"));
  return blocks.join("\n\n");
}
