import * as v from "valibot";
import { built, lazy } from "./lazy.ts";
import type { Json } from "../message.ts";
import { chars, mustBe, optChars, strict } from "./common.ts";
import { envelope, jsonWithin } from "./envelope.ts";
import { interactive } from "./interactive.ts";
import { LIMITS } from "./limits.ts";

/** Input data for a Flow's first screen: a non-empty JSON object. */
export const FlowDataSchema = /* @__PURE__ */ lazy(() =>
  v.pipe(
    v.record(
      v.string(),
      v.custom<Json>(
        (x) => jsonWithin(x, 32, true),
        "must be JSON data (text, finite numbers, booleans, null, arrays and plain objects).",
      ),
      mustBe("an object of the first screen's input data"),
    ),
    v.check((d) => Object.keys(d).length > 0, "is empty; Meta needs a non-empty object. Leave `data` out instead."),
  ),
);

/**
 * The Flow a flow message opens: exactly one of `id` or `name`, a CTA label ≤ 30 (Meta's limit).
 * The caps on id, name, screen (256) and token (1000) are wafluent's own sanity bounds: Meta
 * publishes none.
 */
export const FlowSchema = /* @__PURE__ */ lazy(() =>
  v.pipe(
    strict(
      {
        id: optChars(256, "Use the Flow id from WhatsApp Manager."),
        name: optChars(256, "Use the Flow's name."),
        cta: chars(LIMITS.flowCta, "Shorten the button label (Meta advises no emoji)."),
        token: optChars(1000, "Use a shorter flow token."),
        mode: v.optional(v.picklist(["draft", "published"], mustBe('"draft" or "published"'))),
        action: v.optional(v.picklist(["navigate", "data_exchange"], mustBe('"navigate" or "data_exchange"'))),
        screen: optChars(256, "Use the screen's id from the Flow JSON."),
        data: v.optional(built(FlowDataSchema)),
      },
      "a flow",
    ),
    v.check(
      (f) => (f.id === undefined) !== (f.name === undefined),
      "needs exactly one of id or name: the Flow's id, or its name.",
    ),
    v.check(
      (f) => f.action !== "data_exchange" || (f.screen === undefined && f.data === undefined),
      'sets `screen` or `data` with action "data_exchange": your endpoint picks the first screen then. Remove them or use "navigate".',
    ),
  ),
);

/** A flow message: body ≤ 1024, optional header and footer, and the Flow it opens. */
export const FlowMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("flow"),
      ...interactive(),
      flow: built(FlowSchema),
    },
    "a flow message",
  ),
);
/** Input of {@link FlowMessageSchema}. */
export type FlowMessageInput = v.InferInput<typeof FlowMessageSchema>;
