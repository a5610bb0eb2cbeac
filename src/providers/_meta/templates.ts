/**
 * Meta's template listing shape, which the Cloud API and Kaleyra answer alike: pages of
 * `{ data, paging: { next } }` whose items {@link fromCloudApi} reads (360dialog's items too). Only the providers'
 * `templates.ts` (reached from the `wafluent/cli` entry) import it.
 * @module
 */
import { WaError } from "../../core/errors.ts";
import { fromCloudApi } from "../../send/templates/cloud-api.ts";
import { isObj, type Listed, type ListingPage } from "../../send/templates/listing.ts";

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
 * One of Meta's listed items (`{ id, name, language, status, … }`) as a listed template, read by
 * {@link fromCloudApi}, the provider's id of it under `ids(id)`.
 * @example
 * templateSource({ …, templates: metaTemplate((id) => ({ cloudApi: id })) });
 */
export const metaTemplate =
  (ids: (id: string) => Record<string, string>) =>
  (item: Record<string, unknown>): Listed => ({
    name: String(item.name),
    language: String(item.language),
    status: String(item.status),
    read: () => {
      const d = fromCloudApi(item);
      return typeof item.id === "string" ? { ...d, ids: ids(item.id) } : d;
    },
  });
