import * as v from "valibot";
import { built, lazy, once } from "./lazy.ts";
import { bound, chars, list, MediaSchema, mustBe, optChars, sizes, strict } from "./common.ts";
import { FlowDataSchema } from "./flow.ts";
import { envelope } from "./envelope.ts";
import { isPlain, setOwn } from "../json.ts";
import { LIMITS } from "./limits.ts";

const text = /* @__PURE__ */ once(() => chars(LIMITS.templateParam, "Shorten the parameter."));
const index = /* @__PURE__ */ once(() =>
  v.pipe(
    v.number(mustBe("the button's position in the template (0, 1, 2…)")),
    v.check<number, string>(Number.isInteger, "must be a whole number."),
    bound<number>(false, "value", 0, "must be 0 or more."),
    bound<number>(true, "value", 9, "must be at most 9; templates have at most 10 buttons."),
  ),
);

/** A whole number in [min, max], for the date-time fields. */
const whole = (min: number, max: number, note = "") =>
  v.pipe(
    v.number((i) => `must be a number from ${min} to ${max}${note}; received ${i.received}.`),
    v.check<number, string>(Number.isInteger, "must be a whole number."),
    bound<number>(false, "value", min, (i) => `is ${i.received}; it must be from ${min} to ${max}${note}.`),
    bound<number>(true, "value", max, (i) => `is ${i.received}; it must be from ${min} to ${max}${note}.`),
  );

/** A header or body parameter of a template. */
export const TemplateParamSchema = /* @__PURE__ */ lazy(() =>
  v.variant(
    "type",
    [
      strict({ type: v.literal("text"), text: text() }, "a text parameter"),
      strict(
        {
          type: v.literal("currency"),
          fallback: text(),
          code: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like EUR or USD.")),
          amount1000: v.pipe(
            v.number(),
            v.check<number, string>(Number.isSafeInteger, "must be a whole number: the amount times 1000."),
          ),
        },
        "a currency parameter",
      ),
      strict(
        {
          type: v.literal("dateTime"),
          fallback: text(),
          calendar: v.optional(v.picklist(["GREGORIAN", "SOLAR_HIJRI"], mustBe('"GREGORIAN" or "SOLAR_HIJRI"'))),
          year: v.optional(whole(1, 9999)),
          month: v.optional(whole(1, 12)),
          dayOfMonth: v.optional(whole(1, 31)),
          dayOfWeek: v.optional(whole(1, 7, " (1 = Monday … 7 = Sunday)")),
          hour: v.optional(whole(0, 23)),
          minute: v.optional(whole(0, 59)),
        },
        "a date-time parameter",
      ),
      strict({ type: v.picklist(["image", "video", "document"]), media: built(MediaSchema) }, "a media parameter"),
    ],
    mustBe('a string, a number or { type: "text" | "currency" | "dateTime" | "image" | "video" | "document", … }'),
  ),
);

/** A template button parameter: a URL suffix or a quick-reply payload, by button index. */
export const TemplateButtonSchema = /* @__PURE__ */ lazy(() =>
  v.variant(
    "type",
    [
      strict(
        { type: v.literal("url"), index: index(), text: chars(2000, "Shorten the URL suffix.") },
        "a URL button parameter",
      ),
      strict(
        {
          type: v.literal("quickReply"),
          index: index(),
          payload: v.pipe(
            v.custom<string | boolean>(
              (x) => typeof x === "string" || typeof x === "boolean",
              mustBe("text (≤ 256) or a boolean"),
            ),
            // The length rules pass a boolean through (see `sure`); typed for the string they count.
            ...(sizes(256, "Shorten the payload.") as unknown as v.GenericValidation<string | boolean>[]),
          ),
        },
        "a quick-reply button parameter",
      ),
      strict(
        {
          type: v.literal("catalog"),
          index: index(),
          thumbnailProductId: optChars(100, "Use the product's retailer id."),
        },
        "a catalog button parameter",
      ),
      strict(
        {
          type: v.literal("flow"),
          index: index(),
          token: optChars(1000, "Use a shorter flow token."),
          data: v.optional(built(FlowDataSchema)),
        },
        "a flow button parameter",
      ),
    ],
    mustBe(
      '{ type: "url", index, text }, { type: "quickReply", index, payload }, { type: "catalog", index, thumbnailProductId? } or { type: "flow", index, token?, data? }',
    ),
  ),
);

const VARIABLE_NAME = /^[\w.-]{1,64}$/;
const isVariableValue = (x: unknown): x is string | number | boolean =>
  typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && !Number.isNaN(x));

/**
 * Named template variables: every own key of a plain object, each a name of letters, digits,
 * `_ . -` (≤ 64) with a string, number or boolean value, copied into a fresh object. Not
 * `v.record`, which skips the keys `__proto__`, `prototype` and `constructor`: those are names a
 * template may use (Meta's `[a-z0-9_]`, Bird's and Zixflow's free keys) and are kept, as own
 * properties (`__proto__` never reaches a prototype).
 */
const VariablesSchema = /* @__PURE__ */ lazy(() =>
  v.pipe(
    v.custom<Record<string, unknown>>(
      (x) => isPlain(x),
      (i) => `must be an object of variable names to values, e.g. { name: "Robert" }; received ${i.received}.`,
    ),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const input = dataset.value;
      const out: Record<string, string | number | boolean> = {};
      let bad = false;
      for (const key of Object.keys(input)) {
        const value = input[key];
        const path: [v.ObjectPathItem] = [{ type: "object", origin: "value", input, key, value }];
        if (!VARIABLE_NAME.test(key)) {
          bad = true;
          addIssue({ message: "must be a variable name of letters, digits, _ . or -.", path });
        } else if (!isVariableValue(value)) {
          bad = true;
          addIssue({
            message: mustBe("a string, number or boolean")({ received: v._stringify(value), input: value }),
            received: v._stringify(value),
            path,
          });
        } else setOwn(out, key, value);
      }
      return bad ? NEVER : out;
    }),
  ),
);

/** A template message: name, language, and header/body/button parameters or named variables. */
export const TemplateMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("template"),
      template: strict(
        {
          name: chars(LIMITS.templateName, "Use the template's approved name."),
          languagePolicy: v.optional(
            v.literal(
              "deterministic",
              (i) => `must be "deterministic", Meta's only language policy; received ${i.received}.`,
            ),
          ),
          language: v.pipe(
            v.string(),
            v.regex(
              /^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$/,
              (i) => `is "${String(i.input).slice(0, 20)}"; use a language code like en, en_US or pt-BR.`,
            ),
          ),
          header: v.optional(
            list(built(TemplateParamSchema), 1, 1, "header parameters", "A template header has one parameter."),
          ),
          body: v.optional(
            list(built(TemplateParamSchema), 1, 100, "body parameters", "Check the template's variables."),
          ),
          buttons: v.optional(
            list(built(TemplateButtonSchema), 1, 10, "button parameters", "Templates have at most 10 buttons."),
          ),
          variables: v.optional(built(VariablesSchema)),
        },
        "a template",
      ),
    },
    "a template message",
  ),
);
/** Input of {@link TemplateMessageSchema}. */
export type TemplateMessageInput = v.InferInput<typeof TemplateMessageSchema>;
