/**
 * The Cloud API's template listing (`GET /{WABA_ID}/message_templates`, following
 * `paging.next`) read into definitions. Only the `wafluent/cli` entry imports it: no worker
 * bundle or page gets it.
 * @module
 */
import { apiRoot, listAll, need, type TemplateSource, under } from "../../send/templates/listing.ts";
import { metaItems, metaPage } from "../_meta/templates.ts";

/**
 * The Cloud API as a template source: `META_TOKEN` (a token with
 * `whatsapp_business_management`, sent as `Authorization: Bearer …`) and `META_WABA_ID`.
 * @example
 * const { definitions } = await cloudApiTemplates.pull({ token, wabaId }, {});
 */
export const cloudApiTemplates: TemplateSource = {
  provider: "cloud-api",
  credentials: [
    { key: "token", env: "META_TOKEN", secret: true },
    { key: "wabaId", env: "META_WABA_ID" },
  ],
  baseUrl: "https://graph.facebook.com/v23.0",
  async pull(c, ctx) {
    const who = "pullTemplates()";
    const token = need(who, "token", "META_TOKEN", c.token, undefined, "a token with whatsapp_business_management");
    const wabaId = need(
      who,
      "wabaId",
      "META_WABA_ID",
      c.wabaId,
      /^[0-9]+$/,
      "the WhatsApp Business Account id, digits only",
    );
    const base = apiRoot(who, ctx.baseUrl, this.baseUrl);
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
};
