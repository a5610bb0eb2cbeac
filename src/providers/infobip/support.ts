/**
 * What Infobip sends, kind by kind. A kind added to the neutral model does not compile until it is decided here.
 * @module
 */
import { MEDIA_KINDS, supportTable } from "../_kit/support.ts";

/**
 * What Infobip can send, as data: `true`, or the hint an `UnsupportedError` gives. `provider.kinds`
 * and the README's provider table are derived from this table, so they cannot disagree.
 * Infobip's WhatsApp API has one endpoint per kind; wafluent sends the ones listed `true`, and
 * nothing is sent on a guess. @internal
 */
export const SUPPORT = /* @__PURE__ */ supportTable(
  ["text", MEDIA_KINDS, "location", "contacts", "buttons", "list", "template"],
  {
    reaction: "wafluent does not send reactions through Infobip: send them through the Cloud API.",
    link: "wafluent does not send call-to-action URL messages through Infobip: put the URL in a text with previewUrl, or use a template with a URL button.",
    locationRequest: "wafluent does not send location requests through Infobip: ask for the location in a text.",
    product:
      "wafluent does not send Infobip's product messages: send the product's link in a text, or use the Cloud API.",
    productList:
      "wafluent does not send Infobip's multi-product messages: send the products' links in a text, or use the Cloud API.",
    catalog:
      "wafluent does not send catalog messages through Infobip: send the shop's link in a text, or use the Cloud API.",
    flow: "wafluent does not send WhatsApp Flow messages through Infobip: use a template with a Flow button, or the Cloud API.",
  },
);
