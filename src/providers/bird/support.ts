/**
 * What Bird's WhatsApp channel sends: `true`, or the hint its `UnsupportedError` gives. A kind added
 * to the neutral model does not compile until it is decided here.
 * @see https://docs.bird.com/api/channels-api/supported-channels/programmable-whatsapp/sending-whatsapp-messages
 * @module
 */
import { MEDIA_KINDS, supportTable } from "../_kit/support.ts";

/** The provider's name, in errors and results. @internal */
export const NAME = "bird";

/** Bird's support table. @internal */
export const SUPPORT = /* @__PURE__ */ supportTable(
  ["text", MEDIA_KINDS, "location", "buttons", "list", "link", "locationRequest", "template"],
  {
    contacts: "Bird's WhatsApp channel has no contact cards; send the details as text instead.",
    reaction: "Bird's WhatsApp channel has no reactions; send a short text reply instead.",
    product: "Bird's WhatsApp channel has no product messages; send a link to the product instead.",
    productList: "Bird's WhatsApp channel has no multi-product messages; send a list or links to the products instead.",
    catalog: "Bird's WhatsApp channel has no catalog messages; send a link to the shop instead.",
    flow: "Bird's channel API has no WhatsApp Flow messages; start the Flow from a Bird template that has a Flow button.",
  },
);
