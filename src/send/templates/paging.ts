/**
 * Reading a template listing's pages over HTTP: bounded reads, 429 retries, auth and other error
 * answers as the library's errors with no credential in them, same-origin paging, and the API
 * root a listing is read under. {@link templateSource} (listing.ts) is its one user.
 * @module
 */
import { ProviderError, WaError } from "../../core/errors.ts";
import { scrubDeep, secretForms } from "../secrets.ts";

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
export async function listAll(listing: Listing, ctx: ListingContext): Promise<unknown[]> {
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
export function apiRoot(who: string, given: string | undefined, fallback: string): URL {
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

/** `href` of `base` without a trailing slash, then `path`. @internal */
export const under = (base: URL, path: string): string => `${base.href.replace(/\/$/, "")}${path}`;
