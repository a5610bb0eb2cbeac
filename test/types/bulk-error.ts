// BulkError's types are exact: `results` is the resolved value's shape, `code` is SOURCE_ERROR.
// Each `@ts-expect-error` must fail for the reason its text names (test/types/run.mjs).
import { BulkError, isBulkError, isWaError, sandbox, whatsapp, type BulkResult, type EnqueueReport, type WaErrorCode } from "wafluent";

const wa = whatsapp({ provider: sandbox() });
declare const e: unknown;
declare function rows(): AsyncGenerator<string>;

// The resolved value and the error's results have one type.
const resolved: BulkResult[] = await wa.text("Hi").to(rows());
if (isBulkError(e)) {
  const sofar: typeof resolved = e.results;
  const exact: "SOURCE_ERROR" = e.code;
  const cause: unknown = e.cause;
  // @ts-expect-error Property 'enqueued' does not exist
  e.results.enqueued;
  // @ts-expect-error have no overlap
  if (e.code === "CONFIG") throw cause;
  void [sofar, exact];
}
// enqueue's BulkError holds its report.
if (isBulkError<EnqueueReport>(e)) {
  const read: number = e.results.enqueued + e.results.refused.length;
  void read;
}
// The code is one of the stable codes; a plain WaError guard still matches it.
const code: WaErrorCode = "SOURCE_ERROR";
if (isWaError(e) && e.code === code) console.log(e.message);
const made = new BulkError("read failed", [] as BulkResult[], new Error("db down"));
const again: BulkError = made;
// @ts-expect-error is not assignable to parameter of type 'string'
new BulkError(1, [], undefined);
void again;
