/**
 * 360dialog's template listing (`GET https://waba-v2.360dialog.io/v1/configs/templates` with the
 * `D360-API-KEY` header, `limit` and `offset` paging) read into definitions: its `waba_templates`
 * are Meta's template objects (with 360dialog's `namespace`). Only the `wafluent/cli` entry imports it.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import { isObj, type ListingPage, templateSource, type TemplateSource } from "../../send/templates/listing.ts";
import { metaTemplate } from "../_meta/templates.ts";

/** Templates asked for per page. */
const LIMIT = 1000;

/**
 * One page: `{ count, offset, total, waba_templates }`; the next page starts at `offset + count`
 * while that is below `total`.
 */
const dialog360Page = (body: unknown, url: string): ListingPage => {
  const items = isObj(body) ? body.waba_templates : undefined;
  if (!Array.isArray(items))
    throw new WaError("PROVIDER_ERROR", "dialog360 answered a template page without a `waba_templates` list.");
  const { offset, total } = body as { offset?: unknown; total?: unknown };
  const from = typeof offset === "number" ? offset : 0;
  if (items.length === 0 || typeof total !== "number" || from + items.length >= total) return { items };
  const next = new URL(url);
  next.searchParams.set("offset", String(from + items.length));
  return { items, next: next.href };
};

/** The Meta reader with 360dialog's ids; statuses in capitals (its older answers spell `approved`). */
const template = metaTemplate((id) => ({ dialog360: id }));

/**
 * 360dialog as a template source: `D360_API_KEY` (sent as `D360-API-KEY`; the key names the
 * WhatsApp number and its account).
 * @example
 * const { definitions } = await dialog360Templates.pull({ apiKey }, {});
 */
export const dialog360Templates: TemplateSource = templateSource({
  provider: "360dialog",
  label: "dialog360",
  credentials: [{ key: "apiKey", env: "D360_API_KEY", secret: true, what: "the API key of the WhatsApp number" }],
  auth: ({ apiKey }) => ({ "D360-API-KEY": apiKey }),
  refused: ["API key", "D360_API_KEY (the number's key from the 360dialog Hub)"],
  baseUrl: "https://waba-v2.360dialog.io",
  first: () => `/v1/configs/templates?limit=${LIMIT}&offset=0`,
  page: dialog360Page,
  templates: (t) => template(typeof t.status === "string" ? { ...t, status: t.status.toUpperCase() } : t),
});
