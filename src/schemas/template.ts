import * as v from "valibot";
import { chars, list, MediaSchema, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { LIMITS } from "./limits.ts";

const text = chars(LIMITS.templateParam, "Shorten the parameter.");
const index = v.pipe(
  v.number((i) => `must be the button's position in the template (0, 1, 2…); received ${i.received}.`),
  v.integer("must be a whole number."),
  v.minValue(0, "must be 0 or more."),
  v.maxValue(9, "must be at most 9; templates have at most 10 buttons."),
);

/** A header or body parameter of a template. */
export const TemplateParamSchema = v.variant(
  "type",
  [
    strict({ type: v.literal("text"), text }, "a text parameter"),
    strict(
      {
        type: v.literal("currency"),
        fallback: text,
        code: v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like EUR or USD.")),
        amount1000: v.pipe(v.number(), v.safeInteger("must be a whole number: the amount times 1000.")),
      },
      "a currency parameter",
    ),
    strict({ type: v.literal("dateTime"), fallback: text }, "a date-time parameter"),
    strict({ type: v.picklist(["image", "video", "document"]), media: MediaSchema }, "a media parameter"),
  ],
  (i) => `must be a string, a number or { type: "text" | "currency" | "dateTime" | "image" | "video" | "document", … }; received ${i.received}.`,
);

/** A template button parameter: a URL suffix or a quick-reply payload, by button index. */
export const TemplateButtonSchema = v.variant(
  "type",
  [
    strict({ type: v.literal("url"), index, text: chars(2000, "Shorten the URL suffix.") }, "a URL button parameter"),
    strict({ type: v.literal("quickReply"), index, payload: chars(256, "Shorten the payload.") }, "a quick-reply button parameter"),
  ],
  (i) => `must be { type: "url", index, text } or { type: "quickReply", index, payload }; received ${i.received}.`,
);

/** A template message: name, language, and header/body/button parameters or named variables. */
export const TemplateMessageSchema = strict(
  {
    ...envelope,
    type: v.literal("template"),
    template: strict(
      {
        name: chars(LIMITS.templateName, "Use the template's approved name."),
        language: v.pipe(
          v.string(),
          v.regex(/^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$/, (i) => `is "${String(i.input).slice(0, 20)}"; use a language code like en, en_US or pt-BR.`),
        ),
        header: v.optional(list(TemplateParamSchema, 1, 1, "header parameters", "A template header has one parameter.")),
        body: v.optional(list(TemplateParamSchema, 1, 100, "body parameters", "Check the template's variables.")),
        buttons: v.optional(list(TemplateButtonSchema, 1, 10, "button parameters", "Templates have at most 10 buttons.")),
        variables: v.optional(
          v.record(
            v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/, "must be a variable name of letters, digits, _ . or -.")),
            v.union([v.string(), v.number(), v.boolean()], (i) => `must be a string, number or boolean; received ${i.received}.`),
          ),
        ),
      },
      "a template",
    ),
  },
  "a template message",
);
/** Input of {@link TemplateMessageSchema}. */
export type TemplateMessageInput = v.InferInput<typeof TemplateMessageSchema>;
