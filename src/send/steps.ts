/**
 * What each step a draft records does to the message being assembled: one exhaustive switch
 * over {@link StepKey}, so a step key without its case does not compile.
 * @module
 */
import { clean, isObj } from "../core/json.ts";
import * as n from "../core/normalize.ts";
import type { Issue } from "../core/errors.ts";
import { closest, unknownKey } from "./config.ts";
import { Unsure, snap } from "./snap.ts";
import type { KindStep, TemplateOptions } from "./draft-types.ts";
import { PROVIDER_NAMES } from "../core/provider-names.ts";

/**
 * Every step a draft records, by key: the step of each kind ({@link KindStep}: the entry points
 * `text`, `image`, … and the chain methods `buttons`, `list`, …), the kind-less chain methods
 * (`header`, `footer`, …) and `reply` (from `wa.reply(event)`). {@link apply} handles each one
 * in a switch that must be exhaustive: a key added here without its case does not compile
 * (test/node/steps.test.ts pins that), so no step can be dropped silently.
 * @internal
 */
export type StepKey = KindStep | "header" | "footer" | "replyTo" | "ref" | "options" | "reply";

/** The options of a step given none. */
const EMPTY: Readonly<Record<string, any>> = /* @__PURE__ */ Object.freeze({});

/**
 * Applies one step to the message being assembled. Returns `true` when it left an undefined key
 * (`.footer(undefined)`, a link preview unset) for `defined()` to drop.
 */
export function apply(m: Record<string, any>, key: StepKey, value: unknown, extra: unknown): boolean {
  const o = (extra ?? EMPTY) as Record<string, any>;
  switch (key) {
    case "text":
      m.type = "text";
      m.body = value;
      {
        const preview = typeof extra === "object" && extra !== null ? o.previewUrl : extra;
        if (preview === undefined && m.previewUrl === undefined) return value === undefined;
        m.previewUrl = preview;
        return value === undefined || preview === undefined;
      }
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      m.type = key;
      m.media = n.mediaList(value);
      return false;
    case "location":
      m.type = "location";
      m.location =
        typeof value === "object" && value !== null
          ? {
              ...value,
              latitude: n.coordinate((value as any).latitude),
              longitude: n.coordinate((value as any).longitude),
            }
          : value;
      return value === undefined;
    case "reaction":
      m.type = "reaction";
      m.reaction = { messageId: value, emoji: extra };
      return false;
    case "template":
      m.type = "template";
      m.template = clean({
        name: value,
        language: o.language,
        languagePolicy: o.languagePolicy,
        header: n.templateParams(o.header),
        body: n.templateParams(o.params),
        buttons: n.templateButtons(o.buttons),
        variables: o.variables,
      });
      return false;
    case "buttons":
      m.type = "buttons";
      m.buttons = value instanceof Unsure ? value.items : value; // in full form, this draft's own copy (snapItems)
      return noPreview(m) || value === undefined;
    case "list":
      m.type = "list";
      m.button = value;
      m.sections = n.sections(extra);
      return noPreview(m) || value === undefined || extra === undefined;
    case "link":
      m.type = "link";
      m.link = { text: value, url: extra };
      return noPreview(m);
    case "locationRequest":
      m.type = "locationRequest";
      return noPreview(m);
    case "products":
      m.type = "productList";
      m.catalogId = value;
      m.sections = extra;
      return noPreview(m) || value === undefined || extra === undefined;
    case "contacts": // an entry point: no link preview to unset
    case "product":
    case "catalog":
    case "flow":
      m.type = key;
      m[key] = value;
      return noPreview(m) || value === undefined;
    case "header":
      m.header = n.header(value);
      return value === undefined;
    case "options":
      m.options =
        typeof value === "object" && value !== null && !Array.isArray(value) ? { ...m.options, ...value } : value;
      return value === undefined;
    case "reply": // from `wa.reply(event)`: answer the sender unless `.to()` names someone else
      m.replyTo = value;
      m.to ??= n.recipient(extra);
      return value === undefined || m.to === undefined;
    case "footer":
      m.footer = value;
      return value === undefined;
    case "replyTo":
      m.replyTo = value;
      return value === undefined;
    case "ref":
      m.ref = snap(value, 0); // the fast lane passes `ref` through as is
      return value === undefined;
    default:
      return unhandled(key);
  }
}

/** The exhaustiveness check of {@link apply}: a step key without its case is a type error here. */
function unhandled(key: never): never {
  throw new TypeError(`wafluent: no builder step "${String(key)}"`);
}

/**
 * Interactive kinds have no link preview: unset one the text step set (no key is added
 * otherwise). Returns whether it left an undefined key.
 */
function noPreview(m: Record<string, unknown>): boolean {
  if (m.previewUrl === undefined) return false;
  m.previewUrl = undefined;
  return true;
}

/** The keys of `template(name, options)`; another key is a misspelling. */
const TEMPLATE_KEYS = [
  "language",
  "languagePolicy",
  "params",
  "header",
  "buttons",
  "variables",
] satisfies (keyof TemplateOptions)[];

/**
 * The issue of a step given an option it does not know: `text(body, options)`,
 * `template(name, options)` and `.buttons(items, options)` name the key and the closest known
 * one; a `.options()` key close to a provider's name (or `own`, the client's provider) but not
 * equal is a misspelling. `undefined` when there is none, or when reading the value threw (the
 * full path reports that).
 * @internal
 */
export function stepIssue(key: StepKey, value: unknown, extra: unknown, own: string | undefined): Issue | undefined {
  let message: string | undefined;
  if (key === "text") message = unknownKey("text(body, options)", extra, ["previewUrl"]);
  else if (key === "template") message = unknownKey("template(name, options)", extra, TEMPLATE_KEYS, ["language"]);
  else if (key === "buttons") message = unknownKey(".buttons(items, options)", extra, ["fallback", "label"]);
  else if (key === "options" && isObj(value)) {
    // A `.options()` key close to a built-in provider's name (or to the client's provider's) but not
    // equal is a misspelling; other keys are other providers' options.
    const known: readonly string[] = PROVIDER_NAMES;
    const names = own === undefined || known.includes(own) ? known : [...known, own];
    let given: string[];
    try {
      given = Object.keys(value);
    } catch {
      return undefined; // a Proxy that throws: the full path reports the unreadable step
    }
    for (const name of given) {
      const near = closest(name, names);
      if (near !== undefined && near !== name)
        return {
          path: `options.${name.slice(0, 40)}`,
          message: `\`${name.slice(0, 40)}\` is not a provider name in .options(); did you mean \`${near}\`?`,
        };
    }
  }
  return message === undefined ? undefined : { path: key === "text" ? "previewUrl" : key, message };
}
