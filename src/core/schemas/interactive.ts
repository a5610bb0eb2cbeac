/**
 * Pieces shared by the interactive kinds (buttons, list, link, multi-product): header, body,
 * footer, sections, and a uniqueness rule that points at the repeated item.
 * @module
 */
import * as v from "valibot";
import { built, lazy, once } from "./lazy.ts";
import { chars, list, MediaSchema, mustBe, optChars, strict } from "./common.ts";
import { LIMITS } from "./limits.ts";
import { MAX_ISSUES } from "../errors.ts";

/** Header of an interactive message: text ≤ 60, or an image, video or document. */
export const HeaderSchema = /* @__PURE__ */ lazy(() =>
  v.variant(
    "type",
    [
      strict({ type: v.literal("text"), text: chars(LIMITS.header, "Shorten the header.") }, "a text header"),
      strict({ type: v.picklist(["image", "video", "document"]), media: built(MediaSchema) }, "a media header"),
    ],
    mustBe("text or { image | video | document: url }"),
  ),
);

/** Body, header and footer entries of interactive messages. */
export const interactive = /* @__PURE__ */ once(() => ({
  body: chars(LIMITS.body, "Shorten the text; interactive messages allow 1024 characters, plain text 4096."),
  header: v.optional(built(HeaderSchema)),
  footer: optChars(LIMITS.footer, "Shorten the footer."),
}));

/** A header that must be text: lists and multi-product messages. @internal */
export const textHeader = (messages: string) =>
  v.pipe(
    built(HeaderSchema),
    v.check((h) => h.type === "text", `is a media header; ${messages} take a text header only. Use .header("text").`),
  );

/**
 * One section of a list or a multi-product message: an optional title ≤ 24 and its `items`
 * entry (a list's `rows`, a multi-product message's `productIds`). @internal
 */
export const section = <const E extends v.ObjectEntries>(items: E, what: string) =>
  strict({ title: optChars(LIMITS.sectionTitle, "Shorten the section title."), ...items }, what);

/**
 * The `sections` of a list or a multi-product message: 1 to `most` sections of `schema`, at most
 * `max` items across them all (counted by `count`, named `noun`, `fix` saying what to do), and a
 * title on every section when there is more than one.
 * @internal
 */
export const sections = <S extends v.GenericSchema<unknown, { title?: string }>>(
  schema: S,
  most: number,
  count: (section: v.InferOutput<S>) => number,
  max: number,
  noun: string,
  fix: string,
) =>
  v.pipe(
    list(built(schema as S & v.GenericSchema), 1, most, "sections", "Merge sections."),
    v.check<v.InferOutput<S>[], (issue: v.CheckIssue<v.InferOutput<S>[]>) => string>(
      (ss) => ss.reduce((n, s) => n + count(s), 0) <= max,
      (i) =>
        `hold ${i.input.reduce((n, s) => n + count(s), 0)} ${noun} in total; WhatsApp allows at most ${max} across all sections. ${fix}`,
    ),
    v.check<v.InferOutput<S>[], string>(
      (ss) => ss.length < 2 || ss.every((s) => s.title !== undefined),
      "need a title on every section when there is more than one section. Add titles.",
    ),
  );

/**
 * The `expected` of the one issue a rule adds instead of the issues beyond `MAX_ISSUES` (its
 * `received` is how many): checkMessage counts it as that many. @internal
 */
export const MORE_ISSUES = "wafluent:more-issues";

/**
 * Reports each item whose `key` repeats an earlier one, at that item's path: the first
 * `MAX_ISSUES`, then one issue counting the rest ({@link MORE_ISSUES}), so 20 000 duplicates
 * cost a count, not 20 000 issues.
 * @internal
 */
export const unique = <T extends Record<string, unknown>>(
  key: keyof T & string,
  what: string,
  field: string,
  rows?: (x: any) => T[],
) =>
  v.rawCheck<any>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seen = new Map<unknown, string>();
    let reported = 0;
    let unreported = 0;
    const walk = (items: T[], prefix: string, wrap: (i: number) => v.IssuePathItem[]) =>
      items.forEach((item, i) => {
        const value = item[key];
        const first = seen.get(value);
        if (first !== undefined) {
          if (reported === MAX_ISSUES) return void unreported++;
          reported++;
          const path = [...wrap(i), step("object", item, key)] as unknown as [v.IssuePathItem, ...v.IssuePathItem[]];
          addIssue({
            message: `repeats ${first}.${key} ("${String(value)}"); WhatsApp needs a unique ${what} for each. Change one of them.`,
            path,
          });
        } else seen.set(value, `${prefix}[${i}]`);
      });
    const input = dataset.value;
    if (!rows) walk(input, field, (i) => [step("array", input, i)]);
    else
      input.forEach((section: any, s: number) =>
        walk(rows(section), `${field}[${s}].rows`, (i) => [
          step("array", input, s),
          step("object", section, "rows"),
          step("array", section.rows, i),
        ]),
      );
    if (unreported > 0) addIssue({ message: "", expected: MORE_ISSUES, received: String(unreported) });
  });

/** One step of an issue's path: `input[key]`, read from an array or an object. */
const step = (type: "array" | "object", input: any, key: string | number): v.IssuePathItem =>
  ({ type, origin: "value", input, key, value: input[key] }) as v.IssuePathItem;
