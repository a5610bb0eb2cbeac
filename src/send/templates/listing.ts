/**
 * Reading a provider's template listing page by page: everything the providers' listings share
 * (credential and root checks, bounded reads, 429 retries, auth and other error answers as the
 * library's errors, same-origin paging, which definitions are kept), so that a provider's
 * `templates.ts` states only what differs ({@link templateSource}). Runtime-neutral (only
 * `fetch`); reached only through the providers' `templates.ts`, which only the `wafluent/cli`
 * entry imports.
 * @module
 */
import { ProviderError, WaError } from "../../core/errors.ts";
import { scrubDeep, secretForms } from "../secrets.ts";
import { isObj } from "../../core/json.ts";
import type { TemplateDefinition } from "./model.ts";

export { isObj };

/** `x` when it is a string. */
export const str = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);

/** What a pull found. */
export interface PullResult {
  /** The definitions kept, sorted by name, then language. */
  definitions: TemplateDefinition[];
  /** Templates left out: not approved (without `all`), or with a part wafluent cannot read. */
  skipped: { name: string; language: string; reason: string }[];
}

/** What every provider's pull takes besides its credentials. */
export interface ListingContext {
  /** The API root (a mock, a regional host); each provider has its default. */
  baseUrl?: string;
  /** Keep templates that are not approved too (with their `status`); default: approved only. */
  all?: boolean;
  /** The `fetch` to use; default: the global one. */
  fetch?: typeof globalThis.fetch;
  /** Called after each page with the number of items read so far. */
  onPage?: (page: number, items: number) => void;
}

/** One page of a listing as a provider reads it: its items and the next page's URL, if any. */
export interface ListingPage {
  items: unknown[];
  next?: string;
}

/** How to read one provider's listing. */
export interface Listing {
  /** The provider as errors name it (`cloudApi`, `kaleyra`, `bird`). */
  label: string;
  /** The API root every page must stay on (paging never leaves its origin). */
  base: URL;
  /** The first page. */
  first: string;
  /** The request headers (credentials included: never printed). */
  headers: Record<string, string>;
  /** The credential as a refusal names it (`token`, `API key`, `access key`). */
  credential: string;
  /** What to check when it is refused (`META_TOKEN and that it has …`). */
  authHint: string;
  /** Reads one page's body; throws `PROVIDER_ERROR` when it is not a page. */
  read: (body: unknown, url: string) => ListingPage;
}

/** The most of one listing page read (pages are a few hundred KB at most). */
const PAGE_BYTES = 8 * 1024 * 1024;
/** The most pages followed: 100 000 templates at 100 a page. */
const MAX_PAGES = 1000;
/** Attempts of one page answered 429, and the longest wait between them. */
const ATTEMPTS = 3;
const MAX_WAIT_MS = 30_000;

/** The body of `res` as text, refused over {@link PAGE_BYTES}. */
async function capped(label: string, res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > PAGE_BYTES) {
      await reader.cancel();
      throw new WaError(
        "PROVIDER_ERROR",
        `${label} answered a template page over ${PAGE_BYTES} bytes; refusing to read it.`,
      );
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) all.set(c, (at += c.byteLength) - c.byteLength);
  return new TextDecoder().decode(all);
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The seconds of a `Retry-After: <seconds>` header, when there is one. */
function retryAfter(res: Response): number | undefined {
  const header = res.headers.get("retry-after");
  const seconds = header === null || header.trim() === "" ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/**
 * The provider's own words in an error body: `error.message`, `message`, a string `error`,
 * Infobip's `requestError.serviceException.text` or 360dialog's `meta.developer_message`.
 */
function detail(body: unknown): { message?: string; code?: string | number } {
  const obj = (x: unknown) => (typeof x === "object" && x !== null ? (x as Record<string, unknown>) : undefined);
  const o = obj(body) ?? {};
  const e = obj(o.error);
  const x = obj(obj(o.requestError)?.serviceException);
  const message = [e?.message, o.message, o.error, x?.text, obj(o.meta)?.developer_message].find(
    (m): m is string => typeof m === "string",
  );
  const code = [e?.code, o.code, x?.messageId].find(
    (c): c is string | number => typeof c === "string" || typeof c === "number",
  );
  return { message: message?.slice(0, 300), code };
}

/**
 * A ProviderError from an error answer, naming no credential: every form of the credentials the
 * listing sent (its headers) is replaced in the provider's words and in the raw body, should the
 * provider echo one.
 */
function answerError(listing: Listing, res: Response, answer: unknown): ProviderError {
  const secrets = secretForms(...Object.values(listing.headers));
  const body = scrubDeep(answer, secrets);
  const { message, code } = detail(body);
  return new ProviderError(
    listing.label,
    res.status,
    {
      message:
        res.status === 401 || res.status === 403
          ? `the ${listing.credential} was refused (${message ?? "no detail"}); check ${listing.authHint}.`
          : res.status === 429
            ? "too many requests while listing templates; wait and run it again."
            : (message ?? "the template listing failed."),
      providerCode: code,
      retryAfter: retryAfter(res),
    },
    body,
  );
}

/**
 * Every item of a listing, page after page (only on the origin of `base`, so the credentials go
 * nowhere else). A 429 is tried again up to 3 times (after its `Retry-After`, at most 30 s).
 * @throws {ProviderError} `AUTH` (401/403), `RATE_LIMITED` (429 after the retries) or
 *   `PROVIDER_ERROR` (another error answer, a page over 8 MB, a next page on another origin).
 * @throws {WaError} `NETWORK` when the API cannot be reached (the message names its origin only).
 * @example
 * const items = await listAll(listing, { fetch });
 */
async function listAll(listing: Listing, ctx: ListingContext): Promise<unknown[]> {
  const doFetch = ctx.fetch ?? globalThis.fetch;
  const { label, base } = listing;
  let url: string | undefined = listing.first;
  const seen = new Set<string>();
  const items: unknown[] = [];
  for (let page = 1; url; page++) {
    if (page > MAX_PAGES || seen.has(url))
      throw new WaError("PROVIDER_ERROR", `${label}'s template listing did not end after ${page - 1} pages.`);
    seen.add(url);
    let res: Response;
    for (let attempt = 1; ; attempt++) {
      try {
        res = await doFetch(url, { headers: { ...listing.headers, accept: "application/json" } });
      } catch (e) {
        // The origin only: a next URL may carry a credential in its query.
        throw new WaError(
          "NETWORK",
          `${label} could not be reached at ${base.origin} (${(e as Error)?.name ?? "error"}).`,
          {
            cause: e,
          },
        );
      }
      if (res.status !== 429 || attempt >= ATTEMPTS) break;
      await res.body?.cancel();
      const seconds = retryAfter(res);
      await new Promise((r) =>
        setTimeout(r, Math.min(MAX_WAIT_MS, seconds === undefined ? 1000 * attempt : seconds * 1000)),
      );
    }
    const body = parse(await capped(label, res));
    if (!res.ok) throw answerError(listing, res, body);
    const read = listing.read(body, url);
    items.push(...read.items);
    ctx.onPage?.(page, items.length);
    url = undefined;
    if (read.next !== undefined) {
      let to: URL;
      try {
        to = new URL(read.next, base);
      } catch {
        throw new WaError("PROVIDER_ERROR", `${label} answered a next page that is not a URL.`);
      }
      if (to.origin !== base.origin)
        throw new WaError(
          "PROVIDER_ERROR",
          `${label}'s next page points at another origin than ${base.origin}; not following it (the credentials would go there).`,
        );
      url = to.href;
    }
  }
  return items;
}

/**
 * The API root from `given` or `fallback`, without trailing slashes.
 * @throws {WaError} `CONFIG` when it is not an absolute http(s) URL.
 * @example
 * const base = apiRoot("pullTemplates()", options.baseUrl, "https://api.bird.com");
 */
function apiRoot(who: string, given: string | undefined, fallback: string): URL {
  let base: URL;
  try {
    base = new URL(given ?? fallback);
  } catch {
    throw new WaError("CONFIG", `${who} \`baseUrl\` is not an absolute URL, e.g. ${fallback}.`);
  }
  if (base.protocol !== "https:" && base.protocol !== "http:")
    throw new WaError("CONFIG", `${who} \`baseUrl\` must be an http(s) URL.`);
  // Trailing slashes dropped by a loop (`/\/+$/` backtracks on a run of slashes not at the end).
  let end = base.href.length;
  while (end > 0 && base.href[end - 1] === "/") end--;
  return new URL(base.href.slice(0, end));
}

/** `href` of `base` without a trailing slash, then `path`. */
const under = (base: URL, path: string): string => `${base.href.replace(/\/$/, "")}${path}`;

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
