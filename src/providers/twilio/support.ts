/**
 * What Twilio sends, kind by kind. A kind added to the neutral model does not compile until it is decided here.
 * @module
 */
import { supportTable } from "../_kit/support.ts";

/** The hint of every kind Twilio sends only as a Content template. */
const content = /* @__PURE__ */ (what: string, type: string) =>
  `Twilio sends ${what} only as a Content template (${type}): create it in the Content Template Builder and send it with .template("HX…", …), the template's ContentSid.`;

/**
 * What Twilio's Messages API sends to WhatsApp, as data: `true`, or the hint an
 * `UnsupportedError` gives. Free-form messages carry `Body` and one `MediaUrl`; everything
 * interactive (buttons, lists, call-to-action links, cards) is a Content API template, sent by
 * its `ContentSid`. @internal
 */
export const SUPPORT = /* @__PURE__ */ supportTable(["text", "image", "video", "audio", "document", "template"], {
  sticker: "Twilio documents no sticker message: send it as an image.",
  location: /* @__PURE__ */ content("a location", "twilio/location"),
  contacts: "Twilio documents no contact message: send the details in a text.",
  reaction: "Twilio's Messages API sends no WhatsApp reactions.",
  buttons: /* @__PURE__ */ content("quick-reply buttons", "twilio/quick-reply"),
  list: /* @__PURE__ */ content("list messages", "twilio/list-picker"),
  link: /* @__PURE__ */ content("call-to-action URL buttons", "twilio/call-to-action"),
  locationRequest: "Twilio documents no location request: ask for the location in a text.",
  product: /* @__PURE__ */ content("product messages", "whatsapp/card or twilio/catalog"),
  productList: /* @__PURE__ */ content("multi-product messages", "twilio/catalog"),
  catalog: /* @__PURE__ */ content("catalog messages", "twilio/catalog"),
  flow: /* @__PURE__ */ content("WhatsApp Flows", "whatsapp/flows"),
});
