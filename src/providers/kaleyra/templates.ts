/**
 * Kaleyra's template listing (`GET /v2/{SID}/whatsapp/{WABA_ID}/message_templates` with its
 * `api-key` header) read into definitions: Kaleyra's V2 answers Meta's template objects, which
 * {@link fromCloudApi} reads. Only the `wafluent/cli` entry imports it.
 * @module
 */
import { listAll, templateSource, type TemplateSource, under } from "../../send/templates/listing.ts";
import { metaItems, metaPage } from "../_meta/templates.ts";

const CREDENTIALS = [
  { key: "apiKey", env: "KALEYRA_KEY", secret: true, what: "the API key of the Kaleyra account" },
  { key: "sid", env: "KALEYRA_SID", shape: /^[A-Za-z0-9]+$/, what: "the account SID, letters and digits" },
  { key: "wabaId", env: "KALEYRA_WABA_ID", shape: /^[0-9]+$/, what: "the WhatsApp Business Account id, digits only" },
] as const;

/**
 * Kaleyra as a template source: `KALEYRA_KEY` (the account's API key, sent as `api-key`),
 * `KALEYRA_SID` and `KALEYRA_WABA_ID`; the IN pod by default (`--base-url
 * https://api.eu.kaleyra.io` for the EU pod, `api.ap.kaleyra.io` for SG).
 * @example
 * const { definitions } = await kaleyraTemplates.pull({ apiKey, sid, wabaId }, {});
 */
export const kaleyraTemplates: TemplateSource = templateSource(
  "kaleyra",
  CREDENTIALS,
  "https://api.in.kaleyra.io",
  async ({ apiKey, sid, wabaId }, base, ctx) => {
    const items = await listAll(
      {
        label: "kaleyra",
        base,
        first: under(base, `/v2/${sid}/whatsapp/${wabaId}/message_templates`),
        headers: { "api-key": apiKey, "content-type": "application/json" },
        credential: "API key",
        authHint: "KALEYRA_KEY and KALEYRA_SID (the key must belong to that account and pod)",
        read: metaPage("kaleyra"),
      },
      ctx,
    );
    return metaItems(items, ctx.all, (id) => ({ kaleyra: id }));
  },
);
