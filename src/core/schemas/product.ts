import * as v from "valibot";
import { lazy } from "./lazy.ts";
import { chars, optChars, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { LIMITS } from "./limits.ts";

/**
 * A catalog id or a product retailer id (Commerce Manager ids). WhatsApp publishes no length for
 * them: 256 is wafluent's own sanity cap, not a WhatsApp limit.
 */
export const commerceId = (what: string) => chars(256, `Use the ${what} from Commerce Manager.`);

/**
 * A single-product message: a catalog product, optional body (≤ 1024) and footer (≤ 60).
 * WhatsApp shows the product's own image and title, so it takes no header.
 */
export const ProductMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("product"),
      body: optChars(LIMITS.body, "Shorten the text; product messages allow 1024 characters."),
      footer: optChars(LIMITS.footer, "Shorten the footer."),
      product: strict(
        { catalogId: commerceId("catalog id"), productId: commerceId("product retailer id") },
        "a catalog product",
      ),
    },
    "a product message (it takes no header: WhatsApp shows the product's image)",
  ),
);
/** Input of {@link ProductMessageSchema}. */
export type ProductMessageInput = v.InferInput<typeof ProductMessageSchema>;
