/**
 * Template definitions as data: what the provider approved, by name and language, for
 * `whatsapp({ provider, templates })` to check sends against (and type them), and for
 * {@link renderTemplate} to show. Hand-written with {@link defineTemplates}, or pulled.
 * @module
 */
import { ValidationError, WaError } from "../../core/errors.ts";
import { checkTemplate } from "./check.ts";
// The key under which definitions carry their check, read by `whatsapp()`.
import { TEMPLATE_CHECK } from "../provider.ts";

export type {
  TemplateButtonDefinition,
  TemplateDefinition,
  TemplateHeaderDefinition,
  TemplateSpec,
  TemplateSpecs,
} from "./model.ts";
import type { TemplateDefinition, TemplateSpecs } from "./model.ts";

/**
 * Checked definitions: the same tree as given, each language's entry a full
 * {@link TemplateDefinition} (with `name` and `language`), frozen. Pass it as
 * `whatsapp({ provider, templates })`.
 */
export type Templates<D extends TemplateSpecs = TemplateSpecs> = {
  readonly [N in keyof D]: { readonly [L in keyof D[N]]: D[N][L] & { readonly name: N; readonly language: L } };
};

/** `{{name}}` placeholders: word characters between double braces, spaces allowed around. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * The placeholder names in `text`, in order of first appearance, each once.
 * @example placeholders("Hi {{1}}, order {{2}}") // ["1", "2"]
 */
export function placeholders(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

const HEADERS = ["text", "image", "video", "document", "location"];
const BUTTONS = ["quickReply", "url", "phone", "copyCode", "flow", "catalog", "otp"];

/** A CONFIG error about one definition. */
const bad = (where: string, what: string) => new WaError("CONFIG", `defineTemplates(): ${where} ${what}`);

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Whether `list` names exactly the placeholders of `text`, in order. */
function sameParams(list: unknown, text: string): boolean {
  const found = placeholders(text);
  return Array.isArray(list) && list.length === found.length && list.every((p, i) => p === found[i]);
}

/** Checks one definition and copies it with its name and language, frozen. */
/** @internal */
export function definition(name: string, language: string, spec: unknown): TemplateDefinition {
  const where = `\`${name}\` (${language})`;
  if (!isRecord(spec)) throw bad(where, "must be an object with `category`, `parameterFormat` and `body`.");
  if (typeof spec.category !== "string")
    throw bad(where, "needs a `category` string (MARKETING, UTILITY or AUTHENTICATION).");
  if (spec.parameterFormat !== "positional" && spec.parameterFormat !== "named")
    throw bad(where, '`parameterFormat` must be "positional" or "named".');
  const body = spec.body;
  if (!isRecord(body) || typeof body.text !== "string") throw bad(where, "needs `body: { text, params }`.");
  if (!sameParams(body.params, body.text))
    throw bad(
      where,
      `body.params must list the body's placeholders in order: [${placeholders(body.text)
        .map((p) => JSON.stringify(p))
        .join(", ")}].`,
    );
  const format = spec.parameterFormat;
  for (const p of body.params as string[])
    if ((format === "positional") !== /^[0-9]+$/.test(p))
      throw bad(
        where,
        `placeholder {{${p}}} does not fit parameterFormat "${format}" (positional: {{1}}, {{2}}, …; named: {{first_name}}).`,
      );
  if (format === "positional")
    (body.params as string[]).forEach((p, i, all) => {
      if (p !== String(i + 1))
        throw bad(
          where,
          `positional placeholders must be {{1}} to {{${all.length}}} in order; found {{${p}}} at position ${i + 1}.`,
        );
    });
  const header = spec.header;
  if (header !== undefined) {
    if (!isRecord(header) || !HEADERS.includes(header.type as string))
      throw bad(where, `header.type must be one of ${HEADERS.join(", ")}.`);
    if (header.type === "text") {
      if (typeof header.text !== "string") throw bad(where, "a text header needs `text`.");
      if (!sameParams(header.params ?? [], header.text))
        throw bad(where, "header.params must list the header text's placeholders in order.");
    }
  }
  if (spec.footer !== undefined && typeof spec.footer !== "string") throw bad(where, "`footer` must be a string.");
  if (spec.buttons !== undefined) {
    if (!Array.isArray(spec.buttons)) throw bad(where, "`buttons` must be an array.");
    spec.buttons.forEach((b, i) => {
      if (!isRecord(b) || !BUTTONS.includes(b.type as string))
        throw bad(where, `buttons[${i}].type must be one of ${BUTTONS.join(", ")}.`);
      if (b.type === "url" && typeof b.url !== "string") throw bad(where, `buttons[${i}] (url) needs \`url\`.`);
    });
  }
  return deepFreeze(JSON.parse(JSON.stringify({ name, language, ...spec })));
}

function deepFreeze<T>(x: T): T {
  if (typeof x === "object" && x !== null) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

/**
 * Checks template definitions written by hand (or by `wafluent templates pull`) and returns them
 * ready for `whatsapp({ provider, templates })`: each send of `wa.template(name, …)` is then
 * checked against them before any I/O (name, language, parameter count or names, header kind,
 * button parameters), and typed when they were written `as const`.
 * @throws {WaError} `CONFIG` when a definition is malformed: the name, language and field, and the fix.
 * @example
 * import { defineTemplates } from "wafluent/templates";
 * export const templates = defineTemplates({
 *   order_update: {
 *     en_US: {
 *       category: "UTILITY",
 *       parameterFormat: "positional",
 *       body: { text: "Hi {{1}}, order {{2}} has shipped.", params: ["1", "2"] },
 *     },
 *   },
 * } as const);
 */
export function defineTemplates<const D extends TemplateSpecs>(specs: D): Templates<D> {
  if (!isRecord(specs))
    throw new WaError("CONFIG", "defineTemplates() takes an object: template name → language → definition.");
  const out: Record<string, Record<string, TemplateDefinition>> = Object.create(null);
  for (const name of Object.keys(specs)) {
    const languages = specs[name];
    if (!isRecord(languages) || Object.keys(languages).length === 0)
      throw bad(`\`${name}\``, "must map at least one language (e.g. en_US) to its definition.");
    const byLanguage: Record<string, TemplateDefinition> = Object.create(null);
    for (const language of Object.keys(languages))
      byLanguage[language] = definition(name, language, languages[language]);
    out[name] = Object.freeze(byLanguage);
  }
  // whatsapp() reads the check from here: an app that passes no definitions ships none of it.
  Object.defineProperty(out, TEMPLATE_CHECK, {
    value: (message: unknown, strict?: boolean) => {
      const issues = checkTemplate(out, message);
      if (strict && issues.length > 0) throw new ValidationError(issues);
      return issues;
    },
  });
  return Object.freeze(out) as unknown as Templates<D>;
}
