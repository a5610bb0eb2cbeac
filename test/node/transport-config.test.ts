// The transport options of createProxyHandler and createQueueConsumer are checked by the same
// transport as whatsapp()'s, and the CONFIG message names the factory the option was given to.
import { createProxyHandler, createQueueConsumer, isWaError, sandbox, type WaError } from "../../src/index.ts";
import { describe, it, match, throws } from "../harness.ts";

// Typed as the error it checks, so `throws(fn, isConfig)` returns a WaError.
const isConfig = (e: WaError) => isWaError(e) && e.code === "CONFIG";

describe("transport options of the handler and consumer factories", () => {
  it("createProxyHandler: a malformed retry policy or hooks is CONFIG naming createProxyHandler()", () => {
    const base = { provider: sandbox(), authorize: () => true };
    match(
      throws(() => createProxyHandler({ ...base, retry: { limit: NaN } }), isConfig).message,
      /^createProxyHandler\(\) `retry\.limit`/,
    );
    match(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      throws(() => createProxyHandler({ ...base, hooks: { beforeRequest: "x" } }), isConfig).message,
      /^createProxyHandler\(\) `hooks\.beforeRequest`/,
    );
  });

  it("createQueueConsumer: a malformed fetch or hooks is CONFIG naming createQueueConsumer()", () => {
    const base = { provider: sandbox() };
    match(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      throws(() => createQueueConsumer({ ...base, fetch: 42 }), isConfig).message,
      /^createQueueConsumer\(\) `fetch` must be a function/,
    );
    match(
      // @ts-expect-error: mistyped on purpose, for the runtime check
      throws(() => createQueueConsumer({ ...base, ky: {} }), isConfig).message,
      /^createQueueConsumer\(\) `ky` must be a ky instance/,
    );
  });
});
