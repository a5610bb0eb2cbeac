/**
 * Meta's template listing shape, which the Cloud API and Kaleyra answer alike: pages of
 * `{ data, paging: { next } }` whose items {@link fromCloudApi} reads. Only the providers'
 * `templates.ts` (reached from the `wafluent/cli` entry) import it.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import { fromCloudApi } from "../../send/templates/cloud-api.ts";
import { keep, type ListingPage, type PullResult, readOne, isObj } from "../../send/templates/listing.ts";

/**
 * Reads one page of Meta's listing (`{ data, paging: { next } }`); Kaleyra answers the same
 * shape.
 * @throws {WaError} `PROVIDER_ERROR` when the body has no `data` list.
 * @example
 * metaPage("cloudApi")({ data: [], paging: {} }); // { items: [], next: undefined }
 */
export const metaPage =
  (label: string) =>
  (body: unknown): ListingPage => {
    const data = isObj(body) ? body.data : undefined;
    if (!Array.isArray(data))
      throw new WaError("PROVIDER_ERROR", `${label} answered a template page without a \`data\` list.`);
    const paging = isObj(body) && isObj(body.paging) ? body.paging : undefined;
    return { items: data, next: typeof paging?.next === "string" ? paging.next : undefined };
  };

/**
 * Meta's listed items read into definitions (each `{ name, language, status, … }` by
 * {@link fromCloudApi}), the provider's id of each under `ids(id)`.
 * @example
 * metaItems(items, false, (id) => ({ cloudApi: id }));
 */
export const metaItems = (
  items: unknown[],
  all: boolean | undefined,
  ids: (id: string) => Record<string, string>,
): PullResult =>
  keep(
    items.map((item) => {
      const o = isObj(item) ? item : {};
      return readOne(String(o.name), String(o.language), String(o.status), all, () => {
        const d = fromCloudApi(item);
        return typeof o.id === "string" ? { ...d, ids: ids(o.id) } : d;
      });
    }),
  );
