import * as v from "valibot";
import { built, lazy } from "./lazy.ts";
import { chars, list, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { interactive, unique } from "./interactive.ts";
import { LIMITS } from "./limits.ts";

/** One quick-reply button: title ≤ 20, id ≤ 256 without surrounding spaces. */
export const ButtonSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      id: v.pipe(
        chars(LIMITS.buttonId, "Use a shorter id."),
        v.check((s) => s.trim() === s, "starts or ends with a space; WhatsApp refuses that. Trim the id."),
      ),
      title: chars(LIMITS.buttonTitle, "Shorten it or use a list."),
    },
    "a button",
  ),
);

/** A reply-buttons message: 1–3 buttons with unique titles and ids. */
export const ButtonsMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("buttons"),
      ...interactive(),
      buttons: v.pipe(
        list(
          built(ButtonSchema),
          1,
          LIMITS.buttons,
          "buttons",
          'Use a list for more choices, or .buttons(items, { fallback: "list" }).',
        ),
        unique("title", "title", "buttons"),
        unique("id", "id", "buttons"),
      ),
    },
    "a buttons message",
  ),
);
/** Input of {@link ButtonsMessageSchema}. */
export type ButtonsMessageInput = v.InferInput<typeof ButtonsMessageSchema>;
