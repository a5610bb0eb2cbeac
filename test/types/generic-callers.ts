// Must compile: helpers generic over the items (a library wrapping wafluent) pass them on with no
// cast, whatever the element type parameter.
import { message, type ButtonInput, type Draft, type RowInput } from "wafluent";

export function ask<T extends ButtonInput>(question: string, choices: readonly T[]): Draft<"buttons"> {
  return message.text(question).buttons(choices, { fallback: "list" });
}
export function menu<R extends RowInput>(rows: R[]): Draft<"list"> {
  return message.text("Menu").list("Choose", [{ title: "All", rows }]);
}
export function pick(titles: readonly string[], footer?: string): Draft<"buttons"> {
  const draft = message.text("Pick").buttons(titles);
  return footer === undefined ? draft : draft.footer(footer);
}
export function maybeList(titles: string[], asList: boolean): Draft<"buttons"> {
  return message.text("Pick").buttons(titles, asList ? { fallback: "list" } : {});
}
