/**
 * What Bik sends, kind by kind. A kind added to the neutral model does not compile until it is decided here.
 * @module
 */
import { supportTable } from "../_kit/support.ts";

/**
 * What Bik can send, as data: `true`, or the hint an `UnsupportedError` gives. `provider.kinds`
 * and the README's provider table are derived from this table, so they cannot disagree. @internal
 */
export const SUPPORT = /* @__PURE__ */ supportTable(
  ["text", "image", "video", "document", "buttons", "list", "template"],
  {
    audio: "Bik's message types have no audio: send the file as a document, or its link in a text.",
    sticker: "Bik's message types have no sticker: send it as an image.",
    location: "Bik's message types have no location: send the address or a maps link in a text.",
    contacts: "Bik's message types have no contact card: send the details in a text.",
    reaction: "Bik's message types have no reaction.",
    link: "Bik has no call-to-action URL message: put the URL in a text, or use a template with a URL button.",
    locationRequest: "Bik has no location request: ask for the address in a text.",
    product:
      "Bik does not document its single_product payload: send the product's link in a text, or use the Cloud API.",
    productList: "Bik does not document its multiple_product payload: send a list, or use the Cloud API.",
    catalog: "Bik documents no catalog message: send the shop's link in a text, or use the Cloud API.",
    flow: "Bik documents no WhatsApp Flow message: use its own Flow API, or the Cloud API.",
  },
);
