import * as v from "valibot";
import { lazy } from "./lazy.ts";
import { optChars, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { interactive } from "./interactive.ts";
import { LIMITS } from "./limits.ts";
import { commerceId } from "./product.ts";

/**
 * A catalog message ("View catalog" button): body ≤ 1024, footer ≤ 60, the retailer id of the
 * product shown as thumbnail (Meta's schema requires it). No header.
 */
export const CatalogMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("catalog"),
      body: interactive().body,
      footer: optChars(LIMITS.footer, "Shorten the footer."),
      catalog: strict({ thumbnailProductId: commerceId("product retailer id") }, "a catalog button"),
    },
    "a catalog message (it takes no header: WhatsApp shows the thumbnail product)",
  ),
);
/** Input of {@link CatalogMessageSchema}. */
export type CatalogMessageInput = v.InferInput<typeof CatalogMessageSchema>;
