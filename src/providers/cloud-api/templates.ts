/**
 * The Cloud API's template listing (`GET /{WABA_ID}/message_templates`, following
 * `paging.next`) read into definitions. Only the `wafluent/cli` entry imports it: no worker
 * bundle or page gets it.
 * @module
 */
import { templateSource, type TemplateSource } from "../../send/templates/listing.ts";
import { metaPage, metaTemplate } from "../_meta/templates.ts";

/** The fields asked of each template. */
const FIELDS = "id,name,language,status,category,parameter_format,components";

/**
 * The Cloud API as a template source: `META_TOKEN` (a token with
 * `whatsapp_business_management`, sent as `Authorization: Bearer …`) and `META_WABA_ID`.
 * @example
 * const { definitions } = await cloudApiTemplates.pull({ token, wabaId }, {});
 */
export const cloudApiTemplates: TemplateSource = templateSource({
  provider: "cloud-api",
  label: "cloudApi",
  credentials: [
    { key: "token", env: "META_TOKEN", secret: true, what: "a token with whatsapp_business_management" },
    { key: "wabaId", env: "META_WABA_ID", shape: /^[0-9]+$/, what: "the WhatsApp Business Account id, digits only" },
  ],
  auth: ({ token }) => ({ authorization: `Bearer ${token}` }),
  refused: ["token", "META_TOKEN and that it has whatsapp_business_management"],
  baseUrl: "https://graph.facebook.com/v23.0",
  first: ({ wabaId }) => `/${wabaId}/message_templates?fields=${FIELDS}&limit=100`,
  page: metaPage("cloudApi"),
  templates: metaTemplate((id) => ({ cloudApi: id })),
});
