/**
 * The Cloud API's template listing (`GET /{WABA_ID}/message_templates`, following
 * `paging.next`) read into definitions. Only the `wafluent/cli` entry imports it: no worker
 * bundle or page gets it.
 * @module
 */
import { listAll, templateSource, type TemplateSource, under } from "../../send/templates/listing.ts";
import { metaItems, metaPage } from "../_meta/templates.ts";

const CREDENTIALS = [
  { key: "token", env: "META_TOKEN", secret: true, what: "a token with whatsapp_business_management" },
  { key: "wabaId", env: "META_WABA_ID", shape: /^[0-9]+$/, what: "the WhatsApp Business Account id, digits only" },
] as const;

/**
 * The Cloud API as a template source: `META_TOKEN` (a token with
 * `whatsapp_business_management`, sent as `Authorization: Bearer …`) and `META_WABA_ID`.
 * @example
 * const { definitions } = await cloudApiTemplates.pull({ token, wabaId }, {});
 */
export const cloudApiTemplates: TemplateSource = templateSource(
  "cloud-api",
  CREDENTIALS,
  "https://graph.facebook.com/v23.0",
  async ({ token, wabaId }, base, ctx) => {
    const fields = "id,name,language,status,category,parameter_format,components";
    const items = await listAll(
      {
        label: "cloudApi",
        base,
        first: under(base, `/${wabaId}/message_templates?fields=${fields}&limit=100`),
        headers: { authorization: `Bearer ${token}` },
        credential: "token",
        authHint: "META_TOKEN and that it has whatsapp_business_management",
        read: metaPage("cloudApi"),
      },
      ctx,
    );
    return metaItems(items, ctx.all, (id) => ({ cloudApi: id }));
  },
);
