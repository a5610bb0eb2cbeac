/**
 * Pulls a provider's approved templates (the Cloud API's `GET /{WABA_ID}/message_templates`,
 * page by page) into definitions, and writes them as a TypeScript module. Runtime-neutral (only
 * `fetch`); the `wafluent templates` command runs it from Node.
 * @module
 */
import { ProviderError, WaError } from "../../core/errors.ts";
import { fromCloudApi } from "./cloud-api.ts";
import type { TemplateDefinition } from "./definition.ts";

/** Options of {@link pullTemplates}. */
export interface PullOptions {
  /** Where to pull from: `"cloud-api"` (Meta's WhatsApp Business Management API). */
  provider: "cloud-api";
  /** A token with `whatsapp_business_management`: sent as `Authorization: Bearer …`, never printed. */
  token: string;
  /** The WhatsApp Business Account id. */
  wabaId: string;
  /** The API root, `https://graph.facebook.com/v23.0` by default (a mock, a proxy). */
  baseUrl?: string;
  /** Keep templates that are not `APPROVED` too (with their `status`); default: approved only. */
  all?: boolean;
  /** The `fetch` to use; default: the global one. */
  fetch?: typeof globalThis.fetch;
  /** Called after each page with the number of templates read so far. */
  onPage?: (page: number, templates: number) => void;
}

/** What {@link pullTemplates} found. */
export interface PullResult {
  /** The definitions kept, sorted by name, then language. */
  definitions: TemplateDefinition[];
  /** Templates left out: not approved (without `all`), or with a part wafluent cannot read. */
  skipped: { name: string; language: string; reason: string }[];
}

/** The most of one listing page read (Meta's pages are a few hundred KB at most). */
const PAGE_BYTES = 8 * 1024 * 1024;
/** The most pages followed: 100 templates a page, 100 000 templates. */
const MAX_PAGES = 1000;
/** Attempts of one page answered 429, and the longest wait between them. */
const ATTEMPTS = 3;
const MAX_WAIT_MS = 30_000;

/** The body of `res` as text, refused over {@link PAGE_BYTES}. */
async function capped(res: Response): Promise<string> {
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
        `cloudApi answered a template page over ${PAGE_BYTES} bytes; refusing to read it.`,
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

/** A ProviderError from an error answer (Meta's `{ error: { message, code } }`), naming no credential. */
function answerError(res: Response, body: unknown): ProviderError {
  const e = (body as { error?: { message?: unknown; code?: unknown } } | null)?.error;
  const seconds = retryAfter(res);
  return new ProviderError(
    "cloudApi",
    res.status,
    {
      message:
        res.status === 401 || res.status === 403
          ? `the token was refused (${typeof e?.message === "string" ? e.message : "no detail"}); check META_TOKEN and that it has whatsapp_business_management.`
          : res.status === 429
            ? "too many requests while listing templates; wait and run it again."
            : typeof e?.message === "string"
              ? e.message
              : "the template listing failed.",
      providerCode: typeof e?.code === "number" || typeof e?.code === "string" ? e.code : undefined,
      retryAfter: seconds,
    },
    body,
  );
}

/**
 * Lists a WhatsApp Business Account's templates, following `paging.next` (only on the same
 * origin as `baseUrl`, so the token goes nowhere else), and reads them into definitions. A 429
 * is tried again up to 3 times (after its `Retry-After`, at most 30 s).
 * @throws {ProviderError} `AUTH` (401/403), `RATE_LIMITED` (429 after the retries) or
 *   `PROVIDER_ERROR` (another error answer, a page over 8 MB, a `next` to another origin).
 * @throws {WaError} `CONFIG` when `token`, `wabaId` or `baseUrl` is missing or malformed;
 *   `NETWORK` when the API cannot be reached (the message names its origin only).
 * @example
 * const { definitions } = await pullTemplates({ provider: "cloud-api", token, wabaId });
 */
export async function pullTemplates(options: PullOptions): Promise<PullResult> {
  const { token, wabaId } = options;
  if (options.provider !== "cloud-api")
    throw new WaError(
      "CONFIG",
      'pullTemplates() `provider` must be "cloud-api" (the only listing wafluent reads yet).',
    );
  if (typeof token !== "string" || token === "")
    throw new WaError(
      "CONFIG",
      "pullTemplates() needs `token` (META_TOKEN): a token with whatsapp_business_management.",
    );
  if (typeof wabaId !== "string" || !/^[0-9]+$/.test(wabaId))
    throw new WaError(
      "CONFIG",
      "pullTemplates() needs `wabaId` (META_WABA_ID): the WhatsApp Business Account id, digits only.",
    );
  let base: URL;
  try {
    base = new URL(options.baseUrl ?? "https://graph.facebook.com/v23.0");
  } catch {
    throw new WaError(
      "CONFIG",
      "pullTemplates() `baseUrl` is not an absolute URL, e.g. https://graph.facebook.com/v23.0.",
    );
  }
  if (base.protocol !== "https:" && base.protocol !== "http:")
    throw new WaError("CONFIG", "pullTemplates() `baseUrl` must be an http(s) URL.");
  const doFetch = options.fetch ?? globalThis.fetch;
  const fields = "id,name,language,status,category,parameter_format,components";
  // Trailing slashes dropped by a loop (`/\/+$/` backtracks on a run of slashes not at the end).
  let end = base.href.length;
  while (end > 0 && base.href[end - 1] === "/") end--;
  let url: string | undefined = `${base.href.slice(0, end)}/${wabaId}/message_templates?fields=${fields}&limit=100`;
  const seen = new Set<string>();
  const items: unknown[] = [];
  for (let page = 1; url; page++) {
    if (page > MAX_PAGES || seen.has(url))
      throw new WaError("PROVIDER_ERROR", `cloudApi's template listing did not end after ${page - 1} pages.`);
    seen.add(url);
    let res: Response;
    for (let attempt = 1; ; attempt++) {
      try {
        res = await doFetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
      } catch (e) {
        // The origin only: a `next` URL may carry the token in its query.
        throw new WaError(
          "NETWORK",
          `cloudApi could not be reached at ${base.origin} (${(e as Error)?.name ?? "error"}).`,
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
    const body = parse(await capped(res));
    if (!res.ok) throw answerError(res, body);
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data))
      throw new WaError("PROVIDER_ERROR", "cloudApi answered a template page without a `data` list.");
    items.push(...data);
    options.onPage?.(page, items.length);
    const next = (body as { paging?: { next?: unknown } }).paging?.next;
    url = undefined;
    if (typeof next === "string") {
      let to: URL;
      try {
        to = new URL(next);
      } catch {
        throw new WaError("PROVIDER_ERROR", "cloudApi answered a `paging.next` that is not a URL.");
      }
      if (to.origin !== base.origin)
        throw new WaError(
          "PROVIDER_ERROR",
          `cloudApi's \`paging.next\` points at another origin than ${base.origin}; not following it (the token would go there).`,
        );
      url = to.href;
    }
  }
  const definitions: TemplateDefinition[] = [];
  const skipped: PullResult["skipped"] = [];
  for (const item of items) {
    const o = item as { name?: unknown; language?: unknown; status?: unknown };
    const name = String(o?.name);
    const language = String(o?.language);
    if (!options.all && o?.status !== "APPROVED") {
      skipped.push({ name, language, reason: `status ${String(o?.status)}` });
      continue;
    }
    try {
      definitions.push(fromCloudApi(item));
    } catch (e) {
      if (!(e instanceof WaError)) throw e;
      skipped.push({ name, language, reason: e.message });
    }
  }
  const order = (a: TemplateDefinition, b: TemplateDefinition) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.language < b.language ? -1 : a.language > b.language ? 1 : 0;
  return { definitions: definitions.sort(order), skipped };
}

/**
 * A key as TypeScript writes it: bare when it is an identifier; `__proto__` computed, since
 * `__proto__: x` and `"__proto__": x` in an object literal set its prototype instead.
 */
const key = (k: string) => (k === "__proto__" ? '["__proto__"]' : /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

/** `x` as formatted TypeScript, two-space indented, keys in the order given. */
function literal(x: unknown, indent: string): string {
  if (Array.isArray(x)) {
    if (x.length === 0) return "[]";
    if (x.every((v) => typeof v !== "object" || v === null)) {
      const flat = `[${x.map((v) => JSON.stringify(v)).join(", ")}]`;
      if (flat.length <= 80) return flat;
    }
    const inner = `${indent}  `;
    return `[\n${x.map((v) => `${inner}${literal(v, inner)},`).join("\n")}\n${indent}]`;
  }
  if (typeof x === "object" && x !== null) {
    const entries = Object.entries(x).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)},`).join("\n")}\n${indent}}`;
  }
  return JSON.stringify(x);
}

/** The fields of a definition in the order the module lists them. */
const FIELDS = ["category", "status", "parameterFormat", "header", "body", "footer", "buttons", "ids"] as const;

/**
 * The TypeScript module `wafluent templates pull` writes: the definitions, sorted by name and
 * language, in `defineTemplates({…} as const)`, exported as `templates` and as default. The same
 * definitions always give the same text (no timestamp), so it can be checked in CI.
 * @example
 * const text = templatesModule(definitions, "cloud-api");
 */
export function templatesModule(definitions: readonly TemplateDefinition[], provider: string): string {
  const tree: Record<string, Record<string, Record<string, unknown>>> = Object.create(null);
  const sorted = [...definitions].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.language < b.language ? -1 : a.language > b.language ? 1 : 0,
  );
  for (const d of sorted) {
    const spec: Record<string, unknown> = {};
    for (const f of FIELDS) spec[f] = d[f];
    (tree[d.name] ??= Object.create(null))[d.language] = spec;
  }
  return [
    `// Generated by \`wafluent templates pull --provider ${provider}\`: do not edit, pull again.`,
    'import { defineTemplates } from "wafluent/templates";',
    "",
    `export const templates = defineTemplates(${literal(tree, "")} as const);`,
    "",
    "export default templates;",
    "",
  ].join("\n");
}
