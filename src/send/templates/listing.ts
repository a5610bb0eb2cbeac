/**
 * A provider's template listing as a source of definitions: everything the providers' listings
 * share (credential checks, which definitions are kept and how they are sorted; the pages
 * themselves are read by paging.ts), so that a provider's `templates.ts` states only what differs
 * ({@link templateSource}). Runtime-neutral (only
 * `fetch`); reached only through the providers' `templates.ts`, which only the `wafluent/cli`
 * entry imports.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import { apiRoot, type Listing, type ListingContext, type ListingPage, listAll, under } from "./paging.ts";
import { isObj } from "../../core/json.ts";
import type { TemplateDefinition } from "./model.ts";

export { isObj };
export type { ListingContext, ListingPage };

/** `x` when it is a string. */
export const str = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);

/** What a pull found. */
export interface PullResult {
  /** The definitions kept, sorted by name, then language. */
  definitions: TemplateDefinition[];
  /** Templates left out: not approved (without `all`), or with a part wafluent cannot read. */
  skipped: { name: string; language: string; reason: string }[];
}

/**
 * A required credential or id, refused with the environment variable that gives it.
 * @throws {WaError} `CONFIG` when it is missing or does not match `pattern`.
 * @example
 * need("pullTemplates()", "wabaId", "META_WABA_ID", options.wabaId, /^[0-9]+$/, "digits only");
 */
function need(who: string, key: string, env: string, value: unknown, pattern?: RegExp, shape?: string): string {
  if (typeof value !== "string" || value === "" || (pattern && !pattern.test(value)))
    throw new WaError("CONFIG", `${who} needs \`${key}\` (${env})${shape ? `: ${shape}` : ""}.`);
  return value;
}

const order = (a: TemplateDefinition, b: TemplateDefinition) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.language < b.language ? -1 : a.language > b.language ? 1 : 0;

/** One listed template read, or why it is left out. */
type Read = { definition: TemplateDefinition } | { name: string; language: string; reason: string };

/** The definitions read, sorted by name and language, and the templates left out. */
function keep(read: readonly Read[]): PullResult {
  const definitions: TemplateDefinition[] = [];
  const skipped: PullResult["skipped"] = [];
  for (const r of read) "reason" in r ? skipped.push(r) : definitions.push(r.definition);
  return { definitions: definitions.sort(order), skipped };
}

/**
 * One listed template: left out when it is not approved (unless `all`), else read; a `WaError`
 * from its reading (a part wafluent cannot read) leaves it out with that reason.
 */
function readOne({ name, language, status, read }: Listed, all: boolean | undefined): Read {
  if (!all && status !== "APPROVED") return { name, language, reason: `status ${status}` };
  try {
    return { definition: read() };
  } catch (e) {
    if (!(e instanceof WaError)) throw e;
    return { name, language, reason: e.message };
  }
}

/** One listed template as a provider finds it, before the pull keeps it or leaves it out. */
export interface Listed {
  /** The name `wa.template()` sends (a Content SID, a project id for some providers). */
  name: string;
  language: string;
  /** The status in Meta's words (`APPROVED`, `PENDING`, …): only `APPROVED` is kept without `all`. */
  status: string;
  /** Its definition; throws a `WaError` (`UNSUPPORTED`) for a part wafluent cannot read. */
  read: () => TemplateDefinition;
}

/** One credential or id a pull takes: its option key and the environment variable that gives it. */
export interface SourceCredential {
  /** The option key (`token`, `wabaId`); its flag is the environment variable in kebab case. */
  key: string;
  /** The environment variable (`META_TOKEN`): its kebab-case flag is `--meta-token`. */
  env: string;
  /** A secret: never printed (a pull replaces it in everything it prints). */
  secret?: boolean;
  /** What it is, for the error when it is missing or malformed ("the account SID, letters and digits"). */
  what?: string;
  /** The shape it must have; any non-empty string when absent. */
  shape?: RegExp;
  /** Checked by the pull itself (Infobip's base URL, which `--base-url` may give instead). */
  optional?: boolean;
}

/** The keys of the required credentials of a list. */
type Needed<C extends readonly SourceCredential[]> = Exclude<C[number], { optional: true }>["key"];

/**
 * The required credentials of a pull, each checked by its entry: present, non-empty and of its
 * `shape`, else refused with the environment variable that gives it.
 * @throws {WaError} `CONFIG` naming the first missing or malformed one, its variable and its shape.
 * @example const { token, wabaId } = credentialsOf("pullTemplates()", CREDENTIALS, given);
 */
function credentialsOf<const C extends readonly SourceCredential[]>(
  who: string,
  list: C,
  given: Readonly<Record<string, string | undefined>>,
): { [K in Needed<C>]: string } {
  const out: Record<string, string> = {};
  for (const c of list) if (!c.optional) out[c.key] = need(who, c.key, c.env, given[c.key], c.shape, c.what);
  return out as { [K in Needed<C>]: string };
}

/** A provider's template listing, as the `wafluent templates` command reads it. */
export interface TemplateSource {
  /** The `--provider` name (`cloud-api`, `kaleyra`, `bird`). */
  provider: string;
  /** What the pull needs, in the order the usage lists them. */
  credentials: readonly SourceCredential[];
  /** The default API root (`--base-url` overrides it). */
  baseUrl: string;
  /** Lists the templates and reads them into definitions. */
  pull: (credentials: Readonly<Record<string, string | undefined>>, ctx: ListingContext) => Promise<PullResult>;
}

/** The credentials of a list once checked: each required key, a non-empty string of its shape. */
export type Checked<C extends readonly SourceCredential[]> = { [K in Needed<C>]: string };

/** What one provider's template listing is: only what differs from one provider to the next. */
export interface SourceSpec<C extends readonly SourceCredential[]> {
  /** The `--provider` name (`cloud-api`, `kaleyra`, `bird`). */
  provider: string;
  /** The provider as errors name it (`cloudApi`, `kaleyra`, `bird`). */
  label: string;
  /** What the pull needs, in the order the usage lists them. */
  credentials: C;
  /** The request headers that carry the credentials (never printed). */
  auth: (credentials: Checked<C>) => Record<string, string>;
  /** The credential as a refusal names it and what to check then: `["token", "META_TOKEN and …"]`. */
  refused: readonly [credential: string, hint: string];
  /** The default API root (`--base-url` overrides it); `""` when each account has its own. */
  baseUrl: string;
  /** The path of the first page under the API root. */
  first: (credentials: Checked<C>) => string;
  /** Reads one page's body; throws `PROVIDER_ERROR` when it is not a page. */
  page: (body: unknown, url: string) => ListingPage;
  /**
   * The templates one listed item holds: itself, or (Bird: an item is a project) what `list`
   * finds under another path of the same API with the same headers.
   */
  templates: (
    item: Record<string, any>,
    pull: { credentials: Checked<C>; list: (path: string) => Promise<unknown[]> },
  ) => Listed | Listed[] | Promise<Listed[]>;
}

/**
 * A template source from its description: the pull checks the credentials (see
 * {@link credentialsOf}) and the API root, lists every page from `first` with the `auth` headers
 * (see {@link listAll}), reads each listed object into its templates, and keeps the approved ones
 * (all with `all`), sorted. A source with no default root (`baseUrl: ""`, Infobip: each account has
 * its own host) takes it from `--base-url` or its `baseUrl` credential, and is refused without one.
 * @throws nothing itself; the pull rejects with `CONFIG` for a missing or malformed credential or
 *   root, and as {@link listAll} does.
 * @example
 * export const source = templateSource({ provider: "cloud-api", label: "cloudApi", credentials,
 *   auth: ({ token }) => ({ authorization: `Bearer ${token}` }), refused: ["token", "META_TOKEN"],
 *   baseUrl: "https://graph.facebook.com/v23.0", first: ({ wabaId }) => `/${wabaId}/message_templates`,
 *   page: metaPage("cloudApi"), templates: metaTemplate((id) => ({ cloudApi: id })) });
 */
export function templateSource<const C extends readonly SourceCredential[]>(spec: SourceSpec<C>): TemplateSource {
  const { credentials, baseUrl } = spec;
  return {
    provider: spec.provider,
    credentials,
    baseUrl,
    async pull(given, ctx) {
      const who = "pullTemplates()";
      const checked = credentialsOf(who, credentials, given);
      const root = ctx.baseUrl ?? (given.baseUrl || undefined);
      if (!root && baseUrl === "") {
        const own = credentials.find((c) => c.key === "baseUrl");
        need(who, "baseUrl", `--base-url or ${own?.env ?? "its base URL"}`, root, undefined, own?.what);
      }
      const base = apiRoot(who, root, baseUrl);
      const [credential, authHint] = spec.refused;
      const headers = spec.auth(checked);
      const listing = (path: string): Listing => {
        const first = under(base, path);
        return { label: spec.label, base, first, headers, credential, authHint, read: spec.page };
      };
      const list = (path: string) => listAll(listing(path), { ...ctx, onPage: undefined });
      const found: Read[] = [];
      for (const item of (await listAll(listing(spec.first(checked)), ctx)).filter(isObj)) {
        const templates = await spec.templates(item, { credentials: checked, list });
        for (const t of Array.isArray(templates) ? templates : [templates]) found.push(readOne(t, ctx.all));
      }
      return keep(found);
    },
  };
}
