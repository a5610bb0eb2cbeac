/**
 * What Twilio sends, kind by kind. A kind added to the neutral model does not compile until it is decided here.
 * @module
 */
import type { SupportTable } from "../_kit/support.ts";

/** The hint of every kind Twilio sends only as a Content template. */
const content = (what: string, type: string) =>
  `Twilio sends ${what} only as a Content template (${type}): create it in the Content Template Builder and send it with .template("HX…", …), the template's ContentSid.`;

/**
 * What Twilio's Messages API sends to WhatsApp, as data: `true`, or the hint an
 * `UnsupportedError` gives. Free-form messages carry `Body` and one `MediaUrl`; everything
 * interactive (buttons, lists, call-to-action links, cards) is a Content API template, sent by
 * its `ContentSid`. @internal
 */
export const SUPPORT: SupportTable = {
  text: true,
  image: true,
  video: true,
  audio: true,
  document: true,
  template: true,
  sticker: "Twilio documents no sticker message: send it as an image.",
  location: content("a location", "twilio/location"),
  contacts: "Twilio documents no contact message: send the details in a text.",
  reaction: "Twilio's Messages API sends no WhatsApp reactions.",
  buttons: content("quick-reply buttons", "twilio/quick-reply"),
  list: content("list messages", "twilio/list-picker"),
  link: content("call-to-action URL buttons", "twilio/call-to-action"),
  locationRequest: "Twilio documents no location request: ask for the location in a text.",
  product: content("product messages", "whatsapp/card or twilio/catalog"),
  productList: content("multi-product messages", "twilio/catalog"),
  catalog: content("catalog messages", "twilio/catalog"),
  flow: content("WhatsApp Flows", "whatsapp/flows"),
};
