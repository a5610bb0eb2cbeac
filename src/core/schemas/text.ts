import * as v from "valibot";
import { lazy } from "./lazy.ts";
import { chars, mustBe, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { LIMITS } from "./limits.ts";

/** A text message: body ≤ 4096 characters, optional link preview. */
export const TextMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("text"),
      body: chars(LIMITS.text, "Shorten the text or split it into several messages."),
      previewUrl: v.optional(v.boolean(mustBe("true or false"))),
    },
    "a text message",
  ),
);
/** Input of {@link TextMessageSchema}. */
export type TextMessageInput = v.InferInput<typeof TextMessageSchema>;
