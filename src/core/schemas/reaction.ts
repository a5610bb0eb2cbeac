import * as v from "valibot";
import { lazy } from "./lazy.ts";
import { chars, codePoints, mustBe, strict } from "./common.ts";
import { envelope } from "./envelope.ts";

// One emoji: pictographs, flags (regional indicators), keycaps, skin tones, ZWJ joins.
const EMOJI = /^(?:[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Component}\u200d\ufe0f\u20e3])*$/u;

/** A reaction to a received message; an empty emoji removes the reaction. */
export const ReactionMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("reaction"),
      reaction: strict(
        {
          messageId: chars(256, "Pass the id of the message you react to."),
          emoji: v.pipe(
            v.string(mustBe('an emoji or "" (to remove the reaction)')),
            codePoints(true, 16, 'is longer than one emoji; send a single emoji, or "" to remove the reaction.'),
            v.regex(
              EMOJI,
              (i) =>
                `is "${String(i.input).slice(0, 20)}", which is not an emoji; send one emoji, or "" to remove the reaction.`,
            ),
          ),
        },
        "a reaction",
      ),
    },
    "a reaction message",
  ),
);
/** Input of {@link ReactionMessageSchema}. */
export type ReactionMessageInput = v.InferInput<typeof ReactionMessageSchema>;
