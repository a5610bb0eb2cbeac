import * as v from "valibot";
import { lazy } from "./lazy.ts";
import { strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { interactive } from "./interactive.ts";

/** A location request: body ≤ 1024 and a "Send location" button; no header or footer. */
export const LocationRequestMessageSchema = /* @__PURE__ */ lazy(() =>
  strict({ ...envelope(), type: v.literal("locationRequest"), body: interactive().body }, "a location request message"),
);
/** Input of {@link LocationRequestMessageSchema}. */
export type LocationRequestMessageInput = v.InferInput<typeof LocationRequestMessageSchema>;
