import * as v from "valibot";
import { lazy } from "./lazy.ts";
import { chars, httpsUrl, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { interactive } from "./interactive.ts";
import { LIMITS } from "./limits.ts";

/** A call-to-action URL button message: display text ≤ 20, an https URL. */
export const LinkMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("link"),
      ...interactive(),
      link: strict({ text: chars(LIMITS.linkText, "Shorten the button text."), url: httpsUrl() }, "a link button"),
    },
    "a link message",
  ),
);
/** Input of {@link LinkMessageSchema}. */
export type LinkMessageInput = v.InferInput<typeof LinkMessageSchema>;
