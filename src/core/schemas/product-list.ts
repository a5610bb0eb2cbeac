import * as v from "valibot";
import { lazy } from "./lazy.ts";
import { list, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { interactive, section, sections, textHeader } from "./interactive.ts";
import { LIMITS } from "./limits.ts";
import { commerceId } from "./product.ts";

/** One section of a multi-product message: title ≤ 24 and 1–30 product retailer ids. */
export const ProductSectionSchema = /* @__PURE__ */ lazy(() =>
  section(
    {
      productIds: list(
        commerceId("product retailer id"),
        1,
        LIMITS.products,
        "products",
        "Send a second message for the rest.",
      ),
    },
    "a product section",
  ),
);

/**
 * A multi-product message: a text header (required, ≤ 60), body ≤ 1024, footer ≤ 60, a catalog
 * id and 1–10 sections holding ≤ 30 products in total; every section titled when there are several.
 */
export const ProductListMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("productList"),
      ...interactive(),
      header: textHeader("multi-product messages"),
      catalogId: commerceId("catalog id"),
      sections: sections(
        ProductSectionSchema,
        LIMITS.productSections,
        (s) => s.productIds.length,
        LIMITS.products,
        "products",
        "Remove products or send a second message.",
      ),
    },
    "a multi-product message",
  ),
);
/** Input of {@link ProductListMessageSchema}. */
export type ProductListMessageInput = v.InferInput<typeof ProductListMessageSchema>;
