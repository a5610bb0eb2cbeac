import * as v from "valibot";
import { built, lazy } from "./lazy.ts";
import { chars, list, optChars, strict } from "./common.ts";
import { envelope } from "./envelope.ts";
import { interactive, section, sections, textHeader, unique } from "./interactive.ts";
import { LIMITS } from "./limits.ts";

/** One row of a list: title ≤ 24, description ≤ 72, id ≤ 200. */
export const ListRowSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      id: chars(LIMITS.rowId, "Use a shorter id."),
      title: chars(LIMITS.rowTitle, "Shorten the row title; put detail in its description."),
      description: optChars(LIMITS.rowDescription, "Shorten the description."),
    },
    "a list row",
  ),
);

/** One section of a list: optional title ≤ 24 and 1–10 rows. */
export const ListSectionSchema = /* @__PURE__ */ lazy(() =>
  section(
    { rows: list(built(ListRowSchema), 1, LIMITS.rows, "rows", "Split the choices over several messages.") },
    "a list section",
  ),
);

/** A list message: button label ≤ 20, 1–10 sections, ≤ 10 rows in total, text header only. */
export const ListMessageSchema = /* @__PURE__ */ lazy(() =>
  strict(
    {
      ...envelope(),
      type: v.literal("list"),
      ...interactive(),
      header: v.optional(textHeader("list messages")),
      button: chars(LIMITS.listButton, "Shorten the label of the button that opens the list."),
      sections: v.pipe(
        sections(
          ListSectionSchema,
          LIMITS.sections,
          (s) => s.rows.length,
          LIMITS.rows,
          "rows",
          "Remove rows or send a second list.",
        ),
        unique("id", "row id", "sections", (s: { rows: { id: string }[] }) => s.rows),
      ),
    },
    "a list message",
  ),
);
/** Input of {@link ListMessageSchema}. */
export type ListMessageInput = v.InferInput<typeof ListMessageSchema>;
