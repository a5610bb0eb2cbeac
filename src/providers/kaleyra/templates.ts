/**
 * Kaleyra's template listing (`GET /v2/{SID}/whatsapp/{WABA_ID}/message_templates` with its
 * `api-key` header) read into definitions: Kaleyra's V2 answers Meta's template objects, which
 * {@link fromCloudApi} reads. Only the `wafluent/cli` entry imports it.
 * @module
 */
import { templateSource, type TemplateSource } from "../../send/templates/listing.ts";
import { metaPage, metaTemplate } from "../_meta/templates.ts";

/**
 * Kaleyra as a template source: `KALEYRA_KEY` (the account's API key, sent as `api-key`),
 * `KALEYRA_SID` and `KALEYRA_WABA_ID`; the IN pod by default (`--base-url
 * https://api.eu.kaleyra.io` for the EU pod, `api.ap.kaleyra.io` for SG).
 * @example
 * const { definitions } = await kaleyraTemplates.pull({ apiKey, sid, wabaId }, {});
 */
export const kaleyraTemplates: TemplateSource = templateSource({
  provider: "kaleyra",
  label: "kaleyra",
  credentials: [
    { key: "apiKey", env: "KALEYRA_KEY", secret: true, what: "the API key of the Kaleyra account" },
    { key: "sid", env: "KALEYRA_SID", shape: /^[A-Za-z0-9]+$/, what: "the account SID, letters and digits" },
    { key: "wabaId", env: "KALEYRA_WABA_ID", shape: /^[0-9]+$/, what: "the WhatsApp Business Account id, digits only" },
  ],
  auth: ({ apiKey }) => ({ "api-key": apiKey, "content-type": "application/json" }),
  refused: ["API key", "KALEYRA_KEY and KALEYRA_SID (the key must belong to that account and pod)"],
  baseUrl: "https://api.in.kaleyra.io",
  first: ({ sid, wabaId }) => `/v2/${sid}/whatsapp/${wabaId}/message_templates`,
  page: metaPage("kaleyra"),
  templates: metaTemplate((id) => ({ kaleyra: id })),
});
