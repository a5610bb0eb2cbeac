import * as v from "valibot";
import { lazy } from "./lazy.ts";
import { bound, mustBe, optChars, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { LIMITS } from "./limits.ts";

const degrees = (max: number, what: string) =>
  v.pipe(
    v.number(mustBe("a number of degrees")),
    v.check<number, string>(Number.isFinite, "must be a finite number of degrees."),
    bound<number>(false, "value", -max, (i) => `is ${i.received}; ${what} runs from -${max} to ${max}.`),
    bound<number>(true, "value", max, (i) => `is ${i.received}; ${what} runs from -${max} to ${max}.`),
  );

/** A location pin: latitude −90..90, longitude −180..180, optional name and address. */
export const LocationMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("location"),
      location: strict(
        {
          latitude: degrees(90, "latitude"),
          longitude: degrees(180, "longitude"),
          name: optChars(LIMITS.locationText, "Shorten the place name."),
          address: optChars(LIMITS.locationText, "Shorten the address."),
        },
        "a location",
      ),
    },
    "a location message",
  ),
);
/** Input of {@link LocationMessageSchema}. */
export type LocationMessageInput = v.InferInput<typeof LocationMessageSchema>;
