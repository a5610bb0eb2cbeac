/**
 * What Zixflow sends, kind by kind. A kind added to the neutral model does not compile until it is decided here.
 * @module
 */
import { supportTable } from "../_kit/support.ts";

/**
 * What Zixflow can send, as data: `true`, or the hint an `UnsupportedError` gives. `provider.kinds`
 * and the README's provider table are derived from this table, so they cannot disagree.
 * Zixflow documents text, image, location and reply-button session messages, and templates;
 * nothing else is sent on a guess. @internal
 */
export const SUPPORT = /* @__PURE__ */ supportTable(["text", "image", "location", "buttons", "template"], {
  video:
    "Zixflow documents no video message: use it as the header of reply buttons, a template with a video header, or its link in a text.",
  audio: "Zixflow documents no audio message: send its link in a text.",
  document:
    "Zixflow documents no document message: use it as the header of reply buttons, a template with a document header, or its link in a text.",
  sticker: "Zixflow documents no sticker message: send it as an image.",
  contacts: "Zixflow documents no contact message: send the details in a text.",
  reaction: "Zixflow documents no reaction message.",
  list: "Zixflow documents no list message: use reply buttons (up to 3) or a template.",
  link: "Zixflow documents no call-to-action URL message: put the URL in a text with previewUrl.",
  locationRequest: "Zixflow documents no location request: ask for the location in a text.",
  product: "Zixflow documents no product message: send the product's link in a text, or use the Cloud API.",
  productList: "Zixflow documents no multi-product message: send the products' links in a text, or use the Cloud API.",
  catalog: "Zixflow documents no catalog message: send the shop's link in a text, or use the Cloud API.",
  flow: "Zixflow documents no WhatsApp Flow message: use a template with a Flow button, or the Cloud API.",
});
